// S3 Block Public Access, as the Amazon S3 User Guide documents it ("Blocking public access to
// your Amazon S3 storage", https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html):
// when a bucket policy is "public" (section "The meaning of \"public\""), the settings in force
// for a bucket (the most restrictive combination of the bucket's and its owner account's), and
// what `BlockPublicPolicy` does to a public policy the inputs write (`applyBlockPublicPolicy`).
// The request-time rule of `RestrictPublicBuckets` is the engine's (src/engine/s3-block-public-access.ts).

import type { Finding } from '../model/finding.js';
import type { ModelBuilder } from '../model/builder.js';
import type { Account, PublicAccessBlock, Resource } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import type { ConditionClause, PolicyDocument, PrincipalSpec, Statement } from '../policy/types.js';

export const BLOCK_PUBLIC_ACCESS_PAGE =
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html';

/** Whether a bucket policy is public: yes, no, or not decidable from the inputs (with why). */
export type Publicness =
  | { public: true; statement: Statement }
  | { public: false }
  | { public: 'maybe'; why: string };

/**
 * Condition keys that make a grant non-public when they are limited to fixed values ("The meaning
 * of \"public\"": "To be considered non-public, a bucket policy must grant access only to fixed
 * values (values that don't contain a wildcard or an AWS Identity and Access Management Policy
 * Variable) for one or more of the following: An AWS principal, user, role, or service principal
 * (e.g. aws:PrincipalOrgID) ... aws:SourceIp ... aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
 * aws:SourceOwner, aws:SourceAccount, aws:userid, outside the pattern "AROLEID:*",
 * s3:DataAccessPointArn, s3:DataAccessPointAccount"; the S3 API Reference's
 * PublicAccessBlockConfiguration adds s3:x-amz-server-side-encryption-aws-kms-key-id).
 */
const LIMITING_KEYS = new Set([
  'aws:principalorgid',
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

/**
 * Keys that name principals or their organization but that the page does not list: whether S3
 * counts them as limiting is not documented, so a grant limited only by them is "maybe" public
 * (neither blocked nor restricted for sure).
 */
const UNDOCUMENTED_PRINCIPAL_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgpaths',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);

/** Operators that limit a key to the values listed (not negated, not a null test). */
const POSITIVE = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'IpAddress',
]);

function fixed(v: string): boolean {
  return !/[*?]/.test(v) && !v.includes('${');
}

/** "Values broader than /8 for IPv4 and /32 for IPv6 (excluding RFC1918 private ranges)" are public. */
function narrowCidr(v: string): boolean {
  const [ip, bits] = v.split('/');
  if (!ip) return false;
  const prefix = bits === undefined ? (ip.includes(':') ? 128 : 32) : Number(bits);
  if (!Number.isInteger(prefix)) return false;
  if (ip.includes(':')) return prefix >= 32;
  if (prefix >= 8) return true;
  return false;
}

/** Whether one clause limits the grant to fixed values: yes, no, or maybe (unknown values, IfExists...). */
function clauseLimits(c: ConditionClause): true | false | 'maybe' {
  const key = c.key.toLowerCase();
  const documented = LIMITING_KEYS.has(key);
  if (!documented && !UNDOCUMENTED_PRINCIPAL_KEYS.has(key)) return false;
  if (!c.base || !POSITIVE.has(c.base)) return false;
  if (key === 'aws:sourceip' && c.base !== 'IpAddress') return false;
  if (c.values.some(isUnknown)) return 'maybe';
  const values = c.values as string[];
  if (values.length === 0) return false;
  let ok: boolean;
  if (key === 'aws:sourceip') ok = values.every(narrowCidr);
  else if (key === 'aws:userid') ok = values.every((v) => fixed(v) && !/^AROA[A-Z0-9]+:\*$/.test(v));
  else if (key === 's3:dataaccesspointarn')
    // "this value can contain a wildcard for the access point name ... as long as the account ID is fixed"
    ok = values.every((v) => {
      const at = v.indexOf(':accesspoint/');
      return at > 0 && fixed(v.slice(0, at));
    });
  else ok = values.every(fixed);
  if (!ok) return false;
  // IfExists passes when the key is absent, and ForAllValues when it has no values: such a
  // clause may not limit anonymous requests; S3's reading of them is not documented.
  if (c.ifExists || c.set === 'ForAllValues') return 'maybe';
  return documented ? true : 'maybe';
}

function openValue(v: Maybe<string>): true | false | 'maybe' {
  if (isUnknown(v)) return 'maybe';
  return !fixed(v);
}

/** Whether a statement's principal is open to everyone (not a fixed principal). */
function principalOpen(p: PrincipalSpec | undefined): true | false | 'maybe' {
  if (!p) return false;
  if (p.wildcard) return true;
  let result: true | false | 'maybe' = false;
  for (const list of [p.aws, p.service, p.federated, p.canonicalUser]) {
    for (const v of list?.values ?? []) {
      const o = openValue(v);
      if (o === true) return true;
      if (o === 'maybe') result = 'maybe';
    }
  }
  return result;
}

