// The matrix's cells: for one row, the candidate columns (column-index.ts), and for each of them
// the decision of one action per group (statement-groups.ts) under a free request context
// (free-decision.ts: allow / conditional / indeterminate, with the statements that grant it), the
// narrower object patterns of an S3 bucket tried when `BUCKET/*` is not allowed outright, and the
// cell's five access levels assembled from the per-action results (interned: interner.ts), with
// what makes an indeterminate one so (decision-reasons.ts). A request the assumed context
// (`--assume`) denies is decided again without it where that can matter (assumed-context.ts).

import type { Engine } from '../../engine/engine.js';
import type { RequestContext } from '../../engine/types.js';
import { type AgainContexts, againContextOf, reportedDecision } from '../assumed-context.js';
import { accessRank } from '../chains.js';
import { decideAnyContext } from '../free-decision.js';
import type { Access, MatrixCell, MatrixPrincipal, StatementRef } from '../types.js';
import { ACCESS_LEVELS, type ActionRef } from './action-lists.js';
import type { CompactCells } from './cell-store.js';
import type { ColumnIndex } from './column-index.js';
import type { Column } from './columns.js';
import { type ActionEntry, DENY_CELL, DENY_LEVELS, type GroupResult, type Interner } from './interner.js';
import type { MatrixModelView } from './model-view.js';
import { contextAddsWorlds, type RowState, rowState, withoutPruning } from './rows.js';
import type { SharedDecisions } from './shared-decisions.js';
import { groupingOf, relevantStatements } from './statement-groups.js';

/** What every row of one build shares. */
export interface RowBuild {
  view: MatrixModelView;
  index: ColumnIndex;
  interner: Interner;
  context: RequestContext | undefined;
  /**
   * Set when the build assumes context keys (`MatrixOptions.assumed`) and some statement could
   * grant more without them (assumed-context.ts `againContexts`): the contexts with them free
   * (for an STS request, all but those every STS request has), to decide a request they deny in
   * again (`reportedDecision`).
   */
  withKeysFree?: AgainContexts;
  /** Record each action's grants (`MatrixOptions.actionGrants`). */
  actionGrants: boolean;
  /** Decisions shared between rows of one profile (shared-decisions.ts). */
  shared: SharedDecisions;
  /** Per column, the last row that marked it a candidate / named it (made by the first row). */
  marks?: { candidate: Int32Array; named: Int32Array; row: number };
  /**
   * Per column, the narrower object patterns its own policies name (`ownNarrowerOf`), or
   * undefined when none (made by the first row: looked up for every candidate of every row).
   */
  ownNarrower?: (string[] | undefined)[];
}

/** Appends the cells of row `p` to `out`: the levels of every candidate column (the others deny). */
export function buildRow(build: RowBuild, p: MatrixPrincipal, out: CompactCells): void {
  const { view, index } = build;
  const state = rowState(view, p);
  if (contextAddsWorlds(view.engine, build.context)) withoutPruning(state);
  const n = index.columns.length;

  // Candidate columns (marked with this row's number: no set per row) and the narrower object
  // patterns this principal's grants name.
  build.marks ??= { candidate: new Int32Array(n), named: new Int32Array(n), row: 0 };
  const marks = build.marks;
  const mark = ++marks.row;
  const candidates: number[] = [];
  const addCandidate = (c: number) => {
    if (marks.candidate[c] === mark) return;
    marks.candidate[c] = mark;
    candidates.push(c);
  };
  const narrower = new Map<number, Set<string>>();
  const addNarrower = (m: Map<number, string[]> | undefined) => {
    if (!m) return;
    for (const [c, pats] of m) {
      let s = narrower.get(c);
      if (!s) {
        s = new Set();
        narrower.set(c, s);
      }
      for (const x of pats) s.add(x);
    }
  };
  const all = state.noShortcut || state.identityUnknown;
  for (const st of state.identity) {
    if (st.effect === 'Deny') continue;
    const r = index.reachOf(st);
    // The resources its Resource can name where its Action matches some action that applies.
    if (r.all) for (const c of index.columnsMatchingActions(st)) addCandidate(c);
    else for (const c of r.cols) if (index.matchesActionsOf(st, c)) addCandidate(c);
    addNarrower(r.narrower);
  }
  if (all) for (let c = 0; c < n; c++) addCandidate(c);
  else index.resourcePolicyColumns(p.arn, view.engine.model.partition, addCandidate);
  // Narrower object patterns the candidate buckets' own policies name.
  build.ownNarrower ??= index.columns.map((col) => {
    const own = ownNarrowerOf(col);
    return own.length ? own : undefined;
  });
  const ownNarrower = build.ownNarrower;
  for (const c of candidates) {
    const own = ownNarrower[c];
    if (!own) continue;
    let s = narrower.get(c);
    if (!s) {
      s = new Set();
      narrower.set(c, s);
    }
    for (const x of own) s.add(x);
  }

  // Columns none of the row's own statements names by a specific Resource: there the row gets
  // the cells of the other rows of its class (shared-decisions.ts).
  const rowClass = build.shared.rowClass(state);
  const named = marks.named;
  if (rowClass !== undefined)
    for (const list of [state.identity, state.boundary, state.scp])
      for (const st of list) for (const c of index.reachOf(st).cols) named[c] = mark;
  for (const c of sortedCandidates(candidates)) {
    const col = index.columns[c]!;
    if (rowClass !== undefined && named[c] !== mark && build.shared.columnShared(c, state)) {
      let levels = build.shared.cell(rowClass, c);
      if (!levels) {
        levels = evaluateColumn(build, state, col, index.opaque.has(c), narrower.get(c));
        build.shared.setCell(rowClass, c, levels);
      }
      out.set(c, levels);
    } else out.set(c, evaluateColumn(build, state, col, index.opaque.has(c), narrower.get(c)));
  }
  out.endRow();
}

