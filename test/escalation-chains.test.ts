// The review's escalation findings that take more than one step (src/analysis/escalation-chains.ts):
// a user or role that can become a role (sts:AssumeRole, in chains; or by passing the role to new
// compute it starts) that has an escalation of its own (a Rhino Security Labs method, a
// resource-policy write, tagging itself, an Organizations policy change) gets that escalation
// too, naming the path (each step with its statements and where they are written) and keeping
// the role's severity when every step is allowed. Before, the review looked one step only: a user
// who could assume a role able to rewrite a bucket policy had no finding (only the spec's
// `noEscalation` saw it), and so `diff --fail-on risk` passed a PR adding that trust.
//
// Pages:
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-cli.html
// - IAM User Guide, "Methods to assume a role": role chaining, a role session assuming a further
//   role, https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
// - IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to
//   check whether the request was sent using TLS",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { describe, expect, it } from 'vitest';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  assume:
    'IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you give up your original permissions and take the permissions assigned to the role"',
  chaining:
    'IAM User Guide, "Methods to assume a role": a role session can assume a further role (role chaining)',
  passRole:
    'IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role (and its permissions) to an AWS service, a user must have permissions to pass the role to the service"',
  tls: 'IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to check whether the request was sent using TLS"',
};

const WRITE = 'resource-policy write';
const CHAINED_WRITE = 'resource-policy write, through a chain';

const trusting = (principal: string, extra: Record<string, unknown> = {}) =>
  policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: principal }, ...extra }));

const escalations = escalationFindings;
const noEscalation = noEscalationCheck;

/** alice may assume role writer (named by its trust), which may write the data bucket's policy. */
function model(
  o: { trustExtra?: Record<string, unknown>; aliceStatements?: Record<string, unknown>[] } = {},
) {
  const t = new TestModel();
  t.bucket('data');
  t.user('alice', {
    inline: [policy(allow('sts:AssumeRole', arns.role('writer')), ...(o.aliceStatements ?? []))],
  });
  t.user('bob', { inline: [policy(allow('s3:ListAllMyBuckets', '*'))] });
  t.role('writer', {
    trust: trusting(arns.user('alice'), o.trustExtra),
    inline: [policy(allow('s3:PutBucketPolicy', arns.bucket('data')))],
  });
  return t;
}

