// The review's escalation findings that take more than one step: a user or role that can become a
// role through a chain of sts:AssumeRole (AssumeRoleWithWebIdentity / SAML for a federated
// caller: chains.ts `assumableRoles`, the chains the matrix, who-can and the diff follow), or that
// can pass a role to new compute it starts (iam:PassRole and a start request: escalation.ts
// `passRoleEdgesTo`, the escalation graph's pass-role edge; "To pass a role (and its permissions)
// to an AWS service, a user must have permissions to pass the role to the service", IAM User
// Guide, "Grant a user permissions to pass a role to an AWS service"), has every
// escalation that role has (risk-escalation.ts: a Rhino Security Labs method, a resource-policy
// write, tagging itself, an Organizations policy change), since a session of the role may make
// the role's requests: "When you assume a role, you give up your original permissions and take
// the permissions assigned to the role" (IAM User Guide, "Switch from a user to an IAM role (AWS
// CLI)", id_roles_use_switch-role-cli.html), and "role chaining" lets a role session assume a
// further role (IAM User Guide, "Methods to assume a role"). The spec's `noEscalation` follows the
// same paths (spec/check-escalation.ts); this is the review's rule, made from the findings the
// review already has for each role (no escalation is decided again per start).
// - A pass-role step is one step (the role passed runs the start's code); it is looked for only
//   from a principal some identity Allow may grant iam:PassRole (the start, or a role the start
//   can become: user -> assume A -> A passes R), towards roles that escalate and that a compute
//   service is trusted to assume. The pass-role steps of each principal are made once per review
//   and joined to every chain that reaches it (no per-start decision: the cost is the chains'
//   plus one pass-role look per role that may pass a role).
// - One finding per start and escalation detail (`Rhino Security Labs method 9, through a role
//   chain`), naming the path to the best role reached with it (by severity, then the fewest steps) (each hop with the statements
//   that allow it and where they are written) and the role's own finding; the other roles
//   reached with the same escalation are listed by name.
// - Severity: the role's finding's (what is gained) when every hop is allowed, or allowed under
//   conditions that limit only transport; low otherwise (risk-escalation.ts `escalationSeverity`).
// - A resource-policy write counts when some request it gains the role is one the start cannot
//   make itself (what the spec's `noEscalation` asks of every write), or when the role's list
//   was cut at the list limit (other resources may gain the start something).
// - No finding where the start's own finding of the same detail is as severe: it says it already.
// - An administrator-equivalent principal reached by a path with a method step (another user's
//   keys or password, new code for its function...; not by assuming roles only: an organisation
//   lets its users assume roles) is an end too: `administrator access, through a chain`, with its
//   administrator finding's severity when every step is allowed. Paths go no further than an
//   administrator (it has every escalation already).
// Cost: nothing is computed when every role was reviewed and none has an escalation (the common
// case); else each start's chains (`assumableRoles`, whose hops chains.ts caches per engine, so
// the matrix's and the diff's chains are not decided again) and, for a role reached that the
// review did not cover, its own escalations once.
// Owns `chainedEscalations`, `escalationChains`.

import { type IndeterminateVerdict, indeterminateOf, openStepReasons } from './indeterminate.js';
import type { Engine } from '../engine/engine.js';
import type { Role, User } from '../model/types.js';
import { assumableRoles, combineAccess, hopConditionFacts, mergeStatementRefs } from './chains.js';
import {
  type CallerChoice,
  endTagChoice,
  hopTagChoice,
  sourceIdentityChoices,
  withChoices,
} from './escalation-caller-choices.js';
import { type BecomeEdge, methodEdges } from './escalation.js';
import type { WriteRequest } from './escalation-writes.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { escalationSeverity, type KnownDenied, type PrincipalEscalations } from './risk-escalation.js';
import { fullGrant, rated, sureSeverity } from './risk-severity.js';
import {
  ADMIN_REACHED_DETAIL,
  chainedDetail,
  chainedEscalationMessage,
  principalLabel,
  shortName,
  stepText,
} from './risk-messages.js';
import type { Access, ChainHop, ConditionFacts, MatrixReason, RiskFinding, StatementRef } from './types.js';

const SEVERITY_RANK: Record<RiskFinding['severity'], number> = { high: 3, medium: 2, low: 1 };

/**
 * A role a start reaches, with its own escalations (as the review has them) and its label; for an
 * administrator-equivalent end (`admin`), its administrator finding as the one escalation.
 */
/**
 * An administrator-equivalent principal of the review: its administrator finding and the context
 * keys (lowercased) its administrator access is conditional on (`FreeDecision.conditionKeys` of
 * its probes; empty when none).
 */
