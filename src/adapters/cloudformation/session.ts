// A load session (CfnLoadSession): the stacks of every template and cloud assembly given to one
// ModelBuilder. Templates are registered first and built together in `finish()`, so that
// Fn::ImportValue resolves against any input's exports regardless of order, nested stacks are
// followed to their child templates (and a child also given as an input is loaded only once),
// and policies can name principals and resources of other stacks. Building runs in phases:
// nested stack discovery, create (principals, managed policies, resources), attach (policies,
// memberships, resource policies), organization policies on OUs/roots, then reporting.

import { nestedStackName, stackNameInArn } from './generated-names.js';
import { GRANT_WITHOUT_DOCUMENT } from '../../aws/granting-types.js';
import { fullAccessCompletion } from '../../aws/org-managed-policies.js';
import {
  cdkExecutionRoleArn,
  noteStack,
  type StatedServiceRole,
  stackRolesProblem,
  statedStackRole,
  templateStackNameUnknown,
  templateStackRoleUnknown,
} from '../../aws/stack-roles.js';
import { Unknown } from '../../model/unknown.js';
import { notePrincipalArns } from './principal-arns.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ModelBuilder } from '../../model/builder.js';
import type { Finding, Severity } from '../../model/finding.js';
import type { Locator, Source } from '../../model/source.js';
import {
  distinctFromStandInsIn,
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_REGION,
  withStandInSpellings,
} from '../../model/stand-ins.js';
import { childPointer } from '../../model/source.js';
import { type ConstructPathIndex, nestedStackPath } from './construct-paths.js';
import { InputError } from './errors.js';
import { applyBlockPublicPolicy } from '../../aws/s3-public-access.js';
import { applyObjectOwnerGrants } from '../../aws/s3-object-ownership.js';
import { addOutsideAccessPoints } from '../../aws/s3-access-points.js';
import { HANDLERS, NO_ACCESS_TYPES, policyLikeProperties } from './handlers/index.js';
import { CUSTOM_RESOURCE_HANDLER, isCustomResourceType } from './handlers/sdk-calls.js';
import { TEMPLATE_NOT_FOUND_REPORTED } from './handlers/deployments.js';
import { modelFailedResource } from './handlers/failed.js';
import { keepUnmodelledPolicy } from './handlers/resources.js';
import { reachingAccount } from './handlers/organizations.js';
import { CfnResourceScope, ModelRegistry } from './handlers/scope.js';
import { modelUnexpandedTransform, PROCESSED_TEMPLATE_HINT } from './unexpanded-transform.js';
import { evaluate } from './intrinsics.js';
import { expandForEach, type ForEachExpansion } from './language-extensions.js';
import { artifactDir } from './local-artifacts.js';
import { inlineLocalIncludes } from './local-includes.js';
import { nestedTemplateCandidates } from './nested-template-paths.js';
import { readPrecreatedRoles } from './precreated-roles.js';
import {
  declaresSamTransform,
  expandServerless,
  SAM_TRANSFORM,
  type SamExpansionOptions,
  serverlessResourceIds,
} from './sam/index.js';
import {
  originalPointer,
  type ParameterPasser,
  StackContext,
  type StackInit,
  type StackSession,
} from './stack.js';
import { type ParsedTemplate, readTemplateFile } from './template-parser.js';
import { intrinsicName, isRecord, NO_VALUE, OriginTable, type Resolved, scalarString } from './values.js';
import { readInputText } from '../../model/read-input.js';

export interface CfnLoadOptions {
  /** Account for stacks whose environment does not say (`--account`). */
  account?: string;
  /** Region for stacks whose environment does not say (`--region`). */
  region?: string;
  /** Partition (`--partition`); defaults to the builder's. */
  partition?: string;
  /** Parameter values (`--parameter K=V`) for top-level stacks. */
  parameters?: Record<string, string>;
  /**
   * Stack-level tags the top-level stacks are deployed with (`aws cloudformation deploy --tags`),
   * for stacks whose inputs do not say (a cloud assembly's stacks use their manifest's). Without
   * them a template's stack tags are unknown: tags the template does not show may exist.
   */
  stackTags?: Readonly<Record<string, string>>;
  /**
   * The service roles the top-level stacks of templates given alone deploy with, by stack name
   * (`--stack-role STACK=ROLE_ARN|none`, aws/stack-roles.ts `statedStackRole`); a stack not
   * named has an unknown one. Naming a stack the inputs do not hold, or one whose input states
   * its role (a cloud assembly's), is an input error.
   */
  stackRoles?: Readonly<Record<string, string>>;
  /** `ignore`: a `stackRoles` name that is no such stack is not an error (the base of a diff). */
  unmatchedStackRoles?: 'error' | 'ignore';
}

export interface StackRegistration {
  template: Record<string, unknown>;
  file?: string;
  locate?: Locator;
  stackName: string;
  /** True when `stackName` is the name AWS will use (a cloud assembly's, or one given). */
  stackNameKnown?: boolean;
  /** Why the name is not known, when the input deploying the stack says (model/deployed-template.ts). */
  stackNameUnknown?: Unknown;
  /** Stack-level tags from a cloud assembly; undefined when given at deployment (unknown). */
  stackTags?: Readonly<Record<string, string>>;
  options: CfnLoadOptions;
  /** Environment from a cloud assembly (`aws://ACCOUNT/REGION`); unresolved parts omitted. */
  environment?: { account?: string; region?: string };
  constructPaths?: ConstructPathIndex;
  /** Construct path of the stack (its tree.json node), for tree-based construct paths. */
  stackConstructPath?: string;
  /** Directory holding nested templates and asset manifests; defaults to the file's directory. */
  baseDir?: string;
  /**
   * For a template another input deploys (model/deployed-template.ts): the value it passes for a
   * parameter (undefined: none), read as a parent stack's (over `options.parameters`).
   */
  parameterValue?: (name: string) => Resolved | undefined;
  /** What passes `parameterValue`'s values, for the hint of a parameter without one. */
  parametersPassedBy?: ParameterPasser;
  /** Set when the whole stack might not exist (model/deployed-template.ts `presence`). */
  presence?: Unknown;
  /**
   * The service role the stack deploys with (aws/stack-roles.ts): a cloud assembly's
   * `cloudFormationExecutionRoleArn`, the deploying input's (Terraform aws_cloudformation_stack
   * `iam_role_arn`), `none` when they name none; absent for a template given alone: the one
   * `options.stackRoles` states, else unknown (given at deployment).
   */
  serviceRole?: StatedServiceRole;
}

