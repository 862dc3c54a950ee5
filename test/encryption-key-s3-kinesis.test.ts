// A request from another account on S3 objects of a bucket whose default encryption is SSE-KMS,
// and on the records of a Kinesis data stream with server-side encryption, needs the KMS key too
// (aws/encryption-key-requirement.ts, one table; decided by the engine). Before, the bucket
// policy or stream policy alone decided: `allow` where AWS denies.
//
// Amazon S3 User Guide, "Using server-side encryption with AWS KMS keys (SSE-KMS)", "Permissions"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html): "To
// successfully make a PutObject request to encrypt an object with an AWS KMS key to Amazon S3, you
// need kms:GenerateDataKey permissions on the key. To download an object encrypted with an AWS KMS
// key, you need kms:Decrypt permissions for the key."
// Same page, "Encryption context": "If you use SSE-KMS without enabling an S3 Bucket Key, the
// object ARN is used as the encryption context." "If you use SSE-KMS and enable an S3 Bucket Key,
// the bucket ARN is used as the encryption context."
// "Configuring an S3 Bucket Key at the object level": "If you don't specify an S3 Bucket Key for
// your object, Amazon S3 applies the S3 Bucket Key settings for the destination bucket to the
// object." "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys": "When you configure an S3
// Bucket Key, objects that are already in the bucket do not use the S3 Bucket Key." API
// Reference, ServerSideEncryptionRule: "By default, S3 Bucket Key is not enabled."
// Amazon S3 API Reference, ServerSideEncryptionRule: "If a PUT Object request doesn't specify any
// server-side encryption, this default encryption will be applied." ServerSideEncryptionByDefault:
// "If you use a KMS key alias instead, then AWS KMS resolves the key within the requester's
// account." PutObject: "If you specify x-amz-server-side-encryption:aws:kms or
// x-amz-server-side-encryption:aws:kms:dsse, but do not provide
// x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3) to
// protect the data."
// Amazon Kinesis Data Streams Developer Guide, "Permissions to use user-generated KMS keys"
// (https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html): "Your Kinesis
// stream producers must have the kms:GenerateDataKey permission." "Your Kinesis stream consumers
// must have the kms:Decrypt permission." "Kinesis Data Streams uses the stream ARN as the
// encryption context in all AWS KMS calls." It says of the AWS managed key only "The use of the
// default service key for encryption does not require application of custom IAM permissions":
// indeterminate across accounts (`undocumented-rule`). An enhanced fan-out consumer reads with
// SubscribeToShard on its consumer ARN; its events include KMSAccessDeniedException, "The
// ciphertext references a key that doesn't exist or that you don't have access to." (API
// Reference, SubscribeToShardEventStream).

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model, ResourceKind } from '../src/model/types.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';
import {
  ACCOUNT,
  LOCAL,
  PARTNER,
  PARTNER_ACCOUNT,
  type PartnerInputs,
  partnerHclModel,
  partnerKeyPolicy,
  partnerTemplateModel,
  policyDocument,
  withPartnerRole,
} from './helpers/partner-role.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

/** A policy document as an HCL string literal (JSON of its JSON). */
const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
/** HCL: stream closed-stream under the customer managed key `private`, and plain-stream without a key. */
const TF_STREAMS = `resource "aws_kms_key" "private" {}
resource "aws_kinesis_stream" "closed" {
  name            = "closed-stream"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.private.arn
}
resource "aws_kinesis_stream" "plain" {
  name        = "plain-stream"
  shard_count = 1
}
`;

const S3_QUOTE =
  'S3 User Guide: "To successfully make a PutObject request to encrypt an object with an AWS KMS key to Amazon S3, you need kms:GenerateDataKey permissions on the key. To download an object encrypted with an AWS KMS key, you need kms:Decrypt permissions for the key."';
const DEFAULT_QUOTE =
  'S3 API Reference: "If a PUT Object request doesn\'t specify any server-side encryption, this default encryption will be applied."';
const KINESIS_QUOTE =
  'Kinesis guide: "Your Kinesis stream producers must have the kms:GenerateDataKey permission." "Your Kinesis stream consumers must have the kms:Decrypt permission."';

