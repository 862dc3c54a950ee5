// The wildcard matcher (src/policy/glob-match.ts) against a reference: a dynamic program over
// (pattern position, value position) written from the rules, on small random patterns and
// values; captures name a way the value matches; and patterns built for backtracking stay fast.
//
// IAM User Guide, "IAM JSON policy elements: Resource",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html:
// "You can use wildcard characters (* and ?) within the individual segments of an ARN (the
// parts separated by colons) to represent: any combination of characters (*), any single
// character (?)". "If the * wildcard is the last character of a resource ARN segment, it can
// expand to match beyond the colon boundaries." (the Resource element only: the ArnLike operator
// checks "each of the six colon-delimited components of the ARN ... separately", IAM User
// Guide, "IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arnCaptures,
  arnMatches,
  compileArnPieces,
  compileArnText,
  compileGlobPieces,
  compileGlobText,
  type GlobPiece,
  globCaptures,
  globMatches,
} from '../src/policy/glob-match.js';
import { compileArnPattern, compileGlob } from '../src/policy/wildcard.js';

const RUNS = Number(process.env.GLOB_RUNS ?? 2000);

/** Reference tokens: one character class, and whether it repeats (`*`) or not. */
interface Tok {
  star: boolean;
  min: number;
  /** A literal character, or undefined for "any character except those in `except`". */
  lit: string | undefined;
  except: string;
}

/**
 * The reference's tokens for pieces; `arn` applies the per-field rule. With `caps`, each capture
 * is replaced by its text as literal characters (the fields stay those of the pattern).
 */
function tokens(
  pieces: readonly GlobPiece[],
  arn: boolean,
  caps?: readonly string[],
  crossing = false,
): Tok[] {
  let colons = 0;
  for (const p of pieces) if (p.kind === 'text') colons += p.text.split(':').length - 1;
  const fields = arn && colons >= 5;
  // The Resource element's rule (patterns with captures keep the field rule).
  const cross = crossing && fields && pieces.every((p) => p.kind === 'text');
  let field = 0;
  const out: Tok[] = [];
  const except = () => (fields && field < 5 ? ':' : '');
  let c = 0;
  for (const p of pieces) {
    if (p.kind === 'capture' && caps) {
      for (const ch of caps[c++]!) out.push({ star: false, min: 1, lit: ch, except: '' });
      continue;
    }
    if (p.kind === 'capture') {
      out.push({ star: true, min: p.min, lit: undefined, except: except() });
      continue;
    }
    for (const ch of p.text) {
      if (p.wild && ch === '*') out.push({ star: true, min: 0, lit: undefined, except: except() });
      else if (p.wild && ch === '?') out.push({ star: false, min: 1, lit: undefined, except: except() });
      else {
        const prev = out[out.length - 1];
        if (ch === ':' && cross && field < 5 && prev?.star && prev.lit === undefined) prev.except = '';
        if (ch === ':') field++;
        out.push({ star: false, min: 1, lit: ch, except: '' });
      }
    }
  }
  return out;
}

/** Does `s` match the tokens? Memoised on (token, position): quadratic, never exponential. */
function reference(toks: readonly Tok[], s: string): boolean {
  const memo = new Map<number, boolean>();
  const ok = (t: Tok, c: string) => (t.lit !== undefined ? t.lit === c : !t.except.includes(c));
  const go = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === toks.length) r = j === s.length;
    else {
      const t = toks[i]!;
      if (!t.star) r = j < s.length && ok(t, s[j]!) && go(i + 1, j + 1);
      else {
        r = false;
        // Take `min` characters first, then any further number.
        let k = j;
        let good = true;
        for (let m = 0; m < t.min; m++, k++) if (k >= s.length || !ok(t, s[k]!)) good = false;
        if (good) {
          for (; ; k++) {
            if (go(i + 1, k)) {
              r = true;
              break;
            }
            if (k >= s.length || !ok(t, s[k]!)) break;
          }
        }
      }
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

const alphabet = fc.constantFrom('a', 'b', ':', '/', '*', '?');
const text = fc.array(alphabet, { maxLength: 12 }).map((a) => a.join(''));
const value = fc
  .array(fc.constantFrom('a', 'b', ':', '/', '*', '?'), { maxLength: 16 })
  .map((a) => a.join(''));
const piece: fc.Arbitrary<GlobPiece> = fc.oneof(
  { weight: 4, arbitrary: text.map((t) => ({ kind: 'text' as const, text: t, wild: true })) },
  { weight: 1, arbitrary: text.map((t) => ({ kind: 'text' as const, text: t, wild: false })) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1).map((min) => ({ kind: 'capture' as const, min })) },
);
const pieces = fc.array(piece, { maxLength: 5 });

