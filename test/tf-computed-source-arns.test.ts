// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// Terraform attributes known only after apply that resource policies name in `aws:SourceArn`
// (a Lambda permission's `source_arn`, an SNS topic policy's condition): derived from their
// documented ARN format in the provider's account and Region (src/adapters/terraform/eval/
// computed.ts, formats in src/aws/arn-formats.ts), the id AWS assigns an unknown part named after
// the address. Was: the whole attribute unknown, so a request from the same kind of resource of
// ANOTHER account was indeterminate where the policy denies it.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel, terraformPlanModel } from './helpers/temp-inputs.js';

const A = '111122223333';
const OTHER = '444455556666';
const FN = `arn:aws:lambda:us-east-1:${A}:function:handler`;

// API Gateway Developer Guide, "Control access for invoking an API" (the execute-api resource
// format `arn:partition:execute-api:region:account-id:api-id/stage/METHOD_HTTP_VERB/Resource-path`):
// "account-id is the 12-digit AWS account Id of the REST API owner", "api-id is the identifier
// API Gateway has assigned to the API for the method". Terraform AWS provider, aws_api_gateway_rest_api,
// execution_arn: "Execution ARN part to be used in lambda_permission's source_arn when allowing API
// Gateway to invoke a Lambda function, e.g., arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j,
// which can be concatenated with allowed stage, method and resource path."
const apiHcl = (apiType: 'aws_api_gateway_rest_api' | 'aws_apigatewayv2_api') => `
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = aws_iam_role.exec.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "f.zip"
}
resource "${apiType}" "api" {
  name = "api"${apiType === 'aws_apigatewayv2_api' ? '\n  protocol_type = "HTTP"' : ''}
}
resource "aws_lambda_permission" "api" {
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.handler.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${${apiType}.api.execution_arn}/*/*"
}
`;

/** The aws:SourceArn pattern of the function's policy (the permission's source_arn). */
function sourceArnOf(m: Model): string {
  const st = m.resources.find((r) => r.arn === FN)?.policy?.statements[0];
  const v = st?.conditions.find((c) => c.key.toLowerCase() === 'aws:sourcearn')?.values[0];
  if (typeof v !== 'string') throw new Error('no SourceArn');
  return v;
}

function invokeFrom(m: Model) {
  const engine = compileModel(m);
  return (sourceArn: string) =>
    engine.decide({
      principal: 'apigateway.amazonaws.com',
      action: 'lambda:InvokeFunction',
      resource: FN,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] ?? '' },
    }).decision;
}

/** Another account's API denied, one of the account (its id may be the new API's) indeterminate, the API's own allowed. */
function expectApiVerdicts(m: Model): void {
  const own = sourceArnOf(m);
  expect(own).toMatch(new RegExp(`^arn:aws:execute-api:us-east-1:${A}:\\(unknown-[^)]*\\)/\\*/\\*$`));
  const invoke = invokeFrom(m);
  expect(invoke(`arn:aws:execute-api:us-east-1:${OTHER}:a1b2c3d4e5/prod/GET/pets`)).toBe('deny');
  expect(invoke(`arn:aws:execute-api:us-east-1:${A}:a1b2c3d4e5/prod/GET/pets`)).toBe('indeterminate');
  expect(invoke(own.replace('/*/*', '/prod/GET'))).toBe('allow');
}

