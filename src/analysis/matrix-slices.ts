// Compact transfer of matrix slices from worker threads (owned by H7, for matrix-workers.ts).
// A slice's Matrix shares its cells a lot (buildMatrix interns identical cells and rows), but a
// structured clone of several slices would keep one copy of every shared cell per slice, and
// the rows (principals x resources references) travel as objects. So a worker encodes its slice
// as tables of distinct action entries, statement refs (JSON), cells and level rows, plus the
// rows as an Int32Array of level-row ids (transferred, not copied); the main thread decodes each
// slice as it arrives, interning entries, refs, cells and level rows across all slices.

import type {
  Access,
  AccessLevelName,
  Matrix,
  MatrixCell,
  MatrixPrincipal,
  MatrixResource,
  StatementRef,
} from './types.js';

type ActionEntry = MatrixCell['actions'][number];

export interface EncodedMatrixSlice {
  levels: AccessLevelName[];
  principals: MatrixPrincipal[];
  resources: MatrixResource[];
  chains: Matrix['chains'];
  /** Distinct action entries and statement refs, as JSON. */
  entries: string[];
  refs: string[];
  /** Distinct cells, flat: access code, entry count, entry ids, ref count, ref ids. */
  cells: Int32Array;
  /** Distinct level rows: `levels.length` cell ids each. */
  levelRows: Int32Array;
  /** principals x resources level-row ids. */
  rows: Int32Array;
}

const ACCESS_CODES: readonly Access[] = ['allow', 'conditional', 'deny', 'indeterminate'];

/** Encodes a matrix (a worker's slice) for `MatrixSliceMerger`; see the module comment. */
export function encodeMatrixSlice(matrix: Matrix): EncodedMatrixSlice {
  const entryIds = new Map<ActionEntry, number>();
  const entries: string[] = [];
  const refIds = new Map<StatementRef, number>();
  const refs: string[] = [];
  const cellIds = new Map<MatrixCell, number>();
  const cells: number[] = [];
  const levelRowIds = new Map<MatrixCell[], number>();
  const levelRows: number[] = [];
  const columns = matrix.resources.length;
  const rows = new Int32Array(matrix.principals.length * columns);

  const cellId = (c: MatrixCell): number => {
    let id = cellIds.get(c);
    if (id !== undefined) return id;
    id = cellIds.size;
    cellIds.set(c, id);
    cells.push(ACCESS_CODES.indexOf(c.access), c.actions.length);
    for (const e of c.actions) {
      let eid = entryIds.get(e);
      if (eid === undefined) {
        eid = entries.length;
        entryIds.set(e, eid);
        entries.push(JSON.stringify(e));
      }
      cells.push(eid);
    }
    cells.push(c.grants.length);
    for (const g of c.grants) {
      let rid = refIds.get(g);
      if (rid === undefined) {
        rid = refs.length;
        refIds.set(g, rid);
        refs.push(JSON.stringify(g));
      }
      cells.push(rid);
    }
    return id;
  };

  for (let p = 0; p < matrix.cells.length; p++) {
    const row = matrix.cells[p]!;
    for (let r = 0; r < columns; r++) {
      const levels = row[r]!;
      let id = levelRowIds.get(levels);
      if (id === undefined) {
        id = levelRowIds.size;
        levelRowIds.set(levels, id);
        for (const c of levels) levelRows.push(cellId(c));
      }
      rows[p * columns + r] = id;
    }
  }
  return {
    levels: matrix.levels,
    principals: matrix.principals,
    resources: matrix.resources,
    chains: matrix.chains,
    entries,
    refs,
    cells: Int32Array.from(cells),
    levelRows: Int32Array.from(levelRows),
    rows,
  };
}

/** The buffers of an encoded slice, for a postMessage transfer list. */
export function transferablesOf(s: EncodedMatrixSlice): ArrayBuffer[] {
  return [s.cells.buffer, s.levelRows.buffer, s.rows.buffer] as ArrayBuffer[];
}

