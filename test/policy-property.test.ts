// Properties of the policy grammar: parsing and validation never throw on any JSON value or
// policy-shaped object (with Unknown values anywhere), no statement is ever dropped, and JSON
// text reads the same as the object it encodes ("evaluation never throws on any JSON policy",
// DESIGN.md; "Grammar of the IAM JSON policy language",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/index.js';
import { parseAndValidatePolicy } from '../src/validation/index.js';
import type { PolicyKind } from '../src/policy/types.js';

const KINDS: PolicyKind[] = ['identity', 'boundary', 'session', 'trust', 'resource', 'scp', 'rcp'];
const kind = fc.constantFrom(...KINDS);
const unknown = fc.string({ maxLength: 8 }).map((r) => new Unknown(r || 'unknown'));

/** Any JSON value, or an Unknown. */
const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: unknown },
);

const actionLike = fc.oneof(
  fc.constantFrom(
    '*',
    's3:GetObject',
    's3:Get*',
    's4:GetObject',
    'iam:PassRole',
    'sts:AssumeRole',
    'ec2:*',
    'bad',
  ),
  fc.string({ maxLength: 12 }),
  unknown,
);
const resourceLike = fc.oneof(
  fc.constantFrom(
    '*',
    'arn:aws:s3:::b',
    'arn:aws:s3:::b/*',
    'arn:aws:iam::111122223333:role/r',
    'arn:aws:s3',
    'arn:x',
  ),
  fc.string({ maxLength: 12 }),
  unknown,
);
const stringOrList = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 4 }), anyValue);
/** A value or a list of them, JSON only (no Unknown). */
const jsonStringOrList = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof(a, fc.array(a, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }));
const principalLike = fc.oneof(
  fc.constant('*'),
  fc.record(
    {
      AWS: stringOrList(
        fc.constantFrom('*', '111122223333', 'arn:aws:iam::111122223333:role/*', 'AROAEXAMPLEID12345678'),
      ),
      Service: stringOrList(fc.constantFrom('ec2.amazonaws.com', '*', 'ec2')),
      Federated: stringOrList(fc.string({ maxLength: 10 })),
      CanonicalUser: stringOrList(fc.string({ maxLength: 10 })),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const operator = fc.oneof(
  fc.constantFrom(
    'StringEquals',
    'ForAllValues:StringLike',
    'ForAnyValue:StringEqualsIfExists',
    'NumericLessThan',
    'DateGreaterThan',
    'Bool',
    'IpAddress',
    'ArnLike',
    'Null',
    'NullIfExists',
    'stringequals',
    'BinaryEquals',
  ),
  fc.string({ maxLength: 10 }),
);
const conditionKey = fc.oneof(
  fc.constantFrom(
    'aws:username',
    'aws:SourceIp',
    'aws:TagKeys',
    'aws:CurrentTime',
    'aws:SecureTransport',
    'aws:ResourceTag',
    's3:prefix',
  ),
  fc.string({ maxLength: 10 }),
);
const conditionValue = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), unknown, anyValue);
const conditionLike = fc.oneof(
  fc.dictionary(
    operator,
    fc.oneof(fc.dictionary(conditionKey, stringOrList(conditionValue), { maxKeys: 3 }), anyValue),
    {
      maxKeys: 3,
    },
  ),
  anyValue,
);
const statementLike = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        Sid: fc.oneof(fc.constantFrom('A', 'A', 'B c'), anyValue),
        Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow', 'Permit'), anyValue),
        Action: stringOrList(actionLike),
        NotAction: stringOrList(actionLike),
        Resource: stringOrList(resourceLike),
        NotResource: stringOrList(resourceLike),
        Principal: principalLike,
        NotPrincipal: principalLike,
        Condition: conditionLike,
        Extra: anyValue,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);
const policyLike = fc.record(
  {
    Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17', '2012-10-18'), anyValue),
    Id: anyValue,
    Statement: fc.oneof(
      { weight: 4, arbitrary: fc.array(statementLike, { maxLength: 5 }) },
      statementLike,
      anyValue,
    ),
    Other: anyValue,
  },
  { requiredKeys: [] },
);

