// Member accounts of an organization in a Terraform plan (aws_organizations_account, its
// `parent_id`) inherit the SCPs attached at the root and at every OU on the path from the root to
// them (aws_organizations_organizational_unit and its `parent_id`), each at its own level; one
// whose place in the tree is not known (an unknown `parent_id`, an OU whose parents are not in the
// inputs, an attachment target known only after apply) gets them maybe-present, with a
// `tf/org-parent-unknown` warning naming the account's address (src/aws/org-tree.ts,
// src/adapters/terraform/handlers/org-members.ts).
// Pages the rules come from:
// - AWS Organizations User Guide, "SCP evaluation": "For a permission to be allowed for a
//   specific account, there must be an explicit Allow statement at every level from the root
//   through each OU in the direct path to the account (including the target account itself)";
//   "If a Deny statement is present at any level ... the action is denied" for the accounts
//   under it. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// - AWS Organizations API Reference, ListParents: "In the current release, a child can have only
//   a single parent." https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html
// - Terraform AWS provider, aws_organizations_account: "parent_id - (Optional) Parent
//   Organizational Unit ID or Root ID for the account. Defaults to the Organization default Root
//   ID"; aws_organizations_organizational_unit: "parent_id - (Required) ID of the parent
//   organizational unit, which may be the root".
//   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_account

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { orgPolicyReaches, type OrgTreeNode } from '../src/aws/org-tree.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { verdict } from './helpers/engine-fixtures.js';

const PLAN = 'test/fixtures/terraform/org-members/plan.json';
const APP = '222233334444'; // under prod, under workloads, under the root
const SANDBOX = '555566667777'; // under the root
const MOVING = '888899990000'; // moving to an OU the plan creates under workloads
const LOST = '444433332222'; // moving to an OU known only after apply
const NAMES: Record<string, string> = {
  [APP]: 'app',
  [SANDBOX]: 'sandbox',
  [MOVING]: 'moving',
  [LOST]: 'lost',
};

const b = new ModelBuilder();
loadTerraformPlan(PLAN, b, { region: 'us-east-1' });
const model = b.build();
const engine = compileModel(model);
const worker = (account: string) => `arn:aws:iam::${account}:role/worker-${NAMES[account]}`;
const can = (account: string, action: string) =>
  verdict(engine, worker(account), action, action.startsWith('s3:') ? 'arn:aws:s3:::data/k' : '*');

describe('SCPs attached at the root and OUs reach the member accounts under them', () => {
  it('an account under prod under workloads: the SCPs of prod, workloads and the root deny', () => {
    expect(can(APP, 's3:DeleteObject')).toBe('deny');
    expect(can(APP, 'iam:CreateUser')).toBe('deny');
    expect(can(APP, 'organizations:LeaveOrganization')).toBe('deny');
  });

  it('an account directly under the root: only the root SCP', () => {
    expect(can(SANDBOX, 's3:DeleteObject')).toBe('allow');
    expect(can(SANDBOX, 'iam:CreateUser')).toBe('allow');
    expect(can(SANDBOX, 'organizations:LeaveOrganization')).toBe('deny');
  });

  it('an account moving to an OU the plan creates (id unknown), the plan read alone: under an unknown parent', () => {
    // its parent_id is known only after apply and the plan records only what the expression refers
    // to (plan/references.ts): the SCPs below the root it may be under are maybe-present
    expect(can(MOVING, 's3:DeleteObject')).toBe('indeterminate');
    expect(can(MOVING, 'iam:CreateUser')).not.toBe('allow');
  });

  it('each SCP is at the level it is attached at, next to the assumed FullAWSAccess', () => {
    const levels = model.organizations.find((o) => o.account === APP)!.scps.map((d) => [d.name, d.orgLevel]);
    expect(levels).toEqual([
      ['FullAWSAccess', expect.any(String)],
      ['deny-delete', 'ou-ab12-22222222'],
      ['deny-users', 'ou-ab12-11111111'],
      ['deny-leave', 'r-ab12'],
      ['deny-tagging', expect.any(Unknown)],
    ]);
  });
});

describe('a place in the tree the inputs do not pin down: maybe-present, indeterminate, warned', () => {
  const warnings = model.findings.filter((f) => f.code === 'tf/org-parent-unknown');

  it('an account whose parent_id is known only after apply: the OU SCPs may apply, the root one does', () => {
    expect(can(LOST, 's3:DeleteObject')).toBe('indeterminate');
    expect(can(LOST, 'iam:CreateUser')).toBe('indeterminate');
    expect(can(LOST, 'organizations:LeaveOrganization')).toBe('deny');
    const lost = warnings.filter(
      (f) => f.message.includes('aws_organizations_account.lost') && !f.message.startsWith('the target'),
    );
    expect(lost.map((f) => f.source?.address)).toEqual([
      'aws_organizations_account.lost',
      'aws_organizations_account.lost',
    ]);
    expect(lost[0]!.severity).toBe('warning');
  });

  it('an attachment whose target is known only after apply may be at any level: every member maybe', () => {
    for (const a of [APP, SANDBOX, MOVING, LOST]) expect(can(a, 's3:PutObjectTagging')).toBe('indeterminate');
    expect(
      warnings.filter((f) => f.source?.address === 'aws_organizations_policy_attachment.elsewhere'),
    ).toHaveLength(4);
  });
});

describe('orgPolicyReaches: the inheritance rule over a tree', () => {
  const tree = new Map<string, OrgTreeNode>([
    ['r-1', { root: true, parent: undefined }],
    ['ou-a', { root: false, parent: 'r-1' }],
    ['ou-b', { root: false, parent: 'ou-a' }],
    ['ou-loop1', { root: false, parent: 'ou-loop2' }],
    ['ou-loop2', { root: false, parent: 'ou-loop1' }],
  ]);
  const isRoot = (l: string) => l.startsWith('r-');

  it('ancestors reach, siblings and descendants do not; the root reaches every account', () => {
    expect(orgPolicyReaches('ou-a', 'ou-b', tree, isRoot)).toBe(true);
    expect(orgPolicyReaches('ou-b', 'ou-a', tree, isRoot)).toBe(false);
    expect(orgPolicyReaches('ou-b', undefined, tree, isRoot)).toBe(false);
    expect(orgPolicyReaches('r-1', new Unknown('parent unknown'), tree, isRoot)).toBe(true);
    expect(orgPolicyReaches('r-other', 'ou-b', tree, isRoot)).toBe(true);
  });

  it('an unknown parent, or an OU whose parents are not in the inputs, leaves it open', () => {
    const why = new Unknown('parent unknown');
    expect(orgPolicyReaches('ou-a', why, tree, isRoot)).toBe(why);
    const outside = orgPolicyReaches('ou-a', 'ou-elsewhere', tree, isRoot);
    expect(outside).toBeInstanceOf(Unknown);
    expect((outside as Unknown).reason).toContain('ou-elsewhere');
    // a cycle (not a valid tree) ends without reaching
    expect(orgPolicyReaches('ou-a', 'ou-loop1', tree, isRoot)).toBe(false);
  });
});
