// Accounts whose ids the inputs do not give (src/model/stand-ins.ts `standInAccountId`,
// `isStandInAccount`): each gets a stand-in account of its own (000000000000 for an unstated
// deploying account, 000000000001... for a provider configuration assuming a role in an unknown
// account and for each member account a plan creates), so two of them are two model accounts: a
// request between them follows the cross-account rules, and the worlds where they are one account
// (src/engine/account-worlds.ts) make a decision that depends on it indeterminate. Two member
// accounts a plan creates are two accounts for sure (each its own OrganizationAccountAccessRole).
// Accounts that share one stand-in (past the last stand-in id: tf-stand-in-overflow.test.ts) are
// told apart as parts (src/engine/stand-in-parts.ts), and the matrix does not prune a cell of such
// a row; a provider configuration key the plan does not follow gets a stand-in of its own.
// Pages:
// - IAM User Guide, "Cross-account policy evaluation logic": "The principal's identity-based
//   policy must allow the requested access to the resource in the trusting service"
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - IAM User Guide, "Policy evaluation logic": within one account "If an action is allowed by an
//   identity-based policy, a resource-based policy, or both, then AWS allows the action."
// - AWS Organizations User Guide, "Accessing a member account that has a management account access
//   role": "When you create a member account using the AWS Organizations console, AWS
//   Organizations automatically creates an IAM role named OrganizationAccountAccessRole in the
//   account" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html):
//   one role in each account it creates.

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isStandInAccount, PLACEHOLDER_ACCOUNT, standInAccountId } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { warningsOfDecision } from '../src/spec/warnings.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { decide, verdict } from './helpers/engine-fixtures.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';

const DIR = 'test/fixtures/terraform/provider-accounts';
const S0 = PLACEHOLDER_ACCOUNT;
const S1 = standInAccountId(1);
const S2 = standInAccountId(2);
const CROSS =
  'IAM User Guide, Cross-account policy evaluation logic: "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service"';

function plan(name: string): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(`${DIR}/${name}.json`, b, {});
  return b.build();
}

/** The matrix of the model's engine, checked against deciding every action one by one (no cell pruned otherwise). */
function matrixAsDecided(engine: Engine): Record<string, string> {
  const m = buildMatrix(engine);
  const expected = nonDenyAnswers(decidedOneByOne(engine, m));
  expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(expected);
  return expected;
}

describe('the one predicate', () => {
  it('every stand-in account id is one, no other id is', () => {
    expect(S0).toBe('000000000000');
    expect(S1).toBe('000000000001');
    for (let n = 0; n < 10; n++) expect(isStandInAccount(standInAccountId(n))).toBe(true);
    for (const id of [
      '099999999990',
      '099999999991',
      '000000000010',
      '100000000000',
      '00000000000',
      '111122223333',
    ])
      expect(isStandInAccount(id)).toBe(false);
  });
});

