// The access matrix: principals by resources, each cell one catalog access level (List, Read,
// Write, Permissions management, Tagging) with the actions of that level the principal can
// perform on the resource (allow / conditional / indeterminate, under a free request context)
// and the statements that grant them. Owns `buildMatrix` and its options; the steps live in the
// modules of this folder (ARCHITECTURE.md lists them).
//
// What a cell evaluates: the catalog actions of the resource's service whose resource types can
// name the resource (catalog ARN formats). An S3 bucket is evaluated as the bucket ARN (bucket
// actions) and as `arn:aws:s3:::BUCKET/*`, a witness standing for any object of the bucket
// (object actions); when a principal's own statements grant only part of the objects
// (`BUCKET/reports/*`), that pattern is tried too and access found only there is reported as
// conditional ("only objects matching ..."). Actions without resource types (only `*`, e.g.
// s3:ListAllMyBuckets) belong to no resource and are not in the matrix. IAM roles are not
// resources of the default matrix: the roles a principal can reach are in `Matrix.chains`
// (`assumableRoles`); `includeRoles: true` adds every model role as a resource (iam actions on the
// role, and sts:AssumeRole and the other trust actions, decided against its trust policy).
//
// Speed (the matrix of a 5,000-principal organisation must take seconds): the engine decides only
// what could be allowed. A principal can reach a resource only through an Allow of its identity
// policies whose Resource can name the resource (per statement, cached: managed policies are shared
// by many principals) or through the resource's own policy naming it (indexed by principal ARN,
// account, `*`). Within a cell, actions that exactly the same statements match (of every policy
// that applies: identity, boundary, resource, SCP, RCP) get the same decision, so one of them is
// decided for all; groups that no Allow statement matches are denied without deciding. Deny cells
// and identical cells are shared objects. Across rows, principals of one kind, account and
// boundary get the same decisions where the same statements apply and none reads the principal
// itself (shared-decisions.ts): an organisation's resource policies are decided once per such
// class, not once per principal. The result is a pure function of the engine and the
// options: slicing `principals` and concatenating rows gives the same matrix.

import { qualifiedFunctionArns } from '../../aws/lambda.js';
import { isOpenAccountStandIn } from '../../model/open-accounts.js';
import type { Engine } from '../../engine/engine.js';
import type { RequestContext } from '../../engine/types.js';
import type { Model } from '../../model/types.js';
import { againContexts, assumedContext } from '../assumed-context.js';
import { assumableRoles } from '../chains.js';
import type { ConditionFacts, Matrix } from '../types.js';
import { ACCESS_LEVELS } from './action-lists.js';
import { CompactCells } from './cell-store.js';
import { buildRow, type RowBuild } from './cells.js';
import { Interner } from './interner.js';
import type { ColumnIndex } from './column-index.js';
import { columnIndexOf, type MatrixModelView, matrixViewOf } from './model-view.js';
import { resolveRows } from './rows.js';
import { SharedDecisions } from './shared-decisions.js';

export { ACCESS_LEVELS };

export interface MatrixOptions {
  /**
   * Rows: request principals (user or role ARNs, service principals, account ids, `anonymous`) or
   * model references (`user/NAME`, `role/NAME`, `group/NAME` = its members). Default: every model
   * user, then every model role.
   */
  principals?: string[];
  /**
   * Columns: resource ARNs (model resources, or any ARN: evaluated as given). Default: every
   * model resource (and every model role with `includeRoles`).
   */
  resources?: string[];
  /** Pinned request context; every other key is free (access under some context = conditional). */
  context?: RequestContext;
  /**
   * What every request is assumed to have (`--assume`, TLS by default), under `context` (which
   * pins over it): it settles conditions but never hides access (src/analysis/assumed-context.ts:
   * a request it denies is decided again without it, when some statement could grant more so).
   */
  assumed?: RequestContext;
  /** Called after each principal row. */
  onProgress?: (done: number, total: number) => void;
  /** Add model roles as resources (default false; see the module comment). */
  includeRoles?: boolean;
  /** Compute `chains` (roles each principal can reach), default true. */
  chains?: boolean;
  /**
   * Record in each cell the statements that grant each action (`MatrixCell.actionGrants`), not
   * only those of the whole level: the matrix decides one action per group and keeps what that
   * decision names, so a reader (the access diff) needs no decision of its own. Default false.
   */
  actionGrants?: boolean;
  /**
   * Interned cells shared with other calls on the same engine (`createMatrixInterner`): a
   * worker building many slices of one matrix keeps one copy of each distinct cell and decision,
   * and equal cells of different slices are the same object. Default: a new one per call.
   */
  interner?: MatrixInterner;
  /**
   * Forget each model user's compiled identity policies once its row and chains are built
   * (`PolicySets.forgetIdentity`): a user is a row once and no other row reads its policies (users
   * cannot be assumed), so an engine used only for this matrix (a worker's) need not keep them.
   * Another caller of the engine that decides for the user afterwards compiles them again.
   * Default false. The matrix is the same (test/matrix-worker-copy.test.ts).
   */
  releaseUsers?: boolean;
}

/** Interned cells and decisions of matrix builds (see `MatrixOptions.interner`). */
export type MatrixInterner = Interner;

/** A fresh interner to share between `buildMatrix` calls on one engine. */
export function createMatrixInterner(): MatrixInterner {
  return new Interner();
}

