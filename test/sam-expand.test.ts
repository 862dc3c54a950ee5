// The SAM transform (AWS::Serverless-2016-10-31): each fixture SAM template decides as the
// processed template derived from it by hand (test/fixtures/sam/*.processed.yaml) decides: the
// same principals, policies, resources and resource policies, and the same who-can answers.
// Facts from the AWS SAM specification are quoted where a test pins them.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateFile } from '../src/adapters/cloudformation/index.js';
import { expandServerless } from '../src/adapters/cloudformation/sam/index.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import {
  ACCOUNT,
  accessModel,
  findingsOf,
  loadFixture,
  REGION,
  SAM_FIXTURES,
  whoCanLines,
} from './helpers/sam.js';

const arn = {
  role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
  fn: (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  table: (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
  queue: (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
  topic: (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`,
  sm: (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`,
};

/** Both forms decide alike: same access model, same who-can answers for `queries`. */
function expectSameDecisions(name: string, queries: [string, string][], options = {}) {
  const sam = loadFixture(`${name}.yaml`, options);
  const processed = loadFixture(`${name}.processed.yaml`, options);
  expect(accessModel(sam)).toEqual(accessModel(processed));
  for (const [action, resource] of queries) {
    expect(whoCanLines(sam, action, resource), `${action} on ${resource}`).toEqual(
      whoCanLines(processed, action, resource),
    );
  }
  return { sam, processed };
}

describe('AWS::Serverless::Function with policy templates, managed policies and events', () => {
  const queries: [string, string][] = [
    ['dynamodb:PutItem', arn.table('orders-prod')],
    ['dynamodb:Query', `${arn.table('orders-prod')}/index/byCustomer`],
    ['s3:GetObject', 'arn:aws:s3:::receipts-prod/r.pdf'],
    ['sns:Publish', arn.topic('app-OrderTopic-(unknown-generated-17a6e3)')],
    ['sqs:ReceiveMessage', arn.queue('app-OrderQueue-(unknown-generated-61b56d)')],
    ['lambda:InvokeFunction', arn.fn('order-prod')],
    ['xray:PutTraceSegments', '*'],
  ];

  it('decides as the processed template does', () => {
    const { sam } = expectSameDecisions('function-events', queries);
    // Not two empty models: the role SAM generates is there, with what the spec says it holds.
    const role = sam.roles.find(
      (r) => r.arn === arn.role('app-OrderFunctionRole-(unknown-generated-42b8b1)'),
    )!;
    expect(role.inlinePolicies.map((p) => p.name).sort()).toEqual([
      'OrderFunctionRolePolicy1',
      'OrderFunctionRolePolicy2',
      'OrderFunctionRolePolicy3',
    ]);
    expect(role.usedBy.map((u) => u.arn)).toEqual([arn.fn('order-prod')]);
  });

  it('the generated role: lambda.amazonaws.com trust, AWSLambdaBasicExecutionRole, X-Ray with Tracing, the event source policy', () => {
    // "AWS SAM ... creates an execution role ... with the AWSLambdaBasicExecutionRole managed
    // policy" and "If Tracing is Active ... the AWSXrayWriteOnlyAccess policy" (SAM
    // specification, AWS::Serverless::Function, Policies and Tracing,
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html).
    const sam = loadFixture('function-events.yaml');
    const role = sam.roles.find((r) => r.source.logicalId === 'OrderFunction')!;
    expect(role.managedPolicies.map((p) => p.policyArn).sort()).toEqual([
      'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole',
    ]);
    expect(role.trustPolicy!.statements[0]!.principal!.service!.values).toEqual(['lambda.amazonaws.com']);
    expect(role.tags).toMatchObject({ 'lambda:createdBy': 'SAM', team: 'orders' });
  });

  it('every event source grants its service lambda:InvokeFunction, scoped as SAM scopes it', () => {
    expect(
      whoCanLines(loadFixture('function-events.yaml'), 'lambda:InvokeFunction', arn.fn('order-prod')),
    ).toEqual([
      'apigateway.amazonaws.com conditional',
      'arn:aws:iam::123456789012:role/app-OrderFunctionRole-(unknown-generated-42b8b1) allow',
      'events.amazonaws.com conditional',
      'lambda.amazonaws.com -> arn:aws:iam::123456789012:role/app-OrderFunctionRole-(unknown-generated-42b8b1) allow',
      's3.amazonaws.com conditional',
      'sns.amazonaws.com conditional',
    ]);
  });

  it('a policy template statement is located at the template in the SAM file', () => {
    const sam = loadFixture('function-events.yaml');
    const role = sam.roles.find((r) => r.source.logicalId === 'OrderFunction')!;
    const crud = role.inlinePolicies.find((p) => p.name === 'OrderFunctionRolePolicy1')!;
    expect(crud.document.source).toMatchObject({
      logicalId: 'OrderFunction',
      pointer: '/Resources/OrderFunction/Properties/Policies/1/DynamoDBCrudPolicy',
      line: 43,
    });
    expect(crud.document.statements[0]!.source.line).toBe(43);
    expect(crud.document.statements[0]!.source.file).toMatch(/function-events\.yaml$/);
    expect(findingsOf(sam, 'cfn/transform-not-applied')).toEqual([]);
    expect(findingsOf(sam, 'sam/expanded')[0]!.message).toContain('AWS::IAM::Role (1)');
  });
});

describe('AWS::Serverless::StateMachine', () => {
  const queries: [string, string][] = [
    ['lambda:InvokeFunction', arn.fn('worker')],
    ['sqs:SendMessage', arn.queue('outbox')],
    ['states:StartExecution', arn.sm('order-flow')],
    ['logs:PutLogEvents', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:x:log-stream:y`],
  ];

  it('decides as the processed template does', () => {
    const { sam } = expectSameDecisions('state-machine', queries);
    const role = sam.roles.find(
      (r) => r.arn === arn.role('app-OrderStateMachineRole-(unknown-generated-ec3a00)'),
    )!;
    expect(role.permissionsBoundary?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/workload-boundary`);
    expect(role.trustPolicy!.statements[0]!.principal!.service!.values).toEqual(['states.amazonaws.com']);
  });

  it('event sources start executions through roles SAM generates, trusted by their service', () => {
    // "AWS SAM creates an IAM role ... that allows the event source to start executions of the
    // state machine" (SAM specification, AWS::Serverless::StateMachine EventSource,
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-statemachineeventsource.html).
    const lines = whoCanLines(
      loadFixture('state-machine.yaml'),
      'states:StartExecution',
      arn.sm('order-flow'),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        `events.amazonaws.com -> ${arn.role('app-OrderStateMachineHourlyRole-(unknown-generated-3af1c4)')} allow`,
        `events.amazonaws.com -> ${arn.role('app-OrderStateMachineOnOrderRole-(unknown-generated-20e12b)')} allow`,
        `apigateway.amazonaws.com -> ${arn.role('app-OrderStateMachineStartApiRole-(unknown-generated-856b8e)')} allow`,
      ]),
    );
  });
});

