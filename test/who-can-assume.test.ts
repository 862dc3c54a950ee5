// who-can and the matrix assume the same request context (`--assume`, default TLS:
// aws:SecureTransport=true) and say so: a bucket whose policy denies requests without TLS gets
// the same verdict from both, allow under the default and conditional with --assume none.
// The Deny is the one the Amazon S3 User Guide recommends, "Security best practices for Amazon S3"
// (enforce encryption of data in transit: Deny when aws:SecureTransport is false),
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html

import { describe, expect, it } from 'vitest';
import { runCli, tempJson } from './fixtures/cli/run.js';

const ACCOUNT = '111122223333';
const TEMPLATE = {
  Resources: {
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'tls-data' } },
    DataPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Data' },
        PolicyDocument: {
          Statement: [
            {
              Sid: 'TlsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::tls-data', 'arn:aws:s3:::tls-data/*'],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    Reader: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'reader',
        Policies: [
          {
            PolicyName: 'read',
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tls-data/*' }],
            },
          },
        ],
      },
    },
  },
};

const READER = `arn:aws:iam::${ACCOUNT}:user/reader`;

/** who-can s3:GetObject on the TLS-only bucket's object, with `extra` options. */
const whoCanArgs = (file: string, extra: string[]) => [
  'who-can',
  file,
  '--account',
  ACCOUNT,
  '--region',
  'us-east-1',
  '--action',
  's3:GetObject',
  '--resource',
  'arn:aws:s3:::tls-data/x',
  ...extra,
];

async function whoCan(file: string, extra: string[]) {
  const r = await runCli(whoCanArgs(file, ['--format', 'json', ...extra]));
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  return { out, reader: out.entries.find((e: { principal: string }) => e.principal === READER) };
}

async function matrixRead(file: string, extra: string[]) {
  const r = await runCli([
    'matrix',
    file,
    '--account',
    ACCOUNT,
    '--region',
    'us-east-1',
    '--principal',
    READER,
    '--resource',
    'arn:aws:s3:::tls-data',
    '--format',
    'json',
    ...extra,
  ]);
  expect(r.code).toBe(0);
  const m = JSON.parse(r.stdout);
  return m.cells[0][0][m.levels.indexOf('Read')].access as string;
}

describe('who-can --assume', () => {
  it('assumes TLS by default as the matrix does, says so, and agrees with the matrix', async () => {
    const file = await tempJson('tls.template.json', TEMPLATE);
    const byDefault = await whoCan(file, []);
    expect(byDefault.out.assumed).toEqual({ 'aws:SecureTransport': 'true' });
    expect(byDefault.reader.access).toBe('allow');
    expect(await matrixRead(file, [])).toBe('allow');
    const none = await whoCan(file, ['--assume', 'none']);
    expect(none.out.assumed).toBeUndefined();
    expect(none.reader.access).toBe('conditional');
    expect(await matrixRead(file, ['--assume', 'none'])).toBe('conditional');
  });

  it('states the assumption in the text output', async () => {
    const file = await tempJson('tls.template.json', TEMPLATE);
    const r = await runCli(whoCanArgs(file, []));
    expect(r.stdout.split('\n')[1]).toBe(
      'assumed: requests use TLS (aws:SecureTransport=true; --assume none to drop)',
    );
    expect(r.stdout).toContain('user/reader: allow');
  });
});
