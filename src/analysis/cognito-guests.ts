// Amazon Cognito identity pools in the review of federated trusts (analysis/federated-trust.ts):
// for a trust of `cognito-identity.amazonaws.com` that admits unauthenticated tokens, who those
// guests are (anonymous internet users, when the pool it names allows them and its flow hands them
// the role: src/aws/cognito-identity-pools.ts `guestReach`), and the callers of each identity pool
// of the inputs (its guests, its signed-in users) as entry points of the listing.

import {
  AUTHENTICATED,
  COGNITO_AMR,
  COGNITO_AUD,
  describePool,
  guestReach,
  poolOfId,
  UNAUTHENTICATED,
} from '../aws/cognito-identity-pools.js';
import { GUEST_SESSION_POLICY_ARN, mayPassScopeDown } from '../aws/cognito-guest-session-policy.js';
import { getAwsManagedPolicy } from '../catalog/managed-policies.js';
import type { RequestContext } from '../engine/types.js';
import type { PolicyDocument } from '../policy/types.js';
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

/**
 * A role grants something worth guarding when a permission policy may apply to it (an inline or
 * managed policy, or a policy attached to a role the inputs do not pin down). A role with none
 * gives its sessions nothing.
 */
function grantsSomething(model: Model, role: Role): boolean {
  return (
    role.inlinePolicies.length > 0 ||
    role.managedPolicies.length > 0 ||
    model.unknownTargets.some((t) => t.kind === 'role' && t.account === role.account)
  );
}

const SCOPED_NONE = `but Cognito's scope-down of enhanced-flow guests (${GUEST_SESSION_POLICY_ARN.split('/').pop()}) allows none of the actions the role's policies grant`;
const SCOPED_SOME = `their credentials are limited to what the role grants within Cognito's scope-down of enhanced-flow guests (${GUEST_SESSION_POLICY_ARN.split('/').pop()})`;

/** Do two action patterns (`*`/`?` globs) have an action in common (an incomplete search: maybe)? */
function actionsOverlap(a: string, b: string): boolean {
  const r = regionWitnesses([patternTokens(a), patternTokens(b)]);
  return !r.complete || r.regions.some((x) => x.matches[0] && x.matches[1]);
}

/** The Allow statements of a policy document as action lists (undefined: not all known). */
function allowedActions(doc: PolicyDocument): (string | undefined)[] | undefined {
  if (doc.unknown) return undefined;
  const out: (string | undefined)[] = [];
  for (const st of doc.statements) {
    if (st.effect === 'Deny') continue;
    if (st.unknown || st.effect !== 'Allow' || st.notAction || !st.action) return undefined;
    out.push(...st.action.values.map((v) => (isUnknown(v) ? undefined : v)));
  }
  return out;
}

/** The Allow actions of an AWS managed policy's document as the catalog holds it. */
function managedActions(arn: string): (string | undefined)[] | undefined {
  const doc = getAwsManagedPolicy(arn)?.document as
    | { Statement?: { Effect?: string; Action?: string | string[]; NotAction?: unknown }[] }
    | undefined;
  if (!doc?.Statement) return undefined;
  const out: string[] = [];
  for (const st of doc.Statement) {
    if (st.Effect === 'Deny') continue;
    if (st.NotAction !== undefined || st.Action === undefined) return undefined;
    out.push(...(Array.isArray(st.Action) ? st.Action : [st.Action]));
  }
  return out;
}

/**
 * May the role's session, scoped down by Cognito's enhanced-flow session policy, still be allowed
 * something? A session policy limits the identity-based policies of the role and resource-based
 * policies naming the role (IAM User Guide, "Session policies": "The resulting session's
 * permissions are the intersection of the identity-based policy of the IAM entity used to create
 * the session and the session policies." and "Permissions for a resource-based policy that
 * specifies the ARN of the session are not limited by session policy."). False only when every
 * policy of the role is known and none allows an action of the scope-down, and no resource
 * policy of the model names a session of the role.
 */
function scopeDownMayLeave(model: Model, role: Role): boolean {
  if (model.unknownTargets.some((t) => t.kind === 'role' && t.account === role.account)) return true;
  const lists = [
    ...role.inlinePolicies.map((p) => allowedActions(p.document)),
    ...role.managedPolicies.map((a) => {
      if (isUnknown(a.policyArn)) return undefined;
      const own = model.policies.find((p) => p.arn === a.policyArn);
      return own ? allowedActions(own.document) : managedActions(a.policyArn);
    }),
  ];
  if (lists.some((l) => !l || l.some((a) => a === undefined || mayPassScopeDown(a, actionsOverlap))))
    return true;
  const session = `:assumed-role/${role.name}/`;
  return model.resources.some((r) =>
    r.policy?.statements.some((st) =>
      (st.principal?.aws?.values ?? []).some((v) => isUnknown(v) || v.includes(session)),
    ),
  );
}

/**
 * The guest weaknesses of a trust statement of `role` that admits Cognito's `unauthenticated`
 * amr, given the identity pool ids its `aud` condition allows (`auds`, undefined when it has
 * none: any pool, said by the aud weakness).
 */
export function guestWeaknesses(
  model: Model,
  role: Role,
  auds: readonly Maybe<string>[] | undefined,
): Weakness[] {
  if (!auds) return [{ severity: 'medium', text: OLD_GUESTS }];
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
    const scoped = pool.allowClassicFlow === false;
    const kept = scoped && !scopeDownMayLeave(model, role);
    if (reach === 'yes')
      out.push({
        severity: kept ? 'low' : grantsSomething(model, role) ? 'high' : 'medium',
        text: `${who} can assume it, as the pool allows unauthenticated identities and ${why}${
          kept ? `; ${SCOPED_NONE}` : scoped ? `; ${SCOPED_SOME}` : ''
        }`,
      });
    else {
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
