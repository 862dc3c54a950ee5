// The review's outside-escalation findings: a caller outside the account that may become a role
// of the model through which it can become administrator-equivalent or raise its privileges (the
// role's escalation findings, risk-escalation.ts and escalation-chains.ts, and the administrator
// findings of risks.ts), as one finding: "account X can become administrator-equivalent in
// account A through role R", with every hop of the path and its statements. The callers, the
// entry points (`entryPoints`): an account outside the inputs or an organization its
// cross-account finding names (risk-external-access.ts); anyone, when a role's trust is open to
// every AWS account (its public-access finding); a web identity (OIDC, Cognito) or SAML
// provider's users, by the federated-entry-point finding of the role (federated-trust.ts), for an
// EKS cluster's issuer (IRSA) said as the pods they are (irsa-callers.ts `irsaPods`: whoever can
// run such a pod in the cluster, not users outside the account), and an EKS Pod Identity
// association's pods alike (pod-identity-trust.ts `podIdentityPods`). A caller that may invoke a
// Lambda function of the inputs (its public-access finding: a function URL with AuthType NONE, an
// API Gateway method open to anyone, a permission for every principal; or a cross-account one)
// gets no session, but makes the function run as its execution role (`functionEntryPoints`): "an
// anonymous caller can make function F run as role R, which can …" (AWS Lambda Developer Guide,
// "Defining Lambda function permissions with an execution role": the role "grants the function
// permission to access AWS services and resources"), severity the escalation's; a function whose
// role the inputs do not pin down, into each role Lambda may assume, undecided with why; one whose
// role the inputs name by ARN but do not define (`Model.outsideRoleUses`, an API Gateway
// integration's credentials role alike), into that role, whose permissions are unknown: one
// undecided way, administrator access (`outsideRoleEntry`), never silence. An API
// Gateway method open to anyone whose AWS integration acts as its credentials role
// (`apiEntryPoints`) makes the role make the one call the integration names: joined with the
// ways that call starts (`throughCalls`); a method whose function or credentials role is unknown,
// undecided into each role Lambda or API Gateway may assume. The
// halves are reported apart already (role R lets X in; role R can become an administrator); a
// reviewer who reads only one misses that together they hand the account to X. "When you assume
// a role, you give up your original permissions and take the permissions assigned to the role"
// (IAM User Guide, "Switch from a user to an IAM role (AWS CLI)"): a session of the role the
// caller gets may make every request of the role's escalations; so may one AssumeRoleWithWebIdentity
// or AssumeRoleWithSAML returns ("returns a set of temporary security credentials for users who
// have been authenticated in a mobile or web application with a web identity provider", AWS STS
// API Reference, AssumeRoleWithWebIdentity).
// - One finding per entry point (caller and entry role), listing its ways (`RiskFinding.ways`,
//   each with its path, statements and reasons; the diff compares them one by one,
//   diff/compare-risks.ts): administrator access (the entry role is an administrator, becomes one
//   through a chain, or assumes one), and each escalation of the entry role (its own or through a
//   chain) that is high when sure (risk-severity.ts `sureSeverity`): an undecided or conditional
//   one too, which would be high if the unknown went the bad way or the condition were met. Its
//   severity is its most severe way's; indeterminate only when every way is.
// - Severity: the end finding's, no higher than the path's (risk-severity.ts `riskSeverity` of
//   the end's sure severity over the entry hop and the chain's hops, a possible takeover): high
//   when every hop is allowed (or only under transport conditions), medium when a hop is
//   undecided or under another condition. A federated entry whose trust lets every user of the
//   provider in (federated-trust.ts `opensToAnyone`: no `sub`, a `sub` wildcard over owners,
//   Cognito without `aud`) weighs as allowed: its conditions test only the provider's claims,
//   which say which users, and any user gets through them.
// - Indeterminate when a hop or the end finding is: with the reasons of the undecided hop (the
//   engine's, `whyIndeterminate`), of each undecided chain hop at its statement, and the end
//   finding's own.
// Nothing is decided again but the entry hop of an account or of anyone (one sts:AssumeRole per
// principal standing for it and entry role, only for roles with something to gain; a federated
// entry's is its finding's decision) and, for an entry role, its role chains
// (chains.ts `assumableRoles`, cached per engine; the escalation chains made them already).
// Owns `outsideEscalations`; the wording is risk-messages.ts's `outsideEscalationMessage`.

import type { Engine } from '../engine/engine.js';
import { parseArn } from '../model/arns.js';
import { anyPrincipalArn, unnamedAccount } from '../model/stand-ins.js';
import type { Role, RoleUse, User } from '../model/types.js';
import {
  accessRank,
  assumableRoles,
  combineAccess,
  hopConditionFacts,
  mergeStatementRefs,
  trustedServices,
} from './chains.js';
import type { ApiMethodCall } from './risk-api-methods.js';
import { ESCALATION_METHODS } from './escalation-methods.js';
import { outsideRoleReason, outsideRoles, roleUseArn } from './escalation.js';
import { API_GATEWAY_PRINCIPAL } from '../aws/apigateway-methods.js';
import { isUnknown, type Maybe, type Unknown } from '../model/unknown.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { indeterminateOf } from './indeterminate.js';
import { reasonLine } from './decision-reasons.js';
import { entryConditionFacts } from './entry-condition-facts.js';
import { opensToAnyone } from './federated-trust.js';
import { irsaPods } from './irsa-callers.js';
import { podIdentityPods } from './pod-identity-trust.js';
import { POD_IDENTITY_SERVICE } from '../aws/eks-pod-identity.js';
import { policyHolderKey } from '../aws/arn-formats.js';
import { claimPrefixOf } from '../model/federation.js';
import { outsideAccounts, whyIndeterminate } from './risk-external-access.js';
import {
  ADMIN_REACHED_DETAIL,
  chainedDetail,
  outsideEscalationMessage,
  outsideWayPath,
  PUBLIC_IAM_URL_NOTE,
  PUBLIC_URL_NOTE,
  principalLabel,
  shortName,
  stepText,
} from './risk-messages.js';
import { indeterminateSeverity, rated, riskSeverity, sureSeverity } from './risk-severity.js';
import type { Source } from '../model/source.js';
import type {
  Access,
  ConditionFacts,
  MatrixReason,
  OutsideEscalationWay,
  RiskFinding,
  StatementRef,
} from './types.js';

