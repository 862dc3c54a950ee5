// `iamspec matrix INPUT... [--principal P]... [--resource R]... [--context k=v]...
// [--format text|json|csv|markdown|html] [--out F] [--title T]`: the access matrix of principals
// by resources and access levels, in one of five formats; `html` is the self-contained access
// review (matrix, explanations, role chains and the summary of risky grants). The rows are built
// by buildMatrixParallel: in worker threads on machines with more than 2 cores for large matrices,
// in this thread otherwise (the output is the same either way). `--shard I/N` builds one slice of
// the rows (a CI job of a job matrix) as JSON, and `--merge SHARD.json...` joins the slices into
// the output one run would have written (src/analysis/matrix/shards.ts).

import { writeFileSync } from 'node:fs';
import { loadModelByKind } from '../../adapters/load-by-kind.js';
import {
  matrixFingerprint,
  parseShardSpec,
  type ShardRecord,
  shardRows,
} from '../../analysis/matrix/shards.js';
import { mergeShardFiles } from '../shard-files.js';
import { membershipRecord } from '../../analysis/diff/memberships.js';
import { outsideWitnessRecord } from '../../analysis/diff/outside-compare.js';
import { snapshotOptionsOf } from '../../analysis/diff/snapshot-options.js';
import { scopeRecord } from '../../analysis/diff/snapshot-scope.js';
import { buildOutsideRows } from '../../analysis/diff/outside-rows.js';
import { outsideContextOf } from '../../analysis/diff/outside-context.js';
import { outsideGrants } from '../../analysis/outside-grants.js';
import { buildMatrixParallel, matrixRowArns } from '../../analysis/matrix/workers.js';
import { iamspecPackage } from '../../package-info.js';
import { entryPointsOfRisks, federatedEntryPoints } from '../../analysis/federated-trust.js';
import { indeterminateFindingsLine } from '../../analysis/indeterminate.js';
import { reviewRisks } from '../../analysis/risks.js';
import type { Matrix, RiskFinding } from '../../analysis/types.js';
import { compileModel } from '../../engine/index.js';
import { InputError } from '../../model/input-error.js';
import { firstUnresolvedVariable, principalProblem, resourceProblem } from '../../requests/model-names.js';
import { ModelReferenceError, resolvePrincipalRef, resolveResourceRef } from '../../requests/references.js';
import type { Model } from '../../model/types.js';
import { findingPlaces, recordedPlaces, withPlaces } from '../../report/finding-places.js';
import { renderAccessReview } from '../../report/html/access-review.js';
import { formatMatrixCsv } from '../../report/matrix-csv.js';
import { dependencyRecordOf } from '../../analysis/diff/dependency-record.js';
import { formatMatrixJson } from '../../report/matrix-json.js';
import { formatMatrixMarkdown } from '../../report/matrix-markdown.js';
import { formatMatrixText, type MatrixReportExtras } from '../../report/matrix-text.js';
import { type CliIo, processIo } from '../io.js';
import {
  choiceOption,
  COMMON_HELP,
  flagOption,
  listOption,
  assumedOption,
  contextOption,
  loadOptionsOf,
  type OptionValues,
  parseCommandLine,
  stringOption,
  requireInputs,
} from '../options.js';
import { createProgress } from '../progress.js';
import { UsageError } from '../usage-error.js';
import { printInputWarnings } from '../warnings.js';
import { inputWarnings } from '../../spec/warnings.js';
import { REVIEW_MATRIX_OPTIONS } from '../../report/review-matrix.js';

