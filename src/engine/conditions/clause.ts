// One condition clause (`operator: { key: values }`) compiled to `(ctx) => Tri`: the rules for a
// missing key, `...IfExists`, the `ForAllValues:` / `ForAnyValue:` set operators, negated
// operators, `Null`, unknown operators and malformed values. Sources (IAM User Guide):
// - "IAM JSON policy elements: Condition operators": a key not present in the request context
//   does not match, except that a negated operator (StringNotLike, ArnNotLike, ...) is then true;
//   `...IfExists` is true when the key is absent; `Null` "true" = key absent, "false" = present.
// - "Single-valued vs. multivalued context keys": ForAllValues is true when every request value
//   matches a policy value, and also when the key is absent; ForAnyValue is true when at least one
//   request value matches, and false when the key is absent.
// - "Conditions with multiple context keys or values": values OR (NOR when negated).
//
// Decisions where the guide is silent or contradicts itself (see the report / tests):
// - A key present with no values (an empty list) is treated as absent: the guide says ForAllValues
//   is true and ForAnyValue false on "an empty data set", and that `Null: false` guards against
//   "context keys with empty values".
// - With a set operator, IfExists does not change the absent-key result: ForAnyValue:...IfExists
//   on an absent key is false (AWS re:Post, "ForAnyValue:StringEqualsIfExists behaving
//   unexpectedly"); ForAllValues is true either way.
// - A single-valued operator (no ForAllValues / ForAnyValue) given several request values: the
//   guide says only "Multivalued context keys require a condition set operator" ("Single-valued
//   vs. multivalued context keys") and does not say what AWS computes without one. AWS could read
//   it as "some request value matches" or as "every request value matches" (a negated operator:
//   "no request value matches" or "some request value does not"). When all request values give
//   the same result, both readings agree and that is the answer; when they differ (some match,
//   some do not, or some are unknown) the clause is unknown (2), and the reason worded for the
//   decision says so (`singleValuedOperatorSplit`, engine/evaluate-statements.ts). Keys with one
//   value (the common case) take the single-value path and never pay for this.
// - A malformed policy or request value (not a number, bad date, bad CIDR, bad base64, not a
//   boolean; a `Null` value other than true / false) is an unknown value, once the absent-key
//   rules have been applied: the guide does not say how AWS evaluates it (IAM Access Analyzer
//   only warns "Type mismatch"), and reading it as "does not match" would let a Deny carrying it
//   stop applying, so an Allow would win where AWS may deny. The clause is unknown (2) unless
//   another value decides it; `unreadableConditionValue` words why for the decision.
// - An unknown operator evaluates to 2 (unknown), never silently true or false; so does
//   `NullIfExists`, which the guide rules out ("except the Null condition").
// - A key present with a value known only after deploy (`EvalContext.shape`, shapes.ts) is
//   present: `Null` is false, `...IfExists` and the absent-key rules do not apply, and the
//   operator decides from the shape (no value of the shape can match: false; every value
//   matches: true; otherwise unknown).

import type { ConditionClause } from '../../policy/types.js';
import { isUnknown } from '../../model/unknown.js';
import type { Tri } from '../tri.js';
import type { EvalContext } from './context.js';
import { type CompiledValues, isShortArnPattern, OPERATORS } from './operators.js';
import { ALWAYS_MAYBE, MAYBE, NO, not3, YES } from '../tri.js';
import { BAD } from './match-result.js';
import { asText, parseBool } from './values.js';
import { isAmbiguousDate } from './dates.js';
import { parseTemplate } from './variables.js';

export type ClauseFn = (ctx: EvalContext) => Tri;

export interface CompileOptions {
  /**
   * Substitute policy variables in condition values (default true). Set false for documents
   * whose Version is not 2012-10-17: "variables like ${aws:username} are treated as literal
   * strings in the policy" (IAM User Guide, "IAM policy elements: Variables and tags").
   */
  policyVariables?: boolean;
}

function compileNull(key: string, clause: ConditionClause): ClauseFn {
  let whenAbsent = false;
  let whenPresent = false;
  let unknown = false;
  let malformed = false;
  for (const v of clause.values) {
    if (isUnknown(v)) {
      unknown = true;
      continue;
    }
    const b = parseBool(asText(v));
    if (b === undefined) malformed = true;
    else if (b) whenAbsent = true;
    else whenPresent = true;
  }
  // a value other than true / false is an unknown value (module comment)
  const resultFor = (holds: boolean): Tri => (holds ? YES : unknown || malformed ? MAYBE : NO);
  const absent = resultFor(whenAbsent);
  const present = resultFor(whenPresent);
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === undefined && ctx.shape?.(key)) return present;
    // May be present or absent: decided only when both give the same.
    if (vals === undefined && ctx.maybePresent?.(key)) return present === absent ? present : MAYBE;
    return vals === undefined || vals.length === 0 ? absent : present;
  };
}

