// The escalation checks of a spec: `cannotBecome` (no path of the escalation graph,
// analysis/escalation.ts, from the principal to the named principals) and `noEscalation` (no
// path ends in administrator-equivalent access, analysis/risks.ts `adminEquivalence`, or in
// more access than the start has, analysis/escalation-gain.ts). The path found is the witness.
// Owns `escalationChecks`.

import { accessRank, combineAccess } from '../analysis/chains.js';
import {
  type BecomeEdge,
  type BecomePath,
  becomePaths,
  outsideRoles,
  permissionRewrite,
  reasonsOfFirstOpen,
  stackRoleUses,
} from '../analysis/escalation.js';
import { edgeSourceIdentityChoices, withChoices } from '../analysis/escalation-caller-choices.js';
import { openStepReasons } from '../analysis/indeterminate.js';
import { reasonLine } from '../analysis/decision-reasons.js';
import type { Engine } from '../engine/engine.js';
import { accessGains } from '../analysis/escalation-gain.js';
import { newPrincipalEscalations } from '../analysis/escalation-new-principal.js';
import { decideAnyContext } from '../analysis/free-decision.js';
import type { FreeDecision } from '../analysis/types.js';
import { adminEquivalence } from '../analysis/risks.js';
import {
  deniedExplicitly,
  ORG_POLICY_GAIN,
  orgPolicyChanges,
  orgPolicyDelegations,
  policyWrites,
  policyWriteTargets,
  SELF_TAG_GAIN,
  selfTagMatters,
  tagRequests,
  type WriteRequest,
} from '../analysis/escalation-writes.js';
import type { Model } from '../model/types.js';
import { arnWithKnownAs } from '../requests/element-names.js';
import {
  type CheckContext,
  pointerLocation,
  type Status,
  type UnlinkedCheck,
  uniqueRefs,
} from './check-result.js';
import { attachmentsOfGrants } from './fixes.js';
import { resolveSpecPrincipal, type SpecPrincipal } from './resolve.js';
import type { Expectation, SpecLocation } from './types.js';

/** A `cannotBecome` / `noEscalation` check from the path found (or none). */
function escalationCheck(
  model: Model,
  kind: 'cannotBecome' | 'noEscalation',
  p: SpecPrincipal,
  found: BecomePath | undefined,
  what: string,
  location: SpecLocation,
): UnlinkedCheck {
  const status: Status = !found
    ? 'pass'
    : found.access === 'allow' || found.access === 'conditional'
      ? 'fail'
      : 'indeterminate';
  const steps = found?.path.map(
    (e) =>
      `${e.via} → ${e.to}${e.access === 'allow' ? '' : ` (${e.access}${e.conditions.length ? `: ${e.conditions.join('; ')}` : ''})`}`,
  );
  const message =
    status === 'pass'
      ? `${p.label} cannot ${what}`
      : `${p.label} ${status === 'fail' ? 'can' : 'may'} ${what}: ${steps!.join(', then ')}`;
  const reasons =
    status === 'indeterminate'
      ? [
          ...openStepReasons(found!.path.map((e) => ({ ...e, text: `${e.via} → ${e.to}` }))),
          ...(found!.endReasons ?? []),
        ]
      : [];
  // Each step's statements are its `from` principal's: an AWS managed policy is changed where the inputs attach it.
  const attachedAt =
    status === 'pass'
      ? []
      : attachmentsOfGrants(
          model,
          found!.path.map((e) => ({ principal: e.from, grants: e.grants })),
        );
  return {
    kind,
    status,
    message,
    principal: p.principal,
    action: found?.path[0]?.via,
    resource: found?.to,
    decision: undefined,
    witnesses: [],
    statements: uniqueRefs(found?.path.flatMap((e) => e.grants) ?? []),
    location,
    ...(reasons.length ? { reasons } : {}),
    ...(attachedAt.length ? { attachedAt } : {}),
  };
}

/** `cannotBecome` and `noEscalation` of expectation `e` for principal `p`. */
export function escalationChecks(ctx: CheckContext, e: Expectation, p: SpecPrincipal): UnlinkedCheck[] {
  const paths = withCallerChoices(ctx.engine, p.principal, becomePaths(ctx.engine, p.principal));
  const checks: UnlinkedCheck[] = [];
  e.cannotBecome.forEach((ref, i) => {
    const at = pointerLocation(ctx, e, e.cannotBecome.length > 1 ? `cannotBecome/${i}` : 'cannotBecome');
    for (const target of resolveSpecPrincipal(ctx.scope, ref, at, false)) {
      const found = paths.find((x) => x.to === target.principal);
      checks.push(escalationCheck(ctx.engine.model, 'cannotBecome', p, found, `become ${target.label}`, at));
    }
  });
  if (e.noEscalation) checks.push(noEscalationCheck(ctx, p, paths, pointerLocation(ctx, e, 'noEscalation')));
  return checks;
}