export interface ReachedAdmin {
  finding: RiskFinding;
  conditionKeys: readonly string[];
}

export interface ChainEnd {
  label: string;
  escalations: PrincipalEscalations;
  admin?: boolean;
}

/** One step of a path to a role: how it is made (readable) and its decision. */
export interface PathStep {
  text: string;
  /** A method edge of escalation.ts (`methodEdges`), not an sts:AssumeRole hop. */
  method?: boolean;
  access: Access;
  conditions: string[];
  /** What the engine reports each condition is about (`FreeDecision.conditionFacts`), for severities. */
  conditionFacts: readonly ConditionFacts[];
  grants: StatementRef[];
  /** For an indeterminate step: its decision's reasons (the hop's or edge's). */
  reasons?: MatrixReason[];
  /**
   * An sts:AssumeRole hop whose conditions read a principal tag the caller's session may carry as
   * a session tag (`sessionTagKeysOf`): the keys. Meeting such a condition is the session's
   * caller's choice, not the trust's grant, so it is an escalation method like `method`; so is a
   * hop into an administrator whose administrator access reads such a tag the caller may set
   * (escalation-caller-choices.ts).
   */
  sessionTags?: string[];
  /** A hop whose condition on the source identity the path's start meets by setting it (escalation-caller-choices.ts). */
  sourceIdentity?: true;
}

/** A way for the start to act as `role`: its steps, in order. */
export interface EscalationPath {
  role: string;
  steps: PathStep[];
}

/**
 * The escalations `start` has through the roles it can become (see the module comment):
 * `paths`, its ways to the roles (best first for each role); `own`, its own escalation findings;
 * `endOf(role)`, the role's escalations (undefined: none); `startDenied(q)`, whether the start
 * cannot make request `q` itself.
 */
export function chainedEscalations(
  start: { kind: string; name: string; arn: string },
  paths: readonly EscalationPath[],
  own: readonly RiskFinding[],
  endOf: (role: string) => ChainEnd | undefined,
  startDenied: (q: WriteRequest) => boolean,
  limit: number,
): RiskFinding[] {
  const byDetail = new Map<
    string,
    {
      severity: RiskFinding['severity'];
      path: EscalationPath;
      end: ChainEnd;
      finding: RiskFinding;
      others: string[];
    }
  >();
  for (const path of paths) {
    const access = combineAccess(path.steps.map((s) => s.access));
    if (access === 'deny') continue;
    const end = endOf(path.role);
    if (!end?.escalations.findings.length) continue;
    // Assuming an administrator role is no escalation method (an organisation lets its users
    // assume roles); taking one over by a method (another user's keys, new code for its function,
    // rewriting its trust...) is, and so is meeting a hop's or the administrator's own condition
    // with a session tag or source identity the caller may set (escalation-caller-choices.ts).
    if (end.admin && !path.steps.some((s) => s.method || s.sessionTags || s.sourceIdentity)) continue;
    const conditions = [...new Set(path.steps.flatMap((s) => s.conditions))];
    const facts = path.steps.flatMap((s) => s.conditionFacts ?? []);
    for (const f of end.escalations.findings) {
      const writes = end.escalations.writes;
      if (writes?.finding === f && !writes.cut && !writes.gains.some(startDenied)) continue;
      const severity = chainSeverity(f, access, conditions, facts);
      const detail = chainedDetail(f.detail);
      const prev = byDetail.get(detail);
      const better =
        !prev ||
        SEVERITY_RANK[severity] > SEVERITY_RANK[prev.severity] ||
        (SEVERITY_RANK[severity] === SEVERITY_RANK[prev.severity] &&
          path.steps.length < prev.path.steps.length);
      if (!better) {
        if (prev.end !== end && !prev.others.includes(end.label)) prev.others.push(end.label);
        continue;
      }
      const others = prev && prev.end !== end ? [prev.end.label, ...prev.others] : (prev?.others ?? []);
      byDetail.set(detail, {
        severity,
        path,
        end,
        finding: f,
        others: others.filter((o) => o !== end.label),
      });
    }
  }
  return [...byDetail].flatMap(([detail, x]) =>
    own.some((f) => f.detail === x.finding.detail && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[x.severity])
      ? []
      : [chainFinding(start, detail, x, limit)],
  );
}