/** What a finished session loaded: per stack, the resource types it did not model. */
export interface CfnLoadReport {
  stacks: {
    stackName: string;
    file: string | undefined;
    nestedIn: string | undefined;
    resources: number;
    /** Types without a handler that carry a policy (each also a `cfn/unhandled-resource-type` finding). */
    unhandledPolicyTypes: string[];
    /** Other types without a handler (no policy found in them). */
    unmodelledTypes: string[];
  }[];
}

export class CfnLoadSession implements StackSession {
  readonly origins = new OriginTable();
  private builder: ModelBuilder | undefined;
  private readonly topLevel: StackContext[] = [];
  private all: StackContext[] = [];
  private readonly constructIndexes = new WeakMap<StackContext, ConstructPathIndex>();
  private findings: Finding[] = [];
  private readonly findingKeys = new Set<string>();
  private readonly inProgress = new Set<string>();
  private exportIndex: Map<string, { stack: StackContext; key: string }[]> | undefined;
  private buildingExports = false;
  private readonly children = new Map<string, StackContext | null>();
  private readonly parsed = new Map<string, ParsedTemplate | InputError>();
  private readonly assetIndexes = new Map<string, Map<string, string>>();
  /** The stacks (name, template file) loaded without an account / a region. */
  private readonly assumedAccount: AssumedFor[] = [];
  private readonly assumedRegion: AssumedFor[] = [];
  /** Accounts of the stacks given no region (the stand-in region stands in their ARNs). */
  private readonly standInRegionAccounts = new Set<string>();
  /** The service role each top-level stack registered with one says it deploys with. */
  private readonly serviceRoles = new WeakMap<StackContext, StatedServiceRole>();
  /** The stack roles the options state (checked), and the stack names they were used for. */
  private statedRoles: Readonly<Record<string, string>> | undefined;
  private readonly statedRolesUsed = new Set<string>();
  private unmatchedRolesIgnored = false;
  /** The names of the top-level stacks whose service role no input states. */
  private readonly roleUnknownStacks: string[] = [];
  private finished = false;
  /** Set by `finish()`. */
  report: CfnLoadReport | undefined;

  /** Binds the session to the builder every input is loaded into. */
  useBuilder(builder: ModelBuilder): void {
    if (this.builder && this.builder !== builder)
      throw new Error('CfnLoadSession: inputs of one session must share one ModelBuilder');
    if (this.finished) throw new Error('CfnLoadSession: finish() was already called');
    this.builder = builder;
    // FullAWSAccess may remain beside an allow list (unless the loader gave the levels shown detached).
    builder.useOrgLevelCompletion(fullAccessCompletion());
  }

  /** Registers a top-level stack (built in `finish()`). */
  addStack(reg: StackRegistration): StackContext {
    if (!this.builder) throw new Error('CfnLoadSession: call useBuilder() first');
    const env = reg.environment ?? {};
    const account = env.account ?? reg.options.account;
    const region = env.region ?? reg.options.region;
    if (!account) this.assumedAccount.push({ stack: reg.stackName, file: reg.file });
    if (!region) {
      this.assumedRegion.push({ stack: reg.stackName, file: reg.file });
      this.standInRegionAccounts.add(account ?? PLACEHOLDER_ACCOUNT);
    }
    const overrides = reg.options.parameters;
    const passed = reg.parameterValue;
    const ctx = this.newStack(
      {
        session: this,
        // Every top-level template comes through here, in memory ones (the API, a CDK app's
        // assembly) included: a stand-in region it spells is a literal (model/stand-ins.ts).
        template: distinctFromStandInsIn(reg.template, reg.file ?? reg.stackName),
        file: reg.file,
        locate: reg.locate,
        stackName: reg.stackName,
        stackNameKnown: reg.stackNameKnown,
        ...(reg.stackNameUnknown ? { stackNameUnknown: reg.stackNameUnknown } : {}),
        stackTags: reg.stackTags ?? reg.options.stackTags,
        account: account ?? PLACEHOLDER_ACCOUNT,
        region: region ?? PLACEHOLDER_REGION,
        partition: reg.options.partition ?? this.builder.partition,
        parameterOverrides: overrides,
        ...(passed ? { parentParameter: passed } : {}),
        ...(reg.parametersPassedBy ? { parametersPassedBy: reg.parametersPassedBy } : {}),
        ...(reg.presence ? { presence: reg.presence } : {}),
        constructPaths: reg.constructPaths?.forStack(undefined, reg.stackConstructPath),
        stackConstructPath: reg.stackConstructPath,
        baseDir: reg.baseDir ?? (reg.file ? dirname(reg.file) : undefined),
      },
      passed,
    );
    if (reg.constructPaths) this.constructIndexes.set(ctx, reg.constructPaths);
    const serviceRole = reg.serviceRole ?? this.statedServiceRole(reg);
    if (serviceRole) this.serviceRoles.set(ctx, serviceRole);
    this.topLevel.push(ctx);
    this.all.push(ctx);
    this.exportIndex = undefined;
    this.checkTemplate(ctx);
    return ctx;
  }

  /**
   * The service role the options state for a stack whose input states none
   * (`CfnLoadOptions.stackRoles`), undefined when they state none for it. Throws InputError for
   * malformed stated roles.
   */
  private statedServiceRole(reg: StackRegistration): StatedServiceRole | undefined {
    const stated = reg.options.stackRoles;
    if (reg.options.unmatchedStackRoles === 'ignore') this.unmatchedRolesIgnored = true;
    if (stated && stated !== this.statedRoles) {
      const problem = stackRolesProblem(stated);
      if (problem) throw new InputError('--stack-role', problem.replace(/^--stack-role /, ''));
      this.statedRoles = stated;
    }
    const role = statedStackRole(stated, reg.stackName, reg.file);
    if (role) this.statedRolesUsed.add(reg.stackName);
    else this.roleUnknownStacks.push(reg.stackName);
    return role;
  }

