// `iamspec diff --base INPUT... INPUT... [--format text|json|markdown|sarif|html] [--out F]
// [--fail-on added|risk|none] [--principal P]... [--resource R]...` and `iamspec diff plan.json
// [config-dir]`: the effective-access diff of a change (issue 16). The base is the inputs given
// with --base (or an access snapshot written by `iamspec matrix --format json`); without --base,
// the one Terraform plan among the inputs is its own base (its prior state). Exit 0 when it ran,
// 1 with --fail-on when access was added or widened (`added`) or a risk finding appeared (`risk`),
// 2 on usage and input errors, and with --fail-on added|risk when the new state has an error about
// the inputs that could change a verdict (the gate cannot be trusted; after the diff is written).
// Errors of the base do not fail the gate: the change may be what fixes them.

import { indeterminateFindingsLine } from '../../analysis/indeterminate.js';
import { closeSync, openSync, writeSync } from 'node:fs';
import {
  type AccessSnapshot,
  type DiffOptions,
  diffModels,
  diffSnapshot,
} from '../../analysis/diff/access-diff.js';
import { snapshotOptionsOf } from '../../analysis/diff/snapshot-options.js';
import { checkSnapshotBase, isAccessSnapshotFile, readAccessSnapshot } from '../../analysis/diff/snapshot.js';
import { isMatrixShardFile, mergeShardFiles } from '../shard-files.js';
import type { AccessDiff } from '../../analysis/diff/types.js';
import { buildMatrixParallel } from '../../analysis/matrix/workers.js';
import { reviewRisks } from '../../analysis/risks.js';
import { detectInputByKind, loadModelByKind } from '../../adapters/load-by-kind.js';
import type { LoadOptions } from '../../adapters/load.js';
import { compileModel } from '../../engine/index.js';
import { InputError } from '../../model/input-error.js';
import { isRegionCode } from '../../model/region-substitution.js';
import { isStandInAccount } from '../../model/stand-ins.js';
import type { Model } from '../../model/types.js';
import { ModelReferenceError } from '../../requests/references.js';
import { widens } from '../../report/diff-groups.js';
import { formatDiffHtml } from '../../report/diff-html.js';
import { writeDiffJson } from '../../report/diff-json.js';
import { formatDiffMarkdown } from '../../report/diff-markdown.js';
import { writeDiffSarif } from '../../report/diff-sarif.js';
import { findingPlaces } from '../../report/finding-places.js';
import { formatDiffText, writeDiffText } from '../../report/diff-text.js';
import { inputFailureMessage, printInputWarnings } from '../warnings.js';
import { inputErrors, inputWarnings } from '../../spec/warnings.js';
import type { CliIo } from '../io.js';
import {
  COMMON_HELP,
  choiceOption,
  flagOption,
  listOption,
  loadOptionsOf,
  parseCommandLine,
  requireInputs,
  stringOption,
} from '../options.js';
import { UsageError } from '../usage-error.js';

