// A condition value its operator cannot read (a Bool value other than true / false, a number or
// date that does not parse, a bad CIDR, a Null value other than true / false, or such a request
// value) is unknown: the decision that depends on it is indeterminate with the reason, never a
// silent allow. Before, the clause read "does not match", so a Deny carrying the value stopped
// applying and an Allow won where AWS may deny (and an Allow carrying it denied silently).
//
// IAM User Guide, "IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html:
// IP address: "The value must be in the standard CIDR format (for example, 203.0.113.0/24 or
// 2001:DB8:1234:5678::/64)"; Date: "You must specify date/time values with one of the W3C
// implementations of the ISO 8601 date formats or in epoch (UNIX) time"; Null: "use either true
// (the key doesn't exist — it is null) or false (the key exists and its value is not null)". The
// guide does not say what AWS computes for a value of another form (IAM Access Analyzer only
// warns "Type mismatch"), so iamspec does not decide it.

import { describe, expect, it } from 'vitest';
import { allow, arns, decide, deny, userWithStatements } from './helpers/engine-fixtures.js';

const OBJECT = arns.object('team-data', 'k');
const ALLOW = allow('s3:GetObject', '*');

function denyWith(condition: Record<string, unknown>, context: Record<string, string> = {}) {
  const { e, u } = userWithStatements(ALLOW, deny('s3:GetObject', '*', { Condition: condition }));
  return decide(e, u, 's3:GetObject', OBJECT, { context, trace: true });
}

function allowWith(condition: Record<string, unknown>, context: Record<string, string> = {}) {
  const { e, u } = userWithStatements(allow('s3:GetObject', '*', { Condition: condition }));
  return decide(e, u, 's3:GetObject', OBJECT, { context, trace: true });
}

function expectOpen(d: ReturnType<typeof decide>, value: string) {
  expect(d.decision).toBe('indeterminate');
  const entry = d.trace?.find((t) => t.outcome === 'unknown');
  expect(entry?.kind).toBe('undocumented-rule');
  expect(entry?.message).toContain('cannot read');
  expect(entry?.message).toContain(`"${value}"`);
}

