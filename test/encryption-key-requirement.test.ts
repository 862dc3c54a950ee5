// A request from another account on a resource encrypted with a KMS key needs the key too
// (aws/encryption-key-requirement.ts, one table; decided by the engine): SQS SendMessage
// (kms:GenerateDataKey and kms:Decrypt) and ReceiveMessage (kms:Decrypt) on a queue with
// KmsMasterKeyId / kms_master_key_id, SNS Publish on a topic with one, besides the Secrets
// Manager entry (secret-cross-account-key.test.ts). The AWS managed key aws/sqs allows its own
// account only: denied; aws/sns, whose key policy the SNS guide does not state: indeterminate; a
// key of the inputs decides the KMS requests; an alias of the inputs (AWS::KMS::Alias,
// aws_kms_alias) resolves to its key wherever a key is named by alias (a secret too); another
// alias or a parameter: indeterminate. A queue without a key (SSE-SQS or none) and same-account
// requests are unchanged. Before, the queue and topic policies alone decided: `allow` where AWS
// denies.
//
// Amazon SQS Developer Guide, "Amazon SQS Key management"
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html):
// "Note that you cannot modify the key policy of an AWS managed KMS key for Amazon SQS. The policy
// for this KMS key includes permissions for all principals in the account (that are authorized to
// use Amazon SQS) to use encrypted queues." "For a customer managed KMS key, you must configure the
// key policy to add permissions for each queue producer and consumer."
// Amazon SQS FAQs (https://aws.amazon.com/sqs/faqs/), "What permissions do I need to use SSE with
// Amazon SQS?": "To send messages to an encrypted queue, the producer must have the
// kms:GenerateDataKey and kms:Decrypt permissions for the CMK." "To receive messages from an
// encrypted queue, the consumer must have the kms:Decrypt permission for any CMK that is used to
// encrypt the messages in the specified queue. If the queue acts as a dead letter queue, the
// consumer must also have the kms:Decrypt permission for any CMK that is used to encrypt the
// messages in the source queue." The operations of the table stand; a ReceiveMessage denied by the
// queue's present key is indeterminate (the messages may be under other keys).
// Amazon SNS Developer Guide, "Managing Amazon SNS encryption keys and costs"
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html): "Before you can use SSE, you
// must configure AWS KMS key policies to allow encryption of topics and encryption and decryption
// of messages."

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model, ResourceKind } from '../src/model/types.js';
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
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';

const SQS_QUOTE =
  'SQS Developer Guide: "The policy for this KMS key includes permissions for all principals in the account (that are authorized to use Amazon SQS) to use encrypted queues."';
const SQS_CONSUMER_QUOTE =
  'Amazon SQS FAQs: "To receive messages from an encrypted queue, the consumer must have the kms:Decrypt permission for any CMK that is used to encrypt the messages in the specified queue. If the queue acts as a dead letter queue, the consumer must also have the kms:Decrypt permission for any CMK that is used to encrypt the messages in the source queue."';
const SNS_QUOTE =
  'SNS Developer Guide: "Before you can use SSE, you must configure AWS KMS key policies to allow encryption of topics and encryption and decryption of messages."';

