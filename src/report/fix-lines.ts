// The "what to change" part of a failing check in every spec report (text, JUnit, markdown,
// SARIF messages): the statements to change, each once with its source and, for a managed
// policy, where it is attached; under each the access it grants by action family (service and
// access level) with collapsed lists; then the context (what permits the access without
// granting it: a boundary, a key policy that delegates to the account; a missing boundary).
// Built from `CheckResult.fix` (src/spec/fixes.ts).

import { formatSource, type Source } from '../model/source.js';
import type { ActionFamily, FixGroup, FixPlan } from '../spec/types.js';
import { stageLabel } from './stage-labels.js';

/** Items of a list shown before "and N more". */
export const LISTED_ITEMS = 4;

/** `a, b, c, d and 5 more` */
export function collapsed(items: readonly string[], shown = LISTED_ITEMS): string {
  if (items.length <= shown + 1) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

export interface FixLine {
  indent: number;
  text: string;
  role: 'heading' | 'statement' | 'source' | 'witness' | 'plain';
}

function sourceText(s: Source | undefined): string | undefined {
  if (!s) return undefined;
  const text = formatSource(s);
  return text === '(unknown source)' ? undefined : text;
}

const CALLER_WORDS: Record<ActionFamily['caller'], string> = {
  anonymous: 'anyone (anonymous or public)',
  external: 'principals outside the inputs',
  service: 'AWS services',
  model: '',
};

/** `s3 Write (41 actions): s3:PutObject, ... on arn:aws:s3:::b/x, arn:aws:s3:::b` */
export function familyText(f: ActionFamily, showPrincipals = f.caller !== 'model'): string {
  const n = f.actions.length;
  const who = !showPrincipals
    ? ''
    : f.caller === 'model'
      ? ` by ${collapsed(f.principals, 3)}`
      : ` by ${CALLER_WORDS[f.caller]}: ${collapsed(f.principals, 3)}`;
  const access =
    f.access === 'conditional'
      ? ` (conditional${f.conditions.length ? `: when ${collapsed(f.conditions, 2)}` : ''})`
      : f.access === 'indeterminate'
        ? ' (indeterminate)'
        : '';
  return `${f.name} (${n} action${n === 1 ? '' : 's'}): ${collapsed(f.actions)} on ${collapsed(f.resources, 2)}${who}${access}`;
}

/** `ReaderPolicy (arn:...), Sid "ReadData" (identity-based policy)` */
export function fixStatementText(g: FixGroup): string {
  const s = g.statement;
  if (!s) return 'a statement the inputs do not pin down';
  const name = [s.policy, s.statement].filter(Boolean).join(', ') || 'a statement';
  return `${name} (${stageLabel(s.stage)})`;
}

/** The lines of a fix plan (empty when there is nothing to group). */
export function fixLines(plan: FixPlan | undefined): FixLine[] {
  if (!plan?.groups.length) return [];
  const lines: FixLine[] = [];
  const total = plan.groups.reduce((n, g) => n + g.requests, 0);
  const statements = plan.groups.length;
  // Several principals (onlyPrincipals): every family says who.
  const principals = new Set(plan.groups.flatMap((g) => g.families.flatMap((f) => f.principals)));
  const showAll = principals.size > 1;
  lines.push({
    indent: 0,
    role: 'heading',
    text: `what to change (${statements} statement${statements === 1 ? '' : 's'}, worst access first${plan.truncated ? '; the search stopped at its limit, there may be more' : ''}):`,
  });
  plan.groups.forEach((g, i) => {
    lines.push({ indent: 1, role: 'statement', text: `${i + 1}. ${fixStatementText(g)}` });
    const at = sourceText(g.statement?.source);
    if (at) lines.push({ indent: 2, role: 'source', text: `at ${at}` });
    for (const a of g.attachedAt) {
      const where = sourceText(a.source);
      lines.push({ indent: 2, role: 'source', text: `attached to ${a.to}${where ? ` at ${where}` : ''}` });
    }
    lines.push({
      indent: 2,
      role: 'plain',
      text: `grants ${g.requests} request${g.requests === 1 ? '' : 's'}${total !== g.requests ? ` of ${total}` : ''}:`,
    });
    for (const f of g.families)
      lines.push({ indent: 3, role: 'witness', text: familyText(f, showAll || f.caller !== 'model') });
  });
  if (plan.context.length) {
    lines.push({ indent: 0, role: 'heading', text: 'context (permits it without granting it):' });
    for (const c of plan.context) {
      const s = c.statement;
      const name = s ? [s.policy, s.statement].filter(Boolean).join(', ') : '';
      lines.push({ indent: 1, role: 'plain', text: name ? `${c.text}: ${name}` : c.text });
      const at = sourceText(s?.source);
      if (at) lines.push({ indent: 2, role: 'source', text: `at ${at}` });
    }
  }
  return lines;
}
