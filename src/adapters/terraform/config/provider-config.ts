// Which AWS provider configuration a resource of a configuration read without a plan uses, and
// that configuration's region. "The provider meta-argument specifies which provider configuration
// to use for a resource, overriding Terraform's default behavior of selecting one based on the
// resource type name" (Terraform, "provider reference",
// https://developer.hashicorp.com/terraform/language/meta-arguments/provider). Followed through
// the module calls (`awsProviderOf`: the `provider` meta-argument, a call's
// `providers = { aws = aws.other }` map in HCL or JSON/CDKTF, the default configuration a call
// without `providers` passes) up to the module that declares the configuration: the root, or a
// child module with its own `provider "aws"` block (the legacy pattern: "module authors commonly
// worked around this by writing `provider` blocks directly inside their modules, making the module
// have its own separate provider configurations separate from those declared in the root module",
// Terraform, "Providers Within Modules", Legacy Shared Modules with Provider Configurations). Such
// a block's arguments are evaluated in that module instance (its variables); its key is the one a
// plan gives it, `module.m:aws` / `module.m:aws.b`. A block with only `alias` (or nothing) is a
// proxy: "A proxy configuration block is one that contains only the `alias` argument. It serves as
// a placeholder for provider configurations passed between modules" — the configuration the call
// passes is followed; one no call passes is a configuration of its own with no settings. A name
// nothing declares, or a `providers` map that cannot be read, is not followed. Used for
// `default_tags` (default-tags.ts), for the region of the resource's ARNs and for its account
// (`providerAccountOf`, the rule in plan/provider-accounts.ts).

import { isUnknown, Unknown } from '../../../model/unknown.js';
import { bodyAttrs, type Expr } from '../hcl/ast.js';
import { exprText } from '../hcl/print.js';
import { type ProviderAccount, type ProviderSettings, providerAccount } from '../plan/provider-accounts.js';
import type { ModuleConfig, ProviderConfig, ResourceConfig } from './types.js';

/** What provider selection needs of the evaluator and of a module instance. */
export interface ProviderWorld {
  config: ModuleConfig;
  evalRoot(expr: Expr, file: string): unknown;
}
export interface ProviderModule {
  parent: ProviderModule | undefined;
  call: { passesProviders?: boolean; providerMap?: Readonly<Record<string, string>> } | undefined;
  /** The module's own configuration (its `provider` blocks). */
  config?: { providers: readonly ProviderConfig[] };
  /** The module instance's address (`module.m`; '' for the root): the prefix of its configurations' keys. */
  address: string;
  /** Evaluates an expression of the module instance (the arguments of its own provider blocks). */
  evalExpr(expr: Expr, file: string): unknown;
}

/**
 * The `aws` provider configuration a resource uses: its alias ('' = default) and the module
 * instance that declares it (`owner`; undefined: the root module), or why it is not followed.
 */
export type AwsProviderChoice = { alias: string; owner?: ProviderModule } | { unfollowed: string };

/** A configuration's key as a plan writes it: `aws`, `aws.prod`, `module.m:aws`, `module.m:aws.b`. */
export function providerKey(owner: ProviderModule | undefined, alias: string): string {
  return `${owner?.address ? `${owner.address}:` : ''}aws${alias ? `.${alias}` : ''}`;
}

/** A `provider` block with no argument but `alias`: a proxy for a configuration the caller passes. */
function isProxy(p: ProviderConfig): boolean {
  return p.body.items.every((it) => it.kind === 'attr' && it.name === 'alias');
}

/** The `aws` provider blocks a module instance declares (the root: the configuration's). */
export function ownAwsConfigs(world: ProviderWorld, owner: ProviderModule | undefined): ProviderConfig[] {
  return ((owner ? owner.config?.providers : world.config.providers) ?? []).filter((p) => p.name === 'aws');
}

