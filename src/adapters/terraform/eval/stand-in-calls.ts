// The part of a Terraform function call on a stand-in (the deploying region or account that is
// not given, src/model/stand-ins.ts) that the region and the account share: where a value holds
// the stand-in (in a string or a map key of plain data), which functions have a rule of their
// own, when a call only places its arguments (so the stand-in stays as it is), and the unknown a
// call that reads it gives; whether a map read may depend on it. What each stand-in keeps is its own module's: fn-region.ts (region
// codes, probed over every Region) and fn-account.ts (12 digits); the comparison rules shared
// with CloudFormation are src/adapters/stand-in-functions.ts.

import type { Unknown } from '../../../model/unknown.js';
import type { Pos } from '../hcl/ast.js';
import { type Scope, unknownAt } from './scope.js';
import { EncodedJson, isObject } from './values.js';

/** Does a string hold the stand-in? */
export type HoldsText = (s: string) => boolean;

/** Functions with their own rule for a stand-in (`lookup`: the keyed reads) or none to check. */
export const OWN_RULE: ReadonlySet<string> = new Set(['lookup', 'templatestring']);

/** Does `v` hold the stand-in, in a string or a map key (plain data; not in an Unknown)? */
export function holdsStandIn(v: unknown, holdsText: HoldsText, depth = 0): boolean {
  if (typeof v === 'string') return holdsText(v);
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  if (Array.isArray(v)) return v.some((x) => holdsStandIn(x, holdsText, depth + 1));
  if (v instanceof EncodedJson) return holdsStandIn(v.value, holdsText, depth + 1);
  if (!isObject(v)) return false;
  for (const k in v) if (holdsText(k) || holdsStandIn(v[k], holdsText, depth + 1)) return true;
  return false;
}

/** The answer of a call or map read on a stand-in: its value, or `undefined`: evaluate as usual. */
export type StandInAnswer = { value: unknown } | undefined;

/**
 * May a read of `m` by `key` depend on the stand-in, and how: `keyHolds`, `key` holds it;
 * `mapKeyed`, a key of `m` (not nested) does. Undefined when neither, and when `key` has neither
 * the stand-in nor a digit: a map key holding the stand-in holds a digit once a value is put in
 * place (an account id is 12 digits, every region code has one), so such a key reads the same
 * entry whatever the stand-in's value.
 */
export function keyedByStandIn(
  m: Record<string, unknown>,
  key: string,
  holdsText: HoldsText,
): { keyHolds: boolean; mapKeyed: boolean } | undefined {
  const keyHolds = holdsText(key);
  if (!keyHolds && !/[0-9]/.test(key)) return undefined;
  let mapKeyed = false;
  for (const k in m)
    if (holdsText(k)) {
      mapKeyed = true;
      break;
    }
  return keyHolds || mapKeyed ? { keyHolds, mapKeyed } : undefined;
}

/** Does a map key in `v` (at any depth) hold the stand-in? */
export function keyHoldsStandIn(v: unknown, holdsText: HoldsText, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  if (Array.isArray(v)) return v.some((x) => keyHoldsStandIn(x, holdsText, depth + 1));
  if (v instanceof EncodedJson) return keyHoldsStandIn(v.value, holdsText, depth + 1);
  if (!isObject(v)) return false;
  return Object.entries(v).some(([k, x]) => holdsText(k) || keyHoldsStandIn(x, holdsText, depth + 1));
}

/**
 * Does the call only place its arguments' text, so that the stand-in stays as it is? `places`: the
 * function places names as they are (functions.ts `PLACES_NAMES`, format verbs included); `keep`:
 * the functions that leave this stand-in's text as it is. A map keyed by the stand-in is not
 * placed: which entries merge, and their order, depend on its value.
 */
export function placesStandIn(
  base: string,
  args: readonly unknown[],
  places: boolean,
  keep: ReadonlySet<string>,
  holdsText: HoldsText,
): boolean {
  if (!places && !keep.has(base)) return false;
  return !args.some((a) => keyHoldsStandIn(a, holdsText));
}

/** The unknown result of `name()` on the stand-in, with the stand-in's reason. */
export function transformedStandIn(
  scope: Scope,
  pos: Pos | undefined,
  name: string,
  reason: string,
): Unknown {
  return unknownAt(scope, pos, `${name}(): ${reason}`);
}
