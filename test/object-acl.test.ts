// S3 object ACLs are carriers of access that are not policies: an `aws_s3_object` (or
// `aws_s3_bucket_object`, `aws_s3_object_copy`) with a public canned ACL or a group grant becomes
// statements of its bucket's policy on the object's ARN, so `cannot anonymous s3:GetObject` on it
// does not pass, under the same Object Ownership and Block Public Access rules as bucket ACLs.
//
// AWS rules pinned here:
// - Amazon S3 User Guide, "Access control list (ACL) overview", Canned ACL table
//   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html): "public-read |
//   Bucket and object | Owner gets FULL_CONTROL. The AllUsers group gets READ access.";
//   "authenticated-read | Bucket and object | Owner gets FULL_CONTROL. The AuthenticatedUsers
//   group gets READ access."; and in "Mapping of ACL permissions and access policy permissions",
//   READ on an object: "s3:GetObject, s3:GetObjectVersion, and s3:GetObjectTorrent"; WRITE: "Not
//   applicable" to objects.
// - Amazon S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket"
//   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html):
//   "BucketOwnerEnforced – ACLs are disabled".
// - Amazon S3 API Reference, "PublicAccessBlockConfiguration"
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html):
//   IgnorePublicAcls "causes Amazon S3 to ignore all public ACLs on this bucket and objects in this
//   bucket"; BlockPublicAcls: "PUT Object calls fail if the request includes a public ACL."

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { cannedObjectAclGrants, effectiveObjectAcl } from '../src/aws/s3-acl.js';
import { compileModel } from '../src/engine/index.js';
import { onlyNobody, terraformFixture } from './helpers/only-nobody.js';

describe('cannedObjectAclGrants', () => {
  it('public-read and public-read-write give AllUsers READ (WRITE does not apply to objects)', () => {
    for (const acl of ['public-read', 'public-read-write', 'PublicRead'])
      expect(cannedObjectAclGrants(acl)).toEqual([
        { principal: '*', actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTorrent'] },
      ]);
  });
  it('private and the bucket-only log-delivery-write grant nobody; bucket-owner-* only another bucket owner', () => {
    expect(cannedObjectAclGrants('private')).toEqual([]);
    expect(cannedObjectAclGrants('log-delivery-write')).toEqual([]);
    expect(cannedObjectAclGrants('bucket-owner-full-control')).toEqual([]);
    expect(cannedObjectAclGrants('bucket-owner-read', '444455556666')[0]?.principal).toEqual({
      AWS: '444455556666',
    });
  });
  it('BucketOwnerEnforced disables the object ACL', () => {
    const g = cannedObjectAclGrants('public-read');
    const s = { bucketBlock: undefined, accountBlock: undefined };
    expect(
      effectiveObjectAcl(g, 'arn:aws:s3:::b/k', { ...s, ownership: 'BucketOwnerEnforced' }).parts,
    ).toEqual([]);
    expect(effectiveObjectAcl(g, 'arn:aws:s3:::b/k', { ...s, ownership: 'ObjectWriter' }).parts).toHaveLength(
      1,
    );
  });
});

describe('Terraform object ACLs', () => {
  const m = terraformFixture('object-acl');

  it("public-read with ACLs enabled: anyone may get that object, not the bucket's other objects", () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::site-assets/secret.txt');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(true);
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::site-assets/private.txt').holds).toBe(true);
    expect(onlyNobody(m, 's3:PutObject', 'arn:aws:s3:::site-assets/secret.txt').holds).toBe(true);
  });

  it('aws_s3_bucket_object authenticated-read and an aws_s3_object_copy AllUsers grant are modelled', () => {
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::site-assets/legacy.txt').decisions.has('allow')).toBe(
      true,
    );
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::site-assets/copy.txt').decisions.has('allow')).toBe(
      true,
    );
  });

  it('BucketOwnerEnforced and ignore_public_acls: nothing is granted', () => {
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::enforced-assets/a.txt').holds).toBe(true);
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::ignored-assets/a.txt').holds).toBe(true);
  });

  it('block_public_acls: maybe-present (indeterminate), with a finding', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::blocked-assets/a.txt');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    const f = m.findings.find(
      (x) => x.code === 's3/public-acl-maybe-rejected' && x.message.includes('aws_s3_object.blocked'),
    );
    expect(f?.message).toContain('PutObject');
  });

  it('an unknown key (and Object Ownership not set): any object of the bucket, indeterminate', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::reports-assets/anything.csv');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
  });

  it('a grant to a canonical user: that canonical user may read the object; the principals of an account it may be, maybe', () => {
    const r = checkOnlyPrincipals(compileModel(m), 's3:GetObject', 'arn:aws:s3:::shared-assets/copy.txt', []);
    expect(r.holds).toBe(false);
    const decided = new Map(r.violations.map((v) => [v.principal, v.decision.decision]));
    expect(decided.get('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be')).toBe('allow');
    // the id may be any account's canonical user (its id is not in the inputs): the principals of
    // the other account are indeterminate, never a pass (canonical-user-principals.test.ts)
    for (const [p, d] of decided)
      if (p !== '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be')
        expect(d).toBe('indeterminate');
  });
});

describe('Terraform object ACL on a bucket the inputs do not pin down', () => {
  it("is kept on an unknown target: a known bucket's object is indeterminate, not allowed", () => {
    const m = terraformFixture('object-acl-unknown');
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::site-assets/index.html');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
  });
});
