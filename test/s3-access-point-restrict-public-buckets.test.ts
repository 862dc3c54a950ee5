// RestrictPublicBuckets on a request through an S3 access point (src/engine/s3-block-public-access.ts
// `restrictPublicBucketsOf`; the underlying bucket's settings are linked onto the access point by
// src/aws/s3-access-points.ts `linkAccessPointBuckets`).
//
// Amazon S3 User Guide, "Managing public access to access points for general purpose buckets":
// "For any request made through an access point, Amazon S3 evaluates the block public access
// settings for that access point, the underlying bucket, and the bucket owner's account. If any of
// these settings indicate that the request should be blocked, Amazon S3 rejects the request."
// Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage", RestrictPublicBuckets:
// "Setting this option to TRUE restricts access to an access point or bucket with a public policy
// to only AWS service principals and authorized users within the bucket owner's account and access
// point owner's account. This setting blocks all cross-account access to the access point or
// bucket (except by AWS service principals), while still allowing users within the account to
// manage the access point or bucket."
//
// Before, only the access point's own setting and the bucket owner's account's were read: an
// access point that turned RestrictPublicBuckets off kept a public access point policy open to
// everyone (anonymous requests allowed) though its bucket sets RestrictPublicBuckets; and through
// a cross-account access point the bucket owner's principals were blocked.

import { describe, expect, it } from 'vitest';
import { addS3AccessPoint, accessPointBlock } from '../src/aws/s3-access-points.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { ACCOUNT, modelOf, REGION } from './fixtures/cfn/load.js';
import { byAccessPointAccount, delegatingPolicy } from './helpers/access-point-delegation.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const AP = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/shared`;
const OBJECT = `${AP}/object/report.csv`;
const AP_OFF =
  '{BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}';

/** A bucket delegating to its account's access points, and a public access point policy (its own settings off). */
const template = (bucketBlock: string) => `Resources:
  Data: {Type: AWS::S3::Bucket, Properties: {BucketName: company-data, PublicAccessBlockConfiguration: ${bucketBlock}}}${delegatingPolicy(byAccessPointAccount(ACCOUNT))}
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: shared
      PublicAccessBlockConfiguration: ${AP_OFF}
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: 's3:GetObject'
            Resource: '${AP}/object/*'`;

const anonymousThroughAp = (m: ReturnType<typeof modelOf>) =>
  compileModel(m).decide(
    { principal: 'anonymous', action: 's3:GetObject', resource: OBJECT },
    { trace: true },
  );

describe("the underlying bucket's RestrictPublicBuckets on a public access point policy", () => {
  it('the bucket sets it: an anonymous request through the access point is denied (was allowed)', () => {
    const d = anonymousThroughAp(
      modelOf(template('{BlockPublicPolicy: false, RestrictPublicBuckets: true}')),
    );
    expect(d.decision).toBe('deny');
    expect(
      d.trace?.some((t) => t.message.includes('RestrictPublicBuckets is set on its bucket company-data')),
    ).toBe(true);
  });

  it('the bucket turns it off: the public access point policy is in force (allowed)', () => {
    const d = anonymousThroughAp(
      modelOf(template('{BlockPublicPolicy: false, RestrictPublicBuckets: false}')),
    );
    expect(d.decision).toBe('allow');
  });

  it("the bucket's setting unknown (a parameter): indeterminate", () => {
    const m = modelOf(
      `Parameters:\n  Restrict: {Type: String}\n${template('{BlockPublicPolicy: false, RestrictPublicBuckets: !Ref Restrict}')}`,
    );
    expect(anonymousThroughAp(m).decision).toBe('indeterminate');
  });
});

// The bucket owner's account-level setting was already read (the engine passes the bucket owner's
// account with the access point); kept beside the bucket-level rule it now joins.
describe("the bucket owner's account-level RestrictPublicBuckets (Terraform aws_s3_account_public_access_block)", () => {
  const hcl = (accountBlock: string) => `
provider "aws" { region = "us-east-1" }
resource "aws_s3_bucket" "data" { bucket = "company-data" }
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Principal = { AWS = "*" }, Action = "*",
      Resource = ["arn:aws:s3:::company-data", "arn:aws:s3:::company-data/*"],
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "${ACCOUNT}" } }
    }]
  })
}
resource "aws_s3_access_point" "shared" {
  bucket = aws_s3_bucket.data.id
  name   = "shared"
  public_access_block_configuration {
    block_public_acls       = false
    ignore_public_acls      = false
    block_public_policy     = false
    restrict_public_buckets = false
  }
}
resource "aws_s3control_access_point_policy" "shared" {
  access_point_arn = aws_s3_access_point.shared.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Principal = "*", Action = "s3:GetObject",
      Resource = "arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/shared/object/*"
    }]
  })
}
${accountBlock}`;
  const decide = (accountBlock: string) =>
    compileModel(terraformConfigModel(hcl(accountBlock), { account: ACCOUNT })).decide({
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/shared/object/report.csv`,
    }).decision;

  it('set: the anonymous request through the access point is denied', () => {
    expect(
      decide(`resource "aws_s3_account_public_access_block" "this" {
  block_public_policy     = false
  restrict_public_buckets = true
}`),
    ).toBe('deny');
  });

  it('not set: allowed', () => {
    expect(decide('')).toBe('allow');
  });
});

describe("through a cross-account access point: the bucket owner's account keeps access", () => {
  const BUCKET_OWNER = '444455556666';
  const source = { file: 'test' };
  const build = () => {
    const b = new ModelBuilder();
    b.addAccount(BUCKET_OWNER);
    b.addBucket({
      bucketName: 'owner-data',
      account: BUCKET_OWNER,
      source,
      kmsKeyId: null,
      policy: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: '*',
              Resource: ['arn:aws:s3:::owner-data', 'arn:aws:s3:::owner-data/*'],
              Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
            },
          ],
        },
        { kind: 'resource', source },
      ),
    });
    addS3AccessPoint(b, {
      arn: AP,
      name: 'shared',
      account: ACCOUNT,
      region: REGION,
      bucket: 'owner-data',
      bucketAccount: BUCKET_OWNER,
      networkOrigin: 'Internet',
      policy: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${AP}/object/*` },
          ],
        },
        { kind: 'resource', source },
      ),
      // The access point's own RestrictPublicBuckets on (the default); BlockPublicPolicy off so the policy stays.
      publicAccessBlock: accessPointBlock({ blockPublicPolicy: false }, source),
      source,
    });
    return compileModel(b.build());
  };

  it('a principal of the bucket owner is allowed (was denied); another account and the public are not', () => {
    const engine = build();
    const decide = (principal: string) =>
      engine.decide({ principal, action: 's3:GetObject', resource: OBJECT }).decision;
    expect(decide(`arn:aws:iam::${BUCKET_OWNER}:root`)).not.toBe('deny');
    expect(decide('arn:aws:iam::777788889999:root')).toBe('deny');
    expect(decide('anonymous')).toBe('deny');
  });
});