const doc = policyDocument;
const VIA = ['sqs', 'sns', 'secretsmanager'];
/** Lets the partner use the key through SQS, SNS and Secrets Manager. */
const sharedKeyPolicy = partnerKeyPolicy(ACCOUNT, PARTNER, ['kms:Decrypt', 'kms:GenerateDataKey'], VIA);
/** Lets the partner decrypt only: enough to receive, not to send. */
const decryptKeyPolicy = partnerKeyPolicy(ACCOUNT, PARTNER, 'kms:Decrypt', VIA);
const queuePolicy = doc([
  {
    Effect: 'Allow',
    Principal: { AWS: PARTNER },
    Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:GetQueueAttributes'],
    Resource: '*',
  },
]);
const topicPolicy = doc([
  { Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'sns:Publish', Resource: '*' },
]);
const secretPolicy = doc([
  { Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
]);
const identity = doc([
  {
    Effect: 'Allow',
    Action: [
      'sqs:SendMessage',
      'sqs:ReceiveMessage',
      'sqs:GetQueueAttributes',
      'sns:Publish',
      'secretsmanager:GetSecretValue',
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ],
    Resource: '*',
  },
]);
const trust = doc([
  { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
]);

/** Queue name -> its key as the template names it (undefined: none). */
const QUEUES = [
  'plain',
  'sqs-managed',
  'managed',
  'keyed',
  'closed',
  'decrypt-only',
  'by-alias',
  'by-alias-closed',
  'other-alias',
  'param',
] as const;
const TOPICS = ['plain-topic', 'managed-topic', 'keyed-topic', 'closed-topic'] as const;

const INPUTS: PartnerInputs = {
  account: ACCOUNT,
  partner: { account: PARTNER_ACCOUNT, identity },
  local: { trust, policy: { name: 'use', document: identity } },
};

function withPartner(b: ModelBuilder): ModelBuilder {
  return withPartnerRole(b, PARTNER_ACCOUNT, identity);
}

function fromTemplate(): Model {
  const queue = (name: string, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::SQS::Queue',
    Properties: { QueueName: name, ...extra },
  });
  const topic = (name: string, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::SNS::Topic',
    Properties: { TopicName: name, ...extra },
  });
  const queueIds = [
    'Plain',
    'SqsManaged',
    'Managed',
    'Keyed',
    'Closed',
    'DecryptOnly',
    'ByAlias',
    'ByAliasClosed',
    'OtherAlias',
    'Param',
  ];
  const topicIds = ['PlainTopic', 'ManagedTopic', 'KeyedTopic', 'ClosedTopic'];
  return partnerTemplateModel(INPUTS, 'encrypted', {
    Parameters: { KeyParam: { Type: 'String' } },
    Resources: {
      Shared: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: sharedKeyPolicy } },
      DecryptKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: decryptKeyPolicy } },
      Private: { Type: 'AWS::KMS::Key' },
      SharedAlias: {
        Type: 'AWS::KMS::Alias',
        Properties: { AliasName: 'alias/shared', TargetKeyId: { Ref: 'Shared' } },
      },
      PrivateAlias: {
        Type: 'AWS::KMS::Alias',
        Properties: { AliasName: 'alias/private', TargetKeyId: { 'Fn::GetAtt': ['Private', 'Arn'] } },
      },
      Plain: queue('plain'),
      SqsManaged: queue('sqs-managed', { SqsManagedSseEnabled: true }),
      Managed: queue('managed', { KmsMasterKeyId: 'alias/aws/sqs' }),
      Keyed: queue('keyed', { KmsMasterKeyId: { Ref: 'Shared' } }),
      Closed: queue('closed', { KmsMasterKeyId: { 'Fn::GetAtt': ['Private', 'Arn'] } }),
      DecryptOnly: queue('decrypt-only', { KmsMasterKeyId: { Ref: 'DecryptKey' } }),
      ByAlias: queue('by-alias', { KmsMasterKeyId: { Ref: 'SharedAlias' } }),
      ByAliasClosed: queue('by-alias-closed', { KmsMasterKeyId: 'alias/private' }),
      OtherAlias: queue('other-alias', { KmsMasterKeyId: 'alias/elsewhere' }),
      Param: queue('param', { KmsMasterKeyId: { Ref: 'KeyParam' } }),
      QueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: { Queues: queueIds.map((id) => ({ Ref: id })), PolicyDocument: queuePolicy },
      },
      PlainTopic: topic('plain-topic'),
      ManagedTopic: topic('managed-topic', { KmsMasterKeyId: 'alias/aws/sns' }),
      KeyedTopic: topic('keyed-topic', { KmsMasterKeyId: { Ref: 'Shared' } }),
      ClosedTopic: topic('closed-topic', { KmsMasterKeyId: { Ref: 'Private' } }),
      TopicPolicy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: { Topics: topicIds.map((id) => ({ Ref: id })), PolicyDocument: topicPolicy },
      },
      AliasedSecret: {
        Type: 'AWS::SecretsManager::Secret',
        Properties: { Name: 'aliased-secret', KmsKeyId: 'alias/shared' },
      },
      AliasedSecretPolicy: {
        Type: 'AWS::SecretsManager::ResourcePolicy',
        Properties: { SecretId: { Ref: 'AliasedSecret' }, ResourcePolicy: secretPolicy },
      },
    },
  });
}

