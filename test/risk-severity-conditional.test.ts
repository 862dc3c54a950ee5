// One rule for the severity of a review finding granted under a real condition (MFA, a source IP,
// tags: src/analysis/risk-severity.ts `conditionalSeverity`, applied by `riskSeverity` to every
// kind): a possible takeover (administrator-equivalent, iam:PassRole on every role, privilege
// escalation, an outside account's escalation) one step below its sure severity, any other finding
// (public or cross-account access) low. Before, an administrator under MFA was medium while an
// escalation under MFA (iam:PutUserPolicy on itself, high when sure) was low.
//
// Page: IAM User Guide, "AWS global condition context keys", aws:MultiFactorAuthPresent: "Use this
// key to check whether multi-factor authentication (MFA) was used to validate the temporary
// security credentials that made the request." Whoever has MFA still gets the grant: a limit on
// how, for a takeover, not on who.

import { describe, expect, it } from 'vitest';
import { conditionalSeverity, indeterminateSeverity, riskSeverity } from '../src/analysis/risk-severity.js';
import { allow, arns, policy, TestModel, testSource, parse } from './helpers/engine-fixtures.js';
import { maybeDoc, publicAndCrossAccountBuckets, reviewFindings } from './helpers/risk-findings.js';

const PAGE =
  'IAM User Guide, "AWS global condition context keys", aws:MultiFactorAuthPresent: "Use this key to check whether multi-factor authentication (MFA) was used to validate the temporary security credentials that made the request."';

