// The access matrix on several cores: splits the principals (rows) into slices, builds them with
// `buildMatrix` in this thread and in worker threads (node:worker_threads), and merges the slices
// into the Matrix `buildMatrix` builds in one thread (rows are independent: the same principals,
// resources and cells, each row at its index, `chains` keyed by the merged row index).
//
// `workers` threads build rows: this thread and `workers - 1` worker threads (this thread would
// otherwise wait, and it already holds the model and, from the caller, often its compiled engine:
// one copy fewer of everything). The rows are ordered by likeness and cut into slices, 8 per
// thread, one contiguous run of them per thread (slice-plan.ts: alike rows share decisions and
// caches, which a thread then makes once); every thread claims its own run's slices, then the
// others', from counters in shared memory (`Atomics.add`), so a few expensive rows
// (administrators) do not leave a thread idle and no slice waits for a message round trip. The
// merged matrix has every row at its index. The model goes to the
// workers once, serialized into shared memory (model-transfer.ts: Unknown values are restored as
// `Unknown` instances). The workers are started first and the model is packed while they load
// their modules; its bytes are posted as soon as they are made, and the places of its Unknown
// values once found, so the workers deserialize while this thread walks the model. Each worker compiles the model once and keeps its engine, caches and
// interned cells for all its slices (rebuilt only when its heap nears its limit: worker.ts). A
// worker's slice comes back encoded (slices.ts: cells it sent before are not sent again, the
// rows' buffer is transferred) and is decoded into cells shared across slices; this thread's
// slices are kept as built. The worker entry is worker.js next to this file in dist/; from
// TypeScript source (vitest, tsx) it is worker.ts, run with tsx registered in the worker.
// Bundlers pass `workerUrl`. When no worker entry can be found, the matrix is built in this
// thread and `onFallback` says why.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Engine } from '../../engine/engine.js';
import { compileModel, type EngineOptions } from '../../engine/index.js';
import type { Model } from '../../model/types.js';
import type { ListRecipe } from './action-lists.js';
import { buildMatrix, createMatrixInterner, type MatrixOptions, matrixColumnArns } from './build.js';
import { ownWitnessRecipe, useWitnessRecipes, witnessArnsOf } from './columns.js';
import { collectGarbage } from './collect-garbage.js';
import { type MatrixMemoryPhase, memoryPhases } from './memory-phases.js';
import { claimSlice, planSlices } from './slice-plan.js';
import { type EncodedMatrixSlice, MatrixSliceMerger } from './slices.js';
import { type PackedUnknowns, packModel, unknownsOfPacking } from '../model-transfer.js';
import type { Matrix } from '../types.js';

export interface ParallelMatrixOptions extends Omit<MatrixOptions, 'onProgress'> {
  /**
   * Threads that build rows: this thread and `workers - 1` worker threads (default
   * `defaultMatrixWorkers()`); 1 builds the matrix in this thread only. Without an explicit
   * count, matrices of fewer than `SMALL_MATRIX_CELLS` cells (or fewer principals than two per
   * thread) are built in this thread only: starting workers costs more.
   */
  workers?: number;
  /** Called as rows complete, in any order: `done` of `total` principals. */
  onProgress?: (done: number, total: number) => void;
  /** Options for the engines (the clock for aws:CurrentTime...). */
  engine?: EngineOptions;
  /**
   * An engine already compiled from `model` (with the `engine` options), used for the rows built
   * in this thread, so a caller that needs the engine afterwards (the access review's risk
   * summary) compiles the model once and this thread's rows reuse its caches; worker threads
   * compile their own.
   */
  compiled?: Engine;
  /** Location of worker.js when this module is bundled (default: next to this module). */
  workerUrl?: URL | string;
  /**
   * Called with the reason when worker threads cannot be used and the matrix (or some slices,
   * after a worker ran out of memory) is built in this thread.
   */
  onFallback?: (reason: string) => void;
  /**
   * Old-generation heap limit of each worker in MB. Past 80% of it after a slice, a worker drops
   * its caches and compiles the model again; a worker that runs out of memory stops, and its
   * slices are built in this thread, without the limit. Default: V8's own limit (as this
   * thread's), with the caches dropped past 80% of `defaultWorkerHeapMb` (the workers start
   * before the model is packed, so its size is not known when their limit is set).
   */
  workerHeapMb?: number;
  /**
   * Whether this thread builds rows too (default true): false starts `workers` worker threads
   * and keeps this thread free (it only decodes their slices), e.g. for a server that must stay
   * responsive.
   */
  buildInThisThread?: boolean;
  /**
   * A diagnostic (bench/matrix-scale.bench.ts, `MATRIX_SCALE_MEMORY=1`): called with each thread's
   * heap and the process's RSS at the phases of the build (memory-phases.ts), when worker threads
   * are used. Costs a message per phase of a worker.
   */
  onMemory?: (phase: MatrixMemoryPhase) => void;
}

