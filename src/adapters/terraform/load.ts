// Entry points of the Terraform adapter: a plan (optionally with its configuration as one
// Terraform root), a configuration (file, directory, cdktf.out) or an in-memory JSON
// configuration (CDKTF synth) into a ModelBuilder. Decides the AWS environment (account,
// region, partition: options, then what the inputs say, then a placeholder with a finding),
// resolves values (plan values, computed ARNs, configuration expressions) and runs the
// resource handlers.

import { dirname } from 'node:path';
import type { ModelBuilder } from '../../model/builder.js';
import { parseArn } from '../../model/arns.js';
import type { Finding } from '../../model/finding.js';
import type { Source } from '../../model/source.js';
import {
  distinctFromStandIns,
  distinctFromStandInsIn,
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_REGION,
  withStandInSpellings,
} from '../../model/stand-ins.js';
import { isUnknown } from '../../model/unknown.js';
import { addJsonConfig } from './config/read-json.js';
import { collectVarValues, loadLocalModules, readTerraformConfig, rootWorkspaces } from './config/read.js';
import { emptyModule, type ModuleConfig, type TerraformConfig } from './config/types.js';
import { ConfigEvaluator, located, type PlanOverlay } from './config/world.js';
import { placeStatementSources } from './statement-sources.js';
import { isTerraformJsonConfig, isTerraformPlan } from './detect.js';
import { InputError } from './errors.js';
import { type AwsEnv, fillComputed } from './eval/computed.js';
import { asList, isObject, markOpen, type TfObject } from './eval/values.js';
import { bodyAttrs } from './hcl/ast.js';
import { configProviderAccount } from './config/provider-config.js';
import { applyHandlers, RUN_DATA_SOURCES } from './handlers/index.js';
import { modelLocalExec, modelPlanProvisioners } from './handlers/local-exec.js';
import { TfLoadState } from './handlers/context.js';
import { modelMissingModules } from './handlers/missing-modules.js';
import { modelForgottenObjects } from './handlers/forgotten-objects.js';
import { unknownRegionDataFinding } from './handlers/instance-region.js';
import type { TfInstance } from './instances.js';
import { readJsonInput } from './json-file.js';
import {
  accountOfKey,
  envInAccount,
  noteProviderAccounts,
  type ProviderAccount,
  planProviderAccounts,
  reevaluatedAccounts,
} from './plan/provider-accounts.js';
import { type PlanData, type PlanInstance, type PlanSide, readPlan } from './plan/read-plan.js';
import { PlanReferences } from './plan/references.js';
import { regionCandidates } from './plan/provider-region.js';

export interface TfLoadOptions {
  /** Which state of a plan to load: what it plans (default) or the state before it (`prior`). */
  planSide?: PlanSide;
  account?: string;
  region?: string;
  partition?: string;
  vars?: Record<string, string>;
  varFiles?: string[];
  /** Environment variables for `TF_VAR_name` values (process.env when absent). */
  env?: Record<string, string | undefined>;
  /** A `vars` entry no root module declares: an input error (default) or ignored (read.ts). */
  undeclaredVars?: 'error' | 'ignore';
  /**
   * The service roles of aws_cloudformation_stack resources by stack name or address, where `iam_role_arn`
   * is unset or unknown (`--stack-role`, aws/stack-roles.ts `statedStackRole`); each name used is
   * added to `stackRolesUsed`.
   */
  stackRoles?: Readonly<Record<string, string>>;
  stackRolesUsed?: Set<string>;
}

interface EnvHints {
  account?: string;
  accountFrom?: string;
  region?: string;
  regionFrom?: string;
  /** Why a region the provider configuration refers to is not taken (a plan read alone). */
  regionUnpinned?: string;
}

/**
 * The AWS environment. The account the inputs state (aws_caller_identity in the plan, the
 * provider's allowed_account_ids or assume_role, known IAM ARNs) wins: `--account` applies only
 * where the inputs do not say, and a finding notes a `--account` that the inputs contradict.
 */