/** Whether one statement grants public access: yes, no, or maybe (with why). */
export function statementPublic(st: Statement): true | false | string {
  if (st.unknown) return `a statement is unknown (${st.unknown.reason})`;
  if (st.effect === 'Deny') return false;
  const maybeAllow = isUnknown(st.effect) ? `its effect is unknown (${st.effect.reason})` : undefined;
  const open = st.notPrincipal ? true : principalOpen(st.principal);
  if (open === false) return false;
  let limits: true | false | 'maybe' = false;
  for (const c of st.conditions) {
    const l = clauseLimits(c);
    if (l === true) return false;
    if (l === 'maybe') limits = 'maybe';
  }
  if (maybeAllow) return maybeAllow;
  if (open === 'maybe') return 'its principal is unknown';
  if (limits === 'maybe') return 'a condition may or may not limit it to fixed values';
  if (st.presence) return `it might not exist (${st.presence.reason})`;
  return true;
}

/**
 * Whether a bucket policy is public ("When evaluating a bucket policy, Amazon S3 begins by assuming
 * that the policy is public. It then evaluates the policy to determine whether it qualifies as
 * non-public"): public as soon as one Allow statement grants to a non-fixed principal without a
 * condition limiting it to fixed values of the keys listed above.
 */
export function bucketPolicyPublicness(doc: PolicyDocument): Publicness {
  if (doc.unknown) return { public: 'maybe', why: `the policy is unknown (${doc.unknown.reason})` };
  let maybe: string | undefined;
  for (const st of doc.statements) {
    // A bucket ACL's grant kept with the policy is not part of the bucket policy.
    if (st.carrier === 'acl') continue;
    const p = statementPublic(st);
    if (p === true)
      return doc.presence ? { public: 'maybe', why: doc.presence.reason } : { public: true, statement: st };
    if (typeof p === 'string') maybe ??= p;
  }
  return maybe ? { public: 'maybe', why: maybe } : { public: false };
}

/** A setting in force for a bucket: true when the bucket or its account sets it ("the most restrictive combination"). */
export function effectiveSetting(
  bucket: PublicAccessBlock | undefined,
  account: PublicAccessBlock | undefined,
  setting: 'blockPublicPolicy' | 'restrictPublicBuckets',
): Maybe<boolean> {
  const a = bucket?.[setting];
  const b = account?.[setting];
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}

const applied = new WeakMap<ModelBuilder, Set<string>>();

/**
 * BlockPublicPolicy: "Setting this option to TRUE for a bucket causes Amazon S3 to reject calls to
 * PutBucketPolicy if the specified bucket policy allows public access ... Enabling this setting
 * doesn't affect existing access point or bucket policies." So a public policy the inputs write
 * after the block is in force never exists: the deployment fails there, and the bucket keeps no
 * such policy (an error finding says so, since the inputs cannot be deployed as written). When the
 * block might not be in force when the policy is written (it is set by another resource, such as
 * `aws_s3_bucket_public_access_block` or the account's settings, in an order the inputs do not
 * fix; or it is unknown; or whether the policy is public is unknown), the policy stays, present
 * or not: it is marked maybe-present, so what it grants is indeterminate. Runs over every bucket of
 * the builder; adapters call it once their resources are in (it is idempotent).
 *
 * Access points the same way, with their own settings (set when the access point is created, so in
 * force before its policy, each on unless the inputs turn it off) and those of their account:
 * BlockPublicPolicy "Indicates whether to reject calls to update the access policy for an S3 bucket
 * or access point if the policy allows public access" (AWS Security Hub API Reference,
 * AwsS3AccountPublicAccessBlockDetails), and "All block public access settings are enabled by
 * default for access points" (S3 User Guide, "Managing public access to access points"), so a
 * public access point policy (PutAccessPointPolicy) the inputs write under the default settings
 * fails the deployment.
 */
export function applyBlockPublicPolicy(builder: ModelBuilder): void {
  let done = applied.get(builder);
  if (!done) {
    done = new Set();
    applied.set(builder, done);
  }
  for (const r of builder.resourceList()) {
    if ((r.kind !== 's3-bucket' && r.kind !== 's3-access-point') || !r.policy || done.has(r.id)) continue;
    const outcome = blockOutcome(r, builder.getAccount(r.account), sameAccountBucketOf(builder, r));
    if (!outcome) continue;
    done.add(r.id);
    // A bucket ACL's grants kept with the policy (`Statement.carrier`) are not the bucket policy:
    // BlockPublicPolicy leaves them as they are.
    const acl = r.policy.statements.filter((st) => st.carrier === 'acl');
    if (outcome.rejected === true) {
      builder.replaceResourcePolicy(r.id, acl.length ? { ...r.policy, statements: acl } : undefined);
    } else if (acl.length) {
      const why = new Unknown(outcome.why, r.policy.source);
      builder.replaceResourcePolicy(r.id, {
        ...r.policy,
        statements: r.policy.statements.map((st) =>
          st.carrier === 'acl' ? st : { ...st, presence: st.presence ?? why },
        ),
      });
    } else {
      builder.replaceResourcePolicy(r.id, {
        ...r.policy,
        presence: new Unknown(outcome.why, r.policy.source),
      });
    }
    builder.addFinding(outcome.finding);
  }
}

