// Actions only principals of the resource's own account can call, whatever the policies say
// (src/aws/owner-account-actions.ts, applied by Engine.decideHere): a caller of another account,
// or an anonymous one, is denied; an unknown account is never turned into a deny (indeterminate);
// an action the table does not list is decided by the policies as before. So a principal of
// another account that both policies allow s3:PutBucketPolicy is no writer of the bucket policy
// (spec noEscalation, the review's resource-policy-write findings), while one of the bucket's
// account still is.
//
// Pages (each row of the table quotes its own):
// - Amazon S3 API Reference, PutBucketPolicy
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html): "the calling
//   identity must have the PutBucketPolicy permissions on the specified bucket and belong to the
//   bucket owner's account in order to use this operation"; "If you have the correct
//   permissions, but you're not using an identity that belongs to the bucket owner's account,
//   Amazon S3 returns a 405 Method Not Allowed error."
// - Amazon SQS Developer Guide, "Limitations of Amazon SQS custom policies": "Cross-account
//   permissions don't apply to the following actions: AddPermission, ... SetQueueAttributes ..."
// - AWS KMS API Reference, PutKeyPolicy: "Cross-account use: No. You cannot perform this operation
//   on a KMS key in a different AWS account."
// - AWS KMS API Reference, ReplicateKey: "Cross-account use: No. You cannot use this operation to
//   create a replica key in a different AWS account." and "Required permissions: kms:ReplicateKey
//   on the primary key (in the primary key's Region). Include this permission in the primary
//   key's key policy." The AWS KMS Developer Guide, "AWS KMS permissions": "A value of No means
//   that principals can perform the operation only on resources in their own AWS account."

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { foreignCaller, OWNER_ACCOUNT_RULES, ownerAccountRule } from '../src/aws/owner-account-actions.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  decide,
  parse,
  policy,
  TestModel,
  testSource,
} from './helpers/engine-fixtures.js';

const PAGE = {
  s3: 'Amazon S3 API Reference, PutBucketPolicy: "the calling identity must have the PutBucketPolicy permissions on the specified bucket and belong to the bucket owner\'s account"',
  sqs: 'Amazon SQS Developer Guide, "Limitations of Amazon SQS custom policies": "Cross-account permissions don\'t apply to the following actions: AddPermission, ... SetQueueAttributes"',
  kms: 'AWS KMS API Reference, PutKeyPolicy: "Cross-account use: No. You cannot perform this operation on a KMS key in a different AWS account."',
  kmsTable:
    'AWS KMS Developer Guide, "AWS KMS permissions" (https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html), its "Cross-account use" column is No for these operations; their AWS KMS API Reference pages, e.g. DisableKey: "Cross-account use: No. You cannot perform this operation on a KMS key in a different Amazon Web Services account."',
};
const BUCKET = arns.bucket('data');
const QUEUE = arns.queue('jobs');
const KEY = arns.key('k-1');
const B_ROOT = { AWS: arns.root(ACCOUNT_B) };

