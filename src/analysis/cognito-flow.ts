// An Amazon Cognito identity's sts:AssumeRoleWithWebIdentity decided under a free context as the
// identity pools' flows let it happen: the one join of the trust policy's decision with the
// pools (src/aws/cognito-identity-pools.ts `guestReach`, `userReach`, `requestPoolReach`) that
// every analysis deciding a free-context request gets through `decideAnyContext`
// (free-decision.ts): spec can / cannot / via / only / onlyPrincipals, the toAllow / toDeny
// matchers, who-can's hops and final requests, the matrix. A pool that cannot hand the role
// denies, one that may is indeterminate with the reason, one that does leaves the trust's
// decision as it is.
//
// - A token the context pins to a pool of the inputs (`aud`) and to a guest or a signed-in user
//   (`amr`): `requestPoolReach` (requests/cognito-pool-decision.ts `joinedPoolReach` words it).
// - A token the context leaves free: the trust admits only tokens whose `aud` it names. When
//   every Cognito statement of the trust names its pools (`poolsNamedBy`) and each is a pool of
//   the inputs, the request is what those pools' guests and signed-in users get: denied when no
//   pool hands the role out. A trust that admits any pool, or names one outside the inputs or not
//   known, is left to the trust policy (a pool outside the inputs may hand the role out).

import {
  COGNITO_AMR,
  COGNITO_AUD,
  describePool,
  guestReach,
  type PoolReach,
  poolOfId,
  UNAUTHENTICATED,
  userReach,
} from '../aws/cognito-identity-pools.js';
import type { Engine } from '../engine/engine.js';
import type { Request, TraceEntry } from '../engine/types.js';
import type { CognitoIdentityPool, Role } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import { joinedPoolReach } from '../requests/cognito-pool-decision.js';
import { pinningClauses } from './pinning-clauses.js';
import type { FreeDecision, MatrixReason } from './types.js';

/** The federated principal of Amazon Cognito identity pool tokens. */
export const COGNITO_PRINCIPAL = 'cognito-identity.amazonaws.com';

const WEB_IDENTITY = 'sts:assumerolewithwebidentity';

/** A free-context decision of a request, without the pools' flow (free-decision.ts `decideByPolicies`). */
export type DecideByPolicies = (request: Request) => FreeDecision;

/**
 * The identity pool ids the Cognito trust statements of `role` name in an `aud` condition, or
 * `any` when one has none. A pool of the inputs that none names literally is left to the
 * statement's own entry point: its id, partly unknown until deployment, is another pool's by no
 * means the engine could tell (two pools have two ids).
 */
export function poolsNamedBy(role: Role): Set<Maybe<string>> | 'any' {
  const out = new Set<Maybe<string>>();
  const trust = role.trustPolicy;
  if (!trust || trust.unknown) return 'any';
  for (const st of trust.statements) {
    // A statement not read, of an effect not known, or with a NotPrincipal may admit any token.
    if (st.unknown || isUnknown(st.effect) || (st.effect === 'Allow' && st.notPrincipal)) return 'any';
    if (st.effect !== 'Allow') continue;
    const federated = st.principal?.federated?.values ?? [];
    // A Federated value not known (a parameter, an attribute) may be Cognito's.
    if (federated.some(isUnknown)) return 'any';
    if (!(st.principal?.wildcard || federated.includes(COGNITO_PRINCIPAL))) continue;
    const clauses = pinningClauses(st, COGNITO_AUD);
    if (!clauses.length) return 'any';
    for (const c of clauses) for (const v of c.values) out.add(v);
  }
  return out;
}

/**
 * `free` (the trust policy's decision of `request`, made by `decide`) as the identity pools'
 * flows let the request happen (see the module comment). Any request that is not a Cognito
 * identity's sts:AssumeRoleWithWebIdentity in a model with identity pools is returned as it is.
 */
export function withPoolFlow(
  engine: Engine,
  request: Request,
  free: FreeDecision,
  decide: DecideByPolicies,
): FreeDecision {
  if (
    free.access === 'deny' ||
    request.principal !== COGNITO_PRINCIPAL ||
    request.action.toLowerCase() !== WEB_IDENTITY ||
    !engine.model.cognitoIdentityPools?.length
  )
    return free;
  const pinned = joinedPoolReach(engine.model, request, free.decision);
  if (pinned) {
    if (pinned.decision.decision === 'deny')
      return {
        access: 'deny',
        conditions: [],
        grants: [],
        decision: pinned.decision,
        external: free.external,
      };
    return indeterminate(free, pinned.decision.trace?.at(-1), [
      { kind: 'unknown-value', text: pinned.text, stage: 'trust', source: pinned.reach.pool.source },
    ]);
  }
  return splitOverPools(engine, request, free, decide);
}

