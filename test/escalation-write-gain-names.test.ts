// What a write of a resource's policy gains is looked for on the names the model's policies
// tell apart inside it, not on the probe name only (analysis/escalation-writes.ts
// `gainOfWrite`). Before, a user allowed every object of bucket data but `data/secret/*` (an
// Allow with NotResource) and allowed s3:PutBucketPolicy on it gained nothing on the probe name
// `data/iamspec-any`: no resource-policy finding, noEscalation passed, though writing the bucket
// policy grants it the secret objects.
// Pages:
// - Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3
//   bucket." https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// - IAM User Guide, "IAM JSON policy elements: NotResource": "NotResource is an advanced policy
//   element that explicitly matches every resource except those specified."
// - IAM User Guide, "Policy evaluation logic": "an explicit deny in any of these policies
//   overrides the allow" (a Deny of its own is not lifted by a bucket policy).

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE =
  'Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket."';
const DEV = arns.user('dev');
const SECRET = 'arn:aws:s3:::data/secret/*';

/** Bucket data and user dev whose one inline policy has `statements`. */
function devEngine(...statements: object[]) {
  const t = new TestModel();
  t.bucket('data');
  t.user('dev', { inline: [policy(...(statements as never[]))] });
  return t.engine();
}

function engineWith(...more: object[]) {
  return devEngine(
    allow('s3:PutBucketPolicy', arns.bucket('data')),
    allow('s3:DeleteBucket', arns.bucket('data')),
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], NotResource: SECRET },
    ...more,
  );
}

const writeFindings = (e: ReturnType<typeof engineWith>) =>
  reviewRisks(e).filter((f) => f.subject === DEV && f.detail === 'resource-policy write');

describe(`a write of the bucket policy gains the objects the start is not allowed (${PAGE})`, () => {
  it('data/secret/* only: the review has the finding naming a secret object, noEscalation fails (was: none, pass)', () => {
    const e = engineWith();
    const f = writeFindings(e);
    expect(f.length, PAGE).toBeGreaterThan(0);
    expect(f.map((x) => x.message).join(' ')).toMatch(
      /s3:PutBucketPolicy on data, to grant itself s3:GetObject/,
    );
    expect(f[0]!.indeterminate).toBeFalsy();
    const c = noEscalationCheck(e, 'user/dev');
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/s3:GetObject on arn:aws:s3:::data\/secret\/\S+, which user\/dev cannot/);
  });

  it('near miss: its own Deny on data/secret/* (no bucket policy lifts it): no finding, noEscalation passes', () => {
    const e = engineWith(deny(['s3:GetObject', 's3:PutObject'], SECRET));
    expect(writeFindings(e)).toEqual([]);
    expect(noEscalationCheck(e, 'user/dev').status).toBe('pass');
  });

  it('near miss: allowed every object (no name it lacks): no finding', () => {
    const e = devEngine(
      allow(['s3:PutBucketPolicy', 's3:DeleteBucket'], arns.bucket('data')),
      allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::data/*'),
    );
    expect(writeFindings(e)).toEqual([]);
    expect(noEscalationCheck(e, 'user/dev').status).toBe('pass');
  });
});
