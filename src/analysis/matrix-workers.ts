// The access matrix on several cores (owned by H7): splits the principals (rows) into slices,
// builds each slice with `buildMatrix` in a worker thread (node:worker_threads), and concatenates
// the slices into the Matrix `buildMatrix` builds in one thread (rows are independent: the same
// principals, resources and cells, `chains` keyed by the merged row index).
//
// The model goes to the workers once, serialized into shared memory (model-transfer.ts: Unknown
// values are restored as `Unknown` instances); each worker compiles its own engine. Slices are
// handed out one at a time (8 per worker), so a few expensive rows (administrators) do not leave
// the other workers idle. The worker entry is matrix-worker.js next to this file in dist/; from
// TypeScript source (vitest, tsx) it is matrix-worker.ts, run with tsx registered in the worker. Bundlers can pass
// `workerUrl`. When no worker entry can be found, the matrix is built in this thread and
// `onFallback` says why.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compileModel, type EngineOptions } from '../engine/index.js';
import type { Model } from '../model/types.js';
import { buildMatrix, type MatrixOptions } from './matrix.js';
import { type PackedModel, packModel } from './model-transfer.js';
import type { Matrix } from './types.js';

export interface ParallelMatrixOptions extends Omit<MatrixOptions, 'onProgress'> {
  /**
   * Worker threads (default `min(os.availableParallelism(), 4)`); 1 builds the matrix in this
   * thread. Without an explicit count, matrices of fewer than `SMALL_MATRIX_CELLS` cells (or fewer
   * principals than two per worker) are built in this thread too: starting workers costs more.
   */
  workers?: number;
  /** Called as rows complete, in any order: `done` of `total` principals. */
  onProgress?: (done: number, total: number) => void;
  /** Options for the engines (the clock for aws:CurrentTime...). */
  engine?: EngineOptions;
  /** Location of matrix-worker.js when this module is bundled (default: next to this module). */
  workerUrl?: URL | string;
  /** Called with the reason when worker threads cannot be used and the matrix is built here. */
  onFallback?: (reason: string) => void;
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
export type MatrixWorkerTask = { type: 'slice'; slice: number; principals: string[] } | { type: 'close' };
/** Worker → main thread. */
export type MatrixWorkerReply =
  | { type: 'row'; slice: number }
  | { type: 'result'; slice: number; matrix: Matrix }
  | { type: 'error'; slice: number; message: string; stack: string | undefined };

/** The default number of worker threads. */
export function defaultMatrixWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
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
    workerUrl,
    onFallback,
    ...matrixOptions
  } = options;
  const inThread = (reason?: string): Matrix => {
    if (reason) onFallback?.(reason);
    return buildMatrix(compileModel(model, engineOptions), { ...matrixOptions, onProgress });
  };
  const rows = rowPrincipals(model, options);
  const columns =
    options.resources?.length ?? model.resources.length + (options.includeRoles ? model.roles.length : 0);
  const workers = Math.min(requested ?? defaultMatrixWorkers(), rows.length);
  if (workers <= 1) return inThread();
  if (requested === undefined && (rows.length * columns < SMALL_MATRIX_CELLS || rows.length < 2 * workers))
    return inThread();
  const entry = workerEntry(workerUrl);
  if ('reason' in entry) return inThread(entry.reason);

  const init: MatrixWorkerInit = { model: packModel(model), engine: engineOptions, matrix: matrixOptions };
  const sliceSize = Math.ceil(rows.length / (workers * SLICES_PER_WORKER));
  const slices: string[][] = [];
  for (let i = 0; i < rows.length; i += sliceSize) slices.push(rows.slice(i, i + sliceSize));
  const results = await runSlices(entry, init, slices, workers, (done) => onProgress?.(done, rows.length));
  return mergeSlices(results);
}

/** The row principals as ARNs (or service principals, accounts...), in matrix order. */
function rowPrincipals(model: Model, options: ParallelMatrixOptions): string[] {
  if (!options.principals) return [...model.users.map((u) => u.arn), ...model.roles.map((r) => r.arn)];
  // References (`group/NAME`, `user/NAME`...) resolve and deduplicate exactly as buildMatrix
  // does: ask it for the rows of a matrix without columns.
  const engine = compileModel(model, options.engine);
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
  if (here.endsWith('.ts')) return withTypeScriptLoader(new URL('./matrix-worker.ts', here));
  const url = new URL('./matrix-worker.js', here);
  if (!exists(url)) {
    return {
      reason: `no worker entry next to ${here} (matrix-worker.js): when bundling, pass workerUrl`,
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

async function runSlices(
  entry: { url: URL; script?: string },
  init: MatrixWorkerInit,
  slices: string[][],
  workerCount: number,
  onRows: (done: number) => void,
): Promise<Matrix[]> {
  const results: Matrix[] = new Array(slices.length);
  const pool: Worker[] = [];
  let next = 0;
  let finished = 0;
  let rowsDone = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const dispatch = (w: Worker) => {
        if (next >= slices.length) return;
        const slice = next++;
        const task: MatrixWorkerTask = { type: 'slice', slice, principals: slices[slice]! };
        w.postMessage(task);
      };
      for (let i = 0; i < workerCount; i++) {
        const w = entry.script
          ? new Worker(entry.script, { eval: true, workerData: init })
          : new Worker(entry.url, { workerData: init });
        pool.push(w);
        w.on('message', (m: MatrixWorkerReply) => {
          if (m.type === 'row') {
            rowsDone++;
            onRows(rowsDone);
          } else if (m.type === 'result') {
            results[m.slice] = m.matrix;
            finished++;
            if (finished === slices.length) resolve();
            else dispatch(w);
          } else {
            const error = new Error(`matrix worker failed on slice ${m.slice}: ${m.message}`);
            if (m.stack) error.stack = `${error.message}\n(worker) ${m.stack}`;
            fail(error);
          }
        });
        w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
        w.on('exit', (code) => {
          if (finished < slices.length)
            fail(new Error(`matrix worker exited with code ${code} before finishing`));
        });
        dispatch(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** Concatenates the rows of slice matrices (same levels and resources) into one Matrix. */
export function mergeSlices(slices: Matrix[]): Matrix {
  const first = slices[0];
  if (!first) throw new Error('mergeSlices: no slices');
  const merged: Matrix = {
    levels: first.levels,
    principals: [],
    resources: first.resources,
    cells: [],
    chains: {},
  };
  for (const s of slices) {
    const offset = merged.principals.length;
    for (const p of s.principals) merged.principals.push(p);
    for (const row of s.cells) merged.cells.push(row);
    for (const [k, v] of Object.entries(s.chains)) merged.chains[Number(k) + offset] = v;
  }
  return merged;
}