function engine() {
  const t = new TestModel();
  // Account A's bucket, queue and key, whose policies let account B write them and make one
  // request of each (not all: a write would let it grant itself the others).
  t.bucket('data', {
    policy: policy(
      allow(
        ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:GetBucketPolicy', 's3:PutBucketAcl'],
        BUCKET,
        { Principal: B_ROOT },
      ),
      allow('s3:GetObject', `${BUCKET}/*`, { Principal: B_ROOT }),
    ),
  });
  // no KMS key (SSE-SQS or none): SendMessage from B needs no key (aws/encryption-key-requirement.ts)
  t.resource('sqs-queue', QUEUE, {
    kmsKeyId: null,
    policy: policy(
      allow(['sqs:SetQueueAttributes', 'sqs:AddPermission', 'sqs:SendMessage'], QUEUE, { Principal: B_ROOT }),
    ),
  });
  t.resource('kms-key', KEY, {
    policy: policy(
      allow('kms:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } }),
      allow(['kms:PutKeyPolicy', 'kms:Decrypt'], '*', { Principal: B_ROOT }),
    ),
  });
  // A public bucket policy: everyone, anonymous callers included, may write it.
  t.bucket('open', { policy: policy(allow('s3:PutBucketPolicy', arns.bucket('open'), { Principal: '*' })) });
  // B's admin: its own policies allow everything.
  t.user('admin', { account: ACCOUNT_B, inline: [policy(allow('*', '*'))] });
  // B's operator: its own policies allow the writes and the requests they could grant (not an
  // administrator, whom the review reports as such instead).
  t.user('operator', {
    account: ACCOUNT_B,
    inline: [
      policy(
        allow(
          [
            's3:PutBucketPolicy',
            's3:GetObject',
            's3:PutObject',
            'sqs:SetQueueAttributes',
            'sqs:AddPermission',
            'sqs:SendMessage',
            'sqs:ReceiveMessage',
            'kms:PutKeyPolicy',
            'kms:Decrypt',
            'kms:Encrypt',
          ],
          '*',
        ),
      ),
    ],
  });
  // A's writer: allowed to write the bucket policy (the bucket's own account).
  t.user('writer', { inline: [policy(allow('s3:PutBucketPolicy', BUCKET))] });
  return t.engine();
}

describe('the engine: owner-account-only actions across accounts', () => {
  const e = engine();
  const admin = arns.user('admin', ACCOUNT_B);

  it(`s3:PutBucketPolicy by B's admin on A's bucket that both sides allow: deny, quoting the page (${PAGE.s3})`, () => {
    const d = decide(e, admin, 's3:PutBucketPolicy', BUCKET, { trace: true });
    expect(d.decision, PAGE.s3).toBe('deny');
    expect(d.trace!.map((t) => t.message).join('\n')).toContain("belong to the bucket owner's account");
    expect(decide(e, admin, 's3:DeleteBucketPolicy', BUCKET).decision, PAGE.s3).toBe('deny');
    expect(decide(e, admin, 's3:GetBucketPolicy', BUCKET).decision, PAGE.s3).toBe('deny');
  });

  it('what the table does not list stays decided by the policies: s3:GetObject, s3:PutBucketAcl allowed, s3:PutObject denied', () => {
    expect(decide(e, admin, 's3:GetObject', `${BUCKET}/x`).decision).toBe('allow');
    expect(decide(e, admin, 's3:PutBucketAcl', BUCKET).decision).toBe('allow');
    expect(decide(e, admin, 's3:PutObject', `${BUCKET}/x`).decision).toBe('deny');
  });

  it("A's own writer and A's root: allowed", () => {
    expect(decide(e, arns.user('writer'), 's3:PutBucketPolicy', BUCKET).decision, PAGE.s3).toBe('allow');
    expect(decide(e, arns.root(ACCOUNT_A), 's3:PutBucketPolicy', BUCKET).decision, PAGE.s3).toBe('allow');
  });

  it('an anonymous caller under a public bucket policy: deny (it belongs to no account)', () => {
    expect(decide(e, '*', 's3:PutBucketPolicy', arns.bucket('open')).decision, PAGE.s3).toBe('deny');
  });

  it('a bucket outside the model (its account not in the ARN): the policies decide, never a deny on it', () => {
    expect(decide(e, admin, 's3:PutBucketPolicy', arns.bucket('elsewhere')).decision).toBe('allow');
  });

  it(`SQS: sqs:SetQueueAttributes and sqs:AddPermission denied to B, sqs:SendMessage allowed (${PAGE.sqs})`, () => {
    expect(decide(e, admin, 'sqs:SetQueueAttributes', QUEUE).decision, PAGE.sqs).toBe('deny');
    expect(decide(e, admin, 'sqs:AddPermission', QUEUE).decision, PAGE.sqs).toBe('deny');
    expect(decide(e, admin, 'sqs:SendMessage', QUEUE).decision).toBe('allow');
  });

  it(`KMS: kms:PutKeyPolicy denied to B, kms:Decrypt allowed (${PAGE.kms})`, () => {
    expect(decide(e, arns.root(ACCOUNT_A), 'kms:PutKeyPolicy', KEY).decision, PAGE.kms).toBe('allow');
    expect(decide(e, admin, 'kms:PutKeyPolicy', KEY).decision, PAGE.kms).toBe('deny');
    expect(decide(e, admin, 'kms:Decrypt', KEY).decision).toBe('allow');
  });

  it(`KMS permissions reference, "Cross-account use" No rows: key management by B denied, its Yes rows still allowed (${PAGE.kmsTable})`, () => {
    // The key policy allows account B kms:* (the fixture's second statement names two actions:
    // this one builds its own key).
    const t = new TestModel();
    const key = arns.key('k-2');
    t.resource('kms-key', key, {
      policy: policy(
        allow('kms:*', '*', { Principal: { AWS: [arns.root(ACCOUNT_A), arns.root(ACCOUNT_B)] } }),
      ),
    });
    t.user('admin', { account: ACCOUNT_B, inline: [policy(allow('*', '*'))] });
    const k = t.engine();
    // "Cross-account use: No" (each also on its API Reference page).
    for (const a of [
      'kms:GetKeyPolicy',
      'kms:EnableKey',
      'kms:DisableKey',
      'kms:CancelKeyDeletion',
      'kms:UpdateAlias',
      'kms:CreateAlias',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:EnableKeyRotation',
      'kms:UpdateKeyDescription',
      'kms:ImportKeyMaterial',
      'kms:UpdatePrimaryRegion',
      // Was allowed to account B by the key policy: a replica of another account's key.
      'kms:ReplicateKey',
    ]) {
      const d = decide(k, admin, a, key, { trace: true });
      expect(d.decision, `${a}: ${PAGE.kmsTable}`).toBe('deny');
      expect(d.trace!.map((x) => x.message).join('\n')).toContain('Cross-account use: No');
      // The key's own account keeps them.
      expect(decide(k, arns.root(ACCOUNT_A), a, key).decision, a).toBe('allow');
    }
    // "Cross-account use: Yes": decided by the policies as before.
    for (const a of [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:ReEncryptFrom',
      'kms:Sign',
      'kms:Verify',
      'kms:DescribeKey',
      'kms:CreateGrant',
      'kms:GetPublicKey',
      'kms:ListGrants',
      'kms:RetireGrant',
      'kms:RevokeGrant',
      'kms:GetKeyRotationStatus',
    ]) {
      expect(decide(k, admin, a, key).decision, `${a}: ${PAGE.kmsTable}`).toBe('allow');
    }
  });

  it('KMS: a key of an unstated deploying account stays indeterminate for a caller of account B, never deny', () => {
    const b = new ModelBuilder();
    b.addAccount(PLACEHOLDER_ACCOUNT, 'us-west-2');
    b.addAccount(ACCOUNT_B, 'us-west-2');
    const key = `arn:aws:kms:us-west-2:${PLACEHOLDER_ACCOUNT}:key/k-3`;
    b.addResource({
      kind: 'kms-key',
      arn: key,
      name: 'k-3',
      account: PLACEHOLDER_ACCOUNT,
      region: 'us-west-2',
      policy: parse('resource', policy(allow('kms:*', '*', { Principal: B_ROOT }))),
      source: testSource('k-3'),
    });
    const id = b.addUser({ name: 'admin', account: ACCOUNT_B, source: testSource('admin') });
    b.addInlinePolicy(id, {
      name: 'all',
      document: parse('identity', policy(allow('*', '*'))),
      source: testSource('all'),
    });
    const e2 = compileModel(b.build());
    const d = (action: string) =>
      e2.decide({ principal: arns.user('admin', ACCOUNT_B), action, resource: key }).decision;
    // "This account" may be account B itself: then the admin belongs to the key's account.
    expect(d('kms:DisableKey')).toBe('indeterminate');
    expect(d('kms:GetKeyPolicy')).toBe('indeterminate');
  });

  it('a bucket of an unstated deploying account: indeterminate for a principal of another account, not deny', () => {
    const b = new ModelBuilder();
    b.addAccount(PLACEHOLDER_ACCOUNT, 'us-west-2');
    b.addAccount(ACCOUNT_B, 'us-west-2');
    b.addBucket({
      bucketName: 'mine',
      account: PLACEHOLDER_ACCOUNT,
      region: 'us-west-2',
      policy: parse(
        'resource',
        policy(allow('s3:PutBucketPolicy', arns.bucket('mine'), { Principal: B_ROOT })),
      ),
      source: testSource('mine'),
    });
    const id = b.addUser({ name: 'admin', account: ACCOUNT_B, source: testSource('admin') });
    b.addInlinePolicy(id, {
      name: 'all',
      document: parse('identity', policy(allow('*', '*'))),
      source: testSource('all'),
    });
    const d = compileModel(b.build()).decide({
      principal: arns.user('admin', ACCOUNT_B),
      action: 's3:PutBucketPolicy',
      resource: arns.bucket('mine'),
    });
    // "This account" may be account B itself: then the admin belongs to the bucket's account.
    expect(d.decision).toBe('indeterminate');
  });
});

describe('foreignCaller and the table', () => {
  it('known and different: yes; same: no; unknown or partly known: maybe; anonymous: yes', () => {
    expect(foreignCaller(ACCOUNT_B, ACCOUNT_A)).toBe('yes');
    expect(foreignCaller(ACCOUNT_A, ACCOUNT_A)).toBe('no');
    expect(foreignCaller('', ACCOUNT_A)).toBe('maybe');
    expect(foreignCaller('(unknown-1)1234', ACCOUNT_A)).toBe('maybe');
    expect(foreignCaller(ACCOUNT_B, '(unknown-1)')).toBe('maybe');
    expect(foreignCaller(undefined, ACCOUNT_A)).toBe('yes');
  });

  it('every row names lowercased service actions and an AWS documentation page', () => {
    for (const r of OWNER_ACCOUNT_RULES) {
      expect(r.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      for (const a of r.actions) {
        expect(a).toBe(a.toLowerCase());
        expect(ownerAccountRule(a)).toBe(r);
      }
    }
    expect(ownerAccountRule('s3:putobject')).toBeUndefined();
  });
});

describe('the review: a cross-account writer of a bucket policy is none; a same-account one still is', () => {
  it(`B's operator has no write escalation on A's bucket, queue or key; A's writer keeps its own (${PAGE.s3})`, () => {
    const found = reviewRisks(engine()).filter((f) => f.detail === 'resource-policy write');
    const of = (subject: string) =>
      found
        .filter((f) => f.subject === subject)
        .map((f) => f.message)
        .join('\n');
    expect(of(arns.user('writer'))).toContain('s3:PutBucketPolicy on data');
    // Before, B's operator had a finding for the three writes (each grants a request it lacks).
    const operator = of(arns.user('operator', ACCOUNT_B));
    expect(operator, PAGE.s3).not.toContain('s3:PutBucketPolicy');
    expect(operator, PAGE.sqs).not.toContain('sqs:SetQueueAttributes');
    expect(operator, PAGE.sqs).not.toContain('sqs:AddPermission');
    expect(operator, PAGE.kms).not.toContain('kms:PutKeyPolicy');
  });
});

describe('the matrix decides an owner-account-only action apart from the actions the same statements match', () => {
  it(`B's admin on A's bucket: s3:PutBucketAcl granted, s3:PutBucketPolicy not (one statement s3:PutBucket*) (${PAGE.s3})`, () => {
    const t = new TestModel();
    t.bucket('data', { policy: policy(allow('s3:PutBucket*', BUCKET, { Principal: B_ROOT })) });
    t.user('admin', { account: ACCOUNT_B, inline: [policy(allow('*', '*'))] });
    const m = buildMatrix(t.engine(), { principals: [arns.user('admin', ACCOUNT_B)], resources: [BUCKET] });
    // a cell lists the actions granted (allowed, conditional or indeterminate), never the denied
    const actions = m.cells.at(0, 0).flatMap((c) => c.actions.map((a) => a.action));
    expect(actions).toContain('s3:PutBucketAcl');
    expect(actions, PAGE.s3).not.toContain('s3:PutBucketPolicy');
  });
});

describe('the matrix groups the actions of one owner-account-only row together, and agrees with the engine', () => {
  it(`B's admin and A's user on A's key and queue, both policies allowing everything: each cell action is one the engine does not deny (${PAGE.kmsTable})`, () => {
    const t = new TestModel();
    const key = arns.key('k-9');
    t.resource('kms-key', key, {
      policy: policy(
        allow('kms:*', '*', { Principal: { AWS: [arns.root(ACCOUNT_A), arns.root(ACCOUNT_B)] } }),
      ),
    });
    t.resource('sqs-queue', QUEUE, { policy: policy(allow('sqs:*', QUEUE, { Principal: B_ROOT })) });
    t.user('admin', { account: ACCOUNT_B, inline: [policy(allow('*', '*'))] });
    t.user('local', { inline: [policy(allow('*', '*'))] });
    const e = t.engine();
    const principals = [arns.user('admin', ACCOUNT_B), arns.user('local')];
    const resources = [key, QUEUE];
    const m = buildMatrix(e, { principals, resources });
    principals.forEach((p, i) => {
      resources.forEach((r, j) => {
        const inCell = new Set(m.cells.at(i, j).flatMap((c) => c.actions.map((a) => a.action)));
        const service = r.split(':')[2]!;
        const all = [...inCell, ...OWNER_ACCOUNT_RULES.flatMap((x) => x.actions)].filter((a) =>
          a.toLowerCase().startsWith(`${service}:`),
        );
        expect(inCell.size, `${p} ${r}`).toBeGreaterThan(0);
        for (const a of new Set(all)) {
          const d = decide(e, p, a, r).decision;
          const listed = [...inCell].some((x) => x.toLowerCase() === a.toLowerCase());
          // a cell lists the actions granted (allowed, conditional or indeterminate), never the denied
          expect(listed, `${p} ${a} ${r}: ${d}`).toBe(d !== 'deny');
        }
      });
    });
    const adminKey = m.cells.at(0, 0).flatMap((c) => c.actions.map((a) => a.action));
    expect(adminKey).toContain('kms:Decrypt');
    expect(adminKey, PAGE.kmsTable).not.toContain('kms:DisableKey');
    expect(m.cells.at(1, 0).flatMap((c) => c.actions.map((a) => a.action))).toContain('kms:DisableKey');
  });
});
