// `Principal: {"AWS": "AROA…"}`: an IAM unique id identifies one existing role (`AROA…`) or user
// (`AIDA…`), in an account it does not say. The request engine, the exhaustive principal check,
// who-can and the risk review see it as a principal outside the inputs; a user or role of the
// inputs may be it unless the inputs pin its id or create it anew (src/model/unique-ids.ts).

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import { NEW_UNIQUE_ID, principalUniqueIdKind, uniqueIdLabel } from '../src/model/unique-ids.js';
import { allow, arns, EXTERNAL_ACCOUNT, policy, TestModel, verdict } from './helpers/engine-fixtures.js';

const DOC = {
  principal:
    'IAM User Guide, "AWS JSON policy elements: Principal" (IAM roles / IAM users): "When you save the policy, AWS transforms the ARN to a unique principal ID. ... if you delete the role or user, then the relationship is broken. The policy no longer applies, even if you recreate the user or role because it does not match the principal ID stored in the trust policy. When this happens, the principal ID shows up ... because AWS can no longer map it back to an ARN", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  prefixes:
    'IAM User Guide, "IAM identifiers", "Understanding unique ID prefixes": "AIDA: IAM user", "AROA: Role", "AGPA: User group"; "Principal": "You cannot identify a user group as a principal in a policy", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes',
};

const ROLE_ID = 'AROAEXAMPLEID1234567';
const USER_ID = 'AIDAEXAMPLEID1234567';

function site(principal: unknown, setup?: (t: TestModel) => void) {
  const t = new TestModel();
  t.user('alice');
  setup?.(t);
  t.bucket('site', {
    policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: principal })),
  });
  return t.engine();
}

