// Which principals an access diff reviews again because a user they can take over changed: the
// escalation graph's credentials edges (escalation-methods.ts, edge `credentials`:
// iam:CreateAccessKey, CreateLoginProfile, UpdateLoginProfile on another user) let a principal act
// as that user, so its escalation findings (escalation-chains.ts: the user's own escalations, or
// `administrator access, through a chain` when the user is an administrator) change with the
// user's inputs while its own inputs do not. Roles' changes already make the diff review every
// principal (layout.ts `riskContext`); a changed user makes it review the principals that can
// take that user over, and those that can become them in turn: a user through its credentials,
// a role through every edge the review's chains follow (escalation-chains.ts: role chains,
// chains.ts `assumableRoles`, and the method edges, escalation.ts `methodEdges`: pass-role,
// update-trust, ssm, update-code), and rewriting one's own permissions (an edge to every role,
// escalation.ts `becomeEdges`). Paths stop at administrators (escalation-chains.ts follows no
// edge from one), so an administrator-equivalent principal is no taker.
// Owns `takeoverReviewers`.

import type { Engine } from '../../engine/engine.js';
import { NO } from '../../engine/tri.js';
import type { Role, User } from '../../model/types.js';
import { assumableRoles } from '../chains.js';
import { methodEdges, outsideRoles, permissionRewrite } from '../escalation.js';
import { ESCALATION_METHODS } from '../escalation-methods.js';
import { decideAnyContext, LEAN } from '../free-decision.js';
import { adminEquivalence } from '../risks.js';

/** The actions of the table's credentials edges (another user's access key or password). */
const CREDENTIAL_ACTIONS = [
  ...new Set(ESCALATION_METHODS.filter((m) => m.edge === 'credentials').flatMap((m) => m.actions)),
];

/**
 * The users and roles of `engine`'s model (ARNs) that can take over a user of `changed` (ARNs),
 * directly or by becoming a principal that can (see the module comment). Decided by the engine
 * (identity policies, boundary, SCPs): a user's takers after a prefilter (some identity Allow of
 * the principal may match a credentials action); a role's through the principal's role chains,
 * method edges and self-rewrite, each made once per principal and only once a role is a taker.
 */
export function takeoverReviewers(engine: Engine, changed: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (!changed.length) return out;
  const admin = adminEquivalence(engine);
  const principals = [...engine.model.users, ...engine.model.roles];
  const credentialTakers = principals.filter((p) => mayTakeOver(engine, p));
  const roles = new Set(engine.model.roles.map((r) => r.arn));
  const reaches = roleReach(engine);
  const takes = (p: User | Role, target: string) =>
    target !== p.arn &&
    (roles.has(target)
      ? reaches(p.arn, target)
      : CREDENTIAL_ACTIONS.some(
          (action) =>
            decideAnyContext(engine, { principal: p.arn, action, resource: target }, LEAN).access !== 'deny',
        ));
  const done = new Set<string>(changed);
  let frontier = [...changed];
  while (frontier.length) {
    const next: string[] = [];
    const onRoles = frontier.some((t) => roles.has(t));
    for (const p of onRoles ? principals : credentialTakers) {
      if (out.has(p.arn) || !frontier.some((t) => takes(p, t))) continue;
      // an administrator (as the review counts one: allowed, or allowed under conditions)
      const access = admin(p.arn);
      if (access === 'allow' || access === 'conditional') continue;
      out.add(p.arn);
      if (!done.has(p.arn)) {
        done.add(p.arn);
        next.push(p.arn);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Whether a principal can become a role (`from`, `role`: ARNs): one of its role chains reaches
 * it, a method edge leads to it, or it may rewrite its own permissions; made once per principal.
 */
function roleReach(engine: Engine): (from: string, role: string) => boolean {
  const reach = new Map<string, { roles: Set<string>; any: boolean }>();
  return (from, role) => {
    let r = reach.get(from);
    if (!r) {
      const edges = methodEdges(engine, from).map((e) => e.to);
      // A role outside the inputs it runs code as may become any principal (escalation.ts `outsideRoles`).
      const outside = outsideRoles(engine.model);
      r = {
        roles: new Set([...assumableRoles(engine, from).map((x) => x.role), ...edges]),
        any: edges.some((to) => outside.has(to)) || permissionRewrite(engine, from, from) !== undefined,
      };
      reach.set(from, r);
    }
    return r.any || r.roles.has(role);
  };
}

/** Whether some identity Allow of `p` (or a policy it cannot read) may match a credentials action. */
function mayTakeOver(engine: Engine, p: User | Role): boolean {
  // Its identity policies as `decide` gathers them (Engine.principalSideOf).
  const identity = engine.principalSideOf(p).identity!;
  if (identity.unknownPolicies.length) return true;
  const statements = [...(identity.byService.get('iam') ?? []), ...identity.anyService];
  return CREDENTIAL_ACTIONS.some((action) => {
    const lower = action.toLowerCase();
    return statements.some((e) => e.statement.effect !== 'Deny' && e.statement.matchAction(lower) !== NO);
  });
}
