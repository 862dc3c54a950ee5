// The one summary of what iamspec could not pin down, in words: a warning on one line (the spec
// element or the place in the inputs, the message, the code), the counts by code, and the short
// summary every command prints on stderr (and the matchers put in their messages): how many
// warnings about the inputs, how many could change a verdict, the first few with their
// locations, and how to see them all.

import { couldChangeVerdict } from '../model/finding-codes.js';
import { formatSource } from '../model/source.js';
import type { Source } from '../model/source.js';
import type { SpecWarning } from '../spec/types.js';
import { formatSpecLocation } from './spec-details.js';

/** Where a warning is: the spec element (`access.yaml:5:15`) or the inputs (`main.tf:4:3 (aws_iam_role.x)`). */
export function warningPlace(w: SpecWarning): string | undefined {
  if (w.location) return formatSpecLocation(w.location);
  const at = w.source ? formatSource(w.source) : '(unknown source)';
  return at === '(unknown source)' ? undefined : at;
}

/** A warning on one line: `access.yaml:5:15: warning: ... [spec/resource-not-in-model]`. */
export function warningLine(w: SpecWarning): string {
  const place = warningPlace(w);
  return `${place ? `${place}: ` : ''}${w.severity}: ${w.message} [${w.code}]`;
}

/** `2 tf/unknown-instances, 1 policy/unknown-action` (codes that could change a verdict first). */
export function warningCounts(warnings: readonly SpecWarning[]): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  return [...counts.entries()]
    .sort(
      ([a, m], [b, n]) =>
        Number(couldChangeVerdict(b)) - Number(couldChangeVerdict(a)) || n - m || a.localeCompare(b),
    )
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
}

/** The line that says a strict run fails because of warnings about the inputs. */
export function strictLine(count: number): string {
  return `strict: ${count} warning${count === 1 ? '' : 's'} about the inputs could change a verdict, so the run fails`;
}

/**
 * The line that says a run fails because of errors about the inputs (strict or not); `strict`
 * names the option of the front end (`--strict`, `strict: true`), '' for one without it.
 */
export function errorLine(count: number, strict = 'strict'): string {
  const without = strict ? ` (errors fail without ${strict})` : '';
  return `${count} error${count === 1 ? '' : 's'} about the inputs could change a verdict, so the run fails${without}`;
}

/**
 * The line that says why the failing warnings about the inputs (spec/warnings.ts
 * `failingInputWarnings`) fail the run: `strictLine` when strict made a warning fail it, else
 * `errorLine`.
 */
export function inputFailureLine(
  failures: readonly SpecWarning[],
  strict: boolean,
  strictOption = 'strict',
): string {
  return strict && failures.some((w) => w.severity !== 'error')
    ? strictLine(failures.length)
    : errorLine(failures.length, strictOption);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `1 error and 2 warnings` */
export function severityCounts(warnings: readonly SpecWarning[]): string {
  const errors = warnings.filter((w) => w.severity === 'error').length;
  const others = warnings.length - errors;
  const parts = [errors && plural(errors, 'error'), others && plural(others, 'warning')].filter(Boolean);
  return parts.join(' and ') || 'no warnings';
}

export interface WarningsSummaryOptions {
  /** How many warnings to list (default 5); `Infinity` lists all. */
  shown?: number;
  /** How to see them all, said when some are not listed (e.g. `--show-warnings lists them all`). */
  more?: string;
  /** Prefix of the first line (default `iamspec: `). */
  prefix?: string;
  /** Indent of the listed warnings (default two spaces). */
  indent?: string;
}

/**
 * The summary of warnings about the inputs: a heading with the counts (severity, could change a
 * verdict, by code), then the first few warnings with their locations, then how to see all.
 * Undefined when there is nothing to say. Ends with a newline.
 */
export function inputWarningsSummary(
  warnings: readonly SpecWarning[],
  options: WarningsSummaryOptions = {},
): string | undefined {
  if (!warnings.length) return undefined;
  const shown = options.shown ?? 5;
  const prefix = options.prefix ?? 'iamspec: ';
  const indent = options.indent ?? '  ';
  const verdict = warnings.filter((w) => couldChangeVerdict(w.code)).length;
  const impact = verdict
    ? `${verdict === warnings.length ? (warnings.length === 1 ? 'it' : 'all') : verdict} could change a verdict`
    : 'none changes a verdict';
  const lines = [
    `${prefix}the inputs have ${severityCounts(warnings)} (${impact}): ${warningCounts(warnings)}`,
  ];
  for (const w of warnings.slice(0, shown)) lines.push(`${indent}${warningLine(w)}`);
  const hidden = warnings.length - Math.min(shown, warnings.length);
  if (hidden > 0 && shown > 0)
    lines.push(`${indent}... and ${hidden} more${options.more ? `: ${options.more}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** A warning about the inputs a decision depends on, in JSON outputs (`eval`, `explain`). */
export interface DependsOn {
  code: string;
  severity: SpecWarning['severity'];
  message: string;
  source: Source | null;
}

export function dependsOnEntry(w: SpecWarning): DependsOn {
  return { code: w.code, severity: w.severity, message: w.message, source: w.source ?? null };
}

/** A warning about the inputs in the JSON of `who-can` and `matrix` (as in the spec JSON report). */
export interface JsonWarning extends DependsOn {
  affectsVerdicts: boolean;
}

export function jsonWarning(w: SpecWarning): JsonWarning {
  return { ...dependsOnEntry(w), affectsVerdicts: couldChangeVerdict(w.code) };
}
