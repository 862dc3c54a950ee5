// Loading inputs into one Model, with the adapters given by the caller: detects each input by
// content (CloudFormation template, cloud assembly, directory of templates, Terraform plan,
// Terraform configuration file or directory, cdktf.out), hands it to its adapter, pairs a
// Terraform plan with the configuration directory given beside it (one Terraform root), applies
// SCP/RCP files, and turns every adapter input error into the one user-facing InputError (file,
// line, column). Every policy of the loaded model is validated against the catalog once, and its
// unknown values are listed (src/validation/load-findings.ts), each finding located.
// This module imports no adapter (only their detection predicates and error classes), so a caller
// can load the adapters an input needs and no other: load.ts imports them all (the synchronous
// public API), load-by-kind.ts imports each on demand (the CLI).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fullAccessCompletion, fullAccessMaybeAttached, isOrgNodeId } from '../aws/org-managed-policies.js';
import { managementAccountFindings, orgFileTargets } from '../aws/org-management-account.js';
import { ModelBuilder } from '../model/builder.js';
import type { Finding } from '../model/finding.js';
import { InputError } from '../model/input-error.js';
import { withOpenAccounts } from '../model/open-accounts.js';
import type { RoleReach } from '../model/role-reach.js';
import type { Locator } from '../model/source.js';
import type { Model, OrganizationPolicies } from '../model/types.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../policy/located-json.js';
import { parsePolicy } from '../policy/parse.js';
import type { PolicyDocument } from '../policy/types.js';
import { addLoadFindings } from '../validation/load-findings.js';
import { isCloudAssemblyDir, isCloudFormationTemplate } from './cloudformation/detect.js';
import { InputError as CfnInputError } from './cloudformation/errors.js';
import type * as CfnIndex from './cloudformation/index.js';
import type { TerraformConfig } from './terraform/config/types.js';
import { isTerraformJsonConfig, isTerraformPlan } from './terraform/detect.js';
import { InputError as TfInputError } from './terraform/errors.js';
import type * as TfIndex from './terraform/index.js';
import type * as TfLoad from './terraform/load.js';
import { readInputFile } from '../model/read-input.js';
import { isRegionCode } from '../model/region-substitution.js';
import {
  distinctFromStandIns,
  isStandInAccount,
  standInLiteral,
  readAsInput,
  StandInSpellings,
  withStandInSpellings,
} from '../model/stand-ins.js';
import { Unknown } from '../model/unknown.js';

