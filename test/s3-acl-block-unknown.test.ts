// Issue 10 leftovers on S3: a Block Public Access setting whose bucket the inputs do not pin down is
// kept maybe-present on every bucket of the account (never dropped), and bucket ACLs take effect
// as AWS documents: Object Ownership `BucketOwnerEnforced` disables them, IgnorePublicAcls makes S3
// ignore the public ones only, BlockPublicAcls may reject them (order not fixed by the inputs).
//
// AWS pages quoted:
// - Amazon S3 API Reference, "PublicAccessBlockConfiguration"
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html):
//   IgnorePublicAcls: "Setting this element to TRUE causes Amazon S3 to ignore all public ACLs on
//   this bucket and objects in this bucket." BlockPublicAcls: "PUT Bucket ACL and PUT Object ACL
//   calls fail if the specified ACL is public." ... "Enabling this setting doesn't affect existing
//   policies or ACLs." RestrictPublicBuckets restricts "access to this bucket to only AWS service
//   principals and authorized users within this account if the bucket has a public policy".
// - Amazon S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket"
//   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html):
//   "BucketOwnerEnforced – ACLs are disabled".
// - Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage"
//   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html):
//   BlockPublicPolicy "causes Amazon S3 to reject calls to PUT Bucket policy if the specified
//   bucket policy allows public access"; RestrictPublicBuckets applies to "an access point or
//   bucket with a public policy": both judge the bucket policy, and ACLs are the other two settings'.
// - Terraform AWS provider, aws_s3_bucket_public_access_block
//   (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block):
//   `bucket` - "(Required) S3 Bucket to which this Public Access Block configuration should be applied."

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { effectiveBucketAcl } from '../src/aws/s3-acl.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { onlyNobody, terraformFixture } from './helpers/only-nobody.js';

const ACCOUNT = '111122223333';

describe('aws_s3_bucket_public_access_block on a bucket the inputs do not pin down', () => {
  const m = terraformFixture('bpa-unknown-bucket');

  it('is kept, maybe-present, on every bucket of the account and on a stand-in bucket', () => {
    const site = m.resources.find((r) => r.arn === 'arn:aws:s3:::shop-site')!;
    for (const k of [
      'blockPublicAcls',
      'ignorePublicAcls',
      'blockPublicPolicy',
      'restrictPublicBuckets',
    ] as const)
      expect(isUnknown(site.publicAccessBlock?.[k])).toBe(true);
    const standIn = m.resources.find(
      (r) => r.kind === 's3-bucket' && r.presence && r.name.startsWith('(unknown-'),
    );
    expect(standIn?.publicAccessBlock?.restrictPublicBuckets).toBe(true);
  });

  it('the public read it may block is indeterminate, not allowed; the user sees a finding naming it', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-site/index.html');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    const f = m.findings.find((x) => x.code === 'model/unknown-resource-target');
    expect(f?.message).toContain('aws_s3_bucket_public_access_block.hardened');
    expect(f?.message).toContain('Block Public Access setting');
    expect(f?.source?.address).toBe('aws_s3_bucket_public_access_block.hardened');
  });

  it('without the unknown block, the same public read is a definite allow (the block is what makes it open)', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/terraform/bpa-unknown-bucket', b, {
      vars: { hardened_bucket: 'shop-other' },
      env: {},
    });
    const r = onlyNobody(b.build(), 's3:GetObject', 'arn:aws:s3:::shop-site/index.html');
    expect(r.decisions).toEqual(new Set(['allow']));
  });
});

describe('settings and ACLs that might not exist or whose bucket is unknown', () => {
  it('an ACL whose bucket is unknown may be any bucket\'s: the public list is indeterminate, not "nobody"', () => {
    const m = terraformFixture('acl-unknown-bucket');
    const r = onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-site');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    expect(m.findings.some((f) => f.code === 'model/unknown-resource-target')).toBe(true);
  });

  it('an account block that might not exist (count over a variable without a value) does not close the public read', () => {
    const m = terraformFixture('account-block-maybe');
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-site/index.html');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
  });

  it('the same block known to exist restricts the public read: decided, not indeterminate', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/terraform/account-block-maybe', b, {
      vars: { harden_account: 'true' },
      env: {},
    });
    const r = onlyNobody(b.build(), 's3:GetObject', 'arn:aws:s3:::shop-site/index.html');
    expect(r.decisions.has('allow')).toBe(false);
  });
});

describe('Terraform bucket ACLs with Object Ownership and Block Public Access', () => {
  const m = terraformFixture('bucket-acl-settings');

  it('ACLs enabled, no block: the public-read ACL lets anyone list the bucket', () => {
    const r = onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-downloads');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(true);
  });

  it('BucketOwnerEnforced disables ACLs: nothing is granted', () => {
    expect(onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-archive').holds).toBe(true);
  });

  it('IgnorePublicAcls: the public grant is ignored, the log delivery grant is not', () => {
    expect(onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-logs').holds).toBe(true);
    const r = onlyNobody(m, 's3:PutObject', 'arn:aws:s3:::shop-weblogs/x');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(true);
  });

  it('BlockPublicAcls in an order Terraform does not fix: indeterminate, with a finding', () => {
    const r = onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-media');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    const f = m.findings.find((x) => x.code === 's3/public-acl-maybe-rejected');
    expect(f?.source?.address).toBe('aws_s3_bucket_acl.media');
  });
});

describe('CloudFormation AccessControl with PublicAccessBlockConfiguration', () => {
  const file = 'test/fixtures/cloudformation/bucket-acl-block.yaml';
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-east-1', stackName: 'logs', file, locate });
  const m = b.build();

  it('IgnorePublicAcls does not drop the (non-public) log delivery grant', () => {
    const r = onlyNobody(m, 's3:PutObject', 'arn:aws:s3:::shop-access-logs/x');
    expect(r.holds).toBe(false);
  });

  it('BlockPublicPolicy and RestrictPublicBuckets judge the bucket policy, not the ACL kept next to it', () => {
    const r = onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-downloads');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(true);
    expect(m.findings.some((f) => f.code === 's3/public-policy-rejected')).toBe(false);
    // the partner grant of the (non-public) policy stays
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-downloads/x').holds).toBe(false);
  });

  it('IgnorePublicAcls: a public-read ACL grants nothing', () => {
    expect(onlyNobody(m, 's3:ListBucket', 'arn:aws:s3:::shop-assets').holds).toBe(true);
  });
});

describe('effectiveBucketAcl', () => {
  const arn = 'arn:aws:s3:::b';
  const src = { file: 't' };
  it('an unknown IgnorePublicAcls (bucket or account) makes the public grants maybe-present', () => {
    const u = new Unknown('var.x', src);
    const r = effectiveBucketAcl('public-read', arn, {
      ownership: 'ObjectWriter',
      bucketBlock: undefined,
      accountBlock: { ignorePublicAcls: u, source: src },
    });
    expect(r.parts).toHaveLength(1);
    expect(r.parts[0]!.maybe).toContain('IgnorePublicAcls');
  });
  it('account-level IgnorePublicAcls applies to every bucket', () => {
    const r = effectiveBucketAcl('public-read-write', arn, {
      ownership: 'ObjectWriter',
      bucketBlock: undefined,
      accountBlock: { ignorePublicAcls: true, source: src },
    });
    expect(r.parts).toEqual([]);
  });
});
