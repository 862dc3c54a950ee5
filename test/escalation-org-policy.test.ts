// Changing the SCPs/RCPs that govern one's own account through the organization's delegation
// policy is a privilege-escalation finding of the review and so of `diff --fail-on risk`: one rule
// (src/analysis/escalation-writes.ts `orgPolicyChanges`) with the spec's `noEscalation`
// (test/org-delegation.test.ts, unchanged). Before, the review had no such finding: a pull request
// adding a delegation policy that lets a member-account role detach the SCP binding it exited 0.
// The diff reviews every principal again when a delegation policy changes (diff/layout.ts
// `riskContextOf`): the role's own inputs do not change.
//
// Fixture: test/fixtures/terraform/org-delegation/plan.json (management account 111111111111,
// member 222222222222 under the root, a root SCP denying iam:CreateUser, a delegation letting
// 222222222222 update, attach and detach SCPs, role org-admin with organizations:*, role reader
// with organizations:Describe*); the base plans are derived from it here.
//
// Pages:
// - AWS Organizations User Guide, "Delegated administrator for AWS Organizations": "From the
//   organization's management account, you can delegate policy management for Organizations to
//   specified member accounts to perform policy actions that are by default available only to
//   the management account." https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
// - "Update a resource-based delegation policy": "you must grant roles and users in the delegated
//   administrator account the corresponding IAM permissions to the required actions."
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs-policy-delegate-update.html
// - "Service control policies (SCPs)": SCPs "affect all users and roles in attached accounts,
//   including the root user"; "SCPs do not affect users or roles in the management account".
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
// - AWS Organizations API Reference, DetachPolicy: "Detaches a policy from a target root,
//   organizational unit (OU), or account."

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { allow, policy, TestModel } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  delegate:
    'AWS Organizations User Guide, "Delegated administrator for AWS Organizations": the management account can "delegate policy management for Organizations to specified member accounts"',
  scp: 'AWS Organizations User Guide, "Service control policies (SCPs)": SCPs "affect all users and roles in attached accounts, including the root user"',
  management:
    'AWS Organizations User Guide, "Service control policies (SCPs)": "SCPs do not affect users or roles in the management account"',
};
const PLAN = 'test/fixtures/terraform/org-delegation/plan.json';
const MEMBER = '222222222222';
const ORG_ADMIN = `arn:aws:iam::${MEMBER}:role/org-admin`;
const READER = `arn:aws:iam::${MEMBER}:role/reader`;
const DETAIL = 'organization policy change';

interface PlanJson {
  resource_changes: { address: string; change: { after: Record<string, unknown> } }[];
}
const DELEGATE = 'aws_organizations_resource_policy.delegate';

/** The fixture plan without the delegation policy, or with only its describe/list statement. */
function variant(kind: 'none' | 'describe-only'): PlanJson {
  const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as PlanJson;
  if (kind === 'none') {
    plan.resource_changes = plan.resource_changes.filter((r) => r.address !== DELEGATE);
    return plan;
  }
  const r = plan.resource_changes.find((x) => x.address === DELEGATE)!;
  const content = JSON.parse(r.change.after.content as string) as { Statement: { Sid: string }[] };
  content.Statement = content.Statement.filter((s) => s.Sid === 'DelegatingNecessaryDescribeListActions');
  r.change.after.content = JSON.stringify(content);
  return plan;
}

const dir = tempDir('iamspec-org-escalation-');
function write(name: string, plan: PlanJson): string {
  return writeFileIn(dir, `${name}/plan.json`, JSON.stringify(plan, null, 2));
}
const NONE = write('none', variant('none'));
const DESCRIBE = write('describe', variant('describe-only'));

function review(file: string): RiskFinding[] {
  const b = new ModelBuilder();
  loadTerraformPlan(file, b, { region: 'us-east-1' });
  return reviewRisks(compileModel(b.build())).filter((f) => f.detail === DETAIL);
}