const doc = policyDocument;
const VIA = ['s3', 'kinesis'];
/** Lets the partner use the key through S3 and Kinesis. */
const sharedKeyPolicy = partnerKeyPolicy(ACCOUNT, PARTNER, ['kms:Decrypt', 'kms:GenerateDataKey'], VIA);
/** Lets the partner decrypt only: enough to read, not to write. */
const decryptKeyPolicy = partnerKeyPolicy(ACCOUNT, PARTNER, 'kms:Decrypt', VIA);
/** Lets the partner use the key only under the objects' encryption context (no S3 Bucket Key). */
const objectContextKeyPolicy = partnerKeyPolicy(
  ACCOUNT,
  PARTNER,
  ['kms:Decrypt', 'kms:GenerateDataKey'],
  VIA,
  { StringLikeIfExists: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::obj-*/*' } },
);
/** Lets the partner use the key only under an S3 Bucket Key's encryption context (the bucket's ARN). */
const bucketContextKeyPolicy = partnerKeyPolicy(
  ACCOUNT,
  PARTNER,
  ['kms:Decrypt', 'kms:GenerateDataKey'],
  VIA,
  {
    StringEqualsIfExists: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::ctx-bucket' },
  },
);
const identity = doc([
  {
    Effect: 'Allow',
    Action: [
      's3:GetObject',
      's3:PutObject',
      'kinesis:PutRecord',
      'kinesis:GetRecords',
      'kinesis:SubscribeToShard',
      'kinesis:DescribeStream',
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ],
    Resource: '*',
  },
]);
const trust = doc([
  { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
]);
const bucketPolicy = (bucket: string) =>
  doc([
    {
      Effect: 'Allow',
      Principal: { AWS: PARTNER },
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::${bucket}/*`,
    },
  ]);
const streamPolicy = (arn: unknown) =>
  doc([
    {
      Effect: 'Allow',
      Principal: { AWS: PARTNER },
      Action: ['kinesis:PutRecord', 'kinesis:GetRecords', 'kinesis:DescribeStream'],
      Resource: arn,
    },
  ]);

/** A stream consumer's policy: lets the partner subscribe. */
const consumerPolicy = doc([
  { Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'kinesis:SubscribeToShard', Resource: '*' },
]);

/**
 * Bucket name -> its default encryption: [SSEAlgorithm, key as CloudFormation, key as Terraform,
 * BucketKeyEnabled (not written when undefined)].
 */
const BUCKETS: Record<string, [string, unknown, string, boolean?] | undefined> = {
  plain: undefined,
  'sse-s3': ['AES256', undefined, ''],
  'kms-managed': ['aws:kms', undefined, ''],
  keyed: ['aws:kms', { 'Fn::GetAtt': ['Shared', 'Arn'] }, 'aws_kms_key.shared.arn'],
  dsse: ['aws:kms:dsse', { 'Fn::GetAtt': ['Shared', 'Arn'] }, 'aws_kms_key.shared.arn'],
  closed: ['aws:kms', { 'Fn::GetAtt': ['Private', 'Arn'] }, 'aws_kms_key.private.arn'],
  'decrypt-only': ['aws:kms', { 'Fn::GetAtt': ['DecryptKey', 'Arn'] }, 'aws_kms_key.decrypt.arn'],
  aliased: ['aws:kms', 'alias/shared', '"alias/shared"'],
  'ctx-bucket': ['aws:kms', { 'Fn::GetAtt': ['CtxKey', 'Arn'] }, 'aws_kms_key.ctx.arn', true],
  'obj-ctx': ['aws:kms', { 'Fn::GetAtt': ['ObjKey', 'Arn'] }, 'aws_kms_key.obj.arn'],
  'obj-ctx-off': ['aws:kms', { 'Fn::GetAtt': ['ObjKey', 'Arn'] }, 'aws_kms_key.obj.arn', false],
  'obj-ctx-bk': ['aws:kms', { 'Fn::GetAtt': ['ObjKey', 'Arn'] }, 'aws_kms_key.obj.arn', true],
};
/** Stream name -> its KMS key as CloudFormation and Terraform name it (undefined: no encryption). */
const STREAMS: Record<string, [unknown, string] | undefined> = {
  'plain-stream': undefined,
  'managed-stream': ['alias/aws/kinesis', '"alias/aws/kinesis"'],
  'keyed-stream': [{ 'Fn::GetAtt': ['Shared', 'Arn'] }, 'aws_kms_key.shared.arn'],
  'closed-stream': [{ 'Fn::GetAtt': ['Private', 'Arn'] }, 'aws_kms_key.private.arn'],
  'decrypt-stream': [{ 'Fn::GetAtt': ['DecryptKey', 'Arn'] }, 'aws_kms_key.decrypt.arn'],
};
const logical = (name: string) =>
  name
    .split('-')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** The partner role, and the role `local` of the account under test (test/helpers/partner-role.ts). */
const INPUTS: PartnerInputs = {
  account: ACCOUNT,
  partner: { account: PARTNER_ACCOUNT, identity },
  local: { trust, policy: { name: 'use', document: identity } },
};

function fromTemplate(): Model {
  const resources: Record<string, unknown> = {
    Shared: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: sharedKeyPolicy } },
    DecryptKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: decryptKeyPolicy } },
    CtxKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: bucketContextKeyPolicy } },
    ObjKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: objectContextKeyPolicy } },
    Private: { Type: 'AWS::KMS::Key' },
    SharedAlias: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: 'alias/shared', TargetKeyId: { Ref: 'Shared' } },
    },
  };
  for (const [name, sse] of Object.entries(BUCKETS)) {
    const byDefault = sse
      ? { SSEAlgorithm: sse[0], ...(sse[1] === undefined ? {} : { KMSMasterKeyID: sse[1] }) }
      : undefined;
    resources[logical(name)] = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: name,
        ...(byDefault
          ? {
              BucketEncryption: {
                ServerSideEncryptionConfiguration: [
                  {
                    ServerSideEncryptionByDefault: byDefault,
                    ...(sse?.[3] === undefined ? {} : { BucketKeyEnabled: sse[3] }),
                  },
                ],
              },
            }
          : {}),
      },
    };
    resources[`${logical(name)}Policy`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: logical(name) }, PolicyDocument: bucketPolicy(name) },
    };
  }
  for (const [name, key] of Object.entries(STREAMS)) {
    resources[logical(name)] = {
      Type: 'AWS::Kinesis::Stream',
      Properties: {
        Name: name,
        ShardCount: 1,
        ...(key ? { StreamEncryption: { EncryptionType: 'KMS', KeyId: key[0] } } : {}),
      },
    };
    resources[`${logical(name)}Policy`] = {
      Type: 'AWS::Kinesis::ResourcePolicy',
      Properties: {
        ResourceArn: { 'Fn::GetAtt': [logical(name), 'Arn'] },
        ResourcePolicy: streamPolicy({ 'Fn::GetAtt': [logical(name), 'Arn'] }),
      },
    };
  }
  return partnerTemplateModel(INPUTS, 'encrypted', { Resources: resources });
}

