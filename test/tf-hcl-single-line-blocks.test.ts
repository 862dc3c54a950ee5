// A single-line block holds one argument and closes on its own line, as Terraform parses it.
// HCL native syntax specification (hclsyntax/spec.md, "Structural Elements"):
//   Block        = Identifier (StringLit|Identifier)* "{" Newline Body "}" Newline;
//   OneLineBlock = Identifier (StringLit|Identifier)* "{" (Identifier "=" Expression)? "}" Newline;
// so an argument on the line of the opening brace makes a one-line block, which must end with
// "}" right after that argument. hclsyntax reports the other forms as "Invalid single-argument
// block definition": "An argument definition on the same line as its containing block creates a
// single-line block definition, which must also be closed on the same line. Place the block's
// closing brace immediately after the argument definition."; "Single-line block syntax can
// include only one argument definition. To define multiple arguments, use the multi-line block
// syntax with one argument definition per line."; "A single-line block definition must end with
// a closing brace immediately after its single argument definition."

import { describe, expect, it } from 'vitest';
import { parseHcl } from '../src/adapters/terraform/hcl/parser.js';
import { hclSyntaxError } from './helpers/hcl-syntax-error.js';

const syntaxError = hclSyntaxError;

describe('single-line blocks (HCL OneLineBlock)', () => {
  it('one argument closed on the same line parses, as do the empty block and the multi-line block', () => {
    const body = parseHcl('lifecycle { create_before_destroy = true }\nx {}\ny {\n  a = 1\n  b = 2\n}\n');
    expect(body.items.map((it) => (it.kind === 'block' ? it.body.items.length : -1))).toEqual([1, 0, 2]);
    const nested = parseHcl('resource "a" "b" {\n  lifecycle { ignore_changes = [tags] }\n}\n');
    const inner = nested.items[0]?.kind === 'block' ? nested.items[0].body.items[0] : undefined;
    expect(inner?.kind === 'block' && inner.body.items[0]?.kind === 'attr' && inner.body.items[0].name).toBe(
      'ignore_changes',
    );
  });

  it('an argument on the line of the brace with the closing brace on another line is rejected (was accepted)', () => {
    const e = syntaxError('locals { a = 1\n}\n');
    expect(e.reason).toContain('Invalid single-argument block definition');
    expect(e.reason).toContain('which must also be closed on the same line');
    expect(e.line).toBe(1);
    // and a second argument on the following lines
    expect(syntaxError('locals { a = 1\n  b = 2\n}\n').reason).toContain(
      'must also be closed on the same line',
    );
  });

  it('two arguments separated by a comma, or by a space, are rejected', () => {
    expect(syntaxError('locals { a = 1, b = 2 }\n').reason).toContain(
      'single-line block syntax can include only one argument definition',
    );
    expect(syntaxError('locals { a = 1 b = 2 }\n').reason).toContain(
      'must end with a closing brace immediately after its single argument definition',
    );
  });

  it('a nested block inside a single-line block is rejected', () => {
    expect(syntaxError('resource "a" "b" { lifecycle {} }\n').reason).toContain(
      'a single-line block definition can contain only a single argument',
    );
  });

  it('an expression spanning lines inside a single-line block is one argument', () => {
    const body = parseHcl('locals { a = [\n  1,\n  2,\n] }\n');
    expect(body.items[0]?.kind === 'block' && body.items[0].body.items.length).toBe(1);
  });
});
