// Escalation through a new principal of one's own: a user or role allowed to create an IAM user,
// role or group, to give it permissions and to act as it (the table's `new-principal` methods,
// escalation-methods.ts) has whatever the new principal is given. Both the review
// (risk-escalation.ts) and the spec's `noEscalation` (spec/check-escalation.ts) use this rule.
// Owns `newPrincipalEscalations`.
//
// - The name: one that every request of the method may name, from the Resource patterns of the
//   creator's identity Allow statements that may match each action (glob-witness.ts
//   `commonWitness`), and a probe name; then, unless one of those escalates, one name of every
//   class the policies that may apply tell apart (Allow and Deny, boundary, SCPs, policy
//   variables: `searchedNames`), a search at its limit indeterminate with why (`searchCut`). IAM
//   users, roles and groups have no resource-based policy.
// - The permissions boundary: `iam:PermissionsBoundary` ("Filters access by whether the specified
//   policy is set as the permissions boundary on the IAM entity (user or role)", Service
//   Authorization Reference, IAM condition keys) is decided absent first (a new user or role
//   without a boundary); when that is denied but some boundary is allowed, the new principal is
//   bounded by a policy the creator must choose and what it then has is not computed
//   (indeterminate), unless every boundary it may choose is pinned and harmless and it cannot
//   remove or replace it (escalation-harmless-choice.ts): then no escalation.
// - The policy: an inline policy (any document), or attaching AdministratorAccess (`iam:PolicyARN`
//   "Filters access by the ARN of an IAM policy", decided set to it); attaching only other policies
//   gives what they grant, not computed (indeterminate), or nothing when those are pinned to
//   policies the creator has already (escalation-harmless-choice.ts).
// - Acting as it: access keys or a password of the new user; assuming the new role, whose trust
//   the creator writes (CreateRole's AssumeRolePolicyDocument): in the same account a trust that
//   names the caller lets it in without an identity Allow, so only an explicit Deny of sts:AssumeRole
//   or SCPs that do not allow it stop it; joining the new group (then the creator's own boundary still applies to what it gives).
// - What it gains: any permission the SCPs allow (administrator access) when nothing above is left
//   open; else indeterminate. Every request is decided by the engine under a free context
//   (free-decision.ts): the creator's Denies, permissions boundary and SCPs count.

import type { CompiledStatement } from '../engine/compile-policy.js';
import type { Engine } from '../engine/engine.js';
import { NO } from '../engine/tri.js';
import type { RequestContext } from '../engine/types.js';
import { kindOfArn } from '../aws/resource-policies.js';
import { fillUnknownParts, PROBE_NAME } from '../model/stand-ins.js';
import type { Role, User } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import { combineAccess } from './chains.js';
import { ESCALATION_METHODS, type EscalationMethod } from './escalation-methods.js';
import { deniedExplicitly } from './escalation-writes.js';
import { reasonOfEntry } from './decision-reasons.js';
import { harmlessChoice, pinnedKeyValues } from './escalation-harmless-choice.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { witnessesOf } from './escalation-start-names.js';
import { commonWitness } from './glob-witness.js';
import type { Access, FreeDecision } from './types.js';

/** One request of a new-principal escalation, with its decision. */
export interface NewPrincipalStep {
  action: string;
  resource: string;
  d: FreeDecision;
}

/** A new-principal method that works for a creator: the name, the requests, what it gains. */
export interface NewPrincipalEscalation {
  method: EscalationMethod;
  /** The ARN of the new user, role or group. */
  arn: string;
  /** Create, permit, use: one request each. */
  steps: NewPrincipalStep[];
  /** The worst of the steps and the gain. */
  access: Access;
  /** Why what the new principal gets is not computed (a forced boundary, a chosen policy), if so. */
  open?: string;
}

/** The table's new-principal methods. */
export const NEW_PRINCIPAL_METHODS = ESCALATION_METHODS.filter((m) => m.targets.kind === 'new-principal');

