// Which principals an access diff reviews again because a user they can take over changed: the
// escalation graph's credentials edges (escalation-methods.ts, edge `credentials`:
// iam:CreateAccessKey, CreateLoginProfile, UpdateLoginProfile on another user) let a principal act
// as that user, so its escalation findings (escalation-chains.ts: the user's own escalations, or
// `administrator access, through a chain` when the user is an administrator) change with the
// user's inputs while its own inputs do not. Roles' changes already make the diff review every
// principal (layout.ts `riskContext`); a changed user makes it review the principals that can
// take that user over, and those that can take them over in turn (users only: a role that can
// take over a changed user makes it review every principal, as a role's change does, since any
// principal may reach that role). Paths stop at administrators (escalation-chains.ts follows no
// edge from one), so an administrator-equivalent principal is no taker.
// Owns `takeoverReviewers`.

import type { Engine } from '../../engine/engine.js';
import { NO } from '../../engine/tri.js';
import type { Role, User } from '../../model/types.js';
import { identitiesOf } from '../chains.js';
import { ESCALATION_METHODS } from '../escalation-methods.js';
import { decideAnyContext, LEAN } from '../free-decision.js';
import { adminEquivalence } from '../risks.js';

/** The actions of the table's credentials edges (another user's access key or password). */
const CREDENTIAL_ACTIONS = [
  ...new Set(ESCALATION_METHODS.filter((m) => m.edge === 'credentials').flatMap((m) => m.actions)),
];

/**
 * The users and roles of `engine`'s model (ARNs) that can take over a user of `changed` (ARNs),
 * directly or through other users they can take over; `all` when a role can (see the module
 * comment). Decided in full by the engine (identity policies, boundary, SCPs), after a prefilter:
 * some identity Allow of the principal may match a credentials action.
 */
export function takeoverReviewers(
  engine: Engine,
  changed: readonly string[],
): { principals: Set<string>; all: boolean } {
  const out = new Set<string>();
  if (!changed.length) return { principals: out, all: false };
  const sets = identitiesOf(engine).sets;
  const admin = adminEquivalence(engine);
  const candidates = [...engine.model.users, ...engine.model.roles].filter((p) => mayTakeOver(sets, p));
  const done = new Set<string>(changed);
  let frontier = [...changed];
  while (frontier.length) {
    const next: string[] = [];
    for (const p of candidates) {
      if (out.has(p.arn)) continue;
      const takes = frontier.some(
        (user) =>
          user !== p.arn &&
          CREDENTIAL_ACTIONS.some(
            (action) =>
              decideAnyContext(engine, { principal: p.arn, action, resource: user }, LEAN).access !== 'deny',
          ),
      );
      if (!takes) continue;
      // an administrator (as the review counts one: allowed, or allowed under conditions)
      const access = admin(p.arn);
      if (access === 'allow' || access === 'conditional') continue;
      if (p.kind === 'role') return { principals: out, all: true };
      out.add(p.arn);
      if (!done.has(p.arn)) {
        done.add(p.arn);
        next.push(p.arn);
      }
    }
    frontier = next;
  }
  return { principals: out, all: false };
}

/** Whether some identity Allow of `p` (or a policy it cannot read) may match a credentials action. */
function mayTakeOver(sets: ReturnType<typeof identitiesOf>['sets'], p: User | Role): boolean {
  const identity = sets.identityOf(p);
  if (identity.unknownPolicies.length) return true;
  const statements = [...(identity.byService.get('iam') ?? []), ...identity.anyService];
  return CREDENTIAL_ACTIONS.some((action) => {
    const lower = action.toLowerCase();
    return statements.some((e) => e.statement.effect !== 'Deny' && e.statement.matchAction(lower) !== NO);
  });
}
