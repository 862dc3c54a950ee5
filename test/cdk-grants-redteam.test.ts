// Red-team of AWS CDK L2 constructs and grants: CDK apps using the common access patterns are
// synthesized in process (src/testing/cdk.ts fromStack), loaded, and each pattern's intended
// request and a near miss are decided and compared with what AWS decides for the synthesized
// template. `any` is the decision over every request context (analysis/free-decision.ts:
// allow / conditional / deny / indeterminate), `exact` the engine's decision for one context.
// The one pattern found wrong (CloudWatch Logs resource policies, LogGroup.grantWrite) has its
// reproduction tests in test/logs-resource-policy.test.ts; here it is checked inside a CDK app
// with S3 notifications, whose deploy-time handler it used to make indeterminate.

import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sm from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { fromApp, fromStack } from '../src/testing/cdk.js';

const A = '111122223333';
const B = '444455556666';
const OTHER = '999988887777';
const ORG = 'o-abc123def4';
const REGION = 'us-west-2';
const quietApp = () =>
  new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:disable-stack-trace': true } });

function synth(build: (stack: Stack) => void): { model: Model; engine: Engine } {
  const stack = new Stack(quietApp(), 'S', { env: { account: A, region: REGION } });
  build(stack);
  const model = fromStack(stack);
  return { model, engine: compileModel(model) };
}

const role = (name: string, account = A) => `arn:aws:iam::${account}:role/${name}`;
const user = (name: string) => `arn:aws:iam::${A}:user/${name}`;
const svc = (s: string) => new iam.ServicePrincipal(s);
const ec2 = () => svc('ec2.amazonaws.com');
const inlineFn = (s: Stack, id: string, functionName?: string) =>
  new lambda.Function(s, id, {
    ...(functionName ? { functionName } : {}),
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
  });

function deciders(engine: Engine) {
  return {
    any: (principal: string, action: string, resource: string) =>
      decideAnyContext(engine, { principal, action, resource }).access,
    exact: (principal: string, action: string, resource: string, context: Record<string, string>) =>
      engine.decide({ principal, action, resource, context }).decision,
  };
}

describe('S3 bucket grants', () => {
  const { engine } = synth((s) => {
    const b = new s3.Bucket(s, 'B', { bucketName: 'data' });
    b.grantRead(new iam.Role(s, 'R', { roleName: 'R', assumedBy: ec2() }));
    const u = new iam.User(s, 'U', { userName: 'u' });
    b.grantReadWrite(u);
    const g = new iam.Group(s, 'G', { groupName: 'g' });
    new iam.User(s, 'U2', { userName: 'u2', groups: [g] });
    b.grantPut(g);
    b.grantDelete(new iam.Role(s, 'D', { roleName: 'D', assumedBy: svc('lambda.amazonaws.com') }));
    b.grantRead(new iam.AccountPrincipal(B));
    b.grantRead(new iam.ArnPrincipal(role('Ext', B)));
    b.grantPut(svc('logs.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': A } }));
    b.grantRead(new iam.OrganizationPrincipal(ORG));
  });
  const { any, exact } = deciders(engine);
  const OBJ = 'arn:aws:s3:::data/k';

  it('role / user / group grants: the granted actions only', () => {
    expect(any(role('R'), 's3:GetObject', OBJ)).toBe('allow');
    expect(any(role('R'), 's3:PutObject', OBJ)).toBe('deny');
    expect(any(user('u'), 's3:PutObject', OBJ)).toBe('allow');
    expect(any(user('u'), 's3:DeleteObject', OBJ)).toBe('allow');
    expect(any(user('u2'), 's3:PutObject', OBJ)).toBe('allow'); // through group g
    expect(any(role('D'), 's3:DeleteObject', OBJ)).toBe('allow');
  });

  it("a same-account principal without a grant: only the organization statement's condition lets it in", () => {
    // OrganizationPrincipal writes Principal "*" with aws:PrincipalOrgID: in the organization,
    // the bucket policy alone grants a principal of the bucket's account.
    expect(any(role('D'), 's3:GetObject', OBJ)).toBe('conditional');
    expect(exact(role('D'), 's3:GetObject', OBJ, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).toBe('deny');
  });

  it('AccountPrincipal / ArnPrincipal of another account: the bucket policy grants read only', () => {
    expect(any(role('Other', B), 's3:GetObject', OBJ)).toBe('allow');
    expect(any(role('Other', B), 's3:PutObject', OBJ)).toBe('deny');
    expect(any(role('Ext', B), 's3:GetObject', OBJ)).toBe('allow');
  });

  it('ServicePrincipal with conditions: the condition decides', () => {
    expect(any('logs.amazonaws.com', 's3:PutObject', OBJ)).toBe('conditional');
    expect(exact('logs.amazonaws.com', 's3:PutObject', OBJ, { 'aws:SourceAccount': A })).toBe('allow');
    expect(exact('logs.amazonaws.com', 's3:PutObject', OBJ, { 'aws:SourceAccount': B })).toBe('deny');
    expect(any('logs.amazonaws.com', 's3:GetObject', OBJ)).toBe('deny');
  });

  it('OrganizationPrincipal: conditional on aws:PrincipalOrgID; anonymous never', () => {
    expect(any(role('X', OTHER), 's3:GetObject', OBJ)).toBe('conditional');
    expect(exact(role('X', OTHER), 's3:GetObject', OBJ, { 'aws:PrincipalOrgID': ORG })).toBe('allow');
    expect(any('anonymous', 's3:GetObject', OBJ)).toBe('deny');
  });
});

