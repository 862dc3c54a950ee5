// Who may call AWS STS at all (src/engine/sts-rules.ts, issue 9 item 3) and federated user
// sessions from GetFederationToken as request principals (src/engine/principal.ts, item 7).
// Each rule quotes the AWS page it follows.

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  decide,
  deny,
  EXTERNAL_ACCOUNT,
  policy,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const DOC = {
  compare:
    'IAM User Guide, "Compare AWS STS credentials", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html',
  switchConsole:
    'IAM User Guide, "Switch from a user to an IAM role (console)", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html',
  sessionToken:
    'IAM User Guide, "Permissions for GetSessionToken", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html',
  callerIdentity:
    'AWS STS API Reference, "GetCallerIdentity", https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
  federationToken:
    'IAM User Guide, "Permissions for GetFederationToken", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html',
  evaluation:
    'IAM User Guide, "Policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
  variables:
    'IAM User Guide, "IAM policy elements: Variables and tags" (Principal key values), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
};

const ANY_ROLE_TRUST = policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.root() } }));

function model() {
  const m = new TestModel();
  const alice = m.user('alice', { inline: [policy(allow('*', '*'))] });
  const denied = m.user('denied', { inline: [policy(allow('*', '*')), policy(deny('*', '*'))] });
  const target = m.role('Target', { trust: ANY_ROLE_TRUST, inline: [policy(allow('*', '*'))] });
  m.bucket('data');
  return { m, alice, denied, target };
}

describe(`Who can call AssumeRole (${DOC.compare}; ${DOC.switchConsole})`, () => {
  // "AssumeRole — Who can call: IAM user or IAM role with existing temporary security
  // credentials"; "You cannot switch roles if you sign in as the AWS account root user."
  it('the account root user cannot assume a role, its own account or another', () => {
    const { m, target } = model();
    const e = m.engine();
    const d = decide(e, arns.root(), 'sts:AssumeRole', target, { trace: true });
    expect(d).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
    expect(JSON.stringify(d.trace)).toMatch(/root user cannot assume a role/);
    // Even a trust policy naming another account's root does not let that root user assume it.
    const m2 = new TestModel();
    const open = m2.role('Open', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: EXTERNAL_ACCOUNT } })),
    });
    expect(verdict(m2.engine(), arns.root(EXTERNAL_ACCOUNT), 'sts:AssumeRole', open)).toBe('deny');
    // ...while a user of that account may (its identity side is assumed to allow).
    expect(verdict(m2.engine(), arns.user('x', EXTERNAL_ACCOUNT), 'sts:AssumeRole', open)).toBe('allow');
  });

  it('an anonymous caller cannot call sts:AssumeRole, even on a role that trusts "*"', () => {
    const m = new TestModel();
    const open = m.role('Open', { trust: policy(allow('sts:AssumeRole', undefined, { Principal: '*' })) });
    expect(decide(m.engine(), 'anonymous', 'sts:AssumeRole', open)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    expect(verdict(m.engine(), arns.user('x', EXTERNAL_ACCOUNT), 'sts:AssumeRole', open)).toBe('allow');
  });

  it('users and role sessions still need their policies and the trust policy', () => {
    const { m, alice, target } = model();
    const none = m.user('none');
    const e = m.engine();
    expect(verdict(e, alice, 'sts:AssumeRole', target)).toBe('allow');
    expect(verdict(e, none, 'sts:AssumeRole', target)).toBe('deny');
    expect(verdict(e, target, 'sts:AssumeRole', target)).toBe('allow');
  });
});

describe(`GetSessionToken (${DOC.sessionToken}; ${DOC.compare})`, () => {
  // "No permissions are required for a user to get a session token. ... You cannot use policies
  // to control authentication operations." Who can call: "IAM user or AWS account root user";
  // credentials from AssumeRole "Cannot call GetFederationToken or GetSessionToken".
  it('an IAM user or the root user may call it whatever the policies say, an explicit Deny included', () => {
    const { m, denied } = model();
    const bare = m.user('bare');
    const e = m.engine();
    expect(decide(e, denied, 'sts:GetSessionToken', '*')).toMatchObject({ decision: 'allow' });
    expect(verdict(e, bare, 'sts:GetSessionToken', '*')).toBe('allow');
    expect(verdict(e, arns.root(), 'sts:GetSessionToken', '*')).toBe('allow');
  });

  it('a role session cannot (it has no long-term credentials), whatever its policies allow', () => {
    const { m, target } = model();
    const d = decide(m.engine(), target, 'sts:GetSessionToken', '*', { trace: true });
    expect(d).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
    expect(JSON.stringify(d.trace)).toMatch(/role session cannot call GetSessionToken/);
    expect(verdict(m.engine(), arns.session('Target', 's'), 'sts:GetSessionToken', '*')).toBe('deny');
    expect(verdict(m.engine(), 'anonymous', 'sts:GetSessionToken', '*')).toBe('deny');
  });

  it('a user that might not exist is indeterminate, not allowed', () => {
    const m = new TestModel();
    const u = m.b.addUser({
      name: 'maybe',
      account: ACCOUNT_A,
      source: { file: 't' },
      presence: new Unknown('count unknown'),
    });
    expect(verdict(m.engine(), u, 'sts:GetSessionToken', '*')).toBe('indeterminate');
  });
});

