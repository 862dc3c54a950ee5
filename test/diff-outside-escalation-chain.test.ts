// `iamspec diff --fail-on risk` when only an intermediate role of an outside account's path
// changes: account 999988887777 may assume the role Entry, Entry may assume Mid; the pull request
// gives Mid administrator access (Entry and its trust unchanged). The outside-escalation finding
// ("account 999988887777 can become administrator-equivalent through role Entry") belongs to
// Entry, which the change does not touch; it must still be new in the diff, from two inputs and
// from an access snapshot, and `--fail-on risk` must exit 1. Likewise when Mid's way up is a user
// it can take over (iam:CreateAccessKey) that becomes an administrator. (A regression guard: the
// diff reviews every principal again when any role changes, `layout.ts` `riskContextOf`, and the
// principals that can take over a changed user, `risk-takeovers.ts`; it passed before this round.)
// The rule (IAM User Guide, "Switch from a user to an IAM role (AWS CLI)"): "When you assume a
// role, you give up your original permissions and take the permissions assigned to the role."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RiskFinding } from '../src/analysis/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ENV = ['--account', '111122223333', '--region', 'eu-west-1'];
const dir = tempDir('iamspec-diff-outside-esc-');
const doc = (statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const trust = (aws: string) => doc([{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }]);

function template(opts: { midAdmin?: boolean; userAdmin?: boolean; midTakesUser?: boolean }) {
  const mid: Record<string, unknown> = {
    RoleName: 'Mid',
    AssumeRolePolicyDocument: trust('arn:aws:iam::111122223333:role/Entry'),
    Policies: [
      {
        PolicyName: 'mid',
        PolicyDocument: doc([
          opts.midTakesUser
            ? { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::111122223333:user/x' }
            : { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-data/*' },
        ]),
      },
    ],
  };
  if (opts.midAdmin) mid.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess'];
  const user: Record<string, unknown> = { UserName: 'x' };
  if (opts.userAdmin) user.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess'];
  return {
    Resources: {
      Entry: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'Entry',
          AssumeRolePolicyDocument: trust('arn:aws:iam::999988887777:root'),
          Policies: [
            {
              PolicyName: 'hop',
              PolicyDocument: doc([
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/Mid' },
              ]),
            },
          ],
        },
      },
      Mid: { Type: 'AWS::IAM::Role', Properties: mid },
      X: { Type: 'AWS::IAM::User', Properties: user },
    },
  };
}

/** The new outside-escalation findings, each way as its own (`SUBJECT CALLER: WAY`, the detail before the grouping). */
const outsideAdded = (stdout: string) =>
  (JSON.parse(stdout).risks.added as RiskFinding[])
    .filter((f) => f.kind === 'outside-escalation')
    .flatMap((f) => (f.ways ?? []).map((w) => `${f.subject} ${f.detail}: ${w.detail}`));

describe('diff: an outside-escalation finding whose intermediate role changed', () => {
  it('Mid becomes an administrator: the finding on Entry is new (inputs and snapshot base), --fail-on risk exits 1', async () => {
    const base = writeFileIn(dir, 'mid-base/t.json', template({}));
    const next = writeFileIn(dir, 'mid-next/t.json', template({ midAdmin: true }));
    const expected = ['arn:aws:iam::111122223333:role/Entry account 999988887777: administrator access'];
    const two = await runCli(['diff', '--base', base, next, ...ENV, '--format', 'json', '--fail-on', 'risk']);
    expect(outsideAdded(two.stdout)).toEqual(expected);
    expect(two.code).toBe(1);
    const snapshot = join(dir, 'mid-snapshot.json');
    expect((await runCli(['matrix', base, ...ENV, '--format', 'json', '--out', snapshot])).code).toBe(0);
    const fromSnapshot = await runCli([
      'diff',
      '--base',
      snapshot,
      next,
      ...ENV,
      '--format',
      'json',
      '--fail-on',
      'risk',
    ]);
    expect(outsideAdded(fromSnapshot.stdout)).toEqual(expected);
    expect(fromSnapshot.code).toBe(1);
  });

  it('a user Mid can take over becomes an administrator: the finding on Entry is new, --fail-on risk exits 1', async () => {
    const base = writeFileIn(dir, 'user-base/t.json', template({ midTakesUser: true }));
    const next = writeFileIn(dir, 'user-next/t.json', template({ midTakesUser: true, userAdmin: true }));
    const two = await runCli(['diff', '--base', base, next, ...ENV, '--format', 'json', '--fail-on', 'risk']);
    // one finding per caller and role: the new way first (administrator access), then the way the
    // base had already (a chain through the user)
    expect(outsideAdded(two.stdout)).toEqual([
      'arn:aws:iam::111122223333:role/Entry account 999988887777: administrator access',
      'arn:aws:iam::111122223333:role/Entry account 999988887777: Rhino Security Labs method 4, through a chain',
    ]);
    expect(two.code).toBe(1);
  });
});