function fromHcl(): Model {
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const queue = (name: string, attrs = '') => `
resource "aws_sqs_queue" "${name.replaceAll('-', '_')}" {
  name = "${name}"
  ${attrs}
}
resource "aws_sqs_queue_policy" "${name.replaceAll('-', '_')}" {
  queue_url = aws_sqs_queue.${name.replaceAll('-', '_')}.id
  policy    = ${json(queuePolicy)}
}`;
  const topic = (name: string, attrs = '') => `
resource "aws_sns_topic" "${name.replaceAll('-', '_')}" {
  name = "${name}"
  ${attrs}
}
resource "aws_sns_topic_policy" "${name.replaceAll('-', '_')}" {
  arn    = aws_sns_topic.${name.replaceAll('-', '_')}.arn
  policy = ${json(topicPolicy)}
}`;
  return partnerHclModel(
    INPUTS,
    `
variable "key_param" { type = string }
resource "aws_kms_key" "shared" { policy = ${json(sharedKeyPolicy)} }
resource "aws_kms_key" "decrypt" { policy = ${json(decryptKeyPolicy)} }
resource "aws_kms_key" "private" {}
resource "aws_kms_alias" "shared" {
  name          = "alias/shared"
  target_key_id = aws_kms_key.shared.key_id
}
resource "aws_kms_alias" "private" {
  name          = "alias/private"
  target_key_id = aws_kms_key.private.arn
}
${queue('plain')}
${queue('sqs-managed', 'sqs_managed_sse_enabled = true')}
${queue('managed', 'kms_master_key_id = "alias/aws/sqs"')}
${queue('keyed', 'kms_master_key_id = aws_kms_key.shared.key_id')}
${queue('closed', 'kms_master_key_id = aws_kms_key.private.arn')}
${queue('decrypt-only', 'kms_master_key_id = aws_kms_key.decrypt.id')}
${queue('by-alias', 'kms_master_key_id = aws_kms_alias.shared.name')}
${queue('by-alias-closed', 'kms_master_key_id = "alias/private"')}
${queue('other-alias', 'kms_master_key_id = "alias/elsewhere"')}
${queue('param', 'kms_master_key_id = var.key_param')}
${topic('plain-topic')}
${topic('managed-topic', 'kms_master_key_id = "alias/aws/sns"')}
${topic('keyed-topic', 'kms_master_key_id = aws_kms_key.shared.arn')}
${topic('closed-topic', 'kms_master_key_id = aws_kms_key.private.key_id')}
resource "aws_secretsmanager_secret" "aliased" {
  name       = "aliased-secret"
  kms_key_id = "alias/shared"
}
resource "aws_secretsmanager_secret_policy" "aliased" {
  secret_arn = aws_secretsmanager_secret.aliased.arn
  policy     = ${json(secretPolicy)}
}
`,
  );
}

