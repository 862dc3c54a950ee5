// Worker thread entry of buildMatrixParallel (owned by H7; see matrix-workers.ts). It restores the
// shared model, then builds the matrix rows of each slice of principals the main thread sends,
// reporting every finished row, and posts each slice's Matrix back (encoded: matrix-slices.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { compileModel } from '../engine/index.js';
import { buildMatrix } from './matrix.js';
import type { MatrixWorkerInit, MatrixWorkerReply, MatrixWorkerTask } from './matrix-workers.js';
import { encodeMatrixSlice, transferablesOf } from './matrix-slices.js';
import { unpackModel } from './model-transfer.js';

const port = parentPort;
if (!port) throw new Error('matrix-worker.ts runs only as a worker thread (see matrix-workers.ts)');
const init = workerData as MatrixWorkerInit;
const model = unpackModel(init.model);
const reply = (message: MatrixWorkerReply) => port.postMessage(message);

port.on('message', (task: MatrixWorkerTask) => {
  try {
    // A fresh engine per slice: the engine's and buildMatrix's caches grow with the principals
    // and statements they have seen (several hundred MB over a 5,000-principal organisation);
    // dropping them after each slice keeps every worker's memory to one slice's worth, for
    // about 15% more CPU (measured on the default synthetic organisation).
    const engine = compileModel(model, init.engine);
    const matrix = buildMatrix(engine, {
      ...init.matrix,
      principals: task.principals,
      onProgress: (done) => reply({ type: 'row', slice: task.slice, done }),
    });
    const encoded = encodeMatrixSlice(matrix);
    port.postMessage(
      { type: 'result', slice: task.slice, matrix: encoded } satisfies MatrixWorkerReply,
      transferablesOf(encoded),
    );
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply({ type: 'error', slice: task.slice, message: err.message, stack: err.stack });
  }
});
