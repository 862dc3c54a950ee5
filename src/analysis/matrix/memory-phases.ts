// What a parallel matrix build holds at each of its phases, per thread (a diagnostic for the
// benchmarks, issue 17: where a worker's memory goes): the thread's heap (used and committed,
// V8's own statistics: each thread has its own heap), the external memory its heap accounts for,
// the process's RSS (shared by all threads) and the thread's own CPU time (Linux) at that moment.
// Reported through `ParallelMatrixOptions.onMemory`; nothing is measured when no one asks.

import { readFileSync } from 'node:fs';
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
  /**
   * CPU time (user + system, ms, at the kernel's 10 ms tick) of this thread's JavaScript thread
   * so far, where the system tells it (Linux: /proc/thread-self/stat); V8's helper threads
   * (compilers, concurrent marking) are shared by the threads and not counted.
   */
  threadCpuMs?: number;
}

/** This thread's CPU time in ms from /proc/thread-self/stat (Linux), or undefined. */
function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
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
      threadCpuMs: threadCpuMs(),
    });
  };
  phase('started');
  return phase;
}
