// Access to resources outside the inputs (analysis/outside-grants.ts): the diff evaluates the
// inputs' resources and roles only, so a statement that allows access elsewhere (`*`, an imported
// bucket, another stack's queue) is reported "not compared" when the base does not hold it as it
// is, in every format, and `--fail-on added` fails on it; a statement unchanged on both sides
// (re-synthesized under other logical ids, other Sids and policy names, another order) is not.
// The access summary (toMatchAccessSnapshot) lists such statements per principal, so adding one
// changes it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { accessSummary } from '../src/analysis/access-summary.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { outsideGrants } from '../src/analysis/outside-grants.js';
import { compileModel } from '../src/engine/index.js';
import { loadModelSync } from '../src/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { formatAccessSummary } from '../src/report/access-summary.js';
import { runCli } from './fixtures/cli/run.js';
import { ACCOUNT, diffTemplate, REGION } from './helpers/diff-fixtures.js';
import { DEV, diffJson, ENV, tfStates, tfUserPolicy } from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-outside-');

// The two reproductions of the task: a Terraform user gains s3:GetObject on a bucket the inputs do
// not define, or on every resource.
const TF_BASE = `resource "aws_iam_user" "dev" {
  name = "dev"
}
`;
const tfPolicy = (resource: string, name = 'read', sid?: string): string =>
  tfUserPolicy(
    `{ ${sid ? `Sid = "${sid}", ` : ''}Effect = "Allow", Action = "s3:GetObject", Resource = "${resource}" }`,
    name,
  );
const BASE = write('base', TF_BASE);
const EXT = write('ext', TF_BASE + tfPolicy('arn:aws:s3:::reports/*'));
const STAR = write('star', TF_BASE + tfPolicy('*'));
// The same statement under another policy name and a Sid.
const STAR_RENAMED = write('star-renamed', TF_BASE + tfPolicy('*', 'reader', 'ReadAll'));
const TF_ENV = ENV;

describe('diff: access to resources outside the inputs', () => {
  it.each([
    // Shown on the statement's own pattern: the other buckets' objects gain nothing.
    ['an ARN the inputs do not define', EXT, ['arn:aws:s3:::reports/*']],
    [
      'Resource "*"',
      STAR,
      [
        'arn:aws:s3:*:*:accesspoint/*/object/*',
        'arn:aws:s3:*:123456789012:accesspoint/*/object/*',
        'arn:aws:s3:::*/*',
      ],
    ],
  ])(
    '%s: compared on resources outside the inputs, added, in every format; --fail-on added fails',
    async (_what, next, formats) => {
      const json = await diffJson(BASE, next);
      // The access is elsewhere than the inputs' resources: compared on witnesses of the ARN
      // formats s3:GetObject can name (diff/outside-compare.ts), not "not compared".
      expect(json.notCompared).toBeUndefined();
      const added = json.added;
      expect(added.map((c) => c.resource)).toEqual(formats);
      for (const c of added) {
        expect(c).toMatchObject({ principal: DEV, action: 's3:GetObject', before: 'deny' });
        expect(c.grants.map((g) => g.policy)).toEqual(['inline policy aws_iam_user_policy.read of user dev']);
        expect(c.grants[0]!.source?.file).toMatch(/main\.tf$/);
      }

      const text = await runCli(['diff', '--base', BASE, next, ...TF_ENV, '--fail-on', 'added']);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/^Access diff: 1 principal gains access/);
      expect(text.stdout).toContain(
        `Read on resources outside the inputs matching ${formats.at(-1)}: s3:GetObject (allow)`,
      );

      const md = await runCli(['diff', '--base', BASE, next, ...TF_ENV, '--format', 'markdown']);
      expect(md.stdout).toContain('resources outside the inputs matching');

      const sarif = JSON.parse(
        (await runCli(['diff', '--base', BASE, next, ...TF_ENV, '--format', 'sarif'])).stdout,
      );
      expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    },
  );

  it('the same statement on both sides (another policy name, a Sid): nothing reported, --fail-on added passes', async () => {
    expect((await diffJson(STAR, STAR_RENAMED)).notCompared).toBeUndefined();
    const r = await runCli(['diff', '--base', STAR, STAR_RENAMED, ...TF_ENV, '--fail-on', 'added']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Access diff: No access change\./);
  });

  it('a statement widened from an outside ARN to "*": added on the objects of other buckets, not on reports/*', async () => {
    const json = await diffJson(EXT, STAR);
    expect(json.notCompared).toBeUndefined();
    const resources = json.added.map((c) => c.resource);
    expect(resources.length).toBeGreaterThan(0);
    // Objects of `reports` had the access already: no witness of that bucket is added.
    expect(resources.some((r) => r.startsWith('arn:aws:s3:::reports/'))).toBe(false);
  });

  it('a statement removed: the access is removed, nothing not compared', async () => {
    const json = await diffJson(STAR, BASE);
    expect(json.notCompared).toBeUndefined();
    expect(json.removed.map((c) => c.action)).toContain('s3:GetObject');
  });
});

