// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// A Terraform plan's `configuration` references, through the public path (loadTerraformPlan):
// with the configuration directory next to the plan, the expression decides which instance an
// attribute known only after apply is (config/linked-references.ts), whatever the order of the
// plan's resources; read ALONE, a plan links nothing (plan/references.ts,
// test/tf-plan-unpinned-references.test.ts): a role's `permissions_boundary` known only after
// apply stays unknown, and so does one whose references go through a local value, `each.value`
// or an element of another kind.
//
// Terraform's JSON output format, expression representation
// (https://developer.hashicorp.com/terraform/internals/json-format): "Alternatively, "references"
// will be set to a list of references in the expression. Multi-step references will be unwrapped
// and duplicated for each significant traversal step" (`aws_iam_policy.b[1].arn` comes with
// `aws_iam_policy.b[1]` and `aws_iam_policy.b`). The configuration representation shows resources,
// module calls, outputs and variables, never locals nor a for_each value: a reference through one
// may stand for any object.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { isUnknown } from '../src/model/unknown.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const allow = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

interface Res {
  module?: string;
  type: string;
  name: string;
  index?: number | string;
  values: Record<string, unknown>;
  unknown: Record<string, unknown>;
  expressions?: Record<string, unknown>;
}

const addressOf = (r: Res) =>
  `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}${r.index === undefined ? '' : typeof r.index === 'number' ? `[${r.index}]` : `["${r.index}"]`}`;

const policy = (name: string, action: string, extra: Partial<Res> = {}): Res => ({
  type: 'aws_iam_policy',
  name,
  values: { name: extra.index === undefined ? name : `${name}-${extra.index}`, policy: allow(action) },
  unknown: { arn: true, id: true },
  ...extra,
});

/** Role r (admin inline policy) whose boundary is known only after apply, with these references. */
const role = (references: string[]): Res[] => [
  {
    type: 'aws_iam_role',
    name: 'r',
    values: { name: 'r', assume_role_policy: trust },
    unknown: { arn: true, permissions_boundary: true },
    expressions: { permissions_boundary: { references } },
  },
  {
    type: 'aws_iam_role_policy',
    name: 'admin',
    values: { name: 'admin', role: 'r', policy: allow('*') },
    unknown: {},
  },
];

/** A plan as `terraform show -json` writes it: resources sorted by address. */
function plan(resources: Res[], moduleOutputs: Record<string, string[]> = {}) {
  const sorted = [...resources].sort((a, b) => addressOf(a).localeCompare(addressOf(b)));
  const configOf = (rs: Res[]) => {
    const seen = new Set<string>();
    return rs
      .filter((r) => !seen.has(`${r.type}.${r.name}`) && seen.add(`${r.type}.${r.name}`))
      .map((r) => ({
        address: `${r.type}.${r.name}`,
        mode: 'managed',
        type: r.type,
        name: r.name,
        expressions: r.expressions ?? {},
      }));
  };
  const inModule = resources.filter((r) => r.module === 'module.pol');
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: {},
    resource_changes: sorted.map((r) => ({
      address: addressOf(r),
      ...(r.module ? { module_address: r.module } : {}),
      mode: 'managed',
      type: r.type,
      name: r.name,
      ...(r.index === undefined ? {} : { index: r.index }),
      change: { actions: ['create'], before: null, after: r.values, after_unknown: r.unknown },
    })),
    configuration: {
      root_module: {
        resources: configOf(resources.filter((r) => !r.module)),
        ...(inModule.length
          ? {
              module_calls: {
                pol: {
                  source: './pol',
                  expressions: {},
                  module: {
                    resources: configOf(inModule),
                    outputs: Object.fromEntries(
                      Object.entries(moduleOutputs).map(([k, refs]) => [
                        k,
                        { expression: { references: refs } },
                      ]),
                    ),
                  },
                },
              },
            }
          : {}),
      },
    },
  };
}

