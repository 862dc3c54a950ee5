// Which AWS provider configuration a resource of a configuration read without a plan uses, and
// that configuration's region. "The provider meta-argument specifies which provider configuration
// to use for a resource, overriding Terraform's default behavior of selecting one based on the
// resource type name" (Terraform, "provider reference",
// https://developer.hashicorp.com/terraform/language/meta-arguments/provider). Followed in the root
// module (`provider = aws.<alias>`, and the default configuration where no call on the way passes
// `providers`); elsewhere (a `provider` meta-argument in a child module, a module call passing
// `providers`) the configuration is not followed. Used for `default_tags` (default-tags.ts) and
// for the region of the resource's ARNs.

import { Unknown } from '../../../model/unknown.js';
import { bodyAttrs, type Expr } from '../hcl/ast.js';
import type { ModuleConfig, ResourceConfig } from './types.js';

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