/** `free` made indeterminate by the pools' flow, with `reasons` and the trace entry saying so. */
function indeterminate(
  free: FreeDecision,
  entry: TraceEntry | undefined,
  reasons: MatrixReason[],
): FreeDecision {
  const trace = entry && free.decision.trace ? [...free.decision.trace, entry] : free.decision.trace;
  return {
    ...free,
    access: 'indeterminate',
    conditions: [],
    decision: {
      ...free.decision,
      decision: 'indeterminate',
      reason: 'unknown-value',
      ...(trace ? { trace } : {}),
    },
    reasons: [...(free.reasons ?? []), ...reasons],
  };
}

/** The `amr` values the request's context pins (undefined: free). */
function pinnedAmr(request: Request): readonly unknown[] | undefined {
  const amr = request.context?.[COGNITO_AMR];
  if (amr === undefined) return undefined;
  return Array.isArray(amr) ? amr : [amr];
}

/**
 * The pools whose tokens the request may carry: the one its `aud` pins, else those the role's
 * trust names; undefined when that may be any pool (or one outside the inputs).
 */
function namedPools(model: Engine['model'], request: Request): CognitoIdentityPool[] | undefined {
  const aud = request.context?.[COGNITO_AUD];
  if (aud !== undefined && typeof aud !== 'string') return undefined;
  const role = model.roles.find((r) => r.arn === request.resource);
  const ids = typeof aud === 'string' ? new Set<Maybe<string>>([aud]) : role ? poolsNamedBy(role) : 'any';
  if (ids === 'any' || !ids.size) return undefined;
  const pools: CognitoIdentityPool[] = [];
  for (const id of ids) {
    const pool = isUnknown(id) ? undefined : poolOfId(model, id);
    if (!pool) return undefined;
    pools.push(pool);
  }
  return pools;
}

/**
 * A request whose token the context leaves (partly) free, decided as the tokens of the pools the
 * trust names: each pool's guests (`amr` = unauthenticated) when `guestReach` may hand them the
 * role, its signed-in users (`amr` left free: their providers' values too) when `userReach` may.
 */
function splitOverPools(
  engine: Engine,
  request: Request,
  free: FreeDecision,
  decide: DecideByPolicies,
): FreeDecision {
  const model = engine.model;
  const pools = namedPools(model, request);
  if (!pools) return free;
  const amr = pinnedAmr(request);
  const guests = !amr || amr.includes(UNAUTHENTICATED);
  const users = !amr || amr.some((v) => v !== UNAUTHENTICATED);
  const reasons: MatrixReason[] = [];
  const refusals: string[] = [];
  for (const pool of pools) {
    const callers: { reach: PoolReach; amr?: string[]; who: string }[] = [];
    if (guests)
      callers.push({
        reach: guestReach(model, pool, request.resource),
        amr: [UNAUTHENTICATED],
        who: 'guests',
      });
    if (users)
      callers.push({
        reach: userReach(model, pool, request.resource),
        ...(amr ? { amr: amr.filter((v): v is string => typeof v === 'string') } : {}),
        who: 'signed-in users',
      });
    for (const c of callers) {
      const name = describePool(pool);
      if (c.reach.reach === 'no') {
        refusals.push(`${name} does not hand this role to its ${c.who}: ${c.reach.why}`);
        continue;
      }
      const context = {
        ...request.context,
        [COGNITO_AUD]: pool.id,
        ...(c.amr ? { [COGNITO_AMR]: c.amr } : {}),
      };
      const d = decide({ ...request, context });
      if (d.access === 'deny') continue;
      if (c.reach.reach === 'yes' && d.access !== 'indeterminate') return free;
      if (d.access === 'indeterminate') reasons.push(...(d.reasons ?? []));
      if (c.reach.reach === 'maybe')
        reasons.push({
          kind: 'unknown-value',
          text: `${name} may hand this role to its ${c.who}: ${c.reach.why}`,
          stage: 'trust',
          source: pool.source,
        });
    }
  }
  if (reasons.length) {
    const entry: TraceEntry = {
      stage: 'trust',
      message: reasons.map((r) => r.text).join('; '),
      outcome: 'unknown',
      kind: 'unknown-value',
      source: pools[0]!.source,
      cause: { reason: reasons[0]!.text, source: pools[0]!.source },
    };
    return indeterminate(free, entry, reasons);
  }
  const text = `the trust admits only tokens of identity pools of the inputs, and none hands this role out (${refusals.join('; ') || 'their tokens are denied'})`;
  const entry: TraceEntry = { stage: 'trust', message: text, source: pools[0]!.source };
  const trace = free.decision.trace ? { trace: [...free.decision.trace, entry] } : {};
  return {
    access: 'deny',
    conditions: [],
    grants: [],
    decision: { decision: 'deny', reason: 'implicit-deny', ...trace },
    external: free.external,
  };
}
