// Reads a Terraform configuration from a `.tf` file, a `.tf.json` file, a directory of them, or
// a `cdktf.out` directory (one root per `stacks/*/cdk.tf.json`), follows module sources (the
// directories `terraform init` installed registry and git modules in, local `./x`, `../x`) and
// collects input variable values: `TF_VAR_name` environment variables,
// `terraform.tfvars`, `*.auto.tfvars` (and their `.json` forms) in the root directory, then
// `varFiles`, then `vars`, in the order of precedence the Terraform docs give ("Input
// Variables: Variable Definition Precedence": "Terraform loads variables in the following
// order, with later sources taking precedence over earlier ones: Environment variables; The
// terraform.tfvars file, if present; The terraform.tfvars.json file, if present; Any
// *.auto.tfvars or *.auto.tfvars.json files, processed in lexical order of their filenames;
// Any -var and -var-file options on the command line, in the order they are provided."
// https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Finding } from '../../../model/finding.js';
import { isTerraformJsonConfig } from '../detect.js';
import { InputError } from '../errors.js';
import { bodyAttrs } from '../hcl/ast.js';
import { HclSyntaxError, parseHcl, parseHclExpression } from '../hcl/parser.js';
import { readJsonInput } from '../json-file.js';
import { evaluate } from '../eval/evaluator.js';
import type { Resolver, Scope } from '../eval/scope.js';
import { deepUnknown } from '../eval/values.js';
import { addHclFile } from './read-hcl.js';
import { type ModuleManifest, readModuleManifest, underDir } from './modules-manifest.js';
import { addJsonConfig } from './read-json.js';
import { currentWorkspace, type TerraformWorkspace } from './workspace.js';
import { emptyModule, type ModuleConfig, type TerraformConfig } from './types.js';
import { readInputText } from '../../../model/read-input.js';
import { distinctFromStandIns } from '../../../model/stand-ins.js';
import { closest, didYouMean } from '../../../text/suggest.js';

export interface ReadConfigOptions {
  vars?: Record<string, string>;
  varFiles?: string[];
  /**
   * Environment variables of the Terraform run (process.env when absent): `TF_VAR_name` values,
   * `TF_WORKSPACE` and `TF_DATA_DIR` (config/workspace.ts).
   */
  env?: Record<string, string | undefined>;
  /**
   * A `vars` entry no root module declares: an input error (default, as Terraform), or ignored
   * (`ignore`: the base side of `iamspec diff`, given the variables of the new state).
   */
  undeclaredVars?: 'error' | 'ignore';
}

const MAX_MODULE_DEPTH = 12;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isConfigFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

function readFileText(file: string): string {
  try {
    return distinctFromStandIns(readInputText(file).replace(/^\uFEFF/, ''), file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, file);
  }
}

function addFile(mod: ModuleConfig, file: string, findings: Finding[]): void {
  mod.files.push(file);
  if (file.endsWith('.json')) {
    const { value, locate } = readJsonInput(file);
    if (!isTerraformJsonConfig(value)) {
      throw new InputError(
        'not a Terraform JSON configuration (no resource, data, variable, module... keys)',
        file,
      );
    }
    addJsonConfig(mod, value, file, locate, findings);
  } else {
    addHclFile(mod, readFileText(file), file, findings);
  }
}

function readModuleDir(dir: string, findings: Finding[], required: boolean): ModuleConfig {
  const mod = emptyModule(dir);
  let names: string[];
  try {
    names = readdirSync(dir).filter(isConfigFile).sort();
  } catch (e) {
    throw new InputError(`cannot read directory: ${(e as Error).message}`, dir);
  }
  if (!names.length && required)
    throw new InputError('no Terraform files (.tf, .tf.json) in this directory', dir);
  for (const n of names) addFile(mod, join(dir, n), findings);
  return mod;
}

interface ModuleLoad {
  findings: Finding[];
  /** The root module's directory (module manifest paths are relative to it). */
  rootDir: string;
  manifest: ModuleManifest | undefined;
}

function isLocalSource(src: string): boolean {
  return src.startsWith('./') || src.startsWith('../');
}

/**
 * Reads the modules a module calls, recursively: from the module manifest of `terraform init`
 * when it lists the call (registry, git and local sources alike), else local sources from the
 * calling module's directory. A call that cannot be read is not loaded (`call.missing` says
 * why, a `tf/module-not-loaded` warning says how to fetch it).
 */
