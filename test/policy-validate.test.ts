// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy variables (${aws:username}) are literal policy text here
// Policy validation with the AWS catalog, located, with configurable severities.
//
// Pages cited (IAM User Guide):
//  - "Validating IAM policies", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
//  - "Access Analyzer policy check reference", https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
//  - "IAM JSON policy elements: Action", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//  - "IAM JSON policy elements: Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//  - "AWS JSON policy elements: Principal", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
//  - "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//  - "Set operators for multivalued context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
//  - "IAM policy elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/index.js';
import {
  applySeverityOverrides,
  checkAwsPrincipal,
  checkResourceArn,
  checkServicePrincipal,
  parseAndValidatePolicy,
  validatePolicy,
} from '../src/validation/index.js';
import type { PolicyKind } from '../src/policy/types.js';
import { checkText, codes, expectFinding, findingsWith, parseValue } from './policy-test-helpers.js';

const V = '"Version": "2012-10-17"';

/** Validation findings for one identity statement given as JS. */
function check(statement: Record<string, unknown>, kind: PolicyKind = 'identity') {
  const doc = parseValue({ Version: '2012-10-17', Statement: [statement] }, kind);
  return { doc, findings: validatePolicy(doc) };
}
const codesOf = (statement: Record<string, unknown>, kind: PolicyKind = 'identity') =>
  check(statement, kind).findings.map((f) => f.code);

describe('actions ("IAM JSON policy elements: Action"; Access Analyzer "Invalid service in action", "Invalid action")', () => {
  const text = `{ ${V}, "Statement": [{ "Effect": "Allow",
  "Action": ["s3:GetObject", "s4:GetObject", "s3:GetObjetc", "s3:Foo*", "S3:getobject"],
  "Resource": "arn:aws:s3:::bucket/*" }] }`;
  const doc = checkText(text);

  it('policy/unknown-service: an unknown service prefix is an error at the action value', () => {
    expectFinding(doc, 'policy/unknown-service', {
      severity: 'error',
      pointer: '/Statement/0/Action/1',
      text,
      marker: '"s4:GetObject"',
    });
  });

  it('policy/unknown-action: an unknown action is an error, with a suggestion', () => {
    const f = expectFinding(doc, 'policy/unknown-action', {
      severity: 'error',
      pointer: '/Statement/0/Action/2',
      text,
      marker: '"s3:GetObjetc"',
    });
    expect(f.message).toMatch(/did you mean "s3:GetObject"/);
  });

  it('policy/action-matches-nothing: a wildcard pattern that matches no action is a warning', () => {
    expectFinding(doc, 'policy/action-matches-nothing', {
      severity: 'warning',
      pointer: '/Statement/0/Action/3',
      text,
      marker: '"s3:Foo*"',
    });
  });

  it('service prefix and action name are case-insensitive ("iam:ListAccessKeys is the same as IAM:listaccesskeys")', () => {
    expect(doc.findings.filter((f) => f.source?.pointer === '/Statement/0/Action/4')).toEqual([]);
  });

  it('known actions, service wildcards and "*" pass', () => {
    expect(
      codesOf({
        Effect: 'Allow',
        Action: ['*', 'ec2:Describe*', 'iam:?assRole', 'sts:AssumeRole'],
        Resource: '*',
      }),
    ).toEqual([]);
  });

  it('NotAction values are checked too', () => {
    const { findings } = check({ Effect: 'Deny', NotAction: ['iam:CreatUser'], Resource: '*' });
    expect(findings.map((f) => [f.code, f.source?.pointer])).toEqual([
      ['policy/unknown-action', '/doc/Statement/0/NotAction/0'],
    ]);
  });
});