/** Reused by `sortedCandidates` from row to row. */
let candidateScratch = new Uint32Array(256);

/**
 * `candidates` in increasing order, in a view of a scratch array valid until the next row's call
 * (`Uint32Array.from` read the array through its iterator: 0.7% of a big matrix's time).
 */
function sortedCandidates(candidates: readonly number[]): Uint32Array {
  const n = candidates.length;
  if (candidateScratch.length < n)
    candidateScratch = new Uint32Array(Math.max(n, 2 * candidateScratch.length));
  for (let i = 0; i < n; i++) candidateScratch[i] = candidates[i]!;
  return candidateScratch.subarray(0, n).sort();
}

const ownNarrower = new WeakMap<Column, string[]>();

/** The object patterns narrower than `BUCKET/*` that a bucket column's own policies' Allows name. */
function ownNarrowerOf(col: Column): string[] {
  let out = ownNarrower.get(col);
  if (!out) {
    out = [];
    if (col.objectPrefix)
      for (const policy of col.policies)
        for (const st of policy.statements) {
          if (st.effect === 'Deny' || !st.statement.resource) continue;
          for (const v of st.statement.resource.values)
            if (typeof v === 'string' && v.startsWith(col.objectPrefix) && v !== `${col.objectPrefix}*`)
              out.push(v);
        }
    ownNarrower.set(col, out);
  }
  return out;
}

/**
 * Per witness of the cell being evaluated, the result id of each action (-1: denied): reused
 * from cell to cell (a row evaluates hundreds of cells; allocating these per cell was a large
 * part of the garbage of big matrices). Valid until the next cell's evaluation starts.
 */
const scratch: Int32Array[] = [];

function witnessScratch(witnesses: number): Int32Array[] {
  while (scratch.length < witnesses) scratch.push(new Int32Array(64));
  return scratch;
}

/** Witness `wi`'s array, at least `n` long, its first `n` set to -1. */
function actionScratch(perWitness: Int32Array[], wi: number, n: number): Int32Array {
  let ids = perWitness[wi]!;
  if (ids.length < n) {
    ids = new Int32Array(Math.max(n, ids.length * 2));
    perWitness[wi] = ids;
  }
  ids.fill(-1, 0, n);
  return ids;
}

