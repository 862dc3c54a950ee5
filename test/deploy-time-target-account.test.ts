// Deploy-time code (a Lambda-backed custom resource, an AWS CLI command of a local-exec
// provisioner, a template deployment iamspec does not read) that writes resource policies runs in
// the deploying account, but the resource it writes may be another account's where the API that
// writes it takes an ARN naming the account and works across accounts: the same rule as a policy
// resource of the inputs whose target is unknown (src/aws/resource-policies.ts `targetAccountOf`,
// `targetMayBeElsewhere`; `patternAccountOf` for an ARN pattern bounding the write;
// src/aws/deploy-time-changes.ts). Before, every such write was spread onto the deploying
// account's resources only, so another account's function, topic, secret or key of the inputs was
// read as untouched by it: a plain deny where the code may have opened it.
//
// AWS rules pinned here:
// - Lambda API Reference, AddPermission `FunctionName`: "Function ARN –
//   arn:aws:lambda:us-west-2:123456789012:function:my-function. Partial ARN –
//   123456789012:function:my-function": a function of another account (its account in the ARN).
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// - AWS KMS API Reference, CreateGrant: "Cross-account use: Yes. To perform this operation on a KMS
//   key in a different AWS account, specify the key ARN in the value of the KeyId parameter.";
//   PutKeyPolicy: "Cross-account use: No. You cannot perform this operation on a KMS key in a
//   different AWS account." https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
// - Amazon SQS Developer Guide, "Limitations of Amazon SQS custom policies": "Cross-account
//   permissions don't apply to the following actions: AddPermission, ... SetQueueAttributes";
//   Amazon S3 API Reference, PutBucketPolicy: the calling identity must "belong to the bucket
//   owner's account in order to use this operation": left in the deploying account.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { patternAccountOf } from '../src/aws/resource-policies.js';
import { compileModel } from '../src/engine/index.js';
import type { Model, ResourceKind } from '../src/model/types.js';
import {
  localExecAddPermissions,
  OTHER,
  OURS,
  otherAccount,
  otherFunctions,
  PARTNER,
  topicWithPolicy,
} from './helpers/other-account-writes.js';

const keyPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OURS}:root` },
      Action: 'kms:CreateGrant',
      Resource: '*',
    },
  ],
};

/**
 * A policy letting our account write the resource's policy: across accounts the resource's own
 * policy must allow the write (test/deploy-time-cross-account-writes.test.ts).
 */
const lettingUs = (action: string) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OURS}:root` }, Action: action, Resource: '*' },
  ],
});

/**
 * The other account's template: two functions, a topic, a secret, a key, a queue, a bucket; the
 * policies of `f`, the topic, the secret and the key let our account write them.
 */
const OTHER_TEMPLATE = {
  Resources: {
    ...otherFunctions({ F: 'f', G: 'g' }, 'F'),
    ...topicWithPolicy('Topic', 'alerts', lettingUs('sns:AddPermission')),
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'db' } },
    SecretPolicy: {
      Type: 'AWS::SecretsManager::ResourcePolicy',
      Properties: {
        SecretId: { Ref: 'Secret' },
        ResourcePolicy: lettingUs('secretsmanager:PutResourcePolicy'),
      },
    },
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: keyPolicy } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'other-data' } },
  },
};

/** The models of the other account's template; with our custom resource (`customResource`). */
const { withOther, customResource } = otherAccount(OTHER_TEMPLATE);

const otherArn = (m: Model, kind: ResourceKind, name?: string) =>
  m.resources.find((r) => r.kind === kind && r.account === OTHER && (!name || r.name === name))!.arn;

/** What PARTNER (outside the model) may do on the other account's resources. */
function partner(m: Model) {
  const engine = compileModel(m);
  const decide = (action: string, resource: string) =>
    engine.decide({ principal: PARTNER, action, resource }).decision;
  return {
    invoke: (name: string) => decide('lambda:InvokeFunction', otherArn(m, 'lambda-function', name)),
    publish: () => decide('sns:Publish', otherArn(m, 'sns-topic')),
    secret: () => decide('secretsmanager:DescribeSecret', otherArn(m, 'secretsmanager-secret')),
    decrypt: () => decide('kms:Decrypt', otherArn(m, 'kms-key')),
    send: () => decide('sqs:SendMessage', otherArn(m, 'sqs-queue')),
    read: () => decide('s3:GetObject', `${otherArn(m, 's3-bucket')}/k`),
  };
}

