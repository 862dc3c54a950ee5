// `diff --fail-on risk` when a user that others can take over changes: a principal that may
// create an access key or a console password for user ops (the escalation graph's credentials
// edges, src/analysis/escalation-methods.ts) acts as ops, so when ops gains administrator access
// or an escalation method in the pull request, that principal now reaches it. Before, the diff
// reviewed again only the principals whose own inputs changed (a user's change did not review
// the others, src/analysis/diff/layout.ts `riskContext` held only the users' names) and the
// review's chains ended with no finding at an administrator: the pull request passed with only
// ops's own finding. Now the diff reviews the principals that can take a changed user over
// (src/analysis/diff/risk-takeovers.ts) and a chain that takes an administrator over by a method
// is a finding `administrator access, through a chain` (src/analysis/escalation-chains.ts).
//
// Pages:
// - IAM API Reference, CreateAccessKey: "Creates a new AWS secret access key and corresponding AWS
//   access key ID for the specified user",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// - IAM API Reference, CreateLoginProfile: "Creates a password for the specified IAM user. A
//   password allows an IAM user to access AWS services through the AWS Management Console",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { takeoverReviewers } from '../src/analysis/diff/risk-takeovers.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { ACCOUNT_A } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  createAccessKey:
    'IAM API Reference, CreateAccessKey: "Creates a new AWS secret access key and corresponding AWS access key ID for the specified user"',
  createLoginProfile:
    'IAM API Reference, CreateLoginProfile: "Creates a password for the specified IAM user. A password allows an IAM user to access AWS services through the AWS Management Console"',
};

const ENV = ['--account', ACCOUNT_A, '--region', 'us-east-1'];
const user = (name: string) => `arn:aws:iam::${ACCOUNT_A}:user/${name}`;
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

/**
 * Users dev (may create access keys for ops), qa (may create a console password for dev) and ops
 * (with `opsStatements`).
 */
function template(
  opsStatements: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const inline = (name: string, ...statements: Record<string, unknown>[]) => ({
    Type: 'AWS::IAM::User',
    Properties: { UserName: name, Policies: [{ PolicyName: name, PolicyDocument: doc(...statements) }] },
  });
  return {
    Resources: {
      Dev: inline('dev', {
        Sid: 'TakeOverOps',
        Effect: 'Allow',
        Action: 'iam:CreateAccessKey',
        Resource: user('ops'),
      }),
      Qa: inline('qa', {
        Sid: 'TakeOverDev',
        Effect: 'Allow',
        Action: 'iam:CreateLoginProfile',
        Resource: user('dev'),
      }),
      Ops: inline('ops', ...opsStatements),
      ...extra,
    },
  };
}

const role = (name: string) => `arn:aws:iam::${ACCOUNT_A}:role/${name}`;

/**
 * A role fixer that may create access keys for ops, the user oncall that may assume it, and a
 * bystander that can become neither.
 */
const FIXER = {
  Fixer: {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'fixer',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: user('oncall') },
        Action: 'sts:AssumeRole',
      }),
      Policies: [
        {
          PolicyName: 'fix',
          PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: user('ops') }),
        },
      ],
    },
  },
  Oncall: {
    Type: 'AWS::IAM::User',
    Properties: {
      UserName: 'oncall',
      Policies: [
        {
          PolicyName: 'oncall',
          PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role('fixer') }),
        },
      ],
    },
  },
  Bystander: {
    Type: 'AWS::IAM::User',
    Properties: {
      UserName: 'bystander',
      Policies: [
        {
          PolicyName: 'read',
          PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
        },
      ],
    },
  },
};

