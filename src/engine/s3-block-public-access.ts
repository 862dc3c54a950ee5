// The request-time rule of S3 Block Public Access: `RestrictPublicBuckets` (Amazon S3 User Guide,
// "Blocking public access to your Amazon S3 storage",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html):
// "Setting this option to TRUE restricts access to an access point or bucket with a public policy
// to only AWS service principals and authorized users within the bucket owner's account ... This
// setting blocks all cross-account access to the access point or bucket (except by AWS service
// principals)". The rule lives here only; when a policy is public is `aws/s3-public-access.ts`.

import { bucketPolicyPublicness, effectiveSetting } from '../aws/s3-public-access.js';
import { isUnknown } from '../model/unknown.js';
import type { Account, Resource } from '../model/types.js';
import type { RequestPrincipal } from './principal.js';
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
