// A digest of a built matrix, so that "byte-identical" is checkable by anyone running
// `MATRIX_SCALE_DIGEST=1 node bench/run.mjs matrix-scale` before and after a change: SHA-256 over
// the JSON of its levels, principals, resources, chains and assumed keys, then, row by row, the
// index and JSON of every cell that is not deny (its five levels). The deny cells are implied (a
// matrix's JSON writes them all: 100 million at 20,000 × 5,000, more than a string can hold), so
// two matrices with the same digest have the same JSON (`formatMatrixJson` without risks).

import { createHash } from 'node:crypto';
import { DENY_LEVELS } from '../src/analysis/matrix/interner.js';
import type { Matrix, MatrixCell } from '../src/analysis/types.js';

export interface MatrixDigest {
  /** SHA-256, hex. */
  sha256: string;
  /** Cells (principal × resource) with some level that is not deny. */
  grantedCells: number;
  /** Levels that are not deny, over all cells. */
  nonDenyLevels: number;
}

export function matrixDigest(m: Matrix): MatrixDigest {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      levels: m.levels,
      principals: m.principals,
      resources: m.resources,
      chains: m.chains,
      assumed: m.assumed,
    }),
  );
  const deny = JSON.stringify(DENY_LEVELS);
  // Level rows are shared objects: each is written to JSON once.
  const json = new Map<MatrixCell[], string>();
  let grantedCells = 0;
  let nonDenyLevels = 0;
  for (let p = 0; p < m.cells.length; p++) {
    hash.update(`\n${p}`);
    m.cells.forEachGranted(p, (r, levels) => {
      let text = json.get(levels);
      if (text === undefined) {
        text = JSON.stringify(levels);
        json.set(levels, text);
      }
      if (text === deny) return;
      grantedCells++;
      for (const c of levels) if (c.access !== 'deny') nonDenyLevels++;
      hash.update(`|${r}:${text}`);
    });
  }
  return { sha256: hash.digest('hex'), grantedCells, nonDenyLevels };
}
