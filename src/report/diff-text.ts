// The plain-text rendering of an access diff (`iamspec diff`, the default format): the headline,
// then each principal's changes grouped by kind (+ added, ~ changed, - removed), access level and
// resource, each with its actions, conditions and the statements that cause it with their
// sources (in the state where they live); then the risk findings that appear or go, the elements
// matched under a new generated name, and the notes.

import { membershipChangeText } from '../analysis/diff/memberships.js';
import type { AccessDiff, ChangeGrant } from '../analysis/diff/types.js';
import { indeterminateLines } from '../analysis/indeterminate.js';
import type { RiskFinding } from '../analysis/types.js';
import { formatSource } from '../model/source.js';
import {
  changeWords,
  type ChangeGroup,
  groupByPrincipal,
  headline,
  principalLabelOf,
  resourceLabel,
} from './diff-groups.js';
import { statementText } from './matrix-labels.js';
import type { FindingPlaces } from './finding-places.js';
import { messageWithoutListedReasons } from './finding-message.js';

const MARK = { added: '+', changed: '~', removed: '-' } as const;

/** `Allow identity policy "X", Sid "Y" (new state) at file:line (logical id ...)`. */
export function grantLine(g: ChangeGrant): string {
  return `${statementText(g)} (${g.state === 'after' ? 'new state' : 'base'}) at ${formatSource(g.source)}`;
}

function actionList(actions: string[], limit = 8): string {
  if (actions.length <= limit) return actions.join(', ');
  return `${actions.slice(0, limit).join(', ')} and ${actions.length - limit} more`;
}

/** `+ Write on logs/*: s3:PutObject (allow)`: one group of changes in one line. */
export function groupHeadline(diff: AccessDiff, g: ChangeGroup): string {
  const on = g.via
    ? `${resourceLabel(diff, g.resource)} through ${g.via.map((r) => principalLabelOf(diff, r)).join(' → ')}`
    : resourceLabel(diff, g.resource);
  const access = changeWords(g, (before) => `was ${before}`);
  return `${MARK[g.kind]} ${g.level} on ${on}: ${actionList(g.actions)} (${access})`;
}

function groupLines(diff: AccessDiff, g: ChangeGroup): string[] {
  const lines = [`  ${groupHeadline(diff, g)}`];
  for (const c of g.conditions) lines.push(`      only when ${c}`);
  for (const r of g.reasons) lines.push(`      unknown: ${r}`);
  for (const s of g.grants)
    lines.push(`      ${s.effect === 'Deny' && s.state === 'after' ? 'blocked by' : 'by'} ${grantLine(s)}`);
  return lines;
}

function riskLines(title: string, list: RiskFinding[], places?: FindingPlaces): string[] {
  if (!list.length) return [];
  const out = ['', `${title}:`];
  for (const f of list) {
    out.push(`  [${f.severity}] ${messageWithoutListedReasons(f.message, f.indeterminate)}`);
    for (const s of f.statements) out.push(`      ${statementText(s)} at ${formatSource(s.source)}`);
    for (const p of places?.(f) ?? []) out.push(`      ${p.text} at ${formatSource(p.source)}`);
    if (f.indeterminate) {
      out.push('      indeterminate because:');
      for (const l of indeterminateLines(f.indeterminate)) out.push(`        ${l}`);
    }
  }
  return out;
}

/** Lines written per chunk by `writeDiffText`. */
const CHUNK_LINES = 4096;

/**
 * Writes an access diff as text to `sink`, in chunks of whole lines (a diff of two unrelated
 * organisations has more text than one string can hold), about `chunkLines` lines each; the
 * chunks joined are `formatDiffText`'s text.
 */
export function writeDiffText(
  diff: AccessDiff,
  sink: (chunk: string) => void,
  chunkLines: number = CHUNK_LINES,
  places?: FindingPlaces,
): void {
  let lines = [`Access diff: ${headline(diff)}.`];
  const push = (...more: string[]) => {
    for (const l of more) lines.push(l);
    if (lines.length >= chunkLines) {
      sink(`${lines.join('\n')}\n`);
      lines = [];
    }
  };
  for (const p of groupByPrincipal(diff)) {
    const counts = [
      p.added ? `+${p.added}` : '',
      p.changed ? `~${p.changed}` : '',
      p.removed ? `-${p.removed}` : '',
    ].filter(Boolean);
    push(
      '',
      `${p.label} (${p.kind}): ${counts.join(' ')}${p.label !== p.principal ? `  ${p.principal}` : ''}`,
    );
    for (const m of diff.labels.principals[p.principal]?.memberships ?? [])
      push(`  ${membershipChangeText(m)}`);
    for (const g of p.groups) push(...groupLines(diff, g));
  }
  push(...riskLines('New risk findings', diff.risks.added, places));
  push(...riskLines('Risk findings no longer present', diff.risks.removed));
  if (diff.renamed.length) {
    push('', 'Same element under a new generated name (no access change by itself):');
    for (const r of diff.renamed) push(`  ${r.kind} ${r.before} → ${r.after}`);
  }
  if (diff.notes.length) {
    push('', 'Notes:');
    for (const n of diff.notes) push(`  ${n}`);
  }
  if (lines.length) sink(`${lines.join('\n')}\n`);
}

/** Renders an access diff as text (ends with a newline). */
export function formatDiffText(diff: AccessDiff): string {
  const chunks: string[] = [];
  writeDiffText(diff, (c) => chunks.push(c));
  return chunks.join('');
}
