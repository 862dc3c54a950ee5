// The model "in another world": the same inputs deployed to a given account. When the inputs and
// the options do not state the deploying account, the adapters write the stand-in
// `PLACEHOLDER_ACCOUNT` (stand-ins.ts) wherever the account goes (`${AWS::AccountId}`,
// `data.aws_caller_identity.current.account_id`, the ARNs of what the inputs create). Replacing
// that id everywhere by `to` gives the model the inputs would be if they deployed to `to`; the
// engine decides a request in such worlds to find decisions that depend on which account "this
// account" is (src/engine/account-worlds.ts). Owns `substituteAccount`.

import { PLACEHOLDER_ACCOUNT } from './stand-ins.js';
import { copyTagMarks, type Model } from './types.js';
import { Unknown } from './unknown.js';

const RUNS = new Map<string, RegExp>();

/** `s` with every 12-digit run equal to the stand-in account `from` (default: the placeholder) replaced by `to`. */
export function substituteInString(s: string, to: string, from = PLACEHOLDER_ACCOUNT): string {
  if (!s.includes(from)) return s;
  let run = RUNS.get(from);
  if (!run) {
    run = new RegExp(`(?<!\\d)${from}(?!\\d)`, 'g');
    RUNS.set(from, run);
  }
  return s.replace(run, to);
}

/**
 * A copy of `value` (arrays, plain objects and class instances such as `Unknown`, whose
 * prototype is kept, and a tag value's marks: `copyTagMarks`) with the placeholder account replaced by `to` in every string, keys
 * included. Shared objects stay shared in the copy (and cycles are kept); each object is copied
 * once. Iterative: no depth limit. `skip` names properties kept as they are (sources, findings).
 */
export function substituteAccount<T>(
  value: T,
  to: string,
  skip: ReadonlySet<string> = SKIP,
  from = PLACEHOLDER_ACCOUNT,
): T {
  return substituteStrings(value, (s) => substituteInString(s, to, from), skip);
}

/**
 * A copy of `value` as `substituteAccount` makes it, with `replace` applied to every string
 * (keys included); the stand-in region's worlds use it too (region-substitution.ts). An object
 * `touched` says holds no string `replace` changes is kept as it is (the name worlds' copy on
 * write, name-world-model.ts).
 */
export function substituteStrings<T>(
  value: T,
  replace: (s: string) => string,
  skip: ReadonlySet<string> = SKIP,
  touched?: (x: object) => boolean,
): T {
  const copies = new Map<object, object>();
  const copyOf = (x: unknown): unknown => {
    if (typeof x === 'string') return replace(x);
    if (x === null || typeof x !== 'object') return x;
    if (x instanceof Map || x instanceof Set || x instanceof Date || x instanceof RegExp) return x;
    const hit = copies.get(x);
    if (hit) return hit;
    if (touched && !touched(x)) return x;
    const out: object = Array.isArray(x) ? [] : Object.create(Object.getPrototypeOf(x));
    if (x instanceof Unknown) copyTagMarks(x, out as Unknown);
    copies.set(x, out);
    pending.push([x, out]);
    return out;
  };
  const pending: [object, object][] = [];
  const root = copyOf(value);
  while (pending.length) {
    const [from, out] = pending.pop()!;
    if (Array.isArray(from)) {
      const arr = out as unknown[];
      for (let i = 0; i < from.length; i++) arr[i] = copyOf(from[i]);
      continue;
    }
    for (const key of Object.keys(from)) {
      const v = (from as Record<string, unknown>)[key];
      (out as Record<string, unknown>)[replace(key)] = skip.has(key) ? v : copyOf(v);
    }
  }
  return root as T;
}

/**
 * Whether `test` holds for some string `substituteStrings` would pass to its `replace` in `value`
 * (keys included, not below `skip`'s properties): when not, and `replace` changes only strings it
 * holds for, the copy is `value` as it is.
 */
export function someString(
  value: unknown,
  test: (s: string) => boolean,
  skip: ReadonlySet<string> = SKIP,
): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length) {
    const x = pending.pop();
    if (typeof x === 'string') {
      if (test(x)) return true;
      continue;
    }
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    if (x instanceof Map || x instanceof Set || x instanceof Date || x instanceof RegExp) continue;
    seen.add(x);
    if (Array.isArray(x)) {
      pending.push(...x);
      continue;
    }
    for (const key of Object.keys(x)) {
      if (test(key)) return true;
      if (!skip.has(key)) pending.push((x as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** Properties kept as they are: where an element comes from, and what was said about it. */
export const SKIP: ReadonlySet<string> = new Set(['source', 'findings']);

/**
 * The model as it would be if the inputs deployed to account `to` (see the module comment); with
 * `from`, if the stand-in account `from` (src/model/stand-ins.ts `standInAccountId`) were `to`.
 */
export function modelInAccount(model: Model, to: string, from = PLACEHOLDER_ACCOUNT): Model {
  const out = substituteAccount(model, to, SKIP, from);
  // Two accounts of the inputs may become one (a stack without an account and one stating `to`).
  const seen = new Set<string>();
  return { ...out, accounts: out.accounts.filter((a) => !seen.has(a.id) && !!seen.add(a.id)) };
}
