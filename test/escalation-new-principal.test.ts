// Escalation through a new principal of one's own (analysis/escalation-new-principal.ts, the
// table's `new-principal` methods) and through a stopped EC2 instance's user data: before these,
// each was a silent pass of both the review and the spec's `noEscalation`. Each method on a name
// that fits every allowed pattern (`user/new-*`), and near-misses: one permission missing, a
// permissions boundary the condition forces, an explicit Deny of sts:AssumeRole.
//
// Pages:
// - IAM API Reference, CreateUser: "Creates a new IAM user for your AWS account"; CreateAccessKey:
//   "Creates a new AWS secret access key and corresponding AWS access key ID for the specified
//   user"; PutUserPolicy: "Adds or updates an inline policy document that is embedded in the
//   specified IAM user".
// - IAM API Reference, CreateRole, AssumeRolePolicyDocument: "The trust relationship policy
//   document that grants an entity permission to assume the role".
// - IAM API Reference, CreateGroup: "Creates a new group"; AddUserToGroup: "Adds the specified user
//   to the specified group".
// - Service Authorization Reference, IAM condition keys, iam:PermissionsBoundary: "Filters access
//   by whether the specified policy is set as the permissions boundary on the IAM entity (user or
//   role)"; iam:PolicyARN: "Filters access by the ARN of an IAM policy".
// - IAM User Guide, "Policy evaluation logic" (same account): a resource-based policy (the new
//   role's trust, written by its creator) that names the principal grants without an identity Allow.
// - Amazon EC2 API Reference, ModifyInstanceAttribute: "To modify some attributes, the instance must
//   be stopped"; UserData: "Changes the instance's user data to the specified value".

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  policy,
  type StatementJson,
  TestModel,
  testSource,
} from './helpers/engine-fixtures.js';

const NEW_USERS = `arn:aws:iam::${ACCOUNT_A}:user/new-*`;
const NEW_ROLES = `arn:aws:iam::${ACCOUNT_A}:role/new-*`;
const NEW_GROUPS = `arn:aws:iam::${ACCOUNT_A}:group/new-*`;

