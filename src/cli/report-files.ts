// Several reports from one `check` run: the `--text FILE`, `--json FILE`, `--sarif FILE`,
// `--junit FILE` and `--markdown FILE` options (each writes that format to its file, any number
// of them together with `--format`/`--out`), and `--fail-on failed|indeterminate` (what exits 1).
// Parsing and validation (one file per format, no file written twice) and the writing itself.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import { SPEC_REPORT_FORMATS, type SpecReportFormat } from '../report/index.js';
import { choiceOption, listOption, type OptionSpecs, type OptionValues, stringOption } from './options.js';
import { UsageError } from './usage-error.js';

/** `--text FILE`, `--json FILE`, ...: one option per report format. */
export const REPORT_FILE_OPTIONS: OptionSpecs = Object.fromEntries(
  SPEC_REPORT_FORMATS.map((f) => [f, { type: 'string', multiple: true }]),
);

export interface ReportFile {
  format: SpecReportFormat;
  path: string;
  /** The option that asked for it (for messages): `--sarif`, `--out`. */
  option: string;
}

/**
 * The report files asked for: `--out FILE` (in the `--format` format) and every `--<format> FILE`.
 * Throws UsageError when a format option is repeated or two options name the same file.
 */
export function reportFilesOf(values: OptionValues, format: SpecReportFormat, command: string): ReportFile[] {
  const files: ReportFile[] = [];
  const out = stringOption(values, 'out');
  if (out !== undefined) files.push({ format, path: out, option: '--out' });
  for (const f of SPEC_REPORT_FORMATS) {
    const paths = listOption(values, f);
    if (paths.length > 1)
      throw new UsageError(`--${f} is given ${paths.length} times: one ${f} report per run`, command);
    if (paths[0] !== undefined) files.push({ format: f, path: paths[0], option: `--${f}` });
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const key = resolve(file.path);
    const other = seen.get(key);
    if (other)
      throw new UsageError(
        `${other} and ${file.option} both write ${file.path}: give each report its own file`,
        command,
      );
    seen.set(key, file.option);
  }
  return files;
}

/** Writes `text` to `file` (creating its directory). Throws InputError naming the option. */
export function writeReportFile(file: ReportFile, text: string): void {
  try {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, text);
  } catch (e) {
    throw new InputError(`cannot write the report (${file.option}): ${(e as Error).message}`, {
      file: file.path,
    });
  }
}

export const FAIL_ON = ['failed', 'indeterminate'] as const;
/**
 * What makes `check` exit 1: `indeterminate` (default) a failed or an indeterminate
 * expectation; `failed` only a failed one (an expectation that depends on a value unknown until
 * deploy is reported, and does not fail the run).
 */
export type FailOn = (typeof FAIL_ON)[number];

export function failOnOption(values: OptionValues, command: string): FailOn {
  return choiceOption(values, 'fail-on', FAIL_ON, 'indeterminate', command);
}
