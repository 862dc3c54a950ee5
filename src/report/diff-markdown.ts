// The Markdown rendering of an access diff, fit for a pull-request comment: a headline ("3
// principals gain access, 1 loses"), the new and resolved risk findings, then one collapsible
// `<details>` section per principal (principals that gain access first) with a table of its
// changes by kind, access level and resource, and the statements that cause them with their
// sources (and, for a user, the group memberships of one state only, with theirs). Long lists are capped ("and N more"), so the comment stays within GitHub's size limit.
// Text from the inputs is escaped (it cannot break the tables or inject HTML).

import { membershipChangeText } from '../analysis/diff/memberships.js';
import type { AccessDiff } from '../analysis/diff/types.js';
import { indeterminateBecause } from '../analysis/indeterminate.js';
import { messageWithoutListedReasons } from './finding-message.js';
import type { RiskFinding } from '../analysis/types.js';
import { formatSource } from '../model/source.js';
import {
  changeWords,
  principalVerb,
  type ChangeGroup,
  groupByPrincipal,
  headline,
  principalLabelOf,
  resourceLabel,
} from './diff-groups.js';
import type { FindingPlaces } from './finding-places.js';
import { code, htmlText, mdText } from './markdown.js';
import { statementText } from './matrix-labels.js';
import { isInputFile } from './spec-details.js';

export interface DiffMarkdownOptions {
  /** Heading of the comment (default `iamspec: effective access changes`). */
  title?: string;
  /** Principals shown before "and N more principals" (default 25). */
  maxPrincipals?: number;
  /** Table rows per principal before "and N more" (default 30). */
  maxRows?: number;
  /**
   * The new state's finding places (`findingPlaces(model)`): a new finding whose statements are
   * in no input file (an AWS managed policy) is shown at the line attaching it, or at its subject.
   */
  places?: FindingPlaces;
}

const KIND_TEXT = { added: '➕ added', changed: '🔁 changed', removed: '➖ removed' } as const;

function listed(items: string[], limit: number): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

function accessCell(g: ChangeGroup): string {
  return changeWords(g, (before) => `~~${before}~~`);
}

function rowOf(diff: AccessDiff, g: ChangeGroup): string {
  const on = g.via
    ? `${resourceLabel(diff, g.resource)} via ${g.via.map((r) => principalLabelOf(diff, r)).join(' → ')}`
    : resourceLabel(diff, g.resource);
  const actions = listed(
    g.actions.map((a) => code(a)),
    6,
  );
  const conditions = g.conditions.length
    ? `<br>only when ${g.conditions.map((c) => mdText(c)).join('; ')}`
    : '';
  const reasons = g.reasons.length ? `<br>unknown: ${g.reasons.map((r) => mdText(r)).join('; ')}` : '';
  const statements = g.grants
    .slice(0, 4)
    .map(
      (s) =>
        `${s.effect === 'Deny' && s.state === 'after' ? 'blocked by ' : ''}${mdText(statementText(s))}${s.state === 'before' ? ' (base)' : ''} at ${code(formatSource(s.source))}`,
    )
    .join('<br>');
  const more = g.grants.length > 4 ? `<br>and ${g.grants.length - 4} more` : '';
  return `| ${KIND_TEXT[g.kind]} | ${mdText(g.level)} | ${mdText(on)} | ${actions} | ${accessCell(g)}${conditions}${reasons} | ${statements}${more} |`;
}

/** Where a finding is, in one place: its first statement in an input file, else its first place, else its first statement. */
function findingWhere(f: RiskFinding, places: FindingPlaces | undefined): string {
  const inFile = f.statements.find((s) => isInputFile(s.source));
  if (inFile) return ` (${code(formatSource(inFile.source))})`;
  const place = places?.(f)[0];
  if (place) return ` (${mdText(place.text)} at ${code(formatSource(place.source))})`;
  return f.statements[0] ? ` (${code(formatSource(f.statements[0].source))})` : '';
}

function riskSection(
  title: string,
  list: RiskFinding[],
  limit: number,
  places: FindingPlaces | undefined,
): string[] {
  if (!list.length) return [];
  const out = [`**${title}**`, ''];
  for (const f of list.slice(0, limit)) {
    const where = findingWhere(f, places);
    out.push(
      `- **${f.severity}**: ${mdText(messageWithoutListedReasons(f.message, f.indeterminate))}${where}`,
    );
    if (f.indeterminate) out.push(`  - ${mdText(indeterminateBecause(f.indeterminate))}`);
  }
  if (list.length > limit) out.push(`- and ${list.length - limit} more`);
  out.push('');
  return out;
}

function summaryOf(p: ReturnType<typeof groupByPrincipal>[number]): string {
  const parts: string[] = [];
  if (p.added) parts.push(`+${p.added}`);
  if (p.changed) parts.push(`~${p.changed}`);
  if (p.removed) parts.push(`-${p.removed}`);
  const verb = principalVerb(p);
  return `<b>${htmlText(p.label)}</b> (${htmlText(p.kind)}) ${verb}: ${parts.join(' ')} action${p.added + p.changed + p.removed === 1 ? '' : 's'}`;
}

/** Renders an access diff as GitHub-flavoured Markdown (ends with a newline). */
export function formatDiffMarkdown(diff: AccessDiff, options: DiffMarkdownOptions = {}): string {
  const maxPrincipals = options.maxPrincipals ?? 25;
  const maxRows = options.maxRows ?? 30;
  const out = [`### ${mdText(options.title ?? 'iamspec: effective access changes')}`, ''];
  out.push(`**${mdText(headline(diff))}**`, '');
  out.push(...riskSection('New risk findings', diff.risks.added, 20, options.places));
  // resolved findings are the base's: the new state's places are not theirs
  out.push(...riskSection('Risk findings resolved', diff.risks.removed, 10, undefined));
  const principals = groupByPrincipal(diff);
  for (const p of principals.slice(0, maxPrincipals)) {
    out.push('<details>', `<summary>${summaryOf(p)}</summary>`, '');
    out.push(`${code(p.principal)}`, '');
    const memberships = diff.labels.principals[p.principal]?.memberships ?? [];
    if (memberships.length) out.push(...memberships.map((m) => `- ${mdText(membershipChangeText(m))}`), '');
    out.push('| | Level | Resource | Actions | Access | Statements |', '|---|---|---|---|---|---|');
    for (const g of p.groups.slice(0, maxRows)) out.push(rowOf(diff, g));
    if (p.groups.length > maxRows) out.push(`| | | and ${p.groups.length - maxRows} more | | | |`);
    out.push('', '</details>', '');
  }
  if (principals.length > maxPrincipals)
    out.push(`and ${principals.length - maxPrincipals} more principals (see the JSON or HTML report)`, '');
  if (diff.renamed.length)
    out.push(
      `${diff.renamed.length} element${diff.renamed.length === 1 ? '' : 's'} kept ${diff.renamed.length === 1 ? 'its' : 'their'} access under a new generated name: ${listed(
        diff.renamed.map((r) => `${code(r.before)} → ${code(r.after)}`),
        5,
      )}`,
      '',
    );
  for (const n of diff.notes) out.push(`> ${mdText(n)}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
