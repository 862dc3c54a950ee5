// CloudWatch Logs resource policies (src/aws/logs-resource-policy.ts; CloudFormation
// AWS::Logs::ResourcePolicy, which CDK's LogGroup.grantWrite / addToResourcePolicy writes).
//
// Amazon CloudWatch Logs API Reference, PutResourcePolicy
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html):
// "Creates or updates a resource policy allowing other AWS services to put log events to this
// account, such as Amazon Route 53." ... "Supported actions - Policy only supports
// logs:PutLogEvents and logs:CreateLogStream actions" ... "Supported principals - Policy only
// applies when operations are invoked by AWS service principals (not IAM users, roles, or
// cross-account principals" ... "Resource policies with actions invoked by non-AWS service
// principals (such as IAM users, roles, or other AWS accounts) will not be enforced."
//
// Before, the type had no handler (cfn/unhandled-resource-type): the policy was kept unknown and
// governed every log group of the account, so every decision on a log group was indeterminate,
// and deploy-time code (CDK's S3 bucket-notifications handler) whose role that unknown policy
// "may allow to change access" made every resource policy of the account indeterminate
// (cfn/custom-resource-changes-access).

import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { logsEnforcedDocument } from '../src/aws/logs-resource-policy.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { fromStack } from '../src/testing/cdk.js';
import { modelOf } from './fixtures/cfn/load.js';

const A = '111122223333';
const B = '444455556666';
const REGION = 'us-west-2';
const GROUP = `arn:aws:logs:${REGION}:${A}:log-group:app`;
const STREAM = `${GROUP}:log-stream:s1`;
const quietApp = () =>
  new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:disable-stack-trace': true } });

/** A template with a writer role (identity policy logs:* on *) and a Logs resource policy. */
function templateWith(statements: unknown[]): string {
  return JSON.stringify({
    Resources: {
      Writer: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'writer',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
          Policies: [
            {
              PolicyName: 'logs',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }],
              },
            },
          ],
        },
      },
      LogsPolicy: {
        Type: 'AWS::Logs::ResourcePolicy',
        Properties: {
          PolicyName: 'delivery',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        },
      },
    },
  });
}

const access = (text: string, principal: string, action: string, resource = STREAM) =>
  decideAnyContext(compileModel(modelOf(text)), { principal, action, resource }).access;

