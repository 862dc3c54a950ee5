// Where a group membership comes from (src/model/types.ts `User.memberships`): a user's access
// through a group is granted by the group's statements, but given by the membership, a separate
// element of the inputs. `explain` names each membership of the principal with its source, and a
// diff names the memberships a user gains or loses (src/analysis/diff/memberships.ts).
//
// AWS rules pinned here:
// - IAM User Guide, "IAM user groups": "An IAM user group is a collection of IAM users ... any
//   user in that user group automatically has the permissions that are assigned to the user
//   group." https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
// - Terraform AWS provider, aws_iam_user_group_membership / CloudFormation
//   AWS::IAM::UserToGroupAddition: a membership is its own resource, written apart from the
//   user and the group.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiffMarkdown } from '../src/report/diff-markdown.js';
import { formatDiffText } from '../src/report/diff-text.js';
import { iamspecMatchers } from '../src/testing/matchers.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const FX = 'test/fixtures/memberships';
const opts = { account: '111122223333', region: 'us-east-1' };

describe('the model keeps where each membership is written', () => {
  it.each([
    ['Terraform', `${FX}/tf`, { address: 'aws_iam_user_group_membership.alice_readers', line: 27 }],
    ['CloudFormation', `${FX}/template.yaml`, { logicalId: 'AddAlice' }],
  ])('%s', (_name, input, where) => {
    const m = loadModelSync([input], opts);
    const alice = m.users.find((u) => u.name === 'alice')!;
    const readers = m.groups.find((g) => g.name === 'readers')!;
    expect(alice.groups).toEqual([readers.id]);
    expect(alice.memberships).toHaveLength(1);
    expect(alice.memberships[0]!.group).toBe(readers.id);
    expect(alice.memberships[0]!.source).toMatchObject(where);
  });
});

describe('explain names the membership that gives the group policies', () => {
  it.each([
    [
      `${FX}/tf`,
      /member of group readers, the membership at .*main\.tf:27:1 \(aws_iam_user_group_membership\.alice_readers\)/,
    ],
    [
      `${FX}/template.yaml`,
      /member of group readers, the membership at .*template\.yaml:\d+:\d+ \(logical id AddAlice\)/,
    ],
  ])('%s', async (input, expected) => {
    const r = await runCli([
      'explain',
      input,
      '--account',
      opts.account,
      '--region',
      opts.region,
      '--principal',
      'user/alice',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::data/k',
    ]);
    expect(r.stdout).toMatch(/^ALLOW/);
    const request = r.stdout.slice(0, r.stdout.indexOf('How it was decided'));
    expect(request).toMatch(expected);
  });
});

describe('the matchers name the membership as explain does (one wording, the group by name)', () => {
  it.each([`${FX}/tf`, `${FX}/template.yaml`])('%s', (input) => {
    const model = loadModelSync([input], opts);
    const r = iamspecMatchers.toDeny.call({ isNot: false }, model, {
      principal: 'user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/k',
    });
    expect(r.pass).toBe(false);
    const message = r.message();
    expect(message).toMatch(/^ {13}member of group readers, the membership at /m);
    expect(message).not.toContain('member of group arn:');
  });
});

