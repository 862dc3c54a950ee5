// The one three-valued (Kleene) logic of the engine and the analyses: NO, YES, MAYBE (depends on a
// value an adapter could not resolve, or on something the inputs do not show). Ordering for
// AND/OR is NO < MAYBE < YES. Condition results, statement matches, policy outcomes and
// decisions all use it; compare with the names, never with bare numbers.

/** 0 = NO, 1 = YES, 2 = MAYBE. */
export type Tri = 0 | 1 | 2;
export const NO = 0 as const;
export const YES = 1 as const;
export const MAYBE = 2 as const;

const RANK = [0, 2, 1] as const; // rank of 0, 1, 2
const FROM_RANK: Tri[] = [0, 2, 1];

export function and3(a: Tri, b: Tri): Tri {
  return FROM_RANK[Math.min(RANK[a], RANK[b])]!;
}

export function or3(a: Tri, b: Tri): Tri {
  return FROM_RANK[Math.max(RANK[a], RANK[b])]!;
}

/** Kleene NOT: MAYBE stays MAYBE. */
export function not3(t: Tri): Tri {
  return t === MAYBE ? MAYBE : t === YES ? NO : YES;
}

export const ALWAYS_YES = (): Tri => YES;
export const ALWAYS_NO = (): Tri => NO;
export const ALWAYS_MAYBE = (): Tri => MAYBE;
