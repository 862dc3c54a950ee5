// The deploy-time bounds are decided to a fixpoint (src/aws/function-role-changes.ts
// `decideRuns`), each round from what the last one added, and past MAX_ROUNDS (64) every run that
// has not settled is bounded by anything, with the reason: never a bound left short. A chain of
// roles each allowed only iam:UpdateAssumeRolePolicy on the next settles one role per round: the
// function's role may rewrite the trust of role 1 (IAM API Reference, UpdateAssumeRolePolicy:
// "Updates the policy that grants an IAM entity permission to assume a role."), so in the next
// round it may become role 1 (an unknown trust statement: the hop is indeterminate, which counts)
// and gains role 1's bound, the trust of role 2, and so on.

import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../src/aws/access-changes.js';
import { ANY_ACCESS_CHANGE } from '../src/aws/access-changes.js';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { compileModel } from '../src/engine/index.js';
import type { RoleReach } from '../src/model/role-reach.js';
import { CHAIN_ACCOUNT, linkRoleArn, roleChain } from './helpers/role-chain.js';
import { runSetupFunctionAs } from './helpers/setup-function-run.js';

/** A function role and `length` roles, each allowed to rewrite the trust of the next only. */
function chain(length: number, roleReach: RoleReach = deployTimeRoleReach) {
  const { builder, functionRole } = roleChain(length, roleReach);
  const reports: { change: AccessChange; why: string }[] = [];
  runSetupFunctionAs(builder, functionRole, CHAIN_ACCOUNT, (change, why) => reports.push({ change, why }));
  return { model: builder.build(), reports };
}

/** Whether someone outside may assume the last role (its trust may be rewritten: indeterminate). */
const outsiderAssumes = (m: ReturnType<typeof chain>['model'], i: number) =>
  compileModel(m).decide({
    principal: 'arn:aws:iam::999988887777:role/outsider',
    action: 'sts:AssumeRole',
    resource: linkRoleArn(i),
  }).decision;

describe('the fixpoint of the deploy-time bounds', () => {
  it('a short chain settles: the trust of every link may be rewritten, nothing more', () => {
    const { model, reports } = chain(4);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.change.trust).toBe(true);
    expect(reports[0]!.change.principals).toBe(false);
    expect(reports[0]!.change.trustArns).toEqual([1, 2, 3, 4].map(linkRoleArn));
    expect(outsiderAssumes(model, 4)).toBe('indeterminate');
  });

  it("each round decides over one rewrite of a link's trust per run, not one more per round", () => {
    // The rounds' models (ModelBuilder.provisionalModel, given to the role reach) held one more
    // alike unknown trust statement on every rewritten link each round: 64 on the first link of a
    // 66-link chain by the last round, which made the long chain below take close to a minute.
    const mostTrustStatements: number[] = [];
    chain(8, (model) => {
      mostTrustStatements.push(Math.max(...model.roles.map((r) => r.trustPolicy?.statements.length ?? 0)));
      return deployTimeRoleReach(model);
    });
    expect(mostTrustStatements.length).toBeGreaterThan(8);
    // a link's own statement (EC2 may assume it) and the run's unknown statement
    expect(Math.max(...mostTrustStatements)).toBe(2);
  });

  it('a chain longer than the 64 rounds: anything, with the reason', () => {
    const { model, reports } = chain(66);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.change).toBe(ANY_ACCESS_CHANGE);
    expect(reports[0]!.why).toContain('bounds not settled after 64 rounds');
    // The last links are reached only through the fallback: their trust may be rewritten too.
    expect(outsiderAssumes(model, 66)).toBe('indeterminate');
  });
});
