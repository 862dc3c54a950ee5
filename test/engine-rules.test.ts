// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// One test (or small describe) per evaluation rule of the engine, each pinned to the AWS
// documentation page it comes from, with the key sentence quoted. Models are built with the
// TestModel helper (test/helpers/engine-fixtures.ts): account A and account B are in the model,
// EXTERNAL_ACCOUNT is not.

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { buildCompany1 } from './helpers/company1.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  decide,
  deny,
  EXTERNAL_ACCOUNT,
  FULL_AWS_ACCESS,
  policy,
  RCP_FULL_AWS_ACCESS,
  TestModel,
  userWithStatements,
  verdict,
} from './helpers/engine-fixtures.js';

const DOC = {
  interplay:
    'IAM User Guide, "The difference between explicit and implicit denies", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html',
  denyAllow:
    'IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or deny access", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
  singleAccount:
    'IAM User Guide, "Policy evaluation for requests within a single account", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html',
  crossAccount:
    'IAM User Guide, "Cross-account policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  boundaries:
    'IAM User Guide, "Permissions boundaries for IAM entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  session:
    'IAM User Guide, "Policies and permissions in AWS Identity and Access Management" (Session policies), https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
  scp: 'AWS Organizations User Guide, "Service control policies (SCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
  rcp: 'AWS Organizations User Guide, "Resource control policies (RCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  kms: 'AWS KMS Developer Guide, "Key policies in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
  principal:
    'IAM User Guide, "AWS JSON policy elements: Principal", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  notPrincipal:
    'IAM User Guide, "AWS JSON policy elements: NotPrincipal", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  trustUpdate:
    'IAM User Guide, "Update a role trust policy", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
  action:
    'IAM User Guide, "IAM JSON policy elements: Action", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
  notAction:
    'IAM User Guide, "IAM JSON policy elements: NotAction", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
  resource:
    'IAM User Guide, "IAM JSON policy elements: Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
  notResource:
    'IAM User Guide, "IAM JSON policy elements: NotResource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
  variables:
    'IAM User Guide, "IAM policy elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  keys: 'IAM User Guide, "AWS global condition context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  operators:
    'IAM User Guide, "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  design: 'DESIGN.md "Semantics" (unknown values are kept and make dependent decisions indeterminate)',
};

const LOGS = 'company-logs';
const logsObject = arns.object(LOGS, 'app/2024-01-01.log');

