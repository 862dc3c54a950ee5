// The company1 CDK app against SCENARIO.md's "Intended access": the app is synthesized in
// process (fromApp, fromStack), to a directory (fromAssembly) and by the synth script, and the
// seed intents are checked through the engine. Each scenario mutation must flip a decision, and
// decisions must name the CDK constructs that caused them.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel, type Engine } from '../../src/engine/index.js';
import type { Decision, Request } from '../../src/engine/types.js';
import type { Model } from '../../src/model/types.js';
import { fromApp, fromAssembly, fromStack } from '../../src/testing/cdk.js';
import { createCompany1App } from '../lib/app.js';
import {
  COMPANY1_ACCOUNT as ACCOUNT,
  COMPANY1_REGION as REGION,
  type Company1Mutations,
  S3_READ_ONLY_ROLE_NAME,
} from '../lib/company1-stack.js';

const exampleDir = join(import.meta.dirname, '..');
const NOW = new Date('2025-06-01T12:00:00Z');

const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const bucket = (name: string) => `arn:aws:s3:::${name}`;
const object = (name: string, key = 'reports/2025-06-01.txt') => `arn:aws:s3:::${name}/${key}`;
const instance = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`;

/** The session policy john passes when he assumes JohnUploadRole (read from the example). */
const sessionPolicy: unknown = JSON.parse(readFileSync(join(exampleDir, 'session-policy.json'), 'utf8'));

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iamspec-company1-'));
  tempDirs.push(d);
  return d;
}

function modelInMemory(mutations?: Company1Mutations): Model {
  return fromApp(createCompany1App({ mutations }).app);
}
function engineOf(model: Model): Engine {
  return compileModel(model, { now: NOW });
}

function describeRequest(r: Request): string {
  const ctx = r.context ? ` ${JSON.stringify(r.context)}` : '';
  return `${r.principal} ${r.action} ${r.resource}${ctx}${r.sessionPolicy ? ' (with session policy)' : ''}`;
}

/** Decides and, on a mismatch, shows the request and the trace. */
function expectDecision(engine: Engine, request: Request, expected: Decision['decision'], reason?: string) {
  const d = engine.decide(request, { trace: true });
  const got = { decision: d.decision, reason: d.reason };
  const want = reason ? { decision: expected, reason } : { decision: expected, reason: d.reason };
  expect(got, `${describeRequest(request)}\n${JSON.stringify(d.trace, null, 1)}`).toEqual(want);
  return d;
}
const allows = (e: Engine, r: Request) => expectDecision(e, r, 'allow', 'allowed');
const denies = (e: Engine, r: Request, reason?: 'explicit-deny' | 'implicit-deny') =>
  expectDecision(e, r, 'deny', reason);

/** Every user and role of the model (a role ARN stands for a session of it). */
function allPrincipals(model: Model): string[] {
  return [...model.users.map((u) => u.arn), ...model.roles.map((r) => r.arn)].sort();
}

/** A small action × resource grid standing in for "every action and resource". */
function accessGrid(model: Model): { action: string; resource: string }[] {
  const grid: { action: string; resource: string }[] = [];
  for (const r of model.resources.filter((x) => x.kind === 's3-bucket')) {
    for (const action of ['s3:ListBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucket']) {
      grid.push({ action, resource: r.arn });
    }
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      grid.push({ action, resource: `${r.arn}/reports/x.txt` });
    }
  }
  for (const action of ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:TerminateInstances']) {
    grid.push({ action, resource: instance });
  }
  for (const r of model.roles) grid.push({ action: 'sts:AssumeRole', resource: r.arn });
  for (const u of model.users) grid.push({ action: 'iam:CreateAccessKey', resource: u.arn });
  grid.push({ action: 'iam:CreateUser', resource: user('new-user') });
  return grid;
}

function allowedCells(engine: Engine, principal: string, grid: { action: string; resource: string }[]) {
  return grid
    .filter((g) => engine.decide({ principal, ...g }).decision !== 'deny')
    .map((g) => `${g.action} ${g.resource}`);
}

// ---------------------------------------------------------------------------------------------
// The three ways to get the model of the app.

const synthesized = tempDir();
const memoryApp = createCompany1App();
const diskApp = createCompany1App({ outdir: synthesized });
diskApp.app.synth();

const sources: [string, () => Model][] = [
  ['fromApp (in memory)', () => fromApp(memoryApp.app)],
  ['fromStack (in memory)', () => fromStack(createCompany1App().stack)],
  ['fromAssembly (cdk.out on disk)', () => fromAssembly(synthesized)],
];

describe.each(sources)('company1 intents, model %s', (_label, load) => {
  const model = load();
  const engine = engineOf(model);

  it('models the scenario account: principals, policies and buckets with their ARNs', () => {
    expect(model.accounts).toEqual([{ id: ACCOUNT, region: REGION }]);
    expect(model.users.map((u) => u.arn).sort()).toEqual(
      ['john', 'sarah', 'Sara-intern', 'uploader'].map(user).sort(),
    );
    expect(model.roles.map((r) => r.arn).sort()).toEqual([
      role('Company1-GitHubDeploy-Role'),
      role('Company1-Logs-Role'),
      role('JohnUploadRole'),
    ]);
    // GitHub's OIDC provider, which the deploy role trusts.
    expect(model.identityProviders.map((p) => p.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    ]);
    expect(model.groups.map((g) => g.name).sort()).toEqual(['Developers', 'HR', 'IT']);
    expect(model.policies.map((p) => p.name).sort()).toEqual([
      'Company1-Logs-Policy',
      'Developers_Policy',
      'HRPolicy',
      'InternBoundaryPolicy',
      'SessionPolicy-UploadFile',
    ]);
    expect(model.resources.map((r) => r.arn).sort()).toEqual(
      ['company1-hr', 'company1-logs', 'company1-sales', 'company1-uploads'].map(bucket),
    );
    const logsRole = model.roles.find((r) => r.name === 'Company1-Logs-Role')!;
    // Its instance profile is on the EC2 instance log-processor.
    const usedBy = logsRole.instanceProfiles.flatMap((p) => p.usedBy);
    expect(usedBy.map((u) => [u.kind, u.source.constructPath])).toEqual([
      ['EC2 instance', 'Company1Stack/log-processor'],
    ]);
    expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  // SCENARIO.md intent 1. Permissions boundaries cap identity-based permissions:
  // IAM User Guide, "Permissions boundaries for IAM entities",
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  it('1. Sara-intern can only s3:ListBucket on company1-logs', () => {
    const intern = user('Sara-intern');
    allows(engine, { principal: intern, action: 's3:ListBucket', resource: bucket('company1-logs') });
    // Company1-Logs-Policy (Developers) allows these, the boundary does not.
    denies(
      engine,
      { principal: intern, action: 's3:GetObject', resource: object('company1-logs') },
      'implicit-deny',
    );
    denies(
      engine,
      { principal: intern, action: 's3:PutObject', resource: object('company1-logs') },
      'implicit-deny',
    );
    denies(engine, { principal: intern, action: 'ec2:StartInstances', resource: instance }, 'implicit-deny');
    denies(
      engine,
      { principal: intern, action: 's3:GetObject', resource: object('company1-sales') },
      'implicit-deny',
    );
    denies(engine, { principal: intern, action: 'ec2:StopInstances', resource: instance }, 'explicit-deny');
    expect(allowedCells(engine, intern, accessGrid(model))).toEqual([
      `s3:ListBucket ${bucket('company1-logs')}`,
    ]);
  });

  it('2. Company1-Logs-Role can only s3:GetObject on company1-logs/*, and only EC2 can assume it', () => {
    const logsRole = role('Company1-Logs-Role');
    allows(engine, { principal: logsRole, action: 's3:GetObject', resource: object('company1-logs') });
    denies(
      engine,
      { principal: logsRole, action: 's3:PutObject', resource: object('company1-logs') },
      'implicit-deny',
    );
    denies(engine, { principal: logsRole, action: 's3:ListBucket', resource: bucket('company1-logs') });
    denies(engine, { principal: logsRole, action: 's3:GetObject', resource: object('company1-hr') });
    expect(allowedCells(engine, logsRole, accessGrid(model))).toEqual([
      `s3:GetObject ${bucket('company1-logs')}/reports/x.txt`,
    ]);

    // Who can assume it: role trust policies must allow the caller.
    // IAM User Guide, "Policy evaluation logic" (role trust policies and KMS key policies must
    // explicitly allow), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    const assume = (principal: string) => ({ principal, action: 'sts:AssumeRole', resource: logsRole });
    allows(engine, assume('ec2.amazonaws.com'));
    denies(engine, assume('lambda.amazonaws.com'), 'implicit-deny');
    const callers = [
      ...allPrincipals(model),
      'ec2.amazonaws.com',
      'lambda.amazonaws.com',
      'ecs-tasks.amazonaws.com',
      'anonymous',
    ];
    expect(callers.filter((p) => engine.decide(assume(p)).decision !== 'deny')).toEqual([
      'ec2.amazonaws.com',
    ]);
  });

  // Session policies cap the role's identity-based permissions:
  // IAM User Guide, "Session policies",
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
  it('3. john cannot PutObject to company1-hr himself; through JohnUploadRole with the session policy he can', () => {
    const john = user('john');
    const uploadRole = role('JohnUploadRole');
    denies(
      engine,
      { principal: john, action: 's3:PutObject', resource: object('company1-hr') },
      'implicit-deny',
    );
    // STS API Reference, "AssumeRole": in the same account, naming the user as principal in the
    // trust policy is enough, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    allows(engine, { principal: john, action: 'sts:AssumeRole', resource: uploadRole });
    // sarah is an administrator, but the trust policy names only john.
    denies(
      engine,
      { principal: user('sarah'), action: 'sts:AssumeRole', resource: uploadRole },
      'implicit-deny',
    );
    denies(engine, { principal: user('Sara-intern'), action: 'sts:AssumeRole', resource: uploadRole });

    const inSession = (action: string, withPolicy: boolean): Request => ({
      principal: uploadRole,
      action,
      resource: object('company1-hr', 'new-file.txt'),
      ...(withPolicy ? { sessionPolicy } : {}),
    });
    allows(engine, inSession('s3:PutObject', true));
    denies(engine, inSession('s3:GetObject', true), 'implicit-deny');
    // Without the session policy the role's own policy allows the read: the session policy is what denies.
    allows(engine, inSession('s3:GetObject', false));
    // Even in the session, the bucket policy's TLS rule holds.
    denies(
      engine,
      { ...inSession('s3:PutObject', true), context: { 'aws:SecureTransport': 'false' } },
      'explicit-deny',
    );
  });

  it('4. only HR members, IT members and JohnUploadRole can s3:GetObject on company1-hr/*, never without TLS', () => {
    const read = (principal: string, context?: Record<string, string>): Request => ({
      principal,
      action: 's3:GetObject',
      resource: object('company1-hr'),
      ...(context ? { context } : {}),
    });
    const readers = allPrincipals(model).filter((p) => engine.decide(read(p)).decision !== 'deny');
    expect(readers).toEqual([role('JohnUploadRole'), user('john'), user('sarah')].sort());
    // Bucket policy: Deny s3:* when aws:SecureTransport is false. An explicit deny wins.
    // IAM User Guide, "AWS global condition context keys" (aws:SecureTransport),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
    for (const p of readers) {
      denies(engine, read(p, { 'aws:SecureTransport': 'false' }), 'explicit-deny');
      allows(engine, read(p, { 'aws:SecureTransport': 'true' }));
    }
    denies(engine, read('anonymous'));
    denies(engine, read('ec2.amazonaws.com'));
  });

  it('5. Developers can start but cannot stop EC2 instances', () => {
    const john = user('john');
    allows(engine, { principal: john, action: 'ec2:StartInstances', resource: instance });
    denies(engine, { principal: john, action: 'ec2:StopInstances', resource: instance }, 'explicit-deny');
    // Deny wins over the Allow ec2:* of the same policy.
    // IAM User Guide, "Policy evaluation logic",
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    denies(engine, { principal: john, action: 'ec2:StopInstances', resource: '*' }, 'explicit-deny');
    // Not a Developer: uploader cannot start either.
    denies(engine, { principal: user('uploader'), action: 'ec2:StartInstances', resource: instance });
  });

  // aws:TokenIssueTime is present only in requests signed with temporary credentials:
  // IAM User Guide, "AWS global condition context keys" (aws:TokenIssueTime),
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
  it('6. uploader can PutObject to company1-uploads only with temporary credentials', () => {
    const uploader = user('uploader');
    const put = (context?: Record<string, string>): Request => ({
      principal: uploader,
      action: 's3:PutObject',
      resource: object('company1-uploads'),
      ...(context ? { context } : {}),
    });
    // An IAM user with long-term keys: no aws:TokenIssueTime, so Null is true and the Allow does not apply.
    denies(engine, put(), 'implicit-deny');
    allows(engine, put({ 'aws:TokenIssueTime': '2025-06-01T11:00:00Z' }));
    allows(engine, {
      principal: uploader,
      action: 's3:ListBucket',
      resource: bucket('company1-uploads'),
      context: { 'aws:TokenIssueTime': '2025-06-01T11:00:00Z' },
    });
    denies(engine, {
      ...put({ 'aws:TokenIssueTime': '2025-06-01T11:00:00Z' }),
      resource: object('company1-hr'),
    });
  });

  it('7. sarah (IT) holds administrator permissions', () => {
    const sarah = user('sarah');
    allows(engine, { principal: sarah, action: 'iam:CreateUser', resource: user('new-user') });
    allows(engine, { principal: sarah, action: 'iam:AttachUserPolicy', resource: user('sarah') });
    allows(engine, { principal: sarah, action: 'ec2:StopInstances', resource: instance });
    denies(engine, { principal: user('john'), action: 'iam:CreateUser', resource: user('new-user') });
  });

  it('company1-sales: its bucket policy lets john do anything, nobody else gets in through it', () => {
    allows(engine, { principal: user('john'), action: 's3:PutObject', resource: object('company1-sales') });
    allows(engine, {
      principal: user('john'),
      action: 's3:DeleteBucket',
      resource: bucket('company1-sales'),
    });
    denies(engine, { principal: 'anonymous', action: 's3:GetObject', resource: object('company1-sales') });
    denies(engine, {
      principal: user('uploader'),
      action: 's3:GetObject',
      resource: object('company1-sales'),
    });
  });

  it('decisions name the CDK constructs that caused them', () => {
    const stop = engine.decide(
      { principal: user('john'), action: 'ec2:StopInstances', resource: instance },
      { trace: true },
    );
    const deny = stop.trace!.find((t) => t.effect === 'Deny' && t.outcome === 'match');
    expect(deny?.statement).toContain('NeverStop');
    expect(deny?.source?.constructPath).toContain('Company1Stack/Developers_Policy');

    const tls = engine.decide(
      {
        principal: user('john'),
        action: 's3:GetObject',
        resource: object('company1-hr'),
        context: { 'aws:SecureTransport': 'false' },
      },
      { trace: true },
    );
    const bucketDeny = tls.trace!.find((t) => t.effect === 'Deny' && t.outcome === 'match');
    expect(bucketDeny?.stage).toBe('resource');
    expect(bucketDeny?.source?.constructPath).toContain('Company1Stack/company1-hr/Policy');

    const intern = engine.decide(
      { principal: user('Sara-intern'), action: 's3:GetObject', resource: object('company1-logs') },
      { trace: true },
    );
    const boundary = intern.trace!.find((t) => t.stage === 'boundary');
    expect(boundary?.source?.constructPath).toContain('Company1Stack/InternBoundaryPolicy');
    const allowedBy = intern.trace!.find((t) => t.effect === 'Allow' && t.outcome === 'match');
    expect(allowedBy?.source?.constructPath).toContain('Company1Stack/Company1-Logs-Policy');
  });
});

// ---------------------------------------------------------------------------------------------
// SCENARIO.md "Mutations that must turn a check red": each flips the decision the intent relies on.

describe('company1 mutations flip the checks', () => {
  const base = engineOf(modelInMemory());
  const mutated = (mutations: Company1Mutations) => engineOf(modelInMemory(mutations));
  const flips = (mutations: Company1Mutations, request: Request) => {
    denies(base, request);
    allows(mutated(mutations), request);
  };

  it('InternBoundaryPolicy with s3:GetObject on company1-logs/* lets Sara-intern read logs (breaks 1)', () => {
    flips(
      { internBoundaryAllowsGetObject: true },
      { principal: user('Sara-intern'), action: 's3:GetObject', resource: object('company1-logs') },
    );
  });

  it('removing the boundary gives Sara-intern all of Developers (breaks 1)', () => {
    const request = { principal: user('Sara-intern'), action: 'ec2:StartInstances', resource: instance };
    flips({ noInternBoundary: true }, request);
    flips(
      { noInternBoundary: true },
      { principal: user('Sara-intern'), action: 's3:PutObject', resource: object('company1-logs') },
    );
  });

  it('a role trusted by EC2 with AmazonS3ReadOnlyAccess reads company1-hr (breaks 4)', () => {
    const extra = role(S3_READ_ONLY_ROLE_NAME);
    const engine = mutated({ ec2RoleWithS3ReadOnly: true });
    allows(engine, { principal: extra, action: 's3:GetObject', resource: object('company1-hr') });
    allows(engine, { principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: extra });
    const readers = allPrincipals(engine.model).filter(
      (p) =>
        engine.decide({ principal: p, action: 's3:GetObject', resource: object('company1-hr') }).decision !==
        'deny',
    );
    expect(readers).toContain(extra);
    expect(readers).not.toEqual([role('JohnUploadRole'), user('john'), user('sarah')].sort());
  });

  it('Principal "*" on company1-sales makes it public (the review must flag it)', () => {
    flips(
      { publicSalesBucket: true },
      { principal: 'anonymous', action: 's3:GetObject', resource: object('company1-sales') },
    );
  });

  it('lambda.amazonaws.com in the trust policy lets Lambda assume Company1-Logs-Role (breaks 2)', () => {
    flips(
      { lambdaTrustsLogsRole: true },
      { principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: role('Company1-Logs-Role') },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Synthesis itself.

describe('company1 synthesis', () => {
  it('is deterministic and carries no machine-specific paths', () => {
    const a = tempDir();
    const b = tempDir();
    createCompany1App({ outdir: a }).app.synth();
    createCompany1App({ outdir: b }).app.synth();
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toEqual(
      expect.arrayContaining(['manifest.json', 'Company1Stack.template.json', 'tree.json']),
    );
    for (const f of files) {
      const text = readFileSync(join(a, f), 'utf8');
      expect(readFileSync(join(b, f), 'utf8'), f).toBe(text);
      expect(text, f).not.toContain(exampleDir);
    }
    const template = JSON.parse(readFileSync(join(a, 'Company1Stack.template.json'), 'utf8'));
    // No bootstrap version parameter/rule, no CDK metadata resource.
    expect(template.Parameters).toBeUndefined();
    expect(template.Rules).toBeUndefined();
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).not.toContain('AWS::CDK::Metadata');
  });

  it('synth.ts writes a cloud assembly that loads into the same model', () => {
    const out = tempDir();
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(exampleDir, 'synth.ts'), '--outdir', out],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const model = fromAssembly(out);
    expect(allPrincipals(model)).toEqual(allPrincipals(modelInMemory()));
    const engine = engineOf(model);
    allows(engine, {
      principal: user('Sara-intern'),
      action: 's3:ListBucket',
      resource: bucket('company1-logs'),
    });
  });
});
