// Compares what two sides of an access diff grant, action by action: every principal x resource
// cell either side evaluated (an absent cell is deny), and every role either side's principals
// reach through role chains. An action whose access differs is one AccessChange: added (deny →
// some access), removed (→ deny), changed (allow ↔ conditional ↔ indeterminate, or conditional
// under other conditions). Conditions compare by their clauses: the statement a clause comes from
// (`(Allow of POLICY, Sid "X")`) is left out, so renaming a policy or reordering statements is no
// change. Each change carries the statements of its own action when the side records them per
// action (a matrix built with `actionGrants`), else those of its level's cell, which explain.ts
// refines with the engine. The changes are kept per principal x resource pattern (runs, see
// change-list.ts): the entries of a pair of cells are computed once and shared.

import { getAction, getResourceType, arnMatchesResourceType } from '../../catalog/index.js';
import type { Access, MatrixCell, MatrixResource, StatementRef } from '../types.js';
import type { ChainReach, SideAccess } from './evaluate.js';
import { type IdentityMap, renameText } from './identity.js';
import { ChangeList } from './change-list.js';
import type { ChangeEntry, ChangeGrant, ChangeKind, ChangeRun, DiffState } from './types.js';

interface ActionState {
  access: Access;
  conditions: string[];
  grants: StatementRef[];
}

const ATTRIBUTION = / \((?:Allow|Deny) of .*\)$/;

/** The clauses of a condition list, without the statements they come from, as a sorted set. */
export function conditionClauses(conditions: readonly string[]): string[] {
  return [...new Set(conditions.map((c) => c.replace(ATTRIBUTION, '')))].sort();
}

function sameConditions(a: readonly string[], b: readonly string[]): boolean {
  const x = conditionClauses(a);
  const y = conditionClauses(b);
  return x.length === y.length && x.every((c, i) => c === y[i]);
}

/**
 * Per action: its access, conditions and statements (from a cell's levels): its own when the side
 * records them per action, else its level's.
 */
function actionsOf(
  levels: MatrixCell[] | undefined,
  rename?: (t: string) => string,
): Map<string, ActionState> {
  const out = new Map<string, ActionState>();
  for (const cell of levels ?? []) {
    if (cell.access === 'deny') continue;
    cell.actions.forEach((a, i) => {
      if (out.has(a.action)) return;
      out.set(a.action, {
        access: a.access,
        conditions: rename ? a.conditions.map(rename) : a.conditions,
        grants: cell.actionGrants?.[i] ?? cell.grants,
      });
    });
  }
  return out;
}

// One list of stated grants per cell's grant list and state, shared by the changes of that cell
// (a diff of two unrelated organisations has millions of changes; the lists are read only).
const statedLists: Record<DiffState, WeakMap<readonly StatementRef[], ChangeGrant[]>> = {
  before: new WeakMap(),
  after: new WeakMap(),
};

function stated(refs: readonly StatementRef[], state: DiffState): ChangeGrant[] {
  let list = statedLists[state].get(refs);
  if (!list) {
    list = refs.map((r) => ({ ...r, state }));
    statedLists[state].set(refs, list);
  }
  return list;
}

/**
 * The change of `action` between two states (added / removed / changed), or undefined when
 * nothing differs.
 */
function entryOf(
  action: string,
  before: ActionState | undefined,
  after: ActionState | undefined,
): ChangeEntry | undefined {
  const b = before?.access ?? 'deny';
  const a = after?.access ?? 'deny';
  if (a === b && (a !== 'conditional' || sameConditions(before!.conditions, after!.conditions)))
    return undefined;
  const shown = a === 'deny' ? before! : after!;
  const grants = stated(shown.grants, a === 'deny' ? 'before' : 'after');
  const kind: ChangeKind = b === 'deny' ? 'added' : a === 'deny' ? 'removed' : 'changed';
  return shown.access === 'conditional' && shown.conditions.length
    ? { kind, action, before: b, after: a, grants, conditions: shown.conditions }
    : { kind, action, before: b, after: a, grants };
}

const byAction = (x: ChangeEntry, y: ChangeEntry) => (x.action < y.action ? -1 : x.action > y.action ? 1 : 0);

const bucketActions = new Map<string, boolean>();

/**
 * The resource pattern of an action on a matrix column: the column's ARN, or for an S3 bucket
 * and an action on objects only, `BUCKET/*` (the matrix's "any object of the bucket" witness).
 */
export function resourcePattern(resource: MatrixResource, arn: string, action: string): string {
  if (resource.kind !== 's3-bucket') return arn;
  let onBucket = bucketActions.get(action);
  if (onBucket === undefined) {
    const a = getAction(action);
    onBucket =
      !a ||
      a.resourceTypes.some((rt) => {
        const type = getResourceType(a.service, rt.name);
        return !!type && arnMatchesResourceType('arn:aws:s3:::iamspec-bucket', type);
      });
    bucketActions.set(action, onBucket);
  }
  return onBucket ? arn : `${arn}/*`;
}

