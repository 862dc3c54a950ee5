// Terraform type constraints and conversion (eval/type-constraints.ts), table-driven on the
// rules of the Terraform language page "Type Constraints":
// https://developer.hashicorp.com/terraform/language/expressions/type-constraints
// - "Terraform will automatically convert number and bool values to string values when needed,
//   and vice-versa as long as the string contains a valid representation of a number or bool
//   value."
// - "If ... the given value has additional attributes, those attributes are discarded" (object
//   conversion keeps only the type's attributes).
// - "optional(type, default) ... If you specify a default value ... Terraform will use it if the
//   attribute is not set or set to null"; without a default the attribute is null.
// - Sets: "Terraform ... removes any duplicate elements".

import { describe, expect, it } from 'vitest';
import { convertToType, parseTypeConstraint } from '../src/adapters/terraform/eval/type-constraints.js';
import { ConversionError } from '../src/adapters/terraform/eval/values.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import { Unknown } from '../src/model/unknown.js';

const constant = (e: ReturnType<typeof parseHclExpression>) =>
  evaluate(e, {
    vars: new Map(),
    resolver: { moduleDir: undefined, resolve: () => undefined },
    file: undefined,
    address: undefined,
  });

function conv(type: string, value: unknown): unknown {
  return convertToType(value, parseTypeConstraint(parseHclExpression(type), constant));
}

describe('type conversion', () => {
  const ok: [string, unknown, unknown][] = [
    ['string', 5, '5'],
    ['string', true, 'true'],
    ['number', '12', 12],
    ['bool', 'false', false],
    ['list(string)', [1, 'a'], ['1', 'a']],
    ['set(string)', ['b', 'a', 'b'], ['a', 'b']],
    ['map(number)', { a: '1' }, { a: 1 }],
    ['tuple([string, bool])', [1, 'true'], ['1', true]],
    ['object({ a = string })', { a: 'x', extra: 1 }, { a: 'x' }],
    ['object({ a = optional(bool, true) })', {}, { a: true }],
    ['object({ a = optional(bool, true) })', { a: null }, { a: true }],
    ['object({ a = optional(bool) })', {}, { a: null }],
    ['object({ a = optional(list(string), []) })', {}, { a: [] }],
    ['object({ o = optional(object({ x = optional(number, 1) }), {}) })', {}, { o: { x: 1 } }],
    ['map(object({ on = optional(bool, false) }))', { k: {} }, { k: { on: false } }],
    ['any', { a: 1 }, { a: 1 }],
    ['list(string)', null, null],
  ];
  it.each(ok)('%s converts %j to %j', (type, value, want) => {
    expect(conv(type, value)).toEqual(want);
  });

  const bad: [string, unknown][] = [
    ['number', 'abc'],
    ['bool', 'yes'],
    ['object({ a = string })', {}],
    ['list(string)', { a: 1 }],
    ['tuple([string])', ['a', 'b']],
  ];
  it.each(bad)('%s rejects %j', (type, value) => {
    expect(() => conv(type, value)).toThrow(ConversionError);
  });

  it('keeps unknown values unknown', () => {
    const u = new Unknown('known after apply');
    expect(conv('object({ a = optional(bool, true) })', u)).toBe(u);
    expect(conv('object({ a = optional(bool, true), b = string })', { b: u })).toEqual({ a: true, b: u });
  });
});
