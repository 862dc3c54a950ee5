// The AWS provider's `default_tags` in a configuration read without a plan: the tags every
// resource of the provider gets next to its own (`tags_all`). "Setting default tags at the
// provider level will not supersede tags set on individual resources as resource tags take
// precedence" (HashiCorp, "Default Tags in the Terraform AWS Provider",
// https://www.hashicorp.com/blog/default-tags-in-the-terraform-aws-provider; AWS provider docs,
// "default_tags Configuration Block"). Which provider configuration a resource uses is followed
// through the module calls to the module that declares it (provider-config.ts `awsProviderOf`);
// where it is not and the configurations' default tags differ, `tags_all` is unknown, so the tags
// the inputs do not show may exist (`OTHER_TAGS`).

import { isUnknown, Unknown } from '../../../model/unknown.js';
import { bodyAttrs } from '../hcl/ast.js';
import {
  awsProviderOf,
  cached,
  evalIn,
  ownAwsConfigs,
  type ProviderModule,
  type ProviderWorld,
  providerKey,
  reachableConfigs,
} from './provider-config.js';
import type { ResourceConfig } from './types.js';
import { isObject, type TfObject } from '../eval/values.js';
import { PartlyKnownMap, partlyKnownMapCall } from '../eval/partial-list.js';

/** What the default tags module needs of the evaluator and of a module instance. */
export type DefaultTagsWorld = ProviderWorld;
export type DefaultTagsModule = ProviderModule;

const cache = new WeakMap<object, Map<string, unknown>>();

/**
 * The evaluated `default_tags.tags` of each `aws` provider configuration a module instance
 * declares (the root's when `owner` is undefined), by alias ('' = default).
 */
function providerTags(world: DefaultTagsWorld, owner?: DefaultTagsModule): Map<string, unknown> {
  return cached(cache, world, owner, (m) => {
    for (const p of ownAwsConfigs(world, owner)) {
      let v: unknown;
      for (const it of p.body.items) {
        if (it.kind === 'block' && it.type === 'default_tags') {
          const a = bodyAttrs(it.body).get('tags');
          v = a ? evalIn(world, owner, a.expr, p.at.file) : undefined;
        } else if (it.kind === 'block' && it.type === 'dynamic' && it.labels[0] === 'default_tags') {
          v = new Unknown(
            `a dynamic default_tags block of provider ${providerKey(owner, p.alias ?? '')} is not read`,
          );
        }
      }
      m.set(p.alias ?? '', v);
    }
  });
}

/**
 * The provider default tags of a resource: undefined when no provider configuration sets any, an
 * object (whose values may be unknown), or Unknown when which configuration applies is not
 * followed and theirs differ, or when they are unknown. The configurations a module declares
 * itself (provider-config.ts) count as the root's do.
 */
export function defaultTagsOf(
  world: DefaultTagsWorld,
  module: DefaultTagsModule,
  rc: ResourceConfig,
): unknown {
  if (rc.mode !== 'managed' || !rc.type.startsWith('aws_')) return undefined;
  const reachable = reachableConfigs(world, module);
  const values = reachable.map((c) => providerTags(world, c.owner).get(c.alias));
  if (!values.some((v) => v !== undefined)) return undefined;
  const text = (v: unknown) => JSON.stringify(v ?? null);
  if (values.every((v) => text(v) === text(values[0]))) return values[0];
  const choice = awsProviderOf(world, module, rc);
  if ('alias' in choice) return providerTags(world, choice.owner).get(choice.alias);
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
