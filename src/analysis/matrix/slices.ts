// Compact transfer of matrix slices from worker threads (for workers.ts).
// A slice's Matrix shares its cells a lot (buildMatrix interns identical cells and rows), but a
// structured clone of several slices would keep one copy of every shared cell per slice, and
// the rows (principals x resources references) travel as objects. So a worker encodes its slices
// as tables of distinct strings (action names, conditions), condition lists, action entries
// (action, access, condition list: three numbers), statement refs (JSON), cells and level rows, each sent
// once per worker (later slices send only what is new), plus the rows as the matrix keeps them
// (cell-store.ts): per row, only its non-deny columns and their level-row ids, in typed arrays
// that are transferred, not copied; the columns travel once. The main thread decodes each
// slice as it arrives, interning entries, refs, cells and level rows across all workers.

import type {
  Access,
  AccessLevelName,
  Matrix,
  MatrixCell,
  MatrixCells,
  MatrixPrincipal,
  MatrixReason,
  MatrixResource,
  StatementRef,
} from '../types.js';
import { CompactCells } from './cell-store.js';
import { IntKey, IntKeyMap } from './int-keys.js';
import { DENY_CELL, DENY_LEVELS } from './interner.js';

type ActionEntry = MatrixCell['actions'][number];

export interface EncodedMatrixSlice {
  /** The columns: sent with the first slice only (the same for every slice). */
  head?: { levels: AccessLevelName[]; resources: MatrixResource[] };
  principals: MatrixPrincipal[];
  chains: Matrix['chains'];
  /**
   * What the encoder had not sent before (ids follow those of its earlier slices): strings
   * (action names and conditions); condition lists, flat: count, string ids; action entries,
   * three numbers each: action string id, access code, condition list id (an entry is sent as
   * numbers: turning each into JSON and back cost a worker more than its cells); statement refs
   * (JSON).
   */
  strings: string[];
  conditionLists: Int32Array;
  entries: Int32Array;
  refs: string[];
  /** Reasons of indeterminate cells (`MatrixCell.reasons`, JSON), as the refs. */
  reasons: string[];
  /**
   * New distinct cells, flat: access code, entry count, entry ids, ref count, ref ids, then the
   * count of per-action grant lists (0, or the entry count: `MatrixCell.actionGrants`) and each
   * list as ref count, ref ids, then the reason count and reason ids.
   */
  cells: Int32Array;
  /** New distinct level rows: `levels.length` cell ids each. */
  levelRows: Int32Array;
  /**
   * The rows, sparse: row p's non-deny columns are `cols[rowStarts[p]] .. cols[rowStarts[p + 1] - 1]`
   * (increasing), with their level-row ids at the same places of `rowIds`; the other columns are
   * deny. (A dense principals x resources array of ids cost a worker 4 bytes per cell, most of
   * them deny.)
   */
  rowStarts: Uint32Array;
  cols: Uint32Array;
  rowIds: Uint32Array;
}

const ACCESS_CODES: readonly Access[] = ['allow', 'conditional', 'deny', 'indeterminate'];

/** What one `encode` call sends that the encoder had not sent before (see EncodedMatrixSlice). */
interface NewTables {
  strings: string[];
  conditionLists: number[];
  entries: number[];
  refs: string[];
  reasons: string[];
  cells: number[];
  levelRows: number[];
}

/**
 * Encodes the slices one source (a worker) builds, for `MatrixSliceMerger`: the tables of
 * entries, refs, cells and level rows persist across slices, so each is sent once per source
 * (slices built with one `MatrixOptions.interner` share their cell objects). A merger must
 * receive a source's slices in the order they were encoded.
 */
