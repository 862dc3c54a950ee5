// Tests of CDK constructs and tokens as model references (src/testing/cdk-references.ts, read by
// src/requests/app-values.ts, app-references.ts and references.ts): in the matchers, a principal
// may be a role, user or group construct, a function (its execution role) or a token such as
// `role.roleArn`; a resource may be a bucket, table, queue, topic, key or function construct (its
// ARN), a token (`bucket.arnForObjects('reports/*')`) or a pair `[construct, 'suffix']`. Every
// construct path names its element (tables included); a path that names nothing gets no made-up
// suggestions. Real aws-cdk-lib constructs, synthesized in process.
//
// Rules the decisions below rely on:
// - a Lambda function acts with its execution role ("A Lambda function's execution role is an
//   AWS Identity and Access Management (IAM) role that grants the function permission to access
//   AWS services and resources"):
//   https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
// - what `Ref` and `Fn::GetAtt ... Arn` return for each type (the "Return values" of its page in
//   the CloudFormation Template Reference), e.g. for AWS::SQS::Queue "When you pass the logical ID
//   of this resource to the intrinsic Ref function, Ref returns the queue URL":
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html

import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, StreamViewType, Table, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  AccountPrincipal,
  Group,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
  User,
} from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import '../src/testing/vitest.js';
import type { Model } from '../src/model/types.js';
import {
  resolvePrincipalRef,
  resolveResourceRef,
  UnknownReferenceError,
} from '../src/requests/references.js';
import { fromApp, fromStack } from '../src/testing/cdk.js';

const env = { account: '111122223333', region: 'eu-west-1' };

/** A data stack (bucket, table, key, log group) and a service stack (role, function, queue, topic, user, group). */
function buildApp() {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
  });
  const data = new Stack(app, 'DataStack', { env });
  const reports = new Bucket(data, 'Reports');
  // With a stream: the stream is an element of the same template resource; the path names the table.
  const orders = new Table(data, 'Orders', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    stream: StreamViewType.NEW_IMAGE,
  });
  const key = new Key(data, 'DataKey');
  const logs = new LogGroup(data, 'AuditLogs');
  const svc = new Stack(app, 'SvcStack', { env });
  const reader = new Role(svc, 'Reader', { assumedBy: new ServicePrincipal('ec2.amazonaws.com') });
  reports.grantRead(reader, 'reports/*');
  orders.grantReadData(reader);
  const handler = new LambdaFunction(svc, 'Handler', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {}'),
  });
  const queue = new Queue(svc, 'Jobs');
  queue.grantSendMessages(handler);
  const topic = new Topic(svc, 'Alerts');
  const auditors = new Group(svc, 'Auditors');
  const alice = new User(svc, 'Alice', { groups: [auditors] });
  topic.grantPublish(auditors);
  key.grantDecrypt(alice);
  return { app, data, svc, reports, orders, key, logs, reader, handler, queue, topic, auditors, alice };
}

const built = buildApp();
const model: Model = fromApp(built.app);

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the assertion did not fail');
}

describe('constructs and tokens as principals', () => {
  it('a role construct and its roleArn token name the role, labelled by construct path', () => {
    const role = model.roles.find((r) => r.source.constructPath === 'SvcStack/Reader/Resource')!;
    for (const ref of [built.reader, built.reader.roleArn, built.reader.roleName]) {
      const r = resolvePrincipalRef(model, ref);
      expect(r.principals.map((p) => p.principal)).toEqual([role.arn]);
      expect(r.ref).toBe('SvcStack/Reader');
    }
  });

  it('a function construct is its execution role', () => {
    const r = resolvePrincipalRef(model, built.handler);
    expect(r.kind).toBe('role');
    expect(r.principals[0]!.element?.source.constructPath).toBe('SvcStack/Handler/ServiceRole/Resource');
    expect(model.roles.map((x) => x.arn)).toContain(r.principals[0]!.principal);
  });

  it('a user construct is the user; a group construct stands for its members', () => {
    const user = model.users.find((u) => u.source.constructPath === 'SvcStack/Alice/Resource')!;
    expect(resolvePrincipalRef(model, built.alice).principals.map((p) => p.principal)).toEqual([user.arn]);
    const group = resolvePrincipalRef(model, built.auditors);
    expect(group.kind).toBe('group');
    expect(group.principals.map((p) => p.principal)).toEqual([user.arn]);
  });

  it('a construct that is no principal and has no execution role is an error that says so', () => {
    expect(() => resolvePrincipalRef(model, built.orders)).toThrow(
      /DataStack\/Orders is a resource .*not a user, role or group/,
    );
    expect(() => resolvePrincipalRef(model, built.reports.bucketArn)).toThrow(UnknownReferenceError);
  });

  it('something that is neither a string nor a construct is an error, not a TypeError deep inside', () => {
    expect(() => resolvePrincipalRef(model, { roleArn: 42 })).toThrow(
      /a principal reference is a string .* or a CDK construct, not an object/,
    );
    expect(() => resolvePrincipalRef(model, 7 as unknown as string)).toThrow(UnknownReferenceError);
  });
});