const SEVERITY_RANK: Record<RiskFinding['severity'], number> = { high: 3, medium: 2, low: 1 };

/** What the review already found, read by `outsideEscalations`. */
export interface OutsideEscalationInputs {
  /** The review's cross-account findings (risk-external-access.ts). */
  crossAccount: readonly RiskFinding[];
  /** The review's public-access findings (risk-external-access.ts): those on a role let anyone in. */
  publicAccess: readonly RiskFinding[];
  /**
   * The public-access findings of API Gateway methods with what each makes AWS do
   * (risk-api-methods.ts `apiMethodCalls`): an integration acting as its credentials role, or one
   * whose function or role the inputs do not pin down.
   */
  apiCalls?: readonly ApiMethodCall[];
  /** The review's federated-entry-point findings (federated-trust.ts). */
  federated: readonly RiskFinding[];
  /** The users and roles the review covers (only these are entry roles). */
  subjects: readonly (User | Role)[];
  /** The escalation findings of a reviewed principal (its own and through chains). */
  escalationsOf: (arn: string) => readonly RiskFinding[];
  /** The administrator-equivalent finding of a model user or role, if it has one. */
  adminOf: (arn: string) => RiskFinding | undefined;
}

/** One step of the path from the outside account: its text and decision. */
interface Hop {
  text: string;
  access: Access;
  conditions: readonly string[];
  /** What the engine reports each condition is about (`FreeDecision.conditionFacts`), for the severity. */
  conditionFacts: readonly ConditionFacts[];
  grants: readonly StatementRef[];
  /** For an undecided hop: why, as reasons (analysis/indeterminate.ts). */
  reasons: readonly MatrixReason[];
  /** What the severity weighs when not `access` and `conditions` (a federated entry open to anyone). */
  weighed?: { access: Access; conditions: readonly string[]; conditionFacts: readonly ConditionFacts[] };
}

/** The role of an entry point: a role of the model, or one the inputs name by ARN but do not define. */
type EntryRole = Pick<Role, 'kind' | 'arn' | 'name' | 'account' | 'source'>;

/** A caller outside the account and a role it may become (see the module comment). */
interface EntryPoint {
  /** The caller in words, as the finding's message opens (`account X (outside the inputs)`). */
  who: string;
  /** The caller in the finding's detail (`account X`, `anyone`, a provider's ARN or name). */
  key: string;
  role: EntryRole;
  /**
   * For a role the inputs name by ARN but do not define (`outsideRoleEntry`): why what it may do
   * is unknown, the reason of its one undecided way.
   */
  outside?: MatrixReason;
  /** What the caller makes run as the role, when it gets no session of its own (`function F`). */
  runs?: string;
  /**
   * The only actions the caller makes the role call (an API Gateway integration's, as its
   * credentials role), an Unknown when the inputs do not pin one down: the ways whose
   * escalation needs none of them are no way for this caller (`throughCalls`).
   */
  calls?: readonly Maybe<string>[];
  /** The caller's entry into the role; undefined when it is denied. */
  hop: () => Hop | undefined;
}

/** A way for the outside account to gain `end` (a finding of the principal the hops reach). */
interface Candidate {
  admin: boolean;
  detail: string;
  hops: Hop[];
  end: RiskFinding;
  severity: RiskFinding['severity'];
}

/** Whether a finding says its principal is, or becomes, administrator-equivalent. */
function isAdminEnd(f: RiskFinding): boolean {
  return (
    f.kind === 'admin-equivalent' ||
    f.detail === ADMIN_REACHED_DETAIL ||
    f.detail === chainedDetail(ADMIN_REACHED_DETAIL)
  );
}

/**
 * The outside-escalation findings (see the module comment), in the order of the cross-account,
 * public-access and federated-entry-point findings they join.
 */
export function outsideEscalations(
  engine: Engine,
  inputs: OutsideEscalationInputs,
  limit: number,
): RiskFinding[] {
  const out: RiskFinding[] = [];
  const endsByRole = new Map<string, Omit<Candidate, 'severity'>[]>();
  for (const e of entryPoints(engine, inputs, limit)) {
    let ends = e.outside ? [outsideRoleEnd(e.role, e.outside)] : endsByRole.get(e.role.arn);
    if (!ends) {
      ends = endsOf(engine, e.role, inputs, limit);
      endsByRole.set(e.role.arn, ends);
    }
    const open = e.calls ? throughCalls(ends, e.calls) : ends;
    if (!open.length) continue;
    const hop = e.hop();
    if (!hop) continue;
    const best = new Map<string, Candidate>();
    for (const end of open) {
      const hops = [hop, ...end.hops];
      const severity = joinedSeverity(hops, end.end);
      const prev = best.get(end.detail);
      if (
        prev &&
        (SEVERITY_RANK[prev.severity] > SEVERITY_RANK[severity] ||
          (prev.severity === severity && prev.hops.length <= hops.length))
      )
        continue;
      best.set(end.detail, { ...end, hops, severity });
    }
    out.push(finding(e, [...best.values()], limit));
  }
  return out;
}

