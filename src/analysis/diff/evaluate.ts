// Evaluates one side of an access diff over the regions `planRegions` chose: the matrix cells of
// the changed rows (against every column) and of every row against the changed columns, the role
// chains, and the risk review; everything keyed by diff key (layout.ts). Cells come from the
// access matrix (matrix/, in worker threads when that pays: matrix/workers.ts), chains from
// `assumableRoles` (chains.ts), findings from `reviewRisks` (risks.ts). Only cells with some
// access are kept: an absent cell is deny.

import type { Engine } from '../../engine/engine.js';
import type { Role, User } from '../../model/types.js';
import { assumableRoles, pathAccess, principalKindOf } from '../chains.js';
import type { ActionList } from '../matrix/action-lists.js';
import { ownWitnessList } from '../matrix/columns.js';
import { DENY_LEVELS } from '../matrix/interner.js';
import { buildMatrixParallel } from '../matrix/workers.js';
import type { KnownDenied } from '../risk-escalation.js';
import { reviewRisks } from '../risks.js';
import type {
  Access,
  ChainHop,
  Matrix,
  MatrixCell,
  MatrixPrincipal,
  MatrixResource,
  RiskFinding,
} from '../types.js';
import type { DiffRegions, KeyOf, ModelSide } from './layout.js';

/** A role a principal reaches: the access of its best path, and the path. */
export interface ChainReach {
  access: Access;
  conditions: string[];
  path: ChainHop[];
}

/** What one side grants, over the evaluated region, by diff key. */
/**
 * The cells with some access of one principal on one side, in the order of their column keys:
 * two arrays rather than a map per principal (a diff of two unrelated 5,000-principal
 * organisations holds millions of cells), merged column by column when the sides are compared.
 */
export interface SideRow {
  /** Column keys (keys of `SideAccess.resources`), ascending (`<` on strings), each once. */
  keys: string[];
  /** Index-aligned with `keys`: the number of the cell's levels in `SideAccess.distinct`. */
  cells: number[];
}

export interface SideAccess {
  /** Principal key → its cells with some access (principals without any have no row). */
  cells: Map<string, SideRow>;
  /**
   * The distinct cells (levels) the rows name, by number: the matrix interns equal cells, so a
   * pair of numbers stands for a pair of cells when the sides are compared.
   */
  distinct: MatrixCell[][];
  /** The number of each cell object in `distinct`. */
  cellNumbers: Map<MatrixCell[], number>;
  /** Level names, in the order of the cells' levels. */
  levels: string[];
  /** Principal key → role key → reach (principals whose chains were computed; none = no role). */
  chains: Map<string, Map<string, ChainReach>>;
  /** Principals whose chains were computed (all of them have an entry in `chains`). */
  chainsOf: Set<string>;
  principals: Map<string, MatrixPrincipal>;
  resources: Map<string, MatrixResource>;
  /** Risk findings, or undefined when the side has none recorded (an old access snapshot). */
  risks: RiskFinding[] | undefined;
  /** Principal keys whose principal findings were reviewed (undefined: all). */
  riskSubjects: Set<string> | undefined;
  keyOf: KeyOf;
  /**
   * The cells come from a matrix built in this process with `actionGrants`: they record each
   * action's own grants (`MatrixCell.actionGrants`), so a change's statements are exact, and
   * each level lists its actions sorted by name, every action in one level (the catalog's); false
   * for an access snapshot (a file: nothing is assumed of its cells).
   */
  exactGrants: boolean;
}

export interface EvaluateOptions {
  /** Restrict the rows to these diff keys (`--principal`). */
  principals?: Set<string>;
  /** Restrict the columns to these diff keys (`--resource`). */
  resources?: Set<string>;
  /** Evaluation time for the engine's clock (worker threads compile their own engine). */
  now?: Date;
  /** Called with a short phase name as the evaluation proceeds. */
  onPhase?: (phase: string) => void;
}

/** A side with no cells, chains or findings yet (`exactGrants`: see SideAccess). */
export function emptySide(keyOf: KeyOf, exactGrants = true): SideAccess {
  return {
    cells: new Map(),
    distinct: [],
    cellNumbers: new Map(),
    levels: [],
    chains: new Map(),
    chainsOf: new Set(),
    principals: new Map(),
    resources: new Map(),
    risks: [],
    riskSubjects: new Set(),
    keyOf,
    exactGrants,
  };
}

/** The number of a cell in `side.distinct` (-1: every level denies), numbered on first sight. */
function cellNumber(side: SideAccess, levels: MatrixCell[]): number {
  let n = side.cellNumbers.get(levels);
  if (n === undefined) {
    // Cells that deny are not kept (an access snapshot's are one object each).
    if (!levels.some((c) => c.access !== 'deny')) return -1;
    n = side.distinct.push(levels) - 1;
    side.cellNumbers.set(levels, n);
  }
  return n;
}

const compareText = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);

