// `iamspec diff --fail-on risk` and the review (`iamspec matrix`) on the escalations whose last
// step is a write (src/analysis/escalation-writes.ts, one rule with the spec's `noEscalation`): a
// pull request that gives a user s3:PutBucketPolicy on the bucket whose policy is all that keeps
// it from the data, one that lets an ABAC role tag itself, and one that changes only the bucket's
// policy (the writer's own inputs unchanged: the diff reviews every principal again when what a
// write gains changes) each add a risk finding and exit 1; the reverse exits 0. The review names
// the statement that allows the write with its file and line.
//
// Pages: Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an
// Amazon S3 bucket" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html);
// IAM User Guide, "Controlling access for IAM principals": "You can use the aws:PrincipalTag
// condition key to control what the principal is allowed to do based on the tags attached to the
// principal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html).

import { describe, expect, it } from 'vitest';
import type { RiskFinding } from '../src/analysis/types.js';
import { openAccountStandInArn } from '../src/model/open-accounts.js';
import { lineOf, runCli } from './fixtures/cli/run.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const ENV = ['--account', ACCOUNT, '--region', REGION];
const PAGE = {
  s3: 'Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket"',
  tags: 'IAM User Guide, "Controlling access for IAM principals": aws:PrincipalTag is the tags attached to the principal',
};

interface Change {
  /** dev may write the data bucket's policy. */
  devWritesPolicy?: boolean;
  /** The abac role may tag itself. */
  abacTagsItself?: boolean;
  /** The data bucket's policy lets the app role write it. */
  bucketLetsAppWrite?: boolean;
  /** The data bucket's policy lets any role named app-* of the account write it. */
  bucketLetsAppRolesWrite?: boolean;
}

const statements = (...s: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: s });

function template(c: Change): Record<string, unknown> {
  const devStatements: Record<string, unknown>[] = [
    { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' },
  ];
  if (c.devWritesPolicy)
    devStatements.push({
      Sid: 'WritePolicy',
      Effect: 'Allow',
      Action: 's3:PutBucketPolicy',
      Resource: 'arn:aws:s3:::data',
    });
  const abacStatements: Record<string, unknown>[] = [
    {
      Sid: 'Abac',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } },
    },
  ];
  if (c.abacTagsItself)
    abacStatements.push({
      Sid: 'TagSelf',
      Effect: 'Allow',
      Action: 'iam:TagRole',
      Resource: `arn:aws:iam::${ACCOUNT}:role/abac`,
    });
  const ec2Trust = statements({
    Effect: 'Allow',
    Principal: { Service: 'ec2.amazonaws.com' },
    Action: 'sts:AssumeRole',
  });
  const resources: Record<string, unknown> = {
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
    Dev: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'dev',
        Policies: [{ PolicyName: 'dev', PolicyDocument: statements(...devStatements) }],
      },
    },
    Abac: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'abac',
        AssumeRolePolicyDocument: ec2Trust,
        Tags: [{ Key: 'team', Value: 'dev' }],
        Policies: [{ PolicyName: 'abac', PolicyDocument: statements(...abacStatements) }],
      },
    },
    App: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'app',
        AssumeRolePolicyDocument: ec2Trust,
        Policies: [
          {
            PolicyName: 'app',
            PolicyDocument: statements({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }),
          },
        ],
      },
    },
  };
  // The bucket has a policy on both sides (its text changes, not whether it has one).
  const bucketStatements: Record<string, unknown>[] = [
    {
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
  if (c.bucketLetsAppWrite)
    bucketStatements.push({
      Sid: 'AppWritesPolicy',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
      Action: 's3:PutBucketPolicy',
      Resource: 'arn:aws:s3:::data',
    });
  if (c.bucketLetsAppRolesWrite)
    bucketStatements.push({
      Sid: 'AppRolesWritePolicy',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: 'arn:aws:s3:::data',
      Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } },
    });
  resources.DataPolicy = {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: 'data', PolicyDocument: statements(...bucketStatements) },
  };
  return { Resources: resources };
}

