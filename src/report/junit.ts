// The JUnit XML report of an access-spec run (`iamspec check --format junit`), for CI test
// report views: a <testsuites> root holding one <testsuite> per spec and one <testcase> per
// expectation (classname = the spec file, name = `id: description`, file/line = the
// expectation in the spec). A failing expectation has
// <failure message="first failing check" type="fail"> with the text details of each check
// that did not pass (message, decision trace with sources, witnesses) as its body.
// Indeterminate expectations are reported as <failure type="indeterminate">, not <skipped>:
// the check does not hold (the decision depends on a value unknown until deploy), `iamspec
// check` exits 1 for it, and a skipped test would let a CI report show green.
// Text is XML-escaped; characters XML 1.0 forbids are replaced by U+FFFD.

import type { ExpectationResult, SpecResult } from '../spec/types.js';
import {
  checkDetailText,
  formatSpecLocation,
  problemChecks,
  STATUS_SYMBOL,
  warningLine,
} from './spec-details.js';

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
    parts.push(`${STATUS_SYMBOL[c.status]} [${c.kind}] ${c.message}`);
    if (c.status === 'pass') continue;
    parts.push(`    spec: ${formatSpecLocation(c.location)}`);
    const details = checkDetailText(c, '    ');
    if (details) parts.push(details);
  }
  return parts.join('\n');
}

function testcase(e: ExpectationResult, classname: string): string {
  const attrs = [`classname="${attr(classname)}"`, `name="${attr(testcaseName(e))}"`];
  if (e.location.file) attrs.push(`file="${attr(e.location.file)}"`);
  if (e.location.line !== undefined) attrs.push(`line="${e.location.line}"`);
  const open = `    <testcase ${attrs.join(' ')}`;
  if (e.status === 'pass') return `${open}/>`;
  const first = problemChecks(e.checks)[0];
  const message =
    first?.message ?? `expectation ${e.id} ${e.status === 'fail' ? 'failed' : 'is indeterminate'}`;
  const type = e.status === 'fail' ? 'fail' : 'indeterminate';
  return [
    `${open}>`,
    `      <failure message="${attr(message)}" type="${type}">${xmlEscape(failureBody(e))}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** Renders the JUnit XML report (ends with a newline). */
export function renderJunit(result: SpecResult): string {
  const suiteName = result.specFile ?? 'access spec';
  const s = result.summary;
  const failures = s.failed + s.indeterminate;
  const props = [
    ...result.inputs.map((i) => `      <property name="input" value="${attr(i)}"/>`),
    ...result.notes.map((n) => `      <property name="note" value="${attr(n)}"/>`),
    ...result.warnings.map((w) => `      <property name="warning" value="${attr(warningLine(w))}"/>`),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="iamspec" tests="${result.expectations.length}" failures="${failures}" errors="0" skipped="0">`,
    `  <testsuite name="${attr(suiteName)}" tests="${result.expectations.length}" failures="${failures}" errors="0" skipped="0"${result.specFile ? ` file="${attr(result.specFile)}"` : ''}>`,
  ];
  if (props.length) lines.push('    <properties>', ...props, '    </properties>');
  for (const e of result.expectations) lines.push(testcase(e, suiteName));
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
