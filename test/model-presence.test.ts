// Presence and unknown targets: what might exist stays in the model and makes every decision
// that depends on it indeterminate (never a silent allow or deny). Maybe-present statements,
// policies, attachments, principals, group memberships and resources; policies whose target is
// unknown (spread, maybe-present, to every principal of the kind and to a stand-in for one
// outside the inputs); principals imported from outside the inputs.
//
// AWS rules pinned here (what a policy that might exist could do):
// - "An explicit deny in any of these policies overrides the allow." (IAM User Guide, "Policy
//   evaluation logic"): a Deny that might exist makes an allow indeterminate.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - "A permissions boundary ... sets the maximum permissions that an identity-based policy can
//   grant" (IAM User Guide, "Permissions boundaries for IAM entities"): a boundary that might
//   not exist may or may not cap.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - "In a trust policy, the principal element ... specifies who can assume the role" (IAM User
//   Guide, "Roles terms and concepts"): a role outside the inputs has an unknown trust policy.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { isStandInPrincipalArn, unknownPrincipalArn } from '../src/model/stand-ins.js';
import { Unknown } from '../src/model/unknown.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  parse,
  policy,
  TestModel,
  testSource,
} from './helpers/engine-fixtures.js';

const maybe = (why: string) => new Unknown(why, testSource(why));
const READ = { action: 's3:GetObject', resource: arns.object('hr', 'f.txt') };

describe('maybe-present statements and policies', () => {
  it('an Allow that might exist gives indeterminate, with the reason in the trace', () => {
    const t = new TestModel();
    const u = t.user('ann');
    const doc = parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*')));
    doc.statements[0]!.presence = maybe('Fn::If IsProd (parameter Env has no default)');
    t.b.addInlinePolicy(u, { name: 'p', document: doc, source: testSource('p') });
    const engine = compileModel(t.model());
    const d = engine.decide({ principal: u, ...READ }, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toMatch(/might not exist \(Fn::If IsProd/);
  });

  it('a statement unreadable as a whole (no Action known) might apply to any request: indeterminate, never "matches nothing"', () => {
    const t = new TestModel();
    const u = t.user('ann');
    const doc = parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*')));
    const st = doc.statements[0]!;
    const why = new Unknown('Fn::If IsProd around the whole statement', testSource('if'));
    doc.statements[0] = { ...st, effect: why, action: undefined, resource: undefined, unknown: why };
    t.b.addInlinePolicy(u, { name: 'p', document: doc, source: testSource('p') });
    const engine = compileModel(t.model());
    expect(engine.decide({ principal: u, ...READ }).decision).toBe('indeterminate');
    expect(
      engine.decide({
        principal: u,
        action: 'ec2:TerminateInstances',
        resource: 'arn:aws:ec2:us-east-1:111111111111:instance/i-1',
      }).decision,
    ).toBe('indeterminate');
  });

  it('a Deny that might exist turns an allow into indeterminate and leaves a deny a deny', () => {
    const t = new TestModel();
    const u = t.user('ann', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))] });
    const denyDoc = parse('identity', policy(deny('s3:*', '*')));
    t.b.addInlinePolicy(u, {
      name: 'deny',
      document: denyDoc,
      source: testSource('deny'),
      presence: maybe('count = var.lockdown ? 1 : 0'),
    });
    const engine = compileModel(t.model());
    expect(engine.decide({ principal: u, ...READ }).decision).toBe('indeterminate');
    expect(
      engine.decide({ principal: u, action: 's3:PutObject', resource: arns.object('hr', 'x') }).decision,
    ).toBe('deny');
  });

  it('a maybe-present principal is allowed at most indeterminate', () => {
    const t = new TestModel();
    const id = t.user('debug', {
      presence: maybe('count = var.enable_debug_access ? 1 : 0'),
      inline: [policy(allow('s3:*', '*'))],
    });
    const engine = compileModel(t.model());
    const d = engine.decide({ principal: id, ...READ }, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toMatch(/might not exist: count = var.enable_debug_access/);
  });

  it('a maybe-present group membership gives the group policies as indeterminate', () => {
    const t = new TestModel();
    const u = t.user('ann');
    const g = t.b.addGroup({ name: 'HR', account: ACCOUNT_A, source: testSource('HR') });
    t.b.addInlinePolicy(g, {
      name: 'hr',
      document: parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))),
      source: testSource('hr'),
    });
    t.b.addUserToGroup(u, g, testSource('m'), maybe('membership behind count'));
    const engine = compileModel(t.model());
    expect(engine.decide({ principal: u, ...READ }).decision).toBe('indeterminate');
  });

  it('a permissions boundary that might not exist caps at most indeterminate', () => {
    const t = new TestModel();
    const u = t.user('ann', { inline: [policy(allow('s3:*', '*'))] });
    const b = t.b.addManagedPolicy({
      name: 'cap',
      account: ACCOUNT_A,
      document: parse('boundary', policy(allow('s3:ListBucket', '*'))),
      source: testSource('cap'),
    });
    t.b.setPermissionsBoundary(u, { policyArn: b, source: testSource('cap'), presence: maybe('maybe cap') });
    const engine = compileModel(t.model());
    // Capped if the boundary exists, allowed if not.
    expect(engine.decide({ principal: u, ...READ }).decision).toBe('indeterminate');
  });

  it('a bucket that might not exist has a bucket policy that might not exist', () => {
    const t = new TestModel();
    t.b.addBucket({
      bucketName: 'pub',
      account: ACCOUNT_A,
      source: testSource('pub'),
      presence: maybe('bucket behind a condition'),
      policy: parse('resource', policy(allow('s3:GetObject', 'arn:aws:s3:::pub/*', { Principal: '*' }))),
    });
    const engine = compileModel(t.model());
    expect(
      engine.decide({ principal: 'anonymous', action: 's3:GetObject', resource: arns.object('pub', 'x') })
        .decision,
    ).toBe('indeterminate');
  });
});

