// CloudFormation resource objects several tests build alike (template objects for
// `loadTemplateObject`): a KMS key whose key policy lets only its own account use it, a bucket with
// its bucket policy.

/** An AWS::KMS::Key whose key policy allows kms:* on `*` to the root of `account` only. */
export function accountKmsKey(account: string): Record<string, unknown> {
  return {
    Type: 'AWS::KMS::Key',
    Properties: {
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      },
    },
  };
}

/**
 * Template resources `Data` (the bucket `bucketName`) and `DataPolicy`, its bucket policy
 * (`Bucket: { Ref: 'Data' }`, Version 2012-10-17) of `statements`.
 */
export function cfnDataBucket(bucketName: string, statements: readonly object[]): Record<string, unknown> {
  return {
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: bucketName } },
    DataPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Data' },
        PolicyDocument: { Version: '2012-10-17', Statement: statements },
      },
    },
  };
}
