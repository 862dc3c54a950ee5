// Worker thread entry of buildMatrixParallel (see workers.ts). It restores the shared model and
// compiles it once, then claims slices of principals from the counters it shares with the other
// threads (`MatrixWorkerInit.next`, slice-plan.ts: its own run first) until none is left, builds
// their rows, reporting progress now and then, and posts each slice back encoded (slices.ts:
// what earlier slices sent is not sent again, the rows' buffer is transferred). The compiled
// model, its caches, the interned cells and the decisions shared between rows serve every slice;
// only when the heap nears its limit are they dropped and rebuilt.

import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { compileModel } from '../../engine/index.js';
import { buildMatrix, createMatrixInterner } from './build.js';
import type { MatrixWorkerInit, MatrixWorkerReply } from './workers.js';
import { claimSlice } from './slice-plan.js';
import { MatrixSliceEncoder, transferablesOf } from './slices.js';
import { unpackModel } from '../model-transfer.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread (see workers.ts)');
const init = workerData as MatrixWorkerInit;
const next = new Int32Array(init.next);
const model = unpackModel(init.model);
// The packed model (shared with the other threads) is not needed once unpacked.
(init as Partial<MatrixWorkerInit>).model = undefined;
let engine = compileModel(model, init.engine);
let interner = createMatrixInterner();
const encoder = new MatrixSliceEncoder();

/**
 * Past this share of the heap limit after a slice, the engine and the interner (and the caches
 * that hang on them) are dropped and rebuilt for the next slice, so the worker does not run out
 * of memory (`workerHeapMb`). Rebuilding costs the warm-up again, so it is a last resort: at
 * 45% (before issue 17's second pass) workers rebuilt after nearly every slice, which cost more
 * CPU than the rows.
 */
const RESET_AT = 0.8;

function dropCachesIfLarge(): void {
  const heap = getHeapStatistics();
  if (heap.used_heap_size < RESET_AT * heap.heap_size_limit) return;
  engine = compileModel(model, init.engine);
  interner = createMatrixInterner();
  encoder.forgetObjects();
}
const reply = (message: MatrixWorkerReply) => port.postMessage(message);

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
      onProgress: (done, total) => {
        if (done % every === 0 && done < total) reply({ type: 'row', slice, done });
      },
    });
    const encoded = encoder.encode(matrix);
    port.postMessage(
      { type: 'result', slice, matrix: encoded } satisfies MatrixWorkerReply,
      transferablesOf(encoded),
    );
    dropCachesIfLarge();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply({ type: 'error', slice, message: err.message, stack: err.stack });
    break;
  }
}
reply({ type: 'done' });
