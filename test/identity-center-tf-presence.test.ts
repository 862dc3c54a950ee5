// Terraform IAM Identity Center resources that might not exist (`count = var.x ? 1 : 0` with an
// unknown `var.x`, `for_each` over a collection the inputs leave unknown) create what they create
// only if they exist: the role of an aws_ssoadmin_account_assignment, a permission set, and what
// the attachment resources add to it are maybe-present, as CloudFormation carries a resource's
// Condition (AWS::SSO::Assignment / AWS::SSO::PermissionSet). A follow-up (hmisc17) found them
// modelled as surely present: who-can listed the role as `allow` although it may never exist.
//
// - "The count meta-argument accepts a whole number, and creates that many instances of the
//   resource or module." (Terraform language documentation, "The count meta-argument",
//   https://developer.hashicorp.com/terraform/language/meta-arguments/count)
// - "When you assign a permission set, IAM Identity Center creates corresponding IAM Identity
//   Center-controlled IAM roles in each account, and attaches the policies specified in the
//   permission set to those roles." (IAM Identity Center User Guide, "IAM roles created by IAM
//   Identity Center")

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

function load(main: string) {
  const dir = writeTempFiles({
    'main.tf': `provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
variable "enabled" { type = bool }
variable "groups" { type = set(string) }
resource "aws_s3_bucket" "b" { bucket = "data" }
${main}`,
  });
  const m = loadModelSync([dir]);
  const roles = m.roles.filter((r) => r.name.startsWith('AWSReservedSSO_'));
  const access = (action: string, resource: string) => {
    const r = whoCan(compileModel(m), action, resource);
    return roles.map((role) => r.entries.find((e) => e.principal === role.arn)?.access ?? 'deny');
  };
  return { m, roles, access };
}

const SET = (meta = '') => `
resource "aws_ssoadmin_permission_set" "admin" {
  ${meta}
  name         = "Admins"
  instance_arn = "arn:aws:sso:::instance/ssoins-1"
}`;
const SET_ARN = (counted: boolean) =>
  counted ? 'aws_ssoadmin_permission_set.admin[0].arn' : 'aws_ssoadmin_permission_set.admin.arn';

const ATTACH = (policy: string, meta = '', counted = false) => `
resource "aws_ssoadmin_managed_policy_attachment" "admin" {
  ${meta}
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/${policy}"
  permission_set_arn = ${SET_ARN(counted)}
}`;

const ASSIGN = (meta = '', principal = '"g-1"', counted = false) => `
resource "aws_ssoadmin_account_assignment" "a" {
  ${meta}
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = ${SET_ARN(counted)}
  principal_id       = ${principal}
  principal_type     = "GROUP"
  target_id          = "${ACCOUNT}"
  target_type        = "AWS_ACCOUNT"
}`;

describe('Terraform IAM Identity Center resources that might not exist', () => {
  it('an assignment with count = var.enabled ? 1 : 0: its role is maybe-present, access indeterminate', () => {
    const { roles, access } = load(
      `${SET()}${ATTACH('AdministratorAccess')}${ASSIGN('count = var.enabled ? 1 : 0')}`,
    );
    expect(roles).toHaveLength(1);
    // Old: no presence, and who-can said `allow` for a role that may never be created.
    expect(roles[0]!.presence?.reason).toContain('var.enabled');
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['indeterminate']);
  });

  it('an assignment with for_each over an unknown collection: maybe-present too', () => {
    const { roles, access } = load(
      `${SET()}${ATTACH('AdministratorAccess')}${ASSIGN('for_each = var.groups', 'each.value')}`,
    );
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.presence).toBeDefined();
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).not.toContain('allow');
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toContain('indeterminate');
  });

  it('a permission set with count: the role of its (certain) assignment is maybe-present', () => {
    const { roles, access } = load(
      `${SET('count = var.enabled ? 1 : 0')}${ATTACH('AdministratorAccess', '', true)}${ASSIGN('', '"g-1"', true)}`,
    );
    expect(roles).toHaveLength(1);
    expect(roles[0]!.presence).toBeDefined();
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['indeterminate']);
  });

  it('a permission set and its assignments with for_each over an unknown collection: maybe-present', () => {
    const { roles } = load(`
resource "aws_ssoadmin_permission_set" "admin" {
  for_each     = var.groups
  name         = "Admins"
  instance_arn = "arn:aws:sso:::instance/ssoins-1"
}
resource "aws_ssoadmin_account_assignment" "a" {
  for_each           = aws_ssoadmin_permission_set.admin
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = each.value.arn
  principal_id       = "g-1"
  principal_type     = "GROUP"
  target_id          = "${ACCOUNT}"
  target_type        = "AWS_ACCOUNT"
}`);
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.presence).toBeDefined();
  });

  it('a managed policy attachment with count: its policy is maybe-attached (indeterminate, not allow)', () => {
    const { roles, access } = load(
      `${SET()}${ATTACH('AdministratorAccess', 'count = var.enabled ? 1 : 0')}${ASSIGN()}`,
    );
    expect(roles).toHaveLength(1);
    expect(roles[0]!.presence).toBeUndefined();
    expect(roles[0]!.managedPolicies.map((p) => p.presence !== undefined)).toEqual([true]);
    expect(access('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`)).toEqual(['indeterminate']);
  });

  it('an inline policy and a customer managed policy attachment with for_each over unknown: maybe-present', () => {
    const { roles } = load(`${SET()}${ASSIGN()}
resource "aws_ssoadmin_permission_set_inline_policy" "p" {
  for_each           = var.groups
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.admin.arn
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_ssoadmin_customer_managed_policy_attachment" "c" {
  count              = var.enabled ? 1 : 0
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.admin.arn
  customer_managed_policy_reference {
    name = "Ops"
  }
}`);
    expect(roles).toHaveLength(1);
    expect(roles[0]!.inlinePolicies.length).toBeGreaterThan(0);
    for (const p of roles[0]!.inlinePolicies) expect(p.presence).toBeDefined();
    expect(roles[0]!.managedPolicies.length).toBeGreaterThan(0);
    for (const p of roles[0]!.managedPolicies) expect(p.presence).toBeDefined();
  });

  it('a role created by a maybe-present and by a surely present assignment is surely present', () => {
    const second = ASSIGN().replace('"a"', '"b"').replace('"g-1"', '"g-2"');
    const { roles, access } = load(
      `${SET()}${ATTACH('AdministratorAccess')}${ASSIGN('count = var.enabled ? 1 : 0')}${second}`,
    );
    expect(roles).toHaveLength(1);
    expect(roles[0]!.presence).toBeUndefined();
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['allow']);
  });

  it('surely present resources stay surely present: allow', () => {
    const { roles, access } = load(`${SET()}${ATTACH('AdministratorAccess')}${ASSIGN()}`);
    expect(roles[0]!.presence).toBeUndefined();
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['allow']);
  });
});

