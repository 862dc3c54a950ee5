// The organization's resource-based delegation policy and delegated administrators (Terraform
// aws_organizations_resource_policy, aws_organizations_delegated_administrator): the policy was
// kept unknown (`tf/unhandled-resource-type`), the delegated administrator not seen at all, and
// spec noEscalation passed for a member-account role the delegation lets detach or rewrite the
// SCPs that govern it (src/aws/org-delegation.ts, src/adapters/terraform/handlers/org-delegation.ts,
// src/spec/check-escalation.ts `orgPolicyEscalation`).
// Fixture: a plan of management account 111111111111 with member account 222222222222 under the
// root, a root SCP denying iam:CreateUser, a delegation policy letting 222222222222 read the
// organization and create, update, attach and detach SCPs, and roles of 222222222222 that may
// make Organizations requests (org-admin: organizations:*; reader: organizations:Describe*).
// Pages the rules come from:
// - AWS Organizations User Guide, "Delegated administrator for AWS Organizations": "From the
//   organization's management account, you can delegate policy management for Organizations to
//   specified member accounts to perform policy actions that are by default available only to the
//   management account." https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
// - "Update a resource-based delegation policy": "you must grant roles and users in the delegated
//   administrator account the corresponding IAM permissions to the required actions. Without IAM
//   permissions, it is assumed that the calling principal doesn't have the required permissions".
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs-policy-delegate-update.html
// - "Resource-based policy examples for AWS Organizations": the delegation policy names the member
//   account as `"Principal": { "AWS": "arn:aws:iam::111122223333:root" }`.
//   https://docs.aws.amazon.com/organizations/latest/userguide/security_iam_resource-based-policy-examples.html

import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { verdict } from './helpers/engine-fixtures.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const PAGE =
  'AWS Organizations User Guide, "Delegated administrator for AWS Organizations": the management account can "delegate policy management for Organizations to specified member accounts"';
const PLAN = 'test/fixtures/terraform/org-delegation/plan.json';
const MEMBER = '222222222222';
const SCP_ARN = 'arn:aws:organizations::111111111111:policy/o-abcdefghij/service_control_policy/p-11111111';

const b = new ModelBuilder();
loadTerraformPlan(PLAN, b, { region: 'us-east-1' });
const model = b.build();
const engine = compileModel(model);

const noEscalation = (role: string) => {
  const r = runSpec(
    model,
    parseSpec(
      `version: 1\nexpect:\n  - { id: e, principal: "arn:aws:iam::${MEMBER}:role/${role}", noEscalation: true }\n`,
    ),
    { engine },
  );
  return { status: r.expectations[0]!.status, message: r.expectations[0]!.checks[0]!.message };
};

