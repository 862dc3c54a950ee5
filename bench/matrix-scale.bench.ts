// Full access matrix of a synthetic organisation (issue 6 target: 5,000 principals x 2,000
// resources, 10,000 policies in < 30 s and < 1 GB on a 2-core machine), in one thread and with
// worker threads, and how the cost grows with principals, resources and policies. Owned by H7.
//
// Each configuration runs in its own process (peak memory is per process: maxRSS never goes
// down), which generates the organisation (bench/generate-org.ts, seeded), then times one
// matrix with tinybench (one iteration: a run takes seconds) and reports wall time, CPU time of
// the process (all threads) and peak RSS (process.resourceUsage().maxRSS, which counts worker
// threads too, plus a 50 ms rss sampler). The worker entry is bundled for the run.
//
// Run: `node bench/run.mjs matrix-scale`. MATRIX_SCALE=target runs only the default-size rows,
// MATRIX_SCALE=growth only the growth table; MATRIX_SCALE_WORKERS=2,4,8 sets the worker counts
// (default: 2, 4, 8, 16 where the machine has that many cores, 2 at least),
// MATRIX_SCALE_WORKER_HEAP_MB their workerHeapMb. MATRIX_SCALE=org20k runs only the 20,000 x
// 5,000 x 40,000 organisation in one thread (the last row of the growth table; minutes);
// MATRIX_SCALE=org5k only the default organisation (5,000 x 2,000 x 10,000) in one thread.
// MATRIX_SCALE_MEMORY=1 prints (to stderr) each thread's heap and the process's RSS at the phases
// of a parallel build (`onMemory`, src/analysis/matrix/memory-phases.ts), and for every run the CPU
// time of each of the process's threads (Linux): this thread's, a worker's, V8's platform threads'
// (concurrent compilers and garbage collection helpers, which a second isolate keeps busy too).
// MATRIX_SCALE_DIGEST=1 adds to each row a SHA-256 of the matrix (bench/matrix-digest.ts: equal
// digests, equal matrix JSON), the digest without the cells' reasons (levels only: comparable with
// runs from before cells had reasons) and its count of granted cells, taken after the timing.
// MATRIX_SCALE=worlds runs a 300-principal organisation whose main account is unstated (the
// placeholder of inputs without --account, which names other accounts: `decide` looks at the
// worlds where it is each of them) and, second, the same with its region a stand-in too.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Bench } from 'tinybench';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import type { MatrixMemoryPhase } from '../src/analysis/matrix/memory-phases.js';
import { buildMatrixParallel, defaultMatrixWorkers } from '../src/analysis/matrix/workers.js';
import type { Matrix } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import { DEFAULT_ORG_SIZE, generateOrg } from './generate-org.js';
import { type MatrixDigest, matrixDigest } from './matrix-digest.js';

interface RunConfig {
  principals: number;
  resources: number;
  policies: number;
  /**
   * 0 = buildMatrix in the main thread; n = buildMatrixParallel with `workers: n` (n threads
   * building rows: the main thread and n - 1 worker threads).
   */
  workers: number;
  workerUrl?: string;
  workerHeapMb?: number;
  /** The main account is the unstated deploying account (`PLACEHOLDER_ACCOUNT`). */
  unstatedAccount?: boolean;
  /** Its region is the stand-in of inputs given no region. */
  regionStandIn?: boolean;
}

interface RunResult extends RunConfig {
  generateMs: number;
  matrixMs: number;
  cpuMs: number;
  peakRssMB: number;
  maxRssMB: number;
  cells: number;
  nonDenyCells: number;
  fallback?: string;
  /** With MATRIX_SCALE_DIGEST=1 (bench/matrix-digest.ts). */
  digest?: MatrixDigest;
}

const TARGET_MS = 30_000;
const TARGET_MB = 1024;
/** Issue 17: the 20,000-principal organisation on one thread. */
const ORG_20K: RunConfig = { principals: 20_000, resources: 5_000, policies: 40_000, workers: 0 };
const ORG_20K_MS = 60_000;
const ORG_20K_MB = 4096;
/** Follow-up of issue 10: an organisation `decide` looks at in other worlds. */
const WORLDS: RunConfig = {
  principals: 300,
  resources: 600,
  policies: 600,
  workers: 0,
  unstatedAccount: true,
};

