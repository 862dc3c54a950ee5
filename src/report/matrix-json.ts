// The JSON rendering of an access matrix: the Matrix contract of src/analysis/types.ts as is
// (levels, principals, resources, cells[principal][resource][level] with actions, conditions
// and grants with their sources, role chains by principal index), the access review's risk
// findings and the warnings about the inputs when given. Written by `iamspec matrix --format
// json`, it is also an access snapshot: the base `iamspec diff --base access.json` compares a new
// state against.

import type { Matrix, RiskFinding } from '../analysis/types.js';
import type { SpecWarning } from '../spec/types.js';
import { type JsonWarning, jsonWarning } from './warnings.js';

/**
 * Renders a matrix as JSON (2-space indentation, trailing newline), with its risk findings and
 * the warnings about the inputs (`warnings`: what iamspec could not pin down) when given.
 */
export function formatMatrixJson(
  matrix: Matrix,
  risks?: RiskFinding[],
  warnings?: readonly SpecWarning[],
): string {
  const out: Matrix & { risks?: RiskFinding[]; warnings?: JsonWarning[] } = {
    levels: matrix.levels,
    principals: matrix.principals,
    resources: matrix.resources,
    cells: matrix.cells,
    chains: matrix.chains,
    ...(risks ? { risks } : {}),
    ...(matrix.assumed ? { assumed: matrix.assumed } : {}),
    ...(warnings ? { warnings: warnings.map(jsonWarning) } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
