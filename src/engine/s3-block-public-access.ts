// The request-time rule of S3 Block Public Access: `RestrictPublicBuckets` (Amazon S3 User Guide,
// "Blocking public access to your Amazon S3 storage",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html):
// "Setting this option to TRUE restricts access to an access point or bucket with a public policy
// to only AWS service principals and authorized users within the bucket owner's account ... This
// setting blocks all cross-account access to the access point or bucket (except by AWS service
// principals)". The rule lives here only; when a policy is public is `aws/s3-public-access.ts`.
// Through an access point (same page): the setting restricts to "authorized users within the
// bucket owner's account and access point owner's account", and "For any request made through an
// access point, Amazon S3 evaluates the block public access settings for that access point, the
// underlying bucket, and the bucket owner's account. If any of these settings indicate that the
// request should be blocked, Amazon S3 rejects the request." (S3 User Guide, "Managing public
// access to access points"): a public access point policy is restricted when the access point,
// its bucket (`S3AccessPointFacts.bucketPublicAccessBlock`) or the bucket owner's account sets it.
// Also the request-time rejection of a request that sets an ACL (BlockPublicAcls, Object
// Ownership BucketOwnerEnforced): `aclRequestRejected`, below.

import { aclsApply, cannedAclGrants, isPublicGrant } from '../aws/s3-acl.js';
import { bucketPolicyPublicness } from '../aws/s3-public-access.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import type { Account, Resource } from '../model/types.js';
import type { RequestPrincipal } from './principal.js';
import type { RequestContext } from './types.js';
import { and3, MAYBE, NO, type Tri, YES } from './tri.js';

/** What RestrictPublicBuckets does for one bucket or access point, whoever asks: computed once per resource. */
export interface RestrictPublicBuckets {
  /** YES: the bucket has a public policy and the setting is on; MAYBE: either is unknown. */
  applies: Tri;
  /** Why, for traces. */
  why: string;
  /**
   * The accounts whose principals the setting still lets in besides the resource's own: an access
   * point's bucket owner ("the bucket owner's account and access point owner's account").
   */
  alsoAllowed: readonly string[];
}

/** The first level whose setting is on, else the first unknown, else false; with where it is set. */
function settingInForce(levels: readonly (readonly [Account['publicAccessBlock'] | undefined, string])[]): {
  setting: Maybe<boolean>;
  where: string | undefined;
} {
  let unknown: { setting: Maybe<boolean>; where: string | undefined } | undefined;
  for (const [block, where] of levels) {
    const v = block?.restrictPublicBuckets;
    if (v === true) return { setting: true, where };
    if (isUnknown(v)) unknown ??= { setting: v, where };
  }
  return unknown ?? { setting: false, where: undefined };
}

/** Whether RestrictPublicBuckets is in force on `bucket` (undefined when it cannot be). */
export function restrictPublicBucketsOf(
  bucket: Resource | undefined,
  owner: Account | undefined,
): RestrictPublicBuckets | undefined {
  if ((bucket?.kind !== 's3-bucket' && bucket?.kind !== 's3-access-point') || !bucket.policy)
    return undefined;
  const facts = bucket.kind === 's3-access-point' ? bucket.s3AccessPoint : undefined;
  const what = facts ? 'access point' : 'bucket';
  const { setting, where } = settingInForce([
    [bucket.publicAccessBlock, `the ${what}`],
    ...(facts?.bucketPublicAccessBlock
      ? [[facts.bucketPublicAccessBlock, `its bucket ${String(facts.bucket)}`] as const]
      : []),
    ...(owner ? [[owner.publicAccessBlock, `account ${owner.id}`] as const] : []),
  ]);
  if (setting === false) return undefined;
  const pub = bucketPolicyPublicness(bucket.policy);
  if (pub.public === false) return undefined;
  const on: Tri = isUnknown(setting) ? MAYBE : YES;
  const isPublic: Tri = pub.public === true ? YES : MAYBE;
  const why = [
    isUnknown(setting)
      ? `whether RestrictPublicBuckets is set is unknown (${setting.reason})`
      : `RestrictPublicBuckets is set on ${where}`,
    pub.public === true ? `the ${what} policy is public` : `the ${what} policy may be public (${pub.why})`,
  ].join(' and ');
  const bucketOwner = facts?.bucketAccount;
  const alsoAllowed = typeof bucketOwner === 'string' && bucketOwner !== bucket.account ? [bucketOwner] : [];
  return { applies: and3(on, isPublic), why, alsoAllowed };
}

/**
 * Whether RestrictPublicBuckets blocks this principal: everyone but AWS service principals and
 * principals of the bucket owner's account (and of an access point's owner: `bucketAccount` is the
 * access point's then); anonymous callers and other accounts, including "non-public delegation to
 * specific accounts" in the same policy. NO when the rule does not apply.
 */
