// Witness strings for wildcard patterns (src/analysis/glob-witness.ts): every witness returned
// must really match / not match, and when no witness is returned none may exist (checked against
// brute-force enumeration over a small alphabet). Pattern semantics are the engine's: `*` any run
// of characters, `?` one character, and in an ARN-shaped pattern wildcards stay inside the
// colon-separated fields except the last (IAM User Guide, "IAM JSON policy elements: Resource",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  differenceWitness,
  intersectionWitness,
  patternCovers,
  patternTokens,
  regionWitnesses,
  sampleMembers,
  templateTokens,
  tokensMatch,
} from '../src/analysis/glob-witness.js';
import { allServicePrefixes, arnSeparatorsOfService, resourceTypesOfService } from '../src/catalog/index.js';
import { compileArnPattern } from '../src/policy/wildcard.js';

const matches = (pattern: string, s: string) => compileArnPattern(pattern).test(s);

/** Every string over `alphabet` up to length `max`. */
function allStrings(alphabet: string, max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    const next: string[] = [];
    for (const s of layer) for (const ch of alphabet) next.push(s + ch);
    out.push(...next);
    layer = next;
  }
  return out;
}

const SMALL = 'ab/';
const STRINGS = allStrings(`${SMALL}c`, 6);
const globArb = fc
  .array(fc.constantFrom('a', 'b', '/', '*', '?'), { minLength: 0, maxLength: 4 })
  .map((cs) => cs.join(''));
const arnArb = fc
  .tuple(
    fc.constantFrom('aws', '*', 'a?s', ''),
    fc.constantFrom('s3', '*', 's?'),
    fc.constantFrom('', '*', 'us-east-1', 'us-*'),
    fc.constantFrom('', '*', '111122223333', '1111*'),
    fc.array(fc.constantFrom('a', 'b', '/', ':', '*', '?'), { minLength: 0, maxLength: 5 }),
  )
  .map(([p, s, r, a, rest]) => `arn:${p}:${s}:${r}:${a}:${rest.join('')}`);
const stringArb = fc
  .tuple(
    fc.constantFrom('aws', 'x', ''),
    fc.constantFrom('s3', 'sq', 'ec2'),
    fc.constantFrom('', 'us-east-1', 'us-x'),
    fc.constantFrom('', '111122223333', '11112'),
    fc.array(fc.constantFrom('a', 'b', '/', ':', 'c'), { minLength: 0, maxLength: 6 }),
  )
  .map(([p, s, r, a, rest]) => `arn:${p}:${s}:${r}:${a}:${rest.join('')}`);

