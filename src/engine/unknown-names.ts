// Matching a policy's Resource pattern against the ARN of an element whose name the inputs leave
// (partly) unknown: the ARN holds `(unknown-…)` parts (src/model/stand-ins.ts,
// `unknownNamePart`), each standing for any run of characters. Three-valued, one rule: YES when
// the pattern matches every name the element could have, NO when it matches none, else MAYBE
// (IAM User Guide, "IAM JSON policy elements: Resource": `*` matches any combination of
// characters and `?` any single character). Owns `matchUnknownName`.

import { hasUnknownNamePart, UNKNOWN_NAME_PART_OPEN } from '../model/stand-ins.js';
import type { Source } from '../model/source.js';
import { Unknown } from '../model/unknown.js';
import type { Tri } from './tri.js';
import { MAYBE, NO, YES } from './tri.js';

/**
 * A pattern or a name as tokens: a character code; ANY, a run of any characters; ONE, any one
 * character; NAME, an unknown name part: a run of characters without `/` or `:` (no IAM, S3,
 * SQS, SNS... name holds them: the path or the key around a name stays known).
 */
const ANY = -1;
const ONE = -2;
const NAME = -3;
const SLASH = '/'.charCodeAt(0);
const COLON = ':'.charCodeAt(0);

/** A token that stands for a run of characters (it may also stand for none). */
function isRun(t: number): boolean {
  return t === ANY || t === NAME;
}

/** Can tokens `x` and `y` each produce the same one character? */
function compatible(x: number, y: number): boolean {
  if (x >= 0 && y >= 0) return x === y;
  if (x >= 0) return y !== NAME || (x !== SLASH && x !== COLON);
  if (y >= 0) return x !== NAME || (y !== SLASH && y !== COLON);
  return true;
}

/** The ARN's tokens: its characters, each unknown name part one NAME. */
function nameTokens(arn: string): number[] {
  const out: number[] = [];
  pushText(out, arn, false);
  return out;
}

/** Pushes the tokens of `s`: each unknown name part one NAME; with `glob`, `*` ANY, `?` ONE, `${…}` ANY. */
function pushText(out: number[], s: string, glob: boolean): void {
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '(' && s.startsWith(UNKNOWN_NAME_PART_OPEN, i) && s.indexOf(')', i) > 0) {
      out.push(NAME);
      i = s.indexOf(')', i) + 1;
    } else if (glob && c === '$' && s[i + 1] === '{' && s.indexOf('}', i + 2) > 0) {
      out.push(ANY);
      i = s.indexOf('}', i + 2) + 1;
    } else {
      out.push(glob && c === '*' ? ANY : glob && c === '?' ? ONE : s.charCodeAt(i));
      i++;
    }
  }
}

/**
 * A policy pattern's tokens: `*` ANY, `?` ONE, a policy variable `${…}` ANY (it may take any
 * value), an unknown part of a partly known value (undefined in `parts`) ANY, an unknown name
 * part (a Ref to an element whose name is unknown) NAME.
 */
export function patternTokens(parts: readonly (string | undefined)[]): number[] {
  const out: number[] = [];
  for (const p of parts) {
    if (p === undefined) out.push(ANY);
    else pushText(out, p, true);
  }
  return out;
}

/** Could some string match both `a` and `b`? (Two patterns share a string.) */
function intersect(a: number[], b: number[]): boolean {
  const w = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * w);
  const stack: number[] = [0, 0];
  while (stack.length) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    if (seen[i * w + j]) continue;
    seen[i * w + j] = 1;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    // a run ends
    if (x !== undefined && isRun(x)) stack.push(i + 1, j);
    if (y !== undefined && isRun(y)) stack.push(i, j + 1);
    // both give one character (a run stays where it is)
    if (x !== undefined && y !== undefined && compatible(x, y) && !(isRun(x) && isRun(y)))
      stack.push(isRun(x) ? i : i + 1, isRun(y) ? j : j + 1);
  }
  return false;
}

/**
 * Does pattern `p` (its runs all `*`) match every string `n` stands for? Sufficient test: `p`
 * matches `n` with each run of `n` taken into one `*` of `p` (a `?` or a character never takes
 * a run).
 */
function covers(p: number[], n: number[]): boolean {
  const w = n.length + 1;
  const seen = new Uint8Array((p.length + 1) * w);
  const stack: number[] = [0, 0];
  while (stack.length) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    if (seen[i * w + j]) continue;
    seen[i * w + j] = 1;
    if (i === p.length && j === n.length) return true;
    const x = p[i];
    const y = n[j];
    if (x === ANY) {
      stack.push(i + 1, j);
      if (j < n.length) stack.push(i, j + 1);
    } else if (x !== undefined && y !== undefined && !isRun(y) && (x === ONE || x === y)) {
      stack.push(i + 1, j + 1);
    }
  }
  return false;
}

/**
 * How a pattern (tokens from `patternTokens`) matches an ARN with unknown name parts: YES when
 * it matches every name the element could have, NO when it matches none, MAYBE otherwise.
 * `wildcardsOnly`: the pattern's runs are all its own wildcards (no policy variable, no unknown
 * part), so it may be found to match every name. Otherwise YES only when `literal`: a pattern
 * holding the same unknown name part matches the ARN as written (`!GetAtt` of the same element).
 */
export function matchUnknownName(
  pattern: number[],
  arn: string,
  literal: boolean,
  wildcardsOnly: boolean,
): Tri {
  const n = nameTokens(arn);
  // A pattern of wildcards only: the `(unknown-…)` text itself must not make it match.
  if (wildcardsOnly ? covers(pattern, n) : literal) return YES;
  return intersect(pattern, n) ? MAYBE : NO;
}

/**
 * Whether a pattern holding an unknown name part (a Ref to an element whose name is unknown)
 * might name `arn`, an ARN the inputs spell out: the unknown element may have that name.
 */
export function unknownNameMightName(pattern: number[], arn: string): boolean {
  return intersect(pattern, nameTokens(arn));
}

/**
 * Whether a Principal value (`parts`: known text, undefined for an unknown part) might be the
 * ARN `arn` when either holds an unknown name part: no wildcards in a principal ARN; compared
 * ignoring case, as principal names are (an over-approximation: "might" stays "might").
 */
export function principalMightBe(parts: readonly (string | undefined)[], arn: string): boolean {
  const a: number[] = [];
  for (const p of parts) {
    if (p === undefined) a.push(ANY);
    else pushText(a, p.toLowerCase(), false);
  }
  const b: number[] = [];
  pushText(b, arn.toLowerCase(), false);
  return intersect(a, b);
}

/** Why a verdict about the element with ARN `arn` (its name unknown) is open, at its source. */
export function unknownNameCause(arn: string, source: Source | undefined): Unknown {
  return new Unknown(
    `the name of ${arn} is not known until deploy (the (unknown-…) part may be any name), so whether the policy names it is unknown`,
    source,
  );
}

/**
 * The cause for an ARN with unknown name parts (an element's, or an object inside one: a key of
 * an S3 bucket) from the engine's map of such elements; undefined when no element's ARN is it.
 */
export function causeOfUnknownName(
  map: ReadonlyMap<string, Unknown> | undefined,
  arn: string | undefined,
): Unknown | undefined {
  if (!map || !arn || !hasUnknownNamePart(arn)) return undefined;
  const own = map.get(arn);
  if (own) return own;
  for (const [k, u] of map) if (arn.startsWith(`${k}/`)) return u;
  return undefined;
}
