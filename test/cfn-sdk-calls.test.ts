// Custom resources that make AWS SDK calls when deployed (CDK AwsCustomResource, Custom::AWS;
// src/aws/sdk-calls.ts, src/adapters/cloudformation/handlers/sdk-calls.ts). A call that may change
// who may do what (iam:AttachRolePolicy of AdministratorAccess, s3:PutBucketPolicy) leaves the
// checks that depend on the account's policies indeterminate, with cfn/sdk-call-changes-access;
// before, `cannot` passed (exit 0) with no warning. AWS CDK API Reference,
// custom-resources.AwsCustomResource: "Defines a custom resource that is materialized using
// specific AWS API calls."; AwsSdkCall `service`: "An AWS SDK for JavaScript v3 package name
// (@aws-sdk/client-api-gateway), Service part of the SDK v3 package name (api-gateway), Service
// name as it appears in Service Principals (apigateway), SDK v2 constructor name (APIGateway)";
// `action`: "either the API name (PutObject) or the SDK v3 command name (PutObjectCommand)".

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iamActionOfSdkCall, sdkCallChangesAccess } from '../src/aws/sdk-calls.js';
import { runCli } from './fixtures/cli/run.js';

const ACCOUNT = '111122223333';

function template(call: unknown, type = 'Custom::AWS'): Record<string, unknown> {
  return {
    Resources: {
      R: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'app',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        },
      },
      Call: {
        Type: type,
        Properties: {
          ServiceToken: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:provider`,
          Create: call,
          InstallLatestAwsSdk: false,
        },
      },
    },
  };
}

const SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: app-cannot-delete\n    principal: role/app\n    cannot: { action: s3:DeleteBucket, resource: "arn:aws:s3:::elsewhere" }\n`;

async function check(t: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-sdk-'));
  writeFileSync(join(dir, 't.json'), JSON.stringify(t));
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
  const args = ['check', join(dir, 't.json'), '--spec', join(dir, 'spec.yaml'), '--region', 'us-east-1'];
  const text = await runCli(args);
  const json = await runCli([...args, '--format', 'json']);
  return { text, status: JSON.parse(json.stdout).expectations[0].status as string };
}

describe('the IAM action of an AwsCustomResource call', () => {
  it('reads the four service spellings and both action spellings', () => {
    for (const service of ['IAM', 'iam', '@aws-sdk/client-iam'])
      for (const action of ['attachRolePolicy', 'AttachRolePolicyCommand'])
        expect(iamActionOfSdkCall({ service, action })).toBe('iam:AttachRolePolicy');
    expect(iamActionOfSdkCall({ service: 'CloudWatchLogs', action: 'putRetentionPolicy' })).toBe(
      'logs:PutRetentionPolicy',
    );
    expect(
      iamActionOfSdkCall({ service: '@aws-sdk/client-cloudwatch-logs', action: 'PutRetentionPolicyCommand' }),
    ).toBe('logs:PutRetentionPolicy');
  });

  it('which calls may change access', () => {
    expect(sdkCallChangesAccess({ service: 'IAM', action: 'attachRolePolicy' }).changes).toBe(true);
    expect(sdkCallChangesAccess({ service: 'IAM', action: 'createUser' }).changes).toBe(true);
    expect(sdkCallChangesAccess({ service: 'S3', action: 'putBucketPolicy' }).changes).toBe(true);
    expect(sdkCallChangesAccess({ service: 'SSM', action: 'getParameter' }).changes).toBe(false);
    expect(sdkCallChangesAccess({ service: 'SSM', action: 'putParameter' }).changes).toBe(false);
    expect(sdkCallChangesAccess({ service: 'IAM', action: 'getRole' }).changes).toBe(false);
    // a call the catalog does not know may do anything
    expect(sdkCallChangesAccess({ service: 'NoSuchService', action: 'doIt' })).toEqual({
      changes: true,
      action: undefined,
    });
  });
});

describe('check', () => {
  const attach = {
    'Fn::Join': [
      '',
      [
        '{"service":"IAM","action":"attachRolePolicy","parameters":{"RoleName":"',
        { Ref: 'R' },
        '","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"},"physicalResourceId":{"id":"x"}}',
      ],
    ],
  };

  it('a call that attaches a policy: indeterminate, reported with the action', async () => {
    const { text, status } = await check(template(attach));
    expect(status).toBe('indeterminate');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('cfn/sdk-call-changes-access');
    expect(text.stderr).toContain('Call (Create) calls iam:AttachRolePolicy when deployed');
  });

  it('the same call under a custom resourceType, and a call whose text is unknown', async () => {
    expect((await check(template(attach, 'Custom::AttachAdmin'))).status).toBe('indeterminate');
    const unknownText = template({ 'Fn::ImportValue': 'CallText' });
    expect((await check(unknownText)).status).toBe('indeterminate');
  });

  it('a call that changes no access, and a custom resource that is no SDK call: the check passes', async () => {
    const put = JSON.stringify({
      service: 'SSM',
      action: 'putParameter',
      parameters: { Name: '/x', Value: 'y' },
      physicalResourceId: { id: 'x' },
    });
    const { text, status } = await check(template(put));
    expect(status).toBe('pass');
    expect(text.stderr).not.toContain('cfn/sdk-call-changes-access');
    const other = template('not json');
    expect((await check(other)).status).toBe('pass');
  });
});
