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
import type { RequestContext } from '../engine/types.js';
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
    if (reach === 'yes')
      out.push({
        severity: grantsSomething(model, role) ? 'high' : 'medium',
        text: `${who} can assume it, as the pool allows unauthenticated identities and ${why}`,
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
