// The open-account stand-ins (src/model/open-accounts.ts) in the reports: what the label says
// of the unstated deploying account (the placeholder `000000000000`, src/model/stand-ins.ts
// `PLACEHOLDER_ACCOUNT`: "this account", whose id is unknown, as the account worlds and the
// adapters' `assumed-account` findings say it), and the JSON fields a script reads them by
// (`openAccount`: kind, account, label, reason) in who-can, the matrix and the diff.
//
// The rule the stand-ins' access comes from is the engine's (test/open-accounts.test.ts quotes
// it): IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
// "Using the account ARN in the Principal element does not limit permissions to only the root
// user of the account." A bucket policy naming the account root gives any principal of the
// account outside the inputs an indeterminate access, which is what these reports show.
// IAM User Guide, "Methods to assume a role"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html): a role session
// can assume another role ("role chaining"); a trust policy naming the account root lets any
// principal of the account whose own policies allow sts:AssumeRole on the role assume it, so a
// stand-in's first hop into such a role is indeterminate and the chain goes on from there.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAccountLabel, openAccountReason, openAccountStandInArn } from '../src/model/open-accounts.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import { whoCan as whoCanOf } from '../src/analysis/who-can.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { withOpenAccounts } from '../src/model/open-accounts.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import { runCli } from './fixtures/cli/run.js';
import { ACCOUNT_A, ACCOUNT_B, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const PLACEHOLDER_WORDS = `this account (${PLACEHOLDER_ACCOUNT} stands for the deploying account, whose id is unknown)`;

/**
 * A stack whose bucket `open-data` names the account root (when `rootPolicy`; else its policy
 * denies everyone), and a spec.
 */
function stack(rootPolicy = true): string {
  const resources: Record<string, unknown> = {
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'open-data' } },
  };
  resources.DataPolicy = {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: { Ref: 'Data' },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: rootPolicy ? 'Allow' : 'Deny',
            Principal: rootPolicy
              ? // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
                { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }
              : '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::open-data/*',
          },
        ],
      },
    },
  };
  const dir = writeTempFiles(
    {
      'stack.json': { Resources: resources },
      'spec.yaml':
        'version: 1\nexpect:\n  - id: nobody-reads\n    resource: "arn:aws:s3:::open-data/*"\n    action: s3:GetObject\n    onlyPrincipals: []\n',
    },
    'iamspec-open-out-',
  );
  return join(dir, 'stack.json');
}

const whoCan = (file: string, more: string[] = []) =>
  runCli([
    'who-can',
    file,
    '--region',
    'us-east-1',
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::open-data/x',
    '--open-accounts',
    ...more,
  ]);

describe('the stand-ins of the unstated deploying account', () => {
  it('say what the placeholder account stands for in text, markdown, JSON, SARIF and the review', async () => {
    const file = stack();
    const spec = join(file, '..', 'spec.yaml');
    expect(openAccountLabel('role', PLACEHOLDER_ACCOUNT)).toBe(
      `any role of ${PLACEHOLDER_WORDS} outside the inputs (--open-accounts)`,
    );
    expect(openAccountReason(PLACEHOLDER_ACCOUNT)).toBe(
      `a principal of ${PLACEHOLDER_WORDS} outside the inputs; --open-accounts`,
    );
    // a stated account keeps its id
    expect(openAccountLabel('role', ACCOUNT)).toBe(
      `any role of account ${ACCOUNT} outside the inputs (--open-accounts)`,
    );
    const outputs = {
      whoCanText: (await whoCan(file)).stdout,
      whoCanJson: (await whoCan(file, ['--format', 'json'])).stdout,
      ...Object.fromEntries(
        await Promise.all(
          ['text', 'markdown', 'json', 'sarif'].map(
            async (f) =>
              [
                `check-${f}`,
                (
                  await runCli([
                    'check',
                    file,
                    '--region',
                    'us-east-1',
                    '--spec',
                    spec,
                    '--open-accounts',
                    '--format',
                    f,
                  ])
                ).stdout,
              ] as const,
          ),
        ),
      ),
      matrixMarkdown: (
        await runCli(['matrix', file, '--region', 'us-east-1', '--open-accounts', '--format', 'markdown'])
      ).stdout,
      review: (await runCli(['matrix', file, '--region', 'us-east-1', '--open-accounts', '--format', 'html']))
        .stdout,
    };
    for (const [name, out] of Object.entries(outputs)) {
      expect(out.length, name).toBeGreaterThan(0);
      expect(out, name).toContain(
        `${PLACEHOLDER_ACCOUNT} stands for the deploying account, whose id is unknown`,
      );
      expect(out, name).not.toContain(`of account ${PLACEHOLDER_ACCOUNT} outside the inputs`);
    }
  });
});