describe('S3: prefixes, KMS encryption, composite and conditional principals, public', () => {
  const { model, engine } = synth((s) => {
    const r = new iam.Role(s, 'R', { roleName: 'R', assumedBy: ec2() });
    const k = new kms.Key(s, 'K');
    const b = new s3.Bucket(s, 'B', { bucketName: 'enc', encryptionKey: k });
    b.grantRead(new iam.AccountPrincipal(B));
    b.grantRead(r, 'reports/*');
    const b2 = new s3.Bucket(s, 'B2', { bucketName: 'bb2' });
    b2.grantRead(new iam.CompositePrincipal(new iam.AccountPrincipal(B), svc('logs.amazonaws.com')));
    b2.grantWrite(
      new iam.ArnPrincipal(role('W', B)).withConditions({
        StringLike: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      }),
    );
    const pub = new s3.Bucket(s, 'Pub', {
      bucketName: 'pub',
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS,
    });
    pub.grantPublicAccess();
  });
  const { any, exact } = deciders(engine);
  const key = model.resources.find((r) => r.kind === 'kms-key')!.arn;

  it('objectsKeyPattern: the prefix only', () => {
    expect(any(role('R'), 's3:GetObject', 'arn:aws:s3:::enc/reports/a')).toBe('allow');
    expect(any(role('R'), 's3:GetObject', 'arn:aws:s3:::enc/other/a')).toBe('deny');
  });

  it("a KMS-encrypted bucket's grant reaches its key: Decrypt, not Encrypt", () => {
    expect(any(role('R'), 'kms:Decrypt', key)).toBe('allow');
    expect(any(role('X', B), 's3:GetObject', 'arn:aws:s3:::enc/k')).toBe('allow');
    expect(any(role('X', B), 'kms:Decrypt', key)).toBe('allow');
    expect(any(role('X', B), 'kms:Encrypt', key)).toBe('deny');
  });

  it('CompositePrincipal: each member; PrincipalWithConditions: the condition decides', () => {
    expect(any(role('X', B), 's3:GetObject', 'arn:aws:s3:::bb2/k')).toBe('allow');
    expect(any('logs.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::bb2/k')).toBe('allow');
    expect(any(role('W', B), 's3:PutObject', 'arn:aws:s3:::bb2/k')).toBe('conditional');
    const put = (acl: string) =>
      exact(role('W', B), 's3:PutObject', 'arn:aws:s3:::bb2/k', { 's3:x-amz-acl': acl });
    expect(put('bucket-owner-full-control')).toBe('allow');
    expect(put('public-read')).toBe('deny');
  });

  it('grantPublicAccess (StarPrincipal): anonymous GetObject, not PutObject', () => {
    expect(any('anonymous', 's3:GetObject', 'arn:aws:s3:::pub/k')).toBe('allow');
    expect(any('anonymous', 's3:PutObject', 'arn:aws:s3:::pub/k')).toBe('deny');
  });
});

