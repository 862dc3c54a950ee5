// SCPs and RCPs do not affect the organization's management account (src/aws/org-management-account.ts).
// AWS Organizations User Guide, "Service control policies (SCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
// "SCPs don't affect users or roles in the management account. They affect only the member
// accounts in your organization." "Resource control policies (RCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html):
// "RCPs don't affect resources in the management account. They only affect resources in the
// member accounts in your organization."
// Inputs that attach organization policies are deployed from the management account or a
// delegated administrator; inputs that create the organization are deployed from the management
// account (CreateOrganization makes the caller the management account). A red-team pass found a
// `cannot` passing on an SCP Deny at the root that does not reach the deploying account's user.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadModelSync } from '../src/adapters/load.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { managementAccountFindings } from '../src/aws/org-management-account.js';
import { compileModel } from '../src/engine/index.js';
import { orgLevelAllow } from '../src/engine/org-levels.js';
import { MAYBE, NO, YES } from '../src/engine/tri.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const FX = join(import.meta.dirname, 'fixtures', 'terraform', 'org-management');
const MEMBER = '444455556666';

function tfModel(dir: string) {
  const b = new ModelBuilder();
  loadTerraformConfig(join(FX, dir), b, { env: {}, account: ACCOUNT });
  return b.build();
}

const admin = `arn:aws:iam::${ACCOUNT}:user/admin`;

