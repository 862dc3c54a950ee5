// The statements behind a finding or a hop in the HTML review: each in words with its source
// (file:line, construct path or Terraform address). Owns `statementList`.

import type { StatementRef } from '../../analysis/types.js';
import { formatSource } from '../../model/source.js';
import { statementText } from '../matrix-labels.js';
import { escapeHtml as e } from './escape.js';

function statementItem(ref: StatementRef): string {
  return `<li>${e(statementText(ref))} <span class="src">at ${e(formatSource(ref.source))}</span></li>`;
}

/** The statements as a list, or a note that none is recorded. */
export function statementList(refs: readonly StatementRef[]): string {
  if (!refs.length) return '<span class="note">(no statement recorded)</span>';
  return `<ul class="refs">${refs.map(statementItem).join('')}</ul>`;
}