function decideEnv(builder: ModelBuilder, options: TfLoadOptions, hints: EnvHints, source: Source): AwsEnv {
  const partition = options.partition ?? builder.partition;
  let account = hints.account ?? options.account;
  if (hints.account && options.account && hints.account !== options.account) {
    // Read by the spec runner (`tf/account-overridden`): a spec's account must be the inputs' own.
    builder.addFinding({
      code: 'tf/account-overridden',
      severity: 'warning',
      message: `the Terraform inputs state account ${hints.account} (${hints.accountFrom ?? 'their ARNs'}); account ${options.account} was given for them and applies only where the inputs do not say`,
      source,
    });
  }
  if (!account) {
    account = PLACEHOLDER_ACCOUNT;
    builder.addFinding({
      code: 'tf/assumed-account',
      severity: 'info',
      message: `no AWS account in the options or the inputs (provider allowed_account_ids, aws_caller_identity, known ARNs): account ${PLACEHOLDER_ACCOUNT} stands for it, an account whose id is unknown: a verdict that depends on whether it is an account id the policies or the request name is indeterminate; pass --account to set it`,
      source,
    });
  }
  let region = options.region ?? hints.region;
  if (!region) {
    region = PLACEHOLDER_REGION;
    builder.addFinding({
      code: 'tf/assumed-region',
      severity: 'info',
      message: `no AWS region in the options or the provider configuration${hints.regionUnpinned ? ` (${hints.regionUnpinned})` : ''}: "${PLACEHOLDER_REGION}" stands for it in ARNs (not a region code: a region the inputs write themselves is that region), and a decision that a region the policies or the request name could change is indeterminate; pass --region to set it`,
      source,
    });
  }
  builder.addAccount(account, region);
  if (region === PLACEHOLDER_REGION && !options.region && !hints.region) builder.markRegionStandIn(account);
  return { partition, account, region };
}

/**
 * An AWS account id: 12 digits ("An AWS account ID is a 12-digit number, such as 012345678901",
 * AWS Account Management Reference Guide, "View AWS account identifiers"). A value that is not one
 * (a name, an alias, a variable's text) never becomes the deploying account.
 */
function isAccountId(v: unknown): v is string {
  return typeof v === 'string' && /^\d{12}$/.test(v);
}

function accountFromArn(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const a = parseArn(v);
  if (a && (a.service === 'iam' || a.service === 'sts') && /^\d{12}$/.test(a.account)) return a.account;
  return undefined;
}

/**
 * The deploying account's S3 canonical user id, when the plan reads it: `data.aws_canonical_user_id`
 * of the default provider configuration ("the canonical user ID associated with the AWS account"
 * of the provider's credentials, Terraform AWS provider, data source aws_canonical_user_id).
 */
function pinCanonicalUserId(builder: ModelBuilder, plan: PlanData, account: string): void {
  const ids = new Set<string>();
  for (const i of plan.instances)
    if (
      i.mode === 'data' &&
      i.type === 'aws_canonical_user_id' &&
      (i.providerConfigKey === undefined || i.providerConfigKey === 'aws') &&
      typeof i.values.id === 'string' &&
      /^[0-9a-f]{64}$/i.test(i.values.id)
    )
      ids.add(i.values.id.toLowerCase());
  if (ids.size === 1) builder.setCanonicalUserId(account, [...ids][0]!);
}

