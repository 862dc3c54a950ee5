// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// An index whose key is an expression (`aws_iam_policy.p[local.k].arn`, `aws_iam_role.r[var.name].arn`,
// `module.m[local.k].role_arn`) selects the instance whose key is the expression's value
// (config/linked-references.ts evaluates it with the configuration's evaluator). Terraform,
// "References to Resource Attributes": "<RESOURCE TYPE>.<NAME>[<INDEX>]" for count, "[<KEY>]" for
// for_each; "The for_each meta-argument": "Instances are identified by a map key (or set member)
// from the value provided to for_each"; "Local Values": "A local value assigns a name to an
// expression, so you can use the name multiple times within a module instead of repeating the
// expression". A key the configuration does not pin (a root variable without a value) stays
// unknown: the value is not linked and `tf/value-unpinned` says why.

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan, readTerraformConfig } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT } from './fixtures/cfn/load.js';
import { terraformConfigModel, writeFileIn, writeTempFiles } from './helpers/temp-inputs.js';

const MEMBER = '222233334444';

/** Permission sets Admins (AdministratorAccess) and Readers (ReadOnlyAccess) created by `sets`; one assignment of `psArn`. */
function sso(
  psArn: string,
  extra = '',
  sets = 'for_each = toset(["Admins", "Readers"])\n  name = each.key',
): string {
  return `
provider "aws" {
  region = "eu-west-1"
}
data "aws_ssoadmin_instances" "this" {}
locals {
  instance_arn = tolist(data.aws_ssoadmin_instances.this.arns)[0]
}
resource "aws_ssoadmin_permission_set" "ps" {
  ${sets}
  instance_arn = local.instance_arn
}
resource "aws_ssoadmin_managed_policy_attachment" "admins" {
  instance_arn       = local.instance_arn
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  permission_set_arn = aws_ssoadmin_permission_set.ps[KEY_ADMINS].arn
}
resource "aws_ssoadmin_managed_policy_attachment" "readers" {
  instance_arn       = local.instance_arn
  managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  permission_set_arn = aws_ssoadmin_permission_set.ps[KEY_READERS].arn
}
resource "aws_ssoadmin_account_assignment" "a" {
  ASSIGNMENT_META
  instance_arn       = local.instance_arn
  permission_set_arn = ${psArn}
  principal_id       = "12345678-aaaa-bbbb-cccc-1234567890ab"
  principal_type     = "USER"
  target_id          = "${MEMBER}"
  target_type        = "AWS_ACCOUNT"
}
${extra}
`;
}

const dirWith = (files: Record<string, string>): string => writeTempFiles(files, 'iamspec-keys-');

const configModel = (files: Record<string, string>): Model =>
  terraformConfigModel(files, { account: ACCOUNT });

const main = (psArn: string, extra = '', meta = '') => ({
  'main.tf': sso(psArn, extra)
    .replace('ASSIGNMENT_META', meta)
    .replace('KEY_ADMINS', '"Admins"')
    .replace('KEY_READERS', '"Readers"'),
});

/** The roles the assignments provision in the member account: their permission set names and managed policies. */
const provisioned = (m: Model) =>
  m.roles
    .filter((r) => r.arn.startsWith(`arn:aws:iam::${MEMBER}:role/aws-reserved/`))
    .map((r) => ({
      name: r.name,
      policies: r.managedPolicies.map((p) => (typeof p.policyArn === 'string' ? p.policyArn : 'unknown')),
    }));
const readers = [
  {
    name: 'AWSReservedSSO_Readers_(unknown-sso-suffix-Readers)',
    policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  },
];
const unpinned = (m: Model) => m.findings.filter((f) => f.code === 'tf/value-unpinned').map((f) => f.message);

