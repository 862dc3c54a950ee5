// The closing brace of a multi-line block is on a line of its own, as Terraform parses it.
// HCL native syntax specification (hclsyntax/spec.md, "Structural Elements"):
//   Attribute = Identifier "=" Expression Newline;
//   Block     = Identifier (StringLit|Identifier)* "{" Newline Body "}" Newline;
// so an argument (or a nested block) ends with a newline, and "}" cannot follow it on its line.
// hclsyntax reports "Missing newline after argument" ("An argument definition must end with a
// newline.") and "Missing newline after block definition" ("A block definition must end with a
// newline."). Before, iamspec's parser accepted `}` there (htfmisc18): it read configurations
// Terraform rejects.

import { describe, expect, it } from 'vitest';
import { parseHcl } from '../src/adapters/terraform/hcl/parser.js';
import { hclSyntaxError } from './helpers/hcl-syntax-error.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const syntaxError = hclSyntaxError;

describe('"}" on the line of an argument or nested block of a multi-line block', () => {
  it('after an argument: "Missing newline after argument", located at the brace', () => {
    const e = syntaxError('resource "aws_iam_user" "u" {\n  name = "u" }\n');
    expect(e.reason).toContain('Missing newline after argument');
    expect([e.line, e.column]).toEqual([2, 14]);
    expect(syntaxError('locals {\n  a = 1\n  b = [1, 2] }\n').reason).toContain(
      'Missing newline after argument',
    );
  });

  it('after a nested block: "Missing newline after block definition"', () => {
    const e = syntaxError('resource "a" "b" {\n  lifecycle { create_before_destroy = true } }\n');
    expect(e.reason).toContain('Missing newline after block definition');
    expect(e.line).toBe(2);
    expect(syntaxError('a {\n  b {\n    c = 1\n  } }\n').reason).toContain(
      'Missing newline after block definition',
    );
  });

  it('the forms Terraform accepts still parse', () => {
    const body = parseHcl(
      'a {\n  b = 1\n}\nc { d = 2 }\ne {}\nf {\n  g { h = 1 }\n  i = { j = 1 }\n}\nk {\n  l = 1 # note\n}\n',
    );
    expect(body.items.map((it) => (it.kind === 'block' ? it.type : it.name))).toEqual([
      'a',
      'c',
      'e',
      'f',
      'k',
    ]);
  });

  it('loading such a configuration is an input error naming the file and line', () => {
    expect(() =>
      loadTerraformFiles({ 'main.tf': 'resource "aws_iam_user" "u" {\n  name = "u" }\n' }),
    ).toThrow(/main\.tf:2:14: .*Missing newline after argument/);
  });
});