describe('deploying account not stated, and a provider configuration in an unknown account', () => {
  const m = plan('plan-unknown-unstated');
  const engine = compileModel(m);
  const OPS = `arn:aws:iam::${S0}:user/ops`; // s3:GetObject on *, deploying account
  const APP = `arn:aws:iam::${S1}:role/app`; // s3:* on *, the account of aws.prod
  it('the two are two model accounts, each its own stand-in', () => {
    expect(m.accounts.map((a) => a.id).sort()).toEqual([S0, S1]);
    expect(m.roles.find((r) => r.name === 'app')!.arn).toBe(APP);
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::prod-data')!.account).toBe(S1);
  });
  it(`a user of the deploying account reading the other account's bucket (identity policy only): deny as two accounts (${CROSS}), allow were they one: indeterminate`, () => {
    const d = decide(engine, OPS, 's3:GetObject', 'arn:aws:s3:::prod-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const text = JSON.stringify(d.trace);
    expect(text).toContain('cross-account access needs the resource-based policy to allow the principal');
    expect(text).toContain(
      `were it ${S1} (another account whose id the inputs do not give: the two may be one account), the decision would be allow, not deny`,
    );
    expect(warningsOfDecision(m, d).map((w) => w.code)).toContain('tf/provider-other-account');
  });
  it('a user with no policy is denied on the other account whether the two are one or not', () => {
    expect(verdict(engine, `arn:aws:iam::${S0}:user/dev`, 's3:GetObject', 'arn:aws:s3:::prod-data/k')).toBe(
      'deny',
    );
  });
  it('inside one of the two accounts the decision stays', () => {
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::home-data/k')).toBe('allow');
    expect(verdict(engine, APP, 's3:GetObject', 'arn:aws:s3:::prod-data/k')).toBe('allow');
  });
  it('the warning names the account the instances are modelled in', () => {
    const f = m.findings.find((x) => x.code === 'tf/provider-other-account')!;
    expect(f.message).toContain(`modelled in an account whose id is unknown (${S1})`);
    expect(f.message).toContain(`The deploying account is not stated either (${S0})`);
    expect(f.message).toContain('pass --account');
  });
  it('eval --format json names the warning the verdict depends on; stderr lists it', async () => {
    const req = await tempJson('r.json', [
      { principal: OPS, action: 's3:GetObject', resource: 'arn:aws:s3:::prod-data/k' },
    ]);
    const r = await runCli([
      'eval',
      `${DIR}/plan-unknown-unstated.json`,
      '--requests',
      req,
      '--format',
      'json',
    ]);
    const out = JSON.parse(r.stdout) as { decision: string; dependsOn?: { code: string }[] }[];
    expect(out[0]!.decision).toBe('indeterminate');
    expect(out[0]!.dependsOn?.map((d) => d.code)).toContain('tf/provider-other-account');
    expect(r.stderr).toContain('tf/provider-other-account');
  });
  it('the matrix gives every cell as deciding each action one by one', () => {
    const answers = matrixAsDecided(engine);
    expect(answers[`${OPS} arn:aws:s3:::prod-data s3:GetObject`]).toBe('indeterminate');
    expect(answers[`${APP} arn:aws:s3:::home-data s3:GetObject`]).toBe('indeterminate');
  });
});

describe('two member accounts the plan creates', () => {
  const m = plan('org-two-new-accounts');
  const engine = compileModel(m);
  const APP = `arn:aws:iam::${S0}:role/app`; // workload account, s3:* on *
  it('each is a stand-in account of its own, a new account, with its own OrganizationAccountAccessRole', () => {
    const created = m.accounts.filter((a) => isStandInAccount(a.id));
    expect(created.map((a) => a.id).sort()).toEqual([S0, S1]);
    expect(created.every((a) => a.newAccount)).toBe(true);
    const roles = m.roles.filter((r) => r.name === 'OrganizationAccountAccessRole');
    expect(roles.map((r) => r.arn).sort()).toEqual([
      `arn:aws:iam::${S0}:role/OrganizationAccountAccessRole`,
      `arn:aws:iam::${S1}:role/OrganizationAccountAccessRole`,
    ]);
    expect(roles.map((r) => r.source.address).sort()).toEqual([
      'aws_organizations_account.sandbox',
      'aws_organizations_account.workload',
    ]);
    for (const f of m.findings.filter((x) => x.code === 'tf/org-new-account'))
      expect(f.message).not.toContain('with one OrganizationAccountAccessRole for both');
  });
  it(`a role of one reading a bucket of the other: denied, as two new accounts are two accounts (${CROSS})`, () => {
    const d = decide(engine, APP, 's3:GetObject', 'arn:aws:s3:::sandbox-data/k', { trace: true });
    expect(d.decision).toBe('deny');
    expect(JSON.stringify(d.trace)).toContain('cross-account access needs the resource-based policy');
  });
  it("each access role administers its own account only, and the management account's user may assume both", () => {
    const role = (s: string) => `arn:aws:iam::${s}:role/OrganizationAccountAccessRole`;
    expect(verdict(engine, APP, 's3:GetObject', 'arn:aws:s3:::workload-data/k')).toBe('allow');
    expect(verdict(engine, role(S0), 's3:GetObject', 'arn:aws:s3:::workload-data/k')).toBe('allow');
    expect(verdict(engine, role(S0), 's3:GetObject', 'arn:aws:s3:::sandbox-data/k')).toBe('deny');
    expect(verdict(engine, role(S1), 's3:GetObject', 'arn:aws:s3:::sandbox-data/k')).toBe('allow');
    expect(verdict(engine, role(S1), 's3:GetObject', 'arn:aws:s3:::workload-data/k')).toBe('deny');
    for (const s of [S0, S1])
      expect(verdict(engine, 'arn:aws:iam::111111111111:user/ops', 'sts:AssumeRole', role(s))).toBe('allow');
  });
  it('the matrix gives every cell as deciding each action one by one', () => {
    const answers = matrixAsDecided(engine);
    expect(answers[`${APP} arn:aws:s3:::workload-data s3:GetObject`]).toBe('allow');
    expect(answers[`${APP} arn:aws:s3:::sandbox-data s3:GetObject`]).toBeUndefined();
  });
});

describe('a policy value that holds a stand-in names the account it stands for (HCL, no account stated)', () => {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/hcl-two-unknown`, b, {});
  const m = b.build();
  const engine = compileModel(m);
  const HOME = 'arn:aws:s3:::home-data/k'; // its policy names data.aws_caller_identity.prod's root
  it("the prod provider's caller identity is the prod account's stand-in, not the deploying account's", () => {
    const policy = JSON.stringify(m.resources.find((r) => r.arn === 'arn:aws:s3:::home-data')!.policy);
    expect(policy).toContain(`arn:aws:iam::${S1}:root`);
    expect(policy).not.toContain(`arn:aws:iam::${S0}:root`);
  });
  it(`the prod role is allowed: the bucket policy names its account, whichever it is (${CROSS})`, () => {
    expect(verdict(engine, `arn:aws:iam::${S1}:role/app`, 's3:GetObject', HOME)).toBe('allow');
  });
  it('the audit role is indeterminate: the audit account may be the prod account (or the deploying one)', () => {
    const d = decide(engine, `arn:aws:iam::${S2}:role/auditor`, 's3:GetObject', HOME, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(
      'another account whose id the inputs do not give: the two may be one account',
    );
    expect(
      warningsOfDecision(m, d)
        .map((w) => w.message)
        .join('\n'),
    ).toContain('provider configuration aws.audit');
  });
  it('the matrix gives every cell as deciding each action one by one', () => {
    const answers = matrixAsDecided(engine);
    expect(answers[`arn:aws:iam::${S1}:role/app arn:aws:s3:::home-data s3:GetObject`]).toBe('allow');
    expect(answers[`arn:aws:iam::${S2}:role/auditor arn:aws:s3:::home-data s3:GetObject`]).toBe(
      'indeterminate',
    );
  });
});

describe("a provider configuration key the plan does not follow: a stand-in account of its own, not the deploying account's", () => {
  const FILE = `${DIR}/plan-unfollowed-unstated.json`;
  const m = plan('plan-unfollowed-unstated');
  const engine = compileModel(m);
  const DEV = `arn:aws:iam::${S0}:user/dev`; // no policy at all
  const OPS = `arn:aws:iam::${S0}:user/ops`; // s3:GetObject on *
  it('the bucket of the unfollowed configuration is in its own stand-in account', () => {
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::legacy-data')!.account).toBe(S2);
    expect(m.accounts.find((a) => a.id === S2)!.standInParts!.map((p) => p.key)).toEqual(['module.old:aws']);
  });
  it('a user with no policy on that bucket is denied whether the two are one account or not', () => {
    expect(verdict(engine, DEV, 's3:GetObject', 'arn:aws:s3:::legacy-data/k')).toBe('deny');
  });
  it(`a user whose identity policy allows it: deny as two accounts (${CROSS}), allow were they one: indeterminate`, () => {
    const d = decide(engine, OPS, 's3:GetObject', 'arn:aws:s3:::legacy-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(
      `were it ${S2} (another account whose id the inputs do not give: the two may be one account)`,
    );
  });
  it('the matrix cell is indeterminate on every level, not pruned to deny', async () => {
    const answers = matrixAsDecided(engine);
    expect(answers[`${OPS} arn:aws:s3:::legacy-data s3:GetObject`]).toBe('indeterminate');
    expect(answers[`${DEV} arn:aws:s3:::legacy-data s3:GetObject`]).toBeUndefined();
    const r = await runCli(['matrix', FILE, '--format', 'json']);
    const out = JSON.parse(r.stdout) as {
      principals: { arn: string }[];
      resources: { arn: string }[];
      cells: { access: string }[][][];
    };
    const pi = out.principals.findIndex((p) => p.arn === OPS);
    const ri = out.resources.findIndex((x) => x.arn === 'arn:aws:s3:::legacy-data');
    expect(out.cells[pi]![ri]!.map((c) => c.access)).toContain('indeterminate');
    expect(r.stderr).toContain('tf/provider-other-account');
  });
  it('diff shows the user gaining indeterminate access on the bucket the unfollowed configuration adds', async () => {
    const r = await runCli(['diff', '--base', `${DIR}/plan-unknown-unstated.json`, FILE, '--format', 'json']);
    const d = JSON.parse(r.stdout) as {
      added: { principal: string; action: string; resource: string; before: string; after: string }[];
    };
    expect(d.added).toContainEqual(
      expect.objectContaining({
        principal: OPS,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::legacy-data/*',
        before: 'deny',
        after: 'indeterminate',
      }),
    );
  });
});

describe('inputs that write a stand-in account id of the family are read as another literal', () => {
  it('000000000001 in a plan is read as 099999999991, with the load/stand-in-spelled warning', async () => {
    const file = await tempJson('plan.json', {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_role.x',
              mode: 'managed',
              type: 'aws_iam_role',
              name: 'x',
              values: {
                name: 'x',
                arn: 'arn:aws:iam::111122223333:role/x',
                assume_role_policy: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 'sts:AssumeRole',
                      Principal: { AWS: `arn:aws:iam::${S1}:root` },
                    },
                  ],
                }),
              },
            },
          ],
        },
      },
    });
    const b = new ModelBuilder();
    loadTerraformPlan(file, b, {});
    const model = b.build();
    const trust = JSON.stringify(model.roles[0]!.trustPolicy);
    expect(trust).toContain('arn:aws:iam::099999999991:root');
    expect(trust).not.toContain(S1);
    expect(model.findings.map((f) => f.code)).toContain('load/stand-in-spelled');
    expect(model.accounts.some((a) => isStandInAccount(a.id))).toBe(false);
  });
});
