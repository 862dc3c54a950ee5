// Comparisons with partly known values (`PartlyKnown`, src/model/unknown.ts): a policy value
// such as `arn:aws:s3:::${?}/*` whose unknown parts may become any string. A comparison is
// decided only when no completion of the unknown parts could make it hold: each matcher here
// over-approximates what some completion could match (every unknown part, and every wildcard,
// as any string; ARN and principal comparisons ignoring case), so "cannot match" holds for every
// completion, and everything else stays MAYBE as for any Unknown. Owns `couldMatch`.

import type { PartlyKnown } from '../model/unknown.js';

/** How the completed value is compared with a concrete string. */
export type PartlyKnownMode =
  /** StringEquals: the completed value equals the string. */
  | 'equals'
  /** StringEqualsIgnoreCase, Principal ARNs and names: equal ignoring case. */
  | 'equals-ignore-case'
  /** StringLike: a glob (`*`, `?`), policy variables allowed. */
  | 'glob'
  /** Resource / NotResource, ArnEquals / ArnLike: an ARN pattern, ignoring case. */
  | 'arn';

/**
 * The over-approximation of a completed value: literal runs between stretches of any string
 * (`star`: an unknown part, a wildcard, a policy variable). `pieces[0]` must start the string and
 * the last piece end it; with one piece and no star the string must equal it.
 */
interface Shape {
  pieces: string[];
  star: boolean;
  lower: boolean;
}

/** Appends known text to `shape`: policy variables `${...}` (and wildcards) as any string. */
function addKnownText(shape: Shape, s: string, wildcards: boolean): void {
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (wildcards && (c === '*' || c === '?')) {
      addAny(shape);
      i++;
    } else if (c === '$' && s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2);
      if (close < 0) {
        shape.pieces[shape.pieces.length - 1] += s.slice(i);
        break;
      }
      addAny(shape);
      i = close + 1;
    } else {
      shape.pieces[shape.pieces.length - 1] += c;
      i++;
    }
  }
}

/** A stretch of any string: a new literal piece starts after it (runs of them are one). */
function addAny(shape: Shape): void {
  shape.star = true;
  if (shape.pieces[shape.pieces.length - 1] !== '' || shape.pieces.length === 1) shape.pieces.push('');
}

const cache = new WeakMap<PartlyKnown, Map<PartlyKnownMode, Shape>>();

function shapeOf(v: PartlyKnown, mode: PartlyKnownMode): Shape {
  let byMode = cache.get(v);
  if (!byMode) {
    byMode = new Map();
    cache.set(v, byMode);
  }
  let shape = byMode.get(mode);
  if (!shape) {
    const pattern = mode === 'glob' || mode === 'arn';
    const lower = !(mode === 'equals' || mode === 'glob');
    shape = { pieces: [''], star: false, lower };
    for (const p of v.parts) {
      if (typeof p !== 'string') addAny(shape);
      else addKnownText(shape, lower ? p.toLowerCase() : p, pattern);
    }
    byMode.set(mode, shape);
  }
  return shape;
}

/**
 * Whether `s` matches literal pieces separated by any strings: the first piece a prefix, the
 * last a suffix, the middle ones found leftmost in order (leftmost is never worse for the pieces
 * after it), so a match costs O(length x pieces), never the backtracking of a regular expression.
 */
function piecesMatch(shape: Shape, s: string): boolean {
  const { pieces } = shape;
  if (!shape.star) return s === pieces[0];
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > s.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let at = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    const found = s.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/**
 * False when no completion of `v`'s unknown parts, compared with `s` as `mode` says, could hold;
 * true when one might (the comparison is then undecided).
 */
export function couldMatch(v: PartlyKnown, s: string, mode: PartlyKnownMode): boolean {
  const shape = shapeOf(v, mode);
  return piecesMatch(shape, shape.lower ? s.toLowerCase() : s);
}

/**
 * Whether some completion of `v` (a Principal value) might be the ARN of a session of the role
 * whose session ARNs start with `prefix` (`arn:aws:sts::ACCOUNT:assumed-role/NAME/`): `prefix`
 * then the session name `v` ends with, when its text after the last `/` is known; else any
 * completion starting with `prefix` (an over-approximation: "might" stays "might").
 */
export function couldBeSessionOf(v: PartlyKnown, prefix: string): boolean {
  const last = v.parts[v.parts.length - 1];
  const slash = typeof last === 'string' ? last.lastIndexOf('/') : -1;
  if (typeof last === 'string' && slash >= 0)
    return couldMatch(v, prefix + last.slice(slash + 1), 'equals-ignore-case');
  const shape = shapeOf(v, 'equals-ignore-case');
  const first = shape.pieces[0]!;
  const p = prefix.toLowerCase();
  if (!shape.star) return first.startsWith(p);
  return first.startsWith(p) || p.startsWith(first);
}
