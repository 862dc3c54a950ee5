// The object owner's access (src/aws/s3-object-ownership.ts). A principal of another account that
// a bucket policy (or a bucket ACL) lets write objects owns what it writes when the bucket's
// Object Ownership is ObjectWriter (or BucketOwnerPreferred without the bucket-owner-full-control
// ACL, or not known), and may then read and re-ACL those objects whatever the bucket policy
// allows. iamspec denied the writer's s3:GetObject / s3:GetObjectAcl (the bucket policy grants it
// only s3:PutObject), so `cannot partner s3:GetObject` passed while S3 lets the partner read back
// its own uploads: now those requests are indeterminate; BucketOwnerEnforced and the bucket
// owner's explicit Deny still deny them, and an account that may not write is still denied.
//
// Amazon S3 User Guide, "How Amazon S3 authorizes a request for an object operation"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html):
// "Bucket context – ... If the AWS account that owns the object in the request is not same as the
// bucket owner, in the bucket context Amazon S3 checks the policies if the bucket owner has
// explicitly denied access to the object." / "Object context – The requester must have
// permissions from the object owner to perform a specific object operation."
// Amazon S3 API Reference, OwnershipControlsRule
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_OwnershipControlsRule.html): "ObjectWriter -
// The uploading account will own the object if the object is uploaded with the
// bucket-owner-full-control canned ACL." / "BucketOwnerEnforced - Access control lists (ACLs) are
// disabled and no longer affect permissions. The bucket owner automatically owns and has full
// control over every object in the bucket."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { loadTemplate, terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const OTHER = '777788889999';
const OBJECT = 'arn:aws:s3:::drop-bucket/in/report.csv';

/** Bucket drop-bucket (its Object Ownership `ownership` when given) and its policy of `statements`. */
function dropBucket(ownership: string | undefined, statements: Record<string, unknown>[]) {
  return {
    Resources: {
      Drop: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'drop-bucket',
          ...(ownership ? { OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } } : {}),
        },
      },
      DropPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Drop' },
          PolicyDocument: { Version: '2012-10-17', Statement: statements },
        },
      },
    },
  };
}

/** The engine of a template deployed in the bucket owner's account. */
const engineOf = (template: Record<string, unknown>) =>
  compileModel(loadTemplate(template, { account: ACCOUNT, region: 'us-east-1' }));

