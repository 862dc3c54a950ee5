// The tokens the rule for unknown name parts matches by (src/engine/unknown-names.ts, which owns
// the rule and its three-valued reading): an ARN or a name whose `(unknown-…)` parts
// (src/model/stand-ins.ts `unknownNamePart`) each stand for a run of characters, and a policy
// pattern (`*`, `?`, policy variables). Below the engine so that the model's own matches of a text
// against an element's ARN (src/model/builder.ts `amongArns`: what deploy-time code naming an
// ARN may reach) go by the same rule. Owns the token state (`partIds`), `valueTokens`,
// `patternTokens`, `intersect`, `covers`, `mightBeNamed` and `principalMightBe`.

import { nameMayHoldSlash, partMayHoldColon } from './slashed-names.js';
import {
  hasUnknownNamePart,
  isUnknownPathPart,
  UNKNOWN_NAME_PART_OPEN,
  unknownPartLength,
} from './stand-ins.js';

/**
 * A pattern or a name as tokens: a character code; ANY, a run of any characters; ONE, any one
 * character; VAR, a run standing for a value the policy takes at request time or an unknown
 * part of a partly known value (it may be anything, so it never makes a pattern match every
 * name); an unknown name part, `NAME_BASE - id` (`id` one per part's text, so the same part
 * written twice is the same unknown): a run of characters without `/` or `:` (no IAM, S3, SQS,
 * SNS... name holds them: the path or the key around a name stays known), but for a path part
 * and a part of a name that may hold `/` (`partMayHold`).
 */
export const ANY = -1;
export const ONE = -2;
export const VAR = -3;
const NAME_BASE = -10;
export const SLASH = '/'.charCodeAt(0);
export const COLON = ':'.charCodeAt(0);

/** The id of each unknown name part's text met so far (the same text, the same unknown). */
const partIds = new Map<string, number>();
/** The text of each id (`partTexts[id]`), to spell tokens back. */
const partTexts: string[] = [];
/**
 * The tokens of unknown path parts (`/(unknown-path=…)/`, src/model/stand-ins.ts `unknownPath`):
 * like a name part, but the part and the `/` after it are one token, a run that may hold `/`
 * (nothing, or the rest of a path: `service-role/`). Not `:`, as no name part: the ARN's fields
 * stay those written, which the matching here relies on (IAM API Reference, CreateRole, Path,
 * allows `:` in a path: a pattern naming a path with a `:` is taken to name no stand-in, a known
 * limit; `CreatedElements` does not rely on it).
 */
const pathTokens = new Set<number>();
/**
 * The tokens of unknown parts of names that may hold `/` (a secret, an SSM parameter, a log
 * group...: src/model/slashed-names.ts), known by where an ARN writes them. Every element's ARN is
 * read when an engine is built (`noteElementArn`), so a part is known as such before any match;
 * a part's text is one element's (its hint names it), so a text once known as such stays so.
 */
const slashTokens = new Set<number>();
/**
 * The tokens of unknown parts that may hold `:` (a DynamoDB stream's label:
 * src/model/slashed-names.ts `partMayHoldColon`), known by where an ARN writes them, as `slashTokens`.
 */
const colonTokens = new Set<number>();

/**
 * The tokens of the characters of parts of a fixed length (`(unknown-6-chars=…)`,
 * src/model/stand-ins.ts `unknownCharsPart`): each stands for exactly one character (no `/` or
 * `:`), not a run; the first spells the part's text back, the others nothing.
 */
const charTokens = new Set<number>();

function charsTokens(part: string, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    // `)#k` ends no part's text: no clash with another part
    const key = k === 0 ? part : `${part}#${k}`;
    let id = partIds.get(key);
    if (id === undefined) {
      id = partIds.size;
      partIds.set(key, id);
      partTexts.push(k === 0 ? part : '');
      charTokens.add(NAME_BASE - id);
    }
    out.push(NAME_BASE - id);
  }
  return out;
}

/** The token of the unknown part `part`, written in `s` at `at` (its place tells its characters). */
function nameToken(part: string, s: string, at: number): number {
  let id = partIds.get(part);
  if (id === undefined) {
    id = partIds.size;
    partIds.set(part, id);
    partTexts.push(part);
    if (isUnknownPathPart(part)) pathTokens.add(NAME_BASE - id);
  }
  const t = NAME_BASE - id;
  if (!slashTokens.has(t) && s.startsWith('arn:') && nameMayHoldSlash(s.slice(0, at))) slashTokens.add(t);
  if (!colonTokens.has(t) && s.startsWith('arn:') && partMayHoldColon(s.slice(0, at))) colonTokens.add(t);
  return t;
}

