// A CloudFormation policy resource without its policy document is invalid (the document is a
// required property) and adds nothing: an error finding naming the resource and the property
// (handlers/resources.ts `policyProperty`, for the dedicated and the described policy handlers).
//
// AWS CloudFormation User Guide, resource type references: AWS::S3::BucketPolicy, AWS::SQS::QueuePolicy,
// AWS::SQS::QueueInlinePolicy, AWS::SNS::TopicPolicy, AWS::SNS::TopicInlinePolicy `PolicyDocument`,
// AWS::SecretsManager::ResourcePolicy and AWS::Kinesis::ResourcePolicy `ResourcePolicy`:
// "Required: Yes".

import { describe, expect, it } from 'vitest';
import { findingsOf, modelOf } from './fixtures/cfn/load.js';

const TARGETS: Record<string, [string, string]> = {
  'AWS::S3::BucketPolicy': ['Bucket', 'data'],
  'AWS::SQS::QueuePolicy': ['Queues', '[https://sqs.us-west-2.amazonaws.com/111122223333/jobs]'],
  'AWS::SQS::QueueInlinePolicy': ['Queue', 'https://sqs.us-west-2.amazonaws.com/111122223333/jobs'],
  'AWS::SNS::TopicPolicy': ['Topics', '[arn:aws:sns:us-west-2:111122223333:news]'],
  'AWS::SNS::TopicInlinePolicy': ['TopicArn', 'arn:aws:sns:us-west-2:111122223333:news'],
  'AWS::SecretsManager::ResourcePolicy': [
    'SecretId',
    'arn:aws:secretsmanager:us-west-2:111122223333:secret:db-AbCdEf',
  ],
  'AWS::Kinesis::ResourcePolicy': ['ResourceArn', 'arn:aws:kinesis:us-west-2:111122223333:stream/clicks'],
};

const EXPECTED: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'bucket policy P has no PolicyDocument',
  'AWS::SQS::QueuePolicy': 'queue policy P has no PolicyDocument',
  'AWS::SQS::QueueInlinePolicy': 'queue policy P has no PolicyDocument',
  'AWS::SNS::TopicPolicy': 'topic policy P has no PolicyDocument',
  'AWS::SNS::TopicInlinePolicy': 'topic policy P has no PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'secret policy P has no ResourcePolicy',
  'AWS::Kinesis::ResourcePolicy': 'Kinesis data stream policy P has no ResourcePolicy',
};

describe('a policy resource without its policy document', () => {
  for (const [type, [property, value]] of Object.entries(TARGETS))
    it(`${type}: an error finding naming the resource and the property; no policy`, () => {
      const m = modelOf(`
Resources:
  P:
    Type: ${type}
    Properties:
      ${property}: ${value}
`);
      const invalid = findingsOf(m, 'cfn/invalid-resource');
      expect(invalid.map((f) => [f.severity, f.message])).toEqual([['error', EXPECTED[type]]]);
      expect(m.resources.filter((r) => r.policy)).toEqual([]);
    });
});
