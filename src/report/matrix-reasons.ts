// How the matrix reports say why a cell is indeterminate (`MatrixCell.reasons`, made by
// analysis/matrix/cell-reasons.ts): each reason in one line (its kind in words, the engine's words,
// where the unknown is), the kinds of a cell in a few words (the HTML mark's title), and the
// footnote numbers of the text and Markdown reports (each distinct reason once, numbered in the
// order the report meets them, row by row).

import { reasonKey } from '../analysis/decision-reasons.js';
import type { MatrixCell, MatrixReason, MatrixReasonKind } from '../analysis/types.js';
import { formatSource } from '../model/source.js';

/** Each kind of unknown in a few words. */
export const REASON_KIND_WORDS: Record<MatrixReasonKind, string> = {
  'unknown-policy': 'policy content unknown',
  'maybe-present': 'statement might not exist',
  'unknown-condition': 'condition value unknown',
  'unknown-principal': 'principal unknown',
  'unknown-resource': 'resource unknown',
  'unknown-action': 'action list unknown',
  'unknown-statement': 'statement unknown',
  'principal-maybe-present': 'principal might not exist',
  'unknown-world': 'account or Region not stated',
  'org-placement': 'SCP placement unknown',
  'outside-policy': 'policy outside the inputs',
  'unknown-value': 'unknown value',
};

/** One reason in one line: `kind in words: the engine's words (at SOURCE[, statement at SOURCE])`. */
export function reasonLine(r: MatrixReason): string {
  const where = r.source
    ? ` (at ${formatSource(r.source)}${r.statementSource ? `; statement at ${formatSource(r.statementSource)}` : ''})`
    : '';
  return `${REASON_KIND_WORDS[r.kind] ?? r.kind}: ${r.text}${where}`;
}

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