describe('Connectors', () => {
  const queries: [string, string][] = [
    ['dynamodb:PutItem', arn.table('orders')],
    ['dynamodb:Query', `${arn.table('orders')}/index/byDate`],
    ['s3:PutObject', 'arn:aws:s3:::uploads-bucket/x'],
    ['s3:GetObject', 'arn:aws:s3:::uploads-bucket/x'],
    ['sqs:SendMessage', arn.queue('work')],
    ['lambda:InvokeFunction', arn.fn('processor')],
  ];

  it('decides as the processed template does', () => {
    const { sam } = expectSameDecisions('connectors', queries);
    // "Read" and "Write" of a function to a table: the connector reference table's statements on
    // the function's role (SAM specification, "AWS SAM connector reference",
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/reference-sam-connector.html).
    expect(sam.policies.map((p) => p.name).sort()).toEqual([
      'app-ProcessorOrdersConnPolicy-(unknown-generated-943c20)',
      'app-ProcessorOutputsConnPolicyDestination0-(unknown-generated-3002f7)',
      'app-ProcessorOutputsConnPolicyDestination1-(unknown-generated-81f5e8)',
    ]);
    expect(whoCanLines(sam, 'sqs:SendMessage', arn.queue('work'))).toEqual(
      expect.arrayContaining(['sns.amazonaws.com conditional']),
    );
  });

  it('a connector SAM rejects is reported, and leaves the access of its source unknown', () => {
    const sam = loadFixture('connectors-invalid.yaml');
    const warnings = findingsOf(sam, 'sam/connector').map((f) => f.message);
    expect(warnings.join('\n')).toContain('not supported');
    expect(warnings.join('\n')).toContain('unsupported Permissions');
    const lines = whoCanLines(sam, 'dynamodb:DeleteTable', arn.table('orders'));
    expect(lines).toContain(`${arn.role('app-ProcessorRole-(unknown-generated-49ac0b)')} indeterminate`);
  });

  it('Connectors written under Properties: rejected as SAM rejects it, never silently dropped', () => {
    // "Connectors" is a resource attribute of the source resource, next to Type and Properties
    // (AWS SAM Developer Guide, "Managing resource permissions with AWS SAM connectors": "embedded
    // connectors ... Connectors: <resource attribute>",
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/managing-permissions-connectors.html);
    // SAM rejects a property a resource type does not define ("property Connectors not defined for
    // resource of type AWS::Serverless::Function"). Before (hqa11), the connector was ignored with no
    // word: the function's role was decided to have no access to the table.
    const sam = loadFixture('connectors-under-properties.yaml');
    const warnings = findingsOf(sam, 'sam/connector');
    expect(warnings.map((f) => f.message).join('\n')).toMatch(
      /Connectors is written under Properties of Processor/,
    );
    expect(warnings[0]!.source?.pointer).toBe('/Resources/Processor/Properties/Connectors/OrdersConn');
    const lines = whoCanLines(sam, 'dynamodb:GetItem', arn.table('orders'));
    expect(lines).toContain(`${arn.role('app-ProcessorRole-(unknown-generated-49ac0b)')} indeterminate`);
  });
});

