// The review's outside-escalation findings: an account outside the inputs that may assume a role
// of the model (its cross-account finding, risk-external-access.ts) through which it can become
// administrator-equivalent or raise its privileges (the role's escalation findings,
// risk-escalation.ts and escalation-chains.ts, and the administrator findings of risks.ts), as one
// finding: "account X can become administrator-equivalent in account A through role R", with
// every hop of the path and its statements. The two halves are reported apart already (role R
// lets account X in, medium; role R can become an administrator, high); a reviewer who reads only
// one misses that together they hand the account to X. "When you assume a role, you give up your
// original permissions and take the permissions assigned to the role" (IAM User Guide, "Switch
// from a user to an IAM role (AWS CLI)"): a session of the role the outside account assumes may
// make every request of the role's escalations.
// - One finding per outside account, entry role and gain: administrator access (the entry role
//   is an administrator, becomes one through a chain, or assumes one), or each escalation of the
//   entry role (its own or through a chain) that is high when sure (risk-severity.ts
//   `sureSeverity`): an undecided or conditional one too, which would be high if the unknown went
//   the bad way or the condition were met.
// - Severity: the end finding's, no higher than the path's (risk-severity.ts `riskSeverity` of
//   the end's sure severity over the entry hop and the chain's hops, a possible takeover): high
//   when every hop is allowed (or only under transport conditions), medium when a hop is
//   undecided or under another condition.
// - Indeterminate when a hop or the end finding is: with the reasons of the undecided hop (the
//   engine's, `whyIndeterminate`), of each undecided chain hop at its statement, and the end
//   finding's own.
// Nothing is decided again but the entry hop (one sts:AssumeRole per outside principal and
// entry role, only for roles with something to gain) and, for an entry role, its role chains
// (chains.ts `assumableRoles`, cached per engine; the escalation chains made them already).
// Owns `outsideEscalations`; the wording is risk-messages.ts's `outsideEscalationMessage`.

import type { Engine } from '../engine/engine.js';
import { parseArn } from '../model/arns.js';
import type { Role, User } from '../model/types.js';
import { accessRank, assumableRoles, combineAccess, mergeStatementRefs } from './chains.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { indeterminateOf } from './indeterminate.js';
import { outsideAccounts, whyIndeterminate } from './risk-external-access.js';
import {
  ADMIN_REACHED_DETAIL,
  chainedDetail,
  outsideEscalationMessage,
  principalLabel,
  shortName,
  stepText,
} from './risk-messages.js';
import { riskSeverity, sureSeverity } from './risk-severity.js';
import type { Access, MatrixReason, RiskFinding, StatementRef } from './types.js';

const SEVERITY_RANK: Record<RiskFinding['severity'], number> = { high: 3, medium: 2, low: 1 };

/** What the review already found, read by `outsideEscalations`. */
export interface OutsideEscalationInputs {
  /** The review's cross-account findings (risk-external-access.ts). */
  crossAccount: readonly RiskFinding[];
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
  grants: readonly StatementRef[];
  /** For an undecided hop: why, as reasons (analysis/indeterminate.ts). */
  reasons: readonly MatrixReason[];
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
 * The outside-escalation findings (see the module comment), in the order of the cross-account
 * findings they join.
 */
export function outsideEscalations(
  engine: Engine,
  inputs: OutsideEscalationInputs,
  limit: number,
): RiskFinding[] {
  const roles = new Map(
    inputs.subjects.filter((p): p is Role => p.kind === 'role').map((r) => [r.arn, r] as const),
  );
  const entries = inputs.crossAccount.filter((c) => c.detail && roles.has(c.subject));
  if (!entries.length) return [];
  const principalsOf = outsideAccounts(engine.model);
  const out: RiskFinding[] = [];
  for (const c of entries) {
    const role = roles.get(c.subject)!;
    const ends = endsOf(engine, role, inputs, limit);
    if (!ends.length) continue;
    const hop = entryHop(engine, principalsOf.get(c.detail!) ?? [], role, limit);
    if (!hop) continue;
    const best = new Map<string, Candidate>();
    for (const end of ends) {
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
    for (const x of best.values()) out.push(finding(c.detail!, role, x));
  }
  return out;
}

/**
 * What an entry role leads to: being an administrator, assuming one (its role chains), and each
 * of its high-severity escalation findings (an administrator one counts as administrator access).
 */
function endsOf(
  engine: Engine,
  role: Role,
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
  const access = combineAccess(hops.map((h) => h.access));
  const conditions = [...new Set(hops.flatMap((h) => h.conditions))];
  const path = riskSeverity(sureSeverity(end), access, conditions, true);
  return SEVERITY_RANK[path] < SEVERITY_RANK[end.severity] ? path : end.severity;
}

function finding(who: string, role: Role, x: Candidate): RiskFinding {
  const account = parseArn(role.arn)?.account ?? role.account;
  const detail = `${who}: ${x.detail}`;
  const open = x.hops.flatMap((h) => h.reasons);
  const undecided = open.length > 0 || x.end.indeterminate !== undefined;
  return {
    kind: 'outside-escalation',
    severity: x.severity,
    subject: role.arn,
    detail,
    message: outsideEscalationMessage(
      who,
      account,
      principalLabel(role),
      x.admin,
      x.hops.map((h) => h.text),
      x.end.message,
      detail,
    ),
    statements: mergeStatementRefs(...x.hops.map((h) => [...h.grants]), x.end.statements),
    ...(undecided
      ? {
          indeterminate: indeterminateOf([...open, ...(x.end.indeterminate?.reasons ?? [])], {
            text: `whether ${who} can escalate through ${principalLabel(role)} depends on what the inputs do not pin down`,
            source: role.source,
          }),
        }
      : {}),
  };
}
