// The JUnit XML report of an access-spec run (`iamspec check --format junit`), for CI test
// report views: a <testsuites> root holding one <testsuite> per spec and one <testcase> per
// expectation (classname = the spec file, name = `id: description`, file/line = the
// expectation in the spec). A failing expectation has
// <failure message="first failing check" type="fail"> with the text details of each check
// that did not pass (message, decision trace with sources, witnesses) as its body.
// Indeterminate expectations are reported as <failure type="indeterminate">, not <skipped>:
// the check does not hold (the decision depends on a value unknown until deploy), `iamspec
// check` exits 1 for it, and a skipped test would let a CI report show green; except with
// `failOn: 'failed'` (`iamspec check --fail-on failed`), where they do not fail the run and are
// <skipped message="indeterminate: ..."> with the details as the body. An indeterminate test
// case's message ends with "indeterminate because ..." (the unknowns of its first check) and its
// body lists each check's unknowns with their sources.
// Every warning (the spec's and the inputs') is a <property name="warning">; a failing check's body
// names the warnings about the inputs it depends on; a strict run that fails on warnings about
// the inputs has one more failed test case listing them.
// Text is XML-escaped; characters XML 1.0 forbids are replaced by U+FFFD.

import { indeterminateBecause } from '../analysis/indeterminate.js';
import type { ExpectationResult, SpecResult } from '../spec/types.js';
import { inputFailures } from '../spec/warnings.js';
import { checkMessageWithoutListedReasons } from './finding-message.js';
import { checkDetailText, formatSpecLocation, problemChecks, STATUS_SYMBOL } from './spec-details.js';
import { inputFailureLine, warningLine } from './warnings.js';

/** Escapes text for XML 1.0 content and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Attribute values: as content, and newlines kept as character references (attribute normalization would turn them into spaces). */
function attr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;');
}

function testcaseName(e: ExpectationResult): string {
  return e.description ? `${e.id}: ${e.description}` : e.id;
}

function failureBody(e: ExpectationResult): string {
  const parts: string[] = [];
  for (const c of e.checks) {
    parts.push(
      `${STATUS_SYMBOL[c.status]} [${c.kind}] ${checkMessageWithoutListedReasons(c.message, c.indeterminate)}`,
    );
    if (c.status === 'pass') continue;
    parts.push(`    spec: ${formatSpecLocation(c.location)}`);
    const details = checkDetailText(c, '    ');
    if (details) parts.push(details);
  }
  return parts.join('\n');
}

export interface JunitOptions {
  /** `failed`: indeterminate expectations are skipped test cases (they do not fail the run). */
  failOn?: 'failed' | 'indeterminate';
}

function testcase(e: ExpectationResult, classname: string, skipUnknown: boolean): string {
  const attrs = [`classname="${attr(classname)}"`, `name="${attr(testcaseName(e))}"`];
  if (e.location.file) attrs.push(`file="${attr(e.location.file)}"`);
  if (e.location.line !== undefined) attrs.push(`line="${e.location.line}"`);
  const open = `    <testcase ${attrs.join(' ')}`;
  if (e.status === 'pass') return `${open}/>`;
  const first = problemChecks(e.checks)[0];
  // the reasons said once: in `because`, not in the message too (report/finding-message.ts)
  const message = first
    ? checkMessageWithoutListedReasons(first.message, first.indeterminate)
    : `expectation ${e.id} ${e.status === 'fail' ? 'failed' : 'is indeterminate'}`;
  const type = e.status === 'fail' ? 'fail' : 'indeterminate';
  // An indeterminate test case says why in its message too (the body lists every reason).
  const because =
    type === 'indeterminate' && first?.indeterminate ? `: ${indeterminateBecause(first.indeterminate)}` : '';
  if (type === 'indeterminate' && skipUnknown)
    return [
      `${open}>`,
      `      <skipped message="${attr(`indeterminate: ${message}${because}`)}">${xmlEscape(failureBody(e))}</skipped>`,
      '    </testcase>',
    ].join('\n');
  return [
    `${open}>`,
    `      <failure message="${attr(`${message}${because}`)}" type="${type}">${xmlEscape(failureBody(e))}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/**
 * A run that fails on warnings about the inputs (an error that could change a verdict, or with
 * strict any warning that could): one more test case, failed, listing them (so a CI report
 * shows why the run failed).
 */
function strictTestcase(result: SpecResult, classname: string): string | undefined {
  const failures = inputFailures(result);
  if (!failures.length) return undefined;
  const body = failures.map(warningLine).join('\n');
  const strict = result.strict && failures.some((w) => w.severity !== 'error');
  const name = strict
    ? 'strict: no warning about the inputs could change a verdict'
    : 'no error about the inputs could change a verdict';
  return [
    `    <testcase classname="${attr(classname)}" name="${name}">`,
    `      <failure message="${attr(inputFailureLine(failures, result.strict))}" type="${strict ? 'strict' : 'input-error'}">${xmlEscape(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** Renders the JUnit XML report (ends with a newline). */
export function renderJunit(result: SpecResult, options: JunitOptions = {}): string {
  const suiteName = result.specFile ?? 'access spec';
  const s = result.summary;
  const strict = strictTestcase(result, suiteName);
  const tests = result.expectations.length + (strict ? 1 : 0);
  const skipUnknown = options.failOn === 'failed';
  const skipped = skipUnknown ? s.indeterminate : 0;
  const failures = s.failed + s.indeterminate - skipped + (strict ? 1 : 0);
  const props = [
    ...result.inputs.map((i) => `      <property name="input" value="${attr(i)}"/>`),
    ...result.notes.map((n) => `      <property name="note" value="${attr(n)}"/>`),
    ...result.warnings.map((w) => `      <property name="warning" value="${attr(warningLine(w))}"/>`),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="iamspec" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${attr(suiteName)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}"${result.specFile ? ` file="${attr(result.specFile)}"` : ''}>`,
  ];
  if (props.length) lines.push('    <properties>', ...props, '    </properties>');
  for (const e of result.expectations) lines.push(testcase(e, suiteName, skipUnknown));
  if (strict) lines.push(strict);
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
