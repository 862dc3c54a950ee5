// A pull request that only removes Allow statements of a policy the inputs hold for resources
// outside them (an Organizations delegation policy, a policy governing ARN patterns) removes
// access: the diff takes the unchanged statements of other principals that grant access outside
// the inputs as unchanged (diff/outside-context.ts `elsewhereNarrowed`), instead of "not compared"
// (which made `diff --fail-on risk` exit 1 on the reverse of a delegation: horgesc11's follow-up).
// Removing a Deny, or adding an Allow, still leaves them not compared (their access may be new).
//
// IAM User Guide, "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// "By default, all requests are implicitly denied" and "An explicit deny in any of these policies
// overrides the allow": an Allow only grants, a Deny only takes away.
//
// Fixture: test/fixtures/terraform/org-delegation/plan.json (management account 111111111111,
// member 222222222222 with the OrganizationAccountAccessRole (AdministratorAccess) Organizations
// creates, a delegation policy `aws_organizations_resource_policy.delegate`).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elsewhereNarrowed } from '../src/analysis/diff/outside-context.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT_A, allow, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE =
  'IAM User Guide, "Policy evaluation logic": "By default, all requests are implicitly denied"; "An explicit deny in any of these policies overrides the allow"';
const PLAN = 'test/fixtures/terraform/org-delegation/plan.json';
const DELEGATE = 'aws_organizations_resource_policy.delegate';
const ACCESS_ROLE = 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole';

interface PlanJson {
  resource_changes: { address: string; change: { after: Record<string, unknown> } }[];
}
type Statement = { Sid?: string; Effect: string } & Record<string, unknown>;

/** The fixture plan with the delegation policy's statements changed by `edit` (removed when null). */
function variant(edit: ((s: Statement[]) => Statement[]) | null): PlanJson {
  const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as PlanJson;
  if (!edit) {
    plan.resource_changes = plan.resource_changes.filter((r) => r.address !== DELEGATE);
    return plan;
  }
  const r = plan.resource_changes.find((x) => x.address === DELEGATE)!;
  const content = JSON.parse(r.change.after.content as string) as { Statement: Statement[] };
  content.Statement = edit(content.Statement);
  r.change.after.content = JSON.stringify(content);
  return plan;
}

const dir = tempDir('iamspec-narrowed-');
function write(name: string, plan: PlanJson): string {
  return writeFileIn(dir, `${name}/plan.json`, JSON.stringify(plan, null, 2));
}
const DENY_STATEMENT: Statement = {
  Sid: 'NoDeletes',
  Effect: 'Deny',
  Principal: { AWS: 'arn:aws:iam::222222222222:root' },
  Action: 'organizations:DeletePolicy',
  Resource: '*',
};
const NONE = write('none', variant(null));
const DESCRIBE_ONLY = write(
  'describe',
  variant((s) => s.filter((x) => x.Sid === 'DelegatingNecessaryDescribeListActions')),
);
const WITH_DENY = write(
  'with-deny',
  variant((s) => [...s, DENY_STATEMENT]),
);

const diff = (base: string, next: string) => riskDiff(base, next, '--region', 'us-east-1');

describe(`diff: removing Allows of a policy for resources outside the inputs reports nothing new (${PAGE})`, () => {
  it('removing the delegation policy: exit 0 under --fail-on risk, the access role not "not compared"', async () => {
    const r = await diff(PLAN, NONE);
    expect(r.added).toEqual([]);
    expect(r.notCompared, PAGE).toBeUndefined();
    expect(r.code).toBe(0);
  });

  it('removing some Allow statements of the delegation policy: exit 0', async () => {
    const r = await diff(PLAN, DESCRIBE_ONLY);
    expect(r.notCompared, PAGE).toBeUndefined();
    expect(r.code).toBe(0);
  });

  it('adding the delegation (Allows) leaves the access role not compared: exit 1', async () => {
    const r = await diff(NONE, PLAN);
    expect(r.notCompared?.principals, PAGE).toContain(ACCESS_ROLE);
    expect(r.code).toBe(1);
  });

  it('removing a Deny of the delegation policy leaves the access role not compared: exit 1', async () => {
    const r = await diff(WITH_DENY, PLAN);
    expect(r.notCompared?.principals, PAGE).toContain(ACCESS_ROLE);
    expect(r.code).toBe(1);
  });

  it('removing the whole policy that holds a Deny leaves it not compared: exit 1', async () => {
    const r = await diff(WITH_DENY, NONE);
    expect(r.notCompared?.principals, PAGE).toContain(ACCESS_ROLE);
    expect(r.code).toBe(1);
  });
});

describe('elsewhereNarrowed: the policies for resources outside the model grant no more in `next`', () => {
  const GOVERNS = [`arn:aws:sqs:us-west-2:${ACCOUNT_A}:*`];
  const ARN = `arn:aws:sqs:us-west-2:${ACCOUNT_A}:governing`;
  const A1 = allow('sqs:SendMessage', '*', { Principal: { AWS: 'arn:aws:iam::444455556666:root' } });
  const A2 = allow('sqs:ReceiveMessage', '*', { Principal: { AWS: 'arn:aws:iam::444455556666:root' } });
  const D1 = deny('sqs:DeleteQueue', '*', { Principal: '*' });
  function model(
    statements: Record<string, unknown>[] | null,
    o: { account?: string; tags?: Record<string, string> } = {},
  ): Model {
    const t = new TestModel();
    if (statements) {
      // The queue's account is the one its ARN names (model/arn-owner.ts `ownerOfArn`).
      const arn = o.account ? ARN.replace(ACCOUNT_A, o.account) : ARN;
      t.resource('sqs-queue', arn, {
        policy: policy(...statements),
        ...(o.tags ? { tags: o.tags } : {}),
      });
      const m = t.model();
      const r = m.resources.find((x) => x.arn === arn)!;
      return { ...m, resources: m.resources.map((x) => (x === r ? { ...r, governs: GOVERNS } : x)) };
    }
    return t.model();
  }

  it('the same policies, fewer Allows, or the whole Allow-only policy gone: narrowed', () => {
    expect(elsewhereNarrowed(model([A1, A2]), model([A1, A2]))).toBe(true);
    expect(elsewhereNarrowed(model([A1, A2]), model([A1])), PAGE).toBe(true);
    expect(elsewhereNarrowed(model([A1, A2]), model(null)), PAGE).toBe(true);
    expect(elsewhereNarrowed(model([A1, D1]), model([D1])), PAGE).toBe(true);
  });

  it('an Allow added, a Deny removed, a policy with a Deny or tags gone, a new policy: not narrowed', () => {
    expect(elsewhereNarrowed(model([A1]), model([A1, A2])), PAGE).toBe(false);
    expect(elsewhereNarrowed(model([A1, D1]), model([A1])), PAGE).toBe(false);
    expect(elsewhereNarrowed(model([A1, D1]), model(null)), PAGE).toBe(false);
    expect(elsewhereNarrowed(model([A1], { tags: { team: 'x' } }), model(null))).toBe(false);
    expect(elsewhereNarrowed(model(null), model([A1]))).toBe(false);
  });

  it('a removed policy of an account outside the model: not narrowed (its resources then have an unknown policy)', () => {
    expect(elsewhereNarrowed(model([A1], { account: '999988887777' }), model(null))).toBe(false);
  });
});
