// Wildcard patterns used by policies: `*` (any run of characters) and `?` (one character).
// Actions and condition keys match case-insensitively; ARNs and resource names case-sensitively,
// each of the six colon-separated ARN fields on its own (IAM User Guide, "IAM JSON policy
// elements: Resource" and the ArnLike condition operator). Matching itself is glob-match.ts
// (no regular expressions: worst case pattern × value, never exponential).

import {
  arnMatches,
  compileArnText,
  compileGlobText,
  globMatches,
  globMatchesFrom,
  lowerCase,
} from './glob-match.js';

export interface Matcher {
  /** True when the candidate matches the pattern. */
  test(candidate: string): boolean;
  readonly pattern: string;
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

const ANY: Matcher = { pattern: '*', test: () => true };

/** Compiles a glob with fast paths for `*`, literals and `prefix*`. */
export function compileGlob(pattern: string, caseInsensitive: boolean): Matcher {
  if (pattern === '*') return ANY;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  if (!hasWildcard(p)) {
    return caseInsensitive
      ? { pattern, test: (c) => c === p || lowerCase(c) === p }
      : { pattern, test: (c) => c === p };
  }
  const star = p.indexOf('*');
  if (star === p.length - 1 && !p.includes('?')) {
    const prefix = p.slice(0, -1);
    return caseInsensitive
      ? { pattern, test: (c) => lowerCase(c).startsWith(prefix) }
      : { pattern, test: (c) => c.startsWith(prefix) };
  }
  const glob = compileGlobText(p, caseInsensitive);
  return { pattern, test: (c) => globMatches(glob, c) };
}

/** Splits an ARN into its six fields; the last keeps any further colons. */
export function splitArnFields(arn: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const idx = arn.indexOf(':', start);
    if (idx < 0) return undefined;
    out.push(arn.slice(start, idx));
    start = idx + 1;
  }
  out.push(arn.slice(start));
  return out;
}

/**
 * Compiles an ARN pattern of a Resource element. Each of the six fields is matched on its own,
 * so `*` inside the account field never swallows the resource; a `*` ending one of the first
 * five fields may (IAM User Guide, "IAM JSON policy elements: Resource"). A pattern that is not ARN-shaped (`*`, or fewer
 * than six fields) is matched as a glob over the whole string.
 */
export function compileArnPattern(pattern: string): Matcher {
  if (pattern === '*') return ANY;
  if (!hasWildcard(pattern)) return { pattern, test: (c) => c === pattern };
  const fields = splitArnFields(pattern);
  if (!fields) return compileGlob(pattern, false);
  const head = fields.slice(0, 5);
  if (!head.some(hasWildcard)) {
    // Wildcards only in the resource field: a literal prefix plus a glob over the rest, matched
    // in place (a copy of the rest of the ARN per test was a visible share of a matrix's garbage).
    const prefix = head.join(':') + ':';
    const rest = fields[5]!;
    if (rest === '*') return { pattern, test: (c) => c.startsWith(prefix) };
    if (rest.indexOf('*') === rest.length - 1 && !rest.includes('?')) {
      const literal = prefix + rest.slice(0, -1);
      return { pattern, test: (c) => c.startsWith(literal) };
    }
    const glob = compileGlobText(rest, false);
    const n = prefix.length;
    return { pattern, test: (c) => c.startsWith(prefix) && globMatchesFrom(glob, c, n) };
  }
  // Field by field: in the first five fields `*` and `?` never cross a colon, except a `*` that
  // ends a field ("it can expand to match beyond the colon boundaries").
  const arn = compileArnText(pattern, { segmentEndStarCrosses: true });
  return { pattern, test: (c) => arnMatches(arn, c) };
}
