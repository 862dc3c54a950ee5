// Decides whether an ARN, or an ARN pattern with `*` and `?`, COULD name a resource of a type
// whose ARN format is a catalog template such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
// Both sides become small automata over characters; they match when some string is accepted by
// both (product construction). Pattern wildcards follow policy/wildcard.ts: in an ARN-shaped
// pattern (six colon-separated fields) wildcards stay inside their field except in the last
// (resource) field; a pattern that is not ARN-shaped is a glob over the whole string.

import { splitArnFields } from '../policy/wildcard.js';

/** One position of a pattern: a literal character, or any character except some. */
type CharClass = { lit: string; except?: undefined } | { lit?: undefined; except: string };

interface Token {
  cls: CharClass;
  /** Zero or more repetitions (a self-loop) instead of exactly one. */
  star: boolean;
}

export type ArnTokens = readonly Token[];

const ANY_EXCEPT_COLON: CharClass = { except: ':' };
const ANY: CharClass = { except: '' };

/**
 * Compiles a catalog ARN template. A `${Variable}` is one or more characters; in the first
 * five fields it never contains `:`. In the resource field it contains anything except the
 * characters in `finalVariableExcludes` when it is the template's last element (see
 * `ambiguousSeparators`). A literal `*` in a template (some services document them) is a wildcard.
 */
export function compileTemplate(template: string, finalVariableExcludes = ''): ArnTokens {
  const tokens: Token[] = [];
  let colons = 0;
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    const inResource = colons >= 5;
    if (ch === '$' && template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close > 0) {
        const isLast = close === template.length - 1;
        const cls: CharClass = !inResource
          ? ANY_EXCEPT_COLON
          : isLast && finalVariableExcludes
            ? { except: finalVariableExcludes }
            : ANY;
        tokens.push({ cls, star: false }, { cls, star: true });
        i = close + 1;
        continue;
      }
    }
    if (ch === '*') {
      tokens.push({ cls: inResource ? ANY : ANY_EXCEPT_COLON, star: true });
    } else {
      if (ch === ':') colons++;
      tokens.push({ cls: { lit: ch }, star: false });
    }
    i++;
  }
  return tokens;
}

/** Compiles an ARN or ARN pattern from a policy (`*`, `?` wildcards; no policy variables). */
export function compileArnPattern(pattern: string): ArnTokens {
  const arnShaped = splitArnFields(pattern) !== undefined;
  const tokens: Token[] = [];
  let colons = 0;
  for (const ch of pattern) {
    const wildcardClass = arnShaped && colons < 5 ? ANY_EXCEPT_COLON : ANY;
    if (ch === '*') tokens.push({ cls: wildcardClass, star: true });
    else if (ch === '?') tokens.push({ cls: wildcardClass, star: false });
    else {
      // "If the * wildcard is the last character of a resource ARN segment, it can expand to
      // match beyond the colon boundaries" (IAM User Guide, "IAM JSON policy elements:
      // Resource"), as src/policy/glob-match.ts matches Resource patterns.
      const prev = tokens[tokens.length - 1];
      if (ch === ':' && arnShaped && colons < 5 && prev?.star) prev.cls = ANY;
      if (ch === ':') colons++;
      tokens.push({ cls: { lit: ch }, star: false });
    }
  }
  return tokens;
}

function overlaps(a: CharClass, b: CharClass): boolean {
  if (a.lit !== undefined) {
    if (b.lit !== undefined) return a.lit === b.lit;
    return !b.except.includes(a.lit);
  }
  if (b.lit !== undefined) return !a.except.includes(b.lit);
  return true; // two "any except a few" classes always share a character
}

let seenBuffer = new Uint8Array(4096);

/** True when some string is matched by both token sequences. */
export function tokensIntersect(a: ArnTokens, b: ArnTokens): boolean {
  const width = b.length + 1;
  const size = (a.length + 1) * width;
  // One buffer reused across calls (validation calls this for every statement resource).
  if (seenBuffer.length < size) seenBuffer = new Uint8Array(Math.max(size, seenBuffer.length * 2));
  const seen = seenBuffer;
  seen.fill(0, 0, size);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const id = i * width + j;
    if (seen[id]) continue;
    seen[id] = 1;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.star) stack.push(i + 1, j);
    if (tb?.star) stack.push(i, j + 1);
    if (ta && tb && overlaps(ta.cls, tb.cls)) stack.push(ta.star ? i : i + 1, tb.star ? j : j + 1);
  }
  return false;
}

const VARIABLE = /\$\{[^}]*\}/g;

/**
 * For each template of one service, the separators its final variable must not contain.
 * When another template of the service is this one followed by `/…` (s3 bucket vs object,
 * dynamodb table vs index), the final variable stops at `/`, so `arn:aws:s3:::b/k` is an
 * object and not a bucket. Other final variables may contain `/` (IAM paths, S3 keys, SSM
 * parameter names) and `:` (Lambda qualifiers, `log-group:name:*`).
 */
export function ambiguousSeparators(templates: readonly string[]): Map<string, string> {
  const shapes = templates.map((t) => t.replace(VARIABLE, '\u0000'));
  const out = new Map<string, string>();
  templates.forEach((t, idx) => {
    const shape = shapes[idx]!;
    if (!shape.endsWith('\u0000')) return;
    const extended = `${shape}/`;
    if (shapes.some((other) => other.startsWith(extended))) out.set(t, '/');
  });
  return out;
}