const ABSENT_BOUNDARY: RequestContext = { 'iam:PermissionsBoundary': null };

/**
 * The Resource patterns of `p`'s identity statements that may allow `action` (`*` when not known);
 * with `effect` Deny, those of its Deny statements that may match it.
 */
export function identityResourcePatterns(
  engine: Engine,
  p: User | Role,
  action: string,
  effect: 'Allow' | 'Deny' = 'Allow',
): string[] {
  // Its identity policies as `decide` gathers them (Engine.principalSideOf).
  const identity = engine.principalSideOf(p).identity!;
  if (identity.unknownPolicies.length) return ['*'];
  const lower = action.toLowerCase();
  const colon = lower.indexOf(':');
  const own = identity.byService.get(lower.slice(0, colon)) ?? [];
  const out = new Set<string>();
  for (const { statement: st } of [...own, ...identity.anyService]) addPatterns(out, st, p, lower, effect);
  return [...out];
}

/**
 * Why a name `p` may be granted on `resource` (a request on a resource of a name the inputs do not
 * pin down, escalation.ts `withNameCandidates`) may come from a resource-based policy, which
 * `identityResourcePatterns` does not read; undefined when it cannot: the resource is of no kind
 * that takes a resource-based policy (aws/resource-policies.ts `kindOfArn`) and no policy of the
 * request's resource side as the engine lists it (`Engine.policiesOf`: the resource's own, one
 * that may govern it, a trust or key policy) has a known Allow statement that may match `action`
 * (a policy of unknown content makes the request open through `denyResourcePatterns`' `*`).
 * True of the requests that take names today: ECS tasks ("Resource-based policies within Amazon
 * ECS. Supports resource-based policies: No", Amazon ECS Developer Guide, "How Amazon Elastic
 * Container Service works with IAM") and EC2 launch templates (no kind of the resource policy table).
 */
export function resourceSideMayName(
  engine: Engine,
  p: User | Role,
  action: string,
  resource: string,
): string | undefined {
  const kind = kindOfArn(resource);
  if (kind) return `${resource} is of a kind that takes a resource-based policy (${kind.kind})`;
  const lower = action.toLowerCase();
  for (const { policy, stage } of engine.policiesOf({ principal: p.arn, action, resource }).policies) {
    if (stage !== 'resource' && stage !== 'trust' && stage !== 'key-policy') continue;
    if (policy.statements.some((st) => st.effect !== 'Deny' && st.matchAction(lower) !== NO))
      return `the ${stage} policy ${policy.name} may allow ${action} on ${resource}`;
  }
  return undefined;
}

/**
 * The Resource patterns of the Deny statements that may match `action` in every policy that takes
 * part in `p`'s request on `resource` (IAM User Guide, "Policy evaluation logic": "an explicit deny
 * in any of these policies overrides the allow"), as the engine lists them (`Engine.policiesOf`,
 * engine/request-policies.ts: identity policies, permissions boundary, the resource's own and
 * governing policies, the SCPs and RCPs where they apply); `*` for a policy whose document is
 * unknown, or a Deny the list cannot show (`RequestPolicies.openDenies`).
 */
export function denyResourcePatterns(
  engine: Engine,
  p: User | Role,
  action: string,
  resource: string,
): string[] {
  const out = new Set<string>();
  const lower = action.toLowerCase();
  const { policies, openDenies } = engine.policiesOf({ principal: p.arn, action, resource });
  if (openDenies.length) out.add('*');
  for (const { policy } of policies) {
    if (policy.unknown) out.add('*');
    for (const st of policy.statements) addPatterns(out, st, p, lower, 'Deny');
  }
  return [...out];
}