/**
 * The paths with what a source identity the start sets adds to their role assumptions, the rule
 * the review's chain findings read (analysis/escalation-caller-choices.ts
 * `edgeSourceIdentityChoices`, `withChoices`): a hop conditional on sts:SourceIdentity /
 * aws:SourceIdentity is conditional on the start setting it where a hop lets it, and
 * indeterminate from a role session (whoever made it may have set one already). IAM User Guide,
 * "Monitor and control actions taken with assumed roles": "The value that is set cannot be
 * changed during the role session."
 */
function withCallerChoices(engine: Engine, start: string, paths: readonly BecomePath[]): BecomePath[] {
  const user = engine.model.users.some((u) => u.arn === start);
  return paths.map((x) => {
    const choices = edgeSourceIdentityChoices(engine, user ? undefined : { arn: start }, x.path);
    if (choices.every((c) => !c)) return x;
    const path = x.path.map((e, i): BecomeEdge => {
      const chosen = choices[i] && withChoices(e, [choices[i]!]);
      if (!chosen) return e;
      const { reasons, ...rest } = chosen;
      return { ...e, ...rest, ...(reasons.length ? { reasons, why: reasons.map(reasonLine) } : {}) };
    });
    return { ...x, path, access: combineAccess(path.map((e) => e.access)) };
  });
}

/**
 * `noEscalation`: a path counts when it ends in administrator-equivalent access or in any
 * request the start cannot make (over the model's resources and roles: escalation-gain.ts); the
 * worst such path is the witness.
 */
function noEscalationCheck(
  ctx: CheckContext,
  p: SpecPrincipal,
  paths: BecomePath[],
  at: SpecLocation,
): UnlinkedCheck {
  const model = ctx.engine.model;
  const admin = adminEquivalence(ctx.engine);
  if (admin(p.principal) === 'allow')
    return escalationCheck(
      model,
      'noEscalation',
      p,
      undefined,
      'escalate (it is administrator-equivalent already)',
      at,
    );
  const gains = accessGains(
    ctx.engine,
    p.principal,
    paths.filter((x) => admin(x.to) !== 'allow').map((x) => x.to),
  );
  let worstPath: BecomePath | undefined;
  let worstWhat = '';
  for (const x of paths) {
    const a = admin(x.to);
    const gain = gains.get(x.to);
    // Either end suffices: the stronger of administrator equivalence and the gain.
    const end: BecomePath['access'] = gain && accessRank(gain.access) > accessRank(a) ? gain.access : a;
    if (end === 'deny') continue;
    const access = combineAccess([x.access, end]);
    if (worstPath && accessRank(access) <= accessRank(worstPath.access)) continue;
    const endReasons = end === gain?.access ? gain.reasons : undefined;
    worstPath = { ...x, access, ...(endReasons?.length ? { endReasons } : {}) };
    worstWhat =
      end === a
        ? 'escalate to administrator-equivalent access'
        : `escalate to more access than it has (${arnWithKnownAs(model, x.to)} ${gain!.access === 'indeterminate' ? 'may' : 'can'} ${gain!.action} on ${arnWithKnownAs(model, gain!.resource)}${gain!.access === 'conditional' ? ' under conditions' : ''}, which ${p.label} cannot)`;
  }
  for (const rewrite of [
    rewriteEscalation(ctx, p, paths),
    newPrincipalEscalation(ctx, p, paths),
    resourcePolicyEscalation(ctx, p, paths),
    selfTagEscalation(ctx, p, paths),
    orgPolicyEscalation(ctx, p, paths),
    stackRoleEscalation(ctx, p, paths),
    outsideRoleEscalation(ctx, paths),
  ])
    if (rewrite && (!worstPath || accessRank(rewrite.path.access) > accessRank(worstPath.access))) {
      worstPath = rewrite.path;
      worstWhat = rewrite.what;
    }
  return escalationCheck(
    model,
    'noEscalation',
    p,
    worstPath,
    worstWhat || 'escalate to administrator-equivalent access or to more access than it has',
    at,
  );
}

