// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// A value known only after apply (the ARN of a policy created with `name_prefix`) is linked to the
// object its expression refers to only when the expression IS that object's attribute
// (src/adapters/terraform/config/linked-references.ts), in configuration mode and for a plan read
// with its configuration directory. Terraform, "References to Values": a reference such as
// `aws_iam_policy.b.arn` is an expression whose value is the attribute; a function call
// (`replace(aws_iam_policy.b.arn, "b", "c")`) or a template with literal parts
// (`"${aws_iam_policy.b.arn}-x"`) computes another value from it (an index expression is
// evaluated: `aws_iam_policy.p[count.index + 1]` is p[1]'s, test/tf-linked-reference-keys.test.ts). HCL native syntax specification, "Template Interpolation
// Unwrapping": "a template that consists only of a single interpolation, with no surrounding
// literals, directives or other interpolations, is "unwrapped". In this case, the result of the
// interpolation expression is returned verbatim, without conversion to string". Terraform "JSON
// Output Format", expression representation: "references" is "a list of references in the
// expression", so the plan's list alone cannot tell these apart; the configuration can.

import { describe, expect, it } from 'vitest';
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
} from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT } from './fixtures/cfn/load.js';
import { verdict } from './helpers/engine-fixtures.js';
import { tempDir, writeFileIn, writeTempFiles } from './helpers/temp-inputs.js';

const TRUST = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })`;
const allow = (action: string) =>
  `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })`;

/** A role `app` allowed s3:*, its boundary given by `boundary` (`b` and `p[0]` allow s3:GetObject, `p[1]` s3:*). */
function boundaryConfig(boundary: string, roleCount = ''): string {
  return `
resource "aws_iam_policy" "b" {
  name_prefix = "boundary-"
  policy      = ${allow('s3:GetObject')}
}
resource "aws_iam_policy" "p" {
  count       = 2
  name_prefix = "boundary-\${count.index}-"
  policy      = count.index == 0 ? ${allow('s3:GetObject')} : ${allow('s3:*')}
}
resource "aws_iam_role" "app" {
  ${roleCount}
  name                 = "app"
  assume_role_policy   = ${TRUST}
  permissions_boundary = ${boundary}
}
resource "aws_iam_role_policy" "app" {
  name   = "s3"
  role   = "app"
  policy = ${allow('s3:*')}
}
`;
}

const dirWith = (main: string): string => writeTempFiles({ 'main.tf': main }, 'iamspec-linked-');

function configModel(main: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(dirWith(main), b, { account: ACCOUNT });
  return b.build();
}

const role = `arn:aws:iam::${ACCOUNT}:role/app`;
const put = (m: Model) => verdict(compileModel(m), role, 's3:PutObject', 'arn:aws:s3:::data/k');
const unpinned = (m: Model) => m.findings.filter((f) => f.code === 'tf/value-unpinned').map((f) => f.message);

describe('configuration mode: an unknown value links only to what its expression IS', () => {
  it('a bare reference, a single interpolation, a literal index and count.index link (the boundary denies)', () => {
    for (const e of [
      'aws_iam_policy.b.arn',
      '"${aws_iam_policy.b.arn}"',
      '(aws_iam_policy.b.arn)',
      'aws_iam_policy.p[0].arn',
      'local.boundary',
    ]) {
      const m = configModel(`${boundaryConfig(e)}\nlocals {\n  boundary = aws_iam_policy.b.arn\n}\n`);
      expect(put(m), e).toBe('deny');
      expect(unpinned(m), e).toEqual([]);
    }
    const counted = configModel(boundaryConfig('aws_iam_policy.p[count.index].arn', 'count = 1'));
    expect(put(counted)).toBe('deny');
  });

  it('the reproduction: replace(), a template with literal parts, a local computing it: indeterminate (was deny)', () => {
    for (const e of [
      'replace(aws_iam_policy.b.arn, "b", "c")',
      '"${aws_iam_policy.b.arn}-x"',
      'local.boundary',
    ]) {
      const m = configModel(
        `${boundaryConfig(e)}\nlocals {\n  boundary = replace(aws_iam_policy.b.arn, "b", "c")\n}\n`,
      );
      expect(put(m), e).toBe('indeterminate');
      // (a template with literal parts keeps the unknown name part: "…(unknown-aws_iam_policy.b)-x")
      if (!e.startsWith('"'))
        expect(unpinned(m)[0], e).toContain(
          'aws_iam_role.app.permissions_boundary refers to aws_iam_policy.b',
        );
    }
  });

  it('an arithmetic index or element() over a splat is evaluated: the ARN names p[1] by its unknown name', () => {
    // the value is then a string naming p[1] (eval/computed.ts fillComputed), not an unknown to link
    for (const e of [
      'aws_iam_policy.p[count.index + 1].arn',
      'element(aws_iam_policy.p[*].arn, count.index + 1)',
    ]) {
      const m = configModel(boundaryConfig(e, 'count = 1'));
      expect(put(m), e).toBe('allow');
      expect(verdict(compileModel(m), role, 'sqs:SendMessage', '*'), e).toBe('deny');
    }
  });

  it('a managed policy attachment computed from the policy ARN attaches an unknown policy', () => {
    const main = `
