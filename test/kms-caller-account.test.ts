// kms:CallerAccount is filled from the calling principal's account on the KMS operations that
// carry it (src/engine/service-keys.ts, src/aws/kms.ts `requestCarriesCallerAccount`).
//
// AWS KMS Developer Guide, "AWS KMS condition keys", kms:CallerAccount
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account):
// "You can use this condition key to allow or deny access to all identities (IAM users and roles)
// in an AWS account." ... "because each API call can originate from only one AWS account,
// kms:CallerAccount is a single valued condition key". Service Authorization Reference, AWS Key
// Management Service: kms:CallerAccount "Filters access to specified AWS KMS operations based on
// the AWS account ID of the caller".
//
// Before, the key was left free on every request: the statement of the AWS managed key policy
// "Allow access through EBS for all principals in the account that are authorized to use EBS"
// (`"Principal": {"AWS": "*"}` with kms:CallerAccount and kms:ViaService) made a principal of any
// other account `conditional` (a false cross-account finding), and `eval` with the ViaService
// given denied the account's own principals.

import { App, Stack } from 'aws-cdk-lib';
import { EbsDeviceVolumeType, Volume } from 'aws-cdk-lib/aws-ec2';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Size } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { candidatePrincipals } from '../src/analysis/principals.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { fromStack } from '../src/testing/cdk.js';
import { modelOf } from './fixtures/cfn/load.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  decide,
  EXTERNAL_ACCOUNT,
  policy,
  TestModel,
} from './helpers/engine-fixtures.js';

const KEY = arns.key('1234abcd-12ab-34cd-56ef-1234567890ab');
const VIA_EBS = 'ec2.us-west-2.amazonaws.com';

/** The AWS managed key policy statement for Amazon EBS (the developer guide's example). */
const throughEbs = (account: string) =>
  allow(
    [
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:CreateGrant',
      'kms:DescribeKey',
    ],
    '*',
    {
      Sid: 'Allow access through EBS for all principals in the account that are authorized to use EBS',
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': VIA_EBS } },
    },
  );

function keyModel(keyStatements: ReturnType<typeof allow>[]) {
  const m = new TestModel();
  m.user('alice');
  m.user('bob', { account: ACCOUNT_B, inline: [policy(allow('kms:*', KEY))] });
  m.resource('kms-key', KEY, { policy: policy(...keyStatements) });
  return m.engine();
}

describe('kms:CallerAccount is the calling principal account', () => {
  const engine = keyModel([throughEbs(ACCOUNT_A)]);
  const request = (principal: string, action = 'kms:Decrypt') => ({ principal, action, resource: KEY });

  it("a principal of the key's account: conditional on kms:ViaService only", () => {
    const d = decideAnyContext(engine, request(arns.user('alice')));
    expect(d.access).toBe('conditional');
    expect(d.conditions.join(' ')).toContain('kms:ViaService');
    expect(d.conditions.join(' ')).not.toContain('kms:CallerAccount');
  });

  it('a principal of another account is not let in (was conditional: a false cross-account grant)', () => {
    expect(decideAnyContext(engine, request(arns.user('bob', ACCOUNT_B))).access).toBe('deny');
  });

  it('eval: the request through EBS is allowed to the account principal without passing kms:CallerAccount', () => {
    const d = decide(engine, arns.user('alice'), 'kms:Decrypt', KEY, {
      context: { 'kms:ViaService': VIA_EBS },
    });
    expect(d.decision).toBe('allow');
  });

  it('the request context still overrides it', () => {
    const d = decide(engine, arns.user('alice'), 'kms:Decrypt', KEY, {
      context: { 'kms:ViaService': VIA_EBS, 'kms:CallerAccount': EXTERNAL_ACCOUNT },
    });
    expect(d.decision).toBe('deny');
  });

  it("the review finds no public or cross-account access on the AWS managed key policy's statement", () => {
    // Was: "kms-key key/1234abcd-… is open to anyone (anonymous callers or any AWS account): …
    // (conditional: kms:CallerAccount is "111122223333" (StringEquals) and kms:ViaService is …".
    const outside = reviewRisks(engine).filter(
      (f) => f.kind === 'public-access' || f.kind === 'cross-account-access',
    );
    expect(outside).toEqual([]);
    expect(reviewRisks(engine).length).toBeGreaterThan(0);
  });
});

describe('where the model does not determine kms:CallerAccount it stays free', () => {
  it('an AWS service principal (its own account or none)', () => {
    const engine = keyModel([
      allow('kms:Decrypt', '*', {
        Principal: { Service: 'logs.amazonaws.com' },
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT_A } },
      }),
    ]);
    const d = decideAnyContext(engine, {
      principal: 'logs.amazonaws.com',
      action: 'kms:Decrypt',
      resource: KEY,
    });
    expect(d.access).toBe('conditional');
    expect(d.conditions.join(' ')).toContain('kms:CallerAccount');
  });

  it('CreateKey, which the developer guide once listed without the key', () => {
    const m = new TestModel();
    m.user('alice', {
      inline: [
        policy(
          allow('kms:CreateKey', '*', { Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT_A } } }),
        ),
      ],
    });
    const d = decideAnyContext(m.engine(), {
      principal: arns.user('alice'),
      action: 'kms:CreateKey',
      resource: '*',
    });
    expect(d.access).toBe('conditional');
  });

  it('another service: the key is in the request context of KMS operations only', () => {
    const m = new TestModel();
    m.user('alice', {
      inline: [
        policy(
          allow('sqs:SendMessage', '*', { Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT_A } } }),
        ),
      ],
    });
    const d = decideAnyContext(m.engine(), {
      principal: arns.user('alice'),
      action: 'sqs:SendMessage',
      resource: arns.queue('q'),
    });
    expect(d.access).toBe('conditional');
  });

  it('a stand-in account: decided again as each account the policy names, so indeterminate', () => {
    const model = modelOf(
      `
Resources:
  Reader:
    Type: AWS::IAM::User
    Properties:
      UserName: reader
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: kms:Decrypt
            Resource: '*'
            Condition:
              StringEquals:
                kms:CallerAccount: '${EXTERNAL_ACCOUNT}'
`,
      { account: undefined },
    );
    const engine = compileModel(model);
    const key = model.resources.find((r) => r.kind === 'kms-key')!;
    const user = model.users.find((u) => u.name === 'reader')!;
    const d = decide(engine, user.arn, 'kms:Decrypt', key.arn);
    expect(d.decision).toBe('indeterminate');
  });
});

