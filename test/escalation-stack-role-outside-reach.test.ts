// A stack whose service role the inputs do not hold (the CDK bootstrap not among the inputs) runs
// its updates as a role whose permissions are unknown: whoever may update the stack acts as a
// role outside the inputs, which may make any request of its own account and call
// sts:AssumeRole on a role of another account whose trust lets it in: the same onward rule as
// compute running as a role outside the inputs (analysis/escalation.ts `outsideRoleReach`, read
// by `outsideOnwardEdges` and `stackRoleEdges`). Before, the stack's edge reached only its own
// account's roles: `cannotBecome` another account's role trusting the stack's account passed,
// and a user of the stack's account (an access key the role may make) passed too.
//
// Pages:
// - AWS CloudFormation User Guide, "CloudFormation service role"
//   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html):
//   "When you specify a service role, CloudFormation always uses that role for all operations
//   that are performed on that stack. [...] Other users that have permissions to perform
//   operations on this stack are able to use this role, regardless of whether those users have
//   the iam:PassRole permission or not."
// - IAM User Guide, "Cross account resource access in IAM"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html):
//   "you can use a role to delegate access to IAM principals in another account. The role
//   trust policy must name the principal, and the principal must have identity-based
//   permissions to assume the role" (the stack's role's permissions are unknown).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { devUserResource } from './helpers/cfn-user-policy.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const REGION = 'us-west-2';
const EXEC_ARN = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;
const APP_STACKS = 'arn:aws:cloudformation:*:*:stack/App/*';

/** Role `name` trusting `trusted` (an account root), with AdministratorAccess. */
function adminRole(name: string, trusted: string) {
  return {
    [name]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: name,
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Principal: { AWS: trusted }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    },
  };
}

/**
 * Stack App of ACCOUNT (user dev with `devActions` on App, user alice) deployed with the CDK
 * bootstrap's execution role, which is not among the inputs; stack Ops of OTHER with role ops
 * trusting ACCOUNT.
 */
function inputs(devActions: string[]): Model {
  const stack = (account: string, file: string, name: string, role?: string) => ({
    type: 'aws:cloudformation:stack',
    environment: `aws://${account}/${REGION}`,
    properties: {
      templateFile: file,
      stackName: name,
      ...(role ? { cloudFormationExecutionRoleArn: role } : {}),
    },
  });
  const dir = writeTempFiles({
    'cdk.out/manifest.json': {
      version: '36.0.0',
      artifacts: {
        App: stack(ACCOUNT, 'App.template.json', 'App', EXEC_ARN),
        Ops: stack(OTHER, 'Ops.template.json', 'Ops'),
      },
    },
    'cdk.out/App.template.json': {
      Resources: {
        ...devUserResource(devActions, APP_STACKS),
        Alice: { Type: 'AWS::IAM::User', Properties: { UserName: 'alice' } },
      },
    },
    'cdk.out/Ops.template.json': { Resources: adminRole('ops', `arn:aws:iam::${ACCOUNT}:root`) },
  });
  return loadModelSync([`${dir}/cdk.out`]);
}

function check(m: Model, expectation: string) {
  const r = runSpec(m, parseSpec(`version: 1\nexpect:\n  - ${expectation}\n`), { engine: compileModel(m) });
  return r.expectations[0]!.checks[0]!;
}

describe('a stack role outside the inputs reaches what any role outside the inputs reaches', () => {
  it("another account's role whose trust lets the stack's account in: indeterminate with why (was a pass)", () => {
    const c = check(
      inputs(['cloudformation:UpdateStack']),
      `{ id: d, principal: user/dev, cannotBecome: 'arn:aws:iam::${OTHER}:role/ops' }`,
    );
    expect(c.status).toBe('indeterminate');
    const why = c.indeterminate?.reasons.map((r) => r.text).join(' ') ?? '';
    expect(why).toContain(EXEC_ARN);
  });

  it("a user of the stack's account (an access key the role may make): indeterminate (was a pass)", () => {
    const c = check(
      inputs(['cloudformation:UpdateStack']),
      `{ id: d, principal: user/dev, cannotBecome: user/alice }`,
    );
    expect(c.status).toBe('indeterminate');
  });

  it('near miss: a principal that may not update the stack becomes neither', () => {
    const m = inputs(['cloudformation:DescribeStacks']);
    expect(
      check(m, `{ id: d, principal: user/dev, cannotBecome: 'arn:aws:iam::${OTHER}:role/ops' }`).status,
    ).toBe('pass');
    expect(check(m, '{ id: d, principal: user/dev, cannotBecome: user/alice }').status).toBe('pass');
  });
});