/**
 * Which `aws` provider configuration (`aws`, `aws.dst`) a resource of a module instance uses,
 * following the module calls up to the module that declares it: a call without `providers` passes
 * the default configuration only ("If the child module does not declare any configuration aliases,
 * and the module call does not have a providers argument, the default provider configurations
 * are inherited"); a call with `providers` passes exactly what it lists ("Once the providers
 * argument is used in a module block, it overrides all of the default inheritance behavior, so
 * it is necessary to enumerate mappings for all of the required providers") — Terraform,
 * "Providers Within Modules", https://developer.hashicorp.com/terraform/language/modules/develop/providers.
 * A module's own (non-proxy) block of that name is the one (Terraform rejects a call that passes
 * one: "Provider ... is configured within the module ... and cannot be overridden"). The root's
 * default configuration exists even without a block (the provider's defaults).
 */
export function awsProviderOf(
  world: ProviderWorld,
  module: ProviderModule,
  rc: ResourceConfig,
): AwsProviderChoice {
  let name = rc.provider ?? 'aws';
  const unfollowed = (why: string): AwsProviderChoice => ({
    unfollowed: `the aws provider configuration ${rc.provider ? `"${rc.provider}"` : 'a module call passes'} is not followed (${why})`,
  });
  for (let cur: ProviderModule = module; ; cur = cur.parent!) {
    const m = /^aws(?:\.([A-Za-z0-9_-]+))?$/.exec(name);
    if (!m) return unfollowed(`"${name}" is not an aws provider configuration`);
    const alias = m[1] ?? '';
    if (cur.parent === undefined) {
      if (alias === '' || ownAwsConfigs(world, undefined).some((p) => (p.alias ?? '') === alias))
        return { alias };
      return unfollowed(`the root module has no aws configuration "${name}"`);
    }
    const own = ownAwsConfigs(world, cur).find((p) => (p.alias ?? '') === alias);
    const call = cur.call;
    if (own && !isProxy(own)) return { alias, owner: cur };
    if (!call?.passesProviders) {
      // an empty block no call passes is a configuration of its own, with no settings
      if (own) return { alias, owner: cur };
      if (name === 'aws') continue;
      return unfollowed(`"${name}" is not passed to the module`);
    }
    if (!call.providerMap) return unfollowed("a module call's providers map is not read");
    const to = call.providerMap[name];
    if (to === undefined) {
      if (own) return { alias, owner: cur };
      return unfollowed(`a module call's providers map does not pass "${name}"`);
    }
    name = to;
  }
}

/**
 * The `aws` configurations a resource of `module` could use when which one is not followed: those
 * its module and its ancestors declare, and the root's default (`alias` '' with no owner).
 */
export function reachableConfigs(
  world: ProviderWorld,
  module: ProviderModule,
): { owner: ProviderModule | undefined; alias: string }[] {
  const out: { owner: ProviderModule | undefined; alias: string }[] = [{ owner: undefined, alias: '' }];
  for (let cur: ProviderModule | undefined = module; cur; cur = cur.parent) {
    const owner = cur.parent ? cur : undefined;
    for (const p of ownAwsConfigs(world, owner))
      if (owner || p.alias) out.push({ owner, alias: p.alias ?? '' });
  }
  return out;
}

/** Evaluates an argument of a provider block in the module instance that declares it. */
export function evalIn(
  world: ProviderWorld,
  owner: ProviderModule | undefined,
  expr: Expr,
  file: string,
): unknown {
  return owner ? owner.evalExpr(expr, file) : world.evalRoot(expr, file);
}

/** One cache per declaring module instance (the root: the world). */
export function cached<V>(
  cache: WeakMap<object, Map<string, V>>,
  world: ProviderWorld,
  owner: ProviderModule | undefined,
  fill: (m: Map<string, V>) => void,
): Map<string, V> {
  const k: object = owner ?? world;
  let m = cache.get(k);
  if (m) return m;
  m = new Map();
  // Cached before it is filled: an argument that refers to a resource evaluates it, which may
  // ask for the same configurations again.
  cache.set(k, m);
  fill(m);
  return m;
}

const regionCache = new WeakMap<object, Map<string, unknown>>();

