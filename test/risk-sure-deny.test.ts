// The escalation check skips a step whose action a Deny of the principal's own identity policies
// or permissions boundary denies on every resource under any context (risk-escalation.ts
// `deniedEverywhere`, the matrix's `isSureDeny`): "an explicit deny in any of these policies
// overrides the allow"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
// Checked against the engine: every step it skips is one the engine decides deny, on every target
// the methods try (other users and roles, groups, Lambda functions, the principal itself), on
// synthetic organisations whose boundaries deny `iam:*` and `organizations:*`; and a Deny the
// check must not take as sure (a condition, a Resource other than `*`) is not taken.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { ESCALATION_METHODS } from '../src/analysis/escalation-methods.js';
import { decideAnyContext, LEAN } from '../src/analysis/free-decision.js';
import { deniedEverywhere } from '../src/analysis/risk-escalation.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';

const ACTIONS = [
  ...new Set([...ESCALATION_METHODS.flatMap((m) => m.actions), 'iam:PassRole', 's3:GetObject']),
];

function checkAgainstEngine(model: Model): number {
  const engine = compileModel(model);
  const targets = [
    ...model.users.slice(0, 5).map((u) => u.arn),
    ...model.roles.slice(0, 5).map((r) => r.arn),
    ...model.groups.slice(0, 3).map((g) => g.arn),
    ...model.resources
      .filter((r) => r.kind === 'lambda-function')
      .slice(0, 3)
      .map((r) => r.arn),
  ];
  let skipped = 0;
  for (const p of [...model.users, ...model.roles]) {
    const denied = deniedEverywhere(engine.principalSideOf(p));
    for (const action of ACTIONS) {
      if (!denied(action)) continue;
      skipped++;
      for (const resource of [p.arn, ...targets])
        expect(decideAnyContext(engine, { principal: p.arn, action, resource }, LEAN).access).toBe('deny');
    }
  }
  return skipped;
}

describe('escalation steps denied everywhere (deniedEverywhere)', () => {
  it.each([1, 2, 3])('seed %i: every step it skips the engine decides deny', (seed) => {
    const model = generateOrg({ principals: 300, resources: 60, policies: 600, seed }).model;
    // Some principal has a boundary denying iam:* (the check has something to skip).
    expect(checkAgainstEngine(model)).toBeGreaterThan(0);
  });

  function userWith(deny: Record<string, unknown>): Model {
    const account = '111111111111';
    const b = new ModelBuilder();
    b.addAccount(account);
    const doc = (d: unknown, name: string) =>
      parsePolicy(d, { kind: 'identity', source: { file: `${name}.json`, pointer: '' } });
    const admin = b.addManagedPolicy({
      name: 'Admin',
      account,
      document: doc(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        'a',
      ),
      source: { file: 'a.json' },
    });
    const fence = b.addManagedPolicy({
      name: 'Fence',
      account,
      document: doc(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', ...deny },
          ],
        },
        'f',
      ),
      source: { file: 'f.json' },
    });
    const id = b.addUser({ name: 'admin', account, source: { file: 'u.json' } });
    b.attachManagedPolicy(id, { policyArn: admin, source: { file: 'u.json' } });
    b.setPermissionsBoundary(id, { policyArn: fence, source: { file: 'u.json' } });
    return b.build();
  }

  const deniedOf = (model: Model) => deniedEverywhere(compileModel(model).principalSideOf(model.users[0]!));

  it('takes an unconditional Deny on Resource "*" of the boundary', () => {
    const denied = deniedOf(userWith({ Action: 'iam:*', Resource: '*' }));
    expect(denied('iam:CreateAccessKey')).toBe(true);
    expect(denied('lambda:CreateFunction')).toBe(false);
  });

  it('does not take a Deny with a condition or on other resources', () => {
    const conditional = deniedOf(
      userWith({
        Action: 'iam:*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
    );
    expect(conditional('iam:CreateAccessKey')).toBe(false);
    const narrow = deniedOf(userWith({ Action: 'iam:*', Resource: 'arn:aws:iam::111111111111:user/*' }));
    expect(narrow('iam:CreateAccessKey')).toBe(false);
  });
});
