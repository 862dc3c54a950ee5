// Condition operators, one block per operator family and per evaluation rule, each pinned to the
// IAM User Guide page it comes from. Where a page gives a table of "policy condition / request
// context / result", the rows are reproduced as test data.

import { describe, expect, it } from 'vitest';
import { compileConditions, contextFromRecord, describeClause } from '../src/engine/conditions/index.js';
import { Unknown } from '../src/model/unknown.js';
import { CONDITION_OPERATORS } from '../src/policy/types.js';
import { type ConditionBlock, clause, clausesOf, evaluate } from './engine-conditions-helpers.js';

const OPERATORS_PAGE =
  'IAM User Guide, "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const CONDITION_PAGE =
  'IAM User Guide, "IAM JSON policy elements: Condition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html';
const MULTIPLE_PAGE =
  'IAM User Guide, "Conditions with multiple context keys or values", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html';
const SETS_PAGE =
  'IAM User Guide, "Single-valued vs. multivalued context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';

type Row = [context: Record<string, string | string[]>, expected: 0 | 1 | 2];

function table(block: ConditionBlock, rows: Row[]): void {
  for (const [context, expected] of rows) {
    expect(evaluate(block, context), JSON.stringify({ block, context })).toBe(expected);
  }
}

describe(`String condition operators (${OPERATORS_PAGE})`, () => {
  it('StringEquals aws:PrincipalTag/job-category: match, other value, key absent', () => {
    table({ StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, [
      [{ 'aws:PrincipalTag/job-category': 'iamuser-admin' }, 1],
      [{ 'aws:PrincipalTag/job-category': 'dev-ops' }, 0],
      [{}, 0],
    ]);
  });

  it(`StringEquals is case sensitive, StringEqualsIgnoreCase is not (${CONDITION_PAGE})`, () => {
    table({ StringEquals: { 'aws:username': 'john' } }, [
      [{ 'aws:username': 'john' }, 1],
      [{ 'aws:username': 'John' }, 0],
    ]);
    table({ StringEqualsIgnoreCase: { 'aws:username': 'john' } }, [
      [{ 'aws:username': 'john' }, 1],
      [{ 'aws:username': 'John' }, 1],
      [{ 'aws:username': 'jane' }, 0],
    ]);
  });

  it(`context key names are case-insensitive: aws:SourceIP equals AWS:SourceIp (${CONDITION_PAGE})`, () => {
    expect(
      evaluate({ IpAddress: { 'aws:SourceIP': '203.0.113.0/24' } }, { 'AWS:SourceIp': '203.0.113.7' }),
    ).toBe(1);
  });

  it(`tag key names in context keys are case-insensitive: aws:ResourceTag/TagKey1 matches tagkey1 (${CONDITION_PAGE})`, () => {
    const block = { StringEquals: { 'aws:ResourceTag/TagKey1': 'Value1' } };
    expect(evaluate(block, { 'aws:ResourceTag/tagkey1': 'Value1' })).toBe(1);
    expect(evaluate(block, { 'aws:ResourceTag/TAGKEY1': 'Value1' })).toBe(1);
    // Values stay case-sensitive for StringEquals.
    expect(evaluate(block, { 'aws:ResourceTag/TagKey1': 'value1' })).toBe(0);
  });

  it('StringNotEquals / StringNotEqualsIgnoreCase: true when the value matches none of the values', () => {
    table({ StringNotEquals: { 'aws:RequestTag/DataClass': ['public', 'internal'] } }, [
      [{ 'aws:RequestTag/DataClass': 'private' }, 1],
      [{ 'aws:RequestTag/DataClass': 'public' }, 0],
      [{ 'aws:RequestTag/DataClass': 'internal' }, 0],
      [{ 'aws:RequestTag/DataClass': 'PUBLIC' }, 1],
    ]);
    table({ StringNotEqualsIgnoreCase: { 'aws:RequestTag/DataClass': ['public', 'internal'] } }, [
      [{ 'aws:RequestTag/DataClass': 'PUBLIC' }, 0],
      [{ 'aws:RequestTag/DataClass': 'private' }, 1],
    ]);
  });

  it('StringLike supports * (any run) and ? (one character) anywhere; StringEquals does not', () => {
    table({ StringLike: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, [
      [{ 'ec2:InstanceType': 't1.micro' }, 1],
      [{ 'ec2:InstanceType': 'm3.large' }, 1],
      [{ 'ec2:InstanceType': 'm2.micro' }, 0],
    ]);
    table({ StringLike: { 'aws:TagKeys': 'State:??' } }, [
      [{ 'aws:TagKeys': 'State:NY' }, 1],
      [{ 'aws:TagKeys': 'State:NYC' }, 0],
    ]);
    table({ StringLike: { 's3:prefix': 'home/*/docs' } }, [
      [{ 's3:prefix': 'home/ana/docs' }, 1],
      [{ 's3:prefix': 'home/ana/docs/x' }, 0],
    ]);
    table({ StringEquals: { 's3:prefix': 'home/*' } }, [
      [{ 's3:prefix': 'home/ana' }, 0],
      [{ 's3:prefix': 'home/*' }, 1],
    ]);
    // "Case-sensitive matching" for StringLike.
    expect(evaluate({ StringLike: { 's3:prefix': 'Home/*' } }, { 's3:prefix': 'home/x' })).toBe(0);
  });

  it('StringNotLike: true when the value matches none of the patterns', () => {
    table({ StringNotLike: { 's3:prefix': ['home/*', 'public/*'] } }, [
      [{ 's3:prefix': 'private/a' }, 1],
      [{ 's3:prefix': 'home/a' }, 0],
    ]);
  });

  it('StringLike with an empty-string value matches only the empty string', () => {
    table({ StringLike: { 's3:prefix': ['', 'home/'] } }, [
      [{ 's3:prefix': '' }, 1],
      [{ 's3:prefix': 'home/' }, 1],
      [{ 's3:prefix': 'other' }, 0],
    ]);
  });
});

describe(`Numeric condition operators (${OPERATORS_PAGE})`, () => {
  it('NumericLessThanEquals s3:max-keys 10 (the guide example)', () => {
    table({ NumericLessThanEquals: { 's3:max-keys': '10' } }, [
      [{ 's3:max-keys': '10' }, 1],
      [{ 's3:max-keys': '9' }, 1],
      [{ 's3:max-keys': '11' }, 0],
      [{}, 0],
    ]);
  });

  it('all six operators compare integers and decimals numerically', () => {
    const at = (op: string, request: string) =>
      evaluate(
        { [op]: { 'aws:MultiFactorAuthAge': '3600' } },
        {
          'aws:MultiFactorAuthAge': request,
        },
      );
    expect([at('NumericEquals', '3600'), at('NumericEquals', '3600.0'), at('NumericEquals', '3601')]).toEqual(
      [1, 1, 0],
    );
    expect([at('NumericNotEquals', '3600'), at('NumericNotEquals', '2800')]).toEqual([0, 1]);
    expect([at('NumericLessThan', '2800'), at('NumericLessThan', '3600')]).toEqual([1, 0]);
    expect([at('NumericLessThanEquals', '3600'), at('NumericLessThanEquals', '3600.5')]).toEqual([1, 0]);
    expect([at('NumericGreaterThan', '3600.5'), at('NumericGreaterThan', '3600')]).toEqual([1, 0]);
    expect([at('NumericGreaterThanEquals', '3600'), at('NumericGreaterThanEquals', '-1')]).toEqual([1, 0]);
    // Numbers, not strings: "10" > "9".
    expect(evaluate({ NumericGreaterThan: { k: '9' } }, { k: '10' })).toBe(1);
  });

  it('malformed numbers (iamspec rule): unknown (2), never a silent "does not match"; a well-formed value still decides', () => {
    // The guide does not say how AWS reads a value that is not a number (IAM Access Analyzer
    // only warns "Type mismatch"): reading it as "does not match" would make a Deny carrying it
    // stop applying.
    expect(evaluate({ NumericLessThan: { k: '10' } }, { k: 'ten' })).toBe(2);
    expect(evaluate({ NumericNotEquals: { k: '10' } }, { k: 'ten' })).toBe(2);
    expect(evaluate({ NumericLessThan: { k: 'ten' } }, { k: '5' })).toBe(2);
    expect(evaluate({ NumericNotEquals: { k: ['10', 'x'] } }, { k: '5' })).toBe(2);
    // Another, well-formed value matches: values are ORed, so the clause holds (its negation fails).
    expect(evaluate({ NumericLessThan: { k: ['ten', '10'] } }, { k: '5' })).toBe(1);
    expect(evaluate({ NumericNotEquals: { k: ['10', 'x'] } }, { k: '10' })).toBe(0);
    // The absent-key rule still applies first.
    expect(evaluate({ NumericNotEquals: { k: 'x' } }, {})).toBe(1);
    expect(evaluate({ NumericLessThan: { k: 'x' } }, {})).toBe(0);
  });
});

describe(`Date condition operators (${OPERATORS_PAGE})`, () => {
  it('DateGreaterThan aws:TokenIssueTime 2020-01-01T00:00:01Z; absent for long-term keys', () => {
    table({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, [
      [{ 'aws:TokenIssueTime': '2020-06-01T12:00:00Z' }, 1],
      [{ 'aws:TokenIssueTime': '2019-12-31T23:59:59Z' }, 0],
      [{ 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' }, 0],
      // "The key is not present in ... requests that are made using access keys."
      [{}, 0],
    ]);
  });

  it('all six operators; ISO 8601 with or without time and zone, and epoch seconds', () => {
    const t = '2024-03-01T12:00:00Z';
    const at = (op: string, request: string) =>
      evaluate({ [op]: { 'aws:CurrentTime': t } }, { 'aws:CurrentTime': request });
    expect(at('DateEquals', '2024-03-01T14:00:00+02:00')).toBe(1);
    expect(at('DateEquals', String(Date.parse(t) / 1000))).toBe(1);
    expect(at('DateEquals', '2024-03-01T12:00:00.000Z')).toBe(1);
    expect(at('DateNotEquals', '2024-03-01T12:00:01Z')).toBe(1);
    expect(at('DateNotEquals', '2024-03-01T12:00:00Z')).toBe(0);
    expect(at('DateLessThan', '2024-03-01')).toBe(1);
    expect(at('DateLessThan', '2024-03-02')).toBe(0);
    expect(at('DateLessThanEquals', t)).toBe(1);
    expect(at('DateGreaterThan', '2024-03-01T12:00:00.5Z')).toBe(1);
    expect(at('DateGreaterThanEquals', '2024-03-01T11:59:59Z')).toBe(0);
    // Epoch seconds in the policy, ISO in the request (aws:EpochTime style values).
    expect(
      evaluate(
        { DateLessThan: { 'aws:EpochTime': '1735689600' } },
        { 'aws:EpochTime': '2024-12-31T23:59:59Z' },
      ),
    ).toBe(1);
    // Date only = midnight UTC; year-month = first of the month.
    expect(evaluate({ DateEquals: { k: '2024-03' } }, { k: '2024-03-01T00:00:00Z' })).toBe(1);
    // ISO basic format, as in the guide's DynamoDB example (PostDateTime=20130930T231548Z).
    expect(evaluate({ DateEquals: { k: '20130930T231548Z' } }, { k: '2013-09-30T23:15:48Z' })).toBe(1);
  });

  it('malformed dates (iamspec rule): unknown (2), never a silent "does not match"', () => {
    expect(evaluate({ DateLessThan: { k: '2024-13-01' } }, { k: '2024-01-01' })).toBe(2);
    expect(evaluate({ DateLessThan: { k: '2024-02-30' } }, { k: '2024-01-01' })).toBe(2);
    expect(evaluate({ DateNotEquals: { k: '2024-01-01' } }, { k: 'yesterday' })).toBe(2);
    expect(evaluate({ DateLessThan: { k: '2024-13-01' } }, {})).toBe(0);
  });
});

describe(`Boolean condition operator (${OPERATORS_PAGE})`, () => {
  it('Bool aws:SecureTransport "false": request false, true, key absent', () => {
    table({ Bool: { 'aws:SecureTransport': 'false' } }, [
      [{ 'aws:SecureTransport': 'false' }, 1],
      [{ 'aws:SecureTransport': 'true' }, 0],
      [{}, 0],
    ]);
  });

  it('true/false are read case-insensitively; other words are unknown (iamspec rule), never a silent "does not match"', () => {
    expect(evaluate({ Bool: { 'aws:SecureTransport': 'False' } }, { 'aws:SecureTransport': 'FALSE' })).toBe(
      1,
    );
    expect(
      evaluate({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'yes' }),
    ).toBe(2);
    expect(
      evaluate({ Bool: { 'aws:MultiFactorAuthPresent': 'yes' } }, { 'aws:MultiFactorAuthPresent': 'true' }),
    ).toBe(2);
    // A well-formed value decides: "true" matches, whatever "yes" means to AWS.
    expect(
      evaluate(
        { Bool: { 'aws:MultiFactorAuthPresent': ['yes', 'true'] } },
        { 'aws:MultiFactorAuthPresent': 'true' },
      ),
    ).toBe(1);
  });
});

describe(`Binary condition operator (${OPERATORS_PAGE})`, () => {
  it('BinaryEquals compares the bytes of base64 values (the guide table)', () => {
    table({ BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, [
      [{ key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, 1],
      [{ key: 'ASIAIOSFODNN7EXAMPLE' }, 0],
      [{}, 0],
    ]);
    // Same bytes, without padding.
    expect(
      evaluate(
        { BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } },
        { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA' },
      ),
    ).toBe(1);
    // Not base64 at all (iamspec rule): unknown, never a silent "does not match".
    expect(evaluate({ BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { key: '%%%' })).toBe(2);
    expect(evaluate({ BinaryEquals: { key: '%%%' } }, { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' })).toBe(2);
  });
});

describe(`IP address condition operators (${OPERATORS_PAGE})`, () => {
  it('IpAddress aws:SourceIp 203.0.113.0/24 (the guide table)', () => {
    table({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, [
      [{ 'aws:SourceIp': '203.0.113.1' }, 1],
      [{ 'aws:SourceIp': '198.51.100.1' }, 0],
      [{}, 0],
    ]);
  });

  it('IPv4 and IPv6 ranges mixed in one condition', () => {
    table({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, [
      [{ 'aws:SourceIp': '203.0.113.255' }, 1],
      [{ 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, 1],
      [{ 'aws:SourceIp': '2001:db8:1234:5679::1' }, 0],
      [{ 'aws:SourceIp': '203.0.114.0' }, 0],
      // iamspec: an IPv4-mapped IPv6 address is compared as IPv6, never against IPv4 ranges.
      [{ 'aws:SourceIp': '::ffff:203.0.113.1' }, 0],
    ]);
  });

  it('an address without a prefix is /32 (and /128 for IPv6); IPv4 embedded in IPv6 is read', () => {
    table({ IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, [
      [{ 'aws:SourceIp': '203.0.113.7' }, 1],
      [{ 'aws:SourceIp': '203.0.113.8' }, 0],
    ]);
    table({ IpAddress: { 'aws:SourceIp': '::ffff:203.0.113.0/120' } }, [
      [{ 'aws:SourceIp': '::ffff:cb00:7101' }, 1],
      [{ 'aws:SourceIp': '::fffe:cb00:7101' }, 0],
    ]);
    table({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, [
      [{ 'aws:SourceIp': '1.2.3.4' }, 1],
      [{ 'aws:SourceIp': '2001:db8::1' }, 0],
    ]);
  });

  it('NotIpAddress: all addresses except the range', () => {
    table({ NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } }, [
      [{ 'aws:SourceIp': '198.51.100.1' }, 1],
      [{ 'aws:SourceIp': '203.0.113.9' }, 0],
      [{ 'aws:SourceIp': '192.0.2.200' }, 0],
    ]);
  });

  it('malformed CIDRs or addresses (iamspec rule): unknown (2), never a silent "does not match"', () => {
    expect(
      evaluate({ IpAddress: { 'aws:SourceIp': '203.0.113.0/33' } }, { 'aws:SourceIp': '203.0.113.1' }),
    ).toBe(2);
    expect(
      evaluate({ NotIpAddress: { 'aws:SourceIp': '300.0.0.0/8' } }, { 'aws:SourceIp': '10.0.0.1' }),
    ).toBe(2);
    expect(evaluate({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': 'vpce-1' })).toBe(
      2,
    );
    expect(
      evaluate({ IpAddress: { 'aws:SourceIp': '2001:db8:::/64' } }, { 'aws:SourceIp': '2001:db8::1' }),
    ).toBe(2);
    // A well-formed range the address lies in decides: NotIpAddress fails.
    expect(
      evaluate(
        { NotIpAddress: { 'aws:SourceIp': ['300.0.0.0/8', '10.0.0.0/8'] } },
        { 'aws:SourceIp': '10.0.0.1' },
      ),
    ).toBe(0);
  });
});

describe(`ARN condition operators (${OPERATORS_PAGE})`, () => {
  it('ArnEquals aws:SourceArn (the guide table)', () => {
    table({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:TOPIC-ID' } }, [
      [{ 'aws:SourceArn': 'arn:aws:sns:us-west-2:123456789012:TOPIC-ID' }, 1],
      [{ 'aws:SourceArn': 'arn:aws:sns:us-west-2:777788889999:TOPIC-ID' }, 0],
      [{}, 0],
    ]);
  });

  it('each of the six fields is matched separately: StringLike matches where ArnLike does not', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const request = {
      'aws:SourceArn':
        'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
    };
    expect(evaluate({ StringLike: { 'aws:SourceArn': pattern } }, request)).toBe(1);
    expect(evaluate({ ArnLike: { 'aws:SourceArn': pattern } }, request)).toBe(0);
    expect(
      evaluate(
        { ArnLike: { 'aws:SourceArn': pattern } },
        { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:111122223333:finance/a:b' },
      ),
    ).toBe(1);
  });

  it('ArnEquals and ArnLike behave identically (wildcards in both); ArnNotEquals and ArnNotLike too', () => {
    const pattern = 'arn:aws:iam::123456789012:role/app-?-*';
    for (const [ctx, want] of [
      ['arn:aws:iam::123456789012:role/app-a-reader', 1],
      ['arn:aws:iam::123456789012:role/app-ab-reader', 0],
      ['arn:aws:iam::123456789012:role/App-a-reader', 0],
    ] as const) {
      expect(evaluate({ ArnEquals: { 'aws:PrincipalArn': pattern } }, { 'aws:PrincipalArn': ctx })).toBe(
        want,
      );
      expect(evaluate({ ArnLike: { 'aws:PrincipalArn': pattern } }, { 'aws:PrincipalArn': ctx })).toBe(want);
      expect(evaluate({ ArnNotEquals: { 'aws:PrincipalArn': pattern } }, { 'aws:PrincipalArn': ctx })).toBe(
        1 - want,
      );
      expect(evaluate({ ArnNotLike: { 'aws:PrincipalArn': pattern } }, { 'aws:PrincipalArn': ctx })).toBe(
        1 - want,
      );
    }
  });

  it('ForAllValues:ArnLike logs:LogGeneratingResourceArns (the guide table, absent key matches)', () => {
    const block = {
      'ForAllValues:ArnLike': {
        'logs:LogGeneratingResourceArns': [
          'arn:aws::cloudfront:123456789012:distribution/*',
          'arn:aws::cloudfront:123456789012:distribution/support*',
        ],
      },
    };
    table(block, [
      [{ 'logs:LogGeneratingResourceArns': ['arn:aws::cloudfront:123456789012:distribution/costcenter'] }, 1],
      [
        {
          'logs:LogGeneratingResourceArns': [
            'arn:aws::cloudfront:123456789012:distribution/costcenter',
            'arn:aws::cloudfront:123456789012:distribution/support2025',
          ],
        },
        1,
      ],
      [{ 'logs:LogGeneratingResourceArns': ['arn:aws::cloudfront:777788889999:distribution/costcenter'] }, 0],
      [{}, 1],
    ]);
  });
});

describe(`Null condition operator (${OPERATORS_PAGE})`, () => {
  it('"Null": {"aws:TokenIssueTime": "false"} is true only for temporary credentials', () => {
    table({ Null: { 'aws:TokenIssueTime': 'false' } }, [
      [{ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, 1],
      [{}, 0],
    ]);
  });

  it('"Null": {"aws:TokenIssueTime": "true"} is true only when the key is absent (own credentials)', () => {
    table({ Null: { 'aws:TokenIssueTime': 'true' } }, [
      [{ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, 0],
      [{}, 1],
      // A key with no values is null.
      [{ 'aws:TokenIssueTime': [] }, 1],
    ]);
  });

  it('NullIfExists is not an operator ("except the Null condition"): unknown, never guessed', () => {
    expect(evaluate({ NullIfExists: { 'aws:TokenIssueTime': 'true' } }, {})).toBe(2);
  });

  it('Null takes "true" / "false" as strings or JSON Booleans; any other value is unknown (iamspec rule), never a silent "does not match"', () => {
    // "Use a Null condition operator to check if a condition key is absent at the time of
    // authorization. In the policy statement, use either true (the key doesn't exist — it is null)
    // or false (the key exists and its value is not null)."
    table({ Null: { 'aws:TokenIssueTime': true } } as unknown as ConditionBlock, [
      [{ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, 0],
      [{}, 1],
    ]);
    table({ Null: { 'aws:TokenIssueTime': false } } as unknown as ConditionBlock, [
      [{ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, 1],
      [{}, 0],
    ]);
    table({ Null: { 'aws:TokenIssueTime': 'yes' } }, [
      [{ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, 2],
      [{}, 2],
    ]);
    // "true" decides an absent key whatever the other value means.
    table({ Null: { 'aws:TokenIssueTime': ['yes', 'true'] } }, [
      [{ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, 2],
      [{}, 1],
    ]);
  });
});

describe(`A key absent from the request context (${OPERATORS_PAGE}, "Important")`, () => {
  const negated = [
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'NumericNotEquals',
    'DateNotEquals',
    'NotIpAddress',
    'ArnNotEquals',
    'ArnNotLike',
  ];
  const sample: Record<string, string> = {
    Numeric: '1',
    Date: '2024-01-01T00:00:00Z',
    Bool: 'true',
    Binary: 'QQ==',
    IpAddress: '10.0.0.0/8',
    NotIpAddress: '10.0.0.0/8',
  };
  const valueFor = (op: string) =>
    sample[Object.keys(sample).find((p) => op.startsWith(p) || op === p) ?? ''] ?? 'arn:aws:s3:::x';

  it('negated operators are true when the key is absent', () => {
    for (const op of negated) expect(evaluate({ [op]: { 'ec2:Missing': valueFor(op) } }, {}), op).toBe(1);
  });

  it('every other operator is false when the key is absent', () => {
    const positive = CONDITION_OPERATORS.filter((op) => op !== 'Null' && !negated.includes(op));
    expect(positive.length).toBe(18);
    for (const op of positive) expect(evaluate({ [op]: { 'ec2:Missing': valueFor(op) } }, {}), op).toBe(0);
  });

  it('...IfExists is true when the key is absent, for every operator', () => {
    for (const op of CONDITION_OPERATORS.filter((o) => o !== 'Null')) {
      expect(evaluate({ [`${op}IfExists`]: { 'ec2:Missing': valueFor(op) } }, {}), op).toBe(1);
    }
  });

  it('StringLikeIfExists ec2:InstanceType (the guide table): checked only when present', () => {
    table({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, [
      [{ 'ec2:InstanceType': 't1.micro' }, 1],
      [{ 'ec2:InstanceType': 'm2.micro' }, 0],
      [{}, 1],
    ]);
  });

  it('a Deny with StringNotEqualsIfExists still applies when the key is absent', () => {
    expect(evaluate({ StringNotEqualsIfExists: { 'aws:ResourceTag/team': 'blue' } }, {})).toBe(1);
    expect(
      evaluate(
        { StringNotEqualsIfExists: { 'aws:ResourceTag/team': 'blue' } },
        { 'aws:ResourceTag/team': 'blue' },
      ),
    ).toBe(0);
  });
});

describe(`Several values, keys and operators (${MULTIPLE_PAGE})`, () => {
  const principalTags = {
    'aws:PrincipalTag/department': ['finance', 'hr', 'legal'],
    'aws:PrincipalTag/role': ['audit', 'security'],
  };
  const users = ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'];

  it('operators AND, keys AND, values OR (StringEquals + ArnLike table)', () => {
    table({ StringEquals: principalTags, ArnLike: { 'aws:PrincipalArn': users } }, [
      [
        {
          'aws:PrincipalTag/department': 'legal',
          'aws:PrincipalTag/role': 'audit',
          'aws:PrincipalArn': users[1]!,
        },
        1,
      ],
      [
        {
          'aws:PrincipalTag/department': 'hr',
          'aws:PrincipalTag/role': 'audit',
          'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Nikki',
        },
        0,
      ],
      [
        {
          'aws:PrincipalTag/department': 'hr',
          'aws:PrincipalTag/role': 'payroll',
          'aws:PrincipalArn': users[1]!,
        },
        0,
      ],
      [{ 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalArn': users[1]! }, 0],
      [{ 'aws:PrincipalArn': users[1]! }, 0],
    ]);
  });

  it('a negated operator NORs its values (StringEquals + ArnNotLike table)', () => {
    const nikki = 'arn:aws:iam::222222222222:user/Nikki';
    table({ StringEquals: principalTags, ArnNotLike: { 'aws:PrincipalArn': users } }, [
      [
        {
          'aws:PrincipalTag/department': 'legal',
          'aws:PrincipalTag/role': 'audit',
          'aws:PrincipalArn': nikki,
        },
        1,
      ],
      [
        {
          'aws:PrincipalTag/department': 'hr',
          'aws:PrincipalTag/role': 'audit',
          'aws:PrincipalArn': users[1]!,
        },
        0,
      ],
      [
        {
          'aws:PrincipalTag/department': 'hr',
          'aws:PrincipalTag/role': 'payroll',
          'aws:PrincipalArn': nikki,
        },
        0,
      ],
      [{ 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalArn': nikki }, 0],
      [{ 'aws:PrincipalArn': nikki }, 0],
    ]);
  });

  it('an empty Condition block is true', () => {
    expect(compileConditions([])(contextFromRecord({}))).toBe(1);
  });
});

describe(`Set operators ForAllValues / ForAnyValue (${SETS_PAGE})`, () => {
  it('ForAllValues:StringEquals aws:TagKeys with Null false (the guide table)', () => {
    table(
      {
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] },
        Null: { 'aws:TagKeys': 'false' },
      },
      [
        [{ 'aws:TagKeys': ['environment'] }, 1],
        [{ 'aws:TagKeys': ['cost-center'] }, 1],
        [{ 'aws:TagKeys': ['environment', 'cost-center'] }, 1],
        [{ 'aws:TagKeys': ['environment', 'dept'] }, 0],
        [{}, 0],
      ],
    );
  });

  it('ForAllValues alone is true when the key is absent or has no values', () => {
    const block = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
    table(block, [
      [{}, 1],
      [{ 'aws:TagKeys': [] }, 1],
    ]);
  });

  it('ForAnyValue:StringEquals aws:TagKeys (the guide table); false when absent or empty', () => {
    table({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, [
      [{ 'aws:TagKeys': ['environment'] }, 1],
      [{ 'aws:TagKeys': ['cost-center'] }, 1],
      [{ 'aws:TagKeys': ['environment', 'cost-center'] }, 1],
      [{ 'aws:TagKeys': ['environment', 'dept'] }, 1],
      [{ 'aws:TagKeys': ['dept'] }, 0],
      [{}, 0],
      [{ 'aws:TagKeys': [] }, 0],
    ]);
  });

  it(`ForAnyValue:StringEquals with StringEqualsIgnoreCase (${OPERATORS_PAGE} table)`, () => {
    const block = {
      StringEqualsIgnoreCase: { 'aws:RequestTag/environment': ['preprod', 'storage'] },
      'ForAnyValue:StringEquals': { 'aws:TagKeys': 'environment' },
    };
    table(block, [
      [{ 'aws:TagKeys': ['environment'], 'aws:RequestTag/environment': 'preprod' }, 1],
      [{ 'aws:TagKeys': ['environment', 'costcenter'], 'aws:RequestTag/environment': 'PreProd' }, 1],
      // Tag key names in context keys are case-insensitive, but aws:TagKeys values are not.
      [{ 'aws:TagKeys': ['Environment'], 'aws:RequestTag/Environment': 'preprod' }, 0],
      [{ 'aws:TagKeys': ['costcenter'], 'aws:RequestTag/environment': 'preprod' }, 0],
      [{ 'aws:RequestTag/environment': 'storage' }, 0],
      [{ 'aws:TagKeys': ['environment'] }, 0],
      [{}, 0],
    ]);
  });

  it(`negated set operators (${OPERATORS_PAGE}, "Multivalued string condition operators")`, () => {
    // ForAllValues:StringNotEquals: none of the request values matches any policy value.
    table({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, [
      [{ 'aws:TagKeys': ['c', 'd'] }, 1],
      [{ 'aws:TagKeys': ['c', 'a'] }, 0],
      [{}, 1],
    ]);
    // ForAnyValue:StringNotEquals: at least one request value matches none of the policy values.
    table({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, [
      [{ 'aws:TagKeys': ['a', 'c'] }, 1],
      [{ 'aws:TagKeys': ['a', 'b'] }, 0],
      [{}, 0],
    ]);
  });

  it(`ForAllValues:StringNotLike aws:ResourceOrgPaths (${OPERATORS_PAGE}, wildcard example rows 1-2)`, () => {
    const block = {
      'ForAllValues:StringNotLike': {
        'aws:ResourceOrgPaths': [
          'o-acorg/r-acroot/ou-acroot-mediaou/',
          'o-acorg/r-acroot/ou-acroot-sportsou/*',
        ],
      },
    };
    // The guide's result column for this example reads "Match" for the sportsou path and "No
    // match" for the mediaou path, the opposite of what the same page says the operator computes
    // ("None of the values of the context key in the request can match any of the context key
    // values in your policy"): sportsou/costcenter/ matches sportsou/*, so the condition is false
    // and the Deny does not apply (which is what the column seems to describe: access stays inside
    // the boundary). We pin the condition's value. Its "no key: No match" row contradicts the
    // guide's general rule that ForAllValues is true for an absent key (tested above).
    table(block, [
      [{ 'aws:ResourceOrgPaths': ['o-acorg/r-acroot/ou-acroot-sportsou/costcenter/'] }, 0],
      [{ 'aws:ResourceOrgPaths': ['o-acorg/r-acroot/ou-acroot-mediaou/costcenter/'] }, 1],
      [{ 'aws:ResourceOrgPaths': ['o-acorg/r-acroot/ou-acroot-mediaou/'] }, 0],
    ]);
  });

  it('ForAnyValue ignores IfExists for an absent key (AWS re:Post "ForAnyValue:StringEqualsIfExists behaving unexpectedly", https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w)', () => {
    expect(evaluate({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'team' } }, {})).toBe(0);
    expect(evaluate({ 'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': 'team' } }, {})).toBe(1);
  });

  it('a single-valued operator given several request values: the answer when every value gives it, else 2 (the guide only says "Multivalued context keys require a condition set operator")', () => {
    // IAM User Guide, "Single-valued vs. multivalued context keys": "Multivalued context keys
    // require a condition set operator." The guide does not say what AWS computes without one:
    // "some value matches" and "every value matches" differ when the values disagree.
    table({ StringEquals: { 'aws:TagKeys': 'a' } }, [
      [{ 'aws:TagKeys': ['a', 'a'] }, 1],
      [{ 'aws:TagKeys': ['b', 'a'] }, 2],
      [{ 'aws:TagKeys': ['b', 'c'] }, 0],
    ]);
    table({ StringNotEquals: { 'aws:TagKeys': 'a' } }, [
      [{ 'aws:TagKeys': ['a', 'a'] }, 0],
      [{ 'aws:TagKeys': ['b', 'a'] }, 2],
      [{ 'aws:TagKeys': ['b', 'c'] }, 1],
    ]);
    // every negated operator, not only StringNotEquals
    table({ StringNotLike: { 'aws:PrincipalOrgPaths': 'o-1/r-1/ou-1/*' } }, [
      [{ 'aws:PrincipalOrgPaths': ['o-1/r-1/ou-1/', 'o-1/r-1/ou-2/'] }, 2],
      [{ 'aws:PrincipalOrgPaths': ['o-1/r-1/ou-2/', 'o-1/r-1/ou-3/'] }, 1],
    ]);
    table({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, [
      [{ 'aws:SourceIp': ['10.1.1.1', '192.168.0.1'] }, 2],
      [{ 'aws:SourceIp': ['10.1.1.1', '10.2.2.2'] }, 0],
    ]);
    // IfExists reads a present key the same way
    table({ StringNotEqualsIfExists: { 'aws:TagKeys': 'a' } }, [
      [{ 'aws:TagKeys': ['b', 'a'] }, 2],
      [{}, 1],
    ]);
    // one value that matches and one only an unknown policy value could: the readings differ too
    expect(evaluate({ StringEquals: { k: ['a', new Unknown('later')] } }, { k: ['a', 'b'] })).toBe(2);
    // set operators keep their documented answers
    expect(
      evaluate({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['b', 'a'] }),
    ).toBe(1);
    expect(
      evaluate({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['b', 'a'] }),
    ).toBe(0);
  });
});

describe('Unknown values (iamspec: a result that depends on an unresolved value is 2)', () => {
  const u = new Unknown('bucket name known after apply');

  it('StringEquals {k: ["a", Unknown]}: 1 when k is "a", 2 otherwise', () => {
    expect(evaluate({ StringEquals: { k: ['a', u] } }, { k: 'a' })).toBe(1);
    expect(evaluate({ StringEquals: { k: ['a', u] } }, { k: 'b' })).toBe(2);
    expect(evaluate({ StringEquals: { k: ['a', u] } }, {})).toBe(0);
  });

  it('negated operators: 0 when a known value matches, 2 when only the unknown could', () => {
    expect(evaluate({ StringNotEquals: { k: ['a', u] } }, { k: 'a' })).toBe(0);
    expect(evaluate({ StringNotEquals: { k: ['a', u] } }, { k: 'b' })).toBe(2);
    expect(evaluate({ StringNotEquals: { k: [u] } }, {})).toBe(1);
  });

  it('typed operators and set operators propagate unknown', () => {
    expect(evaluate({ NumericLessThan: { k: ['10', u] } }, { k: '5' })).toBe(1);
    expect(evaluate({ NumericLessThan: { k: ['10', u] } }, { k: '20' })).toBe(2);
    expect(
      evaluate({ ArnLike: { 'aws:SourceArn': u } }, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:1:t' }),
    ).toBe(2);
    expect(
      evaluate({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', u] } }, { 'aws:SourceIp': '10.1.1.1' }),
    ).toBe(1);
    expect(evaluate({ 'ForAllValues:StringEquals': { k: ['a', u] } }, { k: ['a', 'b'] })).toBe(2);
    expect(evaluate({ 'ForAllValues:StringEquals': { k: ['a', u] } }, { k: ['a'] })).toBe(1);
    expect(evaluate({ 'ForAnyValue:StringEquals': { k: ['a', u] } }, { k: ['b', 'c'] })).toBe(2);
    expect(evaluate({ Null: { k: u } }, {})).toBe(2);
    expect(evaluate({ Null: { k: ['true', u] } }, {})).toBe(1);
  });

  it('AND: a false clause wins over an unknown one; an unknown clause with true ones gives 2', () => {
    expect(evaluate({ StringEquals: { k: u, j: 'x' } }, { k: 'a', j: 'y' })).toBe(0);
    expect(evaluate({ StringEquals: { k: u, j: 'x' } }, { k: 'a', j: 'x' })).toBe(2);
    expect(
      evaluate(
        { StringEquals: { k: u }, Bool: { b: 'true' }, IpAddress: { ip: '10.0.0.0/8' } },
        { k: 'a', b: 'true', ip: '10.0.0.1' },
      ),
    ).toBe(2);
  });

  it('an unknown operator is 2 whatever the context, never silently true or false', () => {
    expect(evaluate({ StringEqualz: { k: 'a' } }, { k: 'a' })).toBe(2);
    expect(evaluate({ StringEqualz: { k: 'a' } }, {})).toBe(2);
    expect(evaluate({ StringEqualz: { k: 'a' }, StringEquals: { j: 'x' } }, { j: 'y' })).toBe(0);
  });
});

describe('describeClause (trace text)', () => {
  it('renders the operator, key and values', () => {
    expect(describeClause(clause('Bool', 'aws:SecureTransport', 'false'))).toBe(
      'aws:SecureTransport is "false" (Bool)',
    );
    expect(describeClause(clause('StringNotEquals', 'aws:username', ['a', 'b']))).toBe(
      'aws:username is not any of "a", "b" (StringNotEquals)',
    );
    expect(describeClause(clause('Null', 'aws:TokenIssueTime', 'true'))).toBe(
      'aws:TokenIssueTime is absent (Null)',
    );
    expect(describeClause(clause('ForAllValues:StringLikeIfExists', 'aws:TagKeys', ['a*', 'b']))).toBe(
      'every value of aws:TagKeys matches one of "a*", "b", if present (ForAllValues:StringLikeIfExists)',
    );
    expect(describeClause(clause('IpAddress', 'aws:SourceIp', new Unknown('param')))).toBe(
      'aws:SourceIp is in (unknown: param) (IpAddress)',
    );
    expect(describeClause(clause('Foo', 'k', 'v'))).toBe('k "v" (Foo: unknown operator)');
  });

  it('describes every operator without throwing', () => {
    for (const c of clausesOf(Object.fromEntries(CONDITION_OPERATORS.map((op) => [op, { k: 'v' }])))) {
      expect(describeClause(c)).toContain(`(${c.operator})`);
    }
  });
});