describe('Globals, boundaries, role paths, explicit and conditional roles', () => {
  const queries: [string, string][] = [
    ['dynamodb:GetItem', arn.table('payments')],
    ['dynamodb:GetItem', arn.table('other')],
    ['s3:GetObject', 'arn:aws:s3:::reports/q1.csv'],
    ['s3:GetObject', 'arn:aws:s3:::config-bucket/app.json'],
    ['s3:PutObject', 'arn:aws:s3:::config-bucket/app.json'],
    ['sqs:ReceiveMessage', arn.queue('jobs')],
    ['xray:PutTraceSegments', '*'],
    ['ec2:CreateNetworkInterface', '*'],
  ];

  it('decides as the processed template does', () => {
    expectSameDecisions('globals-roles', queries);
  });

  it('with the condition true the conditional function uses the explicit role, and SAM makes no role for it', () => {
    const { sam } = expectSameDecisions('globals-roles', queries, { parameters: { UseSharedRole: 'true' } });
    expect(sam.roles.some((r) => r.source.logicalId === 'Conditional')).toBe(false);
    const shared = sam.roles.find((r) => r.name === 'shared-exec')!;
    expect(shared.usedBy.map((u) => u.name).sort()).toEqual(['conditional', 'explicit']);
  });

  it('Globals: a resource value overrides, maps merge, IgnoreGlobals removes', () => {
    // "Properties declared in the Globals section ... are inherited by resources"; for maps "the
    // key/value pairs are merged", and a resource value of a primitive "overrides" the global one
    // (SAM specification, "Globals section of the AWS SAM template",
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html).
    const sam = loadFixture('globals-roles.yaml');
    const role = (id: string) => sam.roles.find((r) => r.source.logicalId === id)!;
    expect(role('Defaults').path).toBe('/app/');
    expect(role('Defaults').permissionsBoundary?.policyArn).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/app-boundary`,
    );
    expect(role('Overrides').permissionsBoundary?.policyArn).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/strict-boundary`,
    );
    expect(role('Overrides').tags).toMatchObject({ team: 'platform', owner: 'payments' });
    expect(role('Overrides').managedPolicies.map((p) => p.policyArn)).not.toContain(
      'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
    );
    expect(role('Ignorer').permissionsBoundary).toBeUndefined();
    expect(role('Ignorer').managedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    // The boundary is located where it is written: in Globals.
    expect(role('Defaults').permissionsBoundary?.source.pointer).toBe(
      '/Globals/Function/PermissionsBoundary',
    );
  });

  it('a function with its own Role gets no generated role, and no event source policy', () => {
    // "Role: The ARN of an IAM role to use as this function's execution role. If this property
    // isn't specified, a default role is created" (SAM specification, AWS::Serverless::Function).
    const sam = loadFixture('globals-roles.yaml');
    expect(sam.roles.some((r) => r.source.logicalId === 'Explicit')).toBe(false);
    expect(whoCanLines(sam, 's3:PutObject', 'arn:aws:s3:::config-bucket/app.json')).toEqual([]);
  });
});