describe(`review: a member-account principal that may change the SCPs governing it (${PAGE.delegate})`, () => {
  it('org-admin (organizations:* on its side, policy management delegated): high, naming the changes and both statements', () => {
    const f = review(PLAN).find((x) => x.subject === ORG_ADMIN)!;
    expect(f, PAGE.delegate).toBeDefined();
    expect(f.kind).toBe('privilege-escalation');
    // High, as rewriting its own permissions is: detaching the SCP lifts it from the account (PAGE.scp).
    expect(f.severity, PAGE.scp).toBe('high');
    expect(f.message).toContain(
      `role org-admin can change the SCPs/RCPs that govern its own account ${MEMBER} through the organization's delegation policy ${DELEGATE}`,
    );
    // The resources as the delegation policy writes them, not the probe's policy id; no nested
    // parentheses.
    expect(f.message).toContain(
      'organizations:DetachPolicy on "arn:aws:organizations::111111111111:policy/o-abcdefghij/service_control_policy/*" to detach an SCP or RCP',
    );
    expect(f.message).toContain(
      'to attach another SCP, such as FullAWSAccess; what they then allow is not computed',
    );
    expect(f.message).not.toContain('iamspec-any');
    expect(f.message).not.toMatch(/\([^()]*\(/);
    // Its own Allow and the delegation's: the cross-account request needs both.
    expect(f.statements.map((s) => [s.stage, s.source?.address])).toEqual(
      expect.arrayContaining([
        ['identity', 'aws_iam_role.org-admin'],
        ['resource', DELEGATE],
      ]),
    );
  });

  it('reader (organizations:Describe* only): no finding; without a delegation, or one that delegates reads only: none for anyone', () => {
    expect(review(PLAN).some((f) => f.subject === READER)).toBe(false);
    expect(review(NONE)).toEqual([]);
    expect(review(DESCRIBE)).toEqual([]);
  });

  it('a principal of the management account: no finding, SCPs do not affect it (PAGE.management)', () => {
    // The delegation policy lives in the management account; its own admin is not governed.
    const t = new TestModel();
    const mgmt = '111122223333';
    t.scp(mgmt, policy({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }), 'r-ab12');
    t.role('admin', { inline: [policy(allow('organizations:*', '*'))] });
    t.resource('other', `arn:aws:organizations::${mgmt}:resourcepolicy/o-abcdefghij/rp-1`, {
      name: 'delegate',
      policy: policy(allow('organizations:*', '*', { Principal: { AWS: `arn:aws:iam::${mgmt}:root` } })),
    });
    const found = reviewRisks(t.engine()).filter((f) => f.detail === DETAIL);
    expect(found, PAGE.management).toEqual([]);
  });
});

const addedRisks = (base: string, next: string) => riskDiff(base, next, '--region', 'us-east-1');

describe(`diff --fail-on risk: a PR delegating SCP management to a member account (${PAGE.delegate})`, () => {
  it('adding the delegation that lets org-admin detach its SCP exits 1 with the finding; the reverse adds none', async () => {
    const r = await addedRisks(NONE, PLAN);
    expect(r.code, PAGE.delegate).toBe(1);
    expect(r.added.filter((f) => f.detail === DETAIL).map((f) => [f.subject, f.severity])).toContainEqual([
      ORG_ADMIN,
      'high',
    ]);
    // The reverse adds no risk finding and exits 0: removing the delegation policy (plain Allow
    // statements) removes access. The created account's OrganizationAccountAccessRole
    // (AdministratorAccess, Action "*", unchanged) grants no more outside the inputs, so it is no
    // access "not compared" (diff/outside-context.ts `elsewhereNarrowed`; test/diff-narrowed-elsewhere.test.ts).
    const back = await addedRisks(PLAN, NONE);
    expect(back.added).toEqual([]);
    expect(back.notCompared).toBeUndefined();
    expect(back.code).toBe(0);
  });

  it('a PR that changes only the delegation policy (org-admin unchanged) is reviewed again: exit 1', async () => {
    const r = await addedRisks(DESCRIBE, PLAN);
    expect(r.code).toBe(1);
    expect(r.added.filter((f) => f.detail === DETAIL).map((f) => f.subject)).toContain(ORG_ADMIN);
  });

  it('no change: exit 0', async () => {
    expect((await addedRisks(PLAN, PLAN)).code).toBe(0);
  });
});
