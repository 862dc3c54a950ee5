// Who may own the objects of an S3 bucket, and what owning one grants: an object written by a
// principal of another account is that account's (Object Ownership `ObjectWriter`; under
// `BucketOwnerPreferred` when it is written without the `bucket-owner-full-control` ACL), its
// object ACL grants its owner FULL_CONTROL, and S3 asks the object owner, not the bucket policy,
// for the object operations (Amazon S3 User Guide, "How Amazon S3 authorizes a request for an
// object operation",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html:
// "Bucket context – ... If the AWS account that owns the object in the request is not same as the
// bucket owner, in the bucket context Amazon S3 checks the policies if the bucket owner has
// explicitly denied access to the object." "Object context – The requester must have permissions
// from the object owner to perform a specific object operation."; Amazon S3 API Reference,
// OwnershipControlsRule, https://docs.aws.amazon.com/AmazonS3/latest/API/API_OwnershipControlsRule.html:
// "BucketOwnerPreferred - Objects uploaded to the bucket change ownership to the bucket owner if
// the objects are uploaded with the bucket-owner-full-control canned ACL." "ObjectWriter - The
// uploading account will own the object if the object is uploaded with the
// bucket-owner-full-control canned ACL."). So a principal of another account that may write objects
// into the bucket may read back (and re-ACL) what it wrote whatever the bucket policy allows:
// only an explicit Deny of the bucket owner stops it. Which objects exist is not in the inputs,
// so for every such writing account the bucket keeps a maybe-present grant of the object owner's
// FULL_CONTROL (as ACL grants are kept, `Statement.carrier` `acl`): requests it would allow are
// indeterminate, never denied. `BucketOwnerEnforced` ("Access control lists (ACLs) are disabled
// and no longer affect permissions. The bucket owner automatically owns and has full control over
// every object in the bucket.") adds none.

import type { ModelBuilder } from '../model/builder.js';
import type { Resource } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';
import { compileGlobText, globMatches } from '../policy/glob-match.js';
import type { PolicyDocument, Statement } from '../policy/types.js';
import { parseArn } from './arn-formats.js';
import { aclsApply, aclStatements, objectPermissionActions } from './s3-acl.js';

/** The action that writes (and so creates, and may make its writer own) an object. */
const WRITE_OBJECT = 's3:putobject';

function mayMatchWrite(values: readonly Maybe<string>[]): boolean {
  return values.some((v) => isUnknown(v) || globMatches(compileGlobText(v, true), WRITE_OBJECT));
}

/** Whether a statement may allow `s3:PutObject` (Allow or an unknown effect; NotAction that leaves it in). */
function mayAllowWrite(st: Statement): boolean {
  if (st.effect === 'Deny') return false;
  if (st.action) return mayMatchWrite(st.action.values);
  if (st.notAction) return !st.notAction.values.some((v) => !isUnknown(v) && mayMatchWrite([v]));
  return false;
}

/**
 * The principals (as a bucket policy writes them) whose account may own an object a statement
 * lets it write: each other account named (its root, the account as a whole), every signed
 * caller for `*`, a pattern, `NotPrincipal` or an unknown value, a canonical user as itself.
 * Service and federated principals and the bucket owner's own principals are left out.
 */
function writerOwners(
  st: Statement,
  bucketAccount: string,
  partition: string,
): { aws: unknown[]; canonical: unknown[] } {
  const aws: unknown[] = [];
  const canonical: unknown[] = [];
  const p = st.principal;
  if (st.notPrincipal || p?.wildcard) return { aws: ['*'], canonical };
  for (const v of p?.aws?.values ?? []) {
    if (isUnknown(v)) aws.push(v);
    else if (/^\d{12}$/.test(v)) {
      if (v !== bucketAccount) aws.push(`arn:${partition}:iam::${v}:root`);
    } else {
      const arn = v.startsWith('arn:') ? parseArn(v) : undefined;
      if (!arn || /[*?]/.test(arn.account)) aws.push('*');
      // an account's principal: the account owns what it writes
      else if (/^\d{12}$/.test(arn.account)) {
        if (arn.account !== bucketAccount) aws.push(`arn:${arn.partition}:iam::${arn.account}:root`);
      }
      // a principal of no account id (a CloudFront origin access identity): itself
      else aws.push(v);
    }
  }
  for (const v of p?.canonicalUser?.values ?? []) canonical.push(v);
  return { aws, canonical };
}