export const DIFF_HELP = `Usage: iamspec diff --base INPUT... INPUT... [--format text|json|markdown|sarif|html] [--out FILE]
                    [--fail-on added|risk|none] [--principal P]... [--resource R]... [--title TEXT]
       iamspec diff plan.json [config-dir] [options]

What a change grants: who can do what in the new state that they could not in the base, and the
reverse, for every principal (users, roles, role chains, service and federated principals,
accounts outside the inputs, anonymous callers) on every resource and role, action by action
(allow, conditional, indeterminate, deny), each change with the statements that cause it and
their sources; and the risk findings (administrator-equivalent principals, public or
cross-account access, escalation paths...) that appear or go. The comparison is of decisions,
not of policy text: renaming or moving a policy, reordering statements or re-synthesizing
logical ids is no access change. Access to resources the inputs do not define ('*', an imported
bucket, another stack's queue) is not evaluated: a statement allowing it that the base does not
hold as it is (effect, actions, resources, conditions) is reported as not compared.

The base:
  --base INPUT         the inputs of the old state (repeat for several), in any form INPUT takes;
                       or an access snapshot written by 'iamspec matrix --format json --out F'
                       (or all the shards of one: 'iamspec matrix --shard I/N --format json')
  (no --base)          the inputs hold one Terraform plan: its prior state is the base, its
                       planned values the new state; with the configuration directory beside
                       it, what the plan leaves unknown is recomputed as in 'check'

Options:
  --format F           text (default), json, markdown (a pull-request comment), sarif (results
                       on the statements that add access), html (the access review of the new
                       state with the changed cells marked)
  --out FILE           write to FILE instead of standard output
  --fail-on WHAT       exit 1 when: 'added' any access was added or widened (or may have been:
                       indeterminate on both sides with other inputs), or some principal
                       with access could not be compared (an access snapshot written before
                       iamspec recorded the principals outside its rows), or a new or changed
                       statement allows access to resources outside the inputs; 'risk' a new risk
                       finding appeared; 'none' (default) never. With 'added' or 'risk', an
                       error about the new state's inputs that could change a verdict (a
                       template or policy AWS would reject) exits 2 after the diff is written
  --principal P        compare only this principal (repeatable; ARN, user/NAME, role/NAME...)
  --resource R         compare only this resource (repeatable)
  --title TEXT         title of the markdown comment or the html page

${COMMON_HELP.replace('Exit codes: 0 ran, 2 usage or input error', "Exit codes: 0 ran (1 with --fail-on when it applies), 2 usage or input error (with --fail-on added or risk, also an error about the new state's inputs that could change a verdict)")}
`;

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'html'] as const;
type DiffFormat = (typeof FORMATS)[number];
const FAIL_ON = ['added', 'risk', 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

function referenceError(e: unknown): never {
  if (e instanceof ModelReferenceError) throw new InputError(e.message, {}, { cause: e });
  throw e;
}

/** Loads inputs, importing only the adapters they need (load-by-kind.ts). */
async function loadInputs(inputs: readonly string[], options: LoadOptions): Promise<Model> {
  return (await loadModelByKind(inputs, options)).model;
}

/** The base of the plan-alone form: the one plan's prior state, in the new state's environment. */
async function priorStateOf(
  inputs: string[],
  next: Model,
  options: LoadOptions,
): Promise<{ model: Model; plan: string }> {
  const plans: string[] = [];
  for (const i of inputs) if ((await detectInputByKind(i)).kind === 'terraform-plan') plans.push(i);
  if (plans.length !== 1)
    throw new UsageError(
      plans.length
        ? `without --base, give one Terraform plan (its prior state is the base); got ${plans.length}`
        : 'no --base: give the inputs of the old state with --base (or an access snapshot), or a Terraform plan (its prior state is the base)',
      'diff',
    );
  // Where the plan alone does not say, the prior state takes the new state's account and region;
  // a stand-in (no account or Region stated) is not an option value: the prior load gives its own.
  const only = next.accounts.length === 1 ? next.accounts[0]! : undefined;
  const account = options.account ?? (only && !isStandInAccount(only.id) ? only.id : undefined);
  const region = options.region ?? (only?.region && isRegionCode(only.region) ? only.region : undefined);
  return {
    model: await loadInputs(plans, {
      ...options,
      planSide: 'prior',
      ...(account ? { account } : {}),
      ...(region ? { region } : {}),
    }),
    plan: plans[0]!,
  };
}

function exitCode(diff: AccessDiff, failOn: FailOn): number {
  if (failOn === 'added')
    // Principals not compared may have gained access: not verified, so no pass.
    return diff.changes.some('added', widens) || diff.changes.some('changed', widens) || diff.notCompared
      ? 1
      : 0;
  // What was not compared may carry a new risk finding (a statement on `*` of a new principal, a
  // principal outside a snapshot's rows): not verified, so no pass either.
  if (failOn === 'risk') return diff.risks.added.length || diff.notCompared ? 1 : 0;
  return 0;
}

/**
 * Writes the diff in `format` to `sink` (in chunks for JSON, text and SARIF: a diff of two unrelated
 * organisations has millions of changes, more text than one string can hold).
 */
async function render(
  diff: AccessDiff,
  format: DiffFormat,
  next: Model,
  snapshot: AccessSnapshot | undefined,
  options: LoadOptions,
  title: string | undefined,
  inputs: string[],
  sink: (chunk: string) => void,
): Promise<void> {
  if (format === 'json') writeDiffJson(diff, sink);
  else if (format === 'text') writeDiffText(diff, sink, undefined, findingPlaces(next));
  else if (format === 'sarif') writeDiffSarif(diff, sink, { places: findingPlaces(next) });
  else sink(await renderText(diff, format, next, snapshot, options, title, inputs));
}

async function renderText(
  diff: AccessDiff,
  format: Exclude<DiffFormat, 'json' | 'sarif'>,
  next: Model,
  snapshot: AccessSnapshot | undefined,
  options: LoadOptions,
  title: string | undefined,
  inputs: string[],
): Promise<string> {
  switch (format) {
    case 'markdown':
      return formatDiffMarkdown(diff, { places: findingPlaces(next), ...(title ? { title } : {}) });
    case 'html': {
      const engine = compileModel(next, { now: options.now });
      const roles = !snapshot || snapshot.resources.some((r) => r.kind === 'iam-role');
      const matrix = await buildMatrixParallel(next, {
        includeRoles: roles,
        compiled: engine,
        engine: { now: options.now },
      });
      return formatDiffHtml({
        diff,
        matrix,
        risks: reviewRisks(engine, matrix),
        inputs,
        places: findingPlaces(next),
        warnings: inputWarnings(next),
        ...(title ? { title } : {}),
      });
    }
    default:
      return formatDiffText(diff);
  }
}

/** Writes what `write` renders to the file `out`, chunk by chunk. */
async function writeOut(out: string, write: (sink: (chunk: string) => void) => Promise<void>): Promise<void> {
  const fail = (e: unknown) =>
    new InputError(`cannot write the output: ${(e as Error).message}`, { file: out });
  let fd: number;
  try {
    fd = openSync(out, 'w');
  } catch (e) {
    throw fail(e);
  }
  try {
    await write((chunk) => {
      try {
        writeSync(fd, chunk);
      } catch (e) {
        throw fail(e);
      }
    });
  } finally {
    closeSync(fd);
  }
}

export async function runDiff(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('diff', argv, {
    base: { type: 'string', multiple: true },
    principal: { type: 'string', multiple: true },
    resource: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
    'fail-on': { type: 'string' },
    title: { type: 'string' },
  });
  if (flagOption(values, 'help')) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const format: DiffFormat = choiceOption(values, 'format', FORMATS, 'text', 'diff');
  const failOn: FailOn = choiceOption(values, 'fail-on', FAIL_ON, 'none', 'diff');
  const title = stringOption(values, 'title');
  if (title !== undefined && format !== 'html' && format !== 'markdown')
    throw new UsageError('--title applies to --format html and markdown only', 'diff');
  requireInputs(positionals, 'diff');
  const options = loadOptionsOf(values, 'diff');
  const baseInputs = listOption(values, 'base');
  // Shards of an access snapshot (`iamspec matrix --shard I/N --format json`) are merged first.
  const shardBase = baseInputs.length > 0 && baseInputs.some(isMatrixShardFile);
  const snapshotBase = !shardBase && baseInputs.length === 1 && isAccessSnapshotFile(baseInputs[0]!);

  const next = await loadInputs(positionals, options);
  let base: Model | undefined;
  let snapshot: AccessSnapshot | undefined;
  let baseLabel: string;
  if (shardBase) {
    const merged = mergeShardFiles(baseInputs);
    snapshot = {
      ...merged.matrix,
      ...(merged.risks ? { risks: merged.risks } : {}),
      ...(merged.outside ? { outside: merged.outside } : {}),
      ...(merged.outsideGrants ? { outsideGrants: merged.outsideGrants } : {}),
      ...(merged.outsideWitnesses ? { outsideWitnesses: merged.outsideWitnesses } : {}),
      ...(merged.scope ? { scope: merged.scope } : {}),
      ...(merged.memberships ? { memberships: merged.memberships } : {}),
      ...(merged.dependencies ? { dependencies: merged.dependencies } : {}),
      ...(merged.context ? { context: merged.context } : {}),
      ...(merged.options ? { options: merged.options } : {}),
    };
    checkSnapshotBase(snapshot, snapshotOptionsOf(options));
    baseLabel = `access snapshot ${baseInputs.join(' ')}`;
  } else if (snapshotBase) {
    snapshot = readAccessSnapshot(baseInputs[0]!, snapshotOptionsOf(options));
    baseLabel = `access snapshot ${baseInputs[0]}`;
  } else if (baseInputs.length) {
    // The base is loaded with the new state's --var values: a variable the change adds is not
    // declared in the base, which is no error there (the new state's load above has already
    // rejected a --var the new state does not declare).
    base = await loadInputs(baseInputs, {
      ...options,
      undeclaredVars: 'ignore',
      unmatchedStackRoles: 'ignore',
    });
    baseLabel = baseInputs.join(' ');
  } else {
    const prior = await priorStateOf(positionals, next, options);
    base = prior.model;
    baseLabel = `the prior state of ${prior.plan}`;
  }
  for (const [model, which] of [
    [base, 'base'],
    [next, 'new state'],
  ] as const) {
    if (model) printInputWarnings(io, model, values, { prefix: `iamspec (${which}): ` });
  }

  const diffOptions: DiffOptions = {
    principals: listOption(values, 'principal'),
    resources: listOption(values, 'resource'),
    engine: { now: options.now },
  };
  let diff: AccessDiff;
  try {
    diff = snapshot
      ? await diffSnapshot(snapshot, next, diffOptions)
      : await diffModels(base!, next, diffOptions);
  } catch (e) {
    referenceError(e);
  }
  for (const n of diff.notes) io.stderr(`iamspec diff: note: ${n}\n`);
  const open = indeterminateFindingsLine(diff.risks.added, 'new risk findings');
  if (open) io.stderr(`iamspec diff: ${open}\n`);
  const code = exitCode(diff, failOn);
  const out = stringOption(values, 'out');
  const render_ = (sink: (chunk: string) => void) =>
    render(diff, format, next, snapshot, options, title, positionals, sink);
  if (out === undefined) await render_((chunk) => io.stdout(chunk));
  else {
    await writeOut(out, render_);
    io.stderr(`iamspec diff: wrote ${out} (base: ${baseLabel})\n`);
  }
  if (code) {
    const widened =
      failOn === 'risk'
        ? diff.risks.added.length > 0
        : diff.changes.some('added', widens) || diff.changes.some('changed', widens);
    const reasons = [
      ...(widened ? [failOn === 'risk' ? 'a new risk finding' : 'access added or widened'] : []),
      ...(diff.notCompared
        ? [
            `access of ${diff.notCompared.principals.length} principal${diff.notCompared.principals.length === 1 ? '' : 's'} not compared, not verified (${diff.notCompared.reason})`,
          ]
        : []),
    ];
    io.stderr(`iamspec diff: --fail-on ${failOn}: ${reasons.join('; ')}\n`);
  }
  // A gate on the new state: an error about its inputs that could change a verdict fails it as an
  // input error, as in `check` (the diff above is still written in full).
  const errors = failOn === 'none' ? [] : inputErrors(inputWarnings(next));
  if (errors.length) {
    io.stderr(`iamspec diff: --fail-on ${failOn}: ${inputFailureMessage(errors, false, '')}\n`);
    return 2;
  }
  return code;
}
