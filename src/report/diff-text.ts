// The plain-text rendering of an access diff (`iamspec diff`, the default format): the headline,
// then each principal's changes grouped by kind (+ added, ~ changed, - removed), access level and
// resource, each with its actions, conditions and the statements that cause it with their
// sources (in the state where they live); then the risk findings that appear or go, the elements
// matched under a new generated name, and the notes.

import type { AccessDiff, ChangeGrant } from '../analysis/diff/types.js';
import type { RiskFinding } from '../analysis/types.js';
import { formatSource } from '../model/source.js';
import {
  type ChangeGroup,
  groupByPrincipal,
  headline,
  principalLabelOf,
  resourceLabel,
} from './diff-groups.js';
import { statementText } from './matrix-labels.js';

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
  const access =
    g.kind === 'added' ? g.after : g.kind === 'removed' ? `was ${g.before}` : `${g.before} → ${g.after}`;
  return `${MARK[g.kind]} ${g.level} on ${on}: ${actionList(g.actions)} (${access})`;
}

function groupLines(diff: AccessDiff, g: ChangeGroup): string[] {
  const lines = [`  ${groupHeadline(diff, g)}`];
  for (const c of g.conditions) lines.push(`      only when ${c}`);
  for (const s of g.grants)
    lines.push(`      ${s.effect === 'Deny' && s.state === 'after' ? 'blocked by' : 'by'} ${grantLine(s)}`);
  return lines;
}

function riskLines(title: string, list: RiskFinding[]): string[] {
  if (!list.length) return [];
  const out = ['', `${title}:`];
  for (const f of list) {
    out.push(`  [${f.severity}] ${f.message}`);
    for (const s of f.statements) out.push(`      ${statementText(s)} at ${formatSource(s.source)}`);
  }
  return out;
}

/** Renders an access diff as text (ends with a newline). */
export function formatDiffText(diff: AccessDiff): string {
  const lines = [`Access diff: ${headline(diff)}.`];
  for (const p of groupByPrincipal(diff)) {
    const counts = [
      p.added ? `+${p.added}` : '',
      p.changed ? `~${p.changed}` : '',
      p.removed ? `-${p.removed}` : '',
    ].filter(Boolean);
    lines.push(
      '',
      `${p.label} (${p.kind}): ${counts.join(' ')}${p.label !== p.principal ? `  ${p.principal}` : ''}`,
    );
    for (const g of p.groups) lines.push(...groupLines(diff, g));
  }
  lines.push(...riskLines('New risk findings', diff.risks.added));
  lines.push(...riskLines('Risk findings no longer present', diff.risks.removed));
  if (diff.renamed.length) {
    lines.push('', 'Same element under a new generated name (no access change by itself):');
    for (const r of diff.renamed) lines.push(`  ${r.kind} ${r.before} → ${r.after}`);
  }
  if (diff.notes.length) {
    lines.push('', 'Notes:');
    for (const n of diff.notes) lines.push(`  ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