describe('who else: an account a kms:CallerAccount condition names is a candidate principal', () => {
  it('a key policy letting in "*" of another account through kms:CallerAccount is a cross-account grant', () => {
    const engine = keyModel([throughEbs(EXTERNAL_ACCOUNT)]);
    expect(
      candidatePrincipals(engine.model).some((c) => c.principal.includes(`::${EXTERNAL_ACCOUNT}:`)),
    ).toBe(true);
    const outside = reviewRisks(engine).filter((f) => f.kind === 'cross-account-access');
    expect(outside.map((f) => f.message).join('\n')).toContain(EXTERNAL_ACCOUNT);
  });
});

describe('CDK: kms.Key with grantEncrypt and an encrypted ec2.Volume (ViaService + CallerAccount)', () => {
  const ACCOUNT = '111122223333';
  const app = new App({ context: { 'aws:cdk:disable-stack-trace': true } });
  const stack = new Stack(app, 'Keys', { env: { account: ACCOUNT, region: 'us-west-2' } });
  const key = new Key(stack, 'DataKey');
  const writer = new Role(stack, 'Writer', { roleName: 'writer', assumedBy: new AccountRootPrincipal() });
  key.grantEncrypt(writer);
  new Volume(stack, 'Disk', {
    availabilityZone: 'us-west-2a',
    size: Size.gibibytes(8),
    volumeType: EbsDeviceVolumeType.GP3,
    encrypted: true,
    encryptionKey: key,
  });
  const model = fromStack(stack);
  const engine = compileModel(model);
  const keyArn = model.resources.find((r) => r.kind === 'kms-key')!.arn;

  it('the role granted encrypt may encrypt, under no condition', () => {
    const d = decideAnyContext(engine, {
      principal: `arn:aws:iam::${ACCOUNT}:role/writer`,
      action: 'kms:Encrypt',
      resource: keyArn,
    });
    expect(d.access).toBe('allow');
  });

  it("the Volume's statement: the account root through EC2, kms:CallerAccount decided, kms:ViaService left", () => {
    const d = decideAnyContext(engine, {
      principal: `arn:aws:iam::${ACCOUNT}:root`,
      action: 'kms:GenerateDataKeyWithoutPlaintext',
      resource: keyArn,
    });
    expect(d.access).toBe('allow');
    const withVia = decide(engine, `arn:aws:iam::${ACCOUNT}:root`, 'kms:DescribeKey', keyArn, {
      context: { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' },
    });
    expect(withVia.decision).toBe('allow');
  });

  it('no principal of another account gets the key', () => {
    const d = decideAnyContext(engine, {
      principal: `arn:aws:iam::${ACCOUNT_B}:root`,
      action: 'kms:DescribeKey',
      resource: keyArn,
    });
    expect(d.access).toBe('deny');
  });
});

describe('the matrix groups KMS actions by whether their request carries kms:CallerAccount', () => {
  // RetireGrant: "The `kms:CallerAccount` condition key exists for all AWS KMS operations *except*
  // for these: `CreateKey`, `GenerateRandom`, `ListAliases`, `ListKeys`, `ListRetirableGrants`,
  // `RetireGrant`" (AWS KMS Developer Guide, "Using Policy Conditions with AWS KMS"): left free.
  // The same statements match kms:Decrypt and kms:RetireGrant; one decision for both would deny
  // the second (or let in the first).
  it('kms:Decrypt denied to another account, kms:RetireGrant conditional, as deciding each alone', () => {
    const engine = keyModel([
      allow('kms:*', '*', {
        Principal: { AWS: '*' },
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT_A } },
      }),
    ]);
    const bob = arns.user('bob', ACCOUNT_B);
    const m = buildMatrix(engine, { chains: false });
    const pi = m.principals.findIndex((p) => p.arn === bob);
    const ri = m.resources.findIndex((r) => r.arn === KEY);
    const got = new Map<string, string>();
    for (const cell of m.cells.at(pi, ri)) for (const a of cell.actions) got.set(a.action, a.access);
    for (const action of ['kms:Decrypt', 'kms:RetireGrant', 'kms:DescribeKey']) {
      const alone = decideAnyContext(engine, { principal: bob, action, resource: KEY }).access;
      expect(got.get(action) ?? 'deny', action).toBe(alone);
    }
    expect(got.get('kms:RetireGrant')).toBe('conditional');
    expect(got.has('kms:Decrypt')).toBe(false);
  });
});
