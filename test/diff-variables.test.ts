// `iamspec diff` and Terraform input variables: `--var` values are given once for both sides. A
// variable the change adds is declared only in the new state's configuration; loading the base
// with it is no error there (the base ignores it), while a --var the new state does not declare
// stays an input error, as Terraform's own: "If you provide values for undeclared variables on
// the command line, Terraform will return an error." (Terraform, Input Variables, "Values for
// Undeclared Variables",
// https://developer.hashicorp.com/terraform/language/values/variables#values-for-undeclared-variables).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../src/analysis/diff/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFilesIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-diff-vars-');

const PROVIDER = `provider "aws" {\n  region = "eu-west-1"\n}\n`;
const USER = `resource "aws_iam_user" "dev" {\n  name = "dev"\n}\nresource "aws_s3_bucket" "reports" {\n  bucket = "reports"\n}\n`;

function write(name: string, main: string): string {
  return writeFilesIn(join(dir, name), { 'main.tf': main });
}

// The base: a user with no policy and a bucket. The change: a variable naming the bucket the user
// may read.
const BASE = write('base', PROVIDER + USER);
const NEXT = write(
  'next',
  `${PROVIDER}${USER}variable "bucket" {\n  type = string\n}\n
resource "aws_iam_user_policy" "read" {
  user   = aws_iam_user.dev.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::\${var.bucket}/*" }]
  })
}
`,
);
const ENV = ['--account', '123456789012'];

describe('diff with a --var the change adds', () => {
  it('loads the base without the variable and shows the access it adds', async () => {
    const r = await runCli([
      'diff',
      '--base',
      BASE,
      NEXT,
      ...ENV,
      '--var',
      'bucket=reports',
      '--format',
      'json',
    ]);
    expect(r.stderr).not.toMatch(/declares no variable/);
    expect(r.code).toBe(0);
    const added = (JSON.parse(r.stdout) as { added: AccessChange[] }).added;
    expect(added.map((c) => [c.action, c.resource])).toContainEqual([
      's3:GetObject',
      'arn:aws:s3:::reports/*',
    ]);
  });

  it('a --var the new state does not declare is still an input error (exit 2)', async () => {
    const r = await runCli([
      'diff',
      '--base',
      BASE,
      NEXT,
      ...ENV,
      '--var',
      'bucket=reports',
      '--var',
      'buckt=x',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declares no variable "buckt"/);
  });

  it('matrix of the base alone with that --var is an input error, as terraform plan would be', async () => {
    const r = await runCli(['matrix', BASE, ...ENV, '--var', 'bucket=reports']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declares no variable "bucket"/);
  });
});