export const MATRIX_HELP = `Usage: iamspec matrix INPUT... [--principal P]... [--resource R]... [--context KEY=VALUE]...
                      [--format text|json|csv|markdown|html] [--out FILE] [--title TEXT]
       iamspec matrix INPUT... --shard I/N --format json --out shard-I.json [options]
       iamspec matrix --merge SHARD.json... [--format F] [--out FILE] [--title TEXT]

The access matrix: what each principal can do on each resource, by the catalog's access levels
(List, Read, Write, Permissions management, Tagging). Each cell is allow, conditional (only under
some request context, with the conditions), indeterminate (depends on a value the inputs leave
unknown) or deny, with the actions and the statements that grant them.

--format json writes the matrix with the review's risk findings and, without --principal, the
rows of the principals outside the matrix's rows that the policies name (services, other
accounts, federated and anonymous callers: "outside"): kept in the repository, it is an access
snapshot that 'iamspec diff --base access.json INPUT...' compares a change against. With
--principal or --resource it records that scope, and the diff compares those rows or columns
only.

--format html writes the access review: one self-contained page (works offline) with the
summary of risky grants (administrator-equivalent principals, wildcards, public or cross-account
access, iam:PassRole on *, privilege escalation), the filterable matrix with an explanation for
every cell, and the role chains of each principal.

Sharding (a CI job matrix splitting an organisation across machines): --shard I/N builds the
rows of shard I of N (row r of the matrix, in its order: every user, then every role, or the
--principal rows, goes to shard r mod N + 1) as JSON with what it holds and a fingerprint of the
inputs and options; --merge with the N shard files writes what one run would have written, in any
format. Shards that are missing, given twice or built from other inputs or options are an error.

Options:
  --principal P        a row: an ARN, user/NAME, role/NAME, group/NAME (its members), a logical
                       id, a Terraform address, a service principal... (repeatable; default:
                       every user and role of the model)
  --resource R         a column: an ARN or a reference to a model resource (repeatable; default:
                       every resource of the model)
  --context KEY=VALUE  pin a request context key (repeat a key for several values)
  --assume KEY=VALUE   what every request is assumed to have, stated once in the report
                       (default aws:SecureTransport=true: requests use TLS, so a TLS-only Deny
                       does not make every cell conditional); --assume none assumes nothing
  --format F           text (default), json, csv, markdown or html
  --out FILE           write to FILE instead of standard output
  --title TEXT         title of the html review (default "IAM access review")
  --shard I/N          build shard I of N (1 <= I <= N) of the rows; needs --format json
  --merge              the positionals are the shard files to merge (no INPUT)

${COMMON_HELP}
`;

const FORMATS = ['text', 'json', 'csv', 'markdown', 'html'] as const;
type MatrixFormat = (typeof FORMATS)[number];

/** A progress bar is shown only when a run lasts longer than this (and stderr is a terminal). */
const PROGRESS_AFTER_MS = 1000;

function referenceError(option: string, e: unknown): never {
  if (e instanceof ModelReferenceError) throw new InputError(`${option}: ${e.message}`, {}, { cause: e });
  throw e;
}

function principalsOf(model: Model, refs: string[], account: string | undefined): string[] | undefined {
  if (!refs.length) return undefined;
  const out: string[] = [];
  for (const ref of refs) {
    let resolution: ReturnType<typeof resolvePrincipalRef>;
    try {
      resolution = resolvePrincipalRef(model, ref, { account });
    } catch (e) {
      referenceError('--principal', e);
    }
    if (resolution.kind === 'group' && !resolution.principals.length) {
      throw new InputError(
        `--principal: group "${ref}" has no members in the model; a group reference stands for its members`,
      );
    }
    for (const p of resolution.principals) if (!out.includes(p.principal)) out.push(p.principal);
  }
  return out;
}

function resourcesOf(model: Model, refs: string[], account: string | undefined): string[] | undefined {
  if (!refs.length) return undefined;
  const out: string[] = [];
  for (const ref of refs) {
    try {
      const arn = resolveResourceRef(model, ref, { account }).arn;
      if (!out.includes(arn)) out.push(arn);
    } catch (e) {
      referenceError('--resource', e);
    }
  }
  return out;
}