// An attachment whose `permission_set_arn` the configuration does not pin (a variable with no
// value) may be of any permission set of the inputs. It was dropped with a warning only, so the
// role of the assigned set came out `deny` for what the attached policy may grant (a silent
// pass). It is now applied to each permission set of the inputs, maybe-present. "Attaches an IAM
// managed policy ARN to a Permission Set" (Terraform AWS provider,
// aws_ssoadmin_managed_policy_attachment: `permission_set_arn` "(Required, Forces new resource)
// The Amazon Resource Name (ARN) of the Permission Set").
describe('Terraform IAM Identity Center attachments to a permission set the inputs do not pin', () => {
  const UNPINNED = (resource: string, body: string) => `
variable "set_arn" { type = string }
resource "${resource}" "x" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = var.set_arn
  ${body}
}`;

  it('a managed policy attachment: the assigned role may have it (indeterminate, was deny)', () => {
    const { m, access } = load(
      `${SET()}${ASSIGN()}${UNPINNED('aws_ssoadmin_managed_policy_attachment', 'managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"')}`,
    );
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['indeterminate']);
    expect(
      m.findings.some((f) => f.code === 'tf/unresolved-reference' && /maybe-present/.test(f.message)),
    ).toBe(true);
  });

  it('an inline policy: the assigned role may have it (indeterminate, was deny)', () => {
    const { access } = load(
      `${SET()}${ASSIGN()}${UNPINNED(
        'aws_ssoadmin_permission_set_inline_policy',
        'inline_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })',
      )}`,
    );
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['indeterminate']);
    expect(access('s3:PutObject', 'arn:aws:s3:::data/x')).toEqual(['deny']);
  });

  it('a known permission set ARN outside the inputs stays a warning (the near miss: nothing added here)', () => {
    const { access } = load(
      `${SET()}${ASSIGN()}
resource "aws_ssoadmin_managed_policy_attachment" "x" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-elsewhere"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`,
    );
    expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['deny']);
  });
});

// An inline policy whose permission set the configuration does not pin, where the set has an
// inline policy of its own, was not added (warning only): the role of the set came out `deny`
// for what it may grant (a silent pass). Terraform AWS provider,
// aws_ssoadmin_permission_set_inline_policy: "AWS Single Sign-On (SSO) only supports one IAM
// inline policy per aws_ssoadmin_permission_set resource": the set's inline policy is either its
// own or the unpinned one, so both are kept, each maybe-present.
describe('Terraform IAM Identity Center: an unpinned inline policy beside the set’s own', () => {
  const OWN = `
resource "aws_ssoadmin_permission_set_inline_policy" "own" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.admin.arn
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }] })
}`;
  const UNPINNED = `
variable "set_arn" { type = string }
resource "aws_ssoadmin_permission_set_inline_policy" "other" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = var.set_arn
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}`;

  for (const [order, body] of [
    ['own first', `${SET()}${ASSIGN()}${OWN}${UNPINNED}`],
    ['unpinned first', `${SET()}${ASSIGN()}${UNPINNED}${OWN}`],
  ] as const)
    it(`both are kept, each maybe-present (${order}): indeterminate, was deny`, () => {
      const { roles, access } = load(body);
      expect(roles).toHaveLength(1);
      expect(roles[0]!.inlinePolicies).toHaveLength(2);
      for (const p of roles[0]!.inlinePolicies) expect(p.presence).toBeDefined();
      // Old: the unpinned policy was dropped when handled second: s3:GetObject came out deny.
      expect(access('s3:GetObject', 'arn:aws:s3:::data/x')).toEqual(['indeterminate']);
      // The set's own policy may have been replaced.
      expect(access('s3:ListBucket', 'arn:aws:s3:::data')).toEqual(['indeterminate']);
      expect(access('s3:PutObject', 'arn:aws:s3:::data/x')).toEqual(['deny']);
    });
});
