// Which rows each slice of a parallel matrix holds, and which thread builds which slice (for
// workers.ts and worker.ts). Rows that are alike (same kind, account, permissions boundary,
// managed policies and groups) make the same shared decisions (shared-decisions.ts) and warm the
// same caches (their policies' compiled statements, the statement groupings, the witness
// searches), so a thread that builds alike rows makes each of those once where two threads would
// each make it. So the rows are ordered by likeness, cut into slices in that order, and the
// slices dealt out as one contiguous run per thread: each thread claims the slices of its own run
// first, then those left in the other runs (so no thread waits while slices are left). The merged
// matrix puts every row back at its index: rows are independent, so the matrix is the same.

import type { Model, Role, User } from '../../model/types.js';

export interface SlicePlan {
  /** Per slice, the indexes (in matrix row order) of its rows. */
  rows: number[][];
  /**
   * Per thread, the first slice of its run, and the end of the last run: thread t's run is
   * slices `starts[t]` to `starts[t + 1] - 1`.
   */
  starts: number[];
}

/**
 * Orders `rowArns` (the matrix rows) by likeness (`likenessKey`; the row index breaks ties), cuts
 * them into one contiguous run per thread and each run into about `slicesPerThread` slices
 * (`sliceSizes`: smaller and smaller at the end).
 */
export function planSlices(
  model: Model,
  rowArns: readonly string[],
  threads: number,
  slicesPerThread: number,
): SlicePlan {
  const elements = new Map<string, User | Role>();
  for (const u of model.users) elements.set(u.arn, u);
  for (const r of model.roles) elements.set(r.arn, r);
  const keys = rowArns.map((arn) => likenessKey(elements.get(arn), arn));
  const order = rowArns.map((_, i) => i);
  order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  const rows: number[][] = [];
  const starts: number[] = [];
  for (let t = 0; t < threads; t++) {
    starts.push(rows.length);
    let at = Math.round((t * order.length) / threads);
    const end = Math.round(((t + 1) * order.length) / threads);
    for (const size of sliceSizes(end - at, slicesPerThread)) {
      rows.push(order.slice(at, at + size));
      at += size;
    }
  }
  starts.push(rows.length);
  return { rows, starts };
}

/**
 * The sizes of the slices of a run of `n` rows: `slicesPerRun` equal slices, but the last two
 * slices' rows are cut into smaller and smaller ones (a third of what is left each, down to an
 * eighth of a slice). A thread whose run is done takes the next slice of another run, so the
 * last slices claimed are the runs' last: the threads then finish within a small slice of each
 * other. Equal slices left a thread idle for up to a sixteenth of the rows (traced: 0.5–2 s); four
 * half slices still let a thread that took the last full slice of another run finish 2 s after it.
 */
export function sliceSizes(n: number, slicesPerRun: number): number[] {
  const size = Math.max(1, Math.ceil(n / slicesPerRun));
  const smallest = Math.max(1, Math.ceil(size / 8));
  const sizes: number[] = [];
  let left = n;
  while (left > 2 * size) {
    sizes.push(size);
    left -= size;
  }
  while (left > 0) {
    const s = Math.min(left, Math.max(smallest, Math.ceil(left / 3)));
    sizes.push(s);
    left -= s;
  }
  return sizes;
}

/**
 * What makes rows alike for the matrix: kind, account, boundary, managed policies and group
 * memberships (sorted); a row outside the model (a service, an account, an external ARN) by its
 * ARN.
 */
export function likenessKey(element: User | Role | undefined, arn: string): string {
  if (!element) return `~${arn}`;
  const name = (x: unknown) => (typeof x === 'string' ? x : '?');
  const managed = element.managedPolicies.map((a) => name(a.policyArn)).sort();
  const groups = element.kind === 'user' ? [...element.groups].sort() : [];
  const boundary = element.permissionsBoundary ? name(element.permissionsBoundary.policyArn) : '';
  return `${element.kind}|${element.account}|${boundary}|${managed.join(',')}|${groups.join(',')}`;
}

/**
 * The next slice for `thread` to build, or -1 when none is left: from its own run, then from the
 * runs of the threads after it. `counters` (shared memory, one Int32 per run) counts the slices
 * claimed in each run, so every slice is claimed once whatever the threads' timing.
 */
export function claimSlice(counters: Int32Array, starts: readonly number[], thread: number): number {
  const runs = starts.length - 1;
  for (let k = 0; k < runs; k++) {
    const run = (thread + k) % runs;
    const slice = starts[run]! + Atomics.add(counters, run, 1);
    if (slice < starts[run + 1]!) return slice;
  }
  return -1;
}