/** Adds to `out` the Resource patterns of `st` when its effect is `effect` and it may match `lower`. */
function addPatterns(
  out: Set<string>,
  st: CompiledStatement,
  p: User | Role,
  lower: string,
  effect: 'Allow' | 'Deny',
): void {
  if ((st.effect === 'Deny') !== (effect === 'Deny') || st.matchAction(lower) === NO) return;
  if (st.unknown || st.statement.notResource) {
    out.add('*');
    return;
  }
  for (const v of st.statement.resource?.values ?? [])
    out.add(
      isUnknown(v) || typeof v !== 'string'
        ? '*'
        : v
            .replace(/\$\{aws:username\}/gi, p.kind === 'user' ? p.name : '\u0000')
            .replace(/\$\{[^}]*\}/g, '*'),
    );
}

/** At most this many names come of combinations of patterns, of at most `MAX_COMBINATIONS` tried. */
const MAX_NAMES = 24;
const MAX_COMBINATIONS = 256;
/** At most this many of the witness search's names are tried (`searchedNames`). */
const MAX_SEARCHED = 64;

/**
 * Names of a new `kind` in `p`'s account that the requests `groups` (one action of each group)
 * may all name: a witness of one pattern of each group, then the probe name. Cheap first tries,
 * not every class of names (`searchedNames` is): so bounded by the combinations tried as well as
 * the names found (60 patterns per group were 216,000 combinations, 100 s for one principal).
 */
function candidateNames(engine: Engine, p: User | Role, kind: string, groups: readonly string[][]): string[] {
  const base = `arn:${engine.model.partition}:iam::${p.account}:${kind}/`;
  // A group no identity Allow may match (sts:AssumeRole, which the trust may grant) constrains nothing.
  const per = groups
    .map((actions) => [...new Set(actions.flatMap((a) => identityResourcePatterns(engine, p, a)))])
    .filter((patterns) => patterns.length);
  const out = new Set<string>();
  let combinations = 0;
  const walk = (i: number, chosen: string[]) => {
    if (out.size >= MAX_NAMES || combinations >= MAX_COMBINATIONS) return;
    if (i === per.length) {
      combinations++;
      const w = commonWitness([`${base}?*`, ...chosen]);
      if (w && !w.slice(base.length).includes('\u0000')) out.add(w);
      return;
    }
    for (const pattern of per[i]!) walk(i + 1, [...chosen, pattern]);
  };
  walk(0, []);
  out.add(`${base}${PROBE_NAME}`);
  return [...out];
}

/**
 * The names of a new `kind` in `p`'s account that every policy which may apply to `p`'s requests
 * `actions` tells apart (identity Allows and Denies, the permissions boundary, SCPs, RCPs; policy
 * variables with the values `p` fixes): one witness of each class of names on which all the
 * requests are decided alike (exhaustive.ts `patternResources` over all the actions, kept per
 * engine: escalation-start-names.ts `witnessesOf`). The cheap names of `candidateNames` are Allow
 * patterns only, their variables widened to `*`: a boundary or SCP that allows only
 * `user/team-*`, a Deny on the names they give or a variable the principal fixes leaves every
 * one of them denied though a name of another class escalates ("an explicit deny in any of these
 * policies overrides the allow", IAM User Guide, "Policy evaluation logic").
 */
function searchedNames(
  engine: Engine,
  p: User | Role,
  kind: string,
  actions: readonly string[],
): { names: string[]; complete: boolean } {
  const base = `arn:${engine.model.partition}:iam::${p.account}:${kind}/`;
  const found = witnessesOf(engine, p.arn, actions, `${base}?*`);
  return {
    names: found.resources.filter((r) => r.startsWith(base) && r.length > base.length),
    complete: found.complete,
  };
}

/**
 * `m` made indeterminate on the probe name `arn`: not every class of names the policies tell apart
 * was tried (`searchedNames` at its limit), and none tried escalates; the create request's decision
 * with why, never nothing.
 */