/** The ARN of a Lambda function (or of a version or alias of one). */
const LAMBDA_FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;

/** The federated requests that give a provider's users a role's credentials. */
const FEDERATED_ENTRY = new Set(['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);

/**
 * The entry points of the review's findings into the roles it covers: each outside account or
 * organization of a cross-account finding (an organization, and anyone, by the unnamed account's
 * stand-in, as the public findings decide them), anyone of a public finding on a role's trust, each
 * web identity or SAML provider of a federated-entry-point finding; once per caller and role.
 */
function entryPoints(engine: Engine, inputs: OutsideEscalationInputs, limit: number): EntryPoint[] {
  const roles = new Map(
    inputs.subjects.filter((p): p is Role => p.kind === 'role').map((r) => [r.arn, r] as const),
  );
  const model = engine.model;
  const principalsOf = outsideAccounts(model);
  const other = unnamedAccount(model);
  // anyone: an anonymous caller, any user or role of an account the inputs do not name
  const anyone = [
    'anonymous',
    anyPrincipalArn(model.partition, other, 'user'),
    anyPrincipalArn(model.partition, other, 'role'),
  ];
  const out = new Map<string, EntryPoint>();
  const add = (e: EntryPoint) => {
    const id = `${e.key}\n${e.role.arn}`;
    if (!out.has(id)) out.set(id, e);
  };
  for (const c of inputs.crossAccount) {
    const role = roles.get(c.subject);
    if (!c.detail || !role) continue;
    const principals = principalsOf.get(c.detail) ?? anyone;
    add({
      who: `${c.detail} (outside the inputs)`,
      key: c.detail,
      role,
      hop: () => entryHop(engine, principals, role, limit),
    });
  }
  // a sure public finding first, so a role with a sure and an undecided one is said to be open
  const publicFirst = [...inputs.publicAccess].sort((a, b) => +!!a.indeterminate - +!!b.indeterminate);
  for (const p of publicFirst) {
    const role = roles.get(p.subject);
    if (!role) continue;
    add({
      // an undecided public finding (a trust the inputs leave unknown) may let anyone in, not does
      who: `anyone (any AWS account: the trust ${p.indeterminate ? 'may let' : 'lets'} every principal in)`,
      key: 'anyone',
      role,
      hop: () => entryHop(engine, anyone, role, limit),
    });
  }
  for (const f of inputs.federated) {
    const role = f.entry && roles.get(f.entry.role);
    if (!f.entry || !role) continue;
    const entry = f.entry;
    // EKS Pod Identity: the pods of the service account an association names (pod-identity-trust.ts)
    const pod =
      entry.caller === POD_IDENTITY_SERVICE ? podIdentityPods(model, role.arn, entry.callerLabel) : undefined;
    if (pod) {
      add({
        who: `${pod.pods} (EKS Pod Identity association: whoever can run such a pod in the cluster)`,
        key: pod.key,
        role,
        hop: () => federatedHop(engine, f, role, limit),
      });
      continue;
    }
    if (!FEDERATED_ENTRY.has(entry.action)) continue;
    // IRSA: the callers are the pods of the cluster, whoever can run one (irsa-callers.ts)
    const pods = irsaPods(model, role, entry.caller);
    add({
      who: pods
        ? `${pods} (IRSA through OIDC provider ${claimPrefixOf(entry.caller)}: whoever can run such a pod in the cluster)`
        : `${entry.callerLabel} (federated users, outside the account)`,
      key: entry.caller,
      role,
      hop: () => federatedHop(engine, f, role, limit),
    });
  }
  for (const e of functionEntryPoints(engine, inputs, roles, limit)) add(e);
  for (const e of apiEntryPoints(model, inputs.apiCalls ?? [], roles, limit)) add(e);
  for (const e of stateMachineEntryPoints(engine, inputs.apiCalls ?? [], roles, limit)) add(e);
  return [...out.values()];
}

/** The lower-case actions the escalation methods request (iam:PassRole aside: it is no request), and role assumption. */
let escalationActions: ReadonlySet<string> | undefined;
function escalationRequests(): ReadonlySet<string> {
  escalationActions ??= new Set(
    [...ESCALATION_METHODS.flatMap((m) => m.actions), 'sts:AssumeRole']
      .map((a) => a.toLowerCase())
      .filter((a) => a !== 'iam:passrole'),
  );
  return escalationActions;
}

/**
 * The requests a way's first step makes as the entry role, lower case: a role assumption for a
 * way through a chain; the method's requests for an escalation (ESCALATION_METHODS by its detail,
 * iam:PassRole aside); any escalation method's for an administrator (what it can do with one
 * call is what the call is); undefined when the method is not known by its detail.
 */
function firstRequests(end: Omit<Candidate, 'severity'>): ReadonlySet<string> | undefined {
  const f = end.end;
  if (end.hops.length || f.detail?.endsWith(chainedDetail(''))) return new Set(['sts:assumerole']);
  if (f.kind === 'admin-equivalent') return escalationRequests();
  const method = ESCALATION_METHODS.find((m) => m.detail === f.detail);
  if (!method) return undefined;
  return new Set(method.actions.map((a) => a.toLowerCase()).filter((a) => a !== 'iam:passrole'));
}

/**
 * The ways a caller that makes the role call only `calls` has (an API Gateway integration acting
 * as its credentials role: "To specify an IAM Role for API Gateway to assume, use the role's
 * Amazon Resource Name (ARN)", API Reference, Integration.credentials; API Gateway makes the one
 * call the integration names): those whose first step requests one of them; every way when a
 * call is unknown (the way then depends on it: the entry hop says why).
 */
function throughCalls(
  ends: readonly Omit<Candidate, 'severity'>[],
  calls: readonly Maybe<string>[],
): Omit<Candidate, 'severity'>[] {
  if (calls.some((c) => isUnknown(c))) return [...ends];
  const made = calls.map((c) => (c as string).toLowerCase());
  return ends.filter((end) => {
    const needs = firstRequests(end);
    return !needs || made.some((a) => needs.has(a));
  });
}

/** Whether a role's trust lets `service` in, or is unknown (anybody might assume it). */
function mayRunFor(role: Role, service: string): boolean {
  return !!role.trustPolicy?.unknown || trustedServices(role).includes(service);
}

/** The reason of an entry the inputs do not pin down: `what` is not pinned down (`why`), it may be `role`. */
function notPinned(
  what: string,
  why: Unknown | undefined,
  role: EntryRole,
  source: Role['source'],
): MatrixReason {
  const at = why?.source ?? source;
  return {
    kind: 'unknown-value',
    text: `${what} is not pinned down${why ? ` (${why.reason})` : ''}: it may be ${principalLabel(role)}`,
    stage: 'result',
    ...(at ? { source: at } : {}),
  };
}

/**
 * The anonymous callers of the API Gateway methods open to anyone (risk-api-methods.ts
 * `apiMethodCalls`), into the roles their integrations act as or run: the integration's
 * credentials role ("an anonymous caller (through API Gateway method M of A, integration
 * credentials role R) can make API Gateway's A call run as role R"), limited to the ways its
 * action starts (`calls`); and, undecided with why, every covered role an integration whose
 * role or function the inputs do not pin down may act as or run as (a role Lambda or API Gateway
 * may assume, or whose trust is unknown). A method whose function is known is a finding on the
 * function, which `functionEntryPoints` joins.
 */
function apiEntryPoints(
  model: Engine['model'],
  calls: readonly ApiMethodCall[],
  roles: ReadonlyMap<string, Role>,
  limit: number,
): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const c of calls) {
    const t = c.target;
    const actions = c.actions.map((a) => (isUnknown(a) ? '(an action the inputs do not pin down)' : a));
    const callWords = `API Gateway's ${[...new Set(actions)].join(' / ')} call`;
    if (!isUnknown(t) && t.kind === 'role' && !isUnknown(t.role)) {
      const covered = roles.get(t.role);
      // a credentials role the inputs name by ARN but do not define: what it may do is unknown
      const outside =
        covered || model.roles.some((r) => r.arn === t.role)
          ? undefined
          : outsideRoleEntry(t.role, `${c.method} (integration credentials)`, c.finding.place?.source);
      const role = covered ?? outside?.role;
      if (!role) continue;
      const openAction = c.actions.find((a): a is Unknown => isUnknown(a));
      out.push({
        who: `an anonymous caller (through ${c.method}, integration credentials ${principalLabel(role)})`,
        key: `anonymous: ${c.method} as ${role.arn}`,
        role,
        ...(outside ? { outside: outside.outside } : {}),
        runs: callWords,
        calls: c.actions,
        hop: () =>
          callHop(
            c,
            `which makes ${callWords} as ${principalLabel(role)}`,
            limit,
            openAction && notPinned(`the action the integration calls`, openAction, role, role.source),
          ),
      });
      continue;
    }
    // what the inputs leave open: the function it runs, its credentials role, or the integration
    const fn = !isUnknown(t) && t.kind === 'function' ? t : undefined;
    const asRole = !isUnknown(t) && t.kind === 'role' ? t : undefined;
    if (!isUnknown(t) && !asRole && !(fn && isUnknown(fn.function))) continue;
    const why = isUnknown(t) ? t : fn ? (fn.function as Unknown) : (asRole!.role as Unknown);
    const what = fn
      ? `the function ${c.method} runs (so the role it runs as)`
      : asRole
        ? `the integration credentials role of ${c.method}`
        : `the integration of ${c.method} (the function it runs, or the role it acts as)`;
    const services = fn
      ? ['lambda.amazonaws.com']
      : asRole
        ? [API_GATEWAY_PRINCIPAL]
        : ['lambda.amazonaws.com', API_GATEWAY_PRINCIPAL];
    for (const role of roles.values()) {
      if (!services.some((s) => mayRunFor(role, s))) continue;
      out.push({
        who: `an anonymous caller (through ${c.method}, whose ${fn ? 'function' : asRole ? 'credentials role' : 'integration'} the inputs do not pin down)`,
        key: `anonymous: ${c.method} (${fn ? 'function' : asRole ? 'credentials role' : 'integration'} not pinned down)`,
        role,
        runs: fn ? 'its function' : asRole ? callWords : 'its integration',
        ...(fn ? {} : { calls: asRole ? c.actions : [why] }),
        hop: () =>
          callHop(
            c,
            `which may ${fn ? 'run a function' : 'act'} as ${principalLabel(role)}`,
            limit,
            notPinned(what, why, role, role.source),
          ),
      });
    }
  }
  return out;
}

