// Amazon S3 access points (general purpose buckets, single Region): the access point as a
// resource of the model, its ARN formats, the request context keys S3 sets on requests through
// it, and the rule that decides such a request on two policies. Both adapters add access points
// through `addS3AccessPoint`; the engine asks `accessPointRequest` (engine/engine.ts) and the
// service-key table asks `accessPointKeyValue` (engine/service-keys.ts).
//
// Amazon S3 User Guide, "Configuring IAM policies for using access points"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html):
// - "For an application or user to be able to access objects through an access point, both the
//   access point and the underlying bucket must permit the request."
// - "Permissions granted in an access point policy are effective only if the underlying bucket
//   also allows the same access. You can accomplish this in two ways: (Recommended) Delegate
//   access control from the bucket to the access point ... Add the same permissions contained in
//   the access point policy to the underlying bucket's policy."
// - "Restrictions that you include in an access point policy apply only to requests made through
//   that access point." and "Adding an S3 access point to a bucket doesn't change the bucket's
//   behavior when the bucket is accessed directly through the bucket's name or Amazon Resource
//   Name (ARN)."
// - The condition keys: "s3:DataAccessPointArn: This is a string that you can use to match on an
//   access point ARN", "s3:DataAccessPointAccount: ... match on the account ID of the owner of an
//   access point", "s3:AccessPointNetworkOrigin: ... match on the network origin, either Internet
//   or VPC".
// So a request on `arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME/object/KEY` is decided twice: on the
// access point (its policy as the resource policy, the access point's account as the resource's)
// and on the underlying object `arn:aws:s3:::BUCKET/KEY` (the bucket policy) with those keys set;
// it is allowed only when both allow. A bucket in another account than the access point's
// (`BucketAccountId`, `bucket_account_id`) decides the second side by its own bucket policy (a
// cross-account request for a principal of the access point's account); a bucket the inputs do
// not hold has an unknown policy there: "creating a cross-account access point doesn't grant you
// access to data in the bucket until you are granted permissions from the bucket owner. The bucket
// owner must grant the access point owner's account (your account) access to the bucket through
// the bucket policy" (S3 User Guide, "Creating an access point"); "For cross-account access point
// when your bucket and access point are not in the same account, the BucketAccountId is required"
// (S3 Control API Reference, CreateAccessPoint). Whatever the inputs leave unknown (the bucket, a VPC
// network origin, the policy) keeps the decision indeterminate with its reason. Multi-Region
// Access Points (`arn:aws:s3::ACCOUNT:accesspoint/ALIAS`), S3 Object Lambda access points and
// directory bucket (S3 Express) access points are not modelled here: their policies stay unknown.
//
// Block Public Access (S3 User Guide, "Managing public access to access points"): "For any
// request made through an access point, Amazon S3 evaluates the block public access settings for
// that access point, the underlying bucket, and the bucket owner's account" and "All block public
// access settings are enabled by default for access points": `defaultAccessPointBlock`.

import type { ModelBuilder } from '../model/builder.js';
import type { PublicAccessBlock, Resource, S3AccessPointFacts, Tags } from '../model/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import type { Source } from '../model/source.js';
import { UNKNOWN_REGION, unknownNamePart } from '../model/stand-ins.js';
import { parsePolicy } from '../policy/parse.js';

/** The context keys S3 sets on a request through an access point (lowercased). */
export const DATA_ACCESS_POINT_ARN_KEY = 's3:dataaccesspointarn';
export const DATA_ACCESS_POINT_ACCOUNT_KEY = 's3:dataaccesspointaccount';
export const ACCESS_POINT_NETWORK_ORIGIN_KEY = 's3:accesspointnetworkorigin';