/** Adds the cells of a matrix (piece) to a side, keyed by diff key. */
export function addMatrix(side: SideAccess, m: Matrix): void {
  if (!side.levels.length) side.levels = [...m.levels];
  const columnKeys = m.resources.map((r) => side.keyOf(r.arn));
  m.resources.forEach((r, ri) => {
    side.resources.set(columnKeys[ri]!, r);
  });
  // The columns in key order (a stable sort: a key named twice keeps its columns in order).
  const order = columnKeys.map((_, ri) => ri).sort((x, y) => compareText(columnKeys[x]!, columnKeys[y]!));
  const rank = new Uint32Array(order.length);
  order.forEach((ri, i) => {
    rank[ri] = i;
  });
  m.principals.forEach((p, pi) => {
    const pk = side.keyOf(p.arn);
    side.principals.set(pk, p);
    // The row's columns with some access (the numbers of their cells), then put in key order
    // (`rank`). Deny cells (DENY_LEVELS, one object for every matrix) are skipped without a lookup.
    const columns: number[] = [];
    const numbers: number[] = [];
    m.cells.forEachGranted(pi, (ri, levels) => {
      if (levels === DENY_LEVELS || !levels.length) return;
      const n = cellNumber(side, levels);
      if (n < 0) return;
      columns.push(ri);
      numbers.push(n);
    });
    const inOrder = columns.map((_, i) => i).sort((x, y) => rank[columns[x]!]! - rank[columns[y]!]!);
    const keys: string[] = [];
    const cells: number[] = [];
    for (const i of inOrder) {
      const key = columnKeys[columns[i]!]!;
      // A key named twice: its later cell with some access wins.
      if (keys.length && keys[keys.length - 1] === key) cells[cells.length - 1] = numbers[i]!;
      else {
        keys.push(key);
        cells.push(numbers[i]!);
      }
    }
    const before = side.cells.get(pk);
    if (before) side.cells.set(pk, mergeRows(before, { keys, cells }));
    else if (keys.length) side.cells.set(pk, { keys, cells });
  });
}

/**
 * A principal's row from two pieces (a principal named twice): the later piece's cell wins on a
 * column both have, and a column the later piece denies keeps the earlier cell.
 */
function mergeRows(a: SideRow, b: SideRow): SideRow {
  const byKey = new Map<string, number>();
  for (const row of [a, b]) for (let i = 0; i < row.keys.length; i++) byKey.set(row.keys[i]!, row.cells[i]!);
  const keys = [...byKey.keys()].sort(compareText);
  return { keys, cells: keys.map((k) => byKey.get(k)!) };
}

/** Adds the role chains of a principal to a side. */
export function addChains(side: SideAccess, principal: string, reach: { role: string; path: ChainHop[] }[]) {
  const pk = side.keyOf(principal);
  side.chainsOf.add(pk);
  const out = new Map<string, ChainReach>();
  for (const r of reach) {
    const { access, conditions } = pathAccess(r.path);
    if (access !== 'deny') out.set(side.keyOf(r.role), { access, conditions, path: r.path });
  }
  side.chains.set(pk, out);
}

function pick(map: Map<string, { arn: string }>, keys: Iterable<string>, only?: Set<string>): string[] {
  const out: string[] = [];
  for (const k of keys) {
    if (only && !only.has(k)) continue;
    const e = map.get(k);
    if (e) out.push(e.arn);
  }
  return out;
}

const CHAIN_KINDS = new Set(['user', 'role', 'service', 'account']);

/**
 * Evaluates `side` with its engine over `regions` (see the module comment). Rows outside `regions.rows` are
 * evaluated against the changed columns only; with `regions.full`, everything is.
 */
