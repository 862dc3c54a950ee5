// The SCPs of an organization reach the accounts a Terraform input deploys into other than the
// account that attaches them: a member account the plan creates (aws_organizations_account, id
// known only after apply, modelled in a stand-in account of its own, 000000000000 or 000000000001…), an account reached
// through a provider configuration (assume_role in another account), the deploying account when
// the attachment is deployed elsewhere (src/adapters/terraform/handlers/org-members.ts
// `applyToOtherAccounts`, `standInDeployingReach`). They were applied only to the deploying
// account and to member accounts whose id is known, so a Deny at the root or at the new account's
// OU did not restrict the new account's principals (a silent allow).
// Pages the rules come from:
// - AWS Organizations User Guide, "Service control policies (SCPs)": "SCPs affect all users and
//   roles in attached accounts, including the root user."
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
// - AWS Organizations API Reference, AttachPolicy: "If you attach an SCP to a root, it affects all
//   accounts in the organization"; "If you attach an SCP to an OU, it affects all accounts in that
//   OU and in any child OUs"; "If you attach the policy directly to an account, it affects only
//   that account". https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
// - AWS Organizations User Guide, "SCP evaluation" (inheritance through the OUs): "any SCP from the
//   root through each OU in the direct path to the account" applies ("If a Deny statement is
//   present at any level ... the action is denied").
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// - Terraform AWS provider, aws_organizations_account: "parent_id - (Optional) Parent
//   Organizational Unit ID or Root ID for the account. Defaults to the Organization default Root ID".

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { verdict } from './helpers/engine-fixtures.js';

const DIR = 'test/fixtures/terraform/org-provider-accounts';
const NEW = '000000000000'; // the member account the plan creates, under OU workloads
// OU workloads exists (its id is in the plan): a plan read alone does not link a target_id or
// parent_id known only after apply to the OU its expression refers to (plan/references.ts)
const OU = 'ou-ab12-wrkloads';
const PROD = '222222222222'; // aws.prod; a member account of the plan, directly under the root
const AUDIT = '333333333333'; // aws.audit; not placed in the organization by the inputs
const APP = `arn:aws:iam::${NEW}:role/app`;
const PROD_WORKER = `arn:aws:iam::${PROD}:role/prod_worker`;
const AUDIT_WORKER = `arn:aws:iam::${AUDIT}:role/audit_worker`;
const OBJECT = 'arn:aws:s3:::data/k';
const PAGES =
  'AWS Organizations: "SCPs affect all users and roles in attached accounts, including the root user"; AttachPolicy: "If you attach an SCP to an OU, it affects all accounts in that OU and in any child OUs"';

function load(name: string): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(`${DIR}/${name}.json`, b, {});
  return b.build();
}
const parentUnknown = (m: Model) =>
  m.findings.filter((f) => f.code === 'tf/org-parent-unknown').map((f) => f.message);

describe('a member account the plan creates, under an existing OU', () => {
  const m = load('plan');
  const engine = compileModel(m);
  it(`a Deny SCP at its OU and one at the root restrict its principals (${PAGES})`, () => {
    expect(m.roles.find((r) => r.name === 'app')?.account).toBe(NEW);
    expect(verdict(engine, APP, 's3:DeleteObject', OBJECT), PAGES).toBe('deny');
    expect(verdict(engine, APP, 'organizations:LeaveOrganization', '*'), PAGES).toBe('deny');
    // what no SCP denies stays allowed
    expect(verdict(engine, APP, 's3:PutObject', OBJECT)).toBe('allow');
    // the role AWS Organizations creates there is restricted too
    expect(
      verdict(engine, `arn:aws:iam::${NEW}:role/OrganizationAccountAccessRole`, 's3:DeleteObject', OBJECT),
    ).toBe('deny');
  });
  it('each SCP is at the level it is attached at: the OU (by id), the root', () => {
    const levels = m.organizations.find((o) => o.account === NEW)!.scps.map((d) => [d.name, d.orgLevel]);
    expect(levels).toEqual([
      ['FullAWSAccess', expect.any(String)],
      ['deny-delete', OU],
      ['deny-leave', 'r-ab12'],
    ]);
  });
  it('a member account the inputs place directly under the root: the root SCP, not the OU one', () => {
    expect(verdict(engine, PROD_WORKER, 'organizations:LeaveOrganization', '*'), PAGES).toBe('deny');
    expect(m.organizations.find((o) => o.account === PROD)!.scps.map((d) => d.name)).not.toContain(
      'deny-delete',
    );
  });
  it('an account reached through a provider configuration that the inputs do not place in the organization: maybe-present, indeterminate, warned', () => {
    expect(verdict(engine, AUDIT_WORKER, 'organizations:LeaveOrganization', '*')).toBe('indeterminate');
    expect(verdict(engine, AUDIT_WORKER, 's3:DeleteObject', OBJECT)).toBe('indeterminate');
    expect(verdict(engine, AUDIT_WORKER, 's3:PutObject', OBJECT)).toBe('allow');
    const warned = parentUnknown(m).filter((x) => x.includes(`account ${AUDIT}`));
    expect(warned).toHaveLength(2);
    expect(warned[0]).toContain('the account provider configuration aws.audit deploys into');
    expect(warned[0]).toContain('no aws_organizations_account with its id');
  });
});