const dir = tempDir('iamspec-diff-writes-');
function write(name: string, c: Change): string {
  return writeFileIn(dir, `${name}/acme.template.json`, JSON.stringify(template(c), null, 2));
}
const BASE = write('base', {});
const POLICY = write('policy', { devWritesPolicy: true });
const TAG = write('tag', { abacTagsItself: true });
const BUCKET = write('bucket', { bucketLetsAppWrite: true });
const APP_ROLES = write('app-roles', { bucketLetsAppRolesWrite: true });

const addedRisks = (base: string, next: string, ...more: string[]) => riskDiff(base, next, ...ENV, ...more);

describe('diff --fail-on risk: escalations by a write', () => {
  it('a PR giving dev s3:PutBucketPolicy on the data bucket exits 1 with the new finding (PAGE.s3)', async () => {
    const r = await addedRisks(BASE, POLICY);
    expect(r.code, PAGE.s3).toBe(1);
    expect(r.added.map((f) => [f.subject, f.detail, f.severity])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/dev`, 'resource-policy write', 'high'],
    ]);
    expect(r.added[0]!.message).toContain('s3:PutBucketPolicy on data, to grant itself s3:GetObject');
    // The reverse removes the finding: nothing new.
    expect((await addedRisks(POLICY, BASE)).code).toBe(0);
  });

  it('a PR letting the ABAC role tag itself exits 1 (PAGE.tags)', async () => {
    const r = await addedRisks(BASE, TAG);
    expect(r.code, PAGE.tags).toBe(1);
    expect(r.added.map((f) => [f.subject, f.detail, f.severity])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/abac`, 'self-tagging', 'medium'],
    ]);
    expect((await addedRisks(TAG, BASE)).code).toBe(0);
  });

  it('a PR that changes only the bucket policy: the unchanged app role that may now write it is reviewed again', async () => {
    const r = await addedRisks(BASE, BUCKET);
    expect(r.code).toBe(1);
    expect(r.added.map((f) => [f.subject, f.detail])).toContainEqual([
      `arn:aws:iam::${ACCOUNT}:role/app`,
      'resource-policy write',
    ]);
  });

  it('--open-accounts: a bucket policy letting any app-* role write it is a new finding of the role stand-in', async () => {
    const open = await addedRisks(BASE, APP_ROLES, '--open-accounts');
    expect(open.code).toBe(1);
    const standIn = open.added.filter((f) => f.detail === 'resource-policy write');
    expect(standIn.map((f) => f.subject)).toEqual([openAccountStandInArn('aws', ACCOUNT, 'role')]);
    expect(standIn[0]!.message).toContain(
      's3:PutBucketPolicy on data, to grant itself s3:GetObject (indeterminate',
    );
    // Without the mode no principal of the inputs is an app-* role: no escalation finding.
    const closed = await addedRisks(BASE, APP_ROLES);
    expect(closed.added.filter((f) => f.kind === 'privilege-escalation')).toEqual([]);
  });

  it('no change, no new finding: exit 0', async () => {
    expect((await addedRisks(POLICY, POLICY)).code).toBe(0);
  });
});

describe('the review (iamspec matrix) names the write and the statement with its file and line', () => {
  it('dev: the resource-policy write finding points at the WritePolicy statement', async () => {
    const r = await runCli(['matrix', POLICY, ...ENV, '--format', 'json']);
    expect(r.code).toBe(0);
    const risks = (JSON.parse(r.stdout) as { risks: RiskFinding[] }).risks;
    const f = risks.find((x) => x.detail === 'resource-policy write')!;
    expect(f.subject).toBe(`arn:aws:iam::${ACCOUNT}:user/dev`);
    expect(f.statements).toHaveLength(1);
    expect(f.statements[0]!.statement).toBe('Sid "WritePolicy"');
    expect(f.statements[0]!.source).toMatchObject({
      file: POLICY,
      logicalId: 'Dev',
      line: (await lineOf(POLICY, '"Sid": "WritePolicy"')) - 1,
    });
  });
});
