// An imported principal (a policy the inputs attach to a role, user or group they do not define:
// CDK `Role.fromRoleArn(...)` + `bucket.grantWrite(role)`, an `AWS::IAM::Policy` whose `Roles`
// names a role of another stack, `aws_iam_role_policy` on a role the configuration does not
// create) exists outside the inputs, so it may hold policies they do not show. It had only an
// unknown boundary: `eval` of a request its known policies do not allow answered DENY ("no
// identity-based policy allows"), and `onlyPrincipals: []` on a bucket of its account passed,
// although a policy attached to it elsewhere may allow it (same account: an identity-based allow
// suffices).
//
// IAM User Guide, "Policy evaluation logic" (same account: "If an action is allowed by an
// identity-based policy, a resource-based policy, or both, then AWS allows the action"),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html; and
// "Managed policies and inline policies": an identity has the policies attached to it, wherever
// they were attached from, https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';

const PAGE =
  'IAM User Guide, "Policy evaluation logic": in one account, an allow in an identity-based policy suffices; the imported role may hold identity-based policies the inputs do not show';
const ACCOUNT = '111122223333';
// named by name only (`Roles: ['external-writer']`) and by no ARN of the template: its path is
// unknown (src/model/named-principals.ts)
const WRITER = `arn:aws:iam::${ACCOUNT}:role/(unknown-path=role-${ACCOUNT}-external-writer)/external-writer`;

function engine() {
  const model = modelOfTemplate(
    {
      Resources: {
        Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
        // What CDK synthesizes for Role.fromRoleArn(...) + bucket.grantWrite(role)
        ImpPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'ImpPolicy',
            Roles: ['external-writer'],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/*' }],
            },
          },
        },
        Deny: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'Deny',
            Roles: ['external-writer'],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }],
            },
          },
        },
      },
    },
    { account: ACCOUNT, region: 'us-east-1', file: 't.json' },
  );
  return compileModel(model);
}

describe(`imported principals may hold policies the inputs do not show (${PAGE})`, () => {
  it('a request its known policies do not allow is indeterminate, not denied (was: DENY)', () => {
    const d = engine().decide(
      { principal: WRITER, action: 's3:GetObject', resource: 'arn:aws:s3:::data/x' },
      { trace: true },
    );
    expect(d.decision, PAGE).toBe('indeterminate');
    expect(JSON.stringify(d)).toContain('outside the inputs');
  });

  it('an explicit Deny of the inputs still decides; an allow of the inputs stays indeterminate (unknown boundary)', () => {
    const e = engine();
    expect(
      e.decide({ principal: WRITER, action: 's3:DeleteBucket', resource: 'arn:aws:s3:::data' }).decision,
    ).toBe('deny');
    expect(
      e.decide({ principal: WRITER, action: 's3:PutObject', resource: 'arn:aws:s3:::data/x' }).decision,
    ).toBe('indeterminate');
  });

  it('onlyPrincipals: [] on a bucket of its account is indeterminate (was: holds)', () => {
    const r = checkOnlyPrincipals(engine(), 's3:GetObject', 'arn:aws:s3:::data/x', []);
    expect(r.holds, PAGE).toBe(false);
    expect(r.violations.map((v) => [v.principal, v.access])).toContainEqual([WRITER, 'indeterminate']);
  });
});
