// Owns the AWS fact of the role AWS Organizations creates in a member account it creates, and how
// it is modelled: AWS Organizations API Reference, CreateAccount, `RoleName`
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html): "The
// name of an IAM role that Organizations automatically preconfigures in the new member account.
// This role trusts the management account, allowing users in the management account to assume
// the role, as permitted by the management account administrator. The role has administrator
// permissions in the new member account. If you do not specify this parameter, the role name
// defaults to OrganizationAccountAccessRole." AWS Organizations User Guide, "Accessing member
// accounts in your organization"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html):
// an account that was invited, not created, does not get the role. Whether a member account was
// created by Organizations, and whether its role is still there, is not in the inputs: the role
// is modelled maybe-present, with the AWS managed policy AdministratorAccess (the console creates
// it with that policy) and the trust policy of the page.

/** The role name when CreateAccount is not given one (Terraform: `role_name` unset). */
export const ORG_ACCESS_ROLE_DEFAULT = 'OrganizationAccountAccessRole';

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
