// s3:ResourceAccount is filled with the bucket owner's account on the S3 operations that carry it,
// for a bucket or object ARN (src/engine/service-keys.ts): "The s3:ResourceAccount and
// s3:TLSVersion IAM condition keys help you write simple policies that restrict access to your
// buckets based on the AWS Account ID of the bucket owner" (AWS What's New, December 21, 2020,
// "New IAM condition keys for Amazon S3 limit requests to buckets owned by specific AWS accounts
// and using specific TLS versions"); Service Authorization Reference, Amazon S3:
// s3:ResourceAccount "Filters access by the resource owner AWS account ID".
//
// Before, the key was free on every request: a data perimeter such as "Allow s3:* when
// s3:ResourceAccount is my account" was `conditional` on the account's own buckets and on those
// of other accounts alike.

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { ACCOUNT_A, ACCOUNT_B, allow, arns, decide, policy, TestModel } from './helpers/engine-fixtures.js';

function perimeterModel() {
  const m = new TestModel();
  m.user('alice', {
    inline: [
      policy(allow('s3:*', '*', { Condition: { StringEquals: { 's3:ResourceAccount': ACCOUNT_A } } })),
    ],
  });
  m.bucket('mine');
  // Account B's bucket lets alice in: only her identity policy's condition keeps her out.
  m.bucket('theirs', {
    account: ACCOUNT_B,
    policy: policy(
      allow('s3:GetObject', `${arns.bucket('theirs')}/*`, { Principal: { AWS: arns.user('alice') } }),
    ),
  });
  return m.engine();
}

describe('s3:ResourceAccount is the bucket owner account', () => {
  const engine = perimeterModel();
  const alice = arns.user('alice');
  const access = (action: string, resource: string) =>
    decideAnyContext(engine, { principal: alice, action, resource }).access;

  it("a bucket and an object of the principal's account: allowed (was conditional)", () => {
    expect(access('s3:GetObject', `${arns.bucket('mine')}/k`)).toBe('allow');
    expect(access('s3:ListBucket', arns.bucket('mine'))).toBe('allow');
  });

  it("another account's bucket: denied by the condition (was conditional)", () => {
    expect(access('s3:GetObject', `${arns.bucket('theirs')}/k`)).toBe('deny');
  });

  it('eval decides it without the key in the request context', () => {
    expect(decide(engine, alice, 's3:GetObject', `${arns.bucket('mine')}/k`).decision).toBe('allow');
  });

  it('a bucket outside the inputs: its owner is unknown, as for aws:ResourceAccount', () => {
    expect(access('s3:GetObject', `${arns.bucket('elsewhere')}/k`)).not.toBe('allow');
    expect(access('s3:GetObject', `${arns.bucket('elsewhere')}/k`)).not.toBe('deny');
  });

  it('an access point (its bucket may be in another account): left free', () => {
    const ap = `arn:aws:s3:us-west-2:${ACCOUNT_A}:accesspoint/ap`;
    expect(access('s3:GetObject', `${ap}/object/k`)).toBe('conditional');
  });
});
