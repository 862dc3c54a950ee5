// CloudFormation inputs that cannot be pinned down stay in the model as unknown, and every
// verdict that depends on them is indeterminate with a visible warning (issue 10): undecided
// conditions keep both branches, policies on unknown or imported principals, a handler that
// fails, empty stacks of a cloud assembly and Fn::GetStackOutput.
//
// AWS rules pinned here:
// - "Fn::If: Returns one value if the specified condition evaluates to true and another value if
//   the specified condition evaluates to false" (Template Reference, "Condition functions"):
//   a condition over a parameter without a value decides nothing, so both values might be used.
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html
// - "An explicit deny in any of these policies overrides the allow." (IAM User Guide, "Policy
//   evaluation logic"): a Deny that might apply makes an allow indeterminate.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - "The intrinsic function Fn::GetStackOutput returns the value of an output from another stack.
//   Unlike Fn::ImportValue, this function does not require the referenced stack to explicitly
//   export the output value." (Template Reference, "Fn::GetStackOutput")
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getstackoutput.html

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCloudAssembly, loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { IAM_HANDLERS } from '../src/adapters/cloudformation/handlers/iam.js';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isStandInPrincipalArn } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';
import { runCli } from './fixtures/cli/run.js';

const DIR = 'test/fixtures/cloudformation';

function load(file: string, parameters?: Record<string, string>): Model {
  const b = new ModelBuilder();
  loadTemplateFile(`${DIR}/${file}`, b, { account: ACCOUNT, region: 'us-east-1', parameters });
  return b.build();
}

