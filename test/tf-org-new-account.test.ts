// A member account a Terraform plan creates (aws_organizations_account with its id known only
// after apply), the role AWS Organizations creates in it, and what the plan deploys into it
// through a provider configuration that assumes a role there (src/aws/org-access-role.ts,
// src/adapters/terraform/handlers/org-members.ts, plan/provider-accounts.ts). The account was
// only named as not modelled; its role is now modelled, present, in the account whose id is
// unknown (the stand-in 000000000000), with what the provider configuration deploys there, so
// who can reach administrator access in the new account includes the management account's
// principals allowed sts:AssumeRole.
// Pages:
// - AWS Organizations User Guide, "Creating OrganizationAccountAccessRole for an invited account"
//   (which points to "Accessing a member account that has OrganizationAccountAccessRole"): "By
//   default, if you create a member account as part of your organization, AWS automatically
//   creates a role in the account that grants administrator permissions to IAM users in the
//   management account who can assume the role. By default, that role is named
//   OrganizationAccountAccessRole." ... "member accounts that you invite to join your organization
//   do not automatically get an administrator role created."
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html
// - AWS Organizations API Reference, CreateAccount, RoleName: "This role trusts the management
//   account ... The role has administrator permissions in the new member account."
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { whoCan } from '../src/analysis/who-can.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import type { Model } from '../src/model/types.js';
import { verdict } from './helpers/engine-fixtures.js';

const PAGE =
  'AWS Organizations User Guide: "if you create a member account as part of your organization, AWS automatically creates a role in the account that grants administrator permissions to IAM users in the management account who can assume the role"';
const MANAGEMENT = '111111111111';
const NEW = '000000000000'; // the account whose id is unknown
const ROLE = `arn:aws:iam::${NEW}:role/OrganizationAccountAccessRole`;
const OPS = `arn:aws:iam::${MANAGEMENT}:user/ops`; // sts:AssumeRole on *
const DEV = `arn:aws:iam::${MANAGEMENT}:user/dev`; // no policy

function load(file: string): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(file, b, {});
  return b.build();
}
const of = (m: Model, code: string) => m.findings.filter((f) => f.code === code);

describe('a member account the plan creates, and what it deploys there', () => {
  const model = load('test/fixtures/terraform/org-new-account/plan.json');
  it('the role deployed through the provider that assumes a role in the new account is modelled there', () => {
    const f = of(model, 'tf/provider-other-account');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('aws_iam_role.app is deployed there');
    expect(f[0]!.message).toContain('the member account aws_organizations_account.workload creates');
    expect(f[0]!.message).not.toContain('aws_s3_bucket.logs');
    expect(f[0]!.source?.address).toBe('aws_iam_role.app');
    expect(couldChangeVerdict('tf/provider-other-account')).toBe(true);
    expect(model.roles.find((r) => r.name === 'app')?.account).toBe(NEW);
    expect(model.resources.find((r) => r.arn === 'arn:aws:s3:::mgmt-logs')?.account).toBe(MANAGEMENT);
  });

  it(`the new account's OrganizationAccountAccessRole is modelled, present (${PAGE})`, () => {
    const role = model.roles.find((r) => r.arn === ROLE)!;
    expect(role.presence).toBeUndefined();
    expect(JSON.stringify(role.trustPolicy?.statements[0]?.principal?.aws?.values)).toContain(
      `arn:aws:iam::${MANAGEMENT}:root`,
    );
    expect(role.managedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    const f = of(model, 'tf/org-new-account');
    expect(f.map((x) => x.source?.address)).toEqual(['aws_organizations_account.workload']);
    expect(f[0]!.message).toContain(`modelled as an account whose id is unknown (${NEW})`);
    expect(f[0]!.message).toContain('OrganizationAccountAccessRole');
    expect(couldChangeVerdict('tf/org-new-account')).toBe(true);
  });
});

describe('management-account principals reach administrator access in the new account', () => {
  const model = load('test/fixtures/terraform/provider-accounts/org-new-account.json');
  const engine = compileModel(model);
  it(`a user allowed sts:AssumeRole may assume the role; one without may not (${PAGE})`, () => {
    expect(verdict(engine, OPS, 'sts:AssumeRole', ROLE), PAGE).toBe('allow');
    expect(verdict(engine, DEV, 'sts:AssumeRole', ROLE), PAGE).toBe('deny');
  });
  it('who-can in the new account lists the management user through the role', () => {
    const r = whoCan(engine, 'iam:CreateUser', `arn:aws:iam::${NEW}:user/x`);
    const ops = r.entries.find((e) => e.principal === OPS);
    expect(ops?.access).toBe('allow');
    expect(ops?.path.map((p) => p.role)).toEqual([ROLE]);
    expect(r.entries.some((e) => e.principal === DEV)).toBe(false);
  });
  it('the review names the role administrator-equivalent', () => {
    const admin = reviewRisks(engine).filter((f) => /administrator-equivalent/.test(f.message));
    expect(admin.map((f) => f.message).join('\n')).toContain('role OrganizationAccountAccessRole');
  });
});

describe('a configuration read without a plan: the account may be an imported (invited) one', () => {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/terraform/provider-accounts/hcl-org', b, {});
  const model = b.build();
  it('the role (role_name) is maybe-present in the unknown account, with the provider resources', () => {
    const role = model.roles.find((r) => r.arn === `arn:aws:iam::${NEW}:role/Bootstrap`)!;
    expect(role.presence?.reason).toContain('only if it creates the account');
    expect(model.roles.find((r) => r.name === 'app')?.account).toBe(NEW);
    expect(of(model, 'tf/provider-other-account')[0]!.message).toContain(
      'the member account aws_organizations_account.workload creates',
    );
  });
});
