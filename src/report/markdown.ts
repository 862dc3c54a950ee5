// The Markdown report of an access-spec run (`iamspec check --format markdown`), for
// pull-request comments and GITHUB_STEP_SUMMARY (GitHub-flavoured Markdown): a heading with the
// outcome, the summary line, a table of expectations with their status, and for each one that
// did not pass a <details> block with the failing checks, their decision trace, witnesses and
// the statements to fix and the warnings about the inputs it depends on, sources in code spans;
// then the notes, the spec's warnings and a table of the warnings about the inputs.

import { indeterminateLines } from '../analysis/indeterminate.js';
import type { StatementRef, Witness } from '../analysis/types.js';
import { formatSource } from '../model/source.js';
import { describeContext } from '../requests/context.js';
import type { CheckResult, ExpectationResult, FixPlan, SpecResult } from '../spec/types.js';
import { affectsVerdicts, inputFailures, isInputWarning } from '../spec/warnings.js';
import { checkMessageWithoutListedReasons } from './finding-message.js';
import {
  formatSpecLocation,
  hasSource,
  listedWitnesses,
  stageLabel,
  statementLabel,
  statementsNotShown,
  summaryLine,
  traceLines,
  witnessAccess,
} from './spec-details.js';
import { verdictOf } from './stage-labels.js';
import { inputFailureLine, severityCounts, warningCounts, warningPlace } from './warnings.js';
import { familyText, fixStatementText } from './fix-lines.js';

const STATUS_ICON: Record<CheckResult['status'], string> = {
  pass: '✅',
  fail: '❌',
  indeterminate: '⚠️',
};

const STATUS_TEXT: Record<CheckResult['status'], string> = {
  pass: 'pass',
  fail: 'fail',
  indeterminate: 'indeterminate',
};

/** A code span that survives backticks in the text (CommonMark: a longer backtick fence). */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text in Markdown/HTML: escapes what GitHub would interpret (HTML, emphasis, links, tables). */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/** Text inside an HTML element (the <summary> of a <details> block, where Markdown is not parsed). */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function statementMd(
  s: StatementRef | { policy?: string; statement?: string; stage: StatementRef['stage'] },
): string {
  return `${mdText(statementLabel(s))} (${stageLabel(s.stage)})`;
}

function sourceMd(source: StatementRef['source']): string {
  return hasSource(source) ? ` at ${code(formatSource(source))}` : '';
}

function witnessMd(w: Witness): string[] {
  const lines = [
    `- ${code(w.action)} on ${code(w.resource)} by ${code(w.principal)}${w.claims && Object.keys(w.claims).length ? ` with token ${code(describeContext(w.claims))}` : ''}: ${mdText(witnessAccess(w))}`,
  ];
  for (const g of w.grants) lines.push(`  - granted by ${statementMd(g)}${sourceMd(g.source)}`);
  return lines;
}

/** The statements to change, each once with the access it grants by family; then the context. */
function fixMd(plan: FixPlan): string[] {
  const showAll = new Set(plan.groups.flatMap((g) => g.families.flatMap((f) => f.principals))).size > 1;
  const lines = [
    `What to change (worst access first${plan.truncated ? '; the search stopped at its limit, there may be more' : ''}):`,
    '',
  ];
  plan.groups.forEach((g, i) => {
    lines.push(`${i + 1}. ${mdText(fixStatementText(g))}${sourceMd(g.statement?.source)}`);
    for (const a of g.attachedAt) lines.push(`   - attached to ${mdText(a.to)}${sourceMd(a.source)}`);
    for (const f of g.families) lines.push(`   - ${mdText(familyText(f, showAll || f.caller !== 'model'))}`);
  });
  lines.push('');
  if (plan.context.length) {
    lines.push('Context (permits it without granting it):', '');
    for (const c of plan.context) {
      const name = c.statement ? `: ${statementMd(c.statement)}` : '';
      lines.push(`- ${mdText(c.text)}${name}${sourceMd(c.statement?.source)}`);
    }
    lines.push('');
  }
  return lines;
}

function checkMd(c: CheckResult): string[] {
  const message = checkMessageWithoutListedReasons(c.message, c.indeterminate);
  const lines = [`#### ${STATUS_ICON[c.status]} ${code(c.kind)} ${mdText(message)}`, ''];
  lines.push(`Spec: ${code(formatSpecLocation(c.location))}`, '');
  if (c.indeterminate) {
    lines.push('**Indeterminate because:**', '');
    for (const l of indeterminateLines(c.indeterminate)) lines.push(`- ${mdText(l)}`);
    lines.push('');
  }
  if (c.fix?.groups.length) lines.push(...fixMd(c.fix));
  else if (c.decision) {
    lines.push(`Decision: **${mdText(verdictOf(c.decision))}**`, '');
    const trace = traceLines(c.decision);
    if (trace.length) {
      lines.push('Trace:', '');
      trace.forEach((t, i) => {
        lines.push(`${i + 1}. ${mdText(t.text)}`);
        if (t.statement) lines.push(`   ${mdText(t.statement)}${sourceMd(t.source)}`);
        else if (t.source) lines.push(`   at ${code(formatSource(t.source))}`);
      });
      lines.push('');
    }
  }
  const witnesses = c.fix?.groups.length ? [] : listedWitnesses(c);
  if (witnesses.length) {
    lines.push(`Witnesses (${witnesses.length}):`, '');
    for (const w of witnesses) lines.push(...witnessMd(w));
    lines.push('');
  }
  const more = c.fix?.groups.length ? [] : statementsNotShown(c);
  if (more.length) {
    lines.push('Statements to look at:', '');
    const attachedShown = new Set<string>();
    for (const s of more) {
      lines.push(`- ${statementMd(s)}${sourceMd(s.source)}`);
      // A managed policy's attachments (an escalation path through IAMFullAccess), once.
      if (!s.policy || attachedShown.has(s.policy)) continue;
      attachedShown.add(s.policy);
      for (const a of c.attachedAt ?? [])
        if (a.policy === s.policy) lines.push(`   - attached to ${mdText(a.to)}${sourceMd(a.source)}`);
    }
    lines.push('');
  }
  if (c.warnings.length) {
    lines.push('Depends on (warnings about the inputs):', '');
    for (const w of c.warnings) lines.push(`- ${mdText(w.message)} (${code(w.code)})${sourceMd(w.source)}`);
    lines.push('');
  }
  return lines;
}

