// Evaluation scope: what an expression can see (iteration variables and a Resolver for
// references), and the two kinds of Unknown the evaluator produces: values not known until
// apply (`unknownAt`) and evaluation failures (`errorAt`, an `EvalFailure`).

import type { Finding } from '../../../model/finding.js';
import type { Source } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';
import type { Pos } from '../hcl/ast.js';

export type Step = { k: 'attr'; name: string } | { k: 'index'; key: unknown };

export interface Resolver {
  /**
   * Resolves a reference root (`var`, `local`, `aws_iam_role`, `data`, `module`, `path`...)
   * consuming as many traversal steps as it needs. `undefined` when the root is not known.
   */
  resolve(root: string, steps: Step[], pos: Pos, scope: Scope): { value: unknown; used: number } | undefined;
  /** Directory of the module (`path.module`). */
  readonly moduleDir: string | undefined;
  /**
   * The root module's directory, where Terraform runs: relative paths of `file()`,
   * `templatefile()`, `fileset()`... are relative to it ("path.module ... path.root ... path.cwd",
   * Terraform language, "References to Named Values"; the functions take a path "relative to the
   * current working directory").
   */
  readonly workDir?: string | undefined;
  /** Reports a finding about the configuration (an unknown function), once per message. */
  notice?(finding: Finding): void;
}

export interface Scope {
  /** Iteration and meta variables in scope (`each`, `count`, for-expression variables). */
  vars: ReadonlyMap<string, unknown>;
  resolver: Resolver;
  file: string | undefined;
  address: string | undefined;
}

export function withVars(scope: Scope, add: Record<string, unknown>): Scope {
  const vars = new Map(scope.vars);
  for (const [k, v] of Object.entries(add)) vars.set(k, v);
  return { ...scope, vars };
}

/** An Unknown that stands for an evaluation error (`try()` moves past it, `can()` is false). */
export class EvalFailure extends Unknown {}

function scopeSource(scope: Scope, pos: Pos | undefined): Source {
  const source: Source = {};
  if (scope.file) source.file = scope.file;
  if (pos) {
    source.line = pos.line;
    source.column = pos.column;
  }
  if (scope.address) source.address = scope.address;
  return source;
}

/** A value that cannot be known (yet), located at `pos`. */
export function unknownAt(scope: Scope, pos: Pos | undefined, reason: string): Unknown {
  return new Unknown(reason, scopeSource(scope, pos));
}

/** A value whose evaluation failed (unsupported construct, type error), located at `pos`. */
export function errorAt(scope: Scope, pos: Pos | undefined, reason: string): EvalFailure {
  return new EvalFailure(reason, scopeSource(scope, pos));
}

/**
 * The Unknown as a plain value: structured Unknowns (a PartialTemplate, Alternatives, a
 * MaybeElement) carry what they stand for, which is no longer true of a value computed from
 * them; such a result is a plain Unknown with the same reason and source (an EvalFailure stays one).
 */
export function plain(u: Unknown): Unknown {
  if (u.constructor === Unknown || u.constructor === EvalFailure) return u;
  return isFailure(u) ? new EvalFailure(u.reason, u.source) : new Unknown(u.reason, u.source);
}

/** Objects that wrap the Unknown that caused them (Alternatives): whether that cause is a failure. */
interface Caused {
  cause: Unknown;
}

/** Whether an Unknown stands for an evaluation error (directly or as the cause of undecided branches). */
export function isFailure(u: unknown): boolean {
  if (u instanceof EvalFailure) return true;
  const c = (u as Partial<Caused> | null | undefined)?.cause;
  return c instanceof Unknown && c !== u && isFailure(c);
}
