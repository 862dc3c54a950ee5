// Every ARN and region the Terraform adapter builds for an instance follows the provider
// configuration the instance uses (issue 10), not the default configuration's region: AWS RAM
// shares, Lake Formation grants, IAM Identity Center assignment roles (their path names the
// Identity Center region), Lambda permissions on a function named by name, `data.aws_region`, in
// HCL and in plan JSON. A region the inputs do not pin down is the stand-in, with a
// tf/unknown-region warning; an aliased configuration's data.aws_region never says the default
// region.
//
// Pages relied on:
// - Terraform, "provider reference" (https://developer.hashicorp.com/terraform/language/meta-arguments/provider):
//   "The provider meta-argument specifies which provider configuration to use for a resource,
//   overriding Terraform's default behavior of selecting one based on the resource type name."
//   The same meta-argument is available in data blocks (Terraform, "Data Sources",
//   https://developer.hashicorp.com/terraform/language/data-sources#meta-arguments).
// - Terraform, "JSON Output Format" (https://developer.hashicorp.com/terraform/internals/json-format):
//   a configuration resource's `provider_config_key` names the entry of
//   `configuration.provider_config` it uses; data sources read during the plan are in
//   `prior_state`, deferred ones in `resource_changes` with the action `read`.
// - Terraform AWS provider, data source aws_region: "name - Name of the selected region"; by
//   default "the region of the current provider configuration".
// - IAM Identity Center roles: path `/aws-reserved/sso.amazonaws.com/<region>/` (IAM Identity
//   Center User Guide, "Referencing permission sets in resource policies").

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_REGION, UNKNOWN_REGION } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';

const DIR = 'test/fixtures/terraform/alias-regions';
const ACCOUNT = '111122223333';

function load(kind: 'config' | 'plan.json' | 'plan-home-unknown.json'): Model {
  const b = new ModelBuilder();
  if (kind === 'config') loadTerraformConfig(`${DIR}/config`, b, {});
  else loadTerraformPlan(`${DIR}/${kind}`, b, {});
  return b.build();
}

for (const kind of ['config', 'plan.json'] as const)
  describe(`${kind}: access carriers of provider aws.dr are in eu-west-1`, () => {
    const m = load(kind);
    const arns = m.resources.map((r) => r.arn);

    it('a Lake Formation grant (the Glue Data Catalog it governs)', () => {
      expect(arns).toContain(`arn:aws:glue:eu-west-1:${ACCOUNT}:catalog`);
      expect(m.resources.find((r) => r.arn === `arn:aws:glue:eu-west-1:${ACCOUNT}:catalog`)?.region).toBe(
        'eu-west-1',
      );
    });

    it('a Lake Formation grant of a configuration whose region is unknown: the stand-in region, warned', () => {
      expect(arns).toContain(`arn:aws:glue:${UNKNOWN_REGION}:${ACCOUNT}:catalog`);
      expect(arns.some((a) => a.startsWith('arn:aws:glue:us-east-1:'))).toBe(false);
      expect(
        m.findings.some(
          (f) =>
            f.code === 'tf/unknown-region' &&
            f.message.includes('aws_lakeformation_permissions.backup_describe'),
        ),
      ).toBe(true);
    });

    it('an AWS RAM resource association whose resource is unknown: the stand-in shared resource', () => {
      const shared = m.resources.find((r) => r.arn.includes(':ram:') && r.arn.includes('shared-resource/'));
      expect(shared?.arn.startsWith(`arn:aws:ram:eu-west-1:${ACCOUNT}:`)).toBe(true);
      expect(shared?.region).toBe('eu-west-1');
    });

    it('a Lambda permission on a function named by name: the function of that region', () => {
      expect(arns).toContain(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:remote-fn`);
    });

    it("an IAM Identity Center assignment: the role's path names the Identity Center region", () => {
      const path = 'arn:aws:iam::222233334444:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_';
      // a plan read alone does not link permission_set_arn (known only after apply) to the permission
      // set it refers to (plan/references.ts): the role's name is unknown, its path is not
      if (kind === 'plan.json') expect(m.roles.some((r) => r.arn?.startsWith(path))).toBe(true);
      else expect(m.roles.map((r) => r.arn)).toContain(`${path}Admins_(unknown-sso-suffix-Admins)`);
    });

    it('data.aws_region of a configuration whose region is unknown: warned', () => {
      expect(
        m.findings.some(
          (f) => f.code === 'tf/unknown-region' && f.message.includes('data.aws_region.backup'),
        ),
      ).toBe(true);
    });
  });

describe('data.aws_region follows its provider configuration', () => {
  it('HCL: data.aws_region.dr.name is eu-west-1, data.aws_region.backup.name the stand-in', () => {
    const m = load('config');
    const reader = m.roles.find((r) => r.name === 'reader')!;
    const resources = reader.inlinePolicies.flatMap((p) =>
      p.document.statements.flatMap((s) => s.resource?.values),
    );
    expect(resources).toEqual([
      `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`,
      `arn:aws:sqs:${UNKNOWN_REGION}:${ACCOUNT}:orders`,
    ]);
  });

  it("plan JSON: an aliased configuration's data.aws_region does not say the default region", () => {
    // The default configuration's region is a local the plan does not pin: the stand-in region,
    // not eu-west-1 read by data.aws_region.dr (of aws.dr).
    const m = load('plan-home-unknown.json');
    const home = m.accounts.find((a) => a.id === ACCOUNT)!;
    expect(home.region).toBe(PLACEHOLDER_REGION);
    expect(home.regionIsStandIn).toBe(true);
  });
});
