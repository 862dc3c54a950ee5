// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Red-team of the evaluation engine against the IAM User Guide: each test takes one documented
// example or edge rule, quotes the page, and compares `Engine.decide` (models built with the
// TestModel helper, as engine-rules.test.ts does) with what the page says.

import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  decide,
  deny,
  policy,
  TestModel,
  userWithStatements,
  verdict,
} from './helpers/engine-fixtures.js';

const PAGE = {
  operators:
    'IAM User Guide, "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  condition:
    'IAM User Guide, "IAM JSON policy elements: Condition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html',
  sets: 'IAM User Guide, "Set operators for multivalued context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  variables:
    'IAM User Guide, "IAM policy elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  notResource:
    'IAM User Guide, "IAM JSON policy elements: NotResource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
  notPrincipal:
    'IAM User Guide, "AWS JSON policy elements: NotPrincipal", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  principal:
    'IAM User Guide, "AWS JSON policy elements: Principal", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  session:
    'IAM User Guide, "Policy evaluation for requests within a single account" (resource-based policies and session policies), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html',
  crossAccount:
    'IAM User Guide, "Cross-account policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  boundaries:
    'IAM User Guide, "Permissions boundaries for IAM entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  scp: 'AWS Organizations User Guide, "SCP syntax" (NotAction with Deny), https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html',
  keys: 'IAM User Guide, "AWS global condition context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
};

const BUCKET = 'team-data';
const object = (key: string) => arns.object(BUCKET, key);

