// Whether what a new principal of one's own may be given is pinned to policies that give nothing
// the creator lacks (analysis/escalation-new-principal.ts): a permissions boundary forced by
// `iam:PermissionsBoundary`, or the policies `iam:PolicyARN` limits attaching to. Owns
// `pinnedKeyValues`, `harmlessChoice` and `selfBoundaryContexts` (a boundary one sets on oneself,
// decided with the key set to the boundaries the policies pin).
//
// - Pinned: every identity Allow of the creator that may match the request names the key with
//   `StringEquals` / `ArnEquals` (no IfExists, no set operator) on known values without wildcards
//   or variables; IAM users, roles and groups have no resource-based policy, so no other statement
//   may allow it. Otherwise the values are not pinned (undefined).
// - Harmless: each pinned ARN is a managed policy attached to the creator (itself or a group it
//   is surely in) whose statements have no condition and no policy variable in their Resource
//   (they grant every principal the same), the creator has no permissions boundary and no Deny
//   statement of its own (which would take from it what the new principal keeps): then the new
//   principal's permissions (its policies capped by the boundary, or the attached policies) are
//   a part of the creator's, whatever its name and tags. "A permissions boundary is
//   an advanced feature for using a managed policy to set the maximum permissions that an
//   identity-based policy can grant to an IAM entity" (IAM User Guide, "Permissions boundaries
//   for IAM entities").

import type { Engine } from '../engine/engine.js';
import { NO } from '../engine/tri.js';
import type { RequestContext } from '../engine/types.js';
import { allowsCoveredBy, managedDocument } from './escalation-gain.js';
import type { Role, User } from '../model/types.js';
import type { Statement } from '../policy/types.js';
import { isUnknown } from '../model/unknown.js';

const PINNING_OPERATORS = new Set(['StringEquals', 'ArnEquals']);

/**
 * The values of condition key `key` every identity Allow of `p` that may match `action` pins
 * (see the module comment), or undefined when some such statement does not pin it.
 */
export function pinnedKeyValues(
  engine: Engine,
  p: User | Role,
  action: string,
  key: string,
): string[] | undefined {
  // Its identity policies as `decide` gathers them (Engine.principalSideOf).
  const identity = engine.principalSideOf(p).identity!;
  if (identity.unknownPolicies.length) return undefined;
  const lower = action.toLowerCase();
  const own = identity.byService.get(lower.slice(0, lower.indexOf(':'))) ?? [];
  const out = new Set<string>();
  for (const { statement: st } of [...own, ...identity.anyService]) {
    if (st.effect === 'Deny' || st.matchAction(lower) === NO) continue;
    if (st.unknown) return undefined;
    const clauses = st.statement.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase());
    const pins = clauses.filter(
      (c) =>
        c.base &&
        PINNING_OPERATORS.has(c.base) &&
        !c.ifExists &&
        !c.set &&
        c.values.every((v) => typeof v === 'string' && !/[*?]|\$\{/.test(v)),
    );
    if (!pins.length) return undefined;
    // Several clauses on the key must all hold: the values of any one bound them.
    for (const v of pins[0]!.values) out.add(v as string);
  }
  return [...out];
}

/**
 * The request contexts under which `p` rewriting its own permissions boundary by `action`
 * (iam:PutUserPermissionsBoundary / PutRolePermissionsBoundary / DeleteUserPermissionsBoundary /
 * DeleteRolePermissionsBoundary) is decided, each an alternative; none when every boundary it may
 * set is harmless. "iam:PermissionsBoundary ... Filters access if the specified policy is set as
 * the permissions boundary on the IAM entity (user or role)" (Service Authorization Reference,
 * IAM condition keys): on a Delete the entity's boundary is its current one (the key is set to
 * it, when known); on a Put it is the one the request sets. A Put whose every identity Allow pins
 * the key (`pinnedKeyValues`) to boundaries within the current one (the same ARN, or one whose
 * every Allow an unconditional Allow of the current boundary covers: escalation-gain.ts
 * `allowsCoveredBy`) sets nothing wider: no escalation. Otherwise the key is set to each pinned
 * boundary that may be wider, or left free when it is not pinned (`undefined`).
 */
export function selfBoundaryContexts(
  engine: Engine,
  p: User | Role,
  action: string,
): (RequestContext | undefined)[] {
  const current = p.permissionsBoundary?.policyArn;
  const known = typeof current === 'string' && !isUnknown(current) ? current : undefined;
  if (/^iam:Delete(User|Role)PermissionsBoundary$/i.test(action))
    return [known ? { 'iam:PermissionsBoundary': known } : undefined];
  const pinned = pinnedKeyValues(engine, p, action, 'iam:PermissionsBoundary');
  if (!pinned) return [undefined];
  const currentDoc = known ? managedDocument(engine.model, known) : undefined;
  const within = (arn: string) => {
    if (arn === known) return true;
    const doc = managedDocument(engine.model, arn);
    return !!doc && !!currentDoc && allowsCoveredBy(doc, [currentDoc]);
  };
  return pinned.filter((v) => !within(v)).map((v) => ({ 'iam:PermissionsBoundary': v }));
}

/** Whether the policies `arns` give nothing `creator` lacks (see the module comment). */
export function harmlessChoice(engine: Engine, creator: User | Role, arns: readonly string[]): boolean {
  // Its principal side as `decide` gathers it (Engine.principalSideOf): a boundary caps what it gains.
  const side = engine.principalSideOf(creator);
  if (!arns.length || side.boundary) return false;
  const identity = side.identity!;
  if (identity.unknownPolicies.length) return false;
  // A Deny of its own takes from the creator what the new principal would keep.
  const allowsOnly = identity.policies.every((pol) =>
    pol.statements.every((st) => !st.unknown && st.statement.effect === 'Allow'),
  );
  if (!allowsOnly) return false;
  return arns.every((arn) => {
    // The creator's own attachment of it (compiled as `NAME (ARN)`), surely there.
    const held = identity.policies.filter((pol) => pol.name.endsWith(`(${arn})`) && !pol.presence);
    return (
      held.length > 0 && held.every((pol) => pol.statements.every((st) => samePerPrincipal(st.statement)))
    );
  });
}

/** A known statement that grants the same to every principal: no condition, no variable, surely there. */
function samePerPrincipal(s: Statement): boolean {
  if (s.unknown || s.presence || s.conditions.length) return false;
  return [...(s.resource?.values ?? []), ...(s.notResource?.values ?? [])].every(
    (v) => !isUnknown(v) && typeof v === 'string' && !v.includes('${'),
  );
}