function planHints(plan: PlanData, providerConfig: unknown): EnvHints {
  const hints: EnvHints = {};
  // Only what the default provider configuration deploys or reads names the deploying account:
  // an instance of a configuration that may be in another account (plan/provider-accounts.ts,
  // every such configuration counted) does not.
  const elsewhere = planProviderAccounts(providerConfig, '', () => undefined);
  // (a key the plan does not list, such as a module's proxy-shaped block, may be any configuration)
  const ofDefault = (i: PlanInstance) =>
    i.providerConfigKey === undefined ||
    i.providerConfigKey === 'aws' ||
    (elsewhere.has(i.providerConfigKey) && !elsewhere.get(i.providerConfigKey));
  const caller = plan.instances.find(
    (i) => i.mode === 'data' && i.type === 'aws_caller_identity' && ofDefault(i),
  );
  const callerAccount = caller?.values.account_id;
  if (typeof callerAccount === 'string' && /^\d{12}$/.test(callerAccount)) {
    hints.account = callerAccount;
    hints.accountFrom = 'data.aws_caller_identity';
  }
  const p = plan.awsProvider;
  const constant = (name: string): unknown => {
    const e = p?.[name];
    return isObject(e) ? e.constant_value : undefined;
  };
  if (!hints.account) {
    const ids = constant('allowed_account_ids');
    if (Array.isArray(ids) && ids.length === 1 && isAccountId(ids[0])) {
      hints.account = ids[0];
      hints.accountFrom = 'the provider allowed_account_ids';
    }
  }
  if (!hints.account) {
    const home = elsewhere.get('aws');
    if (home && 'account' in home && /^assumes role/.test(home.how)) {
      hints.account = home.account;
      hints.accountFrom = 'the provider assume_role';
    }
  }
  if (!hints.account) {
    for (const i of plan.instances) {
      if (!ofDefault(i)) continue;
      const a = accountFromArn(i.values.arn);
      if (a) {
        hints.account = a;
        hints.accountFrom = `the ARN of ${i.address}`;
        break;
      }
    }
  }
  const region = constant('region');
  if (typeof region === 'string') hints.region = region;
  else {
    // A region given by references is not pinned to a variable's value (plan/provider-region.ts
    // `regionOfExpressions`): the value is a candidate the tf/assumed-region finding names.
    const e = p?.region;
    const refs = isObject(e) && Array.isArray(e.references) ? e.references : [];
    const names = refs.filter((r): r is string => typeof r === 'string');
    if (names.length)
      hints.regionUnpinned = `the default aws provider configuration's region is computed from ${[...new Set(names)].join(', ')}${regionCandidates(names, plan.variables)}, and the plan records only what its expression refers to, not the expression: give the configuration directory next to the plan to compute it`;
  }
  if (!hints.region) {
    // Only a data source of the default configuration says its region (not one of `aws.dr`).
    const dr = plan.instances.find(
      (i) =>
        i.mode === 'data' &&
        i.type === 'aws_region' &&
        (i.providerConfigKey === undefined || i.providerConfigKey === 'aws'),
    );
    const n = dr?.values.name ?? dr?.values.region;
    if (typeof n === 'string') hints.region = n;
  }
  return hints;
}

function configHints(world: ConfigEvaluator, root: ModuleConfig): EnvHints {
  const hints: EnvHints = {};
  const provider = root.providers.find((p) => p.name === 'aws' && !p.alias);
  if (!provider) return hints;
  const attrs = bodyAttrs(provider.body);
  const region = attrs.get('region');
  if (region) {
    const v = world.evalRoot(region.expr, provider.at.file);
    if (typeof v === 'string') hints.region = v;
  }
  const ids = attrs.get('allowed_account_ids');
  if (ids) {
    const v = world.evalRoot(ids.expr, provider.at.file);
    if (Array.isArray(v) && v.length === 1 && isAccountId(v[0])) {
      hints.account = v[0];
      hints.accountFrom = 'the provider allowed_account_ids';
    }
  }
  if (!hints.account) {
    for (const it of provider.body.items) {
      if (it.kind === 'block' && it.type === 'assume_role') {
        const arn = bodyAttrs(it.body).get('role_arn');
        const v = arn ? world.evalRoot(arn.expr, provider.at.file) : undefined;
        const a = accountFromArn(v);
        if (a) {
          hints.account = a;
          hints.accountFrom = 'the provider assume_role';
        }
      }
      if (it.kind === 'attr' && it.name === 'assume_role') {
        const v = world.evalRoot(it.expr, provider.at.file);
        for (const b of asList(v))
          if (isObject(b) && accountFromArn(b.role_arn)) hints.account = accountFromArn(b.role_arn);
      }
    }
  }
  return hints;
}