export async function evaluateSide(
  side: ModelSide,
  engine: Engine,
  regions: DiffRegions,
  keyOf: KeyOf,
  options: EvaluateOptions = {},
): Promise<SideAccess> {
  const out = emptySide(keyOf);
  const rowKeys = [...side.rows.keys()].filter((k) => !options.principals || options.principals.has(k));
  const colKeys = [...side.columns.keys()].filter((k) => !options.resources || options.resources.has(k));
  const dirtyRows = regions.full ? rowKeys : rowKeys.filter((k) => regions.rows.has(k));
  const cleanRows = regions.full ? [] : rowKeys.filter((k) => !regions.rows.has(k));
  const dirtyCols = regions.full ? colKeys : colKeys.filter((k) => regions.columns.has(k));
  const build = (principals: string[], resources: string[]) =>
    buildMatrixParallel(side.model, {
      principals,
      resources,
      chains: false,
      actionGrants: true,
      compiled: engine,
      engine: options.now ? { now: options.now } : {},
    });
  const allCols = pick(side.columns, colKeys);
  const dirtyRowArns = pick(side.rows, dirtyRows);
  if (dirtyRowArns.length && allCols.length) addMatrix(out, await build(dirtyRowArns, allCols));
  const cleanRowArns = pick(side.rows, cleanRows);
  const dirtyColArns = pick(side.columns, dirtyCols);
  if (cleanRowArns.length && dirtyColArns.length) addMatrix(out, await build(cleanRowArns, dirtyColArns));
  // Rows of principals evaluated nowhere (no column) still have labels.
  for (const k of rowKeys) if (!out.principals.has(k)) out.principals.set(k, rowLabel(side, k));

  options.onPhase?.('role chains');
  for (const k of regions.allChains ? rowKeys : dirtyRows) {
    const p = out.principals.get(k)!;
    if (!CHAIN_KINDS.has(p.kind)) continue;
    addChains(out, p.arn, assumableRoles(engine, p.arn));
  }

  options.onPhase?.('risk review');
  const dirtyRowsSet = new Set(dirtyRows);
  const riskRows = (
    regions.allRisks ? rowKeys : rowKeys.filter((k) => dirtyRowsSet.has(k) || regions.risks?.has(k))
  ).filter((k) => side.rows.get(k)?.element);
  out.riskSubjects = regions.allRisks && !options.principals ? undefined : new Set(riskRows);
  const dirtyRowSet = new Set(dirtyRows);
  const dirtyColSet = new Set(dirtyCols);
  const rowSet = new Set(rowKeys);
  const colSet = new Set(colKeys);
  const evaluated = (pk: string, ck: string) =>
    rowSet.has(pk) && colSet.has(ck) && (regions.full || dirtyRowSet.has(pk) || dirtyColSet.has(ck));
  const findings = reviewRisks(engine, undefined, {
    principals: pick(side.rows, riskRows),
    denied: deniedByCells(out, evaluated),
  });
  out.risks = findings.filter(
    (f) => !options.resources || !isResourceFinding(f) || options.resources.has(keyOf(f.subject)),
  );
  return out;
}

/** The index of column key `key` in a row (its keys are sorted), or -1. */
function indexInRow(row: SideRow, key: string): number {
  let lo = 0;
  let hi = row.keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = row.keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const listNames = new WeakMap<ActionList, Set<string>>();

/**
 * The requests the side's matrix decided deny, for the risk review (risks.ts `denied`): a cell the
 * side evaluated (`evaluated`), on the column's own ARN, for an action of the column's own witness
 * list (`ownWitnessList`: the matrix decided every one of them on that ARN, with the same engine,
 * under a free context, as `decideAnyContext` does) that no level of the cell lists (an absent cell
 * denies every action). Anything else is not known (false): the review decides it.
 */
function deniedByCells(
  out: SideAccess,
  evaluated: (principalKey: string, columnKey: string) => boolean,
): KnownDenied {
  const witnessNames = new Map<string, Set<string>>();
  // The review asks about one principal at a time: its key and row are looked up once.
  let last: string | undefined;
  let pk = '';
  let row: SideRow | undefined;
  return (principal, action, resource) => {
    if (principal !== last) {
      last = principal;
      pk = out.keyOf(principal);
      row = out.cells.get(pk);
    }
    const ck = out.keyOf(resource);
    const column = out.resources.get(ck);
    if (!column || column.arn !== resource || !evaluated(pk, ck)) return false;
    // The column's witness list, looked up once per column (actionListFor matches the ARN
    // against the service's resource types before it finds the interned list).
    let names = witnessNames.get(ck);
    if (!names) {
      const list = ownWitnessList(column.arn);
      names = listNames.get(list) ?? new Set(list.actions.map((a) => a.name));
      listNames.set(list, names);
      witnessNames.set(ck, names);
    }
    if (!names.has(action)) return false;
    const at = row ? indexInRow(row, ck) : -1;
    if (at < 0) return true;
    const levels = out.distinct[row!.cells[at]!]!;
    return !levels.some((l) => l.access !== 'deny' && l.actions.some((a) => a.action === action));
  };
}

/** Findings about a resource (public, cross-account) rather than about a principal. */
export function isResourceFinding(f: RiskFinding): boolean {
  return f.kind === 'public-access' || f.kind === 'cross-account-access' || f.kind === 'confused-deputy';
}

const elementsByArn = new WeakMap<ModelSide, Map<string, User | Role>>();

function rowLabel(side: ModelSide, key: string): MatrixPrincipal {
  const e = side.rows.get(key)!;
  let byArn = elementsByArn.get(side);
  if (!byArn) {
    byArn = new Map<string, User | Role>([
      ...side.model.users.map((u) => [u.arn, u] as const),
      ...side.model.roles.map((r) => [r.arn, r] as const),
    ]);
    elementsByArn.set(side, byArn);
  }
  const element = byArn.get(e.arn);
  if (element)
    return {
      id: element.id,
      arn: element.arn,
      kind: element.kind,
      name: element.name,
      source: element.source,
    };
  return { id: e.arn, arn: e.arn, kind: principalKindOf(e.arn), name: e.arn, source: undefined };
}