/**
 * Decisions shared between rows (shared-decisions.ts): per call, or, with an interner shared
 * between calls (a worker's slices, this thread's slices of a parallel build), per interner,
 * column index, context and `actionGrants` for the interner's lifetime, so rows of one class in
 * different slices share them as the rows of one call do (they hold the interner's result ids and
 * cells, and the cells depend on the context and on `actionGrants`). Measured on the
 * 5,000-principal organisation: a thread made the shared decisions again in each of its 8 slices.
 */
const sharedByInterner = new WeakMap<Interner, WeakMap<ColumnIndex, Map<string, SharedDecisions>>>();

function sharedDecisionsOf(
  options: MatrixOptions,
  view: MatrixModelView,
  index: ColumnIndex,
): SharedDecisions {
  const interner = options.interner;
  if (!interner) return new SharedDecisions(view, index);
  let byIndex = sharedByInterner.get(interner);
  if (!byIndex) {
    byIndex = new WeakMap();
    sharedByInterner.set(interner, byIndex);
  }
  let byOptions = byIndex.get(index);
  if (!byOptions) {
    byOptions = new Map();
    byIndex.set(index, byOptions);
  }
  const key = `${options.actionGrants ? 'G' : '-'}${JSON.stringify(options.context ?? null)}${JSON.stringify(options.assumed ?? null)}`;
  let shared = byOptions.get(key);
  if (!shared) {
    shared = new SharedDecisions(view, index);
    byOptions.set(key, shared);
  }
  return shared;
}

/** The column ARNs of `buildMatrix` with these options, in order, each once. */
export function matrixColumnArns(
  model: Model,
  options: Pick<MatrixOptions, 'resources' | 'includeRoles'>,
): string[] {
  const resourceArns = options.resources ?? [
    // a function's versions and aliases its policy or URLs name are requests of their own
    ...model.resources.flatMap((r) => [r.arn, ...qualifiedFunctionArns(r)]),
    // an open-account stand-in (model/open-accounts.ts) is a row, never a column
    ...(options.includeRoles ? model.roles.filter((r) => !isOpenAccountStandIn(r)).map((r) => r.arn) : []),
  ];
  return [...new Set(resourceArns)];
}

/**
 * Builds the access matrix (see the module comment for what each cell evaluates and how it
 * stays fast). Rows: `options.principals` or every model user and role; columns:
 * `options.resources` or every model resource. `chains[i]`: the roles principal i can reach
 * through sts:AssumeRole, with paths (present only for principals that reach some role).
 */
export function buildMatrix(engine: Engine, options: MatrixOptions = {}): Matrix {
  const view = matrixViewOf(engine);
  const model = engine.model;
  const principals = resolveRows(view, options.principals);
  const index = columnIndexOf(view, matrixColumnArns(model, options));
  const interner = options.interner ?? new Interner();
  const contexts = assumedContext(options.context, options.assumed);
  const again = againContexts(model, options.context, options.assumed);
  const build: RowBuild = {
    view,
    index,
    interner,
    context: contexts.assumed,
    // The contexts to decide a denied request in again (assumed-context.ts), when it can matter.
    ...(again.any || again.sts ? { withKeysFree: again } : {}),
    actionGrants: !!options.actionGrants,
    shared: sharedDecisionsOf(options, view, index),
  };
  const chainOptions = {
    ...(options.context ? { context: options.context } : {}),
    ...(options.assumed ? { assumed: options.assumed } : {}),
  };
  const cells = new CompactCells(index.columns.length);
  const chains: Matrix['chains'] = {};
  const total = principals.length;

  for (let pi = 0; pi < principals.length; pi++) {
    const p = principals[pi]!;
    buildRow(build, p, cells);
    if (
      options.chains !== false &&
      (p.kind === 'user' || p.kind === 'role' || p.kind === 'service' || p.kind === 'account')
    ) {
      // Under the assumption too, which never hides a hop (assumed-context.ts `hopContexts`).
      const reach = assumableRoles(engine, p.arn, chainOptions);
      if (reach.length) chains[pi] = reach;
    }
    if (options.releaseUsers && p.kind === 'user') {
      const user = view.users.get(p.arn);
      if (user) view.sets.forgetIdentity(user);
    }
    options.onProgress?.(pi + 1, total);
  }
  const matrix: Matrix = {
    levels: [...ACCESS_LEVELS],
    principals,
    resources: index.columns.map((c) => c.meta),
    cells,
    chains,
  };
  internerOfMatrix.set(matrix, interner);
  return matrix;
}

/** The interner of a matrix built in this thread (`matrixConditionFacts`), beside it: not in its JSON. */
const internerOfMatrix = new WeakMap<Matrix, Interner>();

/**
 * What the engine reports a condition of `m`'s cells (by its text) is about
 * (`FreeDecision.conditionFacts` of the decision it comes from), for the review's severities
 * (risk-severity.ts; `only objects matching …`, a condition the matrix words itself, with no
 * keys); undefined when not known: a matrix built elsewhere (a worker, a shard, a snapshot), whose
 * conditions risk-severity.ts does not let lower a finding. The review builds the matrices it
 * weighs in its own thread (risk-external-access.ts) and reads another only for its rows.
 */
export function matrixConditionFacts(m: Matrix, text: string): ConditionFacts | undefined {
  return internerOfMatrix.get(m)?.conditionFacts(text);
}
