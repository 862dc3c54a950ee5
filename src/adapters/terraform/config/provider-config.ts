// Which AWS provider configuration a resource of a configuration read without a plan uses, and
// that configuration's region. "The provider meta-argument specifies which provider configuration
// to use for a resource, overriding Terraform's default behavior of selecting one based on the
// resource type name" (Terraform, "provider reference",
// https://developer.hashicorp.com/terraform/language/meta-arguments/provider). Followed through
// the module calls up to a root configuration (`awsProviderOf`: the `provider` meta-argument, a
// call's `providers = { aws = aws.other }` map in HCL or JSON/CDKTF, the default configuration
// a call without `providers` passes); a module's own provider block, or a name no call passes,
// is not followed. Used for `default_tags` (default-tags.ts), for
// the region of the resource's ARNs and for its account (`providerAccountOf`, the rule in
// plan/provider-accounts.ts).

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
  /** The module instance's address (`module.a["x"]`, '' for the root), when known. */
  address?: string;
  call: { passesProviders?: boolean; providerMap?: Readonly<Record<string, string>> } | undefined;
  /** The module's own configuration (its `provider` blocks). */
  config?: { providers: readonly ProviderConfig[] };
}

/** The root `aws` provider configuration a resource uses: its alias ('' = default), or why not followed. */
export type AwsProviderChoice = { alias: string } | { unfollowed: string };

/**
 * Which root configuration the `aws` provider configuration `name` (`aws`, `aws.dst`) of a module
 * instance is, following the module calls up to the root: a call without `providers` passes the
 * default configuration only ("If the child module does not declare any configuration aliases,
 * and the module call does not have a providers argument, the default provider configurations
 * are inherited"); a call with `providers` passes exactly what it lists ("Once the providers
 * argument is used in a module block, it overrides all of the default inheritance behavior, so
 * it is necessary to enumerate mappings for all of the required providers") — Terraform,
 * "Providers Within Modules", https://developer.hashicorp.com/terraform/language/modules/develop/providers.
 * A module that declares its own `aws` configuration of that name, a name a call does not pass,
 * or a `providers` map that cannot be read is not followed.
 */
export function awsProviderOf(
  world: ProviderWorld,
  module: ProviderModule,
  rc: ResourceConfig,
): AwsProviderChoice {
  const written = rc.provider ?? 'aws';
  let name = written;
  const unfollowed = (why: string): AwsProviderChoice => ({
    unfollowed: `the aws provider configuration ${rc.provider ? `"${rc.provider}"` : 'a module call passes'} is not followed (${why})`,
  });
  for (let cur: ProviderModule = module; cur.parent !== undefined; cur = cur.parent) {
    const alias = /^aws(?:\.([A-Za-z0-9_-]+))?$/.exec(name);
    if (!alias) return unfollowed(`"${name}" is not an aws provider configuration`);
    if (cur.config?.providers.some((p) => p.name === 'aws' && (p.alias ?? '') === (alias[1] ?? '')))
      return unfollowed(`a module declares its own "${name}"`);
    const call = cur.call;
    if (!call?.passesProviders) {
      if (name === 'aws') continue;
      return unfollowed(`"${name}" is not passed to the module`);
    }
    if (!call.providerMap) return unfollowed("a module call's providers map is not read");
    const to = call.providerMap[name];
    if (to === undefined) return unfollowed(`a module call's providers map does not pass "${name}"`);
    name = to;
  }
  if (name === 'aws') return { alias: '' };
  const alias = /^aws\.([A-Za-z0-9_-]+)$/.exec(name)?.[1];
  if (alias !== undefined && world.config.providers.some((p) => p.name === 'aws' && p.alias === alias))
    return { alias };
  return unfollowed(`the root module has no aws configuration "${name}"`);
}

const regionCache = new WeakMap<ProviderWorld, Map<string, unknown>>();

/** The evaluated `region` of each root `aws` provider configuration, by alias ('' = default). */
function providerRegions(world: ProviderWorld): Map<string, unknown> {
  let m = regionCache.get(world);
  if (m) return m;
  m = new Map();
  for (const p of world.config.providers) {
    if (p.name !== 'aws') continue;
    const a = bodyAttrs(p.body).get('region');
    const name = `aws${p.alias ? `.${p.alias}` : ''}`;
    const v = a ? world.evalRoot(a.expr, p.at.file) : undefined;
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
  regionCache.set(world, m);
  return m;
}

/**
 * The region of the provider configuration an `aws_` resource or data source uses (`data.aws_region`
 * of an aliased configuration reads that configuration's region) when it may differ from
 * the default configuration's: a string, or Unknown when it is not known or which configuration
 * applies is not followed and the configurations' regions differ. Undefined: the default's applies.
 */
export function providerRegionOf(world: ProviderWorld, module: ProviderModule, rc: ResourceConfig): unknown {
  if (!rc.type.startsWith('aws_')) return undefined;
  const m = providerRegions(world);
  const aliased = [...m.entries()].filter(([k]) => k !== '');
  if (!aliased.length) return undefined;
  const choice = awsProviderOf(world, module, rc);
  const base = m.get('');
  if ('alias' in choice) {
    if (choice.alias === '') return undefined;
    const r = m.get(choice.alias);
    return typeof r === 'string' && r === base ? undefined : r;
  }
  const all = [...m.values()];
  if (typeof base === 'string' && all.every((r) => r === base)) return undefined;
  return new Unknown(`${choice.unfollowed}, and the aws configurations' regions differ`);
}

const accountCache = new WeakMap<ProviderWorld, Map<string, ProviderAccount | undefined>>();

/** The member account an expression's text refers to (`aws_organizations_account.x`), if any. */
function createdAccountIn(expr: Expr): string | undefined {
  return /\baws_organizations_account\.[A-Za-z0-9_-]+(\[[^\]]*\])?/.exec(exprText(expr))?.[0];
}

