// The statements behind a finding or a hop in the HTML review: each in words with its source
// (file:line, construct path or Terraform address), then a finding's places its statements do not
// say (report/finding-places.ts: where an AWS managed policy is attached, the subject's
// definition). Owns `statementList`.

import type { StatementRef } from '../../analysis/types.js';
import { formatSource } from '../../model/source.js';
import type { FindingPlace } from '../finding-places.js';
import { statementText } from '../matrix-labels.js';
import { escapeHtml as e } from './escape.js';

function statementItem(ref: StatementRef): string {
  return `<li>${e(statementText(ref))} <span class="src">at ${e(formatSource(ref.source))}</span></li>`;
}

function placeItem(place: FindingPlace): string {
  return `<li>${e(place.text)} <span class="src">at ${e(formatSource(place.source))}</span></li>`;
}

/** The statements and places as a list, or a note that no statement is recorded. */
export function statementList(refs: readonly StatementRef[], places: readonly FindingPlace[] = []): string {
  const items = [...refs.map(statementItem), ...places.map(placeItem)];
  if (!items.length) return '<span class="note">(no statement recorded)</span>';
  return `<ul class="refs">${items.join('')}</ul>`;
}
