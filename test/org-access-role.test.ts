// The role AWS Organizations creates in a member account it creates (src/aws/org-access-role.ts,
// src/adapters/terraform/handlers/org-members.ts `handleOrgAccessRole`): a member account of the
// inputs (aws_organizations_account with a known id) may have OrganizationAccountAccessRole,
// trusting the management account, with administrator permissions. It was not modelled: who can
// act in the member account left out the management account's path through it.
// AWS Organizations API Reference, CreateAccount, RoleName: "The name of an IAM role that
// Organizations automatically preconfigures in the new member account. This role trusts the
// management account, allowing users in the management account to assume the role, as permitted
// by the management account administrator. The role has administrator permissions in the new
// member account. If you do not specify this parameter, the role name defaults to
// OrganizationAccountAccessRole."
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { verdict } from './helpers/engine-fixtures.js';

const PAGE =
  'AWS Organizations API Reference, CreateAccount: the role "trusts the management account" and "has administrator permissions in the new member account"';
const SANDBOX = '555566667777'; // a member account of the org-members plan, under the root
const MANAGEMENT = '111122223333'; // its organization's master_account_id
const ROLE = `arn:aws:iam::${SANDBOX}:role/OrganizationAccountAccessRole`;

const b = new ModelBuilder();
loadTerraformPlan('test/fixtures/terraform/org-members/plan.json', b, { region: 'us-east-1' });
const model = b.build();
const engine = compileModel(model);

describe(`OrganizationAccountAccessRole in member accounts of the inputs (${PAGE})`, () => {
  it('is in the model, maybe-present, trusting the management account, with AdministratorAccess', () => {
    const role = model.roles.find((r) => r.arn === ROLE)!;
    expect(role.presence?.reason).toContain('only if it created the account');
    expect(JSON.stringify(role.trustPolicy?.statements[0]?.principal?.aws?.values)).toContain(
      `arn:aws:iam::${MANAGEMENT}:root`,
    );
    expect(role.managedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(
      model.findings.filter((f) => f.code === 'tf/org-access-role').map((f) => f.source?.address),
    ).toContain('aws_organizations_account.sandbox');
  });

  it('what it could do in its account is indeterminate (it may not exist), not nothing', () => {
    expect(verdict(engine, ROLE, 'iam:CreateUser', '*'), PAGE).toBe('indeterminate');
  });

  it('the management account itself gets none', () => {
    expect(
      model.roles.some((r) => r.account === MANAGEMENT && r.name === 'OrganizationAccountAccessRole'),
    ).toBe(false);
  });
});
