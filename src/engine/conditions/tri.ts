// Three-valued (Kleene) logic helpers for condition results, plus the internal BAD signal a
// value matcher returns when a request value cannot be read for its operator (not a number,
// not a date, ...). BAD never leaves this folder: a clause that sees it evaluates to false.

import type { Tri } from './context.js';

export const FALSE = 0 as const;
export const TRUE = 1 as const;
export const UNKNOWN = 2 as const;
/** Internal: the request value is malformed for the operator; the clause does not match. */
export const BAD = 3 as const;

/** Result of matching one request value against all of a clause's policy values. */
export type MatchResult = Tri | typeof BAD;

/** Kleene NOT: unknown stays unknown. */
export function not(t: Tri): Tri {
  return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
}

export const ALWAYS_TRUE = (): Tri => TRUE;
export const ALWAYS_FALSE = (): Tri => FALSE;
export const ALWAYS_UNKNOWN = (): Tri => UNKNOWN;
