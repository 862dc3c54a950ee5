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

const ANY = '[\\s\\S]*';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Known text as a regular expression: policy variables `${...}` (and wildcards) as any string. */
function knownText(s: string, wildcards: boolean): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (wildcards && (c === '*' || c === '?')) {
      out += ANY;
      i++;
    } else if (c === '$' && s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2);
      if (close < 0) {
        out += escapeRegExp(s.slice(i));
        break;
      }
      out += ANY;
      i = close + 1;
    } else {
      out += escapeRegExp(c);
      i++;
    }
  }
  return out;
}

const cache = new WeakMap<PartlyKnown, Map<PartlyKnownMode, RegExp>>();

function regexOf(v: PartlyKnown, mode: PartlyKnownMode): RegExp {
  let byMode = cache.get(v);
  if (!byMode) {
    byMode = new Map();
    cache.set(v, byMode);
  }
  let re = byMode.get(mode);
  if (!re) {
    const pattern = mode === 'glob' || mode === 'arn';
    const body = v.parts.map((p) => (typeof p !== 'string' ? ANY : knownText(p, pattern))).join('');
    re = new RegExp(`^${body}$`, mode === 'equals' || mode === 'glob' ? '' : 'i');
    byMode.set(mode, re);
  }
  return re;
}

/**
 * False when no completion of `v`'s unknown parts, compared with `s` as `mode` says, could hold;
 * true when one might (the comparison is then undecided).
 */
export function couldMatch(v: PartlyKnown, s: string, mode: PartlyKnownMode): boolean {
  return regexOf(v, mode).test(s);
}
