// The change list of an access diff, kept per principal x resource pattern (x chain of roles): a
// run names its principal, resource and chain once, and its entries (one per action: kind,
// access before and after, statements, conditions) are shared with every other run whose cells
// differ the same way (compare-access.ts builds one entry list per pair of cells). The runs are
// held as columns (typed arrays of principal, resource and entry-list numbers; chains and a run's
// own statements in maps by run number): a diff of two unrelated organisations has a million runs,
// and a million small objects held to the end cost the collector more than the comparison that
// makes them. A `ChangeRun` object is made for a run only when a reader asks for it, and the JSON
// contract's `AccessChange` (one object per principal x action x resource) only when a renderer
// reads a change, so millions of changes are written out one at a time. Owns the order of the
// contract: principal, resource, action, then chain.

import type {
  AccessChange,
  ChangeEntry,
  ChangeGrant,
  ChangeKind,
  ChangeListView,
  ChangeRun,
} from './types.js';

const compareText = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);

const viaKey = (via: readonly string[] | undefined) => (via ? via.join(',') : '');

/** The change of entry `i` of `run`, as the JSON contract has it (fields in the contract's order). */
export function changeOf(run: ChangeRun, i: number): AccessChange {
  const e = run.entries[i]!;
  const grants = run.grants?.get(i) ?? e.grants;
  const change: AccessChange = run.via
    ? {
        principal: run.principal,
        action: e.action,
        resource: run.resource,
        via: run.via,
        before: e.before,
        after: e.after,
        grants,
      }
    : {
        principal: run.principal,
        action: e.action,
        resource: run.resource,
        before: e.before,
        after: e.after,
        grants,
      };
  if (e.conditions) change.conditions = e.conditions;
  if (e.reasons) change.reasons = [...e.reasons];
  return change;
}

/** A visitor of (run, entry index) pairs; returning true stops the walk. */
type Visit = (run: ChangeRun, i: number) => boolean | undefined;

/** Numbers each distinct value once (the number of its first sight). */
class Numbering<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<T, number>();
  private last: T | undefined;
  private lastNumber = -1;

  of(value: T): number {
    if (value === this.last && this.lastNumber >= 0) return this.lastNumber;
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.push(value) - 1;
      this.numbers.set(value, n);
    }
    this.last = value;
    this.lastNumber = n;
    return n;
  }
}

/** The rank of each string of `values` in ascending order (`<`); the values are distinct. */
function ranks(values: readonly string[]): Uint32Array {
  const order = values.map((_, i) => i).sort((x, y) => compareText(values[x]!, values[y]!));
  const out = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) out[order[i]!] = i;
  return out;
}

function grown(a: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(size);
  out.set(a);
  return out;
}

/**
 * The strings of `first` then those of `second` not in it, and where each of `second`'s now is
 * (`of`), for joining two change lists' tables.
 */
function joinTables(
  first: readonly string[],
  second: readonly string[],
): { values: string[]; of: Uint32Array } {
  const values = [...first];
  const at = new Map<string, number>();
  for (const [i, v] of first.entries()) at.set(v, i);
  const of = new Uint32Array(second.length);
  second.forEach((v, i) => {
    let n = at.get(v);
    if (n === undefined) {
      n = values.push(v) - 1;
      at.set(v, n);
    }
    of[i] = n;
  });
  return { values, of };
}

/** Collects the runs of a change list, in any order (compare-access.ts); `build` sorts them. */
export class ChangeListBuilder {
  private readonly principals = new Numbering<string>();
  private readonly resources = new Numbering<string>();
  private readonly lists = new Numbering<readonly ChangeEntry[]>();
  private p: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private r: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private e: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private n = 0;
  private readonly vias = new Map<number, string[]>();
  private readonly grants = new Map<number, Map<number, ChangeGrant[]>>();

  /**
   * A run: `entries` sorted by action (shared with other runs, never modified); `grants`, the
   * run's own statements for some of its entries (explain.ts).
   */
  add(
    principal: string,
    resource: string,
    entries: readonly ChangeEntry[],
    via?: string[],
    grants?: Map<number, ChangeGrant[]>,
  ): void {
    this.addNumbered(principal, resource, this.lists.of(entries), via, grants);
  }

