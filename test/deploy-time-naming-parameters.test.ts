// A deploy-time call (an AWS CLI command in a local-exec provisioner, an AwsCustomResource SDK
// call) that writes an SNS topic's, a Lambda function's or a KMS key's resource policy changes
// only the element its naming parameter names (src/aws/access-changes.ts `RESOURCE_NAMING`,
// `narrowAccessChangeByParameters`), as `--role-name` and `--bucket` already did.
//
// SNS API Reference, SetTopicAttributes `TopicArn`: "The ARN of the topic to modify.";
// AddPermission `TopicArn`: "The ARN of the topic whose access control policy you wish to
// modify." Lambda API Reference, AddPermission `FunctionName`: "The name or ARN of the Lambda
// function, version, or alias." ... "Partial ARN – 123456789012:function:my-function. You can
// append a version number or alias to any of the formats." AWS KMS API Reference, PutKeyPolicy
// `KeyId`: "Specify the key ID or key ARN of the KMS key."; CreateGrant `KeyId`: "To specify a KMS
// key in a different AWS account, you must use the key ARN."
//
// Before, such a call made the policy of every topic, function or key of the account unknown.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { shellCommandChange } from '../src/aws/cli-commands.js';
import { sdkCallChangesAccess } from '../src/aws/sdk-calls.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';
const M = '\u0000';
const E = { partition: 'aws', account: ACCOUNT };
const arnsOf = (command: string) => shellCommandChange(command, M, E)?.change.resourceArns;

describe('the naming parameter of SNS, Lambda and KMS resource-policy writers', () => {
  it('--topic-arn: that topic', () => {
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:other`;
    expect(
      arnsOf(`aws sns set-topic-attributes --topic-arn ${topic} --attribute-name Policy --attribute-value x`),
    ).toEqual([topic]);
    expect(
      arnsOf(
        `aws sns add-permission --topic-arn ${topic} --label l --aws-account-id 444455556666 --action-name Publish`,
      ),
    ).toEqual([topic]);
  });

  it('--function-name: a name, a partial or full ARN, with or without a qualifier', () => {
    const any = [`arn:aws:lambda:*:${ACCOUNT}:function:fn`, `arn:aws:lambda:*:${ACCOUNT}:function:fn:*`];
    const add = (name: string) =>
      arnsOf(
        `aws lambda add-permission --function-name ${name} --statement-id s --action lambda:InvokeFunction --principal s3.amazonaws.com`,
      );
    expect(add('fn')).toEqual(any);
    expect(add('fn:live')).toEqual(any);
    expect(add(`${ACCOUNT}:function:fn`)).toEqual(any);
    expect(add(`arn:aws:lambda:eu-west-1:444455556666:function:fn:7`)).toEqual([
      'arn:aws:lambda:eu-west-1:444455556666:function:fn',
      'arn:aws:lambda:eu-west-1:444455556666:function:fn:*',
    ]);
  });

  it('--key-id: a key id or key ARN; an alias names no key here (every key)', () => {
    const id = '1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(arnsOf(`aws kms put-key-policy --key-id ${id} --policy file://p.json`)).toEqual([
      `arn:aws:kms:*:${ACCOUNT}:key/${id}`,
    ]);
    const arn = `arn:aws:kms:us-east-1:444455556666:key/${id}`;
    expect(arnsOf(`aws kms create-grant --key-id ${arn} --grantee-principal r --operations Decrypt`)).toEqual(
      [arn],
    );
    expect(arnsOf('aws kms put-key-policy --key-id alias/app --policy file://p.json')).toBeUndefined();
    expect(arnsOf('aws kms put-key-policy --policy file://p.json')).toBeUndefined();
  });

  it('an SDK call (AwsCustomResource) the same way', () => {
    const call = {
      service: 'Lambda',
      action: 'addPermission',
      parameters: { FunctionName: 'fn', Principal: '*' },
    };
    expect(sdkCallChangesAccess(call, E).change?.resourceArns).toEqual([
      `arn:aws:lambda:*:${ACCOUNT}:function:fn`,
      `arn:aws:lambda:*:${ACCOUNT}:function:fn:*`,
    ]);
  });
});

describe('end to end: a local-exec writing another topic leaves this one decided', () => {
  function model(command: string) {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [ACCOUNT] }] },
        resource: {
          aws_sns_topic: { alerts: { name: 'alerts' }, other: { name: 'other' } },
          terraform_data: { setup: { provisioner: [{ 'local-exec': { command } }] } },
        },
      },
      b,
    );
    return b.build();
  }
  const publish = (m: ReturnType<typeof model>, topic: string) =>
    decideAnyContext(compileModel(m), {
      principal: 'arn:aws:iam::444455556666:root',
      action: 'sns:Publish',
      resource: `arn:aws:sns:us-east-1:${ACCOUNT}:${topic}`,
    }).access;

  it('the named topic may be opened (indeterminate); the other is denied (was indeterminate)', () => {
    const m = model(
      `aws sns set-topic-attributes --topic-arn arn:aws:sns:us-east-1:${ACCOUNT}:other --attribute-name Policy --attribute-value file://p.json`,
    );
    expect(publish(m, 'other')).toBe('indeterminate');
    expect(publish(m, 'alerts')).toBe('deny');
  });

  it('without the naming parameter (unknown): every topic stays indeterminate', () => {
    const m = model(
      'aws sns set-topic-attributes --topic-arn $TOPIC --attribute-name Policy --attribute-value file://p.json',
    );
    expect(publish(m, 'alerts')).toBe('indeterminate');
  });
});