describe('KMS, DynamoDB, SQS, SNS, Secrets Manager, Kinesis, Lambda, EventBridge grants', () => {
  const { model, engine } = synth((s) => {
    const r = new iam.Role(s, 'R', { roleName: 'R', assumedBy: ec2() });
    const key = new kms.Key(s, 'K');
    key.grantDecrypt(new iam.AccountPrincipal(B));
    key.grantDecrypt(
      new iam.PrincipalWithConditions(new iam.AccountPrincipal(OTHER), {
        StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` },
      }),
    );
    key.grantEncrypt(r);
    const t = new ddb.Table(s, 'T', {
      tableName: 'tbl',
      partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
    });
    t.addGlobalSecondaryIndex({
      indexName: 'gsi',
      partitionKey: { name: 'g', type: ddb.AttributeType.STRING },
    });
    t.grantReadData(r);
    const q = new sqs.Queue(s, 'Q', { queueName: 'q' });
    q.grantSendMessages(svc('events.amazonaws.com'));
    q.grantSendMessages(r);
    const topic = new sns.Topic(s, 'Tp', { topicName: 'tp' });
    topic.grantPublish(svc('s3.amazonaws.com'));
    topic.grantPublish(new iam.AccountPrincipal(B));
    const secretKey = new kms.Key(s, 'SK');
    const secret = new sm.Secret(s, 'Sec', { secretName: 'sec', encryptionKey: secretKey });
    secret.grantRead(r);
    secret.grantRead(new iam.AccountPrincipal(B));
    const stream = new kinesis.Stream(s, 'St', { streamName: 'st' });
    stream.grantRead(r);
    stream.grantRead(new iam.AccountPrincipal(B));
    const fn = inlineFn(s, 'F', 'f');
    fn.grantInvoke(svc('events.amazonaws.com'));
    fn.addPermission('S3', {
      principal: svc('s3.amazonaws.com'),
      sourceArn: 'arn:aws:s3:::src',
      sourceAccount: A,
    });
    fn.grantInvoke(new iam.AccountPrincipal(B));
    const bus = new events.EventBus(s, 'Bus', { eventBusName: 'bus' });
    bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'b',
        principals: [new iam.AccountPrincipal(B)],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
      }),
    );
  });
  const { any, exact } = deciders(engine);
  const [key, secretKey] = model.resources.filter((r) => r.kind === 'kms-key').map((r) => r.arn);
  const secretArn = model.resources.find((r) => r.kind === 'secretsmanager-secret')!.arn;
  const via = (service: string) => ({ 'kms:ViaService': `${service}.${REGION}.amazonaws.com` });

  it('key.grantDecrypt cross-account (key policy), with kms:ViaService', () => {
    expect(any(role('X', B), 'kms:Decrypt', key!)).toBe('allow');
    expect(any(role('X', B), 'kms:Encrypt', key!)).toBe('deny');
    expect(any(role('X', OTHER), 'kms:Decrypt', key!)).toBe('conditional');
    expect(exact(role('X', OTHER), 'kms:Decrypt', key!, via('s3'))).toBe('allow');
    expect(exact(role('X', OTHER), 'kms:Decrypt', key!, via('sqs'))).toBe('deny');
    expect(any(role('R'), 'kms:Encrypt', key!)).toBe('allow');
    expect(any(role('R'), 'kms:Decrypt', key!)).toBe('deny');
  });

  it('table.grantReadData: the table and its indexes, reads only', () => {
    const tbl = `arn:aws:dynamodb:${REGION}:${A}:table/tbl`;
    expect(any(role('R'), 'dynamodb:GetItem', tbl)).toBe('allow');
    expect(any(role('R'), 'dynamodb:Query', `${tbl}/index/gsi`)).toBe('allow');
    expect(any(role('R'), 'dynamodb:PutItem', tbl)).toBe('deny');
  });

  it('queue.grantSendMessages / topic.grantPublish: to services and accounts', () => {
    const q = `arn:aws:sqs:${REGION}:${A}:q`;
    expect(any('events.amazonaws.com', 'sqs:SendMessage', q)).toBe('allow');
    expect(any('events.amazonaws.com', 'sqs:ReceiveMessage', q)).toBe('deny');
    expect(any(role('R'), 'sqs:SendMessage', q)).toBe('allow');
    const t = `arn:aws:sns:${REGION}:${A}:tp`;
    expect(any('s3.amazonaws.com', 'sns:Publish', t)).toBe('allow');
    expect(any(role('X', B), 'sns:Publish', t)).toBe('allow');
    expect(any(role('X', B), 'sns:Subscribe', t)).toBe('deny');
  });

  it('secret.grantRead: the secret policy and its key (through Secrets Manager only)', () => {
    expect(any(role('R'), 'secretsmanager:GetSecretValue', secretArn)).toBe('allow');
    expect(any(role('X', B), 'secretsmanager:GetSecretValue', secretArn)).toBe('allow');
    expect(any(role('X', B), 'secretsmanager:PutSecretValue', secretArn)).toBe('deny');
    expect(any(role('R'), 'kms:Decrypt', secretKey!)).toBe('conditional');
    expect(exact(role('R'), 'kms:Decrypt', secretKey!, via('secretsmanager'))).toBe('allow');
    expect(exact(role('X', B), 'kms:Decrypt', secretKey!, via('secretsmanager'))).toBe('allow');
    expect(exact(role('X', B), 'kms:Decrypt', secretKey!, via('s3'))).toBe('deny');
  });

  it('stream.grantRead: identity policy and the stream resource policy', () => {
    const st = `arn:aws:kinesis:${REGION}:${A}:stream/st`;
    expect(any(role('R'), 'kinesis:GetRecords', st)).toBe('allow');
    // CDK encrypts a stream with the AWS managed key alias/aws/kinesis by default, whose key policy
    // the Kinesis guide does not state ("The use of the default service key for encryption does
    // not require application of custom IAM permissions"): another account's GetRecords, which
    // needs kms:Decrypt (aws/encryption-key-requirement.ts), is indeterminate
    expect(any(role('X', B), 'kinesis:GetRecords', st)).toBe('indeterminate');
    expect(any(role('X', B), 'kinesis:PutRecord', st)).toBe('deny');
  });

  it('fn.grantInvoke / addPermission (AWS::Lambda::Permission) with sourceArn / sourceAccount', () => {
    const fa = `arn:aws:lambda:${REGION}:${A}:function:f`;
    expect(any('events.amazonaws.com', 'lambda:InvokeFunction', fa)).toBe('allow');
    expect(any('s3.amazonaws.com', 'lambda:InvokeFunction', fa)).toBe('conditional');
    const s3Invoke = (bucket: string) =>
      exact('s3.amazonaws.com', 'lambda:InvokeFunction', fa, {
        'aws:SourceArn': `arn:aws:s3:::${bucket}`,
        'aws:SourceAccount': A,
      });
    expect(s3Invoke('src')).toBe('allow');
    expect(s3Invoke('other')).toBe('deny');
    expect(any('sns.amazonaws.com', 'lambda:InvokeFunction', fa)).toBe('deny');
    expect(any(role('X', B), 'lambda:InvokeFunction', fa)).toBe('allow');
  });

  it('eventBus.addToResourcePolicy: PutEvents only', () => {
    const bus = `arn:aws:events:${REGION}:${A}:event-bus/bus`;
    expect(any(role('X', B), 'events:PutEvents', bus)).toBe('allow');
    expect(any(role('X', B), 'events:PutRule', bus)).toBe('deny');
  });
});

describe('roles: imports, trust (composite, external ids, session tags), permissions boundary', () => {
  const { model, engine } = synth((s) => {
    const b = new s3.Bucket(s, 'B', { bucketName: 'data' });
    b.grantRead(iam.Role.fromRoleArn(s, 'Imp', role('Imported'), { mutable: false }));
    b.grantRead(iam.Role.fromRoleArn(s, 'ImpM', role('ImportedM')));
    b.grantRead(iam.Role.fromRoleArn(s, 'ImpX', role('ImpX', B), { mutable: false }));
    new iam.Role(s, 'R', {
      roleName: 'R',
      assumedBy: new iam.CompositePrincipal(ec2(), new iam.AccountPrincipal(B)),
      maxSessionDuration: Duration.hours(4),
    });
    new iam.Role(s, 'Ext', { roleName: 'Ext', assumedBy: new iam.AccountPrincipal(B), externalIds: ['xyz'] });
    new iam.Role(s, 'Tags', {
      roleName: 'Tags',
      assumedBy: new iam.SessionTagsPrincipal(new iam.AccountPrincipal(B)),
    });
    const bounded = new iam.Role(s, 'Bounded', {
      roleName: 'Bounded',
      assumedBy: svc('lambda.amazonaws.com'),
    });
    b.grantRead(bounded);
    const ib = s3.Bucket.fromBucketName(s, 'IB', 'other-bucket');
    ib.grantReadWrite(bounded);
    iam.PermissionsBoundary.of(s).apply(
      new iam.ManagedPolicy(s, 'PB', {
        managedPolicyName: 'PB',
        statements: [
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] }),
        ],
      }),
    );
  });
  const { any, exact } = deciders(engine);
  const OBJ = 'arn:aws:s3:::data/k';

  it('Role.fromRoleArn: a mutable import is an imported principal (its other policies unknown); an immutable one gets nothing', () => {
    expect(model.findings.map((f) => f.code)).toContain('model/imported-principal');
    expect(any(role('ImportedM'), 's3:GetObject', OBJ)).toBe('indeterminate');
    // mutable: false drops the grant: the synthesized template gives the role nothing.
    expect(any(role('Imported'), 's3:GetObject', OBJ)).toBe('deny');
    // Cross-account: the bucket policy statement is still written.
    expect(any(role('ImpX', B), 's3:GetObject', OBJ)).toBe('allow');
  });

  it('CompositePrincipal trust, externalIds, SessionTagsPrincipal', () => {
    expect(any('ec2.amazonaws.com', 'sts:AssumeRole', role('R'))).toBe('allow');
    expect(any(role('X', B), 'sts:AssumeRole', role('R'))).toBe('allow');
    expect(any(role('X', B), 'sts:AssumeRole', role('Ext'))).toBe('conditional');
    expect(exact(role('X', B), 'sts:AssumeRole', role('Ext'), { 'sts:ExternalId': 'xyz' })).toBe('allow');
    expect(exact(role('X', B), 'sts:AssumeRole', role('Ext'), { 'sts:ExternalId': 'abc' })).toBe('deny');
    expect(any(role('X', B), 'sts:TagSession', role('Ext'))).toBe('deny');
    expect(any(role('X', B), 'sts:TagSession', role('Tags'))).toBe('allow');
  });

  it('PermissionsBoundary.of(stack).apply: the boundary caps every grant', () => {
    expect(any(role('Bounded'), 's3:GetObject', OBJ)).toBe('allow');
    expect(any(role('Bounded'), 's3:ListBucket', 'arn:aws:s3:::data')).toBe('deny'); // granted, not in the boundary
    // Bucket.fromBucketName grant: in the identity policy, outside the boundary.
    expect(any(role('Bounded'), 's3:PutObject', 'arn:aws:s3:::other-bucket/k')).toBe('deny');
  });
});

describe('imported resources, role-to-role grants, integrations', () => {
  const { engine } = synth((s) => {
    const r = new iam.Role(s, 'R', { roleName: 'R', assumedBy: ec2() });
    const r2 = new iam.Role(s, 'R2', { roleName: 'R2', assumedBy: svc('lambda.amazonaws.com') });
    r2.grantAssumeRole(r);
    r2.grantPassRole(r);
    s3.Bucket.fromBucketName(s, 'IB', 'other-bucket').grantReadWrite(r);
    sm.Secret.fromSecretNameV2(s, 'ImpSec', 'impsec').grantRead(r);
    new ssm.StringParameter(s, 'P1', { parameterName: '/app/p1', stringValue: 'x' }).grantRead(r);
    const topic = new sns.Topic(s, 'Tp', { topicName: 'tp' });
    topic.addSubscription(new subs.SqsSubscription(new sqs.Queue(s, 'Q', { queueName: 'q' })));
    const fn = inlineFn(s, 'F', 'f');
    const rule = new events.Rule(s, 'Rule', {
      ruleName: 'rule',
      schedule: events.Schedule.rate(Duration.hours(1)),
    });
    rule.addTarget(new targets.SqsQueue(new sqs.Queue(s, 'Q2', { queueName: 'q2' })));
    rule.addTarget(new targets.LambdaFunction(fn));
    new ecr.Repository(s, 'Repo', { repositoryName: 'repo' }).grantPull(new iam.AccountPrincipal(B));
    new sfn.StateMachine(s, 'SM', {
      stateMachineName: 'sm',
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(s, 'Pass')),
    }).grantStartExecution(r);
    const site = new s3.Bucket(s, 'Site', { bucketName: 'site' });
    site.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [site.arnForObjects('*')],
        principals: [svc('cloudfront.amazonaws.com')],
        // CloudFront OAC as CDK writes it: the condition key spelled `AWS:SourceArn`.
        conditions: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${A}:distribution/D1` } },
      }),
    );
  });
  const { any, exact } = deciders(engine);

  it("grantAssumeRole adds only the caller's permission: the trust policy still decides", () => {
    expect(any(role('R'), 'sts:AssumeRole', role('R2'))).toBe('deny');
    expect(any(role('R'), 'iam:PassRole', role('R2'))).toBe('allow');
  });

  it('imported bucket / secret (fromSecretNameV2: name-??????) / SSM parameter grants', () => {
    expect(any(role('R'), 's3:PutObject', 'arn:aws:s3:::other-bucket/k')).toBe('allow');
    expect(any(role('R'), 's3:DeleteBucket', 'arn:aws:s3:::other-bucket')).toBe('deny');
    const secret = (name: string) => `arn:aws:secretsmanager:${REGION}:${A}:secret:${name}`;
    expect(any(role('R'), 'secretsmanager:GetSecretValue', secret('impsec-AbCdEf'))).toBe('allow');
    expect(any(role('R'), 'secretsmanager:GetSecretValue', secret('impsec-x-AbCdEf'))).toBe('deny');
    const param = (name: string) => `arn:aws:ssm:${REGION}:${A}:parameter/app/${name}`;
    expect(any(role('R'), 'ssm:GetParameter', param('p1'))).toBe('allow');
    expect(any(role('R'), 'ssm:GetParameter', param('p2'))).toBe('deny');
  });

  it('SNS → SQS subscription and EventBridge rule targets: the source ARN decides', () => {
    const topic = `arn:aws:sns:${REGION}:${A}:tp`;
    const ruleArn = `arn:aws:events:${REGION}:${A}:rule/rule`;
    const q = `arn:aws:sqs:${REGION}:${A}:q`;
    expect(exact('sns.amazonaws.com', 'sqs:SendMessage', q, { 'aws:SourceArn': topic })).toBe('allow');
    expect(exact('sns.amazonaws.com', 'sqs:SendMessage', q, { 'aws:SourceArn': `${topic}x` })).toBe('deny');
    const q2 = `arn:aws:sqs:${REGION}:${A}:q2`;
    expect(exact('events.amazonaws.com', 'sqs:SendMessage', q2, { 'aws:SourceArn': ruleArn })).toBe('allow');
    expect(exact('events.amazonaws.com', 'sqs:SendMessage', q2, { 'aws:SourceArn': `${ruleArn}2` })).toBe(
      'deny',
    );
    const fa = `arn:aws:lambda:${REGION}:${A}:function:f`;
    expect(exact('events.amazonaws.com', 'lambda:InvokeFunction', fa, { 'aws:SourceArn': ruleArn })).toBe(
      'allow',
    );
    expect(
      exact('events.amazonaws.com', 'lambda:InvokeFunction', fa, { 'aws:SourceArn': `${ruleArn}2` }),
    ).toBe('deny');
  });

  it('ECR grantPull cross-account, Step Functions grantStartExecution, CloudFront OAC bucket policy', () => {
    const repo = `arn:aws:ecr:${REGION}:${A}:repository/repo`;
    expect(any(role('X', B), 'ecr:BatchGetImage', repo)).toBe('allow');
    expect(any(role('X', B), 'ecr:PutImage', repo)).toBe('deny');
    expect(any(role('R'), 'states:StartExecution', `arn:aws:states:${REGION}:${A}:stateMachine:sm`)).toBe(
      'allow',
    );
    expect(any(role('R'), 'states:StopExecution', `arn:aws:states:${REGION}:${A}:execution:sm:x`)).toBe(
      'deny',
    );
    const distribution = (id: string) => ({ 'aws:SourceArn': `arn:aws:cloudfront::${A}:distribution/${id}` });
    expect(exact('cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::site/k', distribution('D1'))).toBe(
      'allow',
    );
    expect(exact('cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::site/k', distribution('D2'))).toBe(
      'deny',
    );
  });
});