/**
 * The underlying bucket of an access point of the same account, when the inputs hold it: its
 * BlockPublicPolicy rejects the access point's public policy too. Amazon S3 User Guide, "Blocking
 * public access to your Amazon S3 storage", BlockPublicPolicy: "Setting this option to TRUE for a
 * bucket also causes Amazon S3 to reject calls to PutAccessPointPolicy for all of the bucket's
 * same-account access points if the specified policy allows public access." Undefined for a
 * bucket, a cross-account access point, or a bucket the inputs do not hold.
 */
function sameAccountBucketOf(builder: ModelBuilder, r: Resource): Resource | undefined {
  const facts = r.s3AccessPoint;
  if (r.kind !== 's3-access-point' || typeof facts?.bucket !== 'string' || facts.bucketAccount !== r.account)
    return undefined;
  const partition = r.arn.split(':')[1] ?? 'aws';
  const bucket = builder.getResource(`arn:${partition}:s3:::${facts.bucket}`);
  return bucket?.kind === 's3-bucket' && bucket.account === r.account ? bucket : undefined;
}

function blockOutcome(
  r: Resource,
  account: Account | undefined,
  underlying: Resource | undefined,
): { rejected: true | 'maybe'; why: string; finding: Finding } | undefined {
  const policy = r.policy!;
  const own = effectiveSetting(r.publicAccessBlock, account?.publicAccessBlock, 'blockPublicPolicy');
  const ofBucket = underlying?.publicAccessBlock?.blockPublicPolicy ?? false;
  const setting = own === true || ofBucket === true ? true : isUnknown(own) ? own : ofBucket;
  if (setting === false) return undefined;
  const pub = bucketPolicyPublicness(policy);
  if (pub.public === false) return undefined;
  const what = r.kind === 's3-access-point' ? 'access point' : 'bucket';
  const call = r.kind === 's3-access-point' ? 'PutAccessPointPolicy' : 'PutBucketPolicy';
  // The setting of the resource itself, else of an access point's bucket, in force before the policy.
  const definiteLevel = [r, underlying].find(
    (x) =>
      x?.publicAccessBlock?.blockPublicPolicy === true && x.publicAccessBlock.inForceBeforePolicies === true,
  );
  const level = [r, underlying].find((x) => x?.publicAccessBlock?.blockPublicPolicy === true);
  const bucketLevel = level !== undefined;
  const levelName = level === r ? `the ${what}'s` : `its bucket ${underlying?.name}'s`;
  const blockSource =
    (level ? level.publicAccessBlock?.source : account?.publicAccessBlock?.source) ?? r.source;
  const definite = pub.public === true && definiteLevel !== undefined;
  if (definite) {
    const by = definiteLevel === r ? `the ${what}'s` : `its bucket ${underlying?.name}'s`;
    return {
      rejected: true,
      why: '',
      finding: {
        code: 's3/public-policy-rejected',
        severity: 'error',
        message: `${what} ${r.name}: its policy is public (${pub.statement.sid ? `Sid "${pub.statement.sid}"` : `Statement[${pub.statement.index}]`} grants to everyone) and ${by} Block Public Access setting BlockPublicPolicy rejects it (${call} fails, so the deployment fails); the model keeps no ${what} policy (${BLOCK_PUBLIC_ACCESS_PAGE})`,
        source: policy.source,
      },
    };
  }
  const levelText = bucketLevel ? levelName : `account ${r.account}'s`;
  const why =
    pub.public === 'maybe'
      ? `${levelText} Block Public Access (BlockPublicPolicy) rejects this policy if it is public, and whether it is cannot be told: ${pub.why}`
      : isUnknown(setting)
        ? `whether Block Public Access (BlockPublicPolicy) is set is unknown (${setting.reason}); if it is, this public policy is rejected`
        : `${levelText} Block Public Access (BlockPublicPolicy) rejects this public policy if it is in force when the policy is written, and the inputs do not order them`;
  return {
    rejected: 'maybe',
    why,
    finding: {
      code: 's3/public-policy-maybe-rejected',
      severity: 'warning',
      message: `${what} ${r.name}: ${why}; the policy is kept as maybe-present, so what it grants is indeterminate (${BLOCK_PUBLIC_ACCESS_PAGE})`,
      source: blockSource,
    },
  };
}
