// Amazon EFS's default file system policy: the policy in effect while a file system has none of
// its own (Amazon EFS User Guide, "Using IAM to control access to file systems", "Default EFS
// file system policy", https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html:
// "The default EFS file system policy does not use IAM to authenticate, and grants full access to
// any anonymous client that can connect to the file system using a mount target. The default
// policy is in effect whenever a user-configured file system policy is not in effect, including
// at file system creation."). Read through `ResourcePolicyDescription.defaultPolicy`
// (src/aws/resource-policies.ts) by the handlers of both adapters. Also what a client that
// identifies itself with IAM (a mount with the `iam` option, a principal's request in iamspec)
// meets while the default policy is in effect (`iamMountUnderDefaultPolicy`), read by the engine.

import type { Resource } from '../model/types.js';
import type { Statement } from '../policy/types.js';

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

const DEFAULT_POLICY_ID = 'efs-default-file-system-policy';
const DEFAULT_STATEMENT_SID = 'DefaultFileSystemPolicy';
const CLIENT_ACTIONS_LOWER: ReadonlySet<string> = new Set(EFS_CLIENT_ACTIONS.map((a) => a.toLowerCase()));

/**
 * The default file system policy of the file system `arn` as a policy document: full client
 * access for any principal, anonymous ones included. Kept as a resource policy, it is the allow
 * AWS gives; the network path (mount targets, security groups) is outside iamspec's model.
 */
export function defaultFileSystemPolicy(arn: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: DEFAULT_POLICY_ID,
    Statement: [
      {
        Sid: DEFAULT_STATEMENT_SID,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [...EFS_CLIENT_ACTIONS],
        Resource: arn,
      },
    ],
  };
}

/** Whether `actionLower` (lower case) is one of the client actions. */
export function isEfsClientAction(actionLower: string): boolean {
  return CLIENT_ACTIONS_LOWER.has(actionLower);
}

/**
 * Whether the default file system policy is in effect on `resource`: `'yes'` when its policy is
 * the default document and nothing else (the file system has no policy of its own); `'maybe'`
 * when a default statement stands beside others (the adapters keep the default, maybe-present,
 * beside a policy that may not be written; a written policy may hold a statement with the
 * default's content); undefined when it is not an EFS file system or no statement is the
 * default's. Recognised by what the statements are (`isDefaultStatement`), not by their Sid or
 * Id, which a written policy may reuse.
 */
export function defaultPolicyInEffect(resource: Resource | undefined): 'yes' | 'maybe' | undefined {
  if (resource?.kind !== 'efs-file-system' || !resource.policy) return undefined;
  const policy = resource.policy;
  const defaults = policy.statements.filter((st) => isDefaultStatement(st, resource.arn));
  if (defaults.length === 0) return undefined;
  const alone =
    defaults.length === policy.statements.length && !policy.presence && defaults.every((st) => !st.presence);
  return alone ? 'yes' : 'maybe';
}

/**
 * Whether `st` says what the default file system policy of `arn` says: an Allow of exactly the
 * client actions to any principal on the file system, without conditions. A statement that grants
 * less (fewer actions, a condition, named principals) is a policy of its own, whatever its Sid.
 */
function isDefaultStatement(st: Statement, arn: string): boolean {
  if (st.effect !== 'Allow' || st.unknown || st.notAction || st.notResource || st.notPrincipal) return false;
  if (st.conditions.length > 0) return false;
  const p = st.principal;
  const anyone =
    !!p &&
    !p.service &&
    !p.federated &&
    !p.canonicalUser &&
    (p.wildcard || (p.aws?.values.length === 1 && p.aws.values[0] === '*'));
  const actions = new Set(
    (st.action?.values ?? []).map((a) => (typeof a === 'string' ? a.toLowerCase() : '')),
  );
  const resources = st.resource?.values ?? [];
  return (
    anyone &&
    actions.size === CLIENT_ACTIONS_LOWER.size &&
    [...CLIENT_ACTIONS_LOWER].every((a) => actions.has(a)) &&
    resources.length === 1 &&
    (resources[0] === arn || resources[0] === '*')
  );
}

/**
 * Why a principal's client request (ClientMount, ClientWrite, ClientRootAccess: a mount with IAM
 * authorization) on `resource` that its policies deny is not surely denied, or undefined when it
 * is: while the default file system policy is in effect the page says it "does not use IAM to
 * authenticate, and grants full access to any anonymous client that can connect to the file
 * system using a mount target", and it does not say whether an identity-based Deny, a
 * permissions boundary, an SCP or another account's missing Allow still applies to a client that
 * mounts with IAM authorization (only that "An "allow" permission on an action in either an IAM
 * identity policy or a file system resource policy allows access for that action"). Anonymous
 * clients are decided by the default policy itself (its Allow to `*`).
 */
export function iamMountUnderDefaultPolicy(
  actionLower: string,
  principalIsAnonymous: boolean,
  resource: Resource | undefined,
): string | undefined {
  if (principalIsAnonymous || !isEfsClientAction(actionLower)) return undefined;
  const inEffect = defaultPolicyInEffect(resource);
  if (!inEffect) return undefined;
  return `${inEffect === 'yes' ? 'the' : 'when its own policy is not written, the'} default EFS file system policy is in effect on ${resource!.arn}, which "does not use IAM to authenticate, and grants full access to any anonymous client that can connect to the file system using a mount target"; the Amazon EFS User Guide does not say whether an identity-based Deny, a permissions boundary, an SCP or a missing cross-account Allow still applies to a client that mounts with IAM authorization (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html)`;
}
