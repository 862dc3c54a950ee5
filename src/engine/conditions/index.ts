// Condition evaluation and policy variables: the engine compiles a statement's Condition block
// once with `compileConditions` and calls the result on its hot path. Evaluation is three-valued
// (Tri, ../tri.ts): MAYBE means the result depends on a value an adapter could not resolve, or on an operator
// iamspec does not know.

import type { ConditionClause } from '../../policy/types.js';
import { type ClauseFn, type CompileOptions, compileClause } from './clause.js';
import type { Tri } from '../tri.js';
import type { EvalContext } from './context.js';
import { ALWAYS_YES, MAYBE, NO, YES } from '../tri.js';

export type { Tri } from '../tri.js';
export type { EvalContext } from './context.js';
export { contextFromRecord } from './context.js';
export type { ClauseFn, CompileOptions } from './clause.js';
export { compileClause, singleValuedOperatorSplit, unreadableConditionValue } from './clause.js';
export { describeClause } from './describe.js';
export { compileTemplate } from './variables.js';
export { compileArnTemplate } from './patterns.js';

/** AND of all clauses of a Condition block; 1 for an empty block. */
export type CompiledConditions = (ctx: EvalContext) => Tri;

/**
 * Compiles a Condition block: clauses (operator blocks and the keys in them) are ANDed (IAM User
 * Guide, "Conditions with multiple context keys or values"), in three-valued logic: any 0 gives
 * 0 even if another clause is unknown; otherwise any 2 gives 2.
 */
export function compileConditions(
  clauses: readonly ConditionClause[],
  options?: CompileOptions,
): CompiledConditions {
  // No clauses: answered first; the clauses' functions in an array built one way for every
  // statement (with `map`, V8 saw arrays of more than one kind here and deoptimized the reads
  // below: bench/RESULTS.md, hperf8).
  if (!Array.isArray(clauses) || clauses.length === 0) return ALWAYS_YES;
  const fns: ClauseFn[] = [];
  for (const c of clauses) fns.push(compileClause(c, options));
  if (fns.length === 1) return fns[0]!;
  if (fns.length === 2) {
    const a = fns[0]!;
    const b = fns[1]!;
    return (ctx) => {
      const x = a(ctx);
      if (x === NO) return NO;
      const y = b(ctx);
      if (y === NO) return NO;
      return x === MAYBE || y === MAYBE ? MAYBE : YES;
    };
  }
  return (ctx) => {
    let unknown = false;
    for (let i = 0; i < fns.length; i++) {
      const r = fns[i]!(ctx);
      if (r === NO) return NO;
      if (r === MAYBE) unknown = true;
    }
    return unknown ? MAYBE : YES;
  };
}