  /**
   * A stack of a template, after the SAM transform when the template declares it (AWS expands the
   * transform before deploying the processed template). `samParameter` is the value the transform
   * sees for a parameter.
   */
  private newStack(written: StackInit, samParameter?: (name: string) => unknown): StackContext {
    const localDir = artifactDir(written.file, written.baseDir);
    const { template: included, problems } = inlineLocalIncludes(written.template, localDir, written.file);
    for (const p of problems) {
      const at = written.locate?.(p.pointer);
      const source: Source = {
        pointer: p.pointer,
        ...(written.file !== undefined ? { file: written.file } : {}),
      };
      if (at) Object.assign(source, { line: at.line, column: at.column });
      this.addFinding(p.code, 'error', p.message, source);
    }
    const init = included === written.template ? written : { ...written, template: included };
    if (!declaresSamTransform(init.template)) {
      const ctx = new StackContext(init);
      reportSamTypesWithoutTransform(ctx, init.template);
      return ctx;
    }
    // AWS applies the transforms in the order `Transform` lists them: AWS::LanguageExtensions
    // listed before SAM expands Fn::ForEach first, so the SAM resources it generates are expanded.
    const forEach = languageExtensionsFirst(init.template) ? this.forEachBeforeSam(init) : undefined;
    const template = forEach?.template ?? init.template;
    const locate =
      forEach?.origins.size && init.locate
        ? (
            (original: Locator) => (pointer: string) =>
              original(originalPointer(forEach.origins, pointer))
          )(init.locate)
        : init.locate;
    const options: SamExpansionOptions = {
      file: init.file,
      baseDir: localDir,
      locate,
      stackName: init.stackName,
      stackNameUnknown: !init.stackNameKnown,
      account: init.account,
      region: init.region,
      partition: init.partition,
      parameterValue:
        samParameter ??
        ((name) =>
          init.parameterOverrides && Object.hasOwn(init.parameterOverrides, name)
            ? init.parameterOverrides[name]
            : undefined),
    };
    const expansion = expandServerless(template, options);
    for (const f of expansion.findings) this.addFinding(f.code, f.severity, f.message, f.source!);
    const ctx = new StackContext({
      ...init,
      template: expansion.template,
      locate: expansion.locate,
      originOf: expansion.originOf,
      ...(forEach ? { forEach } : {}),
    });
    if (samBeforeLanguageExtensions(init.template)) reportTransformOrder(ctx, init.template);
    return ctx;
  }

  /**
   * Fn::ForEach expanded on the template as written, before the SAM transform. Collections are
   * evaluated by a stack of the template's parameters and mappings alone (what a loop's collection
   * may use: a list, a parameter, a mapping).
   */
  private forEachBeforeSam(init: StackInit): ForEachExpansion {
    const { Parameters, Mappings, Conditions, AWSTemplateFormatVersion } = init.template;
    const probe = new StackContext({
      ...init,
      template: { AWSTemplateFormatVersion, Parameters, Mappings, Conditions, Resources: {} },
    });
    return expandForEach(init.template, (node, pointer) => evaluate(probe, node, pointer));
  }

  private checkTemplate(ctx: StackContext): void {
    const builder = this.builder;
    if (!builder) throw new Error('CfnLoadSession: call useBuilder() first');
    if (ctx.resourcesTransform !== undefined) {
      const t = (ctx.template.Resources as Record<string, unknown>)['Fn::Transform'];
      const name = isRecord(t) && typeof t.Name === 'string' ? t.Name : 'a transform';
      ctx.finding(
        'cfn/transform-not-applied',
        'warning',
        `Fn::Transform ${name} inserts resources iamspec cannot read: every resource of the stack is maybe-present and any user, role or resource policy of the account may get policies the template does not show, so decisions that depend on them are indeterminate; ${PROCESSED_TEMPLATE_HINT}`,
        ctx.resourcesTransform,
      );
      modelUnexpandedTransform(ctx, builder, `Fn::Transform ${name} in Resources`, ctx.resourcesTransform);
    }
    const t = ctx.template.Transform;
    if (t === undefined) return;
    // AWS::LanguageExtensions is applied (language-extensions.ts); the SAM transform is gone from a
    // processed template (sam/expand.ts); any other transform is not applied.
    const names = (Array.isArray(t) ? t : [t])
      .map((x) => (typeof x === 'string' ? x : isRecord(x) ? String(x.Name ?? '') : ''))
      .filter((n) => n !== 'AWS::LanguageExtensions');
    if (names.length === 0) return;
    ctx.finding(
      'cfn/transform-not-applied',
      'warning',
      `the template declares Transform ${names.join(', ')}, which iamspec does not expand: CloudFormation deploys the template as the transform processes it, so every resource of the stack is maybe-present and any user, role or resource policy of the account may get policies the template does not show (decisions that depend on them are indeterminate); ${PROCESSED_TEMPLATE_HINT}`,
      '/Transform',
    );
    modelUnexpandedTransform(ctx, builder, `Transform ${names.join(', ')}`, '/Transform');
  }

  // -------------------------------------------------------------------------------------
  // StackSession

  addFinding(code: string, severity: Severity, message: string, source: Source): void {
    const key = `${code}|${source.file ?? ''}|${source.stack ?? ''}|${source.pointer ?? ''}|${message}`;
    if (this.findingKeys.has(key)) return;
    this.findingKeys.add(key);
    this.findings.push({ code, severity, message, source });
  }

  guard<T>(key: string, compute: () => T, onCycle: () => T): T {
    if (this.inProgress.has(key)) return onCycle();
    this.inProgress.add(key);
    try {
      return compute();
    } finally {
      this.inProgress.delete(key);
    }
  }

  importValue(name: string, from: StackContext, pointer: string): Resolved {
    if (this.buildingExports) return from.unknown(`Fn::ImportValue ${name} inside an export name`, pointer);
    const index = this.exports();
    const candidates = index.get(name) ?? [];
    // Template Reference, "Fn::ImportValue": "For each AWS account, Export names must be unique
    // within a Region. You can't create cross-stack references across Regions. You can use the
    // intrinsic function Fn::ImportValue to import only values that have been exported within the
    // same Region." An export of another account or Region is not the value.
    const hit = candidates.find((c) => c.stack.account === from.account && c.stack.region === from.region);
    if (!hit && candidates.length) {
      const where = [...new Set(candidates.map((c) => `account ${c.stack.account} ${c.stack.region}`))].join(
        ', ',
      );
      const why = `export ${name} is among the inputs only in ${where}, and Fn::ImportValue reads the exports of its own account and Region (${from.account} ${from.region})`;
      from.finding(
        'cfn/import-not-found',
        'info',
        `Fn::ImportValue ${name}: ${why}; the value stays unknown`,
        pointer,
      );
      return from.unknown(why, pointer);
    }
    if (!hit) {
      // CDK names the exports of its cross-stack references `<ExportingStack>:ExportsOutput...`.
      const cdkStack = /^([^:]+):ExportsOutput/.exec(name)?.[1];
      const hint = cdkStack
        ? `: a CDK cross-stack reference to stack ${cdkStack}, which is not among the inputs (model the stacks together: fromApp(app) rather than fromStack, or the whole cdk.out)`
        : '';
      from.finding(
        'cfn/import-not-found',
        'info',
        `Fn::ImportValue ${name}: no loaded stack exports it; the value stays unknown${hint}`,
        pointer,
      );
      return from.unknown(`export ${name} is not among the inputs${hint}`, pointer);
    }
    if (hit.stack === from) {
      from.finding(
        'cfn/invalid-intrinsic',
        'error',
        `Fn::ImportValue ${name}: a stack cannot import its own export`,
        pointer,
      );
    }
    return this.guard(
      `export:${name}`,
      () => hit.stack.output(hit.key, pointer),
      () => {
        from.finding('cfn/cycle', 'error', `circular reference through export ${name}`, pointer);
        return from.unknown(`circular reference through export ${name}`, pointer);
      },
    );
  }