/** A chained escalation finding (see `chainedEscalations`), its sure severity its end's. */
function chainFinding(
  start: { kind: string; name: string; arn: string },
  detail: string,
  x: {
    severity: RiskFinding['severity'];
    path: EscalationPath;
    end: ChainEnd;
    finding: RiskFinding;
    others: string[];
  },
  limit: number,
): RiskFinding {
  const finding: RiskFinding = {
    kind: 'privilege-escalation',
    severity: x.severity,
    subject: start.arn,
    detail,
    message: chainedEscalationMessage(
      principalLabel(start),
      x.end.label,
      x.path.steps.map((s) => s.text),
      x.finding.message,
      detail,
      x.others,
      limit,
    ),
    statements: mergeStatementRefs(...x.path.steps.map((s) => s.grants), x.finding.statements),
    ...chainIndeterminate(x.path, x.finding),
  };
  return rated(finding, sureSeverity(x.finding));
}

/** The end's sure severity weighed by the path (risk-severity.ts), never above the end's own. */
function chainSeverity(
  end: RiskFinding,
  access: Access,
  conditions: readonly string[],
  facts: readonly ConditionFacts[],
): RiskFinding['severity'] {
  const byPath = escalationSeverity(sureSeverity(end), access, conditions, facts);
  return SEVERITY_RANK[byPath] < SEVERITY_RANK[end.severity] ? byPath : end.severity;
}

/**
 * The `indeterminate` of a chained escalation (analysis/indeterminate.ts): the end finding's
 * reasons, and each indeterminate step of the path at the statements that grant it; nothing when
 * neither is indeterminate.
 */
function chainIndeterminate(
  path: EscalationPath,
  end: RiskFinding,
): { indeterminate?: IndeterminateVerdict } {
  const steps = openStepReasons(path.steps);
  if (!steps.length && !end.indeterminate) return {};
  return {
    indeterminate: indeterminateOf([...(end.indeterminate?.reasons ?? []), ...steps], {
      text: 'the escalation path depends on what the inputs do not pin down',
    }),
  };
}

/** How a method edge reads as a step: its maker (the session that makes it), the request, the principal it becomes. */
function edgeStep(e: BecomeEdge, limit: number): PathStep {
  const as = `as ${shortName(e.from)}, ${e.via}`;
  const target =
    e.how === 'pass-role'
      ? `with ${shortName(e.to)}`
      : e.how === 'credentials' || e.how === 'update-trust'
        ? `on ${shortName(e.to)}${e.how === 'update-trust' ? ', then sts:AssumeRole into it' : ''}`
        : `(running as ${shortName(e.to)})`;
  return {
    text: stepText(as, target, e, limit),
    method: true,
    access: e.access,
    conditions: e.conditions,
    conditionFacts: e.conditionFacts,
    grants: e.grants,
    ...(e.reasons ? { reasons: e.reasons } : {}),
  };
}

/** How good a path is for its end: a full grant (risk-severity.ts), then conditional, then not known. */
function pathRank(steps: readonly PathStep[]): number {
  const access = combineAccess(steps.map((s) => s.access));
  if (access === 'deny') return 0;
  const facts = steps.flatMap((s) => s.conditionFacts ?? []);
  if (fullGrant(access, [...new Set(steps.flatMap((s) => s.conditions))], facts)) return 3;
  return access === 'conditional' ? 2 : 1;
}

/** Longest path a start's search follows, in steps (assume hops and method edges). */
const MAX_STEPS = 6;

/**
 * The paths of `start` to the principals it can become (see the module comment), the best for
 * each (`pathRank`, then the fewest steps): its role chains (`assumeFrom`, chains.ts
 * `assumableRoles`), and the method edges (`edgesFrom`, escalation.ts `methodEdges`: passing a
 * role, rewriting a trust policy, running commands or code as a role, another user's
 * credentials) of the start and of every principal reached, each followed by that principal's
 * role chains and method edges in turn. Role chains are followed from the start and from a
 * principal a method edge reaches (a chain's roles' own chains are the start's already).
 */
function startPaths(
  start: string,
  assumeFrom: (from: string) => EscalationPath[],
  edgesFrom: (from: string) => EscalationPath[],
): EscalationPath[] {
  const best = new Map<string, EscalationPath>();
  type Node = { role: string; steps: PathStep[]; seen: string[]; chains: boolean };
  let frontier: Node[] = [{ role: start, steps: [], seen: [start], chains: true }];
  while (frontier.length) {
    const next: Node[] = [];
    for (const node of frontier) {
      const out = [
        ...(node.chains ? assumeFrom(node.role).map((x) => ({ x, chains: false })) : []),
        ...edgesFrom(node.role).map((x) => ({ x, chains: true })),
      ];
      for (const { x, chains } of out) {
        if (node.seen.includes(x.role)) continue;
        const steps = [...node.steps, ...x.steps];
        if (steps.length > MAX_STEPS) continue;
        const rank = pathRank(steps);
        if (!rank) continue;
        const prev = best.get(x.role);
        if (prev) {
          const was = pathRank(prev.steps);
          if (was > rank || (was === rank && prev.steps.length <= steps.length)) continue;
        }
        best.set(x.role, { role: x.role, steps });
        next.push({ role: x.role, steps, seen: [...node.seen, x.role], chains });
      }
    }
    frontier = next;
  }
  return [...best.values()];
}

