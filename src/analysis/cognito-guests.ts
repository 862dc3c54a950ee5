// Amazon Cognito identity pools in the review of federated trusts (analysis/federated-trust.ts):
// for a trust of `cognito-identity.amazonaws.com` that admits unauthenticated tokens, who those
// guests are (anonymous internet users, when the pool it names allows them and its flow hands them
// the role: src/aws/cognito-identity-pools.ts `guestReach`) and what they keep of what the role
// grants (its principal side as `decide` gathers it, `Engine.principalSideOf`: identity policies,
// permissions boundary, Cognito's scope-down as the session policy), and the callers of each
// identity pool of the inputs (its guests, its signed-in users) as entry points of the listing.

import {
  AUTHENTICATED,
  COGNITO_AMR,
  COGNITO_AUD,
  COGNITO_PRINCIPAL,
  describePool,
  guestReach,
  guestSessionPolicy,
  poolOfId,
  UNAUTHENTICATED,
} from '../aws/cognito-identity-pools.js';
import { GUEST_SESSION_POLICY_ARN } from '../aws/cognito-guest-session-policy.js';
import type { CompiledPolicy } from '../engine/compile-policy.js';
import type { Engine } from '../engine/engine.js';
import type { PrincipalSidePolicies } from '../engine/request-policies.js';
import type { RequestContext } from '../engine/types.js';
import { patternTokens, regionWitnesses } from './glob-witness.js';
import type { CognitoIdentityPool, Model, Role } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import type { MatrixReason, RiskFinding } from './types.js';

/** What a trust statement leaves open (one clause of a weak-federated-trust finding). */
export interface Weakness {
  severity: RiskFinding['severity'];
  text: string;
  /** Set when the weakness depends on a value the inputs do not pin down. */
  reason?: MatrixReason;
}

const OLD_GUESTS = `no ${COGNITO_AMR} condition limiting it to authenticated identities: unauthenticated (guest) identities too`;

const SCOPED_NONE = `but Cognito's scope-down of enhanced-flow guests (${GUEST_SESSION_POLICY_ARN.split('/').pop()}) allows none of the actions the role's policies grant`;
const SCOPED_SOME = `their credentials are limited to what the role grants within Cognito's scope-down of enhanced-flow guests (${GUEST_SESSION_POLICY_ARN.split('/').pop()})`;
const BOUNDED_NONE = "but the role's permissions boundary allows none of the actions its policies grant";

/** Do action patterns (`*`/`?` globs, lower-cased) have an action in common (an incomplete search: maybe)? */
function actionsOverlap(patterns: readonly string[]): boolean {
  const r = regionWitnesses(patterns.map(patternTokens));
  return !r.complete || r.regions.some((x) => x.matches.every(Boolean));
}

/**
 * The action patterns (lower-cased) a policy's statements may allow; undefined: any action (a
 * policy, statement or action not known, a NotAction). A Deny and a Condition limit nothing here
 * (they may not apply): the answer errs on the side of "may allow".
 */
function mayAllowPatterns(pol: CompiledPolicy): string[] | undefined {
  if (pol.unknown) return undefined;
  const out: string[] = [];
  for (const st of pol.statements) {
    if (st.effect === 'Deny') continue;
    const action = st.statement.action;
    if (st.unknown || st.statement.notAction || !action) return undefined;
    for (const v of action.values) {
      if (isUnknown(v)) return undefined;
      out.push(v.toLowerCase());
    }
  }
  return [...new Set(out)];
}

/** The patterns of every identity-based policy of the side together (undefined: any action). */
function identityPatterns(side: PrincipalSidePolicies): string[] | undefined {
  const out: string[] = [];
  for (const pol of side.identity?.policies ?? []) {
    const own = mayAllowPatterns(pol);
    if (!own) return undefined;
    out.push(...own);
  }
  return [...new Set(out)];
}

/** A cap of the side (its boundary, its session policy) as patterns; undefined: no cap (or one that might not exist). */
function capPatterns(cap: CompiledPolicy | undefined): string[] | undefined {
  if (!cap || cap.presence) return undefined;
  return mayAllowPatterns(cap);
}

/** Is there an action each list has a pattern for (an undefined list: any action)? */
function someActionInAll(lists: readonly (readonly string[] | undefined)[]): boolean {
  const known = lists.filter((l): l is readonly string[] => l !== undefined);
  if (known.some((l) => l.length === 0)) return false;
  const pick = (i: number, chosen: readonly string[]): boolean => {
    if (i === known.length) return chosen.length < 3 || actionsOverlap(chosen);
    for (const pattern of known[i]!) {
      // two patterns at a time first: most combinations fail on a pair
      if (chosen.length && !actionsOverlap([chosen[chosen.length - 1]!, pattern])) continue;
      if (pick(i + 1, [...chosen, pattern])) return true;
    }
    return false;
  };
  return pick(0, []);
}

/**
 * Does a resource-based policy of the model name a session of `role` (its assumed-role session
 * ARN, in any letter case: it may name the role, engine/compile-policy.ts `caseVariantOf`; or a
 * principal value not known)? IAM User Guide, "Session policies": "Permissions for a
 * resource-based policy that specifies the ARN of the session are not limited by session policy."
 */
function namedBySession(model: Model, role: Role): boolean {
  const session = `:assumed-role/${role.name}/`.toLowerCase();
  return model.resources.some((r) =>
    r.policy?.statements.some((st) =>
      (st.principal?.aws?.values ?? []).some((v) => isUnknown(v) || v.toLowerCase().includes(session)),
    ),
  );
}

