// The company1 scenario (../shared/SCENARIO.md) decided by the engine: the intended access 1–7
// in non-exhaustive forms (a fixed sample of actions, resources and principals), and every
// mutation listed under "Mutations that must turn a check red" flipping the decision it breaks.

import { describe, expect, it } from 'vitest';
import { compileModel, type Engine } from '../src/engine/index.js';
import type { Decision, RequestContext } from '../src/engine/types.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, arn, buildCompany1, type Company1Mutations, SESSION_POLICY } from './helpers/company1.js';

const TLS: RequestContext = { 'aws:SecureTransport': 'true' };
const NO_TLS: RequestContext = { 'aws:SecureTransport': 'false' };
const EXTERNAL_USER = 'arn:aws:iam::999988887777:user/partner';
const INSTANCE = `arn:aws:ec2:us-west-2:${ACCOUNT}:instance/i-0123456789abcdef0`;
const johnSession = `arn:aws:sts::${ACCOUNT}:assumed-role/JohnUploadRole/john`;

const obj = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const LOGS = arn.bucket('company1-logs');
const LOGS_OBJ = obj('company1-logs', '2024/05/01/app.log');
const HR = arn.bucket('company1-hr');
const HR_OBJ = obj('company1-hr', 'salaries.xlsx');
const HR_NEW = obj('company1-hr', 'new-file.txt');
const SALES_OBJ = obj('company1-sales', 'q1.csv');
const UPLOADS_OBJ = obj('company1-uploads', 'drop.bin');

/** A fixed sample of actions and resources for the "exactly" intents (non-exhaustive form). */
const SAMPLE_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:DeleteObject',
  's3:GetBucketPolicy',
  'ec2:StartInstances',
  'ec2:StopInstances',
  'ec2:DescribeInstances',
  'iam:CreateUser',
  'iam:PassRole',
  'sts:AssumeRole',
  'kms:Decrypt',
];
const SAMPLE_RESOURCES = [
  LOGS,
  LOGS_OBJ,
  HR,
  HR_OBJ,
  arn.bucket('company1-sales'),
  SALES_OBJ,
  arn.bucket('company1-uploads'),
  UPLOADS_OBJ,
  INSTANCE,
  arn.role('Company1-Logs-Role'),
  arn.role('JohnUploadRole'),
  '*',
];

const engineOf = (m: Company1Mutations = {}) => compileModel(buildCompany1(m));

function d(
  e: Engine,
  principal: string,
  action: string,
  resource: string,
  context: RequestContext = TLS,
  sessionPolicy?: unknown,
): Decision {
  return e.decide({ principal, action, resource, context, ...(sessionPolicy ? { sessionPolicy } : {}) });
}
const v = (...args: Parameters<typeof d>) => d(...args).decision;

/** Every (action, resource) of the sample the principal is allowed. */
function allowedPairs(e: Engine, principal: string): string[] {
  const out: string[] = [];
  for (const a of SAMPLE_ACTIONS)
    for (const r of SAMPLE_RESOURCES) if (v(e, principal, a, r) === 'allow') out.push(`${a} ${r}`);
  return out;
}

/** The principals of the model (users, roles), plus services, anonymous and an external user. */
function candidates(model: Model): string[] {
  return [
    ...model.users.map((u) => u.arn),
    ...model.roles.map((r) => r.arn),
    'ec2.amazonaws.com',
    'lambda.amazonaws.com',
    'anonymous',
    EXTERNAL_USER,
  ];
}

function whoCan(model: Model, action: string, resource: string, context: RequestContext = TLS): string[] {
  const e = compileModel(model);
  return candidates(model).filter((p) => v(e, p, action, resource, context) === 'allow');
}

