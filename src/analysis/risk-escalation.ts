// The review's privilege-escalation findings: for each method of the table
// (escalation-methods.ts, Rhino Security Labs numbering) the targets it is tried on for one
// principal (its attached customer policies, its groups, other users and roles, Lambda
// functions, roles a compute service may assume), the requests each target needs, decided
// under a free request context (free-decision.ts), and one finding per method that some target
// allows. Besides the table, the escalations whose last step is a write (escalation-writes.ts,
// the rule the spec's `noEscalation` uses too): rewriting a resource-based policy to grant itself
// a request it is denied, changing its own tags where policies read aws:PrincipalTag, and
// changing the SCPs/RCPs that govern its account through the organization's delegation policy;
// one finding each, listing the resources. An open-account stand-in (model/open-accounts.ts) is
// reviewed for escalation only, on what the inputs grant it (a resource, key or trust policy that
// names it or anyone): its own policies are unknown by definition, so what they might allow is
// no finding. Owns `escalationsOf` and the model facts it looks up (`reviewContext`); the wording
// is risk-messages.ts's.

import type { Engine } from '../engine/engine.js';
import type { CompiledStatement } from '../engine/compile-policy.js';
import type { PrincipalSidePolicies } from '../engine/request-policies.js';
import { NO, YES } from '../engine/tri.js';
import { isOpenAccountStandIn } from '../model/open-accounts.js';
import { type PrincipalTagReader, principalTagReaders } from '../model/tag-reads.js';
import { hasUnknownNamePart, PROBE_NAME } from '../model/stand-ins.js';
import { patternMayNameUnknown } from '../engine/unknown-names.js';
import type { Group, Model, Resource, Role, User } from '../model/types.js';
import { passRoleStarts, withInputGroups } from './escalation-launch-templates.js';
import { type NamedStarts, withStartNames } from './escalation-start-names.js';
import { heldStackRole } from '../aws/stack-roles.js';
import { isUnknown } from '../model/unknown.js';
import { compileArnPattern, type Matcher } from '../policy/wildcard.js';
import { accessRank, combineAccess, mergeStatementRefs, trustedServices } from './chains.js';
import { isSureDeny } from './matrix/statement-groups.js';
import {
  edgeRequests,
  outsideRoleRequests,
  outsideRoles,
  groupsToJoin,
  mayRunUnlinkedUse,
  ownGroupArns,
  rewritablePolicies,
  stackRoleOpenReasons,
  stackRoleStarts,
  withNameCandidates,
} from './escalation.js';
import { accessGains, type GroupGain, groupGainsOf } from './escalation-gain.js';
import { selfBoundaryContexts } from './escalation-harmless-choice.js';
import { newPrincipalEscalations } from './escalation-new-principal.js';
import {
  ESCALATION_METHODS,
  type EscalationMethod,
  type EscalationStep,
  computeStarts,
  passRoleContext,
  rewriteSteps,
} from './escalation-methods.js';
import {
  deniedExplicitly,
  type OrgPolicyChangeFound,
  orgPolicyChanges,
  orgPolicyDelegations,
  type PolicyWrite,
  type PolicyWriteTarget,
  policyWrites,
  policyWriteTargets,
  selfTagMatters,
  tagRequests,
  type WriteRequest,
  writeArnsOf,
} from './escalation-writes.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { type IndeterminateWhy, whyIndeterminate } from './risk-external-access.js';
import { type IndeterminateVerdict, indeterminateField } from './indeterminate.js';
import {
  escalationDetail,
  escalationMessage,
  ORG_POLICY_ESCALATION,
  orgPolicyMessage,
  POLICY_WRITE_ESCALATION,
  policyWriteMessage,
  principalLabel,
  SELF_TAG_ESCALATION,
  selfTagMessage,
} from './risk-messages.js';
import { rated, riskSeverity } from './risk-severity.js';
import type { Access, ConditionFacts, FreeDecision, RiskFinding } from './types.js';

/** One way to use a method: a target and the requests it needs, in order. */
interface Alternative {
  target: string;
  steps: EscalationStep[];
  /** What the steps go through besides the target, in words (`through Auto Scaling group web …`). */
  via?: string;
  /** What the steps give is not computed (escalation-methods.ts `rewriteSteps`): indeterminate. */
  gainOpen?: true;
  /** Why what they give is not known, when the inputs leave it open (escalation-gain.ts `groupGain`). */
  why?: string;
  /**
   * A name search stopped at its limit (escalation-start-names.ts `withStartNames`): a name not
   * tried may be allowed, so a step denied on the names tried is indeterminate, not denied (`why`
   * says so).
   */
  cut?: true;
}

/** A target a method works on for the principal, with the decisions of its steps. */
interface Found {
  target: string;
  /** `Alternative.via`. */
  via?: string;
  /** The requests decided, in order (`decisions[i]` is that of `steps[i]`). */
  steps: EscalationStep[];
  decisions: FreeDecision[];
  access: Access;
  /** Why its gain is not known (`Alternative.why`). */
  why?: string;
}

/** A request an escalation finding rests on, with its decision. */
interface DecidedStep {
  step: EscalationStep;
  d: FreeDecision;
}

/**
 * Why an escalation finding whose widest access is indeterminate is so: the reasons of its first
 * indeterminate request, each in one line with where its unknown is, and the statements its
 * unknowns name (risk-external-access.ts `whyIndeterminate`, as the admin and PassRole findings
 * say theirs). Decided again with reasons only here, for findings already indeterminate (few):
 * the search itself stays lean. Undefined for any other access.
 */
function escalationWhy(
  engine: Engine,
  principal: string,
  access: Access,
  decided: readonly DecidedStep[],
): IndeterminateWhy | undefined {
  if (access !== 'indeterminate') return undefined;
  const first = decided.find((x) => x.d.access === 'indeterminate');
  if (!first) return undefined;
  return whyIndeterminate(engine, principal, first.step.action, { arn: first.step.resource, kind: 'probe' });
}

/** The `indeterminate` of `p`'s escalation finding of `access` (nothing unless indeterminate). */
function escalationIndeterminate(
  access: Access,
  open: IndeterminateWhy | undefined,
  p: User | Role,
): { indeterminate?: IndeterminateVerdict } {
  return indeterminateField(access, open?.found, {
    text: `the escalation of ${principalLabel(p)} depends on what the inputs do not pin down`,
    source: p.source,
  });
}

/**
 * Requests known to be denied without a decision: true only when `decideAnyContext` of the
 * request (principal ARN, action, resource ARN, no context) would be deny. The access diff passes
 * what its matrices decided (diff/evaluate.ts); false means "not known", never "allowed".
 */
export type KnownDenied = (principal: string, action: string, resource: string) => boolean;

