// A Cognito identity's request for a role (sts:AssumeRoleWithWebIdentity with a token of an
// identity pool of the inputs) decided as the pool's flow lets it happen: the engine decides the
// role's trust policy only; whether the pool hands the role to its guests or signed-in users at
// all is src/aws/cognito-identity-pools.ts's (`requestPoolReach`). This module joins the two for
// the front ends that decide one request (eval and explain through requests/decide.ts, the
// spec's can / cannot through spec/expected-access.ts), so that they agree with the review's
// entry points (analysis/federated-trust.ts): a pool that cannot hand the role denies, one that
// may is indeterminate with the reason, one that does leaves the trust decision as it is.

import { describePool, type PoolRequestReach, requestPoolReach } from '../aws/cognito-identity-pools.js';
import type { Decision, Request, TraceEntry } from '../engine/types.js';
import type { Model } from '../model/types.js';

/**
 * What the pool's flow makes of a decision that is not a deny (undefined: nothing), with the
 * reach and its words for the reasons of a free-context decision (spec/expected-access.ts).
 */
export function joinedPoolReach(
  model: Model,
  request: Request,
  d: Decision,
): { decision: Decision; reach: PoolRequestReach; text: string } | undefined {
  if (d.decision === 'deny') return undefined;
  const reach = requestPoolReach(model, request);
  if (!reach || reach.reach === 'yes') return undefined;
  const pool = describePool(reach.pool);
  const source = reach.pool.source;
  if (reach.reach === 'no') {
    const text = `${pool} does not hand this role to the caller: ${reach.why}`;
    const entry: TraceEntry = { stage: 'trust', message: text, source };
    const trace = d.trace ? { trace: [...d.trace, entry] } : {};
    return { decision: { decision: 'deny', reason: 'implicit-deny', ...trace }, reach, text };
  }
  const text = `${pool} may hand this role to the caller: ${reach.why}`;
  const entry: TraceEntry = {
    stage: 'trust',
    message: text,
    outcome: 'unknown',
    kind: 'unknown-value',
    source,
    cause: { reason: reach.why, source },
  };
  const trace = d.trace ? { trace: [...d.trace, entry] } : {};
  return { decision: { decision: 'indeterminate', reason: 'unknown-value', ...trace }, reach, text };
}

/** `d` (the engine's decision of `request`) as the pool's flow lets the request happen. */
export function withPoolReachDecision(model: Model, request: Request, d: Decision): Decision {
  return joinedPoolReach(model, request, d)?.decision ?? d;
}