describe('S3 notifications with a log group resource policy (was: every resource policy indeterminate)', () => {
  const { model, engine } = synth((s) => {
    const topic = new sns.Topic(s, 'Tp', { topicName: 'tp' });
    const b = new s3.Bucket(s, 'B', { bucketName: 'data' });
    b.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SnsDestination(topic));
    const fn = inlineFn(s, 'F', 'f');
    b.addEventNotification(s3.EventType.OBJECT_REMOVED, new s3n.LambdaDestination(fn));
    new logs.LogGroup(s, 'LG', { logGroupName: 'lg' }).grantWrite(svc('delivery.logs.amazonaws.com'));
  });
  const { any, exact } = deciders(engine);

  it('no deploy-time finding; the notification grants decided by their source ARN', () => {
    expect(model.findings.map((f) => f.code)).not.toContain('cfn/custom-resource-changes-access');
    const topic = `arn:aws:sns:${REGION}:${A}:tp`;
    const fa = `arn:aws:lambda:${REGION}:${A}:function:f`;
    const from = (bucket: string) => ({ 'aws:SourceArn': `arn:aws:s3:::${bucket}`, 'aws:SourceAccount': A });
    expect(exact('s3.amazonaws.com', 'sns:Publish', topic, from('data'))).toBe('allow');
    expect(exact('s3.amazonaws.com', 'sns:Publish', topic, from('evil'))).toBe('deny');
    expect(exact('s3.amazonaws.com', 'lambda:InvokeFunction', fa, from('data'))).toBe('allow');
    expect(exact('s3.amazonaws.com', 'lambda:InvokeFunction', fa, from('evil'))).toBe('deny');
    const stream = `arn:aws:logs:${REGION}:${A}:log-group:lg:log-stream:x`;
    expect(any('delivery.logs.amazonaws.com', 'logs:PutLogEvents', stream)).toBe('allow');
    expect(
      any('delivery.logs.amazonaws.com', 'logs:DeleteLogGroup', `arn:aws:logs:${REGION}:${A}:log-group:lg:*`),
    ).toBe('deny');
  });
});