/** The plan read alone, or with the configuration directory `config` (file name → text) next to it. */
function load(resources: Res[], moduleOutputs?: Record<string, string[]>, config?: Record<string, string>) {
  return terraformPlanModel(
    plan(resources, moduleOutputs),
    { account: ACCOUNT, region: 'eu-west-1' },
    config,
  );
}

const hcl = (doc: string) => `jsonencode(${doc})`;
/** The configuration of role(): role r whose boundary is `boundary`, with its admin inline policy. */
const roleConfig = (boundary: string) => `
resource "aws_iam_role" "r" {
  name                 = "r"
  assume_role_policy   = ${hcl(trust)}
  permissions_boundary = ${boundary}
}
resource "aws_iam_role_policy" "admin" {
  name   = "admin"
  role   = "r"
  policy = ${hcl(allow('*'))}
}
`;

const R = `arn:aws:iam::${ACCOUNT}:role/r`;
const boundaryOf = (m: ReturnType<typeof load>) => m.roles.find((r) => r.name === 'r')?.permissionsBoundary;
const createUser = (m: ReturnType<typeof load>) =>
  compileModel(m).decide({
    principal: R,
    action: 'iam:CreateUser',
    resource: `arn:aws:iam::${ACCOUNT}:user/x`,
  }).decision;

describe('a permissions boundary known only after apply: what its references link', () => {
  it('is the policy it refers to, though the plan lists the role before the policy (a module output)', () => {
    const rs = [...role(['module.pol.arn', 'module.pol']), policy('b', 's3:*', { module: 'module.pol' })];
    const outputs = { arn: ['aws_iam_policy.b.arn', 'aws_iam_policy.b'] };
    // with the configuration directory: the boundary is module.pol's policy b (s3:*), though the
    // plan lists the role first, so CreateUser is denied
    const withConfig = load(rs, outputs, {
      'main.tf': `${roleConfig('module.pol.arn')}\nmodule "pol" {\n  source = "./pol"\n}\n`,
      'pol/main.tf': `resource "aws_iam_policy" "b" {\n  name   = "b"\n  policy = ${hcl(allow('s3:*'))}\n}\noutput "arn" {\n  value = aws_iam_policy.b.arn\n}\n`,
    });
    expect(boundaryOf(withConfig)?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/b`);
    expect(createUser(withConfig)).toBe('deny');
    // read alone: unknown
    const m = load(rs, outputs);
    expect(isUnknown(boundaryOf(m)?.policyArn)).toBe(true);
    expect(createUser(m)).toBe('indeterminate');
  });

  it("a counted policy's instance by its index: the implied bare step names no other instance", () => {
    const rs = [
      ...role(['aws_iam_policy.b[1].arn', 'aws_iam_policy.b[1]', 'aws_iam_policy.b']),
      policy('b', '*', { index: 0 }),
      policy('b', 's3:*', { index: 1 }),
    ];
    // with the configuration directory: b[1] (s3:*), not b[0] (*), so CreateUser is denied
    const withConfig = load(rs, undefined, {
      'main.tf': `${roleConfig('aws_iam_policy.b[1].arn')}
resource "aws_iam_policy" "b" {
  count  = 2
  name   = "b-\${count.index}"
  policy = count.index == 0 ? ${hcl(allow('*'))} : ${hcl(allow('s3:*'))}
}
`,
    });
    expect(boundaryOf(withConfig)?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/b-1`);
    expect(createUser(withConfig)).toBe('deny');
    const alone = load(rs);
    expect(isUnknown(boundaryOf(alone)?.policyArn)).toBe(true);
    expect(createUser(alone)).toBe('indeterminate');
  });

  it('a reference without an index to a counted policy names many: unknown', () => {
    const m = load([
      ...role(['aws_iam_policy.b']),
      policy('b', '*', { index: 0 }),
      policy('b', 's3:*', { index: 1 }),
    ]);
    expect(isUnknown(boundaryOf(m)?.policyArn)).toBe(true);
    expect(createUser(m)).toBe('indeterminate');
  });

  it('an expression that also goes through a local value stays unknown (the local may be any policy)', () => {
    // permissions_boundary = coalesce(local.override, aws_iam_policy.b.arn)
    const m = load([
      ...role(['local.override', 'aws_iam_policy.b.arn', 'aws_iam_policy.b']),
      policy('b', 's3:*'),
      policy('other', '*'),
    ]);
    // old code: the local was skipped and b pinned, so CreateUser was denied though the boundary
    // may be `other`, which allows it
    expect(isUnknown(boundaryOf(m)?.policyArn)).toBe(true);
    expect(createUser(m)).toBe('indeterminate');
  });

  it('an index by each.value is not the instance of the same key', () => {
    const rs = role(['aws_iam_policy.b', 'each.value']).map((r) =>
      r.type === 'aws_iam_role' ? { ...r, index: 'x' } : r,
    );
    const m = load([...rs, policy('b', 's3:*', { index: 'x' }), policy('b', '*', { index: 'y' })]);
    expect(isUnknown(boundaryOf(m)?.policyArn)).toBe(true);
  });

  it('an expression that also refers to an element of another kind stays unknown', () => {
    // permissions_boundary = coalesce(aws_iam_role.base.permissions_boundary, aws_iam_policy.b.arn)
    const base: Res = {
      type: 'aws_iam_role',
      name: 'base',
      values: { name: 'base', assume_role_policy: trust },
      unknown: { arn: true, permissions_boundary: true },
    };
    const m = load([
      ...role([
        'aws_iam_role.base.permissions_boundary',
        'aws_iam_role.base',
        'aws_iam_policy.b.arn',
        'aws_iam_policy.b',
      ]),
      base,
      policy('b', 's3:*'),
    ]);
    expect(isUnknown(boundaryOf(m)?.policyArn)).toBe(true);
    expect(createUser(m)).toBe('indeterminate');
  });
});

