// The CDK validation plugin of iamspec (`iamspec/cdk`): `IamspecValidator` checks an access spec
// against the templates a CDK app synthesizes and fails synthesis when the spec does not hold.
// It implements both aws-cdk-lib plugin interfaces: the stable `IPolicyValidationPlugin`
// (`Validations.of(app).addPlugins(...)`) and the older `IPolicyValidationPluginBeta1`
// (`new App({ policyValidationBeta1: [...] })`); `addIamspecValidator` registers it with whichever
// the installed aws-cdk-lib has. The model is built from the synthesized cloud assembly (so
// sources carry construct paths and logical ids); each violation names the statements to fix
// with their logical ids, construct paths and template locations. The warnings about the inputs
// (what iamspec could not pin down) are violations too, one per code, of severity warning, or
// error (which fails the validation) for an error about the inputs that could change a verdict
// and, with `strict`, for every one that could change a verdict.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import * as cdk from 'aws-cdk-lib';
import type {
  IPolicyValidationContext,
  IPolicyValidationContextBeta1,
  IPolicyValidationPlugin,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolatingResourceBeta1,
  PolicyViolationBeta1,
} from 'aws-cdk-lib';
import { loadModelSync } from '../adapters/load.js';
import type { Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import { couldChangeVerdict, FINDING_CODES } from '../model/finding-codes.js';
import { iamspecPackage } from '../package-info.js';
import { fixLines } from '../report/fix-lines.js';
import { fixSources } from '../report/spec-details.js';
import { inputFailureLine, warningLine } from '../report/warnings.js';
import { failingInputWarnings, inputFailures, isInputWarning } from '../spec/warnings.js';
import { deployingAccount, fullAccessDetachedLevels, statedStackRoles } from '../spec/account.js';
import { runSpec } from '../spec/run.js';
import type { AccessSpec, CheckResult, ExpectationResult, SpecResult, SpecWarning } from '../spec/types.js';
import { readSpecInput, type SpecInput } from './spec-input.js';
import './cdk-references.js';

export interface IamspecValidatorOptions {
  /** The access spec: a file path (YAML or JSON, relative to the working directory), a parsed spec or a spec document. */
  spec: SpecInput;
  /** Plugin name shown in the CDK validation report (default `iamspec`). */
  name?: string;
  /**
   * Account for environment-agnostic stacks; default: the spec's `account:` (the deploying
   * account), else the one account the stacks name. An account that differs from the spec's is
   * an error naming both.
   */
  account?: string;
  /**
   * Make warnings errors (as `strict: true` in the spec does): the spec's warnings, and the
   * warnings about the inputs that could change a verdict (the validation then fails).
   */
  strict?: boolean;
  /**
   * The open-account mode (as `openAccounts: true` in the spec): onlyPrincipals also considers the
   * users and roles of the stacks' accounts that the stacks do not define (src/model/open-accounts.ts).
   */
  openAccounts?: boolean;
  /** Region for environment-agnostic stacks. */
  region?: string;
}

const VERSION = iamspecPackage()?.version;

/**
 * A CDK policy validation plugin that checks an iamspec access spec at synthesis. Register it
 * with `Validations.of(app).addPlugins(new IamspecValidator({ spec: 'access.yaml' }))`, with
 * `new App({ policyValidationBeta1: [validator] })`, or with `addIamspecValidator(app, options)`.
 */
export class IamspecValidator implements IPolicyValidationPlugin, IPolicyValidationPluginBeta1 {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds: string[];
  private readonly spec: AccessSpec;
  private readonly options: IamspecValidatorOptions;
  /** The last spec result (for tests and tooling that want more than the CDK report). */
  lastResult: SpecResult | undefined;

  constructor(options: IamspecValidatorOptions) {
    if (!options || options.spec === undefined) {
      throw new TypeError(
        'IamspecValidator: give the access spec: new IamspecValidator({ spec: "access.yaml" })',
      );
    }
    this.options = options;
    this.name = options.name ?? 'iamspec';
    if (VERSION) this.version = VERSION;
    // Read the spec now: a missing or malformed spec fails where the plugin is created.
    this.spec = readSpecInput(options.spec);
    deployingAccount(options.account, this.spec, 'the account option');
    this.ruleIds = [...this.spec.expect.map((e) => e.id), PASSED_RULE];
  }

  validate(
    context: IPolicyValidationContext | IPolicyValidationContextBeta1,
  ): PolicyValidationPluginReportBeta1 {
    const templatePaths = [...context.templatePaths];
    const detached = fullAccessDetachedLevels(undefined, this.spec);
    const stackRoles = statedStackRoles(undefined, this.spec);
    const model = modelOfTemplates(templatePaths, {
      ...this.environment(context),
      ...(detached ? { scpFullAccessDetached: detached } : {}),
      ...(stackRoles ? { stackRoles } : {}),
    });
    const result = runSpec(model, this.spec, {
      inputs: templatePaths,
      strict: this.options.strict === true,
      ...(this.options.openAccounts ? { openAccounts: true } : {}),
    });
    this.lastResult = result;
    const violations = [
      ...result.expectations
        .filter((e) => e.status !== 'pass')
        .map((e) => violationOf(e, templatePaths, result.ok)),
      ...inputWarningViolations(result, templatePaths),
    ];
    const failures = inputFailures(result);
    // CDK leaves a plugin whose report succeeds with no violations out of its validation report:
    // an `info` entry records that the spec was checked, and what held.
    if (result.ok) violations.push(passedEntry(result));
    const report: PolicyValidationPluginReportBeta1 = {
      success: result.ok,
      violations,
      ...(this.version ? { pluginVersion: this.version } : {}),
      metadata: {
        spec: result.specFile ?? '(inline spec)',
        summary: `${result.summary.passed} passed, ${result.summary.failed} failed, ${result.summary.indeterminate} indeterminate`,
        ...(result.warnings.length ? { warnings: result.warnings.map(warningLine).join('\n') } : {}),
        ...(failures.length
          ? {
              [result.strict ? 'strict' : 'inputErrors']: inputFailureLine(failures, result.strict),
            }
          : {}),
      },
    };
    return report;
  }

  /**
   * Account and region for environment-agnostic stacks: the options (the account: else the
   * spec's), else what the context says.
   */
  private environment(context: IPolicyValidationContext | IPolicyValidationContextBeta1): {
    account?: string;
    region?: string;
  } {
    const stacks = 'stackTemplates' in context ? context.stackTemplates : [];
    const one = (values: (string | undefined)[]) => {
      const set = new Set(values.filter((v): v is string => !!v && !cdk.Token.isUnresolved(v)));
      return set.size === 1 ? [...set][0] : undefined;
    };
    const account =
      deployingAccount(this.options.account, this.spec, 'the account option') ??
      one(stacks.map((s) => s.accountId));
    const region = this.options.region ?? one(stacks.map((s) => s.region));
    return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
  }
}

/**
 * Registers an IamspecValidator on an App or Stage with the stable
 * `Validations.of(scope).addPlugins` when the installed aws-cdk-lib has it, else through the
 * older `policyValidationBeta1` list of the Stage. Returns the validator.
 */
export function addIamspecValidator(
  scope: cdk.Stage,
  validator: IamspecValidator | IamspecValidatorOptions,
): IamspecValidator {
  const plugin = validator instanceof IamspecValidator ? validator : new IamspecValidator(validator);
  registerValidationPlugin(scope, plugin, (cdk as { Validations?: typeof cdk.Validations }).Validations);
  return plugin;
}

/**
 * The registration of `addIamspecValidator`, given the `Validations` class of the installed
 * aws-cdk-lib (undefined in versions before it). Throws when neither way is available.
 */
export function registerValidationPlugin(
  scope: object,
  plugin: IPolicyValidationPlugin & IPolicyValidationPluginBeta1,
  validations: { of(scope: never): { addPlugins(...plugins: IPolicyValidationPlugin[]): void } } | undefined,
): void {
  if (validations && typeof validations.of === 'function') {
    validations.of(scope as never).addPlugins(plugin);
    return;
  }
  // Older aws-cdk-lib: the Stage's plugin list is a plain array; check the push took effect.
  const legacyList = () => (scope as { policyValidationBeta1?: unknown }).policyValidationBeta1;
  const legacy = legacyList();
  if (Array.isArray(legacy)) {
    legacy.push(plugin);
    const after = legacyList();
    if (Array.isArray(after) && after.includes(plugin)) return;
  }
  throw new Error(
    'addIamspecValidator: this aws-cdk-lib has neither Validations.of(app).addPlugins nor a policyValidationBeta1 list; pass the validator as new App({ policyValidationBeta1: [validator] })',
  );
}

// ---------------------------------------------------------------------------------------
// The model of the synthesized templates

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Builds the model of the templates under validation. A template inside a cloud assembly is
 * loaded with its assembly (environments, construct paths from the manifest and tree.json); the
 * outermost assembly directories are loaded (a nested Stage's assembly comes with its parent).
 */
export function modelOfTemplates(
  templatePaths: readonly string[],
  options: {
    account?: string;
    region?: string;
    scpFullAccessDetached?: string[];
    stackRoles?: Record<string, string>;
  } = {},
): Model {
  const dirs = [...new Set(templatePaths.map((t) => dirname(resolve(t))))];
  const assemblies = dirs.filter((d) => existsSync(join(d, 'manifest.json')));
  const roots = assemblies.filter((d) => !assemblies.some((other) => isInside(d, other)));
  const loose = templatePaths.filter((t) => !assemblies.includes(dirname(resolve(t))));
  return loadModelSync([...roots, ...loose], options);
}

// ---------------------------------------------------------------------------------------
// Violations

/** `Properties/PolicyDocument/Statement/0` of `/Resources/Id/Properties/PolicyDocument/Statement/0`. */
function locationInResource(s: Source): string | undefined {
  if (!s.pointer) return undefined;
  const m = /^\/Resources\/[^/]+\/(.+)$/.exec(s.pointer);
  return m ? m[1] : undefined;
}

function violatingResources(
  checks: CheckResult[],
  templatePaths: readonly string[],
): PolicyViolatingResourceBeta1[] {
  const sources: (Source | undefined)[] = [];
  for (const c of checks) {
    if (c.fix?.groups.length) {
      // The statements to change, once (not the boundary or key policy that merely permit).
      sources.push(...fixSources(c));
      continue;
    }
    for (const st of c.statements) sources.push(st.source);
    for (const w of c.witnesses) for (const g of w.grants) sources.push(g.source);
    for (const t of c.decision?.trace ?? []) {
      if (t.outcome === 'match' || t.outcome === 'unknown') sources.push(t.source);
    }
  }
  return resourcesOfSources(sources, templatePaths);
}

/** The resources (logical id, template, property paths) of sources, each once. */
function resourcesOfSources(
  sources: readonly (Source | undefined)[],
  templatePaths: readonly string[],
): PolicyViolatingResourceBeta1[] {
  const byKey = new Map<string, { logicalId: string; templatePath: string; locations: Set<string> }>();
  const fallbackTemplate = templatePaths[0] ?? '';
  const add = (s: Source | undefined) => {
    if (!s?.logicalId) return;
    const templatePath = s.file ? resolve(s.file) : fallbackTemplate;
    const key = `${templatePath}#${s.logicalId}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { logicalId: s.logicalId, templatePath, locations: new Set() };
      byKey.set(key, entry);
    }
    const at = locationInResource(s);
    if (at) entry.locations.add(at);
  };
  for (const s of sources) add(s);
  return [...byKey.values()].map((e) => ({
    resourceLogicalId: e.logicalId,
    templatePath: e.templatePath,
    locations: [...e.locations],
  }));
}

/** Warnings of one code listed in the description of its violation. */
const LISTED_PER_CODE = 10;

/**
 * The warnings about the inputs as violations of the validation report, one per code (rule name
 * = the code), at the resources they are about: severity `warning` (synthesis goes on), or
 * `error` (the report then fails) for the codes with an error that could change a verdict and,
 * with strict, for every code that could change a verdict.
 */
function inputWarningViolations(
  result: SpecResult,
  templatePaths: readonly string[],
): PolicyViolationBeta1[] {
  const byCode = new Map<string, SpecWarning[]>();
  for (const w of result.warnings) {
    if (!isInputWarning(w)) continue;
    byCode.set(w.code, [...(byCode.get(w.code) ?? []), w]);
  }
  return [...byCode.entries()].map(([code, warnings]) => {
    const verdict = couldChangeVerdict(code);
    const fails = failingInputWarnings(warnings, result.strict).length > 0;
    const errors = warnings.some((w) => w.severity === 'error');
    const lines = [
      `${FINDING_CODES[code]?.about ?? code} (${warnings.length} warning${warnings.length === 1 ? '' : 's'} about the inputs; ${verdict ? 'could change a verdict' : 'informational'}):`,
      ...warnings.slice(0, LISTED_PER_CODE).map((w) => `  ${warningLine(w)}`),
    ];
    if (warnings.length > LISTED_PER_CODE) lines.push(`  ... and ${warnings.length - LISTED_PER_CODE} more`);
    return {
      ruleName: code,
      description: lines.join('\n'),
      violatingResources: resourcesOfSources(
        warnings.map((w) => w.source),
        templatePaths,
      ),
      severity: fails ? 'error' : 'warning',
      fix:
        verdict && errors
          ? 'Fix what AWS would reject (the template, resource or policy named): an error that could change a verdict fails the validation, with or without strict: true.'
          : verdict
            ? 'Give iamspec what it could not pin down (a parameter or variable value, the missing template or module), or change the code so that it can be decided; verdicts that depend on it are indeterminate. With strict: true this fails the validation.'
            : 'Informational: iamspec decides as AWS would; fix the policy if it is not what was meant.',
    };
  });
}

function specPlace(e: ExpectationResult): string {
  const l = e.location;
  if (!l.file) return l.line ? `spec line ${l.line}` : `spec ${l.pointer}`;
  return `${l.file}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`;
}

const STATUS_MARK: Record<CheckResult['status'], string> = { pass: '✓', fail: '✗', indeterminate: '?' };

/** The rule name of the entry a passing run leaves in the report. */
export const PASSED_RULE = 'iamspec-spec-holds';

/** The `info` entry of a passing run: the spec, the summary and each expectation that held. */
function passedEntry(result: SpecResult): PolicyViolationBeta1 {
  const s = result.summary;
  const lines = [
    `The access spec ${result.specFile ?? '(inline spec)'} holds: ${s.passed} of ${s.expectations} expectations passed.`,
    ...result.expectations.map((e) => `✓ ${e.id}${e.description ? `: ${e.description}` : ''}`),
  ];
  return {
    ruleName: PASSED_RULE,
    description: lines.join('\n'),
    violatingResources: [],
    severity: 'info',
    fix: 'Nothing to fix: this entry records that iamspec checked the access spec.',
  };
}

/** Why an indeterminate check could not be decided: the unknown values its decisions depend on. */
function unknownReasons(c: CheckResult): string[] {
  const traces = [c.decision?.trace ?? [], ...c.witnesses.map((w) => w.decision.trace ?? [])];
  const reasons = traces
    .flat()
    .filter((t) => t.outcome === 'unknown')
    .map((t) => t.message);
  return [...new Set(reasons)];
}

/**
 * One expectation that did not pass. When the run fails synthesis (`failsSynth`), an
 * indeterminate expectation is an error like a failed one, labelled INDETERMINATE with what is
 * unknown: iamspec never passes a check that depends on a value known only after deploy.
 */
function violationOf(
  e: ExpectationResult,
  templatePaths: readonly string[],
  passed: boolean,
): PolicyViolationBeta1 {
  const failing = e.checks.filter((c) => c.status !== 'pass');
  const indeterminate = e.status === 'indeterminate';
  const label = indeterminate
    ? `INDETERMINATE${passed ? '' : ' (an error: iamspec never passes a check that depends on an unknown value)'}: `
    : 'FAILED: ';
  const lines = [`${label}${e.id}${e.description ? `: ${e.description}` : ''} (${specPlace(e)})`];
  for (const c of failing) {
    lines.push(
      `${STATUS_MARK[c.status]} [${c.kind}${c.status === 'indeterminate' ? ', indeterminate' : ''}] ${c.message}`,
    );
    if (c.status === 'indeterminate') {
      for (const r of unknownReasons(c).slice(0, 5)) lines.push(`    unknown: ${r}`);
    }
    const grouped = fixLines(c.fix);
    if (grouped.length) {
      for (const l of grouped) lines.push(`${'  '.repeat(l.indent + 1)}${l.text}`);
      continue;
    }
    for (const w of c.witnesses.slice(1, 5)) {
      lines.push(`    also ${w.principal} ${w.action} on ${w.resource} (${w.access})`);
    }
    if (c.witnesses.length > 5) lines.push(`    ... and ${c.witnesses.length - 5} more`);
  }
  const fix = indeterminate
    ? `The result depends on values known only after deploy (listed as "unknown" above): give them in the infrastructure code (names, ARNs, conditions that can be decided), load the stacks they come from (register the plugin on the App, or fromApp in tests, so cross-stack references resolve), or change the spec (${specPlace(e)}).`
    : `Change the statements named above (each with its template location, construct path and logical id) in the infrastructure code, or the spec (${specPlace(e)}) if this access is intended.`;
  return {
    ruleName: e.id,
    description: lines.join('\n'),
    violatingResources: violatingResources(failing, templatePaths),
    severity: e.status === 'fail' || !passed ? 'error' : 'warning',
    fix,
  };
}
