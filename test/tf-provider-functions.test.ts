// The AWS provider's own functions in a configuration (src/adapters/terraform/eval/fn-aws.ts), and
// any other provider-defined function: unknown, with a warning (it was unknown without a word).
//
// Terraform AWS provider, functions: arn_build "Builds an ARN from its constituent parts.";
// arn_parse "Parses an ARN into its constituent parts."; trim_iam_role_path "Trims the path prefix
// from an IAM role Amazon Resource Name (ARN). This function can be used when services require
// role ARNs to be passed without a path."
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/functions/arn_build, .../arn_parse,
// .../trim_iam_role_path)

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { isUnknown } from '../src/model/unknown.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const m = terraformConfigModel(
  `
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
locals {
  parsed = provider::aws::arn_parse("arn:aws:sqs:us-east-1:${ACCOUNT}:jobs")
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.name
  name = "p"
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "s3:GetObject", Resource = provider::aws::arn_build("aws", "s3", "", "", "data/*") },
    { Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:${ACCOUNT}:\${local.parsed.resource}" },
    { Effect = "Allow", Action = "iam:PassRole", Resource = provider::aws::trim_iam_role_path("arn:aws:iam::${ACCOUNT}:role/team/app/deployer") },
    { Effect = "Allow", Action = "sns:Publish", Resource = provider::other::thing("x") },
  ] })
}
`,
  { env: { account: ACCOUNT, region: 'us-east-1' } },
);
const statements = m.roles.find((r) => r.name === 'r')!.inlinePolicies[0]!.document.statements;
const resourceOf = (action: string) =>
  statements.find((st) => st.action?.values.includes(action))!.resource!.values;

describe('provider::aws:: functions', () => {
  it('arn_build, arn_parse and trim_iam_role_path give the ARN they document', () => {
    expect(resourceOf('s3:GetObject')).toEqual(['arn:aws:s3:::data/*']);
    expect(resourceOf('sqs:SendMessage')).toEqual([`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`]);
    expect(resourceOf('iam:PassRole')).toEqual([`arn:aws:iam::${ACCOUNT}:role/deployer`]);
    const role = m.roles.find((r) => r.name === 'r')!;
    expect(
      compileModel(m).decide({ principal: role.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::data/k' })
        .decision,
    ).toBe('allow');
  });

  it('another provider function: unknown, and a warning says so', () => {
    expect(isUnknown(resourceOf('sns:Publish')[0])).toBe(true);
    const f = m.findings.find((x) => x.code === 'tf/unknown-function');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('provider::other::thing()');
  });
});
