// S3 ACL facts both adapters share: what a bucket's or an object's canned ACL grants, as bucket
// policy statements, so that a public or cross-account grant through an ACL is not missed.

import type { Source } from '../model/source.js';
import type { PublicAccessBlock } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import type { PolicyDocument } from '../policy/types.js';

/** One grant of an ACL: who (a bucket policy principal) may do what (S3 actions). */
export type AclGrant = { principal: unknown; actions: string[] };

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
const WRITE_ACP = ['s3:PutBucketAcl'];

/**
 * A bucket ACL permission as S3 actions (same table): READ "Allows grantee to list the objects in
 * the bucket" (s3:ListBucket, s3:ListBucketVersions, s3:ListBucketMultipartUploads); WRITE "Allows
 * grantee to create new objects in the bucket. For the bucket and object owners of existing
 * objects, also allows deletions and overwrites of those objects" (s3:PutObject, s3:DeleteObject);
 * READ_ACP "Allows grantee to read the bucket ACL" (s3:GetBucketAcl); WRITE_ACP "Allows grantee to
 * write the ACL for the applicable bucket" (s3:PutBucketAcl); FULL_CONTROL "Allows grantee the
 * READ, WRITE, READ_ACP, and WRITE_ACP permissions on the bucket". Undefined for another name.
 */
export function bucketPermissionActions(permission: string): string[] | undefined {
  switch (permission.toUpperCase()) {
    case 'READ':
      return READ;
    case 'WRITE':
      return WRITE;
    case 'READ_ACP':
      return READ_ACP;
    case 'WRITE_ACP':
      return WRITE_ACP;
    case 'FULL_CONTROL':
      return [...READ, ...WRITE, ...READ_ACP, ...WRITE_ACP];
    default:
      return undefined;
  }
}

/** An ACL grantee as S3 writes it (Grantee: Type, URI, ID, EmailAddress); values may be unknown. */
export interface AclGrantee {
  type?: unknown;
  uri?: unknown;
  id?: unknown;
  email?: unknown;
}

/**
 * The bucket policy principal of an ACL grantee (Amazon S3 User Guide, "Access control list (ACL)
 * overview", "Who is a grantee?"), undefined when the grantee is not known:
 * - the AllUsers group (`http://acs.amazonaws.com/groups/global/AllUsers`): "Access permission to
 *   this group allows anyone in the world access to the resource", signed or anonymous: `*`;
 * - the AuthenticatedUsers group (`.../groups/global/AuthenticatedUsers`): "This group represents
 *   all AWS accounts. Access permission to this group allows any AWS account to access the
 *   resource. However, all requests must be signed (authenticated)": `{AWS: "*"}`, any account,
 *   not the bucket owner's principals only, and no anonymous request (`aclStatements` marks it);
 * - the LogDelivery group (`.../groups/s3/LogDelivery`): the S3 server access logging service;
 * - a canonical user (`CanonicalUser`, by `ID`): `{CanonicalUser: id}` (an unknown id stays an
 *   unknown canonical user);
 * - an e-mail address (`AmazonCustomerByEmail`): the AWS account of that address, whose canonical
 *   user id the inputs do not hold: an unknown canonical user (`source` says where).
 */
export function granteePrincipal(g: AclGrantee, source?: Source): unknown {
  if (isUnknown(g.type)) return undefined;
  const type = typeof g.type === 'string' && g.type ? g.type : undefined;
  if (type === 'Group' || (type === undefined && typeof g.uri === 'string' && g.uri)) {
    if (typeof g.uri !== 'string') return undefined;
    if (/\/groups\/global\/AllUsers$/.test(g.uri)) return '*';
    if (/\/groups\/global\/AuthenticatedUsers$/.test(g.uri)) return { AWS: '*' };
    if (/\/groups\/s3\/LogDelivery$/.test(g.uri)) return { Service: 'logging.s3.amazonaws.com' };
    return undefined;
  }
  if (
    type === 'CanonicalUser' ||
    (type === undefined && g.id !== undefined && g.id !== '' && g.id !== null)
  ) {
    if (typeof g.id === 'string' && g.id) return { CanonicalUser: g.id };
    return isUnknown(g.id) ? { CanonicalUser: g.id } : undefined;
  }
  if (type === 'AmazonCustomerByEmail') {
    const email = typeof g.email === 'string' && g.email ? ` ${g.email}` : '';
    return {
      CanonicalUser: new Unknown(
        `the canonical user of the AWS account of the e-mail address${email} an ACL grants to (not in the inputs)`,
        source,
      ),
    };
  }
  return undefined;
}