describe('company1 intended access (SCENARIO.md "Intended access")', () => {
  const e = engineOf();
  const model = buildCompany1();

  it('1. Sara-intern can do exactly one thing: s3:ListBucket on company1-logs', () => {
    expect(allowedPairs(e, arn.user('Sara-intern'))).toEqual([`s3:ListBucket ${LOGS}`]);
    // Her groups allow more (Developers: ec2:*, logs read/write, sales read); the boundary caps it.
    expect(d(e, arn.user('Sara-intern'), 's3:GetObject', LOGS_OBJ)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
  });

  it('2. Company1-Logs-Role can do exactly s3:GetObject on company1-logs/*, and only ec2.amazonaws.com can assume it', () => {
    const role = arn.role('Company1-Logs-Role');
    expect(allowedPairs(e, role)).toEqual([`s3:GetObject ${LOGS_OBJ}`]);
    expect(
      v(e, `arn:aws:sts::${ACCOUNT}:assumed-role/Company1-Logs-Role/i-0123`, 's3:GetObject', LOGS_OBJ),
    ).toBe('allow');
    expect(whoCan(model, 'sts:AssumeRole', role)).toEqual(['ec2.amazonaws.com']);
  });

  it('3. john cannot s3:PutObject to company1-hr himself; through JohnUploadRole with the session policy he can; GetObject is denied in that session', () => {
    const john = arn.user('john');
    expect(d(e, john, 's3:PutObject', HR_NEW)).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
    expect(v(e, john, 'sts:AssumeRole', arn.role('JohnUploadRole'))).toBe('allow');
    for (const session of [arn.role('JohnUploadRole'), johnSession]) {
      expect(v(e, session, 's3:PutObject', HR_NEW, TLS, SESSION_POLICY), session).toBe('allow');
      expect(v(e, session, 's3:GetObject', HR_OBJ, TLS, SESSION_POLICY), session).toBe('deny');
      expect(v(e, session, 's3:ListBucket', HR, TLS, SESSION_POLICY), session).toBe('deny');
      // The session policy is what denies it: the role itself may read.
      expect(v(e, session, 's3:GetObject', HR_OBJ), session).toBe('allow');
    }
  });

  it('4. only HR members, IT members and JohnUploadRole can s3:GetObject on company1-hr/*, and never without TLS', () => {
    expect(whoCan(model, 's3:GetObject', HR_OBJ).sort()).toEqual(
      [arn.user('john'), arn.user('sarah'), arn.role('JohnUploadRole')].sort(),
    );
    expect(whoCan(model, 's3:GetObject', HR_OBJ, NO_TLS)).toEqual([]);
    expect(d(e, arn.user('john'), 's3:GetObject', HR_OBJ, NO_TLS)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(d(e, arn.user('sarah'), 's3:GetObject', HR_OBJ, NO_TLS).reason).toBe('explicit-deny');
  });

  it('5. Developers can start but cannot stop EC2 instances', () => {
    expect(v(e, arn.user('john'), 'ec2:StartInstances', INSTANCE)).toBe('allow');
    expect(d(e, arn.user('john'), 'ec2:StopInstances', INSTANCE)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(d(e, arn.user('Sara-intern'), 'ec2:StopInstances', INSTANCE).reason).toBe('explicit-deny');
    // Sara-intern's boundary keeps her from starting instances too (intent 1).
    expect(v(e, arn.user('Sara-intern'), 'ec2:StartInstances', INSTANCE)).toBe('deny');
  });

  it('6. uploader can s3:PutObject to company1-uploads only with temporary credentials', () => {
    const uploader = arn.user('uploader');
    expect(d(e, uploader, 's3:PutObject', UPLOADS_OBJ)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    const temporary = { ...TLS, 'aws:TokenIssueTime': '2024-05-01T10:00:00Z' };
    expect(v(e, uploader, 's3:PutObject', UPLOADS_OBJ, temporary)).toBe('allow');
    expect(v(e, uploader, 's3:PutObject', LOGS_OBJ, temporary)).toBe('deny');
  });

  it('7. sarah (IT, AdministratorAccess) is allowed administrator actions, iam:* included', () => {
    const sarah = arn.user('sarah');
    for (const [a, r] of [
      ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/new`],
      ['iam:AttachUserPolicy', arn.user('Sara-intern')],
      ['iam:PutRolePolicy', arn.role('Company1-Logs-Role')],
      ['iam:PassRole', arn.role('Company1-Logs-Role')],
      ['s3:DeleteBucket', HR],
      ['ec2:TerminateInstances', INSTANCE],
    ] as const) {
      expect(v(e, sarah, a, r), a).toBe('allow');
    }
    // Administrator is not above an explicit deny (Developers' DenyStop does not apply to her).
    expect(v(e, sarah, 'ec2:StopInstances', INSTANCE)).toBe('allow');
  });
});

describe('company1 mutations turn a check red (SCENARIO.md "Mutations that must turn a check red")', () => {
  it('InternBoundaryPolicy gains s3:GetObject on company1-logs/* (breaks 1)', () => {
    const intern = arn.user('Sara-intern');
    expect(v(engineOf(), intern, 's3:GetObject', LOGS_OBJ)).toBe('deny');
    const e = engineOf({ internBoundaryGetObject: true });
    expect(v(e, intern, 's3:GetObject', LOGS_OBJ)).toBe('allow');
    expect(allowedPairs(e, intern)).toEqual([`s3:GetObject ${LOGS_OBJ}`, `s3:ListBucket ${LOGS}`].sort());
  });

  it("removing Sara-intern's permissions boundary (breaks 1)", () => {
    const intern = arn.user('Sara-intern');
    const e = engineOf({ removeInternBoundary: true });
    expect(v(e, intern, 's3:GetObject', LOGS_OBJ)).toBe('allow');
    expect(v(e, intern, 'ec2:StartInstances', INSTANCE)).toBe('allow');
    expect(v(e, intern, 's3:GetObject', SALES_OBJ)).toBe('allow');
    expect(allowedPairs(e, intern).length).toBeGreaterThan(1);
  });

  it('a role trusted by EC2 with AWS managed AmazonS3ReadOnlyAccess reads company1-hr (breaks 4)', () => {
    const mutated = buildCompany1({ ec2RoleWithS3ReadOnly: true });
    const readers = whoCan(mutated, 's3:GetObject', HR_OBJ);
    expect(readers).toContain(arn.role('Reader'));
    expect(readers).not.toEqual(whoCan(buildCompany1(), 's3:GetObject', HR_OBJ));
    expect(whoCan(mutated, 'sts:AssumeRole', arn.role('Reader'))).toEqual(['ec2.amazonaws.com']);
  });

  it("company1-sales's bucket policy principal becomes * (a public bucket)", () => {
    const base = engineOf();
    const e = engineOf({ publicSalesBucket: true });
    expect(v(base, 'anonymous', 's3:GetObject', SALES_OBJ)).toBe('deny');
    expect(v(e, 'anonymous', 's3:GetObject', SALES_OBJ)).toBe('allow');
    expect(v(base, EXTERNAL_USER, 's3:GetObject', SALES_OBJ)).toBe('deny');
    expect(d(e, EXTERNAL_USER, 's3:DeleteObject', SALES_OBJ)).toEqual({
      decision: 'allow',
      reason: 'allowed',
      external: true,
    });
  });

  it("lambda.amazonaws.com added to Company1-Logs-Role's trust policy (breaks 2)", () => {
    const role = arn.role('Company1-Logs-Role');
    expect(v(engineOf(), 'lambda.amazonaws.com', 'sts:AssumeRole', role)).toBe('deny');
    const mutated = buildCompany1({ lambdaTrustsLogsRole: true });
    expect(whoCan(mutated, 'sts:AssumeRole', role).sort()).toEqual([
      'ec2.amazonaws.com',
      'lambda.amazonaws.com',
    ]);
  });
});
