// `iamspec eval INPUT... --requests requests.json [--format json|text] [--trace]`: decides each
// request of the file against the model. JSON output is the contract in ARCHITECTURE.md ("Contracts"): an array in
// the request order of `{ decision, reason, external?, warnings?, dependsOn?, trace? }`, where
// `dependsOn` names the warnings about the inputs an indeterminate decision depends on.

import { loadModelByKind } from '../../adapters/load-by-kind.js';
import { compileModel } from '../../engine/index.js';
import type { Engine } from '../../engine/engine.js';
import type { Decision } from '../../engine/types.js';
import type { Model } from '../../model/types.js';
import type { ResolvedRequest } from '../../requests/request.js';
import { decideRequest } from '../../requests/decide.js';
import { readRequestFile } from '../../requests/request-file.js';
import { formatEvalLine } from '../../report/explain.js';
import { knownAsIn, madeUpNames } from '../../requests/element-names.js';
import { type DependsOn, dependsOnEntry, warningLine } from '../../report/warnings.js';
import type { SpecWarning } from '../../spec/types.js';
import { warningsOfDecision } from '../../spec/warnings.js';
import type { CliIo } from '../io.js';
import {
  choiceOption,
  COMMON_HELP,
  flagOption,
  loadOptionsOf,
  parseCommandLine,
  stringOption,
  requireInputs,
} from '../options.js';
import { UsageError } from '../usage-error.js';
import { printInputWarnings } from '../warnings.js';

export const EVAL_HELP = `Usage: iamspec eval INPUT... --requests requests.json [--format json|text] [--trace]

Decides each request of a request file against the model built from the inputs.

The request file is a JSON array of
  { "principal", "action", "resource", "context"?: {key: string | string[]}, "sessionPolicy"?: policy }
principal: an ARN, user/NAME, role/NAME, group/NAME (every member must be allowed), a
  CloudFormation logical id (or Stack/LogicalId), a CDK construct path, a Terraform address,
  a service principal (ec2.amazonaws.com), anonymous, or a 12-digit account.
sessionPolicy: for a role or federated user session only (AWS STS passes session policies
  to AssumeRole* and GetFederationToken); with any other principal the file is refused (exit 2).
resource: an ARN, or a logical id / construct path / Terraform address of a resource, or
  user/, role/, group/, policy/NAME, with an optional suffix (LogsBucket/reports/*).

Output (--format json, the default): a JSON array in the same order of
  { "decision": "allow" | "deny" | "indeterminate",
    "reason": "allowed" | "explicit-deny" | "implicit-deny" | "unknown-value",
    "external"?: true, "warnings"?: [...], "dependsOn"?: [...], "trace"?: [...] }
warnings: what the request names that the model does not have; dependsOn: for an
indeterminate decision, the warnings about the inputs it depends on
({ "code", "severity", "message", "source" }).
--format text: one line per request; under an indeterminate one a "why:" line per unknown it
depends on, worded as the matrix words it (KIND: WORDS (at SOURCE)), and its "depends on:" warnings.

Options:
  --requests FILE     the request file (required)
  --format json|text  output format (default json)
  --trace             include the evaluation trace of each decision

${COMMON_HELP}
`;

type EvalEntry = Decision & { warnings?: string[]; dependsOn?: DependsOn[] };

function output(d: Decision, warnings: string[], dependsOn: SpecWarning[]): EvalEntry {
  const out: EvalEntry = { decision: d.decision, reason: d.reason };
  if (d.external) out.external = true;
  if (warnings.length) out.warnings = warnings;
  if (dependsOn.length) out.dependsOn = dependsOn.map(dependsOnEntry);
  if (d.trace) out.trace = d.trace;
  return out;
}

const NO_WARNINGS: string[] = [];

/** The texts of entries that hold only a decision, a reason and `external` (most of them). */
const plainEntries = new Map<string, string>();

/**
 * An entry as `JSON.stringify(entries, null, 2)` writes it inside the array (indented by two,
 * without the separator). An entry of a decision, a reason and `external` alone is formatted once
 * per distinct value.
 */
function entryText(entry: EvalEntry & { knownAs?: unknown }): string {
  const plain = !entry.warnings && !entry.dependsOn && !entry.trace && !entry.knownAs && !entry.assumed;
  const key = plain ? `${entry.decision}\0${entry.reason}\0${entry.external ? 1 : 0}` : undefined;
  const known = key === undefined ? undefined : plainEntries.get(key);
  if (known !== undefined) return known;
  const text = `  ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n  ')}`;
  if (key !== undefined && plainEntries.size < 64) plainEntries.set(key, text);
  return text;
}