export function restrictPublicBucketsBlocks(
  rule: RestrictPublicBuckets | undefined,
  bucketAccount: string | undefined,
  principal: RequestPrincipal,
): Tri {
  if (!rule || rule.applies === NO) return NO;
  if (principal.type === 'service') return NO;
  const account = principal.type === 'anonymous' ? undefined : principal.account;
  if (account !== undefined && (account === bucketAccount || rule.alsoAllowed.includes(account))) return NO;
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
//   specify an ACL, or these requests will fail." The grant headers are named by the API
//   Reference (PutObject, x-amz-acl): "Buckets that use this setting only accept PUT requests
//   that don't specify an ACL or PUT requests that specify bucket owner full control ACLs, such as
//   the bucket-owner-full-control canned ACL or an equivalent form of this ACL expressed in the
//   XML format. PUT requests that contain other ACLs (for example, custom grants to certain Amazon
//   Web Services accounts) fail". So a grant header naming a group (`uri=`: never the bucket
//   owner) or a canonical user other than the bucket owner's pinned id fails; one naming the
//   owner's id with full control is that equivalent form (accepted); any other grant (an e-mail
//   address, an id the inputs do not pin, a narrower grant to the owner) may fail (MAYBE).
// - CreateBucket: the new bucket's Object Ownership is the request's `x-amz-object-ownership`,
//   BucketOwnerEnforced when it sends none (Amazon S3 User Guide, "Setting Object Ownership when
//   you create a bucket": "By default, S3 Object Ownership is set to the Bucket owner enforced
//   setting, and ACLs are disabled for new buckets."; "Troubleshooting",
//   InvalidBucketAclWithObjectOwnership: "if your CreateBucket request sets Bucket owner enforced
//   and specifies a bucket ACL that provides access to an external AWS account, your request
//   fails with a 400 error"). Pinned absent (`null`): the default; not pinned: MAYBE.

/** The actions that carry an ACL to set (lowercased). */
const SETS_ACL = new Set([
  's3:putobject',
  's3:putobjectacl',
  's3:putobjectversionacl',
  's3:putbucketacl',
  's3:createbucket',
]);
const CREATE_BUCKET = 's3:createbucket';
const CANNED_ACL_KEY = 's3:x-amz-acl';
const OWNERSHIP_KEY = 's3:x-amz-object-ownership';
const GRANT_KEY_PREFIX = 's3:x-amz-grant-';
const FULL_CONTROL_KEY = 's3:x-amz-grant-full-control';
const PUBLIC_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;
const BUCKET_OWNER_FULL_CONTROL = 'bucket-owner-full-control';
const OWNERSHIP_DEFAULT = 'BucketOwnerEnforced';
/** The canned ACLs that grant someone other than the bucket owner (Amazon S3 User Guide, "Canned ACL"). */
const GRANTS_OTHERS = new Set([
  'public-read',
  'public-read-write',
  'authenticated-read',
  'log-delivery-write',
  'aws-exec-read',
]);

/** One grant header: its key (lowercased) and value. */
interface GrantHeader {
  key: string;
  value: string;
}

/** The ACL a request's context pins: its canned ACL and the grant headers. */
function pinnedAcl(context: RequestContext): { canned?: string[]; grants: GrantHeader[] } {
  const out: { canned?: string[]; grants: GrantHeader[] } = { grants: [] };
  for (const [k, v] of Object.entries(context)) {
    if (v === null) continue;
    const key = k.toLowerCase();
    const values = typeof v === 'string' ? [v] : [...v];
    if (key === CANNED_ACL_KEY) out.canned = values;
    else if (key.startsWith(GRANT_KEY_PREFIX)) out.grants.push(...values.map((value) => ({ key, value })));
  }
  return out;
}

/**
 * The grantees of a grant header's value (`id="…", uri="…", emailAddress="…"`; IAM Access
 * Analyzer API Reference, AclGrantee: "You specify each grantee as a type-value pair using one of
 * these types. ... For more information, see PutBucketAcl."), as [type, value] (type lowercased);
 * undefined when the value is not of that form.
 */
function granteesOf(value: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const part of value.split(',')) {
    const m = /^\s*(id|uri|emailaddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (!m) return undefined;
    out.push([m[1]!.toLowerCase(), m[2]!]);
  }
  return out.length ? out : undefined;
}

/**
 * Whether a grant header fails where ACLs are disabled: YES for a grant to a group or to a
 * canonical user other than the bucket owner's pinned id, NO for full control to the owner's
 * pinned id (the equivalent of bucket-owner-full-control), MAYBE otherwise.
 */
function grantRejectedWithoutAcls(g: GrantHeader, ownerId: string | undefined): Tri {
  const grantees = granteesOf(g.value);
  if (!grantees) return MAYBE;
  let out: Tri = NO;
  for (const [type, value] of grantees) {
    if (type === 'uri') return YES;
    if (type === 'id' && ownerId !== undefined && value.toLowerCase() !== ownerId.toLowerCase()) return YES;
    if (type !== 'id' || ownerId === undefined || g.key !== FULL_CONTROL_KEY) out = MAYBE;
  }
  return out;
}

/** Whether ACLs are disabled (BucketOwnerEnforced) for the request: the bucket's, or CreateBucket's own. */
function aclsDisabled(
  actionLower: string,
  context: RequestContext,
  bucket: Resource | undefined,
): { disabled: Tri; where: string } {
  if (actionLower === CREATE_BUCKET) {
    const entry = Object.entries(context).find(([k]) => k.toLowerCase() === OWNERSHIP_KEY);
    if (!entry)
      return {
        disabled: MAYBE,
        where: `the request's Object Ownership (x-amz-object-ownership, ${OWNERSHIP_DEFAULT} when not sent) is not pinned`,
      };
    const v = entry[1];
    const values = v === null ? [OWNERSHIP_DEFAULT] : typeof v === 'string' ? [v] : [...v];
    const enforced = values.map((x) => x === OWNERSHIP_DEFAULT);
    return {
      disabled: enforced.every(Boolean) ? YES : enforced.some(Boolean) ? MAYBE : NO,
      where:
        v === null
          ? `the request sends no x-amz-object-ownership, so the new bucket is ${OWNERSHIP_DEFAULT} (the default)`
          : `the request's x-amz-object-ownership is ${values.join(', ')}`,
    };
  }
  const ownership = bucket?.s3ObjectOwnership;
  const disabled: Tri = ownership === OWNERSHIP_DEFAULT ? YES : aclsApply(ownership) === 'maybe' ? MAYBE : NO;
  return {
    disabled,
    where:
      disabled === YES
        ? `the bucket's Object Ownership is ${OWNERSHIP_DEFAULT}`
        : `the inputs do not say the bucket's Object Ownership is not ${OWNERSHIP_DEFAULT}`,
  };
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
  if (!context || !SETS_ACL.has(actionLower)) return undefined;
  const creating = actionLower === CREATE_BUCKET;
  if (!creating && bucket?.kind !== 's3-bucket') return undefined;
  const acl = pinnedAcl(context);
  if (!acl.canned && !acl.grants.length) return undefined;
  const publicAcl =
    (acl.canned ?? []).some((c) => cannedAclGrants(c).some(isPublicGrant)) ||
    acl.grants.some((g) => PUBLIC_GROUP.test(g.value));
  let rejected: Tri = NO;
  const why: string[] = [];
  // A bucket being created has no Block Public Access of its own yet: its account's (`owner`, the
  // caller's) applies. Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage",
  // BlockPublicAcls: "If this setting is applied to an account, then PUT Bucket calls fail if the
  // request includes a public ACL."
  if (publicAcl) {
    const block = effectiveAclSetting(
      creating ? undefined : bucket?.publicAccessBlock,
      owner?.publicAccessBlock,
    );
    if (block !== false) {
      rejected = isUnknown(block) ? MAYBE : YES;
      why.push(
        isUnknown(block)
          ? `the request sets a public ACL, which Block Public Access (BlockPublicAcls) rejects, and whether it is set is unknown (${block.reason})`
          : `the request sets a public ACL and Block Public Access (BlockPublicAcls) is set${creating ? ` on account ${owner?.id}` : ''}: the call fails`,
      );
    }
  }
  if (rejected === YES) return { rejected, why: why.join('; ') };
  const otherCanned = acl.canned?.filter((c) => c !== BUCKET_OWNER_FULL_CONTROL) ?? [];
  const verdicts = [
    // CreateBucket fails for an ACL "that provides access to an external AWS account": `private`
    // grants the owner alone; a canned ACL granting others fails; another name may.
    ...otherCanned.map((c) => (!creating ? YES : c === 'private' ? NO : GRANTS_OTHERS.has(c) ? YES : MAYBE)),
    ...acl.grants.map((g) => grantRejectedWithoutAcls(g, owner?.canonicalUserId)),
  ];
  const setsAcl: Tri = verdicts.includes(YES) ? YES : verdicts.includes(MAYBE) ? MAYBE : NO;
  if (setsAcl === NO) return rejected === NO ? undefined : { rejected, why: why.join('; ') };
  const { disabled, where } = aclsDisabled(actionLower, context, bucket);
  const both = and3(setsAcl, disabled);
  if (both === NO) return rejected === NO ? undefined : { rejected, why: why.join('; ') };
  const what = [
    otherCanned.length ? `the canned ACL ${otherCanned.join(', ')}` : '',
    acl.grants.length
      ? `the grant headers ${[...new Set(acl.grants.map((g) => g.key.slice('s3:'.length)))].join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const error = creating ? 'InvalidBucketAclWithObjectOwnership' : 'AccessControlListNotSupported';
  why.push(
    both === YES
      ? `the request sets ${what} and ${where}: ACLs are disabled and the call fails (${error})`
      : `the request sets ${what}, which fails (${error}) where ACLs are disabled, and ${where}${setsAcl === MAYBE ? ', and whether a grant is the bucket owner full control ACL is not known' : ''}`,
  );
  rejected = both === YES ? YES : MAYBE;
  return { rejected, why: why.join('; ') };
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
