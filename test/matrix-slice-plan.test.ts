// How a parallel matrix is cut (src/analysis/matrix/slice-plan.ts): rows ordered by likeness, one
// run of slices per thread, every slice claimed once; slices of non-contiguous rows merged back
// at their indexes (MatrixSliceMerger.result(placement)); and the decisions shared between rows
// kept per interner across buildMatrix calls (build.ts) without changing any cell. Every
// comparison is of the JSON the CLI writes, byte for byte, against one buildMatrix call.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix, createMatrixInterner, type MatrixOptions } from '../src/analysis/matrix/build.js';
import { claimSlice, likenessKey, planSlices, sliceSizes } from '../src/analysis/matrix/slice-plan.js';
import { MatrixSliceEncoder, MatrixSliceMerger } from '../src/analysis/matrix/slices.js';
import { compileModel } from '../src/engine/index.js';

const now = new Date('2026-11-23T00:00:00Z');
const rowsOf = (model: ReturnType<typeof generateOrg>['model']) => [
  ...model.users.map((u) => u.arn),
  ...model.roles.map((r) => r.arn),
];

describe('planSlices', () => {
  const { model } = generateOrg({ principals: 200, resources: 40, policies: 400, seed: 3 });
  const rows = rowsOf(model);

  it('puts every row in exactly one slice, alike rows next to each other, one run per thread', () => {
    const plan = planSlices(model, rows, 3, 4);
    const all = plan.rows.flat();
    expect(all.length).toBe(rows.length);
    expect(new Set(all).size).toBe(rows.length);
    expect(plan.starts[0]).toBe(0);
    expect(plan.starts.at(-1)).toBe(plan.rows.length);
    expect(plan.starts.length).toBe(4);
    // In the plan's order, rows of one likeness are contiguous.
    const elements = new Map([...model.users, ...model.roles].map((e) => [e.arn, e]));
    const keys = all.map((i) => likenessKey(elements.get(rows[i]!), rows[i]!));
    const seen = new Set<string>();
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 && keys[i] !== keys[i - 1]) expect(seen.has(keys[i]!)).toBe(false);
      seen.add(keys[i]!);
    }
    // Some rows are alike (the plan is not the row order by accident).
    expect(seen.size).toBeLessThan(rows.length);
    expect(all).not.toEqual(rows.map((_, i) => i));
  });

  it('cuts each run into equal slices that end in smaller and smaller ones (the threads finish together)', () => {
    // The last two slices' rows: a third of what is left each, down to an eighth of a slice.
    expect(sliceSizes(2500, 8)).toEqual([313, 313, 313, 313, 313, 313, 208, 138, 92, 62, 41, 40, 40, 1]);
    expect(sliceSizes(16, 8)).toEqual([2, 2, 2, 2, 2, 2, 2, 1, 1]);
    expect(sliceSizes(3, 8)).toEqual([1, 1, 1]);
    expect(sliceSizes(1, 8)).toEqual([1]);
    for (const n of [1, 7, 100, 999, 2501])
      for (const k of [1, 4, 8]) {
        const sizes = sliceSizes(n, k);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
        expect(sizes.every((x) => x >= 1)).toBe(true);
        // Never larger at the end than before.
        for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]!);
      }
    // Each thread's run holds an equal share of the rows (within one).
    const plan = planSlices(model, rows, 2, 8);
    const runRows = [0, 1].map((t) =>
      plan.rows.slice(plan.starts[t], plan.starts[t + 1]).reduce((n, r) => n + r.length, 0),
    );
    expect(Math.abs(runRows[0]! - runRows[1]!)).toBeLessThanOrEqual(1);
    expect(runRows[0]! + runRows[1]!).toBe(rows.length);
  });

  it('keys rows by kind, account, boundary, managed policies and groups', () => {
    const [a, b] = model.users;
    expect(likenessKey(a, a!.arn)).toContain(`user|${a!.account}|`);
    expect(likenessKey(undefined, 'ec2.amazonaws.com')).toBe('~ec2.amazonaws.com');
    const twin = { ...b!, managedPolicies: a!.managedPolicies, groups: a!.groups, account: a!.account };
    expect(likenessKey({ ...twin, permissionsBoundary: a!.permissionsBoundary }, 'x')).toBe(
      likenessKey(a, 'y'),
    );
  });
});