export class MatrixSliceEncoder {
  private readonly stringIds = new Map<string, number>();
  private readonly conditionListIds = new Map<readonly string[], number>();
  private readonly conditionListByKey = new Map<string, number>();
  private readonly entryIds = new Map<ActionEntry, number>();
  private readonly entryByKey = new Map<string, number>();
  private readonly refIds = new Map<StatementRef, number>();
  private readonly refByJson = new Map<string, number>();
  private readonly reasonIds = new Map<MatrixReason, number>();
  private readonly reasonByJson = new Map<string, number>();
  private readonly cellIds = new Map<MatrixCell, number>();
  private readonly cellByKey = new Map<string, number>();
  private readonly levelRowIds = new Map<MatrixCell[], number>();
  private readonly levelRowByKey = new Map<string, number>();
  private cellCount = 0;
  private levelRowCount = 0;
  /**
   * Whether cells and level rows are also looked up by content: only once `forgetObjects` was
   * called. Until then cells and level rows are sent once per object (one interner made them:
   * equal cells are mostly one object; those sent twice the merger makes one again, by content),
   * and their content keys, which cost a worker memory and time, are not built.
   */
  private keyed = false;
  private headSent = false;

  /**
   * Forgets the cell objects it has seen (keeping what it has sent, by content): for a worker
   * that drops its interner, so the old cells can be collected.
   */
  forgetObjects(): void {
    if (!this.keyed) {
      const idOf = <T>(ids: Map<T, number>, x: T) => ids.get(x)!;
      // Equal cells sent under two ids: the level rows are keyed by the first id of each content.
      const canonical = new Map<number, number>();
      for (const [c, id] of this.cellIds) {
        const es = c.actions.map((e) => idOf(this.entryIds, e));
        const rs = c.grants.map((g) => idOf(this.refIds, g));
        const per = (c.actionGrants ?? []).map((l) => l.map((g) => idOf(this.refIds, g)));
        const why = (c.reasons ?? []).map((x) => idOf(this.reasonIds, x));
        const key = cellKey(ACCESS_CODES.indexOf(c.access), es, rs, per, why);
        const first = this.cellByKey.get(key);
        if (first === undefined) this.cellByKey.set(key, id);
        canonical.set(id, first ?? id);
      }
      for (const [levels, id] of this.levelRowIds) {
        const key = levels.map((c) => canonical.get(idOf(this.cellIds, c))).join(',');
        if (!this.levelRowByKey.has(key)) this.levelRowByKey.set(key, id);
      }
      this.keyed = true;
    }
    this.entryIds.clear();
    this.conditionListIds.clear();
    this.refIds.clear();
    this.reasonIds.clear();
    this.cellIds.clear();
    this.levelRowIds.clear();
  }

  encode(matrix: Matrix): EncodedMatrixSlice {
    const out: NewTables = {
      strings: [],
      conditionLists: [],
      entries: [],
      refs: [],
      reasons: [],
      cells: [],
      levelRows: [],
    };
    const rowStarts = new Uint32Array(matrix.cells.length + 1);
    let granted = 0;
    for (let p = 0; p < matrix.cells.length; p++) {
      matrix.cells.forEachGranted(p, () => granted++);
      rowStarts[p + 1] = granted;
    }
    const cols = new Uint32Array(granted);
    const rowIds = new Uint32Array(granted);
    // Neighbouring columns often share a level row: the id of the previous one is reused.
    let previous: MatrixCell[] | undefined;
    let previousId = -1;
    let k = 0;
    for (let p = 0; p < matrix.cells.length; p++) {
      matrix.cells.forEachGranted(p, (r, levels) => {
        if (levels !== previous) {
          previous = levels;
          previousId = this.levelRowId(levels, out);
        }
        cols[k] = r;
        rowIds[k++] = previousId;
      });
    }
    const head = this.headSent ? undefined : { levels: matrix.levels, resources: matrix.resources };
    this.headSent = true;
    return {
      ...(head ? { head } : {}),
      principals: matrix.principals,
      chains: matrix.chains,
      strings: out.strings,
      conditionLists: Int32Array.from(out.conditionLists),
      entries: Int32Array.from(out.entries),
      refs: out.refs,
      reasons: out.reasons,
      cells: Int32Array.from(out.cells),
      levelRows: Int32Array.from(out.levelRows),
      rowStarts,
      cols,
      rowIds,
    };
  }

  /** The id of a string, added to `out` when new. */
  private stringId(x: string, out: NewTables): number {
    let id = this.stringIds.get(x);
    if (id === undefined) {
      id = this.stringIds.size;
      this.stringIds.set(x, id);
      out.strings.push(x);
    }
    return id;
  }