export interface LoadOptions {
  /** Account for inputs that do not name one (`--account`); also the target of --scp/--rcp. */
  account?: string;
  /** Region for inputs that do not name one (`--region`). */
  region?: string;
  /** Partition (`--partition`), `aws` by default. */
  partition?: string;
  /** CloudFormation parameter values (`--parameter K=V`) for every top-level stack. */
  parameters?: Record<string, string>;
  /**
   * Stack name (`--stack-name`) the one CloudFormation template among the inputs is deployed as
   * (`AWS::StackName`); without it a template's stack name is unknown (a cloud assembly's stacks
   * keep their own). Input error when the inputs hold no template or several.
   */
  stackName?: string;
  /**
   * CloudFormation stack-level tags (`--stack-tag K=V`) the top-level templates are deployed with;
   * without them a template's stack tags are unknown (a cloud assembly's stacks use their own).
   */
  stackTags?: Record<string, string>;
  /**
   * The service roles CloudFormation stacks of templates given alone deploy with, by stack name
   * (`--stack-role STACK=ROLE_ARN|none`; STACK as `--stack-name` gives it, else the template
   * file's name): without it such a stack's role is unknown (aws/stack-roles.ts). Input error
   * when malformed or when it names no such stack of the inputs.
   */
  stackRoles?: Record<string, string>;
  /**
   * A `stackRoles` name that is no such stack of the inputs: an input error (default), or
   * ignored (`ignore`: the base of `iamspec diff`, which is given the new state's options; a
   * stack the change adds is not there).
   */
  unmatchedStackRoles?: 'error' | 'ignore';
  /** Terraform input variables (`--var K=V`) for every Terraform root. */
  vars?: Record<string, string>;
  /** Terraform variable files (`--var-file F`), after the auto-loaded tfvars. */
  varFiles?: string[];
  /**
   * A `vars` entry no Terraform root module declares: an input error (default, as Terraform
   * does), or ignored (`ignore`: the base of `iamspec diff`, which is given the new state's
   * variables; a variable the change adds is not declared there).
   */
  undeclaredVars?: 'error' | 'ignore';
  /** Policy JSON files applied as service control policies to every account of the model (or to `account`). */
  scp?: string[];
  /** Policy JSON files applied as resource control policies to every account of the model (or to `account`). */
  rcp?: string[];
  /**
   * Organization nodes (root `r-…`, OU `ou-…`, account ids) from which FullAWSAccess has been
   * detached, and --scp files (as given to `scp`) from whose level it has been
   * (`--scp-full-access-detached`, the spec's `scpFullAccessDetached`): only there is an
   * allow-list SCP the level's only Allow; elsewhere FullAWSAccess may still be attached beside
   * it (aws/org-managed-policies.ts `fullAccessMaybeAttached`).
   */
  scpFullAccessDetached?: string[];
  /** Evaluation time; loading does not use it (it is carried for `compileModel`). */
  now?: Date;
  /**
   * Largest file read as input, in bytes (`--max-input-size`); DEFAULT_MAX_INPUT_SIZE (64 MiB)
   * when not set. Only regular files and directories are read, whatever the size.
   */
  maxInputSize?: number;
  /**
   * Most instances one Terraform `count`/`for_each` may expand to (`--max-instances`),
   * DEFAULT_MAX_INSTANCES (10,000) when not set; a configuration may have 10 times as many in
   * all. More is an input error at the `count`/`for_each`, never a truncation.
   */
  maxInstances?: number;
  /**
   * Which state of a Terraform plan to load: the planned values (default) or the state before the
   * plan (`prior`: `prior_state`, known values; a configuration given beside it is not paired).
   */
  planSide?: 'planned' | 'prior';
  /**
   * The open-account mode (`--open-accounts`): each account of the inputs gets the stand-ins for
   * the users and roles the inputs do not define (src/model/open-accounts.ts `withOpenAccounts`),
   * which the exhaustive principal checks, who-can, the matrix, the review and the diff consider.
   */
  openAccounts?: boolean;
}

export type InputKind =
  | 'cloudformation-template'
  | 'cloud-assembly'
  | 'cloudformation-directory'
  | 'terraform-plan'
  | 'terraform-config';

/** The CloudFormation/SAM adapter's entry points the loader uses. */
export type CfnAdapter = Pick<
  typeof CfnIndex,
  'CfnLoadSession' | 'loadCloudAssembly' | 'loadTemplateObject' | 'loadDeployedTemplate'
>;
/** The Terraform adapter's entry points the loader uses. */
export type TfAdapter = Pick<typeof TfIndex, 'readTerraformConfig' | 'loadTerraformConfig'> &
  Pick<typeof TfLoad, 'loadPlanValue'>;
/** Parses a template's text (JSON or YAML with short tags): the CloudFormation template parser. */
export type ParseTemplateText = typeof CfnIndex.parseTemplateText;

/**
 * The adapters a load uses. `parseTemplateText` is needed to detect YAML templates and
 * directories of templates; an adapter left out must not be needed by the inputs' kinds.
 * `roleReach`: the role chains the deploy-time bounds follow (model/role-reach.ts), given to the
 * builder; the loaders pass analysis/deploy-time-reach.ts `deployTimeRoleReach`.
 */
export interface Adapters {
  cfn?: CfnAdapter;
  tf?: TfAdapter;
  parseTemplateText: ParseTemplateText;
  roleReach: RoleReach;
}

/** The adapter each input kind needs. */
export function adapterOf(kind: InputKind): 'cfn' | 'tf' {
  return kind === 'terraform-plan' || kind === 'terraform-config' ? 'tf' : 'cfn';
}

function need<T>(adapter: T | undefined, name: string): T {
  if (!adapter)
    throw new Error(`internal error: the ${name} adapter was not loaded for an input that needs it`);
  return adapter;
}

/**
 * Thrown by a `parseTemplateText` that is not loaded yet (load-by-kind.ts): detection is run
 * again once the template parser is imported. Never escapes to the user.
 */
export class TemplateParserNeeded extends Error {}

