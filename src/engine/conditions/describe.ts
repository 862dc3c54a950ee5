// Human text for a condition clause, for decision traces: `aws:SecureTransport is "false" (Bool)`,
// `aws:username is not any of "a", "b" (StringNotEquals)`, `aws:TokenIssueTime is absent (Null)`.

import type { ConditionClause, ConditionOperatorName } from '../../policy/types.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { asText } from './values.js';

/** Verb for the positive and negated reading of each operator. */
const VERBS: Record<Exclude<ConditionOperatorName, 'Null'>, string> = {
  StringEquals: 'is',
  StringNotEquals: 'is not',
  StringEqualsIgnoreCase: 'is (ignoring case)',
  StringNotEqualsIgnoreCase: 'is not (ignoring case)',
  StringLike: 'matches',
  StringNotLike: 'does not match',
  NumericEquals: 'equals',
  NumericNotEquals: 'does not equal',
  NumericLessThan: 'is less than',
  NumericLessThanEquals: 'is at most',
  NumericGreaterThan: 'is greater than',
  NumericGreaterThanEquals: 'is at least',
  DateEquals: 'is',
  DateNotEquals: 'is not',
  DateLessThan: 'is before',
  DateLessThanEquals: 'is at or before',
  DateGreaterThan: 'is after',
  DateGreaterThanEquals: 'is at or after',
  Bool: 'is',
  BinaryEquals: 'equals (base64)',
  IpAddress: 'is in',
  NotIpAddress: 'is not in',
  ArnEquals: 'matches',
  ArnLike: 'matches',
  ArnNotEquals: 'does not match',
  ArnNotLike: 'does not match',
};

const NEGATED = new Set<string>([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

function showValue(v: Maybe<string>): string {
  return isUnknown(v) ? asText(v) : JSON.stringify(asText(v));
}

function showValues(values: readonly Maybe<string>[], negated: boolean): string {
  if (values.length === 0) return '(no values)';
  if (values.length === 1) return showValue(values[0]!);
  return `${negated ? 'any of' : 'one of'} ${values.map(showValue).join(', ')}`;
}

/**
 * Each clause's text, made once: a clause does not change once parsed (a built model is frozen),
 * and analyses under a free context describe the clauses they assume for every decision.
 */
const described = new WeakMap<ConditionClause, string>();

/** Human text for traces, e.g. `aws:SecureTransport is "false" (Bool)`. Never throws. */
export function describeClause(clause: ConditionClause): string {
  if (typeof clause !== 'object' || clause === null) return describeOnce(clause);
  let text = described.get(clause);
  if (text === undefined) {
    text = describeOnce(clause);
    described.set(clause, text);
  }
  return text;
}

function describeOnce(clause: ConditionClause): string {
  try {
    return describeUnsafe(clause);
  } catch {
    return `${asText(clause?.key)} (${asText(clause?.operator)})`;
  }
}

function describeUnsafe(clause: ConditionClause): string {
  const values = Array.isArray(clause.values) ? clause.values : [];
  const key = asText(clause.key);
  const op = asText(clause.operator);
  if (clause.base === undefined || (clause.base !== 'Null' && !Object.hasOwn(VERBS, clause.base))) {
    return `${key} ${showValues(values, false)} (${op}: unknown operator)`;
  }
  if (clause.base === 'Null') {
    const parts = values.map((v) => {
      if (isUnknown(v)) return `is ${asText(v)}`;
      const l = asText(v).toLowerCase();
      return l === 'true' ? 'is absent' : l === 'false' ? 'is present' : `is ${showValue(v)}`;
    });
    return `${key} ${parts.length ? parts.join(' or ') : '(no values)'} (${op})`;
  }
  const negated = NEGATED.has(clause.base);
  const subject =
    clause.set === 'ForAllValues'
      ? `every value of ${key}`
      : clause.set === 'ForAnyValue'
        ? `some value of ${key}`
        : key;
  const suffix = clause.ifExists ? ', if present' : '';
  return `${subject} ${VERBS[clause.base]} ${showValues(values, negated)}${suffix} (${op})`;
}