/** Facts about the model the escalation checks look up for every principal. */
export interface ReviewContext {
  groups: Map<string, Group>;
  rolesTrusting: Map<string, Role[]>;
  lambdaFunctions: string[];
  /** The roles some EC2 instance or existing compute runs with (ssm and CodeBuild methods). */
  runsWithRole: Role[];
  /** Resources with a resource-based policy (it may grant what identity policies do not). */
  withPolicy: Set<string>;
  patterns: Map<string, Matcher>;
  /** The resources whose policy can be written (escalation-writes.ts), in model order. */
  writeTargets: PolicyWriteTarget[];
  /** The actions that write them, each once, with the targets each writes sorted by ARN. */
  writeActions: Map<string, WriteIndex>;
  /**
   * The write targets whose resource-based policies may grant the write to a principal whose
   * identity policies do not allow it (`writeTargetsGranting`), computed once per model.
   */
  policyGranted: Set<number> | undefined;
  /**
   * By action: who some resource-based policy may allow it without their identity policies
   * (`resourcePolicyGrantees`), filled on demand.
   */
  grantedAlone: Map<string, Grantees>;
  /** Some policy reads aws:PrincipalTag (self-tagging can matter). */
  selfTag: boolean;
  /** The statements that read aws:PrincipalTag (named by the self-tagging finding). */
  tagReaders: PrincipalTagReader[];
  /** The organization delegation policies (changing one's SCPs/RCPs through them). */
  orgDelegations: Resource[];
  /**
   * Whether a role escalates by itself (`gainingFunctions`), by role ARN, each reviewed once per
   * review (a review has one list limit and one set of known denials); only answers that did not
   * rest on a cycle guard (`REVIEWING`) are kept.
   */
  roleEscalates: Map<string, boolean>;
  /** The roles Lambda functions run with (`functionRoleIndex`), made on first use. */
  functionRoles?: FunctionRoleIndex;
}

/**
 * The roles whose `usedBy` names a Lambda function, indexed once per review (`functionRoleGains`
 * asks for every principal that may update a function's code): by the function's ARN, and by
 * name for the uses the inputs name without an ARN; each entry with its role's and use's order in
 * the model, so a function's roles come out in the model's order.
 */
interface FunctionRoleIndex {
  byArn: Map<string, FunctionRoleUse[]>;
  byName: Map<string, FunctionRoleUse[]>;
  roles: Map<string, Role>;
}

interface FunctionRoleUse {
  role: string;
  /** The role's index in the model, then the use's index in its `usedBy`. */
  order: [number, number];
}

function functionRoleIndex(ctx: ReviewContext, model: Model): FunctionRoleIndex {
  if (ctx.functionRoles) return ctx.functionRoles;
  const byArn = new Map<string, FunctionRoleUse[]>();
  const byName = new Map<string, FunctionRoleUse[]>();
  const add = (map: Map<string, FunctionRoleUse[]>, key: string, use: FunctionRoleUse) => {
    const list = map.get(key);
    if (list) list.push(use);
    else map.set(key, [use]);
  };
  model.roles.forEach((r, ri) => {
    r.usedBy.forEach((u, ui) => {
      if (u.kind !== 'lambda-function') return;
      const use: FunctionRoleUse = { role: r.arn, order: [ri, ui] };
      add(byArn, u.arn, use);
      if (!u.arn.startsWith('arn:')) add(byName, u.name, use);
    });
  });
  ctx.functionRoles = { byArn, byName, roles: new Map(model.roles.map((r) => [r.arn, r])) };
  return ctx.functionRoles;
}

const FUNCTION_INFIX = ':function:';

/**
 * The roles of function `fn` (an ARN), in model order, each once per use: the uses naming `fn`,
 * and those without an ARN whose name ends it after `:function:` (every place the infix occurs).
 */
function rolesOfFunction(index: FunctionRoleIndex, fn: string): string[] {
  const uses: FunctionRoleUse[] = [...(index.byArn.get(fn) ?? [])];
  for (let at = fn.indexOf(FUNCTION_INFIX); at >= 0; at = fn.indexOf(FUNCTION_INFIX, at + 1)) {
    const named = index.byName.get(fn.slice(at + FUNCTION_INFIX.length));
    // A use both ways (an ARN-less use named exactly `fn`) counts once, as the scan counted it.
    if (named) for (const u of named) if (!uses.includes(u)) uses.push(u);
  }
  if (uses.length > 1) uses.sort((x, y) => x.order[0] - y.order[0] || x.order[1] - y.order[1]);
  return uses.map((u) => u.role);
}

export function reviewContext(engine: Engine): ReviewContext {
  const model = engine.model;
  const rolesTrusting = new Map<string, Role[]>();
  for (const r of model.roles)
    for (const svc of trustedServices(r)) {
      const list = rolesTrusting.get(svc) ?? [];
      list.push(r);
      rolesTrusting.set(svc, list);
    }
  const writeTargets = policyWriteTargets(model);
  return {
    groups: new Map(model.groups.map((g) => [g.id, g])),
    rolesTrusting,
    lambdaFunctions: model.resources.filter((r) => r.kind === 'lambda-function').map((r) => r.arn),
    runsWithRole: model.roles.filter(
      (r) =>
        !isOpenAccountStandIn(r) &&
        (r.usedBy.length > 0 ||
          r.instanceProfiles.some((ip) => ip.usedBy.length) ||
          mayRunUnlinkedUse(model, r)),
    ),
    withPolicy: new Set(model.resources.filter((r) => r.policy).map((r) => r.arn)),
    patterns: new Map(),
    writeTargets,
    writeActions: writeIndex(writeTargets),
    policyGranted: undefined,
    grantedAlone: new Map(),
    selfTag: selfTagMatters(model),
    tagReaders: principalTagReaders(model),
    orgDelegations: orgPolicyDelegations(model),
    roleEscalates: new Map(),
  };
}

/** The targets an action writes: their ARNs sorted (`<` on strings), and each one's model order. */
interface WriteIndex {
  arns: string[];
  order: number[];
  /** The ARNs with an unknown name part (and their targets), which a pattern may name whatever their text. */
  unknownNamed: string[];
  unknownOrder: number[];
  /**
   * The model orders of the targets each pattern may name (`namedIn`), by pattern: the same
   * pattern is met in the policies of many principals (a managed policy, a copied statement), and
   * its unknown-named targets are matched one by one.
   */
  named: Map<string, number[]>;
}

function writeIndex(targets: readonly PolicyWriteTarget[]): Map<string, WriteIndex> {
  const byAction = new Map<string, { arn: string; at: number }[]>();
  targets.forEach((t, at) => {
    for (const action of t.writer.writes) {
      const list = byAction.get(action) ?? [];
      for (const arn of writeArnsOf(t)) list.push({ arn, at });
      byAction.set(action, list);
    }
  });
  const out = new Map<string, WriteIndex>();
  for (const [action, list] of byAction) {
    list.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : a.at - b.at));
    const unknownNamed = list.filter((x) => hasUnknownNamePart(x.arn));
    out.set(action, {
      arns: list.map((x) => x.arn),
      order: list.map((x) => x.at),
      unknownNamed: unknownNamed.map((x) => x.arn),
      unknownOrder: unknownNamed.map((x) => x.at),
      named: new Map(),
    });
  }
  return out;
}

/** An account root ARN or a 12-digit account id: a Principal value that delegates to the account. */
const ACCOUNT_PRINCIPAL = /^(\d{12}|arn:[^:]+:iam::\d{12}:root)$/;

/**
 * Who a resource-based policy of `arn` may allow `action` by itself, without their identity
 * policies (the engine decides; this is the index that spares deciding every principal's request
 * on every resource), added to `into`: the users and roles a statement that is not a plain Deny
 * and may match the action names by ARN (`named`), or `anyone` for a policy that is unknown, a
 * statement that is, `*`, NotPrincipal, a pattern, an unknown value, a canonical user, a unique id
 * or a session. A statement naming only accounts delegates to their identity policies ("the
 * account ... must grant the principal permission", IAM User Guide, "Cross account resource
 * access"; in one account an identity Allow suffices alone): a principal whose identity policies
 * cannot allow the request gets nothing from it. Services are not users or roles.
 */