describe('More event sources, APIs, an alias, a public function URL and destinations', () => {
  const live = `${arn.fn('handler')}:live`;
  const queries: [string, string][] = [
    ['lambda:InvokeFunction', live],
    ['lambda:InvokeFunction', arn.fn('handler')],
    ['lambda:InvokeFunctionUrl', live],
    ['lambda:InvokeFunction', arn.fn('authorizer')],
    ['sqs:SendMessage', arn.queue('dead-letters')],
    ['sqs:SendMessage', arn.queue('app-HandlerRuleQueue-(unknown-generated-3ce890)')],
    ['sqs:SendMessage', arn.queue('app-HandlerAlertsInQueue-(unknown-generated-9938cc)')],
    ['sqs:SendMessage', arn.queue('app-HandlerEventInvokeConfigOnFailureQueue-(unknown-generated-711ef0)')],
    ['kinesis:GetRecords', `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks`],
    ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mq-creds-AbCdEf`],
    ['codedeploy:CreateDeployment', '*'],
  ];

  it('decides as the processed template does', () => {
    const { sam } = expectSameDecisions('events-more', queries);
    expect(sam.roles.map((r) => r.name).sort()).toEqual([
      'app-AuthFunctionRole-(unknown-generated-6d6f91)',
      'app-CodeDeployServiceRole-(unknown-generated-bbf8f8)',
      'app-HandlerLaterRole-(unknown-generated-12e7f2)',
      'app-HandlerRole-(unknown-generated-a88f53)',
    ]);
  });

  it('AuthType NONE makes the alias public through its URL: anyone, through the function URL', () => {
    // "NONE – Lambda doesn't perform any authentication before invoking your function. However,
    // your function's resource-based policy is always in effect and must grant public access"
    // (AWS Lambda Developer Guide, "Control access to Lambda function URLs",
    // https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html); SAM writes that grant.
    const sam = loadFixture('events-more.yaml');
    // The URL's AuthType (NONE) is the request's lambda:FunctionUrlAuthType, and the invoke
    // permission holds when lambda:InvokedViaFunctionUrl is true: anyone may call the URL, and
    // nobody may invoke the alias directly.
    expect(whoCanLines(sam, 'lambda:InvokeFunctionUrl', live)).toContain('anonymous allow');
    const engineLines = whoCanLines(sam, 'lambda:InvokeFunction', live);
    expect(engineLines).toContain('anonymous allow');
    const anyone = whoCan(compileModel(sam), 'lambda:InvokeFunction', live).entries.find(
      (e) => e.kind === 'anonymous',
    );
    expect(anyone?.channel).toBe('through the function URL');
    expect(engineLines).toContain('events.amazonaws.com conditional');
    expect(engineLines).toContain(
      `scheduler.amazonaws.com -> ${arn.role('app-HandlerLaterRole-(unknown-generated-12e7f2)')} allow`,
    );
  });

  it('the REST API resource policy SAM writes from Auth.ResourcePolicy is the API resource policy', () => {
    const sam = loadFixture('events-more.yaml');
    const unhandled = findingsOf(sam, 'cfn/unhandled-resource-type').map((f) => f.message);
    expect(unhandled.some((m) => m.includes('AWS::ApiGateway::RestApi Api'))).toBe(false);
    // Modelled from the shared description (src/aws/resource-policies.ts); `execute-api:/…` is
    // expanded against the API's ARN as API Gateway does when it saves the policy.
    const api = sam.resources.find((r) => r.kind === 'apigateway-rest-api' && r.source.logicalId === 'Api');
    expect(api?.policy?.statements.length).toBeGreaterThan(0);
    const resources = api!.policy!.statements.flatMap((st) => st.resource?.values ?? []);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(String(r).startsWith(api!.arn)).toBe(true);
  });
});

describe('the processed template itself', () => {
  it('the REST API resource policy is the one derived by hand from Auth.ResourcePolicy', () => {
    // AwsAccountWhitelist: "The AWS accounts to allow"; IpRangeBlacklist: "The IP addresses or
    // address ranges to block" (SAM specification, ResourcePolicyStatement,
    // https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-resourcepolicystatement.html).
    const sam = readTemplateFile(join(SAM_FIXTURES, 'events-more.yaml'));
    const processed = readTemplateFile(join(SAM_FIXTURES, 'events-more.processed.yaml'));
    const expansion = expandServerless(sam.value as Record<string, unknown>, {
      stackName: 'app',
      account: ACCOUNT,
      region: REGION,
      partition: 'aws',
    });
    // SAM appends them to the x-amazon-apigateway-policy of the OpenAPI body
    // (samtranslator/swagger/swagger.py `add_resource_policy`).
    const policyOf = (t: unknown) =>
      JSON.parse(
        JSON.stringify(
          (t as { Resources: Record<string, { Properties: { Body: Record<string, unknown> } }> }).Resources
            .Api!.Properties.Body['x-amazon-apigateway-policy'],
        ),
      );
    expect(policyOf(expansion.template)).toEqual(policyOf(processed.value));
  });

  it('non-SAM resources pass unchanged; the SAM transform is removed, other transforms kept', () => {
    const t = readTemplateFile(join(SAM_FIXTURES, 'function-events.yaml')).value as Record<string, unknown>;
    const { template } = expandServerless(
      { ...t, Transform: ['AWS::Serverless-2016-10-31', 'MyMacro'] },
      { stackName: 'app', account: ACCOUNT, region: REGION, partition: 'aws' },
    );
    const resources = template.Resources as Record<string, unknown>;
    const original = t.Resources as Record<string, unknown>;
    expect(resources.OrderQueue).toBe(original.OrderQueue);
    expect(template.Transform).toBe('MyMacro');
    expect(template.Globals).toBeUndefined();
  });

  it('in the aws-us-gov partition the X-Ray policy is AWSXRayDaemonWriteAccess', () => {
    // SAM uses the older AWSXrayWriteOnlyAccess in the aws partition and AWSXRayDaemonWriteAccess
    // in the others (serverless-application-model, samtranslator/model/xray_utils.py).
    const gov = loadFixture('function-events.yaml', { partition: 'aws-us-gov' });
    const role = gov.roles.find((r) => r.source.logicalId === 'OrderFunction')!;
    expect(role.managedPolicies.map((p) => p.policyArn)).toContain(
      'arn:aws-us-gov:iam::aws:policy/AWSXRayDaemonWriteAccess',
    );
  });
});