function ownershipText(ownership: Maybe<string> | undefined): string {
  if (ownership === undefined) return 'the inputs do not set its Object Ownership';
  if (isUnknown(ownership)) return `its Object Ownership is unknown (${ownership.reason})`;
  return ownership === 'BucketOwnerPreferred'
    ? 'its Object Ownership is BucketOwnerPreferred (the writer owns an object written without the bucket-owner-full-control ACL)'
    : `its Object Ownership is ${ownership}`;
}

/**
 * The object owner's grants a bucket keeps for the accounts that may write objects into it (see
 * the top of this file), as a maybe-present ACL document on `bucket/*`; undefined when none.
 */
export function objectOwnerGrants(bucket: Resource): PolicyDocument | undefined {
  const policy = bucket.policy;
  if (bucket.kind !== 's3-bucket' || !policy) return undefined;
  if (aclsApply(bucket.s3ObjectOwnership) === 'no') return undefined;
  // An unknown policy or statement may already allow any request on the bucket to anyone.
  if (policy.unknown) return undefined;
  const aws = new Set<unknown>();
  const canonical = new Set<unknown>();
  for (const st of policy.statements) {
    if (st.unknown || !mayAllowWrite(st)) continue;
    const owners = writerOwners(st, bucket.account, parseArn(bucket.arn)?.partition ?? 'aws');
    for (const a of owners.aws) aws.add(a);
    for (const c of owners.canonical) canonical.add(c);
  }
  if (!aws.size && !canonical.size) return undefined;
  const principals = [
    ...(aws.has('*') ? [{ AWS: '*' }] : aws.size ? [{ AWS: [...aws] }] : []),
    ...(canonical.size ? [{ CanonicalUser: [...canonical] }] : []),
  ];
  const source = policy.source;
  const doc = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: principals.map((Principal, i) => ({
        Sid: i ? `ObjectOwner${i + 1}` : 'ObjectOwner',
        Effect: 'Allow',
        Principal,
        Action: objectPermissionActions('FULL_CONTROL'),
        Resource: `${bucket.arn}/*`,
        // Any writer: an object its account writes is the bucket owner's, whose principals get
        // nothing from an object owner's grant.
        ...('AWS' in Principal && Principal.AWS === '*'
          ? { Condition: { StringNotEquals: { 'aws:PrincipalAccount': bucket.account } } }
          : {}),
      })),
    },
    { kind: 'resource', source },
  );
  const why = new Unknown(
    `bucket ${bucket.name}: a principal of another account may write objects into it and ${ownershipText(bucket.s3ObjectOwnership)}, so an object it wrote may be its account's, whose object ACL grants it FULL_CONTROL (S3 asks the object owner, and the bucket policy only for an explicit Deny); which objects exist is not in the inputs`,
    source,
  );
  return { ...aclStatements(doc), presence: why };
}

const registered = new WeakSet<ModelBuilder>();

/**
 * Adds, when the model is built (after the spreads, so a policy whose bucket is unknown counts on
 * every bucket it may be of), to every bucket the object owner's grants (`objectOwnerGrants`) of
 * the accounts its policy or ACL lets write objects. Adapters call it once their resources are
 * in; it registers once per builder.
 */
export function applyObjectOwnerGrants(builder: ModelBuilder): void {
  if (registered.has(builder)) return;
  registered.add(builder);
  builder.afterSpreads(() => {
    for (const r of builder.resourceList()) {
      if (r.kind !== 's3-bucket') continue;
      const grants = objectOwnerGrants(r);
      if (grants) builder.addResourcePolicy(r.id, grants);
    }
  });
}
