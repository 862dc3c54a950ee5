// The storage of a matrix's cells (`Matrix.cells`, the `MatrixCells` contract of ../types.ts):
// rows of a big organisation are mostly deny, and the non-deny cells repeat a few thousand
// distinct level rows, so a built matrix keeps, per row, only the columns that are not deny and
// the id of each one's level row, in two typed arrays shared by all rows (`CompactCells`). An
// array per row of one reference per column cost 800 MB at 20,000 × 5,000 and made every garbage
// collection walk them; typed arrays are neither walked nor counted as references. Matrices read
// from JSON (snapshots, shards) keep their nested arrays (`ArrayCells`). Both read the same: the
// level row of (principal, resource), a whole row, the non-deny columns of a row, and the nested
// arrays for JSON (`toJSON`, so a matrix's JSON is what it was when cells were nested arrays).

import type { MatrixCell, MatrixCells } from '../types.js';
import { DENY_LEVELS } from './interner.js';

/** A matrix's cells kept compact (see the module comment); rows are appended in order. */
export class CompactCells implements MatrixCells {
  /** Distinct level rows; id 0 is the deny row. */
  private readonly table: MatrixCell[][] = [DENY_LEVELS];
  private readonly ids = new Map<MatrixCell[], number>([[DENY_LEVELS, 0]]);
  /** Row p's entries are `starts[p]` .. `starts[p + 1]` of `cols` / `cellIds`. */
  private starts: Uint32Array = new Uint32Array(65);
  private cols: Uint32Array = new Uint32Array(1024);
  private cellIds: Uint32Array = new Uint32Array(1024);
  private size = 0;
  private rowCount = 0;
  /** The row being appended (`set` since the last `endRow`): its last column. */
  private lastCol = -1;

  constructor(readonly columns: number) {}

  get length(): number {
    return this.rowCount;
  }

  /**
   * Sets column `c` of the row being appended to `levels` (columns in increasing order; deny
   * levels need not be set).
   */
  set(c: number, levels: MatrixCell[]): void {
    if (levels === DENY_LEVELS) return;
    if (c <= this.lastCol || c >= this.columns)
      throw new Error(`CompactCells: column ${c} out of order or range (last ${this.lastCol})`);
    this.lastCol = c;
    let id = this.ids.get(levels);
    if (id === undefined) {
      id = this.table.length;
      this.table.push(levels);
      this.ids.set(levels, id);
    }
    if (this.size === this.cols.length) {
      this.cols = grow(this.cols);
      this.cellIds = grow(this.cellIds);
    }
    this.cols[this.size] = c;
    this.cellIds[this.size] = id;
    this.size++;
  }

  /** Ends the row being appended (the columns not set are deny). */
  endRow(): void {
    this.rowCount++;
    if (this.rowCount + 1 >= this.starts.length) this.starts = grow(this.starts);
    this.starts[this.rowCount] = this.size;
    this.lastCol = -1;
  }

  /** Appends a row given as one level row per column. */
  pushRow(row: readonly MatrixCell[][]): void {
    for (let c = 0; c < row.length; c++) this.set(c, row[c]!);
    this.endRow();
  }

  /** Appends every row of `cells` (with the same columns). */
  pushRows(cells: MatrixCells): void {
    for (let p = 0; p < cells.length; p++) {
      cells.forEachGranted(p, (c, levels) => this.set(c, levels));
      this.endRow();
    }
  }

  at(p: number, r: number): MatrixCell[] {
    this.checkRow(p);
    let lo = this.starts[p]!;
    let hi = this.starts[p + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.cols[mid]!;
      if (c === r) return this.table[this.cellIds[mid]!]!;
      if (c < r) lo = mid + 1;
      else hi = mid - 1;
    }
    return DENY_LEVELS;
  }

  row(p: number): MatrixCell[][] {
    this.checkRow(p);
    const out = new Array<MatrixCell[]>(this.columns).fill(DENY_LEVELS);
    for (let i = this.starts[p]!; i < this.starts[p + 1]!; i++)
      out[this.cols[i]!] = this.table[this.cellIds[i]!]!;
    return out;
  }

  forEachGranted(p: number, fn: (r: number, levels: MatrixCell[]) => void): void {
    this.checkRow(p);
    for (let i = this.starts[p]!; i < this.starts[p + 1]!; i++)
      fn(this.cols[i]!, this.table[this.cellIds[i]!]!);
  }

  toJSON(): MatrixCell[][][] {
    return Array.from({ length: this.rowCount }, (_, p) => this.row(p));
  }

  *[Symbol.iterator](): Iterator<MatrixCell[][]> {
    for (let p = 0; p < this.rowCount; p++) yield this.row(p);
  }

  private checkRow(p: number): void {
    if (!(p >= 0 && p < this.rowCount)) throw new RangeError(`CompactCells: no row ${p}`);
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Cells kept as nested arrays (`rows[p][r][level]`), as a matrix read from JSON has them. */
export class ArrayCells implements MatrixCells {
  constructor(readonly rows: readonly MatrixCell[][][]) {}

  get length(): number {
    return this.rows.length;
  }

  at(p: number, r: number): MatrixCell[] {
    return this.rows[p]?.[r] ?? [];
  }

  row(p: number): MatrixCell[][] {
    return (this.rows[p] ?? []) as MatrixCell[][];
  }

  forEachGranted(p: number, fn: (r: number, levels: MatrixCell[]) => void): void {
    const row = this.rows[p] ?? [];
    for (let r = 0; r < row.length; r++) {
      const levels = row[r]!;
      if (levels !== DENY_LEVELS) fn(r, levels);
    }
  }

  toJSON(): MatrixCell[][][] {
    return this.rows as MatrixCell[][][];
  }

  *[Symbol.iterator](): Iterator<MatrixCell[][]> {
    for (let p = 0; p < this.rows.length; p++) yield this.row(p);
  }
}

/** The cells of nested arrays (`rows[p][r][level]`: a matrix read from JSON, a test's rows). */
export function cellsFromRows(rows: readonly MatrixCell[][][]): MatrixCells {
  return new ArrayCells(rows);
}
