// A resource whose `Condition` the inputs do not decide might not exist: everything its handler
// adds to the model (the principal, resource or managed policy it creates, the policies it
// attaches, the memberships it adds, the resource policy it sets) is maybe-present. Handlers are
// written for resources that exist; `withPresence` wraps the ModelBuilder they are given so that
// every element they add carries the resource's presence, without each handler knowing.

import type { ModelBuilder } from '../../../model/builder.js';
import type { Maybe, Unknown } from '../../../model/unknown.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { bothPresent } from '../branches.js';

type Init = { presence?: Unknown; policy?: PolicyDocument };

function marked<T extends Init>(init: T, presence: Unknown): T {
  const out = { ...init, presence: bothPresent(init.presence, presence) };
  if (init.policy) out.policy = markedDocument(init.policy, presence);
  return out;
}

/** A document that might not exist: its `presence` set (combined with its own). */
export function markedDocument(doc: PolicyDocument, presence: Unknown | undefined): PolicyDocument {
  if (!presence) return doc;
  return { ...doc, presence: bothPresent(doc.presence, presence) };
}

/** The builder as seen by the handler of a maybe-present resource. */
export function withPresence(builder: ModelBuilder, presence: Unknown | undefined): ModelBuilder {
  if (!presence) return builder;
  const wrap: Partial<Record<keyof ModelBuilder, unknown>> = {
    addUser: (init: Init) =>
      builder.addUser(marked(init as Parameters<ModelBuilder['addUser']>[0], presence)),
    addGroup: (init: Init) =>
      builder.addGroup(marked(init as Parameters<ModelBuilder['addGroup']>[0], presence)),
    addRole: (init: Init) =>
      builder.addRole(marked(init as Parameters<ModelBuilder['addRole']>[0], presence)),
    addResource: (init: Init) =>
      builder.addResource(marked(init as Parameters<ModelBuilder['addResource']>[0], presence)),
    addBucket: (init: Init) =>
      builder.addBucket(marked(init as Parameters<ModelBuilder['addBucket']>[0], presence)),
    addIdentityProvider: (init: Init) =>
      builder.addIdentityProvider(
        marked(init as Parameters<ModelBuilder['addIdentityProvider']>[0], presence),
      ),
    addManagedPolicy: (init: Init) =>
      builder.addManagedPolicy(marked(init as Parameters<ModelBuilder['addManagedPolicy']>[0], presence)),
    addInlinePolicy: (id: string, p: Parameters<ModelBuilder['addInlinePolicy']>[1]) =>
      builder.addInlinePolicy(id, { ...p, presence: bothPresent(p.presence, presence) }),
    attachManagedPolicy: (id: string, a: Parameters<ModelBuilder['attachManagedPolicy']>[1]) =>
      builder.attachManagedPolicy(id, { ...a, presence: bothPresent(a.presence, presence) }),
    setPermissionsBoundary: (id: string, a: Parameters<ModelBuilder['setPermissionsBoundary']>[1]) =>
      builder.setPermissionsBoundary(id, { ...a, presence: bothPresent(a.presence, presence) }),
    addUserToGroup: (...args: Parameters<ModelBuilder['addUserToGroup']>) =>
      builder.addUserToGroup(args[0], args[1], args[2], bothPresent(args[3], presence)),
    addResourcePolicy: (id: string, doc: PolicyDocument) =>
      builder.addResourcePolicy(id, markedDocument(doc, presence)),
    // A policy that might not exist does not replace the one in place: both are kept.
    replaceResourcePolicy: (id: string, doc: PolicyDocument | undefined) =>
      doc ? builder.addResourcePolicy(id, markedDocument(doc, presence)) : builder,
    setTrustPolicy: (id: string, doc: PolicyDocument) =>
      builder.setTrustPolicy(id, markedDocument(doc, presence)),
    addScp: (account: string, doc: PolicyDocument, level?: Maybe<string>) =>
      builder.addScp(account, markedDocument(doc, presence), level),
    addRcp: (account: string, doc: PolicyDocument, level?: Maybe<string>) =>
      builder.addRcp(account, markedDocument(doc, presence), level),
    attachToUnknownResource: (init: Parameters<ModelBuilder['attachToUnknownResource']>[0]) =>
      builder.attachToUnknownResource({
        ...init,
        ...(init.policy ? { policy: markedDocument(init.policy, presence) } : {}),
        ...(init.functionUrl
          ? {
              functionUrl: {
                ...init.functionUrl,
                presence: bothPresent(init.functionUrl.presence, presence),
              },
            }
          : {}),
      }),
    attachToUnknownPrincipal: (init: Parameters<ModelBuilder['attachToUnknownPrincipal']>[0]) => {
      const policy =
        'inline' in init.policy
          ? {
              inline: { ...init.policy.inline, presence: bothPresent(init.policy.inline.presence, presence) },
            }
          : {
              managed: {
                ...init.policy.managed,
                presence: bothPresent(init.policy.managed.presence, presence),
              },
            };
      return builder.attachToUnknownPrincipal({ ...init, policy });
    },
  };
  return new Proxy(builder, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(wrap, prop)) return wrap[prop as keyof ModelBuilder];
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
