// The `via` check of a spec: the principal can assume each role of the chain in turn, hop by hop
// (analysis/chains.ts `assumeChain`), under the spec's context and, after a federated caller's
// first hop, the cross-service claims its role session keeps. When a hop fails, the
// expectation's other checks do not run. Owns `viaCheck`, `viaLabel`, `sessionClaims`.

import { assumeChain, sessionOptions } from '../analysis/chains.js';
import type { ChainHop } from '../analysis/types.js';
import type { Decision, RequestContext } from '../engine/types.js';
import { guestSessionPolicy } from '../aws/cognito-identity-pools.js';
import { withPoolReachDecision } from '../requests/cognito-pool-decision.js';
import { mergeContexts } from '../requests/context.js';
import {
  type CheckContext,
  describeContext,
  explainDecision,
  pointerLocation,
  type Status,
  statementsToFix,
  type UnlinkedCheck,
  uniqueRefs,
} from './check-result.js';
import { referenceLabel, type SpecPrincipal } from './resolve.js';
import type { Expectation } from './types.js';

/** The context a federated caller's role session carries (its cross-service claims), if any. */
export function sessionClaims(p: SpecPrincipal): RequestContext | undefined {
  if (!p.context) return undefined;
  return sessionOptions(p.principal, { context: p.context }).context;
}

/** The `via` roles as people name them (a CDK token: its construct path). */
export function viaLabel(ctx: CheckContext, e: Expectation): string {
  return e.via.map((r) => referenceLabel(ctx.scope, r, 'principal')).join(' → ');
}

/** The first hop of the chain that is not allowed, with its decision; undefined when all are. */
function firstFailedHop(
  ctx: CheckContext,
  hops: ChainHop[],
  first: RequestContext | undefined,
  scopeDown: unknown,
) {
  let failed: { hop: ChainHop; decision: Decision; status: Status } | undefined;
  let lastDecision: Decision | undefined;
  let context = first;
  for (const [i, hop] of hops.entries()) {
    // A Cognito guest's first role session carries the enhanced flow's scope-down
    // (aws/cognito-identity-pools.ts `guestSessionPolicy`): the next hop is decided with it.
    const scoped = i === 1 && scopeDown !== undefined;
    // A hop allowed only under some contexts holds if the spec's own context allows it. A
    // federated caller's first hop is AssumeRoleWithWebIdentity / AssumeRoleWithSAML with its
    // claims; the role session after it keeps the cross-service claims (sessionOptions).
    // A Cognito identity's hop is the identity pool's to give (requests/cognito-pool-decision.ts).
    const request = {
      principal: hop.from,
      action: hop.action ?? 'sts:AssumeRole',
      resource: hop.role,
      ...(context ? { context } : {}),
      ...(scoped ? { sessionPolicy: scopeDown } : {}),
    };
    const d = withPoolReachDecision(ctx.engine.model, request, ctx.engine.decide(request, { trace: true }));
    context = sessionOptions(hop.from, context ? { context } : {}).context;
    lastDecision = d;
    if ((hop.access === 'allow' && !scoped) || d.decision === 'allow') continue;
    failed = { hop, decision: d, status: d.decision === 'indeterminate' ? 'indeterminate' : 'fail' };
    break;
  }
  return { failed, lastDecision };
}

export function viaCheck(
  ctx: CheckContext,
  e: Expectation,
  p: SpecPrincipal,
  roles: string[],
): UnlinkedCheck {
  const first = mergeContexts(p.context, e.context);
  const hops = assumeChain(ctx.engine, p.principal, roles, first ? { context: first } : {});
  const scopeDown = guestSessionPolicy(ctx.engine.model, p.principal, first);
  const { failed, lastDecision } = firstFailedHop(ctx, hops, first, scopeDown);
  const location = pointerLocation(ctx, e, 'via');
  if (!failed) {
    return {
      kind: 'via',
      status: 'pass',
      message: `${p.label} can assume ${viaLabel(ctx, e)}${describeContext(e.context)}`,
      principal: p.principal,
      action: 'sts:AssumeRole',
      resource: roles[roles.length - 1],
      decision: lastDecision,
      witnesses: [],
      statements: uniqueRefs(hops.flatMap((h) => h.grants)),
      location,
    };
  }
  const { hop, decision, status } = failed;
  const from = hop.from === p.principal ? p.label : hop.from;
  const conditions = hop.conditions.length ? ` (only when ${hop.conditions.join('; ')})` : '';
  return {
    kind: 'via',
    status,
    message: `${from} ${status === 'fail' ? 'cannot' : 'may or may not'} assume ${hop.role}${describeContext(e.context)}: ${explainDecision(decision)}${conditions}; the checks of this expectation did not run`,
    principal: p.principal,
    action: hop.action ?? 'sts:AssumeRole',
    resource: hop.role,
    decision,
    witnesses: [],
    statements: statementsToFix(decision),
    location,
  };
}