describe(`review: an escalation of a role one can become is one's own (${PAGE.assume})`, () => {
  it('alice assumes writer, which may rewrite the bucket policy: high, naming each step, its statements and sources', () => {
    const found = escalations(model().engine());
    // The role's own finding is unchanged.
    expect(found.get(`${arns.role('writer')} ${WRITE}`)?.severity).toBe('high');
    const f = found.get(`${arns.user('alice')} ${CHAINED_WRITE}`)!;
    expect(f, PAGE.assume).toBeDefined();
    expect(f.severity).toBe('high');
    expect(f.message).toBe(
      'user alice can become role writer, which can rewrite resource-based policies and so grant itself (or others) access it is denied now: s3:PutBucketPolicy on data, to grant itself s3:GetObject. The path: sts:AssumeRole into role writer, allowed by inline policy alice-inline-0 of user alice Statement[0] at engine-fixtures.ts#/alice-inline-0/Statement/0 (logical id alice-inline-0), trust policy of role writer Statement[0] at engine-fixtures.ts#/writer-trust/Statement/0 (logical id writer-trust) [resource-policy write, through a chain]',
    );
    // The hop's statements (alice's Allow, the trust) and the write's.
    expect(f.statements.map((s) => [s.stage, s.source?.logicalId])).toEqual([
      ['identity', 'alice-inline-0'],
      ['trust', 'writer-trust'],
      ['identity', 'writer-inline-0'],
    ]);
    // Nobody else reaches writer.
    expect([...found.keys()].filter((k) => k.endsWith('through a chain'))).toEqual([
      `${arns.user('alice')} ${CHAINED_WRITE}`,
    ]);
  });

  it('agrees with the spec: noEscalation of alice fails through the same role', () => {
    const check = noEscalation(model().engine(), 'user/alice');
    expect(check.status).toBe('fail');
    expect(check.message).toContain('sts:AssumeRole → arn:aws:iam::111122223333:role/writer');
    expect(check.message).toContain('role/writer can s3:PutBucketPolicy');
  });

  it(`two hops: bob → hub → writer names both (${PAGE.chaining})`, () => {
    const t = new TestModel();
    t.bucket('data');
    t.user('bob', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    t.role('hub', { trust: trusting(arns.user('bob')), inline: [policy(allow('sts:AssumeRole', '*'))] });
    t.role('writer', {
      trust: trusting(arns.role('hub')),
      inline: [policy(allow('s3:PutBucketPolicy', arns.bucket('data')))],
    });
    const found = escalations(t.engine());
    const f = found.get(`${arns.user('bob')} ${CHAINED_WRITE}`)!;
    expect(f, PAGE.chaining).toBeDefined();
    expect(f.message).toMatch(
      /^user bob can become role writer, which can rewrite .*\. The path: sts:AssumeRole into role hub, .*; then sts:AssumeRole into role writer, /,
    );
    // hub has it one step away.
    expect(found.get(`${arns.role('hub')} ${CHAINED_WRITE}`)?.message).toMatch(
      /^role hub can become role writer, which .*\. The path: sts:AssumeRole into role writer, /,
    );
  });

  it('a hop under a real condition (MFA): one step lower, medium (risk-severity.ts conditionalSeverity; was low); under a TLS-only condition: high as if unconditional (PAGE.tls)', () => {
    const mfa = escalations(
      model({ trustExtra: { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } }).engine(),
    ).get(`${arns.user('alice')} ${CHAINED_WRITE}`)!;
    expect(mfa.severity).toBe('medium');
    expect(mfa.message).toContain('aws:MultiFactorAuthPresent');
    const tls = escalations(
      model({ trustExtra: { Condition: { Bool: { 'aws:SecureTransport': 'true' } } } }).engine(),
    ).get(`${arns.user('alice')} ${CHAINED_WRITE}`)!;
    expect(tls.severity, PAGE.tls).toBe('high');
  });

  it('no chained write finding when alice can already make every request the write gains the role', () => {
    const found = escalations(
      model({ aliceStatements: [allow('s3:*', [arns.bucket('data'), `${arns.bucket('data')}/*`])] }).engine(),
    );
    expect(found.has(`${arns.user('alice')} ${CHAINED_WRITE}`)).toBe(false);
  });

  it("no chained finding where the start's own finding of the same kind says it already", () => {
    const found = escalations(
      model({ aliceStatements: [allow('s3:PutBucketPolicy', arns.bucket('data'))] }).engine(),
    );
    expect(found.get(`${arns.user('alice')} ${WRITE}`)?.severity).toBe('high');
    expect(found.has(`${arns.user('alice')} ${CHAINED_WRITE}`)).toBe(false);
  });

  it('no finding when the hop is denied (an explicit Deny of sts:AssumeRole)', () => {
    const found = escalations(model({ aliceStatements: [deny('sts:AssumeRole', '*')] }).engine());
    expect(found.has(`${arns.user('alice')} ${CHAINED_WRITE}`)).toBe(false);
  });

  it('one rule for every escalation: a Rhino method and self-tagging of the role come through the chain too', () => {
    const t = new TestModel();
    t.user('alice', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    t.role('ops', {
      trust: trusting(arns.user('alice')),
      tags: { team: 'dev' },
      inline: [
        policy(
          allow('iam:PutRolePolicy', arns.role('ops')),
          allow('iam:TagRole', arns.role('ops')),
          allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } } }),
        ),
      ],
    });
    const found = escalations(t.engine());
    expect(found.get(`${arns.user('alice')} Rhino Security Labs method 12, through a chain`)?.severity).toBe(
      'high',
    );
    const tag = found.get(`${arns.user('alice')} self-tagging, through a chain`)!;
    expect(tag.severity).toBe('medium');
    expect(tag.message).toContain('which can change its own tags (iam:TagRole on itself)');
  });

  it('the review of some principals only (what the diff does) still finds it: the role is reviewed on demand', () => {
    const found = escalations(model().engine(), [arns.user('alice')]);
    expect(found.get(`${arns.user('alice')} ${CHAINED_WRITE}`)?.severity).toBe('high');
    expect(found.has(`${arns.role('writer')} ${WRITE}`)).toBe(false);
  });

  it('an administrator-equivalent start has no chained finding (its administrator finding says it)', () => {
    const found = escalations(model({ aliceStatements: [allow('*', '*')] }).engine());
    expect([...found.keys()].some((k) => k.startsWith(arns.user('alice')))).toBe(false);
  });
});

describe(`review: passing a role to new compute is a step too (${PAGE.passRole})`, () => {
  function passModel(createFunction: boolean) {
    const t = new TestModel();
    t.bucket('data');
    t.user('deployer', {
      inline: [
        policy(
          allow('iam:PassRole', arns.role('fn-role')),
          ...(createFunction ? [allow('lambda:CreateFunction', '*')] : []),
        ),
      ],
    });
    t.role('fn-role', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
      inline: [policy(allow('s3:PutBucketPolicy', arns.bucket('data')))],
    });
    return t.engine();
  }

  it('iam:PassRole + lambda:CreateFunction with a role that may rewrite the bucket policy: high, naming the pass', () => {
    const f = escalations(passModel(true)).get(`${arns.user('deployer')} ${CHAINED_WRITE}`)!;
    expect(f, PAGE.passRole).toBeDefined();
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(
      /^user deployer can become role fn-role, which .*\. The path: as user deployer, iam:PassRole \+ lambda:CreateFunction \(lambda\.amazonaws\.com\) with role fn-role, allowed by inline policy deployer-inline-0 of user deployer Statement\[0\]/,
    );
  });

  it('iam:PassRole without a request that starts compute: indeterminate, medium by risk-severity.ts indeterminateSeverity (the start may exist under names the probe lacks)', () => {
    const f = escalations(passModel(false)).get(`${arns.user('deployer')} ${CHAINED_WRITE}`)!;
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('no start request allowed on a new resource');
  });
});

