// `Engine.policiesOf` (the policies that take part in one request, src/engine/request-policies.ts)
// and `Engine.decideHere` (which evaluates them, the identity policies through the service index)
// gather the principal's side in one place (`Engine.principalSide`): this checks they agree, over a
// sample of requests on several models. Every policy a decision's trace cites is in the list; and
// every listed policy the trace must cite (one whose document is unknown, or with a statement that
// applies to the request whatever its context: no Condition, Resource `*`, its action matched) is
// cited. The second requests of the service rules are requests of their own: the bucket side of a
// request through an S3 access point (its trace entries marked "(bucket side)") is in the list of
// the request on the bucket, not in the access point request's.
//
// Pages:
// - IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or deny access":
//   "The AWS enforcement code evaluates all policies within the account that apply to the request.
//   These include AWS Organizations SCPs and RCPs, resource-based policies, identity-based
//   policies, IAM permissions boundaries, and session policies",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// - Amazon S3 User Guide, "Configuring IAM policies for using access points": "the underlying
//   bucket policy must also allow the request" (the bucket side, a second request).

import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from '../src/engine/compile-policy.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { NO } from '../src/engine/tri.js';
import type { Request } from '../src/engine/types.js';
import { buildCompany1, SESSION_POLICY } from './helpers/company1.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  deny,
  EXTERNAL_ACCOUNT,
  FULL_AWS_ACCESS,
  policy,
  TestModel,
} from './helpers/engine-fixtures.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnBucketPolicy } from './helpers/cfn-templates.js';

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'kms:Decrypt',
  'sqs:SendMessage',
  'sts:AssumeRole',
  'iam:PassRole',
  'ec2:RunInstances',
  'dynamodb:GetItem',
];

/** A model with groups, managed, unknown and maybe-present policies, boundaries, SCPs and RCPs. */
function testModelEngine(): Engine {
  const t = new TestModel();
  const shared = t.managedPolicy('shared', policy(allow(['s3:*', 'sqs:*'], '*'), deny('kms:*', '*')));
  const dev = t.user('dev', {
    inline: [policy(allow('*', '*'))],
    managed: [shared, 'arn:aws:iam::aws:policy/ReadOnlyAccess', arns.policy('not-in-inputs')],
    boundary: policy(
      allow(['s3:*', 'sts:AssumeRole'], '*'),
      deny('s3:PutObject', arns.object('data', 'locked/*')),
    ),
  });
  t.group('ops', [dev], { inline: [policy(allow('ec2:*', '*'), deny('iam:PassRole', '*'))] });
  t.user('other', { account: ACCOUNT_B, inline: [policy(allow('s3:GetObject', '*'))] });
  t.role('app', {
    trust: policy(allow('sts:AssumeRole', '*', { Principal: { AWS: arns.root() } })),
    inline: [policy(allow(['sqs:SendMessage', 'kms:Decrypt'], '*'))],
    boundary: arns.policy('boundary-not-in-inputs'),
  });
  t.bucket('data', {
    policy: policy(
      allow('s3:GetObject', arns.object('data', '*'), { Principal: { AWS: arns.root(ACCOUNT_B) } }),
      deny('s3:*', arns.object('data', 'secret/*'), { Principal: '*' }),
    ),
  });
  t.resource('sqs-queue', arns.queue('jobs'), {
    policy: policy(
      allow('sqs:SendMessage', arns.queue('jobs'), { Principal: { AWS: arns.root(ACCOUNT_B) } }),
    ),
  });
  t.resource('kms-key', arns.key('k1'), {
    policy: policy(allow('kms:*', '*', { Principal: { AWS: arns.root() } })),
  });
  t.scp(ACCOUNT_A, FULL_AWS_ACCESS).scp(ACCOUNT_A, policy(deny('dynamodb:*', '*')));
  t.rcp(ACCOUNT_A, policy(deny('s3:*', arns.object('data', 'rcp-denied/*'), { Principal: '*' })));
  return t.engine();
}

const AP = `arn:aws:s3:us-west-2:111122223333:accesspoint/shared`;

