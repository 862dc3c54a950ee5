// How many of a matrix's verdicts are indeterminate, counted the way every report shows them: one
// verdict per principal, resource and access level, a column whose policy iamspec does not model
// indeterminate at every level (unmodelled-columns.ts `shownLevels`). Owns that count and its
// wording, which the HTML review's header and the text matrix's summary line share.

import type { Matrix } from '../analysis/types.js';

export interface IndeterminateCount {
  /** Verdicts (principal × resource × access level) that are indeterminate. */
  verdicts: number;
  /** Cells (principal × resource) with at least one indeterminate level. */
  cells: number;
}

/** The indeterminate verdicts of `matrix` as the reports show them. */
export function indeterminateCount(matrix: Matrix): IndeterminateCount {
  const L = matrix.levels.length;
  const unmodelled = matrix.resources.map((r) => r.policyNotModelled === true);
  const unmodelledColumns = unmodelled.filter(Boolean).length;
  let verdicts = 0;
  let cells = 0;
  for (let p = 0; p < matrix.principals.length; p++) {
    // every cell of an unmodelled column shows indeterminate levels, granted or not
    verdicts += unmodelledColumns * L;
    cells += unmodelledColumns;
    matrix.cells.forEachGranted(p, (r, levels) => {
      if (unmodelled[r]) return;
      let n = 0;
      for (const c of levels) if (c?.access === 'indeterminate') n++;
      verdicts += n;
      if (n) cells++;
    });
  }
  return { verdicts, cells };
}

/**
 * `3 indeterminate verdicts (in 2 cells): access that depends on what the inputs leave open`,
 * or `no indeterminate verdict: ...` (the same words in every report).
 */
export function indeterminateCountText(count: IndeterminateCount): string {
  if (!count.verdicts)
    return 'no indeterminate verdict: every access level of every principal on every resource is decided';
  const verdicts = `${count.verdicts} indeterminate verdict${count.verdicts === 1 ? '' : 's'}`;
  const cells = `${count.cells} cell${count.cells === 1 ? '' : 's'}`;
  return `${verdicts} (access levels, in ${cells}): access that depends on what the inputs leave open`;
}
