// The AWS managed policies of AWS Organizations that take part in access decisions: the
// FullAWSAccess SCP and the RCPFullAWSAccess RCP. Owns their ids (`p-FullAWSAccess`,
// `p-RCPFullAWSAccess`), names, documents and whether they can be detached; the adapters read an
// attachment that names one of them as that policy (not as a policy outside the inputs), and the
// Terraform adapter's assumed default is the same document.
//
// AWS Organizations User Guide / API Reference:
// - AttachPolicy: "AWS Organizations attaches a default SCP named "FullAWSAccess" to every root,
//   OU, and account. This default SCP allows all services and actions" — its policy id is
//   `p-FullAWSAccess` (ListPolicies; the Terraform docs of aws_organizations_policy_attachment
//   attach it as `policy_id = "p-FullAWSAccess"`).
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
// - DetachPolicy: "Every root, OU, and account must have at least one SCP attached. If you want
//   to replace the default FullAWSAccess policy with an SCP that limits the permissions that can
//   be delegated, you must attach the replacement SCP before you can remove the default SCP."
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
// - "RCP evaluation": "The RCPFullAWSAccess policy is an AWS managed policy. It is automatically
//   attached to the root, every OU, and every account in your organization, when you enable
//   resource control policies (RCPs). You cannot detach this policy." — id `p-RCPFullAWSAccess`.
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html

/** One AWS managed organization policy. */
export interface AwsManagedOrgPolicy {
  /** The policy id AttachPolicy takes (`p-FullAWSAccess`). */
  id: string;
  /** Its name, as traces print it. */
  name: string;
  kind: 'scp' | 'rcp';
  /** The policy document (JSON value, parsed by the caller with `parsePolicy`). */
  document: unknown;
  /** False when AWS does not let it be detached (RCPFullAWSAccess). */
  detachable: boolean;
}

export const FULL_AWS_ACCESS: AwsManagedOrgPolicy = Object.freeze({
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  kind: 'scp',
  document: Object.freeze({
    Version: '2012-10-17',
    Statement: [Object.freeze({ Effect: 'Allow', Action: '*', Resource: '*' })],
  }),
  detachable: true,
});

export const RCP_FULL_AWS_ACCESS: AwsManagedOrgPolicy = Object.freeze({
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  kind: 'rcp',
  document: Object.freeze({
    Version: '2012-10-17',
    Statement: [Object.freeze({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })],
  }),
  detachable: false,
});

/** The default managed policy of each kind (what AWS attaches by default). */
export function orgDefaultPolicy(kind: 'scp' | 'rcp'): AwsManagedOrgPolicy {
  return kind === 'scp' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS;
}

/** The AWS managed organization policy with policy id `id`, if it is one. */
export function awsManagedOrgPolicy(id: unknown): AwsManagedOrgPolicy | undefined {
  if (id === FULL_AWS_ACCESS.id) return FULL_AWS_ACCESS;
  if (id === RCP_FULL_AWS_ACCESS.id) return RCP_FULL_AWS_ACCESS;
  return undefined;
}