  /** The number of an entry list (for `addNumbered`; the same list, the same number). */
  listNumber(entries: readonly ChangeEntry[]): number {
    return this.lists.of(entries);
  }

  /** The number of a principal (for `addIds`; numbered when first asked for). */
  principalNumber(principal: string): number {
    return this.principals.of(principal);
  }

  /** The number of a resource pattern (for `addIds`; numbered when first asked for). */
  resourceNumber(resource: string): number {
    return this.resources.of(resource);
  }

  /**
   * A run whose principal, resource and entry list are numbered already (`principalNumber`,
   * `resourceNumber`, `listNumber`): the comparison of millions of cells looks each up once.
   */
  addIds(principal: number, resource: number, list: number): void {
    if (this.n === this.p.length) {
      const size = this.n * 2;
      this.p = grown(this.p, size);
      this.r = grown(this.r, size);
      this.e = grown(this.e, size);
    }
    const k = this.n++;
    this.p[k] = principal;
    this.r[k] = resource;
    this.e[k] = list;
  }

  /** A run whose entry list is numbered already (`listNumber`). */
  addNumbered(
    principal: string,
    resource: string,
    list: number,
    via?: string[],
    grants?: Map<number, ChangeGrant[]>,
  ): void {
    if (this.n === this.p.length) {
      const size = this.n * 2;
      this.p = grown(this.p, size);
      this.r = grown(this.r, size);
      this.e = grown(this.e, size);
    }
    const k = this.n++;
    this.p[k] = this.principals.of(principal);
    this.r[k] = this.resources.of(resource);
    this.e[k] = list;
    if (via) this.vias.set(k, via);
    if (grants) this.grants.set(k, grants);
  }

  /** The runs in the contract's order: principal, resource, then chain (a stable sort). */
  build(): ChangeList {
    const n = this.n;
    const principals = this.principals.values;
    const resources = this.resources.values;
    const pRank = ranks(principals);
    const rRank = ranks(resources);
    const { p, r, e, vias, grants } = this;
    // Each run's place by principal then resource as one number (exact: below 2^53), compared
    // once per pair instead of two ranks looked up each; the runs come nearly sorted
    // (compare-access.ts), so when they are sorted already (a tie only between runs without a
    // chain, which a stable sort keeps as they are) no sort is made.
    const width = resources.length;
    const place = new Float64Array(n);
    let sorted = true;
    for (let k = 0; k < n; k++) {
      place[k] = pRank[p[k]!]! * width + rRank[r[k]!]!;
      if (k && (place[k]! < place[k - 1]! || (place[k] === place[k - 1] && (vias.has(k) || vias.has(k - 1)))))
        sorted = false;
    }
    const order: number[] = [];
    for (let k = 0; k < n; k++) order.push(k);
    if (!sorted)
      order.sort((x, y) => {
        const d = place[x]! - place[y]!;
        if (d) return d;
        const vx = vias.get(x);
        const vy = vias.get(y);
        return vx || vy ? compareText(viaKey(vx), viaKey(vy)) : 0;
      });
    const columns = { p: new Uint32Array(n), r: new Uint32Array(n), e: new Uint32Array(n) };
    const sortedVias = new Map<number, string[]>();
    const sortedGrants = new Map<number, Map<number, ChangeGrant[]>>();
    for (let k = 0; k < n; k++) {
      const from = order[k]!;
      columns.p[k] = p[from]!;
      columns.r[k] = r[from]!;
      columns.e[k] = e[from]!;
      const via = vias.get(from);
      if (via) sortedVias.set(k, via);
      const own = grants.get(from);
      if (own) sortedGrants.set(k, own);
    }
    return new ChangeList(principals, resources, this.lists.values, columns, sortedVias, sortedGrants);
  }
}