async function child(config: RunConfig): Promise<RunResult> {
  const g0 = performance.now();
  const { model } = generateOrg({
    principals: config.principals,
    resources: config.resources,
    policies: config.policies,
    ...(config.unstatedAccount ? { mainAccount: PLACEHOLDER_ACCOUNT } : {}),
    ...(config.regionStandIn ? { regionStandIn: true } : {}),
  });
  const generateMs = performance.now() - g0;
  let peak = process.memoryUsage().rss;
  const threads = process.env.MATRIX_SCALE_MEMORY === '1' ? new ThreadCpu() : undefined;
  let ticks = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (threads && ++ticks % 4 === 0) threads.sample();
  }, 50);
  let matrix: Matrix | undefined;
  let fallback: string | undefined;
  const cpu0 = process.cpuUsage();
  const bench = new Bench({ iterations: 1, time: 0, warmup: false });
  bench.add('matrix', async () => {
    matrix =
      config.workers === 0
        ? buildMatrix(compileModel(model))
        : await buildMatrixParallel(model, {
            workers: config.workers,
            workerUrl: config.workerUrl,
            workerHeapMb: config.workerHeapMb,
            onFallback: (r) => {
              fallback = r;
            },
            ...(process.env.MATRIX_SCALE_MEMORY === '1' ? { onMemory: printMemoryPhase } : {}),
          });
  });
  await bench.run();
  const cpu = process.cpuUsage(cpu0);
  if (process.env.MATRIX_SCALE_MEMORY === '1') printThreadCpu((cpu.user + cpu.system) / 1000);
  clearInterval(sampler);
  if (threads) {
    threads.sample();
    console.error(threads.summary(config.workers === 0 ? '1 thread' : `${config.workers} threads`));
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const task = bench.tasks[0]!;
  const result = task.result;
  if (!('latency' in result)) throw new Error(`matrix benchmark failed: ${JSON.stringify(result)}`);
  // Cells not listed by forEachGranted are deny.
  const m = matrix!;
  // Read before the digest below (its strings would count).
  const maxRssMB = process.resourceUsage().maxRSS / 2 ** 10;
  const cells = m.principals.length * m.resources.length * m.levels.length;
  let nonDeny = 0;
  for (let p = 0; p < m.cells.length; p++)
    m.cells.forEachGranted(p, (_, levels) => {
      for (const c of levels) if (c.access !== 'deny') nonDeny++;
    });
  return {
    ...config,
    generateMs,
    matrixMs: result.latency.mean,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMB: peak / 2 ** 20,
    maxRssMB,
    cells,
    nonDenyCells: nonDeny,
    fallback,
    ...(process.env.MATRIX_SCALE_DIGEST === '1' ? { digest: matrixDigest(m) } : {}),
  };
}

/**
 * The CPU time of each of the process's threads over the build (Linux, /proc/self/task, sampled
 * every 200 ms: a thread that ends, a worker's, counts up to its last sample; Node names them all
 * `node`): this thread, and the others, largest first: a worker's JavaScript thread (its CPU is
 * the worker's line of `printThreadCpu`), V8's platform threads (garbage collection helpers,
 * concurrent compilers, shared by every isolate) and libuv's. MATRIX_SCALE_MEMORY=1.
 */
class ThreadCpu {
  private readonly start = new Map<string, number>();
  private readonly last = new Map<string, { name: string; ms: number }>();
  constructor() {
    for (const [tid, t] of this.read()) this.start.set(tid, t.ms);
  }
  private read(): Map<string, { name: string; ms: number }> {
    const out = new Map<string, { name: string; ms: number }>();
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          out.set(tid, { name, ms: ((Number(f[11]) + Number(f[12])) * 1000) / 100 });
        } catch {
          // The thread ended between the listing and the read.
        }
      }
    } catch {
      // Not Linux.
    }
    return out;
  }
  sample(): void {
    for (const [tid, t] of this.read()) this.last.set(tid, t);
  }
  summary(what: string): string {
    const rows = [...this.last]
      .map(([tid, t]) => ({ tid, ms: t.ms - (this.start.get(tid) ?? 0) }))
      .filter((t) => t.ms > 0)
      .sort((a, b) => b.ms - a.ms);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const main = rows.find((t) => t.tid === String(process.pid))?.ms ?? 0;
    const others = rows.filter((t) => t.tid !== String(process.pid));
    const rest = others.reduce((n, t) => n + t.ms, 0);
    return `threads' CPU over the build (${what}): this thread ${s(main)}; the ${others.length} others ${s(rest)} (${others.map((t) => s(t.ms)).join(', ')})`;
  }
}

/** Each thread's first and last CPU time reported (MATRIX_SCALE_MEMORY=1, Linux). */
const threadCpu = new Map<number, { first: number; last: number }>();

/**
 * One line (stderr): the CPU time of each thread's JavaScript between its first and last report,
 * and the rest of the process's CPU time over the build: V8's helper threads (optimizing
 * compilers, concurrent marking and sweeping, shared by all threads) and what no report covers.
 */
