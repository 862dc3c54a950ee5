// The review's targets of a new managed policy version (Rhino Security Labs methods 1 and 2): the
// customer managed policies that apply to the principal, read from the engine's gathering of its
// identity policies (engine/policy-sets.ts `IdentityIndex.managedArns`, through
// `Engine.principalSideOf`) rather than a second walk of the model (risk-escalation.ts
// `attachedCustomerPolicies`), plus its permissions boundary.
//
// AWS rule pinned here: "Creates a new version of the specified managed policy. To update a
// managed policy, you create a new policy version." (IAM API Reference, CreatePolicyVersion,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html); a policy
// attached to a group applies to its members (IAM User Guide, "IAM user groups").

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { escalationFindings } from './helpers/escalation-findings.js';

const A = '111122223333';
const src = { file: 'escalation-attached-policies.test.ts' };
const doc = (...Statement: object[]) =>
  parsePolicy({ Version: '2012-10-17', Statement }, { kind: 'identity', source: src });

function model(maybeMember: boolean) {
  const b = new ModelBuilder();
  b.addAccount(A, 'us-east-1');
  const dev = b.addUser({ name: 'dev', account: A, source: src });
  b.addInlinePolicy(dev, {
    name: 'versions',
    document: doc({
      Effect: 'Allow',
      Action: 'iam:CreatePolicyVersion',
      Resource: `arn:aws:iam::${A}:policy/*`,
    }),
    source: src,
  });
  /** The customer managed policy `name` of account A allowing `action` on `*`. */
  const managed = (name: string, action: string) =>
    b.addManagedPolicy({
      name,
      account: A,
      document: doc({ Effect: 'Allow', Action: action, Resource: '*' }),
      source: src,
    });
  const own = managed('Own', 's3:ListBucket');
  const team = managed('Team', 's3:GetObject');
  managed('Other', 'sqs:*');
  b.attachManagedPolicy(dev, { policyArn: own, source: src });
  const g = b.addGroup({ name: 'team', account: A, source: src });
  b.attachManagedPolicy(g, { policyArn: team, source: src });
  b.addUserToGroup(dev, g, src, maybeMember ? new Unknown('a membership from a condition') : undefined);
  return compileModel(b.build());
}

describe('the policies a new policy version may rewrite are the ones the engine applies', () => {
  for (const maybeMember of [false, true])
    it(`own and group-attached customer policies, not others (${maybeMember ? 'a maybe membership' : 'a member'})`, () => {
      const e = model(maybeMember);
      const dev = e.model.users[0]!;
      expect(e.principalSideOf(dev).identity?.managedArns).toEqual([
        `arn:aws:iam::${A}:policy/Own`,
        `arn:aws:iam::${A}:policy/Team`,
      ]);
      const finding = escalationFindings(e).get(`${dev.arn} Rhino Security Labs method 1`);
      expect(finding).toBeDefined();
      expect(finding!.message).toContain('policy Own, policy Team');
      expect(finding!.message).not.toContain('policy Other');
    });
});
