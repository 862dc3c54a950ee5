// The text report of an access-spec run (the default of `iamspec check`): one block per
// expectation (✓ passed, ✗ failed, ? indeterminate); for each check that did not pass its
// message, decision trace (policy, statement, source), witnesses and statements to fix; the
// notes, the spec's warnings and the summary of the warnings about the inputs once (with the
// strict failure they cause); and a closing summary line `3 passed, 1 failed, 0 indeterminate`.
// Colour (ANSI) only when asked for: see `colorEnabled` for the TTY / NO_COLOR / FORCE_COLOR rule.

import type { CheckResult, ExpectationResult, SpecResult } from '../spec/types.js';
import { inputFailures, isInputWarning } from '../spec/warnings.js';
import {
  checkDetailLines,
  type DetailLine,
  formatSpecLocation,
  STATUS_SYMBOL,
  type Status,
  summaryLine,
} from './spec-details.js';
import { checkMessageWithoutListedReasons } from './finding-message.js';
import { inputWarningsSummary, inputFailureLine, warningLine } from './warnings.js';

export interface TextReportOptions {
  /** Use ANSI colours (default false). */
  color?: boolean;
}

/**
 * Whether to colour output written to a stream:
 * - `NO_COLOR` set to a non-empty value turns colour off (https://no-color.org);
 * - otherwise `FORCE_COLOR` set turns it on (`FORCE_COLOR=0` or `false` turns it off), also
 *   when the output is not a terminal (CI logs that render ANSI);
 * - otherwise colour only when the output is a TTY.
 */
export function colorEnabled(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY === true;
}

interface Palette {
  status(s: Status, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const green = sgr(32, 39);
const red = sgr(31, 39);
const yellow = sgr(33, 39);

const ANSI: Palette = {
  status: (s, text) => (s === 'pass' ? green : s === 'fail' ? red : yellow)(text),
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  cyan: sgr(36, 39),
};

const PLAIN: Palette = {
  status: (_s, text) => text,
  bold: (text) => text,
  dim: (text) => text,
  cyan: (text) => text,
};

function checkHeading(c: CheckResult): string {
  // its reasons are listed under it (spec-details.ts): said once (report/finding-message.ts)
  return `[${c.kind}] ${checkMessageWithoutListedReasons(c.message, c.indeterminate)}`;
}

function detailLine(l: DetailLine, indent: string, p: Palette): string {
  const pad = indent + '  '.repeat(l.indent);
  switch (l.role) {
    case 'heading':
      return pad + p.bold(l.text);
    case 'source':
      return pad + p.cyan(l.text);
    case 'statement':
      return pad + p.dim(l.text);
    case 'warning':
      return pad + p.status('indeterminate', l.text);
    default:
      return pad + l.text;
  }
}

function expectationBlock(e: ExpectationResult, p: Palette): string[] {
  const head = `${p.status(e.status, STATUS_SYMBOL[e.status])} ${p.bold(e.id)}${e.description ? ` — ${e.description}` : ''}`;
  const lines = [`${head}  ${p.dim(formatSpecLocation(e.location))}`];
  if (e.status === 'pass') return lines;
  for (const c of e.checks) {
    lines.push(`    ${p.status(c.status, STATUS_SYMBOL[c.status])} ${checkHeading(c)}`);
    if (c.status === 'pass') continue;
    lines.push(`        ${p.dim(`spec: ${formatSpecLocation(c.location)}`)}`);
    for (const l of checkDetailLines(c)) lines.push(detailLine(l, '        ', p));
  }
  return lines;
}

/** Renders the text report (ends with a newline). */
export function renderText(result: SpecResult, options: TextReportOptions = {}): string {
  const p = options.color ? ANSI : PLAIN;
  const out: string[] = [];
  const header = [
    result.specFile && `spec ${result.specFile}`,
    result.inputs.length && `inputs ${result.inputs.join(', ')}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (header) out.push(p.dim(`iamspec check: ${header}`), '');
  if (!result.expectations.length) out.push('(the spec has no expectations)');
  for (const e of result.expectations) out.push(...expectationBlock(e, p));
  if (result.notes.length) {
    out.push('');
    for (const n of result.notes) out.push(p.dim(`note: ${n}`));
  }
  const specWarnings = result.warnings.filter((w) => !isInputWarning(w));
  if (specWarnings.length) {
    out.push('');
    for (const w of specWarnings) out.push(p.status('indeterminate', warningLine(w)));
  }
  const inputs = inputWarningsSummary(
    result.warnings.filter((w) => isInputWarning(w)),
    { prefix: '', shown: 10, more: 'the JSON report (--format json) lists them all' },
  );
  if (inputs)
    out.push(
      '',
      ...inputs
        .trimEnd()
        .split('\n')
        .map((l) => p.status('indeterminate', l)),
    );
  const failures = inputFailures(result);
  if (failures.length) out.push('', p.status('fail', inputFailureLine(failures, result.strict)));
  out.push('', colorSummary(result, p));
  return `${out.join('\n')}\n`;
}

function colorSummary(result: SpecResult, p: Palette): string {
  const s = result.summary;
  const text = summaryLine(result);
  if (p === PLAIN) return text;
  const status: Status = s.failed ? 'fail' : s.indeterminate ? 'indeterminate' : 'pass';
  return p.status(status, text);
}

/** The summary line alone, optionally coloured (for `--out`, where the report goes to a file). */
export function renderSummaryLine(result: SpecResult, options: TextReportOptions = {}): string {
  return `${colorSummary(result, options.color ? ANSI : PLAIN)}\n`;
}
