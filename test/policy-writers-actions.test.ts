// The actions that write a resource's policy (aws/policy-writers.ts), read by the deploy-time
// bound (aws/access-changes.ts `accessChangeOf`) and the escalation check:
// - Lambda API Reference, PutResourcePolicy: "Adds a resource-based policy to a Lambda resource.
//   ... This operation replaces any existing policy on the Lambda resource.";
// - AddLayerVersionPermission: "Adds permissions to the resource-based policy of a version of an
//   Lambda layer. Use this action to grant layer usage permission to other accounts.";
// - AWS Glue API, PutResourcePolicy: "Sets the Data Catalog resource policy for access control.";
// - Amazon Elasticsearch Service API, UpdateElasticsearchDomainConfig, AccessPolicies: "IAM access
//   policy as a JSON-formatted string.".
// A writer changes access whatever the catalog's access level: `kinesis:PutResourcePolicy` and
// `es:UpdateDomainConfig` are `Write` there, and were read as changing nothing, so deploy-time
// code allowed only them left the stream's or domain's policy as written (a deny for another
// account, where the code may have granted it).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { accessChangeOf } from '../src/aws/access-changes.js';
import { compileModel } from '../src/engine/index.js';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

describe('accessChangeOf: the resource-policy writers', () => {
  it.each([
    ['kinesis:PutResourcePolicy', 'kinesis-stream'],
    ['es:UpdateDomainConfig', 'opensearch-domain'],
    ['es:UpdateElasticsearchDomainConfig', 'opensearch-domain'],
    ['lambda:PutResourcePolicy', 'lambda-function'],
    ['lambda:AddPermission', 'lambda-function'],
    ['lambda:AddLayerVersionPermission', 'lambda-layer-version'],
    ['glue:PutResourcePolicy', 'glue-catalog'],
    // Service Authorization Reference, API Gateway, UpdateRestApiPolicy: "Grants permission to
    // manage resource policies for a REST API".
    ['apigateway:UpdateRestApiPolicy', 'apigateway-rest-api'],
  ])('%s writes the policy of a %s', (action, kind) => {
    expect(accessChangeOf(action)).toEqual({
      principals: false,
      trust: false,
      resources: true,
      resourceKinds: [kind],
    });
  });

  it('a Permissions management action that writes no listed kind: every kind (lambda:RemovePermission)', () => {
    for (const action of ['lambda:RemovePermission'])
      expect(accessChangeOf(action), action).toEqual({ principals: false, trust: false, resources: true });
  });

  it('a data write still changes nothing (ssm:PutParameter)', () => {
    expect(accessChangeOf('ssm:PutParameter')).toBeUndefined();
  });
});

describe('deploy-time code allowed only kinesis:PutResourcePolicy on a stream', () => {
  const load = (actions: string[]) => {
    const stream = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events`;
    const file = writeTempFile('t.json', {
      Resources: {
        ...customResourceResources(actions, stream),
        Events: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'events', ShardCount: 1 } },
      },
    });
    return loadModelSync([file], { account: ACCOUNT, region: 'us-east-1' });
  };
  const outsideReads = (actions: string[]) =>
    compileModel(load(actions)).decide({
      principal: 'arn:aws:iam::999988887777:role/reader',
      action: 'kinesis:GetRecords',
      resource: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events`,
    }).decision;

  it('may grant another account the stream (indeterminate)', () => {
    expect(outsideReads(['kinesis:PutResourcePolicy'])).toBe('indeterminate');
  });

  it('a read of the stream only: the stream keeps its policy (deny)', () => {
    expect(outsideReads(['kinesis:DescribeStream'])).toBe('deny');
  });
});

// Lambda API Reference, CreateFunctionUrlConfig, AuthType: "Set to NONE if you want to bypass IAM
// authentication to create a public endpoint."; UpdateFunctionUrlConfig: "Updates the
// configuration for a Lambda function URL." Not a policy write (catalog level `Write`), so such a
// call at deployment was read as changing nothing: an unsigned call to a function whose URL is
// AWS_IAM stayed rejected (deny) though the code may have made the URL public.
describe('deploy-time code that may change a function URL', () => {
  const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;
  const load = (actions: string[]) => {
    const file = writeTempFile('t.json', {
      Resources: {
        ...customResourceResources(actions, FN),
        Api: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            FunctionName: 'api',
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Code: { ZipFile: 'exports.handler = async () => {}' },
            Role: { 'Fn::GetAtt': ['App', 'Arn'] },
          },
        },
        Url: {
          Type: 'AWS::Lambda::Url',
          Properties: { TargetFunctionArn: { Ref: 'Api' }, AuthType: 'AWS_IAM' },
        },
        Public: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: { Ref: 'Api' },
            Action: 'lambda:InvokeFunctionUrl',
            Principal: '*',
            FunctionUrlAuthType: 'NONE',
          },
        },
      },
    });
    return loadModelSync([file], { account: ACCOUNT, region: 'us-east-1' });
  };
  const anonymousCalls = (actions: string[]) =>
    compileModel(load(actions)).decide({ principal: '*', action: 'lambda:InvokeFunctionUrl', resource: FN })
      .decision;

  it('the URL is AWS_IAM and no code changes it: an unsigned call is rejected (deny)', () => {
    expect(anonymousCalls(['logs:PutLogEvents'])).toBe('deny');
  });

  it.each(['lambda:UpdateFunctionUrlConfig', 'lambda:CreateFunctionUrlConfig'])(
    'code allowed %s on it: indeterminate',
    (action) => {
      expect(anonymousCalls([action])).toBe('indeterminate');
    },
  );

  it('accessChangeOf: the URL of a function', () => {
    expect(accessChangeOf('lambda:UpdateFunctionUrlConfig')).toEqual({
      principals: false,
      trust: false,
      resources: true,
      resourceKinds: ['lambda-function'],
      functionUrls: true,
    });
  });
});