/** The evaluated `region` of each `aws` configuration a module instance declares, by alias ('' = default). */
function providerRegions(world: ProviderWorld, owner?: ProviderModule): Map<string, unknown> {
  return cached(regionCache, world, owner, (m) => {
    for (const p of ownAwsConfigs(world, owner)) {
      const a = bodyAttrs(p.body).get('region');
      const name = providerKey(owner, p.alias ?? '');
      const v = a ? evalIn(world, owner, a.expr, p.at.file) : undefined;
      m.set(
        p.alias ?? '',
        typeof v === 'string'
          ? v
          : new Unknown(
              a
                ? `the region of provider ${name} is not known from the configuration`
                : `provider ${name} sets no region (the environment or profile of the run sets it)`,
            ),
      );
    }
  });
}

/**
 * The region of the provider configuration an `aws_` resource or data source uses (`data.aws_region`
 * of an aliased configuration reads that configuration's region) when it may differ from
 * the root default configuration's: a string, or Unknown when it is not known or which
 * configuration applies is not followed and the configurations' regions differ. Undefined: the
 * default's applies.
 */
export function providerRegionOf(world: ProviderWorld, module: ProviderModule, rc: ResourceConfig): unknown {
  if (!rc.type.startsWith('aws_')) return undefined;
  const base = providerRegions(world).get('');
  const choice = awsProviderOf(world, module, rc);
  if ('alias' in choice) {
    if (!choice.owner && choice.alias === '') return undefined;
    const r = providerRegions(world, choice.owner).get(choice.alias);
    return r === base || (typeof r === 'string' && r === base) ? undefined : r;
  }
  const regionOf = (c: { owner: ProviderModule | undefined; alias: string }) =>
    providerRegions(world, c.owner).get(c.alias) ?? (!c.owner && c.alias === '' ? base : undefined);
  if (reachableConfigs(world, module).every((c) => regionOf(c) === base)) return undefined;
  return new Unknown(`${choice.unfollowed}, and the aws configurations' regions differ`);
}

const accountCache = new WeakMap<object, Map<string, ProviderAccount | undefined>>();

/** The member account an expression's text refers to (`aws_organizations_account.x`), if any. */
function createdAccountIn(expr: Expr): string | undefined {
  return /\baws_organizations_account\.[A-Za-z0-9_-]+(\[[^\]]*\])?/.exec(exprText(expr))?.[0];
}

/** The account-related settings of an `aws` provider configuration, evaluated where it is declared. */
function settingsOf(
  world: ProviderWorld,
  owner: ProviderModule | undefined,
  p: ProviderConfig,
  defaultProfile: unknown,
): ProviderSettings {
  const key = providerKey(owner, p.alias ?? '');
  const attrs = bodyAttrs(p.body);
  const evalAttr = (name: string) => {
    const a = attrs.get(name);
    return a ? evalIn(world, owner, a.expr, p.at.file) : undefined;
  };
  const roleArns: ProviderSettings['roleArns'] = [];
  for (const it of p.body.items) {
    if (it.kind === 'block' && (it.type === 'assume_role' || it.type === 'assume_role_with_web_identity')) {
      const arn = bodyAttrs(it.body).get('role_arn');
      if (!arn) continue;
      const creates = createdAccountIn(arn.expr);
      roleArns.push({ value: evalIn(world, owner, arn.expr, p.at.file), ...(creates ? { creates } : {}) });
    } else if (
      it.kind === 'attr' &&
      (it.name === 'assume_role' || it.name === 'assume_role_with_web_identity')
    ) {
      // JSON configurations (CDKTF) write blocks as attributes: a list of objects
      const v = evalIn(world, owner, it.expr, p.at.file);
      const creates = createdAccountIn(it.expr);
      if (isUnknown(v)) roleArns.push({ value: v, ...(creates ? { creates } : {}) });
      else
        for (const b of Array.isArray(v) ? v : [v])
          if (b && typeof b === 'object' && 'role_arn' in b)
            roleArns.push({ value: (b as { role_arn: unknown }).role_arn, ...(creates ? { creates } : {}) });
    }
  }
  return {
    key,
    roleArns,
    allowedAccountIds: evalAttr('allowed_account_ids'),
    // the root default configuration's profile is the deploying account's; any other one's is compared with it
    profile: owner || p.alias ? evalAttr('profile') : undefined,
    defaultProfile,
  };
}

