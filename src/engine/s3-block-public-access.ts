// The request-time rule of S3 Block Public Access: `RestrictPublicBuckets` (Amazon S3 User Guide,
// "Blocking public access to your Amazon S3 storage",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html):
// "Setting this option to TRUE restricts access to an access point or bucket with a public policy
// to only AWS service principals and authorized users within the bucket owner's account ... This
// setting blocks all cross-account access to the access point or bucket (except by AWS service
// principals)". The rule lives here only; when a policy is public is `aws/s3-public-access.ts`.
// Also the request-time rejection of a request that sets an ACL (BlockPublicAcls, Object
// Ownership BucketOwnerEnforced): `aclRequestRejected`, below.

import { aclsApply, cannedAclGrants, isPublicGrant } from '../aws/s3-acl.js';
import { bucketPolicyPublicness, effectiveSetting } from '../aws/s3-public-access.js';
import { isUnknown } from '../model/unknown.js';
import type { Account, Resource } from '../model/types.js';
import type { RequestPrincipal } from './principal.js';
import type { RequestContext } from './types.js';
import { and3, MAYBE, NO, type Tri, YES } from './tri.js';

/** What RestrictPublicBuckets does for one bucket, whoever asks: computed once per bucket. */
export interface RestrictPublicBuckets {
  /** YES: the bucket has a public policy and the setting is on; MAYBE: either is unknown. */
  applies: Tri;
  /** Why, for traces. */
  why: string;
}

/** Whether RestrictPublicBuckets is in force on `bucket` (undefined when it cannot be). */
export function restrictPublicBucketsOf(
  bucket: Resource | undefined,
  owner: Account | undefined,
): RestrictPublicBuckets | undefined {
  if ((bucket?.kind !== 's3-bucket' && bucket?.kind !== 's3-access-point') || !bucket.policy)
    return undefined;
  const setting = effectiveSetting(
    bucket.publicAccessBlock,
    owner?.publicAccessBlock,
    'restrictPublicBuckets',
  );
  if (setting === false) return undefined;
  const pub = bucketPolicyPublicness(bucket.policy);
  if (pub.public === false) return undefined;
  const on: Tri = isUnknown(setting) ? MAYBE : YES;
  const isPublic: Tri = pub.public === true ? YES : MAYBE;
  const why = [
    isUnknown(setting)
      ? `whether RestrictPublicBuckets is set is unknown (${setting.reason})`
      : `RestrictPublicBuckets is set on ${bucket.publicAccessBlock?.restrictPublicBuckets === true ? 'the bucket' : `account ${bucket.account}`}`,
    pub.public === true ? 'the bucket policy is public' : `the bucket policy may be public (${pub.why})`,
  ].join(' and ');
  return { applies: and3(on, isPublic), why };
}

/**
 * Whether RestrictPublicBuckets blocks this principal: everyone but AWS service principals and
 * principals of the bucket owner's account (anonymous callers and other accounts, including "non-public
 * delegation to specific accounts" in the same policy). NO when the rule does not apply.
 */
export function restrictPublicBucketsBlocks(
  rule: RestrictPublicBuckets | undefined,
  bucketAccount: string | undefined,
  principal: RequestPrincipal,
): Tri {
  if (!rule || rule.applies === NO) return NO;
  if (principal.type === 'service') return NO;
  if (principal.type !== 'anonymous' && bucketAccount !== undefined && principal.account === bucketAccount)
    return NO;
  return rule.applies;
}

// The request-time rejections of a request that sets an ACL, read from the request's context
// (`s3:x-amz-acl`, `s3:x-amz-grant-*`): only when the context pins them, so a request whose ACL
// the context leaves free (the analyses' common case) is decided as before.
// - BlockPublicAcls (Amazon S3 API Reference, PublicAccessBlockConfiguration,
//   https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html):
//   "PUT Bucket ACL and PUT Object ACL calls fail if the specified ACL is public." and "PUT Object
//   calls fail if the request includes a public ACL." A public ACL grants the AllUsers or
//   AuthenticatedUsers group (`aws/s3-acl.ts` `isPublicGrant`).
// - Object Ownership BucketOwnerEnforced (Amazon S3 User Guide, "Troubleshooting" of Object
//   Ownership, https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html):
//   "All S3 PUT requests must either specify the bucket-owner-full-control canned ACL or not
//   specify an ACL, or these requests will fail." A grant header may be an "equivalent form" of
//   bucket-owner-full-control, so under this rule only the canned ACL is read.

