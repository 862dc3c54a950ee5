// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Values the inputs cannot pin down decide nothing on their own (issue 9): a role or KMS key
// outside the inputs (item 2), aws:userid before deploy (item 4), aws:RequestedRegion of global
// services (item 5), aws:ResourceAccount of a bucket outside the model and conditions no value
// can satisfy under a free context (the "silent answers" items). Each rule quotes its page.

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { Unknown } from '../src/model/unknown.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  decide,
  deny,
  EXTERNAL_ACCOUNT,
  policy,
  REGION,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const DOC = {
  roleTerms:
    'IAM User Guide, "Roles terms and concepts", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html',
  kms: 'AWS KMS Developer Guide, "Key policies in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
  keys: 'IAM User Guide, "AWS global condition context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  identifiers:
    'IAM User Guide, "IAM identifiers" (Unique identifiers), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
  variables:
    'IAM User Guide, "IAM policy elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  region:
    'IAM User Guide, "AWS global condition context keys" (aws:RequestedRegion), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion',
  regionExample:
    'IAM User Guide, "AWS: Denies access to AWS based on the requested Region", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html',
  operators:
    'IAM User Guide, "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
};

describe(`A role outside the inputs has an unknown trust policy (${DOC.roleTerms})`, () => {
  // "In a trust policy, the principal element ... specifies who can assume the role": the inputs
  // do not show the trust policy of a role they do not define, so sts:AssumeRole on it is
  // indeterminate, never allowed on the identity policy alone.
  for (const [where, account] of [
    ['in the same account', ACCOUNT_A],
    ['in another model account', ACCOUNT_B],
    ['in an account outside the model', EXTERNAL_ACCOUNT],
  ] as const) {
    it(`sts:AssumeRole on a role ${where} that the inputs do not define`, () => {
      const m = new TestModel();
      const u = m.user('dev', { inline: [policy(allow('sts:AssumeRole', '*'))] });
      const none = m.user('none');
      const e = m.engine();
      const role = arns.role('Elsewhere', account);
      const d = decide(e, u, 'sts:AssumeRole', role, { trace: true });
      expect(d.decision).toBe('indeterminate');
      expect(JSON.stringify(d.trace)).toMatch(/unknown/);
      // Without an identity Allow it is denied: as for every resource outside the inputs, its
      // policy is not taken to name the principal itself (it may delegate to the account).
      expect(verdict(e, none, 'sts:AssumeRole', role)).toBe('deny');
      // A principal of an account outside the model (its identity side assumed to allow): unknown.
      expect(verdict(e, arns.user('x', '123412341234'), 'sts:AssumeRole', role)).toBe('indeterminate');
    });
  }

  it('says why in the trace: the role is not defined in the inputs', () => {
    const m = new TestModel();
    const u = m.user('dev', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    const d = decide(m.engine(), u, 'sts:AssumeRole', arns.role('Elsewhere'), { trace: true });
    expect(JSON.stringify(d.trace)).toMatch(
      /role arn:aws:iam::111122223333:role\/Elsewhere is not defined in the inputs, so its trust policy is unknown/,
    );
  });

  it('an explicit Deny still decides', () => {
    const m = new TestModel();
    const u = m.user('dev', {
      inline: [policy(allow('sts:AssumeRole', '*')), policy(deny('sts:AssumeRole', '*'))],
    });
    expect(verdict(m.engine(), u, 'sts:AssumeRole', arns.role('Elsewhere'))).toBe('deny');
  });
});

describe(`A KMS key outside the inputs has an unknown key policy (${DOC.kms})`, () => {
  // "Every KMS key must have exactly one key policy" and IAM policies alone do not give access
  // to a key: the key policy must allow (or delegate to the account).
  for (const [where, account] of [
    ['in the same account', ACCOUNT_A],
    ['in an account outside the model', EXTERNAL_ACCOUNT],
  ] as const) {
    it(`kms:Decrypt on a key ${where} that the inputs do not define`, () => {
      const m = new TestModel();
      const u = m.user('dev', { inline: [policy(allow('kms:Decrypt', '*'))] });
      const d = decide(
        m.engine(),
        u,
        'kms:Decrypt',
        arns.key('1234abcd-12ab-34cd-56ef-1234567890ab', account),
        {
          trace: true,
        },
      );
      expect(d.decision).toBe('indeterminate');
      if (account === ACCOUNT_A) expect(JSON.stringify(d.trace)).toMatch(/its key policy is unknown/);
    });
  }

  it('a key of the model with a key policy that delegates to the account: the identity policy decides', () => {
    const m = new TestModel();
    const u = m.user('dev', { inline: [policy(allow('kms:Decrypt', '*'))] });
    const key = arns.key('k1');
    m.resource('kms-key', key, { policy: policy(allow('kms:*', '*', { Principal: { AWS: arns.root() } })) });
    expect(verdict(m.engine(), u, 'kms:Decrypt', key)).toBe('allow');
  });
});

describe(`aws:userid is present for every authenticated principal (${DOC.keys}; ${DOC.identifiers})`, () => {
  // aws:userid: "This key is included in the request context for all requests, including
  // anonymous requests." IAM identifiers: unique ID prefixes "AIDA: IAM user", "AROA: Role";
  // the aws:userid of a role session is `AROA…:role-session-name`.
  function withBucketCondition(condition: Record<string, unknown>) {
    const m = new TestModel();
    const u = m.user('bob');
    const r = m.role('Reader');
    m.bucket('data', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: '*', Condition: condition })),
    });
    return { e: m.engine(), u, r };
  }
  const OBJ = arns.object('data', 'f');

  it(`a variable default does not apply: \${aws:userid, 'anonymous'} is not 'anonymous' for a user (${DOC.variables})`, () => {
    // "When policy variables reference a condition context key that has no value ... you can
    // specify a default": aws:userid has a value for a user, so the default is never used.
    const { e, u } = withBucketCondition({ StringEquals: { 's3:prefix': "${aws:userid, 'anonymous'}" } });
    expect(verdict(e, u, 's3:GetObject', OBJ, { context: { 's3:prefix': 'anonymous' } })).toBe('deny');
    // Its value (AIDA…) is known only after deploy: a prefix of that shape may equal it.
    expect(verdict(e, u, 's3:GetObject', OBJ, { context: { 's3:prefix': 'AIDAEXAMPLEEXAMPLE1' } })).toBe(
      'indeterminate',
    );
    expect(verdict(e, 'anonymous', 's3:GetObject', OBJ, { context: { 's3:prefix': 'anonymous' } })).toBe(
      'allow',
    );
  });

  it('Null aws:userid is false for users and role sessions', () => {
    const { e, u, r } = withBucketCondition({ Null: { 'aws:userid': 'false' } });
    expect(verdict(e, u, 's3:GetObject', OBJ)).toBe('allow');
    expect(verdict(e, r, 's3:GetObject', OBJ)).toBe('allow');
    const absent = withBucketCondition({ Null: { 'aws:userid': 'true' } });
    expect(verdict(absent.e, absent.u, 's3:GetObject', OBJ)).toBe('deny');
  });

  it('a comparison no id of that shape can satisfy is decided: StringEquals aws:userid "bob" is false', () => {
    const { e, u, r } = withBucketCondition({ StringEquals: { 'aws:userid': 'bob' } });
    expect(verdict(e, u, 's3:GetObject', OBJ)).toBe('deny');
    expect(verdict(e, r, 's3:GetObject', OBJ)).toBe('deny');
    const not = withBucketCondition({ StringNotEquals: { 'aws:userid': 'bob' } });
    expect(verdict(not.e, not.u, 's3:GetObject', OBJ)).toBe('allow');
    // An id of the user shape might be the user's: unknown.
    const maybe = withBucketCondition({ StringEquals: { 'aws:userid': 'AIDAJQABLZS4A3QDU576Q' } });
    expect(verdict(maybe.e, maybe.u, 's3:GetObject', OBJ)).toBe('indeterminate');
    expect(verdict(maybe.e, maybe.r, 's3:GetObject', OBJ)).toBe('deny');
  });

  it('StringLike "AROA*:bob" may hold for a role session, never for a user; a session named bob always matches', () => {
    const { e, u, r } = withBucketCondition({ StringLike: { 'aws:userid': 'AROA*:bob' } });
    expect(verdict(e, u, 's3:GetObject', OBJ)).toBe('deny');
    expect(verdict(e, r, 's3:GetObject', OBJ)).toBe('indeterminate');
    expect(verdict(e, arns.session('Reader', 'bob'), 's3:GetObject', OBJ)).toBe('allow');
    expect(verdict(e, arns.session('Reader', 'alice'), 's3:GetObject', OBJ)).toBe('deny');
    // Under a free context the role's unknown session name makes the access conditional.
    const fd = decideAnyContext(e, { principal: r, action: 's3:GetObject', resource: OBJ });
    expect(fd.access).toBe('conditional');
    expect(fd.conditions.join(' ')).toMatch(/aws:userid/);
    expect(decideAnyContext(e, { principal: u, action: 's3:GetObject', resource: OBJ }).access).toBe('deny');
  });

  it('the root user and anonymous callers have known values (the account id, "anonymous")', () => {
    const { e } = withBucketCondition({ StringEquals: { 'aws:userid': [ACCOUNT_A, 'anonymous'] } });
    expect(verdict(e, arns.root(), 's3:GetObject', OBJ)).toBe('allow');
    expect(verdict(e, 'anonymous', 's3:GetObject', OBJ)).toBe('allow');
    expect(verdict(e, arns.root(ACCOUNT_B), 's3:GetObject', OBJ)).toBe('deny');
  });
});