  /**
   * `Fn::GetStackOutput` (CloudFormation Template Reference, "Fn::GetStackOutput": "returns the
   * value of an output from another stack. Unlike Fn::ImportValue, this function does not require
   * the referenced stack to explicitly export the output value"): the output of the loaded stack
   * named `stackName` in `region` ("Defaults to the Region of the stack being created or
   * updated") and in the account of `roleAccount` (RoleArn: "Defaults to the current stack's
   * execution role. Use this parameter when referencing stacks in different AWS accounts"; a role
   * whose account is not known may be in any account, whose stack of that name the inputs may not
   * hold: unknown, even when one account of the inputs has one). A stack is that stack only by the name its ARN
   * carries (`stackNameInArn`): a template named only after its file may be deployed under any
   * name, so its output is not the value (unknown, with why), nor is another Region's.
   */
  stackOutput(
    stackName: string,
    outputName: string,
    region: string | undefined,
    roleAccount: string | Unknown | undefined,
    from: StackContext,
    pointer: string,
  ): Resolved {
    const what = `Fn::GetStackOutput ${stackName}.${outputName}`;
    const inRegion = this.all.filter((c) => !c.parent && c.region === (region ?? from.region));
    const account = roleAccount ?? from.account;
    const named = inRegion.filter(
      (c) => stackNameInArn(c) === stackName && (typeof account !== 'string' || c.account === account),
    );
    const hit = typeof account === 'string' ? named[0] : undefined;
    if (!hit) {
      const guessed = inRegion.find((c) => !c.stackNameKnown && c.stackName === stackName);
      const accounts = [...new Set(named.map((c) => c.account))];
      const why = named.length
        ? `: ${accounts.length > 1 ? `stacks named ${stackName} in accounts ${accounts.join(', ')} are` : `a stack named ${stackName} in account ${accounts[0]} is`} among the inputs, and the account of its RoleArn is not known (${(account as Unknown).reason}): the role may be in any account, whose stack ${stackName} the inputs may not hold`
        : guessed
          ? `: the template ${stackName} of the inputs is named after its file, not after the stack, whose name is chosen at deployment (give it with --stack-name NAME, the \`stackName\` load option)`
          : ', which is not among the inputs';
      from.finding(
        'cfn/import-not-found',
        'info',
        `${what}: ${named.length || guessed ? why.slice(2) : `no loaded stack is named ${stackName}`}; the value stays unknown`,
        pointer,
      );
      return from.unknown(`output ${outputName} of stack ${stackName}${why}`, pointer);
    }
    if (hit === from) {
      from.finding('cfn/invalid-intrinsic', 'error', `${what}: a stack cannot read its own output`, pointer);
    }
    if (!hit.hasOutput(outputName)) {
      from.finding(
        'cfn/unresolved-reference',
        'error',
        `${what}: stack ${stackName} has no output ${outputName}`,
        pointer,
      );
    }
    return this.guard(
      `output:${hit.id}:${outputName}`,
      () => hit.output(outputName, pointer),
      () => {
        from.finding('cfn/cycle', 'error', `circular reference through ${what}`, pointer);
        return from.unknown(`circular reference through ${what}`, pointer);
      },
    );
  }

  private exports(): Map<string, { stack: StackContext; key: string }[]> {
    if (this.exportIndex) return this.exportIndex;
    const index = new Map<string, { stack: StackContext; key: string }[]>();
    this.buildingExports = true;
    try {
      for (const stack of this.all) {
        for (const { name, key } of stack.exports()) {
          const list = index.get(name) ?? [];
          list.push({ stack, key });
          index.set(name, list);
        }
      }
    } finally {
      this.buildingExports = false;
    }
    this.exportIndex = index;
    return index;
  }

  // -------------------------------------------------------------------------------------
  // Nested stacks

  nestedChild(parent: StackContext, logicalId: string): StackContext | undefined {
    const key = `${parent.id}:${logicalId}`;
    if (this.children.has(key)) return this.children.get(key) ?? undefined;
    this.children.set(key, null);
    const child = this.loadNestedChild(parent, logicalId);
    this.children.set(key, child ?? null);
    return child;
  }

