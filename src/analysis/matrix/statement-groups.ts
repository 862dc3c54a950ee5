// The grouping step: within a cell, actions that exactly the same statements match (of every
// policy that applies: identity, boundary, resource, SCP, RCP) get the same decision, so the
// matrix decides one action per group; groups that no Allow statement could make allowed are
// denied without deciding. Owns which statements can change the decisions on one witness of a
// column (and their role: identity Allow, boundary Allow, resource-policy grant, sure Deny,
// other), and the groupings, cached by what they depend on (which actions of the list each
// statement matches in which role: statements alike in that group alike).

import type { CompiledStatement } from '../../engine/compile-policy.js';
import { readsServiceKey, variableReadsServiceKey } from '../../engine/service-keys.js';
import {
  type ActionList,
  actionMatches,
  actionMatchesId,
  baseClassesOf,
  NO_MATCH,
  serviceKeyClassesOf,
} from './action-lists.js';
import type { ColumnIndex, StatementReach } from './column-index.js';
import type { Column } from './columns.js';
import { IntKey, IntKeyMap } from './int-keys.js';
import { type MatrixModelView, orgAccountsInWorlds } from './model-view.js';
import { grantsPrincipal } from './principal-names.js';
import type { RowState } from './rows.js';
import { readsPrincipal } from './shared-decisions.js';

// Roles of the statements relevant to one witness (see `groupingOf`).
const IDENTITY_ALLOW = 0;
const BOUNDARY_ALLOW = 1;
const RESOURCE_GRANT = 2;
const OTHER = 3;
const SURE_DENY = 4;

/**
 * A Deny that applies whatever the context and resource: no condition, Resource `*`, and not
 * one that might not exist (`presence`). Also the risk review's (risk-escalation.ts).
 */
export function isSureDeny(st: CompiledStatement): boolean {
  const s = st.statement;
  return (
    st.effect === 'Deny' &&
    !st.unknown &&
    !st.presence &&
    s.conditions.length === 0 &&
    !s.principal &&
    !s.notPrincipal &&
    !!s.resource?.values.includes('*')
  );
}

/** The row's statements that match some action of one action list, with their roles. */
export interface ListStatements {
  /** Identity, boundary and SCP statements matching some action of the list, with their roles. */
  stmts: CompiledStatement[];
  roles: number[];
  reach: StatementReach[];
  ids: number[];
  /** Per statement, its `actionMatchesId` for the list and whether it reads the row (`readsPrincipal`). */
  matchIds: number[];
  reads: boolean[];
}

/** The row's statements that match some action of `list` (computed once per row and list). */
function rowStatementsFor(index: ColumnIndex, state: RowState, list: ActionList): ListStatements {
  let out = state.byList.get(list.id);
  if (out) return out;
  out = { stmts: [], roles: [], reach: [], ids: [], matchIds: [], reads: [] };
  const add = (st: CompiledStatement, role: number) => {
    if (actionMatches(st, list) === NO_MATCH) return;
    out!.stmts.push(st);
    out!.roles.push(role);
    out!.reach.push(index.reachOf(st));
    out!.ids.push(statementId(st));
    out!.matchIds.push(actionMatchesId(st, list));
    out!.reads.push(readsPrincipal(st, state));
  };
  for (const st of state.identity) {
    if (st.services && !st.services.some((s) => list.services.has(s))) continue;
    add(st, st.effect !== 'Deny' ? IDENTITY_ALLOW : isSureDeny(st) ? SURE_DENY : OTHER);
  }
  for (const st of state.boundary) add(st, st.effect !== 'Deny' ? BOUNDARY_ALLOW : OTHER);
  // In a world where other accounts' SCPs apply (`RowState.worldScp`) the row's own may not.
  const sure = !state.worldScp.length;
  for (const st of state.scp) add(st, sure && isSureDeny(st) ? SURE_DENY : OTHER);
  for (const st of state.worldScp) add(st, OTHER);
  state.byList.set(list.id, out);
  return out;
}

/**
 * The statements that can change decisions on one witness of a column (`relevantStatements`):
 * one object reused from call to call, valid until the next call.
 */
