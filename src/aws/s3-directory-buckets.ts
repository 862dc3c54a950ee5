// S3 directory buckets (S3 Express One Zone): which bucket names are directory buckets, and their
// ARN. Amazon S3 User Guide, "Directory bucket naming rules"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html): "A
// directory bucket name consists of a base name that you provide, and a suffix that contains the
// ID of the AWS Zone (an Availability Zone or a Local Zone) that your bucket is located in and
// --x-s3" ("Must include the following suffix: --zone-id--x-s3"); a general purpose bucket name
// may not end so ("General purpose buckets naming rules": "Bucket names must not end with the
// suffix --x-s3. This suffix is reserved for directory buckets."). A directory bucket's policy is
// not modelled (its actions are `s3express:*`, authorized per session by `s3express:CreateSession`):
// the adapters keep it as an unknown policy on the bucket's `s3express` ARN.

/** Whether a bucket name (or a bucket ARN) names a directory bucket: it ends with `--x-s3`. */
export function isDirectoryBucketName(nameOrArn: string): boolean {
  return nameOrArn.endsWith('--x-s3');
}

/**
 * The ARN of a directory bucket, `arn:${Partition}:s3express:${Region}:${Account}:bucket/${BucketName}`
 * (Service Authorization Reference, "Actions, resources, and condition keys for Amazon S3 Express",
 * resource type `bucket`). `nameOrArn`: the bucket's name, or its ARN already.
 */
export function directoryBucketArn(
  partition: string,
  region: string,
  account: string,
  nameOrArn: string,
): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return `arn:${partition}:s3express:${region}:${account}:bucket/${nameOrArn}`;
}