  /** The id of a list of conditions (by object, then by content), added to `out` when new. */
  private conditionListId(list: readonly string[], out: NewTables): number {
    let id = this.conditionListIds.get(list);
    if (id !== undefined) return id;
    const ids = list.map((c) => this.stringId(c, out));
    const key = ids.join(',');
    id = this.conditionListByKey.get(key);
    if (id === undefined) {
      id = this.conditionListByKey.size;
      this.conditionListByKey.set(key, id);
      out.conditionLists.push(ids.length, ...ids);
    }
    this.conditionListIds.set(list, id);
    return id;
  }

  /** The id of an action entry (by object, then by content), added to `out` when new. */
  private entryId(e: ActionEntry, out: NewTables): number {
    let id = this.entryIds.get(e);
    if (id !== undefined) return id;
    const action = this.stringId(e.action, out);
    const access = ACCESS_CODES.indexOf(e.access);
    const conditions = this.conditionListId(e.conditions, out);
    const key = `${action},${access},${conditions}`;
    id = this.entryByKey.get(key);
    if (id === undefined) {
      id = this.entryByKey.size;
      this.entryByKey.set(key, id);
      out.entries.push(action, access, conditions);
    }
    this.entryIds.set(e, id);
    return id;
  }

  /** The id of a statement ref (by object, then by content), added to `out` when new. */
  private refId(g: StatementRef, out: NewTables): number {
    let id = this.refIds.get(g);
    if (id !== undefined) return id;
    const json = JSON.stringify(g);
    id = this.refByJson.get(json);
    if (id === undefined) {
      id = this.refByJson.size;
      this.refByJson.set(json, id);
      out.refs.push(json);
    }
    this.refIds.set(g, id);
    return id;
  }

  /** The id of a reason (by object, then by content), added to `out` when new. */
  private reasonId(x: MatrixReason, out: NewTables): number {
    let id = this.reasonIds.get(x);
    if (id !== undefined) return id;
    const json = JSON.stringify(x);
    id = this.reasonByJson.get(json);
    if (id === undefined) {
      id = this.reasonByJson.size;
      this.reasonByJson.set(json, id);
      out.reasons.push(json);
    }
    this.reasonIds.set(x, id);
    return id;
  }

  /** The id of a cell (by object, then by content), added to `out` when new. */
  private cellId(c: MatrixCell, out: NewTables): number {
    let id = this.cellIds.get(c);
    if (id !== undefined) return id;
    const es = c.actions.map((e) => this.entryId(e, out));
    const rs = c.grants.map((g) => this.refId(g, out));
    const per = (c.actionGrants ?? []).map((list) => list.map((g) => this.refId(g, out)));
    const why = (c.reasons ?? []).map((x) => this.reasonId(x, out));
    const code = ACCESS_CODES.indexOf(c.access);
    const key = this.keyed ? cellKey(code, es, rs, per, why) : undefined;
    id = key === undefined ? undefined : this.cellByKey.get(key);
    if (id === undefined) {
      id = this.cellCount++;
      if (key !== undefined) this.cellByKey.set(key, id);
      out.cells.push(code, es.length, ...es, rs.length, ...rs, per.length);
      for (const list of per) out.cells.push(list.length, ...list);
      out.cells.push(why.length, ...why);
    }
    this.cellIds.set(c, id);
    return id;
  }

  /** The id of a level row (by object, then by content), added to `out` when new. */
  private levelRowId(levels: MatrixCell[], out: NewTables): number {
    let id = this.levelRowIds.get(levels);
    if (id !== undefined) return id;
    const ids = levels.map((c) => this.cellId(c, out));
    const key = this.keyed ? ids.join(',') : undefined;
    id = key === undefined ? undefined : this.levelRowByKey.get(key);
    if (id === undefined) {
      id = this.levelRowCount++;
      if (key !== undefined) this.levelRowByKey.set(key, id);
      for (const c of ids) out.levelRows.push(c);
    }
    this.levelRowIds.set(levels, id);
    return id;
  }
}

/** Whether a decoded cell is `DENY_CELL`'s content: deny, without actions nor grants. */
function isDenyCell(access: Access, entries: number, refs: number, perAction: number, why: number): boolean {
  return access === 'deny' && entries === 0 && refs === 0 && perAction === 0 && why === 0;
}