describe('the JSON fields of the stand-ins (openAccount)', () => {
  const role = openAccountStandInArn('aws', ACCOUNT, 'role');
  const fields = {
    kind: 'role',
    account: ACCOUNT,
    label: openAccountLabel('role', ACCOUNT),
    reason: openAccountReason(ACCOUNT),
  };
  const common = ['--account', ACCOUNT, '--region', 'us-east-1'];

  it('who-can JSON: on the stand-ins’ entries, after the existing fields; not elsewhere', async () => {
    const out = JSON.parse((await whoCan(stack(), [...common, '--format', 'json'])).stdout);
    const entry = out.entries.find((e: { principal: string }) => e.principal === role);
    expect(entry).toMatchObject({
      principal: role,
      kind: 'role',
      access: 'indeterminate',
      openAccount: fields,
    });
    expect(Object.keys(entry).slice(0, 3)).toEqual(['label', 'principal', 'kind']);
    const closed = JSON.parse(
      (
        await runCli([
          'who-can',
          stack(),
          ...common,
          '--action',
          's3:GetObject',
          '--resource',
          'arn:aws:s3:::open-data/x',
          '--format',
          'json',
        ])
      ).stdout,
    );
    for (const e of closed.entries) expect(e.openAccount).toBeUndefined();
  });

  it('matrix JSON rows and diff JSON changes', async () => {
    const file = stack();
    const matrix = JSON.parse(
      (await runCli(['matrix', file, ...common, '--open-accounts', '--format', 'json'])).stdout,
    );
    const row = matrix.principals.find((p: { arn: string }) => p.arn === role);
    expect(row).toMatchObject({ arn: role, kind: 'role', openAccount: fields });
    for (const p of matrix.principals)
      if (!p.arn.includes('outside-the-inputs')) expect(p.openAccount).toBeUndefined();
    const diff = JSON.parse(
      (await runCli(['diff', '--base', stack(false), file, ...common, '--open-accounts', '--format', 'json']))
        .stdout,
    );
    const added = diff.added.filter((c: { principal: string }) => c.principal === role);
    expect(added.length).toBeGreaterThan(0);
    for (const c of added) {
      expect(c.openAccount).toEqual(fields);
      expect(Object.keys(c).slice(0, 4)).toEqual(['principal', 'action', 'resource', 'openAccount']);
    }
  });
});

describe('role chains from the stand-ins', () => {
  const chainModel = () => {
    const t = new TestModel();
    // `hop` trusts the account root; `end` trusts `hop`; `xacct` (account B) trusts account A's root
    t.role('hop', {
      trust: policy(allow('sts:AssumeRole', '*', { Principal: { AWS: arns.root() } })),
      inline: [policy(allow('sts:AssumeRole', '*'))],
    });
    t.role('end', {
      trust: policy(allow('sts:AssumeRole', '*', { Principal: { AWS: arns.role('hop') } })),
      inline: [policy(allow('s3:GetObject', '*'))],
    });
    t.role('xacct', {
      account: ACCOUNT_B,
      trust: policy(allow('sts:AssumeRole', '*', { Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` } })),
      inline: [policy(allow('s3:PutObject', '*'))],
    });
    t.bucket('a-data');
    t.bucket('b-data', { account: ACCOUNT_B });
    return t.model();
  };
  const roleA = openAccountStandInArn('aws', ACCOUNT_A, 'role');
  const userA = openAccountStandInArn('aws', ACCOUNT_A, 'user');

  it('who-can follows a stand-in through a root-trusting role, hop after hop, indeterminate', () => {
    const e = compileModel(withOpenAccounts(chainModel()));
    const paths = (action: string, bucket: string) =>
      whoCanOf(e, action, `arn:aws:s3:::${bucket}/x`)
        .entries.filter((x) => x.principal === roleA || x.principal === userA)
        .map((x) => [x.principal === roleA ? 'role' : 'user', x.path.map((h) => h.role), x.access]);
    expect(paths('s3:GetObject', 'a-data')).toEqual(
      expect.arrayContaining([
        ['role', [arns.role('hop'), arns.role('end')], 'indeterminate'],
        ['user', [arns.role('hop'), arns.role('end')], 'indeterminate'],
      ]),
    );
    // into another account's role that trusts account A
    const xacct = `arn:aws:iam::${ACCOUNT_B}:role/xacct`;
    expect(paths('s3:PutObject', 'b-data')).toEqual(
      expect.arrayContaining([
        ['role', [xacct], 'indeterminate'],
        ['user', [xacct], 'indeterminate'],
      ]),
    );
    const text = formatWhoCanText(whoCanOf(e, 's3:GetObject', 'arn:aws:s3:::a-data/x'));
    expect(text).toContain(`${openAccountLabel('role', ACCOUNT_A)} → role/hop → role/end: indeterminate`);
    // the default mode has no stand-in, hence no such chain
    const closed = whoCanOf(compileModel(chainModel()), 's3:GetObject', 'arn:aws:s3:::a-data/x');
    expect(closed.entries.some((x) => x.principal.includes('outside-the-inputs'))).toBe(false);
  });

  it('the matrix records the stand-ins’ chains', () => {
    const e = compileModel(withOpenAccounts(chainModel()));
    const m = buildMatrix(e, { includeRoles: true });
    const row = m.principals.findIndex((p) => p.arn === roleA);
    expect(row).toBeGreaterThanOrEqual(0);
    const chains = (m.chains[row] ?? []).map((c) => [c.role, c.path.map((h) => h.access)]);
    expect(chains).toEqual(
      expect.arrayContaining([
        [arns.role('hop'), ['indeterminate']],
        [arns.role('end'), ['indeterminate', 'allow']],
      ]),
    );
  });
});
