// `iamspec check INPUT... --spec access.yaml [--format text|json|sarif|junit|markdown] [--out F]
// [--text F] [--json F] [--sarif F] [--junit F] [--markdown F] [--fail-on failed|indeterminate]
// [--strict]`: reads the spec, loads the model from the inputs (the spec's account is the
// deploying account for inputs that do not state theirs, as --account), runs the spec against it
// and reports the result; the spec's warnings and the summary of the warnings about the inputs go
// to stderr as well as into the report.
// Exit codes (ARCHITECTURE.md "Contracts"): 0 = every expectation holds; 1 = an expectation fails or
// is indeterminate (a check that depends on a value unknown until deploy does not hold);
// 2 = usage, input or spec error (one message with file:line:column), an error about the inputs
// that could change a verdict (a template AWS would reject...), and with --strict any warning
// about the inputs that could change a verdict: both after the reports are written (strict makes
// warnings errors, and errors about the inputs exit 2). With --fail-on failed an indeterminate
// expectation does not exit 1.
// One run writes every report asked for: the --format report on stdout (or to --out), and one
// file per --<format> FILE option (report-files.ts).

import { loadModelByKind } from '../../adapters/load-by-kind.js';
import { compileModel } from '../../engine/index.js';
import {
  colorEnabled,
  renderSpecResult,
  renderSummaryLine,
  SPEC_REPORT_FORMATS,
  type SpecReportFormat,
} from '../../report/index.js';
import { warningLine } from '../../report/warnings.js';
import { indeterminateSummaryLines } from '../../report/spec-details.js';
import { deployingAccount, fullAccessDetachedLevels, statedStackRoles } from '../../spec/account.js';
import { loadSpec } from '../../spec/parse.js';
import { runSpec } from '../../spec/run.js';
import { inputFailures, isInputWarning } from '../../spec/warnings.js';
import { type CliIo, processIo } from '../io.js';
import {
  COMMON_HELP,
  choiceOption,
  flagOption,
  loadOptionsOf,
  parseCommandLine,
  stringOption,
  requireInputs,
} from '../options.js';
import { failOnOption, REPORT_FILE_OPTIONS, reportFilesOf, writeReportFile } from '../report-files.js';
import { UsageError } from '../usage-error.js';
import { inputFailureMessage, printInputWarnings } from '../warnings.js';