/**
 * The anonymous callers of the open API Gateway methods whose integration may call Step Functions
 * StartExecution as its credentials role (`apiEntryPoints`), into the role of each state machine of
 * the inputs that role is not denied starting (Role.usedBy, and a role outside the inputs,
 * escalation.ts `outsideRoles`): the execution runs as the state machine's role, as a function
 * runs as its own (AWS Step Functions API Reference, StartExecution: "Starts a state machine
 * execution."; CreateStateMachine roleArn: "The Amazon Resource Name (ARN) of the IAM role to use
 * for this state machine."). Which state machine the integration's request names is not read here:
 * each such way is undecided, with why.
 */
function stateMachineEntryPoints(
  engine: Engine,
  calls: readonly ApiMethodCall[],
  roles: ReadonlyMap<string, Role>,
  limit: number,
): EntryPoint[] {
  const model = engine.model;
  const machines: { u: RoleUse; role: EntryRole; outside?: (what: string) => MatrixReason }[] = [];
  for (const role of roles.values())
    for (const u of role.usedBy) if (u.kind === 'state-machine') machines.push({ u, role });
  for (const [arn, uses] of outsideRoles(model))
    for (const u of uses)
      if (u.kind === 'state-machine') {
        const { role } = outsideRoleEntry(arn, '', u.source);
        machines.push({ u, role, outside: (what) => outsideRoleEntry(arn, what, u.source).outside });
      }
  if (!machines.length) return [];
  const out: EntryPoint[] = [];
  for (const c of calls) {
    const t = c.target;
    if (isUnknown(t) || t.kind !== 'role' || isUnknown(t.role)) continue;
    const credentials = t.role;
    if (!c.actions.some((a) => isUnknown(a) || a.toLowerCase() === START_EXECUTION)) continue;
    const held = model.roles.some((r) => r.arn === credentials);
    for (const m of machines) {
      const arn = roleUseArn(model, m.role, m.u);
      if (!arn) continue;
      // A credentials role of the inputs denied the start starts nothing; one outside them may.
      if (
        held &&
        decideAnyContext(
          engine,
          { principal: credentials, action: 'states:StartExecution', resource: arn },
          LEAN,
        ).access === 'deny'
      )
        continue;
      const what = `state machine ${m.u.name}`;
      const open: MatrixReason = {
        kind: 'unknown-value',
        text: `which state machine ${c.method} starts is not read from its request: it may be ${what}, which runs as ${principalLabel(m.role)}`,
        stage: 'result',
        ...(m.u.source ? { source: m.u.source } : {}),
      };
      out.push({
        who: `an anonymous caller (through ${c.method}, integration credentials ${shortName(credentials)})`,
        key: `anonymous: ${c.method} starts ${arn}`,
        role: m.role,
        ...(m.outside ? { outside: m.outside(`Step Functions ${what}`) } : {}),
        runs: what,
        hop: () => callHop(c, `which makes API Gateway start ${what}`, limit, open),
      });
    }
  }
  return out;
}

