// The rows of the principals outside a matrix's users and roles (`OutsideRows`): every other
// principal the model's policies name, as the access diff lays them out (`outsidePrincipals`,
// layout.ts), evaluated over the matrix's own columns under the matrix's context. `iamspec matrix
// --format json` records them in the access snapshot (`outside`); the snapshot diff builds the
// same for the new state and compares both, as a diff of two models compares those principals.

import type { Engine, EngineOptions, RequestContext } from '../../engine/index.js';
import type { Model } from '../../model/types.js';
import { buildMatrixParallel } from '../matrix/workers.js';
import type { Matrix, OutsideRows } from '../types.js';
import { outsidePrincipals, withOtherOutside } from './layout.js';

export interface OutsideRowsOptions {
  /** The matrix's columns (its resources' ARNs, in order): the outside rows use the same. */
  resources: string[];
  /**
   * The outside principals of the other state (a snapshot diff's base) this model should decide
   * too (layout.ts `withOtherOutside`).
   */
  alsoNamed?: readonly string[];
  /** Keep only these principals (`--principal` of a diff). */
  keep?: (principal: string) => boolean;
  context?: RequestContext;
  /** Assumed for every request, under `context` (`MatrixOptions.assumed`). */
  assumed?: RequestContext;
  /** Record each action's grants (`MatrixOptions.actionGrants`). */
  actionGrants?: boolean;
  compiled: Engine;
  engine?: EngineOptions;
}

/** The outside rows of `model` (see the module comment), with the principals it could not take. */
export async function buildOutsideRows(
  model: Model,
  options: OutsideRowsOptions,
): Promise<{ rows: OutsideRows; skipped: string[] }> {
  const { principals: all, skipped } = withOtherOutside(
    model,
    outsidePrincipals(model),
    options.alsoNamed ?? [],
  );
  const principals = options.keep ? all.filter(options.keep) : all;
  if (!principals.length) return { rows: { principals: [], cells: [], chains: {} }, skipped };
  const matrix: Matrix = await buildMatrixParallel(model, {
    principals,
    resources: options.resources,
    ...(options.context && Object.keys(options.context).length ? { context: options.context } : {}),
    ...(options.assumed && Object.keys(options.assumed).length ? { assumed: options.assumed } : {}),
    ...(options.actionGrants ? { actionGrants: true } : {}),
    compiled: options.compiled,
    engine: options.engine ?? {},
  });
  return { rows: { principals: matrix.principals, cells: matrix.cells, chains: matrix.chains }, skipped };
}