describe(`review: escalation severities under the TLS-only assumption (${PAGE.tls})`, () => {
  it('a Rhino method allowed but for a TLS-only Deny keeps its severity (was low)', () => {
    const t = new TestModel();
    t.user('self', {
      inline: [
        policy(
          allow('iam:PutUserPolicy', arns.user('self')),
          deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ),
      ],
    });
    t.user('mfa', {
      inline: [
        policy(
          allow('iam:PutUserPolicy', arns.user('mfa'), {
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          }),
        ),
      ],
    });
    const found = escalations(t.engine());
    const tls = found.get(`${arns.user('self')} Rhino Security Labs method 10`)!;
    expect(tls.severity, PAGE.tls).toBe('high');
    expect(tls.message).toContain('aws:SecureTransport');
    // A condition on who or how authenticated is still a real one: one step lower
    // (risk-severity.ts conditionalSeverity).
    expect(found.get(`${arns.user('mfa')} Rhino Security Labs method 10`)?.severity).toBe('medium');
  });
});

// --- diff --fail-on risk -------------------------------------------------------------------

const ACCOUNT = '111122223333';
const ENV = ['--account', ACCOUNT, '--region', 'us-east-1'];
const statements = (...s: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: s });

/** dev (a user) and role writer, which may rewrite the data bucket's policy. */
function template(o: { trustsDev?: boolean; devAssumes?: boolean }): Record<string, unknown> {
  const trust: Record<string, unknown>[] = [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ];
  if (o.trustsDev)
    trust.push({
      Sid: 'DevAssumes',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dev` },
      Action: 'sts:AssumeRole',
    });
  else trust.push({ Sid: 'Account', Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' });
  const dev: Record<string, unknown>[] = [
    { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' },
  ];
  if (o.devAssumes)
    dev.push({
      Sid: 'Assume',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: `arn:aws:iam::${ACCOUNT}:role/writer`,
    });
  return {
    Resources: {
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
      Dev: {
        Type: 'AWS::IAM::User',
        Properties: {
          UserName: 'dev',
          Policies: [{ PolicyName: 'dev', PolicyDocument: statements(...dev) }],
        },
      },
      Writer: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'writer',
          AssumeRolePolicyDocument: statements(...trust),
          Policies: [
            {
              PolicyName: 'writer',
              PolicyDocument: statements({
                Sid: 'WritePolicy',
                Effect: 'Allow',
                Action: 's3:PutBucketPolicy',
                Resource: 'arn:aws:s3:::data',
              }),
            },
          ],
        },
      },
    },
  };
}

const dir = tempDir('iamspec-escalation-chains-');
function write(name: string, o: Parameters<typeof template>[0]): string {
  return writeFileIn(dir, `${name}/acme.template.json`, JSON.stringify(template(o), null, 2));
}
const BASE = write('base', {});
const TRUST = write('trust', { trustsDev: true });
const ASSUME = write('assume', { devAssumes: true });

const addedRisks = (base: string, next: string) => riskDiff(base, next, ...ENV);

describe('diff --fail-on risk: the first hop to a role that could already escalate', () => {
  it("a PR adding only the trust that lets dev assume writer exits 1 with dev's chained finding; the reverse exits 0", async () => {
    const r = await addedRisks(BASE, TRUST);
    expect(r.code, PAGE.assume).toBe(1);
    expect(r.added.map((f) => [f.subject, f.detail, f.severity])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/dev`, CHAINED_WRITE, 'high'],
    ]);
    expect(r.added[0]!.message).toContain('Sid "DevAssumes"');
    expect((await addedRisks(TRUST, BASE)).code).toBe(0);
  });

  it("a PR changing only dev's policy (writer's trust names the account) exits 1: writer is reviewed on demand", async () => {
    const r = await addedRisks(BASE, ASSUME);
    expect(r.code).toBe(1);
    expect(r.added.map((f) => [f.subject, f.detail, f.severity])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/dev`, CHAINED_WRITE, 'high'],
    ]);
    expect(r.added[0]!.message).toContain('Sid "Assume"');
  });

  it('no change: exit 0', async () => {
    expect((await addedRisks(TRUST, TRUST)).code).toBe(0);
  });
});