/**
 * The clause's result for a key present with a value of a known shape (see the module comment);
 * for a key that may be present with a value of a shape or absent (`EvalContext.maybePresent`),
 * that result when it is the same as `absent`, else MAYBE.
 */
function shapeResult(
  compiled: CompiledValues,
  key: string,
  negated: boolean,
  ctx: EvalContext,
  absent: Tri,
): Tri | undefined {
  const shape = ctx.shape?.(key);
  const maybe = shape ? undefined : ctx.maybePresent?.(key);
  const s = shape ?? maybe;
  if (!s) return undefined;
  let r = compiled.matchShape ? compiled.matchShape(s, ctx) : MAYBE;
  if (negated) r = not3(r);
  return maybe && r !== absent ? MAYBE : r;
}

/** `tally` bits: some request value matches, some does not, some is unknown, one is malformed. */
const SOME_YES = 1;
const SOME_NO = 2;
const SOME_MAYBE = 4;
const SOME_BAD = 8;

/** Which results the request values give (`SOME_*` bits). */
function tally(match: CompiledValues['match'], vals: readonly string[], ctx: EvalContext): number {
  let bits = 0;
  for (let i = 0; i < vals.length; i++) {
    const m = match(vals[i]!, ctx);
    bits |= m === BAD ? SOME_BAD : m === YES ? SOME_YES : m === NO ? SOME_NO : SOME_MAYBE;
  }
  return bits;
}

/**
 * Single request value fast path; several values: the result when every value gives it, else
 * unknown (the module comment: AWS does not document a single-valued operator on several values).
 */
function plain(key: string, compiled: CompiledValues, absent: Tri, negated: boolean): ClauseFn {
  const match = compiled.match;
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === undefined) return shapeResult(compiled, key, negated, ctx, absent) ?? absent;
    if (vals.length === 0) return absent;
    let r: number;
    if (vals.length === 1) r = match(vals[0]!, ctx);
    else {
      const bits = tally(match, vals, ctx);
      r = bits === SOME_YES ? YES : bits === SOME_NO ? NO : MAYBE;
    }
    // a request value the operator cannot read: unknown (module comment)
    if (r === BAD || r === MAYBE) return MAYBE;
    if (!negated) return r as Tri;
    return r === YES ? NO : YES;
  };
}

/** ForAllValues: every request value matches (negated: matches none of the policy values). */
function forAll(key: string, compiled: CompiledValues, negated: boolean): ClauseFn {
  const match = compiled.match;
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === undefined) return shapeResult(compiled, key, negated, ctx, YES) ?? YES;
    if (vals.length === 0) return YES;
    let unknown = false;
    let fails = false;
    for (let i = 0; i < vals.length; i++) {
      const m = match(vals[i]!, ctx);
      if (m === MAYBE || m === BAD) unknown = true;
      else if ((m === YES) === negated) fails = true;
    }
    return fails ? NO : unknown ? MAYBE : YES;
  };
}

/** ForAnyValue: at least one request value matches (negated: at least one matches none). */
function forAny(key: string, compiled: CompiledValues, negated: boolean): ClauseFn {
  const match = compiled.match;
  return (ctx) => {
    const vals = ctx.get(key);
    if (vals === undefined) return shapeResult(compiled, key, negated, ctx, NO) ?? NO;
    if (vals.length === 0) return NO;
    let unknown = false;
    let holds = false;
    for (let i = 0; i < vals.length; i++) {
      const m = match(vals[i]!, ctx);
      if (m === MAYBE || m === BAD) unknown = true;
      else if ((m === YES) !== negated) holds = true;
    }
    return holds ? YES : unknown ? MAYBE : NO;
  };
}

function compileClauseUnsafe(clause: ConditionClause, options: CompileOptions | undefined): ClauseFn {
  const base = clause.base;
  if (base === undefined) return ALWAYS_MAYBE;
  const key = asText(clause.key).toLowerCase();
  if (base === 'Null') return clause.ifExists ? ALWAYS_MAYBE : compileNull(key, clause);
  if (!Object.hasOwn(OPERATORS, base)) return ALWAYS_MAYBE;
  const op = OPERATORS[base as keyof typeof OPERATORS];
  const variables = op.variables && options?.policyVariables !== false;
  const values = Array.isArray(clause.values) ? clause.values : [];
  const compiled = op.compile(values, variables);
  const set = clause.set;
  const absent: Tri =
    set === 'ForAllValues' ? YES : set === 'ForAnyValue' ? NO : clause.ifExists || op.negated ? YES : NO;
  if (set === 'ForAllValues') return forAll(key, compiled, op.negated);
  if (set === 'ForAnyValue') return forAny(key, compiled, op.negated);
  return plain(key, compiled, absent, op.negated);
}

/**
 * The keys (lowercased) of the policy variables in the clause's values that the clause resolves
 * against the request (`${aws:RequestTag/project}`): only operators that take variables, only
 * with `policyVariables`; undefined when none. An analysis under a free context needs them: the
 * clause's outcome depends on those keys as much as on its own (compile-policy.ts).
 */
