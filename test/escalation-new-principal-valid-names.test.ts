// The names a new principal of one's own may take are names IAM accepts
// (analysis/escalation-new-principal.ts `searchedNames`): a user, group or role name is
// alphanumeric and `+=,.@_-`. Reproduction (hcorpus25's sweep, checkov's
// plan-with-iam-policies.tfplan.json): a user allowed iam:* on * in an account holding a role of
// unknown name (an inline policy's role the plan leaves unknown) was given a sure, high finding
// through the new role `::`, a witness no element of unknown name can be because no role can have
// that name; every name IAM accepts may be that role (indeterminate, as before the search).
//
// Pages:
// - IAM API Reference, CreateRole, RoleName: "This parameter allows (through its regex pattern) a
//   string of characters consisting of upper and lowercase alphanumeric characters with no spaces.
//   You can also include any of the following characters: _+=,.@-"
// - IAM User Guide, "IAM object quotas": "Names of users, groups, roles, policies, instance
//   profiles, server certificates, and paths must be alphanumeric, including the following common
//   characters: plus (+), equal (=), comma (,), period (.), at (@), underscore (_), and hyphen (-)."

import { describe, expect, it } from 'vitest';
import { newPrincipalEscalations } from '../src/analysis/escalation-new-principal.js';
import { compileModel } from '../src/engine/index.js';
import { loadTemplate, terraformPlanModel } from './helpers/temp-inputs.js';

const DETAIL = 'iam:CreateRole with a policy and a trust of its own';
const IAM_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
});
const change = (address: string, after: object, unknown: object = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  change: { actions: ['create'], before: null, after, after_unknown: unknown },
});
const PLAN = {
  format_version: '1.0',
  resource_changes: [
    change('aws_iam_user.dev', { name: 'dev' }),
    change('aws_iam_user_policy.dev', { name: 'dev', user: 'dev', policy: IAM_ALL }),
    change('aws_iam_role_policy.other', { name: 'other', policy: IAM_ALL }, { role: true }),
  ],
};

describe('new principal names IAM accepts', () => {
  it('a role of unknown name in the account: no sure finding through a name no role can have', () => {
    const engine = compileModel(terraformPlanModel(PLAN, { account: '111122223333', region: 'us-west-2' }));
    const p = engine.model.users.find((u) => u.name === 'dev')!;
    const found = newPrincipalEscalations(engine, p).filter((x) => x.method.detail === DETAIL);
    expect(found).toHaveLength(1);
    expect(found[0]!.arn.split('/').pop()).toMatch(/^[\w+=,.@-]+$/);
    expect(found[0]!.access).toBe('indeterminate');
  });
});

// hcorpus25b's sweep (aws-cdk's iam-users-and-groups.template.json): the name tried for the new
// principal may hold a part the inputs leave unknown (`(unknown-…)`, model/stand-ins.ts), which
// stands for the text of a name IAM accepted (here the group's own): it is
// not a name IAM refuses. Before, such a witness made the finding indeterminate with "the name
// tried, (unknown-…), is one IAM refuses", where the name is one IAM accepts.
const GROUP_DETAIL = 'iam:CreateGroup with a policy, joined by itself';
const groupTemplate = (resource: unknown) => ({
  Resources: {
    Dev: { Type: 'AWS::IAM::User', Properties: { UserName: 'dev' } },
    Team: { Type: 'AWS::IAM::Group' },
    DevPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'dev',
        Users: [{ Ref: 'Dev' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: resource }],
        },
      },
    },
  },
});

describe('new principal names holding an unknown part', () => {
  it('iam:* on the ARN of a group of generated name: the name is not one IAM refuses', () => {
    const template = groupTemplate({ 'Fn::GetAtt': ['Team', 'Arn'] });
    const engine = compileModel(loadTemplate(template, { account: '111122223333', region: 'us-west-2' }));
    const p = engine.model.users.find((u) => u.name === 'dev')!;
    const found = newPrincipalEscalations(engine, p).filter((x) => x.method.detail === GROUP_DETAIL);
    expect(found).toHaveLength(1);
    expect(found[0]!.arn).toContain('(unknown-');
    expect(found[0]!.open ?? '').not.toMatch(/IAM refuses/);
    expect(found[0]!.access).toBe('allow');
  });
});
