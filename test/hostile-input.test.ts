// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations are literal text here
// Inputs built to hurt (issue "Hostile input never hangs CI"), in small versions: each ends in a
// decision or one located input error, never a hang, an abort or an internal error. The full-size
// versions are measured by hand with the built CLI (README, "Hostile input").

import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import type { Resolver, Scope } from '../src/adapters/terraform/eval/scope.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { isUnknown, type Unknown } from '../src/model/unknown.js';

const noRefs: Resolver = { moduleDir: undefined, resolve: () => undefined };
function expr(text: string): unknown {
  const scope: Scope = { vars: new Map(), resolver: noRefs, file: 'x.tf', address: undefined };
  return evaluate(parseHclExpression(text), scope);
}

describe('Terraform regular expressions run in linear time', () => {
  // Terraform "regex Function" (https://developer.hashicorp.com/terraform/language/functions/regex):
  // "Terraform uses the RE2 regular expression language", which runs in linear time.
  it('a pattern built for backtracking ends at once', () => {
    const long = 'a'.repeat(5000);
    expect(expr(`regexall("^(a*)*b$", "${long}")`)).toEqual([]);
    expect(expr(`replace("${long}c", "/(a|aa)*b/", "x")`)).toBe(`${long}c`);
  });

  it('keeps matching as before, with RE2 named groups', () => {
    expect(expr('regex("(?P<k>[a-z]+)-(\\\\d+)", "key-42")')).toEqual({ k: 'key' });
    expect(expr('regex("[a-z]+", "42abc")')).toBe('abc');
    expect(expr('regexall("[0-9]", "a1b2")')).toEqual(['1', '2']);
    expect(expr('replace("a-b-c", "/-/", "_")')).toBe('a_b_c');
  });

  it('a pattern the linear engine cannot run (a back-reference, as in RE2) is a located unknown', () => {
    const v = expr('regex("(a)\\\\1", "aa")');
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toContain('regex()');
  });
});
