// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
// SAM types iamspec does not expand (WebSocketApi, GraphQLApi, CapacityProvider) and the Lambda
// permissions SAM writes for the functions they name (src/adapters/cloudformation/sam/
// other-resources.ts `unknownFunctionPermissions`). The SAM translator's output for a WebSocketApi
// route (aws/serverless-application-model tests/translator/output/websocket_api_simple.json)
// holds `MyApiConnectPermission`: an AWS::Lambda::Permission "Action": "lambda:InvokeFunction",
// "FunctionName": {"Fn::GetAtt": ["ConnectFunction", "Arn"]}, "Principal":
// "apigateway.amazonaws.com"; a GraphQLApi Lambda authorizer's (graphqlapi_multiple_auth.json)
// "Principal": "appsync.amazonaws.com". Before, only a stand-in role stood for what such a
// resource creates: the function's policy held no statement for those callers, so API Gateway
// invoking the function was a plain deny (a silent pass of "only X may invoke it").

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '123456789012';
const fn = (handler: string) => ({
  Type: 'AWS::Serverless::Function',
  Properties: { InlineCode: '# placeholder', Handler: handler, Runtime: 'nodejs20.x' },
});

function load() {
  const builder = new ModelBuilder();
  loadTemplateObject(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        ConnectFunction: fn('connect.handler'),
        Authorizer: fn('auth.handler'),
        Unrelated: fn('other.handler'),
        MyApi: {
          Type: 'AWS::Serverless::WebSocketApi',
          Properties: {
            Name: 'MyApi',
            Routes: { $connect: { FunctionArn: { 'Fn::GetAtt': ['ConnectFunction', 'Arn'] } } },
            RouteSelectionExpression: '$request.body.action',
          },
        },
        Graph: {
          Type: 'AWS::Serverless::GraphQLApi',
          Properties: {
            SchemaInline: 'type Query { a: String }',
            Auth: {
              Type: 'AWS_LAMBDA',
              LambdaAuthorizer: { FunctionArn: { 'Fn::Sub': '${Authorizer.Arn}' } },
            },
          },
        },
      },
    },
    builder,
    { file: 'app.yaml', stackName: 'app', account: ACCOUNT, region: 'us-east-1' },
  );
  return builder.build();
}

describe('functions named by a SAM type iamspec does not expand', () => {
  const model = load();
  const engine = compileModel(model);
  const arnOf = (logicalId: string) =>
    model.resources.find((r) => r.kind === 'lambda-function' && r.source.logicalId === logicalId)!.arn;
  const invoke = (principal: string, logicalId: string) =>
    engine.decide({ principal, action: 'lambda:InvokeFunction', resource: arnOf(logicalId) }).decision;

  it('who may invoke a route`s function is indeterminate (was deny for apigateway.amazonaws.com)', () => {
    expect(invoke('apigateway.amazonaws.com', 'ConnectFunction')).toBe('indeterminate');
  });

  it('a GraphQL Lambda authorizer named in Fn::Sub: the same (was deny for appsync.amazonaws.com)', () => {
    expect(invoke('appsync.amazonaws.com', 'Authorizer')).toBe('indeterminate');
  });

  it('a function the resource does not name keeps its known policy', () => {
    expect(invoke('apigateway.amazonaws.com', 'Unrelated')).toBe('deny');
  });
});
