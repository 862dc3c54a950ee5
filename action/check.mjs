// Runs `iamspec check` for the Action, once: the JSON report (always: the verdict comes from its
// summary) and every requested format (sarif, markdown, junit, text; markdown also when the step
// summary or the pull-request comment needs it) written by that one run to the report directory
// (`--format json --out F --sarif F --markdown F ...`).
// Appends the markdown report to the step summary, prints each failed or indeterminate result as
// an annotation on the line of the statement to fix (annotations.mjs; from the SARIF report,
// written for that even when `formats` does not ask for it), and sets the step outputs. Exits 0 whatever
// the verdict (the SARIF upload and the comment come first; verdict.mjs fails the job), 2 when
// iamspec could not run the check (bad input, bad spec). An error about the inputs that could
// change a verdict (or, with --strict, a warning) makes iamspec exit 2 after writing every
// report: the reports are published as usual and the result is `input-error`, which
// verdict.mjs always fails.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotationsOf } from './annotations.mjs';
import { appendSummary, error, flag, input, lines, paths, setOutput, words } from './runner.mjs';

const FILE_NAMES = {
  json: 'iamspec.json',
  sarif: 'iamspec.sarif',
  markdown: 'iamspec.md',
  junit: 'iamspec.junit.xml',
  text: 'iamspec.txt',
};

/** The `iamspec check` arguments the inputs ask for, without --format and --out. */
function checkArguments() {
  const inputs = paths('inputs');
  const spec = input('spec');
  if (inputs.length === 0)
    throw new Error('the `inputs` input is empty: name the templates, plans or directories to check');
  if (!spec) throw new Error('the `spec` input is empty: name the access spec (access.yaml)');
  const args = ['check', ...inputs, '--spec', spec];
  for (const name of ['account', 'region', 'partition', 'now']) {
    if (input(name)) args.push(`--${name}`, input(name));
  }
  for (const v of lines('vars')) args.push('--var', v);
  for (const f of lines('var-files')) args.push('--var-file', f);
  for (const p of lines('parameters')) args.push('--parameter', p);
  args.push(...words('args'));
  return args;
}

/** The report formats to write: the requested ones, plus markdown when something shows it. */
function reportFormats() {
  const requested = words('formats').map((f) => f.toLowerCase());
  for (const f of requested) {
    if (!(f in FILE_NAMES))
      throw new Error(`unknown format "${f}" in \`formats\` (${Object.keys(FILE_NAMES).join(', ')})`);
  }
  const wanted = new Set(requested.filter((f) => f !== 'json'));
  if (flag('step-summary') || flag('comment')) wanted.add('markdown');
  return [...wanted];
}

/** passed, failed (an expectation does not hold) or indeterminate (one depends on an unknown value). */
function verdictOf(summary) {
  if (summary.failed > 0) return 'failed';
  if (summary.indeterminate > 0) return 'indeterminate';
  return 'passed';
}

function runCli(cli, args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

/** The check's JSON report when it is one (written in full before an exit 2 on input errors). */
function reportOf(file) {
  try {
    const result = JSON.parse(readFileSync(file, 'utf8'));
    return result && typeof result === 'object' && result.summary && result.ok === false ? result : undefined;
  } catch {
    return undefined;
  }
}

function lastLine(text) {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

function main() {
  const cli = input('cli');
  if (!cli) throw new Error('no iamspec CLI to run (the install step sets INPUT_CLI)');
  const base = checkArguments();
  const formats = reportFormats();
  const dir = input('report-dir') || join(process.env.RUNNER_TEMP || tmpdir(), 'iamspec-report');
  mkdirSync(dir, { recursive: true });

  const jsonFile = join(dir, FILE_NAMES.json);
  const sarifFile = join(dir, FILE_NAMES.sarif);
  const annotate = flag('annotations');
  const written = annotate && !formats.includes('sarif') ? [...formats, 'sarif'] : formats;
  const args = [...base, '--format', 'json', '--out', jsonFile];
  for (const format of written) args.push(`--${format}`, join(dir, FILE_NAMES[format]));
  console.log(`iamspec ${args.join(' ')}`);
  rmSync(jsonFile, { force: true });
  rmSync(sarifFile, { force: true });
  const run = runCli(cli, args);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  const reported = run.status === 2 && existsSync(jsonFile) && reportOf(jsonFile);
  if (run.status !== 0 && run.status !== 1 && !reported) {
    error(`iamspec check could not run (exit ${run.status}): ${run.stderr.trim().split('\n')[0] ?? ''}`);
    setOutput('exit-code', String(run.status));
    return 2;
  }
  if (reported) error(`iamspec check: ${lastLine(run.stderr).replace(/^iamspec: /, '')}`);
  const result = reported || JSON.parse(readFileSync(jsonFile, 'utf8'));
  setOutput('json-file', jsonFile);
  for (const format of formats) setOutput(`${format}-file`, join(dir, FILE_NAMES[format]));

  if (annotate && existsSync(sarifFile)) {
    for (const line of annotationsOf(JSON.parse(readFileSync(sarifFile, 'utf8')))) console.log(line);
  }
  if (flag('step-summary') && formats.includes('markdown')) {
    appendSummary(readFileSync(join(dir, FILE_NAMES.markdown), 'utf8'));
  }
  const verdict = reported ? 'input-error' : verdictOf(result.summary);
  setOutput('result', verdict);
  setOutput('exit-code', String(run.status));
  setOutput('report-dir', dir);
  for (const key of ['expectations', 'passed', 'failed', 'indeterminate'])
    setOutput(key, result.summary[key]);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