type Json = Record<string, unknown>;

function modelOf(template: Json): Model {
  const builder = new ModelBuilder();
  loadTemplateObject(template, builder, {
    file: 'acme.template.json',
    stackName: 'Acme',
    account: ACCOUNT,
    region: REGION,
  });
  return builder.build();
}

/** A CDK-shaped Lambda function role, with (or without) a grant on an imported bucket. */
function lambdaTemplate(grant: boolean): Json {
  const statements: Json[] = [
    {
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] },
    },
  ];
  // `bucket.grantReadWrite(fn)` on `Bucket.fromBucketName(this, 'Imported', 'imported-data')`.
  if (grant)
    statements.push({
      Action: ['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*', 's3:List*'],
      Effect: 'Allow',
      Resource: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::imported-data']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::imported-data/*']] },
      ],
    });
  return {
    Resources: {
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'fn-logs' } },
      FnServiceRole5D180AFD: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
            ],
          },
          ManagedPolicyArns: [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
                ],
              ],
            },
          ],
        },
        Metadata: { 'aws:cdk:path': 'Acme/Fn/ServiceRole/Resource' },
      },
      FnServiceRoleDefaultPolicyC6A839BF: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'FnServiceRoleDefaultPolicyC6A839BF',
          Roles: [{ Ref: 'FnServiceRole5D180AFD' }],
          PolicyDocument: { Version: '2012-10-17', Statement: statements },
        },
        Metadata: { 'aws:cdk:path': 'Acme/Fn/ServiceRole/DefaultPolicy/Resource' },
      },
    },
  };
}