describe('actions against resource types (Access Analyzer reports actions no Resource can apply to)', () => {
  it('policy/action-resource-mismatch: s3:GetObject on a bucket ARN only', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "arn:aws:s3:::company1-logs" }] }`;
    const f = expectFinding(checkText(text), 'policy/action-resource-mismatch', {
      severity: 'warning',
      pointer: '/Statement/0/Action/1',
      text,
      marker: '"s3:GetObject"',
    });
    expect(f.message).toMatch(/object/);
  });

  it('no finding when a resource matches the action: objects, patterns, policy variables, "*"', () => {
    expect(
      codesOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::company1-logs/*' }),
    ).toEqual([]);
    expect(codesOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::company1-*' })).toEqual(
      [],
    );
    expect(
      codesOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }),
    ).toEqual([]);
    expect(codesOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b', '*'] })).toEqual(
      [],
    );
  });

  it('an action without resource-level permissions needs "Resource": "*"', () => {
    const { findings } = check({
      Effect: 'Allow',
      Action: 's3:ListAllMyBuckets',
      Resource: 'arn:aws:s3:::b',
    });
    expect(findings.map((f) => f.code)).toEqual(['policy/action-resource-mismatch']);
    expect(findings[0]!.message).toMatch(/only "Resource": "\*"/);
  });

  it('a wildcard action is reported only when none of its actions can apply', () => {
    expect(codesOf({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b' })).toEqual([]);
    expect(codesOf({ Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:s3:::b' })).toEqual([
      'policy/action-resource-mismatch',
    ]);
  });

  it('unknown resources are not checked', () => {
    expect(
      codesOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: [new Unknown('after apply')] }),
    ).toEqual([]);
  });
});

describe('resource ARNs (Access Analyzer "Invalid ARN prefix", "Missing ARN field", "Invalid partition", "Invalid ARN service case", "Invalid ARN account")', () => {
  it('policy/invalid-arn: located at the value', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::ok", "company1-logs"] }] }`;
    const f = expectFinding(checkText(text), 'policy/invalid-arn', {
      severity: 'error',
      pointer: '/Statement/0/Resource/1',
      text,
      marker: '"company1-logs"',
    });
    expect(f.message).toMatch(/not an ARN/);
  });

  it('rejects malformed ARNs', () => {
    for (const bad of [
      'company1-logs',
      'ARN:aws:s3:::b',
      'arn:aws:s3',
      'arn:awz:s3:::b',
      'arn:aws:S3:::b',
      'arn:aws::us-east-1:123456789012:x',
      'arn:aws:iam::12345:role/x',
      'arn:aws:sqs:us-east-1:123456789012:',
    ]) {
      expect(checkResourceArn(bad), bad).not.toEqual([]);
    }
  });

  it('accepts ARNs with wildcards in any field, policy variables, all partitions', () => {
    for (const ok of [
      '*',
      'arn:aws:s3:::b/*',
      'arn:*:iam::*:role/x',
      'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}',
      'arn:aws-cn:s3:::b',
      'arn:aws-us-gov:iam::123456789012:role/r',
      'arn:aws-iso-b:s3:::b',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:s3:*',
      'arn:aws:ec2:us-east-1::image/ami-12345678',
    ]) {
      expect(checkResourceArn(ok), ok).toEqual([]);
    }
  });
});