/** The request that starts a state machine's execution, lower-cased. */
const START_EXECUTION = 'states:startexecution';

/**
 * A role the inputs name by ARN but do not define, that `what` runs (acts) as, as an entry role
 * (named by the ARN's last path segment): what it may do is unknown to the inputs, the reason at
 * `source`, where the inputs name it (AWS Lambda Developer Guide, "Defining Lambda function
 * permissions with an execution role": the role "grants the function permission to access AWS
 * services and resources"; an API Gateway integration's credentials role makes its call).
 */
function outsideRoleEntry(
  arn: string,
  what: string,
  source: Source | undefined,
): { role: EntryRole; outside: MatrixReason } {
  const parsed = parseArn(arn);
  const name = parsed ? parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1) : arn;
  return {
    role: { kind: 'role', arn, name, account: parsed?.account ?? '', source: source ?? {} },
    outside: outsideRoleReason(what, arn, source),
  };
}

/**
 * The one way of a role outside the inputs (`outsideRoleEntry`): it may be administrator-
 * equivalent, undecided with `why` (severity one step below administrator access, risk-severity.ts
 * `indeterminateSeverity`).
 */
function outsideRoleEnd(role: EntryRole, why: MatrixReason): Omit<Candidate, 'severity'> {
  const end: RiskFinding = rated(
    {
      kind: 'admin-equivalent',
      severity: indeterminateSeverity('high', true),
      subject: role.arn,
      message: `${principalLabel(role)} may be administrator-equivalent: it is outside the inputs`,
      statements: [],
      indeterminate: indeterminateOf([why], { text: why.text }),
    },
    'high',
  );
  return { admin: true, detail: ADMIN_REACHED_DETAIL, hops: [], end };
}

/**
 * The anonymous caller's execute-api:Invoke on an open method, as its finding decided it
 * (`ApiMethodCall.access`); undecided with `open` first among its reasons when `open` is given.
 */
function callHop(c: ApiMethodCall, then: string, limit: number, open?: MatrixReason): Hop {
  const access: Access = open ? 'indeterminate' : c.access;
  const conditions = access === 'conditional' ? c.conditions : [];
  const conditionFacts = access === 'conditional' ? c.conditionFacts : [];
  const reasons = [...(open ? [open] : []), ...(c.finding.indeterminate?.reasons ?? [])];
  const grants = c.finding.statements;
  const target = `on ${c.method}, ${then}`;
  const step = { access, conditions, grants, ...(reasons.length ? { why: reasons.map(reasonLine) } : {}) };
  return {
    text: stepText('execute-api:Invoke', target, step, limit),
    access,
    conditions,
    conditionFacts,
    grants,
    reasons:
      access === 'indeterminate'
        ? reasons.length
          ? reasons
          : [hopReason(grants, `execute-api:Invoke ${target}`)]
        : [],
  };
}

