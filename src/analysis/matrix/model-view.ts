// What the matrix reads of a compiled model, once per engine: the engine's own compiled-model view
// (identity policies and boundaries through `Engine.policySets`, SCP and RCP statements through
// `Engine.scpsOf` / `rcpsOf`, resource and trust policies through `resourcePolicyOf` /
// `trustPolicyOf` in columns.ts, principals through `Engine.principalDirectory`), so the matrix
// compiles nothing itself and names every policy as `decide` does. Also caches the column indexes
// of the column lists asked for (a worker building many slices of one matrix reuses one).

import type { CompiledStatement } from '../../engine/compile-policy.js';
import type { Engine } from '../../engine/engine.js';
import type { PolicySets } from '../../engine/policy-sets.js';
import type { Resource, Role, User } from '../../model/types.js';
import { ColumnIndex } from './column-index.js';
import { columnFor } from './columns.js';

export interface MatrixModelView {
  engine: Engine;
  sets: PolicySets;
  users: ReadonlyMap<string, User>;
  roles: ReadonlyMap<string, Role>;
  /** Model resources by ARN (a column's resource is the one with exactly its ARN). */
  resources: Map<string, Resource>;
  /** The statements of the SCPs / RCPs of each account, in policy order. */
  scps: Map<string, CompiledStatement[]>;
  rcps: Map<string, CompiledStatement[]>;
  /** The model's account ids. */
  accounts: ReadonlySet<string>;
  columnIndexes: Map<string, ColumnIndex>;
  /**
   * The other worlds `decide` decides every request in (`Engine.otherWorlds`), as maps of a string
   * into them: the pruning counts what a statement names in any of them.
   */
  worldMaps: readonly ((s: string) => string)[];
}

const views = new WeakMap<Engine, MatrixModelView>();

/** The matrix's view of `engine`'s compiled model (built once per engine). */
export function matrixViewOf(engine: Engine): MatrixModelView {
  let view = views.get(engine);
  if (view) return view;
  const model = engine.model;
  const directory = engine.principalDirectory;
  const scps = new Map<string, CompiledStatement[]>();
  const rcps = new Map<string, CompiledStatement[]>();
  for (const o of model.organizations) {
    scps.set(
      o.account,
      engine.scpsOf(o.account).flatMap((p) => p.statements),
    );
    rcps.set(
      o.account,
      engine.rcpsOf(o.account).flatMap((p) => p.statements),
    );
  }
  view = {
    engine,
    sets: engine.policySets,
    users: directory.userByArn,
    roles: directory.roleByArn,
    resources: new Map(model.resources.map((r) => [r.arn, r])),
    scps,
    rcps,
    accounts: directory.accounts,
    columnIndexes: new Map(),
    worldMaps: engine.otherWorlds().map((w) => w.into),
  };
  views.set(engine, view);
  return view;
}

/** The column index of these column ARNs (cached per view; a few lists at a time). */
export function columnIndexOf(view: MatrixModelView, arns: string[]): ColumnIndex {
  const key = arns.join('\n');
  let index = view.columnIndexes.get(key);
  if (!index) {
    const columns = arns.map((arn, i) =>
      columnFor(view.engine, i, arn, view.resources.get(arn), view.roles.get(arn)),
    );
    index = new ColumnIndex(columns, view.worldMaps);
    if (view.columnIndexes.size > 8) view.columnIndexes.clear();
    view.columnIndexes.set(key, index);
  }
  return index;
}

/**
 * The accounts with SCPs or RCPs (`view.scps`, `view.rcps`) other than `account` that are
 * `account` in some other world (the unstated deploying account and an id the model names): their
 * policies may apply to requests there. Empty without other worlds.
 */
export function orgAccountsInWorlds(view: MatrixModelView, account: string): string[] {
  if (!view.worldMaps.length) return [];
  const out: string[] = [];
  for (const o of new Set([...view.scps.keys(), ...view.rcps.keys()]))
    if (o !== account && view.worldMaps.some((into) => into(o) === into(account))) out.push(o);
  return out;
}