export async function runMatrix(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('matrix', argv, {
    principal: { type: 'string', multiple: true },
    resource: { type: 'string', multiple: true },
    context: { type: 'string', multiple: true },
    assume: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
    title: { type: 'string' },
    shard: { type: 'string' },
    merge: { type: 'boolean' },
  });
  if (flagOption(values, 'help')) {
    io.stdout(MATRIX_HELP);
    return 0;
  }
  const format: MatrixFormat = choiceOption(values, 'format', FORMATS, 'text', 'matrix');
  const out = stringOption(values, 'out');
  const title = stringOption(values, 'title');
  if (title !== undefined && format !== 'html') {
    throw new UsageError('--title applies to --format html only', 'matrix');
  }
  if (flagOption(values, 'merge')) return runMerge(positionals, values, format, out, title, io);
  requireInputs(positionals, 'matrix');
  const shardText = stringOption(values, 'shard');
  const shard = shardText === undefined ? undefined : parseShardSpec(shardText);
  if (shardText !== undefined && !shard)
    throw new UsageError(`--shard expects I/N with 1 <= I <= N (e.g. 2/4), got "${shardText}"`, 'matrix');
  if (shard && format !== 'json')
    throw new UsageError('--shard writes JSON for --merge: give --format json', 'matrix');
  const assumed = assumedOption(values, 'matrix');
  // What is assumed is pinned for every request; --context pins over it. The matrix and its
  // outside rows take the two apart: the assumption never hides access (assumed-context.ts).
  const pinned = contextOption(values, 'matrix');
  const context = { ...assumed, ...pinned };
  const options = loadOptionsOf(values, 'matrix');

  const { model } = await loadModelByKind(positionals, options);
  // `${...}` names nothing a deployment has: its row or column would be vacuous (as for specs).
  const unresolved = (role: 'principal' | 'resource', texts: readonly string[] | undefined) => {
    const p = firstUnresolvedVariable(role, texts ?? []);
    if (p) throw new InputError(`--${role}: ${p.message}`);
  };
  unresolved('principal', listOption(values, 'principal'));
  unresolved('resource', listOption(values, 'resource'));
  const principals = principalsOf(model, listOption(values, 'principal'), options.account);
  const resources = resourcesOf(model, listOption(values, 'resource'), options.account);
  unresolved('principal', principals);
  unresolved('resource', resources);
  printInputWarnings(
    io,
    model,
    values,
    format === 'json' || format === 'html'
      ? { more: `and so does the ${format === 'json' ? 'JSON output' : 'review'}` }
      : {},
  );
  // The html review's risk summary (and the json snapshot's findings, which `iamspec diff` compares)
  // and the other formats' federated entry points need an engine: compiled once, shared with the
  // matrix when it is built in this thread.
  const engine = compileModel(model, { now: options.now });
  // Rows and columns the model does not have are said (a row of a principal the engine cannot
  // decide for would be all deny).
  if (principals || resources) {
    const directory = engine.principalDirectory;
    const problems = [
      ...(principals ?? []).map((p) => principalProblem(model, directory, p)),
      ...(resources ?? []).map((r) => resourceProblem(model, r)),
    ];
    for (const p of problems) if (p) io.stderr(`iamspec: warning: ${p.message}\n`);
  }

  // The bar goes to the real stderr, and only when it is a terminal (createProgress checks).
  const progress = createProgress(io === processIo ? process.stderr : undefined, 'matrix');
  const started = Date.now();
  const fallbacks: string[] = [];
  let matrix: Matrix;
  let shardRecord: ShardRecord | undefined;
  let rows = principals;
  if (shard) {
    const all = matrixRowArns(model, {
      ...(principals ? { principals } : {}),
      compiled: engine,
      engine: { now: options.now },
    });
    const mine = shardRows(all.length, shard);
    rows = mine.map((r) => all[r]!);
    shardRecord = {
      ...shard,
      rows: mine,
      total: all.length,
      fingerprint: matrixFingerprint(model, {
        version: iamspecPackage()?.version,
        principals: principals ?? null,
        resources: resources ?? null,
        context,
        assumed,
        ...REVIEW_MATRIX_OPTIONS,
        now: options.now?.toISOString() ?? null,
      }),
      inputs: positionals,
    };
  }
  try {
    // In this thread on 2 cores or fewer and for small matrices, in worker threads otherwise.
    matrix = await buildMatrixParallel(model, {
      ...(rows ? { principals: rows } : {}),
      ...(resources ? { resources } : {}),
      ...(Object.keys(pinned).length ? { context: pinned } : {}),
      ...(Object.keys(assumed).length ? { assumed } : {}),
      // Roles are columns too, as in `accessReviewHtml` (report/review-matrix.ts).
      ...REVIEW_MATRIX_OPTIONS,
      engine: { now: options.now },
      compiled: engine,
      onProgress: (done, total) => {
        if (Date.now() - started >= PROGRESS_AFTER_MS) progress.update(done, total);
      },
      onFallback: (reason) => fallbacks.push(reason),
    });
  } finally {
    progress.done();
  }
  for (const reason of fallbacks) io.stderr(`iamspec matrix: ${reason}\n`);
  if (Object.keys(assumed).length) matrix = { ...matrix, assumed };

  let text: string;
  switch (format) {
    case 'json': {
      // The snapshot records the principals outside its rows too (services, other accounts,
      // federated callers... the policies name), so `diff --base` compares them; only for the
      // whole model's rows (a `--principal` snapshot records those rows only: its `scope`), in
      // the first shard.
      const first = !shard || shard.index === 1;
      const outside =
        !principals && first
          ? (
              await buildOutsideRows(model, {
                resources: matrix.resources.map((r) => r.arn),
                ...(Object.keys(pinned).length ? { context: pinned } : {}),
                ...(Object.keys(assumed).length ? { assumed } : {}),
                compiled: engine,
                engine: { now: options.now },
              })
            ).rows
          : undefined;
      // And the statements of its principals on resources outside the inputs, with their cells
      // on witness columns (diff/outside-compare.ts), so `diff --base` compares that access too:
      // of every principal, or of the --principal rows; none under --resource (a snapshot of some
      // of the inputs' resources holds nothing outside them).
      const inScope = principals ? new Set(principals) : undefined;
      const keep = inScope ? (p: string) => inScope.has(p) : undefined;
      const recordOutside = first && !resources;
      const witnesses = recordOutside
        ? await outsideWitnessRecord(model, engine, {
            ...(Object.keys(pinned).length ? { context: pinned } : {}),
            ...(Object.keys(assumed).length ? { assumed } : {}),
            ...(options.now ? { now: options.now } : {}),
            ...(keep ? { keep } : {}),
          })
        : undefined;
      const contextOf = outsideContextOf(model);
      const grants = recordOutside
        ? outsideGrants(model)
            .filter((g) => !keep || keep(g.principal))
            .map(({ principal, key }) => {
              const context = contextOf(principal);
              return { principal, key, ...(context !== undefined ? { context } : {}) };
            })
        : undefined;
      const scope = scopeRecord(principals, resources);
      // What its indeterminate cells and chains depend on, so `diff --base` can tell whether
      // they may have changed (diff/dependency-record.ts).
      const dependencies = dependencyRecordOf(model, matrix, outside, witnesses);
      const risks = reviewRisks(engine, matrix);
      noteIndeterminateFindings(io, risks);
      text = formatMatrixJson(
        matrix,
        withPlaces(risks, findingPlaces(model)),
        inputWarnings(model),
        shardRecord,
        outside,
        grants,
        witnesses,
        {
          ...(scope ? { scope } : {}),
          ...(Object.keys(pinned).length ? { context: pinned } : {}),
          ...(first ? { memberships: membershipRecord(model, keep) } : {}),
          dependencies,
          options: snapshotOptionsOf(options),
        },
      );
      break;
    }
    case 'csv':
      text = formatMatrixCsv(matrix, entryPointsOf(federatedEntryPoints(engine), matrix));
      break;
    case 'markdown':
      text = formatMatrixMarkdown(matrix, undefined, entryPointsOf(federatedEntryPoints(engine), matrix));
      break;
    case 'html': {
      const risks = reviewRisks(engine, matrix);
      noteIndeterminateFindings(io, risks);
      text = renderAccessReview({
        matrix,
        risks,
        inputs: positionals,
        warnings: inputWarnings(model),
        places: findingPlaces(model),
        ...(title !== undefined ? { title } : {}),
      });
      break;
    }
    default:
      text = formatMatrixText(matrix, entryPointsOf(federatedEntryPoints(engine), matrix));
  }
  return write(io, text, out);
}

