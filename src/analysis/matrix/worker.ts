// Worker thread entry of buildMatrixParallel (see workers.ts). It restores the
// shared model and compiles it once, then builds the matrix rows of each slice of principals the
// main thread sends, reporting progress now and then, and posts each slice back encoded
// (slices.ts: what earlier slices sent is not sent again). The compiled model and caches
// serve every slice until the heap nears its limit, then are rebuilt.

import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { compileModel } from '../../engine/index.js';
import { buildMatrix, createMatrixInterner } from './build.js';
import type { MatrixWorkerInit, MatrixWorkerReply, MatrixWorkerTask } from './workers.js';
import { MatrixSliceEncoder, transferablesOf } from './slices.js';
import { unpackModel } from '../model-transfer.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread (see workers.ts)');
const init = workerData as MatrixWorkerInit;
const model = unpackModel(init.model);
// One engine, one interner and one encoder for the slices of this worker: the compiled policies,
// the matrix's per-statement indexes and the distinct cells are built once per worker and reused
// by later slices (a fresh engine per slice cost about 15% more CPU in all), until the heap is
// large (dropCachesIfLarge).
let engine = compileModel(model, init.engine);
let interner = createMatrixInterner();
const encoder = new MatrixSliceEncoder();

/**
 * Past this share of the heap limit after a slice, the engine and the interner (and the caches
 * that hang on them) are dropped and rebuilt for the next slice: the caches grow with the rows
 * seen, and the worker's heap is limited (`workerHeapMb`).
 */
const RESET_AT = 0.45;

function dropCachesIfLarge(): void {
  const heap = getHeapStatistics();
  if (heap.used_heap_size < RESET_AT * heap.heap_size_limit) return;
  engine = compileModel(model, init.engine);
  interner = createMatrixInterner();
  encoder.forgetObjects();
}
const reply = (message: MatrixWorkerReply) => port.postMessage(message);

port.on('message', (task: MatrixWorkerTask) => {
  try {
    // Progress about 20 times a slice (a message per row costs more than small rows do).
    const every = Math.max(1, Math.floor(task.principals.length / 20));
    const matrix = buildMatrix(engine, {
      ...init.matrix,
      principals: task.principals,
      interner,
      onProgress: (done, total) => {
        if (done % every === 0 && done < total) reply({ type: 'row', slice: task.slice, done });
      },
    });
    const encoded = encoder.encode(matrix);
    port.postMessage(
      { type: 'result', slice: task.slice, matrix: encoded } satisfies MatrixWorkerReply,
      transferablesOf(encoded),
    );
    dropCachesIfLarge();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply({ type: 'error', slice: task.slice, message: err.message, stack: err.stack });
  }
});