describe('tf/plan-value-unpinned says why the configuration does not compute the value', () => {
  const unpinnedMessage = (m: ReturnType<typeof load>) =>
    m.findings.find((f) => f.code === 'tf/plan-value-unpinned')?.message;
  const rs = [...role(['aws_iam_policy.b.arn', 'aws_iam_policy.b']), policy('b', 's3:*')];

  it('a plan read alone: "read without its configuration directory"', () => {
    const m = load(rs);
    expect(unpinnedMessage(m)).toContain('the plan is read without its configuration directory');
    expect(unpinnedMessage(m)).toContain(
      'aws_iam_role.r.permissions_boundary (refers to aws_iam_policy.b.arn)',
    );
  });

  it('a configuration directory that does not declare the role (a plan of another directory): says so, not "read without" (was "read without its configuration directory")', () => {
    const m = load(rs, undefined, {
      'main.tf': `resource "aws_iam_policy" "b" {\n  name   = "b"\n  policy = ${hcl(allow('s3:*'))}\n}\n`,
    });
    const message = unpinnedMessage(m);
    expect(message).not.toContain('read without its configuration directory');
    expect(message).toContain(
      'the configuration directory read with the plan does not declare the resources of these values',
    );
    expect(message).toContain('does not declare aws_iam_role.r (a plan of another directory?)');
    expect(isUnknown(boundaryOf(m)?.policyArn)).toBe(true);
    expect(createUser(m)).toBe('indeterminate');
    const reason = boundaryOf(m)?.policyArn;
    expect(isUnknown(reason) && reason.reason).toContain('does not declare aws_iam_role.r');
  });

  it('a module the configuration does not find: names the module instance', () => {
    const inModule = [
      ...role(['aws_iam_policy.b.arn', 'aws_iam_policy.b']).map((r) => ({ ...r, module: 'module.pol' })),
      policy('b', 's3:*', { module: 'module.pol' }),
    ];
    const m = load(inModule, undefined, { 'main.tf': 'module "pol" {\n  source = "./not-here"\n}\n' });
    const message = unpinnedMessage(m);
    expect(message).toContain('module.pol.aws_iam_role.r.permissions_boundary');
    expect(message).toContain('has no module instance module.pol');
    expect(message).not.toContain('read without its configuration directory');
  });
});