/** Principals x resources below which the default worker count builds in this thread. */
export const SMALL_MATRIX_CELLS = 20_000;
/**
 * Young generation of each worker in MB (V8's default is 48 on 64-bit). It was 96 when a worker
 * rebuilt its caches slice after slice (a larger young generation promoted less of what a rebuild
 * allocates: about 1.5 s less CPU per worker then). Measured again since (issue 17, 5,000-principal
 * organisation, 2 threads, three interleaved pairs): 32 MB takes 25-50 MB less peak RSS than 96
 * with the same CPU time within the noise; and 16 MB about 8 MB less than 32 (six interleaved
 * pairs of 32 / 16 / 64 / 128 / 8, loaded machine: 64 and 128 took 25 and 90 MB more, 8 no less
 * than 16, CPU the same within the noise; bench/RESULTS.md).
 */
const WORKER_YOUNG_GENERATION_MB = 16;
/** Slices per thread (more = better balance, a little more per-slice overhead). */
const SLICES_PER_THREAD = 8;

/** What a worker receives in `workerData` (the model follows in `MatrixWorkerModel` messages). */
export interface MatrixWorkerInit {
  engine: EngineOptions | undefined;
  matrix: Omit<MatrixOptions, 'principals' | 'onProgress'>;
  /** Every slice's row ARNs; threads claim slice numbers with `claimSlice` (slice-plan.ts). */
  slices: string[][];
  /** The first slice of each thread's run, and the end of the last (`SlicePlan.starts`). */
  starts: number[];
  /** This worker's thread number (its run); the calling thread, when it builds rows, is 0. */
  thread: number;
  /**
   * One Int32 per run in shared memory: the slices claimed in it. Each thread (workers and the
   * calling thread) claims slices with `claimSlice` until none is left.
   */
  next: SharedArrayBuffer;
  /** Whether the worker reports its memory at each phase (`ParallelMatrixOptions.onMemory`). */
  memoryPhases: boolean;
}
/**
 * Main thread → worker, once each, in this order: the serialized model (`deserializeModel`) and
 * the heap size in MB past 80% of which the worker drops its caches after a slice; the columns'
 * action lists (`WitnessRecipes`); then where its Unknown values are (`restoreUnknowns`).
 */
export type MatrixWorkerModel =
  | { type: 'model'; bytes: SharedArrayBuffer; heapMb: number }
  | WitnessRecipes
  | { type: 'unknowns'; unknowns: PackedUnknowns };
/**
 * The action lists of the columns' witnesses, as this thread found them (`ownWitnessRecipe`;
 * `useWitnessRecipes` in the worker): `recipes[recipeIds[i]]` is witness ARN `arns[i]`'s.
 */
export interface WitnessRecipes {
  type: 'columns';
  arns: string[];
  recipeIds: Int32Array;
  recipes: ListRecipe[];
}
/** Worker → main thread (`done`: no slice left to claim; the worker then exits). */
export type MatrixWorkerReply =
  | { type: 'row'; slice: number; done: number }
  | { type: 'done' }
  | { type: 'memory'; phase: MatrixMemoryPhase }
  | { type: 'result'; slice: number; matrix: EncodedMatrixSlice }
  | { type: 'error'; slice: number; message: string; stack: string | undefined };

