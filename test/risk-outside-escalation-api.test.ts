// The review's outside-escalation findings through API Gateway methods open to anyone
// (analysis/risk-outside-escalation.ts `apiEntryPoints`, over risk-api-methods.ts
// `apiMethodCalls`) and through functions whose execution role the inputs do not pin down
// (`functionEntryPoints`, `Model.unlinkedRoleUses`). Before: a method of authorization NONE whose
// AWS integration acts as a credentials role that can escalate, a method whose function (or
// integration) is not known, and a public function whose role is not known gave the public-access
// finding and the role's escalation finding apart, and no outside-escalation finding: a reviewer
// reading either half missed that an anonymous caller could set the escalation off.
// Pages:
// - Amazon API Gateway API Reference, Integration, credentials: "Specifies the credentials
//   required for the integration, if any. For AWS integrations, three options are available. To
//   specify an IAM Role for API Gateway to assume, use the role's Amazon Resource Name (ARN). To
//   require that the caller's identity be passed through from the request, specify the string
//   arn:aws:iam::\*:user/\*. To use resource-based permissions on supported Amazon Web Services
//   services, specify null."
// - AWS CDK, AwsIntegrationProps (the integration URI `arn:aws:apigateway:{region}:{service}:action/…`
//   it writes): "action: The AWS action to perform in the integration": the integration makes the
//   one call its URI names, as the credentials role; the caller gets only the ways whose first
//   request is that call.
// - AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role": "A
//   Lambda function's execution role is an AWS Identity and Access Management (IAM) role that
//   grants the function permission to access AWS services and resources."

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  ACCOUNT,
  apiTemplateModel,
  proxyFunction,
  rootPathResource,
  tfRestApiPost,
} from './helpers/apigateway-templates.js';

const outside = (risks: readonly RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');
const ways = (f: RiskFinding) => (f.ways ?? []).map((w) => w.detail);
const ATTACH = 'Rhino Security Labs method 9';

const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** Role `name`, trusting `service`, that may attach any managed policy to itself and send to any queue. */
const escalatingRole = (name: string, service: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    AssumeRolePolicyDocument: trust(service),
    Policies: [
      {
        PolicyName: 'p',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:AttachRolePolicy',
              Resource: `arn:aws:iam::${ACCOUNT}:role/${name}`,
            },
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
          ],
        },
      },
    ],
  },
});

/** A POST method on /x of REST API Api, authorization NONE, with `integration`. */
const method = (integration: Record<string, unknown>) => ({
  Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop' } },
  X: rootPathResource('x'),
  Post: {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      RestApiId: { Ref: 'Api' },
      ResourceId: { Ref: 'X' },
      HttpMethod: 'POST',
      AuthorizationType: 'NONE',
      Integration: { IntegrationHttpMethod: 'POST', ...integration },
    },
  },
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
const UNKNOWN_FN_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FnArn}/invocations';

const review = (template: Record<string, unknown>) => reviewRisks(compileModel(apiTemplateModel(template)));

