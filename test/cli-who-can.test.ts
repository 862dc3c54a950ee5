// `iamspec who-can` on the company1 Terraform example (tf-example/plan.json with its
// configuration): who can read company1-hr, by which path, with which statements; conditional
// access (the bucket policy denies requests without TLS) and what pinning the context changes;
// resource references; usage errors.

import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';

const TF = ['tf-example/plan.json', 'tf-example/'];
const ACCOUNT = '629470240201';
const HR_OBJECT = 'arn:aws:s3:::company1-hr/x';

interface Entry {
  label: string;
  principal: string;
  kind: string;
  access: string;
  conditions: string[];
  path: { from: string; role: string; access: string; grants: { policy?: string; statement?: string }[] }[];
  final: { access: string; grants: { policy?: string; statement?: string; source?: { address?: string } }[] };
}

async function whoCanJson(args: string[]): Promise<{ action: string; resource: string; entries: Entry[] }> {
  const r = await runCli(['who-can', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('who-can s3:GetObject on company1-hr (SCENARIO.md, intended access 4)', () => {
  it('lists HR (john), IT (sarah), JohnUploadRole and john through JohnUploadRole, and nobody else', async () => {
    const out = await whoCanJson([...TF, '--action', 's3:GetObject', '--resource', HR_OBJECT]);
    expect(out.action).toBe('s3:GetObject');
    expect(out.resource).toBe(HR_OBJECT);
    expect(out.entries.map((e) => e.label).sort()).toEqual(
      ['role/JohnUploadRole', 'user/john', 'user/john → role/JohnUploadRole', 'user/sarah'].sort(),
    );
    const john = out.entries.find((e) => e.label === 'user/john')!;
    expect(john.final.grants.map((g) => g.policy)).toContainEqual(expect.stringContaining('HRPolicy'));
    const sarah = out.entries.find((e) => e.label === 'user/sarah')!;
    expect(sarah.final.grants.map((g) => g.policy)).toContainEqual(
      expect.stringContaining('AdministratorAccess'),
    );
  });

  it('gives the path through JohnUploadRole: the trust policy hop, then the role policy', async () => {
    const out = await whoCanJson([...TF, '--action', 's3:GetObject', '--resource', HR_OBJECT]);
    const chain = out.entries.find((e) => e.label === 'user/john → role/JohnUploadRole')!;
    expect(chain.principal).toBe(`arn:aws:iam::${ACCOUNT}:user/john`);
    expect(chain.path).toHaveLength(1);
    expect(chain.path[0]!.from).toBe(`arn:aws:iam::${ACCOUNT}:user/john`);
    expect(chain.path[0]!.role).toBe(`arn:aws:iam::${ACCOUNT}:role/JohnUploadRole`);
    expect(chain.path[0]!.access).toBe('allow');
    expect(chain.path[0]!.grants.some((g) => g.policy?.includes('trust policy'))).toBe(true);
    expect(chain.final.grants.map((g) => g.source?.address)).toContain('aws_iam_policy.upload_file');
  });

  it('is conditional without TLS assumed, and allowed once aws:SecureTransport=true is assumed or pinned', async () => {
    // S3 User Guide, "Enforce encryption of data in transit": a Deny on aws:SecureTransport false
    // blocks plain-HTTP requests, so access holds only for requests over TLS.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
    const free = await whoCanJson([
      ...TF,
      '--action',
      's3:GetObject',
      '--resource',
      HR_OBJECT,
      '--assume',
      'none',
    ]);
    for (const e of free.entries) {
      expect(e.access).toBe('conditional');
      expect(e.conditions.join(' ')).toContain('aws:SecureTransport');
    }
    const tls = await whoCanJson([
      ...TF,
      '--action',
      's3:GetObject',
      '--resource',
      HR_OBJECT,
      '--context',
      'aws:SecureTransport=true',
    ]);
    expect(tls.entries.map((e) => e.access)).toEqual(tls.entries.map(() => 'allow'));
    expect(tls.entries).toHaveLength(free.entries.length);
    // the default assumes TLS, as the matrix does
    const assumed = await whoCanJson([...TF, '--action', 's3:GetObject', '--resource', HR_OBJECT]);
    expect(assumed.entries).toEqual(tls.entries);
    const plain = await whoCanJson([
      ...TF,
      '--action',
      's3:GetObject',
      '--resource',
      HR_OBJECT,
      '--context',
      'aws:SecureTransport=false',
    ]);
    expect(plain.entries).toEqual([]);
  });

  it('--direct leaves out role chains', async () => {
    const out = await whoCanJson([...TF, '--action', 's3:GetObject', '--resource', HR_OBJECT, '--direct']);
    expect(out.entries.every((e) => e.path.length === 0)).toBe(true);
    expect(out.entries.map((e) => e.label)).not.toContain('user/john → role/JohnUploadRole');
  });

  it('prints the path and the sources in text', async () => {
    const r = await runCli(['who-can', ...TF, '--action', 's3:GetObject', '--resource', HR_OBJECT]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`Who can s3:GetObject on ${HR_OBJECT}`);
    expect(r.stdout.split('\n')[1]).toBe(
      'assumed: requests use TLS (aws:SecureTransport=true; --assume none to drop)',
    );
    expect(r.stdout).toContain('user/john → role/JohnUploadRole: allow');
    expect(r.stdout).toContain('1. user/john assumes role/JohnUploadRole: allow');
    // with the configuration, the statement is located on its .tf line (the statement block of
    // data.aws_iam_policy_document.upload_file), not in plan.json
    expect(r.stdout).toMatch(
      /Sid "UploadFile" at tf-example\/main\.tf:\d+:\d+ \(aws_iam_policy\.upload_file\)/,
    );
  });
});

describe('who-can: services through a role, references, errors', () => {
  it('lists EC2 acting through Company1-Logs-Role on company1-logs, via the instance profile', async () => {
    const out = await whoCanJson([
      ...TF,
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::company1-logs/a.log',
    ]);
    const ec2 = out.entries.filter((e) => e.kind === 'service');
    expect(ec2.map((e) => e.label)).toContain('ec2.amazonaws.com → role/Company1-Logs-Role');
    expect(ec2.find((e) => e.label === 'ec2.amazonaws.com → role/Company1-Logs-Role')).toMatchObject({
      via: expect.stringContaining('instance profile'),
    });
  });

  it('resolves a Terraform address with a suffix as the resource', async () => {
    const byRef = await whoCanJson([...TF, '--action', 's3:GetObject', '--resource', 'aws_s3_bucket.hr/x']);
    expect(byRef.resource).toBe(HR_OBJECT);
  });

  it('says that a resource holding * is one name, not a pattern (request/resource-pattern), as eval and explain do', async () => {
    // README: a request names one resource, so `*` and `?` are characters of its name; eval,
    // explain and who-can say so on stderr and still decide it.
    const r = await runCli([
      'who-can',
      ...TF,
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::company1-hr/*',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'iamspec: warning: resource "arn:aws:s3:::company1-hr/*" holds "*" or "?": a request names one resource',
    );
    expect(r.stdout).toContain('user/john: allow');
  });

  it('rejects a typo in the resource reference with exit 2 and one message', async () => {
    const r = await runCli([
      'who-can',
      ...TF,
      '--action',
      's3:GetObject',
      '--resource',
      'aws_s3_bucket.hrr/x',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^iamspec: --resource: /);
    expect(r.stderr).not.toContain('    at ');
  });

  it.each([
    [['--resource', HR_OBJECT], '--action required'],
    [['--action', 's3:Get*', '--resource', HR_OBJECT], 'wildcards belong in policies'],
    [
      ['--action', 's3:GetObject', '--resource', HR_OBJECT, '--format', 'csv'],
      '--format expects text or json',
    ],
    [['--action', 's3:GetObject', '--resource', HR_OBJECT, '--max-depth', '0'], '--max-depth expects'],
  ])('usage error %j', async (args, message) => {
    const r = await runCli(['who-can', ...TF, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Run 'iamspec who-can --help'");
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await runCli(['who-can', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: iamspec who-can INPUT\.\.\./);
  });
});