/** The levels of one candidate cell (see the module comment). */
function evaluateColumn(
  build: RowBuild,
  state: RowState,
  col: Column,
  opaque: boolean,
  narrower: Set<string> | undefined,
): MatrixCell[] {
  const { view, index, interner } = build;
  const noShortcut = state.noShortcut || state.identityUnknown || state.boundaryUnknown || opaque;
  // Per witness, the result id of each action (-1: denied); the row key names the groupings and
  // the result of each group, which determine the cells.
  const perWitness = witnessScratch(col.witnesses.length);
  const rowKey = interner.rowKey;
  rowKey.start(build.actionGrants ? 1 : 0);
  let any = false;
  // The narrower object patterns, sorted (once per cell), and their number for sharing.
  let patterns: string[] | undefined;
  let patternsId = 0;
  if (narrower && col.witnesses.some((w) => w.objects)) {
    patterns = [...narrower].sort();
    // A home-folder pattern names each row's own folder: never shared.
    patternsId = patterns.some((x) => x.includes('${')) ? -1 : build.shared.patternsId(patterns);
  }
  for (let wi = 0; wi < col.witnesses.length; wi++) {
    const w = col.witnesses[wi]!;
    const list = w.list;
    const ids = actionScratch(perWitness, wi, list.actions.length);
    if (!list.actions.length) continue;
    const relevant = relevantStatements(index, view, state, col, list, noShortcut);
    if (!noShortcut && !relevant.anyGrant) continue;
    const grouping = groupingOf(list, relevant, state.hasBoundary, noShortcut);
    rowKey.push(list.id);
    rowKey.push(grouping.id);
    const wPatterns = w.objects ? patterns : undefined;
    // Rows of one profile get the same decisions here unless a statement reads the principal
    // (shared-decisions.ts).
    const shareKey =
      state.share && !col.worlds && !relevant.principalSpecific && !(wPatterns && patternsId < 0)
        ? build.shared.key(state.share, col.index, wi, grouping.id, wPatterns ? patternsId : 0, relevant.key)
        : undefined;
    const shared = shareKey === undefined ? undefined : build.shared.get(shareKey);
    // The result ids to share (only when they may be shared).
    const results = shared ?? (shareKey === undefined ? undefined : new Int32Array(grouping.groups.length));
    for (let g = 0; g < grouping.groups.length; g++) {
      const members = grouping.groups[g]!;
      const result = shared
        ? interner.resultById[shared[g]!]!
        : decideGroup(build, state, w.arn, list.actions[members[0]!]!.name, wPatterns);
      if (results) results[g] = result.id;
      rowKey.push(result.id);
      if (result.access === 'deny') continue;
      any = true;
      for (const j of members) ids[j] = result.id;
    }
    if (shareKey !== undefined && !shared) build.shared.set(shareKey, results!);
    rowKey.push(-1);
  }
  if (!any) return DENY_LEVELS;
  return interner.cachedRow() ?? interner.keepRow(buildLevels(col, perWitness, interner, build.actionGrants));
}

/**
 * The decision of one group of actions (`action`, its representative) on witness `arn`; on the
 * witness of a bucket's objects, the narrower object `patterns` the row's grants name are tried
 * when `BUCKET/*` is not allowed outright.
 */
function decideGroup(
  build: RowBuild,
  state: RowState,
  arn: string,
  action: string,
  patterns: string[] | undefined,
): GroupResult {
  const { view, interner, context, withKeysFree } = build;
  const engine = view.engine;
  let result = decide(engine, interner, state.principal, action, arn, context, withKeysFree);
  if (patterns && accessRank(result.access) < 3) {
    for (const raw of patterns) {
      // A home-folder pattern (`bucket/${aws:username}/*`) names the row's own folder.
      const pattern = state.userName ? raw.replace(/\$\{aws:username\}/gi, state.userName) : raw;
      const alt = decide(engine, interner, state.principal, action, pattern, context, withKeysFree);
      if (alt.access === 'deny' || accessRank(alt.access) <= accessRank(result.access)) continue;
      // `only objects matching …` is about the resource, not a context key: its facts have no
      // keys, a real condition (risk-severity.ts `transportOnly`).
      const only = `only objects matching ${pattern}`;
      result = interner.result(
        alt.access === 'indeterminate' ? 'indeterminate' : 'conditional',
        [...alt.conditions, only],
        alt.grants,
        alt.access === 'indeterminate' ? alt.reasons : undefined,
        [{ text: only, keys: [], absent: false }],
      );
      if (alt.access === 'allow') break;
    }
  }
  return result;
}

/** An action of a cell with the result of its best witness. */
interface ActionResult {
  ref: ActionRef;
  result: GroupResult;
}

/**
 * The actions of one-witness column `col` per level, in name order, or undefined when its list is
 * not in the order action-lists.ts sorts it (by level, then name, each name once): then
 * `buildLevels` sorts. No map of best results and no sorting for most cells.
 */
function oneWitnessLevels(col: Column, ids: Int32Array, interner: Interner): ActionResult[][] | undefined {
  const actions = col.witnesses[0]!.list.actions;
  const perLevel: ActionResult[][] = ACCESS_LEVELS.map(() => []);
  for (let j = 0; j < actions.length; j++) {
    const ref = actions[j]!;
    const prev = j > 0 ? actions[j - 1]! : undefined;
    if (prev && (prev.level > ref.level || (prev.level === ref.level && !(prev.name < ref.name))))
      return undefined;
    const id = ids[j]!;
    if (id >= 0) perLevel[ref.level]!.push({ ref, result: interner.resultById[id]! });
  }
  return perLevel;
}