/** The look-ups a review's chain search shares across its starts, each made once per principal. */
interface ChainLookups {
  /** The escalations of a role or user that has some (its label and findings), else undefined. */
  endOf: (arn: string) => ChainEnd | undefined;
  /** Its role chains as paths (chains.ts `assumableRoles`). */
  assumeFrom: (from: string) => EscalationPath[];
  /** Its method edges as one-step paths (escalation.ts `methodEdges`). */
  edgesFrom: (from: string) => EscalationPath[];
}

function chainLookups(
  engine: Engine,
  reviewed: Map<string, PrincipalEscalations>,
  admins: ReadonlyMap<string, ReachedAdmin>,
  reviewPrincipal: (p: User | Role) => PrincipalEscalations,
  limit: number,
): ChainLookups {
  const model = engine.model;
  const byArn = new Map<string, User | Role>([...model.users, ...model.roles].map((p) => [p.arn, p]));
  // The escalations of a principal, reviewed on demand when the review did not cover it.
  const escalationsOf = (arn: string): PrincipalEscalations | undefined => {
    const p = byArn.get(arn);
    if (!p) return undefined;
    let escalations = reviewed.get(arn);
    if (!escalations) {
      escalations = reviewPrincipal(p);
      reviewed.set(arn, escalations);
    }
    return escalations;
  };
  const ends = new Map<string, ChainEnd | undefined>();
  const endOf = (arn: string): ChainEnd | undefined => {
    if (ends.has(arn)) return ends.get(arn);
    const escalations = escalationsOf(arn);
    const p = byArn.get(arn);
    const admin = admins.get(arn);
    const end =
      admin && p
        ? { label: principalLabel(p), escalations: adminEnd(admin.finding), admin: true }
        : escalations?.findings.length && p
          ? { label: principalLabel(p), escalations }
          : undefined;
    ends.set(arn, end);
    return end;
  };
  // The role chains of a principal as paths, made once each (chains.ts caches the hops).
  const chains = new Map<string, EscalationPath[]>();
  const assumeFrom = (from: string): EscalationPath[] => {
    let paths = chains.get(from);
    if (!paths) {
      paths = assumableRoles(engine, from).map((r) =>
        chainPath(
          engine,
          r,
          byArn,
          (role) => (endOf(role)?.admin ? admins.get(role)?.conditionKeys : undefined),
          limit,
        ),
      );
      chains.set(from, paths);
    }
    return paths;
  };
  // The method edges of a principal, made once each: only from a principal that may make one of
  // their requests (its review's `edgeActions`, or a resource-based policy of the resource: a
  // Lambda function's), never from an administrator (it has all).
  const withPolicy = new Set(model.resources.filter((r) => r.policy).map((r) => r.arn));
  const edges = new Map<string, EscalationPath[]>();
  const edgesFrom = (from: string): EscalationPath[] => {
    let paths = edges.get(from);
    if (!paths) {
      const actions = admins.has(from) ? [] : (escalationsOf(from)?.edgeActions ?? []);
      paths = actions.length
        ? methodEdges(engine, from, {
            mayAct: (a) => actions.includes(a),
            mayMake: (a, r) => actions.includes(a) || withPolicy.has(r),
            unlinked: false,
            outside: false,
          }).map((e) => ({ role: e.to, steps: [edgeStep(e, limit)] }))
        : [];
      edges.set(from, paths);
    }
    return paths;
  };
  return { endOf, assumeFrom, edgesFrom };
}

/**
 * A role chain of chains.ts `assumableRoles` as a path: each hop a step with what its caller's own
 * choices add (escalation-caller-choices.ts): a session tag a hop's condition reads, a source
 * identity the start sets, and at the hop into an administrator whose access is conditional
 * (`adminKeys`: the keys it is conditional on), the session tags its caller may set.
 */