describe('AWS::Logs::ResourcePolicy is modelled (was an unknown policy on every log group)', () => {
  const route53 = templateWith([
    {
      Sid: 'Route53LogsToCloudWatchLogs',
      Effect: 'Allow',
      Principal: { Service: ['route53.amazonaws.com'] },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:${REGION}:${A}:log-group:/aws/route53/*`,
    },
  ]);

  it('no unhandled-type finding; the service it names may write the log groups it names, not others', () => {
    const model = modelOf(route53);
    expect(model.findings.map((f) => f.code)).not.toContain('cfn/unhandled-resource-type');
    const r53 = `arn:aws:logs:${REGION}:${A}:log-group:/aws/route53/zone:log-stream:x`;
    expect(access(route53, 'route53.amazonaws.com', 'logs:PutLogEvents', r53)).toBe('allow');
    expect(access(route53, 'route53.amazonaws.com', 'logs:PutLogEvents', STREAM)).toBe('deny');
    expect(access(route53, 'es.amazonaws.com', 'logs:PutLogEvents', r53)).toBe('deny');
  });

  it('it governs the log groups of its own account and Region only', () => {
    const r53Other = `arn:aws:logs:eu-west-1:${A}:log-group:/aws/route53/zone:log-stream:x`;
    expect(access(route53, 'route53.amazonaws.com', 'logs:PutLogEvents', r53Other)).toBe('deny');
  });

  it("an IAM role's own identity policy decides: the policy neither adds nor removes (was indeterminate)", () => {
    expect(access(route53, `arn:aws:iam::${A}:role/writer`, 'logs:PutLogEvents')).toBe('allow');
    const denying = templateWith([
      { Effect: 'Deny', Principal: '*', Action: 'logs:*', Resource: '*' },
      {
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 'logs:*',
        Resource: '*',
      },
    ]);
    // "will not be enforced" for IAM principals: its Deny does not stop the role ...
    expect(access(denying, `arn:aws:iam::${A}:role/writer`, 'logs:PutLogEvents')).toBe('allow');
    // ... and is enforced for a service principal.
    expect(access(denying, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents')).toBe('deny');
  });

  it('an Allow to another account grants it nothing', () => {
    const crossAccount = templateWith([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: 'logs:PutLogEvents',
        Resource: '*',
      },
    ]);
    expect(access(crossAccount, `arn:aws:iam::${B}:role/x`, 'logs:PutLogEvents')).toBe('deny');
  });

  it('only logs:PutLogEvents and logs:CreateLogStream are granted, whatever the statement names', () => {
    const wide = templateWith([
      {
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 'logs:*',
        Resource: '*',
      },
    ]);
    expect(access(wide, 'delivery.logs.amazonaws.com', 'logs:CreateLogStream')).toBe('allow');
    expect(access(wide, 'delivery.logs.amazonaws.com', 'logs:DeleteLogGroup', `${GROUP}:*`)).toBe('deny');
    const notAction = templateWith([
      {
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        NotAction: 'logs:CreateLogStream',
        Resource: '*',
      },
    ]);
    expect(access(notAction, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents')).toBe('allow');
    expect(access(notAction, 'delivery.logs.amazonaws.com', 'logs:CreateLogStream')).toBe('deny');
    expect(access(notAction, 'delivery.logs.amazonaws.com', 'logs:DeleteLogGroup', `${GROUP}:*`)).toBe(
      'deny',
    );
  });

  it('an unknown policy text stays unknown: decisions on log groups are indeterminate', () => {
    const unknown = JSON.stringify({
      Parameters: { Doc: { Type: 'String' } },
      Resources: {
        LogsPolicy: {
          Type: 'AWS::Logs::ResourcePolicy',
          Properties: { PolicyName: 'p', PolicyDocument: { Ref: 'Doc' } },
        },
      },
    });
    expect(access(unknown, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents')).toBe('indeterminate');
  });
});

describe('AWS::Logs::ResourcePolicy ResourceArn: a resource-scoped policy governs that log group only', () => {
  // CloudWatch Logs API Reference, PutResourcePolicy, resourceArn: "The ARN of the CloudWatch Logs
  // resource to which the resource policy needs to be added or attached. Currently only supports
  // LogGroup ARN." ... "Policy limits - An account can have a maximum of 10 policies without
  // resourceARN and one per LogGroup resourceARN". The Terraform twin has the same attribute
  // (aws_cloudwatch_log_resource_policy): "resource_arn - ARN of the CloudWatch Logs resource to
  // which the resource policy is attached. Exactly one of policy_name or resource_arn must be
  // specified and this argument is required for resource-scoped policies."
  // Before, ResourceArn was not read: the policy governed every log group of the account, so its
  // Allow to a service reached log groups it is not attached to.
  const scoped = (resourceArn: unknown) =>
    JSON.stringify({
      Parameters: { Target: { Type: 'String' } },
      Resources: {
        App: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'app' } },
        LogsPolicy: {
          Type: 'AWS::Logs::ResourcePolicy',
          Properties: {
            ResourceArn: resourceArn,
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'delivery.logs.amazonaws.com' },
                  Action: 'logs:PutLogEvents',
                  Resource: '*',
                },
              ],
            }),
          },
        },
      },
    });
  const otherStream = `arn:aws:logs:${REGION}:${A}:log-group:other:log-stream:s`;
  const service = 'delivery.logs.amazonaws.com';

  it('Fn::GetAtt of the log group (…:log-group:app:*): that log group and its streams, not another', () => {
    const t = scoped({ 'Fn::GetAtt': ['App', 'Arn'] });
    expect(access(t, service, 'logs:PutLogEvents')).toBe('allow');
    expect(access(t, service, 'logs:PutLogEvents', otherStream)).toBe('deny');
  });

  it('a literal log group ARN: the same', () => {
    const t = scoped(GROUP);
    expect(access(t, service, 'logs:PutLogEvents')).toBe('allow');
    expect(access(t, service, 'logs:PutLogEvents', otherStream)).toBe('deny');
  });

  it('a ResourceArn the template does not pin (a parameter): any log group may be its, indeterminate', () => {
    const t = scoped({ Ref: 'Target' });
    expect(access(t, service, 'logs:PutLogEvents', otherStream)).toBe('indeterminate');
  });
});

describe('logsEnforcedDocument', () => {
  it('scopes each statement to service principals and the supported actions', () => {
    const doc = logsEnforcedDocument(
      parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: ['logs:Put*', 's3:GetObject'], Resource: '*' },
          ],
        },
        { kind: 'resource', source: { file: 'logs-policy.json' } },
      ),
    );
    const [s] = doc.statements;
    expect(s!.action!.values).toEqual(['logs:PutLogEvents']);
    expect(s!.conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['Bool', 'aws:PrincipalIsAWSService', ['true']],
    ]);
  });
});

describe('CDK: LogGroup.grantWrite to a service principal', () => {
  function stack() {
    const app = quietApp();
    const s = new Stack(app, 'S', { env: { account: A, region: REGION } });
    const group = new logs.LogGroup(s, 'LG', { logGroupName: 'app' });
    group.grantWrite(new iam.ServicePrincipal('delivery.logs.amazonaws.com'));
    return { s, group };
  }

  it('the service may write the log group (was indeterminate), nothing else', () => {
    const { s } = stack();
    const engine = compileModel(fromStack(s));
    const decide = (principal: string, action: string, resource = STREAM) =>
      decideAnyContext(engine, { principal, action, resource }).access;
    expect(decide('delivery.logs.amazonaws.com', 'logs:PutLogEvents')).toBe('allow');
    expect(decide('delivery.logs.amazonaws.com', 'logs:CreateLogStream')).toBe('allow');
    expect(
      decide(
        'delivery.logs.amazonaws.com',
        'logs:PutLogEvents',
        `arn:aws:logs:${REGION}:${A}:log-group:other:log-stream:s`,
      ),
    ).toBe('deny');
    expect(decide('es.amazonaws.com', 'logs:PutLogEvents')).toBe('deny');
  });

  it("with S3 bucket notifications: the notifications handler's role no longer makes every resource policy indeterminate", () => {
    const { s } = stack();
    const bucket = new s3.Bucket(s, 'B', { bucketName: 'data' });
    const topic = new sns.Topic(s, 'T', { topicName: 't' });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SnsDestination(topic));
    const model = fromStack(s);
    expect(model.findings.map((f) => f.code)).not.toContain('cfn/custom-resource-changes-access');
    const engine = compileModel(model);
    const topicArn = `arn:aws:sns:${REGION}:${A}:t`;
    const publish = (context: Record<string, string>) =>
      engine.decide({ principal: 's3.amazonaws.com', action: 'sns:Publish', resource: topicArn, context })
        .decision;
    // Was indeterminate for both: the topic policy "may be changed" at deployment.
    expect(publish({ 'aws:SourceArn': 'arn:aws:s3:::data', 'aws:SourceAccount': A })).toBe('allow');
    expect(publish({ 'aws:SourceArn': 'arn:aws:s3:::other', 'aws:SourceAccount': A })).toBe('deny');
  });
});

describe('Terraform aws_cloudwatch_log_resource_policy (the same rule)', () => {
  const delivery = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 'logs:*',
        Resource: '*',
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'logs:*',
        Resource: `${GROUP}:*`,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

  function tfModel(args: Record<string, unknown>) {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: REGION, allowed_account_ids: [A] }] },
        variable: { group: { type: 'string' } },
        resource: {
          aws_iam_user: { writer: { name: 'writer' } },
          aws_iam_user_policy: {
            writer: {
              user: 'writer',
              policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }],
              }),
            },
          },
          aws_cloudwatch_log_resource_policy: { p: args },
        },
      },
      b,
    );
    return b.build();
  }
  const decide = (model: ReturnType<typeof tfModel>, principal: string, action: string, resource = STREAM) =>
    decideAnyContext(compileModel(model), { principal, action, resource }).access;

  it('account-scoped (policy_name): modelled like CloudFormation (was indeterminate)', () => {
    const model = tfModel({ policy_name: 'delivery', policy_document: delivery });
    expect(model.findings.filter((f) => f.code.endsWith('unhandled-resource-type'))).toEqual([]);
    expect(decide(model, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents')).toBe('conditional');
    expect(decide(model, 'delivery.logs.amazonaws.com', 'logs:DeleteLogGroup', `${GROUP}:*`)).toBe('deny');
    expect(decide(model, `arn:aws:iam::${A}:user/writer`, 'logs:PutLogEvents')).toBe('allow');
  });

  it('resource-scoped (resource_arn): that log group only; known only after apply: indeterminate', () => {
    const scoped = tfModel({ resource_arn: `${GROUP}:*`, policy_document: delivery });
    expect(decide(scoped, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents')).toBe('conditional');
    const other = `arn:aws:logs:${REGION}:${A}:log-group:other:log-stream:s`;
    expect(decide(scoped, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents', other)).toBe('deny');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
    const later = tfModel({ resource_arn: '${var.group}', policy_document: delivery });
    expect(decide(later, 'delivery.logs.amazonaws.com', 'logs:PutLogEvents', other)).toBe('indeterminate');
  });
});