describe(`the delegation policy is the resource policy of the organization's resources (${PAGE})`, () => {
  it('a delegated role its own policies allow can update an SCP: allowed, cross-account', () => {
    expect(
      verdict(engine, `arn:aws:iam::${MEMBER}:role/org-admin`, 'organizations:UpdatePolicy', SCP_ARN),
    ).toBe('allow');
  });

  it('without its own IAM permission, or an action the delegation does not name: denied', () => {
    expect(verdict(engine, `arn:aws:iam::${MEMBER}:role/reader`, 'organizations:UpdatePolicy', SCP_ARN)).toBe(
      'deny',
    );
    expect(
      verdict(
        engine,
        `arn:aws:iam::${MEMBER}:role/org-admin`,
        'organizations:DisablePolicyType',
        'arn:aws:organizations::111111111111:root/o-abcdefghij/r-ab12',
      ),
    ).toBe('deny');
  });

  it('is no longer an unmodelled policy; the delegation and the delegated administrator are warned at their addresses', () => {
    expect(model.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
    const f = model.findings.filter((x) => x.code === 'tf/org-delegation');
    expect(f.map((x) => x.source?.address)).toEqual([
      'aws_organizations_resource_policy.delegate',
      'aws_organizations_delegated_administrator.securityhub',
    ]);
    expect(f[0]!.message).toContain(`arn:aws:iam::${MEMBER}:root`);
    expect(f[1]!.message).toContain(
      `account ${MEMBER} as a delegated administrator of securityhub.amazonaws.com`,
    );
  });
});

describe(`noEscalation: a delegated principal that may relax the SCPs governing it (${PAGE})`, () => {
  it('a role of the delegated account allowed organizations:* : indeterminate (was: pass)', () => {
    const r = noEscalation('org-admin');
    expect(r.status, PAGE).toBe('indeterminate');
    expect(r.message).toContain('organizations:UpdatePolicy on');
    expect(r.message).toContain('governs account 222222222222');
  });

  it('a role of the same account whose policies allow no policy change: pass', () => {
    expect(noEscalation('reader').status).toBe('pass');
  });
});

describe(`CloudFormation: AWS::Organizations::ResourcePolicy (${PAGE})`, () => {
  const MANAGEMENT = `Resources:
  Guardrails:
    Type: AWS::Organizations::Policy
    Properties:
      Name: guardrails
      Type: SERVICE_CONTROL_POLICY
      TargetIds: ['${MEMBER}']
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'iam:CreateUser', Resource: '*'}]}
  Delegate:
    Type: AWS::Organizations::ResourcePolicy
    Properties:
      Content:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: 'arn:aws:iam::${MEMBER}:root'}
            Action: ['organizations:DetachPolicy', 'organizations:UpdatePolicy']
            Resource: '*'
`;
  const MEMBER_STACK = `Resources:
  OrgAdmin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: org-admin
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
      Policies:
        - PolicyName: org
          PolicyDocument: {Statement: [{Effect: Allow, Action: 'organizations:*', Resource: '*'}]}
`;
  const cb = new ModelBuilder();
  loadTemplateObject(parseTemplateText(MANAGEMENT).value, cb, {
    stackName: 'org',
    account: '111111111111',
    region: 'us-east-1',
  });
  loadTemplateObject(parseTemplateText(MEMBER_STACK).value, cb, {
    stackName: 'member',
    account: MEMBER,
    region: 'us-east-1',
  });
  const cm = cb.build();
  const ce = compileModel(cm);

  it('the delegation decides the cross-account request; the finding names the delegated account', () => {
    expect(verdict(ce, `arn:aws:iam::${MEMBER}:role/org-admin`, 'organizations:DetachPolicy', SCP_ARN)).toBe(
      'allow',
    );
    const f = cm.findings.filter((x) => x.code === 'cfn/org-delegation');
    expect(f.map((x) => x.source?.logicalId)).toEqual(['Delegate']);
    expect(f[0]!.message).toContain(`arn:aws:iam::${MEMBER}:root`);
    expect(cm.findings.filter((x) => x.code === 'cfn/unhandled-resource-type')).toEqual([]);
  });

  it('noEscalation of the delegated role: indeterminate', () => {
    const r = runSpec(
      cm,
      parseSpec(
        `version: 1\nexpect:\n  - { id: e, principal: "arn:aws:iam::${MEMBER}:role/org-admin", noEscalation: true }\n`,
      ),
      { engine: ce },
    );
    expect(r.expectations[0]!.status, PAGE).toBe('indeterminate');
  });
});

describe('a delegated administrator of CloudFormation StackSets', () => {
  // AWS CloudFormation API Reference, CreateStackSet CallAs: "To create a StackSet with
  // service-managed permissions while signed in to a delegated administrator account, specify
  // DELEGATED_ADMIN. Your AWS account must be registered as a delegated admin in the management
  // account."
  it('its warning says the account can deploy stacks into the member accounts; another service’s keeps the general one', () => {
    const m = terraformConfigModel(
      `
resource "aws_organizations_delegated_administrator" "stacksets" {
  account_id        = "${MEMBER}"
  service_principal = "member.org.stacksets.cloudformation.amazonaws.com"
}
resource "aws_organizations_delegated_administrator" "guardduty" {
  account_id        = "${MEMBER}"
  service_principal = "guardduty.amazonaws.com"
}
`,
      { account: '111111111111', env: {} },
    );
    const f = m.findings.filter((x) => x.code === 'tf/org-delegation');
    const of = (address: string) => f.find((x) => x.source?.address === address)?.message ?? '';
    // Modelled now (test/escalation-stack-roles.test.ts decides it): the warning says so.
    expect(of('aws_organizations_delegated_administrator.stacksets')).toMatch(
      /principals allowed cloudformation:CreateStackSet \+ cloudformation:CreateStackInstances may act as the StackSets execution role of each member account/,
    );
    expect(of('aws_organizations_delegated_administrator.guardduty')).toContain(
      'may administer guardduty.amazonaws.com',
    );
  });
});