/** `arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME` ("Access point ARNs use the format ..."). */
export function accessPointArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:s3:${region}:${account}:accesspoint/${name}`;
}

/**
 * A single-Region access point ARN, or an object or other path under it (`…/object/KEY`): the
 * access point's own ARN, its account, and the object key when it names one. Undefined for other
 * ARNs (a bucket, a Multi-Region Access Point: no Region; S3 Object Lambda: another service).
 */
const THROUGH_ACCESS_POINT = /^(arn:[^:]+:s3:[^:]+:([^:]+):accesspoint\/[^/]+)(?:\/(.*))?$/;

export function accessPointOfArn(
  arn: string,
): { accessPoint: string; account: string; rest: string | undefined } | undefined {
  const m = THROUGH_ACCESS_POINT.exec(arn);
  return m ? { accessPoint: m[1]!, account: m[2]!, rest: m[3] } : undefined;
}

/** The Block Public Access settings of an access point: each one the inputs leave out is on. */
export function accessPointBlock(given: Partial<PublicAccessBlock>, source: Source): PublicAccessBlock {
  const on = (v: Maybe<boolean> | undefined): Maybe<boolean> => (v === undefined ? true : v);
  return {
    blockPublicAcls: on(given.blockPublicAcls),
    ignorePublicAcls: on(given.ignorePublicAcls),
    blockPublicPolicy: on(given.blockPublicPolicy),
    restrictPublicBuckets: on(given.restrictPublicBuckets),
    // Set with the access point: "you can't change its block public access settings".
    inForceBeforePolicies: true,
    source,
  };
}

export interface S3AccessPointInit extends S3AccessPointFacts {
  /** The ARN (`accessPointArn`, with unknown name parts when the inputs leave the name unknown). */
  arn: string;
  name: string;
  account: string;
  region: string;
  policy?: PolicyDocument;
  publicAccessBlock: PublicAccessBlock;
  tags?: Tags;
  source: Source;
  presence?: Unknown;
}

/** Adds an access point to the model (kind `s3-access-point`); returns its id. */
export function addS3AccessPoint(builder: ModelBuilder, init: S3AccessPointInit): string {
  const id = builder.addResource({
    kind: 's3-access-point',
    arn: init.arn,
    name: init.name,
    account: init.account,
    region: init.region,
    ...(init.tags ? { tags: init.tags } : {}),
    ...(init.policy ? { policy: init.policy } : {}),
    source: init.source,
    ...(init.presence ? { presence: init.presence } : {}),
  });
  builder.setPublicAccessBlock(id, init.publicAccessBlock);
  const r = builder.getResource(id);
  if (r)
    r.s3AccessPoint = {
      bucket: init.bucket,
      bucketAccount: init.bucketAccount,
      networkOrigin: init.networkOrigin,
    };
  linkAccessPointBuckets(builder);
  return id;
}

/** The bucket of the inputs an access point is on (its name and account pinned), else undefined. */
function underlyingBucketOf(builder: ModelBuilder, ap: Resource): Resource | undefined {
  const facts = ap.s3AccessPoint;
  if (typeof facts?.bucket !== 'string' || typeof facts.bucketAccount !== 'string') return undefined;
  const partition = ap.arn.split(':')[1] ?? 'aws';
  const bucket = builder.getResource(`arn:${partition}:s3:::${facts.bucket}`);
  return bucket?.kind === 's3-bucket' && bucket.account === facts.bucketAccount ? bucket : undefined;
}

const linked = new WeakSet<ModelBuilder>();

/**
 * Copies, when the model is built (after the spreads, so every setting a resource of the inputs
 * may put on the bucket is in), the underlying bucket's Block Public Access settings onto each
 * access point on a bucket of the inputs (`S3AccessPointFacts.bucketPublicAccessBlock`): "For any
 * request made through an access point, Amazon S3 evaluates the block public access settings for
 * that access point, the underlying bucket, and the bucket owner's account" (see the top; read by
 * engine/s3-block-public-access.ts `restrictPublicBucketsOf`). A bucket the inputs do not hold
 * has no settings the model knows, as a bucket outside them has none when it is accessed
 * directly. Registers once per builder.
 */
function linkAccessPointBuckets(builder: ModelBuilder): void {
  if (linked.has(builder)) return;
  linked.add(builder);
  builder.afterSpreads(() => {
    for (const r of builder.resourceList()) if (r.kind === 's3-access-point') linkBucketBlock(builder, r);
  });
}

function linkBucketBlock(builder: ModelBuilder, ap: Resource): void {
  const block = underlyingBucketOf(builder, ap)?.publicAccessBlock;
  if (ap.s3AccessPoint && block) ap.s3AccessPoint.bucketPublicAccessBlock = block;
}

/**
 * The account whose Block Public Access settings apply with a resource's own: a bucket's owner;
 * for an access point, "the bucket owner's account" (undefined when unknown: its settings are not
 * counted, which can only let more requests through).
 */
export function blockPublicAccessAccount(r: Resource): string | undefined {
  if (r.kind !== 's3-access-point') return r.account;
  const owner = r.s3AccessPoint?.bucketAccount;
  return typeof owner === 'string' ? owner : undefined;
}

/**
 * Where the objects of an S3 resource are named, for analyses that witness them: `BUCKET/` for a
 * bucket, `…/accesspoint/NAME/object/` for an access point; undefined for other resources.
 */
export function objectPrefixOf(r: { kind: string; arn: string }): string | undefined {
  if (r.kind === 's3-bucket') return `${r.arn}/`;
  return r.kind === 's3-access-point' ? `${r.arn}/object/` : undefined;
}

/** The value of an access point key on a request on `arn` through an access point, if pinned. */
export function accessPointKeyValue(
  key: string,
  arn: string,
  resource: Resource | undefined,
): readonly string[] | undefined {
  const ap = accessPointOfArn(arn);
  if (!ap) return undefined;
  if (key === DATA_ACCESS_POINT_ARN_KEY) return [ap.accessPoint];
  if (key === DATA_ACCESS_POINT_ACCOUNT_KEY) return [ap.account];
  const origin = resource?.kind === 's3-access-point' ? resource.s3AccessPoint?.networkOrigin : undefined;
  return typeof origin === 'string' ? [origin] : undefined;
}

/** The request on the underlying bucket of a request through access point `ap` (see the top). */
export type BucketSide =
  | {
      /** The bucket or object ARN the bucket policy decides. */
      resource: string;
      /** The access point keys S3 sets, to put in the request's context. */
      context: Readonly<Record<string, string>>;
      /** The bucket's account is not the access point's and the inputs do not hold the bucket. */
      bucketAccount: string;
    }
  | { unknown: Unknown };

/**
 * The bucket-side request of a request on `arn` through the access point `ap` of the model:
 * `arn:P:s3:::BUCKET/KEY` for `…/object/KEY`, the bucket ARN for the access point itself (a
 * bucket operation through it); the access point keys as S3 sets them. Unknown when the inputs
 * do not say the bucket, or the request names a path the access point ARN formats do not have.
 */
export function bucketSideOf(ap: Resource, arn: string): BucketSide {
  const facts = ap.s3AccessPoint;
  const through = accessPointOfArn(arn);
  const partition = arn.split(':')[1] ?? 'aws';
  if (!facts || !through)
    return { unknown: new Unknown(`the bucket of access point ${ap.name} is not known`, ap.source) };
  if (isUnknown(facts.bucket))
    return {
      unknown: new Unknown(
        `the bucket of access point ${ap.name} is unknown (${facts.bucket.reason})`,
        ap.source,
      ),
    };
  if (isUnknown(facts.bucketAccount))
    return {
      unknown: new Unknown(
        `the account of the bucket of access point ${ap.name} is unknown (${facts.bucketAccount.reason})`,
        ap.source,
      ),
    };
  const bucketArn = `arn:${partition}:s3:::${facts.bucket}`;
  let resource: string;
  if (through.rest === undefined) resource = bucketArn;
  else if (through.rest.startsWith('object/'))
    resource = `${bucketArn}/${through.rest.slice('object/'.length)}`;
  else
    return {
      unknown: new Unknown(`${arn} is no object of access point ${ap.name} (…/object/KEY)`, ap.source),
    };
  const context: Record<string, string> = {
    [DATA_ACCESS_POINT_ARN_KEY]: through.accessPoint,
    [DATA_ACCESS_POINT_ACCOUNT_KEY]: through.account,
  };
  if (typeof facts.networkOrigin === 'string') context[ACCESS_POINT_NETWORK_ORIGIN_KEY] = facts.networkOrigin;
  return { resource, context, bucketAccount: facts.bucketAccount };
}

/**
 * The decision of a request through an access point from its two sides: allowed only when both
 * the access point and the bucket permit it; denied when either denies; else indeterminate.
 */
export function throughBoth(
  accessPointSide: 'allow' | 'deny' | 'indeterminate',
  bucketSide: 'allow' | 'deny' | 'indeterminate',
): 'allow' | 'deny' | 'indeterminate' {
  if (accessPointSide === 'deny' || bucketSide === 'deny') return 'deny';
  return accessPointSide === 'allow' && bucketSide === 'allow' ? 'allow' : 'indeterminate';
}

/** What a bucket policy's conditions on the access point keys name. */
export interface AccessPointDelegation {
  /** The accounts whose access points a condition names (fixed values). */
  accounts: string[];
  /** A condition names access points of accounts that cannot be listed. */
  unpinned: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
/** The operators whose values are exactly the access points (or accounts) a condition admits. */
const LISTING = new Set(['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike']);

/** The accounts a bucket policy's conditions on `s3:DataAccessPointAccount` / `s3:DataAccessPointArn` name. */
export function accessPointDelegation(policy: PolicyDocument | undefined): AccessPointDelegation {
  const out: AccessPointDelegation = { accounts: [], unpinned: false };
  if (!policy) return out;
  if (policy.unknown) return { accounts: [], unpinned: true };
  const note = (a: string) => {
    if (!out.accounts.includes(a)) out.accounts.push(a);
  };
  for (const st of policy.statements) {
    if (st.unknown) {
      out.unpinned = true;
      continue;
    }
    for (const c of st.conditions) {
      const key = c.key.toLowerCase();
      if (key !== DATA_ACCESS_POINT_ACCOUNT_KEY && key !== DATA_ACCESS_POINT_ARN_KEY) continue;
      if (!c.base || !LISTING.has(c.base) || c.ifExists || c.set === 'ForAllValues') out.unpinned = true;
      for (const v of c.values) {
        const account = isUnknown(v)
          ? undefined
          : key === DATA_ACCESS_POINT_ACCOUNT_KEY
            ? v
            : /^arn:[^:]+:s3:[^:]*:([^:]*):accesspoint\//.exec(v)?.[1];
        if (account !== undefined && ACCOUNT_ID.test(account)) note(account);
        else out.unpinned = true;
      }
    }
  }
  return out;
}

const delegationOf = new WeakMap<Resource, AccessPointDelegation>();

/**
 * Whether the access point keys are free on a direct request on `resource` (a bucket of the
 * inputs, or its object): only when its policy names access points of accounts that cannot be
 * listed (`accessPointDelegation`), so the request may stand for one through such an access point.
 */
function directRequestKeysFree(resource: Resource | undefined): boolean {
  if (resource?.kind !== 's3-bucket' || !resource.policy) return false;
  let d = delegationOf.get(resource);
  if (!d) {
    d = accessPointDelegation(resource.policy);
    delegationOf.set(resource, d);
  }
  return d.unpinned;
}

/** A general purpose bucket or object ARN (`arn:aws:s3:::bucket[/key]`). */
const BUCKET_OR_OBJECT_ARN = /^arn:[\w-]+:s3:::[^/]/;

/**
 * What S3 puts for an access point key on a request on `arn`: the access point's values through
 * one (`accessPointKeyValue`); nothing on a direct request on a bucket or its objects (`absent`),
 * unless `directRequestKeysFree`; undefined (free) elsewhere.
 */
export function accessPointKeyFill(
  key: string,
  arn: string,
  resource: Resource | undefined,
): readonly string[] | 'absent' | undefined {
  const value = accessPointKeyValue(key, arn, resource);
  if (value) return value;
  if (!BUCKET_OR_OBJECT_ARN.test(arn) || directRequestKeysFree(resource)) return undefined;
  return 'absent';
}

const outsideAdded = new WeakSet<ModelBuilder>();

/**
 * Adds, when the model is built, for each bucket whose policy names the access points of an
 * account (`accessPointDelegation`), a maybe-present access point of that account on the bucket
 * with an unknown name, policy, network origin and Block Public Access (see the top): what
 * requests through it may reach stays indeterminate, never dropped. Adapters call it once their
 * resources are in; it registers once per builder.
 */
export function addOutsideAccessPoints(builder: ModelBuilder): void {
  if (outsideAdded.has(builder)) return;
  outsideAdded.add(builder);
  builder.afterSpreads(() => {
    const partition = builder.partition;
    for (const r of [...builder.resourceList()]) {
      if (r.kind !== 's3-bucket') continue;
      const { accounts } = accessPointDelegation(r.policy);
      for (const account of accounts) {
        const name = unknownNamePart(`access-point-of-${r.name}-in-${account}`);
        const region = r.region ?? UNKNOWN_REGION;
        const source = r.policy?.source ?? r.source;
        const why = `bucket ${r.name}: its policy names access points of account ${account}, which may have access points on it that the inputs do not hold`;
        const unknown = new Unknown(why, source);
        const id = addS3AccessPoint(builder, {
          arn: accessPointArn(partition, region, account, name),
          name,
          account,
          region,
          bucket: r.name,
          bucketAccount: r.account,
          networkOrigin: unknown,
          policy: parsePolicy(unknown, { kind: 'resource', source }),
          publicAccessBlock: accessPointBlock(
            {
              blockPublicAcls: unknown,
              ignorePublicAcls: unknown,
              blockPublicPolicy: unknown,
              restrictPublicBuckets: unknown,
            },
            source,
          ),
          source,
          presence: unknown,
        });
        // Added after the spreads, so after `linkAccessPointBuckets` may have run.
        const added = builder.getResource(id);
        if (added) linkBucketBlock(builder, added);
      }
    }
  });
}