/**
 * Reads the unknown parts of an element's ARN (the engine calls it for every element it is built
 * with): a part of a name that may hold `/` is known as such from then on (`slashTokens`).
 */
export function noteElementArn(arn: string): void {
  if (hasUnknownNamePart(arn)) valueTokens(arn);
}

/** The text of an unknown part token as the value writes it (a path part with its `/` after). */
export function partText(t: number): string {
  const text = partTexts[NAME_BASE - t]!;
  return pathTokens.has(t) ? `${text}/` : text;
}

/**
 * Whether the unknown part written `part` after `arnPrefix` (the text before it in an ARN) may
 * hold a `/`: as its place says (src/model/slashed-names.ts), or as its place in an element's ARN
 * said (`slashTokens`).
 */
export function unknownPartMayHoldSlash(part: string, arnPrefix: string): boolean {
  if (arnPrefix.startsWith('arn:') && nameMayHoldSlash(arnPrefix)) return true;
  const id = partIds.get(part);
  return id !== undefined && slashTokens.has(NAME_BASE - id);
}

/** Whether the unknown part written `part` after `arnPrefix` may hold a `:` (`colonTokens`). */
export function unknownPartMayHoldColon(part: string, arnPrefix: string): boolean {
  if (arnPrefix.startsWith('arn:') && partMayHoldColon(arnPrefix)) return true;
  const id = partIds.get(part);
  return id !== undefined && colonTokens.has(NAME_BASE - id);
}

/**
 * Can the unknown part token `t` produce the character `c`? A `:` only a part that may hold one
 * (`colonTokens`, see `pathTokens`); a `/` only a path or a name of a type whose names may hold
 * one (`slashTokens`).
 */
export function partMayHold(t: number, c: number): boolean {
  if (c === SLASH) return pathTokens.has(t) || slashTokens.has(t);
  return c !== COLON || colonTokens.has(t);
}

export function isName(t: number): boolean {
  return t <= NAME_BASE;
}

/** A token that stands for a run of characters (it may also stand for none). */
export function isRun(t: number): boolean {
  return t === ANY || t === VAR || (isName(t) && !charTokens.has(t));
}

/** Can tokens `x` and `y` each produce the same one character? */
function compatible(x: number, y: number): boolean {
  if (x >= 0 && y >= 0) return x === y;
  if (x >= 0) return !isName(y) || partMayHold(y, x);
  if (y >= 0) return !isName(x) || partMayHold(x, y);
  return true;
}

/** The tokens of a value (an ARN, a name): its characters, each unknown name part one name token. */
export function valueTokens(value: string): number[] {
  const out: number[] = [];
  pushText(out, value, false);
  return out;
}

/**
 * Pushes the tokens of `s`: each unknown name part its name token; with `glob`, `*` ANY, `?` ONE;
 * with `variables`, `${…}` VAR.
 */
export function pushText(out: number[], s: string, glob: boolean, variables = glob): void {
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    const close = c === '(' && s.startsWith(UNKNOWN_NAME_PART_OPEN, i) ? s.indexOf(')', i) : -1;
    if (close > 0) {
      const part = s.slice(i, close + 1);
      const count = unknownPartLength(part);
      if (count) out.push(...charsTokens(part, count));
      else out.push(nameToken(part, s, i));
      i = close + 1;
      // an unknown path part and its closing `/` are one run (the path `/` is the part empty)
      if (s[i] === '/' && isUnknownPathPart(part)) i++;
    } else if (variables && c === '$' && s[i + 1] === '{' && s.indexOf('}', i + 2) > 0) {
      out.push(VAR);
      i = s.indexOf('}', i + 2) + 1;
    } else {
      out.push(glob && c === '*' ? ANY : glob && c === '?' ? ONE : s.charCodeAt(i));
      i++;
    }
  }
}