export interface RelevantStatements {
  /** The first `count` entries of `stmts` and `roles` (arrays kept from call to call). */
  stmts: CompiledStatement[];
  roles: number[];
  count: number;
  /**
   * Identifies the statements and their roles, whether the row has a boundary (bit 1 of the first
   * value) and whether the actions are kept apart (bit 2): rows with the same key share decisions
   * (shared-decisions.ts).
   */
  key: IntKey;
  /**
   * What the grouping of the list's actions depends on (`groupingOf`): the list, the shortcut,
   * the boundary, keeping apart, and which actions each statement matches in which role, without
   * duplicates and in a canonical order (statements matching the same actions in the same role
   * group them alike, whichever statements they are).
   */
  shape: IntKey;
  /** Some identity Allow or resource-policy grant is among them. */
  anyGrant: boolean;
  /** Some of them reads the principal beyond its share profile (shared-decisions.ts). */
  principalSpecific: boolean;
  /**
   * Some of them may read a service key the request context fills on some actions only
   * (`statementReadsServiceKey`): the grouping then keeps those actions apart (bit 8 of the
   * shape's first value).
   */
  readsServiceKeys: boolean;
}

const relevant: RelevantStatements = {
  stmts: [],
  roles: [],
  count: 0,
  key: new IntKey(),
  shape: new IntKey(),
  anyGrant: false,
  principalSpecific: false,
  readsServiceKeys: false,
};
/** The shape's (action match, role) pairs of the witness being looked at, before sorting. */
let shapePairs = new Int32Array(64);
let pairCount = 0;

/**
 * The statements that can change decisions on one witness of a column, their roles, and keys
 * that identify both (for the decisions shared between rows) and what the grouping of the
 * list's actions depends on (for the grouping cache). `noShortcut`: as `groupingOf`'s.
 */
export function relevantStatements(
  index: ColumnIndex,
  view: MatrixModelView,
  state: RowState,
  col: Column,
  list: ActionList,
  noShortcut: boolean,
): RelevantStatements {
  const out = relevant;
  // Not `length = 0`: V8 would drop the arrays' storage and grow it again on every call.
  out.count = 0;
  // A row or column with worlds the pruning does not follow (`RowState.worlds`, `Column.worlds`)
  // may meet there statements that are none of these (another model principal's or resource's,
  // whose ARN is this one's in that world): its actions are decided one by one (kept apart).
  const apart = state.worlds || col.worlds;
  out.key.start((apart ? 2 : 0) + (state.hasBoundary ? 1 : 0));
  pairCount = 0;
  out.anyGrant = false;
  out.principalSpecific = false;
  out.readsServiceKeys = false;
  // Statements whose Resource cannot name this column in any world of `decide` (column-index.ts)
  // do not change its decisions (unless the row or column has worlds the index does not follow:
  // `RowState.worlds`, `Column.worlds`), nor do statements that match none of the witness's actions.
  const own = rowStatementsFor(index, state, list);
  for (let i = 0; i < own.stmts.length; i++) {
    const r = own.reach[i]!;
    if (r.all || apart || r.colSet.has(col.index))
      addRelevant(own.stmts[i]!, own.roles[i]!, own.ids[i]!, own.matchIds[i]!, own.reads[i]!);
  }
  const cs = columnStatementsFor(index, view, col, list);
  for (let i = 0; i < cs.stmts.length; i++) {
    const st = cs.stmts[i]!;
    // A resource policy's statement, then the RCPs' (those that may name the column).
    const role =
      i < cs.resourceCount && st.effect !== 'Deny' && grantsPrincipal(st, state) ? RESOURCE_GRANT : OTHER;
    if (i >= cs.resourceCount && !(cs.rcpApplies[i - cs.resourceCount] || apart)) continue;
    const reads = cs.names[i] === undefined ? cs.other[i]! : readsPrincipal(st, state);
    addRelevant(st, role, cs.ids[i]!, cs.matchIds[i]!, reads);
  }
  // The shape: the (action match, role) pairs sorted (insertion sort: a witness has few), once each.
  const shape = out.shape;
  shape.start(list.id);
  shape.push((out.readsServiceKeys ? 8 : 0) + (noShortcut ? 4 : 0) + out.key.values[0]!);
  const pairs = shapePairs;
  for (let i = 1; i < pairCount; i++) {
    const v = pairs[i]!;
    let j = i - 1;
    while (j >= 0 && pairs[j]! > v) {
      pairs[j + 1] = pairs[j]!;
      j--;
    }
    pairs[j + 1] = v;
  }
  for (let i = 0; i < pairCount; i++) if (i === 0 || pairs[i] !== pairs[i - 1]) shape.push(pairs[i]!);
  return out;
}

