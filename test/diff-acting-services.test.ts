// Access a model resource gains through another service's actions: the matrix's column of a
// resource the inputs define decides the actions of every service whose resource types can name
// its ARN (matrix/columns.ts `ownWitnessList`, action-lists.ts `servicesActingOn`), as the
// witness column of an ARN outside the inputs does, so a pull request that grants ssm:SendCommand
// on the inputs' S3 bucket (or ssm:UpdateManagedInstanceRole on its role) is an added access of
// the diff and fails `--fail-on added`, not "No access change".
//
// AWS: "Actions, resources, and condition keys for AWS Systems Manager"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html):
// the resource types of SendCommand include `bucket` (ARN `arn:${Partition}:s3:::${BucketName}`,
// the bucket that receives the command's output), and those of UpdateManagedInstanceRole include
// `role` (ARN `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`): S3's and IAM's
// resource types, named by Systems Manager's actions.

import { describe, expect, it } from 'vitest';
import type { MatrixJson } from '../src/analysis/types.js';
import { runCli } from './fixtures/cli/run.js';
import { ACCOUNT, DEV, diffJson, ENV, failOn, tfStates, tfUserPolicy } from './helpers/outside-states.js';

const { write } = tfStates('iamspec-acting-');

const TF_BASE = `resource "aws_iam_user" "dev" {
  name = "dev"
}
resource "aws_s3_bucket" "out" {
  bucket = "command-output"
}
resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
`;
const sendCommand = tfUserPolicy(
  `{ Effect = "Allow", Action = "ssm:SendCommand", Resource = "arn:aws:s3:::command-output" },
  { Effect = "Allow", Action = "ssm:UpdateManagedInstanceRole", Resource = aws_iam_role.ops.arn }`,
  'run',
);
const BASE = write('base', TF_BASE);
const NEXT = write('next', TF_BASE + sendCommand);

describe('a model column decides the actions of every service that can name its ARN', () => {
  it("ssm actions granted on the inputs' bucket and role are added; --fail-on added fails", async () => {
    const json = await diffJson(BASE, NEXT);
    expect(json.notCompared).toBeUndefined();
    expect(json.added.map((c) => [c.action, c.resource])).toEqual([
      ['ssm:UpdateManagedInstanceRole', `arn:aws:iam::${ACCOUNT}:role/ops`],
      ['ssm:SendCommand', 'arn:aws:s3:::command-output'],
    ]);
    for (const c of json.added) {
      expect(c).toMatchObject({ principal: DEV, before: 'deny' });
      expect(c.grants.map((g) => g.policy)).toEqual(['inline policy aws_iam_user_policy.run of user dev']);
    }
    expect(await failOn(BASE, NEXT)).toBe(1);
    // Nothing changed: nothing added.
    expect(await failOn(BASE, BASE)).toBe(0);
  });

  it('the matrix shows the access on the columns of the bucket and the role', async () => {
    const r = await runCli(['matrix', NEXT, ...ENV, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as MatrixJson;
    const actionsOn = (arn: string): string[] => {
      const col = m.resources.findIndex((c) => c.arn === arn);
      const row = m.principals.findIndex((p) => p.arn === DEV);
      expect(col).toBeGreaterThanOrEqual(0);
      return (m.cells[row]?.[col] ?? []).flatMap((l) => l.actions.map((a) => a.action));
    };
    expect(actionsOn('arn:aws:s3:::command-output')).toContain('ssm:SendCommand');
    expect(actionsOn(`arn:aws:iam::${ACCOUNT}:role/ops`)).toContain('ssm:UpdateManagedInstanceRole');
  });
});
