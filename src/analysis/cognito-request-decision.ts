// A Cognito identity's request for a role (sts:AssumeRoleWithWebIdentity with a token of an
// identity pool of the inputs) decided as the pool's flow lets it happen: the engine decides the
// role's trust policy only; whether the pool hands the role to its guests or signed-in users at
// all is src/aws/cognito-identity-pools.ts's (`requestPoolReach`). This module joins the two for
// the spec's can / cannot checks (spec/expected-access.ts), so that they agree with the review's entry points (analysis/federated-trust.ts): a pool that cannot hand
// the role denies, one that may is indeterminate with the reason, one that does leaves the trust
// decision as it is.

import { describePool, requestPoolReach } from '../aws/cognito-identity-pools.js';
import type { Request, TraceEntry } from '../engine/types.js';
import type { Model } from '../model/types.js';
import type { FreeDecision } from './types.js';

/** `free` (the trust policy's decision of `request`) as the pool's flow lets the request happen. */
export function withPoolReach(model: Model, request: Request, free: FreeDecision): FreeDecision {
  if (free.access === 'deny') return free;
  const reach = requestPoolReach(model, request);
  if (!reach || reach.reach === 'yes') return free;
  const trace = free.decision.trace;
  if (reach.reach === 'no') {
    const entry: TraceEntry = {
      stage: 'trust',
      message: `${describePool(reach.pool)} does not hand this role to the caller: ${reach.why}`,
      source: reach.pool.source,
    };
    return {
      access: 'deny',
      conditions: [],
      grants: [],
      decision: { decision: 'deny', reason: 'implicit-deny', ...(trace ? { trace: [...trace, entry] } : {}) },
      external: free.external,
    };
  }
  const text = `${describePool(reach.pool)} may hand this role to the caller: ${reach.why}`;
  const entry: TraceEntry = {
    stage: 'trust',
    message: text,
    outcome: 'unknown',
    kind: 'unknown-value',
    source: reach.pool.source,
    cause: { reason: reach.why, source: reach.pool.source },
  };
  return {
    ...free,
    access: 'indeterminate',
    conditions: [],
    decision: {
      decision: 'indeterminate',
      reason: 'unknown-value',
      ...(trace ? { trace: [...trace, entry] } : {}),
    },
    reasons: [
      ...(free.reasons ?? []),
      { kind: 'unknown-value', text, stage: 'trust', source: reach.pool.source },
    ],
  };
}
