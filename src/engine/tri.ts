// Three-valued logic for decisions: 0 = no, 1 = yes, 2 = unknown (depends on a value an adapter
// could not resolve). Ordering for AND/OR is false < unknown < true (Kleene logic).

import type { Tri } from './conditions/context.js';

export type { Tri };
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
