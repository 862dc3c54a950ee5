// CloudFormation resources several tests build alike (objects, for `modelOfTemplate` of
// test/fixtures/cfn/load.ts or a template written as JSON): the bucket `Data` with the bucket
// policy `DataPolicy` holding the statements a test gives (a Principal naming a role by its
// ARN, a Deny with a condition on aws:PrincipalArn, an account's root).

/**
 * The resources `Data` (AWS::S3::Bucket named `bucketName`) and `DataPolicy` (its
 * AWS::S3::BucketPolicy, `Bucket: { Ref: Data }`, Version 2012-10-17 and `statements`).
 */
export function dataBucketWithPolicy(
  bucketName: string,
  statements: readonly unknown[],
): { Data: Record<string, unknown>; DataPolicy: Record<string, unknown> } {
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