/**
 * The bucket owner's canonical user id an ACL's `AccessControlPolicy` names, when known: "Owner —
 * Container for the bucket owner's display name and ID" (Amazon S3 API Reference, PutBucketAcl,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html); the bucket owner "is the
 * AWS account that created the bucket" (Amazon S3 User Guide, "Access control list (ACL)
 * overview", "Amazon S3 bucket and object ownership"). So it is the canonical user id of the
 * bucket's account. `owner`: the `Owner` as written (`{ID: …}`, or Terraform's `owner { id }`).
 */
export function aclOwnerCanonicalId(owner: unknown): string | undefined {
  const o = Array.isArray(owner) ? owner[0] : owner;
  if (!o || typeof o !== 'object' || isUnknown(o)) return undefined;
  const id = (o as { id?: unknown; ID?: unknown }).id ?? (o as { ID?: unknown }).ID;
  return typeof id === 'string' && /^[0-9a-f]{64}$/i.test(id) ? id.toLowerCase() : undefined;
}

/**
 * The grants of a bucket's canned ACL beyond its owner ("Canned ACL" table of the same page):
 * `public-read` gives the AllUsers group READ; `public-read-write` READ and WRITE;
 * `authenticated-read` the AuthenticatedUsers group (any AWS account) READ; `log-delivery-write`
 * the LogDelivery group WRITE and READ_ACP; `private` and the object-only ACLs (ignored on a
 * bucket) nothing. An unknown ACL may be any of them.
 */
export function cannedAclGrants(acl: Maybe<string>): AclGrant[] {
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

/** True for a grant to the AllUsers or AuthenticatedUsers group: what S3 calls a public ACL. */
export function isPublicGrant(g: { principal: unknown }): boolean {
  return (
    g.principal === '*' || (typeof g.principal === 'object' && (g.principal as { AWS?: unknown }).AWS === '*')
  );
}

/** A setting in force for a bucket: true when the bucket or its account sets it. */
function anySetting(
  bucket: PublicAccessBlock | undefined,
  account: PublicAccessBlock | undefined,
  k: 'ignorePublicAcls' | 'blockPublicAcls',
): Maybe<boolean> {
  const a = bucket?.[k];
  const b = account?.[k];
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}

/** What decides whether a bucket's ACL takes effect. */
export interface AclSettings {
  /** The bucket's Object Ownership (`undefined`: not set). */
  ownership: Maybe<string> | undefined;
  /** The bucket's and its account's S3 Block Public Access settings. */
  bucketBlock: PublicAccessBlock | undefined;
  accountBlock: PublicAccessBlock | undefined;
}

/** A part of a bucket ACL that takes effect, maybe (`maybe`: why it might not). */
export interface AclPart {
  document: Record<string, unknown>;
  maybe?: string;
}

/**
 * The grants of a bucket's canned ACL that take effect, as AWS documents them:
 * - Object Ownership `BucketOwnerEnforced` disables ACLs (`aclsApply`);
 * - IgnorePublicAcls (of the bucket or its account) "causes Amazon S3 to ignore all public ACLs on
 *   this bucket and objects in this bucket": the public grants (AllUsers, AuthenticatedUsers)
 *   take no effect, the others (log delivery) still do;
 * - BlockPublicAcls: "PUT Bucket ACL and PUT Object ACL calls fail if the specified ACL is public"
 *   (Amazon S3 API Reference, PublicAccessBlockConfiguration,
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html):
 *   whether the block is in force when the ACL is written is not fixed by the inputs (and
 *   "Enabling this setting doesn't affect existing policies or ACLs"), so the public grants
 *   might not exist: `rejectedMaybe` says why, for a finding.
 * An unknown setting makes the grants it governs maybe-present.
 */
export function effectiveBucketAcl(
  acl: Maybe<string>,
  bucketArn: string,
  s: AclSettings,
): { parts: AclPart[]; rejectedMaybe?: string } {
  return effectiveBucketGrants(cannedAclGrants(acl), bucketArn, s);
}

/**
 * The grants of a bucket ACL, a canned ACL's (`cannedAclGrants`) and explicit ones
 * (`granteePrincipal`, `bucketPermissionActions`) in one list, that take effect, by the rules of
 * `effectiveBucketAcl`.
 */
export function effectiveBucketGrants(
  grants: AclGrant[],
  bucketArn: string,
  s: AclSettings,
): { parts: AclPart[]; rejectedMaybe?: string } {
  return effectiveGrants(
    grants.filter((g) => g.actions.length),
    [bucketArn, `${bucketArn}/*`],
    s,
    'BucketAcl',
    'PutBucketAcl',
  );
}

/**
 * Object ACL permissions as the S3 actions they allow on the object (same "Mapping of ACL
 * permissions and access policy permissions" table): READ "Allows grantee to read the object data
 * and its metadata" (s3:GetObject, s3:GetObjectVersion, s3:GetObjectTorrent); READ_ACP "Allows
 * grantee to read the object ACL" (s3:GetObjectAcl, s3:GetObjectVersionAcl); WRITE_ACP "Allows
 * grantee to write the ACL for the applicable object" (s3:PutObjectAcl, s3:PutObjectVersionAcl);
 * WRITE is "Not applicable" to objects; FULL_CONTROL is READ, READ_ACP and WRITE_ACP.
 */
const OBJECT_PERMISSIONS: Record<string, string[]> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTorrent'],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  WRITE: [],
};
OBJECT_PERMISSIONS.FULL_CONTROL = [
  ...OBJECT_PERMISSIONS.READ!,
  ...OBJECT_PERMISSIONS.READ_ACP!,
  ...OBJECT_PERMISSIONS.WRITE_ACP!,
];