describe('Terraform: the deploying account and the SCPs it attaches', () => {
  it('the inputs create the organization: root and self attachments do not reach it; a member keeps them', () => {
    const m = tfModel('creates-org');
    const e = compileModel(m);
    // /tmp/hqa9-org: the `cannot` passed on this Deny.
    const d = e.decide({ principal: admin, action: 's3:DeleteBucket', resource: 'arn:aws:s3:::any-bucket' });
    expect(d.decision).toBe('allow');
    const own = m.organizations.find((o) => o.account === ACCOUNT);
    expect((own?.scps ?? []).filter((s) => s.name === 'deny-s3-delete')).toHaveLength(0);
    const member = m.organizations.find((o) => o.account === MEMBER)!;
    expect(member.scps.map((s) => s.name)).toContain('deny-s3-delete');
    expect(member.scps.find((s) => s.name === 'deny-s3-delete')!.presence).toBeUndefined();
    const f = findingsOf(m, 'tf/org-management-account');
    expect(f).toHaveLength(2);
    for (const x of f) {
      expect(x.severity).toBe('warning');
      expect(x.message).toContain('is its management account');
      expect(x.message).toContain("SCPs don't affect users or roles in the management account");
    }
  });

  it('the inputs do not say: a Deny makes the verdict indeterminate, an allow list restricts MAYBE', () => {
    const m = tfModel('unsaid');
    const e = compileModel(m);
    const del = e.decide(
      { principal: admin, action: 's3:DeleteBucket', resource: 'arn:aws:s3:::any-bucket' },
      { trace: true },
    );
    expect(del.decision).toBe('indeterminate');
    expect(JSON.stringify(del.trace)).toContain('may be its management account');
    // The allow list at the OU allows s3:Get*: allowed whether or not it applies.
    expect(
      e.decide({ principal: admin, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision,
    ).toBe('allow');
    // It does not allow sqs: denied if it applies, allowed if the account is the management one.
    expect(
      e.decide({
        principal: admin,
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
      }).decision,
    ).toBe('indeterminate');
    const f = findingsOf(m, 'tf/org-management-account');
    expect(f.map((x) => x.severity)).toEqual(['warning', 'warning']);
    expect(f[0]!.message).toContain('maybe-present');
  });
});

const scp = (name: string, targets: string, effect = 'Deny', action = 's3:DeleteBucket') => `  ${name}:
    Type: AWS::Organizations::Policy
    Properties:
      Name: ${name}
      Type: SERVICE_CONTROL_POLICY
      TargetIds: ${targets}
      Content: {Version: '2012-10-17', Statement: [{Effect: ${effect}, Action: '${action}', Resource: '*'}]}
`;
const USER = `  Admin:
    Type: AWS::IAM::User
    Properties: {UserName: admin, ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]}
`;
const ORG = `  Org: {Type: AWS::Organizations::Organization, Properties: {FeatureSet: ALL}}
`;

describe('CloudFormation: the stack account and the SCPs it deploys', () => {
  it('no organization in the inputs (/tmp/hqa9-cfn/o.yaml): the root Deny might not apply', () => {
    const m = modelOf(`Resources:\n${USER}${scp('DenyDelete', '[r-ab12]')}`);
    const d = compileModel(m).decide({
      principal: admin,
      action: 's3:DeleteBucket',
      resource: 'arn:aws:s3:::any-bucket',
    });
    expect(d.decision).toBe('indeterminate');
    const f = findingsOf(m, 'cfn/org-management-account');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
  });

  it('the template creates the organization: no SCP reaches its account, the member keeps its own', () => {
    const m = modelOf(
      `Resources:\n${USER}${ORG}${scp('DenyDelete', `[r-ab12, '${MEMBER}']`)}${scp('Self', `['${ACCOUNT}']`)}`,
    );
    const d = compileModel(m).decide({
      principal: admin,
      action: 's3:DeleteBucket',
      resource: 'arn:aws:s3:::any-bucket',
    });
    expect(d.decision).toBe('allow');
    const byAccount = Object.fromEntries(m.organizations.map((o) => [o.account, o]));
    expect((byAccount[ACCOUNT]?.scps ?? []).map((s) => s.name)).toEqual([]);
    expect(byAccount[MEMBER]!.scps.map((s) => s.name)).toEqual(['DenyDelete', 'DenyDelete']);
    expect(findingsOf(m, 'cfn/org-management-account').map((x) => x.message)).toEqual([
      expect.stringContaining('SCP Self is not applied'),
      expect.stringContaining('SCP DenyDelete is not applied'),
    ]);
  });

  it('an organization that might not exist (undecided Condition) says nothing: maybe-present', () => {
    const m = modelOf(`Parameters: {Make: {Type: String}}
Conditions: {MakeOrg: !Equals [!Ref Make, 'yes']}
Resources:
${USER}  Org: {Type: AWS::Organizations::Organization, Condition: MakeOrg, Properties: {FeatureSet: ALL}}
${scp('DenyDelete', '[r-ab12]')}`);
    const d = compileModel(m).decide({
      principal: admin,
      action: 's3:DeleteBucket',
      resource: 'arn:aws:s3:::any-bucket',
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('org-levels: policies of one unknown fact exist together', () => {
  // "SCP evaluation": an Allow at every level is needed; the SCPs of a possible management
  // account are all present (a member) or all absent (the management account).
  const why = new Unknown('may be the management account');
  const entries = (presence: object | undefined) => [
    { level: 'acct', ifPresent: NO, maybeAbsent: true, presence }, // allows s3 only
    { level: 'acct', ifPresent: YES, maybeAbsent: true, presence }, // allows ec2
  ];
  it('together: present, the level allows; absent, FullAWSAccess allows: allowed', () => {
    expect(orgLevelAllow(entries(why)).allow).toBe(YES);
  });
  it('apart (different facts), one may be there without the other: MAYBE', () => {
    expect(orgLevelAllow(entries(undefined)).allow).toBe(MAYBE);
  });
});

describe('--scp / --rcp files and the management account (aws/org-management-account.ts orgFileTargets)', () => {
  // The files say what the SCPs/RCPs are, not where they are attached; they are applied to the
  // accounts of the inputs, but not to the one the inputs create the organization in (its
  // management account, which "SCPs don't affect" and whose resources "RCPs don't affect").
  // Before the fix, a deny-all-S3 --scp file denied the management account's admin
  // s3:GetObject, so a `cannot` passed where AWS allows.
  const dir = writeTempFiles({
    'deny-s3.scp.json': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }],
    },
    'deny-s3.rcp.json': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
    },
  });
  const scp = join(dir, 'deny-s3.scp.json');
  const rcp = join(dir, 'deny-s3.rcp.json');
  const get = { principal: admin, action: 's3:GetObject', resource: 'arn:aws:s3:::any-bucket/k' };

  it('the inputs create the organization: the files do not reach its management account', () => {
    const m = loadModelSync([join(FX, 'creates-org')], { account: ACCOUNT, scp: [scp], rcp: [rcp] });
    expect(compileModel(m).decide(get).decision).toBe('allow');
    const f = m.findings.find((x) => x.code === 'load/org-policy-management-account')!;
    expect(f.message).toContain(`account ${ACCOUNT}, so it is the management account`);
    expect(f.message).toContain("SCPs don't affect users or roles in the management account");
  });

  it('the inputs do not say: the files apply as given', () => {
    const m = loadModelSync([join(FX, 'unsaid')], { account: ACCOUNT, scp: [scp] });
    expect(compileModel(m).decide(get).decision).toBe('deny');
    expect(m.findings.some((x) => x.code === 'load/org-policy-management-account')).toBe(false);
  });
});

describe('an SCP deployed from another account of the inputs does not reach the management account (engine.ts, orgPoliciesApplyTo)', () => {
  // A delegated administrator's stack (account MEMBER) attaches a Deny to the management
  // account's id and to the root; the management account's own stack creates the organization.
  // "SCPs don't affect users or roles in the management account": before the fix the Deny
  // reached it (present: it is not the deploying account) and its admin's s3:GetObject was
  // denied, so a `cannot` passed where AWS allows.
  const ORG_STACK = `Resources:\n${ORG}${USER}`;
  const DELEGATED = `Resources:\n${scp('DenyS3', `['${ACCOUNT}', r-ab12]`, 'Deny', 's3:*')}${USER}`;
  function twoStacks(): ReturnType<ModelBuilder['build']> {
    const b = new ModelBuilder();
    for (const [text, account, file] of [
      [DELEGATED, MEMBER, 'delegated.yaml'],
      [ORG_STACK, ACCOUNT, 'org.yaml'],
    ] as const) {
      const { value, locate } = parseTemplateText(text, file);
      loadTemplateObject(value, b, { account, region: 'us-east-1', stackName: file, file, locate });
    }
    return b.build();
  }
  const get = (account: string) => ({
    principal: `arn:aws:iam::${account}:user/admin`,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
  });

  it("the management account's admin is allowed; the delegated administrator's member account keeps the root Deny maybe-present", () => {
    const m = twoStacks();
    expect(m.accounts.find((a) => a.id === ACCOUNT)!.managementAccount).toBe(true);
    const e = compileModel(m);
    expect(e.decide(get(ACCOUNT)).decision).toBe('allow');
    // MEMBER deploys the SCP and may itself be the management account: indeterminate, as before.
    expect(e.decide(get(MEMBER)).decision).toBe('indeterminate');
    const f = managementAccountFindings(m);
    expect(f.map((x) => x.code)).toEqual(['load/org-policy-management-account']);
    expect(f[0]!.message).toContain(`account ${ACCOUNT}, so it is the management account`);
    expect(f[0]!.message).toContain('DenyS3');
  });
});
