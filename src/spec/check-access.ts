// The `can` / `cannot` checks of a spec: every request an entry stands for (its actions on its
// resource) must be allowed / denied under every request context the spec does not pin
// (expected-access.ts: conditional access fails both, with its conditions). Owns `decideCheck`.

import { searchedRequests, searchLimitDecision } from '../analysis/pattern-requests.js';
import type { FreeDecision, Witness } from '../analysis/types.js';
import type { Decision } from '../engine/types.js';
import { mergeContexts } from '../requests/context.js';
import {
  type CheckContext,
  describeContext,
  explainDecision,
  type Status,
  statementsToFix,
  type UnlinkedCheck,
  uniqueRefs,
  worstStatus,
} from './check-result.js';
import { checkExpectedAccess } from './expected-access.js';
import { planFix } from './fixes.js';
import { type SpecPrincipal, sessionPolicyOf } from './resolve.js';
import type { Expectation, SpecAccess } from './types.js';

/** Failing requests listed per check (as witnesses). */
const MAX_LISTED = 20;

/** A request an entry stands for, and how it fared when it did not pass. */
interface Failed {
  request: { action: string; resource: string };
  free: FreeDecision;
  status: Status;
}

/** A `can` / `cannot` entry with its requests expanded (resolve.ts `expandRequests`). */
export interface ExpandedAccess {
  resource: string;
  requests: { action: string; resource: string }[];
}

/** How a failing or indeterminate `can` / `cannot` request fared, as a verb. */
function decideVerb(kind: 'can' | 'cannot', free: FreeDecision): string {
  if (free.access === 'indeterminate') return 'may or may not';
  if (free.access === 'conditional') return kind === 'can' ? 'can only conditionally' : 'can';
  return kind === 'can' ? 'cannot' : 'can';
}

/** Why: the conditions of conditional access and the statements, or the decision's reason. */
function decideDetail(kind: 'can' | 'cannot', free: FreeDecision): string {
  if (free.access !== 'conditional') return `: ${explainDecision(free.decision)}`;
  const when = free.conditions.length
    ? ` when ${free.conditions.join('; ')}`
    : ' under some request contexts';
  const rule =
    kind === 'can'
      ? 'a can holds only if every request context the spec does not pin allows it'
      : 'a cannot holds only if no request context the spec does not pin allows it';
  return `${when}: ${explainDecision(free.decision)}; ${rule} (pin the context with context: to check one case)`;
}

function witnessOf(principal: string, failed: Failed): Witness {
  return { ...failed.free, principal, action: failed.request.action, resource: failed.request.resource };
}

/**
 * A `can` / `cannot` entry: every request it stands for must be allowed / denied under every
 * request context the spec does not pin (expected-access.ts).
 */
export function decideCheck(
  ctx: CheckContext,
  kind: 'can' | 'cannot',
  e: Expectation,
  actor: SpecPrincipal,
  entry: SpecAccess,
  expanded: ExpandedAccess,
): UnlinkedCheck {
  // A federated caller's token claims come first; the spec's context pins over them.
  const context = mergeContexts(actor.context, e.context, entry.context);
  const bad: Failed[] = [];
  let first: Decision | undefined;
  const requests = withPatternResources(ctx, actor, e, expanded, context, bad);
  for (const [i, r] of requests.entries()) {
    const request = {
      principal: actor.principal,
      action: r.action,
      resource: r.resource,
      ...(context ? { context } : {}),
      ...sessionPolicyOf(e, actor),
    };
    const { free, status } = checkExpectedAccess(ctx.engine, request, kind === 'can' ? 'allow' : 'deny');
    first ??= free.decision;
    if (status === 'pass') continue;
    // A resource of the pattern search that fails for the same reason as one listed already (same
    // action, access and statements) adds nothing to the report: it is decided, not listed.
    const why = failedKey(r.action, free);
    if (i >= expanded.requests.length && bad.some((b) => failedKey(b.request.action, b.free) === why))
      continue;
    bad.push({ request: r, free, status });
  }
  const shown = bad.find((b) => b.status === 'fail') ?? bad[0];
  return {
    kind,
    status: worstStatus(bad.map((b) => b.status)),
    message: decideMessage(
      kind,
      actor,
      entry,
      { ...expanded, requests },
      bad,
      shown,
      describeContext(context),
    ),
    principal: actor.principal,
    action: shown?.request.action ?? entry.action,
    resource: shown?.request.resource ?? expanded.resource,
    decision: shown?.free.decision ?? first,
    witnesses: bad.slice(0, MAX_LISTED).map((b) => witnessOf(actor.principal, b)),
    statements: uniqueRefs(bad.flatMap((b) => statementsToFix(b.free.decision))),
    location: entry.location,
    ...(kind === 'cannot' && bad.length > 1
      ? {
          fix: planFix(
            ctx.engine.model,
            bad.map((b) => witnessOf(actor.principal, b)),
            { principal: actor.principal },
          ),
        }
      : {}),
  };
}

/** What makes two failing requests of one entry the same finding: action, access, statements. */
function failedKey(action: string, free: FreeDecision): string {
  const grants = free.grants.map((g) => `${g.policy ?? ''}#${g.statement ?? ''}`).join(',');
  return `${action}\u0000${free.access}\u0000${grants}`;
}

/**
 * The requests of an entry on a resource pattern: the expansion (the model's matching resources
 * and one instance of the pattern) and, for this principal, one resource per class of the matching
 * resources its policies tell apart (analysis/pattern-requests.ts, the rule the test matchers
 * share). A search that reached its limit is indeterminate.
 */
function withPatternResources(
  ctx: CheckContext,
  actor: SpecPrincipal,
  e: Expectation,
  expanded: ExpandedAccess,
  context: ReturnType<typeof mergeContexts>,
  bad: Failed[],
): ExpandedAccess['requests'] {
  const { requests, incomplete } = searchedRequests(
    ctx.engine,
    actor.principal,
    expanded.resource,
    expanded.requests,
    {
      ...(context ? { context } : {}),
      ...sessionPolicyOf(e, actor),
    },
  );
  for (const action of incomplete) {
    bad.push({
      request: { action, resource: expanded.resource },
      free: searchLimitDecision(action, expanded.resource),
      status: 'indeterminate',
    });
  }
  return requests;
}

/** The check's message: what held, or the request shown and why it did not. */
function decideMessage(
  kind: 'can' | 'cannot',
  actor: SpecPrincipal,
  entry: SpecAccess,
  expanded: ExpandedAccess,
  bad: Failed[],
  shown: Failed | undefined,
  ctx: string,
): string {
  const n = expanded.requests.length;
  if (!shown)
    return `${actor.label} ${kind} ${entry.action} on ${expanded.resource}${ctx}${n > 1 ? ` (${n} requests decided)` : ''}`;
  const r = shown.request;
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more of ${n} requests)` : '';
  return `${actor.label} ${decideVerb(kind, shown.free)} ${r.action} on ${r.resource}${ctx}${decideDetail(kind, shown.free)}${more}`;
}
