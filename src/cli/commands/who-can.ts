// `iamspec who-can INPUT... --action A --resource R [--context k=v]... [--direct] [--max-depth N]
// [--format text|json]`: every principal that can perform the action on the resource, directly
// or through role chains and services acting through a role, with its path and statements.

import { loadModelByKind } from '../../adapters/load-by-kind.js';
import { whoCan } from '../../analysis/who-can.js';
import { compileModel } from '../../engine/index.js';
import { InputError } from '../../model/input-error.js';
import { actionProblem, ONE_ACTION } from '../../requests/actions.js';
import {
  firstUnresolvedVariable,
  resourcePatternProblem,
  resourceProblem,
} from '../../requests/model-names.js';
import { ModelReferenceError, resolveResourceRef } from '../../requests/references.js';
import { madeUpNames } from '../../requests/element-names.js';
import { formatWhoCanJson } from '../../report/who-can-json.js';
import { formatWhoCanText } from '../../report/who-can-text.js';
import type { CliIo } from '../io.js';
import {
  assumedOption,
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
import { UsageError } from '../usage-error.js';
import { printInputWarnings } from '../warnings.js';
import { inputWarnings } from '../../spec/warnings.js';

export const WHO_CAN_HELP = `Usage: iamspec who-can INPUT... --action A --resource R [--context KEY=VALUE]...
                       [--assume KEY=VALUE]... [--direct] [--max-depth N] [--format text|json]

Lists every principal that can perform the action on the resource: users and roles of the
model, accounts, users and services named in policies, anonymous callers, and principals that
get there by assuming roles in turn (sts:AssumeRole, trust policy and permission checked at each
hop) or as a service acting through a role (EC2 through an instance profile, Lambda through its
execution role). Each answer shows its path and the statements along it, with their sources.
Request context you do not pin is free: access that holds only under some context is
reported as conditional, with its conditions. As the matrix does, the request is assumed to use
TLS (aws:SecureTransport=true, stated in the output) unless --assume says otherwise; access the
assumption would hide (granted only without TLS: S3 accepts HTTP) is still listed, conditional.

Options:
  --action A             one action, e.g. s3:GetObject
  --resource R           an ARN, or a logical id / construct path / Terraform address of a
                         resource with an optional suffix (HrBucket/reports/x.txt)
  --context KEY=VALUE    pin a request context key (repeat a key for several values)
  --assume KEY=VALUE     what the request is assumed to have, stated in the output (default
                         aws:SecureTransport=true: requests use TLS, as in the matrix, so a
                         TLS-only Deny does not make every answer conditional); --assume none
                         assumes nothing
  --direct               leave out paths through roles
  --max-depth N          longest role chain followed (default 5)
  --format text|json     text (default) or JSON (the WhoCanResult of the API)

${COMMON_HELP}
`;

export async function runWhoCan(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('who-can', argv, {
    action: { type: 'string' },
    resource: { type: 'string' },
    context: { type: 'string', multiple: true },
    assume: { type: 'string', multiple: true },
    direct: { type: 'boolean' },
    'max-depth': { type: 'string' },
    format: { type: 'string' },
  });
  if (flagOption(values, 'help')) {
    io.stdout(WHO_CAN_HELP);
    return 0;
  }
  const format = choiceOption(values, 'format', ['text', 'json'], 'text', 'who-can');
  requireInputs(positionals, 'who-can');
  const { action, resource: resourceRef } = requiredOptions(values, ['action', 'resource'], 'who-can');
  if (!ONE_ACTION.test(action)) {
    const why = /[*?]/.test(action)
      ? 'who-can answers for one action; wildcards belong in policies'
      : 'expected SERVICE:Action, e.g. s3:GetObject';
    throw new UsageError(`--action: "${action}" is not an action (${why})`, 'who-can');
  }
  const maxDepthText = stringOption(values, 'max-depth');
  let maxDepth: number | undefined;
  if (maxDepthText !== undefined) {
    maxDepth = Number(maxDepthText);
    if (!/^\d+$/.test(maxDepthText) || maxDepth < 1) {
      throw new UsageError(
        `--max-depth expects a whole number of hops (1 or more), got "${maxDepthText}"`,
        'who-can',
      );
    }
  }
  const assumed = assumedOption(values, 'who-can');
  // What is assumed is pinned for the request unless it would hide access
  // (src/analysis/assumed-context.ts); --context pins over it.
  const context = contextOption(values, 'who-can');
  const options = loadOptionsOf(values, 'who-can');

  const { model } = await loadModelByKind(positionals, options);
  // `${...}` names no resource a deployment has: "Nobody" would be a vacuous answer (as for specs).
  const unresolved = (text: string) => {
    const p = firstUnresolvedVariable('resource', [text]);
    if (p) throw new InputError(`--resource: ${p.message}`);
  };
  unresolved(resourceRef);
  let resource: string;
  try {
    resource = resolveResourceRef(model, resourceRef, { account: options.account }).arn;
  } catch (e) {
    if (e instanceof ModelReferenceError) throw new InputError(`--resource: ${e.message}`, {}, { cause: e });
    throw e;
  }
  unresolved(resource);
  printInputWarnings(io, model, values, format === 'json' ? { more: 'and so does the JSON output' } : {});
  // A resource holding `*` or `?` is one name, not a pattern: said, as eval and explain say it.
  for (const p of [
    actionProblem(action),
    resourceProblem(model, resource),
    resourcePatternProblem(resource),
  ]) {
    if (p) io.stderr(`iamspec: warning: ${p.message}\n`);
  }
  const engine = compileModel(model, { now: options.now });
  const result = whoCan(engine, action, resource, {
    ...(Object.keys(context).length ? { context } : {}),
    ...(Object.keys(assumed).length ? { assumed } : {}),
    ...(maxDepth !== undefined ? { maxDepth } : {}),
    ...(flagOption(values, 'direct') ? { direct: true } : {}),
  });
  if (Object.keys(assumed).length) result.assumed = assumed;
  const names = madeUpNames(model);
  io.stdout(
    format === 'json'
      ? formatWhoCanJson(result, inputWarnings(model), names)
      : formatWhoCanText(result, names),
  );
  return 0;
}
