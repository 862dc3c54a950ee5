// Stand-in values (src/model/stand-ins.ts): the deploying account when none is given is "this
// account", and the account the analyses invent for "some other account" is never an account
// the model or the caller names. Issue 9, item 1: without --account the two used to be the same
// id, so a bucket policy letting every *other* account read passed `onlyPrincipals: []`.
//
// AWS rules pinned here:
// - "Use this key to compare the account to which the requesting principal belongs with the
//   account identifier that you specify in the policy." (IAM User Guide, "AWS global condition
//   context keys", aws:PrincipalAccount)
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
// - "You can use the Principal element to specify ... All principals (*)": a `"Principal": "*"`
//   matches principals of every account (IAM User Guide, "AWS JSON policy elements: Principal").
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// - "Use this key to compare the AWS Region that was called in the request with the Region that
//   you specify in the policy." (IAM User Guide, "AWS global condition context keys",
//   aws:RequestedRegion): every request is made to some Region, so without --region the stand-in
//   Region `us-east-1` of the inputs' ARNs must not decide a Region condition.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { candidatePrincipals } from '../src/analysis/principals.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  accountMatching,
  anyPrincipalArn,
  isUnnamedAccount,
  namedAccounts,
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_REGION,
  unnamedAccount,
} from '../src/model/stand-ins.js';
import { parsePolicy } from '../src/policy/parse.js';
import { runCli } from './fixtures/cli/run.js';

const F = 'test/fixtures/stand-ins';
const source = { file: 'stand-ins.test.ts' };

