// A Deny with NotPrincipal excludes a principal only when AWS finds each identity it checks named
// (src/engine/compile-policy.ts `exactMatch`). iamspec excluded exactly the ARN written and
// nothing above or below it, so `NotPrincipal: [account root, role ARN]`, the pair the IAM User
// Guide recommends for a role, was a sure Deny of every session of the role ("Nobody", `cannot`
// passed) although AWS may let them through; and a user (or session) named without its account
// was surely let through although AWS may deny the whole account.
//
// IAM User Guide, "AWS JSON policy elements: NotPrincipal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html:
// "When you use NotPrincipal, you must also specify the account ARN of the not-denied principal.
// Otherwise, the policy might deny access to the entire account containing the principal.
// Depending on the service that you include in your policy, AWS might validate the account first
// and then the user. If an assumed-role user (someone who is using a role) is being evaluated,
// AWS might validate the account first, then the role, and then the assumed-role user. ...
// Therefore, we strongly recommend that you explicitly include the ARN for a user's account, or
// include both the ARN for a role and the ARN for the account containing that role."

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { allow, arns, policy, TestModel, verdict } from './helpers/engine-fixtures.js';

const PAGE =
  'IAM User Guide, "AWS JSON policy elements: NotPrincipal": "you must also specify the account ARN of the not-denied principal. Otherwise, the policy might deny access to the entire account ... AWS might validate the account first, then the role, and then the assumed-role user", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html';

const OBJECT = arns.object('shared', 'k');

/** alice and role app may read anything; the bucket denies everyone NotPrincipal `except`. */
function engineWith(except: string[]) {
  const t = new TestModel();
  t.user('alice', { inline: [policy(allow('s3:GetObject', '*'))] });
  t.role('app', { inline: [policy(allow('s3:GetObject', '*'))] });
  t.user('bob', { inline: [policy(allow('s3:GetObject', '*'))] });
  t.bucket('shared', {
    policy: policy({
      Effect: 'Deny',
      NotPrincipal: { AWS: except },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::shared/*',
    }),
  });
  return t.engine();
}

const ALICE = arns.user('alice');
const APP = arns.role('app');
const APP_SESSION = arns.session('app', 'job-1');
const ROOT = arns.root();

describe(`NotPrincipal with Deny: every identity AWS may check must be named (${PAGE})`, () => {
  it('the account and the user named: the user is excluded (allow); another user of the account is denied', () => {
    const e = engineWith([ROOT, ALICE]);
    expect(verdict(e, ALICE, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, arns.user('bob'), 's3:GetObject', OBJECT)).toBe('deny');
    expect(verdict(e, APP_SESSION, 's3:GetObject', OBJECT)).toBe('deny');
  });

  it('the account and the role named (the recommended pair): its sessions may be let through or denied', () => {
    const e = engineWith([ROOT, APP]);
    expect(verdict(e, APP, 's3:GetObject', OBJECT)).toBe('indeterminate');
    expect(verdict(e, APP_SESSION, 's3:GetObject', OBJECT)).toBe('indeterminate');
    // a `cannot` for the role no longer holds: its access is not denied for sure
    expect(decideAnyContext(e, { principal: APP, action: 's3:GetObject', resource: OBJECT }).access).toBe(
      'indeterminate',
    );
  });

  it('says why in the trace: the identities AWS may check', () => {
    const d = engineWith([ROOT, APP]).decide(
      { principal: APP_SESSION, action: 's3:GetObject', resource: OBJECT },
      { trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(
      'its NotPrincipal names some but not all of the identities AWS may check',
    );
  });

  it('account, role and session named: that session is excluded', () => {
    const e = engineWith([ROOT, APP, APP_SESSION]);
    expect(verdict(e, APP_SESSION, 's3:GetObject', OBJECT)).toBe('allow');
  });

  it('a user or a session named without its account: AWS might deny the whole account (indeterminate, not allow)', () => {
    const e = engineWith([ALICE, APP, APP_SESSION]);
    expect(verdict(e, ALICE, 's3:GetObject', OBJECT)).toBe('indeterminate');
    expect(verdict(e, APP_SESSION, 's3:GetObject', OBJECT)).toBe('indeterminate');
  });

  it('the account alone excludes none of its users or sessions: the Deny applies', () => {
    const e = engineWith([ROOT]);
    expect(verdict(e, ALICE, 's3:GetObject', OBJECT)).toBe('deny');
    expect(verdict(e, APP_SESSION, 's3:GetObject', OBJECT)).toBe('deny');
    expect(verdict(e, ROOT, 's3:GetObject', OBJECT)).not.toBe('deny');
  });

  it('none of its identities named: the Deny applies', () => {
    const e = engineWith([arns.user('carol', '444455556666'), arns.root('444455556666')]);
    expect(verdict(e, ALICE, 's3:GetObject', OBJECT)).toBe('deny');
    expect(verdict(e, APP_SESSION, 's3:GetObject', OBJECT)).toBe('deny');
  });
});