/** A found escalation: the path to `end` with its last step, and what it lets the start do. */
type Found = { path: BecomePath; what: string };

/** Where an escalation may start its last step: the start itself, or a principal it can become. */
function pathEnds(p: SpecPrincipal, paths: BecomePath[]): BecomePath[] {
  return [{ to: p.principal, path: [], access: 'allow' }, ...paths];
}

/** The path to `end` followed by one step of `from` on it, decided as `d`. */
function withLastStep(
  end: BecomePath,
  access: BecomePath['access'],
  step: { from: string; how: BecomeEdge['how']; via: string; d: FreeDecision },
  what: string,
): Found {
  const { from, how, via, d } = step;
  const reasons = reasonsOfFirstOpen([d]);
  const last: BecomeEdge = {
    from,
    to: end.to,
    how,
    via,
    access: d.access,
    conditions: d.conditions,
    conditionFacts: d.conditionFacts ?? [],
    grants: d.grants,
    ...(reasons ? { reasons } : {}),
  };
  return { path: { to: end.to, access, path: [...end.path, last] }, what };
}

/**
 * Rewriting permissions is an escalation (Rhino Security Labs 1, 7, 9, 10, 12, 13: "write an
 * inline policy on itself", attach a policy, a new default policy version, join a group): the
 * start, or a principal it can become, may change its own permissions, or the start may change
 * those of a principal it can become. What it then has is any permission its permissions boundary
 * and SCPs allow: more access than it has (`allow`) when it has no boundary, else not computed
 * (`indeterminate`). The worst such path, with the rewrite as its last step.
 */
function rewriteEscalation(ctx: CheckContext, p: SpecPrincipal, paths: BecomePath[]): Found | undefined {
  const model = ctx.engine.model;
  const ends = pathEnds(p, paths);
  let best: Found | undefined;
  for (const end of ends) {
    const target = [...model.users, ...model.roles].find((x) => x.arn === end.to);
    if (!target) continue;
    const writers = end.path.length ? [p.principal, end.to] : [p.principal];
    for (const writer of writers) {
      const hit = permissionRewrite(ctx.engine, writer, end.to);
      if (!hit) continue;
      // A policy it may attach other than AdministratorAccess: what it gives is not computed.
      const gain: BecomePath['access'] =
        target.permissionsBoundary || hit.request.gainOpen ? 'indeterminate' : 'allow';
      const access = combineAccess([end.access, hit.decision.access, gain]);
      if (best && accessRank(access) <= accessRank(best.path.access)) continue;
      const label = `${target.kind}/${target.name}`;
      const via = `${hit.request.action} on ${hit.request.resource}`;
      best = withLastStep(
        end,
        access,
        { from: writer, how: 'self-permissions', via, d: hit.decision },
        hit.request.why
          ? `escalate by rewriting the permissions of ${label} (what it gets is not computed: ${hit.request.why})`
          : `escalate by rewriting the permissions of ${label} (then it has any permission ${target.permissionsBoundary ? 'its permissions boundary and ' : ''}the SCPs allow)`,
      );
    }
  }
  return best;
}

/**
 * A new user, role or group of one's own is an escalation (analysis/escalation-new-principal.ts,
 * one rule with the review's findings): the start, or a principal it can become, may create one,
 * give it any policy and act as it. What it then has is any permission the SCPs allow (`allow`),
 * or not computed when the boundary or policy it may give is limited (`indeterminate`). The worst
 * such path, with the creation as its last step.
 */
function newPrincipalEscalation(ctx: CheckContext, p: SpecPrincipal, paths: BecomePath[]): Found | undefined {
  const model = ctx.engine.model;
  let best: Found | undefined;
  for (const end of pathEnds(p, paths)) {
    if (best && accessRank(end.access) <= accessRank(best.path.access)) continue;
    const creator = model.users.find((u) => u.arn === end.to) ?? model.roles.find((r) => r.arn === end.to);
    if (!creator) continue;
    for (const x of newPrincipalEscalations(ctx.engine, creator)) {
      const access = combineAccess([end.access, x.access]);
      if (best && accessRank(access) <= accessRank(best.path.access)) continue;
      const via = `${x.steps.map((s) => s.action).join(' + ')} on ${x.arn}`;
      const last = x.steps.find((s) => s.d.access !== 'allow') ?? x.steps[0]!;
      best = withLastStep(
        end,
        access,
        {
          from: end.to,
          how: 'self-permissions',
          via,
          d: { ...last.d, grants: x.steps.flatMap((s) => s.d.grants) },
        },
        `escalate through a new principal of its own, ${x.arn} (${x.open ? `what it gets is not computed: ${x.open}` : 'then it has any permission the SCPs allow'})`,
      );
    }
  }
  return best;
}

