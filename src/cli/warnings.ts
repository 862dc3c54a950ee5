// The warnings about the inputs on stderr, for every command: the short summary of what iamspec
// could not pin down (counts by code, how many could change a verdict, the first few with their
// locations, src/report/warnings.ts), or every one of them with --show-warnings; and the line
// that says a run fails (exit 2) because of them.

import type { Model } from '../model/types.js';
import { inputFailureLine, inputWarningsSummary } from '../report/warnings.js';
import type { SpecWarning } from '../spec/types.js';
import { inputWarnings, warningReference } from '../spec/warnings.js';
import type { CliIo } from './io.js';
import { flagOption, type OptionValues } from './options.js';

/** Warnings listed on stderr without --show-warnings. */
export const SHOWN_WARNINGS = 5;

/**
 * Prints the summary of `warnings` (default: the model's warnings about the inputs) on stderr;
 * `more` says where else they are (e.g. the JSON report) besides --show-warnings.
 */
export function printInputWarnings(
  io: CliIo,
  model: Model,
  values: OptionValues,
  options: { warnings?: readonly SpecWarning[]; more?: string; prefix?: string } = {},
): void {
  const all = flagOption(values, 'show-warnings');
  const summary = inputWarningsSummary(options.warnings ?? inputWarnings(model), {
    shown: all ? Number.POSITIVE_INFINITY : SHOWN_WARNINGS,
    more: `--show-warnings lists them all${options.more ? `, ${options.more}` : ''}`,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
  if (summary) io.stderr(summary);
}

/**
 * The one stderr line (without prefix) that says a run fails with exit 2 because of warnings
 * about the inputs (spec/warnings.ts `failingInputWarnings`): why (errors fail without
 * --strict; `strictOption` '' for a command without it), the first one with its place, and how many more: `1 error about the inputs could
 * change a verdict, so the run fails (errors fail without --strict): cfn/invalid-resource at
 * t1.yaml:3:5 (logical id R); exit 2`.
 */
export function inputFailureMessage(
  failures: readonly SpecWarning[],
  strict: boolean,
  strictOption = '--strict',
): string {
  const first = failures[0];
  const rest = failures.length - 1;
  const which = first ? `: ${warningReference(first)}${rest ? ` and ${rest} more` : ''}` : '';
  return `${inputFailureLine(failures, strict, strictOption)}${which}; exit 2`;
}