/** A cell's content by the ids of its parts (`MatrixSliceEncoder`'s lookup by content). */
function cellKey(code: number, es: number[], rs: number[], per: number[][], why: number[]): string {
  return `${code}|${es.join(',')}|${rs.join(',')}|${per.map((l) => l.join(',')).join(';')}|${why.join(',')}`;
}

/** Encodes one matrix on its own (a source of one slice). */
export function encodeMatrixSlice(matrix: Matrix): EncodedMatrixSlice {
  return new MatrixSliceEncoder().encode(matrix);
}

/** The buffers of an encoded slice, for a postMessage transfer list. */
export function transferablesOf(s: EncodedMatrixSlice): ArrayBuffer[] {
  return [
    s.conditionLists.buffer,
    s.entries.buffer,
    s.cells.buffer,
    s.levelRows.buffer,
    s.rowStarts.buffer,
    s.cols.buffer,
    s.rowIds.buffer,
  ] as ArrayBuffer[];
}

/** What a merger has decoded of one source's slices, by the source's ids. */
interface SourceTables {
  strings: string[];
  conditionLists: { id: number; list: string[] }[];
  entries: { id: number; entry: ActionEntry }[];
  refs: { id: number; ref: StatementRef }[];
  reasons: { id: number; reason: MatrixReason }[];
  cells: { id: number; cell: MatrixCell }[];
  levelRows: MatrixCell[][];
}

/**
 * Decodes slices into one Matrix with rows in slice order. Slices come from sources (workers,
 * each with its own `MatrixSliceEncoder`), each source's in the order it encoded them; the
 * sources' slices interleave in any order. Equal cells of different sources become one object,
 * and deny cells and rows the shared `DENY_CELL` and `DENY_LEVELS` (as in one thread).
 */
export class MatrixSliceMerger {
  private readonly conditionListByKey = new Map<string, { id: number; list: string[] }>();
  private readonly entryByKey = new Map<string, { id: number; entry: ActionEntry }>();
  private readonly refByJson = new Map<string, { id: number; ref: StatementRef }>();
  private readonly reasonByJson = new Map<string, { id: number; reason: MatrixReason }>();
  /** One shared frozen list per distinct list of reasons. */
  private readonly reasonLists = new Map<string, MatrixReason[]>();
  /**
   * Cells and level rows by content, as integer keys built in place (int-keys.ts): a cell by its
   * access code and the merged ids of its entries and refs (each list after its length), a level
   * row by its cells' merged ids. They were strings joined per decoded cell and level row, which
   * the maps then kept: about a third of the decoding's CPU on the 5,000-principal organisation.
   */
  private readonly cellByKey = new IntKeyMap<{ id: number; cell: MatrixCell }>();
  private readonly levelRowByKey = new IntKeyMap<MatrixCell[]>();
  private readonly key = new IntKey();
  private readonly grantLists = new Map<string, StatementRef[]>();
  private readonly sources = new Map<number | string, SourceTables>();
  private readonly slices: {
    principals: MatrixPrincipal[];
    rows: MatrixCells;
    chains: Matrix['chains'];
  }[] = [];
  private head: { levels: AccessLevelName[]; resources: MatrixResource[] } | undefined;

  /** Adds slice `index` built in this thread (its cells are kept as they are). */
  addMatrix(index: number, m: Matrix): void {
    this.head ??= { levels: m.levels, resources: m.resources };
    this.slices[index] = { principals: m.principals, rows: m.cells, chains: m.chains };
  }

  /** Whether slice `index` was added. */
  has(index: number): boolean {
    return this.slices[index] !== undefined;
  }

