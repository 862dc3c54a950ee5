// Red team of the resource policies of Glue Data Catalog, CloudWatch Logs destinations, API
// Gateway REST APIs, Kinesis data streams, DynamoDB tables, Lambda layer versions, SES sending
// authorization and Step Functions (none): the intended request and near misses (another
// action, another account, another stage, another version, another organization), from a
// CloudFormation template and a Terraform configuration. A Logs destination's access policy and
// an SES identity's sending authorization policies are modelled resource policies
// (test/logs-destination-ses-identity-policies.test.ts): they decide (before, they were kept with
// an unknown policy, every request on them indeterminate). Pages:
// - "Supports resource-based policies: No" (Step Functions User Guide, "How AWS Step Functions
//   works with IAM"): a state machine can be granted to its own account only.
// - DynamoDB Developer Guide, "Using resource-based policies for DynamoDB": a table's policy
//   covers its indexes; a stream has a policy of its own.
// - Lambda Developer Guide, "Granting layer access to other accounts": a permission is for one
//   version, and `OrganizationId` limits it to the organization's accounts.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const ROOT_B = `arn:aws:iam::${B}:root`;
const ROOT_C = `arn:aws:iam::${C}:root`;
const LOCAL = `arn:aws:iam::${A}:root`;
const doc = (principal: unknown, action: string, resource: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: resource }],
});
const json = (v: unknown) => JSON.stringify(JSON.stringify(v));

function fromTemplate(): Model {
  const b = new ModelBuilder();
  loadTemplateObject(
    {
      Resources: {
        Dest: {
          Type: 'AWS::Logs::Destination',
          Properties: {
            DestinationName: 'dest',
            RoleArn: `arn:aws:iam::${A}:role/cwl`,
            TargetArn: `arn:aws:kinesis:us-east-1:${A}:stream/s`,
            DestinationPolicy: JSON.stringify(
              doc({ AWS: B }, 'logs:PutSubscriptionFilter', `arn:aws:logs:us-east-1:${A}:destination:dest`),
            ),
          },
        },
        Api: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: {
            Name: 'api',
            Policy: doc({ AWS: ROOT_B }, 'execute-api:Invoke', 'execute-api:/prod/GET/*'),
          },
        },
        Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 's' } },
        StreamPolicy: {
          Type: 'AWS::Kinesis::ResourcePolicy',
          Properties: {
            ResourceArn: { 'Fn::GetAtt': ['Stream', 'Arn'] },
            ResourcePolicy: doc({ AWS: ROOT_B }, 'kinesis:GetRecords', '*'),
          },
        },
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: 't',
            KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }],
            StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
            ResourcePolicy: { PolicyDocument: doc({ AWS: ROOT_B }, 'dynamodb:GetItem', '*') },
          },
        },
        Layer: {
          Type: 'AWS::Lambda::LayerVersion',
          Properties: { LayerName: 'lib', Content: { S3Bucket: 'b', S3Key: 'k' } },
        },
        LayerPerm: {
          Type: 'AWS::Lambda::LayerVersionPermission',
          Properties: { LayerVersionArn: { Ref: 'Layer' }, Action: 'lambda:GetLayerVersion', Principal: B },
        },
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineName: 'm',
            RoleArn: `arn:aws:iam::${A}:role/sfn`,
            DefinitionString: '{}',
          },
        },
      },
    },
    b,
    { account: A, region: 'us-east-1', stackName: 's' },
  );
  return b.build();
}

