// Compares what two sides of an access diff grant, action by action: every principal x resource
// cell either side evaluated (an absent cell is deny), and every role either side's principals
// reach through role chains. An action whose access differs is one AccessChange: added (deny →
// some access), removed (→ deny), changed (allow ↔ conditional ↔ indeterminate, or conditional
// under other conditions). Conditions compare by their clauses: the statement a clause comes from
// (`(Allow of POLICY, Sid "X")`) is left out, so renaming a policy or reordering statements is no
// change. Each change carries the statements of its own action when the side records them per
// action (a matrix built with `actionGrants`), else those of its level's cell, which explain.ts
// refines with the engine. The changes are kept per principal x resource pattern (runs, see
// change-list.ts): the entries of a pair of cells are computed once and shared. Speed (two
// unrelated 5,000-principal organisations: millions of cells): each principal's two rows are
// merged by column key (evaluate.ts keeps them sorted), a pair of cells is looked up by the
// cells' numbers, and two matrix cells are compared level by level without building a list of
// their actions. An action indeterminate on both sides is no verdict on either: it is a change
// (`changed`, "may have changed") when what the cell depends on differs between the sides
// (dependencies.ts), checked only for the cells that have such an action; a role chain
// indeterminate on both sides likewise (what every hop may depend on: dependencies.ts).

import { getAction, getResourceType, arnMatchesResourceType } from '../../catalog/index.js';
import type { Access, MatrixCell, MatrixResource, StatementRef } from '../types.js';
import type { ChainReach, SideAccess, SideRow } from './evaluate.js';
import { type IdentityMap, renameText } from './identity.js';
import { type ChangeList, ChangeListBuilder } from './change-list.js';
import type { CellDependsChanged, DependsChanged } from './dependencies.js';
import type { ChangeEntry, ChangeGrant, ChangeKind, DiffState } from './types.js';

interface ActionState {
  access: Access;
  conditions: string[];
  grants: StatementRef[];
  /** What makes an indeterminate action so (the texts of its level's reasons), when known. */
  reasons?: readonly string[];
}

// The reason texts of a level, made once per level object.
const reasonTexts = new WeakMap<MatrixCell, string[]>();

function reasonsOf(cell: MatrixCell): string[] | undefined {
  if (!cell.reasons?.length) return undefined;
  let out = reasonTexts.get(cell);
  if (!out) {
    out = [...new Set(cell.reasons.map((r) => r.text))];
    reasonTexts.set(cell, out);
  }
  return out;
}

/**
 * The change of an action indeterminate on both sides, for when what it depends on differs: the
 * new state's statements and reasons.
 */
