// Terraform group memberships whose users or group the configuration leaves unknown (hqa11):
// `aws_iam_group_membership.users = var.members` may hold any user of the account, so the group's
// policies may reach each of them; a known user joining `group = var.group_name` may join any
// group. Before, the membership was "not linked" (a warning only) and a user of the
// configuration was decided DENY for what the group grants: a `cannot` passed while access might
// exist.
//
// AWS rule (IAM User Guide, "IAM user groups",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html): "You can use groups to specify
// permissions for a collection of users ... Any user in that user group automatically has the
// permissions that are assigned to the user group." Terraform registry, aws_iam_group_membership:
// "users - (Required) A list of IAM User names to associate with the Group".

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';

const ACCOUNT = '111122223333';
const model = loadModelSync(['test/fixtures/tf/group-membership-unknown'], {});
const engine = compileModel(model);
const createUser = (user: string) => ({
  principal: `arn:aws:iam::${ACCOUNT}:user/${user}`,
  action: 'iam:CreateUser',
  resource: `arn:aws:iam::${ACCOUNT}:user/z`,
});
const sendMessage = (user: string) => ({
  principal: `arn:aws:iam::${ACCOUNT}:user/${user}`,
  action: 'sqs:SendMessage',
  resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
});

describe('group memberships with unknown users or group', () => {
  it('users = var.members: the group policies may reach any user (indeterminate, not deny)', () => {
    const d = engine.decide(createUser('ops'));
    expect(d.decision).toBe('indeterminate');
    const codes = model.findings
      .filter((f) => f.source?.address === 'aws_iam_group_membership.m')
      .map((f) => f.code);
    // one unknown, one warning (hflat12): the membership's own, not one more per group policy
    expect(codes).toEqual(['tf/unresolved-reference']);
  });

  it('group = var.group_name: a known user may be in any group', () => {
    expect(engine.decide(sendMessage('qa')).decision).toBe('indeterminate');
    expect(engine.decide(createUser('qa')).decision).toBe('indeterminate');
  });

  it('aws_iam_user_group_membership with unknown groups keeps its user in an unknown group', () => {
    expect(engine.decide(sendMessage('dev')).decision).toBe('indeterminate');
  });

  it('aws_iam_user_group_membership with an unknown user: the known groups reach any user', () => {
    const publish = {
      ...sendMessage('ops'),
      action: 'sns:Publish',
      resource: `arn:aws:sns:us-east-1:${ACCOUNT}:t`,
    };
    expect(engine.decide(publish).decision).toBe('indeterminate');
  });

  it('members given: decided (the members have the group policies, the others do not)', () => {
    const known = compileModel(
      loadModelSync(['test/fixtures/tf/group-membership-unknown'], {
        vars: { members: '["ops"]', group_name: 'g2', who: 'qa' },
      }),
    );
    expect(known.decide(createUser('ops')).decision).toBe('allow');
    expect(known.decide(createUser('qa')).decision).toBe('deny');
    expect(known.decide(sendMessage('qa')).decision).toBe('allow');
    const publish = (u: string) => ({
      ...sendMessage(u),
      action: 'sns:Publish',
      resource: `arn:aws:sns:us-east-1:${ACCOUNT}:t`,
    });
    expect(known.decide(publish('qa')).decision).toBe('allow');
    expect(known.decide(createUser('qa')).decision).toBe('deny');
  });
});
