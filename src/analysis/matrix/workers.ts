// The access matrix on several cores: splits the principals (rows) into slices,
// builds each slice with `buildMatrix` in a worker thread (node:worker_threads), and concatenates
// the slices into the Matrix `buildMatrix` builds in one thread (rows are independent: the same
// principals, resources and cells, `chains` keyed by the merged row index).
//
// The model goes to the workers once, serialized into shared memory (model-transfer.ts: Unknown
// values are restored as `Unknown` instances). Slices are handed out one at a time (8 per
// worker), so a few expensive rows (administrators) do not leave the other workers idle. Each
// worker compiles the model once and keeps its engine, caches and interned cells for its next
// slices, until its heap (limited: `workerHeapMb`) passes about half its limit; then it drops
// them and compiles again (worker.ts). A slice comes back encoded (slices.ts:
// cells a worker sent before are not sent again) and is decoded into cells shared across slices. The worker entry is
// worker.js next to this file in dist/; from TypeScript source (vitest, tsx) it is
// worker.ts, run with tsx registered in the worker. Bundlers pass `workerUrl`. When no
// worker entry can be found, the matrix is built in this thread and `onFallback` says why.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Engine } from '../../engine/engine.js';
import { compileModel, type EngineOptions } from '../../engine/index.js';
import type { Model } from '../../model/types.js';
import { buildMatrix, createMatrixInterner, type MatrixOptions } from './build.js';
import { type EncodedMatrixSlice, MatrixSliceEncoder, MatrixSliceMerger } from './slices.js';
import { type PackedModel, packModel } from '../model-transfer.js';
import type { Matrix } from '../types.js';

export interface ParallelMatrixOptions extends Omit<MatrixOptions, 'onProgress'> {
  /**
   * Worker threads (default `defaultMatrixWorkers()`: `min(os.availableParallelism(), 4)`, 1 on
   * 2-core machines); 1 builds the matrix in this thread. Without an explicit count, matrices of fewer than `SMALL_MATRIX_CELLS` cells (or fewer
   * principals than two per worker) are built in this thread too: starting workers costs more.
   */
  workers?: number;
  /** Called as rows complete, in any order: `done` of `total` principals. */
  onProgress?: (done: number, total: number) => void;
  /** Options for the engines (the clock for aws:CurrentTime...). */
  engine?: EngineOptions;
  /**
   * An engine already compiled from `model` (with the `engine` options), used when the matrix is
   * built in this thread, so a caller that needs the engine afterwards (the access review's risk
   * summary) compiles the model once; worker threads compile their own.
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
   * Old-generation heap limit of each worker in MB (default `defaultWorkerHeapMb(model)`): V8
   * lets a busy heap grow far beyond what it keeps alive; the limit makes it collect sooner. A
   * slice whose worker runs out of memory is built again in this thread, without the limit.
   */
  workerHeapMb?: number;
}

/** Principals x resources below which the default worker count builds in this thread. */
export const SMALL_MATRIX_CELLS = 20_000;
/** Slices per worker (more = better balance, a little more per-slice overhead). */
const SLICES_PER_WORKER = 8;

/** What a worker receives in `workerData`. */
export interface MatrixWorkerInit {
  model: PackedModel;
  engine: EngineOptions | undefined;
  matrix: Omit<MatrixOptions, 'principals' | 'onProgress'>;
}
/** Main thread → worker. */
export type MatrixWorkerTask = { type: 'slice'; slice: number; principals: string[] };
/** Worker → main thread. */
export type MatrixWorkerReply =
  | { type: 'row'; slice: number; done: number }
  | { type: 'result'; slice: number; matrix: EncodedMatrixSlice }
  | { type: 'error'; slice: number; message: string; stack: string | undefined };

/**
 * The default number of worker threads: `min(os.availableParallelism(), 4)`, except on machines
 * with 2 cores or fewer, where it is 1 (build in this thread). Measured on a 2-core machine with
 * the default synthetic organisation (bench/matrix-scale.bench.ts): one thread 8.7-13 s and
 * 640 MB; two workers 11-15 s and about 1 GB, as the two threads slow each other down (twice
 * the CPU time in all) and each holds a copy of the model.
 */
export function defaultMatrixWorkers(cores: number = availableParallelism()): number {
  return cores <= 2 ? 1 : Math.min(cores, 4);
}