/**
 * Rewriting a resource's policy is an escalation too (analysis/escalation-writes.ts, one rule with
 * the review's findings): the start, or a principal it can become, allowed to write the
 * resource-based policy of a resource of the model can grant itself access to that resource
 * through the policy, when that gives a request the start cannot make and no explicit Deny takes
 * it from the writer. A same-account grant to the user's or role session's own ARN is not capped
 * by a permissions boundary (README, "What the engine decides"). The worst such path, with the
 * write as its last step.
 */
function resourcePolicyEscalation(
  ctx: CheckContext,
  p: SpecPrincipal,
  paths: BecomePath[],
): Found | undefined {
  const engine = ctx.engine;
  const ends = pathEnds(p, paths);
  const targets = policyWriteTargets(engine.model);
  const startAccess = new Map<string, ReturnType<typeof decideAnyContext>>();
  const startDecides = (q: WriteRequest) => {
    const key = `${q.action} ${q.resource}`;
    let d = startAccess.get(key);
    if (!d) {
      d = decideAnyContext(engine, { principal: p.principal, ...q });
      startAccess.set(key, d);
    }
    return d;
  };
  const startDenied = (q: WriteRequest) => startDecides(q).access === 'deny';
  let best: Found | undefined;
  for (const end of ends) {
    if (best && accessRank(end.access) <= accessRank(best.path.access)) continue;
    const writerDenied = (q: WriteRequest) =>
      deniedExplicitly(
        end.to === p.principal ? startDecides(q) : decideAnyContext(engine, { principal: end.to, ...q }),
      );
    for (const target of targets) {
      const writes = policyWrites(
        target,
        { engine, arn: end.to },
        (action, resource) => decideAnyContext(engine, { principal: end.to, action, resource }),
        startDenied,
        writerDenied,
        (write) =>
          !best || accessRank(combineAccess([end.access, write.access])) > accessRank(best.path.access),
      );
      for (const w of writes) {
        best = withLastStep(
          end,
          combineAccess([end.access, w.write.access]),
          { from: end.to, how: 'resource-policy', via: `${w.action} on ${w.resource}`, d: w.write },
          `escalate by rewriting the resource policy of ${arnWithKnownAs(engine.model, w.resource)} (then ${arnWithKnownAs(engine.model, end.to)} can ${w.gain.action} on ${w.gain.resource}, which ${p.label} cannot)`,
        );
        break;
      }
    }
  }
  return best;
}

/**
 * Tagging oneself is an escalation where policies read the caller's tags (ABAC:
 * analysis/escalation-writes.ts, one rule with the review's findings): the start, or a principal
 * it can become, allowed iam:TagUser / TagRole (or Untag...) on itself (or the start on a
 * principal it can become) may meet a condition it does not meet now, or leave a Deny's. What
 * new tags unlock is not computed: the path is indeterminate, never a pass. Only when some
 * policy of the model reads principal tags.
 */
function selfTagEscalation(ctx: CheckContext, p: SpecPrincipal, paths: BecomePath[]): Found | undefined {
  const engine = ctx.engine;
  if (!selfTagMatters(engine.model)) return undefined;
  const ends = pathEnds(p, paths);
  let best: Found | undefined;
  for (const end of ends) {
    const target =
      engine.model.users.find((u) => u.arn === end.to) ?? engine.model.roles.find((r) => r.arn === end.to);
    if (!target) continue;
    const writers = end.path.length ? [p.principal, end.to] : [p.principal];
    for (const writer of writers)
      for (const q of tagRequests(target)) {
        const d = decideAnyContext(engine, { principal: writer, ...q });
        if (d.access === 'deny') continue;
        const access = combineAccess([end.access, d.access, 'indeterminate']);
        if (best && accessRank(access) <= accessRank(best.path.access)) continue;
        best = withLastStep(
          end,
          access,
          { from: writer, how: 'self-permissions', via: `${q.action} on ${target.arn}`, d },
          `escalate by changing the tags of ${target.kind}/${target.name} (${SELF_TAG_GAIN})`,
        );
      }
  }
  return best;
}

