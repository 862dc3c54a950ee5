// Owns the AWS Organizations delegation facts: the organization's resource-based delegation policy
// (Terraform aws_organizations_resource_policy, CloudFormation AWS::Organizations::ResourcePolicy)
// is a resource policy on the organization's resources (its policies, roots, OUs, accounts) in the
// management account; the Organizations actions that change which SCPs and RCPs govern an
// account or what they say; and the requests a delegated principal makes to change them (the
// probes spec `noEscalation` decides, spec/check-escalation.ts `orgPolicyEscalation`).
//
// AWS Organizations User Guide, "Delegated administrator for AWS Organizations"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html): "From
// the organization's management account, you can delegate policy management for Organizations to
// specified member accounts to perform policy actions that are by default available only to the
// management account." "Update a resource-based delegation policy"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs-policy-delegate-update.html):
// "you must grant roles and users in the delegated administrator account the corresponding IAM
// permissions to the required actions. Without IAM permissions, it is assumed that the calling
// principal doesn't have the required permissions": a cross-account grant, decided as one (the
// delegation policy and the caller's own policies, and the SCPs of the caller's account).
// AWS Organizations API Reference, PutResourcePolicy: "You can only call this operation from the
// organization's management account", so the account deploying it is the management account.
// Service Authorization Reference, AWS Organizations: the resource types `policy`
// (arn:${Partition}:organizations::${Account}:policy/o-${OrganizationId}/${PolicyType}/p-${PolicyId})
// and `root` (arn:${Partition}:organizations::${Account}:root/o-${OrganizationId}/r-${RootId}).

import { isUnknown } from '../model/unknown.js';
import type { PolicyDocument } from '../policy/types.js';

/** What a delegated principal can do to relax the SCPs/RCPs that govern it, with the resource it names. */
export interface OrgPolicyChange {
  action: string;
  /** What the change does, for the finding and the escalation's message. */
  does: string;
  /** The resource of the request: a policy (`policy`) or the root (`root`). */
  on: 'policy' | 'root';
}

/**
 * Organizations actions that change the SCPs/RCPs governing an account (API Reference):
 * UpdatePolicy ("Updates an existing policy with a new name, description, or content"),
 * DetachPolicy ("Detaches a policy from a target root, organizational unit (OU), or account"),
 * AttachPolicy ("Attaches a policy to a root, an organizational unit (OU), or an individual
 * account": FullAWSAccess where an allow list restricts), DisablePolicyType ("Disables an
 * organizational policy type in a root").
 */
export const ORG_POLICY_CHANGES: readonly OrgPolicyChange[] = [
  { action: 'organizations:UpdatePolicy', does: 'rewrite an SCP or RCP', on: 'policy' },
  { action: 'organizations:DetachPolicy', does: 'detach an SCP or RCP', on: 'policy' },
  { action: 'organizations:AttachPolicy', does: 'attach another SCP, such as FullAWSAccess', on: 'policy' },
  { action: 'organizations:DisablePolicyType', does: 'disable SCPs or RCPs in the root', on: 'root' },
];

/** The policy types whose policies grant or deny access, as they appear in policy ARNs. */
const POLICY_TYPES = ['service_control_policy', 'resource_control_policy'] as const;

/** The ARN patterns a delegation policy of the management account `account` governs: its Organizations resources. */
export function orgDelegationGoverns(partition: string, account: string): string[] {
  return [`arn:${partition}:organizations::${account}:*`];
}

/**
 * The model ARN of a delegation policy: its own when known (`arn:…:organizations::…:resourcepolicy/o-…/rp-…`),
 * else one of that form naming the input element.
 */
export function orgDelegationArn(partition: string, account: string, known: unknown, label: string): string {
  if (typeof known === 'string' && isOrgDelegationArn(known)) return known;
  return `arn:${partition}:organizations::${account}:resourcepolicy/${label}`;
}

/** Whether a model resource's ARN is that of an organization's delegation policy. */
export function isOrgDelegationArn(arn: string): boolean {
  return /^arn:[^:]+:organizations::\d{12}:resourcepolicy\//.test(arn);
}

/**
 * The requests, on the management account's Organizations resources, by which a principal could
 * change what SCPs/RCPs say or where they apply: one per change and policy type, for each
 * organization id the delegation names (its ARN, the resources of its statements) or a stand-in
 * id when none is named (`probe`).
 */
export function orgPolicyChangeRequests(
  delegationArn: string,
  policyText: string,
  probe: string,
): { change: OrgPolicyChange; resource: string }[] {
  const m = /^arn:([^:]+):organizations::(\d{12}):/.exec(delegationArn);
  if (!m) return [];
  const [, partition, account] = m;
  const ids = new Set<string>(`${delegationArn} ${policyText}`.match(/\bo-[a-z0-9]{10,32}\b/g) ?? []);
  if (!ids.size) ids.add(`o-${probe}`);
  const out: { change: OrgPolicyChange; resource: string }[] = [];
  for (const org of ids)
    for (const change of ORG_POLICY_CHANGES) {
      const base = `arn:${partition}:organizations::${account}`;
      if (change.on === 'root') out.push({ change, resource: `${base}:root/${org}/r-${probe}` });
      else
        for (const type of POLICY_TYPES)
          out.push({ change, resource: `${base}:policy/${org}/${type}/p-${probe}` });
    }
  return out;
}

/**
 * The message of the finding an adapter adds for a delegation policy `label` of management
 * account `account` (Terraform `tf/org-delegation`, CloudFormation `cfn/org-delegation`): whom it
 * names and what that means.
 */
export function orgDelegationMessage(policy: PolicyDocument, label: string, account: string): string {
  const principals = policy.unknown
    ? `principals not known (${policy.unknown.reason})`
    : [
        ...new Set(
          policy.statements.flatMap((s) =>
            s.principal?.wildcard
              ? ['*']
              : (s.principal?.aws?.values ?? []).map((v) => (isUnknown(v) ? '(an unknown principal)' : v)),
          ),
        ),
      ].join(', ') || 'no AWS principal';
  return `${label} is the organization's delegation policy: it lets ${principals} make the AWS Organizations requests it allows on the organization of account ${account} (its management account); a principal of a delegated account that its own policies allow to update, detach or attach SCPs/RCPs may relax those governing it (spec noEscalation: indeterminate)`;
}
