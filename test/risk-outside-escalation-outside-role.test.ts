// The review's outside-escalation findings for a Lambda function or an API Gateway integration
// that a caller outside the account can set off and that runs (acts) as a role the inputs name by
// a known ARN but do not define (`Role: arn:aws:iam::111122223333:role/existing-admin`).
// Before: the public-access (or cross-account) finding stood alone and no outside-escalation
// finding was made, since the role is not one of the model's: silence where the role may be an
// administrator. Now: an indeterminate outside-escalation finding on that role, naming the
// function (or method), where its role is written and that the role is outside the inputs
// (analysis/risk-outside-escalation.ts `outsideRoleEntries`, over `Model.outsideRoleUses`).
// Pages:
// - AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role": "A
//   Lambda function's execution role is an AWS Identity and Access Management (IAM) role that
//   grants the function permission to access AWS services and resources." What a role the inputs
//   do not define grants is unknown to them.
// - Amazon API Gateway API Reference, Integration, credentials: "To specify an IAM Role for API
//   Gateway to assume, use the role's Amazon Resource Name (ARN)."

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { type MatrixShard, mergeShards, shardRows } from '../src/analysis/matrix/shards.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import {
  ACCOUNT,
  apiTemplateModel,
  proxyFunction,
  rootPathResource,
} from './helpers/apigateway-templates.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const EXISTING = `arn:aws:iam::${ACCOUNT}:role/existing-admin`;
const OUTSIDE_WORDS = `its role ${EXISTING} is outside the inputs, so what it may do (its policies, permissions boundary) is unknown`;
const outside = (risks: readonly RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');
const review = (template: Record<string, unknown>) => reviewRisks(compileModel(apiTemplateModel(template)));

const URL = {
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
  ViaUrl: {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      FunctionName: { Ref: 'Fn' },
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
    },
  },
};

describe('a function reachable from outside whose execution role is a known ARN outside the inputs', () => {
  it('function URL with AuthType NONE: an indeterminate finding naming the function, its source and the role (was no finding)', () => {
    const risks = review({ Resources: { Fn: proxyFunction('web', EXISTING), ...URL } });
    expect(risks.some((f) => f.kind === 'public-access' && f.subject.endsWith(':function:web'))).toBe(true);
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'medium', subject: EXISTING });
    expect(f!.message).toMatch(
      /^an anonymous caller \(through its function URL, AuthType NONE\) can make function web run as role existing-admin, /,
    );
    expect(f!.indeterminate).toBeDefined();
    expect(f!.indeterminate!.reasons[0]).toMatchObject({
      text: `Lambda function web: ${OUTSIDE_WORDS}`,
      source: { pointer: '/Resources/Fn/Properties/Role' },
    });
  });

  it('a permission for another account: that account too', () => {
    const risks = review({
      Resources: {
        Fn: proxyFunction('web', EXISTING),
        Xacct: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: { Ref: 'Fn' },
            Action: 'lambda:InvokeFunction',
            Principal: '999988887777',
          },
        },
      },
    });
    const found = outside(risks);
    expect(found.map((f) => `${f.subject} ${!!f.indeterminate}`)).toEqual([`${EXISTING} true`]);
    expect(found[0]!.message).toMatch(
      /^account 999988887777 \(outside the inputs\) can make function web run as role existing-admin/,
    );
  });

  it('near miss: no caller outside may invoke the function: no finding', () => {
    expect(outside(review({ Resources: { Fn: proxyFunction('web', EXISTING) } }))).toEqual([]);
  });

  it('Terraform: the same', async () => {
    const model = await loadTerraformFiles({
      'main.tf': `
resource "aws_lambda_function" "web" {
  function_name = "web"
  role          = "${EXISTING}"
  handler       = "i.h"
  runtime       = "nodejs22.x"
  filename      = "x.zip"
}
resource "aws_lambda_function_url" "u" {
  function_name      = aws_lambda_function.web.function_name
  authorization_type = "NONE"
}
resource "aws_lambda_permission" "url" {
  function_name          = aws_lambda_function.web.function_name
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  function_url_auth_type = "NONE"
  statement_id           = "url"
}
`,
    });
    const found = outside(reviewRisks(compileModel(model)));
    expect(found.map((f) => `${f.subject} ${!!f.indeterminate}`)).toEqual([`${EXISTING} true`]);
    expect(found[0]!.indeterminate!.reasons.map((r) => r.text)).toContain(
      `Lambda function web: ${OUTSIDE_WORDS}`,
    );
  });
});

describe('an API Gateway integration acting as a credentials role outside the inputs', () => {
  it('an anonymous caller can make API Gateway call as that role: indeterminate (was no finding)', () => {
    const risks = review({
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop' } },
        X: rootPathResource('x'),
        Post: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' },
            ResourceId: { Ref: 'X' },
            HttpMethod: 'POST',
            AuthorizationType: 'NONE',
            Integration: {
              Type: 'AWS',
              IntegrationHttpMethod: 'POST',
              Uri: 'arn:aws:apigateway:us-east-1:iam:action/AttachRolePolicy',
              Credentials: EXISTING,
            },
          },
        },
      },
    });
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'medium', subject: EXISTING });
    expect(f!.message).toMatch(
      /^an anonymous caller \(through API Gateway method POST \/x of shop, integration credentials role existing-admin\) can make API Gateway's iam:AttachRolePolicy call run as role existing-admin/,
    );
    expect(f!.indeterminate!.reasons.map((r) => r.text)).toContain(
      `API Gateway method POST /x of shop (integration credentials): ${OUTSIDE_WORDS}`,
    );
  });
});

describe('sharded runs', () => {
  it('the finding on a role no shard holds is kept once by the merge (every shard reports it)', () => {
    const model = apiTemplateModel({
      Resources: {
        Fn: proxyFunction('web', EXISTING),
        ...URL,
        A: { Type: 'AWS::IAM::User', Properties: { UserName: 'a' } },
        B: { Type: 'AWS::IAM::User', Properties: { UserName: 'b' } },
      },
    });
    const engine = compileModel(model);
    const rows = buildMatrix(engine, { includeRoles: true }).principals.map((p) => p.arn);
    const shards: MatrixShard[] = [1, 2].map((index) => {
      const mine = shardRows(rows.length, { index, count: 2 });
      const matrix = buildMatrix(engine, { includeRoles: true, principals: mine.map((r) => rows[r]!) });
      return {
        name: `shard-${index}.json`,
        matrix,
        risks: reviewRisks(engine, matrix),
        shard: { index, count: 2, rows: mine, total: rows.length, fingerprint: 'f' },
      };
    });
    expect(shards.map((s) => outside(s.risks ?? []).length)).toEqual([1, 1]);
    expect(outside(mergeShards(shards).risks ?? []).map((f) => f.subject)).toEqual([EXISTING]);
  });
});
