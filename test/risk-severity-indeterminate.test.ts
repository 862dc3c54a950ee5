// One rule for the severity of an indeterminate review finding (src/analysis/risk-severity.ts
// `indeterminateSeverity`): one step below the severity the finding would have if the unknown
// went the bad way, never below medium for a possible takeover (administrator-equivalent,
// iam:PassRole on every role, privilege escalation), never above the sure severity. Before, an
// indeterminate escalation was low (a possible iam:CreatePolicyVersion on its own policy, high
// when sure, ranked below an indeterminate administrator, medium) while the public and
// cross-account findings went one step lower.
//
// What makes these findings indeterminate here is a statement that might not exist (a
// CloudFormation `Fn::If` on a condition the inputs leave undecided): "Fn::If: Returns one value
// if the specified condition evaluates to true and another value if the specified condition
// evaluates to false" (AWS CloudFormation User Guide, "Condition functions").

import { describe, expect, it } from 'vitest';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { indeterminateSeverity, riskSeverity } from '../src/analysis/risk-severity.js';
import { allow, arns, policy, TestModel, testSource } from './helpers/engine-fixtures.js';
import { maybeDoc, publicAndCrossAccountBuckets, reviewFindings } from './helpers/risk-findings.js';

const PAGE =
  'AWS CloudFormation User Guide, "Condition functions", Fn::If: "Returns one value if the specified condition evaluates to true and another value if the specified condition evaluates to false"';

/** A user with only maybe-present Allow statements. */
function maybeUser(t: TestModel, name: string, ...statements: Record<string, unknown>[]): string {
  const arn = t.user(name);
  t.b.addInlinePolicy(arn, {
    name: `${name}-maybe`,
    document: maybeDoc('identity', ...statements),
    source: testSource(name),
  });
  return arn;
}

describe('the rule', () => {
  it('one step below the sure severity; a possible takeover never below medium; never above sure', () => {
    expect(indeterminateSeverity('high', false)).toBe('medium');
    expect(indeterminateSeverity('medium', false)).toBe('low');
    expect(indeterminateSeverity('low', false)).toBe('low');
    expect(indeterminateSeverity('high', true)).toBe('medium');
    expect(indeterminateSeverity('medium', true)).toBe('medium');
    expect(indeterminateSeverity('low', true)).toBe('low');
    // full grant: sure; a real condition: risk-severity.ts conditionalSeverity; indeterminate
    const mfa = 'aws:MultiFactorAuthPresent is true';
    const mfaFacts = [{ text: mfa, keys: ['aws:multifactorauthpresent'], absent: false }];
    expect(riskSeverity('medium', 'allow', [], true, [])).toBe('medium');
    expect(riskSeverity('high', 'conditional', [mfa], true, mfaFacts)).toBe('medium');
    expect(riskSeverity('low', 'conditional', ['x'], true, [{ text: 'x', keys: [], absent: false }])).toBe(
      'low',
    );
    expect(riskSeverity('high', 'indeterminate', [], true, [])).toBe('medium');
  });
});

describe(`each risk kind, indeterminate (${PAGE})`, () => {
  it('admin-equivalent: a maybe-present Allow * on *: medium (high when sure)', () => {
    const t = new TestModel();
    const u = maybeUser(t, 'maybe-admin', allow('*', '*'));
    const [f] = reviewFindings(t, 'admin-equivalent', u);
    expect(f?.indeterminate).toBeDefined();
    expect(f?.severity, PAGE).toBe('medium');
  });

  it('passrole-wildcard: a maybe-present iam:PassRole on *: medium (high when sure)', () => {
    const t = new TestModel();
    const u = maybeUser(t, 'maybe-pass', allow('iam:PassRole', '*'));
    const [f] = reviewFindings(t, 'passrole-wildcard', u);
    expect(f?.indeterminate).toBeDefined();
    expect(f?.severity).toBe('medium');
  });

  it('privilege-escalation: a maybe-present iam:PutUserPolicy on itself (high when sure): medium, was low', () => {
    const t = new TestModel();
    const u = maybeUser(t, 'maybe-put', allow('iam:PutUserPolicy', arns.user('maybe-put')));
    const fs = reviewFindings(t, 'privilege-escalation', u);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.indeterminate).toBeDefined();
      expect(f.severity, f.message).toBe('medium');
    }
  });

  it('public-access and cross-account-access, a maybe-present bucket policy: one step lower (medium, low)', () => {
    const t = new TestModel();
    publicAndCrossAccountBuckets(t, (s) => maybeDoc('resource', s));
    const pub = reviewFindings(t, 'public-access', arns.bucket('pub'));
    const x = reviewFindings(t, 'cross-account-access', arns.bucket('xacct'));
    expect(pub.length).toBe(1);
    expect(x.length).toBe(1);
    for (const f of [...pub, ...x]) expect(f.indeterminate, f.message).toBeDefined();
    expect(pub[0]!.severity, PAGE).toBe('medium');
    expect(x[0]!.severity).toBe('low');
  });

  it('weak-federated-trust: a maybe-present trust statement is one step lower than the sure one', () => {
    const trust = allow('sts:AssumeRoleWithWebIdentity', undefined, {
      Principal: { Federated: 'accounts.google.com' },
    });
    const sure = new TestModel();
    const r1 = sure.role('web', { trust: policy(trust), inline: [policy(allow('s3:GetObject', '*'))] });
    const sureF = weakFederatedTrusts(sure.engine()).find((f) => f.subject === r1);
    expect(sureF?.indeterminate).toBeUndefined();
    const t = new TestModel();
    const r2 = t.role('web', { trust: policy(trust), inline: [policy(allow('s3:GetObject', '*'))] });
    t.b.setTrustPolicy(r2, maybeDoc('trust', trust));
    const f = weakFederatedTrusts(t.engine()).find((x) => x.subject === r2);
    expect(f?.indeterminate).toBeDefined();
    expect(sureF!.severity).not.toBe('low');
    expect(f!.severity).toBe(indeterminateSeverity(sureF!.severity, false));
  });
});
