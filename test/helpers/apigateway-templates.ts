// Test helper: the CloudFormation fixtures of the API Gateway method tests
// (apigateway-methods.test.ts, apigateway-integration-permission.test.ts): a template loaded as
// stack `s` of account 111122223333 in us-east-1 and the review's API method findings of it, and
// the pieces of a REST API Lambda proxy method (the function, a path resource, the GET method); the
// Terraform resources of a REST API's root POST method with an AWS integration.

import { loadTemplateObject } from '../../src/adapters/cloudformation/index.js';
import { apiMethodFindings } from '../../src/analysis/risk-api-methods.js';
import { compileModel } from '../../src/engine/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';

export const ACCOUNT = '111122223333';

/** The model of `template` (stack `s` of ACCOUNT in us-east-1, read from `file` when given). */
export function apiTemplateModel(template: Record<string, unknown>, file?: string): Model {
  const b = new ModelBuilder();
  loadTemplateObject(template, b, {
    account: ACCOUNT,
    region: 'us-east-1',
    stackName: 's',
    ...(file === undefined ? {} : { file }),
  });
  return b.build();
}

/** The review's API method findings of `template` (as `apiTemplateModel`). */
export const apiTemplateFindings = (template: Record<string, unknown>, file?: string) =>
  apiMethodFindings(compileModel(apiTemplateModel(template, file)));

/** A Lambda function `name` (logical id Fn in the methods below) with the execution role `role`. */
export const proxyFunction = (name: string, role: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    FunctionName: name,
    Role: role,
    Runtime: 'nodejs22.x',
    Handler: 'i.h',
    Code: { ZipFile: 'x' },
  },
});

/** A resource `pathPart` of the REST API Api under its root resource. */
export const rootPathResource = (pathPart: string) => ({
  Type: 'AWS::ApiGateway::Resource',
  Properties: {
    RestApiId: { Ref: 'Api' },
    ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
    PathPart: pathPart,
  },
});

/**
 * The GET method of the resource `resourceId` of the REST API Api, authorization NONE, a Lambda
 * proxy integration invoking Fn; `integration`: properties written over the integration's.
 */
export const lambdaProxyGet = (resourceId: string, integration: Record<string, unknown> = {}) => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: {
    RestApiId: { Ref: 'Api' },
    ResourceId: { Ref: resourceId },
    HttpMethod: 'GET',
    AuthorizationType: 'NONE',
    Integration: {
      Type: 'AWS_PROXY',
      IntegrationHttpMethod: 'POST',
      Uri: {
        'Fn::Sub':
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
          'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations',
      },
      ...integration,
    },
  },
});

/**
 * Terraform resources: REST API `name` (aws_api_gateway_rest_api.a) whose root resource has a POST
 * method (authorization NONE) with an AWS integration of `integration` (uri, credentials, ...).
 */
export function tfRestApiPost(name: string, integration: Record<string, unknown>) {
  const ref = (address: string) => `\${${address}}`;
  const [API, ROOT] = [
    ref('aws_api_gateway_rest_api.a.id'),
    ref('aws_api_gateway_rest_api.a.root_resource_id'),
  ];
  return {
    aws_api_gateway_rest_api: { a: { name } },
    aws_api_gateway_method: {
      post: { rest_api_id: API, resource_id: ROOT, http_method: 'POST', authorization: 'NONE' },
    },
    aws_api_gateway_integration: {
      post: {
        rest_api_id: API,
        resource_id: ROOT,
        http_method: 'POST',
        type: 'AWS',
        integration_http_method: 'POST',
        ...integration,
      },
    },
  };
}

/**
 * A REST API `hello-api` whose resource policy is `statements`, its GET /hello running function
 * `hello-fn` (role `exec` of 111122223333), which a Lambda permission lets API Gateway invoke.
 */
export function helloApiTemplate(statements: Record<string, unknown>[]) {
  return {
    Resources: {
      Fn: proxyFunction('hello-fn', 'arn:aws:iam::111122223333:role/exec'),
      Api: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'hello-api', Policy: { Version: '2012-10-17', Statement: statements } },
      },
      Hello: rootPathResource('hello'),
      Get: lambdaProxyGet('Hello'),
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: { Ref: 'Fn' },
          Principal: 'apigateway.amazonaws.com',
        },
      },
    },
  };
}
