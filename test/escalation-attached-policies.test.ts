// The review's targets of a new managed policy version (Rhino Security Labs methods 1 and 2): the
// customer managed policies that apply to the principal, read from the engine's gathering of its
// identity policies (engine/policy-sets.ts `IdentityIndex.managedArns`, through
// `Engine.principalSideOf`) rather than a second walk of the model (escalation.ts
// `rewritablePolicies`), plus its permissions boundary.
//
// AWS rule pinned here: "Creates a new version of the specified managed policy. To update a
// managed policy, you create a new policy version." (IAM API Reference, CreatePolicyVersion,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html); a policy
// attached to a group applies to its members (IAM User Guide, "IAM user groups").

import { describe, expect, it } from 'vitest';
import { ownGroupArns, rewritablePolicies } from '../src/analysis/escalation.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

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

// Before, the review offered as targets only the policies the inputs define, known by ARN: a
// customer managed policy attached by an ARN the inputs do not define, one attached by an ARN not
// known, or one attached to a group the inputs do not define was no target, and with the other
// ways denied (here by the boundary) the review said nothing and `noEscalation` passed (the
// escalation graph offered the first, not the other two).
describe('policies not known by ARN, or not defined in the inputs, are targets too', () => {
  /** `dev` may create policy versions (not of its boundary), within a boundary of that and s3:GetObject. */
  function bounded(attach: (b: ModelBuilder, dev: string) => void) {
    const b = new ModelBuilder();
    b.addAccount(A, 'us-east-1');
    const dev = b.addUser({ name: 'dev', account: A, source: src });
    b.addInlinePolicy(dev, {
      name: 'versions',
      document: doc(
        { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: `arn:aws:iam::${A}:policy/*` },
        { Effect: 'Deny', Action: '*', Resource: `arn:aws:iam::${A}:policy/Bound` },
      ),
      source: src,
    });
    const bound = b.addManagedPolicy({
      name: 'Bound',
      account: A,
      document: doc({ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 's3:GetObject'], Resource: '*' }),
      source: src,
    });
    b.setPermissionsBoundary(dev, { policyArn: bound, source: src });
    attach(b, dev);
    return compileModel(b.build());
  }
  const cases: [string, (b: ModelBuilder, dev: string) => void, RegExp, string][] = [
    [
      'a policy ARN the inputs do not define',
      (b, dev) => b.attachManagedPolicy(dev, { policyArn: `arn:aws:iam::${A}:policy/Legacy`, source: src }),
      /policy Legacy|policy\/Legacy/,
      'indeterminate',
    ],
    [
      'a policy ARN not known',
      (b, dev) =>
        b.attachManagedPolicy(dev, { policyArn: new Unknown('known after apply', src), source: src }),
      /policy \(unknown-path=policy-of-user-dev\)\/\(unknown-policy-of-user-dev\) \(indeterminate: .*known after apply/,
      'indeterminate',
    ],
    [
      'a group the inputs do not define',
      (b, dev) => b.addUserToGroup(dev, new Unknown('a group known after apply', src), src),
      /policy \(unknown-path=policy-of-user-dev\)\/\(unknown-policy-of-user-dev\) \(indeterminate: .*a group known after apply/,
      'indeterminate',
    ],
  ];
  for (const [name, attach, says, status] of cases)
    it(`${name}: the review finds method 1 and noEscalation does not pass`, () => {
      const e = bounded(attach);
      const dev = e.model.users.find((u) => u.name === 'dev')!;
      const finding = escalationFindings(e).get(`${dev.arn} Rhino Security Labs method 1`);
      expect(finding?.message).toMatch(says);
      expect(noEscalationCheck(e, 'user/dev').status).toBe(status);
    });

  it('without such a policy, nothing is found (the boundary and the Deny leave no way)', () => {
    const e = bounded(() => {});
    expect(escalationFindings(e).size).toBe(0);
    expect(noEscalationCheck(e, 'user/dev').status).toBe('pass');
  });

  it('one list for the review and the escalation graph: an unknown one is a stand-in of the account, with why', () => {
    const e = bounded((b, dev) =>
      b.attachManagedPolicy(dev, { policyArn: new Unknown('known after apply', src), source: src }),
    );
    const dev = e.model.users.find((u) => u.name === 'dev')!;
    expect(rewritablePolicies(e, dev)).toEqual([
      { arn: `arn:aws:iam::${A}:policy/Bound` },
      {
        arn: `arn:aws:iam::${A}:policy/(unknown-path=policy-of-user-dev)/(unknown-policy-of-user-dev)`,
        why: 'a managed policy that applies to user dev is not known (known after apply): it may be a customer managed policy of its account, which a new version rewrites',
      },
    ]);
  });
});

// The same class for the groups a user is in (methods 8 and 11): a membership whose group is not
// known was no target of a policy written on "a group it is in" (escalation.ts `ownGroupArns`).
describe('a group the user is in that is not known is a target of a group policy', () => {
  it('writing an inline policy on it: found, and noEscalation does not pass', () => {
    const b = new ModelBuilder();
    b.addAccount(A, 'us-east-1');
    const dev = b.addUser({ name: 'dev', account: A, source: src });
    b.addInlinePolicy(dev, {
      name: 'groups',
      document: doc({ Effect: 'Allow', Action: 'iam:PutGroupPolicy', Resource: `arn:aws:iam::${A}:group/*` }),
      source: src,
    });
    const bound = b.addManagedPolicy({
      name: 'Bound',
      account: A,
      document: doc({ Effect: 'Allow', Action: ['iam:PutGroupPolicy', 's3:GetObject'], Resource: '*' }),
      source: src,
    });
    b.setPermissionsBoundary(dev, { policyArn: bound, source: src });
    b.addUserToGroup(dev, new Unknown('a group known after apply', src), src);
    const e = compileModel(b.build());
    const user = e.model.users.find((u) => u.name === 'dev')!;
    expect(ownGroupArns(e.model, user)).toEqual([
      `arn:aws:iam::${A}:group/(unknown-path=group-of-user-dev)/(unknown-group-of-user-dev)`,
    ]);
    const finding = escalationFindings(e).get(`${user.arn} Rhino Security Labs method 11`);
    expect(finding?.message).toContain('group (unknown-path=group-of-user-dev)/(unknown-group-of-user-dev)');
    expect(noEscalationCheck(e, 'user/dev').status).not.toBe('pass');
  });
});
