// Compares what two sides of an access diff grant, action by action: every principal x resource
// cell either side evaluated (an absent cell is deny), and every role either side's principals
// reach through role chains. An action whose access differs is one AccessChange: added (deny →
// some access), removed (→ deny), changed (allow ↔ conditional ↔ indeterminate, or conditional
// under other conditions). Conditions compare by their clauses: the statement a clause comes from
// (`(Allow of POLICY, Sid "X")`) is left out, so renaming a policy or reordering statements is no
// change. Each change carries the statements of its own action when the side records them per
// action (a matrix built with `actionGrants`), else those of its level's cell, which explain.ts
// refines with the engine.

import { getAction, getResourceType, arnMatchesResourceType } from '../../catalog/index.js';
import type { Access, MatrixCell, MatrixResource, StatementRef } from '../types.js';
import type { ChainReach, SideAccess } from './evaluate.js';
import { type IdentityMap, renameText } from './identity.js';
import type { AccessChange, ChangeGrant, DiffState } from './types.js';

export interface ComparedAccess {
  added: AccessChange[];
  removed: AccessChange[];
  changed: AccessChange[];
}

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
// (a diff of two unrelated organisations has hundreds of thousands of changes; the lists are read only).
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
 * Sorts a change of `principal` → `action` on `resource` (through the roles `via`, for a chain)
 * into added / removed / changed, or drops it when nothing differs. (Hundreds of thousands of
 * changes for two unrelated organisations: the object is built once, with its fields in the
 * JSON contract's order.)
 */
function classify(
  out: ComparedAccess,
  principal: string,
  action: string,
  resource: string,
  via: string[] | undefined,
  before: ActionState | undefined,
  after: ActionState | undefined,
): void {
  const b = before?.access ?? 'deny';
  const a = after?.access ?? 'deny';
  if (a === b && (a !== 'conditional' || sameConditions(before!.conditions, after!.conditions))) return;
  const shown = a === 'deny' ? before! : after!;
  const grants = stated(shown.grants, a === 'deny' ? 'before' : 'after');
  const change: AccessChange = via
    ? { principal, action, resource, via, before: b, after: a, grants }
    : { principal, action, resource, before: b, after: a, grants };
  if (shown.access === 'conditional' && shown.conditions.length) change.conditions = shown.conditions;
  if (b === 'deny') out.added.push(change);
  else if (a === 'deny') out.removed.push(change);
  else out.changed.push(change);
}

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

function compareCells(out: ComparedAccess, before: SideAccess, after: SideAccess, identity: IdentityMap) {
  const rename = identity.baseToNew.size ? (t: string) => renameText(identity, t) : undefined;
  // In key order, so the changes come out nearly sorted (access-diff.ts sorts them).
  const principals = [...new Set([...before.cells.keys(), ...after.cells.keys()])].sort();
  for (const p of principals) {
    const rowA = before.cells.get(p);
    const rowB = after.cells.get(p);
    const resources = [...new Set([...(rowA?.keys() ?? []), ...(rowB?.keys() ?? [])])].sort();
    for (const r of resources) {
      const a = actionsOf(rowA?.get(r), rename);
      const b = actionsOf(rowB?.get(r));
      const column = after.resources.get(r) ?? before.resources.get(r)!;
      for (const action of new Set([...a.keys(), ...b.keys()]))
        classify(out, p, action, resourcePattern(column, r, action), undefined, a.get(action), b.get(action));
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
  out: ComparedAccess,
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
      const via = shown.path.slice(0, -1).map((h) => (rb ? h.role : before.keyOf(h.role)));
      classify(out, p, 'sts:AssumeRole', role, via, chainState(ra, rename), chainState(rb));
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
): ComparedAccess {
  const out: ComparedAccess = { added: [], removed: [], changed: [] };
  compareCells(out, before, after, identity);
  compareChains(out, before, after, identity, roleColumns);
  return out;
}
