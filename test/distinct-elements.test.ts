// Two elements the inputs create are never the same resource: a pattern that is exactly one
// element's ARN (a `!GetAtt X.Arn`, a CDK grant, Terraform `aws_dynamodb_table.a.arn`) names that
// element and no other element of the inputs, even when both names are unknown
// (src/engine/unknown-names.ts, `CreatedElements`). It still may name a resource outside the inputs,
// and a request spelling a concrete name may still be on the element (src/engine/name-worlds.ts).
// AWS pages the rule comes from:
// - AWS General Reference, "Amazon Resource Names (ARNs)": "Amazon Resource Names (ARNs) uniquely
//   identify AWS resources."
// - Amazon DynamoDB Developer Guide, "Quotas in Amazon DynamoDB", table names: "table names must be
//   unique within each Region" (for an account); CreateTable TableName: "The name of the table to
//   create".
// - Amazon SQS Developer Guide, "Amazon SQS queue quotas" / CreateQueue QueueName: "A queue name can
//   have up to 80 characters ... Queue URLs and names are case-sensitive"; a queue URL is unique to
//   its account and Region.
// - IAM User Guide, "IAM object quotas" / "IAM identifiers": "Names of users, groups, roles,
//   policies, instance profiles ... must be unique within the account", "You cannot have two roles
//   with the same name, even with different paths".
// - CloudFormation, "Name type": "If you don't specify a name, AWS CloudFormation generates a
//   unique physical ID" (each resource its own name).
// The rule is kept only where it is sound: both elements created for certain (not a stand-in, not
// imported, no `presence` in doubt), different ARN texts (one name written twice is one name), the
// same number of `/` and `:` in both ARNs; and not when names are compared ignoring case.

import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, Table, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/index.js';
import { compileModel } from '../src/engine/index.js';
import { CreatedElements } from '../src/model/created-elements.js';
import { matchUnknownName, patternTokens } from '../src/engine/unknown-names.js';
import { partlyKnownName } from '../src/model/stand-ins.js';
import type { MatrixJson } from '../src/analysis/types.js';
import type { Model } from '../src/model/types.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { fromApp } from '../src/testing/cdk.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { verdict } from './helpers/engine-fixtures.js';
import { cfnUser } from './helpers/cfn-templates.js';

const T = 'arn:aws:dynamodb:eu-west-1:111122223333:table/';
const A = `${T}(unknown-generated-A1)`;
const B = `${T}(unknown-generated-B1)`;

function match(pattern: string, value: string, elements?: CreatedElements) {
  return matchUnknownName(patternTokens([pattern]), value, compileArnPattern(pattern).test(value), elements);
}

