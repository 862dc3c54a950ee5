// `iamspec matrix` on the company1 Terraform example (tf-example/plan.json with its
// configuration): the five formats, row and column filters with model references, the HTML
// review written with --out or to stdout, and usage / reference errors (exit 2).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MatrixJson } from '../src/analysis/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir } from './helpers/temp-inputs.js';

const TF = ['tf-example/plan.json', 'tf-example/'];
const ACCOUNT = '629470240201';
const SARA = `arn:aws:iam::${ACCOUNT}:user/Sara-intern`;

async function matrixJson(args: string[]): Promise<MatrixJson> {
  const r = await runCli(['matrix', ...TF, ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as MatrixJson;
}

function cellOf(m: MatrixJson, principalArn: string, resourceName: string) {
  const p = m.principals.findIndex((x) => x.arn === principalArn);
  const r = m.resources.findIndex((x) => x.name === resourceName);
  expect(p).toBeGreaterThanOrEqual(0);
  expect(r).toBeGreaterThanOrEqual(0);
  return m.cells[p]![r]!;
}

describe('matrix --format json', () => {
  it('has every user and role by every bucket, and Sara-intern lists company1-logs only (SCENARIO.md 1)', async () => {
    const m = await matrixJson([]);
    expect(m.levels).toEqual(['List', 'Read', 'Write', 'Permissions management', 'Tagging']);
    expect(m.principals.map((p) => `${p.kind}/${p.name}`).sort()).toEqual(
      [
        'role/Company1-GitHubDeploy-Role',
        'role/Company1-Logs-Role',
        'role/JohnUploadRole',
        'user/Sara-intern',
        'user/john',
        'user/sarah',
        'user/uploader',
      ].sort(),
    );
    // buckets, and roles as columns (who may sts:AssumeRole / iam:PassRole them)
    expect(m.resources.map((r) => r.name).sort()).toEqual([
      'Company1-GitHubDeploy-Role',
      'Company1-Logs-Role',
      'JohnUploadRole',
      'company1-hr',
      'company1-logs',
      'company1-sales',
      'company1-uploads',
    ]);
    expect(m.resources.filter((r) => r.kind === 'iam-role')).toHaveLength(3);
    // john may assume JohnUploadRole: its column shows it (sts:AssumeRole is a Write action)
    const john = m.principals.findIndex((p) => p.name === 'john');
    const upload = m.resources.findIndex((r) => r.name === 'JohnUploadRole');
    expect(m.cells[john]![upload]!.flatMap((c) => c.actions.map((a) => a.action))).toContain(
      'sts:AssumeRole',
    );
    // IAM User Guide, "Permissions boundaries for IAM entities": the effective permissions are
    // the intersection of the identity-based policies and the boundary (ListBucket only).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const logs = cellOf(m, SARA, 'company1-logs');
    expect(logs.map((c) => c.access)).toEqual(['allow', 'deny', 'deny', 'deny', 'deny']);
    expect(logs[0]!.actions.map((a) => a.action)).toEqual(['s3:ListBucket']);
    for (const bucket of ['company1-hr', 'company1-sales', 'company1-uploads']) {
      expect(cellOf(m, SARA, bucket).every((c) => c.access === 'deny')).toBe(true);
    }
  });

  it('--principal and --resource take model references; a group stands for its members', async () => {
    const one = await matrixJson(['--principal', 'user/Sara-intern', '--resource', 'aws_s3_bucket.logs']);
    expect(one.principals.map((p) => p.arn)).toEqual([SARA]);
    expect(one.resources.map((r) => r.arn)).toEqual(['arn:aws:s3:::company1-logs']);
    const group = await matrixJson([
      '--principal',
      'group/Developers',
      '--resource',
      'arn:aws:s3:::company1-logs',
    ]);
    expect(group.principals.map((p) => p.name).sort()).toEqual(['Sara-intern', 'john']);
  });

  it('a row or column the model does not have is a warning on stderr (never a silent row of denies)', async () => {
    const r = await runCli([
      'matrix',
      ...TF,
      '--principal',
      `arn:aws:iam::${ACCOUNT}:user/Sara-interm`,
      '--resource',
      'arn:aws:s3:::company1-logz',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `iamspec: warning: principal "arn:aws:iam::${ACCOUNT}:user/Sara-interm" names no user of account ${ACCOUNT} in the model`,
    );
    expect(r.stderr).toContain('did you mean user/Sara-intern?');
    expect(r.stderr).toContain('names the bucket "company1-logz", which is not in the model');
  });

  it('requests are assumed to use TLS (stated once); --assume none leaves the TLS-only deny conditional; --context pins', async () => {
    const args = ['--principal', 'user/john', '--resource', 'aws_s3_bucket.hr'];
    const assumed = await matrixJson(args);
    expect(assumed.cells[0]![0]![1]!.access).toBe('allow');
    expect((assumed as { assumed?: unknown }).assumed).toEqual({ 'aws:SecureTransport': 'true' });
    const free = await matrixJson([...args, '--assume', 'none']);
    expect(free.cells[0]![0]![1]!.access).toBe('conditional');
    expect((free as { assumed?: unknown }).assumed).toBeUndefined();
    const tls = await matrixJson([...args, '--assume', 'none', '--context', 'aws:SecureTransport=true']);
    expect(tls.cells[0]![0]![1]!.access).toBe('allow');
    const text = await runCli(['matrix', ...TF, '--principal', 'user/john']);
    expect(
      text.stdout.match(/^assumed: requests use TLS \(aws:SecureTransport=true; --assume none to drop\)$/gm),
    ).toHaveLength(1);
  });
});

describe('matrix text, csv, markdown', () => {
  it('text: a grid with one mark per level', async () => {
    const r = await runCli(['matrix', ...TF]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('principal '))!;
    const sara = lines.find((l) => l.startsWith('user/Sara-intern '))!;
    const at = header.indexOf('company1-logs');
    expect(sara.slice(at, at + 5)).toBe('L....');
  });

  it('csv: one record per principal x resource x level', async () => {
    const r = await runCli(['matrix', ...TF, '--format', 'csv']);
    expect(r.code).toBe(0);
    const records = r.stdout.split('\r\n').filter(Boolean);
    expect(records[0]).toBe(
      'principal,principal_arn,principal_kind,resource,resource_arn,resource_kind,level,access,actions,conditions,grants,reasons',
    );
    // 7 principals x (4 buckets + 3 roles) x 5 levels, and the GitHub entry point into the deploy role
    expect(records).toHaveLength(1 + 7 * 7 * 5 + 1);
    expect(
      records.find(
        (l) => l.startsWith('user/Sara-intern,') && l.includes(',company1-logs,') && l.includes(',List,'),
      ),
    ).toContain(',allow,s3:ListBucket,');
  });

  it('markdown: a table', async () => {
    const r = await runCli(['matrix', ...TF, '--format', 'markdown', '--principal', 'user/Sara-intern']);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| user/Sara-intern |'))!;
    expect(
      row
        .split(' | ')
        .slice(1)
        .map((c) => c.replace(/ \|$/, '')),
    ).toEqual(
      ['company1-hr', 'company1-logs', 'company1-sales', 'company1-uploads', 'role1', 'role2', 'role3'].map(
        (b) => (b === 'company1-logs' ? 'List' : '—'),
      ),
    );
    expect(r.stdout.split('\n').find((l) => l.startsWith('| Principal |'))).toBe(
      '| Principal | company1-hr | company1-logs | company1-sales | company1-uploads | Company1-GitHubDeploy-Role | JohnUploadRole | Company1-Logs-Role |',
    );
  });
});

describe('matrix --format html (the access review)', () => {
  it('writes the review to --out, flagging sarah as administrator-equivalent', async () => {
    const out = join(tempDir('iamspec-matrix-'), 'review.html');
    const r = await runCli([
      'matrix',
      ...TF,
      '--format',
      'html',
      '--out',
      out,
      '--title',
      'company1 <review>',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`iamspec matrix: wrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>company1 &lt;review&gt;</title>');
    const admin = html.slice(
      html.indexOf('id="risk-admin-equivalent"'),
      html.indexOf('id="risk-privilege-escalation"'),
    );
    expect(admin).toContain('user/sarah');
    expect(admin).toContain('AdministratorAccess');
    expect(html).toContain('<code>tf-example/plan.json</code>');
  });

  it('writes to stdout without --out', async () => {
    const r = await runCli(['matrix', ...TF, '--format', 'html', '--principal', 'user/Sara-intern']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('</html>')).toBe(true);
  });
});

describe('matrix errors', () => {
  it('a typo in --principal is an input error naming the option (exit 2)', async () => {
    const r = await runCli(['matrix', ...TF, '--principal', 'user/Sara-inter']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^iamspec: --principal: /);
    expect(r.stderr).not.toContain('    at ');
  });

  it.each([
    [['--format', 'xml'], '--format expects text, json, csv, markdown, html'],
    [['--title', 'x'], '--title applies to --format html only'],
    [['--bogus'], 'unknown option --bogus'],
  ])('usage error %j', async (args, message) => {
    const r = await runCli(['matrix', ...TF, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Run 'iamspec matrix --help'");
  });

  it('an --out path that cannot be written is an input error (exit 2)', async () => {
    const r = await runCli(['matrix', ...TF, '--out', '/nonexistent-dir/review.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^iamspec: \/nonexistent-dir\/review\.txt: cannot write the output/);
  });
});

// Issue 15, "Review": `matrix` shows the federated entry points, as the HTML review does: who
// outside AWS can become which role (the provider), with the conditions that let it in.
describe('matrix text, markdown and CSV: federated entry points', () => {
  const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/Company1-GitHubDeploy-Role`;
  const SUB = 'token.actions.githubusercontent.com:sub is "repo:company1/infra:ref:refs/heads/main"';

  it('text: a section naming the provider, the role and the sub condition', async () => {
    const r = await runCli(['matrix', ...TF]);
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('Federated entry points'));
    expect(section).toMatch(
      /^ {2}GitHub Actions \(OIDC provider token\.actions\.githubusercontent\.com\) can assume role Company1-GitHubDeploy-Role \(sts:AssumeRoleWithWebIdentity, conditional\) when /m,
    );
    expect(section).toContain(SUB);
  });

  it('markdown: a section with the same entry', async () => {
    const r = await runCli(['matrix', ...TF, '--format', 'markdown']);
    const section = r.stdout.slice(r.stdout.indexOf('### Federated entry points'));
    expect(section).toContain(
      'can assume role Company1-GitHubDeploy-Role (sts:AssumeRoleWithWebIdentity, conditional)',
    );
    expect(section).toContain('repo:company1/infra:ref:refs/heads/main');
  });

  it('CSV: a record of principal kind federated on the role, with the action, conditions and trust statement', async () => {
    const r = await runCli(['matrix', ...TF, '--format', 'csv']);
    const records = r.stdout.split('\r\n').filter((l) => l.includes(',federated,'));
    expect(records).toHaveLength(1);
    expect(records[0]).toContain(
      `,arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com,federated,`,
    );
    expect(records[0]).toContain(`,${DEPLOY},iam-role,Write,conditional,sts:AssumeRoleWithWebIdentity,`);
    expect(records[0]).toContain('tf-example/main.tf:');
  });

  it('no section when no role the provider trusts is a column', async () => {
    const r = await runCli(['matrix', ...TF, '--resource', 'JohnUploadRole']);
    expect(r.stdout).not.toContain('Federated entry points');
  });
});