describe('principals ("AWS JSON policy elements: Principal"; Access Analyzer "Unsupported wildcard in principal")', () => {
  it('policy/principal-wildcard: a wildcard inside a principal ARN is an error at the value', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow",
  "Principal": { "AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/*"] },
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }] }`;
    expectFinding(checkText(text, 'resource'), 'policy/principal-wildcard', {
      severity: 'error',
      pointer: '/Statement/0/Principal/AWS/1',
      text,
      marker: '"arn:aws:iam::111122223333:role/*"',
    });
  });

  it('"*", account IDs and IAM/STS ARNs are valid AWS principals', () => {
    for (const ok of [
      '*',
      '111122223333',
      'arn:aws:iam::111122223333:root',
      'arn:aws:iam::111122223333:role/path/Name',
      'arn:aws:sts::111122223333:assumed-role/R/session',
      'arn:aws:sts::111122223333:federated-user/bob',
    ]) {
      expect(checkAwsPrincipal(ok), ok).toEqual([]);
    }
  });

  it('rejects other AWS principal values', () => {
    expect(checkAwsPrincipal('arn:aws:iam::111122223333:user/*')[0]!.code).toBe('policy/principal-wildcard');
    expect(checkAwsPrincipal('arn:aws:iam::*:root')[0]!.code).toBe('policy/principal-wildcard');
    expect(checkAwsPrincipal('arn:aws:s3:::bucket')[0]!.code).toBe('policy/invalid-principal');
    expect(checkAwsPrincipal('bob')[0]!.code).toBe('policy/invalid-principal');
    // CloudFront Developer Guide, "Restrict access to an Amazon S3 origin" (legacy origin access
    // identity): "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access
    // Identity <origin access identity ID>"} is valid; another non-account name is not.
    expect(
      checkAwsPrincipal('arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL'),
    ).toEqual([]);
    expect(checkAwsPrincipal('arn:aws:iam::cloudfront:user/someone')[0]!.code).toBe(
      'policy/invalid-principal',
    );
    // "Invalid role reference": a unique ID left where a deleted role was.
    expect(checkAwsPrincipal('AROAEXAMPLEID12345678')[0]).toMatchObject({
      code: 'policy/principal-unique-id',
      severity: 'warning',
    });
  });

  it('service principals', () => {
    expect(checkServicePrincipal('ec2.amazonaws.com')).toEqual([]);
    expect(checkServicePrincipal('logs.us-east-1.amazonaws.com')).toEqual([]);
    expect(checkServicePrincipal('*.amazonaws.com')[0]!.code).toBe('policy/principal-wildcard');
    expect(checkServicePrincipal('ec2')[0]).toMatchObject({
      code: 'policy/invalid-service-principal',
      severity: 'warning',
    });
  });
});

describe('condition keys and operators (Condition operators; Access Analyzer "Type mismatch", "Invalid global condition key")', () => {
  const cond = (condition: Record<string, unknown>) =>
    check({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: condition })
      .findings;

  it('located findings for a condition block', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
  "Condition": {
    "NumericEquals": { "aws:username": "bob" },
    "StringEquals": { "aws:SourceIpp": "1.2.3.4" }
  } }] }`;
    const doc = checkText(text);
    expectFinding(doc, 'policy/condition-type-mismatch', {
      severity: 'warning',
      pointer: '/Statement/0/Condition/NumericEquals/aws:username',
      text,
      marker: '"bob"',
    });
    expectFinding(doc, 'policy/unknown-condition-key', {
      severity: 'warning',
      pointer: '/Statement/0/Condition/StringEquals/aws:SourceIpp',
      text,
      marker: '"1.2.3.4"',
    });
  });

  it('policy/condition-type-mismatch: operators that do not fit the key type', () => {
    const mismatch = (c: Record<string, unknown>) =>
      cond(c).filter((f) => f.code === 'policy/condition-type-mismatch').length;
    expect(mismatch({ NumericEquals: { 'aws:username': '1' } })).toBe(1);
    expect(mismatch({ ArnLike: { 'aws:username': 'arn:aws:iam::111122223333:user/x' } })).toBe(1);
    expect(mismatch({ StringEquals: { 'aws:SecureTransport': 'true' } })).toBe(1);
    expect(mismatch({ DateLessThan: { 'aws:MultiFactorAuthAge': '2020-01-01' } })).toBe(1);
    // ARN keys take ARN or String operators; Null takes any key.
    expect(mismatch({ StringEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } })).toBe(0);
    expect(mismatch({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } })).toBe(0);
    expect(mismatch({ Null: { 'aws:SourceIp': 'true' } })).toBe(0);
    expect(mismatch({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })).toBe(0);
    expect(mismatch({ NumericLessThan: { 'aws:EpochTime': '1700000000' } })).toBe(0);
  });

  it('policy/condition-value-type: values that do not fit the operator', () => {
    const bad = (c: Record<string, unknown>) =>
      cond(c).filter((f) => f.code === 'policy/condition-value-type').length;
    expect(bad({ Bool: { 'aws:SecureTransport': 'yes' } })).toBe(1);
    expect(bad({ Bool: { 'aws:SecureTransport': true } })).toBe(0);
    expect(bad({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } })).toBe(1);
    expect(bad({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } })).toBe(0);
    expect(bad({ DateGreaterThan: { 'aws:CurrentTime': 'tomorrow' } })).toBe(1);
    expect(bad({ DateGreaterThan: { 'aws:CurrentTime': '2013-12-15T12:00:00Z' } })).toBe(0);
    expect(bad({ DateGreaterThan: { 'aws:CurrentTime': '2013-12-15' } })).toBe(0);
    expect(bad({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', 'office'] } })).toBe(1);
    expect(bad({ IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } })).toBe(0);
    expect(bad({ ArnEquals: { 'aws:SourceArn': '111122223333' } })).toBe(1);
    expect(bad({ Null: { 'aws:TokenIssueTime': 'maybe' } })).toBe(1);
  });

  it('policy/ip-range-host-bits: bits after the mask are ignored ("Suggestion – Improve IP range")', () => {
    const f = cond({ IpAddress: { 'aws:SourceIp': '203.0.113.7/24' } }).find(
      (x) => x.code === 'policy/ip-range-host-bits',
    );
    expect(f?.severity).toBe('info');
    expect(f?.message).toMatch(/203\.0\.113\.0\/24/);
  });

  it('policy/set-operator-single-valued: ForAllValues/ForAnyValue with a single-valued key ("Security Warning – ForAllValues with single valued key")', () => {
    const fs = cond({
      'ForAllValues:StringEquals': { 'aws:username': 'bob' },
      'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': 'a*' },
    });
    expect(fs.filter((f) => f.code === 'policy/set-operator-single-valued').map((f) => f.severity)).toEqual([
      'warning',
      'warning',
    ]);
    expect(cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } })).toEqual([]);
  });

  it('policy/missing-set-operator: a multivalued key without ForAnyValue/ForAllValues', () => {
    expect(cond({ StringEquals: { 'aws:TagKeys': 'team' } }).map((f) => f.code)).toEqual([
      'policy/missing-set-operator',
    ]);
    expect(cond({ Null: { 'aws:TagKeys': 'false' } })).toEqual([]);
  });

  // Amazon Cognito Developer Guide, "Role trust and permissions"
  // (https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html): the
  // example trust policy uses `"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr":
  // "unauthenticated"}`, "one of the array members of the multi-value amr claim". The Service
  // Authorization Reference types the key String; the validator told users to remove ForAnyValue.
  it("Cognito's amr is multivalued: ForAnyValue is right, a bare operator is the finding", () => {
    expect(
      cond({ 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } }),
    ).toEqual([]);
    expect(
      cond({ StringEquals: { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }).map((f) => f.code),
    ).toEqual(['policy/missing-set-operator']);
  });

  it('policy/variable-unsupported: policy variables only with String and ARN operators ("Invalid variable for operator")', () => {
    expect(
      cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:username}' } }).map((f) => [
        f.code,
        f.severity,
      ]),
    ).toEqual([['policy/variable-unsupported', 'error']]);
    expect(cond({ StringEquals: { 's3:prefix': 'home/${aws:username}/' } })).toEqual([]);
  });

  it('policy/wildcard-without-like: * in a StringEquals value ("General Warning – Wildcard without like operator")', () => {
    expect(cond({ StringEquals: { 's3:prefix': 'home/*' } }).map((f) => f.code)).toEqual([
      'policy/wildcard-without-like',
    ]);
    expect(cond({ StringLike: { 's3:prefix': 'home/*' } })).toEqual([]);
  });

  it('policy/missing-tag-key and policy/invalid-condition-key', () => {
    expect(cond({ StringEquals: { 'aws:ResourceTag': 'x' } }).map((f) => f.code)).toEqual([
      'policy/missing-tag-key',
    ]);
    expect(cond({ StringEquals: { SourceIp: 'x' } }).map((f) => f.code)).toEqual([
      'policy/invalid-condition-key',
    ]);
  });

  it('known service keys and tag keys pass', () => {
    expect(
      cond({
        StringEquals: { 'aws:PrincipalTag/team': 'a', 's3:x-amz-acl': 'private' },
        NumericLessThanEquals: { 's3:max-keys': '10' },
      }),
    ).toEqual([]);
  });
});

