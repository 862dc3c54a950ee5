// The reasons of indeterminate matrix cells (`MatrixCell.reasons`, analysis/decision-reasons.ts:
// the unknowns the untraced decision noted, worded only when it comes out indeterminate) in the
// matrix JSON: a top-level `reasons` table, each cell's `reasons` the numbers in it, in the
// order the JSON first meets them (so the merged shards' JSON, whose rows are those of the
// unsharded run, numbers them alike).

import { reasonKey } from '../decision-reasons.js';
import type { MatrixCell, MatrixCells, MatrixReason } from '../types.js';

/**
 * The matrix JSON's numbering of reasons (see the module comment): `cells` maps level rows to
 * their JSON form (reasons as numbers), `table` the reasons in number order, filled as cells are
 * mapped.
 */
export class ReasonNumbering {
  readonly table: MatrixReason[] = [];
  private readonly ids = new Map<string, number>();
  private readonly byObject = new Map<MatrixReason, number>();
  private readonly levelRows = new Map<MatrixCell[], MatrixCell[]>();

  /** The number of `r` (given on first sight). */
  idOf(r: MatrixReason): number {
    let id = this.byObject.get(r);
    if (id !== undefined) return id;
    const key = reasonKey(r);
    id = this.ids.get(key);
    if (id === undefined) {
      id = this.table.length;
      this.table.push(r);
      this.ids.set(key, id);
    }
    this.byObject.set(r, id);
    return id;
  }

  /** A level row as the JSON writes it: the same array when none of its cells has reasons. */
  levelRow(levels: MatrixCell[]): MatrixCell[] {
    // (Only rows with reasons are kept: rows read from JSON are one array per cell.)
    if (!levels.some((c) => c.reasons?.length)) return levels;
    let out = this.levelRows.get(levels);
    if (!out) {
      out = levels.map((c) =>
        c.reasons?.length
          ? ({ ...c, reasons: c.reasons.map((r) => this.idOf(r)) } as unknown as MatrixCell)
          : c,
      );
      this.levelRows.set(levels, out);
    }
    return out;
  }

  /**
   * `cells` as JSON writes them (nested arrays, reasons as numbers), for `JSON.stringify`. Numbers
   * the reasons of its cells now, row by row (so the table is complete before the JSON is written).
   */
  cells(cells: MatrixCells | readonly MatrixCell[][][]): { toJSON(): MatrixCell[][][] } {
    const rows = Array.isArray(cells) ? undefined : (cells as MatrixCells);
    const arrays = rows ? undefined : (cells as readonly MatrixCell[][][]);
    const count = rows ? rows.length : arrays!.length;
    for (let p = 0; p < count; p++) {
      if (rows) rows.forEachGranted(p, (_, levels) => this.levelRow(levels));
      else for (const levels of arrays![p]!) this.levelRow(levels);
    }
    return {
      toJSON: () => {
        const out: MatrixCell[][][] = [];
        for (let p = 0; p < count; p++)
          out.push((rows ? rows.row(p) : arrays![p]!).map((levels) => this.levelRow(levels)));
        return out;
      },
    };
  }
}

/** Whether a parsed JSON value is a reason (`MatrixReason`'s required fields). */
function isReason(v: unknown): v is MatrixReason {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.kind === 'string' && typeof r.text === 'string' && typeof r.stage === 'string';
}

/**
 * Cells read from a matrix JSON (`cells[principal][resource][level]`) with their reasons'
 * numbers replaced by the reasons of `table` (the JSON's `reasons`), in place: the parsed JSON is
 * the reader's own. A table that is not a list of reasons, or a number outside it, is an error
 * (`fail`); what is not a list of cells is left to the reader's checks.
 */
export function resolveReasonIds(rows: unknown, table: unknown, fail: (why: string) => never): void {
  if (table !== undefined && !(Array.isArray(table) && table.every(isReason)))
    fail('"reasons" is a list of { "kind", "text", "stage", ... }');
  const reasons = (table ?? []) as MatrixReason[];
  if (!Array.isArray(rows)) return;
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    for (const levels of row) {
      if (!Array.isArray(levels)) continue;
      for (const cell of levels as MatrixCell[]) {
        const ids = (cell as { reasons?: unknown } | null)?.reasons;
        if (ids === undefined) continue;
        if (!Array.isArray(ids)) fail('a cell\'s "reasons" is a list of numbers in the "reasons" table');
        cell.reasons = (ids as unknown[]).map((id) => {
          const r = typeof id === 'number' ? reasons[id] : undefined;
          return r ?? fail(`a cell names reason ${String(id)}, which the "reasons" table does not hold`);
        });
      }
    }
  }
}

/**
 * The reasons of every cell of a parsed matrix JSON (its `cells`, `outside.cells`,
 * `outsideWitnesses.cells` and `.star.cells`) read back from its `reasons` table (`resolveReasonIds`).
 */
export function resolveMatrixJsonReasons(value: unknown, fail: (why: string) => never): void {
  const o = value as {
    cells?: unknown;
    reasons?: unknown;
    outside?: { cells?: unknown };
    outsideWitnesses?: { cells?: unknown; star?: { cells?: unknown } };
  };
  for (const rows of [o.cells, o.outside?.cells, o.outsideWitnesses?.cells, o.outsideWitnesses?.star?.cells])
    resolveReasonIds(rows, o.reasons, fail);
}