/** The S3 actions an object ACL permission allows (empty for an unknown permission name). */
export function objectPermissionActions(permission: string): string[] {
  return OBJECT_PERMISSIONS[permission.toUpperCase()] ?? [];
}

/**
 * The grants of an object's canned ACL beyond its owner ("Canned ACL" table): `public-read` "Owner
 * gets FULL_CONTROL. The AllUsers group gets READ access."; `public-read-write` also gives WRITE,
 * which is not applicable to objects, so READ; `authenticated-read` "The AuthenticatedUsers group
 * gets READ access" (any AWS account); `aws-exec-read` "Amazon EC2 gets READ access to GET an
 * Amazon Machine Image (AMI) bundle from Amazon S3"; `bucket-owner-read` / `bucket-owner-full-
 * control` give the bucket owner READ / FULL_CONTROL (`bucketOwner`, nothing when the bucket owner
 * is the object's writer); `private` and the bucket-only `log-delivery-write` nothing. An unknown
 * ACL may be any of them.
 */
export function cannedObjectAclGrants(
  acl: Maybe<string>,
  bucketOwner?: string,
): { principal: unknown; actions: string[] }[] {
  const name = isUnknown(acl) ? undefined : acl.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  const read = OBJECT_PERMISSIONS.READ!;
  const owner = (actions: string[]) => (bucketOwner ? [{ principal: { AWS: bucketOwner }, actions }] : []);
  switch (name) {
    case 'public-read':
    case 'public-read-write':
      return [{ principal: '*', actions: read }];
    case 'authenticated-read':
      return [{ principal: { AWS: '*' }, actions: read }];
    case 'aws-exec-read':
      return [{ principal: { Service: 'ec2.amazonaws.com' }, actions: read }];
    case 'bucket-owner-read':
      return owner(read);
    case 'bucket-owner-full-control':
      return owner(OBJECT_PERMISSIONS.FULL_CONTROL!);
    case undefined:
      return [
        { principal: '*', actions: read },
        { principal: { Service: 'ec2.amazonaws.com' }, actions: read },
        ...owner(OBJECT_PERMISSIONS.FULL_CONTROL!),
      ];
    default:
      return [];
  }
}

/**
 * The grants of an object ACL that take effect, by the same Object Ownership and Block Public
 * Access rules as a bucket's (`effectiveBucketAcl`): IgnorePublicAcls ignores "all public ACLs on
 * this bucket and objects in this bucket"; with BlockPublicAcls "PUT Object calls fail if the
 * request includes a public ACL". `objectArn` is the object's ARN, or `bucket/*` for an object whose
 * key is unknown (the caller then makes the grants maybe-present).
 */
