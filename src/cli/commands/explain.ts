// `iamspec explain INPUT... --principal P --action A --resource R [--context k=v]...
// [--session-policy FILE]`: decides one request and prints why, statement by statement with
// each statement's source, and what would change the outcome.

import { existsSync } from 'node:fs';
import { loadModelByKind } from '../../adapters/load-by-kind.js';
import { compileModel } from '../../engine/index.js';
import { InputError } from '../../model/input-error.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../../policy/located-json.js';
import { decideRequest } from '../../requests/decide.js';
import { type RequestOrigin, resolveRequest } from '../../requests/request.js';
import { formatExplanation } from '../../report/explain.js';
import { knownAsIn, madeUpNames } from '../../requests/element-names.js';
import { dependsOnEntry } from '../../report/warnings.js';
import { warningsOfDecision } from '../../spec/warnings.js';
import type { CliIo } from '../io.js';
import {
  choiceOption,
  requiredOptions,
  COMMON_HELP,
  flagOption,
  contextOption,
  loadOptionsOf,
  parseCommandLine,
  stringOption,
  requireInputs,
} from '../options.js';
import { readInputFile } from '../../model/read-input.js';
import { printInputWarnings } from '../warnings.js';

export const EXPLAIN_HELP = `Usage: iamspec explain INPUT... --principal P --action A --resource R
                       [--context KEY=VALUE]... [--session-policy FILE] [--format text|json]

Decides one request and explains it: the decision, every policy statement that mattered with
its source (file:line:column, CDK construct path, logical id, Terraform address), and what
would change the outcome.

Options:
  --principal P          an ARN, user/NAME, role/NAME, group/NAME, a logical id, a construct
                         path, a Terraform address, a service principal, anonymous or an account
  --action A             one action, e.g. s3:GetObject
  --resource R           an ARN, or a logical id / construct path / Terraform address of a
                         resource with an optional suffix (LogsBucket/reports/*)
  --context KEY=VALUE    request context (repeat a key for several values)
  --session-policy FILE  a session policy (JSON) passed when the role or federated user
                         session was created (with any other principal: exit 2)
  --format text|json     text (default) or the eval JSON entry with its trace (and
                         dependsOn: the warnings about the inputs the decision depends on)

${COMMON_HELP}
`;

function readSessionPolicy(file: string): unknown {
  if (!existsSync(file)) throw new InputError('no such session policy file', { file });
  try {
    const { value } = parseLocatedJson(decodeJsonBytes(readInputFile(file)), file);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('a session policy file holds one JSON policy document (an object)', { file });
    }
    return value;
  } catch (e) {
    if (e instanceof LocatedSyntaxError) {
      throw new InputError(`invalid JSON: ${e.reason}`, { file, line: e.line, column: e.column });
    }
    throw e;
  }
}

const commandLineOrigin: RequestOrigin = {
  label: (field) => (field ? `--${field === 'sessionPolicy' ? 'session-policy' : field}` : 'the request'),
  at: () => ({}),
};

export async function runExplain(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('explain', argv, {
    principal: { type: 'string' },
    action: { type: 'string' },
    resource: { type: 'string' },
    context: { type: 'string', multiple: true },
    'session-policy': { type: 'string' },
    format: { type: 'string' },
  });
  if (flagOption(values, 'help')) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  const format = choiceOption(values, 'format', ['text', 'json'], 'text', 'explain');
  requireInputs(positionals, 'explain');
  const { principal, action, resource } = requiredOptions(
    values,
    ['principal', 'action', 'resource'],
    'explain',
  );
  const context = contextOption(values, 'explain');
  const options = loadOptionsOf(values, 'explain');
  const sessionPolicyFile = stringOption(values, 'session-policy');
  const sessionPolicy = sessionPolicyFile ? readSessionPolicy(sessionPolicyFile) : undefined;

  const { model } = await loadModelByKind(positionals, options);
  const engine = compileModel(model, { now: options.now });
  const request = resolveRequest(
    engine,
    {
      principal,
      action,
      resource,
      ...(Object.keys(context).length ? { context } : {}),
      ...(sessionPolicy !== undefined ? { sessionPolicy } : {}),
    },
    0,
    commandLineOrigin,
    { account: options.account },
  );
  printInputWarnings(io, model, values);
  const warnings = request.problems.map((p) => p.message);
  for (const w of warnings) io.stderr(`iamspec: warning: ${w}\n`);
  const result = decideRequest(engine, request, true);
  if (format === 'json') {
    const { trace, ...verdict } = result.decision;
    const dependsOn = warningsOfDecision(model, result.decision).map(dependsOnEntry);
    const out = {
      ...verdict,
      ...(warnings.length ? { warnings } : {}),
      ...(dependsOn.length ? { dependsOn } : {}),
      ...(trace ? { trace } : {}),
    };
    // The made-up names the request and its trace mention, with their construct paths / addresses.
    const knownAs = knownAsIn(
      JSON.stringify([request.principal.principals.map((p) => p.principal), request.resource.arn, out]),
      madeUpNames(model),
    );
    if (knownAs) Object.assign(out, { knownAs });
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else io.stdout(formatExplanation(request, result, model));
  return 0;
}
