// The open-account mode (`--open-accounts`, the spec's `openAccounts: true`, the helpers'
// `openAccounts`): per account of the inputs, a stand-in for any role and any user the inputs do
// not define (src/model/open-accounts.ts), with unknown identity policies, boundary, tags, name
// and path, and unknown existence. The exhaustive principal checks, who-can, the matrix, the review
// and the diff consider them; the default (closed accounts) decides as before.
//
// The rules the stand-ins are decided by are the engine's, quoted here where they decide the
// shapes of the red-team pass:
// - IAM User Guide, "Policy evaluation for requests within a single account"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html):
//   "If either the identity-based policy or the resource-based policy within the same account
//   allows the request and the other doesn't, the request is still allowed." (DOC.same)
// - IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
//   "You can specify AWS account identifiers in the Principal element of a resource-based policy
//   ... This delegates authority to the account. ... Using the account ARN in the Principal
//   element does not limit permissions to only the root user of the account." A grant to the
//   account root is a grant to whoever the account's identity policies allow. (DOC.account)
// - IAM User Guide, "Cross-account policy evaluation logic"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
//   "The resource-based policy in the trusting account must specify the principal of the trusted
//   account that will have access to the resource." and "The principal's identity-based policy
//   must allow the requested access to the resource in the trusting service." (DOC.cross)
// - AWS KMS Developer Guide, "Key policies in AWS KMS"
//   (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html): "Unless the key
//   policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key." (DOC.kms)
// - AWS Organizations User Guide, "Service control policies (SCPs)": SCPs "affect only IAM users
//   and roles that are managed by accounts that are part of the organization" — every user and
//   role of the account, those the inputs do not define too. (DOC.scp)

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { candidatePrincipals } from '../src/analysis/principals.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import {
  hasOpenAccounts,
  isOpenAccountStandIn,
  openAccountLabel,
  openAccountStandInArn,
  openAccountStandInOf,
  withOpenAccounts,
} from '../src/model/open-accounts.js';
import type { Model } from '../src/model/types.js';
import { principalLabel } from '../src/report/matrix-labels.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import { SpecError } from '../src/spec/errors.js';
import { parseSpec } from '../src/spec/parse.js';
import { OPEN_ACCOUNTS_NOTE, OWN_ACCOUNT_PRINCIPALS_NOTE, runSpec } from '../src/spec/run.js';
import { runCli } from './fixtures/cli/run.js';
import { ACCOUNT_A, ACCOUNT_B, allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { writeTempFiles } from './helpers/temp-inputs.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';

const DOC = {
  same: 'IAM User Guide, "Policy evaluation for requests within a single account": "If either the identity-based policy or the resource-based policy within the same account allows the request and the other doesn\'t, the request is still allowed."',
  account:
    'IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals: "This delegates authority to the account. ... Using the account ARN in the Principal element does not limit permissions to only the root user of the account."',
  cross:
    'IAM User Guide, "Cross-account policy evaluation logic": "The resource-based policy in the trusting account must specify the principal of the trusted account that will have access to the resource."',
  kms: 'AWS KMS Developer Guide, "Key policies in AWS KMS": "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key."',
  scp: 'AWS Organizations User Guide, "Service control policies (SCPs)": SCPs "affect only IAM users and roles that are managed by accounts that are part of the organization"',
};

const ROLE_A = openAccountStandInArn('aws', ACCOUNT_A, 'role');
const USER_A = openAccountStandInArn('aws', ACCOUNT_A, 'user');
const ROLE_B = openAccountStandInArn('aws', ACCOUNT_B, 'role');
const APP = arns.role('app-1');

/** The red-team shapes and their counterparts, in account A (ACCOUNT_B holds `b-data`). */
function shapes(): Model {
  const t = new TestModel();
  t.role('app-1', { inline: [policy(allow('s3:GetObject', '*'), allow('kms:Decrypt', '*'))] });
  t.user('ann', { inline: [policy(allow('s3:*', 'arn:aws:s3:::ann-*'))] });
  // 1. a bucket policy naming the account root
  t.bucket('root-named', {
    policy: policy(allow('s3:GetObject', 'arn:aws:s3:::root-named/*', { Principal: { AWS: arns.root() } })),
  });
  // 2. "*" with ArnLike aws:PrincipalArn on role/app-*
  t.bucket('app-like', {
    policy: policy(
      allow('s3:GetObject', 'arn:aws:s3:::app-like/*', {
        Principal: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_A}:role/app-*` } },
      }),
    ),
  });
  // a bucket policy naming one model role, and nothing else
  t.bucket('role-named', {
    policy: policy(allow('s3:GetObject', 'arn:aws:s3:::role-named/*', { Principal: { AWS: APP } })),
  });
  // ... and denying everyone else
  t.bucket('guarded', {
    policy: policy(
      allow('s3:GetObject', 'arn:aws:s3:::guarded/*', { Principal: { AWS: APP } }),
      deny('s3:GetObject', 'arn:aws:s3:::guarded/*', {
        Principal: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': APP } },
      }),
    ),
  });
  // a KMS key policy naming one model role, without the account root; and one with it
  t.resource('kms-key', arns.key('role-only'), {
    policy: policy(allow('kms:*', '*', { Principal: { AWS: APP } })),
  });
  t.resource('kms-key', arns.key('with-root'), {
    policy: policy(allow('kms:*', '*', { Principal: { AWS: arns.root() } })),
  });
  // a bucket of account B naming a role of account A
  t.bucket('b-data', {
    account: ACCOUNT_B,
    policy: policy(allow('s3:GetObject', 'arn:aws:s3:::b-data/*', { Principal: { AWS: APP } })),
  });
  return t.model();
}

function onlyPrincipals(model: Model, action: string, resource: string, allowed: string[]) {
  return checkOnlyPrincipals(compileModel(model), action, resource, allowed);
}

const violators = (r: ReturnType<typeof onlyPrincipals>) =>
  [...new Set(r.violations.map((w) => `${w.principal} ${w.access}`))].sort();

describe('withOpenAccounts (the stand-ins)', () => {
  it('adds one user and one role per account of the inputs, after the model’s own, once', () => {
    const m = shapes();
    const open = withOpenAccounts(m);
    expect(hasOpenAccounts(m)).toBe(false);
    expect(hasOpenAccounts(open)).toBe(true);
    expect(open.users.slice(0, m.users.length)).toEqual(m.users);
    expect(open.roles.slice(0, m.roles.length)).toEqual(m.roles);
    expect(open.users.slice(m.users.length).map((u) => u.arn)).toEqual([
      USER_A,
      openAccountStandInArn('aws', ACCOUNT_B, 'user'),
    ]);
    expect(open.roles.slice(m.roles.length).map((r) => r.arn)).toEqual([ROLE_A, ROLE_B]);
    expect(withOpenAccounts(open)).toBe(open);
    expect(Object.isFrozen(open) && Object.isFrozen(open.roles.at(-1))).toBe(true);
    const standIn = open.roles.at(-1)!;
    expect(isOpenAccountStandIn(standIn)).toBe(true);
    expect(isOpenAccountStandIn(m.roles[0]!)).toBe(false);
    // unknown existence, identity policies, boundary; not a role of the inputs
    expect(standIn.presence?.reason).toContain(
      `a principal of account ${ACCOUNT_B} outside the inputs; --open-accounts`,
    );
    expect(standIn.inlinePolicies[0]!.document.unknown).toBeDefined();
    expect(standIn.permissionsBoundary?.policyArn).toHaveProperty('reason');
    expect(openAccountStandInOf(ROLE_A)).toEqual({ kind: 'role', account: ACCOUNT_A });
    expect(openAccountStandInOf(APP)).toBeUndefined();
    expect(principalLabel(ROLE_A)).toBe(
      `any role of account ${ACCOUNT_A} outside the inputs (--open-accounts)`,
    );
  });

  it('candidatePrincipals names them with the reason', () => {
    const c = candidatePrincipals(withOpenAccounts(shapes())).find((x) => x.principal === ROLE_A)!;
    expect(c).toMatchObject({
      kind: 'role',
      name: `any role of account ${ACCOUNT_A} outside the inputs`,
      reason: `a principal of account ${ACCOUNT_A} outside the inputs; --open-accounts`,
    });
    expect(candidatePrincipals(shapes()).some((x) => x.principal === ROLE_A)).toBe(false);
    // A role of a model account that a condition names (role/app-*) is what the stand-in stands
    // for in the mode; closed, it is a candidate the engine cannot decide for (no such model role).
    const named = (m: Model) =>
      candidatePrincipals(m).filter(
        (x) => x.principal.startsWith(`arn:aws:iam::${ACCOUNT_A}:role/app-`) && x.principal !== APP,
      );
    expect(named(shapes()).length).toBe(1);
    expect(named(withOpenAccounts(shapes()))).toEqual([]);
  });
});

describe('onlyPrincipals in the open-account mode', () => {
  const closed = shapes();
  const open = withOpenAccounts(closed);

  it('a bucket policy naming the account root: passes closed, not open (DOC.account, DOC.same)', () => {
    const action = 's3:GetObject';
    const resource = 'arn:aws:s3:::root-named/x';
    expect(onlyPrincipals(closed, action, resource, [APP]).holds).toBe(true);
    const r = onlyPrincipals(open, action, resource, [APP]);
    expect(r.holds, DOC.account).toBe(false);
    // the grant to the account needs an identity-policy allow, which is unknown: indeterminate
    expect(violators(r)).toEqual([`${ROLE_A} indeterminate`, `${USER_A} indeterminate`].sort());
  });

  it('"*" with ArnLike aws:PrincipalArn role/app-*: passes closed, not open (the stand-in’s name may match)', () => {
    const action = 's3:GetObject';
    const resource = 'arn:aws:s3:::app-like/x';
    expect(onlyPrincipals(closed, action, resource, [APP]).holds).toBe(true);
    const r = onlyPrincipals(open, action, resource, [APP]);
    expect(r.holds).toBe(false);
    expect(r.violations.map((w) => w.principal)).toContain(ROLE_A);
    expect(r.violations.every((w) => w.access === 'indeterminate')).toBe(true);
  });

  it('a KMS key policy naming only the model role passes in both; with the account root it does not (DOC.kms)', () => {
    for (const m of [closed, open])
      expect(onlyPrincipals(m, 'kms:Decrypt', arns.key('role-only'), [APP]).holds, DOC.kms).toBe(true);
    expect(onlyPrincipals(closed, 'kms:Decrypt', arns.key('with-root'), [APP]).holds).toBe(true);
    expect(violators(onlyPrincipals(open, 'kms:Decrypt', arns.key('with-root'), [APP]))).toEqual(
      [`${ROLE_A} indeterminate`, `${USER_A} indeterminate`].sort(),
    );
  });

  it('a bucket policy naming only the model role and denying every other principal passes in both', () => {
    for (const m of [closed, open])
      expect(onlyPrincipals(m, 's3:GetObject', 'arn:aws:s3:::guarded/x', [APP]).holds).toBe(true);
    // The stand-in is none of the model's roles: the Deny's StringNotEquals surely matches it.
    const d = compileModel(open).decide({
      principal: ROLE_A,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::guarded/x',
    });
    expect(d).toMatchObject({ decision: 'deny', reason: 'explicit-deny' });
  });

  it('a same-account bucket policy that only allows the model role does not keep the account’s other roles out (DOC.same)', () => {
    expect(onlyPrincipals(closed, 's3:GetObject', 'arn:aws:s3:::role-named/x', [APP]).holds).toBe(true);
    const r = onlyPrincipals(open, 's3:GetObject', 'arn:aws:s3:::role-named/x', [APP]);
    expect(r.holds, DOC.same).toBe(false);
    expect(violators(r)).toEqual([`${ROLE_A} indeterminate`, `${USER_A} indeterminate`].sort());
  });

  it('another account’s resource naming only the model role keeps that account’s stand-ins out, not its own (DOC.cross)', () => {
    const e = compileModel(open);
    const req = (principal: string) => ({
      principal,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b-data/x',
    });
    expect(e.decide(req(ROLE_A)).decision, DOC.cross).toBe('deny');
    expect(e.decide(req(USER_A)).decision, DOC.cross).toBe('deny');
    expect(e.decide(req(ROLE_B)).decision, DOC.same).toBe('indeterminate');
  });

  it('a role trust policy naming only model principals keeps them out; one naming the account lets them maybe in', () => {
    const t = new TestModel();
    t.role('app-1', {
      trust: policy(allow('sts:AssumeRole', '*', { Principal: { Service: 'lambda.amazonaws.com' } })),
    });
    t.role('ops', { trust: policy(allow('sts:AssumeRole', '*', { Principal: { AWS: arns.root() } })) });
    const e = compileModel(withOpenAccounts(t.model()));
    const assume = (role: string) =>
      e.decide({ principal: ROLE_A, action: 'sts:AssumeRole', resource: arns.role(role) });
    expect(assume('app-1').decision).toBe('deny');
    expect(assume('ops').decision, DOC.account).toBe('indeterminate');
  });

  it('an SCP of the account applies to its stand-ins as to its model principals (DOC.scp)', () => {
    const t = new TestModel();
    t.bucket('root-named', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::root-named/*', { Principal: { AWS: arns.root() } })),
    });
    t.scp(ACCOUNT_A, policy(allow('*', '*'), deny('s3:GetObject', '*')));
    const r = onlyPrincipals(withOpenAccounts(t.model()), 's3:GetObject', 'arn:aws:s3:::root-named/x', []);
    expect(r.holds, DOC.scp).toBe(true);
  });

  it('naming the account in the allowed list covers its stand-ins', () => {
    const r = onlyPrincipals(open, 's3:GetObject', 'arn:aws:s3:::root-named/x', [ACCOUNT_A]);
    expect(r.holds).toBe(true);
  });

  it('the model principals’ decisions are the same with and without the mode (a cannot is unchanged)', () => {
    const ce = compileModel(closed);
    const oe = compileModel(open);
    const resources = [
      ...closed.resources.map((r) => (r.kind === 's3-bucket' ? `${r.arn}/x` : r.arn)),
      ...closed.roles.map((r) => r.arn),
      'arn:aws:s3:::ann-data/x',
      '*',
    ];
    const actions = ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'sts:AssumeRole', 'iam:PassRole'];
    let compared = 0;
    for (const p of [...closed.users, ...closed.roles])
      for (const action of actions)
        for (const resource of resources) {
          const a = ce.decide({ principal: p.arn, action, resource });
          const b = oe.decide({ principal: p.arn, action, resource });
          expect([p.arn, action, resource, b.decision, b.reason]).toEqual([
            p.arn,
            action,
            resource,
            a.decision,
            a.reason,
          ]);
          compared++;
        }
    expect(compared).toBe(2 * actions.length * resources.length);
    // and a spec `cannot` keeps its verdict
    const spec = (open: boolean) =>
      parseSpec(
        `version: 1\n${open ? 'openAccounts: true\n' : ''}expect:\n  - principal: user/ann\n    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::root-named/x" } ]\n  - principal: role/app-1\n    cannot: [ { action: kms:Decrypt, resource: "${arns.key('with-root')}" } ]\n`,
        'cannot.yaml',
      );
    const statuses = (o: boolean) => runSpec(closed, spec(o)).expectations.map((x) => x.status);
    expect(statuses(true)).toEqual(statuses(false));
    expect(statuses(false)).toEqual(['pass', 'fail']);
  });

  it('a model principal’s `only` is unchanged: the stand-ins are principals, never targets (no unknown trust policy to assume)', () => {
    const t = new TestModel();
    t.role('app-1', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/*'))] });
    t.bucket('data');
    const spec = (open: boolean) =>
      parseSpec(
        `version: 1\n${open ? 'openAccounts: true\n' : ''}expect:\n  - principal: role/app-1\n    only: [ { action: s3:GetObject, resource: "arn:aws:s3:::data/*" } ]\n`,
        'only.yaml',
      );
    const m = t.model();
    const closedRun = runSpec(m, spec(false));
    const openRun = runSpec(m, spec(true));
    expect(closedRun.expectations[0]!.status).toBe('pass');
    expect(openRun.expectations[0]!.status).toBe('pass');
    expect(openRun.openAccounts).toBe(true);
  });
});

describe('who-can, the review, the diff', () => {
  it('the review reaches the stand-ins through the matrix rows, and names no principal finding of theirs', () => {
    const e = compileModel(withOpenAccounts(shapes()));
    const m = buildMatrix(e, { includeRoles: true });
    expect(m.principals.map((p) => p.arn)).toEqual(expect.arrayContaining([ROLE_A, USER_A, ROLE_B]));
    // a row, never a column: nobody is reported as assuming "any role"
    expect(m.resources.some((r) => openAccountStandInOf(r.arn))).toBe(false);
    expect(reviewRisks(e, m).some((f) => openAccountStandInOf(f.subject))).toBe(false);
  });

  it('who-can lists the stand-ins with their label, only in the mode, and no chain into them', () => {
    const resource = 'arn:aws:s3:::root-named/x';
    const closedEntries = whoCan(compileModel(shapes()), 's3:GetObject', resource).entries;
    expect(closedEntries.some((x) => openAccountStandInOf(x.principal))).toBe(false);
    const r = whoCan(compileModel(withOpenAccounts(shapes())), 's3:GetObject', resource);
    const stand = r.entries.filter((x) => x.principal === ROLE_A);
    expect(stand.map((x) => [x.kind, x.access, x.path.length])).toEqual([['role', 'indeterminate', 0]]);
    // chains end at the inputs' roles: no entry goes through a stand-in
    expect(r.entries.some((x) => x.path.some((h) => openAccountStandInOf(h.role)))).toBe(false);
    const text = formatWhoCanText(r);
    expect(text).toContain(openAccountLabel('role', ACCOUNT_A));
    expect(text).toContain(openAccountLabel('user', ACCOUNT_A));
  });

  it('the diff shows a stand-in gaining access when a key policy starts naming the account', async () => {
    const build = (root: boolean) => {
      const t = new TestModel();
      t.role('app-1');
      t.resource('kms-key', arns.key('k'), {
        policy: policy(allow('kms:Decrypt', '*', { Principal: { AWS: root ? [APP, arns.root()] : APP } })),
      });
      return t.model();
    };
    const closedDiff = await diffModels(build(false), build(true));
    expect(closedDiff.added.some((c) => openAccountStandInOf(c.principal))).toBe(false);
    const d = await diffModels(withOpenAccounts(build(false)), withOpenAccounts(build(true)));
    const added = d.added.filter((c) => c.action === 'kms:Decrypt' && c.principal === ROLE_A);
    expect(added.map((c) => [c.resource, c.after])).toEqual([[arns.key('k'), 'indeterminate']]);
  });
});

describe('the option: spec, load options, CLI', () => {
  const spec = (extra: string) =>
    parseSpec(
      `version: 1\n${extra}expect:\n  - resource: "arn:aws:s3:::root-named/*"\n    action: s3:GetObject\n    onlyPrincipals: [role/app-1]\n`,
      'open.yaml',
    );

  it('openAccounts: true in the spec runs the checks on the stand-ins and says so', () => {
    const m = shapes();
    const closed = runSpec(m, spec(''));
    expect(closed.ok).toBe(true);
    expect(closed.notes).toContain(OWN_ACCOUNT_PRINCIPALS_NOTE);
    expect(closed.openAccounts).toBeUndefined();
    const open = runSpec(m, spec('openAccounts: true\n'));
    expect(open.ok).toBe(false);
    expect(open.openAccounts).toBe(true);
    expect(open.notes).toContain(OPEN_ACCOUNTS_NOTE);
    expect(open.notes).not.toContain(OWN_ACCOUNT_PRINCIPALS_NOTE);
    const check = open.expectations[0]!.checks[0]!;
    expect(check.status).toBe('indeterminate');
    expect(check.message).toContain(
      `(any user of account ${ACCOUNT_A} outside the inputs (--open-accounts))`,
    );
    // the run option does the same; a given engine of the model is compiled again for the stand-ins
    const viaOption = runSpec(m, spec(''), { openAccounts: true, engine: compileModel(m) });
    expect(viaOption.expectations[0]!.status).toBe('indeterminate');
    expect(() => spec('openAccounts: yes\n')).toThrow(SpecError);
    expect(() => spec('openAccounts: 1\n')).toThrow(/"openAccounts" must be true or false/);
  });

  function template(): string {
    const dir = writeTempFiles(
      {
        'stack.json': {
          Resources: {
            ...dataBucketWithPolicy('open-data', [
              {
                Effect: 'Allow',
                // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
                Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::open-data/*',
              },
            ]),
          },
        },
        'spec.yaml':
          'version: 1\nexpect:\n  - id: nobody-reads\n    resource: "arn:aws:s3:::open-data/*"\n    action: s3:GetObject\n    onlyPrincipals: []\n',
      },
      'iamspec-open-',
    );
    return join(dir, 'stack.json');
  }

  it('LoadOptions.openAccounts loads the model with the stand-ins', () => {
    const file = template();
    const opts = { account: ACCOUNT_A, region: 'us-east-1' };
    expect(hasOpenAccounts(loadModelSync([file], opts))).toBe(false);
    expect(hasOpenAccounts(loadModelSync([file], { ...opts, openAccounts: true }))).toBe(true);
  });

  it('iamspec check / who-can --open-accounts', async () => {
    const file = template();
    const common = [file, '--account', ACCOUNT_A, '--region', 'us-east-1'];
    const spec = join(file, '..', 'spec.yaml');
    const closed = await runCli(['check', ...common, '--spec', spec]);
    expect(closed.code).toBe(0);
    const open = await runCli(['check', ...common, '--spec', spec, '--open-accounts']);
    expect(open.code).toBe(1);
    expect(open.stdout).toContain('outside the inputs (--open-accounts)');
    const who = await runCli([
      'who-can',
      ...common,
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::open-data/x',
      '--open-accounts',
    ]);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain(openAccountLabel('role', ACCOUNT_A));
    const help = await runCli(['check', '--help']);
    expect(help.stdout).toContain('--open-accounts');
  });
});
