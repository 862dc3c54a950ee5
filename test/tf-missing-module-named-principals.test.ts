// A module call whose module is not in the inputs (not downloaded, a directory that is absent) may
// attach policies to what it is given: a role passed by reference (`role_name =
// aws_iam_role.app.name`), and a role passed by its name or ARN as a value (`role_name = "app"`,
// a variable holding it), which names the same role: a module's IAM calls name the role by its
// name (IAM API Reference, PutRolePolicy, RoleName: "The name of the role to associate the policy
// with."). Each such role gets an unknown policy, maybe-present; a role the
// call does not name keeps its verdict (handlers/missing-modules.ts).

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

const ROLES = ['app', 'other']
  .map(
    (name) => `
resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}`,
  )
  .join('\n');

function load(call: string, extra = '') {
  return terraformConfigModel(`${ROLES}\n${extra}\nmodule "perms" {\n  source = "./absent"\n  ${call}\n}\n`, {
    account: ACCOUNT,
    region: 'eu-west-1',
  });
}

const put = (m: ReturnType<typeof load>, role: string) =>
  compileModel(m).decide({
    principal: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::data/k',
  }).decision;

describe('a module not in the inputs, given a role', () => {
  it('by reference: the role may get any policy from it (as before)', () => {
    const m = load('role_name = aws_iam_role.app.name');
    expect(m.findings.map((f) => f.code)).toContain('tf/module-not-loaded');
    expect(put(m, 'app')).toBe('indeterminate');
    expect(put(m, 'other')).toBe('deny');
  });

  it.each([
    ['its name as a literal', 'role_name = "app"', ''],
    ['its name in a variable', 'role_name = var.target', 'variable "target" {\n  default = "app"\n}'],
    ['its ARN', `role_arn = "arn:aws:iam::${ACCOUNT}:role/app"`, ''],
    ['its name in a list', 'role_names = ["app"]', ''],
  ])('by %s: the role may get any policy from it (it was denied)', (_what, call, extra) => {
    const m = load(call, extra);
    const app = m.roles.find((r) => r.name === 'app')!;
    expect(app.inlinePolicies.some((p) => p.name.includes('module.perms') && p.presence)).toBe(true);
    expect(put(m, 'app')).toBe('indeterminate');
    expect(put(m, 'other')).toBe('deny');
  });
});