const dir = tempDir('iamspec-user-takeover-');
function write(
  name: string,
  opsStatements: Record<string, unknown>[],
  extra?: Record<string, unknown>,
): string {
  return writeFileIn(
    dir,
    `${name}/acme.template.json`,
    JSON.stringify(template(opsStatements, extra), null, 2),
  );
}
const READ = { Sid: 'Read', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' };
const BASE = write('base', [READ]);
const ADMIN = write('admin', [READ, { Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }]);
const SELF = write('self', [
  READ,
  { Sid: 'SelfWrite', Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: user('ops') },
]);

const added = (r: Awaited<ReturnType<typeof riskDiff>>) =>
  r.added.map((f) => [f.kind, f.subject, f.detail ?? '', f.severity]);

describe(`diff --fail-on risk: a user others can take over gains access (${PAGE.createAccessKey})`, () => {
  it('ops becomes an administrator: dev (its access keys) and qa (dev’s password) reach it, each a new finding', async () => {
    const r = await riskDiff(BASE, ADMIN, ...ENV);
    expect(r.code).toBe(1);
    expect(added(r), PAGE.createLoginProfile).toEqual([
      ['admin-equivalent', user('ops'), '', 'high'],
      ['privilege-escalation', user('dev'), 'administrator access, through a chain', 'high'],
      ['privilege-escalation', user('qa'), 'administrator access, through a chain', 'high'],
    ]);
    const dev = r.added[1]!;
    expect(dev.message).toContain('user dev can become user ops, which is administrator-equivalent');
    expect(dev.message).toContain('The path: as user dev, iam:CreateAccessKey on user ops, allowed by');
    // The step's statement (Sid TakeOverOps) and ops's (Sid Admin) are the finding's.
    expect(dev.statements.map((s) => s.source?.logicalId)).toContain('Dev');
    expect(dev.statements.map((s) => s.source?.logicalId)).toContain('Ops');
    const qa = r.added[2]!;
    expect(qa.message).toContain('as user qa, iam:CreateLoginProfile on user dev');
    expect((await riskDiff(ADMIN, BASE, ...ENV)).code).toBe(0);
  });

  it('ops may rewrite its own policy: dev and qa have it through the chain', async () => {
    const r = await riskDiff(BASE, SELF, ...ENV);
    expect(r.code).toBe(1);
    expect(added(r)).toEqual([
      ['privilege-escalation', user('dev'), 'Rhino Security Labs method 10, through a chain', 'high'],
      ['privilege-escalation', user('qa'), 'Rhino Security Labs method 10, through a chain', 'high'],
      ['privilege-escalation', user('ops'), 'Rhino Security Labs method 10', 'high'],
    ]);
  });
});

describe('diff --fail-on risk: a role that can take ops over reviews only who can become it', () => {
  const ADMIN_STATEMENT = { Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' };

  it('the reviewers are the takers and who can become them, not every principal', () => {
    const builder = new ModelBuilder();
    loadTemplateObject(template([READ], FIXER), builder, {
      file: 'acme.template.json',
      account: ACCOUNT_A,
      region: 'us-east-1',
    });
    const reviewers = takeoverReviewers(compileModel(builder.build()), [user('ops')]);
    expect([...reviewers].sort()).toEqual([role('fixer'), user('dev'), user('oncall'), user('qa')].sort());
  });

  it('ops becomes an administrator: fixer and oncall (who assumes fixer) reach it, each a new finding', async () => {
    const base = write('fixer-base', [READ], FIXER);
    const admin = write('fixer-admin', [READ, ADMIN_STATEMENT], FIXER);
    const r = await riskDiff(base, admin, ...ENV);
    expect(r.code).toBe(1);
    // in the order the review lists its findings (the model's: users, then roles)
    expect(added(r)).toEqual([
      ['admin-equivalent', user('ops'), '', 'high'],
      ['privilege-escalation', user('dev'), 'administrator access, through a chain', 'high'],
      ['privilege-escalation', user('qa'), 'administrator access, through a chain', 'high'],
      ['privilege-escalation', user('oncall'), 'administrator access, through a chain', 'high'],
      ['privilege-escalation', role('fixer'), 'administrator access, through a chain', 'high'],
    ]);
  });
});
