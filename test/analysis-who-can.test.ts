// who-can: every principal that can perform one request, directly, through role chains, and
// services through roles, each with its path and the statements along it.

import { describe, expect, it } from 'vitest';
import { whoCan } from '../src/analysis/who-can.js';
import type { WhoCanEntry } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { arn as c1, buildCompany1 } from './helpers/company1.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

const DOC = {
  methods:
    'IAM User Guide, "Methods to assume a role", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html',
  switch:
    'IAM User Guide, "Grant a user permissions to switch roles", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html',
  ec2: 'IAM User Guide, "Use an IAM role to grant permissions to applications running on Amazon EC2 instances", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
  secureTransport:
    'IAM User Guide, "AWS global condition context keys" (aws:SecureTransport), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport',
};

const label = (e: WhoCanEntry) =>
  [e.principal, ...e.path.map((h) => h.role)].map((a) => a.slice(a.lastIndexOf('/') + 1)).join(' → ');

describe('whoCan on company1', () => {
  it('s3:GetObject on company1-hr/*: HR (john), IT (sarah), JohnUploadRole, and john through JohnUploadRole', () => {
    // Issue 6 "Done when"; SCENARIO.md intended access 4 (never without TLS: DOC.secureTransport,
    // the bucket policy denies aws:SecureTransport false, so with the context free the access is
    // conditional).
    const engine = compileModel(buildCompany1());
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::company1-hr/*');
    expect(r.entries.map(label)).toEqual(['john', 'john → JohnUploadRole', 'sarah', 'JohnUploadRole']);
    for (const e of r.entries) {
      expect(e.access, DOC.secureTransport).toBe('conditional');
      expect(e.conditions.join(' ')).toContain('aws:SecureTransport');
    }
    const [john, johnViaRole, sarah, role] = r.entries;
    expect(john!.kind).toBe('user');
    // users name their groups: john reads as an HR member, sarah as IT
    expect(john!.groups).toEqual(expect.arrayContaining(['HR', 'Developers']));
    expect(sarah!.groups).toEqual(['IT']);
    expect(role!.groups).toBeUndefined();
    expect(john!.final.grants.map((g) => g.policy)).toEqual([expect.stringContaining('HRPolicy')]);
    expect(sarah!.final.grants.map((g) => g.policy)).toEqual([
      expect.stringContaining('AdministratorAccess'),
    ]);
    expect(role!.kind).toBe('role');
    // The path: john calls sts:AssumeRole on JohnUploadRole, allowed by its trust policy (DOC.switch).
    expect(johnViaRole!.principal).toBe(c1.user('john'));
    expect(johnViaRole!.path).toHaveLength(1);
    expect(johnViaRole!.path[0]).toMatchObject({
      from: c1.user('john'),
      role: c1.role('JohnUploadRole'),
      access: 'allow',
    });
    expect(johnViaRole!.path[0]!.grants[0]!.stage, DOC.switch).toBe('trust');
    expect(johnViaRole!.final.grants.map((g) => g.policy)).toEqual([
      expect.stringContaining('SessionPolicy-UploadFile'),
    ]);
  });

  it('with aws:SecureTransport pinned true the same principals are allowed outright; pinned false nobody is', () => {
    const engine = compileModel(buildCompany1());
    const tls = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::company1-hr/*', {
      context: { 'aws:SecureTransport': 'true' },
    });
    expect(tls.entries.map((e) => [label(e), e.access])).toEqual([
      ['john', 'allow'],
      ['john → JohnUploadRole', 'allow'],
      ['sarah', 'allow'],
      ['JohnUploadRole', 'allow'],
    ]);
    const plain = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::company1-hr/*', {
      context: { 'aws:SecureTransport': 'false' },
    });
    expect(plain.entries).toEqual([]);
  });

  it('the EC2 service through the instance profile of log-processor reads company1-logs', () => {
    // DOC.ec2.
    const engine = compileModel(buildCompany1());
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::company1-logs/app.log');
    const ec2 = r.entries.filter((e) => e.kind === 'service');
    expect(ec2, DOC.ec2).toHaveLength(1);
    expect(ec2[0]).toMatchObject({
      principal: 'ec2.amazonaws.com',
      access: 'allow',
      via: 'EC2 instance log-processor through instance profile Company1-Logs-Profile',
    });
    expect(ec2[0]!.path.map((h) => [h.from, h.role])).toEqual([
      ['ec2.amazonaws.com', c1.role('Company1-Logs-Role')],
    ]);
    // Sara-intern's boundary allows only ListBucket.
    expect(r.entries.map(label)).not.toContain('Sara-intern');
  });

  it('mutation "a role trusted by EC2 with AmazonS3ReadOnlyAccess": the role and EC2 through it read company1-hr', () => {
    const engine = compileModel(buildCompany1({ ec2RoleWithS3ReadOnly: true }));
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::company1-hr/*');
    expect(r.entries.map(label)).toContain('Reader');
    const viaService = r.entries.find((e) => e.principal === 'ec2.amazonaws.com');
    expect(viaService?.path.map((h) => h.role)).toEqual([c1.role('Reader')]);
    expect(viaService?.via).toContain('no instance profile of the model holds it');
  });

  it('mutation "lambda.amazonaws.com in the Logs role trust policy": Lambda appears', () => {
    const engine = compileModel(buildCompany1({ lambdaTrustsLogsRole: true }));
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::company1-logs/x');
    expect(r.entries.filter((e) => e.kind === 'service').map((e) => e.principal)).toEqual([
      'ec2.amazonaws.com',
      'lambda.amazonaws.com',
    ]);
  });
});

describe('whoCan through chains (DOC.methods)', () => {
  it('user → role → role, with the statements of each hop', () => {
    const t = new TestModel();
    const dev = t.user('dev', { inline: [policy(allow('sts:AssumeRole', arns.role('A')))] });
    t.role('A', {
      trust: policy(
        allow('sts:AssumeRole', undefined, { Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` } }),
      ),
      inline: [policy(allow('sts:AssumeRole', arns.role('B')))],
    });
    t.role('B', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.role('A') } })),
      inline: [policy(allow('dynamodb:GetItem', '*'))],
    });
    const engine = t.engine();
    const r = whoCan(engine, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-west-2:111122223333:table/T');
    expect(r.entries.map(label), DOC.methods).toEqual(['dev → A → B', 'A → B', 'B']);
    const devEntry = r.entries[0]!;
    expect(devEntry.principal).toBe(dev);
    // Hop 1: dev's own policy and the trust policy naming the account; hop 2: A's policy and B's trust.
    expect(devEntry.path[0]!.grants.map((g) => g.stage).sort()).toEqual(['identity', 'trust']);
    expect(devEntry.path[1]!.grants.map((g) => g.stage).sort()).toEqual(['identity', 'trust']);
    expect(
      whoCan(engine, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-west-2:111122223333:table/T', {
        direct: true,
      }).entries.map(label),
    ).toEqual(['B']);
  });
});