function loadModuleCalls(
  mod: ModuleConfig,
  load: ModuleLoad,
  prefix: string,
  depth: number,
  seen: Set<string>,
): void {
  for (const call of mod.moduleCalls.values()) {
    const src = call.source;
    const key = prefix ? `${prefix}.${call.name}` : call.name;
    const where = {
      file: call.at.file,
      ...(call.at.pos ? { line: call.at.pos.line, column: call.at.pos.column } : {}),
    };
    const installed = load.manifest?.dirOf(key);
    const dir = installed ?? (src && isLocalSource(src) ? underDir(mod.dir, src) : undefined);
    let why: string | undefined;
    if (!dir) {
      why = `comes from ${src ? `"${src}"` : 'an unknown source'}, which is not in the inputs: \`terraform init\` fetches it into .terraform/modules (run it in ${load.rootDir} before iamspec)`;
    } else if (!isDir(dir)) {
      why = installed
        ? `is listed in ${load.manifest!.file} at ${dir}, which does not exist: run \`terraform init\` again`
        : `directory ${src} not found`;
    } else if (depth >= MAX_MODULE_DEPTH || seen.has(resolve(dir)))
      why = 'module nesting too deep or recursive';
    if (why) {
      call.missing = `module "${key}" ${why}`;
      load.findings.push({
        code: 'tf/module-not-loaded',
        severity: 'warning',
        message: `${call.missing}; everything it could create or grant is unknown: a stand-in role and user (maybe-present, with unknown policies) stand for the principals it may create, the principals and resources passed to it may get policies from it, and its outputs are unknown`,
        source: { ...where, address: `module.${key.split('.').join('.module.')}` },
      });
      continue;
    }
    const child = readModuleDir(dir!, load.findings, false);
    call.module = child;
    loadModuleCalls(child, load, key, depth + 1, new Set([...seen, resolve(dir!)]));
  }
}

/** The stack directories of a cdktf.out directory (or undefined when it is not one). */
function cdktfStacks(dir: string): string[] | undefined {
  const stacks = join(dir, 'stacks');
  if (!isDir(stacks)) return undefined;
  const found = readdirSync(stacks)
    .sort()
    .map((n) => join(stacks, n))
    .filter((d) => existsSync(join(d, 'cdk.tf.json')));
  return found.length ? found : undefined;
}

const literalResolver: Resolver = {
  moduleDir: undefined,
  resolve: () => undefined,
};

function literalValue(text: string, file: string, pos?: { line: number; column: number }): unknown {
  const expr = parseHclExpression(text, pos);
  const scope: Scope = { vars: new Map(), resolver: literalResolver, file, address: undefined };
  return evaluate(expr, scope);
}

function readVarFile(file: string, into: Map<string, unknown>): void {
  if (file.endsWith('.json')) {
    const { value } = readJsonInput(file);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('a .tfvars.json file must hold a JSON object', file);
    }
    for (const [k, v] of Object.entries(value)) into.set(k, v);
    return;
  }
  const text = readFileText(file);
  let body: ReturnType<typeof parseHcl>;
  try {
    body = parseHcl(text);
  } catch (e) {
    if (e instanceof HclSyntaxError)
      throw new InputError(`HCL syntax error: ${e.reason}`, file, e.line, e.column);
    throw e;
  }
  const scope: Scope = { vars: new Map(), resolver: literalResolver, file, address: undefined };
  for (const a of bodyAttrs(body).values()) into.set(a.name, evaluate(a.expr, scope));
}

function autoVarFiles(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of ['terraform.tfvars', 'terraform.tfvars.json'])
    if (names.includes(n)) out.push(join(dir, n));
  for (const n of names.filter((x) => x.endsWith('.auto.tfvars') || x.endsWith('.auto.tfvars.json')).sort()) {
    out.push(join(dir, n));
  }
  return out;
}

