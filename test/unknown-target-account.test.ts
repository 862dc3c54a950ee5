// The account of a resource policy's target the inputs leave unknown (`Queues: [!Ref QueueUrl]`,
// `aws_sqs_queue_policy.queue_url` from a variable, a Lambda permission on an unknown function).
// Before, such a policy was spread onto the deploying account's resources only and its stand-in
// placed there: a topic or function of another account (which the ARN may name) was read as
// untouched by it. A queue policy is set by the queue's own account only (quoted below): it stays. Now, for the kinds whose target may be another account's
// (`ResourcePolicyDescription.targetMayBeElsewhere`), it is spread onto the resources of that kind
// of every account of the model, and its stand-in is in an account of its own whose id is unknown
// (`ModelBuilder.attachToUnknownResource`, `UnknownResourceTargetInit.anyAccount`). A bucket
// policy stays in the deploying account.
//
// AWS rules pinned here:
// - Lambda AddPermission, FunctionName: "Function ARN – arn:aws:lambda:us-west-2:123456789012:
//   function:my-function. Partial ARN – 123456789012:function:my-function." (Lambda API Reference,
//   AddPermission): the name may be another account's function.
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// - "Cross-account permissions don't apply to the following actions: AddPermission, ...
//   SetQueueAttributes ..." (Amazon SQS Developer Guide, "Limitations of Amazon SQS custom
//   policies"); "Only you, the owner of the queue, can grant or deny permissions to the queue."
//   (Amazon SQS API Reference, AddPermission): a queue policy the deployment writes is on a queue
//   of the deploying account, unless its URL names another (`https://sqs.…/123456789012/q`:
//   "To access a queue owned by another Amazon account, use the QueueOwnerAWSAccountId parameter",
//   GetQueueUrl), where it is placed as the text says.
//   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-limitations-of-custom-policies.html
// - SNS AddPermission / SetTopicAttributes: "TopicArn: The ARN of the topic whose access control
//   policy you wish to modify." (Amazon SNS API Reference, AddPermission): the ARN names the
//   topic's account.
//   https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html
// - "If you are using an identity other than the root user of the AWS account that owns the
//   bucket, the calling identity must have the PutBucketPolicy permissions on the specified bucket
//   and belong to the bucket owner's account in order to use this operation." (CloudFormation
//   Template Reference, AWS::S3::BucketPolicy): a bucket policy the deployment writes is on a
//   bucket of the deploying account.
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { describeResourcePolicy, targetAccountOf } from '../src/aws/resource-policies.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isStandInAccount } from '../src/model/stand-ins.js';
import type { Model, ResourceKind } from '../src/model/types.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const OURS = '111122223333';
const OTHER = '444455556666';
const PARTNER = 'arn:aws:iam::999988887777:root';

const GRANT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: PARTNER }, Action: '*', Resource: '*' }],
};

/** The other account's template: a queue, a topic, a function and a bucket, no policies. */
const OTHER_TEMPLATE = {
  Resources: {
    Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
    Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
    // across accounts the target's own policy must let the writer write it
    // (test/deploy-time-cross-account-writes.test.ts): these let every account
    AlertsPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'Alerts' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:AddPermission', Resource: '*' }],
        },
      },
    },
    Handler: {
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: 'handler', Role: `arn:aws:iam::${OTHER}:role/r`, Runtime: 'nodejs20.x' },
    },
    HandlerPermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: { FunctionName: { Ref: 'Handler' }, Action: 'lambda:AddPermission', Principal: '*' },
    },
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'other-data' } },
  },
};

const OUR_TEMPLATE = {
  Parameters: {
    QueueUrl: { Type: 'String' },
    TopicArn: { Type: 'String' },
    FunctionName: { Type: 'String' },
    BucketName: { Type: 'String' },
  },
  Resources: {
    QueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: { Queues: [{ Ref: 'QueueUrl' }], PolicyDocument: GRANT },
    },
    TopicPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: { Topics: [{ Ref: 'TopicArn' }], PolicyDocument: GRANT },
    },
    Permission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { Ref: 'FunctionName' },
        Action: 'lambda:InvokeFunction',
        Principal: '999988887777',
      },
    },
    BucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: 'BucketName' }, PolicyDocument: GRANT },
    },
  },
};

