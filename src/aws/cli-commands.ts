// What a shell command line run at deployment time may change (a Terraform `local-exec`
// provisioner's `command`: "The local-exec provisioner invokes a local executable after a resource
// is created. This invokes a process on the machine running Terraform", Terraform documentation,
// "local-exec Provisioner"). It runs with whatever credentials that machine has, which the inputs
// do not show, so the command text is all there is to go by:
// - an AWS CLI call (`aws iam attach-role-policy ...`, AWS CLI Command Reference: `aws [options]
//   <command> <subcommand> [parameters]`) changes what its action changes (aws/access-changes.ts;
//   the subcommand is the API operation in kebab case: `put-bucket-policy` is `s3:PutBucketPolicy`
//   through `s3api`); `aws s3 cp|sync|mv` with `--acl` or `--grants` writes object ACLs (buckets'
//   policies); a CLI call iamspec cannot read, and `aws cloudformation` (which deploys templates)
//   or `aws sts assume-role` (other credentials), may change anything;
// - a segment whose program is one of a few that call no AWS API (`echo`, `sleep`, `mkdir`...)
//   changes nothing;
// - any other program (a script, an interpreter, `terraform`, `curl`), or a program name the text
//   leaves unknown (an interpolation, a variable), may change anything; so does a line whose
//   commands cannot be told apart (a command substitution `$(...)`, an unclosed quote);
// - an AWS CLI call is bounded by the option naming what it acts on where the text gives it
//   (`--role-name app`, `--bucket b`: aws/access-changes.ts `narrowAccessChangeByParameters`);
//   `--cli-input-json` / `--cli-input-yaml` (parameters from a file), an option given twice or a
//   value the text leaves unknown: not bounded.
// The line is split into commands and words as a POSIX shell reads its quoting
// (aws/shell-words.ts): quotes, backslashes and line continuations.

import {
  ANY_ACCESS_CHANGE,
  type AccessChange,
  accessChangeOf,
  narrowAccessChangeByParameters,
  unionAccessChange,
} from './access-changes.js';
import { iamActionOfSdkCall } from './sdk-calls.js';
import { type ShellWord, shellLine } from './shell-words.js';

/** Programs that call no AWS API. */
const HARMLESS = new Set([
  'echo',
  'printf',
  'sleep',
  'true',
  'false',
  ':',
  'cd',
  'export',
  'set',
  'mkdir',
  'touch',
  'rm',
  'cp',
  'mv',
  'ls',
  'cat',
  'chmod',
  'date',
  'test',
  '[',
  'tee',
  'grep',
  'sed',
  'jq',
]);

/** Global AWS CLI options that take a value. */
const VALUE_OPTIONS = new Set([
  '--region',
  '--profile',
  '--output',
  '--endpoint-url',
  '--query',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--color',
  '--cli-binary-format',
]);

/** CLI command names whose IAM service prefix differs from the SDK's (aws/sdk-calls.ts has those). */
const CLI_SERVICE: Readonly<Record<string, string>> = { s3api: 's3' };

export interface CommandChange {
  change: AccessChange;
  /** What it runs, for messages (`aws iam attach-role-policy`, `./setup.sh`). */
  what: string;
}

/** The account and partition an AWS CLI call acts in (the credentials' own). */
export interface CommandEnv {
  partition: string;
  account: string;
}

/**
 * What a command line may change; undefined when nothing. `mark` is the character the caller put
 * where the text is not known (an interpolation).
 */
export function shellCommandChange(text: string, mark: string, env: CommandEnv): CommandChange | undefined {
  const line = shellLine(text, mark);
  if (line.opaque)
    return { change: ANY_ACCESS_CHANGE, what: `a command line iamspec cannot split (${line.opaque})` };
  let change: AccessChange | undefined;
  const whats: string[] = [];
  for (const command of line.commands) {
    const words = [...command];
    while (words.length && words[0]!.known && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!.text)) words.shift(); // VAR=value
    const program = words[0];
    if (program === undefined) continue;
    const c = programChange(program, words.slice(1), env);
    if (!c) continue;
    change = unionAccessChange(change, c.change);
    whats.push(c.what);
    if (change === ANY_ACCESS_CHANGE) break;
  }
  return change ? { change, what: [...new Set(whats)].join(', ') } : undefined;
}

/** The options of an AWS CLI call as the API's parameters (`--role-name x`: `RoleName`); `mark`ed values unknown. */
function cliParameters(args: readonly ShellWord[]): Record<string, string | undefined> | undefined {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (!w.known) continue;
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(w.text);
    if (!m) continue;
    if (m[1] === 'cli-input-json' || m[1] === 'cli-input-yaml') return undefined;
    const name = m[1]!
      .split('-')
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join('');
    let value: string | undefined;
    if (m[2] !== undefined) value = m[2];
    else if (args[i + 1] && !args[i + 1]!.text.startsWith('--')) {
      value = args[i + 1]!.known ? args[i + 1]!.text : undefined;
      i++;
    }
    // given twice: not bounded
    out[name] = name in out ? undefined : value;
  }
  return out;
}

function programChange(program: ShellWord, args: ShellWord[], env: CommandEnv): CommandChange | undefined {
  if (!program.known) return { change: ANY_ACCESS_CHANGE, what: 'a program the text leaves unknown' };
  const name = program.text.slice(program.text.lastIndexOf('/') + 1);
  if (HARMLESS.has(name)) return undefined;
  if (name !== 'aws') return { change: ANY_ACCESS_CHANGE, what: program.text };
  let i = 0;
  while (i < args.length && args[i]!.known && args[i]!.text.startsWith('-'))
    i += VALUE_OPTIONS.has(args[i]!.text) ? 2 : 1;
  const service = args[i];
  const op = args[i + 1];
  if (!service || !op || !service.known || !op.known)
    return { change: ANY_ACCESS_CHANGE, what: 'an AWS CLI call iamspec cannot read' };
  const what = `aws ${service.text} ${op.text}`;
  const rest = args.slice(i + 2);
  if (service.text === 'cloudformation' || (service.text === 'sts' && op.text.startsWith('assume-role')))
    return { change: ANY_ACCESS_CHANGE, what };
  if (service.text === 's3') {
    const writesAcl = rest.some(
      (a) =>
        !a.known ||
        a.text === '--acl' ||
        a.text === '--grants' ||
        a.text.startsWith('--acl=') ||
        a.text.startsWith('--grants='),
    );
    return ['cp', 'sync', 'mv'].includes(op.text) && writesAcl
      ? { change: { principals: false, trust: false, resources: true, resourceKinds: ['s3-bucket'] }, what }
      : undefined;
  }
  const action = iamActionOfSdkCall({
    service: CLI_SERVICE[service.text] ?? service.text,
    action: op.text
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
  });
  const c = accessChangeOf(action);
  if (!c) return undefined;
  return {
    change: action ? narrowAccessChangeByParameters(action, c, cliParameters(rest), env) : c,
    what: action ? `${what} (${action})` : what,
  };
}
