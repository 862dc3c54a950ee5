// Property tests of checkOnly (src/analysis/exhaustive.ts) against brute force: for random
// Allow / Deny statements with Resource or NotResource patterns and random allowed lists, any
// violation a brute-force enumeration of short object keys finds must make the check fail
// (soundness: no sampling), and every violation the check reports must be real. Rules: an
// explicit deny wins over any allow; NotResource matches every resource except the listed ones
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOnly } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { compileArnPattern } from '../src/policy/wildcard.js';

const ACCOUNT = '111122223333';
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;

const keyPattern = fc
  .array(fc.constantFrom('a', 'b', '/', '*', '?'), { minLength: 1, maxLength: 4 })
  .map((cs) => cs.join(''));
const resourcePattern = fc.oneof(
  { weight: 6, arbitrary: keyPattern.map((k) => `arn:aws:s3:::bkt/${k}`) },
  { weight: 1, arbitrary: fc.constant('arn:aws:s3:::*') },
  { weight: 1, arbitrary: fc.constant('*') },
);
const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  negated: fc.boolean(),
  patterns: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
});

/** Every object key over a small alphabet (`c` stands for characters no pattern names). */
function keys(max: number): string[] {
  const out: string[] = [];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => [...'ab/c'].map((ch) => s + ch));
    out.push(...layer);
  }
  return out;
}
const RESOURCES = [
  ...keys(4).map((k) => `arn:aws:s3:::bkt/${k}`),
  'arn:aws:s3:::other/a',
  'arn:aws:s3:::bkt2/a',
];

describe('checkOnly against brute force', () => {
  it('property: finds every violation short keys show, and reports only real ones', () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.array(resourcePattern, { minLength: 0, maxLength: 2 }),
        (statements, allowedPatterns) => {
          const b = new ModelBuilder();
          b.addAccount(ACCOUNT, 'us-east-1');
          b.addBucket({ bucketName: 'bkt', account: ACCOUNT, source: { file: 'p.ts' } });
          const u = b.addUser({ name: 'alice', account: ACCOUNT, source: { file: 'p.ts' } });
          const doc = {
            Version: '2012-10-17',
            Statement: statements.map((s) => ({
              Effect: s.Effect,
              Action: 's3:GetObject',
              [s.negated ? 'NotResource' : 'Resource']: s.patterns,
            })),
          };
          b.addInlinePolicy(u, {
            name: 'P',
            source: { file: 'p.ts' },
            document: parsePolicy(doc, { kind: 'identity', source: { file: 'p.ts' } }),
          });
          const engine = compileModel(b.build(), { now: new Date('2026-01-01T00:00:00Z') });
          const allowed = allowedPatterns.map((resource) => ({ action: 's3:GetObject', resource }));
          const covered = (r: string) => allowedPatterns.some((p) => compileArnPattern(p).test(r));
          const result = checkOnly(engine, USER, allowed, { maxWitnesses: 50 });
          const bruteForce = RESOURCES.filter(
            (r) =>
              !covered(r) &&
              engine.decide(
                { principal: USER, action: 's3:GetObject', resource: r },
                { conditions: 'optimistic' },
              ).decision !== 'deny',
          );
          if (bruteForce.length > 0) expect(result.holds).toBe(false);
          for (const v of result.violations) {
            expect(covered(v.resource)).toBe(false);
            expect(
              engine.decide(
                { principal: USER, action: v.action, resource: v.resource },
                { conditions: 'optimistic' },
              ).decision,
            ).not.toBe('deny');
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});