/**
 * The callers that may invoke a Lambda function of the inputs, each into the execution role the
 * function runs as (`Role.usedBy`): the caller gets no session of the role, but makes the function
 * run as it, and whatever the role can do, the function's run can. From the public-access findings
 * on functions (a function URL with AuthType NONE, an API Gateway method open to anyone that runs
 * the function, a resource policy for every principal) and the cross-account ones.
 */
function functionEntryPoints(
  engine: Engine,
  inputs: OutsideEscalationInputs,
  roles: ReadonlyMap<string, Role>,
  limit: number,
): EntryPoint[] {
  const runners = functionRoles(engine, roles);
  const out: EntryPoint[] = [];
  const unlinked = engine.model.unlinkedRoleUses?.filter((u) => u.kind === 'lambda-function') ?? [];
  const join = (f: RiskFinding, caller: FunctionCaller) => {
    const fn = policyHolderKey(f.subject);
    const name = engine.model.resources.find((r) => r.arn === fn)?.name ?? fn.split(':')[6] ?? fn;
    for (const run of runners.get(fn) ?? []) {
      const words = caller(`function ${name}`, fn);
      out.push({
        who: words.who,
        key: words.key,
        role: run.role,
        ...(run.outside ? { outside: run.outside(`Lambda function ${name}`) } : {}),
        runs: `function ${name}`,
        hop: () => findingHop(f, words, limit),
      });
    }
    // a function whose role the inputs do not pin down (`Model.unlinkedRoleUses`), or that is not
    // in the inputs (an API method's integration naming another function), may run as any role
    // its service may assume: undecided, with why (escalation.ts's rule of such uses)
    const held = engine.model.resources.some((r) => r.arn === fn);
    const unpinned = [
      ...unlinked.filter((u) => u.arn === fn),
      ...(!held && f.place && LAMBDA_FUNCTION_ARN.test(fn)
        ? [
            {
              service: 'lambda.amazonaws.com',
              why: 'the function is not in the inputs',
              source: f.place.source,
            },
          ]
        : []),
    ];
    for (const u of unpinned)
      for (const role of roles.values()) {
        if (!mayRunFor(role, u.service)) continue;
        const words = caller(`function ${name}`, fn);
        const why: MatrixReason = {
          kind: 'unknown-value',
          text: `the role of Lambda function ${name} is not pinned down (${u.why}): it may be ${principalLabel(role)}`,
          stage: 'result',
          source: u.source,
        };
        out.push({
          who: words.who,
          key: words.key,
          role,
          runs: `function ${name}`,
          hop: () => findingHop(f, words, limit, why),
        });
      }
  };
  for (const f of inputs.publicAccess) join(f, publicCaller(f));
  for (const c of inputs.crossAccount) {
    if (!c.detail) continue;
    const account = c.detail;
    join(c, (fn, arn) => ({
      who: `${account} (outside the inputs)`,
      key: `${account}: invoke ${arn}`,
      action: 'lambda:InvokeFunction',
      target: `on ${fn}`,
      base: 'medium',
    }));
  }
  return out;
}

/**
 * The roles each Lambda function of the inputs runs as, by function ARN: the covered roles it is
 * linked to (`Role.usedBy`), and a role its use names by an ARN the inputs do not define
 * (`Model.outsideRoleUses`), with why what it may do is unknown (`outsideRoleEntry`, said of the
 * function in words); a role of the inputs the review does not cover, none.
 */
function functionRoles(
  engine: Engine,
  roles: ReadonlyMap<string, Role>,
): Map<string, { role: EntryRole; outside?: (what: string) => MatrixReason }[]> {
  const out = new Map<string, { role: EntryRole; outside?: (what: string) => MatrixReason }[]>();
  const add = (fn: string, run: { role: EntryRole; outside?: (what: string) => MatrixReason }) => {
    const list = out.get(fn);
    if (list?.some((r) => r.role.arn === run.role.arn)) return;
    if (list) list.push(run);
    else out.set(fn, [run]);
  };
  for (const role of roles.values())
    for (const u of role.usedBy) if (u.kind === 'lambda-function') add(u.arn, { role });
  for (const u of engine.model.outsideRoleUses ?? []) {
    if (u.kind !== 'lambda-function') continue;
    const covered = roles.get(u.role);
    if (covered) add(u.arn, { role: covered });
    else if (!engine.model.roles.some((r) => r.arn === u.role)) {
      const { role } = outsideRoleEntry(u.role, '', u.source);
      add(u.arn, { role, outside: (what) => outsideRoleEntry(u.role, what, u.source).outside });
    }
  }
  return out;
}

/** How a caller invokes a function, in words (`fn`: `function F`; `arn`: its ARN). */
type FunctionCaller = (
  fn: string,
  arn: string,
) => { who: string; key: string; action: string; target: string; base: RiskFinding['severity'] };

/**
 * The caller of a public-access finding on a function: anonymous through its function URL
 * (AuthType NONE) or an API Gateway method (the finding's `place`); any authenticated principal
 * of any account through a URL with AuthType AWS_IAM (the function policy grants every principal;
 * the caller writes the identity-based policy that is the other half, AWS Lambda Developer Guide,
 * "Control access to Lambda function URLs"); else any AWS account (an anonymous direct invoke is
 * denied: aws/lambda.ts `anonymousDirectInvoke`).
 */