/** A CloudFormation model: a bucket delegating to an access point, the access point, a KMS key. */
function cfnEngine(): Engine {
  return compileModel(
    modelOf(`Resources:
  Data: {Type: AWS::S3::Bucket, Properties: {BucketName: company-data}}
${cfnBucketPolicy('DataPolicy', 'Data', [
  "{Effect: Allow, Principal: '*', Action: '*', Resource: ['arn:aws:s3:::company-data', 'arn:aws:s3:::company-data/*'], Condition: {StringEquals: {'s3:DataAccessPointAccount': '111122223333'}}}",
  "{Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*'}",
])}  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: shared
      Policy:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: 'arn:aws:iam::111122223333:role/reader'}, Action: 's3:GetObject', Resource: '${AP}/object/*'}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: 'arn:aws:iam::111122223333:root'}, Action: 'kms:*', Resource: '*'}
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - {Effect: Allow, Action: ['s3:GetObject', 'kms:Decrypt'], Resource: '*'}
              - {Effect: Deny, NotAction: 's3:*', Resource: '*'}
`),
  );
}

/** Every `step`-th request of principals × actions × resources (a deterministic sample). */
function sample(engine: Engine, extraResources: string[], step: number, sessionPolicy?: unknown): Request[] {
  const m = engine.model;
  const principals = [...m.users.map((u) => u.arn), ...m.roles.map((r) => r.arn)];
  const resources = [
    ...m.resources.flatMap((r) =>
      r.kind === 's3-bucket' ? [r.arn, `${r.arn}/secret/x`, `${r.arn}/locked/y`] : [r.arn],
    ),
    ...m.resources.filter((r) => r.kind === 's3-access-point').map((r) => `${r.arn}/object/k`),
    ...m.roles.map((r) => r.arn),
    ...extraResources,
  ];
  const out: Request[] = [];
  let i = 0;
  for (const principal of principals)
    for (const action of ACTIONS)
      for (const resource of resources)
        if (i++ % step === 0)
          out.push({ principal, action, resource, ...(sessionPolicy && i % 2 ? { sessionPolicy } : {}) });
  return out;
}

const key = (stage: string, name: string) => `${stage} | ${name}`;
const SECOND = /^\((bucket side|address identity)\) /;

/** `p` has a statement that applies to a request on `action` whatever its context, or is unknown (see the header). */
function surelyTraced(stage: string, p: CompiledPolicy, action: string): boolean {
  if (p.unknown) return true;
  const resourceBased = stage === 'resource' || stage === 'trust' || stage === 'key-policy';
  return p.statements.some(
    (st) =>
      !resourceBased &&
      st.statement.conditions.length === 0 &&
      !st.statement.notResource &&
      !!st.statement.resource?.values.includes('*') &&
      st.matchAction(action.toLowerCase()) !== NO,
  );
}

/** Checks the agreement for each request; returns how many cited (of them, on a second request) and surely-traced pairs it saw. */
function checkAgreement(
  engine: Engine,
  requests: Request[],
): { cited: number; second: number; sure: number } {
  let cited = 0;
  let second = 0;
  let sure = 0;
  for (const request of requests) {
    const d = engine.decideHere(request, { trace: true });
    const listed = engine.policiesOf(request);
    const names = new Set(listed.policies.map((u) => key(u.stage, u.policy.name)));
    const trace = d.trace ?? [];
    const where = `${request.principal} ${request.action} ${request.resource}`;
    const under = trace.find((e) => e.message.startsWith('Through access point'));
    const bucketSide = under?.message.match(/the underlying (\S+) must permit/)?.[1];
    const onBucket = bucketSide
      ? new Set(
          engine
            .policiesOf({ ...request, resource: bucketSide })
            .policies.map((u) => key(u.stage, u.policy.name)),
        )
      : undefined;
    for (const e of trace) {
      if (!e.policy) continue;
      const k = key(e.stage, e.policy);
      const inSecond = SECOND.test(e.message);
      expect(inSecond ? onBucket?.has(k) : names.has(k), `${where}: the trace cites ${k}`).toBe(true);
      cited++;
      if (inSecond) second++;
    }
    // The reverse, where the decision reached the policies (no caller or action rule decided first).
    if (!trace.some((e) => e.stage !== 'principal' || e.policy)) continue;
    const citedHere = new Set(
      trace.filter((e) => e.policy && !SECOND.test(e.message)).map((e) => key(e.stage, e.policy!)),
    );
    for (const u of listed.policies) {
      if (u.stage === 'scp' || u.stage === 'rcp' || !surelyTraced(u.stage, u.policy, request.action))
        continue;
      expect(
        citedHere.has(key(u.stage, u.policy.name)),
        `${where}: ${u.stage} ${u.policy.name} is not cited`,
      ).toBe(true);
      sure++;
    }
  }
  return { cited, second, sure };
}

