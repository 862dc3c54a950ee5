// An IAM Identity Center assignment whose target account the inputs leave unknown (a variable
// without a value, a CloudFormation parameter without a default, each account of an OU through
// `for_each` over a data source): the role it creates may be in any account, so it is modelled
// in a stand-in account of its own (src/adapters/identity-center.ts `unknownTargetAccount`), not
// in the deploying account. A red-team pass (hidc17) found who-can on a bucket of a member
// account listing nobody, while the AdministratorAccess role the assignment creates may be in
// that member account.
//
// - AWS::SSO::Assignment, "TargetId: TargetID is an AWS account identifier, (For example,
//   123456789012)." (CloudFormation Template Reference, AWS::SSO::Assignment)
// - aws_ssoadmin_account_assignment, "target_id - (Required, Forces new resource) An AWS account
//   identifier, typically a 10-12 digit string." (Terraform AWS provider documentation)
// - "When you assign a permission set, IAM Identity Center creates corresponding IAM Identity
//   Center-controlled IAM roles in each account, and attaches the policies specified in the
//   permission set to those roles." (IAM Identity Center User Guide, "IAM roles created by IAM
//   Identity Center")
//
// Also two permission sets whose names are unknown, assigned to one account: two roles
// (`AWSReservedSSO_permission-set-name_unique-suffix`, IAM Identity Center User Guide,
// "Referencing permission sets in resource policies"). A red-team pass found them read as one
// role with the first permission set's policies: who-can iam:CreateUser listed nobody while the
// second permission set is AdministratorAccess.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { isStandInAccount } from '../src/model/stand-ins.js';
import { findingsOf } from './fixtures/cfn/load.js';
import {
  cfnPermissionSetAssignedTo,
  tfDeployingAndMemberProviders,
  tfGroupAssignment,
  tfPermissionSet,
} from './helpers/identity-center-fixtures.js';
import { writeTempFile, writeTempFiles } from './helpers/temp-inputs.js';

const MEMBER = '222233334444';

const tfDir = (main: string): string => writeTempFiles({ 'main.tf': main });

const PROVIDERS = `${tfDeployingAndMemberProviders(MEMBER)}resource "aws_s3_bucket" "b" {
  provider = aws.member
  bucket   = "member-data"
}
${tfPermissionSet('admin', 'Admins')}
resource "aws_ssoadmin_managed_policy_attachment" "admin" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  permission_set_arn = aws_ssoadmin_permission_set.admin.arn
}
`;

const ASSIGNMENT = (target: string, extra = '') => tfGroupAssignment('a', 'admin', target, extra);

function ssoRoles(dir: string) {
  const m = loadModelSync([dir]);
  const roles = m.roles.filter((r) => r.name.startsWith('AWSReservedSSO_Admins_'));
  return { m, roles };
}

