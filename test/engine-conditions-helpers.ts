// Test helpers for condition evaluation: build ConditionClauses from policy JSON the way the
// policy grammar will (operator split into set / base / IfExists), and evaluate a Condition
// block against a request context record.

import { compileConditions, contextFromRecord, type Tri } from '../src/engine/conditions/index.js';
import type { Maybe } from '../src/model/unknown.js';
import {
  CONDITION_OPERATORS,
  type ConditionClause,
  type ConditionOperatorName,
} from '../src/policy/types.js';

/** Splits `ForAnyValue:StringLikeIfExists` into its parts (case-sensitive, like IAM). */
export function clause(
  operator: string,
  key: string,
  values: Maybe<string> | Maybe<string>[],
): ConditionClause {
  let rest = operator;
  let set: ConditionClause['set'];
  if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = (CONDITION_OPERATORS as readonly string[]).includes(rest)
    ? (rest as ConditionOperatorName)
    : undefined;
  return {
    operator,
    base,
    ifExists,
    set,
    key,
    values: Array.isArray(values) ? values : [values],
    source: { file: 'test.json', pointer: `/Condition/${operator}/${key}` },
  };
}

/** A Condition block as in a policy: `{ operator: { key: value | values } }`. */
export type ConditionBlock = Record<string, Record<string, Maybe<string> | Maybe<string>[]>>;

export function clausesOf(block: ConditionBlock): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const [op, keys] of Object.entries(block)) {
    for (const [key, values] of Object.entries(keys)) out.push(clause(op, key, values));
  }
  return out;
}

/** Evaluates a Condition block against a request context. */
export function evaluate(block: ConditionBlock, context: Record<string, string | string[]>): Tri {
  return compileConditions(clausesOf(block))(contextFromRecord(context));
}
