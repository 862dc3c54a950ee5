// The one reader of a CloudFormation `PublicAccessBlockConfiguration` value (AWS::S3::Bucket and
// AWS::S3::AccessPoint): its four settings, each left out when not given (what a left-out setting
// means is the resource's: off on a bucket, on for an access point, src/aws/s3-access-points.ts
// `accessPointBlock`).

import type { PublicAccessBlock } from '../../../model/types.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { isRecord, NO_VALUE, type Resolved } from '../values.js';

function flag(v: Resolved | undefined): Maybe<boolean> | undefined {
  if (v === undefined || v === null || v === NO_VALUE) return undefined;
  if (v instanceof Unknown) return v;
  if (v === true || String(v).toLowerCase() === 'true') return true;
  if (v === false || String(v).toLowerCase() === 'false') return false;
  return undefined;
}

/** The four settings of a PublicAccessBlockConfiguration value (an Unknown makes each unknown). */
export function publicAccessBlockOf(v: Resolved | undefined): Omit<PublicAccessBlock, 'source'> {
  if (v instanceof Unknown)
    return { blockPublicAcls: v, ignorePublicAcls: v, blockPublicPolicy: v, restrictPublicBuckets: v };
  if (!isRecord(v)) return {};
  const out: Omit<PublicAccessBlock, 'source'> = {};
  const set = (
    k: 'blockPublicAcls' | 'ignorePublicAcls' | 'blockPublicPolicy' | 'restrictPublicBuckets',
    name: string,
  ) => {
    const x = flag(v[name] as Resolved | undefined);
    if (x !== undefined) out[k] = x;
  };
  set('blockPublicAcls', 'BlockPublicAcls');
  set('ignorePublicAcls', 'IgnorePublicAcls');
  set('blockPublicPolicy', 'BlockPublicPolicy');
  set('restrictPublicBuckets', 'RestrictPublicBuckets');
  return out;
}
