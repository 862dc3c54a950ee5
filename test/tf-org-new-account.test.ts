// A member account a Terraform plan creates (aws_organizations_account with its id known only
// after apply) and what the plan deploys into it through a provider configuration that assumes a
// role there (src/adapters/terraform/plan/provider-accounts.ts, handlers/org-members.ts). They
// were silent: the role was modelled in the deploying (management) account as if it were one of
// its own, and the account's OrganizationAccountAccessRole was not mentioned. Both are now
// warnings that could change a verdict (strict fails on them).
// Pages:
// - AWS Organizations API Reference, CreateAccount, RoleName: "The name of an IAM role that
//   Organizations automatically preconfigures in the new member account. This role trusts the
//   management account ... The role has administrator permissions in the new member account."
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
// - Terraform, "provider" meta-argument: "The provider meta-argument specifies which provider
//   configuration to use for a resource"; AWS provider, assume_role: "role_arn - (Optional) ARN of
//   the IAM Role to assume". https://developer.hashicorp.com/terraform/language/meta-arguments/provider

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import { ModelBuilder } from '../src/model/builder.js';

const b = new ModelBuilder();
loadTerraformPlan('test/fixtures/terraform/org-new-account/plan.json', b, {});
const model = b.build();
const of = (code: string) => model.findings.filter((f) => f.code === code);

describe('a member account the plan creates, and what it deploys there', () => {
  it('the role deployed through the provider that assumes a role in the new account is shown, at its address', () => {
    const f = of('tf/provider-other-account');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('aws_iam_role.app is deployed there');
    expect(f[0]!.message).toContain('the member account aws_organizations_account.workload creates');
    expect(f[0]!.message).not.toContain('aws_s3_bucket.logs');
    expect(f[0]!.source?.address).toBe('aws_iam_role.app');
    expect(couldChangeVerdict('tf/provider-other-account')).toBe(true);
  });

  it('the new account and the role AWS Organizations creates in it are named as not modelled', () => {
    const f = of('tf/org-new-account');
    expect(f.map((x) => x.source?.address)).toEqual(['aws_organizations_account.workload']);
    expect(f[0]!.message).toContain('OrganizationAccountAccessRole, trusting the management account');
    expect(couldChangeVerdict('tf/org-new-account')).toBe(true);
  });
});
