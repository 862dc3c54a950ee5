// A bucket policy delegating to access points (`s3:DataAccessPointAccount` /
// `s3:DataAccessPointArn`) decided for DIRECT requests on the bucket (src/aws/s3-access-points.ts
// `accessPointKeyFill`, read by src/engine/service-keys.ts). Before, those keys were free on every
// bucket ARN, so a direct request was indeterminate for the account the delegation names (and
// "conditional" for anyone under a free context): the bucket looked open to whatever the access
// points of that account might be. Now a direct request has no access point and so none of the
// keys, and what access points outside the inputs may reach is kept as a maybe-present access
// point of each account the condition names, its name and policy unknown (`addOutsideAccessPoints`).
//
// Amazon S3 User Guide, "Configuring IAM policies for using access points"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html):
// "Adding an S3 access point to a bucket doesn't change the bucket's behavior when the bucket is
// accessed directly through the bucket's name or Amazon Resource Name (ARN). All existing
// operations against the bucket will continue to work as before." and, on the condition keys,
// "s3:DataAccessPointArn – This is a string that you can use to match on an access point ARN" /
// "s3:DataAccessPointAccount – This is a string operator that you can use to match on the account
// ID of the owner of an access point": they describe the access point a request goes through, and
// a direct request goes through none. IAM User Guide, "IAM JSON policy elements: Condition
// operators": "If the key that you specify in a policy condition is not present in the request
// context, the values do not match and the condition is false."
// Amazon S3 User Guide, "Creating an access point": "creating a cross-account access point doesn't
// grant you access to data in the bucket until you are granted permissions from the bucket owner"
// (any account may create an access point on the bucket: the delegated account's may be outside
// the inputs).

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { byAccessPointAccount, DATA_BUCKET, delegatingPolicy } from './helpers/access-point-delegation.js';

const PARTNER = '444455556666';
const OBJECT = 'arn:aws:s3:::company-data/report.csv';

const template = (condition: string) => `Resources:
${DATA_BUCKET}${delegatingPolicy(condition)}`;

const byAccount = byAccessPointAccount;

describe('direct requests on a bucket delegating to access points', () => {
  for (const [name, condition] of [
    ['s3:DataAccessPointAccount', byAccount(PARTNER)],
    [
      's3:DataAccessPointArn',
      `{ArnLike: {'s3:DataAccessPointArn': 'arn:aws:s3:us-east-1:${PARTNER}:accesspoint/*'}}`,
    ],
  ] as const)
    it(`${name}: a direct request carries no access point key, so the delegation allows nothing direct (was indeterminate)`, () => {
      const engine = compileModel(modelOf(template(condition)));
      for (const principal of [`arn:aws:iam::${PARTNER}:role/x`, 'anonymous']) {
        const request = { principal, action: 's3:GetObject', resource: OBJECT };
        expect(engine.decide(request).decision).toBe('deny');
        expect(decideAnyContext(engine, request).access).toBe('deny');
      }
    });

  it('the access points of the delegated account stay in the model: a maybe-present access point of that account on the bucket, its policy unknown', () => {
    const m = modelOf(template(byAccount(PARTNER)));
    const outside = m.resources.filter((r) => r.kind === 's3-access-point');
    expect(outside).toHaveLength(1);
    expect(outside[0]?.account).toBe(PARTNER);
    expect(outside[0]?.presence).toBeDefined();
    expect(outside[0]?.s3AccessPoint?.bucket).toBe('company-data');
    const engine = compileModel(m);
    const request = {
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: `${outside[0]?.arn}/object/k`,
    };
    // the bucket side allows (the keys are this access point's); its own policy is unknown
    expect(engine.decide(request).decision).toBe('indeterminate');
  });

  it('a condition whose accounts cannot be listed (a wildcard account) keeps the keys free on direct requests', () => {
    const engine = compileModel(
      modelOf(template(`{StringLike: {'s3:DataAccessPointArn': 'arn:aws:s3:us-east-1:*:accesspoint/*'}}`)),
    );
    const request = { principal: `arn:aws:iam::${PARTNER}:role/x`, action: 's3:GetObject', resource: OBJECT };
    expect(decideAnyContext(engine, request).access).not.toBe('deny');
  });

  it("the request's context still pins the keys (the bucket side of a request through an access point)", () => {
    const reader = `
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}`;
    const engine = compileModel(modelOf(template(byAccount(ACCOUNT)) + reader));
    const request = {
      principal: `arn:aws:iam::${ACCOUNT}:role/reader`,
      action: 's3:GetObject',
      resource: OBJECT,
      context: { 's3:DataAccessPointAccount': ACCOUNT },
    };
    expect(engine.decide(request).decision).toBe('allow');
    expect(engine.decide({ ...request, context: {} }).decision).toBe('deny');
  });
});
