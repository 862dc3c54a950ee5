// What an access snapshot records of the dependencies of its indeterminate cells and role chains
// (`dependencies` in the matrix JSON), and the snapshot diff's comparison with them. A cell or
// chain indeterminate on both sides of a diff is no verdict on either: it "may have changed" when
// what it depends on differs (dependencies.ts). A snapshot holds no model, so it records, per
// principal and action indeterminate in one of its cells, per column and action likewise, per
// principal with an indeterminate chain, and for the accounts, a digest of the texts
// dependencies.ts writes (normalize.ts: no sources, policy names, Sids, statement or value order;
// a renamed or re-synthesized element is written under the base's ARN before it is digested).
// Rows and columns apart, so the record grows with rows + columns, not their product. A snapshot
// without the record (older ones) cannot tell: every action and chain indeterminate on both sides
// may have changed. Owns the `dependencies` record: `dependencyRecordOf`, `dependencyRecordFrom`,
// `snapshotDependsChanged`.

import { createHash } from 'node:crypto';
import type { Model } from '../../model/types.js';
import { pathAccess } from '../chains.js';
import { cellsFromRows } from '../matrix/cell-store.js';
import type { Matrix, MatrixCell, MatrixCells, OutsideRows } from '../types.js';
import { type DependsChanged, modelTexts } from './dependencies.js';
import { type IdentityMap, renameText } from './identity.js';
import { accountText } from './normalize.js';
import type { OutsideWitnessRecord } from './outside-compare.js';
import { STAR_COLUMN } from './resourceless-compare.js';

/** The `dependencies` record of an access snapshot (see the module comment). */
export interface DependencyRecord {
  /** The digest of the accounts, their SCPs and RCPs. */
  accounts: string;
  /** Principal ARN → action → digest of what its decisions on the action depend on. */
  rows: Record<string, Record<string, string>>;
  /** Column ARN (a witness's, `*`) → action → digest of what decisions on it depend on. */
  columns: Record<string, Record<string, string>>;
  /** Principal ARN → digest of what its role chains depend on. */
  chains: Record<string, string>;
}

/** A text's digest: 64 bits of its SHA-256, in hex (deterministic, short). */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The text of a row that is no user or role of the model (a service, an account...). */
const NOT_AN_ELEMENT = 'principal';
/** The text of a column that is no element of the model (a witness of resources outside it). */
const NO_COLUMN = '-';

type Texts = ReturnType<typeof modelTexts>;

const rowText = (texts: Texts, arn: string, action: string) => texts.row(arn, action) ?? NOT_AN_ELEMENT;
const columnText = (texts: Texts, arn: string, action: string) => texts.column(arn, action) ?? NO_COLUMN;
// The digest of each model's role graph text (one long text: digested once, not per principal).
const graphDigests = new WeakMap<Texts, string>();

const chainText = (texts: Texts, arn: string) => {
  let graph = graphDigests.get(texts);
  if (graph === undefined) {
    graph = digest(texts.assumeGraph());
    graphDigests.set(texts, graph);
  }
  return `${rowText(texts, arn, 'sts:AssumeRole')}\u0000${graph}`;
};

/** Cells as read or as built (a snapshot's nested arrays, a matrix's store). */
const cellsOf = (cells: MatrixCells | MatrixCell[][][]): MatrixCells =>
  Array.isArray(cells) ? cellsFromRows(cells) : cells;

/** One block of cells: its rows' and columns' ARNs and its cells. */
interface CellBlock {
  principals: readonly { arn: string }[];
  columns: readonly string[];
  cells: MatrixCells;
}

/**
 * The record of a snapshot's indeterminate cells and chains, written from the model the snapshot
 * was evaluated on: its matrix, the outside rows and the witness cells it records.
 */
