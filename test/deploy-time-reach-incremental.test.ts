// The deploy-time reach is incremental over the rounds of the fixpoint (src/analysis/
// deploy-time-reach.ts): a round keeps the hops the last one decided into roles whose trust is
// unchanged and decides again only those into the roles whose trust the deploy-time code may have
// rewritten. Here every reach a loader, a CDK / CDKTF helper or a test's builder makes is checked
// against the full recomputation over the same model (no earlier round given), for every role of
// the model, on the fixtures of the deploy-time tests (imported below, so they run again with the
// checked reach): the incremental reach must equal it.

import { afterAll, expect, vi } from 'vitest';
import type { ReachOf, RoleReach } from '../src/model/role-reach.js';

const seen = vi.hoisted(() => ({ rounds: 0, incremental: 0, roles: 0 }));

vi.mock('../src/analysis/deploy-time-reach.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/analysis/deploy-time-reach.js')>();
  const checked: RoleReach = (model, earlier?: ReachOf) => {
    const incremental = original.deployTimeRoleReach(model, earlier);
    const full = original.deployTimeRoleReach(model);
    seen.rounds++;
    if (earlier) seen.incremental++;
    for (const role of model.roles) {
      expect(incremental(role.arn), `the reach of ${role.arn}`).toEqual(full(role.arn));
      seen.roles++;
    }
    return incremental;
  };
  return { ...original, deployTimeRoleReach: checked };
});

await import('./deploy-time-fixpoint-cap.test.js');
await import('./deploy-time-role-chains.test.js');
await import('./deploy-time-written-policies.test.js');
await import('./deploy-time-stack-sets.test.js');
await import('./deploy-time-named-by-arn.test.js');
await import('./deploy-time-code.test.js');
await import('./deploy-time-bounds.test.js');
await import('./deploy-time-provisioners.test.js');

afterAll(() => {
  // the fixtures reached later rounds (the 66-link chain alone: 64), each checked role by role
  expect(seen.incremental).toBeGreaterThan(64);
  expect(seen.roles).toBeGreaterThan(seen.rounds);
});