function planInstanceView(
  pi: PlanInstance,
  values: TfObject,
  plan: PlanData,
  refs: PlanReferences,
  world: ConfigEvaluator | undefined,
): TfInstance {
  const base: Source = { file: plan.file, pointer: pi.pointer, address: pi.address };
  const at = plan.locate?.(pi.pointer);
  if (at) {
    base.line = at.line;
    base.column = at.column;
  }
  const configInstance = () => {
    if (!world) return undefined;
    return world.moduleInstance(pi.moduleAddress);
  };
  // With the configuration at hand, the resource is defined where the configuration declares it
  // (as statements are, statement-sources.ts); an attribute without a place in the plan too.
  const declared = configInstance()?.config.resources.get(
    `${pi.mode === 'data' ? 'data.' : ''}${pi.type}.${pi.name}`,
  );
  const source = declared ? located(declared.at, pi.address) : base;
  return {
    address: pi.address,
    moduleAddress: pi.moduleAddress,
    mode: pi.mode,
    type: pi.type,
    name: pi.name,
    key: pi.key,
    action: pi.action,
    values,
    ...(pi.before ? { prior: pi.before } : {}),
    ...(pi.before
      ? {
          priorAttrSource: (attr: string): Source => {
            const pointer = `${pi.pointer}/change/before/${attr}`;
            const p = plan.locate?.(pointer);
            return p
              ? { file: plan.file, pointer, line: p.line, column: p.column, address: pi.address }
              : { file: plan.file, pointer, address: pi.address };
          },
        }
      : {}),
    source,
    attrSource: (attr) => {
      const pointer = `${pi.valuesPointer}/${attr}`;
      const p = plan.locate?.(pointer);
      if (!p) return source;
      return { file: plan.file, pointer, line: p.line, column: p.column, address: pi.address };
    },
    // A plan read alone links nothing through its `references` (plan/references.ts): they say
    // what an expression refers to, not whether its value is one of their attributes. With the
    // configuration directory the expression decides (config/linked-references.ts); a resource
    // the configuration does not declare is as in a plan read alone.
    references: (attr) => {
      if (!world) return refs.unpinned(pi, attr, undefined);
      const mi = configInstance();
      const rc = mi?.config.resources.get(`${pi.mode === 'data' ? 'data.' : ''}${pi.type}.${pi.name}`);
      if (!mi || !rc) return refs.unpinned(pi, attr, notDeclaredIn(world, pi));
      return mi.tfInstance(rc, mi.expansionFor(rc, pi.key)).references(attr);
    },
    configured: (attr) => {
      const c = refs.configured(pi, attr);
      if (c !== undefined || !world) return c;
      const rc = configInstance()?.config.resources.get(
        `${pi.mode === 'data' ? 'data.' : ''}${pi.type}.${pi.name}`,
      );
      if (!rc) return undefined;
      return rc.body.items.some((it) => (it.kind === 'attr' ? it.name === attr : it.type === attr));
    },
  };
}

/**
 * Why the configuration directory given with a plan does not compute a plan instance (its module
 * instance not found, or the resource not declared in it); undefined when it does.
 */
function notDeclaredIn(world: ConfigEvaluator, pi: PlanInstance): string | undefined {
  const dir = world.config.dir;
  const mi = world.moduleInstance(pi.moduleAddress);
  if (!mi)
    return `the configuration directory ${dir} has no module instance ${pi.moduleAddress} (a module it does not find, or a plan of another directory)`;
  const base = `${pi.mode === 'data' ? 'data.' : ''}${pi.type}.${pi.name}`;
  if (mi.config.resources.has(base)) return undefined;
  return `the configuration directory ${dir} does not declare ${pi.moduleAddress ? `${base} in ${pi.moduleAddress}` : base} (a plan of another directory?)`;
}

/** An evaluator of a root module of a configuration, with its input values and workspace. */
function configWorld(
  root: ModuleConfig,
  config: TerraformConfig,
  env: AwsEnv,
  overlay: PlanOverlay | undefined,
): ConfigEvaluator {
  return new ConfigEvaluator(root, config.varValues, env, overlay, config.workspaces.get(root)!);
}

