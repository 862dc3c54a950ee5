// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Policy variables in Resource values (compileTemplate, compileArnTemplate) and in condition
// values. IAM User Guide, "IAM policy elements: Variables and tags",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import { describe, expect, it } from 'vitest';
import {
  compileArnTemplate,
  compileConditions,
  compileTemplate,
  contextFromRecord,
} from '../src/engine/conditions/index.js';
import { clausesOf, evaluate } from './engine-conditions-helpers.js';

const VARIABLES_PAGE =
  'IAM User Guide, "IAM policy elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';
const OPERATORS_PAGE =
  'IAM User Guide, "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

const ctx = contextFromRecord;

describe(`compileTemplate (${VARIABLES_PAGE})`, () => {
  it('returns undefined for a value without variables (use the literal)', () => {
    expect(compileTemplate('arn:aws:s3:::mybucket/*')).toBeUndefined();
    expect(compileTemplate('arn:aws:s3:::mybucket/$x{y}')).toBeUndefined();
  });

  it('replaces ${aws:username} with the value from the request context; key names are case-insensitive', () => {
    const t = compileTemplate('arn:aws:s3:::mybucket/${aws:username}/*')!;
    expect(t(ctx({ 'aws:username': 'David' }))).toBe('arn:aws:s3:::mybucket/David/*');
    expect(compileTemplate('${AWS:UserName}')!(ctx({ 'aws:username': 'David' }))).toBe('David');
  });

  it("uses the default of ${aws:PrincipalTag/team, 'company-wide'} when the tag is absent (Specifying default values)", () => {
    const t = compileTemplate("arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}")!;
    expect(t(ctx({ 'aws:PrincipalTag/team': 'yellow' }))).toBe('arn:aws:s3:::amzn-s3-demo-bucket-yellow');
    expect(t(ctx({}))).toBe('arn:aws:s3:::amzn-s3-demo-bucket-company-wide');
  });

  it('returns undefined when a variable has no value and no default (Policy variables with no value)', () => {
    const t = compileTemplate('arn:aws:s3:::bucket/${aws:PrincipalTag/department}')!;
    expect(t(ctx({}))).toBeUndefined();
  });

  it('a multivalued key cannot be a variable ("You can\'t use a multivalued condition key as a variable")', () => {
    const t = compileTemplate("x-${aws:TagKeys}-${aws:CalledVia, 'none'}")!;
    expect(t(ctx({ 'aws:TagKeys': ['a', 'b'] }))).toBeUndefined();
    // whether its default applies is not documented: no value here (its value is unknown to the
    // operators and Resource matching: policy-variables-undocumented-forms.test.ts)
    expect(
      compileTemplate("${aws:CalledVia, 'none'}")!(ctx({ 'aws:CalledVia': ['a', 'b'] })),
    ).toBeUndefined();
  });

  it('${*}, ${?} and ${$} are the literal characters (Special characters)', () => {
    expect(compileTemplate('a${*}b${?}c${$}d')!(ctx({}))).toBe('a*b?c$d');
  });

  it('an unterminated ${ is ordinary text', () => {
    expect(compileTemplate('abc${aws:username')).toBeUndefined();
    expect(compileTemplate('${aws:username}-${x')!(ctx({ 'aws:username': 'u' }))).toBe('u-${x');
  });
});

