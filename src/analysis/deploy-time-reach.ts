// The role-chain reach the deploy-time bounds follow (model/role-reach.ts): the roles a role may
// become by chains of sts:AssumeRole, each hop decided by the engine as every role chain is
// (analysis/chains.ts `assumableInOneHop`, the hop `assumableRoles` decides; a hop not denied
// counts, an indeterminate one too), over the model recorded when the bounds are decided
// (`ModelBuilder.provisionalModel`). Given to every builder the loaders and the CDK / CDKTF helpers
// make (`ModelBuilder` option `roleReach`).
// Incremental over the rounds of the fixpoint (aws/function-role-changes.ts `decideRuns`): a round's
// model differs from the last one's only in the trust policies the deploy-time code may rewrite,
// and a hop's decision reads the caller's side and the trust of the role it assumes, so the hops
// a round decided into a role whose trust is unchanged are kept; only those into the roles whose
// trust changed are decided again (a model with other principals is decided afresh).

import { compileModel } from '../engine/index.js';
import type { ReachOf, RoleReach } from '../model/role-reach.js';
import type { Model, Role } from '../model/types.js';
import { assumableInOneHop } from './chains.js';

/** What a reach decided over its model: the hops out of each role looked at, by role ARN. */
interface DecidedHops {
  model: Model;
  /** The roles of the model by ARN (their trust policies are compared with the next round's). */
  roles: Map<string, Role>;
  /** Role ARN → the roles it may become in one hop (decided on first use). */
  hops: Map<string, readonly string[]>;
}

const decided = new WeakMap<ReachOf, DecidedHops>();

export const deployTimeRoleReach: RoleReach = (model, earlier) => {
  const roles = new Map(model.roles.map((r) => [r.arn, r]));
  const before = earlier && decided.get(earlier);
  const changed = before && trustChanged(before, model, roles);
  const order = new Map(model.roles.map((r, i) => [r.arn, i]));
  let engine: ReturnType<typeof compileModel> | undefined;
  const hops = new Map<string, readonly string[]>();
  const hopsFrom = (from: string): readonly string[] => {
    let out = hops.get(from);
    if (out) return out;
    const kept = changed && before.hops.get(from);
    engine ??= compileModel(model);
    if (kept) {
      // the earlier hops into unchanged roles, and those into the changed roles decided again
      const again = assumableInOneHop(engine, from, {}, changed);
      out = [...kept.filter((r) => !changed.has(r)), ...again].sort((a, b) => order.get(a)! - order.get(b)!);
    } else out = assumableInOneHop(engine, from);
    hops.set(from, out);
    return out;
  };
  const cache = new Map<string, readonly string[]>();
  const reach: ReachOf = (roleArn) => {
    let out = cache.get(roleArn);
    if (out) return out;
    // No depth cap: every role the chains may reach bounds the code (a cycle ends a path).
    const reached = new Set<string>();
    const queue = [roleArn];
    for (let at = queue.shift(); at !== undefined; at = queue.shift())
      for (const next of hopsFrom(at))
        if (next !== roleArn && !reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
    out = [...reached].sort((a, b) => order.get(a)! - order.get(b)!);
    cache.set(roleArn, out);
    return out;
  };
  decided.set(reach, { model, roles, hops });
  return reach;
};

/**
 * The ARNs of the roles whose trust policy differs between the earlier model and this one's
 * `roles`; undefined (decide everything afresh) when the two models do not have the same roles,
 * principals and policies.
 */
function trustChanged(before: DecidedHops, model: Model, roles: Map<string, Role>): Set<string> | undefined {
  if (!sameButRoles(before.model, model) || before.roles.size !== roles.size) return undefined;
  const changed = new Set<string>();
  for (const [arn, role] of roles) {
    const old = before.roles.get(arn);
    if (!old) return undefined;
    if (old === role) continue;
    // a role copied with another trust policy (ModelBuilder.provisionalModel): the rest is the same
    if (!sameButTrust(old, role)) return undefined;
    if (JSON.stringify(old.trustPolicy) !== JSON.stringify(role.trustPolicy)) changed.add(arn);
  }
  return changed;
}

/** Whether two role records differ at most in their trust policy. */
function sameButTrust(a: Role, b: Role): boolean {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Role>)
    if (key !== 'trustPolicy' && a[key] !== b[key]) return false;
  return true;
}

/** Whether two models have the same principals, policies, resources and organizations (roles aside). */
function sameButRoles(a: Model, b: Model): boolean {
  if (a.partition !== b.partition) return false;
  const lists = [
    'accounts',
    'users',
    'groups',
    'policies',
    'resources',
    'identityProviders',
    'organizations',
    'unknownTargets',
  ] as const;
  return lists.every((key) => {
    const x: readonly unknown[] = a[key];
    const y: readonly unknown[] = b[key];
    // an element copied (an organization's SCPs completed again) is compared by content
    return (
      x.length === y.length && x.every((e, i) => e === y[i] || JSON.stringify(e) === JSON.stringify(y[i]))
    );
  });
}
