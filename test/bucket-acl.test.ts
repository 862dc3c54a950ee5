// S3 bucket ACLs are carriers of access that are not policies: a canned ACL's grants become bucket
// policy statements, so `onlyPrincipals` on a bucket with a public ACL does not pass.
//
// AWS rules pinned here (Amazon S3 User Guide, "Access control list (ACL) overview",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html): "public-read: Owner
// gets FULL_CONTROL. The AllUsers group gets READ access." and READ on a bucket "Allows grantee to
// list the objects in the bucket" (s3:ListBucket). "BucketOwnerEnforced – ACLs are disabled"
// (Amazon S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { onlyNobody } from './helpers/only-nobody.js';

describe('CloudFormation AccessControl', () => {
  const b = new ModelBuilder();
  loadTemplateFile('test/fixtures/cloudformation/bucket-acl.yaml', b, {
    account: '111122223333',
    region: 'us-east-1',
  });
  const m = b.build();

  it('public-read with ACLs enabled: anyone may list the bucket, next to its bucket policy', () => {
    const r = onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-site');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(true);
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-site/x').holds).toBe(true);
  });

  it('BucketOwnerEnforced disables ACLs: nothing is granted', () => {
    expect(onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-data').holds).toBe(true);
  });

  it('Object Ownership not set: the public write is maybe-present, indeterminate', () => {
    const r = onlyNobody(m, 's3:PutObject', 'arn:aws:s3:::shop-drop/x');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
  });
});

describe('Terraform aws_s3_bucket_acl', () => {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/terraform/bucket-acl', b, { vars: {}, env: {} });
  const m = b.build();

  it('public-read: onlyPrincipals fails (indeterminate: Object Ownership is not read)', () => {
    const r = onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-site');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(false);
  });

  it('private grants nobody; an ACL from a variable without a value may be public', () => {
    expect(onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-data').holds).toBe(true);
    expect(onlyNobody(m, 's3:PutObject', 'arn:aws:s3:::shop-drop/x').holds).toBe(false);
  });
});