  private loadNestedChild(parent: StackContext, logicalId: string): StackContext | undefined {
    const r = parent.resources.get(logicalId);
    if (!r) return undefined;
    const file = this.findNestedTemplate(parent, logicalId);
    const urlPointer = childPointer(r.pointer, 'Properties', 'TemplateURL');
    if (!file) {
      if (r.metadata[TEMPLATE_NOT_FOUND_REPORTED] !== undefined) return undefined;
      parent.finding(
        'cfn/nested-template-not-found',
        'warning',
        `the template of nested stack ${logicalId} was not found beside ${parent.file ?? 'the input'}; its resources are not modelled and its outputs stay unknown`,
        urlPointer,
      );
      return undefined;
    }
    for (let p: StackContext | undefined = parent; p; p = p.parent?.stack) {
      if (p.file && resolve(p.file) === resolve(file)) {
        parent.finding(
          'cfn/cycle',
          'error',
          `nested stack ${logicalId} includes ${file}, which is one of its own parents`,
          urlPointer,
        );
        return undefined;
      }
    }
    const parsed = this.parse(file);
    if (parsed instanceof InputError) {
      parent.finding(
        'cfn/invalid-nested-template',
        'error',
        `nested stack ${logicalId}: ${parsed.message}`,
        urlPointer,
      );
      return undefined;
    }
    if (!isRecord(parsed.value)) {
      parent.finding(
        'cfn/invalid-nested-template',
        'error',
        `nested stack ${logicalId}: ${file} is not a template`,
        urlPointer,
      );
      return undefined;
    }
    const guessedFrom = this.nestedTemplateGuessedFrom(parent, logicalId, file);
    if (guessedFrom !== undefined)
      parent.finding(
        'cfn/nested-template-guessed',
        'warning',
        `the template of nested stack ${logicalId} is not at the path ${guessedFrom} names; ${file}, found by the end of that path, is assumed to be it (what the stack creates is read from that file)`,
        urlPointer,
      );
    const params = r.properties.Parameters;
    const parentCp = parent.constructPath(logicalId);
    const childPath = parentCp ? nestedStackPath(parentCp) : undefined;
    const index = this.constructIndexes.get(parent);
    const parentValue = (name: string): unknown => {
      if (!isRecord(params) || !Object.hasOwn(params, name)) return undefined;
      const v = parent.valueAt(childPointer(r.pointer, 'Properties', 'Parameters', name), params[name]);
      return v === NO_VALUE ? undefined : v;
    };
    const child = this.newStack(
      {
        session: this,
        template: parsed.value,
        file,
        locate: parsed.locate,
        stackName: `${parent.stackName}-${logicalId}`,
        account: parent.account,
        region: parent.region,
        partition: parent.partition,
        parentParameter: (name) => {
          if (!isRecord(params) || !Object.hasOwn(params, name)) return undefined;
          return parent.valueAt(childPointer(r.pointer, 'Properties', 'Parameters', name), params[name]);
        },
        parentDefaults: (name) =>
          isRecord(params) && Object.hasOwn(params, name) ? parent.defaultOriginsOfValue(params[name]) : [],
        constructPaths: index && childPath ? index.forStack(childPath) : undefined,
        stackConstructPath: childPath,
        parent: { stack: parent, logicalId },
        baseDir: parent.baseDir ?? dirname(file),
        ...(parent.stackPresence ? { presence: parent.stackPresence } : {}),
      },
      parentValue,
    );
    if (index) this.constructIndexes.set(child, index);
    this.all.push(child);
    this.exportIndex = undefined;
    this.checkTemplate(child);
    return child;
  }

  private parse(file: string): ParsedTemplate | InputError {
    const abs = resolve(file);
    let p = this.parsed.get(abs);
    if (!p) {
      try {
        p = readTemplateFile(file);
      } catch (e) {
        p = e instanceof InputError ? e : new InputError(file, String(e));
      }
      this.parsed.set(abs, p);
    }
    return p;
  }