export function clauseVariableKeys(clause: ConditionClause, options?: CompileOptions): string[] | undefined {
  const base = clause.base;
  if (base === undefined || base === 'Null' || !Object.hasOwn(OPERATORS, base)) return undefined;
  if (!OPERATORS[base as keyof typeof OPERATORS].variables || options?.policyVariables === false)
    return undefined;
  const keys: string[] = [];
  for (const v of Array.isArray(clause.values) ? clause.values : []) {
    const tpl = typeof v === 'string' ? parseTemplate(v) : undefined;
    for (const part of tpl?.parts ?? []) if (part.kind === 'variable') keys.push(part.key);
  }
  return keys.length ? keys : undefined;
}

/**
 * Does `clause` use a single-valued operator (no set operator; not `Null`) on a key the request
 * gives several values of, which do not all give the same result? Then AWS does not document the
 * clause's result and it evaluates to unknown (module comment). For wording why a decision is
 * open (cold path: the engine's decisions never call it).
 */
export function singleValuedOperatorSplit(
  clause: ConditionClause,
  ctx: EvalContext,
  options?: CompileOptions,
): boolean {
  try {
    const base = clause.base;
    if (clause.set !== undefined || base === undefined || base === 'Null') return false;
    if (!Object.hasOwn(OPERATORS, base)) return false;
    const vals = ctx.get(asText(clause.key).toLowerCase());
    if (vals === undefined || vals.length < 2) return false;
    const op = OPERATORS[base as keyof typeof OPERATORS];
    const values = Array.isArray(clause.values) ? clause.values : [];
    const compiled = op.compile(values, op.variables && options?.policyVariables !== false);
    if (compiled.malformed) return false;
    const bits = tally(compiled.match, vals, ctx);
    // an unreadable request value has its own reason (`unreadableConditionValue`)
    if (bits & SOME_BAD) return false;
    return bits !== SOME_YES && bits !== SOME_NO && bits !== SOME_MAYBE;
  } catch {
    return false;
  }
}

/** What a value of a typed operator must be, in words (`unreadableConditionValue`). */
function expectedValue(base: string): string {
  if (base.startsWith('Numeric')) return 'a number';
  if (base.startsWith('Date')) return 'a date (ISO 8601 or epoch seconds)';
  if (base === 'Bool' || base === 'Null') return 'true or false';
  if (base === 'BinaryEquals') return 'base64';
  return 'an IP address or CIDR range';
}

/**
 * Why `clause` is unknown in `ctx` when a value its operator cannot read makes it so (module
 * comment): the value (the policy's, else the request's) and what it should be, in words; else
 * undefined. For wording why a decision is open (cold path: the engine's decisions never call it).
 */
export function unreadableConditionValue(
  clause: ConditionClause,
  ctx: EvalContext,
  options?: CompileOptions,
): string | undefined {
  try {
    const base = clause.base;
    if (base === undefined || compileClause(clause, options)(ctx) !== MAYBE) return undefined;
    const values = Array.isArray(clause.values) ? clause.values : [];
    const known = values.filter((v): v is string => !isUnknown(v)).map(asText);
    const what = `is not ${expectedValue(base)}`;
    if (base === 'Null') {
      const bad = known.find((v) => parseBool(v) === undefined);
      return bad === undefined ? undefined : `the policy value "${bad}" ${what}`;
    }
    if (!Object.hasOwn(OPERATORS, base)) return undefined;
    const op = OPERATORS[base as keyof typeof OPERATORS];
    const variables = op.variables && options?.policyVariables !== false;
    if (base.startsWith('Arn')) {
      const short = known.find(isShortArnPattern);
      return short === undefined
        ? undefined
        : `the policy value "${short}" is a pattern of fewer than the six colon-separated fields the ARN operators compare one by one`;
    }
    const bad = known.find((v) => op.compile([v], variables).malformed);
    if (bad !== undefined) return `the policy value "${bad}" ${what}`;
    const year = base.startsWith('Date') ? known.find(isAmbiguousDate) : undefined;
    if (year !== undefined)
      return `the policy value "${year}" reads as epoch seconds or as the year ${year} (ISO 8601), which decide the comparison differently`;
    const match = op.compile(values, variables).match;
    const request = ctx.get(asText(clause.key).toLowerCase())?.find((v) => match(v, ctx) === BAD);
    return request === undefined ? undefined : `the request's value "${request}" ${what}`;
  } catch {
    return undefined;
  }
}

/**
 * Compiles one clause. Never throws: a clause that cannot be compiled evaluates to 2 (unknown),
 * so a decision that depends on it is reported as indeterminate rather than guessed.
 */
export function compileClause(clause: ConditionClause, options?: CompileOptions): ClauseFn {
  try {
    return compileClauseUnsafe(clause, options);
  } catch {
    return ALWAYS_MAYBE;
  }
}
