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
//   leaves unknown (an interpolation), may change anything.
// Segments are split at `;`, `&&`, `||`, `|`, `&` and new lines; quoting is not interpreted.

import { ANY_ACCESS_CHANGE, type AccessChange, accessChangeOf, unionAccessChange } from './access-changes.js';
import { iamActionOfSdkCall } from './sdk-calls.js';

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

/**
 * What a command line may change; undefined when nothing. `mark` is the character the caller put
 * where the text is not known (an interpolation).
 */
export function shellCommandChange(text: string, mark: string): CommandChange | undefined {
  let change: AccessChange | undefined;
  const whats: string[] = [];
  for (const segment of text.split(/\r?\n|;|&&|\|\||\||&/)) {
    const words = segment.trim().split(/\s+/).filter(Boolean);
    while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift(); // VAR=value
    const program = words[0];
    if (program === undefined) continue;
    const c = programChange(program, words.slice(1), mark);
    if (!c) continue;
    change = unionAccessChange(change, c.change);
    whats.push(c.what);
    if (change === ANY_ACCESS_CHANGE) break;
  }
  return change ? { change, what: [...new Set(whats)].join(', ') } : undefined;
}

function programChange(program: string, args: string[], mark: string): CommandChange | undefined {
  if (program.includes(mark)) return { change: ANY_ACCESS_CHANGE, what: 'a program the text leaves unknown' };
  const name = program.slice(program.lastIndexOf('/') + 1);
  if (HARMLESS.has(name)) return undefined;
  if (name !== 'aws') return { change: ANY_ACCESS_CHANGE, what: program };
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += VALUE_OPTIONS.has(args[i]!) ? 2 : 1;
  const service = args[i];
  const op = args[i + 1];
  if (!service || !op || service.includes(mark) || op.includes(mark))
    return { change: ANY_ACCESS_CHANGE, what: 'an AWS CLI call iamspec cannot read' };
  const what = `aws ${service} ${op}`;
  if (service === 'cloudformation' || (service === 'sts' && op.startsWith('assume-role')))
    return { change: ANY_ACCESS_CHANGE, what };
  if (service === 's3') {
    const writesAcl = args.some(
      (a) => a === '--acl' || a === '--grants' || a.startsWith('--acl=') || a.startsWith('--grants='),
    );
    return ['cp', 'sync', 'mv'].includes(op) && writesAcl
      ? { change: { principals: false, trust: false, resources: true, resourceKinds: ['s3-bucket'] }, what }
      : undefined;
  }
  const action = iamActionOfSdkCall({
    service: CLI_SERVICE[service] ?? service,
    action: op
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
  });
  const c = accessChangeOf(action);
  return c ? { change: c, what: action ? `${what} (${action})` : what } : undefined;
}