/** What the guests of a pool may keep of what `role` grants. */
interface GuestAccess {
  /** Its sessions may be allowed some action (by its own policies within its boundary, or a resource policy). */
  grants: boolean;
  /** Its policies allow something, but its permissions boundary allows none of it. */
  boundaryCuts: boolean;
  /** With Cognito's scope-down (when given): the guests' sessions may still be allowed some action. */
  scopedLeaves: boolean;
}

/**
 * What a session of `role` may be allowed: its principal side as `decide` gathers it
 * (`Engine.principalSideOf`: identity-based policies, permissions boundary, and the session policy
 * given, Cognito's scope-down of enhanced-flow guests), and the resource policies naming its
 * sessions. IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions
 * boundary allows it to perform only the actions that are allowed by both its identity-based
 * policies and its permissions boundaries."; "Session policies": "The resulting session's
 * permissions are the intersection of the identity-based policy of the IAM entity used to create
 * the session and the session policies." Nothing is allowed only when every policy of the side is
 * known and no action is allowed by all of them, and no resource policy names a session of the role.
 */
function guestAccess(engine: Engine, role: Role, scopeDown: unknown): GuestAccess {
  const side = engine.principalSideOf(role, scopeDown);
  const identity = identityPatterns(side);
  const boundary = capPatterns(side.boundary);
  const named = namedBySession(engine.model, role);
  const grants = named || someActionInAll([identity, boundary]);
  return {
    grants,
    boundaryCuts: !grants && someActionInAll([identity]),
    scopedLeaves:
      scopeDown !== undefined && (named || someActionInAll([identity, boundary, capPatterns(side.session)])),
  };
}

/**
 * The guest weaknesses of a trust statement of `role` that admits Cognito's `unauthenticated`
 * amr, given the identity pool ids its `aud` condition allows (`auds`, undefined when it has
 * none: any pool, said by the aud weakness).
 */
export function guestWeaknesses(
  engine: Engine,
  role: Role,
  auds: readonly Maybe<string>[] | undefined,
): Weakness[] {
  if (!auds) return [{ severity: 'medium', text: OLD_GUESTS }];
  const model = engine.model;
  const out: Weakness[] = [];
  for (const aud of auds) {
    if (isUnknown(aud)) {
      const text = `a ${COGNITO_AUD} condition naming an identity pool that is not known (${aud.reason}) and ${COGNITO_AMR} admitting unauthenticated identities: if that pool allows them, anonymous internet users can assume it`;
      out.push({
        severity: 'medium',
        text,
        reason: {
          kind: 'unknown-value',
          text,
          stage: 'trust',
          ...(aud.source ? { source: aud.source } : {}),
        },
      });
      continue;
    }
    const pool = poolOfId(model, aud);
    if (!pool) {
      out.push({
        severity: 'medium',
        text: `${OLD_GUESTS} (identity pool ${aud} is not in the inputs: whether it allows unauthenticated identities is not known)`,
      });
      continue;
    }
    const { reach, why } = guestReach(model, pool, role.arn);
    if (reach === 'no') continue;
    const who = `${COGNITO_AMR} admitting unauthenticated identities: anonymous internet users (guests of ${describePool(pool)})`;
    // the enhanced flow (the pool's only flow when its classic flow is off) scopes them down
    const scopeDown = guestSessionPolicy(model, COGNITO_PRINCIPAL, {
      [COGNITO_AUD]: pool.id,
      [COGNITO_AMR]: [UNAUTHENTICATED],
    });
    if (reach === 'yes') {
      const access = guestAccess(engine, role, scopeDown);
      const kept = scopeDown !== undefined && !access.scopedLeaves;
      const note = access.boundaryCuts
        ? `; ${BOUNDED_NONE}`
        : kept
          ? `; ${SCOPED_NONE}`
          : scopeDown
            ? `; ${SCOPED_SOME}`
            : '';
      out.push({
        severity: kept ? 'low' : access.grants ? 'high' : 'medium',
        text: `${who} can assume it, as the pool allows unauthenticated identities and ${why}${note}`,
      });
    } else {
      const text = `${who} may assume it: ${why}`;
      out.push({
        severity: 'medium',
        text,
        reason: { kind: 'unknown-value', text, stage: 'trust', source: pool.source },
      });
    }
  }
  return out;
}

/** One kind of caller of an identity pool of the inputs: its guests, or its signed-in users. */
export interface PoolCaller {
  pool: CognitoIdentityPool;
  label: string;
  /** The claims the engine decides the caller with (the others stay free). */
  context: RequestContext;
  guest: boolean;
}

/**
 * The callers of the identity pools of the inputs: the guests of each pool that may allow them
 * (`amr` = `unauthenticated`), and its signed-in users (`amr` holding `authenticated` and the
 * providers', which stay free), named by the pool's providers.
 */
export function poolCallers(model: Model): PoolCaller[] {
  const out: PoolCaller[] = [];
  for (const pool of model.cognitoIdentityPools ?? []) {
    if (pool.allowUnauthenticated !== false)
      out.push({
        pool,
        label: `anonymous internet users (guests of ${describePool(pool)})`,
        context: { [COGNITO_AUD]: pool.id, [COGNITO_AMR]: [UNAUTHENTICATED] },
        guest: true,
      });
    const providers = pool.providers.map((p) => (isUnknown(p) ? 'a provider not known from the inputs' : p));
    out.push({
      pool,
      label: `users of ${describePool(pool)} signed in through ${providers.length ? providers.join(', ') : 'no provider the inputs name'}`,
      context: { [COGNITO_AUD]: pool.id, [COGNITO_AMR]: [AUTHENTICATED] },
      guest: false,
    });
  }
  return out;
}