function publicCaller(f: RiskFinding): FunctionCaller {
  if (f.place) {
    const method = f.place.text.replace(/ is defined$/, '');
    return (fn, arn) => ({
      who: `an anonymous caller (${method})`,
      key: `anonymous: ${method} running ${arn}`,
      action: 'execute-api:Invoke',
      target: `on ${method}, which runs ${fn}`,
      base: 'high',
    });
  }
  if (f.message.includes(PUBLIC_IAM_URL_NOTE))
    return (fn, arn) => ({
      who: 'any authenticated AWS principal of any account (through its function URL, AuthType AWS_IAM, with an identity-based policy of its own that allows the call)',
      key: `any authenticated principal: function URL of ${arn}`,
      action: 'lambda:InvokeFunctionUrl',
      target: `on ${fn}`,
      base: 'high',
    });
  if (f.message.includes(PUBLIC_URL_NOTE))
    return (fn, arn) => ({
      who: 'an anonymous caller (through its function URL, AuthType NONE)',
      key: `anonymous: function URL of ${arn}`,
      action: 'lambda:InvokeFunctionUrl',
      target: `on ${fn}`,
      base: 'high',
    });
  const lets = f.indeterminate ? 'may let' : 'lets';
  return (fn, arn) => ({
    who: `any AWS account (the resource policy of ${fn} ${lets} every principal invoke it)`,
    key: `anyone: invoke ${arn}`,
    action: 'lambda:InvokeFunction',
    target: `on ${fn}`,
    base: 'high',
  });
}

/**
 * The caller's invoke of a function, as the finding `f` that lets it in decided it: allowed when
 * the finding has its full severity (`base`), under conditions when lower, undecided when it is
 * or when what it runs as is not pinned down (`open`, first among the reasons).
 */
function findingHop(
  f: RiskFinding,
  words: { action: string; target: string; base: RiskFinding['severity'] },
  limit: number,
  open?: MatrixReason,
): Hop {
  const access: Access =
    open || f.indeterminate ? 'indeterminate' : f.severity === words.base ? 'allow' : 'conditional';
  // Conditional only when the finding is below its full severity, so its conditions are real
  // limits (a transport-only one leaves it at its full severity): this condition is about no
  // context key, and its facts say so (no keys: a real condition, risk-severity.ts `transportOnly`).
  const conditions = access === 'conditional' ? [`the conditions its ${f.kind} finding names`] : [];
  const conditionFacts = conditions.map((text) => ({ text, keys: [], absent: false }));
  const reasons = [...(open ? [open] : []), ...(f.indeterminate?.reasons ?? [])];
  const step = {
    access,
    conditions,
    grants: f.statements,
    ...(reasons.length ? { why: reasons.map(reasonLine) } : {}),
  };
  return {
    text: stepText(words.action, words.target, step, limit),
    access,
    conditions,
    conditionFacts,
    grants: f.statements,
    reasons:
      access === 'indeterminate'
        ? reasons.length
          ? reasons
          : [hopReason(f.statements, `${words.action} ${words.target}`)]
        : [],
  };
}

/**
 * A federated caller's entry into `role`, as its federated-entry-point finding `f` decided it;
 * weighed as allowed when the trust lets every user of the provider in (`opensToAnyone`).
 */
function federatedHop(engine: Engine, f: RiskFinding, role: Role, limit: number): Hop {
  const e = f.entry!;
  const step = {
    access: e.access,
    conditions: e.conditions,
    grants: f.statements,
    ...(e.reasons?.length ? { why: e.reasons.map(reasonLine) } : {}),
  };
  const target = `into ${principalLabel(role)}`;
  const anyUser =
    e.access === 'conditional' && opensToAnyone(engine, role, e.caller, e.conditions, entryConditionFacts(e));
  return {
    text: stepText(e.action, target, step, limit),
    access: e.access,
    conditions: e.conditions,
    conditionFacts: entryConditionFacts(e),
    grants: f.statements,
    reasons:
      e.access === 'indeterminate'
        ? e.reasons?.length
          ? e.reasons
          : [hopReason(f.statements, `${e.action} ${target}`)]
        : [],
    ...(anyUser ? { weighed: { access: 'allow', conditions: [], conditionFacts: [] } } : {}),
  };
}

/**
 * What an entry role leads to: being an administrator, assuming one (its role chains), and each
 * of its high-severity escalation findings (an administrator one counts as administrator access).
 */
function endsOf(
  engine: Engine,
  role: EntryRole,
  inputs: OutsideEscalationInputs,
  limit: number,
): Omit<Candidate, 'severity'>[] {
  const admin = inputs.adminOf(role.arn);
  const asAdmin = admin ? [{ admin: true, detail: ADMIN_REACHED_DETAIL, hops: [], end: admin }] : [];
  // An administrator has every escalation; one that might be one (undecided) has its own too.
  if (admin && !admin.indeterminate) return asAdmin;
  const out: Omit<Candidate, 'severity'>[] = asAdmin;
  for (const f of inputs.escalationsOf(role.arn)) {
    const isAdmin = isAdminEnd(f);
    if (!isAdmin && sureSeverity(f) !== 'high') continue;
    out.push({
      admin: isAdmin,
      detail: isAdmin ? ADMIN_REACHED_DETAIL : (f.detail ?? 'escalation'),
      hops: [],
      end: f,
    });
  }
  for (const reached of assumableRoles(engine, role.arn)) {
    const end = inputs.adminOf(reached.role);
    if (!end) continue;
    const hops = reached.path.map(
      (h): Hop => ({
        text: stepText(h.action ?? 'sts:AssumeRole', `into ${shortName(h.role)}`, h, limit),
        access: h.access,
        conditions: h.conditions,
        conditionFacts: hopConditionFacts(h),
        grants: h.grants,
        reasons:
          h.access === 'indeterminate'
            ? [hopReason(h.grants, `sts:AssumeRole into ${shortName(h.role)}`)]
            : [],
      }),
    );
    out.push({ admin: true, detail: ADMIN_REACHED_DETAIL, hops, end });
  }
  return out;
}