describe('claimSlice', () => {
  it('gives each thread its own run first, then the slices left in the others, each once', () => {
    const starts = [0, 3, 5, 9];
    const counters = new Int32Array(new SharedArrayBuffer(4 * 3));
    expect(claimSlice(counters, starts, 1)).toBe(3);
    expect(claimSlice(counters, starts, 0)).toBe(0);
    expect(claimSlice(counters, starts, 2)).toBe(5);
    const claimed = [3, 0, 5];
    // Thread 1 runs on alone: its run, then thread 2's, then thread 0's.
    for (let s = claimSlice(counters, starts, 1); s >= 0; s = claimSlice(counters, starts, 1))
      claimed.push(s);
    expect(claimed).toEqual([3, 0, 5, 4, 6, 7, 8, 1, 2]);
    expect(claimSlice(counters, starts, 0)).toBe(-1);
  });
});

describe('slices in likeness order, merged at their rows', () => {
  const { model } = generateOrg({ principals: 160, resources: 50, policies: 320, seed: 13 });
  const rows = rowsOf(model);

  /** Builds the plan's slices: runs alternate between two "threads" (engine, interner, encoder). */
  function sliced(options: MatrixOptions) {
    const plan = planSlices(model, rows, 2, 5);
    const threads = [0, 1].map(() => ({
      engine: compileModel(model, { now }),
      interner: createMatrixInterner(),
      encoder: new MatrixSliceEncoder(),
    }));
    const counters = new Int32Array(new SharedArrayBuffer(8));
    const merger = new MatrixSliceMerger();
    for (let turn = 0; ; turn++) {
      const t = turn % 2;
      const slice = claimSlice(counters, plan.starts, t);
      if (slice < 0) break;
      const th = threads[t]!;
      const m = buildMatrix(th.engine, {
        ...options,
        principals: plan.rows[slice]!.map((i) => rows[i]!),
        interner: th.interner,
      });
      // Thread 0 keeps its slices as built; thread 1's are encoded, as a worker's.
      if (t === 0) merger.addMatrix(slice, m);
      else merger.add(slice, th.encoder.encode(m), 1);
    }
    return merger.result(plan.rows);
  }

  for (const [name, options] of [
    ['default', {}],
    ['action grants and role columns', { actionGrants: true, includeRoles: true }],
  ] as const)
    it(`equals one buildMatrix call byte for byte (${name})`, () => {
      const expected = buildMatrix(compileModel(model, { now }), options);
      expect(Object.keys(expected.chains).length).toBeGreaterThan(0);
      expect(JSON.stringify(sliced(options))).toBe(JSON.stringify(expected));
    });

  it('keeps shared decisions per context: an interner reused with another context gives its cells', () => {
    // Resource policies of the organisation deny aws:SecureTransport false: pinning it changes
    // cells that rows of one class share.
    const context = { 'aws:SecureTransport': 'false' };
    const engine = compileModel(model, { now });
    const free = buildMatrix(engine);
    const pinned = buildMatrix(compileModel(model, { now }), { context });
    expect(JSON.stringify(pinned)).not.toBe(JSON.stringify(free));
    const interner = createMatrixInterner();
    const half = Math.floor(rows.length / 2);
    const parts = [
      buildMatrix(engine, { principals: rows.slice(0, half), interner }),
      buildMatrix(engine, { principals: rows.slice(half), interner }),
      buildMatrix(engine, { principals: rows.slice(0, half), interner, context }),
      buildMatrix(engine, { principals: rows.slice(half), interner, context }),
    ];
    const join = (a: (typeof parts)[number], b: (typeof parts)[number]) => {
      const merger = new MatrixSliceMerger();
      merger.addMatrix(0, a);
      merger.addMatrix(1, b);
      return JSON.stringify(merger.result());
    };
    expect(join(parts[0]!, parts[1]!)).toBe(JSON.stringify(free));
    expect(join(parts[2]!, parts[3]!)).toBe(JSON.stringify(pinned));
  });
});
