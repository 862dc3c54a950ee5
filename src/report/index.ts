// Spec reports: renders a SpecResult (src/spec/types.ts) in one of the formats of
// `iamspec check --format`: text, json, sarif, junit, markdown.

import type { SpecResult } from '../spec/types.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const SPEC_REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type SpecReportFormat = (typeof SPEC_REPORT_FORMATS)[number];

export interface SpecReportOptions {
  /** Text format only: use ANSI colours. */
  color?: boolean;
  /** SARIF only: directory artifact URIs are relative to (default: the working directory). */
  cwd?: string;
  /** SARIF only: tool version (default: iamspec's package version). */
  toolVersion?: string;
  /**
   * JUnit only: what fails the run (`iamspec check --fail-on`). With `failed`, an indeterminate
   * expectation is a skipped test case (it does not fail the run); by default a failure.
   */
  failOn?: 'failed' | 'indeterminate';
}

/** Renders a spec result in `format` (the returned text ends with a newline). */
export function renderSpecResult(
  result: SpecResult,
  format: SpecReportFormat,
  options: SpecReportOptions = {},
): string {
  switch (format) {
    case 'text':
      return renderText(result, { color: options.color });
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result, { cwd: options.cwd, toolVersion: options.toolVersion });
    case 'junit':
      return renderJunit(result, { failOn: options.failOn });
    case 'markdown':
      return renderMarkdown(result);
  }
}

export { colorEnabled, renderSummaryLine, renderText } from './text.js';
export { renderJson, toJsonReport } from './json.js';
export { renderSarif, toSarif } from './sarif.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { summaryLine } from './spec-details.js';
