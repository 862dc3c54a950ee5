// Why a verdict of the HTML review is indeterminate, as markup: one list, each reason in one line
// with where its unknown is ("indeterminate because REASON (at SOURCE)"), for a role-chain hop
// (`ChainHop.why`) and for a risk finding (`RiskFinding.indeterminate`, analysis/indeterminate.ts).
// The page script draws the same list for the findings it adds on request (review-script.ts
// `findingWhyList`). Owns `whyList` and `findingWhy`.

import { indeterminateLines } from '../../analysis/indeterminate.js';
import type { RiskFinding } from '../../analysis/types.js';
import { escapeHtml as e } from './escape.js';

/** `<ul class="why">` with one `indeterminate because LINE` item per line; empty without lines. */
export function whyList(lines: readonly string[] | undefined, more = 0): string {
  if (!lines?.length) return '';
  const items = lines.map((w) => `<li>indeterminate because ${e(w)}</li>`).join('');
  const rest = more ? `<li class="note">and ${more} more</li>` : '';
  return `<ul class="why">${items}${rest}</ul>`;
}

/** The reasons of an indeterminate finding (`whyList`), else nothing. */
export function findingWhy(f: RiskFinding): string {
  const v = f.indeterminate;
  if (!v) return '';
  return whyList(indeterminateLines({ reasons: v.reasons }), v.more);
}