describe.each([
  ['CloudFormation', fromTemplate],
  ['Terraform', fromHcl],
] as const)('%s: a queue, topic or secret from another account needs its KMS key', (_name, load) => {
  const model = load();
  const engine = compileModel(model);
  const arnOf = (kind: ResourceKind, name: string) => {
    const r = model.resources.find((x) => x.kind === kind && x.name === name);
    if (!r) throw new Error(`no ${kind} ${name}`);
    return r.arn;
  };
  const send = (principal: string, name: string, action = 'sqs:SendMessage') =>
    engine.decide({ principal, action, resource: arnOf('sqs-queue', name) }, { trace: true });
  const publish = (principal: string, name: string) =>
    engine.decide({ principal, action: 'sns:Publish', resource: arnOf('sns-topic', name) }, { trace: true });

  it('a queue without a KMS key (SSE-SQS or none): unchanged, allowed', () => {
    for (const name of ['plain', 'sqs-managed']) expect(send(PARTNER, name).decision, name).toBe('allow');
  });

  it('the AWS managed key aws/sqs: SendMessage denied across accounts (was allow)', () => {
    const d = send(PARTNER, 'managed');
    expect(d.decision, SQS_QUOTE).toBe('deny');
    expect(d.trace?.map((t) => t.message).join('\n')).toMatch(/AWS managed key aws\/sqs/);
  });

  it('ReceiveMessage under a key that denies: indeterminate, messages may be under other keys (was deny)', () => {
    for (const name of ['managed', 'closed']) {
      const d = send(PARTNER, name, 'sqs:ReceiveMessage');
      expect(d.decision, `${name}: ${SQS_CONSUMER_QUOTE}`).toBe('indeterminate');
      expect(d.trace?.map((t) => t.message).join('\n')).toMatch(/may be encrypted with other keys/);
    }
  });

  it('a customer managed key: its key policy decides GenerateDataKey and Decrypt', () => {
    expect(send(PARTNER, 'keyed').decision).toBe('allow');
    expect(send(PARTNER, 'closed').decision, SQS_QUOTE).toBe('deny');
    // Decrypt only: the consumer may receive, the producer (GenerateDataKey) may not send
    expect(send(PARTNER, 'decrypt-only', 'sqs:ReceiveMessage').decision).toBe('allow');
    expect(send(PARTNER, 'decrypt-only').decision, SQS_QUOTE).toBe('deny');
  });

  it('a key named by an alias of the inputs is that key (was indeterminate for a secret)', () => {
    expect(send(PARTNER, 'by-alias').decision).toBe('allow');
    expect(send(PARTNER, 'by-alias-closed').decision).toBe('deny');
    const secret = arnOf('secretsmanager-secret', 'aliased-secret');
    expect(
      engine.decide({ principal: PARTNER, action: 'secretsmanager:GetSecretValue', resource: secret })
        .decision,
    ).toBe('allow');
  });

  it('a key the inputs do not pin down (another alias, a parameter): indeterminate (was allow)', () => {
    for (const name of ['other-alias', 'param'])
      expect(send(PARTNER, name).decision, name).toBe('indeterminate');
  });

  it('SNS: no key allowed; aws/sns indeterminate; a customer managed key decides (was allow)', () => {
    expect(publish(PARTNER, 'plain-topic').decision).toBe('allow');
    expect(publish(PARTNER, 'managed-topic').decision, SNS_QUOTE).toBe('indeterminate');
    expect(publish(PARTNER, 'keyed-topic').decision).toBe('allow');
    expect(publish(PARTNER, 'closed-topic').decision, SNS_QUOTE).toBe('deny');
  });

  it('same-account requests are unaffected', () => {
    for (const name of QUEUES) expect(send(LOCAL, name).decision, name).toBe('allow');
    for (const name of TOPICS) expect(publish(LOCAL, name).decision, name).toBe('allow');
  });

  it('actions that do not use the key are unaffected', () => {
    const d = send(PARTNER, 'managed', 'sqs:GetQueueAttributes');
    expect(d.decision).toBe('allow');
  });

  it('the access matrix agrees with the requests decided one by one', () => {
    const m = buildMatrix(engine);
    expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(
      nonDenyAnswers(decidedOneByOne(engine, m)),
    );
  });
});

describe('an alias that might not be created is not resolved', () => {
  it('CloudFormation: a queue keyed by an alias under an undecided Condition is indeterminate', () => {
    const b = withPartner(new ModelBuilder());
    loadTemplateObject(
      {
        Parameters: { Env: { Type: 'String' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
        Resources: {
          Shared: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: sharedKeyPolicy } },
          MaybeAlias: {
            Type: 'AWS::KMS::Alias',
            Condition: 'IsProd',
            Properties: { AliasName: 'alias/maybe', TargetKeyId: { Ref: 'Shared' } },
          },
          Maybe: {
            Type: 'AWS::SQS::Queue',
            Properties: { QueueName: 'maybe', KmsMasterKeyId: 'alias/maybe' },
          },
          QueuePolicy: {
            Type: 'AWS::SQS::QueuePolicy',
            Properties: { Queues: [{ Ref: 'Maybe' }], PolicyDocument: queuePolicy },
          },
        },
      },
      b,
      { account: ACCOUNT, region: 'us-east-1', stackName: 'maybe' },
    );
    const model = b.build();
    const queue = model.resources.find((r) => r.kind === 'sqs-queue' && r.name === 'maybe')!;
    const d = compileModel(model).decide({
      principal: PARTNER,
      action: 'sqs:SendMessage',
      resource: queue.arn,
    });
    expect(d.decision).toBe('indeterminate');
  });
});
