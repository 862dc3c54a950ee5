// An S3 access point policy whose access point the inputs do not pin down
// (aws_s3control_access_point_policy with an unknown `access_point_arn`) may govern any access
// point of the deploying account, and no other account's (src/aws/governed-arns.ts
// `mayGovernPatterns`, not `targetMayBeElsewhere`). Cross-account access points do not change
// that: the access point is the account's that creates it, only its bucket is another's.
//
// AWS rule pinned here (Amazon S3 User Guide, "Creating access points for directory buckets",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/creating-access-points-directory-buckets.html;
// CreateAccessPoint, BucketAccountId: "For cross-account access point when your bucket and
// access point are not in the same account, the BucketAccountId is required"): "You can also create a cross-account access point that's
// associated with a bucket in another AWS account, as long as you know the bucket name and the
// bucket owner's account ID. However, creating cross-account access points doesn't grant you
// access to data in the bucket until you are granted permissions from the bucket owner. The
// bucket owner must grant the access point owner's account (your account) access to the bucket
// through the bucket policy." The S3 Control API names the access point by its owner's account
// (GetAccessPointPolicy, AccountId: "The account ID for the account that owns the specified access
// point").

import { describe, expect, it } from 'vitest';
import { mayGovernPatterns } from '../src/aws/governed-arns.js';
import { compileArnPattern } from '../src/policy/wildcard.js';

const OURS = '111122223333';
const BUCKET_OWNER = '444455556666';

describe('an access point policy of unknown target: the deploying account’s access points', () => {
  const governs = mayGovernPatterns('aws', OURS, 'aws_s3control_access_point_policy');
  const matches = (arn: string) => governs.some((p) => compileArnPattern(p).test(arn));

  it('our access point, a cross-account one for another account’s bucket included', () => {
    // the access point's ARN names its owner (us), whatever account owns its bucket
    expect(matches(`arn:aws:s3:us-east-1:${OURS}:accesspoint/shared-with-partner`)).toBe(true);
    expect(matches(`arn:aws:s3:us-east-1:${OURS}:accesspoint/shared-with-partner/object/k`)).toBe(true);
  });

  it('not the bucket owner’s access points', () => {
    expect(matches(`arn:aws:s3:us-east-1:${BUCKET_OWNER}:accesspoint/theirs`)).toBe(false);
  });
});