describe('an index by an expression with a known value links the instance of that key', () => {
  it('the literal index (the rule before this change)', () => {
    expect(provisioned(configModel(main('aws_ssoadmin_permission_set.ps["Readers"].arn')))).toEqual(readers);
  });

  it('a literal local: ps[local.k] is ps["Readers"] (was an unknown permission set)', () => {
    const m = configModel(
      main('aws_ssoadmin_permission_set.ps[local.k].arn', 'locals {\n  k = "Readers"\n}'),
    );
    expect(provisioned(m)).toEqual(readers);
    expect(unpinned(m)).toEqual([]);
  });

  it('a variable with a default', () => {
    const m = configModel(
      main('aws_ssoadmin_permission_set.ps[var.k].arn', 'variable "k" {\n  default = "Readers"\n}'),
    );
    expect(provisioned(m)).toEqual(readers);
  });

  it('a variable set by terraform.tfvars', () => {
    const m = configModel({
      ...main('aws_ssoadmin_permission_set.ps[var.k].arn', 'variable "k" {}'),
      'terraform.tfvars': 'k = "Readers"\n',
    });
    expect(provisioned(m)).toEqual(readers);
  });

  it('a for_each key of the assignment: each.key, and each.value naming the set', () => {
    for (const psArn of [
      'aws_ssoadmin_permission_set.ps[each.key].arn',
      'aws_ssoadmin_permission_set.ps[each.value].arn',
    ]) {
      const m = configModel(
        main(
          psArn,
          '',
          psArn.includes('each.key') ? 'for_each = { Readers = "x" }' : 'for_each = { r = "Readers" }',
        ),
      );
      expect(provisioned(m), psArn).toEqual(readers);
    }
  });

  it('a count index with arithmetic: ps[count.index + 1] is ps[1] (was an unknown permission set)', () => {
    const m = configModel({
      'main.tf': sso(
        'aws_ssoadmin_permission_set.ps[count.index + 1].arn',
        '',
        'count = 2\n  name  = ["Admins", "Readers"][count.index]',
      )
        .replace('ASSIGNMENT_META', 'count = 1')
        .replace('KEY_ADMINS', '0')
        .replace('KEY_READERS', '1'),
    });
    expect(provisioned(m)).toEqual(readers);
  });

  it('a module instance by a local: module.m[local.k].arn follows the output of that instance', () => {
    const child = `
variable "name" {}
variable "instance_arn" {}
resource "aws_ssoadmin_permission_set" "this" {
  name         = var.name
  instance_arn = var.instance_arn
}
resource "aws_ssoadmin_managed_policy_attachment" "this" {
  instance_arn       = var.instance_arn
  managed_policy_arn = var.name == "Admins" ? "arn:aws:iam::aws:policy/AdministratorAccess" : "arn:aws:iam::aws:policy/ReadOnlyAccess"
  permission_set_arn = aws_ssoadmin_permission_set.this.arn
}
output "arn" {
  value = aws_ssoadmin_permission_set.this.arn
}
`;
    const root = `
provider "aws" {
  region = "eu-west-1"
}
data "aws_ssoadmin_instances" "this" {}
locals {
  instance_arn = tolist(data.aws_ssoadmin_instances.this.arns)[0]
  k            = "Readers"
}
module "m" {
  source       = "./ps"
  for_each     = toset(["Admins", "Readers"])
  name         = each.key
  instance_arn = local.instance_arn
}
resource "aws_ssoadmin_account_assignment" "a" {
  instance_arn       = local.instance_arn
  permission_set_arn = module.m[local.k].arn
  principal_id       = "12345678-aaaa-bbbb-cccc-1234567890ab"
  principal_type     = "USER"
  target_id          = "${MEMBER}"
  target_type        = "AWS_ACCOUNT"
}
`;
    const m = configModel({ 'main.tf': root, 'ps/main.tf': child });
    expect(provisioned(m)).toEqual(readers);
    expect(unpinned(m)).toEqual([]);
  });

  it('an unknown key (a root variable without a value) stays unknown, with tf/value-unpinned saying why', () => {
    const m = configModel(main('aws_ssoadmin_permission_set.ps[var.k].arn', 'variable "k" {}'));
    expect(provisioned(m)).toHaveLength(1);
    expect(provisioned(m)[0]?.policies).toEqual(['unknown']);
    expect(unpinned(m)[0]).toContain(
      'aws_ssoadmin_account_assignment.a.permission_set_arn refers to aws_ssoadmin_permission_set.ps["Admins"], aws_ssoadmin_permission_set.ps["Readers"], but the key `var.k` of `aws_ssoadmin_permission_set.ps[var.k].arn` is not known',
    );
  });

  it('a plan read with its configuration directory links the same way', () => {
    const dir = dirWith(main('aws_ssoadmin_permission_set.ps[local.k].arn', 'locals {\n  k = "Readers"\n}'));
    const change = (type: string, name: string, after: object, unknown: object, index?: string) => ({
      address: `${type}.${name}${index === undefined ? '' : `["${index}"]`}`,
      mode: 'managed',
      type,
      name,
      ...(index === undefined ? {} : { index }),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: unknown },
    });
    const instance = 'arn:aws:sso:::instance/ssoins-1111111111111111';
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      variables: {},
      prior_state: {
        values: {
          root_module: {
            resources: [
              {
                address: 'data.aws_ssoadmin_instances.this',
                mode: 'data',
                type: 'aws_ssoadmin_instances',
                name: 'this',
                values: { arns: [instance], identity_store_ids: ['d-1111111111'] },
              },
            ],
          },
        },
      },
      resource_changes: [
        ...['Admins', 'Readers'].map((k) =>
          change(
            'aws_ssoadmin_permission_set',
            'ps',
            { name: k, instance_arn: instance },
            { arn: true, id: true },
            k,
          ),
        ),
        ...[
          ['admins', 'AdministratorAccess'],
          ['readers', 'ReadOnlyAccess'],
        ].map(([n, p]) =>
          change(
            'aws_ssoadmin_managed_policy_attachment',
            n!,
            { instance_arn: instance, managed_policy_arn: `arn:aws:iam::aws:policy/${p}` },
            { permission_set_arn: true, id: true },
          ),
        ),
        change(
          'aws_ssoadmin_account_assignment',
          'a',
          {
            instance_arn: instance,
            principal_id: '12345678-aaaa-bbbb-cccc-1234567890ab',
            principal_type: 'USER',
            target_id: MEMBER,
            target_type: 'AWS_ACCOUNT',
          },
          { permission_set_arn: true, id: true },
        ),
      ],
    };
    const file = writeFileIn(dir, 'plan.json', plan);
    const b = new ModelBuilder();
    loadTerraformPlan(file, b, { account: ACCOUNT }, readTerraformConfig(dir, {}));
    const m = b.build();
    expect(provisioned(m)).toEqual(readers);
  });
});
