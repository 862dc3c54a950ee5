// The escalation checks of a spec: `cannotBecome` (no path of the escalation graph,
// analysis/escalation.ts, from the principal to the named principals) and `noEscalation` (no
// path ends in administrator-equivalent access, analysis/risks.ts `adminEquivalence`, or in
// more access than the start has, analysis/escalation-gain.ts). The path found is the witness.
// Owns `escalationChecks`.

import { accessRank, combineAccess } from '../analysis/chains.js';
import { type BecomePath, becomePaths, permissionRewrite } from '../analysis/escalation.js';
import { accessGains } from '../analysis/escalation-gain.js';
import { adminEquivalence } from '../analysis/risks.js';
import { arnWithKnownAs } from '../requests/element-names.js';
import {
  type CheckContext,
  pointerLocation,
  type Status,
  type UnlinkedCheck,
  uniqueRefs,
} from './check-result.js';
import { resolveSpecPrincipal, type SpecPrincipal } from './resolve.js';
import type { Expectation, SpecLocation } from './types.js';

/** A `cannotBecome` / `noEscalation` check from the path found (or none). */
function escalationCheck(
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
  };
}

/** `cannotBecome` and `noEscalation` of expectation `e` for principal `p`. */
export function escalationChecks(ctx: CheckContext, e: Expectation, p: SpecPrincipal): UnlinkedCheck[] {
  const paths = becomePaths(ctx.engine, p.principal);
  const checks: UnlinkedCheck[] = [];
  e.cannotBecome.forEach((ref, i) => {
    const at = pointerLocation(ctx, e, e.cannotBecome.length > 1 ? `cannotBecome/${i}` : 'cannotBecome');
    for (const target of resolveSpecPrincipal(ctx.scope, ref, at, false)) {
      const found = paths.find((x) => x.to === target.principal);
      checks.push(escalationCheck('cannotBecome', p, found, `become ${target.label}`, at));
    }
  });
  if (e.noEscalation) checks.push(noEscalationCheck(ctx, p, paths, pointerLocation(ctx, e, 'noEscalation')));
  return checks;
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
    worstPath = { ...x, access };
    worstWhat =
      end === a
        ? 'escalate to administrator-equivalent access'
        : `escalate to more access than it has (${arnWithKnownAs(model, x.to)} ${gain!.access === 'indeterminate' ? 'may' : 'can'} ${gain!.action} on ${arnWithKnownAs(model, gain!.resource)}${gain!.access === 'conditional' ? ' under conditions' : ''}, which ${p.label} cannot)`;
  }
  const rewrite = rewriteEscalation(ctx, p, paths);
  if (rewrite && (!worstPath || accessRank(rewrite.path.access) > accessRank(worstPath.access))) {
    worstPath = rewrite.path;
    worstWhat = rewrite.what;
  }
  return escalationCheck(
    'noEscalation',
    p,
    worstPath,
    worstWhat || 'escalate to administrator-equivalent access or to more access than it has',
    at,
  );
}

/**
 * Rewriting permissions is an escalation (Rhino Security Labs 1, 7, 9, 10, 12, 13: "write an
 * inline policy on itself", attach a policy, a new default policy version, join a group): the
 * start, or a principal it can become, may change its own permissions, or the start may change
 * those of a principal it can become. What it then has is any permission its permissions boundary
 * and SCPs allow: more access than it has (`allow`) when it has no boundary, else not computed
 * (`indeterminate`). The worst such path, with the rewrite as its last step.
 */
function rewriteEscalation(
  ctx: CheckContext,
  p: SpecPrincipal,
  paths: BecomePath[],
): { path: BecomePath; what: string } | undefined {
  const model = ctx.engine.model;
  const ends: BecomePath[] = [{ to: p.principal, path: [], access: 'allow' }, ...paths];
  let best: { path: BecomePath; what: string } | undefined;
  for (const end of ends) {
    const target = [...model.users, ...model.roles].find((x) => x.arn === end.to);
    if (!target) continue;
    const writers = end.path.length ? [p.principal, end.to] : [p.principal];
    for (const writer of writers) {
      const hit = permissionRewrite(ctx.engine, writer, end.to);
      if (!hit) continue;
      const gain: BecomePath['access'] = target.permissionsBoundary ? 'indeterminate' : 'allow';
      const access = combineAccess([end.access, hit.decision.access, gain]);
      if (best && accessRank(access) <= accessRank(best.path.access)) continue;
      const label = `${target.kind}/${target.name}`;
      best = {
        path: {
          to: end.to,
          access,
          path: [
            ...end.path,
            {
              from: writer,
              to: end.to,
              how: 'self-permissions',
              via: `${hit.request.action} on ${hit.request.resource}`,
              access: hit.decision.access,
              conditions: hit.decision.conditions,
              grants: hit.decision.grants,
            },
          ],
        },
        what: `escalate by rewriting the permissions of ${label} (then it has any permission ${target.permissionsBoundary ? 'its permissions boundary and ' : ''}the SCPs allow)`,
      };
    }
  }
  return best;
}