describe(`GetCallerIdentity (${DOC.callerIdentity})`, () => {
  // "No permissions are required to perform this operation. If an administrator attaches a policy
  // to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can
  // still perform this operation."
  it('every authenticated principal may call it, even under an explicit Deny; anonymous may not', () => {
    const { m, denied, target } = model();
    m.scp(ACCOUNT_A, policy(deny('sts:*', '*')));
    const e = m.engine();
    expect(decide(e, denied, 'sts:GetCallerIdentity', '*')).toMatchObject({
      decision: 'allow',
      reason: 'allowed',
    });
    expect(verdict(e, target, 'sts:GetCallerIdentity', '*')).toBe('allow');
    expect(verdict(e, arns.root(), 'sts:GetCallerIdentity', '*')).toBe('allow');
    expect(verdict(e, `arn:aws:sts::${ACCOUNT_A}:federated-user/bob`, 'sts:GetCallerIdentity', '*')).toBe(
      'allow',
    );
    expect(verdict(e, 'anonymous', 'sts:GetCallerIdentity', '*')).toBe('deny');
  });
});

describe(`GetFederationToken callers (${DOC.compare})`, () => {
  // GetFederationToken — Who can call: "IAM user or AWS account root user".
  it('a role session cannot call it; a user needs a policy that allows it', () => {
    const { m, alice, target } = model();
    const bare = m.user('bare');
    const e = m.engine();
    expect(verdict(e, target, 'sts:GetFederationToken', '*')).toBe('deny');
    expect(verdict(e, alice, 'sts:GetFederationToken', '*')).toBe('allow');
    expect(verdict(e, bare, 'sts:GetFederationToken', '*')).toBe('deny');
  });
});

