// The text rendering of a who-can answer: every principal that can perform the request, with
// the path it takes (each sts:AssumeRole hop and the statements that allow it), the statements
// that grant the final request with their sources, and the conditions of conditional access.

import { uniqueIdLabel } from '../model/unique-ids.js';
import { canonicalUserLabel } from '../engine/principal.js';
import type { ChainHop, FreeDecision, StatementRef, WhoCanEntry, WhoCanResult } from '../analysis/types.js';
import { describeFederated } from '../model/federation.js';
import { reasonLine, reasonOfEntry } from '../analysis/decision-reasons.js';
import { annotateMadeUpNames } from '../requests/element-names.js';
import { standInLegend } from './stand-in-legend.js';
import { principalLabel, statementWithSource } from './matrix-labels.js';
import { membershipLine } from './membership-line.js';
import { assumedText } from './assumed.js';
import { sameNameLabeller } from '../model/same-names.js';

/** Labels principals: `principalLabel`, or a `whoCanLabeller`'s. */
type Label = (arn: string) => string;

/**
 * The labeller of the principals a who-can answer names (entries and the roles of their paths):
 * a label two of them share (a role of the same name in two accounts) says the account of each
 * (src/model/same-names.ts).
 */
export function whoCanLabeller(result: Pick<WhoCanResult, 'entries'>): Label {
  const arns = result.entries.flatMap((e) => [e.principal, ...e.path.flatMap((h) => [h.from, h.role])]);
  return sameNameLabeller(arns, principalLabel);
}

/** `user/john → role/JohnUploadRole`: the starting principal, then each role assumed in turn. */
export function whoCanPathLabel(entry: WhoCanEntry, label: Label = principalLabel): string {
  const names = [label(entry.principal), ...entry.path.map((h) => label(h.role))];
  return names.join(' → ');
}

function statementLines(grants: StatementRef[], indent: string): string[] {
  if (!grants.length) return [`${indent}(no statement recorded)`];
  return grants.map((g) => `${indent}${statementWithSource(g)}`);
}

function conditionLines(conditions: string[], indent: string): string[] {
  return conditions.map((c) => `${indent}- ${c}`);
}

function hopLines(hop: ChainHop, n: number, showStepConditions: boolean, label: Label): string[] {
  const out = [
    `    ${n}. ${label(hop.from)} assumes ${label(hop.role)}${hop.action ? ` (${hop.action})` : ''}: ${hop.access}`,
    ...statementLines(hop.grants, '         '),
  ];
  if (hop.conditions.length && showStepConditions) {
    out.push('         only when:', ...conditionLines(hop.conditions, '           '));
  }
  // an indeterminate hop's reasons, each with where its unknown is (chains.ts `decideHop`)
  for (const w of hop.why ?? []) out.push(`         open: ${w}`);
  return out;
}

/**
 * Why an indeterminate decision is open: every unknown entry of its trace, those of a statement
 * (one that might not exist, a Deny that might apply: the statement lines above list only the
 * granting statements, not why they are open) and those of the decision's other worlds (a name
 * the request spells out that an element whose name is unknown may have: src/engine/name-worlds.ts;
 * an unstated account, a stand-in region), each once, worded as every report words a reason
 * (analysis/decision-reasons.ts `reasonLine`: its kind, words and source).
 */
function openLines(final: FreeDecision, indent: string): string[] {
  if (final.access !== 'indeterminate') return [];
  const lines = (final.decision.trace ?? [])
    .filter((t) => t.outcome === 'unknown')
    .map((t) => `${indent}open: ${reasonLine(reasonOfEntry(t))}`);
  return [...new Set(lines)];
}

