// The one reader of Terraform's Block Public Access attributes (`block_public_acls`,
// `ignore_public_acls`, `block_public_policy`, `restrict_public_buckets`), in
// aws_s3_bucket_public_access_block, aws_s3_account_public_access_block and aws_s3_access_point's
// `public_access_block_configuration` block: each setting left out when not given (what that
// means is the resource's: off for a bucket or account, on for an access point,
// src/aws/s3-access-points.ts `accessPointBlock`).

import type { PublicAccessBlock } from '../../../model/types.js';
import { isUnknown, type Maybe } from '../../../model/unknown.js';

function setting(v: unknown): Maybe<boolean> | undefined {
  if (isUnknown(v)) return v;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

/** The settings an object of those attributes gives (an unknown object makes each unknown). */
export function publicAccessBlockOf(values: unknown): Omit<PublicAccessBlock, 'source'> {
  if (isUnknown(values))
    return {
      blockPublicAcls: values,
      ignorePublicAcls: values,
      blockPublicPolicy: values,
      restrictPublicBuckets: values,
    };
  if (!values || typeof values !== 'object' || Array.isArray(values)) return {};
  const v = values as Record<string, unknown>;
  const out: Omit<PublicAccessBlock, 'source'> = {};
  const set = (
    k: 'blockPublicAcls' | 'ignorePublicAcls' | 'blockPublicPolicy' | 'restrictPublicBuckets',
    attr: string,
  ) => {
    const s = setting(v[attr]);
    if (s !== undefined) out[k] = s;
  };
  set('blockPublicAcls', 'block_public_acls');
  set('ignorePublicAcls', 'ignore_public_acls');
  set('blockPublicPolicy', 'block_public_policy');
  set('restrictPublicBuckets', 'restrict_public_buckets');
  return out;
}
