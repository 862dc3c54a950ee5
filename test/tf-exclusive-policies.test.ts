// Terraform's exclusive policy resources (src/adapters/terraform/handlers/exclusive-policies.ts):
// a Deny policy another resource adds to a principal, which an `aws_iam_*_policies_exclusive` /
// `aws_iam_*_policy_attachments_exclusive` resource of that principal does not list, is removed
// by it, so it must not be credited: a `cannot` that rests on it is indeterminate, not a pass
// (it was a pass, exit 0). Terraform AWS provider, aws_iam_role_policies_exclusive: "This resource
// takes exclusive ownership over inline policies assigned to a role. This includes removal of
// inline policies which are not explicitly configured. To prevent persistent drift, ensure any
// aws_iam_role_policy resources managed alongside this resource are included in the policy_names
// argument."; aws_iam_role_policy_attachments_exclusive: "This resource takes exclusive ownership
// over customer managed policies attached to a role. This includes removal of customer managed
// policies which are not explicitly configured."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import { checkTempFiles, statusesById, writeTempFiles } from './helpers/temp-inputs.js';

const BASE = `provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name = "excl"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "allow" {
  name = "allow"
  role = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_role_policy" "deny" {
  name = "deny"
  role = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_policy" "denyput" {
  name = "denyput"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:PutObject", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role = aws_iam_role.r.name
  policy_arn = aws_iam_policy.denyput.arn
}
resource "aws_s3_bucket" "b" { bucket = "excl-data" }
`;

const SPEC = `version: 1
account: "111122223333"
expect:
  - id: no-get
    principal: role/excl
    cannot: { action: s3:GetObject, resource: "arn:aws:s3:::excl-data/k" }
  - id: no-put
    principal: role/excl
    cannot: { action: s3:PutObject, resource: "arn:aws:s3:::excl-data/k" }
`;

async function statuses(extra: string): Promise<Record<string, string>> {
  return statusesById((await checkTempFiles({ 'main.tf': BASE + extra }, SPEC)).expectations);
}

describe('exclusive policy resources', () => {
  it('without one, both Denies hold', async () => {
    expect(await statuses('')).toEqual({ 'no-get': 'pass', 'no-put': 'pass' });
  });

  it('an inline policy the role policies_exclusive does not list may be removed: its Deny is not credited', async () => {
    const listsAllow = `resource "aws_iam_role_policies_exclusive" "x" {
  role_name = aws_iam_role.r.name
  policy_names = [aws_iam_role_policy.allow.name]
}`;
    expect(await statuses(listsAllow)).toEqual({ 'no-get': 'indeterminate', 'no-put': 'pass' });
    const listsBoth = `resource "aws_iam_role_policies_exclusive" "x" {
  role_name = aws_iam_role.r.name
  policy_names = ["allow", aws_iam_role_policy.deny.name]
}`;
    expect(await statuses(listsBoth)).toEqual({ 'no-get': 'pass', 'no-put': 'pass' });
  });

  it('a managed policy the attachments_exclusive does not list may be detached', async () => {
    const none = `resource "aws_iam_role_policy_attachments_exclusive" "y" {
  role_name = aws_iam_role.r.name
  policy_arns = []
}`;
    expect(await statuses(none)).toEqual({ 'no-get': 'pass', 'no-put': 'indeterminate' });
    const listed = `resource "aws_iam_role_policy_attachments_exclusive" "y" {
  role_name = aws_iam_role.r.name
  policy_arns = [aws_iam_policy.denyput.arn]
}`;
    expect(await statuses(listed)).toEqual({ 'no-get': 'pass', 'no-put': 'pass' });
  });

  it('the reason names the exclusive resource', async () => {
    const dir = writeTempFiles({
      'main.tf': `${BASE}resource "aws_iam_role_policies_exclusive" "x" {
  role_name = "excl"
  policy_names = []
}`,
      'spec.yaml': SPEC,
    });
    const r = await runCli(['check', dir, '--spec', join(dir, 'spec.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'aws_iam_role_policies_exclusive.x manages the inline policies of this role exclusively and does not list the one aws_iam_role_policy.deny adds',
    );
  });

  it('user and group twins', async () => {
    const { expectations } = await checkTempFiles(
      {
        'main.tf': `provider "aws" { region = "us-east-1" }
resource "aws_iam_user" "u" { name = "u" }
resource "aws_iam_group" "g" { name = "g" }
resource "aws_iam_user_group_membership" "m" {
  user = aws_iam_user.u.name
  groups = [aws_iam_group.g.name]
}
resource "aws_iam_user_policy" "allow" {
  name = "allow"
  user = aws_iam_user.u.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_group_policy" "deny" {
  name = "deny"
  group = aws_iam_group.g.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_group_policies_exclusive" "x" {
  group_name = aws_iam_group.g.name
  policy_names = []
}
`,
      },
      `version: 1\naccount: "111122223333"\nexpect:\n  - id: no-get\n    principal: user/u\n    cannot: { action: s3:GetObject, resource: "arn:aws:s3:::any-bucket/k" }\n`,
    );
    expect(expectations[0]!.status).toBe('indeterminate');
  });
  it("the role's own inline_policy blocks and managed_policy_arns too", async () => {
    const run = async (exclusive: string) => {
      const { expectations } = await checkTempFiles(
        {
          'main.tf': `provider "aws" { region = "us-east-1" }
resource "aws_iam_policy" "denyput" {
  name = "denyput"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:PutObject", Resource = "*" }] })
}
resource "aws_iam_role" "r" {
  name = "own"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name = "allow"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
  }
  inline_policy {
    name = "deny"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:GetObject", Resource = "*" }] })
  }
  managed_policy_arns = [aws_iam_policy.denyput.arn]
}
${exclusive}`,
        },
        SPEC.replaceAll('role/excl', 'role/own'),
      );
      return statusesById(expectations);
    };
    expect(await run('')).toEqual({ 'no-get': 'pass', 'no-put': 'pass' });
    expect(
      await run(`resource "aws_iam_role_policies_exclusive" "x" {
  role_name = aws_iam_role.r.name
  policy_names = ["allow"]
}
resource "aws_iam_role_policy_attachments_exclusive" "y" {
  role_name = "own"
  policy_arns = []
}`),
    ).toEqual({ 'no-get': 'indeterminate', 'no-put': 'indeterminate' });
  });
});
