// Instance expansion of a resource or module call from the value of its `count` or `for_each`
// (Terraform language, "The count Meta-Argument" / "The for_each Meta-Argument"). What the
// inputs do not pin down is kept, never dropped: when the value is one of several (a condition
// nobody can evaluate), every instance of any option is there, those not in every option
// maybe-present; when it is unknown altogether (a variable without a value, a value known only
// after apply, an evaluation error), one stand-in instance keyed `[?]` stands for all of them,
// maybe-present, with `count.index` / `each.key` / `each.value` unknown; a `for_each` over a
// partly known set (eval/partial-list.ts) has an instance per known key for sure and that
// stand-in for the rest (a partly known map likewise, each known key with its value); a `count` known to be at least N (the length of such a list) has N
// instances for sure and that stand-in. The presence names the expression, the reason and the
// address.

import { inputLimits } from '../../../model/read-input.js';
import type { Source } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';
import { InputError } from '../errors.js';
import { alternatives, optionsOf } from '../eval/branches.js';
import { EvalFailure, isFailure } from '../eval/scope.js';
import { PartlyKnownList, PartlyKnownMap, UnknownLength } from '../eval/partial-list.js';
import { isObject, tfEquals, UNKNOWN_KEY } from '../eval/values.js';
import type { Expr } from '../hcl/ast.js';
import { exprText } from '../hcl/print.js';

export type Key = string | number | undefined;

export interface Expansion {
  key: Key;
  /** `count` / `each` of the instance. */
  vars: Record<string, unknown>;
  /** Set when the instance might not exist. */
  presence?: Unknown;
}

export interface ExpansionSet {
  meta: 'none' | 'count' | 'for_each';
  list: Expansion[];
  /**
   * The keys of each possible option, when the value is one of several; undefined when there
   * is one known set of keys (`list`) or none is known (a stand-in).
   */
  options?: Key[][];
  /** Why the instances are not known (set with `options` or a stand-in). */
  cause?: Unknown;
  /** Set when a stand-in instance stands for instances whose keys are unknown. */
  standIn?: boolean;
}

export const SINGLE: ExpansionSet = { meta: 'none', list: [{ key: undefined, vars: {} }] };

/** What the located description of the meta-argument says when its value is not known. */
function presenceOf(meta: string, expr: Expr, cause: Unknown, locate: (e: Expr) => Unknown): Unknown {
  const at = locate(expr);
  const why = isFailure(cause) ? `cannot be evaluated (${cause.reason})` : `is not known (${cause.reason})`;
  return new Unknown(`${meta} = ${exprText(expr)} ${why}`, at.source);
}

/**
 * The expansion of `count = value`. `locate` gives an Unknown located at an expression (for
 * sources); errors in the value (not a whole number) are failures, treated as unknown.
 */
export function countExpansion(value: unknown, expr: Expr, locate: (e: Expr) => Unknown): ExpansionSet {
  if (value instanceof UnknownLength && value.min > 0) return atLeastCount(value, expr, locate);
  const options = optionsOf(value);
  const counts: (number | undefined)[] = [];
  let problem: Unknown | undefined;
  for (const o of options) {
    if (o instanceof Unknown) {
      counts.push(undefined);
      problem ??= o;
    } else if (typeof o === 'number' && Number.isInteger(o) && o >= 0) counts.push(o);
    else if (typeof o === 'string' && /^\d+$/.test(o)) counts.push(Number(o));
    else {
      counts.push(undefined);
      problem ??= new EvalFailure(
        `count must be a whole number, got ${JSON.stringify(o)}`,
        locate(expr).source,
      );
    }
  }
  for (const n of counts) if (n !== undefined) checkInstances(n, 'count', expr, locate);
  if (counts.length === 1 && counts[0] !== undefined) {
    return { meta: 'count', list: range(counts[0]).map((i) => ({ key: i, vars: { count: { index: i } } })) };
  }
  const cause = problem ?? (value instanceof Unknown ? value : new Unknown('count is one of several values'));
  const presence = presenceOf('count', expr, value instanceof Unknown ? value : cause, locate);
  if (counts.some((c) => c === undefined)) {
    const index = new Unknown(`count.index of the instances whose count is unknown`, presence.source);
    return {
      meta: 'count',
      list: [{ key: UNKNOWN_KEY, vars: { count: { index } }, presence }],
      cause: presence,
      standIn: true,
    };
  }
  const known = counts as number[];
  const min = Math.min(...known);
  const max = Math.max(...known);
  return {
    meta: 'count',
    list: range(max).map((i) => ({
      key: i,
      vars: { count: { index: i } },
      ...(i < min ? {} : { presence }),
    })),
    options: known.map((n) => range(n)),
    cause: presence,
  };
}

/**
 * `count = length(concat(["ops"], var.extra))`: at least `min` instances (the known elements'
 * number, eval/partial-list.ts `UnknownLength`): those exist for sure, with their
 * `count.index`; one stand-in instance `[?]`, maybe-present, stands for the others.
 */
function atLeastCount(value: UnknownLength, expr: Expr, locate: (e: Expr) => Unknown): ExpansionSet {
  checkInstances(value.min + 1, 'count', expr, locate);
  const presence = presenceOf('count', expr, value, locate);
  const index = new Unknown(`count.index of the instances whose count is unknown`, presence.source);
  return {
    meta: 'count',
    list: [
      ...range(value.min).map((i) => ({ key: i, vars: { count: { index: i } } })),
      { key: UNKNOWN_KEY, vars: { count: { index } }, presence },
    ],
    cause: presence,
    standIn: true,
  };
}