describe('intersection and difference witnesses', () => {
  it('finds a key under a bucket that a Deny on a prefix does not cover (a carve-out difference)', () => {
    const w = differenceWitness('arn:aws:s3:::company1-logs/*', 'arn:aws:s3:::company1-logs/secret/*');
    expect(w).toBeDefined();
    expect(matches('arn:aws:s3:::company1-logs/*', w!)).toBe(true);
    expect(matches('arn:aws:s3:::company1-logs/secret/*', w!)).toBe(false);
  });

  it('finds nothing when one pattern contains the other', () => {
    expect(differenceWitness('arn:aws:s3:::b/x/*', 'arn:aws:s3:::b/*')).toBeUndefined();
    expect(differenceWitness('arn:aws:s3:::b/*', '*')).toBeUndefined();
    expect(patternCovers('arn:aws:s3:::*', 'arn:aws:s3:::b?/*')).toBe(true);
    expect(patternCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::*')).toBe(false);
  });

  it('intersects a prefix and a suffix pattern', () => {
    const w = intersectionWitness('arn:aws:s3:::logs-*', 'arn:aws:s3:::*-2026');
    expect(w).toBeDefined();
    expect(matches('arn:aws:s3:::logs-*', w!)).toBe(true);
    expect(matches('arn:aws:s3:::*-2026', w!)).toBe(true);
    expect(intersectionWitness('arn:aws:s3:::a*', 'arn:aws:s3:::b*')).toBeUndefined();
  });

  it('keeps wildcards of the first five ARN fields inside their field, but for a * ending one', () => {
    // `a*b` in the partition field cannot stand for "a:b", so these two never meet...
    expect(intersectionWitness('arn:a*b:s3:::x', 'arn:a:b:s3:::x')).toBeUndefined();
    // ...a `*` ending it may ("If the * wildcard is the last character of a resource ARN
    // segment, it can expand to match beyond the colon boundaries", IAM User Guide, "IAM JSON
    // policy elements: Resource")...
    expect(intersectionWitness('arn:*:s3:::x', 'arn:a:b:s3:::x')).toBe('arn:a:b:s3:::x');
    // ...while a `*` in the resource field may cross colons.
    const w = intersectionWitness(
      'arn:aws:logs:us-east-1:111122223333:log-group:*',
      'arn:aws:logs:*:*:*:x:y',
    );
    expect(w).toBeDefined();
    expect(w!.endsWith(':x:y')).toBe(true);
  });

  it('property: any intersection witness matches both patterns, and none exists when it says so', () => {
    fc.assert(
      fc.property(globArb, globArb, (a, b) => {
        const w = intersectionWitness(a, b);
        if (w !== undefined) return matches(a, w) && matches(b, w);
        return !STRINGS.some((s) => matches(a, s) && matches(b, s));
      }),
      { numRuns: 300 },
    );
  });

  it('property: any difference witness matches one pattern and not the other, and none exists when it says so', () => {
    fc.assert(
      fc.property(globArb, globArb, (a, b) => {
        const w = differenceWitness(a, b);
        if (w !== undefined) return matches(a, w) && !matches(b, w);
        return !STRINGS.some((s) => matches(a, s) && !matches(b, s));
      }),
      { numRuns: 300 },
    );
  });

  it('property: ARN-shaped witnesses really match / do not match (engine matcher)', () => {
    fc.assert(
      fc.property(arnArb, arnArb, (a, b) => {
        const i = intersectionWitness(a, b);
        const d = differenceWitness(a, b);
        return (
          (i === undefined || (matches(a, i) && matches(b, i))) &&
          (d === undefined || (matches(a, d) && !matches(b, d)))
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('region witnesses', () => {
  it('property: one witness per reachable combination of matches, and no combination missed', () => {
    fc.assert(
      fc.property(fc.array(globArb, { minLength: 1, maxLength: 4 }), (patterns) => {
        const r = regionWitnesses(patterns.map(patternTokens));
        expect(r.complete).toBe(true);
        const found = new Set<string>();
        for (const region of r.regions) {
          const actual = patterns.map((p) => matches(p, region.witness));
          if (actual.join() !== region.matches.join()) return false;
          found.add(actual.join());
        }
        if (found.size !== r.regions.length) return false;
        // Brute force: every combination some short string produces was found.
        for (const s of STRINGS) if (!found.has(patterns.map((p) => matches(p, s)).join())) return false;
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('restricts witnesses to ARN formats when asked (S3 object keys are at least one character)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a catalog ARN template, not a JS template
    const object = templateTokens('arn:${Partition}:s3:::${BucketName}/${ObjectName}', '');
    const r = regionWitnesses([patternTokens('arn:aws:s3:::b/*'), patternTokens('arn:aws:s3:::b/p/*')], {
      within: [object],
    });
    const combos = r.regions.map((x) => x.matches.join());
    expect(combos).toContain('true,false');
    expect(combos).toContain('true,true');
    expect(combos).toContain('false,false');
    for (const x of r.regions) expect(tokensMatch(object, x.witness)).toBe(true);
  });

  it('says when its state limit stopped the search', () => {
    const patterns = ['*a*b*', '*b*a*', '*ab*', '*ba*'].map(patternTokens);
    expect(regionWitnesses(patterns, { maxStates: 3 }).complete).toBe(false);
    expect(regionWitnesses(patterns).complete).toBe(true);
  });

  it('property: the token matcher agrees with the engine matcher', () => {
    fc.assert(
      fc.property(
        fc.oneof(arnArb, globArb),
        fc.oneof(stringArb, fc.constantFrom(...STRINGS.slice(0, 200))),
        (p, s) => {
          return tokensMatch(patternTokens(p), s) === matches(p, s);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('sampleMembers gives strings of the format: a pattern failing one cannot cover it (as the search says)', () => {
    // witness-resources.ts answers "does this pattern cover this ARN format" no at once when a
    // sample string of the format fails the pattern; that is exact only if each sample is a
    // string of the format. Every catalog ARN format is checked, and for the formats of a few
    // services the quick answer is compared with the search's.
    const patterns = [
      '*',
      'arn:*:*:*:*:*',
      'arn:aws:*:*:111122223333:*',
      'arn:*:*:*::*',
      'arn:*:*:us-east-1:*:*',
      'arn:aws:s3:::*',
      'arn:aws:s3:::b/*',
      'arn:aws:ec2:*:*:instance/*',
      'arn:aws:iam::*:role/*',
      'arn:aws:logs:*:*:log-group:*',
      'arn:aws:lambda:*:*:function:*:*',
      'arn:aws:dynamodb:*:*:table/t/*',
      '*/*',
      'arn:aws:?3:::*',
    ];
    let formats = 0;
    let refuted = 0;
    for (const service of allServicePrefixes()) {
      const separators = arnSeparatorsOfService(service);
      const compared = ['s3', 'ec2', 'iam', 'logs', 'lambda', 'dynamodb', 'sqs', 'kms'].includes(service);
      for (const rt of resourceTypesOfService(service))
        for (const template of rt.arns) {
          const fixed = template.replace(/\$\{Partition\}/g, 'aws');
          const within = templateTokens(fixed, separators.get(template) ?? '');
          const samples = sampleMembers(within);
          formats++;
          for (const sample of samples) expect(tokensMatch(within, sample), `${fixed}: ${sample}`).toBe(true);
          if (!compared) continue;
          for (const p of patterns) {
            const tokens = patternTokens(p);
            const quickNo = !samples.every((x) => tokensMatch(tokens, x));
            const r = regionWitnesses([tokens], { within: [within] });
            const covers = r.complete && r.regions.every((x) => x.matches[0]);
            if (quickNo) {
              refuted++;
              expect(covers, `${p} covers ${fixed}`).toBe(false);
            }
          }
        }
    }
    expect(formats).toBeGreaterThan(1000);
    expect(refuted).toBeGreaterThan(100);
  });
});