/**
 * Relaxing the organization's SCPs or RCPs is an escalation where the inputs delegate it
 * (analysis/escalation-writes.ts `orgPolicyChanges`, one rule with the review's findings; the
 * facts in aws/org-delegation.ts): the start, or a principal it can become, in a member account whose
 * SCPs/RCPs the inputs hold (other than the assumed FullAWSAccess), allowed by the organization's
 * delegation policy and its own policies to update, detach or attach policies or disable a
 * policy type (decided as the cross-account request it is) may lift what they deny it ("From the
 * organization's management account, you can delegate policy management for Organizations to
 * specified member accounts", AWS Organizations User Guide, "Delegated administrator for AWS
 * Organizations"). What it then has is not computed: the path is indeterminate, never a pass.
 * The management account is left out: SCPs and RCPs do not affect it.
 */
function orgPolicyEscalation(ctx: CheckContext, p: SpecPrincipal, paths: BecomePath[]): Found | undefined {
  const engine = ctx.engine;
  const model = engine.model;
  const delegations = orgPolicyDelegations(model);
  if (!delegations.length) return undefined;
  let best: Found | undefined;
  for (const end of pathEnds(p, paths)) {
    const decide = (action: string, resource: string) =>
      decideAnyContext(engine, { principal: end.to, action, resource });
    for (const f of orgPolicyChanges(engine, delegations, end.to, decide)) {
      const access = combineAccess([end.access, f.d.access, 'indeterminate']);
      if (best && accessRank(access) <= accessRank(best.path.access)) continue;
      best = withLastStep(
        end,
        access,
        { from: end.to, how: 'self-permissions', via: `${f.change.action} on ${f.resource}`, d: f.d },
        `escalate by having AWS Organizations ${f.change.does} that governs account ${f.account} (the delegation policy ${f.delegation.name} lets its account make Organizations requests; ${ORG_POLICY_GAIN})`,
      );
    }
  }
  return best;
}

/**
 * Running a template with a service role the model does not hold (aws/stack-roles.ts: a stack
 * deployed with a role outside the inputs or not known, a StackSets or Identity Center delegated
 * administrator) is an escalation whose gain is not computed: the role may have any permission,
 * its template may give the start any. The stack-role edges reach the roles of the inputs it may
 * change; this covers the account with none. The start, or a principal it can become, allowed
 * the requests: indeterminate, never a pass.
 */
function stackRoleEscalation(ctx: CheckContext, p: SpecPrincipal, paths: BecomePath[]): Found | undefined {
  const engine = ctx.engine;
  if (!engine.model.stackRoles?.length) return undefined;
  let best: Found | undefined;
  for (const end of pathEnds(p, paths))
    for (const u of stackRoleUses(engine, end.to)) {
      if (u.role) continue;
      const access = combineAccess([end.access, ...u.ds.map((d) => d.access), 'indeterminate']);
      if (best && accessRank(access) <= accessRank(best.path.access)) continue;
      const d: FreeDecision = {
        ...u.ds[0]!,
        access: 'indeterminate',
        grants: u.ds.flatMap((x) => x.grants),
        reasons: u.reasons,
      };
      best = withLastStep(
        end,
        access,
        { from: end.to, how: 'stack-role', via: u.via, d },
        `escalate by running a template with the service role of ${u.stack.label}, whose permissions the inputs do not show`,
      );
    }
  return best;
}

/**
 * Running code as a role the inputs name by ARN but do not define (analysis/escalation.ts
 * `outsideRoles`: replacing a function's code, a build of one's own, on compute that runs as it)
 * is an escalation whose gain is not computed: the role may have any permission. A path to such a
 * role (its edge says why, `outsideRoleReason`): indeterminate, never a pass.
 */
function outsideRoleEscalation(ctx: CheckContext, paths: BecomePath[]): Found | undefined {
  const outside = outsideRoles(ctx.engine.model);
  if (!outside.size) return undefined;
  let best: Found | undefined;
  for (const x of paths) {
    if (!outside.has(x.to)) continue;
    const access = combineAccess([x.access, 'indeterminate']);
    if (best && accessRank(access) <= accessRank(best.path.access)) continue;
    best = {
      path: { ...x, access },
      what: `escalate by running code as ${x.to}, a role outside the inputs whose permissions the inputs do not show`,
    };
  }
  return best;
}