function cfn(parameters?: Record<string, string>): Model {
  const b = new ModelBuilder();
  loadTemplateObject(OTHER_TEMPLATE, b, { account: OTHER, region: 'us-east-1', stackName: 'other' });
  loadTemplateObject(OUR_TEMPLATE, b, {
    account: OURS,
    region: 'us-east-1',
    stackName: 'ours',
    ...(parameters ? { parameters } : {}),
  });
  return b.build();
}

const decide = (m: Model, action: string, resource: string) =>
  compileModel(m).decide({ principal: PARTNER, action, resource }).decision;

describe('a resource policy whose target is unknown: the target may be in another account', () => {
  it('the facts: topics and functions may be named in another account, queues and buckets not', () => {
    for (const kind of ['sns-topic', 'lambda-function'] as const)
      expect(describeResourcePolicy(kind)?.targetMayBeElsewhere, kind).toBeTruthy();
    for (const kind of ['sqs-queue', 's3-bucket'] as const)
      expect(describeResourcePolicy(kind)?.targetMayBeElsewhere, kind).toBeFalsy();
    const cases: [ResourceKind, string, string][] = [
      ['s3-bucket', '', OURS],
      ['sqs-queue', '', OURS],
      ['sqs-queue', 'https://sqs.us-east-1.amazonaws.com/', OURS],
      ['sqs-queue', `https://sqs.us-east-1.amazonaws.com/${OTHER}/`, OTHER],
      ['sqs-queue', `arn:aws:sqs:us-east-1:${OTHER}:`, OTHER],
      ['sns-topic', 'arn:aws:sns:us-east-1:', 'any'],
      ['lambda-function', '', 'any'],
      ['lambda-function', 'ar', 'any'],
      ['lambda-function', '4444', 'any'],
      ['lambda-function', `${OTHER}:function:`, OTHER],
      ['lambda-function', 'app-', OURS],
      ['lambda-function', `arn:aws:lambda:us-east-1:${OTHER}:function:`, OTHER],
    ];
    for (const [kind, head, where] of cases)
      expect(targetAccountOf(kind, head, OURS), `${kind} ${head}`).toBe(where);
  });

  it('CloudFormation: a topic or function of another account of the inputs may be the target (was deny)', () => {
    const m = cfn();
    // a queue policy is written by the queue's account: another account's queue is untouched
    expect(decide(m, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${OTHER}:jobs`)).toBe('deny');
    expect(decide(m, 'sns:Publish', `arn:aws:sns:us-east-1:${OTHER}:alerts`)).toBe('indeterminate');
    expect(decide(m, 'lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${OTHER}:function:handler`)).toBe(
      'indeterminate',
    );
    // a bucket policy is written by the bucket owner's account: another account's bucket is untouched
    expect(decide(m, 's3:GetObject', 'arn:aws:s3:::other-data/x')).toBe('deny');
  });

  it('the stand-in of such a target is in an account whose id is unknown, not the deploying one', () => {
    const m = cfn();
    for (const kind of ['sns-topic', 'lambda-function']) {
      const standIn = m.resources.find((r) => r.kind === kind && r.standIn);
      expect(standIn, kind).toBeDefined();
      expect(standIn!.account, kind).not.toBe(OURS);
      expect(isStandInAccount(standIn!.account), kind).toBe(true);
      expect(standIn!.arn, kind).toContain(standIn!.account);
    }
    for (const kind of ['s3-bucket', 'sqs-queue'])
      expect(m.resources.find((r) => r.kind === kind && r.standIn)?.account, kind).toBe(OURS);
    const f = m.findings.find(
      (x) => x.code === 'model/unknown-resource-target' && x.source?.logicalId === 'TopicPolicy',
    );
    expect(f?.message).toMatch(/any SNS topic of any account/);
  });

  it('known targets: the policy is on the queue the URL names, in its account, and nowhere else', () => {
    const m = cfn({
      QueueUrl: `https://sqs.us-east-1.amazonaws.com/${OTHER}/jobs`,
      TopicArn: `arn:aws:sns:us-east-1:${OTHER}:alerts`,
      FunctionName: `arn:aws:lambda:us-east-1:${OTHER}:function:handler`,
      BucketName: 'ours-data',
    });
    expect(m.resources.some((r) => r.standIn)).toBe(false);
    expect(decide(m, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${OTHER}:jobs`)).toBe('allow');
    expect(decide(m, 'sns:Publish', `arn:aws:sns:us-east-1:${OTHER}:alerts`)).toBe('allow');
    expect(decide(m, 'lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${OTHER}:function:handler`)).toBe(
      'allow',
    );
    expect(decide(m, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${OURS}:jobs`)).toBe('deny');
  });

  it('a target whose known text pins the account: that account only (targetAccountOf)', () => {
    const t = {
      Parameters: { Name: { Type: 'String' } },
      Resources: {
        OursTopic: {
          Type: 'AWS::SNS::TopicPolicy',
          Properties: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
            Topics: [{ 'Fn::Sub': 'arn:aws:sns:us-east-1:${AWS::AccountId}:${Name}' }],
            PolicyDocument: GRANT,
          },
        },
        OtherQueue: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: {
            Queues: [{ 'Fn::Sub': `https://sqs.us-east-1.amazonaws.com/${OTHER}/\${Name}` }],
            PolicyDocument: GRANT,
          },
        },
        NamedFunction: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
            FunctionName: { 'Fn::Sub': 'app-${Name}' },
            Action: 'lambda:InvokeFunction',
            Principal: '999988887777',
          },
        },
      },
    };
    const b = new ModelBuilder();
    loadTemplateObject(OTHER_TEMPLATE, b, { account: OTHER, region: 'us-east-1', stackName: 'other' });
    loadTemplateObject(t, b, { account: OURS, region: 'us-east-1', stackName: 'ours' });
    const m = b.build();
    const standIn = (kind: string) => m.resources.find((r) => r.kind === kind && r.standIn);
    expect(standIn('sns-topic')?.account).toBe(OURS);
    expect(standIn('sqs-queue')?.account).toBe(OTHER);
    expect(standIn('lambda-function')?.account).toBe(OURS);
    expect(decide(m, 'sns:Publish', `arn:aws:sns:us-east-1:${OTHER}:alerts`)).toBe('deny');
    expect(decide(m, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${OTHER}:jobs`)).toBe('indeterminate');
    expect(decide(m, 'lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${OTHER}:function:handler`)).toBe(
      'deny',
    );
  });

  it('Terraform: aws_lambda_permission on a variable (was deny); aws_sqs_queue_policy on one stays in the deploying account', () => {
    const dir = writeTempFiles({
      'main.tf': `
variable "queue_url" { type = string }
variable "function_name" { type = string }
resource "aws_sqs_queue_policy" "p" {
  queue_url = var.queue_url
  policy    = <<EOF
${JSON.stringify(GRANT)}
EOF
}
resource "aws_lambda_permission" "p" {
  function_name = var.function_name
  action        = "lambda:InvokeFunction"
  principal     = "999988887777"
}
`,
    });
    const b = new ModelBuilder();
    loadTemplateObject(OTHER_TEMPLATE, b, { account: OTHER, region: 'us-east-1', stackName: 'other' });
    loadTerraformConfig(dir, b, { account: OURS, region: 'us-east-1', env: {} });
    const m = b.build();
    expect(decide(m, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${OTHER}:jobs`)).toBe('deny');
    expect(decide(m, 'lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${OTHER}:function:handler`)).toBe(
      'indeterminate',
    );
    expect(m.resources.find((r) => r.kind === 'sqs-queue' && r.standIn)?.account).toBe(OURS);
    const fn = m.resources.find((r) => r.kind === 'lambda-function' && r.standIn);
    expect(fn && isStandInAccount(fn.account)).toBe(true);
  });
});
