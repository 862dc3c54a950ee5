// The change list of an access diff, kept per principal x resource pattern (x chain of roles): a
// run names its principal, resource and chain once, and its entries (one per action: kind,
// access before and after, statements, conditions) are shared with every other run whose cells
// differ the same way (compare-access.ts builds one entry list per pair of cells). The JSON
// contract's `AccessChange` (one object per principal x action x resource) is built only when a
// renderer reads a change, so a diff of two unrelated organisations (millions of changes) is held
// as runs and written out one change at a time. Owns the order of the contract: principal,
// resource, action, then chain.

import type { AccessChange, ChangeEntry, ChangeKind, ChangeListView, ChangeRun } from './types.js';

const compareText = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);

const viaKey = (run: ChangeRun) => (run.via ? run.via.join(',') : '');

function compareRuns(a: ChangeRun, b: ChangeRun): number {
  return (
    compareText(a.principal, b.principal) ||
    compareText(a.resource, b.resource) ||
    (a.via || b.via ? compareText(viaKey(a), viaKey(b)) : 0)
  );
}

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
  return change;
}

/** A visitor of (run, entry index) pairs; returning true stops the walk. */
type Visit = (run: ChangeRun, i: number) => boolean | undefined;

export class ChangeList implements ChangeListView {
  readonly runs: ChangeRun[];
  private readonly counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };

  /** `runs` in any order (sorted here; their entries sorted by action already). */
  constructor(runs: ChangeRun[]) {
    runs.sort(compareRuns);
    this.runs = runs;
    // The counts of each entry list once (runs whose cells differ the same way share one: a diff
    // of two unrelated organisations has millions of entries in about a tenth as many lists).
    const counted = new Map<readonly ChangeEntry[], Int32Array>();
    let added = 0;
    let removed = 0;
    let changed = 0;
    for (const run of runs) {
      let n = counted.get(run.entries);
      if (!n) {
        n = new Int32Array(3);
        for (const e of run.entries) n[e.kind === 'added' ? 0 : e.kind === 'removed' ? 1 : 2]!++;
        counted.set(run.entries, n);
      }
      added += n[0]!;
      removed += n[1]!;
      changed += n[2]!;
    }
    this.counts.added = added;
    this.counts.removed = removed;
    this.counts.changed = changed;
  }

  count(kind: ChangeKind): number {
    return this.counts[kind];
  }

  /**
   * Every (run, entry) in the contract's order. Runs of one principal and resource pattern (a
   * role's cell and the chains that reach it) are merged by action, then chain.
   */
  private walk(visit: Visit): void {
    const runs = this.runs;
    for (let i = 0; i < runs.length; ) {
      const first = runs[i]!;
      let j = i + 1;
      while (
        j < runs.length &&
        runs[j]!.principal === first.principal &&
        runs[j]!.resource === first.resource
      )
        j++;
      if (j === i + 1) {
        for (let k = 0; k < first.entries.length; k++) if (visit(first, k)) return;
      } else {
        const items: [ChangeRun, number][] = [];
        for (let g = i; g < j; g++)
          for (let k = 0; k < runs[g]!.entries.length; k++) items.push([runs[g]!, k]);
        items.sort(
          ([ra, ka], [rb, kb]) =>
            compareText(ra.entries[ka]!.action, rb.entries[kb]!.action) ||
            compareText(viaKey(ra), viaKey(rb)),
        );
        for (const [run, k] of items) if (visit(run, k)) return;
      }
      i = j;
    }
  }

  forEach(kind: ChangeKind | undefined, fn: (change: AccessChange, kind: ChangeKind) => void): void {
    this.walk((run, i) => {
      const k = run.entries[i]!.kind;
      if (kind === undefined || k === kind) fn(changeOf(run, i), k);
      return undefined;
    });
  }

  /** Calls `fn` with each (run, entry index) of `kind`, in order, without building the change. */
  forEachEntry(kind: ChangeKind | undefined, fn: (run: ChangeRun, i: number) => void): void {
    this.walk((run, i) => {
      if (kind === undefined || run.entries[i]!.kind === kind) fn(run, i);
      return undefined;
    });
  }

  some(kind: ChangeKind, test: (change: AccessChange) => boolean): boolean {
    if (!this.counts[kind]) return false;
    let found = false;
    this.walk((run, i) => {
      if (run.entries[i]!.kind === kind && test(changeOf(run, i))) found = true;
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