function unsureEntry(action: string, after: ActionState): ChangeEntry {
  const grants = stated(after.grants, 'after');
  return after.reasons?.length
    ? {
        kind: 'changed',
        action,
        before: 'indeterminate',
        after: 'indeterminate',
        grants,
        reasons: after.reasons,
      }
    : { kind: 'changed', action, before: 'indeterminate', after: 'indeterminate', grants };
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

/** A cell's actions in ascending order (`<` on names), each with its state. */
interface ActionList {
  names: string[];
  states: ActionState[];
}

const NO_ACTIONS: ActionList = { names: [], states: [] };

/**
 * Per action: its access, conditions and statements (from a cell's levels): its own when the side
 * records them per action, else its level's. An action listed twice keeps its first state.
 */
function actionsOf(levels: MatrixCell[], rename?: (t: string) => string): ActionList {
  const all: { name: string; state: ActionState }[] = [];
  for (const cell of levels) {
    if (cell.access === 'deny') continue;
    cell.actions.forEach((a, i) => {
      all.push({
        name: a.action,
        state: {
          access: a.access,
          conditions: rename && a.conditions.length ? a.conditions.map(rename) : a.conditions,
          grants: cell.actionGrants?.[i] ?? cell.grants,
          ...(a.access === 'indeterminate' ? { reasons: reasonsOf(cell) } : {}),
        },
      });
    });
  }
  // A stable sort: of two entries of one action, the first listed stays first.
  all.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const out: ActionList = { names: [], states: [] };
  for (const x of all) {
    if (out.names.length && out.names[out.names.length - 1] === x.name) continue;
    out.names.push(x.name);
    out.states.push(x.state);
  }
  return out;
}

// One list of stated grants per cell's grant list and state, shared by the changes of that cell
// (a diff of two unrelated organisations has millions of changes; the lists are read only).
const statedLists: Record<DiffState, WeakMap<readonly StatementRef[], ChangeGrant[]>> = {
  before: new WeakMap(),
  after: new WeakMap(),
};

// The last list asked for, per state (the actions of a cell often share their grants).
const lastStated: Record<DiffState, { refs?: readonly StatementRef[]; list?: ChangeGrant[] }> = {
  before: {},
  after: {},
};

function stated(refs: readonly StatementRef[], state: DiffState): ChangeGrant[] {
  const last = lastStated[state];
  if (last.refs === refs) return last.list!;
  let list = statedLists[state].get(refs);
  if (!list) {
    list = refs.map((r) => ({ ...r, state }));
    statedLists[state].set(refs, list);
  }
  last.refs = refs;
  last.list = list;
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
  if (shown.access === 'indeterminate' && shown.reasons?.length)
    return { kind, action, before: b, after: a, grants, reasons: shown.reasons };
  return shown.access === 'conditional' && shown.conditions.length
    ? { kind, action, before: b, after: a, grants, conditions: shown.conditions }
    : { kind, action, before: b, after: a, grants };
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

/** The entries of a pair of cells: on the column's ARN, and (an S3 bucket) on its objects. */
interface CellEntries {
  onArn: ChangeEntry[];
  onObjects: ChangeEntry[];
  /** The numbers of the two lists in the change list (compareCells), once they are in it. */
  arnList?: number;
  objectsList?: number;
  /** Actions indeterminate on both sides (see the module comment), on the ARN and on its objects. */
  unsureOnArn: ChangeEntry[];
  unsureOnObjects: ChangeEntry[];
  /** The entries with those actions too, for a cell whose dependencies differ (made once). */
  withUnsure?: CellEntries;
}

const noEntries = (): CellEntries => ({ onArn: [], onObjects: [], unsureOnArn: [], unsureOnObjects: [] });

function addUnsure(entries: CellEntries, e: ChangeEntry, column: MatrixResource, r: string) {
  if (resourcePattern(column, r, e.action) === r) entries.unsureOnArn.push(e);
  else entries.unsureOnObjects.push(e);
}

/**
 * A pair's entries with those of its actions indeterminate on both sides whose dependencies
 * differ (`changed`), sorted by action: the pair's own lists when none does, a list made once
 * when all do.
 */
function unsureChanged(entries: CellEntries, changed: (e: ChangeEntry) => boolean): CellEntries {
  const onArn = entries.unsureOnArn.filter(changed);
  const onObjects = entries.unsureOnObjects.filter(changed);
  if (!onArn.length && !onObjects.length) return entries;
  if (onArn.length === entries.unsureOnArn.length && onObjects.length === entries.unsureOnObjects.length)
    return withUnsure(entries);
  return {
    ...noEntries(),
    onArn: [...entries.onArn, ...onArn].sort(byAction),
    onObjects: [...entries.onObjects, ...onObjects].sort(byAction),
  };
}

/** A pair's entries with its actions indeterminate on both sides (sorted by action). */
function withUnsure(entries: CellEntries): CellEntries {
  entries.withUnsure ??= {
    ...noEntries(),
    onArn: [...entries.onArn, ...entries.unsureOnArn].sort(byAction),
    onObjects: [...entries.onObjects, ...entries.unsureOnObjects].sort(byAction),
  };
  return entries.withUnsure;
}

const byAction = (x: ChangeEntry, y: ChangeEntry) => (x.action < y.action ? -1 : x.action > y.action ? 1 : 0);

function addEntry(entries: CellEntries, e: ChangeEntry | undefined, column: MatrixResource, r: string) {
  if (!e) return;
  if (resourcePattern(column, r, e.action) === r) entries.onArn.push(e);
  else entries.onObjects.push(e);
}

/**
 * The entries of the actions of two cells of any origin (an access snapshot's too), merged by
 * name: they come out sorted by action.
 */
function compareActions(a: ActionList, b: ActionList, column: MatrixResource, r: string): CellEntries {
  const entries = noEntries();
  let i = 0;
  let j = 0;
  while (i < a.names.length || j < b.names.length) {
    const x = a.names[i];
    const y = b.names[j];
    let e: ChangeEntry | undefined;
    if (y === undefined || (x !== undefined && x < y)) e = entryOf(x!, a.states[i++], undefined);
    else if (x === undefined || y < x) e = entryOf(y, undefined, b.states[j++]);
    else {
      const sa = a.states[i++]!;
      const sb = b.states[j++]!;
      if (sa.access === 'indeterminate' && sb.access === 'indeterminate')
        addUnsure(entries, unsureEntry(x, sb), column, r);
      e = entryOf(x, sa, sb);
    }
    addEntry(entries, e, column, r);
  }
  return entries;
}

const NO_ACTION_ENTRIES: MatrixCell['actions'] = [];

/** The state of the `i`th action of a level (see `actionsOf`). */
function stateOf(cell: MatrixCell, i: number, rename?: (t: string) => string): ActionState {
  const a = cell.actions[i]!;
  return {
    access: a.access,
    conditions: rename && a.conditions.length ? a.conditions.map(rename) : a.conditions,
    grants: cell.actionGrants?.[i] ?? cell.grants,
    ...(a.access === 'indeterminate' ? { reasons: reasonsOf(cell) } : {}),
  };
}

/**
 * The entries of two cells built by this process's matrix (`SideAccess.exactGrants`): each
 * level's actions are sorted by name and an action is in one level (its catalog level) on both
 * sides, so the levels are merged one by one, and only the actions whose access differs (or
 * is conditional on both sides) are read into states. The same entries as `compareActions`.
 */
function compareLevels(
  a: readonly MatrixCell[],
  b: readonly MatrixCell[],
  rename: ((t: string) => string) | undefined,
  column: MatrixResource,
  r: string,
): CellEntries {
  const entries = noEntries();
  let levels = 0;
  for (let l = 0; l < Math.max(a.length, b.length); l++) {
    const ca = a[l];
    const cb = b[l];
    const xs = ca && ca.access !== 'deny' ? ca.actions : NO_ACTION_ENTRIES;
    const ys = cb && cb.access !== 'deny' ? cb.actions : NO_ACTION_ENTRIES;
    if (xs.length || ys.length) levels++;
    let i = 0;
    let j = 0;
    // Both levels list the action (the common case: one string identity check), or the one
    // ordered first is on one side only.
    while (i < xs.length && j < ys.length) {
      const x = xs[i]!;
      const y = ys[j]!;
      if (x.action === y.action) {
        // The same access and no conditions to compare: no change (no state read).
        if (x.access !== y.access || x.access === 'conditional')
          addEntry(entries, entryOf(x.action, stateOf(ca!, i, rename), stateOf(cb!, j)), column, r);
        else if (x.access === 'indeterminate')
          addUnsure(entries, unsureEntry(x.action, stateOf(cb!, j)), column, r);
        i++;
        j++;
      } else if (x.action < y.action) {
        addEntry(entries, entryOf(x.action, stateOf(ca!, i++, rename), undefined), column, r);
      } else {
        addEntry(entries, entryOf(y.action, undefined, stateOf(cb!, j++)), column, r);
      }
    }
    for (; i < xs.length; i++)
      addEntry(entries, entryOf(xs[i]!.action, stateOf(ca!, i, rename), undefined), column, r);
    for (; j < ys.length; j++)
      addEntry(entries, entryOf(ys[j]!.action, undefined, stateOf(cb!, j)), column, r);
  }
  if (levels > 1) {
    entries.onArn.sort(byAction);
    entries.onObjects.sort(byAction);
    entries.unsureOnArn.sort(byAction);
    entries.unsureOnObjects.sort(byAction);
  }
  return entries;
}

/**
 * What the comparison needs of a column key, looked up once per key (not once per cell): its
 * column, and the numbers in the change list of its ARN and (a bucket) of `BUCKET/*`, each
 * numbered when its first run is added (-1 until then), so the list's tables are as they were.
 */
interface ColumnSlot {
  column: MatrixResource;
  arn: number;
  objects: number;
}

const NO_ROW: SideRow = { keys: [], cells: [] };
const NO_CELL: MatrixCell[] = [];

/**
 * The entries of a pair of cells by their numbers on each side (-1: none), computed once per pair
 * and kind of column (a bucket's entries split differently).
 */
function pairEntries(
  before: SideAccess,
  after: SideAccess,
  rename: ((t: string) => string) | undefined,
): (na: number, nb: number, column: MatrixResource, r: string) => CellEntries {
  // Cells of this process's matrices on both sides are compared level by level; others (an
  // access snapshot's) through their action lists, each made once.
  const levelwise = before.exactGrants && after.exactGrants;
  const actionsA: ActionList[] = [];
  const actionsB: ActionList[] = [];
  const listOf = (side: SideAccess, memo: ActionList[], n: number, r?: (t: string) => string) => {
    if (n < 0) return NO_ACTIONS;
    let list = memo[n];
    if (!list) {
      list = actionsOf(side.distinct[n]!, r);
      memo[n] = list;
    }
    return list;
  };
  // By the base's cell number + 1 (0: none), then by the new state's cell number + 1, times 2,
  // plus 1 for a bucket column (its entries split differently).
  const pairs: (Map<number, CellEntries> | undefined)[] = [];
  return (na, nb, column, r) => {
    const bucket = column.kind === 's3-bucket' ? 1 : 0;
    let byB = pairs[na + 1];
    if (!byB) {
      byB = new Map();
      pairs[na + 1] = byB;
    }
    const key = (nb + 1) * 2 + bucket;
    let out = byB.get(key);
    if (!out) {
      out = levelwise
        ? compareLevels(
            na < 0 ? NO_CELL : before.distinct[na]!,
            nb < 0 ? NO_CELL : after.distinct[nb]!,
            rename,
            column,
            r,
          )
        : compareActions(listOf(before, actionsA, na, rename), listOf(after, actionsB, nb), column, r);
      byB.set(key, out);
    }
    return out;
  };
}

/**
 * Compares every cell either side evaluated: the two rows of each principal merged by column
 * key. Cells are interned by the matrix (equal cells are one object, one number of the side), so
 * the entries of a pair of cells are computed once and shared by every run with that pair (and
 * the same kind of column).
 */
function compareCells(
  runs: ChangeListBuilder,
  before: SideAccess,
  after: SideAccess,
  identity: IdentityMap,
  dependsChanged: CellDependsChanged | undefined,
) {
  const entriesOf = pairEntries(before, after, renamer(identity));
  const slots = new Map<string, ColumnSlot>();
  // In key order, so the runs come out nearly sorted (change-list.ts sorts them).
  const principals = [...new Set([...before.cells.keys(), ...after.cells.keys()])].sort();
  for (const p of principals) {
    const rowA = before.cells.get(p) ?? NO_ROW;
    const rowB = after.cells.get(p) ?? NO_ROW;
    // The principal's number in the change list, when its first run is added.
    let pn = -1;
    let i = 0;
    let j = 0;
    while (i < rowA.keys.length || j < rowB.keys.length) {
      const x = rowA.keys[i];
      const y = rowB.keys[j];
      let r: string;
      let na = -1;
      let nb = -1;
      if (x === y) {
        // Both rows have the column (checked first: the common case).
        r = x!;
        na = rowA.cells[i++]!;
        nb = rowB.cells[j++]!;
      } else if (y === undefined || (x !== undefined && x < y)) {
        r = x!;
        na = rowA.cells[i++]!;
      } else {
        r = y;
        nb = rowB.cells[j++]!;
      }
      let slot = slots.get(r);
      if (!slot) {
        slot = { column: after.resources.get(r) ?? before.resources.get(r)!, arn: -1, objects: -1 };
        slots.set(r, slot);
      }
      let entries = entriesOf(na, nb, slot.column, r);
      if (dependsChanged && (entries.unsureOnArn.length || entries.unsureOnObjects.length))
        entries = unsureChanged(entries, (e) => dependsChanged(p, r, e.action));
      if (entries.onArn.length) {
        entries.arnList ??= runs.listNumber(entries.onArn);
        if (pn < 0) pn = runs.principalNumber(p);
        if (slot.arn < 0) slot.arn = runs.resourceNumber(r);
        runs.addIds(pn, slot.arn, entries.arnList);
      }
      if (entries.onObjects.length) {
        entries.objectsList ??= runs.listNumber(entries.onObjects);
        if (pn < 0) pn = runs.principalNumber(p);
        if (slot.objects < 0) slot.objects = runs.resourceNumber(`${r}/*`);
        runs.addIds(pn, slot.objects, entries.objectsList);
      }
    }
  }
}

/**
 * Renames the base's element names in a text to the new state's (conditions name ARNs), each
 * distinct text once; undefined when nothing was renamed.
 */
function renamer(identity: IdentityMap): ((t: string) => string) | undefined {
  if (!identity.baseToNew.size) return undefined;
  const done = new Map<string, string>();
  return (t) => {
    let out = done.get(t);
    if (out === undefined) {
      out = renameText(identity, t);
      done.set(t, out);
    }
    return out;
  };
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
  runs: ChangeListBuilder,
  before: SideAccess,
  after: SideAccess,
  identity: IdentityMap,
  roleColumns: boolean,
  dependsChanged: DependsChanged['chains'] | undefined,
) {
  const rename = renamer(identity);
  for (const p of new Set([...before.chainsOf, ...after.chainsOf])) {
    const a = before.chains.get(p);
    const b = after.chains.get(p);
    for (const role of new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])) {
      const ra = a?.get(role);
      const rb = b?.get(role);
      const shown = rb ?? ra!;
      if (roleColumns && shown.path.length < 2) continue;
      const after = chainState(rb);
      // Indeterminate on both sides: a change when what the chain depends on differs.
      const e =
        ra?.access === 'indeterminate' && after?.access === 'indeterminate'
          ? dependsChanged?.(p, role)
            ? unsureEntry('sts:AssumeRole', after)
            : undefined
          : entryOf('sts:AssumeRole', chainState(ra, rename), after);
      if (!e) continue;
      const via = shown.path.slice(0, -1).map((h) => (rb ? h.role : before.keyOf(h.role)));
      runs.add(p, role, [e], via);
    }
  }
}

/**
 * The changes between two sides. `roleColumns`: the sides evaluated roles as columns (a role
 * reached in one hop is then a cell, not a chain). `elsewhere`: the two sides' cells on other
 * columns, compared apart (outside-compare.ts: the witness columns of resources outside the
 * inputs) and sorted into the same list.
 */
export function compareAccess(
  before: SideAccess,
  after: SideAccess,
  identity: IdentityMap,
  roleColumns: boolean,
  elsewhere?: { before: SideAccess; after: SideAccess },
  dependsChanged?: DependsChanged,
): ChangeList {
  const runs = new ChangeListBuilder();
  compareCells(runs, before, after, identity, dependsChanged?.cells);
  compareChains(runs, before, after, identity, roleColumns, dependsChanged?.chains);
  if (elsewhere) compareCells(runs, elsewhere.before, elsewhere.after, identity, dependsChanged?.cells);
  return runs.build();
}
