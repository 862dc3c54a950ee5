// The review's pass-role step after a role chain (src/analysis/escalation-chains.ts): a user who
// can assume role A, which may pass role R to new compute whose start request A may make, has R's
// escalation, naming each hop (the assume, then the pass) with its statements and their sources.
// Before, a pass-role step was looked for only from the principal itself, so the user had no
// finding (the spec's `noEscalation` follows the escalation graph and saw it) and
// `diff --fail-on risk` passed a PR adding only the trust that lets the user assume A.
//
// Pages:
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-cli.html
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import type { Engine } from '../src/engine/engine.js';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  assume:
    'IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you give up your original permissions and take the permissions assigned to the role"',
  passRole:
    'IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role (and its permissions) to an AWS service, a user must have permissions to pass the role to the service"',
};
const CHAINED_WRITE = 'resource-policy write, through a chain';

function escalations(engine: Engine, principals?: string[]): Map<string, RiskFinding> {
  const out = new Map<string, RiskFinding>();
  for (const f of reviewRisks(engine, undefined, principals ? { principals } : {}))
    if (f.kind === 'privilege-escalation') out.set(`${f.subject} ${f.detail}`, f);
  return out;
}

/** alice may assume deployer, which may pass fn-role to Lambda (and create functions). */
function model(o: { createFunction?: boolean; aliceAssumes?: boolean } = {}) {
  const t = new TestModel();
  t.bucket('data');
  t.user('alice', {
    inline: [policy(allow(o.aliceAssumes === false ? 's3:ListAllMyBuckets' : 'sts:AssumeRole', '*'))],
  });
  t.role('deployer', {
    // Without the first hop: the trust names the account, and alice has no Allow of her own.
    trust: policy(
      allow('sts:AssumeRole', undefined, {
        Principal: { AWS: o.aliceAssumes === false ? arns.root() : arns.user('alice') },
      }),
    ),
    inline: [
      policy(
        allow('iam:PassRole', arns.role('fn-role')),
        ...(o.createFunction === false ? [] : [allow('lambda:CreateFunction', '*')]),
      ),
    ],
  });
  t.role('fn-role', {
    trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
    inline: [policy(allow('s3:PutBucketPolicy', arns.bucket('data')))],
  });
  return t.engine();
}

describe(`review: assume a role, then pass a role from it (${PAGE.passRole})`, () => {
  it('alice → deployer → passes fn-role to a new Lambda function: high, naming both hops, their statements and sources', () => {
    const found = escalations(model());
    // deployer has it one step away (as before).
    expect(found.get(`${arns.role('deployer')} ${CHAINED_WRITE}`)?.severity).toBe('high');
    const f = found.get(`${arns.user('alice')} ${CHAINED_WRITE}`)!;
    expect(f, PAGE.assume).toBeDefined();
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(
      /^user alice can become role fn-role, which can rewrite resource-based policies .*\. The path: sts:AssumeRole into role deployer, allowed by inline policy alice-inline-0 of user alice Statement\[0\] at engine-fixtures\.ts#\/alice-inline-0\/Statement\/0 \(logical id alice-inline-0\), trust policy of role deployer Statement\[0\] at engine-fixtures\.ts#\/deployer-trust\/Statement\/0 \(logical id deployer-trust\); then as role deployer, iam:PassRole \+ lambda:CreateFunction \(lambda\.amazonaws\.com\) with role fn-role, allowed by inline policy deployer-inline-0 of role deployer Statement\[0\] at engine-fixtures\.ts#\/deployer-inline-0\/Statement\/0 \(logical id deployer-inline-0\)/,
    );
    expect(f.message).toMatch(/\[resource-policy write, through a chain\]$/);
    // Each hop's statements (alice's Allow, deployer's trust, deployer's PassRole and
    // CreateFunction statements) and the write's.
    expect(f.statements.map((s) => [s.stage, s.source?.logicalId])).toEqual([
      ['identity', 'alice-inline-0'],
      ['trust', 'deployer-trust'],
      ['identity', 'deployer-inline-0'],
      ['identity', 'deployer-inline-0'],
      ['identity', 'fn-role-inline-0'],
    ]);
  });

  it('the review of alice only (what the diff does) finds it: deployer is reviewed on demand', () => {
    const found = escalations(model(), [arns.user('alice')]);
    expect(found.get(`${arns.user('alice')} ${CHAINED_WRITE}`)?.severity).toBe('high');
  });

  it('without the start request for deployer: indeterminate, medium (risk-severity.ts indeterminateSeverity); without the first hop: none', () => {
    expect(
      escalations(model({ createFunction: false })).get(`${arns.user('alice')} ${CHAINED_WRITE}`)?.severity,
    ).toBe('medium');
    expect(escalations(model({ aliceAssumes: false })).has(`${arns.user('alice')} ${CHAINED_WRITE}`)).toBe(
      false,
    );
  });
});