export class ChangeList implements ChangeListView {
  private readonly counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };
  readonly size: number;

  constructor(
    private readonly principals: readonly string[],
    private readonly resources: readonly string[],
    private readonly lists: readonly (readonly ChangeEntry[])[],
    private readonly columns: { p: Uint32Array; r: Uint32Array; e: Uint32Array },
    private readonly vias: ReadonlyMap<number, string[]>,
    /** A run's own statements for some of its entries (explain.ts), by run number. */
    private readonly ownGrants = new Map<number, Map<number, ChangeGrant[]>>(),
  ) {
    this.size = columns.p.length;
    // The counts of each entry list once, times the runs that share it (a diff of two unrelated
    // organisations has millions of entries in about a tenth as many lists).
    const uses = new Float64Array(lists.length);
    for (let k = 0; k < this.size; k++) uses[columns.e[k]!]!++;
    let added = 0;
    let removed = 0;
    let changed = 0;
    lists.forEach((list, l) => {
      const times = uses[l]!;
      if (!times) return;
      for (const e of list) {
        if (e.kind === 'added') added += times;
        else if (e.kind === 'removed') removed += times;
        else changed += times;
      }
    });
    this.counts.added = added;
    this.counts.removed = removed;
    this.counts.changed = changed;
  }

  /**
   * This list without the runs on the resources `drop` names, with `extra` added (their own
   * statements kept), in the contract's order: `extra` is sorted on its own, then merged with
   * this list's runs by number in one pass (never made into objects; on a tie this list's run
   * comes first, as a stable sort of this list followed by `extra` would put it).
   */
  with(extra: readonly ChangeRun[], drop?: (resource: string) => boolean): ChangeList {
    const more = new ChangeListBuilder();
    for (const run of extra) more.add(run.principal, run.resource, run.entries, run.via, run.grants);
    const b = more.build();
    const principals = joinTables(this.principals, b.principals);
    const resources = joinTables(this.resources, b.resources);
    const lists = [...this.lists, ...b.lists];
    const pRank = ranks(principals.values);
    const rRank = ranks(resources.values);
    const dropped = drop ? this.resources.map(drop) : undefined;
    const size = this.size + b.size;
    const columns = { p: new Uint32Array(size), r: new Uint32Array(size), e: new Uint32Array(size) };
    // Where each run of this list and of `extra` lands (-1: dropped); chains and own statements
    // (a few runs of a million) follow their runs afterwards, by these positions.
    const atA = new Int32Array(this.size).fill(-1);
    const atB = new Int32Array(b.size);
    let n = 0;
    const A = this.columns;
    const B = b.columns;
    let i = 0;
    let j = 0;
    while (i < this.size || j < b.size) {
      let takeA = j >= b.size;
      if (!takeA && i < this.size) {
        const pa = A.p[i]!;
        const pb = principals.of[B.p[j]!]!;
        const ra = A.r[i]!;
        const rb = resources.of[B.r[j]!]!;
        const order =
          pRank[pa]! - pRank[pb]! ||
          rRank[ra]! - rRank[rb]! ||
          compareText(viaKey(this.vias.get(i)), viaKey(b.vias.get(j)));
        takeA = order <= 0;
      }
      if (takeA) {
        const r = A.r[i]!;
        if (!dropped?.[r]) {
          columns.p[n] = A.p[i]!;
          columns.r[n] = r;
          columns.e[n] = A.e[i]!;
          atA[i] = n++;
        }
        i++;
      } else {
        columns.p[n] = principals.of[B.p[j]!]!;
        columns.r[n] = resources.of[B.r[j]!]!;
        columns.e[n] = this.lists.length + B.e[j]!;
        atB[j] = n++;
        j++;
      }
    }
    const vias = new Map<number, string[]>();
    const grants = new Map<number, Map<number, ChangeGrant[]>>();
    for (const [from, at] of [
      [this, atA],
      [b, atB],
    ] as const) {
      for (const [k, via] of from.vias) if (at[k]! >= 0) vias.set(at[k]!, via);
      for (const [k, own] of from.ownGrants) if (at[k]! >= 0) grants.set(at[k]!, own);
    }
    const trimmed = { p: columns.p.slice(0, n), r: columns.r.slice(0, n), e: columns.e.slice(0, n) };
    return new ChangeList(principals.values, resources.values, lists, trimmed, vias, grants);
  }

  /** The runs on the resources `test` names, as objects. */
  runsOn(test: (resource: string) => boolean): ChangeRun[] {
    const wanted = this.resources.map(test);
    const out: ChangeRun[] = [];
    for (let k = 0; k < this.size; k++) if (wanted[this.columns.r[k]!]) out.push(this.run(k));
    return out;
  }

  count(kind: ChangeKind): number {
    return this.counts[kind];
  }

  principalAt(k: number): string {
    return this.principals[this.columns.p[k]!]!;
  }

  resourceAt(k: number): string {
    return this.resources[this.columns.r[k]!]!;
  }

  resourceNumberAt(k: number): number {
    return this.columns.r[k]!;
  }

  get resourceCount(): number {
    return this.resources.length;
  }

  entriesAt(k: number): readonly ChangeEntry[] {
    return this.lists[this.columns.e[k]!]!;
  }

  entryListAt(k: number): number {
    return this.columns.e[k]!;
  }

  viaAt(k: number): string[] | undefined {
    return this.vias.get(k);
  }

  grantsAt(k: number): Map<number, ChangeGrant[]> | undefined {
    return this.ownGrants.get(k);
  }

  setGrants(k: number, i: number, grants: ChangeGrant[]): void {
    let own = this.ownGrants.get(k);
    if (!own) {
      own = new Map();
      this.ownGrants.set(k, own);
    }
    own.set(i, grants);
  }

  /** Run `k` as an object (made for the call). */
  run(k: number): ChangeRun {
    const via = this.vias.get(k);
    const grants = this.ownGrants.get(k);
    const run: { -readonly [F in keyof ChangeRun]: ChangeRun[F] } = {
      principal: this.principalAt(k),
      resource: this.resourceAt(k),
      entries: this.entriesAt(k),
    };
    if (via) run.via = via;
    if (grants) run.grants = grants;
    return run;
  }

  /** The runs, sorted (objects made for the call: readers of millions of changes use `run`). */
  get runs(): readonly ChangeRun[] {
    const out: ChangeRun[] = [];
    for (let k = 0; k < this.size; k++) out.push(this.run(k));
    return out;
  }

  /**
   * Every (run, entry) of `kind` (all kinds when undefined) in the contract's order. Runs of one
   * principal and resource pattern (a role's cell and the chains that reach it) are merged by
   * action, then chain. A run's object is made once per walk, when one of its entries is visited.
   */
  private walk(kind: ChangeKind | undefined, visit: Visit): void {
    const { p, r } = this.columns;
    const n = this.size;
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && p[j] === p[i] && r[j] === r[i]) j++;
      if (j === i + 1) {
        const entries = this.entriesAt(i);
        let run: ChangeRun | undefined;
        for (let k = 0; k < entries.length; k++) {
          if (kind !== undefined && entries[k]!.kind !== kind) continue;
          run ??= this.run(i);
          if (visit(run, k)) return;
        }
      } else {
        const items: [ChangeRun, number][] = [];
        for (let g = i; g < j; g++) {
          const run = this.run(g);
          for (let k = 0; k < run.entries.length; k++) items.push([run, k]);
        }
        items.sort(
          ([ra, ka], [rb, kb]) =>
            compareText(ra.entries[ka]!.action, rb.entries[kb]!.action) ||
            compareText(viaKey(ra.via), viaKey(rb.via)),
        );
        for (const [run, k] of items)
          if ((kind === undefined || run.entries[k]!.kind === kind) && visit(run, k)) return;
      }
      i = j;
    }
  }

  forEach(kind: ChangeKind | undefined, fn: (change: AccessChange, kind: ChangeKind) => void): void {
    this.walk(kind, (run, i) => {
      fn(changeOf(run, i), run.entries[i]!.kind);
      return undefined;
    });
  }

  /** Calls `fn` with each (run, entry index) of `kind`, in order, without building the change. */
  forEachEntry(kind: ChangeKind | undefined, fn: (run: ChangeRun, i: number) => void): void {
    this.walk(kind, (run, i) => {
      fn(run, i);
      return undefined;
    });
  }

  some(kind: ChangeKind, test: (change: AccessChange) => boolean): boolean {
    if (!this.counts[kind]) return false;
    let found = false;
    this.walk(kind, (run, i) => {
      if (test(changeOf(run, i))) found = true;
      return found;
    });
    return found;
  }

  list(kind: ChangeKind): AccessChange[] {
    const out: AccessChange[] = [];
    this.forEach(kind, (c) => out.push(c));
    return out;
  }
}
