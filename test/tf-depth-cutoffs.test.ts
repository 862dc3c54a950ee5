// Recursion cut-offs never drop data (issue 10, "An element that fails to be modelled (an internal
// error, a too-deep expression) is dropped today ... It becomes unknown, with the error shown"):
// modules nested deep in a plan are read, an Unknown nested deep is found, references nested deep
// in a plan's configuration are found, and a chain of references too long to follow leaves the
// target unknown (with a tf/reference-too-deep warning), never a partial or empty list taken as
// the answer.
//
// Terraform rule: "Local values can be helpful to avoid repeating the same values or expressions
// multiple times in a configuration" (Terraform language, "Local Values"): a local may name
// another local, so a reference reaches its resource through any number of locals.
// https://developer.hashicorp.com/terraform/language/values/locals

import { describe, expect, it } from 'vitest';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { expressionReferences } from '../src/adapters/terraform/plan/config-index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { findUnknown, Unknown } from '../src/model/unknown.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

function nest(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

describe('deep values are read whole', () => {
  it('findUnknown finds an Unknown 500 levels down', () => {
    const u = new Unknown('deep', undefined);
    expect(findUnknown(nest(500, u, (x) => ({ a: [x] })))).toBe(u);
    expect(findUnknown(nest(500, 'known', (x) => ({ a: [x] })))).toBeUndefined();
  });

  it('expressionReferences finds a reference 200 levels down', () => {
    const expr = nest(200, { references: ['aws_iam_role.r.name', 'aws_iam_role.r'] }, (x) => [{ block: x }]);
    expect(expressionReferences(expr)).toEqual(['aws_iam_role.r.name', 'aws_iam_role.r']);
  });

  it('a plan reads a user in a module nested 80 levels deep', () => {
    let address = '';
    const mod = (depth: number): Record<string, unknown> => {
      const here = address;
      if (depth === 80) {
        return {
          address: here,
          resources: [
            {
              address: `${here}.aws_iam_user.deep`,
              mode: 'managed',
              type: 'aws_iam_user',
              name: 'deep',
              values: { name: 'deep' },
            },
          ],
        };
      }
      address = `${here ? `${here}.` : ''}module.m`;
      return { ...(here ? { address: here } : {}), child_modules: [mod(depth + 1)] };
    };
    const plan = { format_version: '1.2', planned_values: { root_module: mod(0) } };
    const b = new ModelBuilder();
    loadPlanValue(plan, 'plan.json', undefined, b, { account: '111122223333' });
    expect(b.build().users.map((u) => u.name)).toEqual(['deep']);
  });
});

describe('a chain of references too long to follow leaves the target unknown', () => {
  function config(hops: number): string {
    const locals = Array.from({ length: hops }, (_, i) =>
      // the name after the prefix is unknown, and regex() of it stays unknown (split() of it is now
      // known where the separator cannot be in the unknown part: eval/fn-text.ts): only the
      // reference (followed up to a depth) says which role it is
      i === hops - 1 ? `  l${i} = regex("[^/]+$", aws_iam_role.r.arn)` : `  l${i} = local.l${i + 1}`,
    );
    return `provider "aws" {
  region = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_iam_role" "r" {
  name_prefix = "r-"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
locals {
${locals.join('\n')}
}
resource "aws_iam_role_policy" "deny" {
  role = local.l0
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
}
`;
  }

  function load(hops: number) {
    return terraformConfigModel(config(hops), { env: {} });
  }

  it("through 10 locals the policy is the role's", () => {
    const m = load(10);
    const r = m.roles.find((x) => x.arn.includes('aws_iam_role.r') || x.name.includes('aws_iam_role.r'))!;
    expect(r.inlinePolicies.map((p) => p.name)).toEqual(['aws_iam_role_policy.deny']);
    expect(m.findings.map((f) => f.code)).not.toContain('tf/reference-too-deep');
  });

  it('through 100 locals it is attached to an unknown role, with the warning', () => {
    const m = load(100);
    const codes = m.findings.map((f) => f.code);
    expect(codes).toContain('tf/reference-too-deep');
    expect(codes).toContain('model/unknown-attachment-target');
    const r = m.roles.find((x) => x.name.includes('aws_iam_role.r'))!;
    // the Deny may apply to the role (spread maybe-present onto every role), never dropped
    expect(r.inlinePolicies.map((p) => [p.name, !!p.presence])).toEqual([['aws_iam_role_policy.deny', true]]);
  });
});