function detailsBlock(e: ExpectationResult): string[] {
  const summary =
    `${STATUS_ICON[e.status]} <code>${htmlText(e.id)}</code> ${e.description ? htmlText(e.description) : ''}`.trimEnd();
  const lines = ['<details>', `<summary>${summary}</summary>`, ''];
  for (const c of e.checks) {
    if (c.status === 'pass') lines.push(`- ${STATUS_ICON.pass} ${code(c.kind)} ${mdText(c.message)}`);
  }
  if (e.checks.some((c) => c.status === 'pass')) lines.push('');
  for (const c of e.checks) if (c.status !== 'pass') lines.push(...checkMd(c));
  lines.push('</details>', '');
  return lines;
}

/** Renders the Markdown report (ends with a newline). */
export function renderMarkdown(result: SpecResult): string {
  const s = result.summary;
  const headline = result.ok
    ? `${STATUS_ICON.pass} iamspec: ${s.expectations === 1 ? '1 expectation holds' : `all ${s.expectations} expectations hold`}`
    : `${s.failed ? STATUS_ICON.fail : STATUS_ICON.indeterminate} iamspec: ${s.failed + s.indeterminate} of ${s.expectations} expectation${s.expectations === 1 ? ' does' : 's do'} not hold`;
  const lines = [`### ${headline}`, '', `**${summaryLine(result)}**`];
  const about = [
    result.specFile && `spec ${code(result.specFile)}`,
    result.inputs.length && `inputs ${result.inputs.map(code).join(', ')}`,
  ].filter(Boolean);
  if (about.length) lines.push('', about.join(' · '));
  lines.push('');
  if (result.expectations.length) {
    lines.push('| Status | Expectation | Description | Checks | Spec |', '| --- | --- | --- | --- | --- |');
    for (const e of result.expectations) {
      const passed = e.checks.filter((c) => c.status === 'pass').length;
      lines.push(
        `| ${STATUS_ICON[e.status]} ${STATUS_TEXT[e.status]} | ${code(e.id).replace(/\|/g, '\\|')} | ${e.description ? mdText(e.description) : ''} | ${passed}/${e.checks.length} | ${code(formatSpecLocation(e.location)).replace(/\|/g, '\\|')} |`,
      );
    }
    lines.push('');
  } else lines.push('_The spec has no expectations._', '');
  for (const e of result.expectations) if (e.status !== 'pass') lines.push(...detailsBlock(e));
  if (result.notes.length) {
    for (const n of result.notes) lines.push(`> **Note:** ${mdText(n)}`, '');
  }
  for (const w of result.warnings) {
    if (!w.location) continue;
    lines.push(
      `> [!WARNING]`,
      `> ${mdText(w.message)} (${code(formatSpecLocation(w.location))}, ${code(w.code)})`,
      '',
    );
  }
  lines.push(...inputWarningsMd(result));
  return `${lines.join('\n')}\n`;
}

/** Input warnings listed in the Markdown report (the JSON report has them all). */
const LISTED_INPUT_WARNINGS = 20;

/** The warnings about the inputs: counts by code, then a table of the first ones with their places. */
function inputWarningsMd(result: SpecResult): string[] {
  const warnings = result.warnings.filter(isInputWarning);
  if (!warnings.length) return [];
  const failures = inputFailures(result);
  const verdict = warnings.filter(affectsVerdicts).length;
  const lines = [
    `#### Warnings about the inputs`,
    '',
    `The inputs have ${mdText(severityCounts(warnings))}, ${verdict} of which could change a verdict: ${mdText(warningCounts(warnings))}.`,
    '',
  ];
  if (failures.length) {
    lines.push(`> [!CAUTION]`, `> ${mdText(inputFailureLine(failures, result.strict))}.`, '');
  }
  lines.push(
    '| Severity | Code | Where | Message | Could change a verdict |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const w of warnings.slice(0, LISTED_INPUT_WARNINGS)) {
    const place = warningPlace(w);
    lines.push(
      `| ${w.severity} | ${code(w.code)} | ${place ? code(place).replace(/\|/g, '\\|') : ''} | ${mdText(w.message)} | ${affectsVerdicts(w) ? 'yes' : 'no'} |`,
    );
  }
  if (warnings.length > LISTED_INPUT_WARNINGS) {
    lines.push(
      '',
      `_… and ${warnings.length - LISTED_INPUT_WARNINGS} more: the JSON report (\`--format json\`) lists them all._`,
    );
  }
  lines.push('');
  return lines;
}