describe('Terraform API Gateway execution_arn in a Lambda permission (was indeterminate for another account)', () => {
  it('aws_api_gateway_rest_api, configuration', () => {
    expectApiVerdicts(terraformConfigModel(apiHcl('aws_api_gateway_rest_api'), { account: A }));
  });

  it('aws_apigatewayv2_api, configuration', () => {
    expectApiVerdicts(terraformConfigModel(apiHcl('aws_apigatewayv2_api'), { account: A }));
  });

  it("the REST API's execution ARN is the model REST API's ARN (its resource policy and the permission name one API)", () => {
    const m = terraformConfigModel(apiHcl('aws_api_gateway_rest_api'), { account: A });
    const api = m.resources.find((r) => r.kind === 'apigateway-rest-api');
    expect(`${api?.arn}/*/*`).toBe(sourceArnOf(m));
  });

  // Terraform, "JSON Output Format": after_unknown "An object value with similar structure to
  // "after", but with all unknown leaf values replaced with true". The plan of a new API holds
  // neither its id nor its execution_arn; the permission's source_arn is unknown too, decided
  // through the configuration next to the plan.
  for (const apiType of ['aws_api_gateway_rest_api', 'aws_apigatewayv2_api'] as const) {
    it(`${apiType}, a plan (execution_arn absent from the planned values, after_unknown true)`, () => {
      const change = (type: string, name: string, after: object, afterUnknown: object) => ({
        address: `${type}.${name}`,
        mode: 'managed',
        type,
        name,
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
      });
      const plan = {
        format_version: '1.2',
        terraform_version: '1.9.5',
        planned_values: { root_module: {} },
        resource_changes: [
          change(apiType, 'api', { name: 'api' }, { id: true, arn: true, execution_arn: true }),
          change(
            'aws_iam_role',
            'exec',
            { name: 'exec', path: '/', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' },
            { arn: true, id: true },
          ),
          change(
            'aws_lambda_function',
            'handler',
            { function_name: 'handler', handler: 'index.handler', runtime: 'nodejs20.x' },
            { arn: true, role: true },
          ),
          change(
            'aws_lambda_permission',
            'api',
            {
              statement_id: 'AllowAPIGatewayInvoke',
              action: 'lambda:InvokeFunction',
              function_name: 'handler',
              principal: 'apigateway.amazonaws.com',
            },
            { source_arn: true, id: true },
          ),
        ],
        configuration: {
          provider_config: {
            aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } },
          },
          root_module: {
            resources: [
              {
                address: 'aws_lambda_permission.api',
                mode: 'managed',
                type: 'aws_lambda_permission',
                name: 'api',
                expressions: {
                  source_arn: { references: [`${apiType}.api.execution_arn`, `${apiType}.api`] },
                },
              },
            ],
          },
        },
      };
      const m = terraformPlanModel(plan, { account: A }, { 'main.tf': apiHcl(apiType) });
      expectApiVerdicts(m);
    });
  }
});

