// A resource is in the account and Region its ARN names (model/arn-owner.ts `ownerOfArn`, applied
// by `ModelBuilder.addResource`), not the account or Region of the stack or provider that
// registers it. A Kinesis stream consumer's ARN is under its stream's ARN, so a consumer a stack
// registers on another account's stream is that account's resource. Before, the CloudFormation
// consumer was modelled in the stack's account: a role of the stack's account allowed
// kinesis:SubscribeToShard by its own policy alone was `allow` on a consumer of another account,
// which no resource policy allows (a cross-account request needs one); the Terraform consumer
// took its Region from the provider.
//
// AWS CloudFormation, AWS::Kinesis::StreamConsumer
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-streamconsumer.html):
// "StreamARN: The ARN of the stream with which you registered the consumer." Pattern
// `arn:aws.*:kinesis:.*:\d{12}:stream/\S+`; "When you pass the logical ID of an
// AWS::Kinesis::StreamConsumer resource to the intrinsic Ref function, the function returns the
// consumer ARN." Service Authorization Reference, Amazon Kinesis Data Streams, resource type
// consumer: `arn:${Partition}:kinesis:${Region}:${Account}:${StreamType}/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimpstamp}`.
// IAM User Guide, "Cross account resource access in IAM": "the identity-based policy and the
// resource-based policy both must grant access" when the principal and the resource are in
// different accounts.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ownerOfArn } from '../src/model/arn-owner.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const STACK_ACCOUNT = '111111111111';
const STREAM_ACCOUNT = '222222222222';
const STREAM = `arn:aws:kinesis:us-west-2:${STREAM_ACCOUNT}:stream/shared`;
const READER = `arn:aws:iam::${STACK_ACCOUNT}:role/reader`;

function templateModel(extra: Record<string, unknown> = {}): Model {
  const b = new ModelBuilder();
  loadTemplateObject(
    {
      Resources: {
        Consumer: {
          Type: 'AWS::Kinesis::StreamConsumer',
          Properties: { ConsumerName: 'app', StreamARN: STREAM },
        },
        Reader: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'reader',
            AssumeRolePolicyDocument: {
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
            Policies: [
              {
                PolicyName: 'read',
                PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }] },
              },
            ],
          },
        },
        ...extra,
      },
    },
    b,
    { account: STACK_ACCOUNT, region: 'us-east-1' },
  );
  return b.build();
}

const consumerOf = (m: Model) => m.resources.find((r) => r.arn.includes('/consumer/'))!;

describe("a resource's account and Region are its ARN's", () => {
  it('ownerOfArn: the ARN names them; none where it names none (an S3 bucket) or not one id', () => {
    expect(ownerOfArn(`${STREAM}/consumer/app:1`)).toEqual({ account: STREAM_ACCOUNT, region: 'us-west-2' });
    expect(ownerOfArn('arn:aws:s3:::bucket')).toEqual({});
    expect(ownerOfArn('arn:aws:sqs:us-east-1:(unknown-acct):q')).toEqual({ region: 'us-east-1' });
    expect(ownerOfArn('not an arn')).toEqual({});
  });

  it("CloudFormation: a consumer of another account's stream is in that account and Region (was the stack's)", () => {
    const m = templateModel();
    const c = consumerOf(m);
    expect(c.arn.startsWith(`${STREAM}/consumer/app:`)).toBe(true);
    expect(c.account).toBe(STREAM_ACCOUNT);
    expect(c.region).toBe('us-west-2');
  });

  it("a role of the stack account with only its own policy: denied on the other account's consumer (was allow)", () => {
    const m = templateModel();
    const d = compileModel(m).decide({
      principal: READER,
      action: 'kinesis:SubscribeToShard',
      resource: consumerOf(m).arn,
    });
    expect(d.decision).toBe('deny');
  });

  it("the consumer's resource policy allowing the role: allowed across accounts", () => {
    const m = templateModel({
      ConsumerPolicy: {
        Type: 'AWS::Kinesis::ResourcePolicy',
        Properties: {
          ResourceArn: { Ref: 'Consumer' },
          ResourcePolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: READER },
                Action: 'kinesis:SubscribeToShard',
                Resource: '*',
              },
            ],
          },
        },
      },
    });
    const d = compileModel(m).decide({
      principal: READER,
      action: 'kinesis:SubscribeToShard',
      resource: consumerOf(m).arn,
    });
    expect(d.decision).toBe('allow');
  });

  // Terraform AWS provider, aws_kinesis_stream_consumer: "stream_arn - (Required, Forces new
  // resource) Amazon Resource Name (ARN) of the data stream the consumer is registered with."
  it("Terraform: a consumer of a stream of another Region is in that Region (was the provider's)", () => {
    const m = terraformConfigModel(`
provider "aws" {
  region = "us-east-1"
}
resource "aws_kinesis_stream_consumer" "c" {
  name       = "app"
  stream_arn = "${STREAM}"
}
`);
    const c = consumerOf(m);
    expect(c.account).toBe(STREAM_ACCOUNT);
    expect(c.region).toBe('us-west-2');
  });
});