function fromHcl(): Model {
  const id = (name: string) => name.replaceAll('-', '_');
  const buckets = Object.entries(BUCKETS).map(
    ([name, sse]) => `
resource "aws_s3_bucket" "${id(name)}" { bucket = "${name}" }
resource "aws_s3_bucket_policy" "${id(name)}" {
  bucket = aws_s3_bucket.${id(name)}.id
  policy = ${json(bucketPolicy(name))}
}
${
  sse
    ? `resource "aws_s3_bucket_server_side_encryption_configuration" "${id(name)}" {
  bucket = aws_s3_bucket.${id(name)}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "${sse[0]}"
      ${sse[2] ? `kms_master_key_id = ${sse[2]}` : ''}
    }
    ${sse[3] === undefined ? '' : `bucket_key_enabled = ${sse[3]}`}
  }
}`
    : ''
}`,
  );
  const streams = Object.entries(STREAMS).map(
    ([name, key]) => `
resource "aws_kinesis_stream" "${id(name)}" {
  name        = "${name}"
  shard_count = 1
  ${key ? `encryption_type = "KMS"\n  kms_key_id = ${key[1]}` : ''}
}
resource "aws_kinesis_resource_policy" "${id(name)}" {
  resource_arn = aws_kinesis_stream.${id(name)}.arn
  policy       = ${json(streamPolicy(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`))}
}`,
  );
  return partnerHclModel(
    INPUTS,
    `
