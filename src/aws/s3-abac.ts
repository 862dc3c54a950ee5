// Whether S3 evaluates `aws:ResourceTag/*` on a general purpose bucket and its objects: only when
// attribute-based access control (ABAC) is enabled on the bucket, which it is not by default.
// Amazon S3 User Guide, "Using tags with S3 general purpose buckets"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/buckets-tagging.html): "For general
// purpose buckets, ABAC is not enabled by default." and, of aws:ResourceTag/key-name, "S3
// evaluates this condition key only after you enable ABAC on your bucket." The status is the
// bucket's `AbacStatus` (AWS::S3::Bucket) or an aws_s3_bucket_abac's `abac_status.status`
// (`Enabled` / `Disabled`). With ABAC disabled the bucket's tags are not in the request context:
// a condition on aws:ResourceTag/* sees the key absent (so a Deny on `StringEquals
// aws:ResourceTag/env: prod` does not apply, and a `StringNotEquals` one does).

import type { Resource } from '../model/types.js';

/** `Enabled` / `Disabled` (case-insensitive) as the model's `s3Abac`; undefined for anything else. */
export function s3AbacStatus(value: unknown): Resource['s3Abac'] {
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  return v === 'enabled' ? 'enabled' : v === 'disabled' ? 'disabled' : undefined;
}

/**
 * Whether a request on `resource` (the bucket itself, or the bucket of an object) has the
 * resource's tags as `aws:ResourceTag/*`: `yes` for every resource other than an S3 general
 * purpose bucket and for a bucket with ABAC enabled, `no` for a bucket with ABAC disabled, `maybe`
 * when the inputs do not say (the key then holds the bucket's tag, or is absent).
 */
export function resourceTagsEvaluated(resource: Resource | undefined): 'yes' | 'no' | 'maybe' {
  if (resource?.kind !== 's3-bucket') return 'yes';
  return resource.s3Abac === 'enabled' ? 'yes' : resource.s3Abac === 'disabled' ? 'no' : 'maybe';
}
