// Undecided branches: what a conditional (`cond ? a : b`) is when its condition is unknown, and
// what a `dynamic` block or a `for_each`/`count` element is when its collection is unknown.
// "A condition nobody can evaluate keeps both branches": `Alternatives` holds every value the
// expression could take (the value is one of them), `MaybeElement` an element of a list that
// might not be there. Both are Unknowns, so code that does not know them treats them as unknown
// (sound); the code that does (instance expansion, dynamic blocks, policy reading, principal
// linking) keeps every branch, each maybe-present. Operations on Alternatives are distributed
// over the options (`lift`), so `length(var.on ? ["a"] : [])` is one of 1 or 0.

import { Unknown } from '../../../model/unknown.js';
import { isFailure, plain } from './scope.js';
import { tfEquals } from './values.js';

/** Most options one value keeps; past it the value is a plain Unknown. */
export const MAX_OPTIONS = 16;

/** One of several values; which one depends on `cause` (an unknown condition). */
export class Alternatives extends Unknown {
  constructor(
    readonly options: readonly unknown[],
    readonly cause: Unknown,
  ) {
    super(cause.reason, cause.source);
  }
}

/** An element of a list (a block of a `dynamic`, a statement) that might not exist. */
export class MaybeElement extends Unknown {
  constructor(
    readonly value: unknown,
    readonly presence: Unknown,
  ) {
    super(`might not exist: ${presence.reason}`, presence.source);
  }
}

/**
 * The value that is one of `options`, because of `cause`. Nested Alternatives are flattened,
 * equal options merged; a single option is the value itself; too many make a plain Unknown.
 */
export function alternatives(options: readonly unknown[], cause: Unknown): unknown {
  const flat: unknown[] = [];
  const add = (v: unknown) => {
    if (v instanceof Alternatives) for (const o of v.options) add(o);
    else if (!flat.some((f) => f === v || (!(f instanceof Unknown) && tfEquals(f, v)))) flat.push(v);
  };
  for (const o of options) add(o);
  if (flat.length === 1) return flat[0];
  if (flat.length > MAX_OPTIONS) return plain(cause);
  if (flat.length && flat.every(isFailure)) return flat[0];
  return new Alternatives(flat, cause);
}

/**
 * The values a value can take: its options (without those that fail, which Terraform would
 * reject at plan time, unless all do) or itself.
 */
export function optionsOf(v: unknown): unknown[] {
  if (!(v instanceof Alternatives)) return [v];
  const ok = v.options.filter((o) => !isFailure(o));
  return ok.length ? ok : [...v.options];
}

/**
 * Applies `f` to the values, distributing it over the options of any that are Alternatives
 * (bounded: past MAX_OPTIONS combinations the result is a plain Unknown).
 */
export function lift(values: readonly unknown[], f: (values: unknown[]) => unknown): unknown {
  const at = values.findIndex((v) => v instanceof Alternatives);
  if (at < 0) return f([...values]);
  const alt = values[at] as Alternatives;
  let combos = 1;
  for (const v of values) if (v instanceof Alternatives) combos *= v.options.length;
  if (combos > MAX_OPTIONS) return plain(alt);
  const results = alt.options.map((o) => {
    const next = [...values];
    next[at] = o;
    return lift(next, f);
  });
  return alternatives(results, alt.cause);
}

/** Both reasons an element might not exist (its module's and its own, a block's and its statement's). */
export function andPresence(a: Unknown | undefined, b: Unknown | undefined): Unknown | undefined {
  if (!a) return b;
  if (!b || a === b) return a;
  return new Unknown(`${a.reason}; and ${b.reason}`, b.source ?? a.source);
}