function finalLines(
  entry: WhoCanEntry,
  final: FreeDecision,
  showStepConditions: boolean,
  label: Label,
): string[] {
  const actor = entry.path.length ? label(entry.path[entry.path.length - 1]!.role) : 'the principal';
  const out = [
    `  request as ${actor}: ${final.access}`,
    ...statementLines(final.grants, '      '),
    ...openLines(final, '      '),
  ];
  if (final.conditions.length && showStepConditions)
    out.push('      only when:', ...conditionLines(final.conditions, '        '));
  if (final.external) {
    out.push('      (external account: its identity side is assumed to allow; the resource policy decides)');
  }
  return out;
}

function entryLines(entry: WhoCanEntry, principal: Label): string[] {
  const label = whoCanPathLabel(entry, principal);
  const anyone = entry.kind === 'anonymous' ? 'anyone, ' : '';
  const out = [`${label}: ${entry.access}${entry.channel ? ` (${anyone}${entry.channel})` : ''}`];
  const member = entry.groups?.length ? `, member of ${entry.groups.join(', ')}` : '';
  const who =
    entry.kind === 'federated'
      ? `federated: ${describeFederated(entry.principal)}`
      : entry.kind === 'canonical-user'
        ? canonicalUserLabel(entry.principal)
        : entry.kind === 'unique-id'
          ? uniqueIdLabel(entry.principal)
          : entry.kind;
  out.push(`  principal: ${entry.principal} (${who}${member})`);
  // Where each membership is written (access through a group is given by the membership).
  for (const m of entry.memberships ?? []) out.push(`  ${membershipLine(m.group, m.source, !!m.maybe)}`);
  if (entry.via) out.push(`  via: ${entry.via}`);
  if (entry.conditions.length) {
    out.push(`  ${entry.access}, only when:`, ...conditionLines(entry.conditions, '    '));
  }
  // A direct entry's conditions are its final request's: they are listed once, above.
  const showStepConditions = entry.path.length > 0;
  if (entry.path.length) {
    out.push('  path:');
    entry.path.forEach((hop, i) => {
      out.push(...hopLines(hop, i + 1, showStepConditions, principal));
    });
  }
  out.push(...finalLines(entry, entry.final, showStepConditions, principal));
  return out;
}

const ORDER = { allow: 0, conditional: 1, indeterminate: 2, deny: 3 } as const;

/**
 * Renders a who-can result as text (one block per principal, allow first); with `names`
 * (`madeUpNames(model)`), made-up names carry their construct path or Terraform address.
 */
export function formatWhoCanText(result: WhoCanResult, names?: ReadonlyMap<string, string>): string {
  const text = whoCanText(result);
  return names ? annotateMadeUpNames(text, names) : text;
}

function whoCanText(result: WhoCanResult): string {
  const entries = [...result.entries].sort(
    (a, b) => ORDER[a.access] - ORDER[b.access] || a.path.length - b.path.length,
  );
  const counts = { allow: 0, conditional: 0, indeterminate: 0, deny: 0 };
  for (const e of entries) counts[e.access]++;
  const assumed = assumedText(result.assumed);
  const head = `Who can ${result.action} on ${result.resource}${assumed ? `\n${assumed}` : ''}`;
  if (!entries.length)
    return `${head}\nNobody: no principal of the model, external account or service can.\n`;
  const summary = (['allow', 'conditional', 'indeterminate', 'deny'] as const)
    .filter((a) => counts[a])
    .map((a) => `${counts[a]} ${a}`)
    .join(', ');
  const label = whoCanLabeller(result);
  const blocks = entries.map((e) => entryLines(e, label).join('\n'));
  const legend = standInLegend([
    result.resource,
    ...entries.flatMap((e) => [e.principal, ...e.path.map((h) => h.role)]),
  ]);
  const names = legend.length
    ? `\n\nNames that stand for what the inputs leave open until deploy:\n${legend.map((l) => `  ${l.shown}: ${l.meaning}`).join('\n')}`
    : '';
  return `${head}\n${entries.length} path${entries.length === 1 ? '' : 's'} (${summary})\n\n${blocks.join('\n\n')}${names}\n`;
}
