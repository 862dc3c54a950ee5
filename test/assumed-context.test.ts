// The context the reports assume (`--assume`, TLS by default: src/analysis/assumed-context.ts)
// settles conditions but never hides access. who-can pinned aws:SecureTransport=true for every
// request, so access granted only over plain HTTP (an Allow on `Bool aws:SecureTransport: false`:
// the enforce-TLS statement written with Effect Allow) was "Nobody: no principal of the model,
// external account or service can", while S3 serves anyone over HTTP.
//
// Amazon S3 User Guide, "Protecting data in transit with encryption",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html: "Amazon S3
// supports both HTTP and HTTPS protocols for data transmission. ... While HTTP traffic is
// accepted, most implementations use encryption in transit with HTTPS and TLS".

import { describe, expect, it } from 'vitest';
import { assumedContext } from '../src/analysis/assumed-context.js';
import { whoCan } from '../src/analysis/who-can.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const PAGE =
  'Amazon S3 User Guide, "Protecting data in transit with encryption": "Amazon S3 supports both HTTP and HTTPS protocols for data transmission. ... While HTTP traffic is accepted", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html';

const TLS = { 'aws:SecureTransport': 'true' };
const OBJECT = 'arn:aws:s3:::site/index.html';
const HTTP_ONLY = { Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

function entriesOf(
  t: TestModel,
  assumed: Record<string, string> | undefined,
  context?: Record<string, string>,
) {
  return whoCan(t.engine(), 's3:GetObject', OBJECT, {
    ...(assumed ? { assumed } : {}),
    ...(context ? { context } : {}),
  }).entries.map((e) => ({ principal: e.principal, access: e.access, conditions: e.conditions }));
}

describe(`who-can: the assumed TLS context never hides access granted without TLS (${PAGE})`, () => {
  it('a bucket policy that allows anyone only over HTTP: anonymous is listed, conditional on it', () => {
    const t = new TestModel();
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: '*', ...HTTP_ONLY })),
    });
    const anonymous = entriesOf(t, TLS).find((e) => e.principal === 'anonymous');
    expect(anonymous?.access).toBe('conditional');
    expect(anonymous?.conditions.join(' ')).toContain('aws:SecureTransport');
  });

  it("a user's identity policy that allows only over HTTP: the user is listed", () => {
    const t = new TestModel();
    t.bucket('site');
    t.user('alice', { inline: [policy(allow('s3:*', 'arn:aws:s3:::site/*', HTTP_ONLY))] });
    const alice = entriesOf(t, TLS).find((e) => e.principal === arns.user('alice'));
    expect(alice?.access).toBe('conditional');
  });

  it('the assumption still settles a TLS-only Deny: allowed, not conditional', () => {
    const t = new TestModel();
    t.bucket('site', {
      policy: policy(deny('s3:*', 'arn:aws:s3:::site/*', { Principal: '*', ...HTTP_ONLY })),
    });
    t.user('alice', { inline: [policy(allow('s3:GetObject', '*'))] });
    expect(entriesOf(t, TLS).find((e) => e.principal === arns.user('alice'))?.access).toBe('allow');
    // without the assumption the Deny makes it conditional
    expect(entriesOf(t, undefined).find((e) => e.principal === arns.user('alice'))?.access).toBe(
      'conditional',
    );
  });

  it('a context the user pins is not undone: --context aws:SecureTransport=true keeps HTTP-only access out', () => {
    const t = new TestModel();
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: '*', ...HTTP_ONLY })),
    });
    expect(entriesOf(t, TLS, TLS).find((e) => e.principal === 'anonymous')).toBeUndefined();
  });

  it('assumedContext: the assumed keys the request does not pin, keys compared in any letter case', () => {
    expect(assumedContext({ 'aws:sourceip': '10.0.0.1' }, TLS)).toEqual({
      assumed: { 'aws:SecureTransport': 'true', 'aws:sourceip': '10.0.0.1' },
      free: { 'aws:sourceip': '10.0.0.1' },
    });
    expect(assumedContext({ 'AWS:SECURETRANSPORT': 'false' }, TLS)).toEqual({
      assumed: { 'AWS:SECURETRANSPORT': 'false' },
      free: { 'AWS:SECURETRANSPORT': 'false' },
    });
    expect(assumedContext(undefined, {})).toEqual({ assumed: undefined, free: undefined });
  });
});

describe(`iamspec who-can on the enforce-TLS statement written with Effect Allow (${PAGE})`, () => {
  const template = {
    Resources: {
      Site: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'site' } },
      SitePolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Site' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'EnforceSSL',
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:*',
                Resource: ['arn:aws:s3:::site', 'arn:aws:s3:::site/*'],
                ...HTTP_ONLY,
              },
            ],
          },
        },
      },
    },
  };
  const args = (file: string) => [
    'who-can',
    file,
    '--account',
    '111122223333',
    '--region',
    'us-east-1',
    '--action',
    's3:GetObject',
    '--resource',
    OBJECT,
  ];

  it('lists anyone, conditional on aws:SecureTransport, under the assumption it states (it said "Nobody")', async () => {
    const file = await tempJson('http-only.template.json', template);
    const text = await runCli(args(file));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('assumed: requests use TLS');
    expect(text.stdout).not.toContain('Nobody');
    expect(text.stdout).toContain('anonymous (*): conditional');
    const json = await runCli([...args(file), '--format', 'json']);
    const anonymous = JSON.parse(json.stdout).entries.find(
      (e: { principal: string }) => e.principal === 'anonymous',
    );
    expect(anonymous.access).toBe('conditional');
    expect(anonymous.conditions.join(' ')).toContain('aws:SecureTransport is "false"');
  });
});
