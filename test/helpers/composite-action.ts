// Runs a composite GitHub Action (action.yml) on this machine the way a runner does, as far as
// that can be done offline: inputs with their defaults, `${{ }}` expressions over inputs, step
// outputs and github.*, `if:` conditions, `env:`, `working-directory:`, bash `run:` steps with
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ACTION_PATH files and variables, and
// continue-on-error. `uses:` steps (other actions) do not run: they are recorded with their
// evaluated `with:`, for the test to check. A step can be replaced by given outputs (`stub`).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

interface ActionFile {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord {
  id: string;
  name: string;
  ran: boolean;
  uses?: string;
  with?: Record<string, string>;
  status?: number;
  stdout?: string;
  stderr?: string;
}

export interface ActionRun {
  /** Every step in order, with whether it ran (its `if:` held). */
  steps: StepRecord[];
  /** The action's outputs. */
  outputs: Record<string, string>;
  /** False when a step without continue-on-error failed. */
  success: boolean;
  summary: string;
  /** Everything the run steps printed, in order. */
  log: string;
}

export interface RunOptions {
  /** Directory holding action.yml and its scripts (GITHUB_ACTION_PATH). */
  actionPath: string;
  /** The job's working directory (GITHUB_WORKSPACE). */
  workspace: string;
  /** Scratch directory for RUNNER_TEMP and the runner's files. */
  temp: string;
  inputs: Record<string, string>;
  /** Extra environment of every step (PATH with a fake gh, GITHUB_EVENT_PATH...). */
  env?: Record<string, string>;
  github?: Record<string, string>;
  /** Steps (by id) replaced by the given outputs. */
  stub?: Record<string, Record<string, string>>;
}

type Context = {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  github: Record<string, string>;
};

function lookup(path: string, context: Context): string {
  const parts = path.split('.');
  let value: unknown = context;
  for (const p of parts) value = (value as Record<string, unknown> | undefined)?.[p];
  return value === undefined || value === null ? '' : String(value);
}

function operand(text: string, context: Context): string {
  const t = text.trim();
  const literal = /^'(.*)'$/.exec(t);
  if (literal) return literal[1]!.replace(/''/g, "'");
  if (!/^[a-z]+(\.[A-Za-z0-9_-]+)+$/.test(t)) throw new Error(`unsupported expression operand: ${t}`);
  return lookup(t, context);
}

/** Evaluates the subset of GitHub's expression syntax action.yml uses: `a == 'x' && b != ''`. */
export function evaluate(expression: string, context: Context): string | boolean {
  const clauses = expression.split('&&').map((c) => c.trim());
  const values = clauses.map((clause) => {
    const m = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(clause);
    if (!m) return operand(clause, context);
    // GitHub compares strings ignoring case.
    const equal = operand(m[1]!, context).toLowerCase() === operand(m[3]!, context).toLowerCase();
    return m[2] === '==' ? equal : !equal;
  });
  if (values.length === 1) return values[0]!;
  return values.every((v) => v === true || (typeof v === 'string' && v !== ''));
}

function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr, context)));
}

function condition(text: string | undefined, context: Context): boolean {
  if (text === undefined) return true;
  const inner = /^\$\{\{(.*)\}\}$/.exec(text.trim());
  const value = evaluate(inner ? inner[1]! : text, context);
  return value === true || (typeof value === 'string' && value !== '');
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== block[2]; i++) value.push(lines[i]!);
      out[block[1]!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export function readAction(actionPath: string): ActionFile {
  return parse(readFileSync(join(actionPath, 'action.yml'), 'utf8')) as ActionFile;
}

export function runCompositeAction(options: RunOptions): ActionRun {
  const action = readAction(options.actionPath);
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const github = { token: 'fake-token', ...options.github };
  const context: Context = { inputs: {}, steps: {}, github };
  for (const [name, spec] of Object.entries(action.inputs)) {
    const given = options.inputs[name];
    if (given === undefined && spec.required) throw new Error(`required input ${name} not given`);
    context.inputs[name] = given ?? interpolate(spec.default ?? '', context);
  }
  for (const name of Object.keys(options.inputs)) {
    if (!(name in action.inputs)) throw new Error(`the action has no input ${name}`);
  }
  mkdirSync(options.temp, { recursive: true });
  const summaryFile = join(options.temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const steps: StepRecord[] = [];
  let log = '';
  let success = true;
  action.runs.steps.forEach((step, index) => {
    const id = step.id ?? `step${index}`;
    const record: StepRecord = { id, name: step.name ?? id, ran: false };
    steps.push(record);
    if (!success || !condition(step.if, context)) return;
    record.ran = true;
    if (options.stub?.[id]) {
      context.steps[id] = { outputs: options.stub[id]! };
      return;
    }
    if (step.uses) {
      record.uses = step.uses;
      record.with = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), context)]),
      );
      context.steps[id] = { outputs: {} };
      return;
    }
    if (step.shell !== 'bash') throw new Error(`step ${id}: only bash run steps are supported`);
    const outputFile = join(options.temp, `output-${index}.txt`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...options.env,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: options.temp,
      GITHUB_ACTIONS: 'true',
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(String(v), context);
    const cwd = resolve(options.workspace, interpolate(step['working-directory'] ?? '.', context));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
      cwd,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    record.status = r.status ?? 1;
    record.stdout = r.stdout;
    record.stderr = r.stderr;
    log += `## ${record.name}\n${r.stdout}${r.stderr}`;
    context.steps[id] = { outputs: parseOutputFile(readFileSync(outputFile, 'utf8')) };
    if (record.status !== 0 && step['continue-on-error'] !== true) success = false;
  });
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, o]) => [name, interpolate(o.value, context)]),
  );
  return { steps, outputs, success, summary: readFileSync(summaryFile, 'utf8'), log };
}
