// A Lambda permission or function URL on a version or alias the inputs leave unknown names one of
// that function's versions or aliases, not any resource (htfmisc18): the Terraform
// aws_lambda_permission `qualifier` with no value (src/aws/lambda.ts `unknownQualifierArn`), the
// CloudFormation AWS::Lambda::Url whose TargetFunctionArn is a version's Ref (`functionOfUnknownQualifier`).
// AWS Lambda API Reference, AddPermission, Qualifier: "Specify a version or alias to add
// permissions to a published version of the function." and "If the qualifier is not specified,
// the permission is valid only when requests is made using unqualified function ARN." AWS Lambda
// Developer Guide, "Using Lambda aliases in event sources and permissions policies": "If you
// attempt to invoke the function without an alias or a specific version, then you get a
// permission error." So a permission with some qualifier does not apply to the unqualified
// function, nor to another function; it may apply to any of the function's versions or aliases.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const OTHER = 'arn:aws:iam::999988887777:root';

describe('Terraform aws_lambda_permission with an unknown qualifier', () => {
  const main = `provider "aws" {
  region              = "${REGION}"
  allowed_account_ids = ["${ACCOUNT}"]
}
variable "alias" { type = string }
resource "aws_lambda_function" "web" {
  function_name = "web"
  role          = "arn:aws:iam::${ACCOUNT}:role/web-role"
}
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::${ACCOUNT}:role/web-role"
}
resource "aws_lambda_permission" "alias" {
  function_name = aws_lambda_function.web.function_name
  qualifier     = var.alias
  action        = "lambda:InvokeFunction"
  principal     = "999988887777"
}
`;
  const engine = compileModel(terraformConfigModel({ 'main.tf': main }));
  const call = (resource: string) =>
    engine.decide({ principal: OTHER, action: 'lambda:InvokeFunction', resource }).decision;

  it('the unqualified function is not granted (before: indeterminate, the Resource wholly unknown)', () => {
    expect(call(fn('web'))).toBe('deny');
  });

  it("the function's versions and aliases may be", () => {
    expect(call(`${fn('web')}:live`)).toBe('indeterminate');
    expect(call(`${fn('web')}:7`)).toBe('indeterminate');
  });

  it('another function is not', () => {
    expect(call(fn('api'))).toBe('deny');
    expect(call(`${fn('api')}:live`)).toBe('deny');
  });
});

// CloudFormation Template Reference, AWS::Lambda::Version: "When you pass the logical ID of this
// resource to the intrinsic Ref function, Ref returns the ARN of the version, such as
// arn:aws:lambda:us-west-2:123456789012:function:helloworld:1"; AWS::Lambda::Url,
// TargetFunctionArn: "The name of the Lambda function." (a function, version or alias ARN).
describe('CloudFormation AWS::Lambda::Url with TargetFunctionArn: !Ref Version', () => {
  const template = {
    Resources: {
      Web: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'web',
          Role: `arn:aws:iam::${ACCOUNT}:role/web-role`,
          Code: { ZipFile: 'x' },
        },
      },
      Api: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'api',
          Role: `arn:aws:iam::${ACCOUNT}:role/web-role`,
          Code: { ZipFile: 'x' },
        },
      },
      Ver: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Web' } } },
      Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { Ref: 'Ver' }, AuthType: 'NONE' } },
    },
  };
  const b = new ModelBuilder();
  loadTemplateObject(template, b, { account: ACCOUNT, region: REGION, stackName: 's' });
  const m = b.build();
  const urls = (name: string) => m.resources.find((r) => r.name === name)?.functionUrls ?? [];

  it("the URL is web's, of a qualifier the inputs leave unknown (before: on every function, maybe-present)", () => {
    expect(urls('web')).toHaveLength(1);
    expect(urls('web')[0]!.qualifier).toBeInstanceOf(Unknown);
    expect(urls('web')[0]!.authType).toBe('NONE');
    expect(urls('api')).toEqual([]);
    expect(m.findings.filter((f) => f.code === 'cfn/unresolved-target')).toEqual([]);
  });
});