function aloneGrantees(engine: Engine, arn: string, action: string, into: Grantees): void {
  const lower = action.toLowerCase();
  for (const p of engine.resourcePoliciesOn(arn)) {
    if (p.unknown) into.anyone = true;
    for (const st of p.statements) {
      if (st.effect === 'Deny' || st.matchAction(lower) === NO) continue;
      const s = st.statement;
      const pr = s.principal;
      if (st.unknown || !pr || s.notPrincipal || pr.wildcard || pr.canonicalUser?.values.length) {
        into.anyone = true;
        continue;
      }
      for (const v of pr.aws?.values ?? []) {
        if (typeof v === 'string' && ACCOUNT_PRINCIPAL.test(v)) continue;
        if (typeof v === 'string' && NAMED_USER_OR_ROLE.test(v)) into.named.add(v);
        else into.anyone = true;
      }
    }
  }
}

/** A user or role ARN without wildcards: the one principal a policy value names. */
const NAMED_USER_OR_ROLE = /^arn:[^:*?]+:iam::\d{12}:(user|role)\/[^*?]+$/;

/** Who some resource-based policy may allow an action by itself (`aloneGrantees`). */
interface Grantees {
  anyone: boolean;
  named: Set<string>;
}

/**
 * Who some resource-based policy of the model may allow `action` without their identity policies
 * (`aloneGrantees` on every resource with a policy), once per action and model: a method's or an
 * edge's request a principal's identity policies cannot allow may still be granted by the
 * resource's own policy ("With resource-based permissions policies, you can grant other AWS
 * accounts, users, organizations, and AWS services access to your Lambda functions", AWS Lambda
 * Developer Guide, "Working with resource-based policies in Lambda"; in the resource's account
 * the principal it names needs no identity policy).
 */
function resourcePolicyGrantees(engine: Engine, ctx: ReviewContext, action: string): Grantees {
  let out = ctx.grantedAlone.get(action);
  if (!out) {
    out = { anyone: false, named: new Set() };
    for (const arn of ctx.withPolicy) {
      aloneGrantees(engine, arn, action, out);
      if (out.anyone) break;
    }
    ctx.grantedAlone.set(action, out);
  }
  return out;
}

/**
 * The write targets whose resource-based policies may allow a write to some user or role by
 * themselves (`aloneGrantees`), computed once per model.
 */
function writeTargetsGranting(engine: Engine, ctx: ReviewContext): Set<number> {
  if (ctx.policyGranted) return ctx.policyGranted;
  const granting = new Set<number>();
  ctx.writeTargets.forEach((t, i) => {
    const grantees: Grantees = { anyone: false, named: new Set() };
    for (const action of t.writer.writes) aloneGrantees(engine, t.resource.arn, action, grantees);
    if (grantees.anyone || grantees.named.size) granting.add(i);
  });
  ctx.policyGranted = granting;
  return ctx.policyGranted;
}

/**
 * Prefilters (over-approximations; the engine decides): some identity Allow statement of the
 * principal must match the action, and its Resource must be able to name the target (IAM users,
 * groups, roles, policies and new compute have no resource-based policies).
 */
function prefilters(ctx: ReviewContext, side: PrincipalSidePolicies, p: User | Role) {
  const identity = side.identity!;
  const unknownPolicies = identity.unknownPolicies.length > 0;
  // This principal's matcher of each Resource value (its own user name substituted).
  const matchers = new Map<string, Matcher>();
  const patternOf = (v: string) =>
    v.replace(/\$\{aws:username\}/gi, p.kind === 'user' ? p.name : '\u0000').replace(/\$\{[^}]*\}/g, '*');
  const matcher = (v: string) => {
    const known = matchers.get(v);
    if (known) return known;
    const pattern = patternOf(v);
    let m = ctx.patterns.get(pattern);
    if (!m) {
      m = compileArnPattern(pattern);
      if (ctx.patterns.size > 10_000) ctx.patterns.clear();
      ctx.patterns.set(pattern, m);
    }
    matchers.set(v, m);
    return m;
  };
  // The identity statements that may match an action: those of its service and those whose
  // Action may name any service (the engine's own index, `IdentityIndex`; a statement of other
  // services matches no action of this one), Allow or unknown.
  const mayMatch = (lower: string, st: CompiledStatement) =>
    st.effect !== 'Deny' && st.matchAction(lower) !== NO;
  const some = (lower: string) => {
    const colon = lower.indexOf(':');
    const own = colon > 0 ? identity.byService.get(lower.slice(0, colon)) : undefined;
    if (own?.some((e) => mayMatch(lower, e.statement))) return true;
    return identity.anyService.some((e) => mayMatch(lower, e.statement));
  };
  // The Allow statements that may match each action, listed once per action (a method is tried
  // on thousands of targets in a big organisation).
  const byAction = new Map<string, CompiledStatement[]>();
  const matching = (action: string) => {
    let list = byAction.get(action);
    if (!list) {
      const lower = action.toLowerCase();
      const colon = lower.indexOf(':');
      const own = colon > 0 ? (identity.byService.get(lower.slice(0, colon)) ?? []) : [];
      list = [];
      for (const e of [...own, ...identity.anyService])
        if (mayMatch(lower, e.statement)) list.push(e.statement);
      byAction.set(action, list);
    }
    return list;
  };
  // Whether some Allow may match: the list when it is made already, else the first match (most
  // methods' actions match none of a principal's statements, and their lists are never needed).
  const mayAllow = (action: string) => {
    if (unknownPolicies) return true;
    const list = byAction.get(action);
    if (list) return list.length > 0;
    return some(action.toLowerCase());
  };
  // Whether some identity Allow may match the step (its action and resource).
  const identityMayAllowOn = (step: EscalationStep) => {
    if (unknownPolicies) return true;
    return matching(step.action).some((st) => statementMayName(st, matcher, step.resource));
  };
  const mayAllowOn = (step: EscalationStep) => ctx.withPolicy.has(step.resource) || identityMayAllowOn(step);
  // The write targets an identity Allow of `action` may name (`namedIn`), or 'all'.
  const identityMayName = (action: string, index: WriteIndex): Set<number> | 'all' => {
    if (unknownPolicies) return 'all';
    const out = new Set<number>();
    for (const st of matching(action)) {
      if (st.unknown || st.statement.notResource) return 'all';
      for (const v of st.statement.resource?.values ?? []) {
        if (isUnknown(v)) return 'all';
        namedIn(index, patternOf(v), matcher(v), out);
      }
    }
    return out;
  };
  return { mayAllow, mayAllowOn, identityMayName };
}

/**
 * Adds to `out` the model order of each target of `index` whose ARN `m` (compiled from `pattern`)
 * matches: what `identityMayAllowOn` says of each, found from the pattern's literal prefix (the
 * text before its first wildcard, which every ARN it matches starts with: policy/wildcard.ts
 * matches case-sensitively and anchored) by binary search over the sorted ARNs, not by testing
 * every target; each pattern's targets found once per index (`WriteIndex.named`).
 */
function namedIn(index: WriteIndex, pattern: string, m: Matcher, out: Set<number>): void {
  let named = index.named.get(pattern);
  if (!named) {
    named = [];
    const wild = pattern.search(/[*?]/);
    const prefix = wild < 0 ? pattern : pattern.slice(0, wild);
    for (let i = lowerBound(index.arns, prefix); i < index.arns.length; i++) {
      const arn = index.arns[i]!;
      if (!arn.startsWith(prefix)) break;
      if (m.test(arn)) named.push(index.order[i]!);
    }
    // a target whose name is partly unknown, by the engine's rule (engine/unknown-names.ts)
    index.unknownNamed.forEach((arn, i) => {
      if (patternMayNameUnknown(pattern, arn)) named!.push(index.unknownOrder[i]!);
    });
    index.named.set(pattern, named);
  }
  for (const i of named) out.add(i);
}