function verdicts(statements: StatementJson[], o: { boundary?: unknown; instance?: boolean } = {}) {
  const t = new TestModel();
  t.user('dev', {
    inline: [policy(...statements)],
    ...(o.boundary ? { boundary: o.boundary as never } : {}),
  });
  if (o.instance) {
    const admin = t.role('admin', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'ec2.amazonaws.com' } })),
      managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    t.b.addInstanceProfile(admin, {
      name: 'admin-profile',
      arn: `arn:aws:iam::${ACCOUNT_A}:instance-profile/admin-profile`,
      source: testSource('admin-profile'),
      usedBy: [{ kind: 'ec2-instance', name: 'AdminHost', source: testSource('AdminHost') }],
    });
  }
  const engine = t.engine();
  const spec = parseSpec('version: 1\nexpect:\n  - { id: dev, principal: user/dev, noEscalation: true }\n');
  const check = runSpec(engine.model, spec, { engine }).expectations[0]!;
  const findings = reviewRisks(engine).filter(
    (f) => f.kind === 'privilege-escalation' && f.subject === arns.user('dev'),
  );
  return { check: check.status, message: check.checks[0]?.message ?? '', findings };
}

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('a new user, role or group of its own', () => {
  it('CreateUser + PutUserPolicy + CreateAccessKey on user/new-*: high, and noEscalation fails', () => {
    const r = verdicts([allow(['iam:CreateUser', 'iam:PutUserPolicy', 'iam:CreateAccessKey'], NEW_USERS)]);
    expect(r.check).toBe('fail');
    expect(r.message).toContain(`arn:aws:iam::${ACCOUNT_A}:user/new-`);
    const f = r.findings.find((x) => x.detail === 'iam:CreateUser with a policy and credentials of its own');
    expect(f?.severity).toBe('high');
  });

  it('the name fits every pattern: CreateUser on user/new-*, the rest on user/new-a*', () => {
    const r = verdicts([
      allow('iam:CreateUser', NEW_USERS),
      allow(['iam:AttachUserPolicy', 'iam:CreateLoginProfile'], `arn:aws:iam::${ACCOUNT_A}:user/new-a*`),
    ]);
    expect(r.check).toBe('fail');
    expect(r.message).toContain(`user/new-a`);
  });

  it('near-miss: no credentials request, or patterns with no common name', () => {
    expect(verdicts([allow(['iam:CreateUser', 'iam:PutUserPolicy'], NEW_USERS)]).check).toBe('pass');
    const apart = verdicts([
      allow('iam:CreateUser', NEW_USERS),
      allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], `arn:aws:iam::${ACCOUNT_A}:user/old-*`),
    ]);
    expect(apart.check).toBe('pass');
    expect(apart.findings).toEqual([]);
  });

  it('a boundary forced by iam:PermissionsBoundary: not computed (indeterminate, medium: risk-severity.ts indeterminateSeverity), never a pass', () => {
    const r = verdicts([
      allow('iam:CreateUser', NEW_USERS, {
        Condition: {
          StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT_A}:policy/harmless` },
        },
      }),
      allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], NEW_USERS),
    ]);
    expect(r.check).toBe('indeterminate');
    expect(r.findings.map((f) => f.severity)).toEqual(['medium']);
    expect(r.findings[0]!.message).toContain('iam:PermissionsBoundary');
    // the finding's structured indeterminate verdict (analysis/indeterminate.ts) says the same, at dev
    const why = r.findings[0]!.indeterminate?.reasons ?? [];
    expect(why.map((x) => x.text).join(' ')).toContain('iam:PermissionsBoundary');
    expect(why.every((x) => x.source !== undefined)).toBe(true);
  });

  it('AttachUserPolicy limited by iam:PolicyARN to AdministratorAccess is decided with the key set', () => {
    const r = verdicts([
      allow(['iam:CreateUser', 'iam:CreateAccessKey'], NEW_USERS),
      allow('iam:AttachUserPolicy', NEW_USERS, { Condition: { ArnEquals: { 'iam:PolicyARN': ADMIN_ARN } } }),
    ]);
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('CreateRole + PutRolePolicy on role/new-*: the trust it writes lets it in (no sts:AssumeRole Allow needed)', () => {
    const r = verdicts([allow(['iam:CreateRole', 'iam:PutRolePolicy'], NEW_ROLES)]);
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => f.detail)).toContain('iam:CreateRole with a policy and a trust of its own');
  });

  it('near-miss: an explicit Deny of sts:AssumeRole, or no policy request', () => {
    expect(
      verdicts([allow(['iam:CreateRole', 'iam:PutRolePolicy'], NEW_ROLES), deny('sts:AssumeRole', '*')])
        .check,
    ).toBe('pass');
    expect(verdicts([allow(['iam:CreateRole', 'sts:AssumeRole'], NEW_ROLES)]).check).toBe('pass');
  });

  it('CreateGroup + PutGroupPolicy + AddUserToGroup on group/new-*; near-miss without AddUserToGroup', () => {
    const r = verdicts([allow(['iam:CreateGroup', 'iam:PutGroupPolicy', 'iam:AddUserToGroup'], NEW_GROUPS)]);
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => f.detail)).toContain('iam:CreateGroup with a policy, joined by itself');
    expect(verdicts([allow(['iam:CreateGroup', 'iam:PutGroupPolicy'], NEW_GROUPS)]).check).toBe('pass');
  });
});

describe('EC2 user data on an instance with a privileged role', () => {
  const all = ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'];
  it('ModifyInstanceAttribute + StopInstances + StartInstances: an escalation', () => {
    const r = verdicts([allow(all, '*')], { instance: true });
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => f.detail)).toContain(
      'ec2:ModifyInstanceAttribute (user data) on a stopped EC2 instance with a role',
    );
  });
  it('near-miss: without StartInstances', () => {
    const r = verdicts([allow(all.slice(0, 2), '*')], { instance: true });
    expect(r.check).toBe('pass');
    expect(r.findings).toEqual([]);
  });
});
