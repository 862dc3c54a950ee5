// The matrix, the access diff against a snapshot and the access-snapshot matcher assume a TLS
// context too (`--assume`, aws:SecureTransport=true by default) and had the hole who-can had
// (test/assumed-context.test.ts): a user allowed `s3:*` only on `Bool aws:SecureTransport: false`
// showed `.....` in the matrix, `diff --base snap.json --fail-on added` said "No access change"
// and exited 0, and the snapshot summary had no access for them. The assumption settles
// conditions but never hides access (src/analysis/assumed-context.ts `reportedDecision`): a cell
// it denies is decided again with the assumed keys free and shows conditional on
// `aws:SecureTransport is "false"`.
//
// Amazon S3 User Guide, "Protecting data in transit with encryption",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html: "Amazon S3
// supports both HTTP and HTTPS protocols for data transmission. ... While HTTP traffic is
// accepted, most implementations use encryption in transit with HTTPS and TLS".

import { describe, expect, it } from 'vitest';
import { accessSummary } from '../src/analysis/access-summary.js';
import { assumptionMayHide } from '../src/analysis/assumed-context.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { formatAccessSummary } from '../src/report/access-summary.js';
import { DEFAULT_ASSUMED } from '../src/report/assumed.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const PAGE =
  'Amazon S3 User Guide, "Protecting data in transit with encryption": "Amazon S3 supports both HTTP and HTTPS protocols for data transmission. ... While HTTP traffic is accepted", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html';

const TLS = { 'aws:SecureTransport': 'true' };
const HTTP_ONLY = { Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const TLS_ONLY = { Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
const BUCKET = 'arn:aws:s3:::qa-bucket';

/** A user allowed s3:* on qa-bucket and its objects only without TLS (the QA input). */
function httpOnlyUser(): TestModel {
  const t = new TestModel();
  t.bucket('qa-bucket');
  t.user('qa', { inline: [policy(allow('s3:*', [BUCKET, `${BUCKET}/*`], HTTP_ONLY))] });
  return t;
}

const template = (withGrant: boolean) => ({
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'qa-bucket' } },
    User: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'qa',
        ...(withGrant
          ? {
              Policies: [
                {
                  PolicyName: 'http-only',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [
                      { Effect: 'Allow', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], ...HTTP_ONLY },
                    ],
                  },
                },
              ],
            }
          : {}),
      },
    },
  },
});
const WHERE = ['--account', '111122223333', '--region', 'us-east-1'];