  /** Adds slice `index`, encoded by `source` (default: a source of its own). */
  add(index: number, s: EncodedMatrixSlice, source: number | string = `slice ${index}`): void {
    if (s.head) this.head ??= s.head;
    let t = this.sources.get(source);
    if (!t) {
      t = { strings: [], conditionLists: [], entries: [], refs: [], reasons: [], cells: [], levelRows: [] };
      this.sources.set(source, t);
    }
    for (const x of s.strings) t.strings.push(x);
    this.decodeConditionLists(s.conditionLists, t);
    this.decodeEntries(s.entries, t);
    for (const json of s.refs) {
      let r = this.refByJson.get(json);
      if (!r) {
        r = { id: this.refByJson.size, ref: Object.freeze(JSON.parse(json)) as StatementRef };
        this.refByJson.set(json, r);
      }
      t.refs.push(r);
    }
    for (const json of s.reasons) {
      let r = this.reasonByJson.get(json);
      if (!r) {
        r = { id: this.reasonByJson.size, reason: Object.freeze(JSON.parse(json)) as MatrixReason };
        this.reasonByJson.set(json, r);
      }
      t.reasons.push(r);
    }
    this.decodeCells(s.cells, t);
    const head = this.head;
    if (!head) throw new Error('MatrixSliceMerger: the first slice of a source carries the columns');
    const width = head.levels.length;
    const key = this.key;
    for (let i = 0; i < s.levelRows.length; i += width) {
      key.start(width);
      for (let k = 0; k < width; k++) key.push(t.cells[s.levelRows[i + k]!]!.id);
      let row = this.levelRowByKey.get(key);
      if (!row) {
        const members = Array.from(s.levelRows.subarray(i, i + width), (id) => t.cells[id]!);
        // A row of deny cells is the shared deny row, as in one thread (the cells skip it).
        row = members.every((m) => m.cell === DENY_CELL)
          ? DENY_LEVELS
          : (Object.freeze(members.map((m) => m.cell)) as MatrixCell[]);
        this.levelRowByKey.set(key, row);
      }
      t.levelRows.push(row);
    }
    if (s.rowStarts.length !== s.principals.length + 1)
      throw new Error(
        `MatrixSliceMerger: slice ${index} has ${s.principals.length} principals, ${s.rowStarts.length - 1} rows`,
      );
    const rows = new CompactCells(head.resources.length);
    for (let p = 0; p < s.principals.length; p++) {
      for (let i = s.rowStarts[p]!; i < s.rowStarts[p + 1]!; i++)
        rows.set(s.cols[i]!, t.levelRows[s.rowIds[i]!]!);
      rows.endRow();
    }
    this.slices[index] = { principals: s.principals, rows, chains: s.chains };
  }

  /** Decodes a slice's new condition lists into the source's table, one object per content. */
  private decodeConditionLists(lists: Int32Array, t: SourceTables): void {
    for (let i = 0; i < lists.length; ) {
      const strings: string[] = [];
      for (let n = lists[i++]!; n > 0; n--) strings.push(t.strings[lists[i++]!]!);
      const key = strings.join('\u0001');
      let c = this.conditionListByKey.get(key);
      if (!c) {
        c = { id: this.conditionListByKey.size, list: Object.freeze(strings) as string[] };
        this.conditionListByKey.set(key, c);
      }
      t.conditionLists.push(c);
    }
  }

  /** Decodes a slice's new action entries into the source's table, one object per content. */
  private decodeEntries(entries: Int32Array, t: SourceTables): void {
    for (let i = 0; i < entries.length; i += 3) {
      const action = t.strings[entries[i]!]!;
      const access = ACCESS_CODES[entries[i + 1]!] as ActionEntry['access'];
      const conditions = t.conditionLists[entries[i + 2]!]!;
      const key = `${action}\u0001${access}\u0001${conditions.id}`;
      let e = this.entryByKey.get(key);
      if (!e) {
        // The fields in the order the matrix's interner writes them (interner.ts).
        const entry: ActionEntry = Object.freeze({ action, access, conditions: conditions.list });
        e = { id: this.entryByKey.size, entry };
        this.entryByKey.set(key, e);
      }
      t.entries.push(e);
    }
  }

