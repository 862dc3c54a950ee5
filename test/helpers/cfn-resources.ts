// CloudFormation resource objects several tests build alike (template objects for
// `loadTemplateObject`): a KMS key whose key policy lets only its own account use it, and that key
// policy. (The bucket `Data` with its policy: bucket-policy-resources.ts.)

/** A key policy that allows kms:* on `*` to the root of `account` only. */
export function accountKeyPolicy(account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  };
}

/** An AWS::KMS::Key whose key policy is `accountKeyPolicy(account)`. */
export function accountKmsKey(account: string): Record<string, unknown> {
  return { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: accountKeyPolicy(account) } };
}
