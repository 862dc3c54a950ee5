// `iamspec matrix --principal P / --resource R --format json` writes a snapshot of those rows or
// columns only; it records that scope (`scope`, diff/snapshot-scope.ts), so `iamspec diff --base`
// compares the new state over the same rows and columns, says so, and passes `--fail-on added`
// when nothing changed there (before the record, every other principal of the new state counted
// as not compared and the diff always failed). A change within the scope is still found; a
// `--principal` or `--resource` outside it is an input error (the snapshot holds nothing to compare).
//
// AWS rule the mutation follows (IAM User Guide, "IAM user groups",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html): "any user in that user group
// automatically has the permissions that are assigned to the user group": john added to the IT
// group (AdministratorAccess attached) gains its access.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../src/analysis/diff/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-snapshot-scope-');
const TF = 'tf-example';
const JOHN = 'arn:aws:iam::629470240201:user/john';
const HR = 'arn:aws:s3:::company1-hr';

/** tf-example with john also a member of IT (AdministratorAccess). */
function johnInIt(): string {
  const d = join(dir, 'john-in-it');
  const text = readFileSync(`${TF}/main.tf`, 'utf8');
  const mutated = text.replace(
    /(resource "aws_iam_user_group_membership" "john" \{[^}]*aws_iam_group\.developers\.name,)/,
    '$1\n    aws_iam_group.it.name,',
  );
  expect(mutated).not.toBe(text);
  writeFileIn(d, 'main.tf', mutated);
  return d;
}
const MUTATED = johnInIt();

async function snapshot(name: string, ...args: string[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  const r = await runCli(['matrix', TF, ...args, '--format', 'json', '--out', file]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}

interface DiffJson {
  added: AccessChange[];
  notes: string[];
  notCompared?: unknown;
  scope?: { principals?: string[]; resources?: string[] };
}

async function diff(base: string, next: string, ...args: string[]) {
  return runCli(['diff', '--base', base, next, ...args]);
}

describe('a --principal snapshot', () => {
  it('records its scope, and the outside statements and memberships of its rows only', async () => {
    const value = JSON.parse(readFileSync(await snapshot('john', '--principal', 'user/john'), 'utf8'));
    expect(value.principals.map((p: { arn: string }) => p.arn)).toEqual([JOHN]);
    expect(value.scope).toEqual({ principals: [JOHN] });
    expect(value.outside).toBeUndefined();
    expect(new Set(value.outsideGrants.map((g: { principal: string }) => g.principal))).toEqual(
      new Set([JOHN]),
    );
    expect(value.outsideWitnesses.principals.map((p: { arn: string }) => p.arn)).toEqual([JOHN]);
    expect(Object.keys(value.memberships)).toEqual([JOHN]);
  });

  it('the unchanged state: no access change, the diff says what it compared, --fail-on added passes', async () => {
    const base = await snapshot('john', '--principal', 'user/john');
    const r = await diff(base, TF, '--fail-on', 'added');
    expect(r.stderr).not.toMatch(/not compared/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Access diff: No access change; compared: the base snapshot's 1 principal only\./,
    );
    const json = JSON.parse((await diff(base, TF, '--format', 'json')).stdout) as DiffJson;
    expect(json.added).toEqual([]);
    expect(json.notCompared).toBeUndefined();
    expect(json.scope).toEqual({ principals: [JOHN] });
    expect(json.notes.join('\n')).toContain('the diff compares it only: arn:aws:iam::629470240201:user/john');
  });

  it('john added to IT: his new access is added, --fail-on added fails; other principals are not compared', async () => {
    const base = await snapshot('john', '--principal', 'user/john');
    const json = JSON.parse((await diff(base, MUTATED, '--format', 'json')).stdout) as DiffJson;
    expect(json.added.length).toBeGreaterThan(0);
    expect(new Set(json.added.map((c) => c.principal))).toEqual(new Set([JOHN]));
    expect(json.added.some((c) => c.action === 'iam:PassRole')).toBe(true);
    expect((await diff(base, MUTATED, '--fail-on', 'added')).code).toBe(1);
  });

  it('a --principal outside the scope is an input error', async () => {
    const base = await snapshot('john', '--principal', 'user/john');
    const r = await diff(base, TF, '--principal', 'user/sarah');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('user/sarah is not in the base snapshot');
    expect((await diff(base, TF, '--principal', 'user/john', '--fail-on', 'added')).code).toBe(0);
  });

  it('merged shards keep the scope', async () => {
    const shards = [1, 2].map((i) => join(dir, `john-${i}.json`));
    for (const [i, file] of shards.entries()) {
      const r = await runCli([
        'matrix',
        TF,
        '--principal',
        'user/john',
        '--principal',
        'user/sarah',
        '--shard',
        `${i + 1}/2`,
        '--format',
        'json',
        '--out',
        file,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = join(dir, 'john-merged.json');
    expect((await runCli(['matrix', '--merge', ...shards, '--format', 'json', '--out', merged])).code).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(merged, 'utf8')).scope.principals).toHaveLength(2);
    const r = await diff(merged, TF, '--fail-on', 'added');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("compared: the base snapshot's 2 principals only");
    // The shards themselves as the base.
    const fromShards = await runCli([
      'diff',
      ...shards.flatMap((s) => ['--base', s]),
      TF,
      '--fail-on',
      'added',
    ]);
    expect(fromShards.code, fromShards.stdout + fromShards.stderr).toBe(0);
  });

  it('without the record (a snapshot of an older iamspec): every other principal is not compared and --fail-on added fails', async () => {
    const value = JSON.parse(readFileSync(await snapshot('john', '--principal', 'user/john'), 'utf8'));
    delete value.scope;
    const older = writeFileIn(dir, 'john-older.json', JSON.stringify(value));
    expect((await diff(older, TF, '--fail-on', 'added')).code).toBe(1);
  });
});

describe('a --resource snapshot', () => {
  it('records its scope; the unchanged state passes --fail-on added; a change on its resource is found', async () => {
    const base = await snapshot('hr', '--resource', HR);
    const value = JSON.parse(readFileSync(base, 'utf8'));
    expect(value.scope).toEqual({ resources: [HR] });
    expect(value.resources.map((r: { arn: string }) => r.arn)).toEqual([HR]);
    const same = await diff(base, TF, '--fail-on', 'added');
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toMatch(
      /^Access diff: No access change; compared: the base snapshot's 1 resource only\./,
    );
    const json = JSON.parse((await diff(base, MUTATED, '--format', 'json')).stdout) as DiffJson;
    expect(json.added.length).toBeGreaterThan(0);
    expect(new Set(json.added.map((c) => c.resource.replace(/\/\*$/, '')))).toEqual(new Set([HR]));
    expect(json.added.some((c) => c.principal === JOHN && c.action === 's3:PutObject')).toBe(true);
    const r = await diff(base, TF, '--resource', 'arn:aws:s3:::company1-logs');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not in the base snapshot');
  });
});
