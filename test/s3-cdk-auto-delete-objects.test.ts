// CDK `autoDeleteObjects: true` (src/aws/s3-cdk-auto-delete-objects.ts, applied by the
// CloudFormation custom resource handler, src/adapters/cloudformation/handlers/sdk-calls.ts).
// Before, the bucket was wholly indeterminate: the CDK provider function's role is allowed
// s3:PutBucketPolicy on the bucket by the bucket policy, so the custom resource's code run at
// deployment was taken to possibly rewrite the bucket policy with anything.
//
// AWS CDK API Reference, aws-cdk-lib.aws_s3.BucketProps, `autoDeleteObjects`: "Whether all objects
// should be automatically deleted when the bucket is removed from the stack or when the stack is
// deleted." and "Setting autoDeleteObjects to true on a bucket will add s3:PutBucketPolicy to the
// bucket policy. This is because during bucket deletion, the custom resource provider needs to
// update the bucket policy by adding a deny policy for s3:PutObject to prevent race conditions
// with external bucket writers."

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { loadTemplate } from './helpers/temp-inputs.js';

const A = '111122223333';
const HANDLER = 'CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F';
const ROLE = 'CustomS3AutoDeleteObjectsCustomResourceProviderRole3B1BD092';
const PROVIDER_ACTIONS = ['s3:PutBucketPolicy', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*'];

/** The resources `cdk synth` writes for `new s3.Bucket(this, 'Data', { bucketName: 'data-bucket', autoDeleteObjects: true, removalPolicy: DESTROY })`. */
function cdkTemplate(handler = HANDLER, role = ROLE, providerActions: unknown = PROVIDER_ACTIONS) {
  return {
    Resources: {
      Data: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'data-bucket',
          Tags: [{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }],
        },
        DeletionPolicy: 'Delete',
      },
      DataPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Data' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Action: providerActions,
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::GetAtt': [role, 'Arn'] } },
                Resource: [
                  { 'Fn::GetAtt': ['Data', 'Arn'] },
                  { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Data', 'Arn'] }, '/*']] },
                ],
              },
            ],
          },
        },
      },
      DataAutoDeleteObjects: {
        Type: 'Custom::S3AutoDeleteObjects',
        Properties: { ServiceToken: { 'Fn::GetAtt': [handler, 'Arn'] }, BucketName: { Ref: 'Data' } },
        DependsOn: ['DataPolicy'],
        DeletionPolicy: 'Delete',
      },
      [role]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
            ],
          },
          ManagedPolicyArns: [
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
            { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
          ],
        },
      },
      [handler]: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: 'cdk-hnb659fds-assets', S3Key: 'abc.zip' },
          Timeout: 900,
          MemorySize: 128,
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': [role, 'Arn'] },
          Runtime: 'nodejs20.x',
        },
        DependsOn: [role],
      },
    },
  };
}

const decideIn = (template: object, principal: string, action = 's3:GetObject') =>
  compileModel(loadTemplate(template, { account: A, region: 'us-east-1' })).decide({
    principal,
    action,
    resource: 'arn:aws:s3:::data-bucket/k',
  }).decision;
const decide = (handler: string | undefined, principal: string, action = 's3:GetObject') =>
  decideIn(cdkTemplate(handler), principal, action);

describe('CDK autoDeleteObjects', () => {
  it('the bucket is decided: anyone else is denied (was indeterminate)', () => {
    expect(decide(undefined, 'anonymous')).toBe('deny');
    expect(decide(undefined, 'arn:aws:iam::444455556666:role/x')).toBe('deny');
  });

  it("the provider role's statement is decided as written: it may delete objects, not read them", () => {
    const m = loadTemplate(cdkTemplate(), { account: A, region: 'us-east-1' });
    const role = m.roles.find((r) => r.arn.includes('CustomS3AutoDeleteObjects'))?.arn;
    expect(role).toBeDefined();
    const engine = compileModel(m);
    const on = (action: string) =>
      engine.decide({ principal: role!, action, resource: 'arn:aws:s3:::data-bucket/k' }).decision;
    expect(on('s3:DeleteObject')).toBe('allow');
    expect(on('s3:GetObject')).toBe('deny');
  });

  it('recognized by content: renamed provider function and role are still the CDK provider (was indeterminate)', () => {
    expect(decideIn(cdkTemplate('RenamedHandler', 'RenamedRole'), 'anonymous')).toBe('deny');
  });

  it("a function with the CDK provider's logical id but not the CDK's bucket policy statement: bounded by its role (was deny)", () => {
    // its role may write any policy on the bucket: the custom resource's run may grant anything
    expect(decideIn(cdkTemplate(HANDLER, ROLE, ['s3:PutBucketPolicy', 's3:*']), 'anonymous')).toBe(
      'indeterminate',
    );
    expect(decideIn(cdkTemplate(HANDLER, ROLE, 's3:PutBucketPolicy'), 'anonymous')).toBe('indeterminate');
  });
});

describe('CDK autoDeleteObjects, the synthesized template (test/fixtures/cdk-auto-delete/synth.mjs)', () => {
  const synthesized = readFileSync('test/fixtures/cdk-auto-delete/template.json', 'utf8');
  const scratch = (text: string, principal: string) =>
    compileModel(loadTemplate(JSON.parse(text), { account: A, region: 'us-east-1' })).decide({
      principal,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::app-scratch/k',
    }).decision;

  it('as synthesized, and with the provider renamed (a logical id override): the bucket is decided', () => {
    expect(scratch(synthesized, 'arn:aws:iam::444455556666:role/x')).toBe('deny');
    const renamed = synthesized.replaceAll(
      'CustomS3AutoDeleteObjectsCustomResourceProvider',
      'EmptyBucketsProvider',
    );
    expect(renamed).not.toContain('CustomS3AutoDeleteObjects');
    expect(scratch(renamed, 'arn:aws:iam::444455556666:role/x')).toBe('deny');
  });
});