/**
 * Where each `aws` provider configuration a module instance declares deploys
 * (plan/provider-accounts.ts), by alias ('' = default); the root's when `owner` is undefined.
 */
function providerAccounts(
  world: ProviderWorld,
  deploying: string,
  owner?: ProviderModule,
): Map<string, ProviderAccount | undefined> {
  return cached(accountCache, world, owner, (m) => {
    const base = ownAwsConfigs(world, undefined).find((p) => !p.alias);
    const profile = base ? bodyAttrs(base.body).get('profile') : undefined;
    const defaultProfile = profile && base ? world.evalRoot(profile.expr, base.at.file) : undefined;
    // the default configuration first: a role_arn naming a created account evaluates it
    const aws = ownAwsConfigs(world, owner);
    for (const p of [...aws.filter((x) => !x.alias), ...aws.filter((x) => x.alias)])
      m.set(p.alias ?? '', providerAccount(settingsOf(world, owner, p, defaultProfile), deploying));
  });
}

/**
 * The account the provider configuration of an `aws_` resource or data source deploys into, when
 * it is not the deploying account `deploying` (the rule: plan/provider-accounts.ts): its key and
 * where. A configuration that is not followed (`awsProviderOf`) is an unknown account when one of
 * the configurations it could be deploys elsewhere.
 */
export function providerAccountOf(
  world: ProviderWorld,
  module: ProviderModule,
  rc: ResourceConfig,
  deploying: string,
): { key: string; where: ProviderAccount } | undefined {
  if (!rc.type.startsWith('aws_')) return undefined;
  const choice = awsProviderOf(world, module, rc);
  if ('alias' in choice) {
    const where = providerAccounts(world, deploying, choice.owner).get(choice.alias);
    return where ? { key: providerKey(choice.owner, choice.alias), where } : undefined;
  }
  if (
    reachableConfigs(world, module).every(
      (c) => providerAccounts(world, deploying, c.owner).get(c.alias) === undefined,
    )
  )
    return undefined;
  // a stand-in account of its own (keyed as a plan keys it, `module.x:aws`), never the deploying
  // account's: it may be a member account the inputs create (plan/provider-accounts.ts `accountOfKey`)
  const name = rc.provider ?? 'aws';
  const key = module.address ? `${module.address}:${name}` : name;
  return {
    key,
    where: {
      unknown: new Unknown(
        `${choice.unfollowed}, and some aws provider configuration deploys into another account`,
      ),
      standInKey: key,
      from: deploying,
    },
  };
}

/**
 * Where the `aws` provider configuration `key` of a plan (`aws`, `aws.prod`, `module.m:aws`,
 * `module.m:aws.b`) deploys, evaluated from the configuration (a module's own block in that module
 * instance): undefined for the deploying account, null when the configuration has no such block
 * (or only a proxy block, which stands for what the call passes). A plan read with its
 * configuration re-evaluates a `role_arn` the plan gives only as references (a `local`, a
 * variable of the configuration or of the module) here (load.ts).
 */
export function configProviderAccount(
  world: ProviderWorld & { moduleInstance(address: string): ProviderModule | undefined },
  key: string,
  deploying: string,
): ProviderAccount | undefined | null {
  const m = /^(?:(module\..+):)?aws(?:\.([A-Za-z0-9_-]+))?$/.exec(key);
  if (!m) return null;
  const owner = m[1] ? world.moduleInstance(m[1]) : undefined;
  if (m[1] && !owner) return null;
  const alias = m[2] ?? '';
  const block = ownAwsConfigs(world, owner).find((p) => (p.alias ?? '') === alias);
  if (owner && (!block || isProxy(block))) return null;
  const accounts = providerAccounts(world, deploying, owner);
  return accounts.has(alias) ? accounts.get(alias) : null;
}