/**
 * A policy pattern's tokens: `*` ANY, `?` ONE, a policy variable `${…}` VAR (it may take any
 * value), an unknown part of a partly known value (undefined in `parts`) VAR, an unknown name
 * part (a Ref to an element whose name is unknown) its name token. `glob` false: the text is
 * compared as it is (StringEquals), only policy variables and unknown parts stand for runs.
 */
export function patternTokens(parts: readonly (string | undefined)[], glob = true): number[] {
  const out: number[] = [];
  for (const p of parts) {
    if (p === undefined) out.push(VAR);
    else pushText(out, p, glob, true);
  }
  return out;
}

/**
 * Is the end pair (`aLength`, `bLength`) reachable from (0, 0) when `step` gives the pairs one
 * pair of positions leads to? Each pair is visited once (a depth-first walk of the product of the
 * two token lists), for `intersect` and `covers`.
 */
function reaches(
  aLength: number,
  bLength: number,
  step: (i: number, j: number, next: (i: number, j: number) => void) => void,
): boolean {
  const w = bLength + 1;
  const seen = new Uint8Array((aLength + 1) * w);
  const stack: number[] = [0, 0];
  const next = (i: number, j: number) => {
    stack.push(i, j);
  };
  while (stack.length) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    if (seen[i * w + j]) continue;
    seen[i * w + j] = 1;
    if (i === aLength && j === bLength) return true;
    step(i, j, next);
  }
  return false;
}

/** Could some string match both `a` and `b`? (Two patterns share a string.) */
export function intersect(a: number[], b: number[]): boolean {
  return reaches(a.length, b.length, (i, j, next) => {
    const x = a[i];
    const y = b[j];
    // a run ends
    if (x !== undefined && isRun(x)) next(i + 1, j);
    if (y !== undefined && isRun(y)) next(i, j + 1);
    // both give one character (a run stays where it is)
    if (x !== undefined && y !== undefined && compatible(x, y) && !(isRun(x) && isRun(y)))
      next(isRun(x) ? i : i + 1, isRun(y) ? j : j + 1);
  });
}

/**
 * Does pattern `p` match every string the value `n` stands for? Sufficient test: `p` matches `n`
 * with each unknown name part of `n` taken into one `*` of `p`, or matched by the same unknown
 * name part in `p` (a character or a policy variable never takes one; a `?` takes one character
 * of a part of a fixed length, never a run).
 */
export function covers(p: number[], n: number[]): boolean {
  return reaches(p.length, n.length, (i, j, next) => {
    const x = p[i];
    const y = n[j];
    if (x === ANY) {
      next(i + 1, j);
      if (j < n.length) next(i, j + 1);
    } else if (
      x !== undefined &&
      y !== undefined &&
      (isName(y) ? x === y || (x === ONE && charTokens.has(y)) : x === ONE || x === y)
    ) {
      next(i + 1, j + 1);
    }
  });
}

/**
 * Whether pattern `pattern` and value `value` (either holding an unknown name part) might be
 * the same string: what a request value or an ARN the inputs spell out leaves open.
 */
export function mightBeNamed(pattern: number[], value: string): boolean {
  return intersect(pattern, valueTokens(value));
}

/**
 * Whether a Principal value (`parts`: known text, undefined for an unknown part) might be the
 * ARN `arn` when either holds an unknown name part: no wildcards in a principal ARN; compared
 * ignoring case, as principal names are (an over-approximation: "might" stays "might").
 */
export function principalMightBe(parts: readonly (string | undefined)[], arn: string): boolean {
  const a: number[] = [];
  for (const p of parts) {
    if (p === undefined) a.push(VAR);
    else pushText(a, lowerKeepingParts(p), false);
  }
  const b: number[] = [];
  pushText(b, lowerKeepingParts(arn), false);
  return intersect(a, b);
}

/** `s` in lower case, its unknown name parts as written (each stays the same unknown). */
export function lowerKeepingParts(s: string): string {
  if (!s.includes(UNKNOWN_NAME_PART_OPEN)) return s.toLowerCase();
  let out = '';
  let i = 0;
  while (i < s.length) {
    const at = s.indexOf(UNKNOWN_NAME_PART_OPEN, i);
    const close = at < 0 ? -1 : s.indexOf(')', at);
    if (close < 0) return out + s.slice(i).toLowerCase();
    out += s.slice(i, at).toLowerCase() + s.slice(at, close + 1);
    i = close + 1;
  }
  return out;
}
