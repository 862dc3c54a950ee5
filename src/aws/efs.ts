// Amazon EFS's default file system policy: the policy in effect while a file system has none of
// its own (Amazon EFS User Guide, "Using IAM to control access to file systems", "Default EFS
// file system policy", https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html:
// "The default EFS file system policy does not use IAM to authenticate, and grants full access to
// any anonymous client that can connect to the file system using a mount target. The default
// policy is in effect whenever a user-configured file system policy is not in effect, including
// at file system creation."). Read through `ResourcePolicyDescription.defaultPolicy`
// (src/aws/resource-policies.ts) by the handlers of both adapters.

/**
 * The client actions a file system policy governs ("You can specify the following actions for
 * clients accessing a file system using a file system policy": ClientMount, ClientWrite,
 * ClientRootAccess).
 */
export const EFS_CLIENT_ACTIONS: readonly string[] = [
  'elasticfilesystem:ClientMount',
  'elasticfilesystem:ClientWrite',
  'elasticfilesystem:ClientRootAccess',
];

/**
 * The default file system policy of the file system `arn` as a policy document: full client
 * access for any principal, anonymous ones included. Kept as a resource policy, it is the allow
 * AWS gives; the network path (mount targets, security groups) is outside iamspec's model.
 */
export function defaultFileSystemPolicy(arn: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'efs-default-file-system-policy',
    Statement: [
      {
        Sid: 'DefaultFileSystemPolicy',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [...EFS_CLIENT_ACTIONS],
        Resource: arn,
      },
    ],
  };
}