function searchCut(engine: Engine, p: User | Role, m: EscalationMethod, arn: string): NewPrincipalEscalation {
  const create = m.actions[0]!;
  const why = `not every name of a new principal ${p.name} may create, of those its policies tell apart, was tried (a search limit): a name not tried may escalate`;
  const d = decide(engine, p.arn, create, arn);
  const reasons = [
    ...(d.reasons ?? []),
    { kind: 'unknown-resource' as const, text: why, stage: 'result' as const },
  ];
  return {
    method: m,
    arn,
    steps: [{ action: create, resource: arn, d: { ...d, access: 'indeterminate', reasons } }],
    access: 'indeterminate',
    open: why,
  };
}

/**
 * A user, group or role name IAM accepts: "Names of users, groups, roles, policies, instance
 * profiles, server certificates, and paths must be alphanumeric, including the following common
 * characters: plus (+), equal (=), comma (,), period (.), at (@), underscore (_), and hyphen (-)"
 * (IAM User Guide, "IAM object quotas").
 */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * `found` as it stands when its name is one IAM accepts (an unknown part read as text of a name
 * it accepted); else (a witness of the search, `::`, which no element of unknown name can be
 * either) at most indeterminate with why: no principal has that name, and whether a name of its
 * class IAM accepts escalates is not decided.
 */
function refusedName(found: NewPrincipalEscalation | undefined): NewPrincipalEscalation | undefined {
  if (!found || found.access === 'deny' || found.access === 'indeterminate') return found;
  const name = found.arn.slice(found.arn.lastIndexOf('/') + 1);
  // an unknown part (`(unknown-…)`) stands for text of a name IAM accepted (model/stand-ins.ts)
  if (IAM_NAME.test(fillUnknownParts(name))) return found;
  const why = `the name tried, ${name}, is one IAM refuses (names are alphanumeric and +=,.@_-): whether a name it accepts escalates alike is not decided`;
  const [first, ...rest] = found.steps;
  const reasons = [
    ...(first!.d.reasons ?? []),
    { kind: 'unknown-resource' as const, text: why, stage: 'result' as const },
  ];
  return {
    ...found,
    steps: [{ ...first!, d: { ...first!.d, access: 'indeterminate', reasons } }, ...rest],
    access: 'indeterminate',
    open: found.open ?? why,
  };
}

function decide(engine: Engine, from: string, action: string, resource: string, context?: RequestContext) {
  return decideAnyContext(
    engine,
    { principal: from, action, resource, ...(context ? { context } : {}) },
    LEAN,
  );
}

/** The first of the `use` actions `p` may take on its new principal `arn` (undefined: none). */
function useStep(
  engine: Engine,
  p: User | Role,
  use: readonly string[],
  arn: string,
): NewPrincipalStep | undefined {
  for (const action of use) {
    const resource = arn;
    const d = decide(engine, p.arn, action, resource);
    if (d.access !== 'deny') return { action, resource, d };
    // The new role's trust, written by the creator, names it: no identity Allow is needed in the
    // same account (IAM User Guide, "Policy evaluation logic": "If a resource-based policy grants
    // permission to a principal in the same account, ... an implicit deny in an identity-based
    // policy ... does not prevent access"), but the SCPs still must allow (`scpsOnNewRole`).
    if (action === 'sts:AssumeRole' && !deniedExplicitly(d)) {
      const scps = scpsOnNewRole(engine, p.arn, resource);
      if (scps.access === 'deny') continue;
      return { action, resource, d: { ...d, ...scps } };
    }
  }
  return undefined;
}