// --- diff --fail-on risk -------------------------------------------------------------------

const ACCOUNT = '111122223333';
const ENV = ['--account', ACCOUNT, '--region', 'us-east-1'];
const statements = (...s: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: s });

/** dev (a user), role deployer (may pass fn-role to Lambda) and fn-role (may rewrite data's policy). */
function template(trustsDev: boolean): Record<string, unknown> {
  const trust: Record<string, unknown>[] = [
    { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ];
  if (trustsDev)
    trust.push({
      Sid: 'DevAssumes',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dev` },
      Action: 'sts:AssumeRole',
    });
  return {
    Resources: {
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
      Dev: {
        Type: 'AWS::IAM::User',
        Properties: {
          UserName: 'dev',
          Policies: [
            {
              PolicyName: 'dev',
              PolicyDocument: statements({
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: 'arn:aws:s3:::data',
              }),
            },
          ],
        },
      },
      Deployer: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'deployer',
          AssumeRolePolicyDocument: statements(...trust),
          Policies: [
            {
              PolicyName: 'deployer',
              PolicyDocument: statements(
                {
                  Sid: 'Pass',
                  Effect: 'Allow',
                  Action: 'iam:PassRole',
                  Resource: `arn:aws:iam::${ACCOUNT}:role/fn-role`,
                },
                { Sid: 'Create', Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' },
              ),
            },
          ],
        },
      },
      FnRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'fn-role',
          AssumeRolePolicyDocument: statements({
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          }),
          Policies: [
            {
              PolicyName: 'fn-role',
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

const dir = tempDir('iamspec-chain-pass-role-');
function write(name: string, trustsDev: boolean): string {
  return writeFileIn(dir, `${name}/acme.template.json`, JSON.stringify(template(trustsDev), null, 2));
}
const BASE = write('base', false);
const TRUST = write('trust', true);

const addedRisks = (base: string, next: string) => riskDiff(base, next, ...ENV);

describe('diff --fail-on risk: the first hop to a role that may pass an escalating role', () => {
  it("a PR adding only the trust that lets dev assume deployer exits 1 with dev's finding; the reverse exits 0", async () => {
    const r = await addedRisks(BASE, TRUST);
    expect(r.code, PAGE.passRole).toBe(1);
    // deployer's own pass-role edge (iam:PassRole + lambda:CreateFunction, the escalation graph's
    // edge, escalation-methods.ts) reaches dev too, and fn-role's resource-policy write.
    expect(r.added.map((f) => [f.subject, f.detail, f.severity])).toEqual([
      [
        `arn:aws:iam::${ACCOUNT}:user/dev`,
        'iam:PassRole to new lambda.amazonaws.com compute, through a chain',
        'medium',
      ],
      [`arn:aws:iam::${ACCOUNT}:user/dev`, CHAINED_WRITE, 'high'],
    ]);
    const write = r.added[1]!;
    expect(write.message).toContain('Sid "DevAssumes"');
    expect(write.message).toContain('Sid "Pass"');
    // The passing session is named: deployer, reached by dev's assume.
    expect(write.message).toContain('then as role deployer, iam:PassRole + lambda:CreateFunction');
    expect((await addedRisks(TRUST, BASE)).code).toBe(0);
  });
});
