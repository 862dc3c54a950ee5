// The reason a decision is indeterminate because a stand-in account may be another account says
// what the stand-in stands for once. Before: the stand-in account of a policy whose target is
// unknown and may be another account's (`ModelBuilder.attachToUnknownResource` `anyAccount`)
// recorded nothing it stood for, so with the deploying account stated (111122223333) the stand-in
// took `000000000000` and the reason said "the deploying account is not stated ... pass --account"
// (wrong: it is stated); with the deploying account unstated, the stand-in took `000000000001` and
// the reason read "stands for an account whose id the inputs do not give (an account whose id is
// unknown)": one thing said twice. Now the stand-in records what it stands for (the account of the
// policy's target) and the reason names it; a stand-in that records nothing says it once.
//
// AWS rule (why the account is unknown): "TopicArn: The ARN of the topic whose access control
// policy you wish to modify." (Amazon SNS API Reference, AddPermission): the topic's ARN names its
// account, which the inputs leave unknown here.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const OURS = '111122223333';

const TEMPLATE = {
  Parameters: { TopicArn: { Type: 'String' } },
  Resources: {
    Pol: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'TopicArn' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::999988887777:root' },
              Action: 'sns:Publish',
              Resource: '*',
            },
          ],
        },
      },
    },
    R: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'r',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }],
            },
          },
        ],
      },
    },
  },
};

/** The role's publish to the stand-in topic: allowed were the stand-in its own account, else denied. */
function worldMessages(account: string | undefined, principal?: string) {
  const b = new ModelBuilder();
  loadTemplateObject(TEMPLATE, b, { ...(account ? { account } : {}), region: 'us-east-1', stackName: 's' });
  const m = b.build();
  const topic = m.resources.find((r) => r.standIn)!;
  const role = m.roles.find((r) => r.name === 'r')!;
  const d = compileModel(m).decide(
    { principal: principal ?? role.arn, action: 'sns:Publish', resource: topic.arn },
    { trace: true },
  );
  return {
    decision: d.decision,
    text: (d.trace ?? [])
      .filter((t) => t.kind === 'unknown-world')
      .map((t) => `${t.message} | ${t.cause?.reason ?? ''}`)
      .join('\n'),
  };
}

describe('what a stand-in account stands for, said once', () => {
  it('deploying account stated: the reason names the unknown target’s account, not an unstated deploying account', () => {
    const { decision, text } = worldMessages(OURS);
    expect(decision).toBe('indeterminate');
    expect(text).toContain('the account of the SNS topic Pol is for');
    expect(text).not.toContain('the deploying account is not stated');
    expect(text).not.toContain('pass --account');
  });

  it('deploying account unstated: no wording said twice', () => {
    // another account's root: denied across accounts, allowed were the stand-in that account
    const { decision, text } = worldMessages(undefined, 'arn:aws:iam::444455556666:root');
    expect(decision).toBe('indeterminate');
    expect(text).not.toContain('(an account whose id is unknown)');
    expect(text).toContain('the account of the SNS topic Pol is for');
  });
});
