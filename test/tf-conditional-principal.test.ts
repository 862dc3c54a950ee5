// A Terraform conditional Principal (htfmisc18): `var.f ? { AWS = aws_iam_role.a.arn } : { AWS =
// aws_iam_role.b.arn }` in jsonencode, or an aws_iam_policy_document principals block whose
// identifiers are a conditional list, is one of two known principals, not a wholly unknown one:
// each option's statement is kept, maybe-present (src/adapters/terraform/handlers/policy-input.ts
// `statementOptions`). A request as one of the two may be allowed (or denied): indeterminate; a
// request as a third principal is covered by neither option's statement. Before, the whole
// Principal was unknown and every principal was indeterminate.
//
// Terraform language, "Conditional Expressions": "If condition is true then the result is
// true_val. If condition is false then the result is false_val."
// https://developer.hashicorp.com/terraform/language/expressions/conditionals
// AWS provider, "Data Source: aws_iam_policy_document", principals: "identifiers (Required) List
// of identifiers for principals."
// IAM User Guide, "AWS JSON policy elements: Principal": "Use the Principal element in a
// resource-based JSON policy to specify the principal that is allowed or denied access to a
// resource."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const role = (name: string, policy = '') => `
resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
${policy}`;
const HEAD = `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
variable "f" { type = bool }
resource "aws_s3_bucket" "b" { bucket = "prod" }
${role('a')}${role('b')}`;

/** Role c may read every object through its own policy (the Deny cases). */
const ROLE_C_READS = `
resource "aws_iam_role_policy" "c" {
  role   = aws_iam_role.c.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}`;

function decisions(main: string, vars: Record<string, string> = {}): Record<string, string> {
  const engine = compileModel(loadTerraformFiles({ 'main.tf': main }, { vars }));
  return Object.fromEntries(
    ['a', 'b', 'c'].map((r) => [
      r,
      engine.decide({
        principal: `arn:aws:iam::${ACCOUNT}:role/${r}`,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::prod/k',
      }).decision,
    ]),
  );
}

const jsonencoded = (effect: string, extra = '') => `${HEAD}${role('c', extra)}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "${effect}"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::prod/*"
      Principal = var.f ? { AWS = aws_iam_role.a.arn } : { AWS = aws_iam_role.b.arn }
    }]
  })
}`;

const documented = (effect: string, extra = '') => `${HEAD}${role('c', extra)}
data "aws_iam_policy_document" "d" {
  statement {
    effect    = "${effect}"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::prod/*"]
    principals {
      type        = "AWS"
      identifiers = var.f ? [aws_iam_role.a.arn] : [aws_iam_role.b.arn]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.d.json
}`;

describe.each([
  ['jsonencode', jsonencoded],
  ['aws_iam_policy_document', documented],
])('a conditional Principal in %s is one of the two principals', (_, main) => {
  it('Allow: the two roles may read (indeterminate), a third may not (before: indeterminate)', () => {
    expect(decisions(main('Allow'))).toEqual({ a: 'indeterminate', b: 'indeterminate', c: 'deny' });
  });

  it('Allow with the condition given: exactly the chosen role', () => {
    expect(decisions(main('Allow'), { f: 'true' })).toEqual({ a: 'allow', b: 'deny', c: 'deny' });
    expect(decisions(main('Allow'), { f: 'false' })).toEqual({ a: 'deny', b: 'allow', c: 'deny' });
  });

  it('Deny: the Deny may apply to the two roles (never a plain allow), not to a third', () => {
    const allowAll = `
resource "aws_iam_role_policy" "a" {
  role   = aws_iam_role.a.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_role_policy" "b" {
  role   = aws_iam_role.b.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}${ROLE_C_READS}`;
    expect(decisions(main('Deny', allowAll))).toEqual({ a: 'indeterminate', b: 'indeterminate', c: 'allow' });
    expect(decisions(main('Deny', allowAll), { f: 'true' })).toEqual({ a: 'deny', b: 'allow', c: 'allow' });
  });
});

describe('an option that is no principal keeps the statement as it was', () => {
  it('var.f ? { AWS = role a } : null: the statement stays unknown (indeterminate for every principal)', () => {
    const main = jsonencoded('Allow').replace('{ AWS = aws_iam_role.b.arn }', 'null');
    expect(decisions(main)).toEqual({ a: 'indeterminate', b: 'indeterminate', c: 'indeterminate' });
  });

  it('"*" or one role: every principal may read', () => {
    const main = jsonencoded('Allow').replace('{ AWS = aws_iam_role.b.arn }', '"*"');
    expect(decisions(main)).toEqual({ a: 'indeterminate', b: 'indeterminate', c: 'indeterminate' });
  });
});