describe(`aws:RequestedRegion of global services (${DOC.region}; ${DOC.regionExample})`, () => {
  // "Some global services, such as IAM, have a single endpoint. Because this endpoint is
  // physically located in the US East (N. Virginia) Region, IAM calls are always made to the
  // us-east-1 Region."
  it('IAM requests are made to us-east-1: a region guard that includes us-east-1 allows them', () => {
    const m = new TestModel();
    const admin = m.user('admin', {
      inline: [
        policy(
          allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', REGION] } } }),
        ),
      ],
    });
    const e = m.engine();
    expect(verdict(e, admin, 'iam:CreateUser', arns.user('new'))).toBe('allow');
    expect(
      decideAnyContext(e, { principal: admin, action: 'iam:CreateUser', resource: arns.user('new') }).access,
    ).toBe('allow');
  });

  it('a Deny on every Region but eu-west-1 denies IAM, CloudFront, Route 53 and Organizations calls', () => {
    const m = new TestModel();
    const admin = m.user('admin', {
      inline: [
        policy(allow('*', '*')),
        policy(deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })),
      ],
    });
    const e = m.engine();
    for (const action of [
      'iam:CreateUser',
      'cloudfront:CreateDistribution',
      'route53:CreateHostedZone',
      'organizations:ListAccounts',
    ])
      expect(verdict(e, admin, action, '*')).toBe('deny');
    // A regional resource: its Region decides.
    expect(verdict(e, admin, 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT_A}:q`)).toBe('allow');
  });

  it('the request context still wins', () => {
    const m = new TestModel();
    const admin = m.user('admin', {
      inline: [
        policy(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })),
      ],
    });
    expect(
      verdict(m.engine(), admin, 'iam:CreateUser', '*', { context: { 'aws:RequestedRegion': 'eu-west-1' } }),
    ).toBe('allow');
  });
});

describe(`A bucket outside the model: its account is unknown (${DOC.keys}, aws:ResourceAccount)`, () => {
  // "Use this key to compare the requesting principal's account ID with the ... account ID of
  // the resource owner": S3 bucket ARNs carry no account. The bucket is taken to be in the
  // principal's account for the plain Allow (the trace says so), and aws:ResourceAccount is
  // unknown: a decision that depends on it is indeterminate, never a silent deny or allow.
  const OTHER_BUCKET = arns.object('not-in-model', 'f');

  it('aws:ResourceAccount = ${aws:PrincipalAccount} is indeterminate where a plain Allow allows', () => {
    const m = new TestModel();
    const plain = m.user('plain', { inline: [policy(allow('s3:GetObject', '*'))] });
    const own = m.user('own', {
      inline: [
        policy(
          allow('s3:GetObject', '*', {
            Condition: { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } },
          }),
        ),
      ],
    });
    const e = m.engine();
    const d = decide(e, plain, 's3:GetObject', OTHER_BUCKET, { trace: true });
    expect(d.decision).toBe('allow');
    expect(JSON.stringify(d.trace)).toMatch(/aws:ResourceAccount unknown/);
    expect(verdict(e, own, 's3:GetObject', OTHER_BUCKET)).toBe('indeterminate');
    // A model bucket has a known account: decided.
    m.bucket('in-model');
    expect(verdict(m.engine(), own, 's3:GetObject', arns.object('in-model', 'f'))).toBe('allow');
  });

  it('a data-perimeter Deny on aws:ResourceAccount is indeterminate, not silently applied', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(allow('s3:GetObject', '*')),
        policy(deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:ResourceAccount': ACCOUNT_A } } })),
      ],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', OTHER_BUCKET)).toBe('indeterminate');
    // A value that is not an account id can never be the bucket's account: decided.
    const m2 = new TestModel();
    const u2 = m2.user('u', {
      inline: [
        policy(allow('s3:GetObject', '*')),
        policy(
          deny('s3:*', '*', { Condition: { StringEquals: { 'aws:ResourceAccount': 'not-an-account' } } }),
        ),
      ],
    });
    expect(verdict(m2.engine(), u2, 's3:GetObject', OTHER_BUCKET)).toBe('allow');
  });
});

describe(`Free context: a condition no value can satisfy grants nothing (${DOC.operators}; ${DOC.keys})`, () => {
  // aws:MultiFactorAuthAge is "the number of seconds since the requesting principal was
  // authorized using MFA" (never negative). A value the operator cannot read (a malformed date or
  // number, a number compared with the ISO 8601 date of aws:TokenIssueTime, which "Works with date
  // operators") proves nothing: how AWS reads it is undocumented, so the clause may hold.
  function accessUnder(condition: Record<string, unknown>) {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('s3:GetObject', '*', { Condition: condition }))] });
    return decideAnyContext(m.engine(), {
      principal: u,
      action: 's3:GetObject',
      resource: arns.object('b', 'k'),
    });
  }

  it('a negative MFA age: deny, not conditional', () => {
    expect(accessUnder({ NumericLessThan: { 'aws:MultiFactorAuthAge': '0' } }).access).toBe('deny');
  });

  it('a malformed date or number, a number compared with an ISO date: conditional, never a silent deny (iamspec rule)', () => {
    expect(accessUnder({ DateGreaterThan: { 'aws:TokenIssueTime': 'not-a-date' } }).access).toBe(
      'conditional',
    );
    expect(accessUnder({ NumericLessThan: { 'aws:TokenIssueTime': '1700000000' } }).access).toBe(
      'conditional',
    );
    expect(accessUnder({ NumericGreaterThan: { 's3:max-keys': 'ten' } }).access).toBe('conditional');
  });

  it('satisfiable ones stay conditional: a value, or the key being absent, makes them hold', () => {
    expect(accessUnder({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }).access).toBe('conditional');
    // IfExists: an absent key satisfies it even with a malformed value.
    expect(accessUnder({ DateGreaterThanIfExists: { 'aws:TokenIssueTime': 'not-a-date' } }).access).toBe(
      'conditional',
    );
    // Negated: an absent key satisfies it.
    expect(accessUnder({ NumericNotEquals: { 's3:max-keys': 'ten' } }).access).toBe('conditional');
  });

  it('a Deny that can never apply does not make access conditional', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(allow('s3:GetObject', '*')),
        policy(
          deny('s3:GetObject', '*', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '-1' } } }),
        ),
      ],
    });
    const fd = decideAnyContext(m.engine(), {
      principal: u,
      action: 's3:GetObject',
      resource: arns.object('b', 'k'),
    });
    expect(fd.access).toBe('allow');
  });
});

describe(`A tag whose value is known only at deployment is present (${DOC.operators})`, () => {
  // "If the key that you specify in a policy condition is not present in the request context,
  // the values do not match" and `Null` checks whether the key is present: a tag the inputs set
  // from a parameter exists after deploy, so neither rule may be applied to it as if it were
  // absent; its value is unknown, so the clause is unknown (FOLLOWUPS: unknown tag as absent).
  const later = new Unknown('Tags.team is a parameter without a value', { file: 'template.yaml' });
  const read = (cond: Record<string, unknown>) => policy(allow('s3:GetObject', '*', { Condition: cond }));
  const denyUnless = (cond: Record<string, unknown>) =>
    policy(allow('s3:GetObject', '*'), deny('s3:GetObject', '*', { Condition: cond }));

  it('aws:ResourceTag: an Allow on its value is indeterminate, not skipped', () => {
    const m = new TestModel();
    const u = m.user('dev', { inline: [read({ StringEquals: { 'aws:ResourceTag/team': 'data' } })] });
    const b = m.bucket('tagged', { tags: { team: later } });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', `${b}/k`)).toBe('indeterminate');
  });

  it('aws:ResourceTag: a Deny unless the tag has a value is indeterminate, not a sure deny', () => {
    const m = new TestModel();
    const u = m.user('dev', {
      inline: [denyUnless({ StringNotEquals: { 'aws:ResourceTag/team': 'data' } })],
    });
    const b = m.bucket('tagged', { tags: { team: later } });
    expect(verdict(m.engine(), u, 's3:GetObject', `${b}/k`)).toBe('indeterminate');
  });

  it('Null is decided: the tag is present (Null "true" is false, "false" is true)', () => {
    const m = new TestModel();
    const absentOnly = m.user('a', { inline: [read({ Null: { 'aws:ResourceTag/team': 'true' } })] });
    const presentOnly = m.user('p', { inline: [read({ Null: { 'aws:ResourceTag/team': 'false' } })] });
    // ABAC enabled: S3 evaluates the bucket's tags (src/aws/s3-abac.ts)
    const b = m.bucket('tagged', { tags: { team: later }, s3Abac: 'enabled' });
    const e = m.engine();
    expect(verdict(e, absentOnly, 's3:GetObject', `${b}/k`)).toBe('deny');
    expect(verdict(e, presentOnly, 's3:GetObject', `${b}/k`)).toBe('allow');
  });

  it('aws:PrincipalTag of a user and a role, and the policy variable ${aws:PrincipalTag/team}', () => {
    const m = new TestModel();
    const u = m.user('dev', {
      tags: { team: later },
      inline: [read({ StringEquals: { 'aws:PrincipalTag/team': 'data' } })],
    });
    const v = m.user('var', {
      tags: { team: later },
      inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*'))],
    });
    const r = m.role('worker', {
      tags: { team: later },
      inline: [denyUnless({ StringNotEquals: { 'aws:PrincipalTag/team': 'data' } })],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', arns.object('b', 'k'))).toBe('indeterminate');
    expect(verdict(e, v, 's3:GetObject', arns.object('data-bucket', 'k'))).toBe('indeterminate');
    expect(verdict(e, r, 's3:GetObject', arns.object('b', 'k'))).toBe('indeterminate');
    // A known tag still decides.
    const known = m.user('known', {
      tags: { team: 'ops' },
      inline: [read({ StringEquals: { 'aws:PrincipalTag/team': 'data' } })],
    });
    expect(verdict(m.engine(), known, 's3:GetObject', arns.object('b', 'k'))).toBe('deny');
  });
});

describe('A request as a role stands for a session of any name', () => {
  // IAM User Guide, "AWS JSON policy elements: Principal" (role session principals):
  // "You can specify role sessions in the Principal element of a resource-based policy ...
  // arn:aws:sts::AWS-account-ID:assumed-role/role-name/role-session-name"; AWS STS API
  // Reference, "AssumeRole": the caller chooses RoleSessionName ("An identifier for the assumed
  // role session"). A request given as the role ARN has no session name of its own
  // (iamspec uses a stand-in), so a policy naming one session of that role might apply.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
  const session = (role: string, name: string) => `arn:aws:sts::${ACCOUNT_A}:assumed-role/${role}/${name}`;
  const bucketPolicy = (effect: 'Allow' | 'Deny', who: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, ...who, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }],
  });

  it('a bucket policy granting one session of the role: indeterminate as the role, allow as that session', () => {
    const m = new TestModel();
    const r = m.role('Worker');
    m.bucket('shared', {
      policy: bucketPolicy('Allow', { Principal: { AWS: session('Worker', 'alice') } }),
    });
    const e = m.engine();
    expect(verdict(e, r, 's3:GetObject', arns.object('shared', 'k'))).toBe('indeterminate');
    expect(verdict(e, session('Worker', 'alice'), 's3:GetObject', arns.object('shared', 'k'))).toBe('allow');
    expect(verdict(e, session('Worker', 'bob'), 's3:GetObject', arns.object('shared', 'k'))).toBe('deny');
    // A session of another role is not this role's.
    m.role('Other');
    const e2 = m.engine();
    expect(verdict(e2, arns.role('Other'), 's3:GetObject', arns.object('shared', 'k'))).toBe('deny');
  });

  it('a Deny with NotPrincipal naming one session of the role: not a sure deny as the role', () => {
    const m = new TestModel();
    const r = m.role('Worker', { inline: [policy(allow('s3:GetObject', '*'))] });
    // The session with its role and account: AWS may check each (test/not-principal-identities.test.ts).
    const except = [session('Worker', 'alice'), arns.role('Worker'), arns.root()];
    m.bucket('shared', {
      policy: bucketPolicy('Deny', { NotPrincipal: { AWS: except } }),
    });
    const e = m.engine();
    expect(verdict(e, r, 's3:GetObject', arns.object('shared', 'k'))).toBe('indeterminate');
    expect(verdict(e, session('Worker', 'alice'), 's3:GetObject', arns.object('shared', 'k'))).toBe('allow');
  });
});