/** `m` for `p` on the new principal `arn`, or undefined when some request is denied. */
function tryName(
  engine: Engine,
  p: User | Role,
  m: EscalationMethod,
  arn: string,
): NewPrincipalEscalation | undefined {
  const t = m.targets;
  if (t.kind !== 'new-principal') return undefined;
  const open: string[] = [];
  const bounds = t.principal !== 'group';
  // Create: without a permissions boundary if it may, else with one the creator must choose.
  const create = m.actions[0]!;
  let created = decide(engine, p.arn, create, arn, bounds ? ABSENT_BOUNDARY : undefined);
  let unbounded = true;
  if (created.access === 'deny' && bounds) {
    created = decide(engine, p.arn, create, arn);
    unbounded = false;
    // A boundary it must choose among harmless ones, and cannot remove or replace: nothing gained.
    if (created.access !== 'deny' && harmlessBoundary(engine, p, create, t.principal, arn)) return undefined;
    open.push(`${create} is allowed only with a permissions boundary (iam:PermissionsBoundary)`);
  }
  if (created.access === 'deny') return undefined;
  const steps: NewPrincipalStep[] = [{ action: create, resource: arn, d: created }];
  // Permit: an inline policy, or AdministratorAccess attached (else another policy: not computed).
  const keys: RequestContext = bounds && unbounded ? ABSENT_BOUNDARY : {};
  const admin = `arn:${engine.model.partition}:iam::aws:policy/AdministratorAccess`;
  let permit: NewPrincipalStep | undefined;
  let limited: NewPrincipalStep | undefined;
  for (const action of t.permit) {
    const attach = action.includes(':Attach');
    const d = decide(engine, p.arn, action, arn, attach ? { ...keys, 'iam:PolicyARN': admin } : keys);
    if (d.access !== 'deny') {
      permit = { action, resource: arn, d };
      break;
    }
    if (!attach || limited) continue;
    const other = decide(engine, p.arn, action, arn, keys);
    if (other.access !== 'deny') limited = { action, resource: arn, d: other };
  }
  if (!permit && limited) {
    // Only policies the creator has already (escalation-harmless-choice.ts): nothing gained.
    const chosen = pinnedKeyValues(engine, p, limited.action, 'iam:PolicyARN');
    if (chosen && harmlessChoice(engine, p, chosen)) return undefined;
    open.push(`${limited.action} is allowed only for some policies (iam:PolicyARN)`);
  }
  const given = permit ?? limited;
  if (!given) return undefined;
  steps.push(given);
  // Use: credentials of the new user, assuming the new role, joining the new group.
  const used = useStep(engine, p, t.use, arn);
  if (!used) return undefined;
  steps.push(used);
  if (t.principal === 'group' && p.permissionsBoundary)
    open.push('the creator\u2019s own permissions boundary limits what the group gives it');
  const gain: Access = open.length ? 'indeterminate' : 'allow';
  return {
    method: m,
    arn,
    steps,
    access: combineAccess([...steps.map((s) => s.d.access), gain]),
    ...(open.length ? { open: open.join('; ') } : {}),
  };
}

/**
 * What the SCPs say of `creator` assuming its new role `arn` once the trust it writes names it:
 * `deny` when they do not allow sts:AssumeRole (an implicit deny of the SCPs is not lifted by a
 * resource-based policy: "If the enforcement code does not find any applicable Allow statements
 * in the SCPs, then the enforcement code returns a final decision of Deny", IAM User Guide, "How
 * AWS enforcement code logic evaluates requests to allow or deny access"; SCPs "affect all users and roles in attached accounts",
 * AWS Organizations User Guide, "Service control policies (SCPs)"), `indeterminate` when that
 * depends on an unknown (the SCPs' placement, a Deny that might apply), else `allow`. Read from
 * the trace of the creator's decision (the SCP stage's entries: a gap `X does not allow`, an
 * unknown entry), made only for this request.
 */
function scpsOnNewRole(
  engine: Engine,
  creator: string,
  arn: string,
): Pick<FreeDecision, 'access' | 'conditions' | 'reasons'> {
  const d = engine.decide(
    { principal: creator, action: 'sts:AssumeRole', resource: arn },
    { conditions: 'optimistic', trace: true },
  );
  const scp = (d.trace ?? []).filter((e) => e.stage === 'scp');
  if (scp.some((e) => e.outcome === undefined)) return { access: 'deny', conditions: [] };
  const open = scp.filter((e) => e.outcome === 'unknown');
  if (open.length) return { access: 'indeterminate', conditions: [], reasons: open.map(reasonOfEntry) };
  return { access: 'allow', conditions: [] };
}