/** Adds a statement to `relevant` (see `relevantStatements`): its id, action match id, and reads. */
function addRelevant(st: CompiledStatement, role: number, id: number, matchId: number, reads: boolean): void {
  const out = relevant;
  out.stmts[out.count] = st;
  out.roles[out.count++] = role;
  if (!out.readsServiceKeys && statementReadsServiceKey(st)) out.readsServiceKeys = true;
  out.key.push(role);
  out.key.push(id);
  if (pairCount === shapePairs.length) {
    const grown = new Int32Array(pairCount * 2);
    grown.set(shapePairs);
    shapePairs = grown;
  }
  // Roles are 0..4: three bits.
  shapePairs[pairCount++] = matchId * 8 + role;
  if (role === IDENTITY_ALLOW || role === RESOURCE_GRANT) out.anyGrant = true;
  if (reads) out.principalSpecific = true;
}

/**
 * A column's resource-policy statements, then its RCP statements, that match some action of one
 * list, with what `relevantStatements` reads of each that does not depend on the row: id, action
 * match id, whether an RCP may name the column (`rcpApplies`), and whether the statement reads
 * the principal (`other`; `names` when that depends on the row: `readsPrincipal` decides then).
 * Made once per column and list.
 */
interface ColumnStatements {
  stmts: CompiledStatement[];
  resourceCount: number;
  ids: number[];
  matchIds: number[];
  rcpApplies: boolean[];
  other: boolean[];
  names: (true | undefined)[];
}

const columnStatements = new WeakMap<Column, Map<number, ColumnStatements>>();

function columnStatementsFor(
  index: ColumnIndex,
  view: MatrixModelView,
  col: Column,
  list: ActionList,
): ColumnStatements {
  let byList = columnStatements.get(col);
  if (!byList) {
    byList = new Map();
    columnStatements.set(col, byList);
  }
  let out = byList.get(list.id);
  if (out) return out;
  const made: ColumnStatements = {
    stmts: [],
    resourceCount: 0,
    ids: [],
    matchIds: [],
    rcpApplies: [],
    other: [],
    names: [],
  };
  const add = (st: CompiledStatement) => {
    made.stmts.push(st);
    made.ids.push(statementId(st));
    made.matchIds.push(actionMatchesId(st, list));
    // Without a row: true when it reads the principal otherwise than by naming principals.
    const named = readsPrincipal(st) && !readsPrincipal(st, NO_ROW);
    made.names.push(named ? true : undefined);
    made.other.push(!named && readsPrincipal(st));
  };
  for (const policy of col.policies)
    for (const st of policy.statements) if (actionMatches(st, list) !== NO_MATCH) add(st);
  made.resourceCount = made.stmts.length;
  for (const st of rcpStatementsOf(view, col)) {
    if (actionMatches(st, list) === NO_MATCH) continue;
    const r = index.reachOf(st);
    made.rcpApplies.push(r.all || r.colSet.has(col.index));
    add(st);
  }
  out = made;
  byList.set(list.id, out);
  return out;
}

/** A row no Principal names: `readsPrincipal(st, NO_ROW)` is true only for statements that read it otherwise. */
const NO_ROW = { principal: '\u0000', session: undefined, principalLower: '\u0000', sessionLower: undefined };

const rcpStatements = new WeakMap<Column, CompiledStatement[]>();

/**
 * The RCP statements that may apply to the column's requests: its account's, and in other worlds
 * of `decide` those of the accounts that are its account there (`orgAccountsInWorlds`).
 */
export function rcpStatementsOf(view: MatrixModelView, col: Column): CompiledStatement[] {
  let out = rcpStatements.get(col);
  if (!out) {
    out = col.account ? [...(view.rcps.get(col.account) ?? [])] : [];
    if (col.account)
      for (const o of orgAccountsInWorlds(view, col.account)) out.push(...(view.rcps.get(o) ?? []));
    rcpStatements.set(col, out);
  }
  return out;
}

/**
 * The groups of `list`'s actions that need a decision: actions stay together while every
 * statement matches all or none of them (each action alone when the actions are kept apart);
 * cached by `shape` (`RelevantStatements.shape`: the grouping depends only on which actions each
 * statement matches in which role, the shortcut, the boundary and keeping apart).
 */