describe('IAM unique ids as principals (DOC.principal, DOC.prefixes)', () => {
  it('only user and role ids name principals (DOC.prefixes)', () => {
    expect(principalUniqueIdKind(ROLE_ID), DOC.prefixes).toBe('role');
    expect(principalUniqueIdKind(USER_ID)).toBe('user');
    expect(principalUniqueIdKind('AGPAEXAMPLEID1234567')).toBeUndefined();
    expect(principalUniqueIdKind('111122223333')).toBeUndefined();
  });

  it('a grant to a unique id allows that role, not a user, nor another id', () => {
    const e = site({ AWS: ROLE_ID });
    expect(verdict(e, ROLE_ID, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.principal).toBe('allow');
    expect(verdict(e, 'AROAOTHEREXAMPLE12345', 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
    expect(verdict(e, USER_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
    // a user of the inputs is no role
    expect(verdict(e, arns.user('alice'), 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
  });

  it('onlyPrincipals: [] fails on a bucket granting a unique id (was: holds)', () => {
    const r = checkOnlyPrincipals(site({ AWS: ROLE_ID }), 's3:GetObject', 'arn:aws:s3:::site/x', []);
    expect(r.holds, DOC.principal).toBe(false);
    expect(r.violations.map((w) => [w.principal, w.access])).toEqual([
      [ROLE_ID, 'allow'],
      // a role outside the inputs may be the one the id names
      ['arn:aws:iam::999999999999:role/(any-role)', 'indeterminate'],
    ]);
    // naming it: a role outside the inputs may still be it (indeterminate), not a user
    const named = checkOnlyPrincipals(site({ AWS: ROLE_ID }), 's3:GetObject', 'arn:aws:s3:::site/x', [
      ROLE_ID,
    ]);
    expect(named.violations.map((w) => [w.principal, w.access])).toEqual([
      ['arn:aws:iam::999999999999:role/(any-role)', 'indeterminate'],
    ]);
  });

  it('who-can and the risk review show it, labelled', () => {
    const r = whoCan(site({ AWS: USER_ID }), 's3:GetObject', 'arn:aws:s3:::site/x');
    expect(r.entries.map((x) => [x.principal, x.kind, x.access])).toEqual([
      // alice's unique id is not in the inputs: she may be that user
      [arns.user('alice'), 'user', 'indeterminate'],
      [USER_ID, 'unique-id', 'allow'],
      ['arn:aws:iam::999999999999:user/(any-user)', 'user', 'indeterminate'],
    ]);
    expect(uniqueIdLabel(ROLE_ID)).toBe(
      'the IAM role with unique id AROAEXAMPLEID1234567 (its account and name unknown)',
    );
    const cross = reviewRisks(site({ AWS: ROLE_ID })).filter((f) => f.kind === 'cross-account-access');
    expect(cross.map((f) => [f.subject, f.detail])).toEqual([[arns.bucket('site'), uniqueIdLabel(ROLE_ID)]]);
  });

  it('a role of the inputs may be the id unless the inputs pin its id or create it anew (DOC.principal)', () => {
    const req = (e: ReturnType<typeof site>, who: string) =>
      verdict(e, who, 's3:GetObject', 'arn:aws:s3:::site/x');
    // unknown id (a CloudFormation stack update keeps its roles): indeterminate
    const unknown = site({ AWS: ROLE_ID }, (t) => t.role('app'));
    expect(req(unknown, arns.role('app')), DOC.principal).toBe('indeterminate');
    // created anew: a new id, never one a policy already holds
    const created = site({ AWS: ROLE_ID }, (t) => t.role('app', { uniqueId: NEW_UNIQUE_ID }));
    expect(req(created, arns.role('app'))).toBe('deny');
    // pinned (a Terraform plan's unique_id of a role that exists)
    const pinned = site({ AWS: ROLE_ID }, (t) => t.role('app', { uniqueId: ROLE_ID }));
    expect(req(pinned, arns.role('app'))).toBe('allow');
    expect(req(pinned, arns.session('app', 's1'))).toBe('allow');
    const other = site({ AWS: ROLE_ID }, (t) => t.role('app', { uniqueId: 'AROAOTHEREXAMPLE12345' }));
    expect(req(other, arns.role('app'))).toBe('deny');
    // a role outside the inputs may be it
    expect(req(created, arns.role('r', EXTERNAL_ACCOUNT))).toBe('indeterminate');
  });

  it('a principal named by unique id may be one an ARN or an account names: indeterminate', () => {
    const role = site({ AWS: arns.role('r', EXTERNAL_ACCOUNT) });
    expect(verdict(role, ROLE_ID, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.principal).toBe(
      'indeterminate',
    );
    expect(verdict(role, USER_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
    const account = site({ AWS: EXTERNAL_ACCOUNT });
    expect(verdict(account, USER_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('indeterminate');
  });
});

describe('NotPrincipal and unique ids (DOC.principal)', () => {
  const denyAllBut = (notPrincipal: unknown) => {
    const t = new TestModel();
    t.role('app');
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: '*' }), {
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/*',
        NotPrincipal: notPrincipal,
      }),
    });
    return t.engine();
  };

  it('a NotPrincipal naming the id excludes that role; one naming an account does not', () => {
    expect(verdict(denyAllBut({ AWS: ROLE_ID }), ROLE_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe(
      'allow',
    );
    expect(
      verdict(denyAllBut({ AWS: EXTERNAL_ACCOUNT }), ROLE_ID, 's3:GetObject', 'arn:aws:s3:::site/x'),
    ).toBe('deny');
    // a role ARN may be the role the id names
    expect(
      verdict(
        denyAllBut({ AWS: arns.role('r', EXTERNAL_ACCOUNT) }),
        ROLE_ID,
        's3:GetObject',
        'arn:aws:s3:::site/x',
      ),
    ).toBe('indeterminate');
    // a role of the inputs whose id is unknown may be the one excluded
    expect(
      verdict(denyAllBut({ AWS: ROLE_ID }), arns.role('app'), 's3:GetObject', 'arn:aws:s3:::site/x'),
    ).toBe('indeterminate');
  });
});

describe('principal keys of a role named by unique id (DOC.principal)', () => {
  it('aws:PrincipalArn and aws:PrincipalAccount are present but unknown; aws:userid starts with the id', () => {
    const t = new TestModel();
    const grant = (action: string, condition: unknown) =>
      allow(action, 'arn:aws:s3:::site/*', { Principal: { AWS: ROLE_ID }, Condition: condition });
    t.bucket('site', {
      policy: policy(
        grant('s3:GetObject', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app*' } }),
        // not an account id: no account matches
        grant('s3:PutObject', { StringEquals: { 'aws:PrincipalAccount': 'x' } }),
        grant('s3:DeleteObject', { StringLike: { 'aws:userid': `${ROLE_ID}:*` } }),
      ),
    });
    const e = t.engine();
    expect(verdict(e, ROLE_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('indeterminate');
    expect(verdict(e, ROLE_ID, 's3:PutObject', 'arn:aws:s3:::site/x')).toBe('deny');
    expect(verdict(e, ROLE_ID, 's3:DeleteObject', 'arn:aws:s3:::site/x')).toBe('allow');
  });
});