const MFA = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
const SOURCE_IP = { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
const OUTSIDE = '999988887777';

/** What the engine reports the MFA condition is about (risk-severity.ts weighs it by its key). */
const MFA_FACTS = [
  { text: 'aws:MultiFactorAuthPresent is true', keys: ['aws:multifactorauthpresent'], absent: false },
];

describe(`the rule (${PAGE})`, () => {
  it('a possible takeover one step below its sure severity, never below medium (as an indeterminate one); any other finding low', () => {
    expect(conditionalSeverity('high', true)).toBe('medium');
    // the one floor of a possible or conditional takeover (was low: below the indeterminate one's)
    expect(conditionalSeverity('medium', true)).toBe('medium');
    expect(conditionalSeverity('medium', true)).toBe(indeterminateSeverity('medium', true));
    expect(conditionalSeverity('low', true)).toBe('low');
    expect(conditionalSeverity('high', false)).toBe('low');
    expect(conditionalSeverity('medium', false)).toBe('low');
    const mfa = ['aws:MultiFactorAuthPresent is true'];
    expect(riskSeverity('high', 'conditional', mfa, true, MFA_FACTS)).toBe(conditionalSeverity('high', true));
    expect(riskSeverity('high', 'conditional', mfa, false, MFA_FACTS)).toBe('low');
    // denied for the requests that weigh it: low
    expect(riskSeverity('high', 'deny', [], true, [])).toBe('low');
  });

  it('one floor: a medium takeover under a real condition is medium, as when it is undecided (was low)', () => {
    const mfa = ['aws:MultiFactorAuthPresent is true'];
    for (const sure of ['high', 'medium', 'low'] as const)
      expect(riskSeverity(sure, 'conditional', mfa, true, MFA_FACTS)).toBe(
        riskSeverity(sure, 'indeterminate', [], true, []),
      );
  });
});

describe(`each risk kind under MFA or a source IP (${PAGE})`, () => {
  it('admin-equivalent: Allow * on * under MFA: medium', () => {
    const t = new TestModel();
    const u = t.user('admin', { inline: [policy(allow('*', '*', MFA))] });
    const [f] = reviewFindings(t, 'admin-equivalent', u);
    expect(f?.severity, PAGE).toBe('medium');
  });

  it('passrole-wildcard: iam:PassRole on * under MFA: medium', () => {
    const t = new TestModel();
    const u = t.user('pass', { inline: [policy(allow('iam:PassRole', '*', MFA))] });
    const [f] = reviewFindings(t, 'passrole-wildcard', u);
    expect(f?.severity).toBe('medium');
  });

  it('privilege-escalation: iam:PutUserPolicy on itself under MFA: medium, as an administrator under MFA (was low)', () => {
    const t = new TestModel();
    const u = t.user('put', { inline: [policy(allow('iam:PutUserPolicy', arns.user('put'), MFA))] });
    const fs = reviewFindings(t, 'privilege-escalation', u);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect(f.severity, f.message).toBe('medium');
  });

  it('privilege-escalation of medium sure severity (iam:PassRole to new Lambda compute) under MFA: medium, as when undecided (was low)', () => {
    const t = new TestModel();
    const fn = t.role('fn', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
    });
    const stmts = (extra: Record<string, unknown>) =>
      policy(
        allow('iam:PassRole', fn, extra),
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*', extra),
      );
    const sure = t.user('sure', { inline: [stmts({})] });
    const mfa = t.user('mfa', { inline: [stmts(MFA)] });
    const bySure = reviewFindings(t, 'privilege-escalation', sure);
    expect(bySure.map((f) => f.severity)).toContain('medium');
    const fs = reviewFindings(t, 'privilege-escalation', mfa);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect(f.severity, f.message).toBe('medium');
  });

  it('public-access and cross-account-access under a source IP: low (the condition limits who gets in)', () => {
    const t = new TestModel();
    publicAndCrossAccountBuckets(t, (s) => parse('resource', policy({ ...s, ...SOURCE_IP })));
    expect(reviewFindings(t, 'public-access', arns.bucket('pub')).map((f) => f.severity)).toEqual(['low']);
    expect(reviewFindings(t, 'cross-account-access', arns.bucket('xacct')).map((f) => f.severity)).toEqual([
      'low',
    ]);
  });

  it('outside-escalation: an outside account assuming an administrator role under MFA: medium (was low)', () => {
    const t = new TestModel();
    const trust = allow('sts:AssumeRole', undefined, {
      Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` },
      ...MFA,
    });
    const r = t.role('admin', { trust: policy(trust), inline: [policy(allow('*', '*'))] });
    const fs = reviewFindings(t, 'outside-escalation', r);
    expect(fs.map((f) => f.severity)).toEqual(['medium']);
    // the cross-account half alone: low
    expect(reviewFindings(t, 'cross-account-access', r).map((f) => f.severity)).toEqual(['low']);
  });

  it("a chain under MFA to a role whose escalation is undecided: medium, the end's sure severity weighed once (was low: lowered twice)", () => {
    const t = new TestModel();
    const r = t.role('target', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.user('alice') }, ...MFA })),
    });
    const doc = maybeDoc('identity', allow('iam:PutRolePolicy', r));
    t.b.addInlinePolicy(r, { name: 'maybe', document: doc, source: testSource('maybe') });
    const alice = t.user('alice', { inline: [policy(allow('sts:AssumeRole', r))] });
    const own = reviewFindings(t, 'privilege-escalation', r);
    expect(own.map((f) => f.severity)).toContain('medium');
    const chained = reviewFindings(t, 'privilege-escalation', alice).filter((f) =>
      f.detail?.endsWith('through a chain'),
    );
    expect(chained.length).toBeGreaterThan(0);
    for (const f of chained) {
      expect(f.indeterminate, f.message).toBeDefined();
      expect(f.severity, f.message).toBe('medium');
    }
  });

  it('weak-federated-trust of EKS Pod Identity: a trust decision left undecided is one step lower (low), as other weak federated trusts', () => {
    const trust = allow(['sts:AssumeRole', 'sts:TagSession'], undefined, {
      Principal: { Service: 'pods.eks.amazonaws.com' },
    });
    const sure = new TestModel();
    const r1 = sure.role('pods', { trust: policy(trust) });
    expect(reviewFindings(sure, 'weak-federated-trust', r1).map((f) => f.severity)).toEqual(['medium']);
    const t = new TestModel();
    const r2 = t.role('pods', { trust: policy(trust) });
    t.b.setTrustPolicy(r2, maybeDoc('trust', trust));
    const [f] = reviewFindings(t, 'weak-federated-trust', r2);
    expect(f?.indeterminate).toBeDefined();
    expect(f!.severity).toBe(indeterminateSeverity('medium', false));
  });
});