/**
 * The federated entry points into the matrix's role columns, from the federated-entry-point
 * findings (of this run, or of the shards being merged: the same either way).
 */
function entryPointsOf(risks: readonly RiskFinding[] | undefined, matrix: Matrix): MatrixReportExtras {
  const columns = new Set(matrix.resources.map((r) => r.arn));
  return { entryPoints: entryPointsOfRisks(risks ?? [], columns) };
}

function write(io: CliIo, text: string, out: string | undefined): number {
  if (out === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw new InputError(`cannot write the output: ${(e as Error).message}`, { file: out });
  }
  io.stderr(`iamspec matrix: wrote ${out}\n`);
  return 0;
}

/** Counts the indeterminate risk findings on stderr (analysis/indeterminate.ts), when there are. */
function noteIndeterminateFindings(io: CliIo, risks: readonly RiskFinding[]): void {
  const line = indeterminateFindingsLine(risks, 'risk findings');
  if (line) io.stderr(`iamspec matrix: ${line}\n`);
}

/** `--merge SHARD.json...`: the output one unsharded run would have written. */
function runMerge(
  files: string[],
  values: OptionValues,
  format: MatrixFormat,
  out: string | undefined,
  title: string | undefined,
  io: CliIo,
): number {
  if (!files.length)
    throw new UsageError(
      '--merge needs the shard files (iamspec matrix --shard I/N --format json)',
      'matrix',
    );
  for (const option of ['principal', 'resource', 'context', 'assume', 'shard'])
    if (values[option] !== undefined)
      throw new UsageError(
        `--${option} does not apply to --merge (the shards were built with their options)`,
        'matrix',
      );
  const merged = mergeShardFiles(files);
  const { matrix, risks, warnings } = merged;
  if (format === 'json' || format === 'html') noteIndeterminateFindings(io, risks ?? []);
  let text: string;
  switch (format) {
    case 'json':
      text = formatMatrixJson(
        matrix,
        risks,
        warnings,
        undefined,
        merged.outside,
        merged.outsideGrants,
        merged.outsideWitnesses,
        {
          ...(merged.context ? { context: merged.context } : {}),
          ...(merged.scope ? { scope: merged.scope } : {}),
          ...(merged.memberships ? { memberships: merged.memberships } : {}),
          ...(merged.dependencies ? { dependencies: merged.dependencies } : {}),
          ...(merged.options ? { options: merged.options } : {}),
        },
      );
      break;
    case 'csv':
      text = formatMatrixCsv(matrix, entryPointsOf(risks, matrix));
      break;
    case 'markdown':
      text = formatMatrixMarkdown(matrix, undefined, entryPointsOf(risks, matrix));
      break;
    case 'html':
      text = renderAccessReview({
        matrix,
        risks: risks ?? [],
        inputs: merged.inputs,
        places: recordedPlaces,
        ...(warnings ? { warnings } : {}),
        ...(title !== undefined ? { title } : {}),
      });
      break;
    default:
      text = formatMatrixText(matrix, entryPointsOf(risks, matrix));
  }
  return write(io, text, out);
}