function noThrow(input: unknown, k: PolicyKind): void {
  const doc = parseAndValidatePolicy(input, { kind: k, source: { file: 'p.json', pointer: '' } });
  expect(Array.isArray(doc.statements)).toBe(true);
  for (const f of doc.findings) {
    expect(typeof f.code).toBe('string');
    expect(['error', 'warning', 'info']).toContain(f.severity);
    expect(f.code).not.toBe('policy/internal-error');
  }
}

describe('parsePolicy and validatePolicy never throw', () => {
  it('on arbitrary JSON values (fc.jsonValue)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), kind, (v, k) => {
        noThrow(v, k);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary strings given as JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), kind, (s, k) => {
        noThrow(s, k);
      }),
      { numRuns: 300 },
    );
  });

  it('on policy-shaped objects with arbitrary field values and Unknowns anywhere', () => {
    fc.assert(
      fc.property(policyLike, kind, (p, k) => {
        noThrow(p, k);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('nothing is silently dropped', () => {
  it('every element of a Statement list becomes a statement, in order', () => {
    fc.assert(
      fc.property(fc.array(statementLike, { maxLength: 6 }), kind, (statements, k) => {
        const doc = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: k, source: {} });
        expect(doc.statements.map((s) => s.index)).toEqual(statements.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });

  it('every Action, Resource and condition value that is a string or Unknown is kept, in order', () => {
    fc.assert(
      fc.property(
        fc.array(actionLike, { maxLength: 5 }),
        fc.array(resourceLike, { maxLength: 5 }),
        fc.array(conditionValue, { maxLength: 5 }),
        (actions, resources, values) => {
          const doc = parsePolicy(
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: actions,
                  Resource: resources,
                  Condition: { StringLike: { 's3:prefix': values } },
                },
              ],
            },
            { kind: 'identity', source: {} },
          );
          const st = doc.statements[0]!;
          expect(st.action!.values).toEqual(actions);
          expect(st.resource!.values).toEqual(resources);
          const kept = values.filter(
            (v) => ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Unknown,
          );
          expect(st.conditions[0]!.values).toEqual(kept.map((v) => (v instanceof Unknown ? v : String(v))));
          const dropped = values.length - kept.length;
          expect(doc.findings.filter((f) => f.code === 'policy/invalid-condition-value')).toHaveLength(
            dropped,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('JSON text reads like the object it encodes', () => {
  it('same statements, effects, values, conditions and findings', () => {
    const jsonPolicy = fc.record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17'),
        Statement: fc.array(
          fc.record(
            {
              Sid: fc.constantFrom('A', 'B'),
              Effect: fc.constantFrom('Allow', 'Deny', 'allow'),
              Action: jsonStringOrList(fc.constantFrom('s3:GetObject', 'iam:*', 'x')),
              Resource: jsonStringOrList(fc.constantFrom('*', 'arn:aws:s3:::b')),
              Condition: fc.dictionary(
                operator,
                fc.dictionary(
                  conditionKey,
                  jsonStringOrList(fc.oneof(fc.string(), fc.integer(), fc.boolean())),
                ),
              ),
            },
            { requiredKeys: ['Effect'] },
          ),
          { maxLength: 4 },
        ),
      },
      { requiredKeys: ['Statement'] },
    );
    fc.assert(
      fc.property(jsonPolicy, kind, (p, k) => {
        const strip = (input: unknown) => {
          const doc = parsePolicy(input, { kind: k, source: { file: 'f' } });
          return JSON.parse(
            JSON.stringify({ ...doc, source: undefined }, (key, value) =>
              key === 'source' || key === 'valueSources' ? undefined : value,
            ),
          );
        };
        expect(strip(JSON.stringify(p))).toEqual(strip(p));
      }),
      { numRuns: 200 },
    );
  });
});
