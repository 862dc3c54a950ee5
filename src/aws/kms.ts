// KMS facts both adapters share: the default key policy KMS gives a key created without one.

/**
 * The default key policy: one statement allowing the owning account (and so its IAM policies)
 * `kms:*` on the key (AWS KMS Developer Guide, "Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html: "The default key
 * policy gives the AWS account that owns the KMS key full access to the KMS key").
 */
export function defaultKeyPolicy(partition: string, account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/** Where the default key policy comes from, for sources and findings. */
export const DEFAULT_KEY_POLICY_PAGE =
  'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html';
