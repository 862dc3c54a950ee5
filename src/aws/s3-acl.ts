// S3 ACL facts both adapters share: what a bucket's canned ACL grants, as bucket policy
// statements, so that a public or cross-account grant through an ACL is not missed.

import { isUnknown, type Maybe } from '../model/unknown.js';

/**
 * Bucket ACL permissions as the S3 actions they allow on the bucket (Amazon S3 User Guide, "Access
 * control list (ACL) overview", "Mapping of ACL permissions and access policy permissions",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html): READ lists the
 * bucket, WRITE creates, overwrites and deletes its objects, READ_ACP / WRITE_ACP read and write
 * the bucket ACL.
 */
const READ = ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'];
const WRITE = ['s3:PutObject', 's3:DeleteObject'];
const READ_ACP = ['s3:GetBucketAcl'];

/**
 * The grants of a bucket's canned ACL beyond its owner ("Canned ACL" table of the same page):
 * `public-read` gives the AllUsers group READ; `public-read-write` READ and WRITE;
 * `authenticated-read` the AuthenticatedUsers group (any AWS account) READ; `log-delivery-write`
 * the LogDelivery group WRITE and READ_ACP; `private` and the object-only ACLs (ignored on a
 * bucket) nothing. An unknown ACL may be any of them.
 */
export function cannedAclGrants(acl: Maybe<string>): { principal: unknown; actions: string[] }[] {
  const name = isUnknown(acl) ? undefined : acl.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  switch (name) {
    case 'public-read':
      return [{ principal: '*', actions: READ }];
    case 'public-read-write':
      return [{ principal: '*', actions: [...READ, ...WRITE] }];
    case 'authenticated-read':
      return [{ principal: { AWS: '*' }, actions: READ }];
    case 'log-delivery-write':
      return [{ principal: { Service: 'logging.s3.amazonaws.com' }, actions: [...WRITE, ...READ_ACP] }];
    case undefined:
      return [
        { principal: '*', actions: [...READ, ...WRITE] },
        { principal: { Service: 'logging.s3.amazonaws.com' }, actions: [...WRITE, ...READ_ACP] },
      ];
    default:
      return [];
  }
}

/** The canned ACL's grants as a bucket policy document (undefined when it grants nobody else). */
export function cannedAclDocument(
  acl: Maybe<string>,
  bucketArn: string,
): Record<string, unknown> | undefined {
  const grants = cannedAclGrants(acl);
  if (!grants.length) return undefined;
  return {
    Version: '2012-10-17',
    Statement: grants.map((g) => ({
      Sid: 'BucketAcl',
      Effect: 'Allow',
      Principal: g.principal,
      Action: g.actions,
      Resource: [bucketArn, `${bucketArn}/*`],
    })),
  };
}

/**
 * Whether ACLs of a bucket with this Object Ownership setting take effect: "BucketOwnerEnforced –
 * ACLs are disabled, and the bucket owner automatically owns and has full control over every
 * object in the bucket" (Amazon S3 User Guide, "Controlling ownership of objects and disabling
 * ACLs for your bucket",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html); it is the
 * default of new buckets, on which S3 rejects an ACL that grants access. `undefined` (not set)
 * and an unknown setting answer `maybe`.
 */
export function aclsApply(ownership: Maybe<string> | undefined): 'yes' | 'no' | 'maybe' {
  if (ownership === undefined || isUnknown(ownership)) return 'maybe';
  return ownership === 'BucketOwnerEnforced' ? 'no' : 'yes';
}
