// IAM Identity Center inputs several tests build alike: a permission set assigned to the group
// g-1 in one account, as CloudFormation resources (AWS::SSO::PermissionSet `Set`,
// AWS::SSO::Assignment `Assign`) or Terraform blocks (aws_ssoadmin_permission_set,
// aws_ssoadmin_account_assignment), and the Terraform providers of a deploying account
// (111122223333) and of a member account reached by an assumed role (alias `member`).

/** The Identity Center instance of the fixtures. */
export const SSO_INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1';

/** The properties of the permission set `Admins` with AdministratorAccess attached. */
export const ADMINS_PERMISSION_SET: Readonly<Record<string, unknown>> = {
  Name: 'Admins',
  ManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
};

/**
 * CloudFormation resources: the permission set `Set` (`InstanceArn` and `permissionSet`, its
 * other properties) and `Assign`, its assignment to the group g-1 in the account `targetId`
 * (any value: a number, `{ Ref: P }`).
 */
export function cfnPermissionSetAssignedTo(
  targetId: unknown,
  permissionSet: Readonly<Record<string, unknown>> = ADMINS_PERMISSION_SET,
): Record<string, unknown> {
  return {
    Set: {
      Type: 'AWS::SSO::PermissionSet',
      Properties: { InstanceArn: SSO_INSTANCE_ARN, ...permissionSet },
    },
    Assign: {
      Type: 'AWS::SSO::Assignment',
      Properties: {
        InstanceArn: SSO_INSTANCE_ARN,
        PermissionSetArn: { 'Fn::GetAtt': ['Set', 'PermissionSetArn'] },
        PrincipalType: 'GROUP',
        PrincipalId: 'g-1',
        TargetType: 'AWS_ACCOUNT',
        TargetId: targetId,
      },
    },
  };
}

/**
 * Terraform: the default provider of account 111122223333 (eu-west-1) and the provider `member`
 * that assumes role deploy in `member`.
 */
export function tfDeployingAndMemberProviders(member: string): string {
  return `
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
provider "aws" {
  alias  = "member"
  region = "eu-west-1"
  assume_role { role_arn = "arn:aws:iam::${member}:role/deploy" }
}
`;
}

/** Terraform: the permission set `name` at address aws_ssoadmin_permission_set.`id`. */
export function tfPermissionSet(id: string, name: string): string {
  return `
resource "aws_ssoadmin_permission_set" "${id}" {
  name         = "${name}"
  instance_arn = "${SSO_INSTANCE_ARN}"
}`;
}

/**
 * Terraform: aws_ssoadmin_account_assignment.`id` of aws_ssoadmin_permission_set.`permissionSetId`
 * to the group `group` in the account `target` (an HCL expression: `"222233334444"`,
 * `var.target`); `meta`: lines written first (`count = …`).
 */
export function tfGroupAssignment(
  id: string,
  permissionSetId: string,
  target: string,
  meta = '',
  group = 'g-1',
): string {
  return `
resource "aws_ssoadmin_account_assignment" "${id}" {
  ${meta}
  instance_arn       = "${SSO_INSTANCE_ARN}"
  permission_set_arn = aws_ssoadmin_permission_set.${permissionSetId}.arn
  principal_id       = "${group}"
  principal_type     = "GROUP"
  target_id          = ${target}
  target_type        = "AWS_ACCOUNT"
}
`;
}