/** A bucket that lets the partner account write under `in/`, and denies plain HTTP to everyone. */
function template(ownership: string | undefined, writerPrincipal = `arn:aws:iam::${PARTNER}:root`) {
  return dropBucket(ownership, [
    {
      Effect: 'Allow',
      Principal: { AWS: writerPrincipal },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::drop-bucket/in/*',
    },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::drop-bucket/*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);
}

/** A Terraform configuration of drop-bucket with Object Ownership `ownership`, and `more`. */
const terraformDropBucket = (ownership: string, more: string) =>
  terraformConfigModel(
    `
provider "aws" { region = "us-east-1" }
resource "aws_s3_bucket" "drop" { bucket = "drop-bucket" }
resource "aws_s3_bucket_ownership_controls" "drop" {
  bucket = aws_s3_bucket.drop.id
  rule { object_ownership = "${ownership}" }
}
${more}`,
    { account: ACCOUNT },
  );

function decide(
  ownership: string | undefined,
  principal: string,
  action: string,
  tls = 'true',
  writerPrincipal?: string,
) {
  return engineOf(template(ownership, writerPrincipal)).decide({
    principal,
    action,
    resource: OBJECT,
    context: { 'aws:SecureTransport': tls },
  }).decision;
}

describe('the object owner may read what it wrote', () => {
  const writer = `arn:aws:iam::${PARTNER}:user/uploader`;

  it('a writing account reads its own objects: indeterminate (ObjectWriter, BucketOwnerPreferred, not set)', () => {
    for (const ownership of ['ObjectWriter', 'BucketOwnerPreferred', undefined]) {
      expect(decide(ownership, writer, 's3:GetObject')).toBe('indeterminate');
      expect(decide(ownership, writer, 's3:PutObjectAcl')).toBe('indeterminate');
    }
  });

  it("a writer named by a role pattern of the partner account makes the partner account the objects' possible owner", () => {
    const pattern = `arn:aws:iam::${PARTNER}:role/uploader-*`;
    expect(decide('ObjectWriter', writer, 's3:GetObject', 'true', pattern)).toBe('indeterminate');
    expect(decide('ObjectWriter', `arn:aws:iam::${OTHER}:user/x`, 's3:GetObject', 'true', pattern)).toBe(
      'deny',
    );
    // the bucket owner's own principals write objects the bucket owner owns: nothing added
    expect(decide('ObjectWriter', writer, 's3:GetObject', 'true', `arn:aws:iam::${ACCOUNT}:role/app`)).toBe(
      'deny',
    );
  });

  it("any account may write: the bucket owner's own principals gain nothing (what they write is the bucket owner's)", () => {
    expect(decide('ObjectWriter', writer, 's3:GetObject', 'true', '*')).toBe('indeterminate');
    expect(decide('ObjectWriter', `arn:aws:iam::${ACCOUNT}:role/app`, 's3:GetObject', 'true', '*')).toBe(
      'deny',
    );
  });

  it('BucketOwnerEnforced: the bucket owner owns every object, so the writer is denied', () => {
    expect(decide('BucketOwnerEnforced', writer, 's3:GetObject')).toBe('deny');
  });

  it("the bucket owner's explicit Deny still applies to the object owner", () => {
    expect(decide('ObjectWriter', writer, 's3:GetObject', 'false')).toBe('deny');
  });

  it('an account the bucket does not let write, and anonymous callers, are denied (the near miss)', () => {
    expect(decide('ObjectWriter', `arn:aws:iam::${OTHER}:user/x`, 's3:GetObject')).toBe('deny');
    expect(decide('ObjectWriter', 'anonymous', 's3:GetObject')).toBe('deny');
    // writing is not an object-owner permission: Delete stays the bucket policy's
    expect(decide('ObjectWriter', writer, 's3:DeleteObject')).toBe('deny');
  });

  it('Terraform: a bucket ACL granting WRITE to any AWS account lets any signed account own objects', () => {
    const model = terraformDropBucket(
      'ObjectWriter',
      `resource "aws_s3_bucket_acl" "drop" {
  bucket = aws_s3_bucket.drop.id
  access_control_policy {
    owner { id = "${'a'.repeat(64)}" }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "WRITE"
    }
  }
}
`,
    );
    const engine = compileModel(model);
    const get = (principal: string) =>
      engine.decide({ principal, action: 's3:GetObject', resource: OBJECT }).decision;
    expect(get(`arn:aws:iam::${OTHER}:user/x`)).toBe('indeterminate');
    expect(get('anonymous')).toBe('deny');
  });

  it('Terraform: BucketOwnerEnforced adds no owner grant', () => {
    const model = terraformDropBucket(
      'BucketOwnerEnforced',
      `resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "${PARTNER}" }, Action = "s3:PutObject", Resource = "arn:aws:s3:::drop-bucket/*" }] })
}
`,
    );
    const bucket = model.resources.find((r) => r.arn === 'arn:aws:s3:::drop-bucket');
    expect(bucket?.s3ObjectOwnership).toBe('BucketOwnerEnforced');
    expect(bucket?.policy?.statements.some((s) => s.sid === 'ObjectOwner')).toBe(false);
    const engine = compileModel(model);
    expect(
      engine.decide({ principal: `arn:aws:iam::${PARTNER}:user/x`, action: 's3:GetObject', resource: OBJECT })
        .decision,
    ).toBe('deny');
  });
});

// The owner grant is as wide as the writer statement (src/aws/s3-object-ownership.ts
// `writtenObjects`, `carriedConditions`). Before, every writer became the possible owner of every
// object of the bucket whatever its statement's Resource and Condition: an account allowed to
// write only under `in/` got an indeterminate read of `out/…`, and a `Principal: "*"` writer
// limited to one account by `aws:PrincipalAccount` made every account a possible owner.
// Amazon S3 User Guide, "How Amazon S3 authorizes a request for an object operation": "Object
// context – The requester must have permissions from the object owner to perform a specific
// object operation." (an account owns only the objects it wrote, and it wrote only what the bucket
// let it write). Amazon S3 API Reference, OwnershipControlsRule: "BucketOwnerPreferred - Objects
// uploaded to the bucket change ownership to the bucket owner if the objects are uploaded with
// the bucket-owner-full-control canned ACL."
describe('the owner grant follows the writer statement', () => {
  const get = (ownership: string, writer: Record<string, unknown>, principal: string, key: string) =>
    engineOf(dropBucket(ownership, [{ Effect: 'Allow', Action: 's3:PutObject', ...writer }])).decide({
      principal,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::drop-bucket/${key}`,
    }).decision;
  const partner = `arn:aws:iam::${PARTNER}:user/uploader`;
  const other = `arn:aws:iam::${OTHER}:user/x`;

  it('an account allowed to write only under in/ may own only objects under in/ (out/ was indeterminate)', () => {
    const writer = { Principal: { AWS: PARTNER }, Resource: 'arn:aws:s3:::drop-bucket/in/*' };
    expect(get('ObjectWriter', writer, partner, 'in/report.csv')).toBe('indeterminate');
    expect(get('ObjectWriter', writer, partner, 'out/report.csv')).toBe('deny');
  });

  it('a Resource of every bucket (`*`) keeps every object', () => {
    const writer = { Principal: { AWS: PARTNER }, Resource: '*' };
    expect(get('ObjectWriter', writer, partner, 'out/report.csv')).toBe('indeterminate');
  });

  it('any writer limited to one account by aws:PrincipalAccount: only that account may own objects (others were indeterminate)', () => {
    const writer = {
      Principal: { AWS: '*' },
      Resource: 'arn:aws:s3:::drop-bucket/*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': PARTNER } },
    };
    expect(get('ObjectWriter', writer, partner, 'in/report.csv')).toBe('indeterminate');
    expect(get('ObjectWriter', writer, other, 'in/report.csv')).toBe('deny');
  });

  it('a condition on the write request itself (aws:SourceIp) is not carried: the owner reads from anywhere (indeterminate)', () => {
    const writer = {
      Principal: { AWS: PARTNER },
      Resource: 'arn:aws:s3:::drop-bucket/*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    };
    expect(get('ObjectWriter', writer, partner, 'in/report.csv')).toBe('indeterminate');
  });

  it('BucketOwnerPreferred and a write allowed only with bucket-owner-full-control: the bucket owner owns it (was indeterminate); ObjectWriter: the writer still does', () => {
    const writer = {
      Principal: { AWS: PARTNER },
      Resource: 'arn:aws:s3:::drop-bucket/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    };
    expect(get('BucketOwnerPreferred', writer, partner, 'in/report.csv')).toBe('deny');
    expect(get('ObjectWriter', writer, partner, 'in/report.csv')).toBe('indeterminate');
    // IfExists: a write without any ACL passes, and is the writer's
    const ifExists = {
      ...writer,
      Condition: { StringEqualsIfExists: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    };
    expect(get('BucketOwnerPreferred', ifExists, partner, 'in/report.csv')).toBe('indeterminate');
  });
});
