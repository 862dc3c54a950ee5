// An aws_s3_bucket_policy of an S3 directory bucket (S3 Express One Zone): the Terraform adapter
// read it as the policy of a general purpose bucket of that name (`arn:aws:s3:::NAME`, a bucket
// that cannot exist), so the directory bucket itself (`arn:aws:s3express:REGION:ACCOUNT:bucket/NAME`)
// had no policy: an anonymous or cross-account `s3express:CreateSession` that its `Principal: *`
// policy allows was denied, and the review reported no public access. Directory bucket policies
// are not modelled (src/aws/s3-directory-buckets.ts): the bucket is kept with an unknown policy,
// as CloudFormation's AWS::S3Express::BucketPolicy is.
//
// Terraform AWS provider, aws_s3_bucket_policy: "Policies can be attached to both S3 general
// purpose buckets and S3 directory buckets." Amazon S3 User Guide, "Directory bucket naming
// rules" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html):
// "A directory bucket name consists of a base name that you provide, and a suffix that contains
// the ID of the AWS Zone (an Availability Zone or a Local Zone) that your bucket is located in and
// --x-s3." "General purpose buckets naming rules": "Bucket names must not end with the suffix
// --x-s3. This suffix is reserved for directory buckets."

import { describe, expect, it } from 'vitest';
import { isDirectoryBucketName } from '../src/aws/s3-directory-buckets.js';
import { compileModel } from '../src/engine/index.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const DIRECTORY = 'logs--use1-az4--x-s3';
const DIRECTORY_ARN = `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/${DIRECTORY}`;

/** A bucket of `name` (a directory bucket when it ends with --x-s3) whose policy lets anyone in. */
function config(name: string): string {
  const directory = isDirectoryBucketName(name);
  return `
provider "aws" { region = "us-east-1" }
${
  directory
    ? `resource "aws_s3_directory_bucket" "b" {
  bucket = "${name}"
  location { name = "use1-az4" }
}`
    : `resource "aws_s3_bucket" "b" { bucket = "${name}" }`
}
resource "aws_s3_bucket_policy" "b" {
  bucket = ${directory ? 'aws_s3_directory_bucket.b.bucket' : 'aws_s3_bucket.b.id'}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3express:CreateSession", "s3:GetObject"]
      Resource  = ["arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/${name}", "arn:aws:s3:::${name}/*"]
    }]
  })
}
`;
}

describe('aws_s3_bucket_policy of a directory bucket', () => {
  it('names a directory bucket by its --x-s3 suffix only', () => {
    expect(isDirectoryBucketName(DIRECTORY)).toBe(true);
    expect(isDirectoryBucketName('logs-x-s3')).toBe(false);
    expect(isDirectoryBucketName('logs--x-s3-archive')).toBe(false);
  });

  it("keeps the directory bucket with an unknown policy: anyone's CreateSession is indeterminate, not denied", () => {
    const model = terraformConfigModel(config(DIRECTORY), { account: ACCOUNT });
    const engine = compileModel(model);
    for (const principal of ['anonymous', 'arn:aws:iam::444455556666:root'])
      expect(
        engine.decide({ principal, action: 's3express:CreateSession', resource: DIRECTORY_ARN }).decision,
      ).toBe('indeterminate');
    const kept = model.resources.find((r) => r.arn === DIRECTORY_ARN);
    expect(kept?.policy?.unknown?.reason).toContain('S3 directory bucket');
    // no general purpose bucket of that name gets the policy
    expect(model.resources.find((r) => r.arn === `arn:aws:s3:::${DIRECTORY}`)?.policy).toBeUndefined();
    expect(model.findings.map((f) => f.code)).toContain('tf/unhandled-resource-type');
  });

  it('a general purpose bucket keeps its policy as modelled (the near miss)', () => {
    const model = terraformConfigModel(config('logs-use1-x-s3x'), { account: ACCOUNT });
    const engine = compileModel(model);
    expect(
      engine.decide({
        principal: 'anonymous',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::logs-use1-x-s3x/k',
      }).decision,
    ).toBe('allow');
    expect(model.findings.map((f) => f.code)).not.toContain('tf/unhandled-resource-type');
  });
});
