// A digest of a built matrix, so that "byte-identical" is checkable by anyone running
// `MATRIX_SCALE_DIGEST=1 node bench/run.mjs matrix-scale` before and after a change: SHA-256 over
// the JSON of its levels, principals, resources, chains and assumed keys, then, row by row, the
// index and JSON of every cell that is not deny (its five levels). The deny cells are implied (a
// matrix's JSON writes them all: 100 million at 20,000 × 5,000, more than a string can hold), so
// two matrices with the same digest have the same JSON (`formatMatrixJson` without risks), but
// for the numbering of the reasons of indeterminate cells: the digest hashes them in place.
// `levelsSha256` is the same digest with the cells' reasons left out (`MatrixCell.reasons`): what
// `sha256` was before cells had reasons, so that levels can be compared with earlier runs.

import { createHash } from 'node:crypto';
import { DENY_LEVELS } from '../src/analysis/matrix/interner.js';
import type { Matrix, MatrixCell } from '../src/analysis/types.js';

export interface MatrixDigest {
  /** SHA-256, hex. */
  sha256: string;
  /** SHA-256 without the cells' reasons (see the module comment). */
  levelsSha256: string;
  /** Distinct reasons of indeterminate cells. */
  reasons: number;
  /** Cells (principal × resource) with some level that is not deny. */
  grantedCells: number;
  /** Levels that are not deny, over all cells. */
  nonDenyLevels: number;
}

export function matrixDigest(m: Matrix): MatrixDigest {
  const hash = createHash('sha256');
  const levelsHash = createHash('sha256');
  const head = JSON.stringify({
    levels: m.levels,
    principals: m.principals,
    resources: m.resources,
    chains: m.chains,
    assumed: m.assumed,
  });
  hash.update(head);
  levelsHash.update(head);
  const deny = JSON.stringify(DENY_LEVELS);
  // Level rows are shared objects: each is written to JSON once.
  const json = new Map<MatrixCell[], string>();
  const levelsJson = new Map<MatrixCell[], string>();
  const reasons = new Set<string>();
  const withoutReasons = (key: string, value: unknown) => (key === 'reasons' ? undefined : value);
  let grantedCells = 0;
  let nonDenyLevels = 0;
  for (let p = 0; p < m.cells.length; p++) {
    hash.update(`\n${p}`);
    levelsHash.update(`\n${p}`);
    m.cells.forEachGranted(p, (r, levels) => {
      let text = json.get(levels);
      if (text === undefined) {
        text = JSON.stringify(levels);
        json.set(levels, text);
        levelsJson.set(levels, JSON.stringify(levels, withoutReasons));
        for (const c of levels) for (const x of c.reasons ?? []) reasons.add(JSON.stringify(x));
      }
      if (text === deny) return;
      grantedCells++;
      for (const c of levels) if (c.access !== 'deny') nonDenyLevels++;
      hash.update(`|${r}:${text}`);
      levelsHash.update(`|${r}:${levelsJson.get(levels)!}`);
    });
  }
  return {
    sha256: hash.digest('hex'),
    levelsSha256: levelsHash.digest('hex'),
    reasons: reasons.size,
    grantedCells,
    nonDenyLevels,
  };
}