resource "aws_kms_key" "shared" { policy = ${json(sharedKeyPolicy)} }
resource "aws_kms_key" "decrypt" { policy = ${json(decryptKeyPolicy)} }
resource "aws_kms_key" "ctx" { policy = ${json(bucketContextKeyPolicy)} }
resource "aws_kms_key" "obj" { policy = ${json(objectContextKeyPolicy)} }
resource "aws_kms_key" "private" {}
resource "aws_kms_alias" "shared" {
  name          = "alias/shared"
  target_key_id = aws_kms_key.shared.key_id
}
${buckets.join('\n')}
${streams.join('\n')}
`,
  );
}

describe.each([
  ['CloudFormation', fromTemplate],
  ['Terraform', fromHcl],
] as const)(
  '%s: S3 objects under SSE-KMS and encrypted Kinesis streams from another account',
  (_name, load) => {
    const model = load();
    const engine = compileModel(model);
    const arnOf = (kind: ResourceKind, name: string) => {
      const r = model.resources.find((x) => x.kind === kind && x.name === name);
      if (!r) throw new Error(`no ${kind} ${name}`);
      return r.arn;
    };
    const object = (principal: string, bucket: string, action: string, context?: Record<string, string>) =>
      engine.decide(
        {
          principal,
          action,
          resource: `arn:aws:s3:::${bucket}/report.csv`,
          ...(context ? { context } : {}),
        },
        { trace: true },
      );
    const get = (principal: string, bucket: string) => object(principal, bucket, 's3:GetObject');
    const put = (principal: string, bucket: string, context?: Record<string, string>) =>
      object(principal, bucket, 's3:PutObject', context);
    const stream = (principal: string, name: string, action: string) =>
      engine.decide({ principal, action, resource: arnOf('kinesis-stream', name) }, { trace: true });
    const traceOf = (d: { trace?: { message: string }[] }) => d.trace?.map((t) => t.message).join('\n') ?? '';

    it('no default encryption or SSE-S3: unchanged, allowed', () => {
      for (const bucket of ['plain', 'sse-s3']) {
        expect(get(PARTNER, bucket).decision, bucket).toBe('allow');
        expect(put(PARTNER, bucket).decision, bucket).toBe('allow');
      }
    });

    it('a customer managed key that allows the partner (SSE-KMS or DSSE-KMS): allowed', () => {
      for (const bucket of ['keyed', 'dsse']) {
        expect(get(PARTNER, bucket).decision, bucket).toBe('allow');
        expect(put(PARTNER, bucket).decision, bucket).toBe('allow');
      }
    });

    it('a key that does not allow the partner: PutObject without key headers denied (was allow)', () => {
      const d = put(PARTNER, 'closed');
      expect(d.decision, `${S3_QUOTE} ${DEFAULT_QUOTE}`).toBe('deny');
      expect(traceOf(d)).toMatch(/kms:GenerateDataKey/);
      // Decrypt only: GetObject's key allows, PutObject's GenerateDataKey does not
      expect(get(PARTNER, 'decrypt-only').decision).toBe('allow');
      expect(put(PARTNER, 'decrypt-only').decision, S3_QUOTE).toBe('deny');
    });

    it('GetObject under a key that denies: indeterminate, the objects may be under other keys (was allow)', () => {
      const d = get(PARTNER, 'closed');
      expect(d.decision, DEFAULT_QUOTE).toBe('indeterminate');
      expect(traceOf(d)).toMatch(/may be encrypted with other keys/);
    });

    it('PutObject decided by the key its headers name', () => {
      // the key of alias/shared
      const shared = model.resources.find(
        (r) => r.kind === 'kms-key' && r.kmsAliasArns?.some((a) => a.endsWith(':alias/shared')),
      )!.arn;
      // SSE-S3 asked for: no KMS key
      expect(put(PARTNER, 'closed', { 's3:x-amz-server-side-encryption': 'AES256' }).decision).toBe('allow');
      // a key ARN that allows the partner
      expect(
        put(PARTNER, 'closed', {
          's3:x-amz-server-side-encryption': 'aws:kms',
          's3:x-amz-server-side-encryption-aws-kms-key-id': shared,
        }).decision,
      ).toBe('allow');
      // an alias: resolved in the caller's account, not pinned down
      expect(
        put(PARTNER, 'closed', { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'alias/mine' }).decision,
      ).toBe('indeterminate');
      // aws:kms without a key id: the AWS managed key aws/s3, whose policy the S3 guide does not state
      expect(put(PARTNER, 'closed', { 's3:x-amz-server-side-encryption': 'aws:kms' }).decision).toBe(
        'indeterminate',
      );
    });

    it('with free context keys (optimistic), PutObject may ask for SSE-S3: allowed', () => {
      const d = engine.decide(
        { principal: PARTNER, action: 's3:PutObject', resource: 'arn:aws:s3:::closed/report.csv' },
        { conditions: 'optimistic' },
      );
      expect(d.decision, DEFAULT_QUOTE).toBe('allow');
    });

    it('the AWS managed key aws/s3, a key named by alias: indeterminate (was allow)', () => {
      for (const bucket of ['kms-managed', 'aliased']) {
        expect(get(PARTNER, bucket).decision, bucket).toBe('indeterminate');
        expect(put(PARTNER, bucket).decision, bucket).toBe('indeterminate');
      }
      expect(traceOf(put(PARTNER, 'aliased'))).toMatch(/resolves the key within the requester's account/);
    });

    it("a key policy on the encryption context: PutObject meets the bucket's S3 Bucket Key setting (was indeterminate)", () => {
      const quote =
        'S3 User Guide: "If you use SSE-KMS and enable an S3 Bucket Key, the bucket ARN is used as the encryption context." "If you don\'t specify an S3 Bucket Key for your object, Amazon S3 applies the S3 Bucket Key settings for the destination bucket to the object."';
      // a key that allows under the bucket's ARN: with the S3 Bucket Key, allowed
      expect(put(PARTNER, 'ctx-bucket').decision, quote).toBe('allow');
      // a key that allows under the object's ARN: without the S3 Bucket Key (by default or
      // written false), allowed; with it, denied
      expect(put(PARTNER, 'obj-ctx').decision, `${quote} "By default, S3 Bucket Key is not enabled."`).toBe(
        'allow',
      );
      expect(put(PARTNER, 'obj-ctx-off').decision, quote).toBe('allow');
      expect(put(PARTNER, 'obj-ctx-bk').decision, quote).toBe('deny');
    });

    it('GetObject meets objects written with or without the S3 Bucket Key: both contexts, indeterminate', () => {
      const quote =
        'S3 User Guide: "When you configure an S3 Bucket Key, objects that are already in the bucket do not use the S3 Bucket Key."';
      for (const bucket of ['ctx-bucket', 'obj-ctx', 'obj-ctx-bk'])
        expect(get(PARTNER, bucket).decision, `${bucket}: ${quote}`).toBe('indeterminate');
    });

    it('Kinesis: no key allowed; alias/aws/kinesis indeterminate; a customer managed key decides (was allow)', () => {
      expect(stream(PARTNER, 'plain-stream', 'kinesis:PutRecord').decision).toBe('allow');
      const managed = engine.decide(
        {
          principal: PARTNER,
          action: 'kinesis:GetRecords',
          resource: arnOf('kinesis-stream', 'managed-stream'),
        },
        { unknowns: true },
      );
      expect(managed.decision, KINESIS_QUOTE).toBe('indeterminate');
      expect(managed.unknowns?.map((u) => u().kind)).toContain('undocumented-rule');
      expect(stream(PARTNER, 'keyed-stream', 'kinesis:PutRecord').decision).toBe('allow');
      expect(stream(PARTNER, 'keyed-stream', 'kinesis:GetRecords').decision).toBe('allow');
      expect(stream(PARTNER, 'closed-stream', 'kinesis:PutRecord').decision, KINESIS_QUOTE).toBe('deny');
      expect(stream(PARTNER, 'closed-stream', 'kinesis:GetRecords').decision, KINESIS_QUOTE).toBe('deny');
      expect(stream(PARTNER, 'decrypt-stream', 'kinesis:GetRecords').decision).toBe('allow');
      expect(stream(PARTNER, 'decrypt-stream', 'kinesis:PutRecord').decision, KINESIS_QUOTE).toBe('deny');
      // an action that does not use the key
      expect(stream(PARTNER, 'closed-stream', 'kinesis:DescribeStream').decision).toBe('allow');
    });

    it('same-account requests are unaffected', () => {
      for (const bucket of Object.keys(BUCKETS)) {
        expect(get(LOCAL, bucket).decision, bucket).toBe('allow');
        expect(put(LOCAL, bucket).decision, bucket).toBe('allow');
      }
      for (const name of Object.keys(STREAMS))
        expect(stream(LOCAL, name, 'kinesis:PutRecord').decision, name).toBe('allow');
    });

    it('the access matrix agrees with the requests decided one by one', () => {
      const m = buildMatrix(engine);
      expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(
        nonDenyAnswers(decidedOneByOne(engine, m)),
      );
    });
  },
);

/** The partner role and a Terraform configuration of `hcl` (main.tf), without the role `local`. */
function partnerOnlyHclModel(hcl: string): Model {
  const b = withPartnerRole(new ModelBuilder(), PARTNER_ACCOUNT, identity);
  loadTerraformConfig(writeTempFiles({ 'main.tf': hcl }), b, { account: ACCOUNT, region: 'us-east-1' });
  return b.build();
}

/** The partner role and a CloudFormation stack `stackName` of `template`, without the role `local`. */
function partnerOnlyTemplateModel(template: object, stackName: string): Model {
  const b = withPartnerRole(new ModelBuilder(), PARTNER_ACCOUNT, identity);
  loadTemplateObject(template, b, { account: ACCOUNT, region: 'us-east-1', stackName });
  return b.build();
}

describe('the default encryption the inputs give another way', () => {
  const partnerPut = (model: Model, bucket: string) =>
    compileModel(model).decide({
      principal: PARTNER,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${bucket}/report.csv`,
    }).decision;

  it('Terraform: the inline server_side_encryption_configuration of aws_s3_bucket (provider v3) is read too', () => {
    const model = partnerOnlyHclModel(`
resource "aws_kms_key" "private" {}
resource "aws_s3_bucket" "inline" {
  bucket = "inline"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.private.arn
      }
    }
  }
}
resource "aws_s3_bucket_policy" "inline" {
  bucket = aws_s3_bucket.inline.id
  policy = ${json(bucketPolicy('inline'))}
}
`);
    expect(partnerPut(model, 'inline'), S3_QUOTE).toBe('deny');
  });

  it('a bucket only a bucket policy names (not created by the inputs): its key is unknown, indeterminate (was allow)', () => {
    // Its default encryption is not in the inputs: SSE-KMS under a key that denies the partner
    // is as possible as SSE-S3. Before, an unrecorded encryption was read as no KMS key.
    const cfn = partnerOnlyTemplateModel(
      {
        Resources: {
          Policy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: { Bucket: 'existing', PolicyDocument: bucketPolicy('existing') },
          },
        },
      },
      'existing',
    );
    const tf = partnerOnlyHclModel(`
resource "aws_s3_bucket_policy" "existing" {
  bucket = "existing"
  policy = ${json(bucketPolicy('existing'))}
}
`);
    for (const model of [cfn, tf]) {
      const d = compileModel(model).decide(
        { principal: PARTNER, action: 's3:PutObject', resource: 'arn:aws:s3:::existing/report.csv' },
        { trace: true },
      );
      expect(d.decision, S3_QUOTE).toBe('indeterminate');
      expect(d.trace?.map((t) => t.message).join('\n')).toMatch(/do not say which KMS key encrypts/);
    }
  });

  it('CloudFormation: a KMSMasterKeyID from a parameter is not pinned down: indeterminate (was allow)', () => {
    const model = partnerOnlyTemplateModel(
      {
        Parameters: { KeyArn: { Type: 'String' } },
        Resources: {
          Param: {
            Type: 'AWS::S3::Bucket',
            Properties: {
              BucketName: 'param',
              BucketEncryption: {
                ServerSideEncryptionConfiguration: [
                  {
                    ServerSideEncryptionByDefault: {
                      SSEAlgorithm: 'aws:kms',
                      KMSMasterKeyID: { Ref: 'KeyArn' },
                    },
                  },
                ],
              },
            },
          },
          ParamPolicy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: { Bucket: { Ref: 'Param' }, PolicyDocument: bucketPolicy('param') },
          },
        },
      },
      'param',
    );
    expect(partnerPut(model, 'param'), S3_QUOTE).toBe('indeterminate');
  });
});