function chainPath(
  engine: Engine,
  r: { role: string; path: ChainHop[] },
  byArn: ReadonlyMap<string, User | Role>,
  adminKeys: (role: string) => readonly string[] | undefined,
  limit: number,
): EscalationPath {
  const ids = sourceIdentityChoices(engine, byArn.get(r.path[0]?.from ?? ''), r.path);
  const endKeys = adminKeys(r.role);
  const last = r.path.length - 1;
  return {
    role: r.role,
    steps: r.path.map((h, i) =>
      hopStep(h, limit, [
        hopTagChoice(h, byArn.get(h.from)),
        ids[i],
        i === last && endKeys?.length ? endTagChoice(engine, h, endKeys) : undefined,
      ]),
    ),
  };
}

/**
 * How a role-chain hop reads as a step, with what its caller's own choices add
 * (escalation-caller-choices.ts: a session tag, a source identity): their conditions, the
 * statements that allow them, their access and why.
 */
function hopStep(h: ChainHop, limit: number, choices: readonly (CallerChoice | undefined)[]): PathStep {
  const made = choices.filter((c): c is CallerChoice => c !== undefined);
  if (!made.length)
    return {
      text: stepText(h.action ?? 'sts:AssumeRole', `into ${shortName(h.role)}`, h, limit),
      access: h.access,
      conditions: h.conditions,
      conditionFacts: hopConditionFacts(h),
      grants: h.grants,
      ...(h.reasons ? { reasons: h.reasons } : {}),
    };
  // Met under the caller's choice, stated as the step's condition: at most conditional.
  const { access, conditions, grants, reasons } = withChoices(h, made)!;
  const tags = [...new Set(made.flatMap((c) => c.sessionTags ?? []))];
  const why = [...(h.why ?? []), ...made.flatMap((c) => (c.reasons ?? []).map((r) => r.text))];
  return {
    text: stepText(
      h.action ?? 'sts:AssumeRole',
      `into ${shortName(h.role)}`,
      { access, conditions, grants, ...(why.length ? { why } : {}) },
      limit,
    ),
    access,
    conditions,
    conditionFacts: [...hopConditionFacts(h), ...made.flatMap((c) => c.conditionFacts)],
    grants,
    ...(reasons.length ? { reasons } : {}),
    ...(tags.length ? { sessionTags: tags } : {}),
    ...(made.some((c) => c.sourceIdentity) ? { sourceIdentity: true as const } : {}),
  };
}

/** An administrator-equivalent end's one escalation: being an administrator (its finding). */
function adminEnd(admin: RiskFinding): PrincipalEscalations {
  return {
    findings: [
      rated<RiskFinding>(
        { ...admin, kind: 'privilege-escalation', detail: ADMIN_REACHED_DETAIL },
        sureSeverity(admin),
      ),
    ],
    edgeActions: [],
  };
}

/**
 * The chained escalation findings of each of `subjects` (by ARN; see the module comment):
 * `reviewed`, the escalations the review found for each (an administrator-equivalent subject,
 * in `admins` with its administrator finding, has none and gains nothing; reached by a path with
 * a method step, it is the end of a finding `administrator access, through a chain`); `reviewPrincipal(p)`, the escalations of a model
 * user or role the review did not cover (made once each, kept in `reviewed`); `denied`, requests
 * known to be denied (the diff's matrices).
 */
export function escalationChains(
  engine: Engine,
  subjects: readonly (User | Role)[],
  reviewed: Map<string, PrincipalEscalations>,
  admins: ReadonlyMap<string, ReachedAdmin>,
  reviewPrincipal: (p: User | Role) => PrincipalEscalations,
  limit: number,
  denied?: KnownDenied,
): Map<string, RiskFinding[]> {
  const out = new Map<string, RiskFinding[]>();
  const principals: (User | Role)[] = [...engine.model.users, ...engine.model.roles];
  const escalating = (p: User | Role) => (reviewed.get(p.arn)?.findings.length ?? 0) > 0;
  // Nothing to reach: every principal reviewed and none escalates (the common case).
  if (!admins.size && principals.every((p) => reviewed.has(p.arn)) && !principals.some(escalating))
    return out;
  const { endOf, assumeFrom, edgesFrom } = chainLookups(engine, reviewed, admins, reviewPrincipal, limit);
  for (const p of subjects) {
    if (admins.has(p.arn)) continue;
    const paths = startPaths(p.arn, assumeFrom, edgesFrom);
    if (!paths.length) continue;
    const startDenied = (q: WriteRequest) =>
      !!denied?.(p.arn, q.action, q.resource) ||
      decideAnyContext(engine, { principal: p.arn, ...q }, LEAN).access === 'deny';
    const found = chainedEscalations(
      p,
      paths,
      reviewed.get(p.arn)?.findings ?? [],
      endOf,
      startDenied,
      limit,
    );
    if (found.length) out.set(p.arn, found);
  }
  return out;
}
