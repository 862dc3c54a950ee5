// What a parallel matrix build holds at each of its phases, per thread (a diagnostic for the
// benchmarks, issue 17: where a worker's memory goes): the thread's heap (used and committed,
// V8's own statistics: each thread has its own heap), the external memory its heap accounts for,
// and the process's RSS (shared by all threads) at that moment. Reported through
// `ParallelMatrixOptions.onMemory`; nothing is measured when no one asks.

import { getHeapStatistics } from 'node:v8';

/** One thread's memory at one phase of `buildMatrixParallel` (sizes in bytes). */
export interface MatrixMemoryPhase {
  /** 0: the calling thread; 1, 2...: worker threads (their thread numbers, `MatrixWorkerInit.thread`). */
  thread: number;
  /** What the thread has just done: `model deserialized`, `slice 14 posted`, `merged`... */
  phase: string;
  /** Milliseconds since the thread's first report. */
  ms: number;
  /** This thread's heap: in use (live and not yet collected) and committed. */
  heapUsed: number;
  heapCommitted: number;
  /** Memory outside the heap that the thread's heap accounts for (array buffers...). */
  external: number;
  /** The whole process's resident set (every thread). */
  rss: number;
}

/**
 * The reporter of one thread (it reports `started` at once): each call measures now and passes
 * the phase on.
 */
export function memoryPhases(
  thread: number,
  report: ((phase: MatrixMemoryPhase) => void) | undefined,
): (phase: string) => void {
  if (!report) return () => {};
  const t0 = performance.now();
  const phase = (what: string) => {
    const heap = getHeapStatistics();
    report({
      thread,
      phase: what,
      ms: Math.round(performance.now() - t0),
      heapUsed: heap.used_heap_size,
      heapCommitted: heap.total_heap_size,
      external: heap.external_memory,
      rss: process.memoryUsage.rss(),
    });
  };
  phase('started');
  return phase;
}
