// The iamspec command line: dispatches to one module per command and turns errors into one
// clear message with exit code 2 (usage and input errors name the file and line:column; no
// stack trace unless IAMSPEC_DEBUG=1). Commands are imported lazily to keep start-up fast.
// Run directly with `npx tsx src/cli/main.ts ...`; bin/iamspec.js calls `main`.

import { parseSize, withInputLimitsAsync } from '../model/read-input.js';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { InputError } from '../model/input-error.js';
import { iamspecPackage } from '../package-info.js';
import { type CliIo, processIo } from './io.js';
import { UsageError } from './usage-error.js';

type Runner = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Runner>> = {
  eval: async () => (await import('./commands/eval.js')).runEval,
  explain: async () => (await import('./commands/explain.js')).runExplain,
  check: async () => (await import('./commands/check.js')).runCheck,
  'who-can': async () => (await import('./commands/who-can.js')).runWhoCan,
  matrix: async () => (await import('./commands/matrix.js')).runMatrix,
  diff: async () => (await import('./commands/diff.js')).runDiff,
};

export const MAIN_HELP = `iamspec: offline verifier of AWS IAM access for infrastructure as code

Usage: iamspec <command> INPUT... [options]

Commands:
  eval      decide the requests of a request file (JSON output for scripts and tests)
  explain   decide one request and explain why, with the source of every statement
  check     check an access spec (can / cannot / only / onlyPrincipals / via); text, json,
            sarif, junit or markdown report
  who-can   every principal that can perform an action on a resource, with role chains
  matrix    the access matrix of principals by resources and access levels (text, json, csv,
            markdown), or the self-contained HTML access review (--format html)
  diff      what a change grants: access added, removed and changed between two states (or a
            Terraform plan's prior and planned state), and new risk findings

INPUT: a CloudFormation template, a cloud assembly (cdk.out), a Terraform plan JSON,
a Terraform configuration (.tf / .tf.json / directory) or a cdktf.out directory.

Run 'iamspec <command> --help' for the options of a command.
Exit codes: 0 ran (check: every expectation holds), 1 check: an expectation fails or is
indeterminate, 2 usage or input error. IAMSPEC_DEBUG=1 shows stack traces.
`;

function version(): string {
  return iamspecPackage()?.version ?? 'unknown';
}

function stackOf(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 5; x = x.cause, depth++) {
    parts.push(depth === 0 ? (x.stack ?? String(x)) : `caused by: ${x.stack ?? String(x)}`);
  }
  return parts.join('\n');
}

async function toUserError(e: unknown): Promise<InputError | undefined> {
  if (e instanceof InputError) return e;
  // Adapter errors that escaped loadModel (should not happen) are converted the same way.
  try {
    const { toInputError } = await import('../adapters/load-core.js');
    return toInputError(e);
  } catch {
    return undefined; // the loader itself cannot be imported: reported as an internal error
  }
}

/** The value of `--max-input-size` in the arguments, when it is a valid size. */
function maxInputSizeIn(args: readonly string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--max-input-size') return parseSize(args[i + 1] ?? '');
    if (a.startsWith('--max-input-size=')) return parseSize(a.slice('--max-input-size='.length));
  }
  return undefined;
}

/** Runs the CLI with `argv` (without `node` and the script). Returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const debug = !!io.env?.IAMSPEC_DEBUG && io.env.IAMSPEC_DEBUG !== '0';
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(MAIN_HELP);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    io.stderr(`iamspec: unknown command "${command}"\nRun 'iamspec --help' for the commands.\n`);
    return 2;
  }
  try {
    const run = await load();
    // --max-input-size bounds every file the command reads (inputs, spec, requests, policies);
    // the command's own option parsing validates it.
    return await withInputLimitsAsync({ maxInputSize: maxInputSizeIn(rest) }, () => run(rest, io));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(
        `iamspec ${command}: ${e.message}\nRun 'iamspec ${e.command ?? command} --help' for usage.\n`,
      );
      if (debug) io.stderr(`${stackOf(e)}\n`);
      return 2;
    }
    const input = await toUserError(e);
    if (input) {
      io.stderr(`iamspec: ${input.message}\n`);
      if (debug) io.stderr(`${stackOf(input)}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(
      `iamspec: internal error: ${message}\n${debug ? `${stackOf(e)}\n` : 'Set IAMSPEC_DEBUG=1 for the stack trace, and please report it.\n'}`,
    );
    return 2;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
