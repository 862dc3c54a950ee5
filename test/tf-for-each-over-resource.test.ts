// `for_each = aws_ssoadmin_permission_set.x` with `permission_set_arn = each.value.arn`: each
// instance is the permission set of its key (htfmisc18; src/adapters/terraform/config/
// linked-references.ts `eachValueTargets`). Before, `each.value` linked nothing: the attachment's
// permission set was unknown, a `tf/unresolved-reference` warning was all, and the policy was not
// attached to the role Identity Center creates (its access silently denied).
//
// Terraform language, "The for_each Meta-Argument": "each.key — The map key (or set member)
// corresponding to this instance. each.value — The map value corresponding to this instance." and
// "If a resource or module has for_each set, then references to it return a map of objects keyed
// by the for_each keys" (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each).
// IAM Identity Center User Guide, "IAM roles created by IAM Identity Center": "When you assign a
// permission set, IAM Identity Center creates corresponding IAM Identity Center-controlled IAM
// roles in each account, and attaches the policies specified in the permission set to those roles."

import { describe, expect, it } from 'vitest';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

const main = (attachmentForEach: string, setArn: string) => `provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
variable "names" { type = set(string) }
resource "aws_ssoadmin_permission_set" "x" {
  for_each     = toset(["admin", "read"])
  name         = each.key
  instance_arn = "arn:aws:sso:::instance/ssoins-1"
}
locals {
  policies = { admin = "AdministratorAccess", read = "ReadOnlyAccess" }
}
resource "aws_ssoadmin_managed_policy_attachment" "m" {
  for_each           = ${attachmentForEach}
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/\${local.policies[each.key]}"
  permission_set_arn = ${setArn}
}
resource "aws_ssoadmin_account_assignment" "read" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.x["read"].arn
  principal_id       = "g-1"
  principal_type     = "GROUP"
  target_id          = "${ACCOUNT}"
  target_type        = "AWS_ACCOUNT"
}
`;

function readRole(text: string) {
  const m = loadTerraformFiles({ 'main.tf': text });
  const role = m.roles.find((r) => r.name.startsWith('AWSReservedSSO_read'))!;
  const access = (action: string) =>
    whoCan(compileModel(m), action, '*').entries.find((e) => e.principal === role.arn)?.access ?? 'deny';
  return { m, role, access };
}

describe('for_each over a resource with for_each: each.value.ATTR is the instance of each.key', () => {
  it('the read permission set gets ReadOnlyAccess only (before: nothing attached, only a tf/unresolved-reference warning)', () => {
    const { m, role, access } = readRole(main('aws_ssoadmin_permission_set.x', 'each.value.arn'));
    expect(role.managedPolicies.map((p) => p.policyArn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(m.findings.filter((f) => f.code === 'tf/unresolved-reference')).toEqual([]);
    expect(access('iam:CreateUser')).toBe('deny');
  });

  it('the same as indexing the resource by each.key', () => {
    const { role } = readRole(
      main('aws_ssoadmin_permission_set.x', 'aws_ssoadmin_permission_set.x[each.key].arn'),
    );
    expect(role.managedPolicies.map((p) => p.policyArn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('a for_each that is not a resource with for_each stays unlinked, with the warning', () => {
    const { m } = readRole(main('{ for k, v in aws_ssoadmin_permission_set.x : k => v }', 'each.value.arn'));
    expect(m.findings.some((f) => f.code === 'tf/unresolved-reference')).toBe(true);
  });
});
