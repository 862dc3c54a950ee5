// Owns the AWS fact of the role AWS Organizations creates in a member account it creates, and how
// it is modelled: AWS Organizations API Reference, CreateAccount, `RoleName`
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html): "The
// name of an IAM role that Organizations automatically preconfigures in the new member account.
// This role trusts the management account, allowing users in the management account to assume
// the role, as permitted by the management account administrator. The role has administrator
// permissions in the new member account. If you do not specify this parameter, the role name
// defaults to OrganizationAccountAccessRole." AWS Organizations User Guide, "Accessing a member
// account that has OrganizationAccountAccessRole with AWS Organizations" and "Creating
// OrganizationAccountAccessRole for an invited account"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html):
// "By default, if you create a member account as part of your organization, AWS automatically
// creates a role in the account that grants administrator permissions to IAM users in the
// management account who can assume the role. By default, that role is named
// OrganizationAccountAccessRole. ... However, member accounts that you invite to join your
// organization do not automatically get an administrator role created." So the role is present
// in an account the inputs create (a Terraform plan's aws_organizations_account `create`; its
// `role_name` names it), and maybe-present in a member account that already exists (it may have
// been invited; the role may since have been deleted: the inputs do not say). The Terraform
// provider's `iam_user_access_to_billing` sets whether IAM users may see billing, not the role.
// The role's permissions are the AWS managed policy AdministratorAccess (the invited-account
// procedure attaches that policy to duplicate the created role) and its trust policy is the
// management account's root (handlers/org-members.ts places it).

import { unknownNamePart } from '../model/stand-ins.js';
import { isUnknown, type Maybe } from '../model/unknown.js';

/** The role name when CreateAccount is not given one (Terraform: `role_name` unset). */
export const ORG_ACCESS_ROLE_DEFAULT = 'OrganizationAccountAccessRole';

/**
 * The role's name from what the inputs write (CloudFormation `RoleName`, Terraform `role_name`):
 * the default when unset or empty, an unknown name part (`key` names it) when the inputs leave it
 * unknown, never the default then (a policy naming OrganizationAccountAccessRole may miss it).
 */
export function orgAccessRoleName(written: Maybe<string> | undefined, key: string): string {
  if (isUnknown(written)) return unknownNamePart(`role-name-of-${key}`);
  return written || ORG_ACCESS_ROLE_DEFAULT;
}

/** The trust policy of the role: the management account (its root: "users in the management account"). */
export function orgAccessRoleTrust(partition: string, managementAccount: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${managementAccount}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

/** The AWS managed policy giving the role "administrator permissions". */
export function orgAccessRolePolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AdministratorAccess`;
}
