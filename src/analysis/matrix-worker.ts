// Worker thread entry of buildMatrixParallel (owned by H7; see matrix-workers.ts). It restores the
// shared model, compiles it once, then builds the matrix rows of each slice of principals the
// main thread sends, reporting every finished row, and posts each slice's Matrix back.

import { parentPort, workerData } from 'node:worker_threads';
import { compileModel } from '../engine/index.js';
import { buildMatrix } from './matrix.js';
import type { MatrixWorkerInit, MatrixWorkerReply, MatrixWorkerTask } from './matrix-workers.js';
import { unpackModel } from './model-transfer.js';

const port = parentPort;
if (!port) throw new Error('matrix-worker.ts runs only as a worker thread (see matrix-workers.ts)');
const init = workerData as MatrixWorkerInit;
const engine = compileModel(unpackModel(init.model), init.engine);
const reply = (message: MatrixWorkerReply) => port.postMessage(message);

port.on('message', (task: MatrixWorkerTask) => {
  if (task.type === 'close') {
    port.close();
    return;
  }
  try {
    const matrix = buildMatrix(engine, {
      ...init.matrix,
      principals: task.principals,
      onProgress: () => reply({ type: 'row', slice: task.slice }),
    });
    reply({ type: 'result', slice: task.slice, matrix });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply({ type: 'error', slice: task.slice, message: err.message, stack: err.stack });
  }
});