export function groupingOf(
  list: ActionList,
  relevantOnes: RelevantStatements,
  hasBoundary: boolean,
  noShortcut: boolean,
): Grouping {
  const { stmts, roles, shape, count } = relevantOnes;
  let g = groupingCache.get(shape);
  if (g) return g;
  const n = list.actions.length;
  // Actions matched by exactly the same statements get the same decision (the engine looks at
  // the action only through each statement's Action match; trust actions and services differ).
  // Actions no statement could allow are implicitly denied: an identity Allow counts only when
  // the boundary (if any) allows too; a resource-policy Allow only when it names the principal.
  const cls = Int32Array.from(baseClassesOf(list));
  // A statement reading a key the request context fills on some of these actions only
  // (kms:CallerAccount...) may decide them differently: keep those actions apart.
  if (relevantOnes.readsServiceKeys) refineBy(cls, serviceKeyClassesOf(list));
  const remap = new Int32Array(2 * n + 2);
  const identity = new Uint8Array(n);
  const boundary = new Uint8Array(n);
  const resource = new Uint8Array(n);
  const denied = new Uint8Array(n);
  for (let i = 0; i < count; i++) {
    const bits = actionMatches(stmts[i]!, list);
    if (bits === NO_MATCH) continue;
    const role = roles[i]!;
    // Refine the classes: actions stay together only if this statement matches all or none.
    remap.fill(-1);
    let next = 0;
    for (let j = 0; j < n; j++) {
      const k = cls[j]! * 2 + bits[j]!;
      let c = remap[k]!;
      if (c < 0) {
        c = next++;
        remap[k] = c;
      }
      cls[j] = c;
      if (bits[j]) {
        if (role === IDENTITY_ALLOW) identity[j] = 1;
        else if (role === BOUNDARY_ALLOW) boundary[j] = 1;
        else if (role === RESOURCE_GRANT) resource[j] = 1;
        else if (role === SURE_DENY) denied[j] = 1;
      }
    }
  }
  const byClass = new Map<number, number[]>();
  const apart = (relevantOnes.key.values[0]! & 2) !== 0;
  for (let j = 0; j < n; j++) {
    if (apart) {
      byClass.set(-1 - j, [j]);
      continue;
    }
    if (!noShortcut) {
      if (denied[j]) continue;
      if (!resource[j] && !(identity[j] && (!hasBoundary || boundary[j]))) continue;
    }
    const members = byClass.get(cls[j]!);
    if (members) members.push(j);
    else byClass.set(cls[j]!, [j]);
  }
  g = { id: nextGroupingId++, groups: [...byClass.values()] };
  if (groupingCache.size >= 50_000) groupingCache = new IntKeyMap();
  groupingCache.set(shape, g);
  return g;
}

/** Numeric ids of compiled statements, for grouping keys. */
const statementIds = new WeakMap<CompiledStatement, number>();
let nextStatementId = 1;

export function statementId(st: CompiledStatement): number {
  let id = statementIds.get(st);
  if (id === undefined) {
    id = nextStatementId++;
    statementIds.set(st, id);
  }
  return id;
}

/** Actions of a list grouped by the statements matching them (those no Allow matches left out). */
export interface Grouping {
  id: number;
  groups: number[][];
}

let nextGroupingId = 0;

let groupingCache = new IntKeyMap<Grouping>();

const readsKeyCache = new WeakMap<CompiledStatement, boolean>();

/**
 * True when the statement may read a service key whose filling depends on the action
 * (engine/service-keys.ts): a condition on one, or a policy variable naming one. Unknown
 * conditions count. Cached per statement.
 */
function statementReadsServiceKey(st: CompiledStatement): boolean {
  let r = readsKeyCache.get(st);
  if (r === undefined) {
    const s = st.statement;
    r = !!st.unknown || !!s.unknown;
    for (const c of s.conditions) {
      if (r) break;
      if (typeof c.key !== 'string') r = true;
      else if (readsServiceKey(c.key.toLowerCase())) r = true;
      else for (const v of c.values) if (typeof v !== 'string' || variableReadsServiceKey(v)) r = true;
    }
    for (const list of [s.resource, s.notResource])
      for (const v of list?.values ?? [])
        if (!r && (typeof v !== 'string' || variableReadsServiceKey(v))) r = true;
    readsKeyCache.set(st, r);
  }
  return r;
}

/** Splits each class of `cls` by the classes of `by` (in place). */
function refineBy(cls: Int32Array, by: Int32Array): void {
  const ids = new Map<number, number>();
  const stride = by.length + 1;
  for (let j = 0; j < cls.length; j++) {
    const k = cls[j]! * stride + by[j]!;
    let c = ids.get(k);
    if (c === undefined) {
      c = ids.size;
      ids.set(k, c);
    }
    cls[j] = c;
  }
}
