// A CDK AwsCustomResource call with `assumedRoleArn` runs with that role's credentials, in its
// account: its change of access is made there (aws/sdk-calls.ts `sdkCallAccount`,
// adapters/cloudformation/handlers/sdk-calls.ts). Before: recorded in the deploying stack's
// account only, so the other account's role it rewrites stayed decided as written (a `cannot`
// on it passed where the call attaches AdministratorAccess to it).
//
// Pages:
// - AWS CDK API Reference, custom_resources.AwsSdkCall, assumedRoleArn: "Used for running the SDK
//   calls in underlying lambda with a different role Can be used primarily for cross-account
//   requests to for example connect hostedzone with a shared vpc."
//   https://docs.aws.amazon.com/cdk/api/v1/python/aws_cdk.custom_resources/AwsSdkCall.html
// - IAM User Guide, "Cross-account policy evaluation logic": a role's session acts in the role's
//   account (the call's IAM request names a role of the account whose credentials make it).

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { sdkCallAccount } from '../src/aws/sdk-calls.js';
import { OTHER, OURS, otherAccount } from './helpers/other-account-writes.js';

const TARGET = {
  Resources: {
    Target: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'target',
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    },
  },
};

/** Our stack: a Custom::AWS attaching AdministratorAccess to role `target`, run as `assumed` when given. */
function ours(assumed?: string) {
  const call = {
    service: 'IAM',
    action: 'attachRolePolicy',
    parameters: { RoleName: 'target', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    physicalResourceId: { id: 'x' },
    ...(assumed ? { assumedRoleArn: assumed } : {}),
  };
  return {
    Resources: {
      Call: {
        Type: 'Custom::AWS',
        Properties: {
          ServiceToken: `arn:aws:lambda:us-east-1:${OURS}:function:provider`,
          Create: JSON.stringify(call),
        },
      },
    },
  };
}

function targetMayDelete(assumed?: string) {
  const model = otherAccount(TARGET).withOther((b) =>
    loadTemplateObject(ours(assumed), b, { account: OURS, region: 'us-east-1', stackName: 'ours' }),
  );
  const engine = compileModel(model);
  return decideAnyContext(engine, {
    principal: `arn:aws:iam::${OTHER}:role/target`,
    action: 's3:DeleteBucket',
    resource: 'arn:aws:s3:::elsewhere',
  }).access;
}

describe('an AwsCustomResource call with assumedRoleArn changes access in the assumed role account', () => {
  it('attachRolePolicy on role target of the other account, assumed there: indeterminate (was: deny)', () => {
    expect(targetMayDelete(`arn:aws:iam::${OTHER}:role/deployer`)).toBe('indeterminate');
  });

  it('near miss: no assumedRoleArn, the call acts in our account: the other account role stays denied', () => {
    expect(targetMayDelete()).toBe('deny');
  });

  it('the account a call runs in: the assumed role ARN account, else ours; an ARN naming none: any account', () => {
    expect(
      sdkCallAccount({ service: 'IAM', action: 'x', assumedRoleArn: `arn:aws:iam::${OTHER}:role/d` }, OURS),
    ).toEqual({
      account: OTHER,
    });
    expect(sdkCallAccount({ service: 'IAM', action: 'x' }, OURS)).toEqual({ account: OURS });
    expect(sdkCallAccount({ service: 'IAM', action: 'x', assumedRoleArn: 'role/d' }, OURS)).toEqual({
      account: OURS,
      anyAccount: true,
    });
  });
});