/** A model with `accounts` and one bucket whose policy names `named` (principals and conditions). */
function modelNaming(accounts: string[], named: string[], patterns: string[] = []) {
  const b = new ModelBuilder();
  for (const a of accounts) b.addAccount(a);
  const statements = [
    ...named.map((id, i) => ({
      Sid: `Named${i}`,
      Effect: 'Allow',
      Principal: { AWS: i % 2 ? `arn:aws:iam::${id}:root` : id },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::b/${id}/*`,
    })),
    ...patterns.map((p, i) => ({
      Sid: `Pattern${i}`,
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { StringLike: { 'aws:PrincipalAccount': p } },
    })),
  ];
  b.addBucket({
    bucketName: 'b',
    account: accounts[0] ?? PLACEHOLDER_ACCOUNT,
    region: 'us-east-1',
    policy: parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'resource', source }),
    source,
  });
  return b.build();
}

const accountId = fc.stringMatching(/^\d{12}$/);
/** Ids near the ones `unnamedAccount` tries first, so that collisions are likely if possible. */
const nearCandidates = fc.constantFrom(
  '999999999999',
  '000000000000',
  '999999999998',
  PLACEHOLDER_ACCOUNT,
  '111122223333',
);

describe('unnamedAccount: the invented "some other account"', () => {
  it('property: never a model account, the placeholder, an id the policies name or one the caller avoids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(accountId, nearCandidates), { maxLength: 4 }),
        fc.array(fc.oneof(accountId, nearCandidates), { maxLength: 6 }),
        fc.array(fc.oneof(accountId, nearCandidates), { maxLength: 3 }),
        (accounts, named, avoid) => {
          const model = modelNaming(accounts, named);
          const other = unnamedAccount(model, avoid);
          expect(other).toMatch(/^\d{12}$/);
          expect(other).not.toBe(PLACEHOLDER_ACCOUNT);
          for (const a of [...accounts, ...named, ...avoid]) expect(other).not.toBe(a);
          expect(namedAccounts(model).has(other)).toBe(false);
          // The candidates of the exhaustive checks use it, outside every model account.
          const root = `arn:aws:iam::${unnamedAccount(model, avoid)}:root`;
          const c = candidatePrincipals(model, { avoid }).find((x) => x.principal === root);
          expect(c?.reason).toMatch(/any account outside the model/);
          expect(model.accounts.some((a) => a.id === other)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('avoids account patterns the policies single out (StringLike aws:PrincipalAccount "9*")', () => {
    const model = modelNaming(['111122223333'], [], ['9*']);
    const other = unnamedAccount(model);
    expect(other.startsWith('9')).toBe(false);
    expect(isUnnamedAccount(other)).toBe(true);
    // ...and the pattern gets a witness account of its own, which the check finds.
    const nine = accountMatching(model, '9*')!;
    expect(nine).toMatch(/^9\d{11}$/);
    const engine = compileModel(model);
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::b/*', []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.principal)).toContain(`arn:aws:iam::${nine}:root`);
  });

  it('names "any user / role of an account" with names no IAM principal can have', () => {
    expect(anyPrincipalArn('aws', '444455556666', 'user')).toBe('arn:aws:iam::444455556666:user/(any-user)');
    expect(anyPrincipalArn('aws', '444455556666', 'role')).toBe('arn:aws:iam::444455556666:role/(any-role)');
  });
});

describe('every other account may read (Principal "*" with StringNotEquals aws:PrincipalAccount)', () => {
  // Without --account the template's AWS::AccountId is the placeholder; the unnamed account must
  // still be another account, so its principals are found reading.
  for (const extra of [[], ['--account', '111122223333']]) {
    it(`onlyPrincipals: [] fails ${extra.length ? 'with' : 'without'} --account`, async () => {
      const r = await runCli([
        'check',
        `${F}/every-other-account.yaml`,
        ...extra,
        '--spec',
        `${F}/nobody-reads.yaml`,
        '--format',
        'json',
      ]);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      const text = JSON.stringify(json);
      expect(text).toContain('EveryOtherAccountReads');
      // The principal that reads is of an account that is neither the deploying one nor the placeholder.
      const deploying = extra.length ? '111122223333' : PLACEHOLDER_ACCOUNT;
      const readers = [...text.matchAll(/arn:aws:iam::(\d{12}):(?:root|user|role)/g)].map((m) => m[1]);
      expect(readers.length).toBeGreaterThan(0);
      expect(readers.some((a) => a !== deploying && a !== PLACEHOLDER_ACCOUNT)).toBe(true);
    });
  }
});

describe('the stand-in Region decides no Region condition (aws:RequestedRegion)', () => {
  // The user may send only in eu-west-1; without --region the queue's ARN holds the stand-in
  // (PLACEHOLDER_REGION). `cannot` must not pass on the stand-in: deployed to eu-west-1 the user
  // can send.
  for (const [input, extra] of [
    ['region-guard.yaml', []],
    ['region-guard.yaml', ['--region', 'eu-west-1']],
    ['region-guard-tf', []],
  ] as const) {
    it(`cannot sqs:SendMessage fails ${extra.length ? 'with' : 'without'} --region (${input})`, async () => {
      const r = await runCli([
        'check',
        `${F}/${input}`,
        ...extra,
        '--spec',
        `${F}/dev-cannot-send.yaml`,
        '--format',
        'json',
      ]);
      expect(r.code).toBe(1);
      // Without --region: allowed when the request is made to eu-west-1 (the condition is shown).
      if (!extra.length) expect(r.stdout).toContain('aws:RequestedRegion');
    });
  }

  // The queue deployed to us-west-2: the spec names queues there (`arn:aws:sqs:*:*:jobs` would
  // also mean a queue named jobs in eu-west-1, outside the inputs, to which the user can send).
  for (const input of ['region-guard.yaml', 'region-guard-tf'])
    it(`--region us-west-2 decides it: the user cannot send there (${input})`, async () => {
      const r = await runCli([
        'check',
        `${F}/${input}`,
        '--region',
        'us-west-2',
        '--spec',
        `${F}/dev-cannot-send-us-west-2.yaml`,
      ]);
      expect(r.code).toBe(0);
    });

  it('eval without --region: indeterminate, not deny; a queue named in us-east-1 itself: deny', async () => {
    const r = await runCli([
      'explain',
      `${F}/region-guard.yaml`,
      '--principal',
      'user/dev',
      '--action',
      'sqs:SendMessage',
      '--resource',
      `arn:aws:sqs:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:jobs`,
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).decision).toBe('indeterminate');
    // us-east-1 written out is that region, never the stand-in: the request is made to us-east-1,
    // not eu-west-1, whichever region the stack is deployed to.
    const literal = await runCli([
      'explain',
      `${F}/region-guard.yaml`,
      '--principal',
      'user/dev',
      '--action',
      'sqs:SendMessage',
      '--resource',
      `arn:aws:sqs:us-east-1:${PLACEHOLDER_ACCOUNT}:jobs`,
      '--format',
      'json',
    ]);
    expect(JSON.parse(literal.stdout).decision).toBe('deny');
  });
});
