// Worker thread entry of buildMatrixParallel (see workers.ts). It restores the shared model (its
// bytes come in a first message, the places of its Unknown values in a second: it deserializes
// while the main thread walks the model) and compiles it once, then claims slices of principals
// from the counters it shares with the other threads (`MatrixWorkerInit.next`, slice-plan.ts: its
// own run first) until none is left, builds their rows, reporting progress now and then, and posts
// each slice back encoded (slices.ts: what earlier slices sent is not sent again, the rows' buffer
// is transferred). The compiled model, its caches, the interned cells and the decisions shared
// between rows serve every slice; only when the heap nears its limit are they dropped and rebuilt.

import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { compileModel } from '../../engine/index.js';
import type { Model } from '../../model/types.js';
import { buildMatrix, createMatrixInterner } from './build.js';
import { useWitnessRecipes } from './columns.js';
import type { MatrixWorkerInit, MatrixWorkerModel, MatrixWorkerReply } from './workers.js';
import { memoryPhases } from './memory-phases.js';
import { claimSlice } from './slice-plan.js';
import { MatrixSliceEncoder, transferablesOf } from './slices.js';
import { deserializeModel, restoreUnknowns } from '../model-transfer.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread (see workers.ts)');
const init = workerData as MatrixWorkerInit;
const next = new Int32Array(init.next);
const reply = (message: MatrixWorkerReply) => port.postMessage(message);
// Only when the caller asked for them (`ParallelMatrixOptions.onMemory`).
const phase = memoryPhases(
  init.thread,
  init.memoryPhases ? (p) => reply({ type: 'memory', phase: p }) : undefined,
);

/**
 * Past this share of the heap limit (V8's, or the `heapMb` the main thread sends if lower) after a
 * slice, the engine and the interner (and the caches that hang on them) are dropped and rebuilt
 * for the next slice, so the worker does not run out of memory (`workerHeapMb`). Rebuilding costs
 * the warm-up again, so it is a last resort: at 45% (before issue 17's second pass) workers
 * rebuilt after nearly every slice, which cost more CPU than the rows.
 */
const RESET_AT = 0.8;

// The model: its bytes first (deserialized at once; the shared memory is not kept), then where
// its Unknown values are; then the slices.
let received: Model | undefined;
let heapMb = Number.POSITIVE_INFINITY;
const onModel = (m: MatrixWorkerModel) => {
  if (m.type === 'model') {
    // Without what no decision reads (each policy value's file place): a smaller copy.
    phase('model received');
    received = deserializeModel(m.bytes, { forDecisions: true });
    // No full collection here (this thread's deserialization garbage is about 20 MB): measured,
    // one took about 17 MB off the peak RSS and cost about 1 s more CPU (bench/RESULTS.md).
    phase('model deserialized');
    heapMb = m.heapMb;
    return;
  }
  if (m.type === 'columns') {
    // The columns' action lists as the main thread found them: no ARN matched against the catalog here.
    useWitnessRecipes(m.arns, m.recipeIds, m.recipes);
    return;
  }
  port.off('message', onModel);
  if (!received) throw new Error('matrix worker: the Unknowns came before the model');
  restoreUnknowns(received, m.unknowns);
  buildSlices(received);
};
port.on('message', onModel);

/** Claims slices until none is left, builds and posts each; then says `done`. */
function buildSlices(model: Model): void {
  let engine = compileModel(model, init.engine);
  phase('model compiled');
  let interner = createMatrixInterner();
  const encoder = new MatrixSliceEncoder();
  const dropCachesIfLarge = () => {
    const heap = getHeapStatistics();
    if (heap.used_heap_size < RESET_AT * Math.min(heap.heap_size_limit, heapMb * 2 ** 20)) return;
    phase('caches dropped');
    engine = compileModel(model, init.engine);
    interner = createMatrixInterner();
    encoder.forgetObjects();
  };
  for (
    let slice = claimSlice(next, init.starts, init.thread);
    slice >= 0;
    slice = claimSlice(next, init.starts, init.thread)
  ) {
    const principals = init.slices[slice]!;
    try {
      // Progress about 20 times a slice (a message per row costs more than small rows do).
      const every = Math.max(1, Math.floor(principals.length / 20));
      const matrix = buildMatrix(engine, {
        ...init.matrix,
        principals,
        interner,
        // This engine serves only the worker's rows: a user's policies go once its row is built.
        releaseUsers: true,
        onProgress: (done, total) => {
          if (done % every === 0 && done < total) reply({ type: 'row', slice, done });
        },
      });
      const encoded = encoder.encode(matrix);
      port!.postMessage(
        { type: 'result', slice, matrix: encoded } satisfies MatrixWorkerReply,
        transferablesOf(encoded),
      );
      phase(`slice ${slice} (${principals.length} rows) posted`);
      dropCachesIfLarge();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply({ type: 'error', slice, message: err.message, stack: err.stack });
      break;
    }
  }
  phase('done');
  reply({ type: 'done' });
}