describe('custom resources: AwsCustomResource, Provider framework, BucketDeployment, autoDeleteObjects', () => {
  const { model, engine } = synth((s) => {
    const data = new s3.Bucket(s, 'B', {
      bucketName: 'data',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const kept = new s3.Bucket(s, 'Kept', { bucketName: 'kept', enforceSSL: true });
    new cr.AwsCustomResource(s, 'Sdk', {
      onUpdate: {
        service: 'SSM',
        action: 'getParameter',
        parameters: { Name: 'p' },
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: [`arn:aws:ssm:${REGION}:${A}:parameter/p`],
      }),
    });
    new cr.AwsCustomResource(s, 'Sdk2', {
      onCreate: {
        service: 'S3',
        action: 'putObject',
        parameters: { Bucket: 'kept', Key: 'k', Body: 'x' },
        physicalResourceId: cr.PhysicalResourceId.of('y'),
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [kept.arnForObjects('*')] }),
      ]),
    });
    const onEvent = inlineFn(s, 'OnEvent');
    kept.grantRead(onEvent);
    const provider = new cr.Provider(s, 'Prov', { onEventHandler: onEvent });
    new cr.Provider(s, 'Unused', { onEventHandler: inlineFn(s, 'Other') });
    void provider;
    const dest = new s3.Bucket(s, 'Dest', { bucketName: 'dest' });
    new s3deploy.BucketDeployment(s, 'Deploy', {
      sources: [s3deploy.Source.data('a.txt', 'hello')],
      destinationBucket: dest,
    });
    void data;
  });
  const { any, exact } = deciders(engine);
  const roleAt = (path: string) => {
    const r = model.roles.find((x) => x.source.constructPath?.startsWith(path));
    if (!r)
      throw new Error(`no role at ${path}: ${model.roles.map((x) => x.source.constructPath).join(', ')}`);
    return r.arn;
  };
  const param = (name: string) => `arn:aws:ssm:${REGION}:${A}:parameter/${name}`;

  it('AwsCustomResource fromSdkCalls / fromStatements: the singleton role gets exactly those', () => {
    const sdk = roleAt('S/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole');
    expect(any(sdk, 'ssm:GetParameter', param('p'))).toBe('allow');
    expect(any(sdk, 'ssm:GetParameter', param('q'))).toBe('deny');
    // Conditional: the bucket's enforceSSL statement denies a request without TLS.
    expect(any(sdk, 's3:PutObject', 'arn:aws:s3:::kept/k')).toBe('conditional');
    expect(any(sdk, 's3:DeleteObject', 'arn:aws:s3:::kept/k')).toBe('deny');
  });

  it("Provider framework: the framework role may invoke its handler; the handler role has the handler's grants", () => {
    const framework = roleAt('S/Prov/framework-onEvent/ServiceRole');
    const handler = roleAt('S/OnEvent/ServiceRole');
    const handlerFn = model.resources.find(
      (r) => r.kind === 'lambda-function' && r.source.constructPath === 'S/OnEvent/Resource',
    )!.arn;
    const otherFn = model.resources.find(
      (r) => r.kind === 'lambda-function' && r.source.constructPath === 'S/Other/Resource',
    )!.arn;
    expect(any(framework, 'lambda:InvokeFunction', handlerFn)).toBe('allow');
    expect(any(framework, 'lambda:InvokeFunction', otherFn)).toBe('deny');
    expect(any(handler, 's3:GetObject', 'arn:aws:s3:::kept/k')).toBe('conditional'); // enforceSSL
    expect(any(handler, 's3:PutObject', 'arn:aws:s3:::kept/k')).toBe('deny');
  });

  it('BucketDeployment: its role writes the destination bucket, not another', () => {
    const deploy = roleAt('S/Custom::CDKBucketDeployment');
    expect(any(deploy, 's3:PutObject', 'arn:aws:s3:::dest/k')).toBe('allow');
    expect(any(deploy, 's3:PutObject', 'arn:aws:s3:::kept/k')).toBe('deny');
  });

  it('autoDeleteObjects: the handler grants nothing (CDK documents it adds a deny at bucket deletion), so the bucket is decided; enforceSSL still denies elsewhere', () => {
    // The bucket policy grants the handler's role s3:PutBucketPolicy; the CDK documents that the
    // provider only adds "a deny policy for s3:PutObject" during bucket deletion
    // (src/aws/s3-cdk-auto-delete-objects.ts), so no deploy-time change is modelled for it.
    expect(model.findings.map((f) => f.code)).not.toContain('cfn/custom-resource-changes-access');
    expect(any(role('x'), 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('deny');
    const handler = roleAt('S/Custom::S3AutoDeleteObjectsCustomResourceProvider/Role');
    expect(any(handler, 's3:DeleteObject', 'arn:aws:s3:::dest/k')).toBe('deny');
    const onEvent = roleAt('S/OnEvent/ServiceRole');
    const insecure = { 'aws:SecureTransport': 'false' };
    expect(exact(onEvent, 's3:GetObject', 'arn:aws:s3:::kept/k', insecure)).toBe('deny');
    expect(exact(onEvent, 's3:GetObject', 'arn:aws:s3:::kept/k', { 'aws:SecureTransport': 'true' })).toBe(
      'allow',
    );
  });
});