/**
 * The default number of threads building rows: `min(os.availableParallelism(), 4)`, except on
 * machines with 2 cores or fewer, where it is 1 (this thread only). Measured on a 2-core machine
 * shared with other jobs, on the default synthetic organisation (bench/matrix-scale.bench.ts,
 * README "Performance"): 2 threads take about 1.5x the CPU time of one and about 290 MB more
 * memory (the worker's copy of the model and its caches), and where the cores are busy they
 * finish later than one thread, so two threads are not clearly faster there.
 */
export function defaultMatrixWorkers(cores: number = availableParallelism()): number {
  return cores <= 2 ? 1 : Math.min(cores, 4);
}

/**
 * Builds the same Matrix as `buildMatrix(compileModel(model, options.engine), options)`, with
 * the rows computed in this thread and worker threads (see the module comment).
 */
export async function buildMatrixParallel(
  model: Model,
  options: ParallelMatrixOptions = {},
): Promise<Matrix> {
  const {
    workers: requested,
    onProgress,
    engine: engineOptions,
    compiled,
    workerUrl,
    onFallback,
    workerHeapMb,
    buildInThisThread,
    onMemory: _onMemory,
    ...matrixOptions
  } = options;
  const inThread = (reason?: string): Matrix => {
    if (reason) onFallback?.(reason);
    return buildMatrix(compiled ?? compileModel(model, engineOptions), { ...matrixOptions, onProgress });
  };
  // One thread wanted: no need to resolve the rows first.
  if ((requested ?? defaultMatrixWorkers()) <= 1) return inThread();
  const rows = matrixRowArns(model, options);
  const columns =
    options.resources?.length ?? model.resources.length + (options.includeRoles ? model.roles.length : 0);
  const threads = Math.min(requested ?? defaultMatrixWorkers(), rows.length);
  if (threads <= 1) return inThread();
  if (requested === undefined && (rows.length * columns < SMALL_MATRIX_CELLS || rows.length < 2 * threads))
    return inThread();
  const entry = workerEntry(workerUrl);
  if ('reason' in entry) return inThread(entry.reason);

  return buildInThreads(model, rows, threads, entry, options);
}

/**
 * Builds the rows in `threads` threads (this one included unless `buildInThisThread: false`),
 * each claiming slices from one shared counter (see the module comment).
 */