/**
 * The outside account's sts:AssumeRole into `role`: the best decision over the principals that
 * stand for it (allowed over conditional over undecided); undefined when every one is denied.
 */
function entryHop(engine: Engine, principals: readonly string[], role: Role, limit: number): Hop | undefined {
  let best: { principal: string; d: ReturnType<typeof decideAnyContext> } | undefined;
  for (const principal of principals) {
    const d = decideAnyContext(engine, { principal, action: 'sts:AssumeRole', resource: role.arn }, LEAN);
    if (d.access === 'deny') continue;
    if (!best || accessRank(d.access) > accessRank(best.d.access)) best = { principal, d };
  }
  if (!best) return undefined;
  const { d } = best;
  const why =
    d.access === 'indeterminate'
      ? whyIndeterminate(engine, best.principal, 'sts:AssumeRole', { arn: role.arn, kind: 'role' })
      : undefined;
  const grants = mergeStatementRefs(d.grants, why?.refs ?? []);
  const step = { access: d.access, conditions: d.conditions, grants, ...(why ? { why: why.reasons } : {}) };
  return {
    text: stepText('sts:AssumeRole', `into ${principalLabel(role)}`, step, limit),
    access: d.access,
    conditions: d.conditions,
    conditionFacts: d.conditionFacts ?? [],
    grants,
    reasons: why
      ? why.found.length
        ? why.found
        : [hopReason(grants, `sts:AssumeRole into ${principalLabel(role)}`)]
      : [],
  };
}

/** An undecided hop's reason, at the first statement that grants it (as escalation-chains.ts words a step's). */
function hopReason(grants: readonly StatementRef[], step: string): MatrixReason {
  const at = grants.find((g) => g.source);
  return {
    kind: 'unknown-value',
    text: `the step ${step} depends on what the inputs do not pin down`,
    stage: at?.stage ?? 'result',
    ...(at?.policy !== undefined ? { policy: at.policy } : {}),
    ...(at?.statement !== undefined ? { statement: at.statement } : {}),
    ...(at?.source ? { source: at.source } : {}),
  };
}

/** The end finding's severity, no higher than the path's (see the module comment). */
function joinedSeverity(hops: readonly Hop[], end: RiskFinding): RiskFinding['severity'] {
  const weighed = hops.map((h) => h.weighed ?? h);
  const access = combineAccess(weighed.map((h) => h.access));
  const conditions = [...new Set(weighed.flatMap((h) => h.conditions))];
  const facts = weighed.flatMap((h) => h.conditionFacts ?? []);
  const path = riskSeverity(sureSeverity(end), access, conditions, true, facts);
  return SEVERITY_RANK[path] < SEVERITY_RANK[end.severity] ? path : end.severity;
}

/** Why a way is undecided (its hops' and its end finding's reasons); empty when it is not. */
function openReasons(x: Candidate): MatrixReason[] {
  return [...x.hops.flatMap((h) => h.reasons), ...(x.end.indeterminate?.reasons ?? [])];
}

/** Most severe first, then administrator access first; else in the order found. */
function byWeight(a: Candidate, b: Candidate): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || +b.admin - +a.admin;
}

/**
 * The one finding of a caller and entry role: every way (`ways`, each with its path, statements
 * and, when undecided, why), severity the highest; indeterminate only when every way is (one sure
 * way makes the climb sure; the others keep their reasons in `ways`).
 */
function finding(e: EntryPoint, found: Candidate[], limit: number): RiskFinding {
  const { role } = e;
  const account = parseArn(role.arn)?.account ?? role.account;
  const candidates = [...found].sort(byWeight);
  const text = `whether ${e.key} can escalate through ${principalLabel(role)} depends on what the inputs do not pin down`;
  const words = candidates.map((x) => ({
    detail: x.detail,
    admin: x.admin,
    hops: x.hops.map((h) => h.text),
    endMessage: x.end.message,
  }));
  const ways: OutsideEscalationWay[] = candidates.map((x, i) => {
    const open = openReasons(x);
    return {
      detail: x.detail,
      severity: x.severity,
      admin: x.admin,
      message: outsideWayPath(words[i]!),
      statements: wayStatements(x),
      ...(open.length || x.end.indeterminate
        ? { indeterminate: indeterminateOf(open, { text, source: role.source }) }
        : {}),
    };
  });
  const undecided = ways.every((w) => w.indeterminate);
  return {
    kind: 'outside-escalation',
    severity: candidates[0]!.severity,
    subject: role.arn,
    detail: e.key,
    message: outsideEscalationMessage(
      { who: e.who, account, roleLabel: principalLabel(role), ...(e.runs ? { runs: e.runs } : {}) },
      words,
      e.key,
      limit,
    ),
    statements: mergeStatementRefs(...ways.map((w) => w.statements)),
    ...(undecided
      ? { indeterminate: indeterminateOf(candidates.flatMap(openReasons), { text, source: role.source }) }
      : {}),
    ways,
  };
}

function wayStatements(x: Candidate): StatementRef[] {
  return mergeStatementRefs(...x.hops.map((h) => [...h.grants]), x.end.statements);
}
