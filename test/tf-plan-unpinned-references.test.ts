// A Terraform plan read alone never takes a value known only after apply to be the object its
// expression refers to. Terraform's JSON output format
// (https://developer.hashicorp.com/terraform/internals/json-format), expression representation:
// "Each unevaluated expression in the configuration is represented with an
// `<expression-representation>` object"; "\"constant_value\" is set only if the expression
// contains no references to other objects" and "Alternatively, \"references\" will be set to a
// list of references in the expression. Multi-step references will be unwrapped and duplicated for
// each significant traversal step, allowing callers to more easily recognize the objects they care
// about without attempting to parse the expressions". The list says WHICH objects the expression
// uses, not what it computes: `replace(aws_iam_policy.b.arn, "b", "c")`,
// `"${aws_iam_policy.b.arn}-x"` and `aws_iam_policy.b.arn` all give
// ["aws_iam_policy.b.arn", "aws_iam_policy.b"]; an index that is not a constant ends the traversal,
// so `aws_iam_policy.p[count.index + 1].arn` and `element(aws_iam_policy.p[*].arn, count.index + 1)`
// give ["aws_iam_policy.p", "count.index"] (as the corpus plan
// terraform-compliance__cli__nested-modules-count shows for `aws_iam_policy.default[count.index].arn`).
// With the configuration directory the expression is evaluated (test/tf-plan-with-config*.test.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const allow = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

interface Res {
  type: string;
  name: string;
  index?: number;
  values: Record<string, unknown>;
  unknown: Record<string, unknown>;
  expressions?: Record<string, unknown>;
}

const addressOf = (r: Res) => `${r.type}.${r.name}${r.index === undefined ? '' : `[${r.index}]`}`;

/** A plan as `terraform show -json` writes it (resources sorted by address). */
function plan(resources: Res[], counted: string[] = [], data: Res[] = []) {
  const sorted = [...resources].sort((a, b) => addressOf(a).localeCompare(addressOf(b)));
  const seen = new Set<string>();
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: {},
    resource_changes: sorted.map((r) => ({
      address: addressOf(r),
      mode: 'managed',
      type: r.type,
      name: r.name,
      ...(r.index === undefined ? {} : { index: r.index }),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: r.values, after_unknown: r.unknown },
    })),
    prior_state: {
      format_version: '1.0',
      values: {
        root_module: {
          resources: data.map((d) => ({
            address: `data.${d.type}.${d.name}`,
            mode: 'data',
            type: d.type,
            name: d.name,
            provider_name: 'registry.terraform.io/hashicorp/aws',
            values: d.values,
          })),
        },
      },
    },
    configuration: {
      root_module: {
        resources: resources
          .filter((r) => !seen.has(`${r.type}.${r.name}`) && seen.add(`${r.type}.${r.name}`))
          .map((r) => ({
            address: `${r.type}.${r.name}`,
            mode: 'managed',
            type: r.type,
            name: r.name,
            provider_config_key: 'aws',
            expressions: r.expressions ?? {},
            ...(counted.includes(`${r.type}.${r.name}`) ? { count_expression: { constant_value: 2 } } : {}),
          })),
      },
    },
  };
}

function load(resources: Res[], counted?: string[], data?: Res[]) {
  const b = new ModelBuilder();
  loadPlanValue(plan(resources, counted, data), 'plan.json', undefined, b, {
    account: ACCOUNT,
    region: 'eu-west-1',
  });
  return b.build();
}

const policy = (name: string, action: string, index?: number): Res => ({
  type: 'aws_iam_policy',
  name,
  ...(index === undefined ? {} : { index }),
  values: { name: index === undefined ? name : `${name}-${index}`, policy: allow(action) },
  unknown: { arn: true, id: true },
  expressions: { name: { constant_value: name }, policy: { constant_value: allow(action) } },
});

/** Role r (an admin inline policy) whose boundary is known only after apply, given by `references`. */
const role = (references: string[], index?: number): Res[] => [
  {
    type: 'aws_iam_role',
    name: 'r',
    ...(index === undefined ? {} : { index }),
    values: { name: index === undefined ? 'r' : `r-${index}`, assume_role_policy: trust },
    unknown: { arn: true, permissions_boundary: true },
    expressions: { name: { constant_value: 'r' }, permissions_boundary: { references } },
  },
  ...(index === undefined || index === 0
    ? [
        {
          type: 'aws_iam_role_policy',
          name: 'admin',
          values: { name: 'admin', role: index === 0 ? 'r-0' : 'r', policy: allow('*') },
          unknown: {},
          expressions: { role: { constant_value: 'r' }, policy: { constant_value: allow('*') } },
        },
      ]
    : []),
];

const createUser = (m: ReturnType<typeof load>, roleName = 'r') =>
  compileModel(m).decide({
    principal: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
    action: 'iam:CreateUser',
    resource: `arn:aws:iam::${ACCOUNT}:user/x`,
  });