describe(`Federated user sessions as request principals (${DOC.federationToken}; ${DOC.evaluation})`, () => {
  const FED = `arn:aws:sts::${ACCOUNT_A}:federated-user/bob`;
  const READ = { action: 's3:GetObject', resource: arns.object('data', 'f') };
  const SESSION_READ = policy(allow('s3:GetObject', '*'));

  function fedModel() {
    const m = new TestModel();
    const tokenApp = m.user('token-app', {
      inline: [policy(allow(['sts:GetFederationToken', 's3:GetObject', 's3:PutObject'], '*'))],
    });
    const weak = m.user('weak', { inline: [policy(allow('sts:GetFederationToken', '*'))] });
    m.bucket('data');
    return { m, tokenApp, weak };
  }

  // "When you create a federated user session and pass session policies, the resulting session's
  // permissions are the intersection of the user's identity-based policy and the session
  // policies."
  it('a known caller: the intersection of its identity policies and the session policy', () => {
    const { m, tokenApp, weak } = fedModel();
    const e = m.engine();
    const as = (federatedBy: string, sessionPolicy?: unknown) =>
      e.decide({ principal: FED, ...READ, federatedBy, ...(sessionPolicy ? { sessionPolicy } : {}) })
        .decision;
    expect(as(tokenApp, SESSION_READ)).toBe('allow');
    expect(as(weak, SESSION_READ)).toBe('deny');
    expect(
      e.decide({
        principal: FED,
        action: 's3:PutObject',
        resource: READ.resource,
        federatedBy: tokenApp,
        sessionPolicy: SESSION_READ,
      }).decision,
    ).toBe('deny');
  });

  // "In most cases if you do not pass a policy with the GetFederationToken API call, the resulting
  // temporary security credentials have no permissions." A request without the session policy
  // does not say which one was passed: identity-based access is indeterminate, never allow.
  it('without the session policy the identity side is indeterminate, and deny where the caller has nothing', () => {
    const { m, tokenApp, weak } = fedModel();
    const e = m.engine();
    const d = e.decide({ principal: FED, ...READ, federatedBy: tokenApp }, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toMatch(/no session policy given for the federated user session/);
    expect(e.decide({ principal: FED, ...READ, federatedBy: weak }).decision).toBe('deny');
  });

  it('an unknown caller: indeterminate (any user of the account, or its root, may have federated)', () => {
    const { m } = fedModel();
    const e = m.engine();
    const d = e.decide({ principal: FED, ...READ, sessionPolicy: SESSION_READ }, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toMatch(/called GetFederationToken .* is not known/);
    // The session policy still caps: nothing it does not allow can be allowed.
    expect(
      e.decide({
        principal: FED,
        action: 's3:DeleteObject',
        resource: READ.resource,
        sessionPolicy: SESSION_READ,
      }).decision,
    ).toBe('deny');
    // The root user as the caller has full access in its account, capped by the session policy.
    expect(
      e.decide({ principal: FED, ...READ, sessionPolicy: SESSION_READ, federatedBy: arns.root() }).decision,
    ).toBe('allow');
  });

  // "Within the same account, resource-based policies that grant permissions to a federated user
  // ARN grant permissions directly to the session. Permissions granted directly to a session are
  // not limited by an implicit deny in an identity-based policy, a permissions boundary, or
  // session policy." "However, if a resource-based policy grants permission to the ARN of the IAM
  // user who federated, then requests made by the federated user during the session are limited
  // by an implicit deny in a permission boundary or session policy."
  it('a bucket policy naming the session ARN grants directly; naming the caller is capped by the session policy', () => {
    const m = new TestModel();
    const caller = m.user('caller', { inline: [policy(allow('sts:GetFederationToken', '*'))] });
    m.bucket('direct', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::direct/*', { Principal: { AWS: FED } })),
    });
    m.bucket('viauser', {
      policy: policy(
        allow('s3:GetObject', 'arn:aws:s3:::viauser/*', { Principal: { AWS: arns.user('caller') } }),
      ),
    });
    const e = m.engine();
    const nothing = policy(allow('sqs:SendMessage', '*'));
    const req = (bucket: string, sessionPolicy: unknown) =>
      e.decide({
        principal: FED,
        action: 's3:GetObject',
        resource: arns.object(bucket, 'k'),
        federatedBy: caller,
        sessionPolicy,
      }).decision;
    expect(req('direct', nothing)).toBe('allow');
    expect(req('viauser', nothing)).toBe('deny');
    expect(req('viauser', policy(allow('s3:*', '*')))).toBe('allow');
  });

  // Credentials from GetFederationToken: "Cannot call IAM operations using the AWS CLI or AWS
  // API" and "Cannot call AWS STS operations except GetCallerIdentity" (Compare AWS STS credentials).
  it('cannot call IAM or STS (except GetCallerIdentity), whatever the policies allow', () => {
    const { m, tokenApp } = fedModel();
    const all = policy(allow('*', '*'));
    const e = m.engine();
    for (const action of [
      'iam:CreateUser',
      'sts:AssumeRole',
      'sts:GetSessionToken',
      'sts:GetFederationToken',
    ])
      expect(
        e.decide({ principal: FED, action, resource: '*', federatedBy: tokenApp, sessionPolicy: all })
          .decision,
      ).toBe('deny');
  });

  // Principal key values: a federated user's aws:PrincipalType is FederatedUser and its
  // aws:userid `account:caller-specified-name`; aws:username is not present.
  it(`fills aws:PrincipalType, aws:PrincipalArn and aws:userid (${DOC.variables})`, () => {
    const m = new TestModel();
    m.bucket('data', {
      policy: policy(
        allow('s3:GetObject', 'arn:aws:s3:::data/*', {
          Principal: '*',
          Condition: {
            StringEquals: {
              'aws:PrincipalType': 'FederatedUser',
              'aws:userid': `${ACCOUNT_A}:bob`,
              'aws:PrincipalArn': FED,
            },
            Null: { 'aws:username': 'true' },
          },
        }),
      ),
    });
    const e = m.engine();
    // The root user as the caller (no identity policy of an unknown caller can deny) and a
    // session policy that allows nothing here: only the bucket policy can grant.
    const root = { federatedBy: arns.root(), sessionPolicy: policy(allow('sqs:SendMessage', '*')) };
    expect(e.decide({ principal: FED, ...READ, ...root }).decision).toBe('allow');
    expect(
      e.decide({ principal: `arn:aws:sts::${ACCOUNT_A}:federated-user/eve`, ...READ, ...root }).decision,
    ).toBe('deny');
  });

  it('a caller in another account than the session is an error, named in the trace', () => {
    const { m } = fedModel();
    const d = m
      .engine()
      .decide({ principal: FED, ...READ, federatedBy: arns.user('x', EXTERNAL_ACCOUNT) }, { trace: true });
    expect(d.decision).toBe('deny');
    expect(JSON.stringify(d.trace)).toMatch(/creates the session in the caller's account/);
  });
});
