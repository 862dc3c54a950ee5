// Evaluates one side of an access diff over the regions `planRegions` chose: the matrix cells of
// the changed rows (against every column) and of every row against the changed columns, the role
// chains, and the risk review; everything keyed by diff key (layout.ts). Cells come from the
// access matrix (matrix/, in worker threads when that pays: matrix/workers.ts), chains from
// `assumableRoles` (chains.ts), findings from `reviewRisks` (risks.ts). Only cells with some
// access are kept: an absent cell is deny.

import type { Engine } from '../../engine/engine.js';
import type { Role, User } from '../../model/types.js';
import { assumableRoles, pathAccess, principalKindOf } from '../chains.js';
import { buildMatrixParallel } from '../matrix/workers.js';
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
export interface SideAccess {
  /** Principal key → resource key → the cell's levels (only cells with some access). */
  cells: Map<string, Map<string, MatrixCell[]>>;
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
   * The cells record each action's own grants (`MatrixCell.actionGrants`: built with
   * `actionGrants`), so a change's statements are exact; false for an access snapshot.
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

function emptySide(keyOf: KeyOf): SideAccess {
  return {
    cells: new Map(),
    levels: [],
    chains: new Map(),
    chainsOf: new Set(),
    principals: new Map(),
    resources: new Map(),
    risks: [],
    riskSubjects: new Set(),
    keyOf,
    exactGrants: true,
  };
}

/** Adds the cells of a matrix (piece) to a side, keyed by diff key. */
export function addMatrix(side: SideAccess, m: Matrix): void {
  if (!side.levels.length) side.levels = [...m.levels];
  const columnKeys = m.resources.map((r) => side.keyOf(r.arn));
  m.resources.forEach((r, ri) => {
    side.resources.set(columnKeys[ri]!, r);
  });
  // Deny cells are one shared object in a matrix: each is checked once.
  const denied = new Set<MatrixCell[]>();
  m.principals.forEach((p, pi) => {
    const pk = side.keyOf(p.arn);
    side.principals.set(pk, p);
    const row = m.cells.row(pi);
    let byResource = side.cells.get(pk);
    row.forEach((levels, ri) => {
      if (denied.has(levels)) return;
      if (!levels.some((c) => c.access !== 'deny')) {
        denied.add(levels);
        return;
      }
      if (!byResource) {
        byResource = new Map();
        side.cells.set(pk, byResource);
      }
      byResource.set(columnKeys[ri]!, levels);
    });
  });
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
  const riskRows = (regions.allRisks ? rowKeys : dirtyRows).filter((k) => side.rows.get(k)?.element);
  out.riskSubjects = regions.allRisks && !options.principals ? undefined : new Set(riskRows);
  const findings = reviewRisks(engine, undefined, { principals: pick(side.rows, riskRows) });
  out.risks = findings.filter(
    (f) => !options.resources || !isResourceFinding(f) || options.resources.has(keyOf(f.subject)),
  );
  return out;
}

/** Findings about a resource (public, cross-account) rather than about a principal. */
export function isResourceFinding(f: RiskFinding): boolean {
  return f.kind === 'public-access' || f.kind === 'cross-account-access';
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