/**
 * Whether every boundary `p` may set when creating `arn` (a `kind` of `create`) is pinned and
 * harmless (escalation-harmless-choice.ts), and `p` may neither delete the new principal's boundary
 * nor put another one on it than those.
 */
function harmlessBoundary(
  engine: Engine,
  p: User | Role,
  create: string,
  kind: string,
  arn: string,
): boolean {
  const key = 'iam:PermissionsBoundary';
  const forced = pinnedKeyValues(engine, p, create, key);
  if (!forced || !harmlessChoice(engine, p, forced)) return false;
  const of = kind === 'user' ? 'User' : 'Role';
  if (decide(engine, p.arn, `iam:Delete${of}PermissionsBoundary`, arn).access !== 'deny') return false;
  const put = `iam:Put${of}PermissionsBoundary`;
  if (decide(engine, p.arn, put, arn).access === 'deny') return true;
  const others = pinnedKeyValues(engine, p, put, key);
  return !!others && harmlessChoice(engine, p, others);
}

const RANK: Record<Access, number> = { deny: 0, indeterminate: 1, conditional: 2, allow: 3 };

/**
 * The most any name of a new `principal` may give `p` (`tryName`), whatever the name: a new group
 * when `p` has a permissions boundary is at most indeterminate (what the group gives is limited by
 * it, an open step of every name), else a sure escalation. A name found at the ceiling ends the
 * search: a later one replaces the best only when it gives more.
 */
function ceilingOf(p: User | Role, principal: 'user' | 'role' | 'group'): Access {
  return principal === 'group' && p.permissionsBoundary ? 'indeterminate' : 'allow';
}

/**
 * The new-principal escalations of `p` (see the module comment), one per method that works, the
 * best name for each; `mayAct(action)` false only when no policy may allow the action (its
 * method is not tried).
 */
export function newPrincipalEscalations(
  engine: Engine,
  p: User | Role,
  mayAct: (action: string) => boolean = () => true,
): NewPrincipalEscalation[] {
  const out: NewPrincipalEscalation[] = [];
  for (const m of NEW_PRINCIPAL_METHODS) {
    const t = m.targets;
    if (t.kind !== 'new-principal' || (m.appliesTo !== 'any' && m.appliesTo !== p.kind)) continue;
    if (!mayAct(m.actions[0]!) || !t.permit.some(mayAct)) continue;
    if (t.principal !== 'role' && !t.use.some(mayAct)) continue;
    let best: NewPrincipalEscalation | undefined;
    const tried = new Set<string>();
    const ceiling = ceilingOf(p, t.principal);
    /** Tries `arn` (once); true when no name can give more than the best so far (`ceilingOf`). */
    const attempt = (arn: string): boolean => {
      if (!tried.has(arn)) {
        tried.add(arn);
        const found = refusedName(tryName(engine, p, m, arn));
        if (found && (!best || RANK[found.access] > RANK[best.access])) best = found;
      }
      return !!best && RANK[best.access] >= RANK[ceiling];
    };
    const groups = [[m.actions[0]!], [...t.permit], [...t.use]];
    const cheap = candidateNames(engine, p, t.principal, groups);
    // Then one name of every class the policies tell apart (Denies, boundary, SCPs, variables).
    if (!cheap.some(attempt)) {
      const searched = searchedNames(engine, p, t.principal, groups.flat());
      searched.names.slice(0, MAX_SEARCHED).some(attempt);
      if (!best && (!searched.complete || searched.names.length > MAX_SEARCHED))
        best = searchCut(engine, p, m, cheap[cheap.length - 1]!);
    }
    if (best) out.push(best);
  }
  return out;
}