describe('an AWS integration acting as its credentials role', () => {
  const withAction = (action: string, service = 'iam') =>
    review({
      Resources: {
        ApiRole: escalatingRole('api-role', 'apigateway.amazonaws.com'),
        ...method({
          Type: 'AWS',
          Uri: `arn:aws:apigateway:us-east-1:${service}:action/${action}`,
          Credentials: { 'Fn::GetAtt': ['ApiRole', 'Arn'] },
        }),
      },
    });

  it('the integration calls the escalation request: an anonymous caller can set it off, high (was no finding)', () => {
    const risks = withAction('AttachRolePolicy');
    expect(risks.some((f) => f.kind === 'privilege-escalation' && f.subject.endsWith(':role/api-role'))).toBe(
      true,
    );
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', subject: `arn:aws:iam::${ACCOUNT}:role/api-role` });
    expect(ways(f!)).toEqual([ATTACH]);
    expect(f!.message).toMatch(
      /^an anonymous caller \(through API Gateway method POST \/x of shop, integration credentials role api-role\) can make API Gateway's iam:AttachRolePolicy call run as role api-role, which can raise its privileges in account 111122223333\. The path: execute-api:Invoke on API Gateway method POST \/x of shop, which makes API Gateway's iam:AttachRolePolicy call as role api-role/,
    );
    expect(f!.indeterminate).toBeUndefined();
  });

  it('near miss: the integration makes another call (sqs:SendMessage): the caller cannot make the role attach a policy, no finding', () => {
    const risks = withAction('SendMessage', 'sqs');
    expect(risks.some((f) => f.kind === 'public-access' && f.message.includes('sqs:SendMessage'))).toBe(true);
    expect(risks.some((f) => f.kind === 'privilege-escalation' && f.subject.endsWith(':role/api-role'))).toBe(
      true,
    );
    expect(outside(risks)).toEqual([]);
  });

  it('an administrator credentials role: administrator access when its call is an escalation request, else no way', () => {
    const admin = (action: string, service: string) =>
      outside(
        review({
          Resources: {
            ApiRole: {
              Type: 'AWS::IAM::Role',
              Properties: {
                RoleName: 'api-admin',
                AssumeRolePolicyDocument: trust('apigateway.amazonaws.com'),
                ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
              },
            },
            ...method({
              Type: 'AWS',
              Uri: `arn:aws:apigateway:us-east-1:${service}:action/${action}`,
              Credentials: { 'Fn::GetAtt': ['ApiRole', 'Arn'] },
            }),
          },
        }),
      ).map((f) => `${f.severity} ${ways(f)}`);
    expect(admin('CreateAccessKey', 'iam')).toEqual(['high administrator access']);
    expect(admin('SendMessage', 'sqs')).toEqual([]);
  });

  it('Terraform aws_api_gateway_integration.credentials: the same', () => {
    const ref = (address: string) => `\${${address}}`;
    const b = new ModelBuilder();
    const role = escalatingRole('api-role', 'apigateway.amazonaws.com').Properties;
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [ACCOUNT] }] },
        resource: {
          aws_iam_role: {
            api: {
              name: 'api-role',
              assume_role_policy: JSON.stringify(role.AssumeRolePolicyDocument),
              inline_policy: [{ name: 'p', policy: JSON.stringify(role.Policies[0]!.PolicyDocument) }],
            },
          },
          ...tfRestApiPost('shop', {
            uri: 'arn:aws:apigateway:us-east-1:iam:action/AttachRolePolicy',
            credentials: ref('aws_iam_role.api.arn'),
          }),
        },
      },
      b,
    );
    const found = outside(reviewRisks(compileModel(b.build())));
    expect(found.map((f) => `${f.severity} ${ways(f)}`)).toEqual([`high ${ATTACH}`]);
    expect(found[0]!.message).toMatch(
      /^an anonymous caller \(through API Gateway method POST \/ of shop, integration credentials role api-role\)/,
    );
  });
});