/** One input after detection; parsed content is kept so it is not read twice. */
export interface DetectedInput {
  path: string;
  kind: InputKind;
  /** Parsed JSON/YAML of a template or plan file. */
  value?: unknown;
  locate?: Locator;
  /** Template files of a directory of templates. */
  templates?: { file: string; value: unknown; locate: Locator }[];
}

// ---------------------------------------------------------------------------------------
// Errors

/** Strips the `where: ` prefix a Terraform adapter error puts before its reason. */
function tfReason(e: TfInputError): string {
  const prefixes: string[] = [];
  if (e.line !== undefined && e.column !== undefined) prefixes.push(`${e.file}:${e.line}:${e.column}: `);
  if (e.line !== undefined) prefixes.push(`${e.file}:${e.line}: `);
  prefixes.push(`${e.file}: `);
  for (const p of prefixes) if (e.message.startsWith(p)) return e.message.slice(p.length);
  return e.message;
}

/**
 * The user-facing error for an error thrown while reading input: adapter InputErrors and
 * located JSON syntax errors are converted; anything else (a bug) gives undefined.
 */
export function toInputError(e: unknown): InputError | undefined {
  if (e instanceof InputError) return e;
  if (e instanceof CfnInputError) {
    return new InputError(e.reason, { file: e.file, line: e.line, column: e.column }, { cause: e });
  }
  if (e instanceof TfInputError) {
    return new InputError(tfReason(e), { file: e.file, line: e.line, column: e.column }, { cause: e });
  }
  if (e instanceof LocatedSyntaxError) {
    return new InputError(
      `invalid JSON: ${e.reason}`,
      { file: e.file, line: e.line, column: e.column },
      { cause: e },
    );
  }
  return undefined;
}

function rethrowAsInputError(e: unknown): never {
  throw toInputError(e) ?? e;
}

// ---------------------------------------------------------------------------------------
// Detection

