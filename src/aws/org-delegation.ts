// Owns the AWS Organizations delegation facts: the organization's resource-based delegation policy
// (Terraform aws_organizations_resource_policy, CloudFormation AWS::Organizations::ResourcePolicy)
// is a resource policy on the organization's resources (its policies, roots, OUs, accounts) in the
// management account; the Organizations actions that change which SCPs and RCPs govern an
// account or what they say; and the requests a delegated principal makes to change them (spec
// `noEscalation` decides them, spec/check-escalation.ts `orgPolicyEscalation`), on ids the inputs
// do not give as unknown name parts (`orgPolicyChangeRequests`, `orgIdsUnknown`).
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

import type { Source } from '../model/source.js';
import { unknownNamePart } from '../model/stand-ins.js';
import { isUnknown, Unknown } from '../model/unknown.js';
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

/** One request by which a principal could relax the SCPs/RCPs: its resource and the names it stands for. */
export interface OrgPolicyChangeRequest {
  change: OrgPolicyChange;
  /**
   * The request's resource: the organization id the delegation names, else an unknown name part;
   * the policy's or root's id an unknown name part (`unknownNamePart`), which the engine matches
   * as any id (engine/unknown-names.ts, its cause `orgIdsUnknown`).
   */
  resource: string;
  /** The ARN pattern of every resource the request stands for (`p-*`, `r-*`; `o-*` when no id is named). */
  names: string;
}

/**
 * The requests, on the management account's Organizations resources, by which a principal could
 * change what SCPs/RCPs say or where they apply: one per change and policy type, for each
 * organization id the delegation names (its ARN, the Resource values of its statements), or an
 * unknown organization id when none is named. The ids of the policies and the root are assigned
 * by AWS Organizations ("The regex pattern for a policy ID string requires "p-" followed by from
 * 8 to 128 lowercase or uppercase letters, digits, or the underscore character", API Reference,
 * UpdatePolicy / AttachPolicy `PolicyId`): the inputs do not give the ids of the policies that
 * govern an account, so each is an unknown name part (before, made-up ids `p-iamspec-any`, which a
 * policy naming some ids did not match: no finding).
 */
export function orgPolicyChangeRequests(delegation: {
  arn: string;
  policy?: PolicyDocument | undefined;
}): OrgPolicyChangeRequest[] {
  const m = /^arn:([^:]+):organizations::(\d{12}):/.exec(delegation.arn);
  if (!m) return [];
  const [, partition, account] = m;
  const named = (delegation.policy?.statements ?? [])
    .flatMap((st) => st.resource?.values ?? [])
    .filter((v): v is string => typeof v === 'string')
    .join(' ');
  const ids = new Set<string>(`${delegation.arn} ${named}`.match(/\bo-[a-z0-9]{10,32}\b/g) ?? []);
  const orgs = ids.size
    ? [...ids].map((id) => ({ id, names: id }))
    : [{ id: `o-${unknownNamePart(`organization-id-${account}`)}`, names: 'o-*' }];
  const base = `arn:${partition}:organizations::${account}`;
  const policyId = `p-${unknownNamePart(`org-policy-id-${account}`)}`;
  const rootId = `r-${unknownNamePart(`org-root-id-${account}`)}`;
  const out: OrgPolicyChangeRequest[] = [];
  for (const org of orgs)
    for (const change of ORG_POLICY_CHANGES) {
      if (change.on === 'root')
        out.push({
          change,
          resource: `${base}:root/${org.id}/${rootId}`,
          names: `${base}:root/${org.names}/r-*`,
        });
      else
        for (const type of POLICY_TYPES)
          out.push({
            change,
            resource: `${base}:policy/${org.id}/${type}/${policyId}`,
            names: `${base}:policy/${org.names}/${type}/p-*`,
          });
    }
  return out;
}

/**
 * Why the ids of `delegation`'s change requests are unknown name parts, at the delegation's source
 * (registered by engine/unknown-names.ts `unknownNameCauses`, so an indeterminate decision says it).
 */
export function orgIdsUnknown(delegation: { name: string; source?: Source | undefined }): Unknown {
  return new Unknown(
    `the ids of the SCPs/RCPs and of the root of the organization whose delegation policy is ${delegation.name} (the policy id, p-…, and the root id, r-…; the organization id, o-…, where the delegation policy names none) are assigned by AWS Organizations and are not in the inputs: a policy naming some ids may name those governing the account`,
    delegation.source,
  );
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