/**
 * Builds the same Matrix as `buildMatrix(compileModel(model, options.engine), options)`, with
 * the rows computed in worker threads (see the module comment).
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
  const workers = Math.min(requested ?? defaultMatrixWorkers(), rows.length);
  if (workers <= 1) return inThread();
  if (requested === undefined && (rows.length * columns < SMALL_MATRIX_CELLS || rows.length < 2 * workers))
    return inThread();
  const entry = workerEntry(workerUrl);
  if ('reason' in entry) return inThread(entry.reason);

  const packed = packModel(model);
  const init: MatrixWorkerInit = { model: packed, engine: engineOptions, matrix: matrixOptions };
  const sliceSize = Math.ceil(rows.length / (workers * SLICES_PER_WORKER));
  const slices: string[][] = [];
  for (let i = 0; i < rows.length; i += sliceSize) slices.push(rows.slice(i, i + sliceSize));
  const merger = new MatrixSliceMerger();
  // Progress counts each row once, also when a slice is built again after its worker failed.
  const counted = new Array<number>(slices.length).fill(0);
  let rowsDone = 0;
  const onRow = (slice: number, doneInSlice: number) => {
    if (doneInSlice <= counted[slice]!) return;
    rowsDone += doneInSlice - counted[slice]!;
    counted[slice] = doneInSlice;
    onProgress?.(rowsDone, rows.length);
  };
  const heapMb = workerHeapMb ?? defaultWorkerHeapMb(packed);
  const left = await runSlices(entry, init, slices, workers, heapMb, merger, onRow);
  if (left.length) {
    // Workers ran out of memory on these slices: build them here.
    onFallback?.(
      `${left.length} of ${slices.length} slices built in this thread: their worker ran out of memory (workerHeapMb ${heapMb})`,
    );
    const engine = compiled ?? compileModel(model, engineOptions);
    const interner = createMatrixInterner();
    const encoder = new MatrixSliceEncoder();
    for (const i of left) {
      const m = buildMatrix(engine, {
        ...matrixOptions,
        principals: slices[i],
        interner,
        onProgress: (d) => onRow(i, d),
      });
      merger.add(i, encoder.encode(m), 'this thread');
    }
  }
  return merger.result();
}

/**
 * The default worker heap limit: room for the model (about 4x its serialized size in the heap),
 * one slice's caches and results, and collection slack; at least 256 MB. (On the default
 * synthetic organisation, 28 MB serialized: 256 MB per worker keeps 2 workers under 1 GB in
 * all, and no slice runs out of memory.)
 */
export function defaultWorkerHeapMb(packed: PackedModel): number {
  return Math.max(256, Math.ceil((9 * packed.bytes.byteLength) / 2 ** 20));
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
 * Hands the slices out to `workerCount` workers, one at a time, decoding results into `merger`.
 * Returns the slices left undone because their workers ran out of memory (those workers stop).
 */
async function runSlices(
  entry: { url: URL; script?: string },
  init: MatrixWorkerInit,
  slices: string[][],
  workerCount: number,
  heapMb: number,
  merger: MatrixSliceMerger,
  onRow: (slice: number, doneInSlice: number) => void,
): Promise<number[]> {
  const pool = new SlicePool(slices, merger, onRow, workerCount);
  const options = { workerData: init, resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  const done = pool.done();
  try {
    for (let i = 0; i < workerCount; i++)
      pool.start(
        entry.script ? new Worker(entry.script, { ...options, eval: true }) : new Worker(entry.url, options),
        i,
      );
    await done;
  } finally {
    await pool.terminate();
  }
  return pool.left;
}

/** The workers of one `runSlices` call and the slices they have in hand (see `runSlices`). */
class SlicePool {
  private readonly workers: Worker[] = [];
  private readonly queue: number[];
  private readonly inFlight = new Map<Worker, number>();
  /** Slices left to this thread (their worker ran out of memory). */
  readonly left: number[] = [];
  private finished = 0;
  private alive: number;
  private settled = false;
  private resolve: () => void = () => {};
  private reject: (e: Error) => void = () => {};

  constructor(
    private readonly slices: string[][],
    private readonly merger: MatrixSliceMerger,
    private readonly onRow: (slice: number, doneInSlice: number) => void,
    workerCount: number,
  ) {
    this.queue = slices.map((_, i) => i);
    this.alive = workerCount;
  }

  /** Settles when every slice is merged or left, or rejects on the first failure. */
  done(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Wires a started worker (`source`: its number, for the merger) and gives it a slice. */
  start(w: Worker, source: number): void {
    this.workers.push(w);
    w.on('message', (m: MatrixWorkerReply) => this.onMessage(w, source, m));
    w.on('error', (e: Error & { code?: string }) => this.onError(w, e));
    w.on('exit', (code) => {
      if (this.inFlight.has(w))
        this.fail(new Error(`matrix worker exited with code ${code} before finishing`));
    });
    this.dispatch(w);
  }

  terminate(): Promise<unknown> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }

  private onMessage(w: Worker, source: number, m: MatrixWorkerReply): void {
    if (m.type === 'row') this.onRow(m.slice, m.done);
    else if (m.type === 'result') {
      this.inFlight.delete(w);
      this.onRow(m.slice, this.slices[m.slice]!.length);
      try {
        this.merger.add(m.slice, m.matrix, source);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      this.finished++;
      this.dispatch(w);
      this.check();
    } else {
      const error = new Error(`matrix worker failed on slice ${m.slice}: ${m.message}`);
      if (m.stack) error.stack = `${error.message}\n(worker) ${m.stack}`;
      this.fail(error);
    }
  }

  private onError(w: Worker, e: Error & { code?: string }): void {
    if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') {
      this.fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    // Its slice goes to this thread (see workerHeapMb); the other workers carry on.
    this.alive--;
    const slice = this.inFlight.get(w);
    this.inFlight.delete(w);
    if (slice !== undefined) this.left.push(slice);
    if (this.alive === 0) this.left.push(...this.queue.splice(0));
    this.check();
  }

  private dispatch(w: Worker): void {
    const slice = this.queue.shift();
    if (slice === undefined) return;
    this.inFlight.set(w, slice);
    const task: MatrixWorkerTask = { type: 'slice', slice, principals: this.slices[slice]! };
    w.postMessage(task);
  }

  private check(): void {
    if (this.settled) return;
    const all = this.finished + this.left.length === this.slices.length;
    if (all || (this.alive === 0 && this.inFlight.size === 0)) {
      this.settled = true;
      this.left.push(...this.queue.splice(0));
      this.resolve();
    }
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