resource "aws_iam_policy" "admin" {
  name_prefix = "admin-"
  policy      = ${allow('*')}
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${TRUST}
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.app.name
  policy_arn = POLICY
}
`;
    const linked = configModel(main.replace('POLICY', 'aws_iam_policy.admin.arn'));
    expect(verdict(compileModel(linked), role, 'iam:CreateUser', '*')).toBe('allow');
    const computed = configModel(
      main.replace('POLICY', 'replace(aws_iam_policy.admin.arn, "admin-", "ro-")'),
    );
    const attached = computed.roles.find((r) => r.name === 'app')!.managedPolicies;
    expect(attached.map((a) => a.policyArn)).not.toContain(linked.roles[0]!.managedPolicies[0]!.policyArn);
    expect(unpinned(computed)[0]).toContain('aws_iam_role_policy_attachment.a.policy_arn');
  });
});

describe('configuration mode: a list attribute (managed_policy_arns) links the elements it IS', () => {
  const main = (arns: string) => `
resource "aws_iam_policy" "admin" {
  name_prefix = "admin-"
  policy      = ${allow('*')}
}
resource "aws_iam_role" "app" {
  name                = "app"
  assume_role_policy  = ${TRUST}
  managed_policy_arns = ${arns}
}
`;
  const create = (m: Model) => verdict(compileModel(m), role, 'iam:CreateUser', '*');

  it('a tuple and concat() of references link (allow)', () => {
    for (const e of ['[aws_iam_policy.admin.arn]', 'concat([aws_iam_policy.admin.arn], [])'])
      expect(create(configModel(main(e))), e).toBe('allow');
  });

  it('an element computed from the ARN does not: indeterminate, with tf/value-unpinned', () => {
    const m = configModel(main('[replace(aws_iam_policy.admin.arn, "admin-", "ro-")]'));
    expect(create(m)).toBe('indeterminate');
    expect(unpinned(m)[0]).toContain('aws_iam_role.app.managed_policy_arns refers to aws_iam_policy.admin');
  });
});

describe('a plan read with its configuration directory: the configuration decides the link', () => {
  /** A plan of boundaryConfig(expr): the boundary and the policy ARN known only after apply. */
  function planModel(expr: string): Model {
    const dir = dirWith(boundaryConfig(expr));
    const change = (type: string, name: string, after: object, unknown: object, index?: number) => ({
      address: `${type}.${name}${index === undefined ? '' : `[${index}]`}`,
      mode: 'managed',
      type,
      name,
      ...(index === undefined ? {} : { index }),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: unknown },
    });
    const policyDoc = (a: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: a, Resource: '*' }] });
    const policyAfter = { name_prefix: 'boundary-', policy: policyDoc('s3:GetObject'), path: '/' };
    const policyUnknown = { arn: true, id: true, name: true };
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      variables: {},
      resource_changes: [
        change('aws_iam_policy', 'b', policyAfter, policyUnknown),
        change('aws_iam_policy', 'p', policyAfter, policyUnknown, 0),
        change('aws_iam_policy', 'p', policyAfter, policyUnknown, 1),
        change(
          'aws_iam_role',
          'app',
          {
            name: 'app',
            path: '/',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
          },
          { arn: true, id: true, permissions_boundary: true },
        ),
        change(
          'aws_iam_role_policy',
          'app',
          { name: 's3', role: 'app', policy: policyDoc('s3:*') },
          { id: true },
        ),
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_role.app',
              mode: 'managed',
              type: 'aws_iam_role',
              name: 'app',
              expressions: {
                name: { constant_value: 'app' },
                permissions_boundary: { references: ['aws_iam_policy.b.arn', 'aws_iam_policy.b'] },
              },
            },
          ],
        },
      },
    };
    const file = writeFileIn(dir, 'plan.json', plan);
    const b = new ModelBuilder();
    loadTerraformPlan(file, b, { account: ACCOUNT }, readTerraformConfig(dir, {}));
    return b.build();
  }

  it('aws_iam_policy.b.arn links: the boundary denies', () => {
    expect(put(planModel('aws_iam_policy.b.arn'))).toBe('deny');
  });

  it('the reproduction: replace(aws_iam_policy.b.arn, …), whose plan references are the same, is indeterminate (was deny)', () => {
    const m = planModel('replace(aws_iam_policy.b.arn, "b", "c")');
    expect(put(m)).toBe('indeterminate');
    expect(unpinned(m)[0]).toContain('aws_iam_role.app.permissions_boundary refers to aws_iam_policy.b');
  });
});

describe("a plan read alone: the provider's region given by a variable is a candidate, not the region", () => {
  // The plan records `region = "${var.r}-x"` and `region = var.r` alike: {"references": ["var.r"]}.
  function regionPlan(dir: string, region: object, aliased: boolean) {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      variables: { r: { value: 'eu-west-1' } },
      resource_changes: [
        {
          address: 'aws_iam_user.dev',
          mode: 'managed',
          type: 'aws_iam_user',
          name: 'dev',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: ['create'], before: null, after: { name: 'dev', path: '/' }, after_unknown: {} },
        },
      ],
      configuration: {
        provider_config: {
          aws: { name: 'aws', expressions: { region: aliased ? { constant_value: 'us-east-1' } : region } },
          ...(aliased ? { 'aws.dr': { name: 'aws', alias: 'dr', expressions: { region } } } : {}),
        },
        root_module: {
          resources: [
            {
              address: 'aws_iam_user.dev',
              mode: 'managed',
              type: 'aws_iam_user',
              name: 'dev',
              provider_config_key: aliased ? 'aws.dr' : 'aws',
              expressions: { name: { constant_value: 'dev' } },
            },
          ],
        },
      },
    };
    const file = writeFileIn(dir, 'plan.json', plan);
    return file;
  }
  const refs = { references: ['var.r'] };

  it('the default configuration: the region is the stand-in, the finding names var.r = "eu-west-1" as a candidate (was eu-west-1)', () => {
    const b = new ModelBuilder();
    loadTerraformPlan(regionPlan(tempDir('iamspec-region-'), refs, false), b, {
      account: ACCOUNT,
    });
    const m = b.build();
    expect(m.accounts[0]!.region).not.toBe('eu-west-1');
    const msg = m.findings.find((f) => f.code === 'tf/assumed-region')?.message;
    expect(msg).toContain('computed from var.r (var.r is "eu-west-1": a candidate, not the region)');
  });

  it('with the configuration directory, the expression is evaluated', () => {
    for (const [expr, region] of [
      ['var.r', 'eu-west-1'],
      ['"${var.r}"', 'eu-west-1'],
    ] as const) {
      const dir = dirWith(
        `variable "r" {}\nprovider "aws" {\n  region = ${expr}\n}\nresource "aws_iam_user" "dev" {\n  name = "dev"\n}\n`,
      );
      const b = new ModelBuilder();
      loadTerraformPlan(regionPlan(dir, refs, false), b, { account: ACCOUNT }, readTerraformConfig(dir, {}));
      expect(b.build().accounts[0]!.region, expr).toBe(region);
    }
  });

  it('an aliased configuration: its region is unknown, the reason naming the candidate', async () => {
    const { providerRegions } = await import('../src/adapters/terraform/plan/provider-region.js');
    const regions = providerRegions(
      {
        aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } },
        'aws.dr': { name: 'aws', alias: 'dr', expressions: { region: refs } },
      },
      new Map([['r', 'eu-west-1']]),
    );
    expect(regions.get('aws')).toBe('us-east-1');
    expect(regions.get('aws.dr')).toHaveProperty('reason');
    expect((regions.get('aws.dr') as { reason: string }).reason).toContain(
      'var.r is "eu-west-1": a candidate',
    );
  });
});