describe('a diff names the membership a user gains or loses', () => {
  const base = loadModelSync([`${FX}/tf-base`], opts);
  const next = loadModelSync([`${FX}/tf`], opts);

  it('gained: the new state membership, with its source, under the user', async () => {
    const diff = await diffModels(base, next);
    const alice = 'arn:aws:iam::111122223333:user/alice';
    expect(diff.labels.principals[alice]?.memberships).toEqual([
      expect.objectContaining({
        group: 'readers',
        state: 'after',
        source: expect.objectContaining({ address: 'aws_iam_user_group_membership.alice_readers' }),
      }),
    ]);
    const text = formatDiffText(diff);
    expect(text).toContain(
      'member of group readers in the new state: the membership at test/fixtures/memberships/tf/main.tf:27:1 (aws_iam_user_group_membership.alice_readers)',
    );
  });

  it('markdown: the membership under the user, in its section', async () => {
    const md = formatDiffMarkdown(await diffModels(base, next));
    const section = md.slice(md.indexOf('<details>'), md.indexOf('</details>'));
    expect(section).toContain('alice');
    expect(section).toMatch(
      /^- member of group readers in the new state: the membership at test\/fixtures\/memberships\/tf\/main\.tf:27:1 \(aws\\?_iam\\?_user\\?_group\\?_membership\.alice\\?_readers\)$/m,
    );
  });

  it("html: the membership among the user's changes", async () => {
    const out = join(tempDir('iamspec-memberships-'), 'diff.html');
    const r = await runCli(['diff', '--base', `${FX}/tf-base`, `${FX}/tf`, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(
      'member of group readers in the new state: the membership at test/fixtures/memberships/tf/main.tf:27:1',
    );
  });

  it('lost: the base membership', async () => {
    const text = formatDiffText(await diffModels(next, base));
    expect(text).toContain("no longer member of group readers: the base's membership at");
  });

  it('unchanged memberships are not repeated', async () => {
    const diff = await diffModels(next, next);
    expect(Object.values(diff.labels.principals).some((p) => p.memberships)).toBe(false);
  });
});

describe('a snapshot diff names the membership too (the snapshot records memberships)', () => {
  const dir = tempDir('iamspec-memberships-snapshot-');
  async function snapshotOf(input: string): Promise<string> {
    const file = join(dir, `${input.replaceAll('/', '-')}.json`);
    const r = await runCli(['matrix', input, '--format', 'json', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    return file;
  }

  it('gained and lost against the snapshot, as the two-input diff says', async () => {
    const base = await snapshotOf(`${FX}/tf-base`);
    const gained = await runCli(['diff', '--base', base, `${FX}/tf`]);
    expect(gained.code, gained.stderr).toBe(0);
    expect(gained.stdout).toContain(
      'member of group readers in the new state: the membership at test/fixtures/memberships/tf/main.tf:27:1 (aws_iam_user_group_membership.alice_readers)',
    );
    const next = await snapshotOf(`${FX}/tf`);
    const recorded = JSON.parse(readFileSync(next, 'utf8')).memberships;
    expect(recorded['arn:aws:iam::111122223333:user/alice']).toEqual([
      {
        group: 'readers',
        source: expect.objectContaining({ address: 'aws_iam_user_group_membership.alice_readers' }),
      },
    ]);
    const lost = await runCli(['diff', '--base', next, `${FX}/tf-base`]);
    expect(lost.stdout).toContain(
      "no longer member of group readers: the base's membership at test/fixtures/memberships/tf/main.tf:27:1 (aws_iam_user_group_membership.alice_readers)",
    );
  });

  it('a snapshot without the record (older) still reads: the access change, no membership named', async () => {
    const value = JSON.parse(readFileSync(await snapshotOf(`${FX}/tf`), 'utf8'));
    delete value.memberships;
    const older = writeFileIn(dir, 'older.json', JSON.stringify(value));
    const r = await runCli(['diff', '--base', older, `${FX}/tf-base`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 principal loses access/);
    expect(r.stdout).not.toContain('member of group');
  });
});

describe('who-can names the membership that gives the group policies', () => {
  it.each([
    [
      `${FX}/tf`,
      /^ {2}member of group readers, the membership at .*main\.tf:27:1 \(aws_iam_user_group_membership\.alice_readers\)$/m,
    ],
    [
      `${FX}/template.yaml`,
      /^ {2}member of group readers, the membership at .*template\.yaml:\d+:\d+ \(logical id AddAlice\)$/m,
    ],
  ])('%s', async (input, expected) => {
    const args = ['who-can', input, '--account', opts.account, '--region', opts.region];
    const r = await runCli([...args, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::data/k']);
    expect(r.code, r.stderr).toBe(0);
    const alice = r.stdout.slice(r.stdout.indexOf('user/alice'));
    expect(alice).toMatch(expected);
    const json = await runCli([
      ...args,
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::data/k',
      '--format',
      'json',
    ]);
    const entry = JSON.parse(json.stdout).entries.find((e: { principal: string }) =>
      e.principal.endsWith(':user/alice'),
    );
    expect(entry.groups).toEqual(['readers']);
    expect(entry.memberships).toEqual([
      { group: 'readers', source: expect.objectContaining({ line: expect.any(Number) }) },
    ]);
  });
});