describe('Terraform: an assignment to an unknown account', () => {
  it('a variable without a value: the role is in an account whose id is unknown, and who-can on a member bucket is indeterminate', () => {
    const dir = tfDir(`${PROVIDERS}variable "target" { type = string }\n${ASSIGNMENT('var.target')}`);
    const { m, roles } = ssoRoles(dir);
    expect(roles).toHaveLength(1);
    const role = roles[0]!;
    // Old: modelled in the deploying account 111122223333 (maybe-present), so who-can on the
    // member account's bucket listed nobody: a silent pass.
    expect(isStandInAccount(role.account)).toBe(true);
    expect(role.presence).toBeUndefined();
    expect(m.accounts.find((a) => a.id === role.account)?.standsFor?.join(' ')).toContain(
      'the target account of an IAM Identity Center assignment',
    );
    const warn = findingsOf(m, 'sso/unknown-target-account');
    expect(warn).toHaveLength(1);
    expect(warn[0]!.message).toContain('input variable "target" has no value');
    const r = whoCan(compileModel(m), 's3:GetObject', 'arn:aws:s3:::member-data/x');
    const entry = r.entries.find((e) => e.principal === role.arn);
    expect(entry?.access).toBe('indeterminate');
  });

  it('each account of an OU through for_each over a data source: indeterminate too', () => {
    const dir = tfDir(`${PROVIDERS}
data "aws_organizations_organizational_unit_descendant_accounts" "ou" {
  parent_id = "ou-abcd-12345678"
}
${ASSIGNMENT('each.value', 'for_each = toset(data.aws_organizations_organizational_unit_descendant_accounts.ou.accounts[*].id)')}`);
    const { m, roles } = ssoRoles(dir);
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(isStandInAccount(role.account)).toBe(true);
    const r = whoCan(compileModel(m), 's3:GetObject', 'arn:aws:s3:::member-data/x');
    const access = r.entries.filter((e) => roles.some((x) => x.arn === e.principal)).map((e) => e.access);
    expect(access).toContain('indeterminate');
    expect(access).not.toContain('allow');
  });

  it('a known target stays in that account, present: allow (no stand-in)', () => {
    const dir = tfDir(`${PROVIDERS}${ASSIGNMENT(`"${MEMBER}"`)}`);
    const { m, roles } = ssoRoles(dir);
    expect(roles.map((r) => r.account)).toEqual([MEMBER]);
    expect(findingsOf(m, 'sso/unknown-target-account')).toHaveLength(0);
    const r = whoCan(compileModel(m), 's3:GetObject', 'arn:aws:s3:::member-data/x');
    expect(r.entries.find((e) => e.principal === roles[0]!.arn)?.access).toBe('allow');
  });

  it('a number is the account Terraform converts it to (stringOrUnknown)', () => {
    const dir = tfDir(`${PROVIDERS}${ASSIGNMENT(MEMBER)}`);
    expect(ssoRoles(dir).roles.map((r) => r.account)).toEqual([MEMBER]);
  });
});

describe('CloudFormation: TargetId from a parameter without a default', () => {
  it('the role is in an account whose id is unknown, surely created', () => {
    const file = writeTempFile('template.json', {
      Parameters: { Target: { Type: 'String' } },
      Resources: cfnPermissionSetAssignedTo({ Ref: 'Target' }),
    });
    const { m, roles } = ssoRoles(file);
    expect(roles).toHaveLength(1);
    expect(isStandInAccount(roles[0]!.account)).toBe(true);
    expect(roles[0]!.presence).toBeUndefined();
    expect(findingsOf(m, 'sso/unknown-target-account')).toHaveLength(1);
  });
});

describe('two permission sets with unknown names assigned to one account', () => {
  it('are two roles, each with its own policies: the AdministratorAccess one can create users', () => {
    const set = (id: string, policy: string) => `
variable "${id}_name" { type = string }
resource "aws_ssoadmin_permission_set" "${id}" {
  name         = var.${id}_name
  instance_arn = "arn:aws:sso:::instance/ssoins-1"
}
resource "aws_ssoadmin_managed_policy_attachment" "${id}" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/${policy}"
  permission_set_arn = aws_ssoadmin_permission_set.${id}.arn
}
resource "aws_ssoadmin_account_assignment" "${id}" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.${id}.arn
  principal_id       = "g-${id}"
  principal_type     = "GROUP"
  target_id          = "111122223333"
  target_type        = "AWS_ACCOUNT"
}`;
    const dir = tfDir(`
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
${set('ro', 'ReadOnlyAccess')}
${set('admin', 'AdministratorAccess')}`);
    const m = loadModelSync([dir]);
    const roles = m.roles.filter((r) => r.name.startsWith('AWSReservedSSO_'));
    expect(roles.map((r) => r.managedPolicies.map((p) => p.policyArn)).sort()).toEqual([
      ['arn:aws:iam::aws:policy/AdministratorAccess'],
      ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ]);
    const r = whoCan(compileModel(m), 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x');
    const admin = roles.find((x) =>
      x.managedPolicies.some((p) => p.policyArn.toString().endsWith('AdministratorAccess')),
    )!;
    expect(r.entries.find((e) => e.principal === admin.arn)?.access).toBe('allow');
  });
});