describe(`Condition operators in decisions (${PAGE.operators})`, () => {
  it('...IfExists with the key missing: an Allow applies; a Deny with StringNotEqualsIfExists applies too', () => {
    // "If the policy key is present in the context of the request, process the key as specified
    // in the policy. If the key is not present, evaluate the condition element as true."
    const { e, u } = userWithStatements(
      allow('ec2:RunInstances', '*', {
        Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*'] } },
      }),
      deny('ec2:RunInstances', '*', {
        Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': 'us-west-2' } },
      }),
    );
    const instance = `arn:aws:ec2:us-west-2:${ACCOUNT_A}:instance/*`;
    expect(verdict(e, u, 'ec2:RunInstances', instance)).toBe('allow');
    expect(verdict(e, u, 'ec2:RunInstances', instance, { context: { 'ec2:InstanceType': 'm5.large' } })).toBe(
      'deny',
    );
    expect(
      verdict(e, u, 'ec2:RunInstances', instance, {
        context: { 'ec2:InstanceType': 't2.micro', 'aws:RequestedRegion': 'eu-west-1' },
      }),
    ).toBe('deny');
  });

  it('Null "true" matches only a missing key; "false" only a present one', () => {
    // "Use a Null condition operator to check if a condition key is absent at the time of
    // authorization. In the policy statement, use either true (the key doesn't exist — it is
    // null) or false (the key exists and its value is not null)."
    const { e, u } = userWithStatements(
      allow('s3:GetObject', '*'),
      deny('s3:GetObject', '*', { Condition: { Null: { 'aws:SourceVpce': 'true' } } }),
    );
    expect(verdict(e, u, 's3:GetObject', object('a'))).toBe('deny');
    expect(
      verdict(e, u, 's3:GetObject', object('a'), { context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    ).toBe('allow');
  });

  it('ForAllValues with the key missing or an empty set is true: an Allow on aws:TagKeys applies', () => {
    // "ForAllValues ... It also returns true if there are no context keys in the request."
    const { e, u } = userWithStatements(
      allow('ec2:CreateTags', '*', {
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } },
      }),
    );
    const vol = `arn:aws:ec2:us-west-2:${ACCOUNT_A}:volume/vol-1`;
    expect(verdict(e, u, 'ec2:CreateTags', vol)).toBe('allow');
    expect(verdict(e, u, 'ec2:CreateTags', vol, { context: { 'aws:TagKeys': [] } })).toBe('allow');
    expect(verdict(e, u, 'ec2:CreateTags', vol, { context: { 'aws:TagKeys': ['environment'] } })).toBe(
      'allow',
    );
    expect(
      verdict(e, u, 'ec2:CreateTags', vol, { context: { 'aws:TagKeys': ['environment', 'owner'] } }),
    ).toBe('deny');
  });

  it('ForAnyValue with the key missing is false: a Deny on aws:TagKeys does not apply', () => {
    // "ForAnyValue ... If there's no context key in the request, the condition returns false."
    const { e, u } = userWithStatements(
      allow('ec2:CreateTags', '*'),
      deny('ec2:CreateTags', '*', {
        Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } },
      }),
    );
    const vol = `arn:aws:ec2:us-west-2:${ACCOUNT_A}:volume/vol-1`;
    expect(verdict(e, u, 'ec2:CreateTags', vol)).toBe('allow');
    expect(verdict(e, u, 'ec2:CreateTags', vol, { context: { 'aws:TagKeys': ['Owner', 'x'] } })).toBe(
      'allow',
    );
    expect(verdict(e, u, 'ec2:CreateTags', vol, { context: { 'aws:TagKeys': ['x', 'owner'] } })).toBe('deny');
  });

  it('ArnLike matches each ARN segment on its own; StringLike lets * run over ":"', () => {
    // "The ARN is separated into six components ... Each of the six colon-delimited components
    // of the ARN is checked separately and each can include multi-character match wildcards (*)
    // or single-character match wildcards (?)."
    const m = new TestModel();
    const pattern = 'arn:aws:sns:*:111122223333:topic*';
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/arn/*`, {
          Principal: { Service: 'sns.amazonaws.com' },
          Condition: { ArnLike: { 'aws:SourceArn': pattern } },
        }),
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/str/*`, {
          Principal: { Service: 'sns.amazonaws.com' },
          Condition: { StringLike: { 'aws:SourceArn': pattern } },
        }),
      ),
    });
    const e = m.engine();
    const tricky = 'arn:aws:sns:us-east-1:999988887777:x:111122223333:topic1';
    const plain = 'arn:aws:sns:us-east-1:111122223333:topic1';
    const ctx = (arn: string) => ({ context: { 'aws:SourceArn': arn, 'aws:SourceAccount': '111122223333' } });
    expect(verdict(e, 'sns.amazonaws.com', 's3:GetObject', object('arn/k'), ctx(plain))).toBe('allow');
    expect(verdict(e, 'sns.amazonaws.com', 's3:GetObject', object('arn/k'), ctx(tricky))).toBe('deny');
    expect(verdict(e, 'sns.amazonaws.com', 's3:GetObject', object('str/k'), ctx(tricky))).toBe('allow');
  });

  it('single-valued StringLike on the multivalued aws:PrincipalOrgPaths given several paths', () => {
    // Key page, aws:PrincipalOrgPaths: "This key ... is multivalued" — the guide's examples use
    // ForAnyValue:StringLike. A Deny with a set operator applies when any path matches.
    const { e, u } = userWithStatements(
      allow('s3:GetObject', '*'),
      deny('s3:GetObject', '*', {
        Condition: {
          'ForAnyValue:StringLike': {
            'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'],
          },
        },
      }),
    );
    expect(
      verdict(e, u, 's3:GetObject', object('k'), {
        context: {
          'aws:PrincipalOrgPaths': [
            'o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/',
            'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/',
          ],
        },
      }),
    ).toBe('deny');
  });

  it('Date operators accept ISO 8601 and epoch on either side', () => {
    // "You must specify date/time values with one of the W3C implementations of the ISO 8601
    // date formats or in epoch (UNIX) time."
    const { e, u } = userWithStatements(
      allow('s3:GetObject', `${arns.bucket(BUCKET)}/iso/*`, {
        Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      }),
      allow('s3:GetObject', `${arns.bucket(BUCKET)}/epoch/*`, {
        Condition: { DateLessThan: { 'aws:CurrentTime': '1577836800' } },
      }),
    );
    for (const prefix of ['iso', 'epoch']) {
      expect(
        verdict(e, u, 's3:GetObject', object(`${prefix}/k`), {
          context: { 'aws:CurrentTime': '1577836799' },
        }),
      ).toBe('allow');
      expect(
        verdict(e, u, 's3:GetObject', object(`${prefix}/k`), {
          context: { 'aws:CurrentTime': '2019-12-31T23:59:59Z' },
        }),
      ).toBe('allow');
      expect(
        verdict(e, u, 's3:GetObject', object(`${prefix}/k`), {
          context: { 'aws:CurrentTime': '2020-01-01T01:00:00+01:00' },
        }),
      ).toBe('deny');
    }
  });

  it('IpAddress with an IPv6 CIDR in upper case, the request address in lower case', () => {
    // "The value must be in the standard CIDR format (for example, 203.0.113.0/24 or
    // 2001:DB8:1234:5678::/64)."
    const { e, u } = userWithStatements(
      allow('s3:GetObject', '*', {
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } },
      }),
    );
    expect(
      verdict(e, u, 's3:GetObject', object('k'), {
        context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' },
      }),
    ).toBe('allow');
    expect(
      verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:SourceIp': '2001:db8:1234:5679::1' } }),
    ).toBe('deny');
    expect(verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:SourceIp': '203.0.113.255' } })).toBe(
      'allow',
    );
  });

  it('Bool given as a JSON Boolean or the string "false" (aws:SecureTransport deny)', () => {
    // Operators page, Boolean: "Bool ... Boolean matching"; the guide's example writes
    // "Bool": {"aws:SecureTransport": "false"}.
    const m = new TestModel();
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, { Principal: { AWS: arns.root() } }),
        deny('s3:*', `${arns.bucket(BUCKET)}/*`, {
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': false } },
        }),
      ),
    });
    const u = m.user('u', { inline: [policy(allow('s3:GetObject', '*'))] });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:SecureTransport': 'false' } })).toBe(
      'deny',
    );
    expect(verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:SecureTransport': 'true' } })).toBe(
      'allow',
    );
  });

  it('Numeric operators with a JSON number value (s3:max-keys 10)', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(allow('s3:ListBucket', '*', { Condition: { NumericLessThanEquals: { 's3:max-keys': 10 } } })),
      ],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:ListBucket', arns.bucket(BUCKET), { context: { 's3:max-keys': '10' } })).toBe(
      'allow',
    );
    expect(verdict(e, u, 's3:ListBucket', arns.bucket(BUCKET), { context: { 's3:max-keys': '11' } })).toBe(
      'deny',
    );
  });

  it('condition key names are case-insensitive, values of StringEquals are not', () => {
    // Condition page: "Condition key names are not case-sensitive."
    const { e, u } = userWithStatements(
      allow('s3:GetObject', '*', { Condition: { StringEquals: { 'AWS:SOURCEVPCE': 'vpce-1a2b3c4d' } } }),
    );
    expect(
      verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    ).toBe('allow');
    expect(
      verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:sourcevpce': 'VPCE-1A2B3C4D' } }),
    ).toBe('deny');
  });
});

describe(`Policy variables (${PAGE.variables})`, () => {
  it('${aws:username} in Resource: own folder only; a role has no aws:username, so it matches nothing', () => {
    const m = new TestModel();
    const home = `${arns.bucket(BUCKET)}/home/\${aws:username}/*`;
    const alice = m.user('alice', { inline: [policy(allow('s3:GetObject', home))] });
    m.role('app', { inline: [policy(allow('s3:GetObject', home))] });
    const e = m.engine();
    expect(verdict(e, alice, 's3:GetObject', object('home/alice/x'))).toBe('allow');
    expect(verdict(e, alice, 's3:GetObject', object('home/bob/x'))).toBe('deny');
    expect(verdict(e, arns.role('app'), 's3:GetObject', object('home/${aws:username}/x'))).toBe('deny');
    expect(verdict(e, arns.role('app'), 's3:GetObject', object('home//x'))).toBe('deny');
  });

  it('a variable with no value in NotResource excludes nothing: a Deny with it denies everything', () => {
    // "Policy variables with no value ... If the policy variable references a condition context
    // key that does not exist ... the variable has no value ... For example, if used in
    // Resource ... the resource that includes the variable matches no resource". In NotResource
    // an entry that matches no resource excludes no resource.
    const m = new TestModel();
    m.role('app', {
      inline: [
        policy(allow('s3:GetObject', '*'), {
          Effect: 'Deny',
          Action: 's3:GetObject',
          NotResource: `${arns.bucket(BUCKET)}/home/\${aws:username}/*`,
        }),
      ],
    });
    const alice = m.user('alice', {
      inline: [
        policy(allow('s3:GetObject', '*'), {
          Effect: 'Deny',
          Action: 's3:GetObject',
          NotResource: `${arns.bucket(BUCKET)}/home/\${aws:username}/*`,
        }),
      ],
    });
    const e = m.engine();
    expect(verdict(e, alice, 's3:GetObject', object('home/alice/x'))).toBe('allow');
    expect(verdict(e, alice, 's3:GetObject', object('home/bob/x'))).toBe('deny');
    expect(verdict(e, arns.role('app'), 's3:GetObject', object('home/x'))).toBe('deny');
  });

  it("a default value applies in Resource when the key is missing: ${aws:PrincipalTag/team, 'shared'}", () => {
    // "To add a default value to a variable, surround the default value with single quotes (' ')
    // and separate the variable text and the default value with a comma and space (, )."
    const m = new TestModel();
    const res = `${arns.bucket(BUCKET)}/\${aws:PrincipalTag/team, 'shared'}/*`;
    const tagged = m.user('tagged', { tags: { team: 'red' }, inline: [policy(allow('s3:GetObject', res))] });
    const untagged = m.user('untagged', { inline: [policy(allow('s3:GetObject', res))] });
    const e = m.engine();
    expect(verdict(e, tagged, 's3:GetObject', object('red/k'))).toBe('allow');
    expect(verdict(e, tagged, 's3:GetObject', object('shared/k'))).toBe('deny');
    expect(verdict(e, untagged, 's3:GetObject', object('shared/k'))).toBe('allow');
    expect(verdict(e, untagged, 's3:GetObject', object('red/k'))).toBe('deny');
  });

  it('variable names are case-insensitive: ${AWS:UserName}', () => {
    const m = new TestModel();
    const alice = m.user('alice', {
      inline: [policy(allow('s3:GetObject', `${arns.bucket(BUCKET)}/\${AWS:UserName}/*`))],
    });
    const e = m.engine();
    expect(verdict(e, alice, 's3:GetObject', object('alice/k'))).toBe('allow');
  });

  it('${aws:PrincipalTag/x} in a Condition, key missing: StringEquals false, StringNotEquals true', () => {
    const m = new TestModel();
    const cond = { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } };
    const u = m.user('u', { inline: [policy(allow('sqs:SendMessage', '*', { Condition: cond }))] });
    const q = m.resource('sqs-queue', arns.queue('q'), { tags: { team: 'red' } });
    void q;
    const e = m.engine();
    expect(verdict(e, u, 'sqs:SendMessage', arns.queue('q'))).toBe('deny');
  });

  it('${*}, ${?}, ${$} are literal *, ?, $ in Resource', () => {
    // "${*} - use where you need an * (asterisk) character. ${?} ... ${$} ..."
    const m = new TestModel();
    const u = m.user('u', {
      inline: [policy(allow('s3:GetObject', `${arns.bucket(BUCKET)}/a\${*}b\${?}c\${$}`))],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', object('a*b?c$'))).toBe('allow');
    expect(verdict(e, u, 's3:GetObject', object('axxbyc$'))).toBe('deny');
  });

  it('${aws:userid} is the unique id of a user the inputs pin, role-id:session-name for a session of a pinned role', () => {
    // Principal key values table: IAM user, aws:userid "unique ID"; role, aws:userid
    // "role-id:caller-specified-role-name" (the caller-specified name is the session name).
    const res = `${arns.bucket(BUCKET)}/\${aws:userid}/*`;
    const m = new TestModel();
    const pinned = m.user('pinned', {
      uniqueId: 'AIDAJQABLZS4A3QDU576Q',
      inline: [policy(allow('s3:GetObject', res))],
    });
    const unpinned = m.user('unpinned', { inline: [policy(allow('s3:GetObject', res))] });
    m.role('worker', { uniqueId: 'AROADBQP57FF2AEXAMPLE', inline: [policy(allow('s3:GetObject', res))] });
    const e = m.engine();
    expect(verdict(e, pinned, 's3:GetObject', object('AIDAJQABLZS4A3QDU576Q/k'))).toBe('allow');
    expect(verdict(e, pinned, 's3:GetObject', object('AIDAOTHERUSERID00000/k'))).toBe('deny');
    // Not pinned: known only after deploy.
    expect(verdict(e, unpinned, 's3:GetObject', object('AIDAJQABLZS4A3QDU576Q/k'))).toBe('indeterminate');
    const session = arns.session('worker', 'build-17');
    expect(verdict(e, session, 's3:GetObject', object('AROADBQP57FF2AEXAMPLE:build-17/k'))).toBe('allow');
    expect(verdict(e, session, 's3:GetObject', object('AROADBQP57FF2AEXAMPLE:other/k'))).toBe('deny');
    expect(verdict(e, session, 's3:GetObject', object('AROAOTHERROLEID00000:build-17/k'))).toBe('deny');
  });

  it('variables are not replaced in Action', () => {
    // "You can use policy variables in the Resource element and in string comparisons in the
    // Condition element."
    const m = new TestModel();
    const object1 = m.user('Object', { inline: [policy(allow('s3:Get${aws:username}', '*'))] });
    const e = m.engine();
    expect(verdict(e, object1, 's3:GetObject', object('k'))).toBe('deny');
  });
});

describe('Evaluation logic', () => {
  it(`Principal {"AWS": "111122223333"} is the account root: same account, the identity policy must allow (${PAGE.principal})`, () => {
    // "You can use the account ID or the account root ARN ... "Principal": { "AWS": "123456789012" }"
    const m = new TestModel();
    const none = m.user('none');
    const reader = m.user('reader', { inline: [policy(allow('s3:GetObject', '*'))] });
    m.bucket(BUCKET, {
      policy: policy(allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, { Principal: { AWS: ACCOUNT_A } })),
    });
    const e = m.engine();
    expect(verdict(e, none, 's3:GetObject', object('k'))).toBe('deny');
    expect(verdict(e, reader, 's3:GetObject', object('k'))).toBe('allow');
  });

  it(`same-account trust policy naming the user ARN: no identity policy needed; naming root: needed (${PAGE.principal})`, () => {
    const m = new TestModel();
    const alice = m.user('alice');
    const bob = m.user('bob');
    const carol = m.user('carol', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    m.role('named', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.user('alice') } })),
    });
    m.role('rooted', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.root() } })),
    });
    const e = m.engine();
    expect(verdict(e, alice, 'sts:AssumeRole', arns.role('named'))).toBe('allow');
    expect(verdict(e, bob, 'sts:AssumeRole', arns.role('named'))).toBe('deny');
    expect(verdict(e, bob, 'sts:AssumeRole', arns.role('rooted'))).toBe('deny');
    expect(verdict(e, carol, 'sts:AssumeRole', arns.role('rooted'))).toBe('allow');
  });

  it(`aws:PrincipalArn of a role session is the role ARN (${PAGE.keys})`, () => {
    // aws:PrincipalArn: "IAM role – The request context contains the ARN of the role, not the
    // ARN of the user that assumed the role."
    const m = new TestModel();
    m.role('worker');
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, {
          Principal: '*',
          Condition: { ArnEquals: { 'aws:PrincipalArn': arns.role('worker') } },
        }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, arns.session('worker', 's1'), 's3:GetObject', object('k'))).toBe('allow');
    expect(verdict(e, arns.role('worker'), 's3:GetObject', object('k'))).toBe('allow');
  });

  it(`service principal with aws:SourceAccount (${PAGE.keys})`, () => {
    const m = new TestModel();
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:PutObject', `${arns.bucket(BUCKET)}/*`, {
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_A } },
        }),
      ),
    });
    const e = m.engine();
    expect(
      verdict(e, 'logging.s3.amazonaws.com', 's3:PutObject', object('k'), {
        context: { 'aws:SourceAccount': ACCOUNT_A },
      }),
    ).toBe('allow');
    expect(
      verdict(e, 'logging.s3.amazonaws.com', 's3:PutObject', object('k'), {
        context: { 'aws:SourceAccount': '999988887777' },
      }),
    ).toBe('deny');
    expect(
      verdict(e, 'ec2.amazonaws.com', 's3:PutObject', object('k'), {
        context: { 'aws:SourceAccount': ACCOUNT_A },
      }),
    ).toBe('deny');
  });

  it(`NotPrincipal with Allow grants everyone but the listed principal; the listed one is never allowed (${PAGE.notPrincipal})`, () => {
    // "If you use NotPrincipal in the same policy statement as "Effect": "Allow", the
    // permissions specified in the policy statement will be granted to all principals except
    // for the one(s) specified". iamspec keeps the listed user without its account MAYBE (the
    // page: AWS checks the account, then the user), so bob is denied or indeterminate, never
    // allowed.
    const m = new TestModel();
    const alice = m.user('alice');
    const bob = m.user('bob');
    m.bucket(BUCKET, {
      policy: policy({
        Effect: 'Allow',
        NotPrincipal: { AWS: arns.user('bob') },
        Action: 's3:GetObject',
        Resource: `${arns.bucket(BUCKET)}/*`,
      }),
    });
    const e = m.engine();
    expect(verdict(e, alice, 's3:GetObject', object('k'))).toBe('allow');
    expect(verdict(e, bob, 's3:GetObject', object('k'))).not.toBe('allow');
  });

  it('explicit deny anywhere wins: a boundary Deny over a resource policy naming the user', () => {
    const m = new TestModel();
    const u = m.user('u', { boundary: policy(allow('*', '*'), deny('s3:GetObject', '*')) });
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, { Principal: { AWS: arns.user('u') } }),
      ),
    });
    const e = m.engine();
    expect(decide(e, u, 's3:GetObject', object('k'))).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });
});

describe('More documented edge rules', () => {
  it(`ArnLike: the sixth field (the resource) is matched whole, so its * runs over ":" (${PAGE.operators})`, () => {
    // "Each of the six colon-delimited components of the ARN is checked separately"; the
    // resource component is everything after the fifth colon.
    const { e, u } = userWithStatements(
      allow('s3:GetObject', '*', {
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT_A}:log-group:*` } },
      }),
    );
    const stream = `arn:aws:logs:us-east-1:${ACCOUNT_A}:log-group:app:log-stream:s1`;
    expect(verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:SourceArn': stream } })).toBe(
      'allow',
    );
  });

  it(`an Allow whose NotResource holds a variable with no value applies to every resource (${PAGE.variables})`, () => {
    // "Policy variables with no value": the element that includes it matches no resource, so
    // the NotResource list excludes nothing.
    const m = new TestModel();
    m.role('r', {
      inline: [
        policy({
          Effect: 'Allow',
          Action: 's3:PutObject',
          NotResource: `${arns.bucket(BUCKET)}/\${aws:username}/*`,
        }),
      ],
    });
    const e = m.engine();
    expect(verdict(e, arns.role('r'), 's3:PutObject', object('x/k'))).toBe('allow');
  });

  it(`session policies: a grant to the session ARN is not limited by an implicit deny, an explicit Deny still wins (${PAGE.session})`, () => {
    // "Resource-based policies that specify the ARN of the session ... are not limited by the
    // session policy"; "An explicit deny in any of these policies overrides the allow."
    const m = new TestModel();
    m.role('r', { inline: [policy(allow('s3:*', '*'))] });
    const session = arns.session('r', 's1');
    m.bucket(BUCKET, {
      policy: policy(allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, { Principal: { AWS: session } })),
    });
    const e = m.engine();
    expect(
      verdict(e, session, 's3:GetObject', object('k'), { sessionPolicy: policy(allow('ec2:*', '*')) }),
    ).toBe('allow');
    expect(
      verdict(e, session, 's3:GetObject', object('k'), {
        sessionPolicy: policy(allow('*', '*'), deny('s3:GetObject', '*')),
      }),
    ).toBe('deny');
  });

  it(`cross-account: the caller's boundary and session policy cap its side even when the resource policy names it (${PAGE.crossAccount})`, () => {
    // "the requesting principal must be allowed by the identity-based policies (and their
    // boundaries, session policies) of its own account and by the resource-based policy".
    const m = new TestModel();
    const bob = m.user('bob', {
      account: ACCOUNT_B,
      inline: [policy(allow('s3:*', '*'))],
      boundary: policy(allow('ec2:*', '*')),
    });
    m.role('rb', { account: ACCOUNT_B, inline: [policy(allow('s3:*', '*'))] });
    const session = arns.session('rb', 's1', ACCOUNT_B);
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, {
          Principal: { AWS: [arns.user('bob', ACCOUNT_B), session] },
        }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, bob, 's3:GetObject', object('k'))).toBe('deny');
    expect(
      verdict(e, session, 's3:GetObject', object('k'), { sessionPolicy: policy(allow('ec2:*', '*')) }),
    ).toBe('deny');
    expect(verdict(e, session, 's3:GetObject', object('k'))).toBe('allow');
  });

  it(`role chaining: a same-account trust policy naming the role ARN needs no identity policy, but the boundary caps it (${PAGE.boundaries})`, () => {
    const m = new TestModel();
    m.role('free');
    m.role('bounded', { boundary: policy(allow('s3:*', '*')) });
    m.role('target', {
      trust: policy(
        allow('sts:AssumeRole', undefined, { Principal: { AWS: [arns.role('free'), arns.role('bounded')] } }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, arns.session('free', 's1'), 'sts:AssumeRole', arns.role('target'))).toBe('allow');
    expect(verdict(e, arns.session('bounded', 's1'), 'sts:AssumeRole', arns.role('target'))).toBe('deny');
  });

  it(`a role's session ARN has no path, the role ARN in Principal has it: the session matches (${PAGE.principal})`, () => {
    const m = new TestModel();
    m.role('deploy', { path: '/team/' });
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/*`, {
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:role/team/deploy` },
        }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, `arn:aws:sts::${ACCOUNT_A}:assumed-role/deploy/s1`, 's3:GetObject', object('k'))).toBe(
      'allow',
    );
  });

  it(`a wildcard inside a principal ARN is not a pattern (${PAGE.principal})`, () => {
    // "You can't use a wildcard to match part of a principal name or ARN."
    const m = new TestModel();
    const alice = m.user('alice');
    const bob = m.user('bob', { account: ACCOUNT_B, inline: [policy(allow('s3:*', '*'))] });
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/users/*`, {
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/*` },
        }),
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/roots/*`, {
          Principal: { AWS: 'arn:aws:iam::*:root' },
        }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, alice, 's3:GetObject', object('users/k'))).toBe('deny');
    expect(verdict(e, bob, 's3:GetObject', object('roots/k'))).toBe('deny');
  });

  it(`{"AWS": "*"} names AWS identities (anonymous kept, the safe reading), not service principals; "*" names both (${PAGE.principal})`, () => {
    // "Using "Principal" : { "AWS" : "*" } with an Allow effect in a resource-based policy allows
    // any root user, IAM user, assumed-role session, or federated user in any account in the same
    // partition to access your resource." S3 pages list "Principal":"*" and {"AWS":"*"} as
    // equivalent for anonymous access, so iamspec lets both reach anonymous callers.
    const m = new TestModel();
    m.bucket(BUCKET, {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/aws/*`, { Principal: { AWS: '*' } }),
        allow('s3:GetObject', `${arns.bucket(BUCKET)}/star/*`, { Principal: '*' }),
      ),
    });
    const e = m.engine();
    expect(verdict(e, 'anonymous', 's3:GetObject', object('aws/k'))).toBe('allow');
    expect(verdict(e, 'anonymous', 's3:GetObject', object('star/k'))).toBe('allow');
    expect(verdict(e, 'cloudfront.amazonaws.com', 's3:GetObject', object('aws/k'))).toBe('deny');
    expect(verdict(e, 'cloudfront.amazonaws.com', 's3:GetObject', object('star/k'))).toBe('allow');
  });

  it(`BoolIfExists aws:MultiFactorAuthPresent "false" denies long-term keys (key absent) and MFA-less sessions (${PAGE.keys})`, () => {
    // aws:MultiFactorAuthPresent: "This key is not present when ... long-term credentials"; the
    // guide's pattern: "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"} in a Deny.
    const m = new TestModel();
    const doc = policy(
      allow('s3:*', '*'),
      deny('s3:*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
    );
    const u = m.user('u', { inline: [doc] });
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', object('k'))).toBe('deny');
    expect(
      verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:MultiFactorAuthPresent': 'false' } }),
    ).toBe('deny');
    expect(
      verdict(e, u, 's3:GetObject', object('k'), { context: { 'aws:MultiFactorAuthPresent': 'true' } }),
    ).toBe('allow');
  });

  it(`an SCP Deny with NotAction denies every action but the listed ones (${PAGE.scp})`, () => {
    const m = new TestModel();
    const u = m.user('u', { inline: [policy(allow('*', '*'))] });
    m.scp(ACCOUNT_A, policy(allow('*', '*'), { Effect: 'Deny', NotAction: ['s3:*'], Resource: '*' }));
    const e = m.engine();
    expect(verdict(e, u, 's3:GetObject', object('k'))).toBe('allow');
    expect(verdict(e, u, 'ec2:RunInstances', `arn:aws:ec2:us-west-2:${ACCOUNT_A}:instance/*`)).toBe('deny');
  });
});