export const CHECK_HELP = `Usage: iamspec check INPUT... --spec access.yaml [--format text|json|sarif|junit|markdown]
                     [--out FILE] [--sarif FILE] [--markdown FILE] [--junit FILE] [--json FILE]
                     [--text FILE] [--fail-on failed|indeterminate] [--strict]

Checks the access spec against the model built from the inputs: every can / cannot request,
every exhaustive only / onlyPrincipals check, every via role chain. A failure names the
statement to fix and its source (file:line:column, CDK construct path, logical id, Terraform
address) and, for exhaustive checks, the witness requests.

Options:
  --spec FILE           the access spec (YAML or JSON; required)
  --format F            the report on standard output: text (default; coloured on a terminal
                        unless NO_COLOR is set, FORCE_COLOR forces colour), json (the
                        SpecResult), sarif (SARIF 2.1.0 for code scanning), junit (JUnit XML,
                        one test case per expectation), markdown (pull-request comments,
                        GITHUB_STEP_SUMMARY)
  --out FILE            write the --format report to FILE and print only the summary line
  --sarif FILE, --markdown FILE, --junit FILE, --json FILE, --text FILE
                        also write that report to FILE, in the same run (any of them together;
                        standard output still shows the --format report). E.g. a CI job:
                          --sarif iamspec.sarif --markdown iamspec.md --junit iamspec.xml
  --fail-on WHAT        what exits 1: 'indeterminate' (default) a failed or an indeterminate
                        expectation; 'failed' only a failed one (indeterminate expectations,
                        which depend on a value unknown until deploy, are reported, and JUnit
                        marks them skipped)
  --strict              make warnings errors (exit 2), as strict: true in the spec does: the
                        spec's warnings (an exact bucket ARN that is not in the model, by
                        default a warning with the close bucket names: the bucket may be made
                        elsewhere), and every warning about the inputs that could change a
                        verdict (a count that cannot be determined, a policy iamspec does not
                        model, a principal defined outside the inputs...); the report is still
                        written and lists them

can / cannot hold only if they hold under every request context the spec does not pin
(conditional access fails both, with its conditions); pin keys with context: (null = absent).
The spec's account: is the deploying account: inputs that do not state their account are
loaded into it (as --account); inputs that state another, or a different --account, are an error.

Warnings about the inputs (what iamspec could not pin down) are summarised on stderr (counts
by code, the first few with their locations; --show-warnings lists them all) and listed in
every report; a check whose verdict depends on one names it. Indeterminate checks are
counted on stderr, each with the first unknown it depends on; every report says why each is
indeterminate (json and sarif: the structured "indeterminate": { reasons } of the check).

Exit codes: 0 every expectation holds, 1 an expectation fails or is indeterminate (depends on
a value unknown until deploy; with --fail-on failed, only a failure), 2 usage, input or spec
error, an error about the inputs that could change a verdict (a template or policy AWS would
reject; no --strict needed), or (--strict) any warning about the inputs that could change a
verdict. Exit 2 comes after the reports are written in full.

${COMMON_HELP.replace(/\n\nExit codes:[^\n]*\n?/, '\n\n')}
`;

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('check', argv, {
    spec: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    strict: { type: 'boolean' },
    'fail-on': { type: 'string' },
    ...REPORT_FILE_OPTIONS,
  });
  if (flagOption(values, 'help')) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const format: SpecReportFormat = choiceOption(values, 'format', SPEC_REPORT_FORMATS, 'text', 'check');
  requireInputs(positionals, 'check');
  const specFile = stringOption(values, 'spec');
  if (!specFile) throw new UsageError('--spec FILE is required (the access spec, YAML or JSON)', 'check');
  const files = reportFilesOf(values, format, 'check');
  const failOn = failOnOption(values, 'check');
  const options = loadOptionsOf(values, 'check');

  const spec = loadSpec(specFile);
  const account = deployingAccount(options.account, spec);
  if (account) options.account = account;
  const detached = fullAccessDetachedLevels(options.scpFullAccessDetached, spec);
  if (detached) options.scpFullAccessDetached = detached;
  const stackRoles = statedStackRoles(options.stackRoles, spec);
  if (stackRoles) options.stackRoles = stackRoles;
  const { model } = await loadModelByKind(positionals, options);
  printInputWarnings(io, model, values, { more: 'and so do the json, sarif, junit and markdown reports' });
  const engine = compileModel(model, { now: options.now });
  const result = runSpec(model, spec, { engine, inputs: positionals, strict: flagOption(values, 'strict') });
  for (const w of result.warnings) if (!isInputWarning(w)) io.stderr(`iamspec: ${warningLine(w)}\n`);

  const env = io.env ?? {};
  const tty = io === processIo && process.stdout.isTTY === true;
  for (const file of files)
    writeReportFile(file, renderSpecResult(result, file.format, { color: false, failOn }));
  if (files.some((f) => f.option === '--out')) {
    io.stdout(renderSummaryLine(result, { color: colorEnabled(tty, env) }));
  } else {
    io.stdout(
      renderSpecResult(result, format, { color: format === 'text' && colorEnabled(tty, env), failOn }),
    );
  }
  for (const line of indeterminateSummaryLines(result)) io.stderr(`iamspec: ${line}\n`);
  // An error about the inputs that could change a verdict is an input error (exit 2), and with
  // --strict so is every warning that could; the reports above still list everything.
  const failures = inputFailures(result);
  if (failures.length) {
    io.stderr(`iamspec: ${inputFailureMessage(failures, result.strict)}\n`);
    return 2;
  }
  if (result.summary.failed) return 1;
  if (result.summary.indeterminate) {
    if (failOn === 'indeterminate') return 1;
    const n = result.summary.indeterminate;
    io.stderr(
      `iamspec: ${n} indeterminate expectation${n === 1 ? '' : 's'} (depending on values unknown until deploy) ${n === 1 ? 'does' : 'do'} not fail the run (--fail-on failed)\n`,
    );
  }
  return 0;
}