describe('policy variables and Version ("Error – Variable unsupported in version"; Version element)', () => {
  it('policy/variable-unsupported-in-version: variables in a policy without Version 2012-10-17 are literal text', () => {
    const doc = parseValue({
      Version: '2008-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
      ],
    });
    const fs = validatePolicy(doc);
    expect(fs.map((f) => [f.code, f.source?.pointer])).toEqual([
      ['policy/variable-unsupported-in-version', '/doc/Statement/0/Resource'],
    ]);
    const ok = parseValue({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
      ],
    });
    expect(validatePolicy(ok)).toEqual([]);
  });
});

describe('unknown values and documents are not validated', () => {
  it('skips a whole-document Unknown, unknown statements and unknown values', () => {
    const u = new Unknown('after apply');
    expect(validatePolicy(parsePolicy(u, { kind: 'identity', source: {} }))).toEqual([]);
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [
        u,
        { Effect: 'Allow', Action: [u], Resource: [u], Condition: { StringEquals: { 'aws:username': u } } },
      ],
    });
    expect(validatePolicy(doc)).toEqual([]);
  });
});

describe('severity overrides ("Severity configurable", DESIGN.md)', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'A',
        Effect: 'Allow',
        Action: ['s3:GetObjetc'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:Nope': 'x' } },
      },
      { Sid: 'A', Effect: 'Deny', Action: 's3:*', Resource: '*' },
    ],
  };

  it('validatePolicy changes severities and drops codes turned off', () => {
    const doc = parseValue(policy);
    const plain = validatePolicy(doc);
    expect(plain.map((f) => [f.code, f.severity])).toEqual([
      ['policy/unknown-action', 'error'],
      ['policy/unknown-condition-key', 'warning'],
    ]);
    const over = validatePolicy(doc, {
      severityOverrides: { 'policy/unknown-action': 'warning', 'policy/unknown-condition-key': 'off' },
    });
    expect(over.map((f) => [f.code, f.severity])).toEqual([['policy/unknown-action', 'warning']]);
  });

  it('parseAndValidatePolicy returns parse and validation findings together, overrides applied to both', () => {
    const doc = parseAndValidatePolicy(policy, {
      kind: 'identity',
      source: { file: 'p.json' },
      severityOverrides: { 'policy/duplicate-sid': 'info' },
    });
    expect(doc.findings.map((f) => [f.code, f.severity])).toEqual([
      ['policy/duplicate-sid', 'info'],
      ['policy/unknown-action', 'error'],
      ['policy/unknown-condition-key', 'warning'],
    ]);
    expect(codes(doc)).toContain('policy/unknown-action');
    expect(findingsWith(doc, 'policy/unknown-action')[0]!.source?.file).toBe('p.json');
  });

  it('applySeverityOverrides does not modify its input', () => {
    const fs = [{ code: 'x', severity: 'error' as const, message: 'm' }];
    expect(applySeverityOverrides(fs, { x: 'info' })).toEqual([
      { code: 'x', severity: 'info', message: 'm' },
    ]);
    expect(fs[0]!.severity).toBe('error');
  });
});

describe('AWS managed policies validate cleanly of structural errors', () => {
  it('AdministratorAccess-style and ReadOnly-style policies have no errors', () => {
    const admin = parseAndValidatePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      { kind: 'identity', source: {} },
    );
    expect(admin.findings).toEqual([]);
  });
});