/** The account-related settings of a root `aws` provider configuration, evaluated. */
function settingsOf(world: ProviderWorld, p: ProviderConfig, defaultProfile: unknown): ProviderSettings {
  const key = `aws${p.alias ? `.${p.alias}` : ''}`;
  const attrs = bodyAttrs(p.body);
  const evalAttr = (name: string) => {
    const a = attrs.get(name);
    return a ? world.evalRoot(a.expr, p.at.file) : undefined;
  };
  const roleArns: ProviderSettings['roleArns'] = [];
  for (const it of p.body.items) {
    if (it.kind === 'block' && (it.type === 'assume_role' || it.type === 'assume_role_with_web_identity')) {
      const arn = bodyAttrs(it.body).get('role_arn');
      if (!arn) continue;
      const creates = createdAccountIn(arn.expr);
      roleArns.push({ value: world.evalRoot(arn.expr, p.at.file), ...(creates ? { creates } : {}) });
    } else if (
      it.kind === 'attr' &&
      (it.name === 'assume_role' || it.name === 'assume_role_with_web_identity')
    ) {
      // JSON configurations (CDKTF) write blocks as attributes: a list of objects
      const v = world.evalRoot(it.expr, p.at.file);
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
    profile: p.alias ? evalAttr('profile') : undefined,
    defaultProfile,
  };
}

/** Where each root `aws` provider configuration deploys (plan/provider-accounts.ts), by alias ('' = default). */
function providerAccounts(world: ProviderWorld, deploying: string): Map<string, ProviderAccount | undefined> {
  let m = accountCache.get(world);
  if (m) return m;
  m = new Map();
  // Cached before it is filled: a role_arn that refers to a resource (a created member account's
  // id) evaluates it, which asks for the accounts again; the default configuration comes first.
  accountCache.set(world, m);
  const aws = world.config.providers.filter((p) => p.name === 'aws');
  const base = aws.find((p) => !p.alias);
  const profile = base ? bodyAttrs(base.body).get('profile') : undefined;
  const defaultProfile = profile && base ? world.evalRoot(profile.expr, base.at.file) : undefined;
  for (const p of [...aws.filter((x) => !x.alias), ...aws.filter((x) => x.alias)])
    m.set(p.alias ?? '', providerAccount(settingsOf(world, p, defaultProfile), deploying));
  return m;
}

/**
 * The account the provider configuration of an `aws_` resource or data source deploys into, when
 * it is not the deploying account `deploying` (the rule: plan/provider-accounts.ts): its key and
 * where. A configuration that is not followed (provider-config.ts `awsProviderOf`) is an unknown
 * account when some root configuration deploys elsewhere.
 */
export function providerAccountOf(
  world: ProviderWorld,
  module: ProviderModule,
  rc: ResourceConfig,
  deploying: string,
): { key: string; where: ProviderAccount } | undefined {
  if (!rc.type.startsWith('aws_')) return undefined;
  const m = providerAccounts(world, deploying);
  if ([...m.values()].every((a) => a === undefined)) return undefined;
  const choice = awsProviderOf(world, module, rc);
  if ('alias' in choice) {
    const where = m.get(choice.alias);
    return where ? { key: `aws${choice.alias ? `.${choice.alias}` : ''}`, where } : undefined;
  }
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
 * Where the root `aws` provider configuration `key` (`aws`, `aws.prod`) deploys, evaluated from the
 * configuration: undefined for the deploying account, null when the root module has no such
 * configuration. A plan read with its configuration re-evaluates a `role_arn` the plan gives only
 * as references (a `local`, a variable of the configuration) here (load.ts).
 */
export function rootProviderAccount(
  world: ProviderWorld,
  key: string,
  deploying: string,
): ProviderAccount | undefined | null {
  const alias = key === 'aws' ? '' : /^aws\.([A-Za-z0-9_-]+)$/.exec(key)?.[1];
  if (alias === undefined) return null;
  const m = providerAccounts(world, deploying);
  return m.has(alias) ? m.get(alias) : null;
}