/** A request's decision, as `answerOf` gives it. */
interface Answer {
  d: Decision;
  /** For an indeterminate decision, the warnings about the inputs it depends on. */
  dependsOn: SpecWarning[];
  /** For an indeterminate decision, the same decided with a trace (the text's reasons). */
  traced?: Decision;
}

/**
 * A request's decision and, when indeterminate, the warnings about the inputs it depends on
 * (found through its trace: decided again with one when --trace was not asked for).
 */
function answerOf(engine: Engine, model: Model, r: ResolvedRequest, trace: boolean): Answer {
  const d = decideRequest(engine, r, trace).decision;
  if (d.decision !== 'indeterminate') return { d, dependsOn: [] };
  const traced = trace ? d : decideRequest(engine, r, true).decision;
  return { d, dependsOn: warningsOfDecision(model, traced), traced };
}

/** A request's JSON entry, as written inside the array. */
function entryTextOf(
  r: ResolvedRequest,
  d: Decision,
  dependsOn: SpecWarning[],
  names: ReadonlyMap<string, string>,
): string {
  const entry = output(d, r.problems.length ? r.problems.map((p) => p.message) : NO_WARNINGS, dependsOn);
  // Hot path (one entry per request): without made-up names there is nothing to look up.
  const knownAs = names.size
    ? knownAsIn(
        JSON.stringify([r.principal.principals.map((p) => p.principal), r.resource.arn, entry]),
        names,
      )
    : undefined;
  return knownAs ? entryText({ ...entry, knownAs }) : entryText(entry);
}

/** Collects writes into chunks of about 64 KB (one write per request would be slow). */
function chunkedWriter(write: (text: string) => void): { write(text: string): void; flush(): void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (!parts.length) return;
    write(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= 65_536) flush();
    },
    flush,
  };
}

export async function runEval(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('eval', argv, {
    requests: { type: 'string' },
    format: { type: 'string' },
    trace: { type: 'boolean' },
  });
  if (flagOption(values, 'help')) {
    io.stdout(EVAL_HELP);
    return 0;
  }
  const requestsFile = stringOption(values, 'requests');
  const format = choiceOption(values, 'format', ['json', 'text'], 'json', 'eval');
  requireInputs(positionals, 'eval');
  if (!requestsFile) throw new UsageError('--requests FILE is required', 'eval');
  const options = loadOptionsOf(values, 'eval');
  const trace = flagOption(values, 'trace');

  const { model } = await loadModelByKind(positionals, options);
  const engine = compileModel(model, { now: options.now });
  const { requests, warnings, firstOf } = readRequestFile(requestsFile, engine, { account: options.account });
  printInputWarnings(io, model, values);
  for (const w of warnings.flat()) io.stderr(`iamspec: warning: ${w}\n`);

  // Streamed: each request is decided, formatted and written (in chunks) before the next, so
  // nothing holds every decision at once. The JSON is what JSON.stringify(entries, null, 2)
  // writes for the whole array. A request written again in the file (same text: the same
  // request, see readRequestFile) reuses the answer of its first occurrence: its JSON entry, or
  // in text its decision (the line names its own index).
  const names = madeUpNames(model);
  const out = chunkedWriter((text) => io.stdout(text));
  if (format === 'json') out.write(requests.length ? '[\n' : '[]\n');
  else if (!requests.length) out.write('(no requests)\n');
  const copied = new Uint8Array(requests.length);
  for (let i = 0; i < firstOf.length; i++) if (firstOf[i] !== i) copied[firstOf[i] as number] = 1;
  const entries = new Map<number, string>();
  const answers = new Map<number, Answer>();
  requests.forEach((r, i) => {
    const first = firstOf[i] as number;
    const last = i === requests.length - 1;
    const known = format === 'json' ? entries.get(first) : undefined;
    if (known !== undefined) {
      out.write(known);
      out.write(last ? '\n]\n' : ',\n');
      return;
    }
    const answer = answers.get(first) ?? answerOf(engine, model, r, trace);
    const { d, dependsOn } = answer;
    if (copied[i] && format !== 'json') answers.set(i, answer);
    if (format === 'json') {
      const text = entryTextOf(r, d, dependsOn, names);
      if (copied[i]) entries.set(i, text);
      out.write(text);
      out.write(last ? '\n]\n' : ',\n');
    } else {
      out.write(`${formatEvalLine(r, d, names, answer.traced)}\n`);
      for (const w of dependsOn) out.write(`      depends on: ${warningLine(w)}\n`);
    }
  });
  out.flush();
  return 0;
}
