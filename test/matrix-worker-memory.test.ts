// The memory side of buildMatrixParallel (issue 17): the per-thread memory reports
// (`onMemory`, src/analysis/matrix/memory-phases.ts) and the full collection this thread takes
// once the model is packed (src/analysis/matrix/collect-garbage.ts) change nothing in the matrix.

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { collectGarbage } from '../src/analysis/matrix/collect-garbage.js';
import type { MatrixMemoryPhase } from '../src/analysis/matrix/memory-phases.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import { compileModel } from '../src/engine/index.js';
import { buildCompany1 } from './helpers/company1.js';

const now = new Date('2026-11-23T00:00:00Z');

describe('collectGarbage', () => {
  it('collects an object nothing holds any more', async () => {
    let target: object | undefined = { big: new Array(1000).fill('x') };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef keeps its target for the rest of the job that made it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});

describe('buildMatrixParallel memory reports', () => {
  it("reports each thread's phases, and the matrix is the one-thread matrix", async () => {
    const model = buildCompany1();
    const phases: MatrixMemoryPhase[] = [];
    const reasons: string[] = [];
    const parallel = await buildMatrixParallel(model, {
      workers: 2,
      engine: { now },
      onFallback: (r) => reasons.push(r),
      onMemory: (p) => phases.push(p),
    });
    expect(reasons).toEqual([]);
    expect(parallel).toEqual(buildMatrix(compileModel(model, { now })));
    const of = (thread: number) => phases.filter((p) => p.thread === thread).map((p) => p.phase);
    expect(of(0)).toEqual(
      expect.arrayContaining(['started', 'model packed and posted', 'workers done', 'merged']),
    );
    expect(of(0).at(-1)).toBe('merged');
    const worker = of(1);
    const order = ['started', 'model received', 'model deserialized', 'model compiled'];
    expect(worker.filter((p) => order.includes(p))).toEqual(order);
    expect(worker.at(-1)).toBe('done');
    for (const p of phases) {
      expect(p.heapUsed).toBeGreaterThan(0);
      expect(p.heapCommitted).toBeGreaterThanOrEqual(p.heapUsed);
      expect(p.rss).toBeGreaterThan(0);
    }
    // Each thread's own CPU time, where the system tells it (Linux): it only grows.
    if (process.platform === 'linux')
      for (const thread of [0, 1]) {
        const cpu = phases.filter((p) => p.thread === thread).map((p) => p.threadCpuMs);
        for (const ms of cpu) expect(ms).toBeGreaterThanOrEqual(0);
        expect(cpu).toEqual([...(cpu as number[])].sort((a, b) => a - b));
      }
  });
});
