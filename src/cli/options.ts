// Command-line parsing shared by the commands: node:util parseArgs with the common options
// (--account --region --partition --scp --rcp --now --parameter --stack-name --stack-tag --stack-role --var --var-file,
// --scp-full-access-detached, --open-accounts, and --show-warnings, read by cli/warnings.ts), turned into LoadOptions; malformed options become
// UsageError (an unknown option with the command's closest options: `--acount`, did you mean
// --account?).

import { parseSize } from '../model/read-input.js';
import { parseArgs } from 'node:util';
import type { LoadOptions } from '../adapters/load.js';
import { isOrgNodeId } from '../aws/org-managed-policies.js';
import { splitStackRole, stackRolesProblem } from '../aws/stack-roles.js';
import type { RequestContext } from '../engine/types.js';
import { DEFAULT_ASSUMED } from '../report/assumed.js';
import { contextFromPairs } from '../requests/context.js';
import { closest, didYouMean } from '../text/suggest.js';
import { UsageError } from './usage-error.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export const COMMON_OPTIONS: OptionSpecs = {
  account: { type: 'string' },
  region: { type: 'string' },
  partition: { type: 'string' },
  scp: { type: 'string', multiple: true },
  rcp: { type: 'string', multiple: true },
  'scp-full-access-detached': { type: 'string', multiple: true },
  now: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  'stack-name': { type: 'string' },
  'stack-tag': { type: 'string', multiple: true },
  'stack-role': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
  'max-input-size': { type: 'string' },
  'max-instances': { type: 'string' },
  'show-warnings': { type: 'boolean' },
  'open-accounts': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const COMMON_HELP = `Inputs (detected by content; several merge into one model):
  a CloudFormation template (.json/.yaml/.yml/.template), a cloud assembly directory
  (cdk.out), a Terraform plan JSON (terraform show -json), a Terraform JSON configuration
  (*.tf.json, cdk.tf.json), a .tf file or a directory of them, a cdktf.out directory.
  A plan and the directory of its configuration given together are one Terraform root.

Common options:
  --account ID        account for inputs that do not name one; target of --scp/--rcp
  --region R          region for inputs that do not name one
  --partition P       ARN partition (default aws)
  --scp FILE          policy JSON applied as an SCP to every account of the model (repeatable)
  --rcp FILE          policy JSON applied as an RCP to every account of the model (repeatable)
  --scp-full-access-detached ID
                      FullAWSAccess is detached from this root (r-…), OU (ou-…) or account,
                      or from where this --scp FILE is attached (repeatable): only there is
                      an allow-list SCP the level's only Allow; elsewhere FullAWSAccess may
                      still be attached beside it
  --now ISO-8601      evaluation time for aws:CurrentTime and date conditions
  --parameter K=V     CloudFormation parameter value (repeatable)
  --stack-name NAME   the stack name the CloudFormation template is deployed as
                      (AWS::StackName; one template only: a cloud assembly names its stacks)
  --stack-tag K=V     stack-level tag the CloudFormation templates are deployed with
                      (\`aws cloudformation deploy --tags\`; repeatable; a cloud assembly's
                      stacks use their manifest's tags)
  --stack-role STACK=ROLE_ARN|none
                      the service role a CloudFormation template's stack deploys with
                      (\`--role-arn\` at deployment; none: its callers' credentials), which
                      runs every update of the stack; STACK is --stack-name or the file's
                      name; a Terraform aws_cloudformation_stack's name or its address
                      (aws_cloudformation_stack.NAME) (repeatable; without it the role is
                      unknown; a cloud assembly's stacks use their manifest's)
  --var K=V           Terraform input variable (repeatable)
  --var-file FILE     Terraform variable file (repeatable)
  --max-input-size N  largest file read as input (default 64M; bytes or K, M, G)
  --max-instances N   most instances of one Terraform count/for_each (default 10000;
                      10 times as many in all)
  --open-accounts     the inputs' accounts may hold users and roles the inputs do not
                      define (other stacks, the console, IAM Identity Center): per account,
                      any such user and any such role (unknown policies, name and path) are
                      principals too, in onlyPrincipals, who-can, matrix, review and diff
  --show-warnings     list every warning about the inputs on stderr (by default: the counts
                      by code and the first 5)
  -h, --help          show this help

Exit codes: 0 ran, 2 usage or input error (message names the file and line:column).
Set IAMSPEC_DEBUG=1 to see stack traces.`;

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandLine {
  positionals: string[];
  values: OptionValues;
}

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