/**
 * Whether statement `st`'s Resource (each value's matcher from `matcher`) may name `arn`: an
 * unknown value, NotResource, a value matching literally, or for an ARN with an unknown name part
 * by the engine's rule (engine/unknown-names.ts).
 */
function statementMayName(st: CompiledStatement, matcher: (v: string) => Matcher, arn: string): boolean {
  if (st.unknown || st.statement.notResource) return true;
  return (st.statement.resource?.values ?? []).some(
    (v) => isUnknown(v) || matcher(v).test(arn) || patternMayNameUnknown(v, arn),
  );
}

/** The first index of sorted `list` whose string is not below `key` (`<` on strings). */
function lowerBound(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The actions `p` is denied on every resource by a Deny of its own identity policies or of its
 * permissions boundary that applies whatever the context and resource (matrix/statement-groups.ts
 * `isSureDeny`) and matches the action, checked once per action: "an explicit deny in any of
 * these policies overrides the allow"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * An administrator under a boundary that denies `iam:*` is denied each method's step on each of
 * thousands of targets, and the engine would decide each of them to say so.
 */
const deniesEverywhere = (st: CompiledStatement, lower: string) =>
  isSureDeny(st) && st.matchAction(lower) === YES;

export function deniedEverywhere(side: PrincipalSidePolicies): (action: string) => boolean {
  const identity = side.identity!;
  const boundary = side.boundary;
  const memo = new Map<string, boolean>();
  return (action) => {
    let out = memo.get(action);
    if (out === undefined) {
      const lower = action.toLowerCase();
      const colon = lower.indexOf(':');
      const own = colon > 0 ? (identity.byService.get(lower.slice(0, colon)) ?? []) : [];
      out =
        [...own, ...identity.anyService].some((e) => deniesEverywhere(e.statement, lower)) ||
        (!!boundary && boundary.statements.some((st) => deniesEverywhere(st, lower)));
      memo.set(action, out);
    }
    return out;
  };
}

/**
 * The pass-role alternatives of `p` (target kinds `pass-role` and `pass-role-any`): iam:PassRole
 * of each role the service may assume, with `iam:PassedToService` set to that service
 * (`passRoleContext`), then the request that starts the service's compute with it (a group
 * update on the probe group and on each group of the inputs too, `withInputGroups`), on the
 * probe name and on each name `p`'s policies tell apart (escalation-start-names.ts
 * `withStartNames`; a step allowed outright on the probe name is not searched, no name does
 * better). `decide`: the review's prefilter and step decisions (`StepDecisions`); a role `p` may
 * not pass (a denied first step, whatever follows) is left out before the names are searched.
 */
function passRoleAlternatives(
  engine: Engine,
  ctx: ReviewContext,
  p: User | Role,
  t: Extract<EscalationMethod['targets'], { kind: 'pass-role' | 'pass-role-any' }>,
  arnOf: (service: string, resource: string) => string,
  decide: StepDecisions,
): Alternative[] {
  const model = engine.model;
  const pass = (r: Role): EscalationStep => ({
    action: 'iam:PassRole',
    resource: r.arn,
    context: passRoleContext(t.service),
  });
  const roles = (ctx.rolesTrusting.get(t.service) ?? []).filter((r) => {
    if (r.arn === p.arn || !decide.mayAllowOn(pass(r))) return false;
    const d = decide.decideStep(pass(r));
    return d !== null && d.access !== 'deny';
  });
  if (!roles.length) return [];
  const probed =
    t.kind === 'pass-role'
      ? withInputGroups(model, t.start(arnOf, PROBE_NAME), arnOf)
      : passRoleStarts(model, t.service, arnOf);
  const settled = (s: EscalationStep) => decide.decideStep(s)?.access === 'allow';
  // A start on existing compute outside the inputs may not exist: open, with why
  // (escalation-existing-starts.ts).
  const named = withStartNames(engine, p.arn, probed, settled, { existing: true });
  const starts: Omit<Alternative, 'target'>[] = [
    ...named.alternatives.map(({ steps, via, open }) => ({
      steps,
      ...(via ? { via } : {}),
      ...(open ? { gainOpen: true as const, why: open } : {}),
    })),
    ...searchCutAlternatives(named, `new ${t.service} compute`, decide.mayAllow),
  ];
  return roles.flatMap((r) =>
    starts.map((start) => ({ ...start, target: r.arn, steps: [pass(r), ...start.steps] })),
  );
}

/**
 * When a name search stopped at its limit (`named.complete` false): the first alternative again,
 * marked `cut` (`targetsAllowing`: its steps denied on the names tried are indeterminate, and
 * the prefilter of the steps on a name the maker chooses is by action only), so a
 * name not tried leaves the finding indeterminate with why, never a silent nothing. As the
 * escalation graph does (escalation.ts `searchCut`, the pass-role fallback edge).
 */
function searchCutAlternatives(
  named: NamedStarts,
  what: string,
  mayAllow: (action: string) => boolean,
): { steps: EscalationStep[]; via?: string; cut?: true; gainOpen?: true; why?: string }[] {
  const first = named.alternatives[0];
  // No Allow of its own that may match a step's action: no name allows it.
  if (named.complete || !first || !first.steps.every((s) => mayAllow(s.action))) return [];
  const why = `not every name of the ${what}, of those its policies tell apart, was tried (a search limit): one not tried may be allowed`;
  return [{ steps: [...first.steps], via: '(a name not tried)', cut: true, gainOpen: true, why }];
}

/**
 * A rewrite of `p`'s own permissions boundary, when it has one: decided with
 * iam:PermissionsBoundary set (escalation-harmless-choice.ts `selfBoundaryContexts`).
 */
function selfBoundedAlternatives(engine: Engine, p: User | Role, action: string): Alternative[] {
  if (!p.permissionsBoundary) return [];
  return selfBoundaryContexts(engine, p, action).map((context) => ({
    target: p.arn,
    steps: [{ action, resource: p.arn, ...(context ? { context } : {}) }],
  }));
}

/**
 * Joining each of `groups` (escalation.ts `groupsToJoin`): what joining gives (escalation-gain.ts
 * `groupGain`): nothing (no alternative), more, or not known (an alternative whose gain stays open,
 * with why).
 */
function joinGroupAlternatives(
  groups: readonly Group[],
  gainOf: (g: Group) => GroupGain,
  action: string,
): Alternative[] {
  return groups.flatMap((g): Alternative[] => {
    const gain = gainOf(g);
    if (gain.gives === 'nothing') return [];
    const alt: Alternative = { target: g.arn, steps: [{ action, resource: g.arn }] };
    return [gain.gives === 'unknown' ? { ...alt, gainOpen: true, why: gain.why } : alt];
  });
}

/**
 * The requests of method `m` onto the roles `roles` other than `p` (escalation.ts `edgeRequests`,
 * the rule the escalation graph uses): one alternative per request, named by what it acts on.
 */
function* edgeAlternatives(
  engine: Engine,
  p: User | Role,
  m: EscalationMethod,
  roles: readonly Role[],
): Generator<Alternative> {
  for (const r of roles)
    if (r.arn !== p.arn)
      for (const q of withNameCandidates(engine, p, edgeRequests(engine.model, m, r)))
        yield {
          target: q.on === 'its EC2 instances' ? r.arn : (q.target ?? q.resource),
          steps: [
            ...[q.action, ...q.more].map((action) => ({ action, resource: q.resource })),
            ...(q.also ?? []),
          ],
          ...(q.open ? { gainOpen: true as const, why: q.open.text } : {}),
        };
}

/**
 * The requests of update-code method `m` on the compute of the inputs that runs as a role outside
 * them (escalation.ts `outsideRoles`, `outsideRoleRequests`, the graph's rule): what they give is
 * not computed (`gainOpen`), with why.
 */
function* outsideAlternatives(engine: Engine, p: User | Role, m: EscalationMethod): Generator<Alternative> {
  for (const arn of outsideRoles(engine.model).keys())
    if (arn !== p.arn)
      for (const q of withNameCandidates(engine, p, outsideRoleRequests(engine.model, m, arn)))
        yield {
          target: q.target ?? q.resource,
          steps: [
            ...[q.action, ...q.more].map((action) => ({ action, resource: q.resource })),
            ...(q.also ?? []),
          ],
          gainOpen: true,
          ...(q.open ? { why: q.open.text } : {}),
        };
}

/** The items of `a`, then those of `b`, lazily. */
function* chain<T>(a: Iterable<T>, b: Iterable<T>): Generator<T> {
  yield* a;
  yield* b;
}

/** The review's prefilter of a step (`prefilters`) and its decision (`stepDecider`), for one principal. */
interface StepDecisions {
  /** Whether some Allow of `p`'s own may match the action (a resource policy may too: `mayAllowOn`). */
  mayAllow: (action: string) => boolean;
  mayAllowOn: (s: EscalationStep) => boolean;
  decideStep: (s: EscalationStep) => FreeDecision | null;
}

/** The alternatives of each method for `p`: one per target (escalation-methods.ts `targets`). */
function alternativesFor(
  engine: Engine,
  ctx: ReviewContext,
  p: User | Role,
  region: string,
  decide: StepDecisions,
) {
  const model = engine.model;
  const rewritable = rewritablePolicies(engine, p);
  const arnOf = (service: string, resource: string) =>
    `arn:${model.partition}:${service}:${region}:${p.account}:${resource}`;
  const single = (target: string, action: string): Alternative => ({
    target,
    steps: [{ action, resource: target }],
  });
  // A rewrite of the permissions on `target` (escalation-methods.ts `rewriteSteps`).
  const rewrites = (target: string, action: string): Alternative[] =>
    rewriteSteps(model.partition, action, target).map((x) => ({
      target,
      steps: [x.step],
      ...(x.gainOpen ? { gainOpen: x.gainOpen } : {}),
    }));
  // Lazily: a method on every other user or role of a big organisation has thousands of
  // targets, and the search stops at the first few that work (`targetsAllowing`).
  function* others(list: readonly { arn: string }[], action: string): Generator<Alternative> {
    for (const x of list) if (x.arn !== p.arn) yield single(x.arn, action);
  }
  let gainOf: ((g: Group) => GroupGain) | undefined;
  return (m: EscalationMethod): Iterable<Alternative> => {
    const t = m.targets;
    const action = m.actions[0]!;
    switch (t.kind) {
      case 'new-principal':
        // escalation-new-principal.ts decides these (a name every request may name).
        return [];
      case 'attached-customer-policies': // one not known by ARN: open, with why
        return rewritable.map((policy) => ({
          ...single(policy.arn, action),
          ...(policy.why ? { gainOpen: true as const, why: policy.why } : {}),
        }));
      case 'self':
        return rewrites(p.arn, action);
      case 'self-bounded':
        return selfBoundedAlternatives(engine, p, action);
      case 'own-groups': // a group not known: a stand-in (escalation.ts `ownGroupArns`)
        return ownGroupArns(model, p).flatMap((arn) => rewrites(arn, action));
      case 'other-groups':
        if (p.kind !== 'user') return [];
        gainOf ??= groupGainsOf(engine, p);
        return joinGroupAlternatives(groupsToJoin(model, p), gainOf, action);
      case 'other-users':
        return others(model.users, action);
      case 'other-roles':
        return others(model.roles, action);
      case 'lambda-functions':
        return ctx.lambdaFunctions.map((arn) => single(arn, action));
      case 'instance-roles':
      case 'codebuild-projects':
      case 'glue-dev-endpoints':
      case 'glue-jobs':
      case 'sagemaker-notebooks':
      case 'state-machines':
      case 'ecs-tasks':
        return chain(edgeAlternatives(engine, p, m, ctx.runsWithRole), outsideAlternatives(engine, p, m));
      case 'launch-templates':
        return edgeAlternatives(
          engine,
          p,
          m,
          model.roles.filter((r) => r.instanceProfiles.length),
        );
      case 'stack-roles':
        return stackRoleAlternatives(engine, p, m, decide.mayAllow);
      case 'pass-role':
      case 'pass-role-any':
        return passRoleAlternatives(engine, ctx, p, t, arnOf, decide);
    }
  };
}

/**
 * The alternatives of a stack-role method (escalation-methods.ts): for each stack or delegated
 * administrator of the model (aws/stack-roles.ts) whose requests include the method's actions,
 * those requests; what they give is not computed (`gainOpen`) when the role is not one the model
 * holds or the stack might not exist (the escalation graph, escalation.ts `stackRoleEdges`,
 * follows a held role further).
 */
function stackRoleAlternatives(
  engine: Engine,
  p: User | Role,
  m: EscalationMethod,
  mayAllow: (action: string) => boolean,
): Alternative[] {
  const model = engine.model;
  const out: Alternative[] = [];
  const fits = (alt: readonly { action: string }[]) =>
    alt.length === m.actions.length && alt.every((r, i) => r.action === m.actions[i]);
  for (const s of model.stackRoles ?? []) {
    if (!s.requests.some(fits)) continue;
    // A stack whose name is unknown: its steps' ARNs hold the unknown part, which the engine
    // decides by the rule for unknown name parts (engine/unknown-names.ts: indeterminate with the
    // name's cause where a policy may name some of its names only); what they give is the role's.
    // A StackSet the delegated administrator names: on every name `p`'s policies tell apart too
    // (escalation.ts `stackRoleStarts`).
    const open = stackRoleOpenReasons(s, heldStackRole(model, s));
    const named = stackRoleStarts(engine, p.arn, { ...s, requests: [s.requests.find(fits)!] });
    for (const start of named.alternatives) {
      // Why the start may do nothing: the stack role's reasons, and the alternative's own (an opt-in Region).
      const why = [...open.map((r) => r.text), ...(start.open ? [start.open] : [])];
      out.push({
        target: s.label,
        steps: start.steps,
        ...(start.via ? { via: start.via } : {}),
        ...(why.length ? { gainOpen: true as const, why: why.join('; ') } : {}),
      });
    }
    for (const cut of searchCutAlternatives(named, s.label, mayAllow))
      out.push({
        ...cut,
        target: s.label,
        why: [cut.why, ...open.map((r) => r.text)].join('; '),
      });
  }
  return out;
}

/**
 * Whether a policy of the inputs grants the decision by itself: an Allow of a resource, key or
 * trust policy that names the principal (or anyone) rather than its account. What an open-account
 * stand-in is allowed otherwise comes from its own unknown policies.
 */
function grantedByInputs(d: FreeDecision): boolean {
  return d.grants.some(
    (g) =>
      g.effect === 'Allow' &&
      !g.delegates &&
      (g.stage === 'resource' || g.stage === 'key-policy' || g.stage === 'trust'),
  );
}

/**
 * What one review's escalation search shares for every principal: the engine, the model facts
 * (`reviewContext`), the list limit (a finding names at most that many targets)
 * and the requests known to be denied (`KnownDenied`, the access diff's).
 */
export interface EscalationReview {
  engine: Engine;
  ctx: ReviewContext;
  limit: number;
  denied?: KnownDenied;
}

/**
 * Privilege-escalation findings of `p`, one per method some target allows (module comment);
 * `region`: the Region of the compute a method would create (`p`'s account's).
 */
export function escalationsOf(review: EscalationReview, p: User | Role, region: string): RiskFinding[] {
  return reviewEscalations(review, p, region).findings;
}

/** The escalation findings of one principal, with what its resource-policy writes gain it. */
export interface PrincipalEscalations {
  findings: RiskFinding[];
  /**
   * The resource-policy write finding (among `findings`) and the requests its writes gain the
   * principal, one per resource listed; `cut` when the search stopped past the list limit
   * (more resources may gain it more). A principal that becomes this one gains a request only
   * if it cannot make it itself (escalation-chains.ts).
   */
  writes?: { finding: RiskFinding; gains: WriteRequest[]; cut: boolean };
  /**
   * The actions of the escalation graph's method edges (escalation.ts `methodEdges`: pass-role,
   * update-trust, ssm, update-code, credentials) that some identity Allow of the principal may
   * match, or some resource-based policy of the model may grant by itself (a Lambda function's
   * policy naming the principal): the others are denied, so only those requests are decided
   * (escalation-chains.ts). None for an open-account stand-in, which the inputs never grant them.
   */
  edgeActions: readonly string[];
}

/** Every action of the table's methods that are edges onto another principal (not self-permissions). */
const EDGE_ACTIONS = [
  ...new Set(
    ESCALATION_METHODS.filter((m) => m.edge !== 'self-permissions').flatMap((m) =>
      m.targets.kind === 'pass-role-any'
        ? [
            ...m.actions,
            ...computeStarts(m.targets.service, () => '*', PROBE_NAME)
              .flat()
              .map((r) => r.action),
          ]
        : m.actions,
    ),
  ),
];

/**
 * The decision of `p`'s escalation step (cached in `cache` by action, resource and context); null
 * when it is known to be deny without a decision (`everywhere`, `denied`), and for a stand-in,
 * unless the inputs grant it (see the module comment).
 */
function stepDecider(
  engine: Engine,
  p: User | Role,
  cache: Map<string, FreeDecision>,
  everywhere: (action: string) => boolean,
  standIn: boolean,
  denied: KnownDenied | undefined,
): (s: EscalationStep) => FreeDecision | null {
  return (s) => {
    // Known denials first: no key, no cache entry (most of them are steps on Lambda functions,
    // one per function and principal, never asked twice; or steps on every other user or role
    // of an administrator whose boundary denies `iam:*`).
    if (everywhere(s.action) || denied?.(p.arn, s.action, s.resource)) return null;
    const key = s.context
      ? `${s.action} ${s.resource} ${JSON.stringify(s.context)}`
      : `${s.action} ${s.resource}`;
    let d = cache.get(key);
    if (d === undefined) {
      d = decideAnyContext(
        engine,
        {
          principal: p.arn,
          action: s.action,
          resource: s.resource,
          ...(s.context ? { context: s.context } : {}),
        },
        LEAN,
      );
      cache.set(key, d);
    }
    // A stand-in's step counts only when the inputs grant it (see the module comment).
    return standIn && d.access !== 'deny' && !grantedByInputs(d) ? null : d;
  };
}

/**
 * The functions of `found` whose new code gains `p` something (`functionRoleGains`): a role that
 * escalates by itself (reviewed here, `REVIEWING` guarding cycles: a role met again counts as
 * escalating, never dropped unseen) counts as a gain.
 */
function gainingFunctions(review: EscalationReview, p: User | Role, region: string, found: Found[]): Found[] {
  const { engine, ctx } = review;
  const escalates = (role: Role) => {
    const known = ctx.roleEscalates.get(role.arn);
    if (known !== undefined) return known;
    if (REVIEWING.has(role.arn)) {
      guardHits++;
      return true;
    }
    REVIEWING.add(role.arn);
    const hitsBefore = guardHits;
    try {
      const yes = reviewEscalations(review, role, region).findings.length > 0;
      // An answer that assumed a role under review escalates may differ elsewhere: not kept.
      if (guardHits === hitsBefore) ctx.roleEscalates.set(role.arn, yes);
      return yes;
    } finally {
      REVIEWING.delete(role.arn);
    }
  };
  REVIEWING.add(p.arn);
  let gains: (fn: string) => boolean;
  try {
    gains = functionRoleGains(
      engine,
      functionRoleIndex(ctx, engine.model),
      p,
      found.map((f) => f.target),
      escalates,
    );
  } finally {
    REVIEWING.delete(p.arn);
  }
  return found.filter((f) => gains(f.target));
}

/** `escalationsOf`, with the gains of the resource-policy writes (`PrincipalEscalations`). */
export function reviewEscalations(
  review: EscalationReview,
  p: User | Role,
  region: string,
): PrincipalEscalations {
  const { engine, ctx, limit, denied } = review;
  // Its principal side as `decide` gathers it (Engine.principalSideOf: identity, boundary).
  const side = engine.principalSideOf(p);
  const { mayAllow, mayAllowOn, identityMayName } = prefilters(ctx, side, p);
  const everywhere = deniedEverywhere(side);
  const standIn = isOpenAccountStandIn(p);
  const cache = new Map<string, FreeDecision>();
  const decideStep = stepDecider(engine, p, cache, everywhere, standIn, denied);
  const alternatives = alternativesFor(engine, ctx, p, region, { mayAllow, mayAllowOn, decideStep });
  // An action some identity Allow of `p` may match, or some resource-based policy may grant by
  // itself (a function policy naming `p`: its identity policies need not allow it).
  const mayRequest = (action: string) => {
    if (mayAllow(action)) return true;
    const g = resourcePolicyGrantees(engine, ctx, action);
    return g.anyone || g.named.has(p.arn);
  };
  const out: RiskFinding[] = [];
  for (const m of ESCALATION_METHODS) {
    if (!(m.appliesTo === 'any' || m.appliesTo === p.kind) || !m.actions.every(mayRequest)) continue;
    // A method another finding of `p` says already (escalation-methods.ts `unlessFound`).
    if (m.unlessFound?.some((d) => out.some((f) => f.detail === d))) continue;
    if (m.targets.kind === 'new-principal') continue;
    let found = targetsAllowing(alternatives(m), mayAllowOn, decideStep, limit);
    // New code for a function counts only when its role has more access than `p` (escalation-gain.ts
    // `accessGains`, the rule `noEscalation` uses); a function whose role is not linked may run as any.
    if (m.targets.kind === 'lambda-functions' && found.length)
      found = gainingFunctions(review, p, region, found);
    if (found.length)
      out.push(
        escalationFinding(engine, p, m, found, limit, found.find((f) => f.access === 'indeterminate')?.why),
      );
  }
  // A new user, role or group of its own (escalation-new-principal.ts); a stand-in's own policies
  // are unknown, and no policy of the inputs grants IAM requests to it.
  if (!standIn)
    for (const x of newPrincipalEscalations(engine, p, mayAllow)) {
      const decisions = x.steps.map((s) => s.d);
      const found: Found = { target: x.arn, steps: x.steps, decisions, access: x.access };
      out.push(escalationFinding(engine, p, x.method, [found], limit, x.open));
    }
  // The probes of what a write gains: decided in full (a deny must say whether it is explicit).
  const probe = (q: WriteRequest) => {
    if (everywhere(q.action)) return null;
    const key = `${q.action} ${q.resource}`;
    let d = cache.get(key);
    if (d === undefined) {
      d = decideAnyContext(engine, { principal: p.arn, ...q }, LEAN);
      cache.set(key, d);
    }
    return d;
  };
  const search: PrincipalSearch = { engine, ctx, p, mayAllow, decideStep, limit };
  const writes = policyWritesOf(search, identityMayName, probe);
  let writeFinding: PrincipalEscalations['writes'];
  if (writes.length) {
    const finding = policyWriteFinding(engine, p, writes, limit);
    out.push(finding);
    writeFinding = { finding, gains: writes.map((w) => w.gain), cut: writes.length > limit };
  }
  const tag = ctx.selfTag ? selfTagOf(search) : undefined;
  if (tag) out.push(tag);
  const org = orgPolicyOf(search);
  if (org) out.push(org);
  const edgeActions = standIn ? [] : EDGE_ACTIONS.filter(mayRequest);
  return writeFinding ? { findings: out, writes: writeFinding, edgeActions } : { findings: out, edgeActions };
}

/**
 * One principal's search, shared by the findings past the table's methods (writes, self-tagging,
 * organization policy changes): the review's engine, model facts and list limit, the principal,
 * whether some identity Allow of it may match an action (`prefilters`), and its step decisions
 * (`stepDecider`).
 */
interface PrincipalSearch {
  engine: Engine;
  ctx: ReviewContext;
  p: User | Role;
  mayAllow: (action: string) => boolean;
  decideStep: (s: EscalationStep) => FreeDecision | null;
  limit: number;
}

/** The principals whose escalations are being reviewed (`functionRoleGains` reviews a role's own). */
const REVIEWING = new Set<string>();
/** How many times a role under review was met again (and so assumed to escalate). */
let guardHits = 0;

/**
 * Whether replacing the code of Lambda function `fn` (an ARN) gains `p` something: its execution
 * role has more access than `p` (escalation-gain.ts `accessGains`, decided once for the roles of
 * all of `fns`), or it has an escalation of its own (a path continues from it: what `noEscalation`
 * follows), or the inputs do not link its role. "Lambda runs your function with the
 * permissions of the execution role" (AWS Lambda Developer Guide, "Defining Lambda function
 * permissions with an execution role").
 */
function functionRoleGains(
  engine: Engine,
  index: FunctionRoleIndex,
  p: User | Role,
  fns: readonly string[],
  escalates: (role: Role) => boolean,
): (fn: string) => boolean {
  // A function's roles: the uses naming its ARN, or (no ARN) its name (`rolesOfFunction`).
  const rolesOf = new Map<string, string[]>();
  for (const fn of fns) rolesOf.set(fn, rolesOfFunction(index, fn));
  const roles = [...new Set([...rolesOf.values()].flat())].filter((r) => r !== p.arn);
  const gains = accessGains(engine, p.arn, roles);
  const byArn = index.roles;
  return (fn) => {
    const linked = rolesOf.get(fn) ?? [];
    return !linked.length || linked.some((r) => gains.has(r) || escalates(byArn.get(r)!));
  };
}

/**
 * The writes of resource-based policies that gain `p` a request it is denied
 * (escalation-writes.ts `policyWrites`), at most one per resource, stopping past `limit`
 * resources. Candidates: the resources an identity Allow of `p` may name for a write action, and
 * those whose own policies may grant the write without one (`writeTargetsGranting`).
 */
function policyWritesOf(
  search: PrincipalSearch,
  identityMayName: (action: string, index: WriteIndex) => Set<number> | 'all',
  probe: (q: WriteRequest) => FreeDecision | null,
): PolicyWrite[] {
  const { engine, ctx, p, mayAllow, decideStep, limit } = search;
  if (!ctx.writeTargets.length) return [];
  const byPolicy = writeTargetsGranting(engine, ctx);
  // Per write action an identity Allow may match: the targets it may name.
  const viaIdentity = new Map<string, Set<number> | 'all'>();
  for (const [action, index] of ctx.writeActions)
    if (mayAllow(action)) viaIdentity.set(action, identityMayName(action, index));
  // The candidates in model order: those of some action's set, or every target.
  let candidates: Iterable<number>;
  if ([...viaIdentity.values()].includes('all')) candidates = ctx.writeTargets.keys();
  else {
    const at = new Set<number>(byPolicy);
    for (const set of viaIdentity.values()) for (const i of set as Set<number>) at.add(i);
    candidates = [...at].sort((a, b) => a - b);
  }
  // A stand-in is denied what the inputs do not grant it (see the module comment).
  const standIn = isOpenAccountStandIn(p);
  const startDenied = (q: WriteRequest) => {
    const d = probe(q);
    return !d || d.access === 'deny' || (standIn && !grantedByInputs(d));
  };
  // Known denials of `probe` are explicit (`deniedEverywhere`).
  const writerDenied = (q: WriteRequest) => {
    const d = probe(q);
    return !d || deniedExplicitly(d);
  };
  const out: PolicyWrite[] = [];
  for (const i of candidates) {
    const t = ctx.writeTargets[i]!;
    const granted = byPolicy.has(i);
    const decideWrite = (action: string, resource: string) => {
      const names = viaIdentity.get(action);
      return granted || names === 'all' || names?.has(i) ? decideStep({ action, resource }) : null;
    };
    for (const w of policyWrites(t, { engine, arn: p.arn }, decideWrite, startDenied, writerDenied)) {
      out.push(w);
      break;
    }
    if (out.length > limit) break;
  }
  return out;
}

/**
 * The severity of an escalation finding (every one: the methods', the writes', those through a
 * role chain, escalation-chains.ts): the method's when its steps are allowed, or allowed under
 * conditions that limit only their transport (risk-severity.ts `fullGrant`: the reports assume
 * TLS, so such a grant is a full grant); one step lower under a real condition; when not known,
 * one step lower but never below medium (risk-severity.ts `riskSeverity`, a possible takeover).
 */
export function escalationSeverity(
  severity: RiskFinding['severity'],
  access: Access,
  conditions: readonly string[],
  facts: readonly ConditionFacts[],
): RiskFinding['severity'] {
  return riskSeverity(severity, access, conditions, true, facts);
}

/**
 * The widest access of a finding's decisions, and every condition they name (once each, in order)
 * with what the engine reports each is about (`FreeDecision.conditionFacts`).
 */
function widest(
  decisions: readonly {
    access: Access;
    conditions: readonly string[];
    conditionFacts?: readonly ConditionFacts[] | undefined;
  }[],
): {
  access: Access;
  conditions: string[];
  facts: ConditionFacts[];
} {
  const access = decisions.reduce<Access>(
    (a, d) => (accessRank(d.access) > accessRank(a) ? d.access : a),
    'deny',
  );
  return {
    access,
    conditions: [...new Set(decisions.flatMap((d) => d.conditions))],
    facts: decisions.flatMap((d) => d.conditionFacts ?? []),
  };
}

function policyWriteFinding(
  engine: Engine,
  p: User | Role,
  writes: PolicyWrite[],
  limit: number,
): RiskFinding {
  const { access, conditions, facts } = widest(writes.map((w) => w.write));
  const open = escalationWhy(
    engine,
    p.arn,
    access,
    writes.map((w) => ({ step: { action: w.action, resource: w.resource }, d: w.write })),
  );
  // A write only on a version or alias the inputs do not name gains something only if one
  // exists: one step lower than a write on the function (escalation-writes.ts `unnamedQualifier`).
  const sure = writes.every((w) => w.unnamedQualifier) ? 'medium' : POLICY_WRITE_ESCALATION.severity;
  return rated<RiskFinding>(
    {
      kind: 'privilege-escalation',
      severity: escalationSeverity(sure, access, conditions, facts),
      subject: p.arn,
      detail: POLICY_WRITE_ESCALATION.detail,
      message: policyWriteMessage(principalLabel(p), writes, access, conditions, limit, open?.reasons),
      statements: mergeStatementRefs(...writes.map((w) => w.write.grants), open?.refs ?? []),
      ...escalationIndeterminate(access, open, p),
    },
    sure,
  );
}

/**
 * `p` may change its own tags where policies read aws:PrincipalTag (escalation-writes.ts): the
 * first tag request on itself not denied. Never more than medium: what other tags unlock is not
 * computed.
 */
function selfTagOf(search: PrincipalSearch): RiskFinding | undefined {
  const { engine, ctx, p, mayAllow, decideStep, limit } = search;
  for (const q of tagRequests(p)) {
    if (!mayAllow(q.action)) continue;
    const d = decideStep(q);
    if (!d || d.access === 'deny') continue;
    const open = escalationWhy(engine, p.arn, d.access, [{ step: q, d }]);
    return rated<RiskFinding>(
      {
        kind: 'privilege-escalation',
        severity: escalationSeverity(
          SELF_TAG_ESCALATION.severity,
          d.access,
          d.conditions,
          d.conditionFacts ?? [],
        ),
        subject: p.arn,
        detail: SELF_TAG_ESCALATION.detail,
        message: selfTagMessage(
          principalLabel(p),
          q.action,
          d.access,
          d.conditions,
          d.grants.filter((g) => g.effect !== 'Deny'),
          ctx.tagReaders,
          limit,
          open?.reasons,
        ),
        statements: mergeStatementRefs(d.grants, open?.refs ?? []),
        ...escalationIndeterminate(d.access, open, p),
      },
      SELF_TAG_ESCALATION.severity,
    );
  }
  return undefined;
}

/**
 * `p` may change the SCPs/RCPs governing its own account through the organization's delegation
 * policy (escalation-writes.ts `orgPolicyChanges`): one finding listing the changes (one per
 * action, the first resource), stopping past `limit`.
 */
function orgPolicyOf(search: PrincipalSearch): RiskFinding | undefined {
  const { engine, ctx, p, mayAllow, decideStep, limit } = search;
  if (!ctx.orgDelegations.length) return undefined;
  const decide = (action: string, resource: string) =>
    mayAllow(action) ? decideStep({ action, resource }) : null;
  const found: OrgPolicyChangeFound[] = [];
  for (const f of orgPolicyChanges(engine, ctx.orgDelegations, p.arn, decide)) {
    if (found.some((x) => x.change.action === f.change.action && x.delegation === f.delegation)) continue;
    found.push(f);
    if (found.length > limit) break;
  }
  if (!found.length) return undefined;
  const { access, conditions, facts } = widest(found.map((f) => f.d));
  const open = escalationWhy(
    engine,
    p.arn,
    access,
    found.map((f) => ({ step: { action: f.change.action, resource: f.resource }, d: f.d })),
  );
  return rated<RiskFinding>(
    {
      kind: 'privilege-escalation',
      severity: escalationSeverity(ORG_POLICY_ESCALATION.severity, access, conditions, facts),
      subject: p.arn,
      detail: ORG_POLICY_ESCALATION.detail,
      message: orgPolicyMessage(
        principalLabel(p),
        found[0]!.account,
        found.map((f) => ({
          action: f.change.action,
          written: f.written,
          does: f.change.does,
          delegation: f.delegation.name,
        })),
        access,
        conditions,
        limit,
        open?.reasons,
      ),
      statements: mergeStatementRefs(...found.map((f) => f.d.grants), open?.refs ?? []),
      ...escalationIndeterminate(access, open, p),
    },
    ORG_POLICY_ESCALATION.severity,
  );
}

/**
 * The targets whose steps the prefilter lets through and are not denied, the best access once
 * per target, stopping past `limit` (enough to make the point). Steps are decided in order until
 * one is denied.
 */
function targetsAllowing(
  alternatives: Iterable<Alternative>,
  mayAllowOn: (s: EscalationStep) => boolean,
  decideStep: (s: EscalationStep) => FreeDecision | null,
  limit: number,
): Found[] {
  const found: Found[] = [];
  for (const alt of alternatives) {
    // The prefilter first (no decision for a target no Allow can name); a search cut short names
    // a resource its maker chooses, which an Allow may name though it names none tried.
    if (!alt.steps.every((s) => (alt.cut && s.names !== undefined) || mayAllowOn(s))) continue;
    const decisions: FreeDecision[] = [];
    let knownDenied = false;
    for (const s of alt.steps) {
      const d = decideStep(s);
      // A step known to be denied denies the alternative, as a denied decision does.
      if (!d) {
        knownDenied = true;
        break;
      }
      decisions.push(d);
      if (d.access === 'deny' && !alt.cut) break;
    }
    if (knownDenied) continue;
    const access = combineAccess([
      // A search cut short: denied on the names tried, not on every name (`Alternative.cut`).
      ...decisions.map((d) => (alt.cut && d.access === 'deny' ? 'indeterminate' : d.access)),
      ...(alt.gainOpen ? (['indeterminate'] as const) : []),
    ]);
    if (access === 'deny') continue;
    if (found.some((f) => f.target === alt.target && accessRank(f.access) >= accessRank(access))) continue;
    found.push({
      target: alt.target,
      ...(alt.via ? { via: alt.via } : {}),
      steps: alt.steps,
      decisions,
      access,
      ...(alt.why ? { why: alt.why } : {}),
    });
    if (found.length > limit) break;
  }
  return found;
}

function escalationFinding(
  engine: Engine,
  p: User | Role,
  m: EscalationMethod,
  found: Found[],
  limit: number,
  notComputed?: string,
): RiskFinding {
  const {
    access: bestAccess,
    conditions,
    facts,
  } = widest(
    found.map((f) => ({
      access: f.access,
      conditions: f.decisions.flatMap((d) => d.conditions),
      conditionFacts: f.decisions.flatMap((d) => d.conditionFacts ?? []),
    })),
  );
  const why = escalationWhy(
    engine,
    p.arn,
    bestAccess,
    found.flatMap((f) => f.decisions.map((d, i) => ({ step: f.steps[i]!, d }))),
  );
  // A gain not computed (a new principal's forced boundary or chosen policy, a name search cut
  // short) says why, also where the steps' decisions name no unknown of their own.
  const open =
    (why?.found.length ? why : undefined) ??
    (notComputed
      ? {
          reasons: [notComputed],
          found: [
            {
              kind: 'unknown-value' as const,
              text: notComputed,
              stage: 'result' as const,
              ...(p.source ? { source: p.source } : {}),
            },
          ],
          refs: [],
        }
      : why);
  return rated<RiskFinding>(
    {
      kind: 'privilege-escalation',
      severity: escalationSeverity(m.severity, bestAccess, conditions, facts),
      subject: p.arn,
      detail: escalationDetail(m),
      message: escalationMessage(
        principalLabel(p),
        m,
        found.map((f) => (f.via ? { target: f.target, via: f.via } : f.target)),
        bestAccess,
        conditions,
        limit,
        open?.reasons,
      ),
      statements: mergeStatementRefs(
        ...found.flatMap((f) => f.decisions.map((d) => d.grants)),
        open?.refs ?? [],
      ),
      ...escalationIndeterminate(bestAccess, open, p),
    },
    m.severity,
  );
}