describe('a member account the plan creates whose parent is known only after apply', () => {
  const m = load('plan-parent-unknown');
  const engine = compileModel(m);
  it('the OU SCP is applied maybe-present (indeterminate, never none); the root SCP surely', () => {
    expect(verdict(engine, APP, 's3:DeleteObject', OBJECT)).toBe('indeterminate');
    expect(verdict(engine, APP, 'organizations:LeaveOrganization', '*'), PAGES).toBe('deny');
    expect(verdict(engine, APP, 's3:PutObject', OBJECT)).toBe('allow');
    const warned = parentUnknown(m).find((x) => x.includes('aws_organizations_account.workload creates'));
    expect(warned).toContain(`may be under ${OU}`);
    expect(warned).toContain(`applied to account ${NEW} maybe-present`);
  });
});

describe('an SCP attached to the member account the plan creates (target_id = its id), the plan read alone', () => {
  const m = load('plan-direct');
  const engine = compileModel(m);
  it('its target is unknown: never a plain allow, in that account or another one it may reach', () => {
    // target_id = aws_organizations_account.workload.id is known only after apply, and the plan
    // records only what its expression refers to (plan/references.ts); with the configuration
    // directory it is that account only ("If you attach the policy directly to an account, it
    // affects only that account")
    expect(verdict(engine, APP, 's3:DeleteObject', OBJECT)).toBe('indeterminate');
    expect(verdict(engine, PROD_WORKER, 's3:DeleteObject', OBJECT)).toBe('indeterminate');
    expect(m.findings.find((f) => f.code === 'tf/plan-value-unpinned')?.message).toContain(
      'aws_organizations_policy_attachment.workloads.target_id (refers to aws_organizations_account.workload.id)',
    );
  });
});

describe('the new member account and a provider configuration whose account is unknown are two stand-in accounts', () => {
  const m = load('plan-unknown-provider');
  const engine = compileModel(m);
  // each unknown account has a stand-in id of its own (model/stand-ins.ts `standInAccountFor`)
  const AUDIT_STAND_IN = `arn:aws:iam::000000000001:role/audit_worker`;
  it('an SCP reaches the new account surely and the unknown provider account maybe: deny there, indeterminate here', () => {
    expect(m.roles.find((r) => r.name === 'audit_worker')?.account).toBe('000000000001');
    expect(verdict(engine, APP, 's3:DeleteObject', OBJECT), PAGES).toBe('deny');
    expect(verdict(engine, AUDIT_STAND_IN, 's3:DeleteObject', OBJECT)).toBe('indeterminate');
    expect(
      parentUnknown(m).some((x) =>
        x.includes('the account of provider configuration aws.audit is not known'),
      ),
    ).toBe(true);
  });
});

describe('an unstated deploying account that manages the organization and the new member account are two stand-in accounts', () => {
  const m = load('plan-unstated');
  const CREATED = '000000000001'; // the deploying account, not stated, has 000000000000
  it('"SCPs don\'t affect users or roles in the management account", but they do the new account: applied to it for sure', () => {
    expect(m.roles.find((r) => r.name === 'app')?.account).toBe(CREATED);
    const scps = m.organizations.find((o) => o.account === CREATED)!.scps;
    expect(scps.find((d) => d.name === 'deny-leave')).toBeDefined();
    expect(scps.find((d) => d.name === 'deny-leave')?.presence).toBeUndefined();
    const engine = compileModel(m);
    expect(
      verdict(engine, `arn:aws:iam::${CREATED}:role/app`, 'organizations:LeaveOrganization', '*'),
      PAGES,
    ).toBe('deny');
    // the deploying account creates the organization: the management account, which SCPs do not affect
    expect(m.organizations.find((o) => o.account === NEW)?.scps.map((d) => d.name) ?? []).not.toContain(
      'deny-leave',
    );
  });
});
