// The JSON rendering of an access matrix: the Matrix contract of src/analysis/types.ts as is
// (levels, principals, resources, cells[principal][resource][level] with actions, conditions
// and grants with their sources, role chains by principal index).

import type { Matrix } from '../analysis/types.js';

/** Renders a matrix as JSON (2-space indentation, trailing newline). */
export function formatMatrixJson(matrix: Matrix): string {
  const out: Matrix = {
    levels: matrix.levels,
    principals: matrix.principals,
    resources: matrix.resources,
    cells: matrix.cells,
    chains: matrix.chains,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