/** Parses a command's arguments (the common options plus its own). Throws UsageError. */
export function parseCommandLine(command: string, argv: string[], own: OptionSpecs): CommandLine {
  const options = { ...COMMON_OPTIONS, ...own };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as OptionValues, positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const name = quoted(err.message);
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const hint = name
        ? didYouMean(closest(name.replace(/^-+/, ''), Object.keys(options), 2).map((o) => `--${o}`))
        : undefined;
      throw new UsageError(`unknown option ${name ?? err.message}${hint ? `; ${hint}` : ''}`, command);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const opt = /^Option '(?:-\w, )?(--[^' ]+)/.exec(err.message)?.[1];
      throw new UsageError(
        opt && err.message.includes('argument missing') ? `option ${opt} needs a value` : err.message,
        command,
      );
    }
    throw new UsageError(err.message, command);
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * `--NAME` that takes one of `choices` (`fallback` when not given); anything else is a usage error
 * naming them ("A or B" for two, else "A, B, C").
 */
export function choiceOption<C extends string>(
  values: OptionValues,
  name: string,
  choices: readonly C[],
  fallback: C,
  command: string,
): C {
  const v = stringOption(values, name) ?? fallback;
  if (!(choices as readonly string[]).includes(v)) {
    const expected = choices.length === 2 ? choices.join(' or ') : choices.join(', ');
    throw new UsageError(`--${name} expects ${expected}, got "${v}"`, command);
  }
  return v as C;
}

/** The values of the options a run needs (`--NAME` for each of `names`); one usage error names every one missing. */
export function requiredOptions<N extends string>(
  values: OptionValues,
  names: readonly N[],
  command: string,
): Record<N, string> {
  const missing = names.filter((n) => !stringOption(values, n)).map((n) => `--${n}`);
  if (missing.length) throw new UsageError(`${missing.join(', ')} required`, command);
  return Object.fromEntries(names.map((n) => [n, stringOption(values, n)!])) as Record<N, string>;
}