/** Decodes slices (in any order) into one Matrix with rows in slice order. */
export class MatrixSliceMerger {
  private readonly entryByJson = new Map<string, { id: number; entry: ActionEntry }>();
  private readonly refByJson = new Map<string, { id: number; ref: StatementRef }>();
  private readonly cellByKey = new Map<string, { id: number; cell: MatrixCell }>();
  private readonly levelRowByKey = new Map<string, MatrixCell[]>();
  private readonly slices: {
    principals: MatrixPrincipal[];
    rows: MatrixCell[][][];
    chains: Matrix['chains'];
  }[] = [];
  private head: { levels: AccessLevelName[]; resources: MatrixResource[] } | undefined;

  add(index: number, s: EncodedMatrixSlice): void {
    this.head ??= { levels: s.levels, resources: s.resources };
    const entries = s.entries.map((json) => {
      let e = this.entryByJson.get(json);
      if (!e) {
        e = { id: this.entryByJson.size, entry: Object.freeze(JSON.parse(json)) as ActionEntry };
        this.entryByJson.set(json, e);
      }
      return e;
    });
    const refs = s.refs.map((json) => {
      let r = this.refByJson.get(json);
      if (!r) {
        r = { id: this.refByJson.size, ref: Object.freeze(JSON.parse(json)) as StatementRef };
        this.refByJson.set(json, r);
      }
      return r;
    });
    const cells: { id: number; cell: MatrixCell }[] = [];
    for (let i = 0; i < s.cells.length; ) {
      const access = ACCESS_CODES[s.cells[i++]!]!;
      const es = [];
      for (let n = s.cells[i++]!; n > 0; n--) es.push(entries[s.cells[i++]!]!);
      const rs = [];
      for (let n = s.cells[i++]!; n > 0; n--) rs.push(refs[s.cells[i++]!]!);
      const key = `${access}|${es.map((e) => e.id).join(',')}|${rs.map((r) => r.id).join(',')}`;
      let c = this.cellByKey.get(key);
      if (!c) {
        const cell = Object.freeze({
          access,
          actions: Object.freeze(es.map((e) => e.entry)) as ActionEntry[],
          grants: Object.freeze(rs.map((r) => r.ref)) as StatementRef[],
        }) as MatrixCell;
        c = { id: this.cellByKey.size, cell };
        this.cellByKey.set(key, c);
      }
      cells.push(c);
    }
    const width = s.levels.length;
    const levelRows: MatrixCell[][] = [];
    for (let i = 0; i < s.levelRows.length; i += width) {
      const members = Array.from(s.levelRows.subarray(i, i + width), (id) => cells[id]!);
      const key = members.map((m) => m.id).join(',');
      let row = this.levelRowByKey.get(key);
      if (!row) {
        row = Object.freeze(members.map((m) => m.cell)) as MatrixCell[];
        this.levelRowByKey.set(key, row);
      }
      levelRows.push(row);
    }
    const columns = s.resources.length;
    const rows: MatrixCell[][][] = [];
    for (let p = 0; p < s.principals.length; p++) {
      const row: MatrixCell[][] = new Array(columns);
      for (let r = 0; r < columns; r++) row[r] = levelRows[s.rows[p * columns + r]!]!;
      rows.push(row);
    }
    this.slices[index] = { principals: s.principals, rows, chains: s.chains };
  }

  /** The merged matrix (every slice index from 0 must have been added). */
  result(): Matrix {
    if (!this.head) throw new Error('MatrixSliceMerger: no slices');
    const merged: Matrix = {
      levels: this.head.levels,
      principals: [],
      resources: this.head.resources,
      cells: [],
      chains: {},
    };
    for (let i = 0; i < this.slices.length; i++) {
      const s = this.slices[i];
      if (!s) throw new Error(`MatrixSliceMerger: slice ${i} is missing`);
      const offset = merged.principals.length;
      for (const p of s.principals) merged.principals.push(p);
      for (const row of s.rows) merged.cells.push(row);
      for (const [k, v] of Object.entries(s.chains)) merged.chains[Number(k) + offset] = v;
    }
    return merged;
  }
}