describe('diffModels: CloudFormation templates', () => {
  it('a CDK grant on an imported bucket: added on the bucket and its objects, with the statement and its source', async () => {
    const diff = await diffModels(modelOf(lambdaTemplate(false)), modelOf(lambdaTemplate(true)));
    // `s3:List*` holds actions without resource types (s3:ListAllMyBuckets: requested on `*`,
    // decided there: diff/resourceless-compare.ts; the statement's Resource names the bucket, not
    // `*`, so it allows none of them), so the statement is compared whole. The AWS managed policy
    // attached on both sides (AWSLambdaBasicExecutionRole: logs actions on `*`, compared on the
    // witnesses too) is no change. Its `Resource: "*"` keeps witnesses of other buckets too, which
    // gain nothing: the entries are on the imported bucket's witnesses, each labelled with the
    // format it belongs to.
    expect(diff.notCompared).toBeUndefined();
    const added = diff.added;
    expect(added.map((c) => c.resource)).toContain('arn:aws:s3:::imported-data');
    for (const c of added) expect(c.resource).toMatch(/^arn:aws:s3:::imported-data(\/|$)/);
    expect(added.map((c) => c.action)).toContain('s3:PutObject');
    expect(added.some((c) => c.action.startsWith('logs:'))).toBe(false);
    expect(added[0]!.principal).toMatch(/^arn:aws:iam::111122223333:role\/Acme-FnServiceRole/);
    expect(added[0]!.grants[0]!.source?.file).toBe('acme.template.json');
    expect(diff.labels.resources['arn:aws:s3:::imported-data']?.name).toBe(
      'resources outside the inputs matching arn:aws:s3:::*, as arn:aws:s3:::imported-data (the policies tell some of them apart)',
    );
  });

  it('an AWS managed policy newly attached: its statement compared outside the inputs (the catalog holds it)', async () => {
    const base = lambdaTemplate(false);
    const next = lambdaTemplate(false);
    const role = (next.Resources as Json).FnServiceRole5D180AFD as {
      Properties: { ManagedPolicyArns: unknown[] };
    };
    role.Properties.ManagedPolicyArns.push('arn:aws:iam::aws:policy/AmazonS3FullAccess');
    const diff = await diffModels(modelOf(base), modelOf(next));
    expect(diff.notCompared).toBeUndefined();
    const added = diff.added.map((c) => `${c.action} on ${c.resource}`);
    expect(added).toContain('s3:PutObject on arn:aws:s3:::*/*');
    expect(added).toContain('s3:DeleteBucket on arn:aws:s3:::*');
    const put = diff.added.find((c) => c.action === 's3:PutObject' && c.resource === 'arn:aws:s3:::*/*');
    expect(put?.grants.map((g) => g.policy)).toEqual([
      'AmazonS3FullAccess (arn:aws:iam::aws:policy/AmazonS3FullAccess)',
    ]);
  });

  const OTHER_QUEUE = `arn:aws:sqs:${REGION}:444455556666:other-stack-queue`;
  /** The account of diff-fixtures.ts with a statement on another stack's queue and on the reader role itself. */
  function withQueueGrant(resynthesized: boolean, action = 'sqs:SendMessage'): Model {
    const t = diffTemplate({ resynthesized });
    const id = resynthesized ? 'ReaderPolicyR3nam3d' : 'ReaderPolicy';
    const reader = resynthesized ? 'ReaderRoleR3nam3d' : 'ReaderRole';
    const doc = ((t.Resources as Json)[id] as { Properties: { PolicyDocument: { Statement: Json[] } } })
      .Properties.PolicyDocument;
    const queue: Json = {
      Sid: resynthesized ? 'Other' : 'Queue',
      Effect: 'Allow',
      Action: action,
      // Another stack's queue, and the role itself (renamed with its logical id).
      Resource: resynthesized
        ? [{ 'Fn::GetAtt': [reader, 'Arn'] }, `arn:aws:sqs:${REGION}:444455556666:other-stack-queue`]
        : [`arn:aws:sqs:${REGION}:444455556666:other-stack-queue`, { 'Fn::GetAtt': [reader, 'Arn'] }],
    };
    doc.Statement = resynthesized ? [queue, ...doc.Statement] : [...doc.Statement, queue];
    return modelOf(t);
  }

  it('a re-synthesized app with the statement unchanged (other logical ids, Sid, order): nothing reported', async () => {
    const base = withQueueGrant(false);
    const next = withQueueGrant(true);
    // Both sides do hold statements on resources outside the inputs.
    expect(
      outsideGrants(next).some((g) =>
        g.resources.includes(`arn:aws:sqs:${REGION}:444455556666:other-stack-queue`),
      ),
    ).toBe(true);
    const diff = await diffModels(base, next);
    expect(diff.renamed.length).toBeGreaterThan(0);
    expect(diff.notCompared).toBeUndefined();
    expect(diff.changes.count('added')).toBe(0);
  });

  it('the same re-synthesized app with the statement changed: not the same role, its queue access added', async () => {
    const diff = await diffModels(withQueueGrant(false), withQueueGrant(true, 'sqs:*'));
    // sqs:ListQueues (no resource type) is in sqs:*: decided on `*`, where the statement (on a
    // queue's ARN) does not allow it: compared, nothing added there.
    expect(diff.notCompared).toBeUndefined();
    expect(diff.added.filter((c) => c.resource === '*')).toEqual([]);
    // Shown on the queue the statement names (the other queues of that account gain nothing).
    expect(diff.added.filter((c) => c.resource === OTHER_QUEUE).map((c) => c.action)).toContain(
      'sqs:SendMessage',
    );
  });

  it('the statement changed in place: only the queue actions it adds are added', async () => {
    const diff = await diffModels(withQueueGrant(false), withQueueGrant(false, 'sqs:*'));
    expect(diff.notCompared).toBeUndefined();
    // The queue of another stack, in an account the inputs do not define, and no other queue.
    const queue = diff.added.filter((c) => c.resource === OTHER_QUEUE);
    expect(
      diff.added.filter((c) => c.resource.startsWith('arn:aws:sqs:') && c.resource !== OTHER_QUEUE),
    ).toEqual([]);
    expect(queue.map((c) => c.action)).toContain('sqs:ReceiveMessage');
    expect(queue.map((c) => c.action)).not.toContain('sqs:SendMessage');
    // "Cross-account permissions don't apply to the following actions: ... DeleteQueue ..." (Amazon
    // SQS Developer Guide, "Limitations of Amazon SQS custom policies"): the queue is another
    // account's, so sqs:* gives the role no sqs:DeleteQueue on it (src/aws/owner-account-actions.ts).
    expect(queue.map((c) => c.action)).not.toContain('sqs:DeleteQueue');
  });
});