/** A value built to resemble the pattern, so that matches are common. */
const near = (p: readonly GlobPiece[]) =>
  fc
    .tuple(...p.map(() => fc.array(fc.constantFrom('a', 'b', ':', '/'), { maxLength: 3 })))
    .map((fills) =>
      p
        .map((x, i) =>
          x.kind === 'capture'
            ? fills[i]!.join('') || 'a'
            : x.text.replace(/[*?]/g, () => fills[i]!.join('') || 'b'),
        )
        .join(''),
    );

describe('glob matching agrees with the reference', () => {
  it('plain globs (any run, any one character)', () => {
    fc.assert(
      fc.property(
        pieces.chain((p) => fc.tuple(fc.constant(p), fc.oneof(value, near(p)))),
        ([p, s]) => {
          expect(globMatches(compileGlobPieces(p), s)).toBe(reference(tokens(p, false), s));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('ARN patterns (wildcards in the first five fields never cross a colon)', () => {
    const arnPieces = fc
      .tuple(pieces, pieces)
      .map(([a, b]) => [...a, { kind: 'text' as const, text: 'x:y:z:w:v:', wild: false }, ...b]);
    fc.assert(
      fc.property(
        fc.oneof(pieces, arnPieces).chain((p) => fc.tuple(fc.constant(p), fc.oneof(value, near(p)))),
        ([p, s]) => {
          expect(arnMatches(compileArnPieces(p), s)).toBe(reference(tokens(p, true), s));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Resource patterns (a * ending one of the first five fields may cross the colon)', () => {
    const arnPieces = fc
      .tuple(pieces, pieces)
      .map(([a, b]) => [...a, { kind: 'text' as const, text: 'x*:y:*:w?:v*:', wild: true }, ...b]);
    fc.assert(
      fc.property(
        fc.oneof(pieces, arnPieces).chain((p) => fc.tuple(fc.constant(p), fc.oneof(value, near(p)))),
        ([p, s]) => {
          const prog = compileArnPieces(p, { segmentEndStarCrosses: true });
          expect(arnMatches(prog, s)).toBe(reference(tokens(p, true, undefined, true), s));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('captures name a way the value matches', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        pieces.chain((p) => fc.tuple(fc.constant(p), fc.oneof(value, near(p)))),
        (arn, [p, s]) => {
          const caps = arn ? arnCaptures(compileArnPieces(p), s) : globCaptures(compileGlobPieces(p), s);
          const expected = reference(tokens(p, arn), s);
          expect(caps !== undefined).toBe(expected);
          if (!caps) return;
          let c = 0;
          for (const x of p)
            if (x.kind === 'capture') expect(caps[c++]!.length).toBeGreaterThanOrEqual(x.min);
          // Filling each capture with its text gives a pattern that still matches.
          expect(reference(tokens(p, arn, caps), s)).toBe(true);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  it('case-insensitive globs (actions, condition keys) ignore case on both sides', () => {
    const mixed = fc
      .array(fc.constantFrom('a', 'A', 'b', 'B', '*', '?'), { maxLength: 10 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(mixed, mixed, (p, s) => {
        const lower = [{ kind: 'text' as const, text: p.toLowerCase(), wild: true }];
        expect(globMatches(compileGlobText(p, true), s)).toBe(
          reference(tokens(lower, false), s.toLowerCase()),
        );
        expect(compileGlob(p, true).test(s)).toBe(reference(tokens(lower, false), s.toLowerCase()));
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('examples', () => {
  it('a * inside the account field stops at the colon; one ending it or in the resource field does not', () => {
    const m = compileArnPattern('arn:aws:iam::*:role/*');
    expect(m.test('arn:aws:iam::111122223333:role/a/b:c')).toBe(true);
    // Resource element: the `*` ends the account field, so it may take `1:2`.
    expect(m.test('arn:aws:iam::1:2:role/x')).toBe(true);
    // ArnLike: each field on its own.
    expect(arnMatches(compileArnText('arn:aws:iam::*:role/*'), 'arn:aws:iam::1:2:role/x')).toBe(false);
    // A `*` inside a field (not its last character) never crosses.
    expect(compileArnPattern('arn:aws:iam::1*2:role/*').test('arn:aws:iam::1:2:role/x')).toBe(false);
    expect(compileArnPattern('arn:aws:iam::1*:role/*').test('arn:aws:iam::1:2:role/x')).toBe(true);
    expect(arnMatches(compileArnText('arn:aws:s3:::b?c/*'), 'arn:aws:s3:::bxc/k')).toBe(true);
    expect(arnMatches(compileArnText('arn:aws:s3:::b?c/*'), 'arn:aws:s3:::bc/k')).toBe(false);
  });

  it('a pattern with fewer than six fields is a glob over the whole value', () => {
    expect(compileArnPattern('arn:aws:*').test('arn:aws:s3:::b/k')).toBe(true);
  });

  it('captures take the shortest text, left to right, that lets the rest match', () => {
    const p: GlobPiece[] = [
      { kind: 'text', text: 'arn:aws:s3:::b/', wild: false },
      { kind: 'capture', min: 0 },
      { kind: 'text', text: '/*', wild: true },
    ];
    expect(arnCaptures(compileArnPieces(p), 'arn:aws:s3:::b/AIDA/x/y')).toEqual(['AIDA']);
    expect(arnCaptures(compileArnPieces(p), 'arn:aws:s3:::c/AIDA/x')).toBeUndefined();
    // A capture of at least one character needs one, even with nothing after it.
    const two: GlobPiece[] = [
      { kind: 'capture', min: 1 },
      { kind: 'capture', min: 0 },
    ];
    expect(globCaptures(compileGlobPieces(two), '')).toBeUndefined();
    expect(globCaptures(compileGlobPieces(two), 'ab')).toEqual(['a', 'b']);
  });

  it('**, ? and literal wildcards', () => {
    expect(globMatches(compileGlobText('a**b'), 'ab')).toBe(true);
    expect(globMatches(compileGlobText('a?b'), 'ab')).toBe(false);
    const literal: GlobPiece[] = [{ kind: 'text', text: 'a*', wild: false }];
    expect(globMatches(compileGlobPieces(literal), 'a*')).toBe(true);
    expect(globMatches(compileGlobPieces(literal), 'ab')).toBe(false);
  });
});

describe('patterns built for backtracking', () => {
  // `*a*a*…*a` against a long key of `a`s with no match at the end: a backtracking matcher
  // tries every split (exponential in the number of stars) and would not end within the test's
  // timeout; this one places each segment once (bench/matching.bench.ts measures the speed).
  it('the classic worst case matches, and fails, without exploring splits', () => {
    const pattern = `arn:aws:s3:::bucket/${'*a'.repeat(50)}*b`;
    const key = `arn:aws:s3:::bucket/${'a'.repeat(20_000)}`;
    expect(compileArnPattern(pattern).test(key)).toBe(false);
    expect(compileArnPattern(pattern).test(`${key}b`)).toBe(true);
    expect(compileGlob('*a'.repeat(50), false).test('a'.repeat(20_000))).toBe(true);
    expect(compileGlob(`${'*a'.repeat(50)}*c`, false).test('a'.repeat(20_000))).toBe(false);
    expect(compileGlob(`${'*?a'.repeat(50)}*c`, false).test('ab'.repeat(10_000))).toBe(false);
  });
});