function printThreadCpu(processMs: number): void {
  if (!threadCpu.size) return;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  let threads = 0;
  const parts = [...threadCpu].map(([thread, { first, last }]) => {
    threads += last - first;
    return `${thread === 0 ? 'this thread' : `worker ${thread}`} ${s(last - first)}`;
  });
  console.error(`thread CPU: ${parts.join(', ')}; the rest of the process ${s(processMs - threads)}`);
}

/** One line per thread and phase (MATRIX_SCALE_MEMORY=1), on stderr. */
function printMemoryPhase(p: MatrixMemoryPhase): void {
  if (p.threadCpuMs !== undefined) {
    const t = threadCpu.get(p.thread);
    if (t) t.last = p.threadCpuMs;
    else threadCpu.set(p.thread, { first: p.threadCpuMs, last: p.threadCpuMs });
  }
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  console.error(
    `memory ${p.thread === 0 ? 'this thread' : `worker ${p.thread}`} +${p.ms} ms, ${p.phase}: heap ${mb(p.heapUsed)} used, ${mb(p.heapCommitted)} committed, external ${mb(p.external)}; process RSS ${mb(p.rss)}${p.threadCpuMs === undefined ? '' : `; thread CPU ${p.threadCpuMs} ms`}`,
  );
}

const runs = new Map<string, RunResult>();

/** Runs one configuration in a fresh process (once: the growth table reuses the target rows). */
function runInChild(config: RunConfig): RunResult {
  const key = JSON.stringify(config);
  const done = runs.get(key);
  if (done) return done;
  const result = spawnChild(config);
  runs.set(key, result);
  return result;
}