describe(`compileArnTemplate: Resource patterns with variables (${VARIABLES_PAGE})`, () => {
  it("arn:aws:s3:::mybucket/${aws:username}/* matches only the user's own objects", () => {
    const m = compileArnTemplate('arn:aws:s3:::mybucket/${aws:username}/*')!;
    const david = ctx({ 'aws:username': 'David' });
    expect(m(david, 'arn:aws:s3:::mybucket/David/notes.txt')).toBe(true);
    expect(m(david, 'arn:aws:s3:::mybucket/Adele/notes.txt')).toBe(false);
  });

  it('no value: the resource that includes the variable matches no resource (undefined)', () => {
    const m = compileArnTemplate('arn:aws:s3:::mybucket/${aws:username}/*')!;
    expect(m(ctx({}), 'arn:aws:s3:::mybucket/David/notes.txt')).toBeUndefined();
  });

  it('tag variables with wildcard suffixes (AllowAccessBasedOnArnMatching example)', () => {
    const m = compileArnTemplate(
      'arn:aws:sns:*:*:${aws:PrincipalTag/access-project}-${aws:PrincipalTag/access-application}-${aws:PrincipalTag/access-environment}-*',
    )!;
    const c = ctx({
      'aws:PrincipalTag/access-project': 'peg',
      'aws:PrincipalTag/access-application': 'api',
      'aws:PrincipalTag/access-environment': 'prod',
    });
    expect(m(c, 'arn:aws:sns:us-east-1:123456789012:peg-api-prod-alerts')).toBe(true);
    expect(m(c, 'arn:aws:sns:us-east-1:123456789012:peg-api-dev-alerts')).toBe(false);
    // A `*` ending the region or account segment may match beyond the colon: "If the * wildcard
    // is the last character of a resource ARN segment, it can expand to match beyond the colon
    // boundaries." (IAM User Guide, "IAM JSON policy elements: Resource",
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
    expect(m(c, 'arn:aws:sns:us-east-1:1:2:peg-api-prod-alerts')).toBe(true);
    // One inside a segment does not.
    const inside = compileArnTemplate('arn:aws:sns:us-*-1:*:${aws:PrincipalTag/access-project}-*')!;
    expect(inside(c, 'arn:aws:sns:us-east-1:123456789012:peg-x')).toBe(true);
    expect(inside(c, 'arn:aws:sns:us-east:x-1:123456789012:peg-x')).toBe(false);
  });

  it('${*} matches a literal asterisk, and a variable value is never a wildcard', () => {
    const star = compileArnTemplate('arn:aws:s3:::bucket/${*}')!;
    expect(star(ctx({}), 'arn:aws:s3:::bucket/*')).toBe(true);
    expect(star(ctx({}), 'arn:aws:s3:::bucket/anything')).toBe(false);
    const team = compileArnTemplate('arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*')!;
    expect(team(ctx({ 'aws:PrincipalTag/team': '*' }), 'arn:aws:s3:::bucket/other/x')).toBe(false);
    expect(team(ctx({ 'aws:PrincipalTag/team': '*' }), 'arn:aws:s3:::bucket/*/x')).toBe(true);
    expect(team(ctx({ 'aws:PrincipalTag/team': 'a.b' }), 'arn:aws:s3:::bucket/aXb/x')).toBe(false);
  });
});

