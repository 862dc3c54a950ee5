// Terraform expression evaluation for the partly known value tests: an expression evaluated with
// `var.x` and `var.m` unknown, and a value shown with its unknown parts written `?reason`.

import { evaluate } from '../../src/adapters/terraform/eval/evaluator.js';
import {
  PartlyKnownList,
  PartlyKnownMap,
  UnknownLength,
} from '../../src/adapters/terraform/eval/partial-list.js';
import { parseHclExpression } from '../../src/adapters/terraform/hcl/parser.js';
import { isUnknown, Unknown } from '../../src/model/unknown.js';

/** `text` evaluated with `x` and `m` unknown (`var.x has no value`, `var.m has no value`) and `more`. */
export const evalWithUnknowns = (text: string, more: [string, unknown][] = []): unknown =>
  evaluate(parseHclExpression(text), {
    vars: new Map<string, unknown>([
      ['x', new Unknown('var.x has no value')],
      ['m', new Unknown('var.m has no value')],
      ...more,
    ]),
    resolver: { moduleDir: '.', workDir: '.', resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  });

/** A value with every unknown written `?reason`, partly known ones as their known part and `...?reason`. */
export const showPartlyKnown = (v: unknown): unknown => {
  if (v instanceof PartlyKnownMap)
    return {
      ...Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, showPartlyKnown(x)])),
      '...': `?${v.reason}`,
    };
  if (v instanceof PartlyKnownList) return [...v.elements.map(showPartlyKnown), `...?${v.reason}`];
  if (v instanceof UnknownLength) return `>=${v.min}?${v.reason}`;
  if (isUnknown(v)) return `?${v.reason}`;
  if (Array.isArray(v)) return v.map(showPartlyKnown);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, showPartlyKnown(x)]));
  return v;
};

/** How `showPartlyKnown` writes var.m and var.x. */
export const M = '?var.m has no value';
export const X = '?var.x has no value';
