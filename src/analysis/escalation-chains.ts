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
// Cost: nothing is computed when every role was reviewed and none has an escalation (the common
// case); else each start's chains (`assumableRoles`, whose hops chains.ts caches per engine, so
// the matrix's and the diff's chains are not decided again) and, for a role reached that the
// review did not cover, its own escalations once.
// Owns `chainedEscalations`, `escalationChains`.

import type { Engine } from '../engine/engine.js';
import type { Role, User } from '../model/types.js';
import { assumableRoles, combineAccess, mergeStatementRefs, trustedServices } from './chains.js';
import { passRoleEdgesTo } from './escalation.js';
import { PASS_ROLE_COMPUTE } from './escalation-methods.js';
import type { WriteRequest } from './escalation-writes.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { escalationSeverity, type KnownDenied, type PrincipalEscalations } from './risk-escalation.js';
import {
  chainedDetail,
  chainedEscalationMessage,
  principalLabel,
  shortName,
  stepText,
} from './risk-messages.js';
import type { Access, RiskFinding, StatementRef } from './types.js';

const SEVERITY_RANK: Record<RiskFinding['severity'], number> = { high: 3, medium: 2, low: 1 };

/** A role a start reaches, with its own escalations (as the review has them) and its label. */
export interface ChainEnd {
  label: string;
  escalations: PrincipalEscalations;
}

/** One step of a path to a role: how it is made (readable) and its decision. */
export interface PathStep {
  text: string;
  access: Access;
  conditions: string[];
  grants: StatementRef[];
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
    const conditions = [...new Set(path.steps.flatMap((s) => s.conditions))];
    for (const f of end.escalations.findings) {
      const writes = end.escalations.writes;
      if (writes?.finding === f && !writes.cut && !writes.gains.some(startDenied)) continue;
      const severity = escalationSeverity(f.severity, access, conditions);
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
  const out: RiskFinding[] = [];
  for (const [detail, x] of byDetail) {
    const covered = own.some(
      (f) => f.detail === x.finding.detail && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[x.severity],
    );
    if (covered) continue;
    out.push({
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
    });
  }
  return out;
}

/**
 * The one-step paths of `from` passing one of `passable` (roles a compute service may assume) to
 * new compute (escalation.ts `passRoleEdgesTo`): only to roles that escalate (`endOf`).
 */
function passRolePaths(
  engine: Engine,
  from: string,
  passable: readonly Role[],
  endOf: (role: string) => ChainEnd | undefined,
  limit: number,
): EscalationPath[] {
  const out: EscalationPath[] = [];
  for (const r of passable) {
    if (r.arn === from || !endOf(r.arn)) continue;
    for (const e of passRoleEdgesTo(engine, from, r))
      out.push({
        role: r.arn,
        steps: [
          {
            text: stepText(e.via, `with ${shortName(r.arn)}`, e, limit),
            access: e.access,
            conditions: e.conditions,
            grants: e.grants,
          },
        ],
      });
  }
  return out;
}

/**
 * The paths of `start` to roles: its role chains (`assumableRoles`), each followed by the
 * pass-role steps of the role reached (a session of it passes a role it may pass), and its own
 * pass-role steps (`passPathsFrom`, memoised by the caller).
 */
function startPaths(
  engine: Engine,
  start: string,
  passPathsFrom: (from: string) => EscalationPath[],
  limit: number,
): EscalationPath[] {
  const paths: EscalationPath[] = [];
  for (const r of assumableRoles(engine, start)) {
    const steps: PathStep[] = r.path.map((h) => ({
      text: stepText(h.action ?? 'sts:AssumeRole', `into ${shortName(h.role)}`, h, limit),
      access: h.access,
      conditions: h.conditions,
      grants: h.grants,
    }));
    paths.push({ role: r.role, steps });
    for (const pass of passPathsFrom(r.role))
      if (pass.role !== start && !r.path.some((h) => h.role === pass.role))
        paths.push({ role: pass.role, steps: [...steps, ...pass.steps] });
  }
  paths.push(...passPathsFrom(start));
  return paths;
}

/**
 * The chained escalation findings of each of `subjects` (by ARN; see the module comment):
 * `reviewed`, the escalations the review found for each (an administrator-equivalent subject,
 * in `admins`, has none and gains nothing); `reviewRole(role)`, the escalations of a model role
 * the review did not cover (made once each, kept in `reviewed`); `denied`, requests known to be
 * denied (the diff's matrices).
 */
export function escalationChains(
  engine: Engine,
  subjects: readonly (User | Role)[],
  reviewed: Map<string, PrincipalEscalations>,
  admins: ReadonlySet<string>,
  reviewRole: (role: Role) => PrincipalEscalations,
  limit: number,
  denied?: KnownDenied,
): Map<string, RiskFinding[]> {
  const out = new Map<string, RiskFinding[]>();
  const roles = engine.model.roles;
  const escalating = (r: Role) => (reviewed.get(r.arn)?.findings.length ?? 0) > 0;
  const allReviewed = roles.every((r) => reviewed.has(r.arn));
  if (allReviewed && !roles.some(escalating)) return out;
  const byArn = new Map(roles.map((r) => [r.arn, r]));
  const ends = new Map<string, ChainEnd | undefined>();
  const endOf = (arn: string): ChainEnd | undefined => {
    if (ends.has(arn)) return ends.get(arn);
    const role = byArn.get(arn);
    let end: ChainEnd | undefined;
    if (role) {
      let escalations = reviewed.get(arn);
      if (!escalations) {
        escalations = reviewRole(role);
        reviewed.set(arn, escalations);
      }
      if (escalations.findings.length) end = { label: principalLabel(role), escalations };
    }
    ends.set(arn, end);
    return end;
  };
  // The roles a pass-role step may reach: trusted by a compute service, and escalating (known
  // only once reviewed: every role when the review did not cover them all).
  const passable = roles.filter(
    (r) => trustedServices(r).some((svc) => PASS_ROLE_COMPUTE[svc]) && (!allReviewed || escalating(r)),
  );
  // Whether a principal may pass some role (its review's `mayPassRole`; a model role the review
  // did not cover is reviewed on demand, as `endOf` does).
  const mayPassRole = (arn: string): boolean => {
    if (!reviewed.has(arn) && byArn.has(arn)) endOf(arn);
    return !!reviewed.get(arn)?.mayPassRole && !admins.has(arn);
  };
  // The pass-role steps of a principal (a start, or a role a start can become), made once each.
  const passPaths = new Map<string, EscalationPath[]>();
  const passPathsFrom = (from: string): EscalationPath[] => {
    let out = passPaths.get(from);
    if (!out) {
      out = mayPassRole(from) ? passRolePaths(engine, from, passable, endOf, limit) : [];
      passPaths.set(from, out);
    }
    return out;
  };
  for (const p of subjects) {
    if (admins.has(p.arn)) continue;
    const paths = startPaths(engine, p.arn, passPathsFrom, limit);
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
