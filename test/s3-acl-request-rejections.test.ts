// Requests that set an ACL S3 rejects (src/engine/s3-block-public-access.ts `aclRequestRejected`,
// applied by the engine after the policies). Before, the policies alone decided them: a role
// allowed s3:PutObject was "allowed" to upload with `x-amz-acl: public-read` into a bucket whose
// Block Public Access sets BlockPublicAcls, or with any ACL into a bucket whose Object Ownership
// is BucketOwnerEnforced, though S3 fails both calls. Decided only when the request's context
// pins the ACL (`s3:x-amz-acl`, `s3:x-amz-grant-*`); a request that sets none is decided as before.
//
// Amazon S3 API Reference, PublicAccessBlockConfiguration
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html),
// BlockPublicAcls: "PUT Bucket ACL and PUT Object ACL calls fail if the specified ACL is public."
// and "PUT Object calls fail if the request includes a public ACL."
// Amazon S3 User Guide, "Troubleshooting" (Object Ownership,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html):
// "All S3 PUT requests must either specify the bucket-owner-full-control canned ACL or not
// specify an ACL, or these requests will fail." / "Requests to set ACLs or update ACLs fail with a
// 400 error and return the AccessControlListNotSupported error code."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { aclRequestRejected } from '../src/engine/s3-block-public-access.js';
import { MAYBE, YES } from '../src/engine/tri.js';
import type { Account, Resource } from '../src/model/types.js';
import { loadTemplate, terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const UPLOADER = `arn:aws:iam::${ACCOUNT}:role/uploader`;
const OBJECT = 'arn:aws:s3:::drop-bucket/in/report.csv';
const ALL_USERS = 'uri=http://acs.amazonaws.com/groups/global/AllUsers';

function engineFor(bucket: Record<string, unknown>) {
  return compileModel(
    loadTemplate(
      {
        Resources: {
          Drop: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'drop-bucket', ...bucket } },
          Uploader: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'uploader',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              },
              Policies: [
                {
                  PolicyName: 'put',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [
                      {
                        Effect: 'Allow',
                        Action: ['s3:PutObject', 's3:PutObjectAcl'],
                        Resource: 'arn:aws:s3:::drop-bucket/*',
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      { account: ACCOUNT, region: 'us-east-1' },
    ),
  );
}

const decide = (
  engine: ReturnType<typeof engineFor>,
  action: string,
  context?: Record<string, string | string[]>,
) =>
  engine.decide({ principal: UPLOADER, action, resource: OBJECT, ...(context ? { context } : {}) }).decision;

const blockPublicAcls = {
  PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
};
const enforced = { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
const writer = { OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } };

describe('BlockPublicAcls rejects a request setting a public ACL', () => {
  const engine = engineFor(blockPublicAcls);

  it('PutObject and PutObjectAcl with a public canned ACL: denied (was allowed)', () => {
    for (const acl of ['public-read', 'public-read-write', 'authenticated-read']) {
      expect(decide(engine, 's3:PutObject', { 's3:x-amz-acl': acl })).toBe('deny');
      expect(decide(engine, 's3:PutObjectAcl', { 's3:x-amz-acl': acl })).toBe('deny');
    }
  });

  it('a grant header to the AllUsers group: denied', () => {
    expect(decide(engine, 's3:PutObject', { 's3:x-amz-grant-read': ALL_USERS })).toBe('deny');
  });

  it('a private ACL, or no ACL at all: allowed as before', () => {
    expect(decide(engine, 's3:PutObject', { 's3:x-amz-acl': 'private' })).toBe('allow');
    expect(decide(engine, 's3:PutObject')).toBe('allow');
    expect(decide(engine, 's3:PutObject', { 'aws:SecureTransport': 'true' })).toBe('allow');
  });

  it('without BlockPublicAcls (ObjectWriter): a public ACL is accepted', () => {
    expect(decide(engineFor(writer), 's3:PutObject', { 's3:x-amz-acl': 'public-read' })).toBe('allow');
  });
});

describe('BucketOwnerEnforced rejects a request setting an ACL other than bucket-owner-full-control', () => {
  const engine = engineFor(enforced);

  it('any other canned ACL: denied (was allowed)', () => {
    for (const acl of ['private', 'public-read', 'bucket-owner-read'])
      expect(decide(engine, 's3:PutObject', { 's3:x-amz-acl': acl })).toBe('deny');
    expect(decide(engine, 's3:PutObjectAcl', { 's3:x-amz-acl': 'private' })).toBe('deny');
  });

  it('bucket-owner-full-control, or no ACL: allowed', () => {
    expect(decide(engine, 's3:PutObject', { 's3:x-amz-acl': 'bucket-owner-full-control' })).toBe('allow');
    expect(decide(engine, 's3:PutObject')).toBe('allow');
  });

  it('Object Ownership not given: the call may fail, so indeterminate, not allowed', () => {
    expect(decide(engineFor({}), 's3:PutObject', { 's3:x-amz-acl': 'public-read' })).toBe('indeterminate');
    expect(decide(engineFor({}), 's3:PutObject')).toBe('allow');
  });
});

// Amazon S3 API Reference, PutObject, x-amz-acl: "Buckets that use this setting only accept PUT
// requests that don't specify an ACL or PUT requests that specify bucket owner full control ACLs,
// such as the bucket-owner-full-control canned ACL or an equivalent form of this ACL expressed in
// the XML format. PUT requests that contain other ACLs (for example, custom grants to certain
// Amazon Web Services accounts) fail and return a 400 error with the error code
// AccessControlListNotSupported."
describe('BucketOwnerEnforced rejects grant headers other than the bucket owner full control ACL', () => {
  const engine = engineFor(enforced);
  const LOG_DELIVERY = 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"';

  it('a grant to a group (public or not): denied (was allowed)', () => {
    expect(decide(engine, 's3:PutObject', { 's3:x-amz-grant-read': ALL_USERS })).toBe('deny');
    expect(decide(engine, 's3:PutObjectAcl', { 's3:x-amz-grant-write-acp': LOG_DELIVERY })).toBe('deny');
  });

  it('a grant to a canonical id or e-mail address the inputs do not pin: may be the owner, indeterminate', () => {
    expect(decide(engine, 's3:PutObject', { 's3:x-amz-grant-full-control': `id="${'a'.repeat(64)}"` })).toBe(
      'indeterminate',
    );
    expect(decide(engine, 's3:PutObject', { 's3:x-amz-grant-read': 'emailAddress="xyz@example.com"' })).toBe(
      'indeterminate',
    );
  });

  it('with ACLs enabled (ObjectWriter) the same grants are accepted', () => {
    expect(decide(engineFor(writer), 's3:PutObject', { 's3:x-amz-grant-write-acp': LOG_DELIVERY })).toBe(
      'allow',
    );
  });

  it("the owner's pinned canonical id: full control is the equivalent form (accepted), another id fails", () => {
    const ownerId = 'b'.repeat(64);
    const bucket = { kind: 's3-bucket', s3ObjectOwnership: 'BucketOwnerEnforced' } as Resource;
    const owner = { id: ACCOUNT, canonicalUserId: ownerId } as Account;
    const rejected = (context: Record<string, string>) =>
      aclRequestRejected('s3:putobject', context, bucket, owner)?.rejected;
    expect(rejected({ 's3:x-amz-grant-full-control': `id="${ownerId}"` })).toBeUndefined();
    expect(rejected({ 's3:x-amz-grant-full-control': `id="${'c'.repeat(64)}"` })).toBe(YES);
    expect(rejected({ 's3:x-amz-grant-read': `id="${ownerId}"` })).toBe(MAYBE);
    expect(rejected({ 's3:x-amz-grant-read': 'not a grantee list' })).toBe(MAYBE);
  });
});

// Amazon S3 User Guide, "Setting Object Ownership when you create a bucket": "By default, S3
// Object Ownership is set to the Bucket owner enforced setting, and ACLs are disabled for new
// buckets." "Troubleshooting", InvalidBucketAclWithObjectOwnership: "if your CreateBucket request
// sets Bucket owner enforced and specifies a bucket ACL that provides access to an external AWS
// account, your request fails with a 400 error".
describe('CreateBucket with an ACL granting others fails where the new bucket has ACLs disabled', () => {
  const creator = compileModel(
    loadTemplate(
      {
        Resources: {
          Creator: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'creator',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              },
              Policies: [
                {
                  PolicyName: 'create',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [{ Effect: 'Allow', Action: 's3:CreateBucket', Resource: '*' }],
                  },
                },
              ],
            },
          },
        },
      },
      { account: ACCOUNT, region: 'us-east-1' },
    ),
  );
  const create = (context: Record<string, string | null>) =>
    creator.decide({
      principal: `arn:aws:iam::${ACCOUNT}:role/creator`,
      action: 's3:CreateBucket',
      resource: 'arn:aws:s3:::new-bucket',
      context,
    }).decision;

  it('public-read with no x-amz-object-ownership (the default, BucketOwnerEnforced): denied (was allowed)', () => {
    expect(create({ 's3:x-amz-acl': 'public-read', 's3:x-amz-object-ownership': null })).toBe('deny');
    expect(
      create({ 's3:x-amz-acl': 'public-read', 's3:x-amz-object-ownership': 'BucketOwnerEnforced' }),
    ).toBe('deny');
    expect(create({ 's3:x-amz-grant-read': ALL_USERS, 's3:x-amz-object-ownership': null })).toBe('deny');
  });

  it('ACLs enabled by the request, or a private ACL: allowed', () => {
    expect(create({ 's3:x-amz-acl': 'public-read', 's3:x-amz-object-ownership': 'ObjectWriter' })).toBe(
      'allow',
    );
    expect(create({ 's3:x-amz-acl': 'private', 's3:x-amz-object-ownership': null })).toBe('allow');
  });

  it('the object ownership header not pinned: the call may fail, indeterminate', () => {
    expect(create({ 's3:x-amz-acl': 'public-read' })).toBe('indeterminate');
  });
});

// Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage", BlockPublicAcls: "If
// this setting is applied to an account, then PUT Bucket calls fail if the request includes a
// public ACL." The new bucket is the caller's account's.
describe("CreateBucket with a public ACL under the caller's account BlockPublicAcls", () => {
  const hcl = (block: boolean) => `
provider "aws" { region = "us-east-1" }
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls   = ${block}
  block_public_policy = true
}
resource "aws_iam_role" "creator" {
  name               = "creator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "create" {
  role   = aws_iam_role.creator.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:CreateBucket", Resource = "*" }]
  })
}
`;
  const create = (block: boolean, context: Record<string, string | null>) =>
    compileModel(terraformConfigModel(hcl(block), { account: ACCOUNT })).decide({
      principal: `arn:aws:iam::${ACCOUNT}:role/creator`,
      action: 's3:CreateBucket',
      resource: 'arn:aws:s3:::new-bucket',
      context,
    }).decision;
  const publicWithAcls = { 's3:x-amz-acl': 'public-read', 's3:x-amz-object-ownership': 'ObjectWriter' };

  it('the account blocks public ACLs: denied (was allowed)', () => {
    expect(create(true, publicWithAcls)).toBe('deny');
  });

  it('the account does not: allowed; a private ACL: allowed', () => {
    expect(create(false, publicWithAcls)).toBe('allow');
    expect(create(true, { 's3:x-amz-acl': 'private', 's3:x-amz-object-ownership': 'ObjectWriter' })).toBe(
      'allow',
    );
  });
});