/** The actions that carry an ACL to set (lowercased). */
const SETS_ACL = new Set(['s3:putobject', 's3:putobjectacl', 's3:putobjectversionacl', 's3:putbucketacl']);
const CANNED_ACL_KEY = 's3:x-amz-acl';
const GRANT_KEY_PREFIX = 's3:x-amz-grant-';
const PUBLIC_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;

/** The ACL a request's context pins: its canned ACL and the grant headers' values. */
function pinnedAcl(context: RequestContext): { canned?: string[]; grants: string[] } {
  const out: { canned?: string[]; grants: string[] } = { grants: [] };
  for (const [k, v] of Object.entries(context)) {
    if (v === null) continue;
    const key = k.toLowerCase();
    const values = typeof v === 'string' ? [v] : [...v];
    if (key === CANNED_ACL_KEY) out.canned = values;
    else if (key.startsWith(GRANT_KEY_PREFIX)) out.grants.push(...values);
  }
  return out;
}

/**
 * Whether S3 rejects this request for the ACL its context sets, on a bucket (or its object) with
 * these settings: YES (the request fails), MAYBE (a setting is unknown), NO; with why.
 * Undefined when the request sets no ACL the context pins, or is no ACL-setting action.
 */
export function aclRequestRejected(
  actionLower: string,
  context: RequestContext | undefined,
  bucket: Resource | undefined,
  owner: Account | undefined,
): { rejected: Tri; why: string } | undefined {
  if (!context || !SETS_ACL.has(actionLower) || bucket?.kind !== 's3-bucket') return undefined;
  const acl = pinnedAcl(context);
  if (!acl.canned && !acl.grants.length) return undefined;
  const publicAcl =
    (acl.canned ?? []).some((c) => cannedAclGrants(c).some(isPublicGrant)) ||
    acl.grants.some((g) => PUBLIC_GROUP.test(g));
  let rejected: Tri = NO;
  const why: string[] = [];
  if (publicAcl) {
    const block = effectiveAclSetting(bucket.publicAccessBlock, owner?.publicAccessBlock);
    if (block !== false) {
      rejected = isUnknown(block) ? MAYBE : YES;
      why.push(
        isUnknown(block)
          ? `the request sets a public ACL, which Block Public Access (BlockPublicAcls) rejects, and whether it is set is unknown (${block.reason})`
          : 'the request sets a public ACL and Block Public Access (BlockPublicAcls) is set: the call fails',
      );
    }
  }
  if (rejected !== YES && acl.canned?.some((c) => c !== 'bucket-owner-full-control')) {
    const ownership = bucket.s3ObjectOwnership;
    const enforced: Tri =
      ownership === 'BucketOwnerEnforced' ? YES : aclsApply(ownership) === 'maybe' ? MAYBE : NO;
    if (enforced === YES) {
      rejected = YES;
      why.push(
        `the request sets the canned ACL ${acl.canned.join(', ')} and the bucket's Object Ownership is BucketOwnerEnforced: the call fails (AccessControlListNotSupported)`,
      );
    } else if (enforced === MAYBE) {
      rejected = MAYBE;
      why.push(
        `the request sets the canned ACL ${acl.canned.join(', ')}, which fails if the bucket's Object Ownership is BucketOwnerEnforced, and the inputs do not say it is not`,
      );
    }
  }
  return rejected === NO ? undefined : { rejected, why: why.join('; ') };
}

/** BlockPublicAcls in force for a bucket: set on the bucket or its account. */
function effectiveAclSetting(
  bucket: Account['publicAccessBlock'] | undefined,
  account: Account['publicAccessBlock'] | undefined,
) {
  const a = bucket?.blockPublicAcls;
  const b = account?.blockPublicAcls;
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}
