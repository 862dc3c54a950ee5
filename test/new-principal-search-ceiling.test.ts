// The new-principal search (analysis/escalation-new-principal.ts `newPrincipalEscalations`) ends
// when no name left can give more than the best found (`ceilingOf`): a creator with a permissions
// boundary that makes a group of its own gets at most what the boundary lets through, an open step
// whatever the group's name, so the first indeterminate name is the result and no other name is
// decided. The verdict is the one the whole search gave (indeterminate, never a pass).
//
// Page: IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions
// boundary allows it to perform only the actions that are allowed by both its identity-based
// policies and its permissions boundaries."

import { describe, expect, it } from 'vitest';
import { newPrincipalEscalations } from '../src/analysis/escalation-new-principal.js';
import { ACCOUNT_A, allow, policy, TestModel } from './helpers/engine-fixtures.js';

const GROUP_ACTIONS = ['iam:CreateGroup', 'iam:PutGroupPolicy', 'iam:AddUserToGroup'];

/** The group escalation of `dev` and the group names its search decided CreateGroup on. */
function groupSearch(boundary: boolean) {
  const t = new TestModel();
  // three classes of names the policies tell apart: three cheap names and the probe
  const statements = ['a', 'b', 'c'].map((p) =>
    allow(GROUP_ACTIONS, `arn:aws:iam::${ACCOUNT_A}:group/${p}-*`),
  );
  t.user('dev', {
    inline: [policy(...statements)],
    ...(boundary ? { boundary: policy(allow('*', '*')) } : {}),
  });
  const engine = t.engine();
  const created = new Set<string>();
  const decide = engine.decide.bind(engine);
  engine.decide = (request, options) => {
    if (request.action === 'iam:CreateGroup') created.add(request.resource);
    return decide(request, options);
  };
  const dev = engine.model.users.find((u) => u.name === 'dev')!;
  const found = newPrincipalEscalations(engine, dev).filter((e) => e.arn.includes(':group/'));
  return { found, created };
}

describe('the new-principal search stops at its ceiling', () => {
  it('a bounded creator of a group: the first name is indeterminate, no other name decided', () => {
    const { found, created } = groupSearch(true);
    expect(found).toHaveLength(1);
    expect(found[0]!.access).toBe('indeterminate');
    expect(found[0]!.open).toContain('permissions boundary');
    expect(created.size).toBe(1);
  });

  it('without a boundary: a sure escalation on the first name, as before', () => {
    const { found, created } = groupSearch(false);
    expect(found.map((e) => e.access)).toEqual(['allow']);
    expect(created.size).toBe(1);
  });
});
