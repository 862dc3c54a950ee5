// One severity rule for every review finding decided under conditions (src/analysis/risk-severity.ts):
// a grant conditional only on how the request is made (aws:SecureTransport, a TLS-only Deny) is a
// full grant, as the matrix and who-can decide under aws:SecureTransport=true; any other
// condition (MFA, source IP, tags) lowers the finding. Before, the administrator-equivalent and
// iam:PassRole-on-every-role findings dropped to medium under a TLS-only Deny while the
// escalation and public-access findings did not.
//
// Page: IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to
// check whether the request was sent using TLS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { fullGrant, transportOnly } from '../src/analysis/risk-severity.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { reviewFindings } from './helpers/risk-findings.js';

const PAGE =
  'IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to check whether the request was sent using TLS"';

const TLS_ONLY_DENY = deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const MFA = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
const SOURCE_IP = { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };

function finding(t: TestModel, kind: RiskFinding['kind'], user: string): RiskFinding | undefined {
  return reviewFindings(t, kind, arns.user(user))[0];
}

describe(`the severity rule (${PAGE})`, () => {
  it('transport-only conditions make a full grant; any other condition, deny or indeterminate does not', () => {
    // Each condition by the keys its producer reports (risk-severity.ts never reads the words).
    const tls = 'aws:SecureTransport is true';
    const mfa = 'aws:MultiFactorAuthPresent is true';
    const ip = 'aws:SourceIp in 203.0.113.0/24';
    const facts = [
      { text: tls, keys: ['aws:securetransport'], absent: false },
      { text: mfa, keys: ['aws:multifactorauthpresent'], absent: false },
      { text: ip, keys: ['aws:sourceip'], absent: false },
    ];
    expect(transportOnly([tls], facts)).toBe(true);
    expect(fullGrant('allow', [], [])).toBe(true);
    expect(fullGrant('conditional', [tls], facts)).toBe(true);
    expect(fullGrant('conditional', [tls, mfa], facts)).toBe(false);
    expect(fullGrant('conditional', [ip], facts)).toBe(false);
    expect(fullGrant('indeterminate', [], [])).toBe(false);
    expect(fullGrant('deny', [], [])).toBe(false);
  });
});

describe(`admin-equivalent under conditions (${PAGE})`, () => {
  it('allowed everything but for a TLS-only Deny: high, as if unconditional (was medium)', () => {
    const t = new TestModel();
    t.user('tls', { inline: [policy(allow('*', '*'), TLS_ONLY_DENY)] });
    t.user('plain', { inline: [policy(allow('*', '*'))] });
    const tls = finding(t, 'admin-equivalent', 'tls')!;
    expect(tls.severity, PAGE).toBe('high');
    // The message still says the condition.
    expect(tls.message).toContain('aws:SecureTransport');
    expect(finding(t, 'admin-equivalent', 'plain')!.severity).toBe('high');
  });

  it('allowed everything under MFA or a source IP: medium', () => {
    const t = new TestModel();
    t.user('mfa', { inline: [policy(allow('*', '*', MFA))] });
    t.user('ip', { inline: [policy(allow('*', '*', SOURCE_IP))] });
    t.user('both', { inline: [policy(allow('*', '*', MFA), TLS_ONLY_DENY)] });
    expect(finding(t, 'admin-equivalent', 'mfa')!.severity).toBe('medium');
    expect(finding(t, 'admin-equivalent', 'ip')!.severity).toBe('medium');
    // TLS-only and a real condition together: still the real condition's severity.
    expect(finding(t, 'admin-equivalent', 'both')!.severity).toBe('medium');
  });
});

describe(`passrole-wildcard under conditions (${PAGE})`, () => {
  it('iam:PassRole on every role but for a TLS-only Deny: high (was medium); under a source IP: medium', () => {
    const t = new TestModel();
    t.user('tls', { inline: [policy(allow('iam:PassRole', '*'), TLS_ONLY_DENY)] });
    t.user('ip', { inline: [policy(allow('iam:PassRole', '*', SOURCE_IP))] });
    t.user('plain', { inline: [policy(allow('iam:PassRole', '*'))] });
    const tls = finding(t, 'passrole-wildcard', 'tls')!;
    expect(tls.severity, PAGE).toBe('high');
    expect(tls.message).toContain('aws:SecureTransport');
    expect(finding(t, 'passrole-wildcard', 'ip')!.severity).toBe('medium');
    expect(finding(t, 'passrole-wildcard', 'plain')!.severity).toBe('high');
  });
});

describe(`escalation and public access follow the same rule (${PAGE})`, () => {
  it('a Rhino method under a TLS-only Deny: high; under MFA: medium, one step lower as an administrator (risk-severity.ts conditionalSeverity; was low)', () => {
    const t = new TestModel();
    t.user('tls', { inline: [policy(allow('iam:PutUserPolicy', arns.user('tls')), TLS_ONLY_DENY)] });
    t.user('mfa', { inline: [policy(allow('iam:PutUserPolicy', arns.user('mfa'), MFA))] });
    expect(finding(t, 'privilege-escalation', 'tls')!.severity, PAGE).toBe('high');
    expect(finding(t, 'privilege-escalation', 'mfa')!.severity).toBe('medium');
  });

  it('a public bucket under a TLS-only Deny: high; under a source IP: low', () => {
    const t = new TestModel();
    const open = (name: string, extra: Record<string, unknown>[] = [], cond: Record<string, unknown> = {}) =>
      t.bucket(name, {
        policy: policy(
          allow('s3:GetObject', `${arns.bucket(name)}/*`, { Principal: '*', ...cond }),
          ...extra,
        ),
      });
    open('tls', [
      deny('s3:*', `${arns.bucket('tls')}/*`, {
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    open('ip', [], SOURCE_IP);
    const fs = reviewRisks(t.engine()).filter((f) => f.kind === 'public-access');
    expect(fs.find((f) => f.subject === arns.bucket('tls'))?.severity, PAGE).toBe('high');
    expect(fs.find((f) => f.subject === arns.bucket('ip'))?.severity).toBe('low');
  });
});
