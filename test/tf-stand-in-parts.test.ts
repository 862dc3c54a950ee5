// Two accounts whose ids the inputs do not give are modelled as the one stand-in 000000000000
// (src/engine/stand-in-parts.ts): two member accounts a plan creates, or an unstated deploying
// account and a provider configuration assuming a role in an unknown account. A request between
// them was decided as within one account; it is now indeterminate, naming both accounts, while a
// request inside one of them stays decided.
// Pages:
// - IAM User Guide, "Cross-account policy evaluation logic": "The principal's identity-based
//   policy must allow the requested access to the resource in the trusting service"
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - IAM User Guide, "Policy evaluation logic": within one account "If an action is allowed by an
//   identity-based policy, a resource-based policy, or both, then AWS allows the action."

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { STAND_IN_PARTS_REASON } from '../src/engine/stand-in-parts.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { warningsOfDecision } from '../src/spec/warnings.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { decide, verdict } from './helpers/engine-fixtures.js';

const DIR = 'test/fixtures/terraform/provider-accounts';
const S = '000000000000';
const CROSS =
  'IAM User Guide, Cross-account policy evaluation logic: "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service"';

function plan(name: string): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(`${DIR}/${name}.json`, b, {});
  return b.build();
}

describe('deploying account not stated, and a provider configuration in an unknown account', () => {
  const m = plan('plan-unknown-unstated');
  const engine = compileModel(m);
  const OPS = `arn:aws:iam::${S}:user/ops`; // s3:GetObject on *, deploying account
  it(`a user of the deploying account reading the other account's bucket (identity policy only): indeterminate (${CROSS})`, () => {
    const d = decide(engine, OPS, 's3:GetObject', 'arn:aws:s3:::prod-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const text = JSON.stringify(d.trace);
    expect(text).toContain(STAND_IN_PARTS_REASON);
    expect(text).toContain('the principal is in the deploying account');
    expect(text).toContain('the resource in the account of provider configuration aws.prod');
    expect(warningsOfDecision(m, d).map((w) => w.code)).toContain('tf/provider-other-account');
  });
  it('inside one of the two accounts the decision stays', () => {
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::home-data/k')).toBe('allow');
    expect(verdict(engine, `arn:aws:iam::${S}:role/app`, 's3:GetObject', 'arn:aws:s3:::prod-data/k')).toBe(
      'allow',
    );
  });
  it('the warning no longer says the two are decided as one account', () => {
    const f = m.findings.find((x) => x.code === 'tf/provider-other-account')!;
    expect(f.message).not.toContain('decided as within one account');
    expect(f.message).toContain('as they may be two accounts; pass --account');
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
});

describe('two member accounts the plan creates', () => {
  const m = plan('org-two-new-accounts');
  const engine = compileModel(m);
  const APP = `arn:aws:iam::${S}:role/app`; // workload account, s3:* on *
  it(`a role of one reading a bucket of the other: indeterminate, both named (${CROSS})`, () => {
    const d = decide(engine, APP, 's3:GetObject', 'arn:aws:s3:::sandbox-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const text = JSON.stringify(d.trace);
    expect(text).toContain('the member account aws_organizations_account.workload creates');
    expect(text).toContain('the member account aws_organizations_account.sandbox creates');
    expect(warningsOfDecision(m, d).length).toBeGreaterThan(0);
  });
  it('inside one created account, and from the management account, decisions stay', () => {
    expect(verdict(engine, APP, 's3:GetObject', 'arn:aws:s3:::workload-data/k')).toBe('allow');
    const role = `arn:aws:iam::${S}:role/OrganizationAccountAccessRole`;
    expect(verdict(engine, 'arn:aws:iam::111111111111:user/ops', 'sts:AssumeRole', role)).toBe('allow');
  });
  it('the one access role stands for both accounts: a request between it and one of them is indeterminate', () => {
    const role = `arn:aws:iam::${S}:role/OrganizationAccountAccessRole`;
    expect(verdict(engine, role, 's3:GetObject', 'arn:aws:s3:::workload-data/k')).toBe('indeterminate');
    const f = m.findings.filter((x) => x.code === 'tf/org-new-account');
    expect(f[1]!.message).toContain('a decision between the two accounts, or on that role, is indeterminate');
  });
});