describe(`Policy variables in condition values (${VARIABLES_PAGE}, Condition element)`, () => {
  it('StringLike s3:prefix with ${aws:username} (the home-directory example)', () => {
    const block = { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } };
    expect(evaluate(block, { 'aws:username': 'martha_rivera', 's3:prefix': 'home/martha_rivera/' })).toBe(1);
    expect(evaluate(block, { 'aws:username': 'nikki_wolf', 's3:prefix': 'home/martha_rivera/' })).toBe(0);
    // "No aws:username in the request context": the variable's value never matches.
    expect(evaluate(block, { 's3:prefix': 'home/martha_rivera/' })).toBe(0);
    expect(evaluate(block, { 's3:prefix': 'home/' })).toBe(1);
  });

  it('StringLike keeps the policy wildcards around a variable: "${aws:PrincipalTag/team}/*"', () => {
    const block = { StringLike: { 's3:prefix': '${aws:PrincipalTag/team}/*' } };
    expect(evaluate(block, { 'aws:PrincipalTag/team': 'red', 's3:prefix': 'red/reports' })).toBe(1);
    expect(evaluate(block, { 'aws:PrincipalTag/team': 'red', 's3:prefix': 'blue/reports' })).toBe(0);
    expect(evaluate(block, { 'aws:PrincipalTag/team': 'r?d', 's3:prefix': 'red/reports' })).toBe(0);
  });

  it('StringEquals s3:ExistingObjectTag/owner "${aws:PrincipalTag/owner}" (AllowUnlessOwnedBySomeoneElse)', () => {
    const block = { StringEquals: { 's3:ExistingObjectTag/owner': '${aws:PrincipalTag/owner}' } };
    expect(evaluate(block, { 's3:ExistingObjectTag/owner': 'ana', 'aws:PrincipalTag/owner': 'ana' })).toBe(1);
    expect(evaluate(block, { 's3:ExistingObjectTag/owner': 'ana', 'aws:PrincipalTag/owner': 'bob' })).toBe(0);
    // No value: "condition operators like StringEquals or StringLike do not match".
    expect(evaluate(block, { 's3:ExistingObjectTag/owner': 'ana' })).toBe(0);
  });

  it('inverted operators match a variable with no value: Deny StringNotEquals Team when aws:PrincipalTag/Team is not set', () => {
    const block = { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } };
    expect(evaluate(block, { 's3:ExistingObjectTag/Team': 'blue' })).toBe(1);
    expect(evaluate(block, { 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'blue' })).toBe(0);
    expect(evaluate(block, { 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'red' })).toBe(1);
    expect(evaluate({ StringNotLike: { 's3:prefix': '${aws:username}/*' } }, { 's3:prefix': 'a/b' })).toBe(1);
  });

  it('StringLike sns:endpoint with ${aws:username} AND StringEquals sns:Protocol (the SNS topic example)', () => {
    const block = {
      StringLike: { 'sns:endpoint': 'https://example.com/${aws:username}/' },
      StringEquals: { 'sns:Protocol': 'https' },
    };
    expect(
      evaluate(block, {
        'aws:username': 'ana',
        'sns:endpoint': 'https://example.com/ana/',
        'sns:Protocol': 'https',
      }),
    ).toBe(1);
    expect(
      evaluate(block, {
        'aws:username': 'ana',
        'sns:endpoint': 'https://example.com/bob/',
        'sns:Protocol': 'https',
      }),
    ).toBe(0);
  });

  it('StringEqualsIgnoreCase and defaults in condition values', () => {
    const block = {
      StringEqualsIgnoreCase: { 'aws:RequestTag/team': "${aws:PrincipalTag/team, 'Platform'}" },
    };
    expect(evaluate(block, { 'aws:RequestTag/team': 'PLATFORM' })).toBe(1);
    expect(evaluate(block, { 'aws:RequestTag/team': 'ops', 'aws:PrincipalTag/team': 'OPS' })).toBe(1);
  });

  it(`ARN operators take variables (${OPERATORS_PAGE}): ArnLike aws:SourceArn with \${aws:PrincipalAccount}`, () => {
    const block = { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:${aws:PrincipalAccount}:*' } };
    expect(
      evaluate(block, {
        'aws:PrincipalAccount': '111122223333',
        'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t',
      }),
    ).toBe(1);
    expect(
      evaluate(block, {
        'aws:PrincipalAccount': '111122223333',
        'aws:SourceArn': 'arn:aws:sns:us-east-1:444455556666:t',
      }),
    ).toBe(0);
  });

  it(`Bool takes variables (${OPERATORS_PAGE}, Boolean: "Policy variables – Supported")`, () => {
    const block = { Bool: { 'aws:SecureTransport': "${aws:PrincipalTag/needs-tls, 'true'}" } };
    expect(evaluate(block, { 'aws:SecureTransport': 'true' })).toBe(1);
    expect(evaluate(block, { 'aws:SecureTransport': 'false', 'aws:PrincipalTag/needs-tls': 'false' })).toBe(
      1,
    );
    expect(evaluate(block, { 'aws:SecureTransport': 'false' })).toBe(0);
  });

  it(`Numeric, Date, IP address and Binary operators do not substitute variables (${OPERATORS_PAGE}: "Not supported")`, () => {
    // Substituted, the clauses would hold (1). Unsubstituted, the value is the text
    // "${aws:PrincipalTag/limit}", which the operator cannot read: unknown (2), as any malformed
    // value (engine-unreadable-condition-values.test.ts).
    expect(
      evaluate(
        { NumericLessThan: { 's3:max-keys': '${aws:PrincipalTag/limit}' } },
        { 's3:max-keys': '1', 'aws:PrincipalTag/limit': '10' },
      ),
    ).toBe(2);
    expect(
      evaluate(
        { IpAddress: { 'aws:SourceIp': '${aws:PrincipalTag/cidr}' } },
        { 'aws:SourceIp': '10.0.0.1', 'aws:PrincipalTag/cidr': '10.0.0.0/8' },
      ),
    ).toBe(2);
  });

  it('special characters: ${*} is a literal asterisk in StringLike', () => {
    const block = { StringLike: { 's3:prefix': 'a${*}' } };
    expect(evaluate(block, { 's3:prefix': 'a*' })).toBe(1);
    expect(evaluate(block, { 's3:prefix': 'abc' })).toBe(0);
  });

  it('documents without Version 2012-10-17 treat variables as literal strings (policyVariables: false)', () => {
    const clauses = clausesOf({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } });
    const literal = compileConditions(clauses, { policyVariables: false });
    const substituted = compileConditions(clauses);
    const request = ctx({ 'aws:PrincipalTag/owner': '${aws:username}', 'aws:username': 'ana' });
    expect(literal(request)).toBe(1);
    expect(substituted(request)).toBe(0);
  });
});
