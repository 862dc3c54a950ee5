// The resource search of a check on a resource pattern (analysis/exhaustive.ts
// `patternResources`) splits the matching resources by the Resource values of the statements that
// could apply; statements of one policy that differ in nothing but their Resource split them as
// one union (witness-resources.ts `unionPattern`, glob-witness.ts `UnionTokens`), since whichever
// of them names a resource the request is decided alike ("Policy evaluation logic": an Allow
// applies when one of its statements matches the request, and "An explicit deny in any of these
// policies overrides the allow", IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
// N overlapping statements then give a handful of witnesses, not 2^N (bench/pattern-search).
// The property: every verdict some resource of the pattern gets (every object key over a small
// alphabet, up to a length) is the verdict of a witness the search returns.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternResources } from '../src/analysis/exhaustive.js';
import { patternTokens, regionWitnesses } from '../src/analysis/glob-witness.js';
import { allow, arns, policy, type StatementJson, TestModel } from './helpers/engine-fixtures.js';

const USER = arns.user('u');
/** A condition the inputs do not decide for user u: its IAM unique id is not in them. */
const MAYBE_CONDITION = { StringEquals: { 'aws:userid': 'AIDAEXAMPLEID1234567' } };

function engineOf(statements: StatementJson[]) {
  const t = new TestModel();
  t.user('u', { inline: [policy(...statements)] });
  return t.engine();
}

describe('unions of patterns (glob-witness.ts)', () => {
  it('a union has two regions: a member matches, none does', () => {
    const members = ['*a1*', '*a2*', '*a3*'].map(patternTokens);
    const r = regionWitnesses([{ union: members }]);
    expect(r.complete).toBe(true);
    expect(r.regions.map((x) => x.matches)).toEqual([[false], [true]]);
    // each member alone: every combination
    expect(regionWitnesses(members).regions).toHaveLength(8);
    // a union next to a pattern: the product of the two
    const both = regionWitnesses([{ union: members }, patternTokens('b*')]);
    expect(new Set(both.regions.map((x) => x.matches.join()))).toEqual(
      new Set(['false,false', 'true,false', 'false,true', 'true,true']),
    );
  });
});

describe('the pattern search with many overlapping statements', () => {
  it('12 Allow statements on overlapping patterns: a few witnesses, complete (was: 2^12 classes)', () => {
    const statements = Array.from({ length: 12 }, (_, i) =>
      allow('s3:GetObject', `arn:aws:s3:::data-*/*k${i}*`),
    );
    const r = patternResources(engineOf(statements), USER, 's3:GetObject', 'arn:aws:s3:::data-*');
    expect(r.complete).toBe(true);
    expect(r.resources.length).toBeLessThan(10);
    const e = engineOf(statements);
    const verdicts = new Set(
      r.resources.map((res) => e.decide({ principal: USER, action: 's3:GetObject', resource: res }).decision),
    );
    expect(verdicts).toEqual(new Set(['allow', 'deny']));
  });

  it('statements that differ in a condition or a policy are not merged', () => {
    const statements = [
      allow('s3:GetObject', 'arn:aws:s3:::data-*/*a*'),
      // the user's unique id is not in the inputs: this one applies maybe
      allow('s3:GetObject', 'arn:aws:s3:::data-*/*b*', { Condition: MAYBE_CONDITION }),
    ];
    const e = engineOf(statements);
    const r = patternResources(e, USER, 's3:GetObject', 'arn:aws:s3:::data-*');
    const verdicts = new Set(
      r.resources.map((res) => e.decide({ principal: USER, action: 's3:GetObject', resource: res }).decision),
    );
    expect(verdicts).toEqual(new Set(['allow', 'deny', 'indeterminate']));
  });
});

describe('property: no verdict of a matching resource is missed', () => {
  const resources = [
    'arn:aws:s3:::d*/*a*',
    'arn:aws:s3:::d*/*b*',
    'arn:aws:s3:::d*/a*',
    'arn:aws:s3:::d*/*ab',
    'arn:aws:s3:::da/*',
    'arn:aws:s3:::db/b?',
    'arn:aws:s3:::*',
  ];
  const statement = fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      resources: fc.subarray(resources, { minLength: 1, maxLength: 2 }),
      condition: fc.constantFrom(undefined, undefined, MAYBE_CONDITION, {
        Bool: { 'aws:SecureTransport': 'true' },
      }),
    })
    .map((g) => {
      const s: StatementJson = { Effect: g.effect, Action: 's3:GetObject', Resource: g.resources };
      if (g.condition) s.Condition = g.condition;
      return s;
    });
  // every object key over {a, b, x} up to length 4, in buckets d, da, db
  const keys = [''];
  for (let n = 0; n < 4; n++)
    for (const k of keys.filter((x) => x.length === n)) for (const c of 'abx') keys.push(k + c);
  const universe = ['d', 'da', 'db'].flatMap((b) => keys.map((k) => `arn:aws:s3:::${b}/${k}`));

  it('the verdicts of the witnesses include those of every resource of the universe', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        const e = engineOf(statements);
        const decide = (resource: string) =>
          e.decide({ principal: USER, action: 's3:GetObject', resource }).decision;
        const r = patternResources(e, USER, 's3:GetObject', 'arn:aws:s3:::d*');
        expect(r.complete).toBe(true);
        const found = new Set(r.resources.map(decide));
        for (const res of universe) expect(found.has(decide(res)), res).toBe(true);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
