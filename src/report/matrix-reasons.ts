// How the matrix reports say why a cell is indeterminate (`MatrixCell.reasons`, made by
// analysis/decision-reasons.ts, which words each reason in one line: `reasonLine`): the kinds of a
// cell in a few words (the HTML mark's title), and the footnote numbers of the text and Markdown
// reports (each distinct reason once, numbered in the order the report meets them, row by row).

import { REASON_KIND_WORDS, reasonKey } from '../analysis/decision-reasons.js';
import type { MatrixCell, MatrixReason } from '../analysis/types.js';

/** The reasons of a cell's levels, each once (in level order). */
export function cellReasons(levels: readonly MatrixCell[]): MatrixReason[] {
  const out: MatrixReason[] = [];
  for (const c of levels) for (const r of c?.reasons ?? []) if (!out.includes(r)) out.push(r);
  return out;
}

/** The kinds of `reasons` in words, each once: `policy content unknown; condition value unknown`. */
export function reasonKindsText(reasons: readonly MatrixReason[]): string {
  return [...new Set(reasons.map((r) => REASON_KIND_WORDS[r.kind] ?? r.kind))].join('; ');
}

/** Footnote numbers of reasons (from 1), by content, in the order asked for. */
export class ReasonFootnotes {
  private readonly numbers = new Map<string, number>();
  readonly reasons: MatrixReason[] = [];

  /** The footnote number of `r`. */
  of(r: MatrixReason): number {
    const key = reasonKey(r);
    let n = this.numbers.get(key);
    if (n === undefined) {
      this.reasons.push(r);
      n = this.reasons.length;
      this.numbers.set(key, n);
    }
    return n;
  }

  /** `[1], [3]`: the footnotes of `reasons`. */
  refs(reasons: readonly MatrixReason[]): string {
    return [...new Set(reasons.map((r) => this.of(r)))].map((n) => `[${n}]`).join(', ');
  }
}