describe('policies whose target is unknown', () => {
  function withUnknownTarget(effect: 'allow' | 'deny') {
    const t = new TestModel();
    const ann = t.user('ann', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))] });
    const doc = parse(
      'identity',
      policy(effect === 'allow' ? allow('s3:GetObject', 'arn:aws:s3:::hr/*') : deny('s3:*', '*')),
    );
    t.b.attachToUnknownPrincipal({
      kind: 'user',
      account: ACCOUNT_A,
      policy: { inline: { name: 'ParamPolicy', document: doc, source: testSource('ParamPolicy') } },
      reason: maybe('Users: [!Ref UserParam], a parameter without a default'),
      hint: 'ParamPolicy',
      source: testSource('ParamPolicy'),
    });
    return { model: t.model(), ann };
  }

  it('a Deny that may attach to any user makes every user allow indeterminate', () => {
    const { model, ann } = withUnknownTarget('deny');
    expect(compileModel(model).decide({ principal: ann, ...READ }).decision).toBe('indeterminate');
    expect(model.findings.map((f) => f.code)).toContain('model/unknown-attachment-target');
  });

  it('an Allow that may attach to a user outside the inputs: onlyPrincipals is not a pass', () => {
    const { model, ann } = withUnknownTarget('allow');
    const standIn = unknownPrincipalArn('aws', ACCOUNT_A, 'user', 'ParamPolicy');
    expect(model.users.map((u) => u.arn)).toContain(standIn);
    expect(isStandInPrincipalArn(standIn)).toBe(true);
    const engine = compileModel(model);
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::hr/*', [ann]);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.principal, v.access])).toContainEqual([standIn, 'indeterminate']);
  });

  it('a stand-in name is never a valid IAM name, so it never equals a deployed principal', () => {
    // IAM API Reference, CreateUser, UserName: "This parameter allows (through its regex
    // pattern) a string of characters consisting of upper and lowercase alphanumeric characters
    // with no spaces. You can also include any of the following characters: _+=,.@-"
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
    const iamName = /^[\w+=,.@-]+$/;
    for (const hint of ['ParamPolicy', 'module.x.aws_iam_policy_attachment.y["a"]', '', '(unknown)x'])
      for (const kind of ['user', 'group', 'role'] as const) {
        const arn = unknownPrincipalArn('aws', ACCOUNT_A, kind, hint);
        const name = arn.slice(arn.lastIndexOf('/') + 1);
        expect(name).not.toMatch(iamName);
        expect(isStandInPrincipalArn(arn)).toBe(true);
      }
    expect(isStandInPrincipalArn(arns.user('ParamPolicy'))).toBe(false);
  });
});

describe('principals defined outside the inputs', () => {
  it('a policy attached to an imported role grants indeterminate; assuming it is indeterminate', () => {
    const t = new TestModel();
    const john = t.user('john', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    const role = t.b.addImportedPrincipal({
      kind: 'role',
      arn: arns.role('Legacy'),
      reason: 'Role.fromRoleName in the CDK app',
      source: testSource('Legacy'),
    });
    t.b.addInlinePolicy(role, {
      name: 'grant',
      document: parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))),
      source: testSource('grant'),
    });
    const model = t.model();
    const engine = compileModel(model);
    expect(engine.decide({ principal: role, ...READ }).decision).toBe('indeterminate');
    expect(engine.decide({ principal: john, action: 'sts:AssumeRole', resource: role }).decision).toBe(
      'indeterminate',
    );
    expect(model.findings.map((f) => f.code)).toContain('model/imported-principal');
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::hr/*', []);
    expect(r.holds).toBe(false);
  });
});