describe('matchUnknownName with the elements of the inputs', () => {
  const both = new CreatedElements([A, B]);

  it("element A's exact ARN names A (YES) and not B (NO); without the rule B was MAYBE", () => {
    expect(match(A, A, both)).toBe(1);
    expect(match(A, B, both)).toBe(0);
    expect(match(A, B)).toBe(2);
    // something inside B (an index, a stream): its name is B's
    expect(match(`${A}/index/*`, `${B}/index/byDate`, both)).toBe(0);
    expect(match(`${A}/index/*`, `${A}/index/byDate`, both)).toBe(1);
  });

  it('a known-named element of the inputs is not the unknown-named one either', () => {
    const orders = `${T}orders`;
    expect(match(orders, B, new CreatedElements([orders, B]))).toBe(0);
    expect(match(orders, B, new CreatedElements([B]))).toBe(2);
  });

  it('stays MAYBE when the pattern may name more than A, or B is not an element created for certain', () => {
    // `*` after A's name: B's name may be A's and more
    expect(match(`${A}*`, B, both)).toBe(2);
    expect(match(`${T}(unknown-generated-A1)-x`, B, both)).toBe(2);
    // B not among the elements (a stand-in, imported, maybe present): it may be any resource
    expect(match(A, B, new CreatedElements([A]))).toBe(2);
    // nor A: the text may be any name then
    expect(match(A, B, new CreatedElements([B]))).toBe(2);
  });

  it('one name written twice (two resources from one variable) is one name: it names both', () => {
    const x = `${T}(unknown-var.x)`;
    expect(match(x, x, new CreatedElements([x]))).toBe(1);
  });

  it('elements whose unknown parts share a value are still two resources', () => {
    const a = `${T}(unknown-var.prefix)-orders`;
    const b = `${T}orders-(unknown-var.prefix)`;
    expect(match(a, b)).toBe(2);
    expect(match(a, b, new CreatedElements([a, b]))).toBe(0);
  });

  it('accounts and Regions: known ones differ as text; unknown ones would be equal with equal ARNs', () => {
    const other = 'arn:aws:dynamodb:eu-west-1:444455556666:table/(unknown-generated-B1)';
    expect(match(A, other)).toBe(0);
    const a = 'arn:aws:dynamodb:eu-west-1:(unknown-account-1):table/(unknown-generated-A1)';
    const b = 'arn:aws:dynamodb:eu-west-1:(unknown-account-2):table/(unknown-generated-B1)';
    expect(match(a, b)).toBe(2);
    expect(match(a, b, new CreatedElements([a, b]))).toBe(0);
  });

  it('ARNs with different counts of `/` and `:` are not compared (one may be inside the other)', () => {
    const bucket = 'arn:aws:s3:::(unknown-generated-A1)';
    const obj = 'arn:aws:s3:::(unknown-generated-B1)/k';
    // an element inside another (an object of a bucket): B's name may be A's, the object A's
    expect(match(`${bucket}/*`, obj, new CreatedElements([bucket, obj]))).toBe(2);
    // the same count: two buckets
    const other = 'arn:aws:s3:::(unknown-generated-B1)';
    expect(match(`${bucket}/*`, `${other}/k`, new CreatedElements([bucket, other]))).toBe(0);
  });

  it('NO holds for every pair of different names the two elements could have (property)', () => {
    const PREFIX = `arn:aws:iam::${ACCOUNT}:role/`;
    const known = fc.constantFrom('a', 'b', '-', 'r', '/', 'a/');
    const name = fc.array(fc.oneof(known, fc.constant(undefined)), { minLength: 1, maxLength: 3 });
    const fill = fc.array(fc.constantFrom('', 'a', 'b', '-', 'ab', 'r-'), { minLength: 3, maxLength: 3 });
    const suffix = fc.constantFrom('', '/*', '/x', '*', '?');
    fc.assert(
      fc.property(
        name,
        name,
        suffix,
        fc.array(fc.tuple(fill, fill), { maxLength: 6 }),
        (pa, pb, s, fills) => {
          const a = PREFIX + partlyKnownName(pa, 'A');
          const b = PREFIX + partlyKnownName(pb, 'B');
          if (a === b) return;
          const m = compileArnPattern(a + s);
          const r = matchUnknownName(patternTokens([a + s]), b, m.test(b), new CreatedElements([a, b]));
          for (const [fa, fb] of fills) {
            let i = 0;
            let j = 0;
            const ca = PREFIX + pa.map((x) => x ?? fa[i++]!).join('');
            const cb = PREFIX + pb.map((x) => x ?? fb[j++]!).join('');
            if (ca === cb) continue; // not two resources: the deployment fails
            const filled = compileArnPattern(ca + s);
            if (r === 0) expect([a + s, b, ca, cb, filled.test(cb)]).toEqual([a + s, b, ca, cb, false]);
            if (r === 1) expect(filled.test(cb)).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('CreatedElements.of: the elements created for certain', () => {
  const template = `Conditions:
  WithB: !Equals [!Ref UseB, 'yes']
Parameters:
  UseB: {Type: String}
Resources:
  A: {Type: AWS::SQS::Queue}
  B: {Type: AWS::SQS::Queue}
  MaybeB: {Type: AWS::SQS::Queue, Condition: WithB}
${cfnUser('Sender', 'sender', 'send', [`{Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt A.Arn}`])}`;
  const m = modelOf(template, { stackName: undefined });
  const queue = (id: string) => m.resources.find((r) => r.source.logicalId === id)!.arn;

  it('generated-named queues: the one granted is allowed, another denied, a maybe-present one open', () => {
    const e = compileModel(m);
    const user = m.users[0]!.arn;
    expect(queue('A')).toContain('(unknown-generated-');
    expect(verdict(e, user, 'sqs:SendMessage', queue('A'))).toBe('allow');
    expect(verdict(e, user, 'sqs:SendMessage', queue('B'))).toBe('deny');
    // MaybeB might not exist: were it not created, its name may be A's
    expect(verdict(e, user, 'sqs:SendMessage', queue('MaybeB'))).toBe('indeterminate');
  });

  it('a condition naming one topic (aws:SourceArn) names no other topic of the inputs', () => {
    const topics = modelOf(
      `Resources:
  Events: {Type: AWS::SNS::Topic}
  Other: {Type: AWS::SNS::Topic}
  Jobs: {Type: AWS::SQS::Queue, Properties: {QueueName: jobs}}
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Jobs]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: sns.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Jobs.Arn
            Condition: {ArnEquals: {'aws:SourceArn': !Ref Events}}
`,
      { stackName: undefined },
    );
    const topic = (id: string) => topics.resources.find((r) => r.source.logicalId === id)!.arn;
    const e = compileModel(topics);
    const jobs = topics.resources.find((r) => r.source.logicalId === 'Jobs')!.arn;
    const from = (id: string) =>
      verdict(e, 'sns.amazonaws.com', 'sqs:SendMessage', jobs, { context: { 'aws:SourceArn': topic(id) } });
    expect(topic('Other')).toContain('(unknown-generated-');
    expect(from('Events')).toBe('allow');
    expect(from('Other')).toBe('deny');
  });

  it('a stand-in and an imported principal are not among them', () => {
    const stood: Model = {
      ...m,
      resources: m.resources.map((r) => (r.source.logicalId === 'B' ? { ...r, standIn: true } : r)),
    };
    const els = CreatedElements.of(stood);
    expect(match(queue('A'), queue('B'), els)).toBe(2);
    expect(match(queue('A'), queue('B'), CreatedElements.of(m))).toBe(0);
    const role = modelOf(
      `Resources:
  R1: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Statement: []}}}
  R2: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Statement: []}}}
`,
      { stackName: undefined },
    );
    const [r1, r2] = role.roles.map((r) => r.arn) as [string, string];
    expect(match(r1, r2, CreatedElements.of(role))).toBe(0);
    const imported: Model = {
      ...role,
      roles: role.roles.map((r) => (r.arn === r2 ? { ...r, imported: r.source as never } : r)),
    };
    expect(match(r1, r2, CreatedElements.of(imported))).toBe(2);
  });
});

// An app of the shape CDK synthesizes: generated names everywhere (no tableName, queueName,
// roleName), a Worker granted on one of each kind.
function twinsApp(): App {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
  });
  const stack = new Stack(app, 'Twins', { env: { account: '111122223333', region: 'eu-west-1' } });
  const key = { partitionKey: { name: 'pk', type: AttributeType.STRING } };
  const ordersV2 = new TableV2(stack, 'OrdersV2', key);
  new TableV2(stack, 'AuditV2', key);
  const orders = new Table(stack, 'Orders', key);
  new Table(stack, 'Audit', key);
  const jobs = new Queue(stack, 'Jobs');
  new Queue(stack, 'DeadLetters');
  const deployer = new Role(stack, 'Deployer', {
    assumedBy: new ServicePrincipal('cloudformation.amazonaws.com'),
  });
  new Role(stack, 'Admin', { assumedBy: new ServicePrincipal('ec2.amazonaws.com') });
  const worker = new Role(stack, 'Worker', { assumedBy: new ServicePrincipal('ec2.amazonaws.com') });
  ordersV2.grantWriteData(worker);
  orders.grantWriteData(worker);
  jobs.grantSendMessages(worker);
  deployer.grantPassRole(worker);
  return app;
}

describe('a CDK app with two generated-named tables, queues and roles', () => {
  const app = twinsApp();
  const model = fromApp(app);
  const engine = compileModel(model);
  const arnOf = (path: string) =>
    [...model.resources, ...model.roles].find((e) => e.source.constructPath === `Twins/${path}/Resource`)!
      .arn;
  const worker = arnOf('Worker');

  it('the Worker writes the table, queue and role it is granted, and no other', () => {
    const cases = [
      ['dynamodb:PutItem', 'OrdersV2', 'AuditV2'],
      ['dynamodb:PutItem', 'Orders', 'Audit'],
      ['dynamodb:PutItem', 'OrdersV2', 'Audit'],
      ['dynamodb:PutItem', 'Orders', 'AuditV2'],
      ['sqs:SendMessage', 'Jobs', 'DeadLetters'],
      ['iam:PassRole', 'Deployer', 'Admin'],
    ] as const;
    for (const [, , other] of cases) expect(arnOf(other)).toContain('(unknown-generated-');
    expect(cases.map(([action, granted]) => verdict(engine, worker, action, arnOf(granted)))).toEqual(
      cases.map(() => 'allow'),
    );
    // Without the rule the GlobalTables (TableV2: their generated names are wholly unknown) were
    // indeterminate: AuditV2's name might have been OrdersV2's, and Orders' (the grant on OrdersV2
    // names any table). The others differ in their known text (`Twins-Orders…` / `Twins-Audit…`).
    expect(cases.map(([action, , other]) => verdict(engine, worker, action, arnOf(other)))).toEqual(
      cases.map(() => 'deny'),
    );
  });

  it('a table outside the inputs, named by the request, may still be the granted one (name worlds)', () => {
    const outside = 'arn:aws:dynamodb:eu-west-1:111122223333:table/legacy-orders';
    expect(verdict(engine, worker, 'dynamodb:PutItem', outside)).toBe('indeterminate');
  });

  it('matrix (roles are rows, not columns): the Worker writes what it is granted, nothing else', () => {
    const matrix = buildMatrix(engine);
    const p = matrix.principals.findIndex((x) => x.arn === worker);
    const write = matrix.levels.indexOf('Write');
    const access = (path: string) =>
      matrix.cells.at(
        p,
        matrix.resources.findIndex((r) => r.arn === arnOf(path)),
      )[write]!.access;
    for (const granted of ['OrdersV2', 'Orders', 'Jobs'])
      expect([granted, access(granted)]).toEqual([granted, 'allow']);
    for (const other of ['AuditV2', 'Audit', 'DeadLetters'])
      expect([other, access(other)]).toEqual([other, 'deny']);
  });

  it('the CLI: matrix, who-can and check say the same', async () => {
    const dir = app.synth().directory;
    const matrix = JSON.parse((await runCli(['matrix', dir, '--format', 'json'])).stdout) as MatrixJson;
    const p = matrix.principals.findIndex((x) => x.arn === worker);
    const write = matrix.levels.indexOf('Write');
    const cell = (path: string) =>
      matrix.cells[p]![matrix.resources.findIndex((r) => r.arn === arnOf(path))]![write]!;
    expect(cell('OrdersV2').access).toBe('allow');
    expect(cell('AuditV2').access).toBe('deny');
    const who = await runCli(['who-can', dir, '--action', 'dynamodb:PutItem', '--resource', 'Twins/AuditV2']);
    expect(who.code).toBe(0);
    expect(who.stdout).not.toContain('Twins/Worker');
    const whoGranted = await runCli([
      'who-can',
      dir,
      '--action',
      'dynamodb:PutItem',
      '--resource',
      'Twins/OrdersV2',
    ]);
    expect(whoGranted.stdout).toContain('Twins/Worker');
    const spec = await tempJson(
      'spec.yaml',
      `version: 1
expect:
  - id: worker-writes-its-own
    principal: Twins/Worker
    can:
      - { action: dynamodb:PutItem, resource: Twins/OrdersV2 }
      - { action: sqs:SendMessage, resource: Twins/Jobs }
      - { action: iam:PassRole, resource: Twins/Deployer }
    cannot:
      - { action: dynamodb:PutItem, resource: Twins/AuditV2 }
      - { action: dynamodb:PutItem, resource: Twins/Audit }
      - { action: sqs:SendMessage, resource: Twins/DeadLetters }
      - { action: iam:PassRole, resource: Twins/Admin }
`,
    );
    const check = await runCli(['check', dir, '--spec', spec]);
    expect([check.code, check.stdout]).toEqual([0, expect.stringContaining('worker-writes-its-own')]);
  });
});