export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function flagOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** Parses `KEY=VALUE` (the value may contain `=`). */
export function parseKeyValue(option: string, text: string, command: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--${option} expects KEY=VALUE, got "${text}"`, command);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function keyValues(
  values: OptionValues,
  option: string,
  command: string,
): Record<string, string> | undefined {
  const list = listOption(values, option);
  if (!list.length) return undefined;
  const out: Record<string, string> = {};
  for (const item of list) {
    const [k, v] = parseKeyValue(option, item, command);
    out[k] = v;
  }
  return out;
}

/** `--context KEY=VALUE` options (repeatable; a repeated key collects several values). */
export function contextOption(values: OptionValues, command: string): RequestContext {
  return contextFromPairs(listOption(values, 'context'), (message) => {
    throw new UsageError(`--context ${message}`, command);
  });
}

/**
 * `--assume KEY=VALUE` options: the context every request is assumed to have (default: TLS,
 * `aws:SecureTransport=true`); `--assume none` assumes nothing.
 */
export function assumedOption(values: OptionValues, command: string): RequestContext {
  const list = listOption(values, 'assume');
  if (!list.length) return { ...DEFAULT_ASSUMED };
  if (list.length === 1 && list[0] === 'none') return {};
  return contextFromPairs(list, (message) => {
    throw new UsageError(`--assume ${message} (or --assume none)`, command);
  });
}

/** The INPUT positionals, or a usage error when there are none. */
export function requireInputs(positionals: string[], command: string): string[] {
  if (!positionals.length)
    throw new UsageError('no INPUT given (a template, cdk.out, plan, .tf directory...)', command);
  return positionals;
}

/** Parses --now: an ISO-8601 date or date-time. */
export function parseNow(text: string | undefined, command: string): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) || Number.isNaN(d.getTime())) {
    throw new UsageError(
      `--now expects an ISO-8601 date-time such as 2025-01-31T12:00:00Z, got "${text}"`,
      command,
    );
  }
  return d;
}

/** `--max-input-size`: bytes, or a number with K, M or G. Throws UsageError when malformed. */
export function maxInputSizeOption(values: OptionValues, command: string): number | undefined {
  const text = stringOption(values, 'max-input-size');
  if (text === undefined) return undefined;
  const n = parseSize(text);
  if (n === undefined) {
    throw new UsageError(`--max-input-size expects a size such as 200M or 1G, got "${text}"`, command);
  }
  return n;
}

/**
 * `--stack-role STACK=ROLE_ARN|none` options (repeatable; aws/stack-roles.ts checks them); one
 * stack given two roles is a usage error.
 */
function stackRolesOption(values: OptionValues, command: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const item of listOption(values, 'stack-role')) {
    // a Terraform address's for_each key may hold `=`: split outside its brackets
    const split = splitStackRole(item);
    if (!split)
      throw new UsageError(`--stack-role expects STACK=ROLE_ARN or STACK=none, got "${item}"`, command);
    const [stack, role] = split;
    if (Object.hasOwn(out, stack) && out[stack] !== role)
      throw new UsageError(`--stack-role gives stack ${stack} two roles: ${out[stack]} and ${role}`, command);
    out[stack] = role;
  }
  if (!Object.keys(out).length) return undefined;
  const problem = stackRolesProblem(out);
  if (problem) throw new UsageError(problem, command);
  return out;
}

/** The common options as LoadOptions. Throws UsageError for malformed values. */
export function loadOptionsOf(values: OptionValues, command: string): LoadOptions {
  const account = stringOption(values, 'account');
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new UsageError(`--account expects a 12-digit AWS account id, got "${account}"`, command);
  }
  const partition = stringOption(values, 'partition');
  if (partition !== undefined && !/^aws(-[a-z]+)*$/.test(partition)) {
    throw new UsageError(
      `--partition expects an AWS partition such as aws, aws-cn or aws-us-gov, got "${partition}"`,
      command,
    );
  }
  const region = stringOption(values, 'region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(`--region expects an AWS region such as us-west-2, got "${region}"`, command);
  }
  const options: LoadOptions = {};
  if (flagOption(values, 'open-accounts')) options.openAccounts = true;
  if (account) options.account = account;
  if (region) options.region = region;
  if (partition) options.partition = partition;
  const parameters = keyValues(values, 'parameter', command);
  if (parameters) options.parameters = parameters;
  const stackName = stringOption(values, 'stack-name');
  if (stackName !== undefined) {
    // "A stack name can contain only alphanumeric characters (case-sensitive) and hyphens. It
    // must start with an alphabetic character and can't be longer than 128 characters."
    // (AWS CloudFormation User Guide, "Create a stack from the CloudFormation console")
    if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
      throw new UsageError(
        `--stack-name expects a CloudFormation stack name (a letter, then letters, digits and hyphens, at most 128), got "${stackName}"`,
        command,
      );
    }
    options.stackName = stackName;
  }
  const stackTags = keyValues(values, 'stack-tag', command);
  if (stackTags) options.stackTags = stackTags;
  const stackRoles = stackRolesOption(values, command);
  if (stackRoles) options.stackRoles = stackRoles;
  const vars = keyValues(values, 'var', command);
  if (vars) options.vars = vars;
  const varFiles = listOption(values, 'var-file');
  if (varFiles.length) options.varFiles = varFiles;
  const scp = listOption(values, 'scp');
  if (scp.length) options.scp = scp;
  const rcp = listOption(values, 'rcp');
  if (rcp.length) options.rcp = rcp;
  const detached = listOption(values, 'scp-full-access-detached');
  for (const id of detached)
    if (!isOrgNodeId(id) && !scp.includes(id))
      throw new UsageError(
        `--scp-full-access-detached expects a root (r-…), OU (ou-…) or 12-digit account id, or a file given to --scp, got "${id}"`,
        command,
      );
  if (detached.length) options.scpFullAccessDetached = detached;
  const now = parseNow(stringOption(values, 'now'), command);
  if (now) options.now = now;
  const maxInputSize = maxInputSizeOption(values, command);
  if (maxInputSize !== undefined) options.maxInputSize = maxInputSize;
  const maxInstances = stringOption(values, 'max-instances');
  if (maxInstances !== undefined) {
    if (
      !/^\d+$/.test(maxInstances) ||
      Number(maxInstances) < 1 ||
      !Number.isSafeInteger(Number(maxInstances))
    ) {
      throw new UsageError(
        `--max-instances expects a whole number such as 50000, got "${maxInstances}"`,
        command,
      );
    }
    options.maxInstances = Number(maxInstances);
  }
  return options;
}