async function buildInThreads(
  model: Model,
  rows: string[],
  threads: number,
  entry: { url: URL; script?: string },
  options: ParallelMatrixOptions,
): Promise<Matrix> {
  const {
    workers: _,
    onProgress,
    engine: engineOptions,
    compiled,
    workerUrl: __,
    onFallback,
    workerHeapMb,
    buildInThisThread = true,
    onMemory,
    ...matrixOptions
  } = options;
  const plan = planSlices(model, rows, threads, SLICES_PER_THREAD);
  const slices = plan.rows.map((indexes) => indexes.map((i) => rows[i]!));
  const next = new Int32Array(new SharedArrayBuffer(4 * threads));
  const init: Omit<MatrixWorkerInit, 'thread'> = {
    engine: engineOptions,
    matrix: matrixOptions,
    slices,
    starts: plan.starts,
    next: next.buffer as SharedArrayBuffer,
    memoryPhases: onMemory !== undefined,
  };
  const phase = memoryPhases(0, onMemory);
  const merger = new MatrixSliceMerger();
  const onRow = progressOfSlices(slices.length, rows.length, onProgress);
  const workerCount = buildInThisThread ? threads - 1 : threads;
  const pool = new SlicePool(slices, merger, onRow, workerCount, onMemory);
  let result: Matrix;
  try {
    // Thread 0's run is this thread's when it builds rows.
    const heapMb = startWorkers(
      model,
      entry,
      init,
      pool,
      workerCount,
      buildInThisThread ? 1 : 0,
      workerHeapMb,
      phase,
    );
    const buildHere = sliceBuilder(model, compiled, engineOptions, matrixOptions, slices, merger, onRow);
    if (buildInThisThread)
      for (let i = claimSlice(next, plan.starts, 0); i >= 0; i = claimSlice(next, plan.starts, 0)) {
        pool.throwIfFailed();
        buildHere(i);
        phase(`slice ${i} (${slices[i]!.length} rows) built`);
        // Lets the workers' results in (decoded as they come) between this thread's slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    await pool.done;
    phase('workers done');
    const left = slices.map((_, i) => i).filter((i) => !merger.has(i));
    const limit = workerHeapMb ?? `V8's default, caches dropped past 80% of ${heapMb} MB`;
    const fallback = fallbackMessage(left.length, slices.length, pool.outOfMemory, limit);
    if (fallback) onFallback?.(fallback);
    for (const i of left) buildHere(i);
    // The workers tear down their heaps (their own threads) while this one merges.
    const terminated = pool.terminate();
    result = merger.result(plan.rows);
    phase('merged');
    await terminated;
  } finally {
    await pool.terminate();
  }
  return result;
}

/**
 * Builds slice `i` in this thread into `merger` (this thread's slices, and those of a worker that
 * ran out of memory), with one engine: `compiled`, or compiled here when first needed.
 */
function sliceBuilder(
  model: Model,
  compiled: Engine | undefined,
  engineOptions: EngineOptions | undefined,
  matrixOptions: Omit<MatrixOptions, 'principals' | 'onProgress'>,
  slices: string[][],
  merger: MatrixSliceMerger,
  onRow: (slice: number, doneInSlice: number) => void,
): (i: number) => void {
  let engine = compiled;
  const interner = createMatrixInterner();
  return (i) => {
    engine ??= compileModel(model, engineOptions);
    const m = buildMatrix(engine, {
      ...matrixOptions,
      principals: slices[i],
      interner,
      onProgress: (d) => onRow(i, d),
    });
    merger.addMatrix(i, m);
  };
}

/**
 * Starts `count` worker threads (numbered from `firstThread`) in `pool`, then packs the model
 * while they load their modules and posts it to them in two steps (see the module comment; the
 * packing is not kept here). Returns the heap size past 80% of which they drop their caches.
 */
function startWorkers(
  model: Model,
  entry: { url: URL; script?: string },
  init: Omit<MatrixWorkerInit, 'thread'>,
  pool: SlicePool,
  count: number,
  firstThread: number,
  workerHeapMb: number | undefined,
  phase: (what: string) => void,
): number {
  const resourceLimits = {
    ...(workerHeapMb === undefined ? {} : { maxOldGenerationSizeMb: workerHeapMb }),
    maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
  };
  const started: Worker[] = [];
  for (let i = 0; i < count; i++) {
    const workerData: MatrixWorkerInit = { ...init, thread: firstThread + i };
    started.push(startWorker(entry, { workerData, resourceLimits }));
    pool.start(started[i]!, i);
  }
  const post = (m: MatrixWorkerModel) => {
    for (const w of started) w.postMessage(m);
  };
  let heapMb = workerHeapMb;
  // Without the values' places, which the workers would drop (`deserializeModel` forDecisions).
  const packed = packModel(
    model,
    (bytes) => {
      heapMb ??= defaultWorkerHeapMb(bytes);
      post({ type: 'model', bytes, heapMb });
    },
    { forDecisions: true },
  );
  // While the workers deserialize: their columns' action lists, which this thread's columns read too.
  post(witnessRecipes(model, init.matrix));
  post({ type: 'unknowns', unknowns: unknownsOfPacking(packed) });
  phase('model packed and posted');
  // What made the model and packed it (the serialized copy, the walk for Unknowns) is garbage
  // now: collected before the rows, this thread's heap grows from what is live (measured on the
  // 5,000-principal organisation with 2 threads: about 70 MB less peak RSS for about 0.4 s more
  // CPU; bench/RESULTS.md).
  collectGarbage();
  phase('garbage collected');
  return heapMb!;
}

/**
 * The action lists of the witnesses of the matrix's columns (`WitnessRecipes`), each distinct
 * recipe once; this thread's `ownWitnessList` reads them too (it would make the same).
 */
function witnessRecipes(
  model: Model,
  options: Pick<MatrixOptions, 'resources' | 'includeRoles'>,
): WitnessRecipes {
  const resources = new Map(model.resources.map((r) => [r.arn, r]));
  const roles = new Map(model.roles.map((r) => [r.arn, r]));
  const arns: string[] = [];
  const ids: number[] = [];
  const recipes: ListRecipe[] = [];
  const byKey = new Map<string, number>();
  for (const column of matrixColumnArns(model, options))
    for (const arn of witnessArnsOf(column, resources.get(column), roles.get(column))) {
      const recipe = ownWitnessRecipe(arn);
      const key = JSON.stringify(recipe);
      let id = byKey.get(key);
      if (id === undefined) {
        id = recipes.length;
        recipes.push(recipe);
        byKey.set(key, id);
      }
      arns.push(arn);
      ids.push(id);
    }
  const recipeIds = Int32Array.from(ids);
  useWitnessRecipes(arns, recipeIds, recipes);
  return { type: 'columns', arns, recipeIds, recipes };
}

/**
 * The `onRow(slice, doneInSlice)` callback that turns the rows done per slice into `onProgress`
 * over all rows: each row counts once, also when a slice is built again after its worker failed.
 */
function progressOfSlices(
  slices: number,
  total: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): (slice: number, doneInSlice: number) => void {
  const counted = new Array<number>(slices).fill(0);
  let rowsDone = 0;
  return (slice, doneInSlice) => {
    if (doneInSlice <= counted[slice]!) return;
    rowsDone += doneInSlice - counted[slice]!;
    counted[slice] = doneInSlice;
    onProgress?.(rowsDone, total);
  };
}

/** A worker thread running the matrix worker module (from its file, or its bundled script). */
function startWorker(entry: { url: URL; script?: string }, options: WorkerOptions): Worker {
  return entry.script ? new Worker(entry.script, { ...options, eval: true }) : new Worker(entry.url, options);
}

/** What to tell `onFallback` when this thread built slices a worker did not, or a worker ran out of memory. */
function fallbackMessage(
  left: number,
  slices: number,
  outOfMemory: number,
  heapMb: number | string,
): string | undefined {
  if (left) {
    const why = outOfMemory
      ? `their worker ran out of memory (workerHeapMb ${heapMb})`
      : 'their worker stopped before sending them';
    return `${left} of ${slices} slices built in this thread: ${why}`;
  }
  if (outOfMemory)
    return `${outOfMemory} worker(s) ran out of memory (workerHeapMb ${heapMb}); this thread built the slices left`;
  return undefined;
}

/**
 * The default worker heap size past 80% of which a worker drops its caches: room for the model
 * (about 3x its serialized size, `bytes`, in the heap) and the caches of all the rows a worker
 * builds (which its later rows reuse), at least 1 GB. (On the default synthetic organisation,
 * 28 MB serialized, a worker's heap holds 330-360 MB at the end. The limit used to be 256 MB with
 * a rebuild past 45% of it: the worker then rebuilt its engine and caches after nearly every
 * slice, which cost more CPU than the rows.)
 */
export function defaultWorkerHeapMb(bytes: SharedArrayBuffer): number {
  return Math.max(1024, Math.ceil((24 * bytes.byteLength) / 2 ** 20));
}

/**
 * The row principals as ARNs (or service principals, accounts...), in matrix order: the rows of
 * `buildMatrix` with these options. Building the rows given as these ARNs gives the same rows.
 */
export function matrixRowArns(
  model: Model,
  options: Pick<ParallelMatrixOptions, 'principals' | 'compiled' | 'engine'>,
): string[] {
  if (!options.principals) return [...model.users.map((u) => u.arn), ...model.roles.map((r) => r.arn)];
  // References (`group/NAME`, `user/NAME`...) resolve and deduplicate exactly as buildMatrix
  // does: ask it for the rows of a matrix without columns.
  const engine = options.compiled ?? compileModel(model, options.engine);
  return buildMatrix(engine, { principals: options.principals, resources: [], chains: false }).principals.map(
    (p) => p.arn,
  );
}

/** A worker entry file, started directly or (`script`) through a bootstrap script. */
type WorkerEntry = { url: URL; script?: string } | { reason: string };

function workerEntry(workerUrl: URL | string | undefined): WorkerEntry {
  const exists = (url: URL) => url.protocol !== 'file:' || existsSync(fileURLToPath(url));
  if (workerUrl !== undefined) {
    const url = new URL(workerUrl);
    if (!exists(url)) return { reason: `the worker entry ${url.href} does not exist` };
    return url.pathname.endsWith('.ts') ? withTypeScriptLoader(url) : { url };
  }
  const here = import.meta.url;
  if (here.endsWith('.ts')) return withTypeScriptLoader(new URL('./worker.ts', here));
  const url = new URL('./worker.js', here);
  if (!exists(url)) {
    return {
      reason: `no worker entry next to ${here} (worker.js): when bundling, pass workerUrl`,
    };
  }
  return { url };
}

/**
 * A .ts worker entry (vitest and tsx load this module from source) runs with tsx: the worker
 * starts from a small script that registers tsx's ESM hooks in the worker thread, then imports
 * the entry. (`--import tsx` in a worker's execArgv does not help: tsx registers its hooks only
 * on the main thread.)
 */
function withTypeScriptLoader(url: URL): WorkerEntry {
  let api: string;
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('tsx/package.json');
    const pkg = require(pkgPath) as { exports?: Record<string, { import?: { default?: string } }> };
    const target = pkg.exports?.['./esm/api']?.import?.default;
    if (!target)
      return { reason: `running from TypeScript source (${url.href}); tsx has no ESM register API` };
    api = new URL(target, pathToFileURL(pkgPath)).href;
  } catch {
    return { reason: `running from TypeScript source (${url.href}) and the tsx loader is not installed` };
  }
  const script = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return { url, script };
}