// Other resources whose `arn` a resource policy or trust policy names in `aws:SourceArn`, from the
// ARN formats of the Service Authorization Reference ("Resource types defined by ..."):
// CloudWatch `arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${AlarmName}` (CloudWatch
// API Reference, TagResource: "The ARN format of an alarm is
// arn:aws:cloudwatch:Region:account-id:alarm:alarm-name"), CodeCommit
// `arn:${Partition}:codecommit:${Region}:${Account}:${RepositoryName}`, Elastic Load Balancing
// `arn:${Partition}:elasticloadbalancing:${Region}:${Account}:targetgroup/${TargetGroupName}/${TargetGroupId}`,
// Amazon Cognito user pools `arn:${Partition}:cognito-idp:${Region}:${Account}:userpool/${UserPoolId}`,
// CodeBuild `arn:${Partition}:codebuild:${Region}:${Account}:project/${ProjectName}`, Firehose
// `arn:${Partition}:firehose:${Region}:${Account}:deliverystream/${DeliveryStreamName}`.
describe('Terraform arn of invocation sources, in the provider account and Region (was wholly unknown)', () => {
  const fnHcl = (source: string, principal: string, ref: string) => `
provider "aws" { region = "us-east-1" }
resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = "arn:aws:iam::${A}:role/exec"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "f.zip"
}
${source}
resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.handler.function_name
  principal     = "${principal}"
  source_arn    = ${ref}
}
`;
  const invoke = (hcl: string, principal: string) => {
    const m = terraformConfigModel(hcl, { account: A });
    const engine = compileModel(m);
    const decide = (sourceArn: string) =>
      engine.decide({
        principal,
        action: 'lambda:InvokeFunction',
        resource: FN,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] ?? '' },
      }).decision;
    return { decide, own: sourceArnOf(m) };
  };

  it('aws_cloudwatch_metric_alarm (a Lambda alarm action)', () => {
    const p = 'lambda.alarms.cloudwatch.amazonaws.com';
    const { decide, own } = invoke(
      fnHcl(
        `resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "high-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
}`,
        p,
        'aws_cloudwatch_metric_alarm.errors.arn',
      ),
      p,
    );
    expect(own).toBe(`arn:aws:cloudwatch:us-east-1:${A}:alarm:high-errors`);
    expect(decide(own)).toBe('allow');
    expect(decide(`arn:aws:cloudwatch:us-east-1:${OTHER}:alarm:high-errors`)).toBe('deny');
  });

  it('aws_codecommit_repository (a repository trigger)', () => {
    const p = 'codecommit.amazonaws.com';
    const { decide, own } = invoke(
      fnHcl(
        'resource "aws_codecommit_repository" "repo" { repository_name = "app" }',
        p,
        'aws_codecommit_repository.repo.arn',
      ),
      p,
    );
    expect(own).toBe(`arn:aws:codecommit:us-east-1:${A}:app`);
    expect(decide(own)).toBe('allow');
    expect(decide(`arn:aws:codecommit:us-east-1:${OTHER}:app`)).toBe('deny');
  });

  it('aws_lb_target_group (a Lambda target): its id assigned by Elastic Load Balancing', () => {
    const p = 'elasticloadbalancing.amazonaws.com';
    const { decide, own } = invoke(
      fnHcl(
        'resource "aws_lb_target_group" "tg" {\n  name        = "fn"\n  target_type = "lambda"\n}',
        p,
        'aws_lb_target_group.tg.arn',
      ),
      p,
    );
    expect(own).toMatch(
      new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:${A}:targetgroup/fn/\\(unknown-[^)]*\\)$`),
    );
    expect(decide(own)).toBe('allow');
    expect(decide(`arn:aws:elasticloadbalancing:us-east-1:${OTHER}:targetgroup/fn/0123456789abcdef`)).toBe(
      'deny',
    );
    expect(decide(`arn:aws:elasticloadbalancing:us-east-1:${A}:targetgroup/fn/0123456789abcdef`)).toBe(
      'indeterminate',
    );
    expect(decide(`arn:aws:elasticloadbalancing:us-east-1:${A}:targetgroup/other/0123456789abcdef`)).toBe(
      'deny',
    );
  });

  it('aws_cognito_user_pool (a Lambda trigger): its id assigned by Cognito', () => {
    const p = 'cognito-idp.amazonaws.com';
    const { decide, own } = invoke(
      fnHcl(
        'resource "aws_cognito_user_pool" "pool" { name = "users" }',
        p,
        'aws_cognito_user_pool.pool.arn',
      ),
      p,
    );
    expect(own).toMatch(new RegExp(`^arn:aws:cognito-idp:us-east-1:${A}:userpool/\\(unknown-[^)]*\\)$`));
    expect(decide(own)).toBe('allow');
    expect(decide(`arn:aws:cognito-idp:us-east-1:${OTHER}:userpool/us-east-1_AbCdEf123`)).toBe('deny');
    expect(decide(`arn:aws:cognito-idp:us-east-1:${A}:userpool/us-east-1_AbCdEf123`)).toBe('indeterminate');
  });

  // AWS IoT Developer Guide, "Lambda" rule action: "account-id with the AWS account number where
  // the rule is defined", "rule-name with the name of the AWS IoT rule for which you are defining
  // the Lambda action", and "If you add a permission for an AWS IoT principal without providing
  // the source-arn or source-account, any AWS account that creates a rule with your Lambda action
  // can activate rules to invoke your Lambda function"; the ARN format of the Service
  // Authorization Reference, `arn:${Partition}:iot:${Region}:${Account}:rule/${RuleName}`. Was:
  // the rule's whole ARN unknown, another account's rule indeterminate.
  it('aws_iot_topic_rule (a Lambda rule action): its ARN from its name', () => {
    const p = 'iot.amazonaws.com';
    const { decide, own } = invoke(
      fnHcl(
        `resource "aws_iot_topic_rule" "rule" {
  name        = "telemetry"
  enabled     = true
  sql         = "SELECT * FROM 'topic/test'"
  sql_version = "2016-03-23"
}`,
        p,
        'aws_iot_topic_rule.rule.arn',
      ),
      p,
    );
    expect(own).toBe(`arn:aws:iot:us-east-1:${A}:rule/telemetry`);
    expect(decide(own)).toBe('allow');
    expect(decide(`arn:aws:iot:us-east-1:${OTHER}:rule/telemetry`)).toBe('deny');
    expect(decide(`arn:aws:iot:us-east-1:${A}:rule/other`)).toBe('deny');
  });

  // Service Authorization Reference, AWS Config, resource type ConfigRule:
  // `arn:${Partition}:config:${Region}:${Account}:config-rule/${ConfigRuleId}`; AWS Config API
  // Reference, ConfigRule, ConfigRuleId: "The ID of the Config rule." (assigned by Config, not
  // the name). Was: the rule's whole ARN unknown, another account's rule indeterminate.
  it('aws_config_config_rule (a custom Lambda rule): its id assigned by Config', () => {
    const p = 'config.amazonaws.com';
    const { decide, own } = invoke(
      fnHcl(
        `resource "aws_config_config_rule" "rule" {
  name = "tagged"
  source {
    owner             = "CUSTOM_LAMBDA"
    source_identifier = aws_lambda_function.handler.arn
  }
}`,
        p,
        'aws_config_config_rule.rule.arn',
      ),
      p,
    );
    expect(own).toMatch(new RegExp(`^arn:aws:config:us-east-1:${A}:config-rule/\\(unknown-[^)]*\\)$`));
    expect(decide(own)).toBe('allow');
    expect(decide(`arn:aws:config:us-east-1:${OTHER}:config-rule/config-rule-abc123`)).toBe('deny');
    expect(decide(`arn:aws:config:us-east-1:${A}:config-rule/config-rule-abc123`)).toBe('indeterminate');
  });

  // A service role's trust policy pinned to the one project / delivery stream that uses it.
  const trustHcl = (source: string, service: string, ref: string) => `