describe('deploy-time resource-policy writes whose target may be another account', () => {
  it('the inputs alone: the partner is denied everywhere', () => {
    const p = partner(withOther(() => {}));
    expect([p.invoke('f'), p.publish(), p.secret(), p.decrypt(), p.send(), p.read()]).toEqual(
      Array(6).fill('deny'),
    );
  });

  it('patternAccountOf: the account field of an ARN pattern, else the kind’s rule for an unknown target', () => {
    const cases: [ResourceKind, string, string, string?][] = [
      ['lambda-function', `arn:aws:lambda:*:${OTHER}:function:f`, OTHER],
      ['lambda-function', `arn:aws:lambda:*:${OURS}:function:f`, OURS],
      ['lambda-function', 'arn:aws:lambda:us-east-1:*:function:f', 'any'],
      ['lambda-function', 'arn:aws:lambda:us-east-1:4444*:function:f', 'any'],
      ['sqs-queue', 'arn:aws:sqs:us-east-1:*:jobs', OURS],
      ['sqs-queue', `arn:aws:sqs:us-east-1:${OTHER}:jobs`, OTHER],
      ['s3-bucket', 'arn:aws:s3:::other-data', OURS],
      ['kms-key', 'arn:aws:kms:*:*:key/*', OURS],
      ['kms-key', 'arn:aws:kms:*:*:key/*', 'any', 'a KMS grant'],
      ['sns-topic', 'arn:aws:sns:*:*:alerts', 'any'],
    ];
    for (const [kind, pattern, where, elsewhere] of cases)
      expect(patternAccountOf(kind, pattern, OURS, elsewhere), `${kind} ${pattern}`).toBe(where);
  });

  // (lambda:AddPermission is not used here: a function policy the code may write may let its own
  // role invoke that function, whose role is outside the inputs: anything, function-role-changes.ts)
  it('a custom resource allowed secretsmanager:PutResourcePolicy on the other account’s secrets: they may be opened (was deny), its topic not', () => {
    const p = partner(
      customResource(
        ['secretsmanager:PutResourcePolicy'],
        `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:*`,
      ),
    );
    expect(p.secret()).toBe('indeterminate');
    expect(p.publish()).toBe('deny');
  });

  it('a custom resource allowed sns:AddPermission on *: any account’s topic (was deny), not its secret', () => {
    const p = partner(customResource(['sns:AddPermission'], '*'));
    expect(p.publish()).toBe('indeterminate');
    expect(p.secret()).toBe('deny');
  });

  it('a custom resource allowed sns:AddPermission on our account’s topics only: the other account’s topic stays denied', () => {
    expect(partner(customResource(['sns:AddPermission'], `arn:aws:sns:*:${OURS}:*`)).publish()).toBe('deny');
  });

  it('kms:CreateGrant may grant on the other account’s key (was deny); kms:PutKeyPolicy may not', () => {
    expect(partner(customResource(['kms:CreateGrant'], '*')).decrypt()).toBe('indeterminate');
    expect(partner(customResource(['kms:CreateGrant'], `arn:aws:kms:*:${OTHER}:key/*`)).decrypt()).toBe(
      'indeterminate',
    );
    expect(partner(customResource(['kms:PutKeyPolicy'], '*')).decrypt()).toBe('deny');
  });

  it('code bounded by anything (a function the inputs do not pin down): topics, functions, secrets, keys of any account; never another account’s queue or bucket', () => {
    const m = withOther((b) =>
      loadTemplateObject(
        {
          Parameters: { Token: { Type: 'String' } },
          Resources: { Setup: { Type: 'Custom::Setup', Properties: { ServiceToken: { Ref: 'Token' } } } },
        },
        b,
        { account: OURS, region: 'us-east-1', stackName: 'ours' },
      ),
    );
    const p = partner(m);
    expect([p.invoke('f'), p.publish(), p.secret(), p.decrypt()]).toEqual(Array(4).fill('indeterminate'));
    expect([p.send(), p.read()]).toEqual(['deny', 'deny']);
  });

  it('Terraform local-exec: aws lambda add-permission on the other account’s function ARN (was deny)', () => {
    const m = withOther((b) =>
      loadTerraformConfigObject(localExecAddPermissions(`arn:aws:lambda:us-east-1:${OTHER}:function:f`), b),
    );
    const p = partner(m);
    expect(p.invoke('f')).toBe('indeterminate');
    expect(p.invoke('g')).toBe('deny');
  });
});