describe('cross-account app (Grant.addToPrincipalOrResource) and function URLs', () => {
  const app = quietApp();
  const home = new Stack(app, 'Home', { env: { account: A, region: REGION } });
  const consumer = new Stack(app, 'Consumer', { env: { account: B, region: REGION } });
  const reader = new iam.Role(consumer, 'Reader', { roleName: 'Reader', assumedBy: ec2() });
  new s3.Bucket(home, 'B', { bucketName: 'data' }).grantRead(reader);
  const key = new kms.Key(home, 'K');
  new sqs.Queue(home, 'Q', { queueName: 'q', encryptionMasterKey: key }).grantSendMessages(reader);
  inlineFn(home, 'Public', 'public').addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  const iamUrl = inlineFn(home, 'Private', 'private');
  iamUrl.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
  iamUrl.grantInvokeUrl(reader);
  const model = fromApp(app);
  const { any, exact } = deciders(compileModel(model));
  const keyArn = model.resources.find((r) => r.kind === 'kms-key')!.arn;
  const fn = (name: string) => `arn:aws:lambda:${REGION}:${A}:function:${name}`;

  it('a role of another stack and account: its identity policy and the resource policy together', () => {
    expect(any(role('Reader', B), 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('allow');
    expect(any(role('Reader', B), 's3:PutObject', 'arn:aws:s3:::data/k')).toBe('deny');
    expect(any(role('Other', B), 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('deny');
    expect(any(role('Reader', B), 'sqs:SendMessage', `arn:aws:sqs:${REGION}:${A}:q`)).toBe('allow');
    expect(any(role('Reader', B), 'kms:GenerateDataKey', keyArn)).toBe('allow');
    expect(any(role('Other', B), 'kms:GenerateDataKey', keyArn)).toBe('deny');
  });

  it('function URL with AuthType NONE: anonymous through the URL only; AWS_IAM: the granted role', () => {
    expect(any('anonymous', 'lambda:InvokeFunctionUrl', fn('public'))).toBe('allow');
    expect(
      exact('anonymous', 'lambda:InvokeFunction', fn('public'), { 'lambda:InvokedViaFunctionUrl': 'true' }),
    ).toBe('allow');
    expect(
      exact(role('X', B), 'lambda:InvokeFunction', fn('public'), { 'lambda:InvokedViaFunctionUrl': 'false' }),
    ).toBe('deny');
    expect(any(role('Reader', B), 'lambda:InvokeFunctionUrl', fn('private'))).toBe('allow');
    expect(any(role('Other', B), 'lambda:InvokeFunctionUrl', fn('private'))).toBe('deny');
    expect(any('anonymous', 'lambda:InvokeFunctionUrl', fn('private'))).toBe('deny');
  });
});