function fromHcl(): Model {
  return terraformConfigModel(
    `
resource "aws_glue_resource_policy" "p" { policy = ${json(doc({ AWS: ROOT_B }, 'glue:GetTable', `arn:aws:glue:us-east-1:${A}:*`))} }
resource "aws_cloudwatch_log_destination" "d" {
  name       = "dest"
  role_arn   = "arn:aws:iam::${A}:role/cwl"
  target_arn = "arn:aws:kinesis:us-east-1:${A}:stream/s"
}
resource "aws_cloudwatch_log_destination_policy" "d" {
  destination_name = aws_cloudwatch_log_destination.d.name
  access_policy    = ${json(doc({ AWS: B }, 'logs:PutSubscriptionFilter', `arn:aws:logs:us-east-1:${A}:destination:dest`))}
}
resource "aws_api_gateway_rest_api" "api" {
  name   = "api"
  policy = ${json(doc({ AWS: ROOT_B }, 'execute-api:Invoke', 'execute-api:/prod/GET/*'))}
}
resource "aws_kinesis_stream" "s" { name = "s" }
resource "aws_kinesis_resource_policy" "s" {
  resource_arn = aws_kinesis_stream.s.arn
  policy       = ${json(doc({ AWS: ROOT_B }, 'kinesis:GetRecords', `arn:aws:kinesis:us-east-1:${A}:stream/s`))}
}
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "k"
  attribute {
    name = "k"
    type = "S"
  }
}
resource "aws_dynamodb_resource_policy" "t" {
  resource_arn = aws_dynamodb_table.t.arn
  policy       = ${json(doc({ AWS: ROOT_B }, 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/t`))}
}
resource "aws_lambda_layer_version" "l" {
  layer_name = "lib"
  filename   = "x.zip"
}
resource "aws_lambda_layer_version_permission" "l" {
  layer_name     = aws_lambda_layer_version.l.layer_arn
  version_number = aws_lambda_layer_version.l.version
  principal      = "${B}"
  action         = "lambda:GetLayerVersion"
  statement_id   = "b"
}
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_ses_identity_policy" "p" {
  identity = aws_ses_domain_identity.d.arn
  name     = "p"
  policy   = ${json(doc({ AWS: ROOT_B }, 'ses:SendEmail', `arn:aws:ses:us-east-1:${A}:identity/example.com`))}
}
resource "aws_sfn_state_machine" "m" {
  name       = "m"
  role_arn   = "arn:aws:iam::${A}:role/sfn"
  definition = "{}"
}
`,
    { account: A, region: 'us-east-1' },
  );
}

type Case = [principal: string, action: string, resource: string, verdict: string];

/** The cases both inputs create (the REST API and the layer version by their model ARNs). */
function commonCases(m: Model): Case[] {
  const api = m.resources.find((r) => r.kind === 'apigateway-rest-api')!.arn.replace(/\/\*.*$/, '');
  const layer = m.resources.find((r) => r.kind === 'lambda-layer-version')!.arn;
  const stream = `arn:aws:kinesis:us-east-1:${A}:stream/s`;
  const table = `arn:aws:dynamodb:us-east-1:${A}:table/t`;
  const destination = `arn:aws:logs:us-east-1:${A}:destination:dest`;
  const machine = `arn:aws:states:us-east-1:${A}:stateMachine:m`;
  return [
    [ROOT_B, 'logs:PutSubscriptionFilter', destination, 'allow'],
    [ROOT_C, 'logs:PutSubscriptionFilter', destination, 'deny'],
    [ROOT_B, 'execute-api:Invoke', `${api}/prod/GET/pets`, 'allow'],
    [ROOT_B, 'execute-api:Invoke', `${api}/prod/POST/pets`, 'deny'],
    [ROOT_B, 'execute-api:Invoke', `${api}/dev/GET/pets`, 'deny'],
    [ROOT_C, 'execute-api:Invoke', `${api}/prod/GET/pets`, 'deny'],
    [ROOT_B, 'kinesis:GetRecords', stream, 'allow'],
    [ROOT_B, 'kinesis:PutRecord', stream, 'deny'],
    [ROOT_C, 'kinesis:GetRecords', stream, 'deny'],
    [LOCAL, 'kinesis:PutRecord', stream, 'allow'],
    [ROOT_B, 'dynamodb:GetItem', table, 'allow'],
    [ROOT_B, 'dynamodb:PutItem', table, 'deny'],
    [ROOT_C, 'dynamodb:GetItem', table, 'deny'],
    [ROOT_B, 'lambda:GetLayerVersion', layer, 'allow'],
    [ROOT_C, 'lambda:GetLayerVersion', layer, 'deny'],
    [ROOT_B, 'lambda:DeleteLayerVersion', layer, 'deny'],
    [ROOT_B, 'states:StartExecution', machine, 'deny'],
    [LOCAL, 'states:StartExecution', machine, 'allow'],
  ];
}

describe.each([
  ['CloudFormation', fromTemplate],
  ['Terraform', fromHcl],
] as const)('%s', (name, load) => {
  const m = load();
  const engine = compileModel(m);
  it('intended and near-miss requests, same account and cross-account', () => {
    const cases = commonCases(m);
    if (name === 'Terraform')
      cases.push(
        [ROOT_B, 'glue:GetTable', `arn:aws:glue:us-east-1:${A}:table/db/t`, 'allow'],
        [ROOT_B, 'glue:DeleteTable', `arn:aws:glue:us-east-1:${A}:table/db/t`, 'deny'],
        [ROOT_C, 'glue:GetTable', `arn:aws:glue:us-east-1:${A}:table/db/t`, 'deny'],
        [ROOT_B, 'ses:SendEmail', `arn:aws:ses:us-east-1:${A}:identity/example.com`, 'allow'],
        [ROOT_C, 'ses:SendEmail', `arn:aws:ses:us-east-1:${A}:identity/example.com`, 'deny'],
        [ROOT_B, 'ses:SendRawEmail', `arn:aws:ses:us-east-1:${A}:identity/example.com`, 'deny'],
      );
    else
      cases.push(
        // a table's policy covers its indexes, not its stream
        [ROOT_B, 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/t/index/i`, 'allow'],
        [
          ROOT_B,
          'dynamodb:GetRecords',
          `arn:aws:dynamodb:us-east-1:${A}:table/t/stream/2024-01-01T00:00:00.000`,
          'deny',
        ],
      );
    const got = cases.map(([p, a, r]) => [
      p,
      a,
      r,
      engine.decide({ principal: p, action: a, resource: r }).decision,
    ]);
    expect(got).toEqual(cases);
  });

  it('another version of the layer may be the one the inputs create (its number is unknown)', () => {
    const layer = m.resources.find((r) => r.kind === 'lambda-layer-version')!.arn;
    const v99 = layer.replace(/[^:]+$/, '99');
    expect(
      engine.decide({ principal: ROOT_B, action: 'lambda:GetLayerVersion', resource: v99 }).decision,
    ).toBe('indeterminate');
  });
});
