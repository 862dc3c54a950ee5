// `iamspec diff --base SNAPSHOT` when the snapshot was written with other options than the diff
// run: `--open-accounts` (the "any role / any user" rows of each account), `--account` (the ARNs
// of every element whose account the inputs leave open) or the organisation assumption
// `--scp-full-access-detached`. Before the fix such a base was compared: the diff showed rows
// added and removed that no change of the inputs made (the open-account rows, every ARN under
// another account). The snapshot now records these options (`options` in the matrix JSON,
// src/analysis/diff/snapshot-options.ts) and a base written with others is refused (exit 2,
// with what differs), also as merged shards; a snapshot without the record (older) is compared
// only when the run uses the defaults.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incompatibleOptions, snapshotOptionsOf } from '../src/analysis/diff/snapshot-options.js';
import { runCli } from './fixtures/cli/run.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';
import { lambdaRoleReading } from './helpers/cfn-user-policy.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-diff-options-');
// A bucket whose policy lets any principal of the account read it: with --open-accounts the
// account's "any role" is a row of its own.
const template = writeFileIn(dir, 'app.json', {
  Resources: {
    ...dataBucketWithPolicy('acme-data', [
      {
        Effect: 'Allow',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
        Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::acme-data/*',
      },
    ]),
    App: lambdaRoleReading('App', 'Read', 'arn:aws:s3:::acme-data/*'),
  },
});

async function snapshot(name: string, options: string[]): Promise<string> {
  const out = join(dir, name);
  const r = await runCli(['matrix', template, ...options, '--format', 'json', '--out', out]);
  expect(r.code).toBe(0);
  return out;
}

const diff = (base: string, options: string[]) =>
  runCli(['diff', '--base', base, template, ...options, '--format', 'json', '--fail-on', 'added']);

describe('diff --base SNAPSHOT written with other options', () => {
  it('records the options in the matrix JSON', async () => {
    const file = await snapshot('open.json', ['--account', '111122223333', '--open-accounts']);
    expect(JSON.parse(readFileSync(file, 'utf8')).options).toEqual({
      openAccounts: true,
      account: '111122223333',
    });
  });

  it('the same options: compared (no change); other --open-accounts, --account or organisation options: refused, exit 2', async () => {
    const plain = await snapshot('plain.json', ['--account', '111122223333']);
    const same = await diff(plain, ['--account', '111122223333']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).added).toEqual([]);

    const open = await diff(plain, ['--account', '111122223333', '--open-accounts']);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('--open-accounts: snapshot not given, this run given');
    expect(open.stdout).toBe('');

    const account = await diff(plain, ['--account', '444455556666']);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain('--account: snapshot 111122223333, this run 444455556666');

    const detached = await diff(plain, ['--account', '111122223333', '--scp-full-access-detached', 'r-abcd']);
    expect(detached.code).toBe(2);
    expect(detached.stderr).toContain('--scp-full-access-detached: snapshot not given, this run r-abcd');
  });

  it('merged shards are checked too (and a --context shard is refused as a snapshot is)', async () => {
    const shards = [1, 2].map((i) => join(dir, `shard-${i}.json`));
    for (const [i, out] of shards.entries()) {
      const r = await runCli([
        'matrix',
        template,
        '--account',
        '111122223333',
        '--shard',
        `${i + 1}/2`,
        '--format',
        'json',
        '--out',
        out,
      ]);
      expect(r.code).toBe(0);
    }
    const open = await runCli([
      'diff',
      ...shards.flatMap((s) => ['--base', s]),
      template,
      '--open-accounts',
      '--account',
      '111122223333',
    ]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('--open-accounts');
  });

  it('an older snapshot without the record: compared with the defaults only', async () => {
    const file = await snapshot('old.json', []);
    const value = JSON.parse(readFileSync(file, 'utf8'));
    delete value.options;
    writeFileSync(file, JSON.stringify(value));
    expect((await diff(file, [])).code).toBe(0);
    const refused = await diff(file, ['--open-accounts']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('does not record the options');
    expect(incompatibleOptions(undefined, snapshotOptionsOf({}))).toBeUndefined();
    expect(incompatibleOptions(undefined, snapshotOptionsOf({ account: '111122223333' }))).toContain(
      '--account',
    );
  });
});