describe('a condition nobody can evaluate keeps both branches', () => {
  const OBJECT = 'arn:aws:s3:::shop-data/orders.csv';

  it('a public read behind Fn::If on a parameter without a default: onlyPrincipals is indeterminate', () => {
    const m = load('public-read-if.yaml');
    const st = m.resources.find((r) => r.name === 'shop-data')!.policy!.statements[0]!;
    expect(st.sid).toBe('PublicRead');
    expect(st.unknown).toBeUndefined();
    expect(st.presence?.reason).toMatch(/condition IsProd is false.*parameter Env has no value/);
    expect(st.presence?.source?.line).toBe(22);
    const r = checkOnlyPrincipals(compileModel(m), 's3:GetObject', OBJECT, []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.decision.decision)).toContain('indeterminate');
    expect(r.violations.some((v) => v.decision.decision === 'allow')).toBe(false);
    const f = findingsOf(m, 'cfn/unknown-condition');
    expect(f.map((x) => [x.severity, x.source?.pointer])).toContainEqual(['warning', '/Conditions/IsProd']);
  });

  it('decided conditions stay decided (--parameter)', () => {
    const prod = load('public-read-if.yaml', { Env: 'prod' });
    expect(checkOnlyPrincipals(compileModel(prod), 's3:GetObject', OBJECT, []).holds).toBe(true);
    expect(findingsOf(prod, 'cfn/unknown-condition')).toEqual([]);
    const dev = load('public-read-if.yaml', { Env: 'dev' });
    const r = checkOnlyPrincipals(compileModel(dev), 's3:GetObject', OBJECT, []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.decision.decision)).toContain('allow');
  });

  it('a whole document in Fn::If with two documents keeps the statements of both, each maybe-present', () => {
    const m = modelOf(`Parameters: {Env: {Type: String}}
Conditions: {IsProd: !Equals [!Ref Env, prod]}
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument: !If
            - IsProd
            - {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}
            - {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:PutObject, Resource: '*'}]}`);
    const doc = m.roles[0]!.inlinePolicies[0]!.document;
    expect(doc.statements.map((s) => [s.action!.values, s.presence?.reason.slice(0, 36)])).toEqual([
      [['s3:GetObject'], 'exists only if condition IsProd is t'],
      [['s3:PutObject'], 'exists only if condition IsProd is f'],
    ]);
    const engine = compileModel(m);
    const d = engine.decide({
      principal: m.roles[0]!.arn,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('a scalar that differs between branches: one maybe-present statement per branch', () => {
    const m = modelOf(`Parameters: {Env: {Type: String}}
Conditions: {IsProd: !Equals [!Ref Env, prod]}
Resources:
  U:
    Type: AWS::IAM::User
    Properties:
      UserName: u
      Policies:
        - PolicyName: p
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: !If [IsProd, s3:GetObject, s3:PutObject], Resource: '*'}]}`);
    // hcfn19: was one statement whose Action was one unknown value (cfn-if-in-statement.test.ts)
    const statements = m.users[0]!.inlinePolicies[0]!.document.statements;
    expect(statements.map((st) => st.action!.values)).toEqual([['s3:GetObject'], ['s3:PutObject']]);
    for (const st of statements) expect(st.presence?.reason).toMatch(/condition IsProd is (true|false)/);
  });

  it('a Deny policy whose Condition is undecided turns an allow into indeterminate, with a warning', () => {
    const known = { DeniedUser: 'bob', ReaderRole: 'worker', NewMembers: '' };
    const m = load('unknown-targets.yaml', known);
    const lockdown = m.policies.find((p) => p.source.logicalId === 'LockdownPolicy')!;
    expect(lockdown.presence?.reason).toMatch(/LockdownPolicy exists only if condition Locked is true/);
    const alice = m.users.find((u) => u.name === 'alice')!;
    expect(alice.managedPolicies.find((a) => a.policyArn === lockdown.arn)?.presence).toBeDefined();
    const read = { principal: alice.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' };
    expect(compileModel(m).decide(read).decision).toBe('indeterminate');
    const w = findingsOf(m, 'cfn/unknown-condition').find((f) => f.source?.logicalId === 'LockdownPolicy');
    expect(w?.severity).toBe('warning');
    // Decided either way, the answer is definite again.
    const open = load('unknown-targets.yaml', { ...known, Lockdown: 'no' });
    expect(compileModel(open).decide(read).decision).toBe('allow');
    const locked = load('unknown-targets.yaml', { ...known, Lockdown: 'yes' });
    expect(compileModel(locked).decide(read).decision).toBe('deny');
  });
});

describe('a policy whose target is unknown', () => {
  const m = load('unknown-targets.yaml', { Lockdown: 'no' });
  const engine = compileModel(m);
  const alice = m.users.find((u) => u.name === 'alice')!;

  it('a Deny on Users: [!Ref DeniedUser] may apply to alice: her read is indeterminate, not allowed', () => {
    const d = engine.decide(
      { principal: alice.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
      { trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toMatch(/parameter DeniedUser has no value/);
    const w = findingsOf(m, 'model/unknown-attachment-target').map((f) => f.source?.logicalId);
    expect(w).toEqual(expect.arrayContaining(['DenyReports', 'ReadSecrets', 'AddAdmins']));
  });

  it('an Allow on Roles: [!Ref ReaderRole] may reach a role outside the inputs: onlyPrincipals fails', () => {
    const r = checkOnlyPrincipals(engine, 'secretsmanager:GetSecretValue', '*', []);
    expect(r.holds).toBe(false);
    expect(r.violations.some((v) => isStandInPrincipalArn(v.principal))).toBe(true);
    expect(r.violations.every((v) => v.decision.decision !== 'allow')).toBe(true);
  });

  it('UserToGroupAddition of unknown users: AdministratorAccess may reach any user', () => {
    const r = checkOnly(engine, alice.arn, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::reports/*' }]);
    expect(r.holds).toBe(false);
    const standIn = m.users.find((u) => isStandInPrincipalArn(u.arn) && u.source.logicalId === 'AddAdmins');
    expect(standIn?.presence).toBeDefined();
  });

  it('ManagedPolicyArns from an import outside the inputs: an unknown policy on the role', () => {
    const worker = m.roles.find((r) => r.name === 'worker')!;
    expect(String(worker.managedPolicies[0]!.policyArn)).toMatch(/export shared-boundary-policy-arn/);
    const d = engine.decide({ principal: worker.arn, action: 'iam:CreateUser', resource: '*' });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('an organization policy whose target is unknown', () => {
  it('a Deny SCP on TargetIds: [!Ref Target] may apply to any account: an allow becomes indeterminate', () => {
    const m = modelOf(`Parameters: {Target: {Type: String}}
Resources:
  Ann:
    Type: AWS::IAM::User
    Properties:
      UserName: ann
      Policies: [{PolicyName: p, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}}]
  NoS3:
    Type: AWS::Organizations::Policy
    Properties:
      Name: no-s3
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [!Ref Target]
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 's3:*', Resource: '*'}]}`);
    const ann = m.users[0]!.arn;
    const d = compileModel(m).decide({
      principal: ann,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('indeterminate');
    expect(findingsOf(m, 'cfn/unresolved-target')[0]?.severity).toBe('warning');
  });
});

describe('an organization policy whose Type is unknown', () => {
  it('is kept as a maybe-present SCP and RCP: a Deny it may carry makes an allow indeterminate', () => {
    // "SCPs ... An explicit deny in any of these policies overrides the allow" (IAM User Guide,
    // "Policy evaluation logic"): an SCP that might exist might deny.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    const m = modelOf(`Parameters: {Kind: {Type: String}}
Resources:
  Ann:
    Type: AWS::IAM::User
    Properties:
      UserName: ann
      Policies: [{PolicyName: p, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}}]
  NoS3:
    Type: AWS::Organizations::Policy
    Properties:
      Name: no-s3
      Type: !Ref Kind
      TargetIds: ['111122223333']
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 's3:*', Resource: '*'}]}`);
    const d = compileModel(m).decide({
      principal: m.users[0]!.arn,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('indeterminate');
    expect(findingsOf(m, 'cfn/unresolved-policy')[0]?.message).toMatch(
      /maybe-present, as a service control policy and as a resource control policy/,
    );
  });
});

describe('an element that fails to be modelled', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('an internal error in a handler leaves an unknown policy, with an error finding', () => {
    vi.spyOn(IAM_HANDLERS['AWS::IAM::Policy']!, 'attach').mockImplementation(() => {
      throw new Error('boom');
    });
    const m = load('unknown-targets.yaml', {
      DeniedUser: 'alice',
      ReaderRole: 'worker',
      NewMembers: 'alice',
      Lockdown: 'no',
    });
    const f = findingsOf(m, 'cfn/internal-error');
    expect(f.map((x) => [x.severity, x.source?.logicalId])).toEqual([['error', 'DenyReports']]);
    expect(f[0]!.message).toMatch(/boom/);
    const alice = m.users.find((u) => u.name === 'alice')!;
    // The failed policy was a Deny: alice's read must not come out allowed.
    const d = compileModel(m).decide({
      principal: alice.arn,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::reports/q1.csv',
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('cloud assemblies: empty stacks, Fn::GetStackOutput, imported roles', () => {
  const ASSEMBLY = `${DIR}/integ-assembly`;

  it('loads every stack, including an integ-tests DeployAssert stack with only Parameters and Rules', () => {
    const b = new ModelBuilder();
    loadCloudAssembly(ASSEMBLY, b);
    const m = b.build();
    expect(m.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(m.roles.map((r) => r.name).sort()).toEqual(['app-reader', 'legacy-reader']);
  });

  it('resolves Fn::GetStackOutput against the producing stack of the assembly', () => {
    const b = new ModelBuilder();
    loadCloudAssembly(ASSEMBLY, b);
    const m = b.build();
    const app = m.roles.find((r) => r.name === 'app-reader')!;
    expect(app.inlinePolicies[0]!.document.statements[0]!.resource!.values).toEqual([
      'arn:aws:s3:::integ-data',
      'arn:aws:s3:::integ-data/*',
    ]);
    expect(findingsOf(m, 'cfn/unknown-intrinsic')).toEqual([]);
  });

  it('a policy on an imported role (Role.fromRoleName + grantRead) keeps it: onlyPrincipals is indeterminate', async () => {
    const b = new ModelBuilder();
    loadCloudAssembly(ASSEMBLY, b);
    const m = b.build();
    const legacy = m.roles.find((r) => r.name === 'legacy-reader')!;
    expect(legacy.imported?.reason).toMatch(/not defined in the inputs/);
    expect(findingsOf(m, 'model/imported-principal')[0]?.source?.logicalId).toBe('LegacyPolicy1D9E2AB7');
    const r = await runCli([
      'check',
      ASSEMBLY,
      '--spec',
      `${DIR}/specs/integ-readers.yaml`,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/indeterminate/);
    expect(r.stdout).toMatch(/legacy-reader/);
  });

  it('Fn::GetStackOutput of a stack outside the inputs stays unknown, with a finding', () => {
    const m = modelOf(`Resources:
  U:
    Type: AWS::IAM::User
    Properties:
      UserName: u
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !GetStackOutput {StackName: Other, OutputName: BucketArn}`);
    const v = m.users[0]!.inlinePolicies[0]!.document.statements[0]!.resource!.values[0];
    expect(String(v)).toMatch(/output BucketArn of stack Other, which is not among the inputs/);
    expect(findingsOf(m, 'cfn/import-not-found')).toHaveLength(1);
  });
});
