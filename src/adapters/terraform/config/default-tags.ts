// The AWS provider's `default_tags` in a configuration read without a plan: the tags every
// resource of the provider gets next to its own (`tags_all`). "Setting default tags at the
// provider level will not supersede tags set on individual resources as resource tags take
// precedence" (HashiCorp, "Default Tags in the Terraform AWS Provider",
// https://www.hashicorp.com/blog/default-tags-in-the-terraform-aws-provider; AWS provider docs,
// "default_tags Configuration Block"). Which provider configuration a resource uses is followed in
// the root module; where it is not (a `provider` meta-argument in a child module, a module call
// that passes `providers`) and the configurations' default tags differ, `tags_all` is unknown, so
// the tags the inputs do not show may exist (`OTHER_TAGS`).

import { isUnknown, Unknown } from '../../../model/unknown.js';
import { bodyAttrs } from '../hcl/ast.js';
import { awsProviderOf, type ProviderModule, type ProviderWorld } from './provider-config.js';
import type { ResourceConfig } from './types.js';
import { isObject, type TfObject } from '../eval/values.js';
import { PartlyKnownMap, partlyKnownMapCall } from '../eval/partial-list.js';

/** What the default tags module needs of the evaluator and of a module instance. */
export type DefaultTagsWorld = ProviderWorld;
export type DefaultTagsModule = ProviderModule;

const cache = new WeakMap<DefaultTagsWorld, Map<string, unknown>>();

/** The evaluated `default_tags.tags` of each root `aws` provider configuration, by alias ('' = default). */
function providerTags(world: DefaultTagsWorld): Map<string, unknown> {
  let m = cache.get(world);
  if (m) return m;
  m = new Map();
  for (const p of world.config.providers) {
    if (p.name !== 'aws') continue;
    let v: unknown;
    for (const it of p.body.items) {
      if (it.kind === 'block' && it.type === 'default_tags') {
        const a = bodyAttrs(it.body).get('tags');
        v = a ? world.evalRoot(a.expr, p.at.file) : undefined;
      } else if (it.kind === 'block' && it.type === 'dynamic' && it.labels[0] === 'default_tags') {
        v = new Unknown(
          `a dynamic default_tags block of provider aws${p.alias ? `.${p.alias}` : ''} is not read`,
        );
      }
    }
    m.set(p.alias ?? '', v);
  }
  cache.set(world, m);
  return m;
}

/**
 * The provider default tags of a resource: undefined when no provider configuration sets any, an
 * object (whose values may be unknown), or Unknown when which configuration applies is not
 * followed and theirs differ, or when they are unknown.
 */
export function defaultTagsOf(
  world: DefaultTagsWorld,
  module: DefaultTagsModule,
  rc: ResourceConfig,
): unknown {
  if (rc.mode !== 'managed' || !rc.type.startsWith('aws_')) return undefined;
  const m = providerTags(world);
  const values = [...m.values()];
  if (!values.some((v) => v !== undefined)) return undefined;
  const text = (v: unknown) => JSON.stringify(v ?? null);
  if (m.has('') && values.every((v) => text(v) === text(values[0]))) return values[0];
  const choice = awsProviderOf(world, module, rc);
  if ('alias' in choice) return m.get(choice.alias);
  return new Unknown(`${choice.unfollowed} (its default_tags), and the configurations' default tags differ`);
}

/** `tags_all` as the provider computes it: the default tags, then the resource's own `tags`. */
export function tagsAll(defaults: unknown, tags: unknown): unknown {
  if (isUnknown(defaults)) return defaults;
  if (!isObject(defaults)) return undefined;
  // partly known tags: the defaults, then the tags' known keys; their rest may override any
  // default (eval/partial-list.ts, merge)
  if (tags instanceof PartlyKnownMap) return partlyKnownMapCall('merge', [defaults, tags]);
  if (isUnknown(tags)) return tags;
  return { ...(defaults as TfObject), ...(isObject(tags) ? tags : {}) };
}
