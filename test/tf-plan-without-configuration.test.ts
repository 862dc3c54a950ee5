// A Terraform plan whose attributes are known only after apply, read with and without its
// `configuration` section (tools that trim a `terraform show -json` plan drop it): an
// Optional+Computed attribute the configuration does not set is planned unknown when the resource
// is created, and then holds only what other resources attach (nothing of its own); one the
// configuration sets to a value known only after apply is planned unknown too. Without the
// configuration the two cannot be told apart, so the attribute is kept as an unknown value that
// might exist (`tf/plan-without-configuration`, naming the address and the attribute), never
// dropped; where the plan itself tells (an attribute the provider never computes, an update, a
// configuration that leaves it unset) the reading stays precise
// (src/adapters/terraform/handlers/planned-unknown.ts).
// Pages the rules come from:
// - Terraform, "JSON Output Format", change representation: "after_unknown": "An object value
//   with similar structure to "after", but with all unknown leaf values replaced with "true", and
//   all known leaf values omitted"; the `configuration` section: "A representation of the
//   configuration being applied", whose "expressions" hold "the expressions used to set
//   arguments" (an argument not set has none).
//   https://developer.hashicorp.com/terraform/internals/json-format
// - Terraform AWS provider, aws_iam_role: "inline_policy - (Optional) Configuration block
//   defining an exclusive set of IAM inline policies associated with the IAM role ... If no
//   blocks are configured, Terraform will not manage any inline policies in this resource";
//   "managed_policy_arns - (Optional) Set of exclusive IAM managed policy ARNs to attach to the
//   IAM role. If this attribute is not configured, Terraform will ignore policy attachments to
//   this resource"; "permissions_boundary - (Optional) ARN of the policy that is used to set the
//   permissions boundary for the role". aws_s3_bucket: "policy", "acl" and "grant" are read back
//   from the bucket (deprecated arguments; the standalone aws_s3_bucket_policy / _acl resources
//   set them). https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role
// - Terraform, "Resource Behavior" / plan: an update keeps the prior value of an attribute the
//   configuration does not set and the provider computes ("Computed ... If Optional is also set,
//   the value may be configured or computed", Terraform Plugin SDK "Schema Behaviors").
//   https://developer.hashicorp.com/terraform/plugin/sdkv2/schemas/schema-behaviors

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { runCli } from './fixtures/cli/run.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/terraform/trimmed-plan';
const ACCOUNT = '111122223333';
const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
const OBJECT = 'arn:aws:s3:::trimmed-data/report.csv';

function load(file: string) {
  const b = new ModelBuilder();
  loadTerraformPlan(`${FX}/${file}`, b, { account: ACCOUNT, region: 'eu-west-1' });
  const model = b.build();
  return { model, engine: compileModel(model) };
}

describe('a plan with its configuration: computed attributes the configuration leaves unset', () => {
  const { model, engine } = load('plan.json');

  it('a created role holds only what other resources attach: no inline or managed policy of its own', () => {
    expect(verdict(engine, role('app'), 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(engine, role('app'), 's3:PutObject', OBJECT)).toBe('deny');
    expect(model.findings.filter((f) => f.code === 'tf/plan-without-configuration')).toEqual([]);
  });

  it('an updated role keeps the inline policy it has now (the plan before value), not nothing', () => {
    // inline_policy is planned unknown on this update; the configuration does not set it
    expect(verdict(engine, role('kept'), 's3:PutObject', OBJECT)).toBe('allow');
    expect(verdict(engine, role('kept'), 's3:DeleteObject', OBJECT)).toBe('deny');
  });

  it('a created bucket whose policy and acl the configuration does not set has none of its own', () => {
    expect(verdict(engine, '*', 's3:GetObject', OBJECT)).toBe('deny');
  });
});

describe('the same plan without its configuration section', () => {
  const { model, engine } = load('plan-trimmed.json');
  const warnings = model.findings.filter((f) => f.code === 'tf/plan-without-configuration');

  it("a created role's unknown inline_policy / managed_policy_arns may grant or deny: indeterminate", () => {
    expect(verdict(engine, role('app'), 's3:PutObject', OBJECT)).toBe('indeterminate');
    expect(verdict(engine, role('app'), 's3:GetObject', OBJECT)).toBe('indeterminate');
  });

  it('each such attribute is named with its Terraform address in a warning', () => {
    const named = warnings.map(
      (f) => `${f.source?.address} ${f.message.split(':')[1]?.trim().split(' ')[0]}`,
    );
    expect(named.sort()).toEqual(
      [
        'aws_iam_role.app inline_policy',
        'aws_iam_role.app managed_policy_arns',
        'aws_iam_role.bounded inline_policy',
        'aws_iam_role.bounded managed_policy_arns',
        'aws_s3_bucket.data acl',
        'aws_s3_bucket.data grant',
        'aws_s3_bucket.data policy',
      ].sort(),
    );
    expect(
      warnings.every((f) => f.severity === 'warning' && f.source?.file?.endsWith('plan-trimmed.json')),
    ).toBe(true);
  });

  it('permissions_boundary, which the provider never computes, is set: an unknown boundary, no warning', () => {
    expect(verdict(engine, role('bounded'), 's3:GetObject', OBJECT)).toBe('indeterminate');
    expect(model.roles.find((r) => r.name === 'bounded')!.permissionsBoundary).toBeDefined();
    expect(model.users.find((u) => u.name === 'dev')!.permissionsBoundary).toBeDefined();
    expect(warnings.some((f) => f.message.includes('permissions_boundary'))).toBe(false);
  });

  it('an update whose computed attribute is unknown: set by the configuration (unset would keep the prior value)', () => {
    expect(verdict(engine, role('kept'), 's3:DeleteObject', OBJECT)).toBe('indeterminate');
    expect(warnings.some((f) => f.source?.address === 'aws_iam_role.kept')).toBe(false);
  });

  it("a created bucket's unknown policy and acl may let anyone in: indeterminate", () => {
    expect(verdict(engine, '*', 's3:GetObject', OBJECT)).toBe('indeterminate');
  });
});

describe('the user sees the reason: stderr summary, JSON and SARIF of check', () => {
  const args = [
    'check',
    `${FX}/plan-trimmed.json`,
    '--account',
    ACCOUNT,
    '--region',
    'eu-west-1',
    '--spec',
    `${FX}/access.yaml`,
  ];

  it('the check is indeterminate and names the warning with the address', async () => {
    const text = await runCli(args);
    expect(text.stderr).toMatch(/7 tf\/plan-without-configuration/);
    expect(text.stderr).toContain('(aws_iam_role.app): warning: aws_iam_role.app: inline_policy');
    const json = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    expect(JSON.stringify(json)).toContain('tf/plan-without-configuration');
    const sarif = JSON.parse((await runCli([...args, '--format', 'sarif'])).stdout);
    expect(JSON.stringify(sarif.runs[0])).toContain('tf/plan-without-configuration');
    // with the configuration the same check passes: nothing of its own on the created role
    const configured = await runCli([...args.slice(0, 1), `${FX}/plan.json`, ...args.slice(2)]);
    expect(configured.code).toBe(0);
    expect(configured.stderr).not.toContain('tf/plan-without-configuration');
  });
});
