// The deploying account's place in the organization (issue: an OU-attached SCP was applied to the
// deploying account wherever the inputs put it). Fixture: a plan deployed from account
// 555566667777, which the same plan holds as a member account under the `sandbox` OU; an SCP
// denying iam:CreateUser is attached to the `prod` OU, one denying s3:DeleteObject to `sandbox`
// (src/adapters/terraform/handlers/org-members.ts `deployingAccountReach`).
// Pages the rules come from:
// - AWS Organizations User Guide, "SCP evaluation": "For a permission to be allowed for a
//   specific account, there must be an explicit Allow statement at every level from the root
//   through each OU in the direct path to the account (including the target account itself)";
//   a Deny reaches the accounts "in the direct path" below where it is attached.
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// - "Service control policies (SCPs)": "SCPs don't affect users or roles in the management
//   account. They affect only the member accounts in your organization."
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { verdict } from './helpers/engine-fixtures.js';

const PLAN = 'test/fixtures/terraform/org-placement/plan.json';
const DEPLOYER = '555566667777';
const WORKER = `arn:aws:iam::${DEPLOYER}:role/worker`;

const b = new ModelBuilder();
loadTerraformPlan(PLAN, b, { region: 'us-east-1', account: DEPLOYER });
const model = b.build();
const engine = compileModel(model);

describe('an OU-attached SCP reaches the deploying account only on the OU path the inputs give', () => {
  it('an SCP attached to an OU the account is not under does not apply to it', () => {
    expect(verdict(engine, WORKER, 'iam:CreateUser', '*')).toBe('allow');
    const f = model.findings.find((x) => x.code === 'tf/org-not-on-path');
    expect(f?.message).toContain('outside ou-ab12-22222222');
    expect(f?.source?.address).toBe('aws_organizations_policy_attachment.prod');
  });

  it('the SCP of the OU it is under applies (maybe-present: it may still be the management account)', () => {
    expect(verdict(engine, WORKER, 's3:DeleteObject', 'arn:aws:s3:::data/k')).toBe('indeterminate');
  });

  it('the OU SCP is not applied twice as a member and as the deploying account', () => {
    const scps = model.organizations.find((o) => o.account === DEPLOYER)!.scps.map((d) => d.name);
    expect(scps.filter((n) => n === 'deny-delete')).toHaveLength(1);
    expect(scps).not.toContain('deny-users');
  });
});

describe('the findings say which attachments reach the deploying account', () => {
  it('an OU elsewhere: tf/org-not-on-path, not tf/org-target-assumed', () => {
    const at = (code: string) => model.findings.filter((f) => f.code === code).map((f) => f.source?.address);
    expect(at('tf/org-not-on-path')).toEqual(['aws_organizations_policy_attachment.prod']);
    expect(at('tf/org-target-assumed')).toEqual(['aws_organizations_policy_attachment.sandbox']);
  });
});
