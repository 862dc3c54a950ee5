// The depth guard of located JSON (src/policy/located-json.ts, issue 17: it skips a string with a
// native search for its closing quote instead of a loop over its characters). It must find the
// same bracket as the character loop it replaced: brackets inside strings do not count, a quote
// after an odd run of backslashes does not end a string ("A string begins and ends with quotation
// marks ... any character may be escaped", RFC 8259 section 7,
// https://www.rfc-editor.org/rfc/rfc8259#section-7).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_DEPTH } from '../src/model/read-input.js';
import { LocatedSyntaxError, parseLocatedJson } from '../src/policy/located-json.js';

/** The character loop the guard used before: the offset of the bracket opening level max + 1, or -1. */
function referenceDepthExceeded(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** The offset parseLocatedJson reports for a too-deep text, or -1. */
function guardOffset(text: string): number {
  try {
    parseLocatedJson(text);
    return -1;
  } catch (e) {
    if (e instanceof LocatedSyntaxError && e.reason.includes('nested more than')) return e.offset;
    return -1; // another syntax error: the guard found nothing too deep
  }
}

describe('located JSON depth guard', () => {
  const piece = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '\\\\', 'a', ',', ':', '"[[', ']"');

  it('finds the same bracket as the character loop, with strings holding brackets, quotes and backslashes', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 20 }), (pieces, extra) => {
        // Deep enough to reach the limit in most cases: the generated pieces sit at its edge.
        const text = `${'['.repeat(MAX_DOCUMENT_DEPTH - 5 + extra)}${pieces.join('')}`;
        expect(guardOffset(text)).toBe(referenceDepthExceeded(text, MAX_DOCUMENT_DEPTH));
      }),
      { numRuns: 400 },
    );
  });

  it('does not count brackets inside a string that ends after an escaped quote and an escaped backslash', () => {
    const inner = '"x\\"[[[[\\\\"';
    const text = `${'['.repeat(MAX_DOCUMENT_DEPTH)}${inner}${']'.repeat(MAX_DOCUMENT_DEPTH)}`;
    expect(referenceDepthExceeded(text, MAX_DOCUMENT_DEPTH)).toBe(-1);
    expect(guardOffset(text)).toBe(-1);
    const deeper = `[${text}]`;
    expect(guardOffset(deeper)).toBe(MAX_DOCUMENT_DEPTH);
  });
});
