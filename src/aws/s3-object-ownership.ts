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
 * Condition keys whose value is the same for every principal of one account (its id, its
 * organization and the organization path): a writer statement's clause on one of them narrows
 * which accounts may own what they write, and is met by the owning account's later requests as it
 * was by the write, so it is carried into the owner's grant. Any other clause (the write request's
 * own keys: `s3:x-amz-acl`, `aws:SourceIp`, a principal's ARN or tags...) may be met by the write
 * and not by a later request of another principal of the account: left out (the grant is broader).
 */
const ACCOUNT_WIDE_KEYS = new Set(['aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths']);

/** The canned ACL that makes an object the bucket owner's under BucketOwnerPreferred. */
const BUCKET_OWNER_FULL_CONTROL = 'bucket-owner-full-control';

/**
 * Whether a statement lets write only objects carrying the `bucket-owner-full-control` canned ACL
 * (`s3:x-amz-acl` StringEquals exactly that value, no IfExists): under BucketOwnerPreferred
 * "Objects uploaded to the bucket change ownership to the bucket owner if the objects are uploaded
 * with the bucket-owner-full-control canned ACL", so the writer owns none of them.
 */
function requiresBucketOwnerFullControl(st: Statement): boolean {
  return st.conditions.some(
    (c) =>
      c.key.toLowerCase() === 's3:x-amz-acl' &&
      c.base === 'StringEquals' &&
      !c.ifExists &&
      c.set === undefined &&
      c.values.length > 0 &&
      c.values.every((v) => v === BUCKET_OWNER_FULL_CONTROL),
  );
}

/**
 * The objects a writer statement lets write, as the owner grant's Resource: its Resource values
 * when every one is known and names objects of this bucket without a policy variable (a variable
 * resolves for the writer, not for another principal of its account); else every object.
 */
function writtenObjects(st: Statement, bucketArn: string): string[] {
  const all = [`${bucketArn}/*`];
  const values = st.resource?.values;
  if (!values?.length || st.notResource) return all;
  const out: string[] = [];
  for (const v of values) {
    if (isUnknown(v) || v.includes('${')) return all;
    if (v.startsWith(`${bucketArn}/`)) out.push(v);
    // `*`, `arn:aws:s3:::*`, a pattern over buckets: it may name objects of this bucket
    else if (/[*?]/.test(v)) return all;
  }
  return out.length ? out : all;
}

/** The writer statement's clauses on account-wide keys, as a policy Condition block. */
function carriedConditions(st: Statement): Record<string, Record<string, unknown[]>> {
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const c of st.conditions) {
    if (!ACCOUNT_WIDE_KEYS.has(c.key.toLowerCase())) continue;
    const op = out[c.operator] ?? {};
    op[c.key] = [...(op[c.key] ?? []), ...c.values];
    out[c.operator] = op;
  }
  return out;
}

/**
 * The object owner's grants a bucket keeps for the accounts that may write objects into it (see
 * the top of this file), as a maybe-present ACL document: one statement per writer statement,
 * on the objects it lets write (`writtenObjects`) and under its clauses on account-wide keys
 * (`carriedConditions`); undefined when none.
 */
export function objectOwnerGrants(bucket: Resource): PolicyDocument | undefined {
  const policy = bucket.policy;
  if (bucket.kind !== 's3-bucket' || !policy) return undefined;
  const acls = aclsApply(bucket.s3ObjectOwnership);
  if (acls === 'no') return undefined;
  // An unknown policy or statement may already allow any request on the bucket to anyone.
  if (policy.unknown) return undefined;
  const partition = parseArn(bucket.arn)?.partition ?? 'aws';
  const statements: Record<string, unknown>[] = [];
  for (const st of policy.statements) {
    if (st.unknown || !mayAllowWrite(st)) continue;
    if (bucket.s3ObjectOwnership === 'BucketOwnerPreferred' && requiresBucketOwnerFullControl(st)) continue;
    const owners = writerOwners(st, bucket.account, partition);
    if (!owners.aws.length && !owners.canonical.length) continue;
    const anyAccount = owners.aws.includes('*');
    const principals = [
      ...(anyAccount ? [{ AWS: '*' }] : owners.aws.length ? [{ AWS: [...new Set(owners.aws)] }] : []),
      ...(owners.canonical.length ? [{ CanonicalUser: [...new Set(owners.canonical)] }] : []),
    ];
    const carried = carriedConditions(st);
    for (const Principal of principals) {
      const condition = { ...carried };
      // Any writer: an object its account writes is the bucket owner's, whose principals get
      // nothing from an object owner's grant.
      if ('AWS' in Principal && Principal.AWS === '*')
        condition.StringNotEquals = {
          ...(condition.StringNotEquals ?? {}),
          'aws:PrincipalAccount': [
            ...(condition.StringNotEquals?.['aws:PrincipalAccount'] ?? []),
            bucket.account,
          ],
        };
      statements.push({
        Sid: statements.length ? `ObjectOwner${statements.length + 1}` : 'ObjectOwner',
        Effect: 'Allow',
        Principal,
        Action: objectPermissionActions('FULL_CONTROL'),
        Resource: writtenObjects(st, bucket.arn),
        ...(Object.keys(condition).length ? { Condition: condition } : {}),
      });
    }
  }
  if (!statements.length) return undefined;
  const source = policy.source;
  const doc = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'resource', source });
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