function pickRoot(config: TerraformConfig, plan: PlanData): ModuleConfig | undefined {
  let best: ModuleConfig | undefined;
  let bestScore = -1;
  for (const r of config.roots) {
    let score = 0;
    for (const i of plan.instances) {
      if (!i.moduleAddress && r.resources.has(`${i.mode === 'data' ? 'data.' : ''}${i.type}.${i.name}`))
        score++;
    }
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

function addFindings(builder: ModelBuilder, findings: Finding[]): void {
  for (const f of findings) builder.addFinding(f);
}

/** Loads a parsed plan JSON value. */
export function loadPlanValue(
  value: unknown,
  file: string,
  locate: Parameters<typeof readPlan>[2],
  builder: ModelBuilder,
  options: TfLoadOptions,
  config?: TerraformConfig,
): void {
  // A plan given in memory (parsed by the caller) is read as a file is: the stand-ins it spells
  // are literals (stand-ins.ts); a plan read from a file here already has them.
  withStandInSpellings(builder.standInSpellings, () =>
    loadPlanValueIn(distinctFromStandInsIn(value, file), file, locate, builder, options, config),
  );
}

/**
 * A plan Terraform marks incomplete (`"complete": false`: `-target`, or deferred changes) or
 * errored (`"errored": true`, Terraform 1.5+) does not say what every resource will be: the
 * instances it has no change for are read from its prior state (read-plan.ts), and what the
 * configuration would create outside it is not in it. Said once, with the plan's line.
 */
function noteIncompletePlan(
  builder: ModelBuilder,
  plan: TfObject,
  file: string,
  locate: Parameters<typeof readPlan>[2],
): void {
  const why =
    plan.errored === true
      ? 'Terraform stopped planning on an error ("errored": true)'
      : plan.complete === false
        ? 'Terraform marks it incomplete ("complete": false: a -target plan, or changes deferred to a later plan)'
        : undefined;
  if (!why) return;
  const pointer = plan.errored === true ? '/errored' : '/complete';
  const at = locate?.(pointer);
  builder.addFinding({
    code: 'tf/plan-incomplete',
    severity: 'warning',
    message: `the plan does not show every resource: ${why}. Resources in its prior state that it has no change for are kept as they are; resources the configuration would create or change outside the plan are not in it, so the model may lack access they grant: check a complete plan (without -target) before deploying`,
    source: { file, pointer, ...(at ? { line: at.line, column: at.column } : {}) },
  });
}

function loadPlanValueIn(
  value: unknown,
  file: string,
  locate: Parameters<typeof readPlan>[2],
  builder: ModelBuilder,
  options: TfLoadOptions,
  config?: TerraformConfig,
): void {
  if (!isObject(value)) throw new InputError('not a Terraform plan', file);
  const version = typeof value.format_version === 'string' ? value.format_version : '';
  if (!/^[01]\./.test(version)) {
    throw new InputError(`unsupported plan format_version "${version}" (iamspec reads 0.x and 1.x)`, file);
  }
  const plan = readPlan(value, file, locate, options.planSide);
  noteIncompletePlan(builder, value, file, locate);
  // The configuration describes the planned state; the prior state's values are all known.
  if (options.planSide === 'prior') config = undefined;
  const root = config ? pickRoot(config, plan) : undefined;
  let hints = planHints(
    plan,
    isObject(value.configuration) ? value.configuration.provider_config : undefined,
  );
  const planSource: Source = { file };
  // the configuration may name the account/region when the plan does not
  let world: ConfigEvaluator | undefined;
  const refs = new PlanReferences(plan);
  const filled = new Map<string, TfObject>();
  const byAddress = new Map(plan.instances.map((i) => [i.address, i]));
  let env: AwsEnv = {
    partition: builder.partition,
    account: PLACEHOLDER_ACCOUNT,
    region: PLACEHOLDER_REGION,
  };
  // The account of each instance's provider configuration (plan/provider-accounts.ts), once the
  // deploying account is decided.
  let providerAccounts = new Map<string, ProviderAccount | undefined>();
  const accountOf = (pi: PlanInstance): ProviderAccount | undefined =>
    pi.type.startsWith('aws_')
      ? accountOfKey(pi.providerConfigKey, providerAccounts, env.account)
      : undefined;
  const decideAccounts = (configWorld?: ConfigEvaluator) => {
    const providerConfig = isObject(value.configuration) ? value.configuration.provider_config : undefined;
    providerAccounts = planProviderAccounts(
      providerConfig,
      env.account,
      (address) => byAddress.get(address)?.values,
    );
    // with the configuration at hand, a role_arn the plan gives only as references is evaluated
    if (configWorld)
      providerAccounts = reevaluatedAccounts(providerAccounts, (key) =>
        configProviderAccount(configWorld, key, env.account),
      );
  };
  const valuesOf = (address: string): TfObject | undefined => {
    const cached = filled.get(address);
    if (cached) return cached;
    const pi = byAddress.get(address);
    if (!pi) return undefined;
    const v = markOpen(
      fillComputed(pi.mode, pi.type, pi.values, envInAccount(env, accountOf(pi)), pi.address),
      pi.address,
    );
    filled.set(address, v);
    return v;
  };
  if (root) {
    const overlay: PlanOverlay = {
      keys: (moduleAddress, mode, type, name) => {
        const keys = plan.instances
          .filter(
            (i) =>
              i.moduleAddress === moduleAddress &&
              i.mode === mode &&
              i.type === type &&
              i.name === name &&
              i.action !== 'delete',
          )
          .map((i) => i.key);
        return keys.length ? keys : undefined;
      },
      values: (address) => valuesOf(address),
      variable: (name) => plan.variables.get(name),
    };
    const provisional = configWorld(root, config!, env, overlay);
    const ch = configHints(provisional, root);
    hints = {
      account: hints.account ?? ch.account,
      accountFrom: hints.account ? hints.accountFrom : ch.accountFrom,
      region: hints.region ?? ch.region,
      ...((hints.region ?? ch.region) ? {} : { regionUnpinned: hints.regionUnpinned }),
    };
    env = decideEnv(builder, options, hints, planSource);
    // the provider configurations evaluated in a world of their own: what it caches was filled
    // before the accounts were decided
    decideAccounts(configWorld(root, config!, env, overlay));
    filled.clear();
    world = configWorld(root, config!, env, overlay);
  } else {
    env = decideEnv(builder, options, hints, planSource);
    decideAccounts();
  }
  pinCanonicalUserId(builder, plan, env.account);

  const instances: TfInstance[] = [];
  for (const pi of plan.instances) {
    // A data.aws_region of a provider configuration whose region is unknown gives the stand-in
    // region (eval/computed.ts): warned as a resource there is.
    if (pi.mode === 'data' && pi.type === 'aws_region' && isUnknown(pi.values.region))
      builder.addFinding(
        unknownRegionDataFinding(pi.address, pi.values.region.reason, {
          file: plan.file,
          pointer: pi.pointer,
          address: pi.address,
        }),
      );
    if (pi.mode !== 'managed') continue;
    let values = pi.action === 'delete' ? pi.values : (valuesOf(pi.address) ?? pi.values);
    if (world && pi.action !== 'delete') {
      values =
        world.instanceValues(pi.moduleAddress, pi.mode, pi.type, pi.name, pi.key) ??
        refs.unpinnedValues(pi, values, notDeclaredIn(world, pi));
    } else if (!world) values = refs.unpinnedValues(pi, values, undefined);
    const view = planInstanceView(pi, values, plan, refs, world);
    const where = pi.action === 'delete' ? undefined : accountOf(pi);
    if (where && pi.providerConfigKey) view.providerAccount = { key: pi.providerConfigKey, where };
    instances.push(view);
  }
  // An unknown `tags_all` means tags from the provider's default_tags only if some aws provider
  // configuration sets them (plans show it unknown for untagged resources too); a plan that does
  // not show its provider configuration cannot tell.
  const ctx = new TfLoadState(builder, env, {
    defaultTagsMayExist: plan.defaultTags ?? true,
    stackRoles: options.stackRoles,
    stackRolesUsed: options.stackRolesUsed,
  });
  ctx.placedConfigs = noteProviderAccounts(builder, instances, env, env.region === PLACEHOLDER_REGION);
  applyHandlers(ctx, instances);
  // The provisioners run when the plan is applied (the prior state's ran before it).
  if (options.planSide !== 'prior') {
    if (root) modelLocalExec(ctx, root);
    else modelPlanProvisioners(ctx, value.configuration, file, locate);
  }
  const unpinned = refs.unpinnedFinding();
  if (unpinned) builder.addFinding(unpinned);
  if (root) placeStatementSources(builder.policyDocuments(), root, new Set([file, ...moduleFiles(root)]));
  if (config) addFindings(builder, config.findings);
  if (world) addFindings(builder, world.findings);
}

/** The files of a module and of the modules it calls. */
function moduleFiles(mod: ModuleConfig, depth = 0): string[] {
  const out = [...mod.files];
  if (depth < 32)
    for (const call of mod.moduleCalls.values())
      if (call.module) out.push(...moduleFiles(call.module, depth + 1));
  return out;
}

/** Loads a plan file (`terraform show -json`), with its configuration when given. */
export function loadTerraformPlan(
  file: string,
  builder: ModelBuilder,
  options: TfLoadOptions = {},
  config?: TerraformConfig,
): void {
  const { value, locate } = withStandInSpellings(builder.standInSpellings, () => readJsonInput(file));
  if (!isTerraformPlan(value)) {
    throw new InputError(
      isTerraformJsonConfig(value)
        ? 'this is a Terraform JSON configuration, not a plan'
        : 'not a Terraform plan: expected "format_version" with "planned_values" or "resource_changes"',
      file,
    );
  }
  loadPlanValue(value, file, locate, builder, options, config);
}

function loadConfigRoot(
  root: ModuleConfig,
  config: TerraformConfig,
  builder: ModelBuilder,
  options: TfLoadOptions,
) {
  const provisional: AwsEnv = {
    partition: builder.partition,
    account: PLACEHOLDER_ACCOUNT,
    region: PLACEHOLDER_REGION,
  };
  const world = configWorld(root, config, provisional, undefined);
  const hints = configHints(world, root);
  const env = decideEnv(builder, options, hints, { file: root.files[0] ?? root.dir });
  const evaluated = configWorld(root, config, env, undefined);
  const instances = evaluated.managedInstances(RUN_DATA_SOURCES);
  const ctx = new TfLoadState(builder, env, {
    stackRoles: options.stackRoles,
    stackRolesUsed: options.stackRolesUsed,
  });
  ctx.placedConfigs = noteProviderAccounts(builder, instances, env, env.region === PLACEHOLDER_REGION);
  applyHandlers(ctx, instances);
  modelLocalExec(ctx, root);
  modelMissingModules(ctx, evaluated.moduleInstances());
  modelForgottenObjects(ctx, evaluated.moduleInstances());
  placeStatementSources(builder.policyDocuments(), root, new Set(moduleFiles(root)));
  addFindings(builder, evaluated.findings);
}

/** Loads a `.tf` file, a `.tf.json` file, a directory of them, or a cdktf.out directory. */
export function loadTerraformConfig(
  pathOrDir: string,
  builder: ModelBuilder,
  options: TfLoadOptions = {},
): void {
  withStandInSpellings(builder.standInSpellings, () => {
    const config = readTerraformConfig(pathOrDir, options);
    addFindings(builder, config.findings);
    for (const root of config.roots) loadConfigRoot(root, config, builder, options);
  });
}

/** Loads an in-memory JSON configuration (CDKTF `Testing.synth` output, parsed). */
export function loadTerraformConfigObject(
  value: unknown,
  builder: ModelBuilder,
  options: TfLoadOptions & { file?: string } = {},
): void {
  withStandInSpellings(builder.standInSpellings, () => loadConfigObjectIn(value, builder, options));
}

function loadConfigObjectIn(
  value: unknown,
  builder: ModelBuilder,
  options: TfLoadOptions & { file?: string },
): void {
  const file = options.file ?? '<cdktf synth>';
  let obj = value;
  if (typeof value === 'string') {
    try {
      obj = JSON.parse(distinctFromStandIns(value, file));
    } catch (e) {
      throw new InputError(`invalid JSON: ${(e as Error).message}`, file);
    }
  } else obj = distinctFromStandInsIn(value, file);
  if (!isTerraformJsonConfig(obj)) throw new InputError('not a Terraform JSON configuration', file);
  const findings: Finding[] = [];
  const mod = emptyModule(options.file ? dirname(options.file) : process.cwd());
  mod.files.push(file);
  addJsonConfig(mod, obj, file, undefined, findings);
  loadLocalModules(mod, findings, options.env);
  const varValues = collectVarValues([mod], options, undefined);
  const config: TerraformConfig = {
    roots: [mod],
    varValues,
    workspaces: rootWorkspaces([mod], options),
    findings,
  };
  addFindings(builder, findings);
  loadConfigRoot(mod, config, builder, options);
}