  /**
   * The child template of a nested stack: `aws:asset:path` metadata (a CDK asset, relative to the
   * cloud assembly; a SAM application's local `Location`, relative to the template); the asset
   * manifest entry whose hash the TemplateURL ends with (cdk.out); or the file the TemplateURL
   * names, relative to the parent template's directory or the one it was loaded from, its
   * subdirectories included (`nested-template-paths.ts`).
   */
  private findNestedTemplate(parent: StackContext, logicalId: string): string | undefined {
    const r = parent.resources.get(logicalId)!;
    const dir = parent.baseDir;
    const templateDir = artifactDir(parent.file, dir);
    const dirs = [...new Set([templateDir, dir].filter((d): d is string => d !== undefined))];
    if (!dirs.length) return undefined;
    const candidates: string[] = [];
    const assetPath = r.metadata['aws:asset:path'];
    if (typeof assetPath === 'string')
      candidates.push(...(isAbsolute(assetPath) ? [assetPath] : dirs.map((d) => join(d, assetPath))));
    const url = this.templateUrlText(parent, logicalId);
    if (url) {
      const last = url.text.split(/[/\\]/).pop()!.split(/[?#]/)[0]!;
      const hash = /^([0-9a-f]{64})\.json$/.exec(last)?.[1];
      if (hash && dir) {
        const fromAssets = this.assetIndex(dir).get(hash);
        if (fromAssets) candidates.push(join(dir, fromAssets));
      }
      candidates.push(...nestedTemplateCandidates(url.text, url.whole, dirs));
    }
    return candidates.find((c) => existsSync(c) && statSync(c).isFile());
  }

  /**
   * The TemplateURL text when `file`, the nested stack's template found by `findNestedTemplate`,
   * is not where that text names it most specifically (`nestedTemplateCandidates`' first
   * candidate: the local path as written, or the URL's whole literal path, under the template's
   * directory or the one it was loaded from) but a shorter tail of it, down to the file name
   * alone: another file of that name may be the one meant. Undefined when the file is the one
   * named, or was found through a CDK asset (`aws:asset:path`, the asset index).
   */
  private nestedTemplateGuessedFrom(
    parent: StackContext,
    logicalId: string,
    file: string,
  ): string | undefined {
    const r = parent.resources.get(logicalId)!;
    if (typeof r.metadata['aws:asset:path'] === 'string') return undefined;
    const url = this.templateUrlText(parent, logicalId);
    if (!url) return undefined;
    const dir = parent.baseDir;
    const hash = /(?:^|[/\\])([0-9a-f]{64})\.json(?:[?#].*)?$/.exec(url.text)?.[1];
    if (hash && dir && this.assetIndex(dir).get(hash) !== undefined) return undefined;
    // a path-style S3 URL (`https://s3.REGION.amazonaws.com/BUCKET/KEY`): the key, without the
    // bucket, names the file too
    const pathStyle = /^https?:\/\/s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?\//i.test(url.text);
    const named = nestedTemplateCandidates(url.text, url.whole, ['']).slice(0, pathStyle ? 2 : 1);
    const dirs = [artifactDir(parent.file, dir), dir].filter((d): d is string => d !== undefined);
    const exact = named.flatMap((n) => (isAbsolute(n) ? [n] : dirs.map((d) => join(d, n))));
    return exact.some((e) => resolve(e) === resolve(file)) ? undefined : url.text;
  }

  /** The TemplateURL's text: the whole value when known, else the literal end of its expression. */
  private templateUrlText(
    parent: StackContext,
    logicalId: string,
  ): { text: string; whole: boolean } | undefined {
    const url = parent.property(logicalId, 'TemplateURL');
    const s = url === undefined || url === NO_VALUE ? undefined : scalarString(url);
    if (typeof s === 'string') return s ? { text: s, whole: true } : undefined;
    // Unknown parts (a bucket parameter): read the literal end of the URL expression.
    let node: unknown = parent.resources.get(logicalId)!.properties.TemplateURL;
    for (let depth = 0; depth < 5; depth++) {
      const fn = intrinsicName(node);
      if (typeof node === 'string') return node ? { text: node, whole: false } : undefined;
      if (fn === 'Fn::Sub') {
        const arg = (node as Record<string, unknown>)[fn];
        node = Array.isArray(arg) ? arg[0] : arg;
      } else if (fn === 'Fn::Join') {
        const arg = (node as Record<string, unknown>)[fn];
        const list = Array.isArray(arg) && Array.isArray(arg[1]) ? arg[1] : [];
        node = list[list.length - 1];
      } else return undefined;
    }
    return undefined;
  }

  /** Asset hash → source path from every `*.assets.json` in a directory. */
  private assetIndex(dir: string): Map<string, string> {
    let index = this.assetIndexes.get(dir);
    if (index) return index;
    index = new Map();
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.assets.json'));
    } catch {
      names = [];
    }
    for (const n of names) {
      try {
        const m: unknown = JSON.parse(readInputText(join(dir, n)));
        if (!isRecord(m) || !isRecord(m.files)) continue;
        for (const [hash, entry] of Object.entries(m.files)) {
          if (isRecord(entry) && isRecord(entry.source) && typeof entry.source.path === 'string') {
            index.set(hash, entry.source.path);
          }
        }
      } catch {
        // An unreadable asset manifest only means nested templates are looked up by name.
      }
    }
    this.assetIndexes.set(dir, index);
    return index;
  }

  // -------------------------------------------------------------------------------------
  // Building

  /** The names of `CfnLoadOptions.stackRoles` a stack of the session used. */
  get stackRoleNamesUsed(): ReadonlySet<string> {
    return this.statedRolesUsed;
  }

  /** Builds every registered stack into the builder. Call once, after all inputs are added. */
  finish(): CfnLoadReport {
    if (this.finished) return this.report!;
    this.finished = true;
    const builder = this.builder;
    const report: CfnLoadReport = { stacks: [] };
    this.report = report;
    if (!builder) return report;
    const unused = Object.keys(this.statedRoles ?? {}).filter((n) => !this.statedRolesUsed.has(n));
    if (unused.length && !this.unmatchedRolesIgnored)
      throw new InputError(
        '--stack-role',
        `names ${unused.map((n) => `stack ${n}`).join(', ')}, which no CloudFormation template given alone deploys as (${
          this.roleUnknownStacks.length
            ? `the stacks whose service role the inputs do not state: ${[...new Set(this.roleUnknownStacks)].join(', ')}`
            : 'no stack of the inputs has a service role they do not state'
        }; a template's stack is named by --stack-name, else by its file name)`,
      );
    // Nested templates read now note their stand-in spellings in this builder's load.
    withStandInSpellings(builder.standInSpellings, () => this.buildAll(builder, report));
    return report;
  }

  private buildAll(builder: ModelBuilder, report: CfnLoadReport): void {
    // Nested stacks, then drop top-level inputs that are also a loaded stack's child.
    // A child template of a nested stack that is not created (condition false) is still that
    // stack's template: given as an input too, it is not loaded as a stack of its own.
    const childFiles: { file: string; parent: StackContext; created: boolean }[] = [];
    /** Nested stacks that may exist and whose template is not read (not found, invalid, a cycle). */
    const unread: { parent: StackContext; logicalId: string }[] = [];
    for (let i = 0; i < this.all.length; i++) {
      const ctx = this.all[i]!;
      for (const r of ctx.resources.values()) {
        if (r.type !== 'AWS::CloudFormation::Stack') continue;
        if (ctx.exists(r.logicalId) !== false) {
          const child = this.nestedChild(ctx, r.logicalId);
          if (child?.file) childFiles.push({ file: resolve(child.file), parent: ctx, created: true });
          if (!child) unread.push({ parent: ctx, logicalId: r.logicalId });
        } else {
          const file = this.findNestedTemplate(ctx, r.logicalId);
          if (file) childFiles.push({ file: resolve(file), parent: ctx, created: false });
        }
      }
    }
    this.dropInputsLoadedAsChildren(childFiles);
    for (const ctx of this.all) this.noteServiceRole(builder, ctx);
    const kept = new Set(this.all);
    for (const u of unread) if (kept.has(u.parent)) this.noteServiceRole(builder, u.parent, u.logicalId);

    const registry = new ModelRegistry();
    for (const ctx of this.all) {
      builder.addAccount(ctx.account, ctx.region);
      registry.accounts.add(ctx.account);
    }
    for (const account of this.standInRegionAccounts) builder.markRegionStandIn(account);
    for (const ctx of this.all) notePrincipalArns(ctx, builder.principalPaths);
    for (const phase of ['create', 'attach', 'late'] as const) {
      if (phase === 'attach') this.addPrecreatedRoles(builder);
      for (const ctx of this.all) {
        for (const r of ctx.liveResources()) {
          const handler = (HANDLERS[r.type] ??
            (isCustomResourceType(r.type) ? CUSTOM_RESOURCE_HANDLER : undefined))?.[phase];
          if (!handler) continue;
          const scope = new CfnResourceScope(ctx, r, builder, registry);
          try {
            handler(scope);
          } catch (e) {
            if (e instanceof InputError) throw e;
            modelFailedResource(scope, phase, e);
          }
        }
      }
    }
    this.applyDeferredOrgPolicies(builder, registry);
    applyBlockPublicPolicy(builder);
    applyObjectOwnerGrants(builder);
    addOutsideAccessPoints(builder);
    for (const ctx of this.all) report.stacks.push(this.reportUnhandled(ctx, builder, registry));
    this.reportAssumptions();
    for (const f of this.findings) builder.addFinding(f);
  }

  /**
   * The roles a CDK app's `Role.customizeRoles` substitutes for the ones it would create
   * (precreated-roles.ts), each an imported principal of the account of the stack its construct
   * path is in; after the create phase, so a role the templates create is not imported again.
   */
  private addPrecreatedRoles(builder: ModelBuilder): void {
    const stacks = this.topLevel.filter((c) => c.stackConstructPath !== undefined && c.baseDir !== undefined);
    const dirs = new Set<string>();
    for (const c of stacks) {
      dirs.add(resolve(c.baseDir!));
      // A Stage's stacks are in a nested assembly; CDK writes the report at the app's root.
      if (basename(c.baseDir!).startsWith('assembly-')) dirs.add(resolve(dirname(c.baseDir!)));
    }
    for (const dir of dirs) {
      for (const role of readPrecreatedRoles(dir)) {
        const owner =
          stacks.find((c) => role.constructPath.startsWith(`${c.stackConstructPath}/`)) ?? stacks[0]!;
        // Its path is the administrator's: CDK writes the role's ARN without one
        // (`formatArn({ resource: 'role', resourceName: NAME })`, whatever the Role's `path`) and
        // the report gives none, so it is the path an ARN of the templates writes, else unknown.
        builder.addPrincipalNamed({
          kind: 'role',
          account: owner.account,
          name: role.roleName,
          reason: `the CDK app uses precreated role "${role.roleName}" for ${role.constructPath} (Role.customizeRoles): it is created outside the templates, with the trust, policies and path an administrator gives it`,
          source: {
            file: role.file,
            pointer: role.pointer,
            constructPath: role.constructPath,
            stack: owner.stackName,
          },
        });
      }
    }
  }

  /**
   * Records the service role stack `ctx` deploys with (aws/stack-roles.ts `noteStack`), or its
   * nested stack `unread` whose template is not read: its root stack's (a nested stack runs with
   * it, under a generated name `ROOT-LOGICALID-…`, generated-names.ts `nestedStackName`), from the cloud assembly or the run's
   * `stackRoles`, else unknown (a template given alone); nothing when the root has none.
   */
  private noteServiceRole(builder: ModelBuilder, ctx: StackContext, unread?: string): void {
    let root = ctx;
    let presence: Unknown | undefined;
    if (unread !== undefined) {
      const exists = ctx.exists(unread);
      if (exists instanceof Unknown) presence = exists;
    }
    // The logical ids of the AWS::CloudFormation::Stack resources from the root down.
    const logicalIds = unread !== undefined ? [unread] : [];
    while (root.parent) {
      const exists = root.parent.stack.exists(root.parent.logicalId);
      if (exists instanceof Unknown) presence ??= exists;
      logicalIds.unshift(root.parent.logicalId);
      root = root.parent.stack;
    }
    const given = this.serviceRoles.get(root);
    if (given === 'none') return;
    const at: Source =
      unread !== undefined
        ? ctx.sourceAt(ctx.resources.get(unread)?.pointer ?? '', unread)
        : ctx.parent
          ? ctx.parent.stack.sourceAt(
              ctx.parent.stack.resources.get(ctx.parent.logicalId)?.pointer ?? '',
              ctx.parent.logicalId,
            )
          : { pointer: '', ...(ctx.file !== undefined ? { file: ctx.file } : {}) };
    const nested = logicalIds.length ? nestedStackName(root, logicalIds) : undefined;
    noteStack(builder, {
      name: nested?.name ?? stackNameInArn(ctx),
      ...(nested ? { shown: nested.shown } : ctx.stackNameKnown ? {} : { shown: ctx.stackName }),
      partition: ctx.partition,
      region: ctx.region,
      account: ctx.account,
      role: !given
        ? templateStackRoleUnknown(root.stackName, at)
        : typeof given.arn === 'string'
          ? (cdkExecutionRoleArn(given.arn, root) ?? given.arn)
          : given.arn,
      what: given?.what ?? 'the service role it was deployed with',
      source: given?.source ?? at,
      presence,
      ...(root.stackNameKnown
        ? {}
        : { nameUnknown: root.stackNameUnknown ?? templateStackNameUnknown(root.stackName, at) }),
    });
  }

  private dropInputsLoadedAsChildren(
    childFiles: { file: string; parent: StackContext; created: boolean }[],
  ): void {
    const rootOf = (c: StackContext): StackContext => (c.parent ? rootOf(c.parent.stack) : c);
    const dropped = new Map<StackContext, boolean>();
    for (const top of this.topLevel) {
      if (!top.file) continue;
      const abs = resolve(top.file);
      const ref = childFiles.find(
        (c) => c.file === abs && rootOf(c.parent) !== top && !dropped.has(rootOf(c.parent)),
      );
      if (ref) dropped.set(top, ref.created);
    }
    if (!dropped.size) return;
    const droppedNames = new Set<string>();
    this.all = this.all.filter((c) => {
      if (!dropped.has(rootOf(c))) return true;
      droppedNames.add(c.stackName);
      return false;
    });
    const kept = new Set(this.all.map((c) => c.stackName));
    this.findings = this.findings.filter(
      (f) => !(f.source?.stack && droppedNames.has(f.source.stack) && !kept.has(f.source.stack)),
    );
    for (const [top, created] of dropped) {
      const how = created
        ? 'it is loaded once, as that nested stack'
        : 'that nested stack is not created (its condition is false), so it is not loaded';
      this.addFinding(
        'cfn/nested-template-input',
        'info',
        `${top.file} is the template of a nested stack of another input; ${how}`,
        {
          file: top.file,
        },
      );
    }
    this.exportIndex = undefined;
  }

  private applyDeferredOrgPolicies(builder: ModelBuilder, registry: ModelRegistry): void {
    for (const d of registry.deferredOrgPolicies) {
      const accounts = [...registry.accounts].sort();
      for (const a of accounts) {
        // The deploying account may be the management account (aws/org-management-account.ts).
        const on = reachingAccount(registry, { ...d, kind: d.type }, a);
        if (on.message) this.addFinding('cfn/org-management-account', 'warning', on.message, d.source);
        if (!on.document) continue;
        for (const level of d.levels) {
          if (d.type === 'scp') builder.addScp(a, on.document, level);
          else builder.addRcp(a, on.document, level);
        }
      }
      this.addFinding(
        'cfn/org-target-assumed',
        'warning',
        `${d.type.toUpperCase()} targets ${d.targets.join(', ')} (an OU or root); iamspec applies it to every account in the inputs (${accounts.join(', ')}), as if all were in that OU, except that the account deploying it (${d.deployedFrom}) may be the management account (see cfn/org-management-account)`,
        d.source,
      );
    }
  }

  private reportUnhandled(
    ctx: StackContext,
    builder: ModelBuilder,
    registry: ModelRegistry,
  ): CfnLoadReport['stacks'][number] {
    const policyTypes = new Set<string>();
    const other = new Map<string, number>();
    let count = 0;
    for (const r of ctx.liveResources()) {
      count++;
      if (HANDLERS[r.type] || NO_ACCESS_TYPES.has(r.type)) continue;
      const pointers = policyLikeProperties(r);
      if (pointers.length) {
        policyTypes.add(r.type);
        // the whole Properties: a type that grants access without a policy document (handlers/index.ts)
        const props = pointers
          .map((p) => p.slice(r.pointer.length + 1))
          .map((p) => (p === 'Properties' ? `Properties: ${GRANT_WITHOUT_DOCUMENT}` : p))
          .join(', ');
        this.addFinding(
          'cfn/unhandled-resource-type',
          'warning',
          `${r.type} ${r.logicalId} carries a policy (${props}) that iamspec does not model; the resource is kept with an unknown policy, so who can access it is indeterminate`,
          ctx.sourceAt(pointers[0]!, r.logicalId),
        );
        keepUnmodelledPolicy(new CfnResourceScope(ctx, r, builder, registry), props);
      } else {
        other.set(r.type, (other.get(r.type) ?? 0) + 1);
      }
    }
    if (other.size) {
      const list = [...other.entries()].map(([t, n]) => (n > 1 ? `${t} (${n})` : t)).join(', ');
      this.addFinding(
        'cfn/unmodelled-resource-types',
        'info',
        `resources of these types are not modelled (no policy was found in them): ${list}`,
        ctx.sourceAt('/Resources'),
      );
    }
    return {
      stackName: ctx.stackName,
      file: ctx.file,
      nestedIn: ctx.parent?.stack.stackName,
      resources: count,
      unhandledPolicyTypes: [...policyTypes].sort(),
      unmodelledTypes: [...other.keys()].sort(),
    };
  }

  /** One finding per template file of the stacks loaded without an account / a region, located at the file. */
  private reportAssumptions(): void {
    for (const [file, stacks] of byFile(this.assumedAccount)) {
      this.addFinding(
        'cfn/assumed-account',
        'info',
        `no AWS account given for ${describeStacks(stacks)}; the placeholder account ${PLACEHOLDER_ACCOUNT} stands for it, an account whose id is unknown: a verdict that depends on whether it is an account id the policies or the request name is indeterminate (pass --account)`,
        file === undefined ? {} : { file },
      );
    }
    for (const [file, stacks] of byFile(this.assumedRegion)) {
      this.addFinding(
        'cfn/assumed-region',
        'info',
        `no AWS region given for ${describeStacks(stacks)}; "${PLACEHOLDER_REGION}" stands for it in ARNs (not a region code: a region the template writes itself is that region), and a decision that a region the policies or the request name could change is indeterminate (pass --region)`,
        file === undefined ? {} : { file },
      );
    }
  }
}

interface AssumedFor {
  stack: string;
  file: string | undefined;
}

/** The stacks' names by template file, in the order the files came. */
function byFile(list: readonly AssumedFor[]): Map<string | undefined, string[]> {
  const out = new Map<string | undefined, string[]>();
  for (const { stack, file } of list) out.set(file, [...(out.get(file) ?? []), stack]);
  return out;
}

function describeStacks(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5
    ? `stacks ${shown} and ${names.length - 5} more`
    : `stack${names.length > 1 ? 's' : ''} ${shown}`;
}

/** Default stack name of a template file: its base name without extensions. */
export function stackNameOfFile(file: string): string {
  const base = basename(file)
    .replace(/\.(template\.)?(json|ya?ml|template)$/i, '')
    .replace(/\.template$/i, '');
  const clean = base.replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return clean || 'stack';
}

/** The positions of AWS::LanguageExtensions and the SAM transform in `Transform` (-1: absent). */
function transformPositions(template: Record<string, unknown>): { le: number; sam: number } {
  const t = template.Transform;
  const names = (Array.isArray(t) ? t : [t]).map((x) =>
    typeof x === 'string' ? x : isRecord(x) ? String(x.Name ?? '') : '',
  );
  return { le: names.indexOf('AWS::LanguageExtensions'), sam: names.indexOf('AWS::Serverless-2016-10-31') };
}

/** True when `Transform` lists AWS::LanguageExtensions before the SAM transform. */
function languageExtensionsFirst(template: Record<string, unknown>): boolean {
  const { le, sam } = transformPositions(template);
  return le >= 0 && sam >= 0 && le < sam;
}

/** True when `Transform` lists the SAM transform before AWS::LanguageExtensions. */
function samBeforeLanguageExtensions(template: Record<string, unknown>): boolean {
  const { le, sam } = transformPositions(template);
  return le >= 0 && sam >= 0 && sam < le;
}

/**
 * `cfn/transform-order`: "CloudFormation executes macros in the order that they're specified"
 * (AWS CloudFormation User Guide, "CloudFormation template Transform section",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-section-structure.html),
 * and transforms are treated the same. With SAM listed first, SAM reads the template before
 * Fn::ForEach loops are expanded: a loop in Resources is not a resource to SAM (the change set
 * fails), and the SAM resources a loop generates are left for nobody to expand. iamspec applies the
 * same order and says so once, at `Transform`; what the loops generate stays unknown (reported by
 * type).
 */
/**
 * SAM resource types in a template that does not declare the SAM transform. AWS SAM Developer
 * Guide, "AWS SAM template anatomy": "The declaration Transform: AWS::Serverless-2016-10-31 is
 * required for AWS SAM template files"; without it CloudFormation knows no `AWS::Serverless::*`
 * type and rejects the template ("Template format error: Unrecognized resource types"). iamspec
 * does not expand them as if it were declared; they are kept as types it does not model (unknown
 * policies, `cfn/unhandled-resource-type`), and this error says why the template cannot deploy.
 */
function reportSamTypesWithoutTransform(ctx: StackContext, template: Record<string, unknown>): void {
  const ids = serverlessResourceIds(template);
  if (!ids.length) return;
  ctx.finding(
    'cfn/sam-transform-missing',
    'error',
    `${ids.join(', ')} ${ids.length === 1 ? 'is an AWS::Serverless resource' : 'are AWS::Serverless resources'} but the template does not declare Transform: ${SAM_TRANSFORM}, which SAM templates require: CloudFormation rejects it ("Unrecognized resource types"). iamspec does not expand them (what SAM would create for them is unknown: their policies are unknown); add the Transform declaration to check what SAM creates`,
    childPointer('/Resources', ids[0]!),
  );
}

function reportTransformOrder(ctx: StackContext, template: Record<string, unknown>): void {
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const loops = Object.keys(resources).filter((k) => k.startsWith('Fn::ForEach::'));
  ctx.finding(
    'cfn/transform-order',
    'warning',
    `Transform lists AWS::Serverless-2016-10-31 before AWS::LanguageExtensions: CloudFormation runs transforms in the order listed, so SAM reads the template before the language extensions are applied${loops.length ? ` and does not expand what ${loops.join(', ')} generates${loops.length === 1 ? '' : ' each'} (AWS rejects a Fn::ForEach loop that SAM reads; the SAM resources the loop generates are kept with unknown policies)` : ' (a language extension inside a SAM resource is not resolved when SAM reads it)'}; list AWS::LanguageExtensions first`,
    '/Transform',
  );
}