function spawnChild(config: RunConfig): RunResult {
  const r = spawnSync(process.execPath, [process.argv[1]!, '--child', JSON.stringify(config)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 2 ** 20,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`child failed (${r.status}): ${r.stdout}`);
  return JSON.parse(line) as RunResult;
}

const peakOf = (r: RunResult) => Math.max(r.maxRssMB, r.peakRssMB);

const fmt = {
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  mb: (mb: number) => `${Math.round(mb)} MB`,
};

function row(r: RunResult) {
  return {
    principals: r.principals,
    resources: r.resources,
    policies: r.policies,
    mode:
      r.workers === 0
        ? '1 thread'
        : `${r.workers} threads (${r.workers - 1} worker${r.workers === 2 ? '' : 's'})`,
    'matrix wall': fmt.s(r.matrixMs),
    'CPU (all threads)': fmt.s(r.cpuMs),
    'peak RSS': fmt.mb(Math.max(r.maxRssMB, r.peakRssMB)),
    'non-deny cells': r.nonDenyCells.toLocaleString('en-US'),
    generate: fmt.s(r.generateMs),
    ...(r.fallback ? { fallback: r.fallback } : {}),
    ...(r.digest
      ? {
          'granted cells': r.digest.grantedCells.toLocaleString('en-US'),
          sha256: r.digest.sha256.slice(0, 16),
        }
      : {}),
  };
}

/** The full digest line of a run (MATRIX_SCALE_DIGEST=1), or nothing. */
function printDigest(r: RunResult): void {
  if (r.digest)
    console.log(
      `digest ${r.principals}x${r.resources}x${r.policies} ${r.workers === 0 ? '1 thread' : `${r.workers} threads`}: sha256 ${r.digest.sha256}, levels only ${r.digest.levelsSha256}, ${r.digest.grantedCells} granted cells, ${r.digest.nonDenyLevels} non-deny levels, ${r.digest.reasons} distinct reasons`,
    );
}

async function main() {
  const which = process.env.MATRIX_SCALE ?? 'all';
  // Workers are measured even where buildMatrixParallel would not use them by default (2 cores).
  // Worker counts: 2/4/8/16 where the machine has the cores (2 at least), or MATRIX_SCALE_WORKERS
  // (a list: `2,4,8`).
  const workerCounts = process.env.MATRIX_SCALE_WORKERS
    ? process.env.MATRIX_SCALE_WORKERS.split(',').map(Number)
    : [2, 4, 8, 16].filter((n) => n === 2 || n <= availableParallelism());
  const here = new URL('.', import.meta.url);
  const workerFile = fileURLToPath(new URL('.matrix-worker.bundle.mjs', here));
  // The worker entry, bundled like this benchmark (dependencies external).
  await build({
    entryPoints: [fileURLToPath(new URL('../src/analysis/matrix/worker.ts', here))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: workerFile,
    logLevel: 'error',
  });
  const workerUrl = new URL('.matrix-worker.bundle.mjs', here).href;
  console.log(
    `machine: ${availableParallelism()} cores; node ${process.version}; threads measured (workers: n = this thread + n - 1 worker threads): ${workerCounts.join(', ')} (buildMatrixParallel's default here: ${defaultMatrixWorkers()})`,
  );
  try {
    if (which === 'org5k') {
      const r = runInChild({ ...DEFAULT_ORG_SIZE, workers: 0 });
      console.log(`\nDefault organisation, one thread; load average ${loadavg()[0]!.toFixed(1)}:`);
      console.table([row(r)]);
      printDigest(r);
    }
    if (which === 'all' || which === 'target') {
      const size = { ...DEFAULT_ORG_SIZE };
      const heap = process.env.MATRIX_SCALE_WORKER_HEAP_MB;
      const workerHeapMb = heap ? Number(heap) : undefined;
      const results = [
        runInChild({ ...size, workers: 0 }),
        ...workerCounts.map((workers) => runInChild({ ...size, workers, workerUrl, workerHeapMb })),
      ];
      console.log(
        `\nDefault organisation (target: < 30 s, < 1 GB); load average ${loadavg()[0]!.toFixed(1)}:`,
      );
      console.table(results.map(row));
      for (const r of results) printDigest(r);
      // Issue 17: total CPU <= 1.3x one thread's, wall <= 0.6x (2 workers on 2 cores), each
      // worker adding at most ~100 MB. `workers: n` is n threads: this one and n - 1 workers.
      const one = results[0]!;
      for (const r of results.slice(1))
        console.log(
          `${r.workers} threads vs one thread: CPU ${(r.cpuMs / one.cpuMs).toFixed(2)}x, wall ${(r.matrixMs / one.matrixMs).toFixed(2)}x, ${Math.round((peakOf(r) - peakOf(one)) / Math.max(1, r.workers - 1))} MB more per worker thread${r.digest && one.digest ? (r.digest.sha256 === one.digest.sha256 ? '; the same matrix (digest)' : '; A DIFFERENT MATRIX (digest)') : ''}`,
        );
      for (const r of results) {
        const mb = peakOf(r);
        const ok = r.matrixMs < TARGET_MS && mb < TARGET_MB;
        console.log(
          `${r.workers === 0 ? '1 thread' : `${r.workers} threads`}: ${fmt.s(r.matrixMs)}, ${fmt.mb(mb)} — ${ok ? 'meets' : 'MISSES'} the target`,
        );
      }
    }
    if (which === 'all' || which === 'growth') {
      const base = { principals: 2000, resources: 2000, policies: 4000 };
      const configs: RunConfig[] = [
        ...[1000, 2000, 5000].map((p) => ({ ...base, principals: p, policies: 2 * p, workers: 0 })),
        ...[500, 1000].map((r) => ({ ...base, resources: r, workers: 0 })),
        ...[2000, 10000].map((n) => ({ ...base, policies: n, workers: 0 })),
        ORG_20K,
      ];
      const results = configs.map((c) => runInChild(c));
      console.log(
        `\nHow cost grows (one thread; policies = identity policy documents; load average ${loadavg()[0]!.toFixed(1)}):`,
      );
      console.table(results.map(row));
      for (const r of results) printDigest(r);
    }
    if (which === 'all' || which === 'growth' || which === 'org20k') {
      // Issue 17: the organisation-wide review, < 60 s and < 4 GB on one thread (2 cores).
      const r = runInChild(ORG_20K);
      console.log(`\n20,000 x 5,000 x 40,000 (one thread; load average ${loadavg()[0]!.toFixed(1)}):`);
      console.table([row(r)]);
      printDigest(r);
      const mb = peakOf(r);
      console.log(
        `20,000 principals: ${fmt.s(r.matrixMs)} wall, CPU ${fmt.s(r.cpuMs)}, ${fmt.mb(mb)} — ${r.matrixMs < ORG_20K_MS && mb < ORG_20K_MB ? 'meets' : 'MISSES'} the target (< 60 s, < 4 GB)`,
      );
    }
    if (which === 'all' || which === 'worlds') {
      const configs: RunConfig[] = [
        { ...WORLDS, unstatedAccount: false },
        WORLDS,
        { ...WORLDS, regionStandIn: true },
      ];
      const results = configs.map((c) => runInChild(c));
      const rows = results.map((r) => ({
        account: r.unstatedAccount ? 'unstated' : 'stated',
        region: r.regionStandIn ? 'stand-in' : 'stated',
        ...row(r),
      }));
      console.log(
        `\nOther worlds of decide (one thread; an unstated account naming others; load average ${loadavg()[0]!.toFixed(1)}):`,
      );
      console.table(rows);
      for (const r of results) printDigest(r);
    }
  } finally {
    rmSync(workerFile, { force: true });
  }
}

if (process.argv[2] === '--child') {
  const result = await child(JSON.parse(process.argv[3]!) as RunConfig);
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  await main();
}
