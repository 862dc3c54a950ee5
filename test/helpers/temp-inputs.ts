// Test helper: inputs written to a fresh temporary directory and loaded with iamspec. It owns the
// set-up many tests share: a CloudFormation template, a Terraform configuration (files by path)
// or a plan JSON (with or without its configuration) written under the run's TMPDIR (one per
// vitest run, removed when the run ends: test/global-setup.ts), then loaded by the CLI's loader
// (`loadModelSync`) or by the Terraform adapter's own entry points (`loadTerraformConfig`,
// `loadTerraformPlan`) into a ModelBuilder the test may give, or checked against a spec by the
// CLI run in-process (`iamspec check`, test/fixtures/cli/run.ts).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadTemplateObject, readTemplateFile } from '../../src/adapters/cloudformation/index.js';
import type { LoadOptions } from '../../src/adapters/load-core.js';
import { loadModelSync } from '../../src/adapters/load.js';
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
  type TfLoadOptions,
} from '../../src/adapters/terraform/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { type CliRun, runCli } from '../fixtures/cli/run.js';

/** A file's content: text or bytes as they are, any other value as its JSON (`JSON.stringify`, no indent). */
export type FileContent = string | Uint8Array | object;

/** Files by their path relative to the directory they are written to (`modules/x/main.tf`). */
export type FilesByPath = Readonly<Record<string, FileContent>>;

const bytesOrText = (content: FileContent): string | Uint8Array =>
  typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content);

/** A fresh empty directory under the run's TMPDIR whose name starts with `prefix`. */
export function tempDir(prefix = 'iamspec-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `files` under `dir`, making the subdirectories their paths name; returns `dir`. */
export function writeFilesIn(dir: string, files: FilesByPath): string {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytesOrText(content));
  }
  return dir;
}

/** Writes one file at `path` under `dir` (making its subdirectories); returns the file's path. */
export function writeFileIn(dir: string, path: string, content: FileContent): string {
  writeFilesIn(dir, { [path]: content });
  return join(dir, path);
}

/** Writes `files` to a fresh temporary directory; returns the directory. */
export function writeTempFiles(files: FilesByPath, prefix?: string): string {
  return writeFilesIn(tempDir(prefix), files);
}

/** Writes one file `name` to a fresh temporary directory; returns the file's path. */
export function writeTempFile(name: string, content: FileContent, prefix?: string): string {
  return join(writeTempFiles({ [name]: content }, prefix), name);
}

/**
 * Writes the template (text, or an object written as JSON) as `name` in a fresh temporary
 * directory and loads it with `loadModelSync`.
 */
export function loadTemplate(template: FileContent, options: LoadOptions = {}, name = 't.json'): Model {
  return loadModelSync([writeTempFile(name, template)], options);
}

/**
 * Writes `files` (a template and the files it names: nested templates, includes) to `dir` and
 * loads `main.json` with the CloudFormation adapter itself (stack `app`, account 123456789012,
 * eu-west-1), so nested-template and include paths resolve against that directory.
 */
export function loadTemplateFilesIn(dir: string, files: FilesByPath): Model {
  writeFilesIn(dir, files);
  const file = join(dir, 'main.json');
  const parsed = readTemplateFile(file);
  const builder = new ModelBuilder();
  loadTemplateObject(parsed.value, builder, {
    file,
    locate: parsed.locate,
    stackName: 'app',
    account: '123456789012',
    region: 'eu-west-1',
  });
  return builder.build();
}

/**
 * Writes a Terraform configuration (`main.tf` text, or files by path) to a fresh temporary
 * directory and loads the directory with `loadModelSync`.
 */
export function loadTerraformFiles(files: string | FilesByPath, options: LoadOptions = {}): Model {
  return loadModelSync([writeTempFiles(typeof files === 'string' ? { 'main.tf': files } : files)], options);
}

/**
 * Writes a Terraform configuration (`main.tf` text, or files by path) to a fresh temporary
 * directory and loads it with the adapter's `loadTerraformConfig` into `builder`; returns the
 * built model.
 */
export function terraformConfigModel(
  files: string | FilesByPath,
  options: TfLoadOptions = {},
  builder = new ModelBuilder(),
): Model {
  const dir = writeTempFiles(typeof files === 'string' ? { 'main.tf': files } : files);
  loadTerraformConfig(dir, builder, options);
  return builder.build();
}

/**
 * Writes the plan JSON as `plan.json` (and, when given, its configuration's files beside it) to a
 * fresh temporary directory and loads it with the adapter's `loadTerraformPlan` into `builder`,
 * the configuration read from that directory; returns the built model.
 */
export function terraformPlanModel(
  plan: object,
  options: TfLoadOptions = {},
  config?: FilesByPath,
  builder = new ModelBuilder(),
): Model {
  const dir = writeTempFiles({ 'plan.json': plan, ...config });
  loadTerraformPlan(
    join(dir, 'plan.json'),
    builder,
    options,
    config ? readTerraformConfig(dir, options) : undefined,
  );
  return builder.build();
}

/** An expectation of the JSON report of `iamspec check`: its id and status. */
export interface CheckedExpectation {
  id: string;
  status: string;
}

/** Where `checkTempFiles` finds its input and what else it passes to `iamspec check`. */
export interface TempCheckOptions {
  /** The input: this file of the directory; without it, the directory (a Terraform configuration). */
  input?: string;
  /** Arguments after `--spec FILE` (`--account`, `--region`, …). */
  args?: readonly string[];
}

/** The arguments of `iamspec check` on `files` and `spec.yaml` written to a fresh temporary directory. */
function tempCheckArgs(files: FilesByPath, spec: string, options: TempCheckOptions): string[] {
  const dir = writeTempFiles({ ...files, 'spec.yaml': spec });
  const input = options.input === undefined ? dir : join(dir, options.input);
  return ['check', input, '--spec', join(dir, 'spec.yaml'), ...(options.args ?? [])];
}

const expectationsOf = (json: CliRun): CheckedExpectation[] =>
  (JSON.parse(json.stdout) as { expectations: CheckedExpectation[] }).expectations;

/**
 * Writes `files` and the spec as `spec.yaml` to a fresh temporary directory and runs `iamspec
 * check INPUT --spec spec.yaml ARGS --format json` in-process; returns the run and the report's
 * expectations.
 */
export async function checkTempFiles(
  files: FilesByPath,
  spec: string,
  options: TempCheckOptions = {},
): Promise<{ run: CliRun; expectations: CheckedExpectation[] }> {
  const run = await runCli([...tempCheckArgs(files, spec, options), '--format', 'json']);
  return { run, expectations: expectationsOf(run) };
}

/**
 * Like `checkTempFiles`, running the same check first with the text output: returns that text
 * run, the JSON run and its report's expectations.
 */
export async function checkTempFilesWithText(
  files: FilesByPath,
  spec: string,
  options: TempCheckOptions = {},
): Promise<{ text: CliRun; run: CliRun; expectations: CheckedExpectation[] }> {
  const args = tempCheckArgs(files, spec, options);
  const text = await runCli(args);
  const run = await runCli([...args, '--format', 'json']);
  return { text, run, expectations: expectationsOf(run) };
}

/** The status of each expectation by id. */
export const statusesById = (expectations: readonly CheckedExpectation[]): Record<string, string> =>
  Object.fromEntries(expectations.map((e) => [e.id, e.status]));
