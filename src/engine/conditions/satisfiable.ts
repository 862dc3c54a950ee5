// Clauses no request can satisfy. The analyses decide under a free context: a clause on a key
// that neither the request nor the model pins is assumed to hold where that gives the most
// access (an Allow's conditions) and to fail where that gives the least. A clause that no value
// of its key, and not its absence either, can make true must not be assumed to hold: such an
// Allow grants nothing (and such a Deny never applies), whatever the context.
//
// Only what can be proved is reported (otherwise the clause may hold): a numeric or date
// comparison below zero on a key that is never negative: aws:EpochTime ("the date in epoch or
// Unix time") and aws:MultiFactorAuthAge ("the number of seconds since the requesting principal
// was authorized using MFA") ("AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html); the
// absent key makes the clause true for negated operators, `...IfExists` and `ForAllValues`
// ("IAM JSON policy elements: Condition operators"), so those are never reported.
// A value the operator cannot read (a malformed policy value, a numeric operator on a key whose
// values are ISO 8601 dates) proves nothing: AWS's reading of it is undocumented, and the clause
// is unknown in a decision (clause.ts), so under a free context it may hold.

import { isUnknown } from '../../model/unknown.js';
import type { ConditionClause } from '../../policy/types.js';
import { parseDate } from './dates.js';
import { OPERATORS } from './operators.js';
import { parseNumber } from './values.js';

/** Keys whose numbers (and epoch dates) are never negative. */
const NEVER_NEGATIVE = new Set(['aws:epochtime', 'aws:multifactorauthage']);

const LESS_THAN = new Set(['NumericLessThan', 'NumericLessThanEquals', 'DateLessThan', 'DateLessThanEquals']);

/** True when no value of the clause's key, nor its absence, can make the clause true. */
export function clauseNeverHolds(clause: ConditionClause): boolean {
  const base = clause.base;
  if (base === undefined || base === 'Null' || !Object.hasOwn(OPERATORS, base)) return false;
  const op = OPERATORS[base as keyof typeof OPERATORS];
  // The absent key makes the clause true for negated operators, IfExists and ForAllValues.
  if (op.negated || clause.ifExists || clause.set === 'ForAllValues') return false;
  const values = Array.isArray(clause.values) ? clause.values : [];
  if (values.length === 0 || values.some((v) => isUnknown(v) || typeof v !== 'string')) return false;
  const key = String(clause.key).toLowerCase();
  const numeric = base.startsWith('Numeric');
  if (LESS_THAN.has(base) && NEVER_NEGATIVE.has(key)) {
    const inclusive = base.endsWith('Equals');
    // Every policy value must lie below zero (at zero for LessThan): no value can be less.
    return (values as string[]).every((v) => {
      const n = numeric ? parseNumber(v) : (parseDate(v) ?? Number.NaN) / 1000;
      return n !== undefined && (inclusive ? n < 0 : n <= 0);
    });
  }
  return false;
}