describe('access summary: access to resources outside the inputs', () => {
  const summaryOf = (model: Model) => formatAccessSummary(accessSummary(compileModel(model)));

  it('adding a statement on resources outside the inputs changes the summary; the same one re-synthesized does not', () => {
    const base = summaryOf(modelOf(lambdaTemplate(false)));
    const next = summaryOf(modelOf(lambdaTemplate(true)));
    expect(next).not.toBe(base);
    expect(next).toContain('  on resources outside the inputs (not evaluated)\n');
    expect(next).toContain(
      '    Allow s3:DeleteObject*, s3:GetObject*, s3:List*, s3:PutObject on arn:aws:s3:::imported-data, arn:aws:s3:::imported-data/*\n',
    );
    expect(summaryOf(withQueueGrantModel(false))).toBe(summaryOf(withQueueGrantModel(true)));
  });

  it('a Terraform user with Resource "*": listed under the user, who is no longer "without access"', async () => {
    const summary = accessSummary(compileModel(await loadTf(STAR)));
    const dev = summary.principals.find((p) => p.principal === DEV);
    expect(dev?.outside).toEqual(['Allow s3:GetObject on *']);
    expect(summary.withoutAccess).not.toContain(DEV);
    const base = accessSummary(compileModel(await loadTf(BASE)));
    expect(base.withoutAccess).toContain(DEV);
  });
});

function withQueueGrantModel(resynthesized: boolean): Model {
  const t = diffTemplate({ resynthesized });
  const id = resynthesized ? 'ReaderPolicyR3nam3d' : 'ReaderPolicy';
  const doc = ((t.Resources as Json)[id] as { Properties: { PolicyDocument: { Statement: Json[] } } })
    .Properties.PolicyDocument;
  doc.Statement.push({
    Effect: 'Allow',
    Action: 'sqs:SendMessage',
    Resource: 'arn:aws:sqs:us-east-1:444455556666:q',
  });
  return modelOf(t);
}

async function loadTf(d: string): Promise<Model> {
  return loadModelSync([d], { account: '123456789012' });
}

describe('diff --base access.json: the snapshot records the statements on resources outside the inputs', () => {
  async function snapshotOf(input: string, name: string): Promise<string> {
    const file = join(dir, `${name}.json`);
    const r = await runCli(['matrix', input, ...TF_ENV, '--format', 'json', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    return file;
  }

  it('compared against what the snapshot records; an older snapshot without the record reports them all', async () => {
    const star = await snapshotOf(STAR, 'star');
    const recorded = JSON.parse(readFileSync(star, 'utf8'));
    // With the digest of what else decides that access (diff/outside-context.ts).
    expect(recorded.outsideGrants).toEqual([
      { principal: DEV, key: expect.any(String), context: expect.stringMatching(/^[0-9a-f]{24}$/) },
    ]);
    // The same statement: nothing reported.
    expect((await diffJson(star, STAR_RENAMED)).notCompared).toBeUndefined();
    // From a snapshot of the base: reported, and --fail-on added fails.
    const base = await snapshotOf(BASE, 'base');
    expect((await diffJson(base, STAR)).notCompared?.outside?.map((g) => g.statement)).toEqual([
      'Allow s3:GetObject on *',
    ]);
    expect((await runCli(['diff', '--base', base, STAR, ...TF_ENV, '--fail-on', 'added'])).code).toBe(1);
    // A snapshot written before the record existed.
    const older = join(dir, 'older.json');
    delete recorded.outsideGrants;
    delete recorded.outsideWitnesses;
    writeFileSync(older, JSON.stringify(recorded));
    const json = await diffJson(older, STAR_RENAMED);
    expect(json.notCompared?.reason).toBe(
      'access to resources outside the inputs not compared (this snapshot does not record them)',
    );
    expect(json.notCompared?.outside).toHaveLength(1);
  });
});