/**
 * The worker threads of one `buildMatrixParallel` call: decodes their slices into the merger as
 * they arrive and settles when every worker has claimed its last slice (or ran out of memory:
 * the slices it did not send are left to this thread).
 */
class SlicePool {
  private readonly workers: Worker[] = [];
  /** Workers that have not yet said `done` (nor died). */
  private running = 0;
  /** Workers that ran out of memory. */
  outOfMemory = 0;
  private failure: Error | undefined;
  private settled = false;
  private resolve: () => void = () => {};
  private reject: (e: Error) => void = () => {};
  /** Settles when every worker is done (or died of memory), or rejects on the first failure. */
  readonly done: Promise<void>;

  constructor(
    private readonly slices: string[][],
    private readonly merger: MatrixSliceMerger,
    private readonly onRow: (slice: number, doneInSlice: number) => void,
    workerCount: number,
    private readonly onMemory?: (phase: MatrixMemoryPhase) => void,
  ) {
    this.running = workerCount;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Awaited after this thread's slices; a failure before then is thrown by throwIfFailed.
    this.done.catch(() => {});
    if (workerCount === 0) this.settle();
  }

  /** Wires a started worker (`source`: its number, for the merger). */
  start(w: Worker, source: number): void {
    this.workers.push(w);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.running--;
      if (this.running === 0) this.settle();
    };
    w.on('message', (m: MatrixWorkerReply) => {
      if (m.type === 'done') finish();
      else this.onMessage(source, m);
    });
    w.on('error', (e: Error & { code?: string }) => {
      // Its unsent slices go to this thread (see workerHeapMb); the other workers carry on.
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.outOfMemory++;
        finish();
      } else this.fail(e instanceof Error ? e : new Error(String(e)));
    });
    w.on('exit', (code) => {
      // Exit code 0: the worker ran out of slices (its `done` may not have been read yet); any
      // slice it did not send is built in this thread.
      if (code === 0) finish();
      else if (!finished && !this.failure)
        this.fail(new Error(`matrix worker exited with code ${code} before finishing`));
    });
  }

  /** Throws the first failure of a worker, if any. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  terminate(): Promise<unknown> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }

  private onMessage(source: number, m: Exclude<MatrixWorkerReply, { type: 'done' }>): void {
    if (m.type === 'row') this.onRow(m.slice, m.done);
    else if (m.type === 'memory') this.onMemory?.(m.phase);
    else if (m.type === 'result') {
      this.onRow(m.slice, this.slices[m.slice]!.length);
      try {
        this.merger.add(m.slice, m.matrix, source);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
      }
    } else {
      const error = new Error(`matrix worker failed on slice ${m.slice}: ${m.message}`);
      if (m.stack) error.stack = `${error.message}\n(worker) ${m.stack}`;
      this.fail(error);
    }
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