describe("Kinesis: an enhanced fan-out consumer's SubscribeToShard", () => {
  // The consumer's ARN is its stream's, its name and its creation timestamp, known only at
  // deployment (Service Authorization Reference, Kinesis resource type consumer:
  // `arn:${Partition}:kinesis:${Region}:${Account}:${StreamType}/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimpstamp}`;
  // Kinesis API Reference, Consumer: "consumer ARNs contain the creation timestamp"; CloudFormation,
  // AWS::Kinesis::StreamConsumer: "the function returns the consumer ARN"). So a policy on it is
  // on a consumer of that stream, whichever timestamp. Before, a consumer's ARN was of no kind
  // that holds a policy (the request denied though the policy allows); then the consumer was not
  // modelled, its policy's target unknown: a request on a consumer of any stream was
  // indeterminate, even where that stream's key denies. The stream's key decides too.
  const stream = (name: string, key: unknown) => ({
    [logical(name)]: {
      Type: 'AWS::Kinesis::Stream',
      Properties: {
        Name: name,
        ShardCount: 1,
        ...(key ? { StreamEncryption: { EncryptionType: 'KMS', KeyId: key } } : {}),
      },
    },
  });
  /** A consumer `app` of the stream `streamId` (logical id), and its policy on `arn` (the consumer's). */
  const consumerOf = (streamId: string, arn: unknown) => ({
    Consumer: {
      Type: 'AWS::Kinesis::StreamConsumer',
      Properties: { ConsumerName: 'app', StreamARN: { 'Fn::GetAtt': [streamId, 'Arn'] } },
    },
    ConsumerPolicy: {
      Type: 'AWS::Kinesis::ResourcePolicy',
      Properties: { ResourceArn: arn, ResourcePolicy: consumerPolicy },
    },
  });
  /** A consumer `app` of the stream `name` created at timestamp 1700000000. */
  const consumer = (name: string) =>
    `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}/consumer/app:1700000000`;
  const model = partnerTemplateModel(INPUTS, 'consumers', {
    Resources: {
      Private: { Type: 'AWS::KMS::Key' },
      DecryptKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: decryptKeyPolicy } },
      ...stream('plain-stream', undefined),
      ...stream('closed-stream', { 'Fn::GetAtt': ['Private', 'Arn'] }),
      ...stream('decrypt-stream', { 'Fn::GetAtt': ['DecryptKey', 'Arn'] }),
      ...consumerOf('PlainStream', { 'Fn::GetAtt': ['Consumer', 'ConsumerARN'] }),
    },
  });
  const engine = compileModel(model);
  const subscribe = (name: string) =>
    engine.decide(
      {
        principal: PARTNER,
        action: 'kinesis:SubscribeToShard',
        resource: consumer(name),
      },
      { trace: true },
    );

  it('a policy on the consumer of a stream: a consumer of that stream with another timestamp may be it (indeterminate, was deny); one of another stream is not (deny, was indeterminate)', () => {
    expect(subscribe('plain-stream').decision).toBe('indeterminate');
    expect(subscribe('decrypt-stream').decision).toBe('deny');
    const own = model.resources.find((r) => r.arn.includes('/consumer/'))?.arn ?? '';
    expect(own).toMatch(
      new RegExp(
        `^arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/plain-stream/consumer/app:\\(unknown-[^)]*\\)$`,
      ),
    );
    expect(
      engine.decide({ principal: PARTNER, action: 'kinesis:SubscribeToShard', resource: own }).decision,
    ).toBe('allow');
  });

  it('a consumer of a stream whose key denies the caller kms:Decrypt: denied (was indeterminate)', () => {
    const closed = partnerTemplateModel(INPUTS, 'closed-consumer', {
      Resources: {
        Private: { Type: 'AWS::KMS::Key' },
        ...stream('closed-stream', { 'Fn::GetAtt': ['Private', 'Arn'] }),
        ...consumerOf('ClosedStream', { Ref: 'Consumer' }),
      },
    });
    const d = compileModel(closed).decide({
      principal: PARTNER,
      action: 'kinesis:SubscribeToShard',
      resource: consumer('closed-stream'),
    });
    expect(d.decision, KINESIS_QUOTE).toBe('deny');
  });

  // Terraform AWS provider, aws_kinesis_stream_consumer: "arn - Amazon Resource Name (ARN) of the
  // stream consumer." and "id - Amazon Resource Name (ARN) of the stream consumer.", known after
  // apply: derived from `stream_arn`, `name` and an unknown creation timestamp.
  it('Terraform aws_kinesis_stream_consumer: the policy on its arn is on a consumer of its stream (was an unknown target)', () => {
    const m = partnerHclModel(
      INPUTS,
      `
${TF_STREAMS}resource "aws_kinesis_stream_consumer" "closed" {
  name       = "app"
  stream_arn = aws_kinesis_stream.closed.arn
}
resource "aws_kinesis_resource_policy" "closed" {
  resource_arn = aws_kinesis_stream_consumer.closed.arn
  policy       = ${json(consumerPolicy)}
}
`,
    );
    const own = m.resources.find((r) => r.arn.includes('/consumer/'))?.arn ?? '';
    expect(own).toMatch(
      new RegExp(
        `^arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/closed-stream/consumer/app:\\(unknown-[^)]*\\)$`,
      ),
    );
    const decide = (resource: string) =>
      compileModel(m).decide({ principal: PARTNER, action: 'kinesis:SubscribeToShard', resource }).decision;
    expect(
      decide(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/closed-stream/consumer/app:1700000000`),
      KINESIS_QUOTE,
    ).toBe('deny');
    expect(decide(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/plain-stream/consumer/app:1700000000`)).toBe(
      'deny',
    );
  });

  it("the stream's key decides too: a consumer policy of the inputs allows, the key denies kms:Decrypt (was allow)", () => {
    const hcl = partnerHclModel(
      INPUTS,
      `
${TF_STREAMS}resource "aws_kinesis_resource_policy" "closed" {
  resource_arn = "${consumer('closed-stream')}"
  policy       = ${json(consumerPolicy)}
}
resource "aws_kinesis_resource_policy" "plain" {
  resource_arn = "${consumer('plain-stream')}"
  policy       = ${json(consumerPolicy)}
}
`,
    );
    const decide = (name: string) =>
      compileModel(hcl).decide(
        { principal: PARTNER, action: 'kinesis:SubscribeToShard', resource: consumer(name) },
        { trace: true },
      );
    expect(decide('plain-stream').decision).toBe('allow');
    const d = decide('closed-stream');
    expect(d.decision, KINESIS_QUOTE).toBe('deny');
    expect(d.trace?.map((t) => t.message).join('\n')).toMatch(
      /kms:Decrypt on the KMS key of .*stream\/closed-stream/,
    );
  });
});
