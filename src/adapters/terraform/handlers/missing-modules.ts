// Module calls whose module is not in the inputs (a registry or git module before `terraform
// init`, a local directory that is not there): everything the module could create or grant is
// unknown, and stays in the model as unknown rather than absent. For each instance of such a
// call that might exist:
// - a stand-in role and a stand-in user (`(unknown)module.NAME`, model/unloaded-deployment.ts), maybe-present, with an
//   unknown trust policy and unknown identity policies, stand for the principals the module may
//   create: who can reach a resource of the account (onlyPrincipals, who-can) is indeterminate;
// - every principal the call's arguments refer to (a role name passed in) may get policies from
//   the module: an unknown policy, maybe-present, is attached to it; so does every principal
//   an argument's value names (`role_name = "app"`, a variable holding a role's name or ARN):
//   a module attaches by name as readily as by reference;
// - every resource the arguments refer to (a bucket ARN passed in), or whose ARN an argument's
//   value is, may get a resource policy statement from the module: an unknown statement,
//   maybe-present, is added to its policy.
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
import { Alternatives, andPresence } from '../eval/branches.js';
import { evaluate } from '../eval/evaluator.js';
import { PartlyKnownList, PartlyKnownMap } from '../eval/partial-list.js';
import { isObject } from '../eval/values.js';
import { bodyAttrs } from '../hcl/ast.js';
import type { TfLoadState } from './context.js';

/**
 * The principals and resources of the model an argument's value names: each known string in it
 * (in lists, maps, objects and each option of an undecided branch) that is the name or ARN of a
 * user, group or role of the account, or the ARN of a resource.
 */
function elementsNamed(ctx: TfLoadState, value: unknown): string[] {
  const out = new Set<string>();
  const stack: unknown[] = [value];
  // no cut-off: a string left unread could name a principal the module is given
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!v) continue;
      for (const kind of ['user', 'group', 'role'] as const) {
        const id = ctx.findPrincipal(kind, v);
        if (id) out.add(id);
      }
      if (ctx.builder.getResource(v)) out.add(v);
    } else if (v instanceof Alternatives) stack.push(...v.options);
    else if (v instanceof PartlyKnownList) stack.push(...v.elements);
    else if (v instanceof PartlyKnownMap) stack.push(...Object.values(v.entries));
    else if (Array.isArray(v)) stack.push(...v);
    else if (isObject(v)) stack.push(...Object.values(v));
  }
  return [...out];
}

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
      const ids = new Set<string>();
      for (const a of refs) {
        const el = ctx.byAddress.get(a);
        if (el) ids.add(el.id);
      }
      for (const arg of bodyAttrs(call.body).values())
        for (const e of set.list)
          for (const id of elementsNamed(ctx, evaluate(arg.expr, mi.scope(e.vars, call.at.file, address))))
            ids.add(id);
      addUnloadedDeploymentGrants(ctx.builder, {
        ids,
        hint: address,
        reason: call.missing,
        source,
        presence: instancePresence,
      });
    }
  }
}