describe('a Deny whose condition value its operator cannot read is not silently skipped', () => {
  it('Bool "yes" on aws:SecureTransport (a request over HTTP)', () => {
    expectOpen(
      denyWith({ Bool: { 'aws:SecureTransport': 'yes' } }, { 'aws:SecureTransport': 'false' }),
      'yes',
    );
  });

  it('NumericLessThan "abc", DateGreaterThan "2020-13-01"', () => {
    expectOpen(denyWith({ NumericLessThan: { 's3:max-keys': 'abc' } }, { 's3:max-keys': '5' }), 'abc');
    expectOpen(
      denyWith(
        { DateGreaterThan: { 'aws:CurrentTime': '2020-13-01' } },
        { 'aws:CurrentTime': '2021-01-01T00:00:00Z' },
      ),
      '2020-13-01',
    );
  });

  it('NotIpAddress with a prefix longer than /32', () => {
    expectOpen(
      denyWith({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }, { 'aws:SourceIp': '192.0.2.1' }),
      '10.0.0.0/33',
    );
  });

  it('Null "yes", whether the key is present or absent', () => {
    expectOpen(denyWith({ Null: { 'aws:TokenIssueTime': 'yes' } }), 'yes');
    expectOpen(
      denyWith({ Null: { 'aws:TokenIssueTime': 'yes' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }),
      'yes',
    );
  });

  it("a request value the operator cannot read (NumericNotEquals on s3:max-keys 'ten')", () => {
    const d = denyWith({ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' });
    expectOpen(d, 'ten');
    expect(d.trace?.find((t) => t.outcome === 'unknown')?.message).toContain("request's value");
  });
});

describe('an Allow whose condition value its operator cannot read does not silently deny', () => {
  it('Bool "yes" with aws:SecureTransport true', () => {
    expectOpen(
      allowWith({ Bool: { 'aws:SecureTransport': 'yes' } }, { 'aws:SecureTransport': 'true' }),
      'yes',
    );
  });
});

describe('what stays decided (guards)', () => {
  it('a well-formed value of the clause decides it: values are ORed', () => {
    // "If multiple values are specified for a single context key ... the condition evaluates
    // using a logical OR" ("Conditions with multiple context keys or values").
    expect(
      denyWith({ Bool: { 'aws:SecureTransport': ['yes', 'false'] } }, { 'aws:SecureTransport': 'false' })
        .decision,
    ).toBe('deny');
    expect(
      denyWith(
        { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/33', '192.0.2.0/24'] } },
        { 'aws:SourceIp': '192.0.2.1' },
      ).decision,
    ).toBe('allow');
  });

  it('the absent-key rule still applies first: a positive operator on an absent key is false', () => {
    // "If the key that you specify in a policy condition is not present in the request context,
    // the values do not match and the condition is false."
    expect(denyWith({ NumericLessThan: { 's3:max-keys': 'abc' } }).decision).toBe('allow');
    // ...IfExists: "If the key is not present, evaluate the condition element as true."
    expect(denyWith({ NumericLessThanIfExists: { 's3:max-keys': 'abc' } }).decision).toBe('deny');
  });

  it('Null given as JSON Booleans reads like the strings "true" / "false"', () => {
    expect(allowWith({ Null: { 'aws:TokenIssueTime': true } }).decision).toBe('allow');
    expect(allowWith({ Null: { 'aws:TokenIssueTime': false } }).decision).toBe('deny');
  });
});

describe('an ARN pattern of fewer than six fields in an ARN operator', () => {
  // "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited
  // components of the ARN is checked separately and each can include multi-character match
  // wildcards (*) or single-character match wildcards (?)." A pattern of five fields has no sixth
  // to check: read as one glob it matches every IAM ARN, read field by field it matches none; the
  // guide does not say which AWS does.
  it('a Deny with ArnNotLike "arn:aws:iam::*" on aws:PrincipalArn is not silently skipped', () => {
    const d = denyWith({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } });
    expectOpen(d, 'arn:aws:iam::*');
    expect(d.trace?.find((t) => t.outcome === 'unknown')?.message).toContain('six');
  });

  it('an Allow with ArnLike "arn:aws:iam::*" does not silently allow', () => {
    expectOpen(allowWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }), 'arn:aws:iam::*');
  });

  it('guards: "*", a six-field pattern and a miss of the short glob stay decided', () => {
    expect(denyWith({ ArnNotLike: { 'aws:PrincipalArn': '*' } }).decision).toBe('allow');
    expect(denyWith({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }).decision).toBe('allow');
    expect(denyWith({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }).decision).toBe('deny');
    // no reading matches: the Deny applies
    expect(denyWith({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:sts::*' } }).decision).toBe('deny');
    // a six-field pattern matches field by field: the account field's * stays in its field
    expect(denyWith({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/u' } }).decision).toBe('allow');
  });
});

describe('a date of four digits: epoch seconds or a year', () => {
  // "You must specify date/time values with one of the W3C implementations of the ISO 8601 date
  // formats or in epoch (UNIX) time." The W3C profile's first form is "Year: YYYY (eg 1997)", and
  // four digits are also epoch seconds: the guide does not say which AWS reads.
  const NOW = { 'aws:CurrentTime': '2026-06-01T00:00:00Z' };

  it('a Deny before "2030" is not silently skipped (as epoch seconds, 2030 is in 1970)', () => {
    const d = denyWith({ DateLessThan: { 'aws:CurrentTime': '2030' } }, NOW);
    expectOpen(d, '2030');
    expect(d.trace?.find((t) => t.outcome === 'unknown')?.message).toContain('year 2030');
  });

  it('guards: both readings agree, or another value decides', () => {
    // after 1970 and after 1990: both readings say the Deny applies
    expect(denyWith({ DateGreaterThan: { 'aws:CurrentTime': '1990' } }, NOW).decision).toBe('deny');
    expect(
      denyWith({ DateLessThan: { 'aws:CurrentTime': ['2030', '2027-01-01T00:00:00Z'] } }, NOW).decision,
    ).toBe('deny');
    // ten digits are epoch seconds only
    expect(denyWith({ DateLessThan: { 'aws:CurrentTime': '1900000000' } }, NOW).decision).toBe('deny');
  });
});
