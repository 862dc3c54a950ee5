// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Property tests for condition evaluation: it never throws on arbitrary clauses and contexts, it
// always answers 0, 1 or 2, and a few algebraic facts hold (negation, unknown monotonicity).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileConditions,
  compileTemplate,
  contextFromRecord,
  describeClause,
} from '../src/engine/conditions/index.js';
import { compileArnLiteral } from '../src/engine/conditions/patterns.js';
import { Unknown } from '../src/model/unknown.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { CONDITION_OPERATORS, type ConditionClause } from '../src/policy/types.js';
import { clause } from './engine-conditions-helpers.js';

const KEYS = ['k', 'aws:SourceIp', 'aws:PrincipalTag/team', 'aws:TagKeys', 'aws:CurrentTime'];

const interestingString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    '*',
    '?',
    '${',
    '${k}',
    "${k, 'd'}",
    '${*}',
    "${aws:PrincipalTag/team, 'x}",
    'true',
    'FALSE',
    '10',
    '-1.5e3',
    '2024-01-01T00:00:00Z',
    '1700000000',
    '10.0.0.0/8',
    '2001:db8::/32',
    '::',
    'QQ==',
    'arn:aws:s3:::b/*',
    'arn:aws:iam::*:role/${k}',
  ),
);

const value = fc.oneof(
  { weight: 5, arbitrary: interestingString },
  { weight: 1, arbitrary: fc.constant(new Unknown('u')) },
);

const operatorName = fc.oneof(
  fc.constantFrom(...CONDITION_OPERATORS),
  fc.string(),
  fc
    .tuple(
      fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:'),
      fc.constantFrom(...CONDITION_OPERATORS),
      fc.constantFrom('', 'IfExists'),
    )
    .map(([a, b, c]) => a + b + c),
);

const clauseArb = fc
  .tuple(operatorName, fc.oneof(fc.constantFrom(...KEYS), fc.string()), fc.array(value, { maxLength: 4 }))
  .map(([op, key, values]) => clause(op, key, values));

const contextArb = fc.dictionary(
  fc.oneof(fc.constantFrom(...KEYS), fc.string()),
  fc.oneof(interestingString, fc.array(interestingString, { maxLength: 3 })),
);

describe('condition evaluation properties', () => {
  it('never throws and always answers 0, 1 or 2, on arbitrary clauses and contexts', () => {
    fc.assert(
      fc.property(fc.array(clauseArb, { maxLength: 5 }), contextArb, (clauses, record) => {
        const r = compileConditions(clauses)(contextFromRecord(record));
        expect([0, 1, 2]).toContain(r);
        for (const c of clauses) expect(typeof describeClause(c)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on malformed clause objects (missing or wrong-typed fields)', () => {
    const junk = fc.record({
      operator: fc.anything(),
      base: fc.oneof(fc.constantFrom(...CONDITION_OPERATORS), fc.constant(undefined), fc.string()),
      ifExists: fc.anything(),
      set: fc.anything(),
      key: fc.anything(),
      values: fc.oneof(fc.anything(), fc.array(fc.anything())),
      source: fc.constant({}),
    });
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 3 }), contextArb, (clauses, record) => {
        const r = compileConditions(clauses as unknown as ConditionClause[])(contextFromRecord(record));
        expect([0, 1, 2]).toContain(r);
        for (const c of clauses)
          expect(typeof describeClause(c as unknown as ConditionClause)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('compileTemplate never throws and substitutes deterministically', () => {
    fc.assert(
      fc.property(interestingString, contextArb, (s, record) => {
        const t = compileTemplate(s);
        if (t) {
          const out = t(contextFromRecord(record));
          expect(out === undefined || typeof out === 'string').toBe(true);
        }
      }),
    );
  });

  it('for a present single-valued key, a negated string operator is the Kleene negation of its positive form', () => {
    const pairs = [
      ['StringEquals', 'StringNotEquals'],
      ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
      ['StringLike', 'StringNotLike'],
      ['ArnLike', 'ArnNotLike'],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.array(value, { minLength: 1, maxLength: 4 }),
        interestingString,
        ([pos, neg], values, request) => {
          const c = contextFromRecord({ k: request, 'aws:username': 'ana' });
          const p = compileConditions([clause(pos, 'k', values)])(c);
          const n = compileConditions([clause(neg, 'k', values)])(c);
          expect(n).toBe(p === 2 ? 2 : 1 - p);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('replacing an Unknown value by any known value only resolves 2; it never flips 0 and 1', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'StringEquals',
          'StringNotEquals',
          'StringLike',
          'ForAllValues:StringEquals',
          'ForAnyValue:StringNotLike',
        ),
        fc.array(interestingString, { maxLength: 3 }),
        interestingString,
        fc.oneof(interestingString, fc.array(interestingString, { maxLength: 3 })),
        (op, known, replacement, request) => {
          const c = contextFromRecord({ k: request });
          const withUnknown = compileConditions([clause(op, 'k', [...known, new Unknown('u')])])(c);
          const resolved = compileConditions([clause(op, 'k', [...known, replacement])])(c);
          if (withUnknown !== 2) expect(resolved).toBe(withUnknown);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('ARN patterns compiled to one RegExp match exactly like compileArnPattern (src/policy/wildcard.ts)', () => {
    const arnish = fc.string({
      unit: fc.constantFrom('a', 'b', ':', '*', '?', '/', '.', '$', '\n'),
      maxLength: 14,
    });
    fc.assert(
      fc.property(arnish, arnish, (pattern, candidate) => {
        expect(compileArnLiteral(pattern)(candidate)).toBe(compileArnPattern(pattern).test(candidate));
      }),
      { numRuns: 5000 },
    );
  });
});