provider "aws" { region = "us-east-1" }
${source}
resource "aws_iam_role" "svc" {
  name = "svc"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${service}" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceArn" = ${ref} } }
    }]
  })
}
`;
  const assume = (hcl: string, service: string) => {
    const engine = compileModel(terraformConfigModel(hcl, { account: A }));
    return (sourceArn: string) =>
      engine.decide({
        principal: service,
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${A}:role/svc`,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] ?? '' },
      }).decision;
  };

  it('aws_codebuild_project (its service role trust)', () => {
    const s = 'codebuild.amazonaws.com';
    const decide = assume(
      trustHcl(
        'resource "aws_codebuild_project" "build" {\n  name         = "build"\n  service_role = "arn:aws:iam::111122223333:role/svc"\n}',
        s,
        'aws_codebuild_project.build.arn',
      ),
      s,
    );
    expect(decide(`arn:aws:codebuild:us-east-1:${A}:project/build`)).toBe('allow');
    expect(decide(`arn:aws:codebuild:us-east-1:${OTHER}:project/build`)).toBe('deny');
  });

  it('aws_kinesis_firehose_delivery_stream (its role trust)', () => {
    const s = 'firehose.amazonaws.com';
    const decide = assume(
      trustHcl(
        'resource "aws_kinesis_firehose_delivery_stream" "logs" {\n  name        = "logs"\n  destination = "extended_s3"\n}',
        s,
        'aws_kinesis_firehose_delivery_stream.logs.arn',
      ),
      s,
    );
    expect(decide(`arn:aws:firehose:us-east-1:${A}:deliverystream/logs`)).toBe('allow');
    expect(decide(`arn:aws:firehose:us-east-1:${OTHER}:deliverystream/logs`)).toBe('deny');
  });
});

// Terraform AWS provider, aws_api_gateway_rest_api: "arn - ARN" (API Gateway Developer Guide, "API
// Gateway Amazon Resource Name (ARN) reference": RestApi `arn:partition:apigateway:region::/restapis/api-id`),
// beside execution_arn (above). The API's resource policy governs execute-api:Invoke on its
// execution ARN: a plan of an existing API knows both, and the model REST API is its execution
// ARN. Was: the known management `arn` taken as the API's ARN, so its public policy governed no
// invoke request (anonymous invoke denied where API Gateway allows it).
describe('Terraform aws_api_gateway_rest_api: the model API is its execution_arn, not its management arn', () => {
  const planOf = (after: Record<string, unknown>, afterUnknown: Record<string, unknown>) => ({
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'aws_api_gateway_rest_api.api',
        mode: 'managed',
        type: 'aws_api_gateway_rest_api',
        name: 'api',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['update'], before: after, after, after_unknown: afterUnknown },
      },
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } },
      root_module: { resources: [] },
    },
  });
  const publicPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ],
  });

  it('an existing API (id, arn, execution_arn known): its public policy lets anyone invoke', () => {
    const m = terraformPlanModel(
      planOf(
        {
          name: 'api',
          id: 'a1b2c3d4e5',
          arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
          execution_arn: `arn:aws:execute-api:us-east-1:${A}:a1b2c3d4e5`,
          policy: publicPolicy,
        },
        {},
      ),
      { account: A },
    );
    expect(m.resources.find((r) => r.kind === 'apigateway-rest-api')?.arn).toBe(
      `arn:aws:execute-api:us-east-1:${A}:a1b2c3d4e5`,
    );
    const decision = compileModel(m).decide({
      principal: 'anonymous',
      action: 'execute-api:Invoke',
      resource: `arn:aws:execute-api:us-east-1:${A}:a1b2c3d4e5/prod/GET/pets`,
    }).decision;
    expect(decision).toBe('allow');
  });

  it('configuration: with its management arn derived, the model API is still on the execution ARN', () => {
    const m = terraformConfigModel(apiHcl('aws_api_gateway_rest_api'), { account: A });
    expect(m.resources.find((r) => r.kind === 'apigateway-rest-api')?.arn).toMatch(
      new RegExp(`^arn:aws:execute-api:us-east-1:${A}:\\(unknown-[^)]*\\)$`),
    );
  });
});
