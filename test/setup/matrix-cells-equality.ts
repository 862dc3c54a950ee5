// Test setup (vitest `setupFiles`): `toEqual` compares a matrix's cells (`MatrixCells`: compact in
// a built matrix, nested arrays in one read from JSON) by what they hold, the nested arrays
// `cells[principal][resource][level]` of `toJSON()`, not by how they are stored, so two matrices
// are equal when their JSON is, and a matrix's cells equal the nested arrays they stand for.
import { expect } from 'vitest';
import type { MatrixCells } from '../../src/analysis/types.js';

function isMatrixCells(x: unknown): x is MatrixCells {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as MatrixCells).forEachGranted === 'function' &&
    typeof (x as MatrixCells).toJSON === 'function'
  );
}

expect.addEqualityTesters([
  function matrixCellsEqual(a: unknown, b: unknown, customTesters) {
    const ca = isMatrixCells(a);
    const cb = isMatrixCells(b);
    if (!ca && !cb) return undefined;
    return this.equals(ca ? a.toJSON() : a, cb ? b.toJSON() : b, customTesters);
  },
]);