describe('constructs and tokens as resources', () => {
  const arnOf = (path: string) =>
    model.resources.find((r) => r.source.constructPath === `${path}/Resource`)!.arn;

  it('each L2 construct is the ARN of the resource it creates', () => {
    const cases: [object, string][] = [
      [built.reports, 'DataStack/Reports'],
      [built.orders, 'DataStack/Orders'],
      [built.key, 'DataStack/DataKey'],
      [built.handler, 'SvcStack/Handler'],
      [built.queue, 'SvcStack/Jobs'],
      [built.topic, 'SvcStack/Alerts'],
    ];
    for (const [construct, path] of cases) {
      const r = resolveResourceRef(model, construct);
      expect(r.arn).toBe(arnOf(path));
      expect(r.ref).toBe(path);
      expect(r.element).toBeDefined();
    }
    expect(arnOf('DataStack/Orders')).toMatch(/^arn:aws:dynamodb:eu-west-1:111122223333:table\//);
  });

  it('tokens: an ARN attribute, a Ref (a queue URL), and a join with a suffix', () => {
    expect(resolveResourceRef(model, built.queue.queueUrl).arn).toBe(arnOf('SvcStack/Jobs'));
    expect(resolveResourceRef(model, built.orders.tableArn).arn).toBe(arnOf('DataStack/Orders'));
    const objects = resolveResourceRef(model, built.reports.arnForObjects('reports/*'));
    expect(objects.arn).toBe(`${arnOf('DataStack/Reports')}/reports/*`);
    expect(objects.ref).toBe('DataStack/Reports/reports/*');
  });

  it('a pair [construct, suffix] is the resource with the suffix', () => {
    const r = resolveResourceRef(model, [built.reports, 'reports/2024.csv']);
    expect(r.arn).toBe(`${arnOf('DataStack/Reports')}/reports/2024.csv`);
    expect(r.suffix).toBe('reports/2024.csv');
  });

  it('every construct path names its resource, tables included (not their streams)', () => {
    expect(model.resources.some((r) => r.kind === 'dynamodb-stream')).toBe(true);
    for (const path of [
      'DataStack/Orders',
      'DataStack/Reports',
      'DataStack/DataKey',
      'SvcStack/Jobs',
      'SvcStack/Handler',
    ]) {
      expect(resolveResourceRef(model, path).arn).toBe(arnOf(path));
    }
    expect(resolveResourceRef(model, 'DataStack/Reports/reports/x').arn).toBe(
      `${arnOf('DataStack/Reports')}/reports/x`,
    );
  });

  it('a path that names nothing gets no made-up suggestions; it lists what the stack holds', () => {
    const message = failureOf(() => resolveResourceRef(model, 'DataStack/Ordrs'));
    expect(message).toContain('DataStack/Orders');
    const none = failureOf(() => resolveResourceRef(model, 'DataStack/Nothing/Here'));
    // No path below another element with the rest appended (`DataStack/Orders/Nothing/Here`).
    expect(none).not.toMatch(/DataStack\/\w+\/Nothing/);
  });

  it('a construct of a type iamspec does not model is an error that says why, never a guess', () => {
    expect(() => resolveResourceRef(model, built.logs)).toThrow(/DataStack\/AuditLogs.* is not in the model/);
  });

  it('a stack whose cross-stack imports cannot resolve: the indeterminate decision suggests fromApp', () => {
    const svcOnly = fromStack(built.svc);
    const table = 'arn:aws:dynamodb:eu-west-1:111122223333:table/any';
    const message = failureOf(() =>
      expect(svcOnly).toAllow({ principal: built.reader, action: 'dynamodb:GetItem', resource: table }),
    );
    expect(message).toMatch(/indeterminate/i);
    expect(message).toMatch(/CDK cross-stack reference to stack DataStack.*fromApp/);
    expect(svcOnly.findings.find((f) => f.code === 'cfn/import-not-found')?.message).toContain('fromApp');
  });

  it('a construct of another stack than the one modelled suggests fromApp', () => {
    const svcOnly = fromStack(built.svc);
    expect(() => resolveResourceRef(svcOnly, built.orders)).toThrow(/does not hold stack DataStack.*fromApp/);
  });
});

describe('the matchers take constructs and tokens', () => {
  it('toAllow / toDeny with constructs, tokens and pairs', () => {
    expect(model).toAllow({
      principal: built.reader,
      action: 's3:GetObject',
      resource: [built.reports, 'reports/a.csv'],
    });
    expect(model).toDeny({
      principal: built.reader.roleArn,
      action: 's3:GetObject',
      resource: [built.reports, 'other/a.csv'],
    });
    expect(model).toAllow({ principal: built.reader, action: 'dynamodb:GetItem', resource: built.orders });
    expect(model).toDeny({
      principal: built.reader,
      action: 'dynamodb:PutItem',
      resource: built.orders.tableArn,
    });
    expect(model).toAllow({ principal: built.handler, action: 'sqs:SendMessage', resource: built.queue });
    expect(model).toAllow({ principal: built.auditors, action: 'sns:Publish', resource: built.topic });
    expect(model).toAllow({ principal: built.alice, action: 'kms:Decrypt', resource: built.key });
    expect(model).toDeny({ principal: built.alice, action: 'kms:Encrypt', resource: built.key });
  });

  it('failure messages name constructs by their paths', () => {
    const message = failureOf(() =>
      expect(model).toAllow({ principal: built.handler, action: 'sqs:DeleteQueue', resource: built.queue }),
    );
    expect(message).toContain('SvcStack/Handler/ServiceRole');
    expect(message).toContain('SvcStack/Jobs');
  });

  it('toOnlyAllow takes a construct, and entries with lists of actions and resources', () => {
    expect(model).toOnlyAllow(built.handler, [
      {
        action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resource: built.queue,
      },
      // The execution role's basic policy (CloudWatch Logs).
      { action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resource: '*' },
    ]);
    const message = failureOf(() =>
      expect(model).toOnlyAllow(built.handler, [{ action: 'sqs:SendMessage', resource: built.queue }]),
    );
    expect(message).toMatch(/sqs:GetQueueAttributes/);
  });

  it('toSatisfySpec takes a spec document holding tokens (and token + suffix pairs)', () => {
    expect(model).toSatisfySpec({
      version: 1,
      expect: [
        {
          id: 'reader-reads-reports',
          principal: built.reader.roleArn,
          can: [{ action: 's3:GetObject', resource: [built.reports.bucketArn, 'reports/x'] }],
          cannot: [{ action: 's3:PutObject', resource: built.reports.arnForObjects('reports/x') }],
        },
        {
          id: 'only-reader-reads-orders',
          resource: built.orders.tableArn,
          action: ['dynamodb:GetItem', 'dynamodb:Query'],
          onlyPrincipals: [built.reader.roleArn],
        },
      ],
    });
  });
});

describe('DynamoDB global tables (TableV2)', () => {
  // "You must specify a replica for the region where you deploy the stack" (each replica has its
  // own ResourcePolicy):
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
  it('a TableV2 is a table of the model in each replica region, with its replica policy', () => {
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:disable-stack-trace': true },
    });
    const stack = new Stack(app, 'Global', { env });
    const partner = new AccountPrincipal('444455556666');
    const table = new TableV2(stack, 'Orders', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      replicas: [{ region: 'us-east-1' }],
      resourcePolicy: new PolicyDocument({
        statements: [
          new PolicyStatement({ principals: [partner], actions: ['dynamodb:GetItem'], resources: ['*'] }),
        ],
      }),
    });
    const reader = new Role(stack, 'Reader', { assumedBy: new ServicePrincipal('ec2.amazonaws.com') });
    table.grantReadData(reader);
    const m = fromApp(app);
    const tables = m.resources.filter((r) => r.kind === 'dynamodb-table');
    expect(tables.map((t) => t.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    const home = resolveResourceRef(m, 'Global/Orders');
    expect(home.arn).toMatch(/^arn:aws:dynamodb:eu-west-1:111122223333:table\//);
    expect(resolveResourceRef(m, table).arn).toBe(home.arn);
    expect(m).toAllow({ principal: reader, action: 'dynamodb:Query', resource: table });
    // The stack region's table carries the policy; cross-account access needs it.
    expect(m).toAllow({
      principal: 'arn:aws:iam::444455556666:root',
      action: 'dynamodb:GetItem',
      resource: table,
    });
    expect(m).toDeny({
      principal: 'arn:aws:iam::444455556666:root',
      action: 'dynamodb:PutItem',
      resource: table,
    });
  });
});
