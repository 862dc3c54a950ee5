// Which AWS provider configuration a resource of a configuration read without a plan uses, and
// that configuration's region. "The provider meta-argument specifies which provider configuration
// to use for a resource, overriding Terraform's default behavior of selecting one based on the
// resource type name" (Terraform, "provider reference",
// https://developer.hashicorp.com/terraform/language/meta-arguments/provider). Followed in the root
// module (`provider = aws.<alias>`, and the default configuration where no call on the way passes
// `providers`); elsewhere (a `provider` meta-argument in a child module, a module call passing
// `providers`) the configuration is not followed. Used for `default_tags` (default-tags.ts), for
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
  call: { passesProviders?: boolean } | undefined;
}

/** The root `aws` provider configuration a resource uses: its alias ('' = default), or why not followed. */
export type AwsProviderChoice = { alias: string } | { unfollowed: string };

export function awsProviderOf(
  world: ProviderWorld,
  module: ProviderModule,
  rc: ResourceConfig,
): AwsProviderChoice {
  let passed = false;
  for (let cur: ProviderModule | undefined = module; cur; cur = cur.parent)
    if (cur.call?.passesProviders) passed = true;
  if (!passed && !rc.provider) return { alias: '' };
  const alias = /^aws\.([A-Za-z0-9_-]+)$/.exec(rc.provider ?? '')?.[1];
  const inRoot = module.parent === undefined;
  if (
    inRoot &&
    alias !== undefined &&
    world.config.providers.some((p) => p.name === 'aws' && p.alias === alias)
  )
    return { alias };
  return {
    unfollowed: `the aws provider configuration ${rc.provider ? `"${rc.provider}"` : 'a module call passes'} is not followed`,
  };
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
  return {
    key: rc.provider ?? 'aws',
    where: {
      unknown: new Unknown(
        `${choice.unfollowed}, and some aws provider configuration deploys into another account`,
      ),
    },
  };
}
