// Condition operator names: decodes `ForAllValues:StringLikeIfExists` into its set operator,
// base operator and IfExists flag (IAM User Guide, "IAM JSON policy elements: Condition
// operators" and "Set operators for multivalued context keys"). Names are case-sensitive:
// IAM rejects `stringEquals` with "MalformedPolicyDocument: Invalid Condition type".

import { CONDITION_OPERATORS, type ConditionOperatorName } from './types.js';

export interface DecodedOperator {
  base: ConditionOperatorName;
  ifExists: boolean;
  set: 'ForAllValues' | 'ForAnyValue' | undefined;
}

const BASES = new Set<string>(CONDITION_OPERATORS);
const BASE_BY_LOWER = new Map<string, ConditionOperatorName>(
  CONDITION_OPERATORS.map((o) => [o.toLowerCase(), o]),
);

/** Decodes an operator exactly as AWS does (case-sensitive); undefined when AWS would reject it. */
export function decodeConditionOperator(operator: string): DecodedOperator | undefined {
  let rest = operator;
  let set: DecodedOperator['set'];
  if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest.length > 'IfExists'.length) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASES.has(rest)) return undefined;
  return { base: rest as ConditionOperatorName, ifExists, set };
}

/**
 * The operator the author probably meant, for an operator AWS rejects: the same name with the
 * documented casing (`stringequals` → `StringEquals`), or undefined when nothing is close.
 */
export function suggestConditionOperator(operator: string): string | undefined {
  let rest = operator;
  let prefix = '';
  const lower = rest.toLowerCase();
  if (lower.startsWith('forallvalues:')) {
    prefix = 'ForAllValues:';
    rest = rest.slice(13);
  } else if (lower.startsWith('foranyvalue:')) {
    prefix = 'ForAnyValue:';
    rest = rest.slice(12);
  } else if (lower.startsWith('forallvalue:') || lower.startsWith('foranyvalues:')) {
    prefix = lower.startsWith('forall') ? 'ForAllValues:' : 'ForAnyValue:';
    rest = rest.slice(rest.indexOf(':') + 1);
  }
  let suffix = '';
  if (rest.toLowerCase().endsWith('ifexists') && rest.length > 8) {
    suffix = 'IfExists';
    rest = rest.slice(0, -8);
  }
  const base = BASE_BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  const candidate = prefix + base + suffix;
  return candidate !== operator && decodeConditionOperator(candidate) ? candidate : undefined;
}