/**
 * A `count`/`for_each` over --max-instances is an input error at the expression: expanding it
 * would exhaust memory, and leaving instances out could let a check pass.
 */
export function checkInstances(
  n: number,
  meta: 'count' | 'for_each',
  expr: Expr,
  locate: (e: Expr) => Unknown,
): void {
  const { maxInstances } = inputLimits();
  if (n <= maxInstances) return;
  throw tooManyInstances(
    `${meta} expands to ${n} instances, over iamspec's limit of ${maxInstances} for one resource or module`,
    locate(expr).source,
  );
}

export function tooManyInstances(reason: string, at: Source | undefined): InputError {
  return new InputError(
    `${reason}; raise it with --max-instances (API: the maxInstances option)`,
    at?.file ?? '<configuration>',
    at?.line,
    at?.column,
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_x, i) => i);
}

/** The instance keys and values of one for_each option, or undefined when unknown. */
function forEachEntries(o: unknown): { entries: [string, unknown][] } | { error: string } | undefined {
  if (o instanceof Unknown) return undefined;
  if (isObject(o)) {
    return {
      entries: Object.keys(o)
        .sort()
        .map((k) => [k, o[k]] as [string, unknown]),
    };
  }
  if (Array.isArray(o)) {
    if (o.some((x) => x instanceof Unknown)) return undefined;
    if (!o.every((x) => typeof x === 'string'))
      return { error: 'for_each over a set must have string elements' };
    return { entries: [...new Set(o as string[])].sort().map((k) => [k, k] as [string, unknown]) };
  }
  if (o === null || o === undefined) return { error: 'for_each must not be null' };
  return { error: 'for_each must be a map or a set of strings' };
}

/** The expansion of `for_each = value` (see countExpansion). */
export function forEachExpansion(value: unknown, expr: Expr, locate: (e: Expr) => Unknown): ExpansionSet {
  if (value instanceof PartlyKnownList) {
    if (value.elements.every((x) => typeof x === 'string' || x instanceof Unknown)) {
      const keys = value.elements.filter((x): x is string => typeof x === 'string');
      return partlyKnownForEach(
        keys.map((k) => [k, k]),
        value.rest,
        expr,
        locate,
      );
    }
  }
  if (value instanceof PartlyKnownMap) {
    return partlyKnownForEach(Object.entries(value.entries), value.rest, expr, locate);
  }
  const options = optionsOf(value);
  const read = options.map(forEachEntries);
  let problem: Unknown | undefined;
  const sets: [string, unknown][][] = [];
  read.forEach((r, i) => {
    if (r === undefined) problem ??= options[i] instanceof Unknown ? (options[i] as Unknown) : undefined;
    else if ('error' in r) problem ??= new EvalFailure(r.error, locate(expr).source);
    else sets.push(r.entries);
  });
  for (const set of sets) checkInstances(set.length, 'for_each', expr, locate);
  const each = (key: string, v: unknown) => ({ each: { key, value: v } });
  if (options.length === 1 && sets.length === 1) {
    return { meta: 'for_each', list: sets[0]!.map(([k, v]) => ({ key: k, vars: each(k, v) })) };
  }
  const cause =
    problem ?? (value instanceof Unknown ? value : new Unknown('for_each is one of several values'));
  const presence = presenceOf('for_each', expr, value instanceof Unknown && !problem ? value : cause, locate);
  if (sets.length < options.length) {
    const u = (what: string) =>
      new Unknown(`${what} of the instances whose for_each is unknown`, presence.source);
    return {
      meta: 'for_each',
      list: [{ key: UNKNOWN_KEY, vars: { each: { key: u('each.key'), value: u('each.value') } }, presence }],
      cause: presence,
      standIn: true,
    };
  }
  const keys = [...new Set(sets.flatMap((s) => s.map(([k]) => k)))].sort();
  const list: Expansion[] = keys.map((k) => {
    const values = sets.map((s) => s.find(([x]) => x === k)).filter((x) => x !== undefined);
    const inAll = values.length === sets.length;
    const first = values[0]![1];
    const same = values.every(([, v]) => tfEquals(v, first));
    const v = same
      ? first
      : alternatives(
          values.map(([, x]) => x),
          presence,
        );
    return { key: k, vars: each(k, v), ...(inAll ? {} : { presence }) };
  });
  return { meta: 'for_each', list, options: sets.map((s) => s.map(([k]) => k)), cause: presence };
}

/**
 * `for_each = toset(concat(["ops"], var.admins))`, a set of strings partly known, or
 * `for_each = merge({ ops = ... }, var.extra)`, a map partly known (eval/partial-list.ts): each
 * known key is an instance for sure, with its value (a set's element is its own value; a map
 * key whose value an unknown map may override has an unknown value); one stand-in instance `[?]`,
 * maybe-present, stands for the others. A set whose known element is not a string is rejected by
 * Terraform: read as unknown (the caller's way).
 */
function partlyKnownForEach(
  entries: [string, unknown][],
  rest: Unknown,
  expr: Expr,
  locate: (e: Expr) => Unknown,
): ExpansionSet {
  const byKey = new Map(entries);
  const keys = [...byKey.keys()].sort();
  checkInstances(keys.length + 1, 'for_each', expr, locate);
  const presence = presenceOf('for_each', expr, rest, locate);
  const u = (what: string) =>
    new Unknown(`${what} of the instances whose for_each is unknown`, presence.source);
  return {
    meta: 'for_each',
    list: [
      ...keys.map((k) => ({ key: k, vars: { each: { key: k, value: byKey.get(k) } } })),
      { key: UNKNOWN_KEY, vars: { each: { key: u('each.key'), value: u('each.value') } }, presence },
    ],
    cause: presence,
    standIn: true,
  };
}