export function dependencyRecordOf(
  model: Model,
  matrix: Pick<Matrix, 'principals' | 'resources' | 'chains'> & { cells: MatrixCells | MatrixCell[][][] },
  outside?: OutsideRows,
  witnesses?: OutsideWitnessRecord,
): DependencyRecord {
  const texts = modelTexts(model, (t) => t);
  const rows: DependencyRecord['rows'] = {};
  const columns: DependencyRecord['columns'] = {};
  const chains: DependencyRecord['chains'] = {};
  const columnArns = matrix.resources.map((r) => r.arn);
  const blocks: CellBlock[] = [
    { principals: matrix.principals, columns: columnArns, cells: cellsOf(matrix.cells) },
    ...(outside
      ? [{ principals: outside.principals, columns: columnArns, cells: cellsOf(outside.cells) }]
      : []),
    ...(witnesses
      ? [
          {
            principals: witnesses.principals,
            columns: witnesses.resources.map((r) => r.arn),
            cells: cellsOf(witnesses.cells),
          },
        ]
      : []),
    ...(witnesses?.star
      ? [
          {
            principals: witnesses.principals,
            columns: [STAR_COLUMN],
            cells: cellsOf(witnesses.star.cells),
          },
        ]
      : []),
  ];
  for (const block of blocks)
    block.principals.forEach((p, i) => {
      block.cells.forEachGranted(i, (j, levels) => {
        const column = block.columns[j]!;
        for (const level of levels)
          for (const a of level.actions) {
            if (a.access !== 'indeterminate') continue;
            rows[p.arn] ??= {};
            rows[p.arn]![a.action] ??= digest(rowText(texts, p.arn, a.action));
            columns[column] ??= {};
            columns[column]![a.action] ??= digest(columnText(texts, column, a.action));
          }
      });
    });
  const chainBlocks = [
    { principals: matrix.principals, chains: matrix.chains },
    ...(outside ? [{ principals: outside.principals, chains: outside.chains }] : []),
  ];
  for (const { principals, chains: byIndex } of chainBlocks)
    for (const [i, reach] of Object.entries(byIndex)) {
      const p = principals[Number(i)];
      if (!p || chains[p.arn] !== undefined) continue;
      if (reach.some((r) => pathAccess(r.path).access === 'indeterminate'))
        chains[p.arn] = digest(chainText(texts, p.arn));
    }
  return { accounts: digest(accountText(model)), rows, columns, chains };
}

function isStringMap(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === 'string')
  );
}

/** A snapshot's `dependencies` record, checked (undefined when absent: an older snapshot). */
export function dependencyRecordFrom(
  value: unknown,
  fail: (why: string) => never,
): DependencyRecord | undefined {
  if (value === undefined) return undefined;
  const v = value as Partial<Record<keyof DependencyRecord, unknown>>;
  const nested = (x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(isStringMap);
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof v.accounts !== 'string' ||
    !nested(v.rows) ||
    !nested(v.columns) ||
    !isStringMap(v.chains)
  )
    return fail(
      '"dependencies" needs "accounts" (a digest), "rows" and "columns" (ARN → action → digest) and "chains" (ARN → digest)',
    );
  return value as DependencyRecord;
}

/**
 * Shards' records joined (`matrix --merge`): each holds its rows' and the columns of its cells;
 * one without a record makes none (the merged snapshot cannot tell).
 */
export function mergeDependencyRecords(
  records: readonly (DependencyRecord | undefined)[],
): DependencyRecord | undefined {
  if (!records.length || records.some((r) => !r)) return undefined;
  const out: DependencyRecord = { accounts: records[0]!.accounts, rows: {}, columns: {}, chains: {} };
  for (const r of records as DependencyRecord[]) {
    Object.assign(out.rows, r.rows);
    Object.assign(out.chains, r.chains);
    for (const [arn, actions] of Object.entries(r.columns))
      out.columns[arn] = { ...out.columns[arn], ...actions };
  }
  return out;
}

/**
 * The snapshot diff's comparison of what cells and chains indeterminate on both sides depend on:
 * the new state's texts, written under the base's names (`identity.newToBase`), digested and
 * compared with the record (diff keys are the new state's ARNs); no record, or none for a row,
 * column or chain: it cannot tell, so they differ.
 */
export function snapshotDependsChanged(
  record: DependencyRecord | undefined,
  next: Model,
  identity: IdentityMap,
): DependsChanged {
  if (!record) return { cells: () => true, chains: () => true };
  const toBase: IdentityMap = { baseToNew: identity.newToBase, newToBase: identity.baseToNew, renamed: [] };
  const map = toBase.baseToNew.size ? (t: string) => renameText(toBase, t) : (t: string) => t;
  if (digest(map(accountText(next))) !== record.accounts) return { cells: () => true, chains: () => true };
  const texts = modelTexts(next, map);
  const baseArn = (key: string) => identity.newToBase.get(key) ?? key;
  const memo = new Map<string, boolean>();
  const differs = (kind: string, recorded: string | undefined, text: () => string): boolean => {
    if (recorded === undefined) return true;
    const k = `${kind}\u0000${recorded}`;
    let out = memo.get(k);
    if (out === undefined) {
      out = digest(text()) !== recorded;
      memo.set(k, out);
    }
    return out;
  };
  return {
    cells: (p, r, action) =>
      differs(`r${p}\u0000${action}`, record.rows[baseArn(p)]?.[action], () => rowText(texts, p, action)) ||
      differs(`c${r}\u0000${action}`, record.columns[baseArn(r)]?.[action], () =>
        columnText(texts, r, action),
      ),
    chains: (p) => differs(`h${p}`, record.chains[baseArn(p)], () => chainText(texts, p)),
  };
}
