// The table the micro-benchmarks print after a tinybench run: each task's mean throughput and
// mean time per operation, in nanoseconds or microseconds.

import type { Bench } from 'tinybench';

/** Prints `bench`'s tasks: ops/s and the mean time of one operation in `unit`. */
export function printThroughput(bench: Bench, unit: 'ns' | 'µs'): void {
  console.table(
    bench.tasks.map((t) => {
      const r = t.result as { throughput?: { mean?: number }; latency?: { mean?: number } } | undefined;
      // tinybench's latency is in milliseconds
      const ms = r?.latency?.mean ?? 0;
      return {
        task: t.name,
        'ops/s': Math.round(r?.throughput?.mean ?? 0).toLocaleString('en-US'),
        [`${unit}/op`]: unit === 'ns' ? (ms * 1e6).toFixed(1) : (ms * 1e3).toFixed(2),
      };
    }),
  );
}
