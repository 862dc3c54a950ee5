// What `can` and `cannot` of a spec, and `toAllow` and `toDeny` of the matchers, mean: the
// request is allowed (denied) under EVERY request context the check does not pin. Context keys
// the check pins (`context:`, a key pinned absent with null) and keys the model determines
// (principal and resource identity and tags, the clock) are fixed; every other key may take any
// value (analysis/free-decision.ts). So a `cannot` fails when some context allows the request
// (an Allow conditioned on aws:SourceVpce, say), showing the conditions, and a `can` fails when
// some context denies it; pinning the context narrows both to the case it names. A decision that
// depends on a value unknown until deploy is indeterminate: neither passes nor fails. A Cognito
// identity's sts:AssumeRoleWithWebIdentity is decided as its identity pool's flow lets it happen
// (requests/cognito-pool-decision.ts).

import { decideAnyContext } from '../analysis/free-decision.js';
import type { Access, FreeDecision } from '../analysis/types.js';
import type { Engine } from '../engine/engine.js';
import type { Request } from '../engine/types.js';
import type { Model } from '../model/types.js';
import { joinedPoolReach } from '../requests/cognito-pool-decision.js';

/** `allow` for `can` / `toAllow`, `deny` for `cannot` / `toDeny`. */
export type ExpectedAccess = 'allow' | 'deny';

export type ExpectedStatus = 'pass' | 'fail' | 'indeterminate';

/** Whether free-context access meets the expectation (see the module comment). */
export function expectedStatus(expected: ExpectedAccess, access: Access): ExpectedStatus {
  if (access === expected) return 'pass';
  return access === 'indeterminate' ? 'indeterminate' : 'fail';
}

/** Decides `request` under a free context (with its trace) and grades it against the expectation. */
export function checkExpectedAccess(
  engine: Engine,
  request: Request,
  expected: ExpectedAccess,
): { free: FreeDecision; status: ExpectedStatus } {
  // A Cognito identity gets a role only as its identity pool's flow hands it out.
  const free = withPoolReach(engine.model, request, decideAnyContext(engine, request, { trace: true }));
  return { free, status: expectedStatus(expected, free.access) };
}

/** `free` (the trust policy's decision of `request`) as the pool's flow lets the request happen. */
function withPoolReach(model: Model, request: Request, free: FreeDecision): FreeDecision {
  if (free.access === 'deny') return free;
  const j = joinedPoolReach(model, request, free.decision);
  if (!j) return free;
  if (j.decision.decision === 'deny')
    return { access: 'deny', conditions: [], grants: [], decision: j.decision, external: free.external };
  return {
    ...free,
    access: 'indeterminate',
    conditions: [],
    decision: j.decision,
    reasons: [
      ...(free.reasons ?? []),
      { kind: 'unknown-value', text: j.text, stage: 'trust', source: j.reach.pool.source },
    ],
  };
}