describe(`the matrix: the assumed TLS context never hides access granted without TLS (${PAGE})`, () => {
  it('the cell of a user allowed only over HTTP is conditional on aws:SecureTransport "false"', () => {
    const engine = httpOnlyUser().engine();
    const m = buildMatrix(engine, { assumed: TLS, resources: [BUCKET] });
    const cells = m.cells.row(0);
    expect(cells[0]!.map((c) => c.access)).toEqual(Array(5).fill('conditional'));
    expect(cells[0]![0]!.actions[0]!.conditions.join(' ')).toContain('aws:SecureTransport is "false"');
    // pinned (--context) it stays out: the request the user asks about uses TLS
    const pinned = buildMatrix(engine, { context: TLS, assumed: TLS, resources: [BUCKET] });
    expect(pinned.cells.row(0)[0]!.map((c) => c.access)).toEqual(Array(5).fill('deny'));
  });

  it('the assumption still settles a TLS-only Deny: allowed, not conditional', () => {
    const t = new TestModel();
    t.bucket('qa-bucket', {
      policy: policy(deny('s3:*', [BUCKET, `${BUCKET}/*`], { Principal: '*', ...HTTP_ONLY })),
    });
    t.user('qa', { inline: [policy(allow('s3:GetObject', '*'))] });
    const m = buildMatrix(t.engine(), { assumed: TLS, resources: [BUCKET] });
    const read = m.cells.row(0)[0]![1]!;
    expect(read.access).toBe('allow');
  });

  it('decides again only where a statement could grant more without the assumption', () => {
    const tlsDeny = new TestModel();
    tlsDeny.bucket('qa-bucket', {
      policy: policy(deny('s3:*', `${BUCKET}/*`, { Principal: '*', ...HTTP_ONLY })),
    });
    tlsDeny.user('qa', { inline: [policy(allow('s3:*', '*', TLS_ONLY))] });
    // the bench organisation's statements: an Allow on TLS, a Deny without it
    expect(assumptionMayHide(tlsDeny.model(), TLS)).toBe(false);
    expect(assumptionMayHide(httpOnlyUser().model(), TLS)).toBe(true);
    expect(assumptionMayHide(httpOnlyUser().model(), {})).toBe(false);
    // a Deny that applies under TLS only could deny less without it
    const denyOnTls = new TestModel();
    denyOnTls.bucket('qa-bucket', {
      policy: policy(deny('s3:*', `${BUCKET}/*`, { Principal: '*', ...TLS_ONLY })),
    });
    expect(assumptionMayHide(denyOnTls.model(), TLS)).toBe(true);
  });

  it('iamspec matrix shows the cell conditional, in text and JSON (it showed ".....")', async () => {
    const file = await tempJson('http-only.template.json', template(true));
    const text = await runCli(['matrix', file, ...WHERE]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/user\/qa\s+lrwpt/);
    expect(text.stdout).toContain('aws:SecureTransport is "false"');
    const json = await runCli(['matrix', file, ...WHERE, '--format', 'json']);
    const out = JSON.parse(json.stdout);
    const row = out.principals.findIndex((p: { arn: string }) => p.arn === arns.user('qa'));
    const col = out.resources.findIndex((r: { arn: string }) => r.arn === BUCKET);
    const cell = out.cells[row][col] as { access: string }[];
    expect(cell.map((c) => c.access)).toEqual(Array(5).fill('conditional'));
  });

  it('diff --base SNAPSHOT --fail-on added reports the access and exits 1 (it said "No access change")', async () => {
    const base = await tempJson('base.template.json', template(false));
    const next = await tempJson('next.template.json', template(true));
    const snap = `${base}.snap.json`;
    expect((await runCli(['matrix', base, ...WHERE, '--format', 'json', '--out', snap])).code).toBe(0);
    const diff = await runCli(['diff', '--base', snap, next, ...WHERE, '--fail-on', 'added']);
    expect(diff.stdout).not.toContain('No access change');
    expect(diff.stdout).toContain('user/qa');
    expect(diff.stdout).toContain('aws:SecureTransport is "false"');
    expect(diff.code).toBe(1);
  });

  it('diff --base SNAPSHOT on a bucket outside the inputs: access granted only without TLS is added there too', async () => {
    // The snapshot records the user's cells on witness columns of buckets the inputs do not have
    // (diff/outside-compare.ts); those were decided with the assumption pinned, so the new state's
    // HTTP-only grant read as a removal, never as added access.
    const OUTSIDE = 'arn:aws:s3:::elsewhere';
    const outsideTemplate = (condition: Record<string, unknown>, action: string) => ({
      Resources: {
        User: {
          Type: 'AWS::IAM::User',
          Properties: {
            UserName: 'qa',
            Policies: [
              {
                PolicyName: 'outside',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: action, Resource: `${OUTSIDE}/*`, ...condition }],
                },
              },
            ],
          },
        },
      },
    });
    const base = await tempJson('outside-base.template.json', outsideTemplate(TLS_ONLY, 's3:GetObject'));
    const next = await tempJson('outside-next.template.json', outsideTemplate(HTTP_ONLY, 's3:*'));
    const snap = `${base}.snap.json`;
    expect((await runCli(['matrix', base, ...WHERE, '--format', 'json', '--out', snap])).code).toBe(0);
    const diff = await runCli([
      'diff',
      '--base',
      snap,
      next,
      ...WHERE,
      '--fail-on',
      'added',
      '--format',
      'json',
    ]);
    const out = JSON.parse(diff.stdout) as {
      added: { resource: string; after: string; conditions?: unknown }[];
    };
    const added = out.added.filter((c) => c.resource.startsWith(OUTSIDE));
    expect(added.length, PAGE).toBeGreaterThan(0);
    expect(added.every((c) => c.after === 'conditional')).toBe(true);
    expect(JSON.stringify(added)).toContain('aws:SecureTransport');
    expect(diff.code).toBe(1);
  });

  it('the access snapshot (toMatchAccessSnapshot) records the access, conditional', () => {
    const summary = formatAccessSummary(accessSummary(httpOnlyUser().engine(), { context: DEFAULT_ASSUMED }));
    const block = summary.slice(summary.indexOf(arns.user('qa')));
    expect(block).toContain('aws:SecureTransport is "false"');
    expect(accessSummary(httpOnlyUser().engine(), { context: DEFAULT_ASSUMED }).withoutAccess).not.toContain(
      arns.user('qa'),
    );
  });
});