const SUPPORTED =
  'a CloudFormation template (.json/.yaml/.yml/.template), a cloud assembly directory (cdk.out), a Terraform plan JSON (terraform show -json), a Terraform configuration (.tf, .tf.json, a directory of them) or a cdktf.out directory';

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function readText(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readInputFile(file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  return distinctFromStandIns(decodeJsonBytes(bytes), file);
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** Parses text `readText` read (its stand-ins already read as literals: `readAsInput`). */
function parseJsonText(text: string, file: string): { value: unknown; locate: Locator } {
  try {
    const parsed = parseLocatedJson(text, file);
    readAsInput(parsed.value);
    return parsed;
  } catch (e) {
    rethrowAsInputError(e);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why a well-formed JSON/YAML value is none of the inputs, with a hint when it looks like something else. */
function notAnInput(value: unknown): string {
  let hint = '';
  if (isRecord(value) && 'Statement' in value) {
    hint = '; it looks like an IAM policy document (pass policies with --scp, --rcp or --session-policy)';
  } else if (Array.isArray(value) && value.some((r) => isRecord(r) && 'principal' in r && 'action' in r)) {
    hint = '; it looks like an eval request file (pass it with --requests)';
  } else if (isRecord(value) && 'artifacts' in value) {
    hint = '; it looks like a cloud assembly manifest: pass its directory';
  }
  return `not an input iamspec can read: expected ${SUPPORTED}${hint}`;
}

function hasTerraformFiles(dir: string, names: string[]): boolean {
  if (names.some((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))) return true;
  const stacks = join(dir, 'stacks');
  if (!isDirectory(stacks)) return false;
  try {
    return readdirSync(stacks).some((s) => isFile(join(stacks, s, 'cdk.tf.json')));
  } catch {
    return false;
  }
}

const TEMPLATE_EXTENSIONS = /\.(json|ya?ml|template)$/i;

function detectDirectory(dir: string, parseTemplateText: ParseTemplateText): DetectedInput {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new InputError(`cannot read directory: ${(e as Error).message}`, { file: dir });
  }
  const hasTf = hasTerraformFiles(dir, names);
  if (names.includes('manifest.json') && (isCloudAssemblyDir(dir) || !hasTf)) {
    return { path: dir, kind: 'cloud-assembly' };
  }
  if (hasTf) return { path: dir, kind: 'terraform-config' };
  const templates: { file: string; value: unknown; locate: Locator }[] = [];
  const others: string[] = [];
  let malformed: unknown;
  for (const name of names) {
    const file = join(dir, name);
    if (!TEMPLATE_EXTENSIONS.test(name) || !isFile(file)) continue;
    // A well-formed file that is not a template is skipped; a malformed one is reported below.
    let parsed: { value: unknown; locate: Locator };
    try {
      parsed = parseTemplateText(readText(file), file);
      readAsInput(parsed.value);
    } catch (e) {
      if (e instanceof TemplateParserNeeded) throw e;
      malformed ??= e;
      continue;
    }
    if (isCloudFormationTemplate(parsed.value)) templates.push({ file, ...parsed });
    else if (isTerraformPlan(parsed.value)) others.push(`${name} is a Terraform plan: pass the file itself`);
  }
  const hints = [...others];
  for (const sub of ['cdk.out', 'cdktf.out']) {
    if (isDirectory(join(dir, sub))) hints.push(`did you mean ${join(dir, sub)}?`);
  }
  // A malformed file among templates (or as the only candidate) is an input error.
  if (malformed !== undefined && (templates.length || !hints.length)) rethrowAsInputError(malformed);
  if (templates.length) return { path: dir, kind: 'cloudformation-directory', templates };
  throw new InputError(
    `nothing iamspec can read in this directory: expected a cloud assembly (manifest.json), .tf/.tf.json files, a cdktf.out (stacks/*/cdk.tf.json) or CloudFormation templates${hints.length ? `; ${hints.join('; ')}` : ''}`,
    { file: dir },
  );
}

function detectFile(file: string, parseTemplateText: ParseTemplateText): DetectedInput {
  const name = basename(file);
  if (name.endsWith('.tf') || name.endsWith('.tf.json')) return { path: file, kind: 'terraform-config' };
  if (name === 'manifest.json' && isCloudAssemblyDir(dirname(file))) {
    return { path: dirname(file), kind: 'cloud-assembly' };
  }
  const text = readText(file);
  if (looksLikeJson(text)) {
    const { value, locate } = parseJsonText(text, file);
    if (isTerraformPlan(value)) return { path: file, kind: 'terraform-plan', value, locate };
    if (isTerraformJsonConfig(value)) return { path: file, kind: 'terraform-config' };
    if (isCloudFormationTemplate(value))
      return { path: file, kind: 'cloudformation-template', value, locate };
    throw new InputError(notAnInput(value), { file });
  }
  if (!/\.(ya?ml|template)$/i.test(name) && /\.[A-Za-z0-9]+$/.test(name)) {
    throw new InputError(`not an input iamspec can read: expected ${SUPPORTED}`, { file });
  }
  let parsed: { value: unknown; locate: Locator };
  try {
    parsed = parseTemplateText(text, file);
    readAsInput(parsed.value);
  } catch (e) {
    rethrowAsInputError(e);
  }
  if (isCloudFormationTemplate(parsed.value)) {
    return { path: file, kind: 'cloudformation-template', value: parsed.value, locate: parsed.locate };
  }
  throw new InputError(notAnInput(parsed.value), { file });
}

/** Detects what an input path is, by content. Throws InputError when it is none of the inputs. */
export function detectInputWith(path: string, parseTemplateText: ParseTemplateText): DetectedInput {
  if (!existsSync(path)) throw new InputError('no such file or directory', { file: path });
  return isDirectory(path) ? detectDirectory(path, parseTemplateText) : detectFile(path, parseTemplateText);
}

// ---------------------------------------------------------------------------------------
// Plan + configuration pairing

/** Root-module resource keys (`type.name`, `data.type.name`) and module call names a plan mentions. */
function planKeys(plan: unknown): Set<string> {
  const keys = new Set<string>();
  const add = (address: unknown) => {
    if (typeof address !== 'string') return;
    const mod = /^module\.([^.[]+)/.exec(address);
    if (mod) keys.add(`module.${mod[1]}`);
    else keys.add(address.replace(/\[[^\]]*\]$/, ''));
  };
  if (!isRecord(plan)) return keys;
  if (Array.isArray(plan.resource_changes))
    for (const rc of plan.resource_changes) add(isRecord(rc) && rc.address);
  const walk = (mod: unknown) => {
    if (!isRecord(mod)) return;
    if (Array.isArray(mod.resources)) for (const r of mod.resources) add(isRecord(r) && r.address);
    if (Array.isArray(mod.child_modules)) for (const c of mod.child_modules) walk(c);
  };
  if (isRecord(plan.planned_values)) walk(plan.planned_values.root_module);
  if (isRecord(plan.prior_state) && isRecord(plan.prior_state.values))
    walk(plan.prior_state.values.root_module);
  return keys;
}

/** How many of a plan's keys a configuration declares (0: not the same Terraform root). */
function pairingScore(keys: Set<string>, config: TerraformConfig): number {
  let best = 0;
  for (const root of config.roots) {
    let score = 0;
    for (const k of keys) {
      if (k.startsWith('module.') ? root.moduleCalls.has(k.slice(7)) : root.resources.has(k)) score++;
    }
    best = Math.max(best, score);
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Organization policies from files

function readOrgPolicy(file: string, kind: 'scp' | 'rcp'): PolicyDocument {
  if (!existsSync(file)) throw new InputError('no such file', { file });
  const text = readText(file);
  const { value, locate } = parseJsonText(text, file);
  if (!isRecord(value) || !('Statement' in value)) {
    throw new InputError(
      `not a policy document: a ${kind.toUpperCase()} file holds one JSON policy with a "Statement"`,
      { file },
    );
  }
  // The file does not say where in the organization it is attached (engine/org-levels.ts).
  const orgLevel = new Unknown(
    `the --${kind} file ${file} does not say at which level (root, OU or account) it is attached`,
    { file },
  );
  return { ...parsePolicy(value, { kind, source: { file }, locate }), orgLevel };
}

function applyOrgPolicies(
  model: Model,
  options: LoadOptions,
  notes: Finding[],
  spellings: StandInSpellings,
): Model {
  const scps = (options.scp ?? []).map((f) => readOrgPolicy(f, 'scp'));
  const rcps = (options.rcp ?? []).map((f) => readOrgPolicy(f, 'rcp'));
  // The SCP/RCP files are read after the builder built: their stand-in spellings are taken here.
  const extraFindings = [...notes, ...spellings.take(), ...managementAccountFindings(model)];
  if (!scps.length && !rcps.length && !extraFindings.length) return model;
  const given = options.account
    ? [model.accounts.find((a) => a.id === options.account) ?? { id: options.account, region: undefined }]
    : model.accounts;
  const kinds = [...(scps.length ? ['scp' as const] : []), ...(rcps.length ? ['rcp' as const] : [])];
  const { targets, skipped } = orgFileTargets(given, kinds);
  const orgs = new Map<string, OrganizationPolicies>(model.organizations.map((o) => [o.account, o]));
  // Attaching an allow list does not detach FullAWSAccess: it may remain at the file's level
  // unless the user says it is detached there (aws/org-managed-policies.ts).
  const detachedFiles = new Set(
    (options.scpFullAccessDetached ?? []).filter((d) => !isOrgNodeId(d)).map((f) => resolve(f)),
  );
  const remaining = fullAccessMaybeAttached(
    scps.filter((d) => !d.source.file || !detachedFiles.has(resolve(d.source.file))),
    new Set(),
  );
  if (scps.length || rcps.length) {
    for (const account of targets) {
      const o = orgs.get(account) ?? { account, scps: [], rcps: [] };
      orgs.set(account, { account, scps: [...o.scps, ...scps, ...remaining], rcps: [...o.rcps, ...rcps] });
    }
  }
  const findings: Finding[] = [...extraFindings];
  for (const { message } of kinds.length ? skipped : [])
    findings.push({
      code: 'load/org-policy-management-account',
      severity: 'info',
      message,
      source: (scps[0] ?? rcps[0])!.source,
    });
  for (const doc of [...scps, ...rcps]) {
    findings.push(...doc.findings);
    const hasAllow = doc.statements.some((s) => s.effect === 'Allow');
    if (!hasAllow) {
      const full = doc.kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
      findings.push({
        code: 'load/org-policy-deny-list',
        severity: 'info',
        message: `this ${doc.kind.toUpperCase()} has no Allow statement: it is taken as a deny list attached next to ${full} (as AWS attaches by default), so only its Deny statements restrict ${targets.length ? targets.join(', ') : skipped.length ? 'no account' : 'the model'}`,
        source: doc.source,
      });
    }
  }
  return deepFreeze({
    ...model,
    organizations: [...orgs.values()],
    findings: [...model.findings, ...findings],
  });
}

function deepFreeze<T>(x: T, seen = new Set<unknown>()): T {
  if (x === null || typeof x !== 'object' || seen.has(x)) return x;
  seen.add(x);
  for (const v of Object.values(x as Record<string, unknown>)) deepFreeze(v, seen);
  return Object.freeze(x);
}

// ---------------------------------------------------------------------------------------
// Loading

export interface LoadReport {
  /** Each input and what it was detected as. */
  inputs: DetectedInput[];
  /** Terraform plans loaded with the configuration given beside them: plan path → configuration path. */
  pairs: { plan: string; config: string }[];
}

/**
 * Loads inputs into a builder (several inputs merge into one model). Throws InputError for an
 * input that cannot be read. Returns what each input was detected as.
 */
export function loadInputsWith(
  inputs: readonly string[],
  builder: ModelBuilder,
  options: LoadOptions,
  adapters: Adapters,
): LoadReport {
  builder.useRoleReach(adapters.roleReach);
  builder.useOrgLevelCompletion(fullAccessCompletion(options.scpFullAccessDetached));
  builder.useTemplateDeployer(adapters.cfn?.loadDeployedTemplate ?? 'not-loaded');
  return withStandInSpellings(builder.standInSpellings, () =>
    loadDetectedWith(detectAll(inputs, options, adapters.parseTemplateText), builder, options, adapters),
  );
}

/** Detects every input (checking the variable files first). Throws InputError. */
export function detectAll(
  inputs: readonly string[],
  options: LoadOptions,
  parseTemplateText: ParseTemplateText,
): DetectedInput[] {
  if (!inputs.length) throw new InputError(`no input given: expected ${SUPPORTED}`);
  for (const f of options.varFiles ?? []) {
    if (!isFile(f)) throw new InputError('no such variable file (--var-file)', { file: f });
  }
  try {
    return inputs.map((i) => detectInputWith(i, parseTemplateText));
  } catch (e) {
    rethrowAsInputError(e);
  }
}

/** Loads detected inputs into a builder with the given adapters. Throws InputError. */
export function loadDetectedWith(
  detected: DetectedInput[],
  builder: ModelBuilder,
  options: LoadOptions,
  adapters: Adapters,
): LoadReport {
  try {
    return withStandInSpellings(builder.standInSpellings, () =>
      loadDetected(detected, builder, options, adapters),
    );
  } catch (e) {
    rethrowAsInputError(e);
  }
}

/** Values given on the command line are input text too: a stand-in region they spell is a literal (stand-ins.ts). */
function distinctValues(
  values: Record<string, string> | undefined,
  option: string,
): Record<string, string> | undefined {
  if (!values) return values;
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, distinctFromStandIns(v, `${option} ${k}`)]),
  );
}

/**
 * The template file `--stack-name` names: the only top-level CloudFormation template among the
 * inputs (a cloud assembly's stacks keep their names). Throws InputError when there is none or
 * more than one: one name cannot be the name of several stacks.
 */
function namedTemplate(
  detected: readonly DetectedInput[],
  stackName: string | undefined,
): string | undefined {
  if (stackName === undefined) return undefined;
  const files = detected.flatMap((d) =>
    d.kind === 'cloudformation-template'
      ? [d.path]
      : d.kind === 'cloudformation-directory'
        ? (d.templates ?? []).map((t) => t.file)
        : [],
  );
  if (files.length === 1) return files[0];
  const assemblies = detected.some((d) => d.kind === 'cloud-assembly')
    ? ' (a cloud assembly names its own stacks)'
    : '';
  throw new InputError(
    files.length
      ? `--stack-name names one stack, but the inputs hold ${files.length} CloudFormation templates (${files.join(', ')}); load each template with its own --stack-name`
      : `--stack-name names the stack of a CloudFormation template, but the inputs hold none${assemblies}`,
  );
}

function loadDetected(
  detected: DetectedInput[],
  builder: ModelBuilder,
  options: LoadOptions,
  adapters: Adapters,
): LoadReport {
  // The region option is a region code, never a stand-in's name (stand-ins.ts): a stand-in given
  // as the region would be taken for "the region is not given".
  if (options.region !== undefined && !isRegionCode(options.region))
    throw new InputError(
      `the region option expects an AWS region code such as us-west-2, got "${options.region}"`,
    );
  // Nor is the account option a stand-in account (`isStandInAccount`): the inputs' own spelling of
  // it is read as another account (stand-ins.ts `standInLiteral`).
  if (options.account !== undefined && isStandInAccount(options.account))
    throw new InputError(
      `the account option names the deploying account, but ${options.account} is the id iamspec gives an account the inputs and options do not state (inputs that write it are read as account ${standInLiteral(options.account)}): leave the option out to have "this account" with an unknown id, or give the account's real id`,
    );
  const cfnOptions = {
    account: options.account,
    region: options.region,
    partition: options.partition,
    parameters: distinctValues(options.parameters, '--parameter'),
    stackTags: distinctValues(options.stackTags, '--stack-tag'),
    ...(options.stackRoles && Object.keys(options.stackRoles).length
      ? { stackRoles: options.stackRoles }
      : {}),
    ...(options.unmatchedStackRoles ? { unmatchedStackRoles: options.unmatchedStackRoles } : {}),
  };
  const named = namedTemplate(detected, options.stackName);
  const stackNameOption =
    options.stackName === undefined ? undefined : distinctFromStandIns(options.stackName, '--stack-name');
  // `--stack-role` names stacks of templates given alone and of Terraform aws_cloudformation_stack
  // resources: a name no stack of either uses is an input error, checked once both are loaded.
  const hasTf = detected.some((d) => adapterOf(d.kind) === 'tf');
  const stackRolesUsed = new Set<string>();
  const tfOptions = {
    ...(cfnOptions.stackRoles ? { stackRoles: cfnOptions.stackRoles, stackRolesUsed } : {}),
    account: options.account,
    region: options.region,
    partition: options.partition,
    vars: distinctValues(options.vars, '--var'),
    varFiles: options.varFiles,
    planSide: options.planSide,
    ...(options.undeclaredVars ? { undeclaredVars: options.undeclaredVars } : {}),
  };

  // CloudFormation: every template and assembly in one session (cross-stack imports, nested stacks).
  if (detected.some((d) => adapterOf(d.kind) === 'cfn')) {
    const { CfnLoadSession, loadCloudAssembly, loadTemplateObject } = need(adapters.cfn, 'CloudFormation');
    const session = new CfnLoadSession();
    session.useBuilder(builder);
    const cfnStackOptions =
      hasTf && cfnOptions.stackRoles ? { ...cfnOptions, unmatchedStackRoles: 'ignore' as const } : cfnOptions;
    // One hand-written template: the one --stack-name names (`named`).
    const loadTemplate = (value: unknown, file: string, locate: Locator | undefined) =>
      loadTemplateObject(
        value,
        builder,
        { ...cfnStackOptions, file, locate, stackName: named === file ? stackNameOption : undefined },
        session,
      );
    for (const d of detected) {
      if (d.kind === 'cloud-assembly') loadCloudAssembly(d.path, builder, cfnStackOptions, session);
      else if (d.kind === 'cloudformation-template') loadTemplate(d.value, d.path, d.locate);
      else if (d.kind === 'cloudformation-directory')
        for (const t of d.templates ?? []) loadTemplate(t.value, t.file, t.locate);
    }
    session.finish();
    for (const n of session.stackRoleNamesUsed) stackRolesUsed.add(n);
  } else if (cfnOptions.stackRoles && options.unmatchedStackRoles !== 'ignore' && !hasTf)
    throw new InputError(
      '--stack-role states the service role of a CloudFormation stack, but the inputs hold no CloudFormation template, cloud assembly or Terraform configuration',
    );
  if (!hasTf) return { inputs: detected, pairs: [] };
  const { readTerraformConfig, loadPlanValue, loadTerraformConfig } = need(adapters.tf, 'Terraform');

  // Terraform: each plan with the configuration of the same root, when one was given.
  const plans = detected.filter((d) => d.kind === 'terraform-plan');
  const configs = detected
    .filter((d) => d.kind === 'terraform-config')
    .map((d) => ({ input: d, config: undefined as TerraformConfig | undefined, plan: -1 }));
  const pairs: LoadReport['pairs'] = [];
  if (plans.length && configs.length && options.planSide !== 'prior') {
    const keys = plans.map((p) => planKeys(p.value));
    const taken = new Set<number>();
    for (const c of configs) {
      c.config = readTerraformConfig(c.input.path, tfOptions);
      let best = -1;
      let bestScore = 0;
      keys.forEach((k, i) => {
        const score = taken.has(i) ? 0 : pairingScore(k, c.config!);
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      });
      if (best >= 0) {
        c.plan = best;
        taken.add(best);
        pairs.push({ plan: plans[best]!.path, config: c.input.path });
      } else if (plans.length === 1 && configs.length === 1) {
        builder.addFinding({
          code: 'load/plan-config-unrelated',
          severity: 'warning',
          message: `the configuration ${c.input.path} declares none of the resources of the plan ${plans[0]!.path}; they are loaded as separate Terraform roots`,
          source: { file: c.input.path },
        });
      }
    }
  }
  plans.forEach((p, i) => {
    const config = configs.find((c) => c.plan === i)?.config;
    loadPlanValue(p.value, p.path, p.locate, builder, tfOptions, config);
  });
  for (const c of configs) if (c.plan < 0) loadTerraformConfig(c.input.path, builder, tfOptions);
  const unused = Object.keys(cfnOptions.stackRoles ?? {}).filter((n) => !stackRolesUsed.has(n));
  if (unused.length && options.unmatchedStackRoles !== 'ignore')
    throw new InputError(
      `--stack-role names ${unused.map((n) => `stack ${n}`).join(', ')}, which no CloudFormation template given alone deploys as and no Terraform aws_cloudformation_stack whose iam_role_arn is unset or unknown is named (a template's stack is named by --stack-name, else by its file name; a Terraform stack by its name or its Terraform address, aws_cloudformation_stack.NAME, the one way to name a stack whose name is known only after apply)`,
    );
  return { inputs: detected, pairs };
}

/**
 * Builds the model of detected inputs with the given adapters: what the adapters add, SCP/RCP
 * files, then the load findings. `spellings`: the stand-in spellings of this load, detection's
 * included (see `loadSpellings`). Throws InputError.
 */
export function buildModelWith(
  detected: DetectedInput[],
  options: LoadOptions,
  adapters: Adapters,
  spellings: StandInSpellings = new StandInSpellings(),
): { model: Model; report: LoadReport } {
  return withStandInSpellings(spellings, () => buildModelIn(detected, options, adapters, spellings));
}

/**
 * Runs one load (detection and building) with its own stand-in spellings: the
 * `load/stand-in-spelled` findings of the files it reads go to the model it builds, and to no
 * other model of the process (src/model/stand-ins.ts).
 */
export function loadSpellings<T>(fn: (spellings: StandInSpellings) => T): T {
  const spellings = new StandInSpellings();
  return withStandInSpellings(spellings, () => fn(spellings));
}

function buildModelIn(
  detected: DetectedInput[],
  options: LoadOptions,
  adapters: Adapters,
  spellings: StandInSpellings,
): { model: Model; report: LoadReport } {
  const builder = new ModelBuilder({
    partition: options.partition,
    standInSpellings: spellings,
    roleReach: adapters.roleReach,
    completeOrgLevels: fullAccessCompletion(options.scpFullAccessDetached),
    // Templates an input deploys (model/deployed-template.ts): read by the CloudFormation
    // adapter, which load-by-kind.ts imports when one is met (`TemplateReaderNeeded`).
    deployTemplate: adapters.cfn?.loadDeployedTemplate ?? 'not-loaded',
  });
  const report = loadDetectedWith(detected, builder, options, adapters);
  const notes: Finding[] = report.pairs.map((p) => ({
    code: 'load/plan-with-config',
    severity: 'info',
    message: `the plan ${p.plan} and the configuration ${p.config} are loaded as one Terraform root: the configuration fills in what the plan leaves unknown`,
    source: { file: p.plan },
  }));
  let model: Model;
  try {
    // Once, on the finished model: policy validation (catalog checks and size quotas, SCP and RCP files included) and the
    // unknown values no finding explains (src/validation/load-findings.ts).
    model = addLoadFindings(applyOrgPolicies(builder.build(), options, notes, spellings));
  } catch (e) {
    rethrowAsInputError(e);
  }
  return { model: options.openAccounts ? withOpenAccounts(model) : model, report };
}