export function effectiveObjectAcl(
  grants: { principal: unknown; actions: string[] }[],
  objectArn: string,
  s: AclSettings,
): { parts: AclPart[]; rejectedMaybe?: string } {
  return effectiveGrants(
    grants.filter((g) => g.actions.length),
    [objectArn],
    s,
    'ObjectAcl',
    'PutObject (or PutObjectAcl)',
  );
}

function effectiveGrants(
  grants: { principal: unknown; actions: string[] }[],
  resources: string[],
  s: AclSettings,
  sid: string,
  putCall: string,
): { parts: AclPart[]; rejectedMaybe?: string } {
  const applies = aclsApply(s.ownership);
  if (applies === 'no') return { parts: [] };
  const ownershipWhy =
    applies === 'maybe'
      ? `the ACL applies only if the bucket's Object Ownership allows ACLs, which is ${s.ownership === undefined ? 'not set (new buckets disable ACLs, and S3 then rejects an ACL that grants access)' : `unknown (${(s.ownership as { reason: string }).reason})`}`
      : undefined;
  const publicGrants = grants.filter(isPublicGrant);
  const otherGrants = grants.filter((g) => !isPublicGrant(g));
  const parts: AclPart[] = [];
  const doc = (gs: typeof grants) => ({
    Version: '2012-10-17',
    // one Sid a statement (BucketAcl, BucketAcl2, ...): Sids are unique within a policy
    Statement: gs.map((g, i) => ({
      Sid: i ? `${sid}${i + 1}` : sid,
      Effect: 'Allow',
      Principal: g.principal,
      Action: g.actions,
      Resource: resources,
    })),
  });
  const join = (...w: (string | undefined)[]) => w.filter(Boolean).join('; ') || undefined;
  if (otherGrants.length) {
    const maybe = ownershipWhy;
    parts.push({ document: doc(otherGrants), ...(maybe ? { maybe } : {}) });
  }
  let rejectedMaybe: string | undefined;
  if (publicGrants.length) {
    const ignore = anySetting(s.bucketBlock, s.accountBlock, 'ignorePublicAcls');
    const block = anySetting(s.bucketBlock, s.accountBlock, 'blockPublicAcls');
    if (ignore !== true) {
      const ignoreWhy = isUnknown(ignore)
        ? `S3 ignores this public ACL if IgnorePublicAcls is set, which is unknown (${ignore.reason})`
        : undefined;
      const blockWhy =
        block === true
          ? `BlockPublicAcls makes ${putCall} fail for this public ACL if the block is in force when the ACL is written, and the inputs do not fix that order`
          : isUnknown(block)
            ? `BlockPublicAcls, which is unknown (${block.reason}), would make ${putCall} fail for this public ACL`
            : undefined;
      rejectedMaybe = blockWhy;
      const maybe = join(ownershipWhy, ignoreWhy, blockWhy);
      parts.push({ document: doc(publicGrants), ...(maybe ? { maybe } : {}) });
    }
  }
  return { parts, ...(rejectedMaybe ? { rejectedMaybe } : {}) };
}

/**
 * Whether a parsed ACL statement is a grant to the AuthenticatedUsers group: the only grant an
 * ACL document writes with the principal `{"AWS": "*"}` (`granteePrincipal`, `cannedAclGrants`;
 * the AllUsers group is `*`, an account `{"AWS": account}`).
 */
function authenticatedUsersGrant(st: PolicyDocument['statements'][number]): boolean {
  const p = st.principal;
  return (
    !!p &&
    !p.wildcard &&
    p.aws?.values.length === 1 &&
    p.aws.values[0] === '*' &&
    !p.service &&
    !p.federated &&
    !p.canonicalUser
  );
}

/**
 * Marks a parsed ACL document's statements as ACL grants (`Statement.carrier`), and a grant to the
 * AuthenticatedUsers group as admitting signed requests only (`Statement.signedOnly`): "This
 * group represents all AWS accounts. Access permission to this group allows any AWS account to
 * access the resource. However, all requests must be signed (authenticated)" (Amazon S3 User
 * Guide, "Access control list (ACL) overview", "Amazon S3 predefined groups"): an anonymous
 * request is no AWS account's.
 */
export function aclStatements(doc: PolicyDocument): PolicyDocument {
  return {
    ...doc,
    statements: doc.statements.map((st) => ({
      ...st,
      carrier: 'acl' as const,
      ...(authenticatedUsersGrant(st) ? { signedOnly: true as const } : {}),
    })),
  };
}
