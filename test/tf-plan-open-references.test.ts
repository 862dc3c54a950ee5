// Plan mode: an attribute known only after apply is linked through the configuration's
// `references` only when the configuration directory is given (read alone, a plan links nothing:
// test/tf-plan-unpinned-references.test.ts). A root input variable the plan gives no value for may name anything (as in
// configuration mode), so an attribute whose references go through one refers to nothing known:
// the policy's target stays unknown (spread maybe-present to every principal of the kind and a
// stand-in), never the other reference alone (issue 10).
//
// Terraform's JSON output format: "variables" holds "the values of the root module input
// variables" and each expression's "references" "is a list of references to other objects".
// https://developer.hashicorp.com/terraform/internals/json-format

import { describe, expect, it } from 'vitest';
import { terraformPlanModel } from './helpers/temp-inputs.js';

function plan(variables: Record<string, { value: unknown }>) {
  const role = (name: string) => ({
    address: `aws_iam_role.${name}`,
    mode: 'managed',
    type: 'aws_iam_role',
    name,
    values: {
      name,
      assume_role_policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    },
  });
  const policy = {
    address: 'aws_iam_role_policy.admin',
    mode: 'managed',
    type: 'aws_iam_role_policy',
    name: 'admin',
    values: {
      name: 'admin',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    },
  };
  const change = (r: { address: string; type: string; name: string; values: object }, unknown: object) => ({
    address: r.address,
    mode: 'managed',
    type: r.type,
    name: r.name,
    change: { actions: ['create'], before: null, after: r.values, after_unknown: unknown },
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables,
    planned_values: { root_module: { resources: [role('a'), role('b'), policy] } },
    resource_changes: [change(role('a'), {}), change(role('b'), {}), change(policy, { role: true })],
    configuration: {
      root_module: {
        variables: { role_name: { description: 'the role to grant' } },
        resources: [
          { address: 'aws_iam_role.a', mode: 'managed', type: 'aws_iam_role', name: 'a', expressions: {} },
          { address: 'aws_iam_role.b', mode: 'managed', type: 'aws_iam_role', name: 'b', expressions: {} },
          {
            address: 'aws_iam_role_policy.admin',
            mode: 'managed',
            type: 'aws_iam_role_policy',
            name: 'admin',
            expressions: {
              role: { references: ['var.role_name', 'aws_iam_role.a.name', 'aws_iam_role.a'] },
            },
          },
        ],
      },
    },
  };
}

function load(variables: Record<string, { value: unknown }>) {
  return terraformPlanModel(plan(variables), { account: '111122223333' });
}

const adminOf = (m: ReturnType<typeof load>, name: string) =>
  m.roles.find((r) => r.name === name)?.inlinePolicies.find((p) => p.name === 'admin');

describe('plan mode: a root variable without a value in the plan', () => {
  it('leaves the target unknown: the policy may reach every role, maybe-present', () => {
    const m = load({});
    expect(m.findings.map((f) => f.code)).toContain('model/unknown-attachment-target');
    // Role b is not referenced, yet the variable may name it.
    expect(adminOf(m, 'b')?.presence).toBeDefined();
    expect(adminOf(m, 'a')?.presence).toBeDefined();
  });

  it('with the variable in the plan, a plan read alone still links nothing (the expression is not in it)', () => {
    // coalesce(var.role_name, aws_iam_role.a.name) or replace(aws_iam_role.a.name, "a", "b"): the
    // same references (plan/references.ts); the configuration directory pins it
    const m = load({ role_name: { value: null } });
    expect(adminOf(m, 'a')?.presence).toBeDefined();
    expect(adminOf(m, 'b')?.presence).toBeDefined();
    expect(m.findings.map((f) => f.code)).toContain('tf/plan-value-unpinned');
  });
});
