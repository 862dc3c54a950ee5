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

import { describe, expect, it } from 'vitest';
import { ANY_ACCESS_CHANGE } from '../src/aws/access-changes.js';
import { iamActionOfSdkCall, sdkCallChangesAccess } from '../src/aws/sdk-calls.js';
import { checkTempFilesWithText } from './helpers/temp-inputs.js';

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

async function check(t: object) {
  const { text, expectations } = await checkTempFilesWithText({ 't.json': t }, SPEC, {
    input: 't.json',
    args: ['--region', 'us-east-1'],
  });
  return { text, status: expectations[0]!.status };
}

/** The account an AwsCustomResource call acts in. */
const SDK_ENV = { partition: 'aws', account: '111122223333' };

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
    expect(sdkCallChangesAccess({ service: 'IAM', action: 'attachRolePolicy' }, SDK_ENV).changes).toBe(true);
    expect(sdkCallChangesAccess({ service: 'IAM', action: 'createUser' }, SDK_ENV).changes).toBe(true);
    expect(sdkCallChangesAccess({ service: 'S3', action: 'putBucketPolicy' }, SDK_ENV).changes).toBe(true);
    expect(sdkCallChangesAccess({ service: 'SSM', action: 'getParameter' }, SDK_ENV).changes).toBe(false);
    expect(sdkCallChangesAccess({ service: 'SSM', action: 'putParameter' }, SDK_ENV).changes).toBe(false);
    expect(sdkCallChangesAccess({ service: 'IAM', action: 'getRole' }, SDK_ENV).changes).toBe(false);
    // a call the catalog does not know may do anything
    expect(sdkCallChangesAccess({ service: 'NoSuchService', action: 'doIt' }, SDK_ENV)).toEqual({
      changes: true,
      action: undefined,
      change: ANY_ACCESS_CHANGE,
    });
  });

  // IAM API Reference, UpdateAssumeRolePolicy: "Updates the policy that grants an IAM entity
  // permission to assume a role." PutRolePermissionsBoundary: "Adds or updates the policy that is
  // specified as the IAM role's permissions boundary." AddUserToGroup: "Adds the specified user to
  // the specified group." S3 PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3
  // bucket." Lambda AddPermission: "Grants a principal permission to use a function." KMS
  // CreateGrant: "Adds a grant to a KMS key."
  it('what each access-changing call may change', () => {
    const of = (service: string, action: string) => sdkCallChangesAccess({ service, action }, SDK_ENV).change;
    expect(of('IAM', 'updateAssumeRolePolicy')).toEqual({ principals: false, trust: true, resources: false });
    for (const action of [
      'putRolePermissionsBoundary',
      'deleteRolePermissionsBoundary',
      'putUserPermissionsBoundary',
      'addUserToGroup',
      'putRolePolicy',
      'createAccessKey',
      'tagRole',
    ])
      expect(of('IAM', action), action).toEqual({ principals: true, trust: false, resources: false });
    expect(of('Organizations', 'attachPolicy')).toEqual({ principals: true, trust: false, resources: false });
    expect(of('S3', 'putBucketPolicy')).toEqual({
      principals: false,
      trust: false,
      resources: true,
      resourceKinds: ['s3-bucket'],
    });
    expect(of('Lambda', 'addPermission')?.resourceKinds).toContain('lambda-function');
    expect(of('KMS', 'createGrant')?.resourceKinds).toEqual(['kms-key']);
    // a Permissions management write no policy writer lists: every kind of resource policy
    expect(of('S3', 'putBucketAcl')).toEqual({ principals: false, trust: false, resources: true });
    expect(of('STS', 'assumeRole')).toBeUndefined();
    expect(of('SNS', 'publish')).toBeUndefined();
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

  const TRUST_SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: only-ec2-assumes\n    resource: role/app\n    action: sts:AssumeRole\n    onlyPrincipals: [ec2.amazonaws.com]\n`;

  async function checkTrust(t: object) {
    const { text, run, expectations } = await checkTempFilesWithText({ 't.json': t }, TRUST_SPEC, {
      input: 't.json',
      args: ['--region', 'us-east-1'],
    });
    return { text, status: expectations[0]!.status, json: JSON.stringify(JSON.parse(run.stdout)) };
  }

  it('a call that rewrites a trust policy: who may assume the role is indeterminate, not the trust as written', async () => {
    const update = JSON.stringify({
      service: 'IAM',
      action: 'updateAssumeRolePolicy',
      parameters: { RoleName: 'app', PolicyDocument: '{"Statement":[]}' },
      physicalResourceId: { id: 'x' },
    });
    const { text, status, json } = await checkTrust(template(update));
    expect(status).toBe('indeterminate');
    expect(text.stderr).toContain('Call (Create) calls iam:UpdateAssumeRolePolicy when deployed');
    expect(text.stderr).toContain("roles' trust policies");
    expect(json).toContain('calls iam:UpdateAssumeRolePolicy');
    // an identity-policy write leaves who may assume the role as the trust policy says
    expect((await checkTrust(template(attach))).status).toBe('pass');
    // so does no call at all
    expect((await checkTrust(template('not json'))).status).toBe('pass');
  });

  it('a permissions boundary put or removed, a user added to a group: the principal checks are indeterminate', async () => {
    for (const action of ['putRolePermissionsBoundary', 'deleteRolePermissionsBoundary', 'addUserToGroup']) {
      const call = JSON.stringify({
        service: 'IAM',
        action,
        parameters: {},
        physicalResourceId: { id: 'x' },
      });
      const { status, text } = await check(template(call));
      expect(status, action).toBe('indeterminate');
      expect(text.stderr, action).toContain('cfn/sdk-call-changes-access');
    }
  });
});