describe('what the inputs do not pin down: undecided findings with why, never silence', () => {
  it('a method whose function is not known (its URI a parameter without a value): may run as a role Lambda may assume', () => {
    const risks = review({
      Parameters: { FnArn: { Type: 'String' } },
      Resources: {
        FnRole: escalatingRole('fnrole', 'lambda.amazonaws.com'),
        ...method({
          Type: 'AWS_PROXY',
          Uri: { 'Fn::Sub': UNKNOWN_FN_URI },
        }),
      },
    });
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'medium',
      subject: `arn:aws:iam::${ACCOUNT}:role/fnrole`,
      detail: 'anonymous: API Gateway method POST /x of shop (function not pinned down)',
    });
    expect(ways(f!)).toEqual([ATTACH]);
    expect(f!.message).toMatch(
      /^an anonymous caller \(through API Gateway method POST \/x of shop, whose function the inputs do not pin down\) can make its function run as role fnrole, which can raise its privileges/,
    );
    expect(f!.indeterminate!.reasons[0]).toMatchObject({
      text: expect.stringMatching(
        /^the function API Gateway method POST \/x of shop runs \(so the role it runs as\) is not pinned down \(parameter FnArn has no value.*\): it may be role fnrole$/,
      ),
      source: { pointer: '/Parameters/FnArn' },
    });
    // near miss: no role Lambda may assume can escalate: nothing to join
    const plain = review({
      Parameters: { FnArn: { Type: 'String' } },
      Resources: {
        ...method({
          Type: 'AWS_PROXY',
          Uri: { 'Fn::Sub': UNKNOWN_FN_URI },
        }),
      },
    });
    expect(outside(plain)).toEqual([]);
  });

  it('a method running a function outside the inputs: it may run as a role Lambda may assume', () => {
    const risks = review({
      Resources: {
        FnRole: escalatingRole('fnrole', 'lambda.amazonaws.com'),
        ...method({
          Type: 'AWS_PROXY',
          Uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:elsewhere/invocations`,
        }),
      },
    });
    const found = outside(risks);
    expect(found.map((f) => `${f.severity} ${f.subject} ${ways(f)}`)).toEqual([
      `medium arn:aws:iam::${ACCOUNT}:role/fnrole ${ATTACH}`,
    ]);
    expect(found[0]!.message).toMatch(
      /^an anonymous caller \(API Gateway method POST \/x of shop\) can make function elsewhere run as role fnrole/,
    );
    expect(found[0]!.indeterminate!.reasons[0]!.text).toBe(
      'the role of Lambda function elsewhere is not pinned down (the function is not in the inputs): it may be role fnrole',
    );
  });

  it('a public function whose role is not known (a parameter without a value): may run as a role Lambda may assume', () => {
    const risks = review({
      Parameters: { RoleArn: { Type: 'String' } },
      Resources: {
        FnRole: escalatingRole('fnrole', 'lambda.amazonaws.com'),
        Fn: proxyFunction('web', { Ref: 'RoleArn' } as never),
        Url: {
          Type: 'AWS::Lambda::Url',
          Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'NONE' },
        },
        PublicUrl: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: { Ref: 'Fn' },
            Action: 'lambda:InvokeFunctionUrl',
            Principal: '*',
            FunctionUrlAuthType: 'NONE',
          },
        },
      },
    });
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'medium', subject: `arn:aws:iam::${ACCOUNT}:role/fnrole` });
    expect(ways(f!)).toEqual([ATTACH]);
    expect(f!.message).toMatch(
      /^an anonymous caller \(through its function URL, AuthType NONE\) can make function web run as role fnrole/,
    );
    expect(f!.indeterminate!.reasons[0]).toMatchObject({
      text: expect.stringMatching(
        /^the role of Lambda function web is not pinned down \(its role is unknown \(parameter RoleArn has no value.*\)\): it may be role fnrole$/,
      ),
      source: { pointer: '/Resources/Fn/Properties/Role' },
    });
  });

  it('an integration whose credentials role is not known: may act as a role API Gateway may assume, for its call', () => {
    const template = (action: string) => ({
      Parameters: { CredRole: { Type: 'String' } },
      Resources: {
        ApiRole: escalatingRole('api-role', 'apigateway.amazonaws.com'),
        ...method({
          Type: 'AWS',
          Uri: `arn:aws:apigateway:us-east-1:iam:action/${action}`,
          Credentials: { Ref: 'CredRole' },
        }),
      },
    });
    const found = outside(review(template('AttachRolePolicy')));
    expect(found.map((f) => `${f.severity} ${f.detail} ${ways(f)} ${!!f.indeterminate}`)).toEqual([
      `medium anonymous: API Gateway method POST /x of shop (credentials role not pinned down) ${ATTACH} true`,
    ]);
    expect(found[0]!.indeterminate!.reasons[0]!.text).toMatch(
      /^the integration credentials role of API Gateway method POST \/x of shop is not pinned down \(parameter CredRole has no value.*\): it may be role api-role$/,
    );
    // another call (iam:GetRole) starts no way of the role's
    expect(outside(review(template('GetRole')))).toEqual([]);
  });
});