describe('plan alone: references do not pin a value known only after apply', () => {
  // permissions_boundary = replace(aws_iam_policy.b.arn, "b", "c"): the boundary is policy c
  // (iam:*), not b (s3:*); the plan's references are those of aws_iam_policy.b.arn.
  const replaced = [
    ...role(['aws_iam_policy.b.arn', 'aws_iam_policy.b']),
    policy('b', 's3:*'),
    policy('c', 'iam:*'),
  ];

  it('replace(aws_iam_policy.b.arn, …): indeterminate, not denied by b (old code: deny)', () => {
    const m = load(replaced);
    expect(createUser(m).decision).toBe('indeterminate');
    // the boundary stays the plan's unknown value; its reason says what pins it
    const reasons = JSON.stringify(m.roles.find((r) => r.name === 'r')?.permissionsBoundary);
    expect(reasons).toContain('aws_iam_role.r.permissions_boundary is known only after apply');
    expect(reasons).toContain('give the configuration directory next to the plan');
  });

  it('a template interpolating aws_iam_policy.b.arn with a suffix ("-x"): the same references, indeterminate', () => {
    // the template's references are exactly the plain reference's
    const m = load(replaced);
    expect(createUser(m).decision).toBe('indeterminate');
  });

  it('aws_iam_policy.p[count.index + 1].arn on a counted role: not the policy of its own index (old code: deny)', () => {
    // r[0]'s boundary is p[1] (iam:*); old code picked p[0] (s3:*) for the role of index 0
    const m = load(
      [
        ...role(['aws_iam_policy.p', 'count.index'], 0),
        ...role(['aws_iam_policy.p', 'count.index'], 1),
        policy('p', 's3:*', 0),
        policy('p', 'iam:*', 1),
      ],
      ['aws_iam_role.r', 'aws_iam_policy.p'],
    );
    expect(createUser(m, 'r-0').decision).toBe('indeterminate');
  });

  it('element(aws_iam_policy.p[*].arn, count.index + 1): the same references, indeterminate', () => {
    // the splat ends the traversal at aws_iam_policy.p, as a computed index does
    const m = load(
      [
        ...role(['aws_iam_policy.p', 'count.index'], 0),
        ...role(['aws_iam_policy.p', 'count.index'], 1),
        policy('p', 's3:*', 0),
        policy('p', 'iam:*', 1),
      ],
      ['aws_iam_role.r', 'aws_iam_policy.p'],
    );
    expect(createUser(m, 'r-0').decision).toBe('indeterminate');
  });

  it('an attachment whose role is replace(aws_iam_role.a.id, …): may be any role (old code: only a)', () => {
    // role = replace(aws_iam_role.a.id, "a", "b"): AdministratorAccess goes to b; references name a
    const roleNamed = (name: string): Res => ({
      type: 'aws_iam_role',
      name,
      values: { name, assume_role_policy: trust },
      unknown: { arn: true, id: true },
      expressions: { name: { constant_value: name } },
    });
    const m = load([
      roleNamed('a'),
      roleNamed('b'),
      {
        type: 'aws_iam_role_policy_attachment',
        name: 'admin',
        values: { policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        unknown: { role: true, id: true },
        expressions: {
          policy_arn: { constant_value: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          role: { references: ['aws_iam_role.a.id', 'aws_iam_role.a'] },
        },
      },
    ]);
    expect(createUser(m, 'b').decision).toBe('indeterminate');
  });

  it('one tf/plan-value-unpinned warning names every value not linked', () => {
    const m = load(replaced);
    const found = m.findings.filter((f) => f.code === 'tf/plan-value-unpinned');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.message).toContain(
      'aws_iam_role.r.permissions_boundary (refers to aws_iam_policy.b.arn)',
    );
    expect(found[0]!.message).toContain('Give the configuration directory next to the plan');
  });

  it('a policy that refers to a policy document is not taken to be its json (old code: the document)', () => {
    // policy = replace(data.aws_iam_policy_document.d.json, "Deny",
    //   substr(timestamp(), 0, 0) == "" ? "Allow" : "Deny"): known only after apply (timestamp()),
    // it refers to the document alone, yet is not its json
    const deny = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
    });
    const m = load(
      [
        {
          type: 'aws_iam_role',
          name: 'r',
          values: { name: 'r', assume_role_policy: trust },
          unknown: { arn: true },
          expressions: { name: { constant_value: 'r' } },
        },
        {
          type: 'aws_iam_role_policy',
          name: 'p',
          values: { name: 'p', role: 'r' },
          unknown: { policy: true, id: true },
          expressions: {
            role: { constant_value: 'r' },
            policy: { references: ['data.aws_iam_policy_document.d.json', 'data.aws_iam_policy_document.d'] },
          },
        },
        {
          type: 'aws_iam_role_policy',
          name: 'admin',
          values: { name: 'admin', role: 'r', policy: allow('*') },
          unknown: {},
          expressions: { role: { constant_value: 'r' }, policy: { constant_value: allow('*') } },
        },
      ],
      [],
      [{ type: 'aws_iam_policy_document', name: 'd', values: { json: deny }, unknown: {} }],
    );
    expect(createUser(m).decision).toBe('indeterminate');
  });

  it('the real corpus plan shape: references of a counted index are the resource and count.index', () => {
    const corpus = JSON.parse(
      readFileSync(
        join(
          import.meta.dirname,
          '..',
          '..',
          'shared',
          'corpus',
          'tfplan',
          'terraform-compliance__cli__nested-modules-count.tfplan.json',
        ),
        'utf8',
      ),
    );
    expect(JSON.stringify(corpus.configuration)).toContain(
      '"references":["aws_iam_policy.default","count.index"]',
    );
  });
});