/** The entries of a pair of cells: on the column's ARN, and (an S3 bucket) on its objects. */
interface CellEntries {
  onArn: ChangeEntry[];
  onObjects: ChangeEntry[];
}

const NO_CELL: MatrixCell[] = [];

/**
 * Compares every cell either side evaluated. Cells are interned by the matrix (equal cells are
 * one object), so the entries of a pair of cells are computed once and shared by every run with
 * that pair (and the same kind of column).
 */
function compareCells(runs: ChangeRun[], before: SideAccess, after: SideAccess, identity: IdentityMap) {
  const rename = identity.baseToNew.size ? (t: string) => renameText(identity, t) : undefined;
  const statesA = new Map<MatrixCell[], Map<string, ActionState>>();
  const statesB = new Map<MatrixCell[], Map<string, ActionState>>();
  const states = (memo: typeof statesA, levels: MatrixCell[], r?: (t: string) => string) => {
    let m = memo.get(levels);
    if (!m) {
      m = actionsOf(levels, r);
      memo.set(levels, m);
    }
    return m;
  };
  // Bucket columns and others: their entries split differently.
  const pairs = [new Map<MatrixCell[], Map<MatrixCell[], CellEntries>>(), new Map()];
  const entriesOf = (levelsA: MatrixCell[], levelsB: MatrixCell[], column: MatrixResource, r: string) => {
    const bucket = column.kind === 's3-bucket' ? 1 : 0;
    let byB = pairs[bucket]!.get(levelsA);
    if (!byB) {
      byB = new Map();
      pairs[bucket]!.set(levelsA, byB);
    }
    let out = byB.get(levelsB);
    if (!out) {
      const a = states(statesA, levelsA, rename);
      const b = states(statesB, levelsB);
      out = { onArn: [], onObjects: [] };
      for (const action of new Set([...a.keys(), ...b.keys()])) {
        const e = entryOf(action, a.get(action), b.get(action));
        if (!e) continue;
        if (resourcePattern(column, r, action) === r) out.onArn.push(e);
        else out.onObjects.push(e);
      }
      out.onArn.sort(byAction);
      out.onObjects.sort(byAction);
      byB.set(levelsB, out);
    }
    return out;
  };
  // In key order, so the runs come out nearly sorted (change-list.ts sorts them).
  const principals = [...new Set([...before.cells.keys(), ...after.cells.keys()])].sort();
  for (const p of principals) {
    const rowA = before.cells.get(p);
    const rowB = after.cells.get(p);
    const resources = [...new Set([...(rowA?.keys() ?? []), ...(rowB?.keys() ?? [])])].sort();
    for (const r of resources) {
      const column = after.resources.get(r) ?? before.resources.get(r)!;
      const { onArn, onObjects } = entriesOf(rowA?.get(r) ?? NO_CELL, rowB?.get(r) ?? NO_CELL, column, r);
      if (onArn.length) runs.push({ principal: p, resource: r, entries: onArn });
      if (onObjects.length) runs.push({ principal: p, resource: `${r}/*`, entries: onObjects });
    }
  }
}

function chainState(reach: ChainReach | undefined, rename?: (t: string) => string): ActionState | undefined {
  if (!reach) return undefined;
  return {
    access: reach.access,
    conditions: rename ? reach.conditions.map(rename) : reach.conditions,
    grants: reach.path.flatMap((h) => h.grants),
  };
}

/**
 * Role chains: a role a principal reaches through others (or directly, when the roles are not
 * columns) with other access. A role reached in one hop is a cell of the role's column already.
 */
function compareChains(
  runs: ChangeRun[],
  before: SideAccess,
  after: SideAccess,
  identity: IdentityMap,
  roleColumns: boolean,
) {
  const rename = identity.baseToNew.size ? (t: string) => renameText(identity, t) : undefined;
  for (const p of new Set([...before.chainsOf, ...after.chainsOf])) {
    const a = before.chains.get(p);
    const b = after.chains.get(p);
    for (const role of new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])) {
      const ra = a?.get(role);
      const rb = b?.get(role);
      const shown = rb ?? ra!;
      if (roleColumns && shown.path.length < 2) continue;
      const e = entryOf('sts:AssumeRole', chainState(ra, rename), chainState(rb));
      if (!e) continue;
      const via = shown.path.slice(0, -1).map((h) => (rb ? h.role : before.keyOf(h.role)));
      runs.push({ principal: p, resource: role, via, entries: [e] });
    }
  }
}

/**
 * The changes between two sides. `roleColumns`: the sides evaluated roles as columns (a role
 * reached in one hop is then a cell, not a chain).
 */
export function compareAccess(
  before: SideAccess,
  after: SideAccess,
  identity: IdentityMap,
  roleColumns: boolean,
): ChangeList {
  const runs: ChangeRun[] = [];
  compareCells(runs, before, after, identity);
  compareChains(runs, before, after, identity, roleColumns);
  return new ChangeList(runs);
}