/** A cell's five levels from the result id of each action of each witness (-1: denied). */
function buildLevels(
  col: Column,
  perWitness: Int32Array[],
  interner: Interner,
  actionGrants: boolean,
): MatrixCell[] {
  const sorted = col.witnesses.length === 1 ? oneWitnessLevels(col, perWitness[0]!, interner) : undefined;
  return (sorted ?? sortedLevels(col, perWitness, interner)).map((xs) =>
    levelCell(xs, interner, actionGrants),
  );
}

/** The actions of each level in name order, each with its best result over the witnesses. */
function sortedLevels(col: Column, perWitness: Int32Array[], interner: Interner): ActionResult[][] {
  // Best result per action name (an action may apply to several witnesses).
  const best = new Map<string, ActionResult>();
  col.witnesses.forEach((w, wi) => {
    const ids = perWitness[wi]!;
    for (let j = 0; j < w.list.actions.length; j++) {
      const id = ids[j]!;
      if (id < 0) continue;
      const result = interner.resultById[id]!;
      const ref = w.list.actions[j]!;
      const prev = best.get(ref.name);
      if (!prev || accessRank(prev.result.access) < accessRank(result.access))
        best.set(ref.name, { ref, result });
    }
  });
  const perLevel: ActionResult[][] = ACCESS_LEVELS.map(() => []);
  for (const x of best.values()) perLevel[x.ref.level]!.push(x);
  // (Only lists of two or more: V8's sort copies even an empty list into a work array.)
  for (const xs of perLevel)
    if (xs.length > 1) xs.sort((a, b) => (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0));
  return perLevel;
}

/**
 * The distinct result ids of the level `levelCell` builds, ascending: one array reused (the
 * interner only reads it), instead of a Set, its spread and a sort per level.
 */
const levelIds: number[] = [];

/** Adds `id` to the ascending `ids` unless it is there (a level has few distinct results). */
function addSorted(ids: number[], id: number): void {
  let i = ids.length;
  while (i > 0 && ids[i - 1]! > id) i--;
  if (i > 0 && ids[i - 1] === id) return;
  // Shifted by hand: `splice` returns an array.
  ids.push(id);
  for (let j = ids.length - 1; j > i; j--) ids[j] = ids[j - 1]!;
  ids[i] = id;
}

/** One level's cell from its actions in name order. */
function levelCell(xs: ActionResult[], interner: Interner, actionGrants: boolean): MatrixCell {
  if (!xs.length) return DENY_CELL;
  let access: Access = 'deny';
  const ids = levelIds;
  ids.length = 0;
  for (const x of xs) {
    if (accessRank(x.result.access) > accessRank(access)) access = x.result.access;
    addSorted(ids, x.result.id);
  }
  const reasons = interner.reasonsOf(ids);
  const cell: MatrixCell = {
    access,
    actions: Object.freeze(xs.map((x) => interner.entry(x.ref.name, x.result, x.ref.id))) as ActionEntry[],
    grants: interner.grants(ids),
  };
  // Each action's own statements, when the level's come from more than one decision.
  if (actionGrants && ids.length > 1)
    cell.actionGrants = Object.freeze(xs.map((x) => x.result.grants)) as StatementRef[][];
  // (After `actionGrants`: the field order of the cells workers send, slices.ts.)
  if (reasons) cell.reasons = reasons;
  return Object.freeze(cell);
}

/** The matrix's decisions: lean, saying why the indeterminate ones are. */
const LEAN_WITH_REASONS = Object.freeze({ lean: true, reasons: true });

/**
 * One decision under a free context, interned: under `context`, or, when that denies and
 * `withKeysFree` is set, the one with the assumed keys free if it does not (assumed-context.ts).
 */
function decide(
  engine: Engine,
  interner: Interner,
  principal: string,
  action: string,
  resource: string,
  context: RequestContext | undefined,
  withKeysFree: RowBuild['withKeysFree'],
): GroupResult {
  // One shape for every request (`context` undefined when there is none: the engine reads
  // both alike), so the engine's code reading requests is not deoptimized by a second shape.
  const request = { principal, action, resource, context };
  // No trace: the grants come from the engine's applying Allow statements, the reasons of an
  // indeterminate decision from the unknowns it noted (free-decision.ts, decision-reasons.ts).
  const under = decideAnyContext(engine, request, LEAN_WITH_REASONS);
  const again = withKeysFree && under.access === 'deny' ? againContextOf(withKeysFree, action) : undefined;
  const d = again
    ? reportedDecision(under, () =>
        decideAnyContext(engine, { principal, action, resource, context: again.context }, LEAN_WITH_REASONS),
      )
    : under;
  return interner.result(d.access, d.conditions, d.grants, d.reasons, d.conditionFacts);
}
