// Deciding a resolved request: one engine request per principal the reference stands for (a
// group: each member). A group is allowed only if every member is allowed, denied if any member
// is denied (an explicit deny first), otherwise indeterminate.

import type { Engine } from '../engine/engine.js';
import type { Decision, Request, TraceEntry } from '../engine/types.js';
import { withPoolReachDecision } from './cognito-pool-decision.js';
import { callerContext } from './federated.js';
import type { ResolvedPrincipal } from './references.js';
import { principalLabel, type ResolvedRequest } from './request.js';

export interface MemberDecision {
  principal: ResolvedPrincipal;
  request: Request;
  decision: Decision;
}

export interface RequestDecision {
  decision: Decision;
  /** One per principal the reference stands for (a group's members). */
  members: MemberDecision[];
}

/** The engine requests of a resolved request: one per principal it stands for. */
export function engineRequests(r: ResolvedRequest): { principal: ResolvedPrincipal; request: Request }[] {
  return r.principal.principals.map((p) => {
    const request: Request = { principal: p.principal, action: r.action, resource: r.resource.arn };
    // A federated caller's token claims are the request's context; the request's own context wins.
    const context = p.caller ? { ...callerContext(p.caller), ...(r.context ?? {}) } : r.context;
    if (context) request.context = context;
    if (r.sessionPolicy !== undefined) request.sessionPolicy = r.sessionPolicy;
    return { principal: p, request };
  });
}

/**
 * Decides a resolved request with the context it pins (absent keys are absent, as AWS evaluates
 * one request). For a group, the trace holds each member's trace after a line naming the member.
 */
export function decideRequest(engine: Engine, r: ResolvedRequest, trace: boolean): RequestDecision {
  const members: MemberDecision[] = engineRequests(r).map(({ principal, request }) => ({
    principal,
    request,
    // A Cognito identity gets a role only as its identity pool's flow hands it out.
    decision: withPoolReachDecision(engine.model, request, engine.decide(request, { trace })),
  }));
  if (r.principal.kind !== 'group') return { decision: members[0]!.decision, members };
  const pick =
    members.find((m) => m.decision.reason === 'explicit-deny') ??
    members.find((m) => m.decision.decision === 'deny') ??
    members.find((m) => m.decision.decision === 'indeterminate') ??
    members[0]!;
  const decision: Decision = { decision: pick.decision.decision, reason: pick.decision.reason };
  if (members.some((m) => m.decision.external)) decision.external = true;
  if (trace) {
    const entries: TraceEntry[] = [];
    for (const m of members) {
      entries.push({
        stage: 'principal',
        message: `member ${principalLabel(m.principal)} of ${r.principal.ref}: ${m.decision.decision} (${m.decision.reason})`,
      });
      entries.push(...(m.decision.trace ?? []));
    }
    decision.trace = entries;
  }
  return { decision, members };
}
