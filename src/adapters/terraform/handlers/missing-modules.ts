// Module calls whose module is not in the inputs (a registry or git module before `terraform
// init`, a local directory that is not there): everything the module could create or grant is
// unknown, and stays in the model as unknown rather than absent. For each instance of such a
// call that might exist:
// - a stand-in role and a stand-in user (`(unknown)module.NAME`, model/unloaded-deployment.ts), maybe-present, with an
//   unknown trust policy and unknown identity policies, stand for the principals the module may
//   create: who can reach a resource of the account (onlyPrincipals, who-can) is indeterminate;
// - every principal the call's arguments refer to (a role name passed in) may get policies from
//   the module: an unknown policy, maybe-present, is attached to it;
// - every resource the arguments refer to (a bucket ARN passed in) may get a resource policy
//   statement from the module: an unknown statement, maybe-present, is added to its policy.
// Principals and resources the call does not refer to are unaffected, so a `cannot` about one
// of them keeps its verdict: the soundest option that does not make every check indeterminate.

import type { Source } from '../../../model/source.js';
import {
  addUnloadedDeploymentGrants,
  addUnloadedDeploymentPrincipals,
} from '../../../model/unloaded-deployment.js';
import { Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { ModuleInstance } from '../config/world.js';
import { ReferencesTooDeep, referencedInstances } from '../config/world.js';
import { andPresence } from '../eval/branches.js';
import { bodyAttrs } from '../hcl/ast.js';
import type { TfLoadState } from './context.js';

function callSource(mi: ModuleInstance, name: string): Source {
  const call = mi.config.moduleCalls.get(name)!;
  const s: Source = { file: call.at.file, address: `${mi.address ? `${mi.address}.` : ''}module.${name}` };
  if (call.at.pos) {
    s.line = call.at.pos.line;
    s.column = call.at.pos.column;
  }
  return s;
}

/** Models what the not-loaded module calls of every module instance might create or grant. */
export function modelMissingModules(ctx: TfLoadState, modules: ModuleInstance[]): void {
  for (const mi of modules) {
    for (const call of mi.config.moduleCalls.values()) {
      if (call.module || !call.missing) continue;
      const set = mi.callExpansion(call);
      if (!set.list.length) continue; // count = 0, for_each = {}: no instance
      const source = callSource(mi, call.name);
      const address = source.address!;
      const reason = new Unknown(`${call.missing}, so what it creates and grants is unknown`, source);
      const instancePresence = andPresence(mi.presence, set.list.find((e) => e.presence)?.presence);
      const maybe = andPresence(instancePresence, reason)!;
      const unknownDoc = (kind: 'identity' | 'trust' | 'resource') =>
        parsePolicy(new Unknown(reason.reason, source), { kind, source });

      // principals the module may create
      addUnloadedDeploymentPrincipals(ctx.builder, {
        account: ctx.env.account,
        hint: address,
        reason: call.missing,
        source,
        presence: instancePresence,
      });

      // principals and resources passed to it
      const refs = new Set<string>();
      try {
        for (const arg of bodyAttrs(call.body).values()) {
          for (const e of set.list) for (const a of referencedInstances(mi, arg.expr, e.key, 0)) refs.add(a);
        }
      } catch (err) {
        if (!(err instanceof ReferencesTooDeep)) throw err;
        // which principals it is passed is unknown: it may attach policies to any of them
        ctx.finding({
          code: 'tf/reference-too-deep',
          severity: 'warning',
          message: `${address}: the ${err.message} from its arguments and are not followed; the principals it may attach policies to are unknown`,
          source,
        });
        for (const kind of ['user', 'group', 'role'] as const) {
          ctx.builder.attachToUnknownPrincipal({
            kind,
            account: ctx.env.account,
            policy: {
              inline: {
                name: `(unknown) policies ${address} may attach`,
                document: unknownDoc('identity'),
                source,
                presence: maybe,
              },
            },
            reason,
            hint: address,
            source,
          });
        }
      }
      addUnloadedDeploymentGrants(ctx.builder, {
        ids: [...refs].flatMap((a) => {
          const el = ctx.byAddress.get(a);
          return el ? [el.id] : [];
        }),
        hint: address,
        reason: call.missing,
        source,
        presence: instancePresence,
      });
    }
  }
}