/** A `--var name=value` value: complex literals (lists, maps, numbers) when the variable is not a string. */
function cliVarValue(text: string, declaredType: string | undefined): unknown {
  if (declaredType === 'string' || declaredType === undefined) {
    if (declaredType === 'string' || !/^\s*[[{]/.test(text)) return text;
  }
  try {
    const v = literalValue(text, '--var');
    return deepUnknown(v) ? text : v;
  } catch {
    return text;
  }
}

/** Reads a configuration (file, directory or cdktf.out). Throws InputError for unreadable input. */
export function readTerraformConfig(pathOrDir: string, options: ReadConfigOptions = {}): TerraformConfig {
  const findings: Finding[] = [];
  const roots: ModuleConfig[] = [];
  if (!existsSync(pathOrDir)) throw new InputError('no such file or directory', pathOrDir);
  if (isDir(pathOrDir)) {
    const stacks = cdktfStacks(pathOrDir);
    if (stacks) for (const s of stacks) roots.push(readModuleDir(s, findings, true));
    else roots.push(readModuleDir(pathOrDir, findings, true));
  } else {
    const mod = emptyModule(dirname(pathOrDir));
    if (!isConfigFile(basename(pathOrDir)) && !pathOrDir.endsWith('.json')) {
      throw new InputError('not a Terraform file (expected .tf or .tf.json)', pathOrDir);
    }
    addFile(mod, pathOrDir, findings);
    roots.push(mod);
  }
  for (const r of roots) loadLocalModules(r, findings, runEnv(options));
  const varValues = collectVarValues(roots, options, isDir(pathOrDir) ? pathOrDir : undefined);
  return { roots, varValues, workspaces: rootWorkspaces(roots, options), findings };
}

/** The environment variables of the Terraform run: the options', else the process's. */
function runEnv(options: ReadConfigOptions): Record<string, string | undefined> {
  return options.env ?? process.env;
}

/** The workspace of each root module, from the environment of the run and its data directory. */
export function rootWorkspaces(
  roots: readonly ModuleConfig[],
  options: ReadConfigOptions,
): Map<ModuleConfig, TerraformWorkspace> {
  return new Map(roots.map((r) => [r, currentWorkspace(r.dir, runEnv(options))]));
}

/**
 * Reads the modules a root module calls (recursively): installed ones from the manifest of
 * `terraform init` (`TF_DATA_DIR` honoured), local ones from their directories.
 */
export function loadLocalModules(
  mod: ModuleConfig,
  findings: Finding[],
  env: Record<string, string | undefined> = process.env,
): void {
  const manifest = readModuleManifest(mod.dir, env.TF_DATA_DIR);
  loadModuleCalls(mod, { findings, rootDir: mod.dir, manifest }, '', 0, new Set([resolve(mod.dir)]));
}

/** Input variable values: auto-loaded tfvars of `autoDir`, then `varFiles`, then `vars`. */
export function collectVarValues(
  roots: ModuleConfig[],
  options: ReadConfigOptions,
  autoDir: string | undefined,
): Map<string, unknown> {
  const varValues = new Map<string, unknown>();
  const declaredType = (k: string) => roots.map((r) => r.variables.get(k)?.type).find((t) => t !== undefined);
  // TF_VAR_name: only for variables the root module declares, as Terraform does
  for (const [name, value] of Object.entries(runEnv(options))) {
    if (!name.startsWith('TF_VAR_') || value === undefined) continue;
    const k = name.slice('TF_VAR_'.length);
    if (roots.some((r) => r.variables.has(k)))
      varValues.set(k, cliVarValue(distinctFromStandIns(value, name), declaredType(k)));
  }
  if (autoDir) for (const f of autoVarFiles(autoDir)) readVarFile(f, varValues);
  for (const f of options.varFiles ?? []) readVarFile(f, varValues);
  for (const [k, v] of Object.entries(options.vars ?? {})) {
    if (roots.length && !roots.some((r) => r.variables.has(k))) {
      if (options.undeclaredVars === 'ignore') continue;
      throw undeclaredVariable(k, roots);
    }
    varValues.set(k, cliVarValue(v, declaredType(k)));
  }
  return varValues;
}

/**
 * `--var NAME=VALUE` for a variable no root module declares is an input error, as in Terraform
 * ("Input Variables: Values for Undeclared Variables": "If you provide values for undeclared
 * variables on the command line, Terraform will return an error. To avoid this error, either
 * declare a variable block for the value, or remove the variable value from your Terraform
 * call." https://developer.hashicorp.com/terraform/language/values/variables#values-for-undeclared-variables).
 * Values in files and `TF_VAR_` variables for undeclared names are ignored, as Terraform does.
 */
function undeclaredVariable(name: string, roots: readonly ModuleConfig[]): InputError {
  const declared = new Set(roots.flatMap((r) => [...r.variables.keys()]));
  const hint = didYouMean(closest(name, declared), true);
  return new InputError(
    `--var ${name}: the configuration declares no variable "${name}"${hint ? ` (${hint})` : ''}; Terraform rejects a value for an undeclared variable given on the command line ("Value for undeclared variable"): declare a variable block for it, or remove the --var`,
    roots[0]!.dir,
  );
}
