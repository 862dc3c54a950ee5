// A Terraform plan made with `-target` lists changes only for the targeted resources: the other
// managed resources of its prior state have no `resource_changes` entry, and stay as they are.
// They were dropped, so a user whose inline policy was outside the targets had no access and
// `onlyPrincipals: []` passed. Now every managed instance of the prior state without a change is
// kept (no-op), and a plan Terraform marks incomplete or errored says so (`tf/plan-incomplete`).
// Pages the rules come from:
// - Terraform, "JSON Output Format": "prior_state" is "a representation of the state before the
//   planned changes"; "resource_changes": "Description of the individual change actions that
//   Terraform plans to use to move from the prior state to a new state matching the configuration".
//   https://developer.hashicorp.com/terraform/internals/json-format
// - Terraform, "terraform: Plans can be "complete" and "applyable"" (hashicorp/terraform#34642,
//   the `complete` field of `terraform show -json`): an incomplete plan "will probably therefore
//   need at least one more plan/apply round to converge"; `errored` (hashicorp/terraform#33372)
//   "indicate[s] whether a plan succeeded".
// - Terraform, "Command: plan", -target: "Terraform will ... limit the planning operation to only
//   the given module, resource, or resource instance and all of its dependencies".
//   https://developer.hashicorp.com/terraform/cli/commands/plan

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { runCli } from './fixtures/cli/run.js';
import { verdict } from './helpers/engine-fixtures.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const PLAN = 'test/fixtures/terraform/target-plan/plan.json';
const DEV = 'arn:aws:iam::111122223333:user/dev';
const OBJECT = 'arn:aws:s3:::target-logs/app.log';

function load(value?: unknown) {
  const b = new ModelBuilder();
  if (value === undefined) loadTerraformPlan(PLAN, b, { account: '111122223333' });
  else loadPlanValue(value, PLAN, undefined, b, { account: '111122223333' });
  return b.build();
}

const planText = JSON.parse(readFileSync(PLAN, 'utf8')) as Record<string, unknown>;

describe('a -target plan: the prior state outside the targets stays', () => {
  const model = load();

  it('a user and its inline policy the plan has no change for keep their access', () => {
    expect(model.users.map((u) => u.name).sort()).toEqual(['dev', 'ops']);
    expect(verdict(compileModel(model), DEV, 's3:GetObject', OBJECT)).toBe('allow');
  });

  it('the plan says it is incomplete, at its line', () => {
    const f = model.findings.filter((x) => x.code === 'tf/plan-incomplete');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.message).toContain('"complete": false');
    expect(f[0]!.source?.line).toBeGreaterThan(0);
  });

  it('an errored plan says so too; a complete one says nothing', () => {
    const errored = load({ ...planText, complete: true, errored: true });
    expect(errored.findings.filter((x) => x.code === 'tf/plan-incomplete')[0]!.message).toContain(
      '"errored": true',
    );
    const complete = load({ ...planText, complete: true });
    expect(complete.findings.filter((x) => x.code === 'tf/plan-incomplete')).toEqual([]);
    // the prior state's untouched instances are read the same way in a complete plan
    expect(verdict(compileModel(complete), DEV, 's3:GetObject', OBJECT)).toBe('allow');
  });
});

describe('the plan-alone diff of a plan that names no Region', () => {
  it('compares its prior state with its planned state (the stand-in Region was passed on as an option and rejected)', async () => {
    const plan = structuredClone(planText) as { configuration: { provider_config?: unknown } };
    delete plan.configuration.provider_config;
    const file = writeTempFile('plan.json', plan, 'iamspec-target-');
    const r = await runCli(['diff', file, '--account', '111122223333', '--format', 'json']);
    expect(r.stderr).not.toContain('expects an AWS region code');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      added: { principal: string; resource: string }[];
      removed: unknown[];
    };
    // dev keeps s3:* (no removal) and gains the bucket the plan creates
    expect(out.removed).toEqual([]);
    expect(
      out.added.some((c) => c.principal === DEV && c.resource.startsWith('arn:aws:s3:::target-logs')),
    ).toBe(true);
  });
});
