// Spec `noEscalation` and resource policies (src/aws/policy-writers.ts, spec/check-escalation.ts
// `resourcePolicyEscalation`): a principal allowed to write a resource's policy can grant itself
// access to the resource through it. `noEscalation` passed for a user allowed s3:PutBucketPolicy on
// a bucket (it can then read every object) and for one allowed kms:CreateGrant on a key (it can
// then decrypt with it).
//
// Pages:
// - Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3
//   bucket", https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// - AWS KMS API Reference, CreateGrant: "Adds a grant to a KMS key. A grant is a policy instrument
//   that allows AWS principals to use KMS keys in cryptographic operations",
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
// - AWS Lambda API Reference, AddPermission: "Grants a principal permission to use a function",
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// - IAM User Guide, "Policy evaluation logic": an explicit deny in any policy overrides any allow,
//   so a grant the writer gives itself does not lift a Deny.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { accountKmsKey } from './helpers/cfn-resources.js';

const ACCOUNT = '111122223333';
const PAGE = {
  s3: 'Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket"',
  kms: 'AWS KMS API Reference, CreateGrant: "A grant is a policy instrument that allows AWS principals to use KMS keys in cryptographic operations"',
  lambda: 'AWS Lambda API Reference, AddPermission: "Grants a principal permission to use a function"',
  deny: 'IAM User Guide, "Policy evaluation logic": an explicit deny in any policy overrides any allow',
};

const user = (name: string, ...statements: Record<string, unknown>[]) => ({
  Type: 'AWS::IAM::User',
  Properties: {
    UserName: name,
    Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
  },
});

function engineOf(resources: Record<string, unknown>) {
  const b = new ModelBuilder();
  loadTemplateObject({ Resources: resources }, b, { account: ACCOUNT, region: 'us-east-1', file: 't.json' });
  return compileModel(b.build());
}

const COMMON = {
  Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
  Key: accountKmsKey(ACCOUNT),
  Fn: {
    Type: 'AWS::Lambda::Function',
    Properties: { FunctionName: 'fn', Role: `arn:aws:iam::${ACCOUNT}:role/fn-role`, Code: { ZipFile: 'x' } },
  },
};

function noEscalation(resources: Record<string, unknown>, principals: string[]) {
  const engine = engineOf({ ...COMMON, ...resources });
  const spec = parseSpec(
    `version: 1\nexpect:\n${principals.map((p) => `  - { id: ${p}, principal: user/${p}, noEscalation: true }`).join('\n')}\n`,
  );
  const r = runSpec(engine.model, spec, { engine });
  return Object.fromEntries(
    r.expectations.map((e) => [e.id, { status: e.status, message: e.checks[0]!.message }]),
  );
}

describe('noEscalation: writing a resource policy grants oneself access', () => {
  it('s3:PutBucketPolicy on a bucket fails noEscalation, the write as the last step (PAGE.s3)', () => {
    const r = noEscalation(
      {
        Dev: user('dev', { Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: 'arn:aws:s3:::data' }),
        Reader: user('reader', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }),
      },
      ['dev', 'reader'],
    );
    expect(r.dev!.status, PAGE.s3).toBe('fail');
    expect(r.dev!.message).toContain('s3:PutBucketPolicy on arn:aws:s3:::data');
    expect(r.dev!.message).toContain('s3:GetObject on arn:aws:s3:::data/');
    expect(r.reader!.status).toBe('pass');
  });

  it('kms:CreateGrant on a key fails noEscalation (a grant gives the cryptographic operations) (PAGE.kms)', () => {
    const keyArn = (e: ReturnType<typeof engineOf>) =>
      e.model.resources.find((x) => x.kind === 'kms-key')!.arn;
    const probe = engineOf(COMMON);
    const r = noEscalation(
      { Ops: user('ops', { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: keyArn(probe) }) },
      ['ops'],
    );
    expect(r.ops!.status, PAGE.kms).toBe('fail');
    expect(r.ops!.message).toContain('kms:CreateGrant on');
    expect(r.ops!.message).toContain('can kms:Decrypt');
  });

  it('lambda:AddPermission on a function fails noEscalation (PAGE.lambda)', () => {
    const r = noEscalation(
      {
        Inv: user('inv', {
          Effect: 'Allow',
          Action: 'lambda:AddPermission',
          Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn`,
        }),
      },
      ['inv'],
    );
    expect(r.inv!.status, PAGE.lambda).toBe('fail');
    expect(r.inv!.message).toContain('lambda:InvokeFunction');
  });

  it('a write allowed only under a condition the spec does not pin fails too; a write of another bucket does not count', () => {
    const r = noEscalation(
      {
        Cond: user('cond', {
          Effect: 'Allow',
          Action: 's3:PutBucketPolicy',
          Resource: 'arn:aws:s3:::data',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
        Other: user('other', {
          Effect: 'Allow',
          Action: 's3:PutBucketPolicy',
          Resource: 'arn:aws:s3:::elsewhere',
        }),
      },
      ['cond', 'other'],
    );
    expect(r.cond!.status).toBe('fail');
    expect(r.other!.status).toBe('pass');
  });

  it('no gain where an explicit Deny keeps the writer out of every probe (PAGE.deny)', () => {
    const r = noEscalation(
      {
        Dev: user(
          'dev',
          { Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: 'arn:aws:s3:::data' },
          { Effect: 'Deny', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteBucket'], Resource: '*' },
        ),
      },
      ['dev'],
    );
    expect(r.dev!.status, PAGE.deny).toBe('pass');
  });

  it('through a role it can assume: the role writes the queue policy and reads what the start may not', () => {
    // dev may write the queue policy itself, but a Deny keeps it from reading and sending; the
    // role it can assume has no more identity access than dev (so no plain gain) yet no Deny.
    const r = noEscalation(
      {
        Dev: user(
          'dev',
          { Effect: 'Allow', Action: ['sts:AssumeRole', 'sqs:SetQueueAttributes'], Resource: '*' },
          { Effect: 'Deny', Action: ['sqs:ReceiveMessage', 'sqs:SendMessage'], Resource: '*' },
        ),
        Writer: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'writer',
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dev` },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
            Policies: [
              {
                PolicyName: 'w',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 'sqs:SetQueueAttributes', Resource: '*' }],
                },
              },
            ],
          },
        },
        Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
      },
      ['dev'],
    );
    expect(r.dev!.status).toBe('fail');
    expect(r.dev!.message).toContain('sts:AssumeRole');
    expect(r.dev!.message).toContain(
      `sts:AssumeRole → arn:aws:iam::${ACCOUNT}:role/writer, then sqs:SetQueueAttributes on arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`,
    );
    expect(r.dev!.message).toContain('can sqs:ReceiveMessage');
  });
});