describe('policiesOf and decideHere agree on the policies of a request', () => {
  it('a model with groups, managed, unknown and AWS managed policies, boundaries, SCPs and RCPs', () => {
    const engine = testModelEngine();
    const r = checkAgreement(
      engine,
      sample(
        engine,
        [
          arns.key('outside'),
          arns.role('nobody'),
          `arn:aws:s3:::elsewhere/x`,
          arns.queue('q', EXTERNAL_ACCOUNT),
        ],
        1,
      ),
    );
    expect(r.cited).toBeGreaterThan(100);
    expect(r.sure).toBeGreaterThan(50);
  });

  it('company1, with and without a session policy', () => {
    const engine = compileModel(buildCompany1());
    const r = checkAgreement(engine, sample(engine, [], 3, SESSION_POLICY));
    expect(r.cited).toBeGreaterThan(50);
  });

  it('CloudFormation: a bucket delegating to an access point (the bucket side a second request), a KMS key', () => {
    const engine = cfnEngine();
    const requests = sample(engine, [], 1);
    const r = checkAgreement(engine, requests);
    expect(r.cited).toBeGreaterThan(10);
    expect(r.second).toBeGreaterThan(0);
    // The bucket side's policies are not the access point request's own.
    const through = {
      principal: 'arn:aws:iam::111122223333:role/reader',
      action: 's3:GetObject',
      resource: `${AP}/object/k`,
    };
    const stages = engine.policiesOf(through).policies.map((u) => `${u.stage} ${u.policy.name}`);
    expect(stages.some((s) => s.includes('resource policy of shared'))).toBe(true);
    expect(stages.some((s) => s.includes('company-data'))).toBe(false);
  });
});

describe('principalSideOf: the principal side analyses read apart from a request', () => {
  it('is what policiesOf lists at the identity, boundary and session stages (one walk)', () => {
    const engine = testModelEngine();
    const session = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    };
    for (const element of [...engine.model.users, ...engine.model.roles]) {
      const side = engine.principalSideOf(element, session);
      const principal =
        element.kind === 'role'
          ? `${element.arn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/s`
          : element.arn;
      const listed = engine
        .policiesOf({
          principal,
          action: 's3:GetObject',
          resource: arns.object('data', 'k'),
          sessionPolicy: session,
        })
        .policies.filter((u) => u.stage === 'identity' || u.stage === 'boundary' || u.stage === 'session');
      expect(listed).toEqual([
        ...(side.identity?.policies ?? []).map((policy) => ({ policy, stage: 'identity' })),
        ...(side.boundary ? [{ policy: side.boundary, stage: 'boundary' }] : []),
        { policy: side.session, stage: 'session' },
      ]);
    }
    // A user in a group: the group's policies are its own; a role's boundary not in the inputs: unknown.
    const dev = engine.model.users.find((u) => u.name === 'dev')!;
    expect(engine.principalSideOf(dev).identity?.policies.some((p) => p.name.includes('group ops'))).toBe(
      true,
    );
    const app = engine.model.roles.find((r) => r.name === 'app')!;
    expect(engine.principalSideOf(app).boundary?.unknown).toBeDefined();
    expect(engine.principalSideOf(undefined)).toEqual({
      identity: undefined,
      boundary: undefined,
      session: undefined,
    });
  });
});