  /** Decodes a slice's new cells (see `EncodedMatrixSlice.cells`) into the source's table. */
  private decodeCells(cells: Int32Array, t: SourceTables): void {
    const refList = () => {
      const rs: { id: number; ref: StatementRef }[] = [];
      for (let n = cells[i++]!; n > 0; n--) rs.push(t.refs[cells[i++]!]!);
      return rs;
    };
    let i = 0;
    while (i < cells.length) {
      const code = cells[i++]!;
      const access = ACCESS_CODES[code]!;
      const es = [];
      for (let n = cells[i++]!; n > 0; n--) es.push(t.entries[cells[i++]!]!);
      const rs = refList();
      const per = [];
      for (let n = cells[i++]!; n > 0; n--) per.push(refList());
      const why: { id: number; reason: MatrixReason }[] = [];
      for (let n = cells[i++]!; n > 0; n--) why.push(t.reasons[cells[i++]!]!);
      // The key: access code, then each list (entries, refs, each per-action list) as its length
      // and its merged ids, then the count of per-action lists: one content, one key.
      const key = this.key;
      const ids = (list: { id: number }[]) => {
        key.push(list.length);
        for (const x of list) key.push(x.id);
      };
      key.start(code);
      ids(es);
      ids(rs);
      key.push(per.length);
      for (const l of per) ids(l);
      ids(why);
      let c = this.cellByKey.get(key);
      if (!c && isDenyCell(access, es.length, rs.length, per.length, why.length)) {
        // The deny cell of a level row is the shared DENY_CELL, as in the rows built in one thread.
        c = { id: this.cellByKey.size, cell: DENY_CELL };
        this.cellByKey.set(key, c);
      }
      if (!c) {
        const cell: MatrixCell = {
          access,
          actions: Object.freeze(es.map((e) => e.entry)) as ActionEntry[],
          grants: Object.freeze(rs.map((r) => r.ref)) as StatementRef[],
        };
        if (per.length)
          cell.actionGrants = Object.freeze(per.map((l) => this.grantList(l))) as StatementRef[][];
        if (why.length) cell.reasons = this.reasonList(why);
        c = { id: this.cellByKey.size, cell: Object.freeze(cell) };
        this.cellByKey.set(key, c);
      }
      t.cells.push(c);
    }
  }

  /** One shared frozen list per distinct list of reasons. */
  private reasonList(list: { id: number; reason: MatrixReason }[]): MatrixReason[] {
    const key = list.map((x) => x.id).join(',');
    let out = this.reasonLists.get(key);
    if (!out) {
      out = Object.freeze(list.map((x) => x.reason)) as MatrixReason[];
      this.reasonLists.set(key, out);
    }
    return out;
  }

  /** One shared frozen list per distinct list of refs (per-action grants repeat across cells). */
  private grantList(list: { id: number; ref: StatementRef }[]): StatementRef[] {
    const key = list.map((x) => x.id).join(',');
    let out = this.grantLists.get(key);
    if (!out) {
      out = Object.freeze(list.map((x) => x.ref)) as StatementRef[];
      this.grantLists.set(key, out);
    }
    return out;
  }

  /**
   * The merged matrix (every slice index from 0 must have been added): the slices' rows one
   * after the other, or, with `placement` (per slice, the matrix row index of each of its rows:
   * `SlicePlan.rows`), each row at its index.
   */
  result(placement?: readonly (readonly number[])[]): Matrix {
    if (!this.head) throw new Error('MatrixSliceMerger: no slices');
    const cells = new CompactCells(this.head.resources.length);
    const merged: Matrix = {
      levels: this.head.levels,
      principals: [],
      resources: this.head.resources,
      cells,
      chains: {},
    };
    // Where each matrix row comes from (slice, row in it): the compact cells take rows in order.
    const from: [number, number][] = [];
    for (let i = 0; i < this.slices.length; i++) {
      const s = this.slices[i];
      if (!s) throw new Error(`MatrixSliceMerger: slice ${i} is missing`);
      const offset = from.length;
      const at = placement ? placement[i]! : s.principals.map((_, k) => offset + k);
      if (at.length !== s.principals.length)
        throw new Error(`MatrixSliceMerger: slice ${i} has ${s.principals.length} rows, placed ${at.length}`);
      for (let k = 0; k < at.length; k++) {
        merged.principals[at[k]!] = s.principals[k]!;
        from[at[k]!] = [i, k];
      }
      // (Integer keys enumerate in ascending order whatever the order they were set in.)
      for (const [k, v] of Object.entries(s.chains)) merged.chains[at[Number(k)]!] = v;
    }
    for (let p = 0; p < from.length; p++) {
      const where = from[p];
      if (!where) throw new Error(`MatrixSliceMerger: no slice placed row ${p}`);
      this.slices[where[0]]!.rows.forEachGranted(where[1], (c, levels) => cells.set(c, levels));
      cells.endRow();
    }
    return merged;
  }
}
