// A permission set's customer managed policy references (attached policies and the permissions
// boundary) name a policy by name and path in each account the permission set is assigned to
// (src/adapters/identity-center.ts `policyArnOf`): one the target account defines in the inputs is
// that policy; one it does not define is unknown (indeterminate verdicts), never an empty policy.
//
// - AWS::SSO::PermissionSet CustomerManagedPolicyReference: "Specifies the name and path of a
//   customer managed policy. You must have an IAM policy that matches the name and path in each
//   AWS account where you want to deploy your permission set." (CloudFormation Template Reference)
// - "When you add customer managed policies ... IAM Identity Center doesn't create a policy in
//   any AWS accounts. You must instead create those policies in advance in each account" (IAM
//   Identity Center User Guide, "Use IAM policies in permission sets")

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import {
  tfDeployingAndMemberProviders,
  tfGroupAssignment,
  tfPermissionSet,
} from './helpers/identity-center-fixtures.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const MEMBER = '222233334444';

function load(extra: string) {
  const dir = writeTempFiles({
    'main.tf': `${tfDeployingAndMemberProviders(MEMBER)}${tfPermissionSet('ps', 'Ops')}${tfGroupAssignment('a', 'ps', `"${MEMBER}"`)}${extra}`,
  });
  const m = loadModelSync([dir]);
  const role = m.roles.find((r) => r.name.startsWith('AWSReservedSSO_Ops_'))!;
  const engine = compileModel(m);
  return (action: string, resource = '*') =>
    engine.decide({ principal: role.arn, action, resource }).decision;
}

const CMP = `
resource "aws_ssoadmin_customer_managed_policy_attachment" "c" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.ps.arn
  customer_managed_policy_reference {
    name = "ops-extra"
    path = "/teams/"
  }
}`;

describe('customer managed policy references of a permission set', () => {
  it('not defined by the target account: what it grants is unknown (indeterminate)', () => {
    const decide = load(CMP);
    expect(decide('ec2:RunInstances')).toBe('indeterminate');
  });

  it('defined by the target account with that name and path: that policy, decided', () => {
    const decide = load(`${CMP}
resource "aws_iam_policy" "extra" {
  provider = aws.member
  name     = "ops-extra"
  path     = "/teams/"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:DescribeInstances", Resource = "*" }]
  })
}`);
    expect(decide('ec2:DescribeInstances')).toBe('allow');
    expect(decide('ec2:RunInstances')).toBe('deny');
  });

  it('defined only with another path: not that policy, still unknown', () => {
    const decide = load(`${CMP}
resource "aws_iam_policy" "extra" {
  provider = aws.member
  name     = "ops-extra"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:DescribeInstances", Resource = "*" }]
  })
}`);
    expect(decide('ec2:RunInstances')).toBe('indeterminate');
  });

  it('a customer managed boundary the target account does not define caps AdministratorAccess at indeterminate', () => {
    const decide = load(`
resource "aws_ssoadmin_managed_policy_attachment" "admin" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  permission_set_arn = aws_ssoadmin_permission_set.ps.arn
}
resource "aws_ssoadmin_permissions_boundary_attachment" "b" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.ps.arn
  permissions_boundary {
    customer_managed_policy_reference {
      name = "ops-boundary"
    }
  }
}`);
    expect(decide('iam:CreateUser')).toBe('indeterminate');
  });
});
