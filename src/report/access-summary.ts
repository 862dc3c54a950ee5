// The effective-access summary (analysis/access-summary.ts) as text: what an access snapshot
// stores in a test's snapshot file. One block per principal (access level, then the actions that
// reach the same resources in the same way, then those resources with their access and
// conditions; then the roles it can reach; then the statements that allow access to resources
// outside the inputs), then the principals without access, then the risk
// findings. Plain text, lines under ~100 columns where names allow, so that a change reads as a
// small diff.

import type { AccessSummary, SummaryTarget } from '../analysis/access-summary.js';
import { assumedText } from './assumed.js';

const WIDTH = 100;

/** `items` joined by ", " in lines of at most WIDTH columns (an item longer than that stands alone). */
function wrap(items: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && indent.length + next.length > WIDTH) {
      lines.push(`${indent}${line},`);
      line = item;
    } else line = next;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

function targetLines(t: SummaryTarget, indent: string): string[] {
  const lines = [`${indent}${t.resource}${t.access === 'allow' ? '' : `  (${t.access})`}`];
  for (const c of t.conditions) lines.push(`${indent}  when ${c}`);
  if (t.unknown) {
    for (const r of t.unknown.reasons) lines.push(`${indent}  unknown: ${r}`);
    lines.push(`${indent}  depends on inputs #${t.unknown.depends}`);
  }
  return lines;
}

/** The summary as text (see the module comment). */
export function formatAccessSummary(summary: AccessSummary): string {
  const lines: string[] = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    `access of ${count(summary.principals.length, 'principal')} (${summary.withoutAccess.length} without any); ${count(summary.risks.length, 'risk finding')}`,
  );
  const assumed = assumedText(summary.assumed);
  if (assumed) lines.push(assumed.replace(/; --assume none to drop\)$/, ')'));
  for (const p of summary.principals) {
    lines.push('', p.principal);
    for (const level of p.levels) {
      lines.push(`  ${level.level}`);
      for (const g of level.groups) {
        lines.push(...wrap(g.actions, '    '));
        for (const t of g.targets) lines.push(...targetLines(t, '      '));
      }
    }
    if (p.roles.length) {
      lines.push('  can assume');
      for (const r of p.roles) {
        const via = r.via.length ? `  via ${r.via.join(' -> ')}` : '';
        lines.push(`    ${r.role}${via}${r.access === 'allow' ? '' : `  (${r.access})`}`);
        for (const c of r.conditions) lines.push(`      when ${c}`);
        if (r.depends) lines.push(`      depends on inputs #${r.depends}`);
      }
    }
    if (p.outside) {
      lines.push('  on resources outside the inputs (not evaluated)');
      for (const s of p.outside) lines.push(`    ${s}`);
    }
  }
  if (summary.withoutAccess.length) {
    lines.push('', 'without access');
    for (const p of summary.withoutAccess) lines.push(`  ${p}`);
  }
  if (summary.risks.length) {
    lines.push('', 'risks');
    for (const r of summary.risks) {
      lines.push(`  ${r.severity} ${r.kind}: ${r.subject}${r.detail ? ` (${r.detail})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