describe(`Explicit deny wins over allow (${DOC.interplay})`, () => {
  // "If policies that apply to a request include an Allow statement and a Deny statement, the
  // Deny statement trumps the Allow statement. The request is explicitly denied."
  it('an identity-based Deny beats an identity-based Allow in another policy of the same user', () => {
    const m = new TestModel();
    const dev = m.user('dev', {
      inline: [policy(allow('ec2:*', '*')), policy(deny('ec2:StopInstances', '*', { Sid: 'NoStop' }))],
    });
    const e = m.engine();
    expect(decide(e, dev, 'ec2:StopInstances', '*')).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(decide(e, dev, 'ec2:StartInstances', '*')).toMatchObject({ decision: 'allow', reason: 'allowed' });
  });

  it('a resource-based Deny beats an identity-based Allow', () => {
    const m = new TestModel();
    const dev = m.user('dev', { inline: [policy(allow('s3:*', '*'))] });
    m.bucket(LOGS, { policy: policy(deny('s3:DeleteObject', `${arns.bucket(LOGS)}/*`, { Principal: '*' })) });
    const e = m.engine();
    expect(decide(e, dev, 's3:DeleteObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(verdict(e, dev, 's3:GetObject', logsObject)).toBe('allow');
  });

  it('an identity-based Deny beats a resource-based Allow that names the user', () => {
    const m = new TestModel();
    const dev = m.user('dev', { inline: [policy(deny('s3:GetObject', '*'))] });
    m.bucket(LOGS, {
      policy: policy(allow('s3:*', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.user('dev') } })),
    });
    const e = m.engine();
    expect(decide(e, dev, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(verdict(e, dev, 's3:PutObject', logsObject)).toBe('allow');
  });
});

describe(`Implicit deny by default (${DOC.interplay})`, () => {
  // "An implicit denial occurs when there is no applicable Deny statement but also no applicable
  // Allow statement."
  it('a user with no policies is implicitly denied; one Allow for another action does not help', () => {
    const m = new TestModel();
    const none = m.user('none');
    const some = m.user('some', { inline: [policy(allow('s3:ListBucket', arns.bucket(LOGS)))] });
    const e = m.engine();
    expect(decide(e, none, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    expect(decide(e, some, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    expect(verdict(e, some, 's3:ListBucket', arns.bucket(LOGS))).toBe('allow');
  });
});

describe(`Same account: an identity-based OR a resource-based allow suffices (${DOC.singleAccount})`, () => {
  // "If either the identity-based policy or the resource-based policy within the same account
  // allows the request and the other doesn't, the request is still allowed."
  it('an identity-based Allow alone suffices', () => {
    const m = new TestModel();
    const u = m.user('reader', { inline: [policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`))] });
    m.bucket(LOGS);
    expect(verdict(m.engine(), u, 's3:GetObject', logsObject)).toBe('allow');
  });

  it('a resource-based Allow naming the IAM user alone suffices', () => {
    const m = new TestModel();
    const u = m.user('reader');
    const other = m.user('other');
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.user('reader') } }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, other, 's3:GetObject', logsObject)).toBe('deny');
  });

  it('a resource-based Allow naming the role session ARN alone suffices for that session', () => {
    const m = new TestModel();
    m.role('Worker', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'ec2.amazonaws.com' } })),
    });
    const session = arns.session('Worker', 'i-0123');
    m.bucket(LOGS, {
      policy: policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: session } })),
    });
    const e = m.engine();
    expect(verdict(e, session, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, arns.session('Worker', 'other'), 's3:GetObject', logsObject)).toBe('deny');
  });

  it('a same-account resource policy naming the account root delegates: the identity policy must allow', () => {
    // Principal page, "AWS account principals": "This delegates authority to the account."
    const m = new TestModel();
    const none = m.user('none');
    const reader = m.user('reader', { inline: [policy(allow('s3:GetObject', '*'))] });
    m.bucket(LOGS, {
      policy: policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.root() } })),
    });
    const e = m.engine();
    expect(verdict(e, none, 's3:GetObject', logsObject)).toBe('deny');
    expect(verdict(e, reader, 's3:GetObject', logsObject)).toBe('allow');
  });
});

describe(`Cross-account (both accounts in the model): identity AND resource policy needed (${DOC.crossAccount})`, () => {
  // "To allow cross-account access, you attach a resource-based policy to the resource that you want
  // to share. You must also attach an identity-based policy to the identity that acts as the
  // principal in the request."
  const shared = 'b-shared';
  const obj = arns.object(shared, 'data.csv');
  const build = (identity: boolean, resource: 'none' | 'user' | 'account') => {
    const m = new TestModel();
    const u = m.user(
      'analyst',
      identity ? { inline: [policy(allow('s3:GetObject', `${arns.bucket(shared)}/*`))] } : {},
    );
    const principal = resource === 'user' ? arns.user('analyst') : arns.root(ACCOUNT_A);
    m.bucket(shared, {
      account: ACCOUNT_B,
      policy:
        resource === 'none'
          ? undefined
          : policy(allow('s3:GetObject', `${arns.bucket(shared)}/*`, { Principal: { AWS: principal } })),
    });
    return { e: m.engine(), u };
  };

  it('identity policy alone: denied', () => {
    const { e, u } = build(true, 'none');
    expect(decide(e, u, 's3:GetObject', obj)).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
  });
  it('resource policy alone (naming the user): denied', () => {
    const { e, u } = build(false, 'user');
    expect(decide(e, u, 's3:GetObject', obj)).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
  });
  it('both (resource policy naming the user, or the trusted account): allowed, not external', () => {
    for (const kind of ['user', 'account'] as const) {
      const { e, u } = build(true, kind);
      const d = decide(e, u, 's3:GetObject', obj);
      expect(d, kind).toMatchObject({ decision: 'allow', reason: 'allowed' });
      expect(d.external, kind).toBeUndefined();
    }
  });
});

describe('An account outside the model: its identity side is assumed to allow, the resource policy decides (DESIGN.md "Semantics"; IAM Access Analyzer external access)', () => {
  // Cross-account page: the resource-based policy "must specify the principal of the trusted
  // account"; the trusted account's own identity policies are not in the inputs.
  const extUser = arns.user('partner', EXTERNAL_ACCOUNT);
  it('allowed by a resource policy naming the external user or its account, with external: true', () => {
    for (const principal of [extUser, arns.root(EXTERNAL_ACCOUNT), EXTERNAL_ACCOUNT]) {
      const m = new TestModel();
      m.bucket(LOGS, {
        policy: policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: principal } })),
      });
      expect(decide(m.engine(), extUser, 's3:GetObject', logsObject), principal).toEqual({
        decision: 'allow',
        reason: 'allowed',
        external: true,
      });
    }
  });
  it('denied without such a statement, still marked external', () => {
    const m = new TestModel();
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.root(ACCOUNT_A) } }),
      ),
    });
    expect(decide(m.engine(), extUser, 's3:GetObject', logsObject)).toEqual({
      decision: 'deny',
      reason: 'implicit-deny',
      external: true,
    });
  });
});

describe(`Permissions boundaries (${DOC.boundaries})`, () => {
  // "An entity's permissions boundary allows it to perform only the actions that are allowed by both
  // its identity-based policies and its permissions boundaries."
  it('a boundary caps identity-based permissions (and an explicit Deny in it denies)', () => {
    const m = new TestModel();
    const u = m.user('intern', {
      inline: [policy(allow('s3:*', '*'))],
      boundary: policy(allow(['s3:ListBucket', 's3:PutObject'], '*'), deny('s3:PutObject', '*')),
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:ListBucket', arns.bucket(LOGS))).toBe('allow');
    expect(decide(e, u, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    expect(decide(e, u, 's3:PutObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('a boundary does not grant: boundary Allow without identity Allow is denied', () => {
    const m = new TestModel();
    const u = m.user('intern', { boundary: policy(allow('s3:*', '*')) });
    expect(verdict(m.engine(), u, 's3:GetObject', logsObject)).toBe('deny');
  });

  // Evaluation section: "Within an account, an implicit deny in a permissions boundary does not
  // limit the permissions granted to an IAM user by a resource-based policy." ... for roles "an
  // implicit deny in a permissions boundary does limit the permissions granted to the ARN of the
  // underlying IAM role ... However, if the resource-based policy grants permissions directly to
  // the session principal, an implicit deny in the permissions boundary doesn't limit those
  // permissions."
  const narrow = policy(allow('sts:GetCallerIdentity', '*'));
  const bucketFor = (m: TestModel, principal: string) =>
    m.bucket(LOGS, {
      policy: policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: principal } })),
    });

  it('does NOT cap a same-account resource policy naming the IAM user ARN', () => {
    const m = new TestModel();
    const u = m.user('intern', { boundary: narrow });
    bucketFor(m, arns.user('intern'));
    expect(verdict(m.engine(), u, 's3:GetObject', logsObject)).toBe('allow');
  });

  it('does NOT cap a same-account resource policy naming the role session ARN', () => {
    const m = new TestModel();
    m.role('App', { boundary: narrow });
    const session = arns.session('App', 'worker-1');
    bucketFor(m, session);
    expect(verdict(m.engine(), session, 's3:GetObject', logsObject)).toBe('allow');
  });

  it('DOES cap a same-account resource policy naming the role ARN (allowed without the boundary)', () => {
    for (const withBoundary of [true, false]) {
      const m = new TestModel();
      m.role('App', withBoundary ? { boundary: narrow } : {});
      bucketFor(m, arns.role('App'));
      const e = m.engine();
      const expected = withBoundary ? 'deny' : 'allow';
      expect(verdict(e, arns.role('App'), 's3:GetObject', logsObject), `boundary=${withBoundary}`).toBe(
        expected,
      );
      expect(
        verdict(e, arns.session('App', 's'), 's3:GetObject', logsObject),
        `boundary=${withBoundary}`,
      ).toBe(expected);
    }
  });
});

describe(`Session policies (${DOC.session})`, () => {
  // "The resulting session's permissions are the intersection of the role's identity-based policy
  // and the session policies." / "A resource-based policy can specify the ARN of the user or role
  // as a principal. In that case, the permissions from the resource-based policy are added to the
  // role or user's identity-based policy before the session is created. The session policy limits
  // the total permissions ..." / "A resource-based policy can specify the ARN of the session as a
  // principal. ... The resource-based policy permissions are not limited by the session policies."
  const onlyPut = policy(allow('s3:PutObject', '*'));

  it('a session policy caps identity-based permissions and does not grant', () => {
    const m = new TestModel();
    m.role('Uploader', {
      inline: [policy(allow(['s3:GetObject', 's3:PutObject'], `${arns.bucket(LOGS)}/*`))],
    });
    const e = m.engine();
    const s = arns.session('Uploader', 'job');
    expect(verdict(e, s, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, s, 's3:GetObject', logsObject, { sessionPolicy: onlyPut })).toBe('deny');
    expect(verdict(e, s, 's3:PutObject', logsObject, { sessionPolicy: onlyPut })).toBe('allow');
    expect(verdict(e, s, 's3:DeleteObject', logsObject, { sessionPolicy: policy(allow('s3:*', '*')) })).toBe(
      'deny',
    );
  });

  it('a resource policy naming the session ARN is not limited by the session policy', () => {
    const m = new TestModel();
    m.role('Uploader');
    const s = arns.session('Uploader', 'job');
    m.bucket(LOGS, {
      policy: policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: s } })),
    });
    expect(verdict(m.engine(), s, 's3:GetObject', logsObject, { sessionPolicy: onlyPut })).toBe('allow');
  });

  it('a resource policy naming the role ARN is limited by the session policy', () => {
    const m = new TestModel();
    m.role('Uploader');
    const s = arns.session('Uploader', 'job');
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.role('Uploader') } }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, s, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, s, 's3:GetObject', logsObject, { sessionPolicy: onlyPut })).toBe('deny');
  });
});

describe(`Service control policies (${DOC.scp})`, () => {
  // "SCPs do not grant permissions ... The effective permissions are the logical intersection
  // between what is allowed by the SCP and what is allowed by the IAM and resource-based
  // policies." / "If a permission is blocked at any level above the account, either implicitly
  // (by not being included in an Allow policy statement) or explicitly (by being included in a
  // Deny policy statement), a user or role in the affected account can't use that permission,
  // even if the account administrator attaches the AdministratorAccess IAM policy".
  const admin = policy(allow('*', '*'));

  it('an SCP must allow: what it does not allow is implicitly denied, even for an administrator', () => {
    const m = new TestModel();
    const a = m.user('admin', { inline: [admin] });
    m.scp(ACCOUNT_A, policy(allow(['s3:*', 'ec2:Describe*'], '*')));
    const e = m.engine();
    expect(verdict(e, a, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, a, 'iam:CreateUser', arns.user('x'))).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
  });

  it('a Deny-only SCP in the inputs is taken as a deny list next to FullAWSAccess (the default); an allow-list SCP must allow', () => {
    // "By default, an SCP named FullAWSAccess is attached to every root, OU, and account" (AWS
    // Organizations User Guide, "SCP evaluation"). A deny-list SCP found in the inputs is
    // evaluated as sitting next to it; an SCP with Allow statements must allow the request.
    const m = new TestModel();
    const a = m.user('admin', { inline: [admin] });
    m.scp(ACCOUNT_A, policy(deny('s3:DeleteBucket', '*')));
    const e = m.engine();
    expect(verdict(e, a, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, a, 's3:DeleteBucket', arns.bucket(LOGS))).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    const m2 = new TestModel();
    const a2 = m2.user('admin', { inline: [admin] });
    m2.scp(ACCOUNT_A, policy(allow('ec2:*', '*')));
    expect(decide(m2.engine(), a2, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
  });

  it('an SCP Deny wins, also over the account root user ("including the root user")', () => {
    const m = new TestModel();
    const a = m.user('admin', { inline: [admin] });
    m.scp(ACCOUNT_A, policy(allow('*', '*'), deny('s3:DeleteBucket', '*')));
    const e = m.engine();
    expect(verdict(e, a, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, a, 's3:DeleteBucket', arns.bucket(LOGS))).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(decide(e, arns.root(ACCOUNT_A), 's3:DeleteBucket', arns.bucket(LOGS))).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('FullAWSAccess plus a deny-list SCP attached to the same account: allowed except what is denied', () => {
    // AWS Organizations User Guide, "SCP evaluation",
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html:
    // "To allow a permission for a specific account, there must be an explicit Allow statement at
    // every level from the root through each OU in the direct path to the account (including the
    // target account itself)." Several SCPs attached to one level: one Allow at that level suffices
    // (the deny-list strategy keeps FullAWSAccess attached and adds SCPs with Deny statements).
    const m = new TestModel();
    const a = m.user('admin', { inline: [admin] });
    m.scp(ACCOUNT_A, FULL_AWS_ACCESS);
    m.scp(ACCOUNT_A, policy(deny('s3:DeleteBucket', '*')));
    const e = m.engine();
    expect(verdict(e, a, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, a, 's3:DeleteBucket', arns.bucket(LOGS))).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('SCPs do not apply to service principals (nor to principals of other accounts)', () => {
    // "SCPs affect only IAM users and roles that are managed by accounts that are part of the
    // organization. SCPs don't affect resource-based policies directly. They also don't affect
    // users or roles from accounts outside the organization."
    const m = new TestModel();
    const a = m.user('admin', { inline: [admin] });
    m.role('Ec2Role', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'ec2.amazonaws.com' } })),
    });
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:PutObject', `${arns.bucket(LOGS)}/*`, {
          Principal: { Service: 'logging.s3.amazonaws.com' },
        }),
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.root(EXTERNAL_ACCOUNT) } }),
      ),
    });
    m.scp(ACCOUNT_A, policy(deny('*', '*')));
    const e = m.engine();
    expect(verdict(e, a, 's3:GetObject', logsObject)).toBe('deny');
    expect(verdict(e, 'ec2.amazonaws.com', 'sts:AssumeRole', arns.role('Ec2Role'))).toBe('allow');
    expect(verdict(e, 'logging.s3.amazonaws.com', 's3:PutObject', logsObject)).toBe('allow');
    expect(verdict(e, arns.user('p', EXTERNAL_ACCOUNT), 's3:GetObject', logsObject)).toBe('allow');
  });
});

describe(`Resource control policies (${DOC.rcp})`, () => {
  // "RCPs alone are not sufficient in granting permissions ... The effective permissions are the
  // logical intersection between what is allowed by the RCPs and SCPs and what is allowed by the
  // identity-based and resource-based policies." AWS Organizations User Guide, "RCP syntax",
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html:
  // "The effect of Allow is only supported for the RCPFullAWSAccess policy. This policy is
  // automatically attached to the organization root, every OU, and every account in your
  // organization" — so custom RCPs hold only Deny statements and sit next to RCPFullAWSAccess.
  const perimeter = policy(
    deny('s3:*', '*', {
      Principal: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalAccount': ACCOUNT_A },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  const setup = (rcps: object[]) => {
    const m = new TestModel();
    const u = m.user('reader', { inline: [policy(allow('s3:GetObject', '*'))] });
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.root(EXTERNAL_ACCOUNT) } }),
      ),
    });
    for (const r of rcps) m.rcp(ACCOUNT_A, r);
    return { e: m.engine(), u };
  };

  it('an RCP Deny wins (data perimeter in one document: principals outside the account are denied)', () => {
    const { e, u } = setup([
      { Version: '2012-10-17', Statement: [RCP_FULL_AWS_ACCESS.Statement, perimeter.Statement].flat() },
    ]);
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, arns.user('p', EXTERNAL_ACCOUNT), 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    // Without the RCP the external principal is allowed by the bucket policy.
    expect(verdict(setup([]).e, arns.user('p', EXTERNAL_ACCOUNT), 's3:GetObject', logsObject)).toBe('allow');
  });

  it('RCPFullAWSAccess plus a custom (Deny-only) RCP attached to the account: allowed except what the custom RCP denies', () => {
    // The realistic shape: custom RCPs cannot contain Allow, RCPFullAWSAccess sits next to them.
    const { e, u } = setup([RCP_FULL_AWS_ACCESS, perimeter]);
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, arns.user('p', EXTERNAL_ACCOUNT), 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('a lone Deny-only RCP is paired with RCPFullAWSAccess, which cannot be detached: allowed except what it denies', () => {
    // RCPFullAWSAccess "is automatically attached to the organization root, every OU, and every
    // account in your organization", so the inputs' custom (Deny-only) RCPs never stand alone.
    const { e, u } = setup([perimeter]);
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, arns.user('p', EXTERNAL_ACCOUNT), 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('an RCP Allow never restricts: RCPFullAWSAccess allows at every level and cannot be detached', () => {
    // "RCP evaluation": "The RCPFullAWSAccess policy is an AWS managed policy. It is automatically
    // attached to the root, every OU, and every account in your organization, when you enable
    // resource control policies (RCPs). You cannot detach this policy." (test/org-managed-policies.test.ts)
    const onlyList = policy(allow('s3:ListBucket', '*', { Principal: '*' }));
    const { e, u } = setup([onlyList]);
    expect(decide(e, u, 's3:GetObject', logsObject)).toMatchObject({ decision: 'allow' });
  });
});

describe(`KMS: the key policy is required (${DOC.kms})`, () => {
  // "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a
  // KMS key. Without permission from the key policy, IAM policies that allow permissions have no
  // effect. (You can use an IAM policy to deny a permission to a KMS key without permission from a
  // key policy.)" The statement "Allows access to the AWS account and enables IAM policies" names
  // "Principal": {"AWS": "arn:aws:iam::111122223333:root"}.
  const keyArn = arns.key('1234abcd-12ab-34cd-56ef-1234567890ab');
  const build = (keyPolicy: object, identity: boolean) => {
    const m = new TestModel();
    const u = m.user('app', identity ? { inline: [policy(allow('kms:Decrypt', '*'))] } : {});
    m.resource('kms-key', keyArn, { policy: keyPolicy, name: 'app-key' });
    return { e: m.engine(), u };
  };
  const onlyAdmin = policy(allow('kms:*', '*', { Principal: { AWS: arns.role('KeyAdmin') } }));
  const enableIam = policy(allow('kms:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } }));
  const namesUser = policy(allow('kms:Decrypt', '*', { Principal: { AWS: arns.user('app') } }));

  it('an identity policy alone has no effect when the key policy does not grant the account', () => {
    const { e, u } = build(onlyAdmin, true);
    expect(decide(e, u, 'kms:Decrypt', keyArn)).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
  });
  it('the identity policy counts when the key policy grants the account root (enables IAM policies)', () => {
    expect(verdict(build(enableIam, true).e, build(enableIam, true).u, 'kms:Decrypt', keyArn)).toBe('allow');
    const { e, u } = build(enableIam, false);
    expect(verdict(e, u, 'kms:Decrypt', keyArn)).toBe('deny');
  });
  it('a key policy naming the user allows without an identity policy; an identity Deny still wins', () => {
    const { e, u } = build(namesUser, false);
    expect(verdict(e, u, 'kms:Decrypt', keyArn)).toBe('allow');
    const m = new TestModel();
    const u2 = m.user('app', { inline: [policy(deny('kms:Decrypt', '*'))] });
    m.resource('kms-key', keyArn, { policy: namesUser, name: 'app-key' });
    expect(decide(m.engine(), u2, 'kms:Decrypt', keyArn)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });
  it('the account root user needs the key policy too ("No AWS principal, including the account root user ...")', () => {
    expect(verdict(build(onlyAdmin, false).e, arns.root(ACCOUNT_A), 'kms:Decrypt', keyArn)).toBe('deny');
    expect(verdict(build(enableIam, false).e, arns.root(ACCOUNT_A), 'kms:Decrypt', keyArn)).toBe('allow');
  });
});

describe(`sts:AssumeRole and role trust policies (${DOC.principal}; ${DOC.singleAccount})`, () => {
  // Principal page: "In IAM roles, use the Principal element in the role trust policy to specify
  // who can assume the role." A trust policy is a resource-based policy.
  it('the trust policy must allow the caller, even an administrator', () => {
    const m = new TestModel();
    const admin = m.user('admin', { inline: [policy(allow('*', '*'))] });
    const alice = m.user('alice');
    m.role('Deploy', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.user('alice') } })),
    });
    const e = m.engine();
    expect(decide(e, admin, 'sts:AssumeRole', arns.role('Deploy'))).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    // Same account: the trust policy naming the user is a resource-based allow, which suffices.
    expect(verdict(e, alice, 'sts:AssumeRole', arns.role('Deploy'))).toBe('allow');
    // The action name matters: the trust policy allows sts:AssumeRole, not sts:TagSession.
    expect(verdict(e, alice, 'sts:TagSession', arns.role('Deploy'))).toBe('deny');
  });

  it('a trust policy naming the account root delegates: the caller also needs identity permission', () => {
    // Principal page, "AWS account principals": "This delegates authority to the account. ... an
    // administrator in that account must then grant access to an identity (IAM user or role) in
    // that account."
    const m = new TestModel();
    const without = m.user('without');
    const withPerm = m.user('with', { inline: [policy(allow('sts:AssumeRole', arns.role('Deploy')))] });
    const b = m.user('b-user', { account: ACCOUNT_B, inline: [policy(allow('sts:AssumeRole', '*'))] });
    m.role('Deploy', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.root(ACCOUNT_A) } })),
    });
    const e = m.engine();
    expect(verdict(e, without, 'sts:AssumeRole', arns.role('Deploy'))).toBe('deny');
    expect(verdict(e, withPerm, 'sts:AssumeRole', arns.role('Deploy'))).toBe('allow');
    expect(verdict(e, b, 'sts:AssumeRole', arns.role('Deploy'))).toBe('deny');
  });

  it('a service principal assumes a role as its trust policy says', () => {
    const m = new TestModel();
    m.role('Ec2Role', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'ec2.amazonaws.com' } })),
    });
    const e = m.engine();
    expect(verdict(e, 'ec2.amazonaws.com', 'sts:AssumeRole', arns.role('Ec2Role'))).toBe('allow');
    expect(verdict(e, 'lambda.amazonaws.com', 'sts:AssumeRole', arns.role('Ec2Role'))).toBe('deny');
  });

  it(`a user named in the trust policy whose boundary does not allow sts:AssumeRole cannot assume the role (${DOC.trustUpdate})`, () => {
    // "If a user is listed as the principal in a role's trust policy but cannot assume the role,
    // check the user's permissions boundary. If a permissions boundary is set for the user, then it
    // must allow the sts:AssumeRole action."
    const m = new TestModel();
    const bounded = m.user('bounded', { boundary: policy(allow('s3:*', '*')) });
    const ok = m.user('ok', { boundary: policy(allow(['s3:*', 'sts:AssumeRole'], '*')) });
    m.role('Deploy', {
      trust: policy(
        allow('sts:AssumeRole', undefined, { Principal: { AWS: [arns.user('bounded'), arns.user('ok')] } }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, ok, 'sts:AssumeRole', arns.role('Deploy'))).toBe('allow');
    expect(verdict(e, bounded, 'sts:AssumeRole', arns.role('Deploy'))).toBe('deny');
  });
});

describe(`NotPrincipal with Deny always denies a principal with a permissions boundary (${DOC.notPrincipal})`, () => {
  // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
  // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
  // element."
  const build = (boundary: boolean) => {
    const m = new TestModel();
    const u = m.user('alice', {
      inline: [policy(allow('s3:*', '*'))],
      ...(boundary ? { boundary: policy(allow('s3:*', '*')) } : {}),
    });
    const bob = m.user('bob', { inline: [policy(allow('s3:*', '*'))] });
    m.bucket(LOGS, {
      policy: policy(
        deny('s3:*', [arns.bucket(LOGS), `${arns.bucket(LOGS)}/*`], {
          NotPrincipal: { AWS: [arns.user('alice'), arns.root(ACCOUNT_A)] },
        }),
      ),
    });
    return { e: m.engine(), u, bob };
  };
  it('the excluded principal is allowed without a boundary, others are denied', () => {
    const { e, u, bob } = build(false);
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(decide(e, bob, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });
  it('the same principal with a boundary (that allows s3:*) is explicitly denied', () => {
    const { e, u } = build(true);
    expect(decide(e, u, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });
});

describe(`NotPrincipal with Deny and a boundary that may not exist (${DOC.notPrincipal})`, () => {
  // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
  // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
  // element." Whether that Deny applies to a principal the NotPrincipal lists turns on whether a
  // boundary is attached at all: when that is not known, neither is the Deny.
  const bucketWithNotPrincipalDeny = (m: TestModel) =>
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: arns.root(ACCOUNT_A) } }),
        deny('s3:*', [arns.bucket(LOGS), `${arns.bucket(LOGS)}/*`], {
          NotPrincipal: { AWS: [arns.user('alice'), arns.root(ACCOUNT_A)] },
        }),
      ),
    });
  it('a user existing outside the inputs (imported: its boundary unknown) is not surely denied', () => {
    const m = new TestModel();
    m.b.addImportedPrincipal({
      kind: 'user',
      arn: arns.user('alice'),
      reason: 'named by a policy, not defined by the inputs',
      source: { file: 'test.yaml' },
    });
    bucketWithNotPrincipalDeny(m);
    const e = m.engine();
    expect(verdict(e, arns.user('alice'), 's3:GetObject', logsObject)).toBe('indeterminate');
  });
  it('a user whose boundary is maybe-present is not surely denied', () => {
    const m = new TestModel();
    const maybe = m.user('alice', { inline: [policy(allow('s3:*', '*'))] });
    const arn = m.managedPolicy('alice-boundary', policy(allow('s3:*', '*')), ACCOUNT_A, 'boundary');
    m.b.setPermissionsBoundary(maybe, {
      policyArn: arn,
      source: { file: 'test.yaml' },
      presence: new Unknown('whether the boundary is attached (a condition of the template)', {
        file: 'test.yaml',
      }),
    });
    bucketWithNotPrincipalDeny(m);
    const e = m.engine();
    expect(verdict(e, maybe, 's3:GetObject', logsObject)).toBe('indeterminate');
  });
});

describe(`Wildcards in resource ARNs (${DOC.resource})`, () => {
  // "You can use multiple * or ? characters in each segment. If the * wildcard is the last
  // character of a resource ARN segment, it can expand to match beyond the colon boundaries."
  const alias = 'arn:aws:lambda:us-east-1:111122223333:function:f:prod';
  it('a * ending a segment matches beyond the colon (an Allow grants, a Deny denies)', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [policy(allow('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:*:prod'))],
    });
    const d = m.user('d', {
      inline: [
        policy(allow('lambda:InvokeFunction', '*'), deny('lambda:InvokeFunction', 'arn:aws:lambda:*:prod')),
      ],
    });
    const e = m.engine();
    expect(verdict(e, u, 'lambda:InvokeFunction', alias)).toBe('allow');
    expect(decide(e, d, 'lambda:InvokeFunction', alias)).toMatchObject({ reason: 'explicit-deny' });
  });

  it('a * inside a segment (not its last character) stays within it', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [policy(allow('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:1*3:prod'))],
    });
    expect(verdict(m.engine(), u, 'lambda:InvokeFunction', alias)).toBe('deny');
  });

  it(`ArnLike checks each segment on its own (${DOC.operators})`, () => {
    // "Each of the six colon-delimited components of the ARN is checked separately and each can
    // include multi-character match wildcards (*) or single-character match wildcards (?)."
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(
          allow('lambda:InvokeFunction', '*', {
            Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:*:prod' } },
          }),
        ),
      ],
    });
    const ctx = { 'aws:SourceArn': alias };
    expect(verdict(m.engine(), u, 'lambda:InvokeFunction', alias, { context: ctx })).toBe('deny');
  });
});

describe('NotAction and NotResource', () => {
  it(`NotAction with Allow allows every action except the listed ones (${DOC.notAction})`, () => {
    // "... the statement matches every action except the listed ones" (NotAction "with Allow" example).
    const m = new TestModel();
    const u = m.user('power', { inline: [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 'IAM:CreateUser', arns.user('x'))).toBe('deny');
  });

  it(`NotAction with Deny denies every action except the listed ones (${DOC.notAction})`, () => {
    const m = new TestModel();
    const u = m.user('mfa', {
      inline: [
        policy(allow('*', '*'), {
          Effect: 'Deny',
          NotAction: ['iam:ChangePassword', 'sts:GetCallerIdentity'],
          Resource: '*',
        }),
      ],
    });
    const e = m.engine();
    expect(decide(e, u, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(verdict(e, u, 'iam:ChangePassword', arns.user('mfa'))).toBe('allow');
  });

  it(`NotResource matches every resource except the listed ones (${DOC.notResource})`, () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::hr-bucket/*' })],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:GetObject', arns.object('hr-bucket', 'salaries.xlsx'))).toBe('deny');
  });
});

describe('Case rules: action names are case-insensitive, ARNs are case-sensitive', () => {
  it(`actions match regardless of case (${DOC.action})`, () => {
    // "The prefix and the action name are case insensitive. For example, iam:ListAccessKeys is the
    // same as IAM:listaccesskeys."
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('S3:getobject', '*'))] });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 'S3:GETOBJECT', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:GetObjectAcl', logsObject)).toBe('deny');
  });

  it(`resource ARNs match case-sensitively: Company1-logs does not match company1-logs (${DOC.resource})`, () => {
    // "In the Resource element, the IAM user name is case sensitive." ARN matching is case-sensitive
    // (ArnEquals/ArnLike: "Case-sensitive matching of the ARN", ${DOC.operators}).
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:ListBucket', 'arn:aws:s3:::Company1-logs'))] });
    const e = m.engine();
    expect(verdict(e, u, 's3:ListBucket', 'arn:aws:s3:::company1-logs')).toBe('deny');
    expect(verdict(e, u, 's3:ListBucket', 'arn:aws:s3:::Company1-logs')).toBe('allow');
  });
});

describe(`Wildcards * and ? in actions and resources, per ARN segment (${DOC.action}; ${DOC.resource})`, () => {
  // Resource page: "You can use wildcard characters (* and ?) within the individual segments of an
  // ARN (the parts separated by colons) to represent: Any combination of characters (*), Any single
  // character (?)" and "The asterisk (*) character can expand to replace everything within a
  // segment, including characters like a forward slash (/)".
  it('action wildcards', () => {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow(['s3:Get*', 'ec2:?tartInstances'], '*'))] });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:GetBucketPolicy', arns.bucket(LOGS))).toBe('allow');
    expect(verdict(e, u, 's3:PutObject', logsObject)).toBe('deny');
    expect(verdict(e, u, 'ec2:StartInstances', '*')).toBe('allow');
    expect(verdict(e, u, 'ec2:RestartInstances', '*')).toBe('deny');
  });

  it('resource wildcards: * spans "/" inside a segment, ? is exactly one character, each segment on its own', () => {
    const { e, u } = userWithStatements(
      allow('s3:GetObject', 'arn:aws:s3:::company-*'),
      allow('sqs:SendMessage', `arn:aws:sqs:*:${ACCOUNT_A}:queue?`),
      allow('dynamodb:GetItem', 'arn:aws:dynamodb:us-*:*:table/orders'),
    );
    expect(verdict(e, u, 's3:GetObject', arns.object('company-logs', 'a/b/c.log'))).toBe('allow');
    expect(verdict(e, u, 's3:GetObject', arns.object('other-logs', 'a.log'))).toBe('deny');
    expect(verdict(e, u, 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT_A}:queue1`)).toBe('allow');
    expect(verdict(e, u, 'sqs:SendMessage', `arn:aws:sqs:us-east-2:${ACCOUNT_A}:queueZ`)).toBe('allow');
    expect(verdict(e, u, 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT_A}:queue12`)).toBe('deny');
    expect(verdict(e, u, 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT_A}:queue`)).toBe('deny');
    expect(verdict(e, u, 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT_A}:table/orders`)).toBe(
      'allow',
    );
    expect(verdict(e, u, 'dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT_A}:table/orders`)).toBe(
      'deny',
    );
    expect(
      verdict(e, u, 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT_A}:table/orders-archive`),
    ).toBe('deny');
  });
});

describe(`Policy variables in Resource (${DOC.variables})`, () => {
  it('${aws:username} is replaced with the user name from the request context', () => {
    const m = new TestModel();
    const home = 'arn:aws:s3:::home/${aws:username}/*';
    const alice = m.user('alice', { inline: [policy(allow('s3:GetObject', home))] });
    const e = m.engine();
    expect(verdict(e, alice, 's3:GetObject', arns.object('home', 'alice/notes.txt'))).toBe('allow');
    expect(verdict(e, alice, 's3:GetObject', arns.object('home', 'bob/notes.txt'))).toBe('deny');
  });

  it('variables only work with Version 2012-10-17; with 2008-10-17 the text is literal', () => {
    // "Policy variables ... you must include the Version element and set it to a version that
    // supports policy variables" (2012-10-17).
    const m = new TestModel();
    const home = 'arn:aws:s3:::home/${aws:username}/*';
    const alice = m.user('alice', {
      inline: [{ Version: '2008-10-17', Statement: [allow('s3:GetObject', home)] }],
    });
    expect(verdict(m.engine(), alice, 's3:GetObject', arns.object('home', 'alice/notes.txt'))).toBe('deny');
  });

  it("${aws:PrincipalTag/team, 'company-wide'} uses the tag from the model, else the default", () => {
    const m = new TestModel();
    const res = "arn:aws:s3:::bucket-${aws:PrincipalTag/team, 'company-wide'}/*";
    const blue = m.user('blue', { tags: { team: 'blue' }, inline: [policy(allow('s3:GetObject', res))] });
    const none = m.user('none', { inline: [policy(allow('s3:GetObject', res))] });
    const e = m.engine();
    expect(verdict(e, blue, 's3:GetObject', arns.object('bucket-blue', 'x'))).toBe('allow');
    expect(verdict(e, blue, 's3:GetObject', arns.object('bucket-company-wide', 'x'))).toBe('deny');
    expect(verdict(e, none, 's3:GetObject', arns.object('bucket-company-wide', 'x'))).toBe('allow');
    expect(verdict(e, none, 's3:GetObject', arns.object('bucket-blue', 'x'))).toBe('deny');
  });
});

describe(`Context keys filled from the model (${DOC.keys})`, () => {
  it('aws:PrincipalTag/* comes from the user tags (and the role tags for its sessions)', () => {
    const hrOnly = policy(
      allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/dept': 'hr' } } }),
    );
    const m = new TestModel();
    const tagged = m.user('tagged', { tags: { dept: 'hr' }, inline: [hrOnly] });
    const untagged = m.user('untagged', { inline: [hrOnly] });
    const other = m.user('other', { tags: { dept: 'it' }, inline: [hrOnly] });
    m.role('HrRole', { tags: { dept: 'hr' }, inline: [hrOnly] });
    const e = m.engine();
    expect(verdict(e, tagged, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, untagged, 's3:GetObject', logsObject)).toBe('deny');
    expect(verdict(e, other, 's3:GetObject', logsObject)).toBe('deny');
    expect(verdict(e, arns.session('HrRole', 's'), 's3:GetObject', logsObject)).toBe('allow');
  });

  it('aws:ResourceTag/* comes from the resource tags', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(
          allow('sqs:SendMessage', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } }),
        ),
      ],
    });
    m.resource('sqs-queue', arns.queue('dev-q'), { tags: { env: 'dev' } });
    m.resource('sqs-queue', arns.queue('prod-q'), { tags: { env: 'prod' } });
    const e = m.engine();
    expect(verdict(e, u, 'sqs:SendMessage', arns.queue('dev-q'))).toBe('allow');
    expect(verdict(e, u, 'sqs:SendMessage', arns.queue('prod-q'))).toBe('deny');
    m.resource('sqs-queue', arns.queue('untagged-q'), { tags: {} });
    const e2 = m.engine();
    expect(verdict(e2, u, 'sqs:SendMessage', arns.queue('untagged-q'))).toBe('deny');
    // a queue the inputs do not define: its tags are not known (test/outside-resource-tags.test.ts)
    expect(verdict(e2, u, 'sqs:SendMessage', arns.queue('elsewhere-q'))).toBe('indeterminate');
  });

  it('aws:TokenIssueTime is present only for temporary credentials: the company1 uploader policy denies the IAM user, allows a role session', () => {
    // aws:TokenIssueTime — "This key is included in the request context only when the principal
    // uses temporary credentials to make the request. The key is not present in AWS CLI, AWS API,
    // or AWS SDK requests that are made using access keys."
    const company1 = buildCompany1();
    const uploaderPolicy = company1.users.find((u) => u.name === 'uploader')!.inlinePolicies[0]!;
    const m = new TestModel();
    const uploader = m.user('uploader');
    const role = m.role('UploaderRole');
    m.b.addInlinePolicy(uploader, uploaderPolicy);
    m.b.addInlinePolicy(role, uploaderPolicy);
    const e = m.engine();
    const target = arns.object('company1-uploads', 'drop.bin');
    expect(decide(e, uploader, 's3:PutObject', target)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
    expect(verdict(e, arns.role('UploaderRole'), 's3:PutObject', target)).toBe('allow');
    expect(verdict(e, arns.session('UploaderRole', 'job'), 's3:PutObject', target)).toBe('allow');
    expect(
      verdict(e, arns.session('UploaderRole', 'job'), 's3:ListBucket', arns.bucket('company1-uploads')),
    ).toBe('allow');
  });

  it('aws:PrincipalArn of a role session is the role ARN, not the session ARN', () => {
    // aws:PrincipalArn — for an IAM role the request context contains the role ARN ("Do not
    // specify the assumed role session ARN as a value for this key").
    const m = new TestModel();
    m.role('App');
    const cond = (value: string) =>
      allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, {
        Principal: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': value } },
      });
    m.bucket(LOGS, { policy: policy(cond(arns.role('App'))) });
    m.bucket('other', {
      policy: policy({ ...cond(arns.session('App', 's')), Resource: 'arn:aws:s3:::other/*' }),
    });
    const e = m.engine();
    expect(verdict(e, arns.session('App', 's'), 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, arns.session('App', 's'), 's3:GetObject', arns.object('other', 'x'))).toBe('deny');
  });

  it('the request context overrides the keys filled from the model', () => {
    const m = new TestModel();
    const u = m.user('uploader', {
      tags: { dept: 'it' },
      inline: [
        policy(
          allow('s3:PutObject', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'false' } } }),
          allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/dept': 'hr' } } }),
        ),
      ],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:PutObject', logsObject)).toBe('deny');
    expect(
      verdict(e, u, 's3:PutObject', logsObject, {
        context: { 'aws:TokenIssueTime': '2024-05-01T00:00:00Z' },
      }),
    ).toBe('allow');
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('deny');
    expect(verdict(e, u, 's3:GetObject', logsObject, { context: { 'aws:PrincipalTag/dept': 'hr' } })).toBe(
      'allow',
    );
  });
});

describe(`A condition key missing from the request context (${DOC.operators})`, () => {
  // "If the key that you specify in a policy condition is not present in the request context, the
  // values do not match and the condition is false. If the policy condition requires that the key
  // is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
  // condition is true."
  it('a negated operator is true, a positive operator false, ...IfExists true', () => {
    const { e, u } = userWithStatements(
      allow('s3:GetObject', '*', { Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-111' } } }),
      allow('s3:PutObject', '*', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-111' } } }),
      allow('s3:DeleteObject', '*', {
        Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-111' } },
      }),
    );
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:PutObject', logsObject)).toBe('deny');
    expect(verdict(e, u, 's3:DeleteObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:GetObject', logsObject, { context: { 'aws:SourceVpc': 'vpc-111' } })).toBe(
      'deny',
    );
    expect(verdict(e, u, 's3:PutObject', logsObject, { context: { 'aws:SourceVpc': 'vpc-111' } })).toBe(
      'allow',
    );
    expect(verdict(e, u, 's3:DeleteObject', logsObject, { context: { 'aws:SourceVpc': 'vpc-222' } })).toBe(
      'deny',
    );
  });

  it('a Deny with a negated operator on a missing key applies', () => {
    const { e, u } = userWithStatements(
      allow('s3:*', '*'),
      deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-111' } } }),
    );
    expect(decide(e, u, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
    expect(verdict(e, u, 's3:GetObject', logsObject, { context: { 'aws:SourceVpc': 'vpc-111' } })).toBe(
      'allow',
    );
  });
});

describe(`Unknown values make dependent decisions indeterminate (${DOC.design})`, () => {
  const later = () =>
    new Unknown('bucket ARN known only after apply', { file: 'main.tf', address: 'aws_s3_bucket.logs' });

  it('an Allow whose Resource is unknown gives indeterminate / unknown-value; irrelevant unknowns do not', () => {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:GetObject', later()), allow('ec2:Describe*', '*'))] });
    const e = m.engine();
    expect(decide(e, u, 's3:GetObject', logsObject)).toEqual({
      decision: 'indeterminate',
      reason: 'unknown-value',
    });
    expect(verdict(e, u, 'ec2:DescribeInstances', '*')).toBe('allow');
    expect(verdict(e, u, 's3:PutObject', logsObject)).toBe('deny');
  });

  it('a definite explicit Deny still wins over an unknown Allow', () => {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:GetObject', later()), deny('s3:GetObject', '*'))] });
    expect(decide(m.engine(), u, 's3:GetObject', logsObject)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('a definite Allow with a Deny that depends on an unknown is indeterminate', () => {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:GetObject', '*'), deny('s3:GetObject', later()))] });
    expect(decide(m.engine(), u, 's3:GetObject', logsObject)).toEqual({
      decision: 'indeterminate',
      reason: 'unknown-value',
    });
  });

  it('a managed policy attachment whose ARN is unknown is indeterminate', () => {
    const m = new TestModel();
    const u = m.user('u', { managed: [new Unknown('policy ARN known only after apply')] });
    expect(decide(m.engine(), u, 's3:GetObject', logsObject)).toEqual({
      decision: 'indeterminate',
      reason: 'unknown-value',
    });
  });

  it('an attachment to a customer managed policy ARN not in the model is indeterminate', () => {
    const m = new TestModel();
    const u = m.user('u', { managed: [arns.policy('DefinedElsewhere')] });
    expect(decide(m.engine(), u, 's3:GetObject', logsObject)).toEqual({
      decision: 'indeterminate',
      reason: 'unknown-value',
    });
  });
});

describe(`Request principals (${DOC.principal})`, () => {
  it('anonymous is allowed only by Principal "*" (or {"AWS": "*"})', () => {
    // "For resource-based policies, such as Amazon S3 bucket policies, a wildcard (*) in the
    // principal element specifies all users or public access." / "Principal": "*" and
    // "Principal": {"AWS": "*"} are equivalent.
    for (const [principal, expected] of [
      ['*', 'allow'],
      [{ AWS: '*' }, 'allow'],
      [{ AWS: arns.root(ACCOUNT_A) }, 'deny'],
      [{ AWS: arns.user('u') }, 'deny'],
    ] as const) {
      const m = new TestModel();
      m.user('u');
      m.bucket(LOGS, {
        policy: policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: principal })),
      });
      expect(verdict(m.engine(), 'anonymous', 's3:GetObject', logsObject), JSON.stringify(principal)).toBe(
        expected,
      );
    }
  });

  it('an assumed-role session ARN is evaluated with its role policies', () => {
    const m = new TestModel();
    m.role('Reader', { path: '/apps/', inline: [policy(allow('s3:GetObject', `${arns.bucket(LOGS)}/*`))] });
    const e = m.engine();
    // Session ARNs carry the role name without its path.
    expect(verdict(e, arns.session('Reader', 'ci'), 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, arns.session('Reader', 'ci'), 's3:PutObject', logsObject)).toBe('deny');
    expect(verdict(e, arns.session('NoSuchRole', 'ci'), 's3:GetObject', logsObject)).toBe('deny');
  });

  it('the account root user has full access in its own account, but not across accounts without a grant', () => {
    // Deny/allow page: "By default, all requests are implicitly denied with the exception of the
    // AWS account root user, which has full access."
    const m = new TestModel();
    m.bucket(LOGS);
    m.bucket('b-private', { account: ACCOUNT_B });
    m.bucket('b-shared', {
      account: ACCOUNT_B,
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::b-shared/*', { Principal: { AWS: ACCOUNT_A } })),
    });
    const e = m.engine();
    for (const root of [arns.root(ACCOUNT_A), ACCOUNT_A]) {
      expect(verdict(e, root, 's3:DeleteBucket', arns.bucket(LOGS)), root).toBe('allow');
      expect(verdict(e, root, 's3:GetObject', arns.object('b-private', 'x')), root).toBe('deny');
      expect(verdict(e, root, 's3:GetObject', arns.object('b-shared', 'x')), root).toBe('allow');
    }
  });
});

describe(`More identity and principal rules (${DOC.principal}; ${DOC.denyAllow})`, () => {
  it('policies of the groups a user belongs to apply to the user (allows and denies)', () => {
    // Deny/allow page: identity-based policies are "attached to an IAM identity (user, group of
    // users, or role)".
    const m = new TestModel();
    const u = m.user('dev');
    const outsider = m.user('outsider');
    m.group('Developers', [u], { inline: [policy(allow('ec2:*', '*'), deny('ec2:StopInstances', '*'))] });
    m.group('Readers', [u], { managed: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] });
    const e = m.engine();
    expect(verdict(e, u, 'ec2:StartInstances', '*')).toBe('allow');
    expect(decide(e, u, 'ec2:StopInstances', '*').reason).toBe('explicit-deny');
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:PutObject', logsObject)).toBe('deny');
    expect(verdict(e, outsider, 'ec2:StartInstances', '*')).toBe('deny');
  });

  it('a wildcard cannot match part of a principal ARN in Principal', () => {
    // Principal page: "You cannot use a wildcard to match part of a principal name or ARN."
    const m = new TestModel();
    const u = m.user('alice');
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, {
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/*` },
        }),
      ),
    });
    expect(verdict(m.engine(), u, 's3:GetObject', logsObject)).toBe('deny');
  });

  it('a Deny naming an account applies to every principal of that account', () => {
    // Principal page, "AWS account principals": "Using the account ARN in the Principal element
    // does not limit permissions to only the root user of the account."
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:*', '*'))] });
    m.role('App', { inline: [policy(allow('s3:*', '*'))] });
    m.bucket(LOGS, {
      policy: policy(deny('s3:DeleteObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: ACCOUNT_A } })),
    });
    const e = m.engine();
    expect(decide(e, u, 's3:DeleteObject', logsObject).reason).toBe('explicit-deny');
    expect(decide(e, arns.session('App', 's'), 's3:DeleteObject', logsObject).reason).toBe('explicit-deny');
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('allow');
  });

  it('a resource policy naming a role ARN with a path matches sessions of that role', () => {
    const m = new TestModel();
    m.role('Reader', { path: '/apps/' });
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, {
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:role/apps/Reader` },
        }),
      ),
    });
    expect(verdict(m.engine(), arns.session('Reader', 'ci'), 's3:GetObject', logsObject)).toBe('allow');
  });

  it('role chaining: a trust policy naming a role ARN lets sessions of that role assume it', () => {
    const m = new TestModel();
    m.role('First');
    m.role('Second', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.role('First') } })),
    });
    m.role('Other');
    const e = m.engine();
    expect(verdict(e, arns.session('First', 'a'), 'sts:AssumeRole', arns.role('Second'))).toBe('allow');
    expect(verdict(e, arns.session('Other', 'a'), 'sts:AssumeRole', arns.role('Second'))).toBe('deny');
  });

  it('a trust policy naming another account lets its principals assume the role only with their identity permission', () => {
    // Cross-account page: both the trust policy and the caller's identity policy must allow.
    const m = new TestModel();
    const withPerm = m.user('with', { account: ACCOUNT_B, inline: [policy(allow('sts:AssumeRole', '*'))] });
    const without = m.user('without', { account: ACCOUNT_B });
    m.role('CrossAccount', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.root(ACCOUNT_B) } })),
    });
    const e = m.engine();
    expect(verdict(e, withPerm, 'sts:AssumeRole', arns.role('CrossAccount'))).toBe('allow');
    expect(verdict(e, without, 'sts:AssumeRole', arns.role('CrossAccount'))).toBe('deny');
  });

  it(`KMS across accounts: the key policy names the other account and its identity policy allows (${DOC.kms})`, () => {
    const keyArn = arns.key('shared-key');
    const m = new TestModel();
    const withPerm = m.user('with', { account: ACCOUNT_B, inline: [policy(allow('kms:Decrypt', '*'))] });
    const without = m.user('without', { account: ACCOUNT_B });
    m.resource('kms-key', keyArn, {
      name: 'shared-key',
      policy: policy(
        allow('kms:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } }),
        allow('kms:Decrypt', '*', { Principal: { AWS: arns.root(ACCOUNT_B) } }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, withPerm, 'kms:Decrypt', keyArn)).toBe('allow');
    expect(verdict(e, without, 'kms:Decrypt', keyArn)).toBe('deny');
    expect(verdict(e, withPerm, 'kms:Encrypt', keyArn)).toBe('deny');
  });

  it(`explicit denies in a boundary or a session policy win over a resource policy grant (${DOC.denyAllow})`, () => {
    // "An explicit deny in any of these policies overrides the allow."
    const m = new TestModel();
    const u = m.user('intern', { boundary: policy(allow('*', '*'), deny('s3:GetObject', '*')) });
    m.role('App');
    const s = arns.session('App', 'job');
    m.bucket(LOGS, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: { AWS: [arns.user('intern'), s] } }),
      ),
    });
    const e = m.engine();
    expect(decide(e, u, 's3:GetObject', logsObject).reason).toBe('explicit-deny');
    expect(verdict(e, s, 's3:GetObject', logsObject)).toBe('allow');
    expect(
      decide(e, s, 's3:GetObject', logsObject, { sessionPolicy: policy(deny('s3:*', '*')) }).reason,
    ).toBe('explicit-deny');
  });
});

describe(`More context keys (${DOC.keys}; ${DOC.variables})`, () => {
  it('aws:username is present for IAM users only, so ${aws:username} resolves to nothing for a role session', () => {
    // Variables page: a variable whose key has no value "is treated as if it does not exist"
    // (in Resource it matches nothing); aws:username is not in the request context of role sessions.
    const home = policy(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'));
    const m = new TestModel();
    const u = m.user('App', { inline: [home] });
    m.role('App', { inline: [home] });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', arns.object('home', 'App/x'))).toBe('allow');
    expect(verdict(e, arns.session('App', 'App'), 's3:GetObject', arns.object('home', 'App/x'))).toBe('deny');
  });

  it('aws:PrincipalType and aws:PrincipalAccount are filled from the principal', () => {
    const m = new TestModel();
    const cond = (c: object) =>
      allow('s3:GetObject', `${arns.bucket(LOGS)}/*`, { Principal: '*', Condition: c });
    m.bucket(LOGS, {
      policy: policy(
        cond({ StringEquals: { 'aws:PrincipalType': 'AssumedRole', 'aws:PrincipalAccount': ACCOUNT_B } }),
      ),
    });
    const u = m.user('u', { account: ACCOUNT_B, inline: [policy(allow('s3:*', '*'))] });
    m.role('App', { account: ACCOUNT_B, inline: [policy(allow('s3:*', '*'))] });
    const e = m.engine();
    expect(verdict(e, arns.session('App', 's', ACCOUNT_B), 's3:GetObject', logsObject)).toBe('allow');
    expect(verdict(e, u, 's3:GetObject', logsObject)).toBe('deny');
  });

  it('aws:CurrentTime comes from the clock given to compileModel', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(
          allow('s3:GetObject', '*', {
            Condition: { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
          }),
        ),
      ],
    });
    expect(verdict(m.engine({ now: new Date('2024-06-01T00:00:00Z') }), u, 's3:GetObject', logsObject)).toBe(
      'allow',
    );
    expect(verdict(m.engine({ now: new Date('2026-06-01T00:00:00Z') }), u, 's3:GetObject', logsObject)).toBe(
      'deny',
    );
  });
});

describe('Traces name the policy, the statement and its source', () => {
  it('an explicit deny names the policy, the Sid and where the statement is', () => {
    const m = new TestModel();
    const dev = m.user('dev', {
      inline: [policy(allow('ec2:*', '*'), deny('ec2:StopInstances', '*', { Sid: 'DenyStop' }))],
    });
    const d = decide(m.engine(), dev, 'ec2:StopInstances', '*', { trace: true });
    expect(d.decision).toBe('deny');
    const hit = d.trace?.find((t) => t.effect === 'Deny' && t.outcome === 'match');
    expect(hit).toBeDefined();
    expect(hit?.stage).toBe('identity');
    expect(hit?.policy).toContain('dev-inline-0');
    expect(hit?.statement).toContain('DenyStop');
    expect(hit?.source?.file).toBe('engine-fixtures.ts');
    expect(hit?.source?.pointer).toBe('/dev-inline-0/Statement/1');
    expect(d.trace?.at(-1)?.stage).toBe('result');
  });

  it('a resource-policy deny names the bucket policy statement', () => {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:*', '*'))] });
    m.bucket(LOGS, {
      policy: policy(deny('s3:*', `${arns.bucket(LOGS)}/*`, { Sid: 'DenyAll', Principal: '*' })),
    });
    const d = decide(m.engine(), u, 's3:GetObject', logsObject, { trace: true });
    const hit = d.trace?.find((t) => t.effect === 'Deny');
    expect(hit).toMatchObject({ stage: 'resource', statement: expect.stringContaining('DenyAll') });
    expect(hit?.policy).toContain(LOGS);
    expect(hit?.source?.pointer).toBe(`/${LOGS}-policy/Statement/0`);
  });

  it('an implicit deny by a boundary names the boundary policy', () => {
    const m = new TestModel();
    const u = m.user('intern', {
      inline: [policy(allow('s3:*', '*'))],
      boundary: policy(allow('s3:ListBucket', '*')),
    });
    const d = decide(m.engine(), u, 's3:GetObject', logsObject, { trace: true });
    expect(d.decision).toBe('deny');
    expect(d.trace?.some((t) => t.stage === 'boundary' && (t.policy ?? '').includes('intern-boundary'))).toBe(
      true,
    );
  });

  it('no trace unless asked', () => {
    const m = new TestModel();
    const u = m.user('u');
    expect(decide(m.engine(), u, 's3:GetObject', logsObject).trace).toBeUndefined();
  });
});
