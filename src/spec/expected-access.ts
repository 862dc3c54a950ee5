// What `can` and `cannot` of a spec, and `toAllow` and `toDeny` of the matchers, mean: the
// request is allowed (denied) under EVERY request context the check does not pin. Context keys
// the check pins (`context:`, a key pinned absent with null) and keys the model determines
// (principal and resource identity and tags, the clock) are fixed; every other key may take any
// value (analysis/free-decision.ts). So a `cannot` fails when some context allows the request
// (an Allow conditioned on aws:SourceVpce, say), showing the conditions, and a `can` fails when
// some context denies it; pinning the context narrows both to the case it names. A decision that
// depends on a value unknown until deploy is indeterminate: neither passes nor fails. A Cognito
// identity's sts:AssumeRoleWithWebIdentity is decided as its identity pool's flow lets it happen
// (analysis/cognito-flow.ts, through decideAnyContext).

import { decideAnyContext } from '../analysis/free-decision.js';
import type { Access, FreeDecision } from '../analysis/types.js';
import type { Engine } from '../engine/engine.js';
import type { Request } from '../engine/types.js';

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
  // A Cognito identity gets a role only as its identity pool's flow hands it out (decideAnyContext).
  const free = decideAnyContext(engine, request, { trace: true });
  return { free, status: expectedStatus(expected, free.access) };
}
