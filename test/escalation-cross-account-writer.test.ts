// A writer of a resource-based policy in ANOTHER account than the resource: granting itself a
// request through the policy gives it nothing unless its own identity policies allow the request
// too (src/analysis/escalation-writes.ts `crossAccountWriterLacks`). Before, a user of account B
// allowed s3:PutBucketPolicy on account A's bucket (by its own policy and the bucket's) had a
// high resource-policy-write finding "to grant itself s3:GetObject" and spec noEscalation failed,
// though no statement of account B allowed it s3:GetObject. Both the review and the spec use the
// rule. A KMS grant (CreateGrant) is not the key policy and keeps the old reading.
//
// Pages:
// - IAM User Guide, "Cross-account policy evaluation logic": "The principal's identity-based
//   policy must allow the requested access to the resource in the trusting service."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - IAM User Guide, "Cross-account policy evaluation logic": the principal's permissions boundary
//   and its account's SCPs apply to its side of the request as to any (decided in full by the
//   engine, `DecideOptions.resourcePolicyAllows`): "If any of these policies [SCPs, permissions
//   boundaries, session policies] don't allow the action, the request is denied".
// - Amazon SNS API Reference, SetTopicAttributes (`Policy`) and AddPermission ("Adds a statement
//   to a topic's access control policy, granting access for the specified AWS accounts"): no
//   page says only the topic owner's account may call them, so a writer of another account is
//   decided by the policies (the S3 writes are the owner's account's only:
//   test/owner-account-actions.test.ts).

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { Engine } from '../src/engine/engine.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { ACCOUNT_A, ACCOUNT_B, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

const PAGE =
  'IAM User Guide, "Cross-account policy evaluation logic": "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service."';
const BUCKET = arns.bucket('data');
const TOPIC = `arn:aws:sns:us-west-2:${ACCOUNT_A}:events`;
const KEY = arns.key('k-1');
const SUBSCRIBE = allow('sns:Subscribe', TOPIC);
const PUBLISH = allow('sns:Publish', TOPIC);
const WRITE = allow('sns:SetTopicAttributes', TOPIC);

function engine(): Engine {
  const t = new TestModel();
  // The topic of account A lets account B write its policy (delegating to B's identity policies).
  t.resource('sns-topic', TOPIC, {
    name: 'events',
    policy: policy(allow('sns:SetTopicAttributes', TOPIC, { Principal: { AWS: arns.root(ACCOUNT_B) } })),
  });
  // B's writer allowed only the write: what it could grant itself its own policies do not allow.
  t.user('writer', { account: ACCOUNT_B, inline: [policy(WRITE)] });
  // B's reader-writer is allowed the write and sns:Subscribe on the topic.
  t.user('reader-writer', { account: ACCOUNT_B, inline: [policy(WRITE, SUBSCRIBE)] });
  // B's bounded writer: its policies allow Publish and Subscribe, its boundary only the write.
  t.user('bounded', {
    account: ACCOUNT_B,
    inline: [policy(WRITE, SUBSCRIBE, PUBLISH)],
    boundary: policy(allow('sns:SetTopicAttributes', '*')),
  });
  // The same write by a user of the topic's own account: its identity side is not needed.
  t.user('local', { inline: [policy(WRITE)] });
  // A KMS key of A whose key policy lets B create grants: a grant is not the key policy.
  t.resource('kms-key', KEY, {
    policy: policy(
      allow('kms:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } }),
      allow('kms:CreateGrant', '*', { Principal: { AWS: arns.root(ACCOUNT_B) } }),
    ),
  });
  t.user('granter', { account: ACCOUNT_B, inline: [policy(allow('kms:CreateGrant', KEY))] });
  // An S3 bucket of A whose policy lets B write it, and B's user allowed the write and
  // s3:GetObject: only A's principals can write a bucket policy (PutBucketPolicy).
  t.bucket('data', {
    policy: policy(allow('s3:PutBucketPolicy', BUCKET, { Principal: { AWS: arns.root(ACCOUNT_B) } })),
  });
  t.user('s3-writer', {
    account: ACCOUNT_B,
    inline: [policy(allow('s3:PutBucketPolicy', BUCKET), allow('s3:GetObject', `${BUCKET}/*`))],
  });
  return t.engine();
}

/** The reader-writer under SCPs of account B that allow only the write (no FullAWSAccess). */
function engineWithScp(): Engine {
  const t = new TestModel();
  t.resource('sns-topic', TOPIC, {
    name: 'events',
    policy: policy(allow('sns:SetTopicAttributes', TOPIC, { Principal: { AWS: arns.root(ACCOUNT_B) } })),
  });
  t.user('reader-writer', { account: ACCOUNT_B, inline: [policy(WRITE, SUBSCRIBE)] });
  t.scp(ACCOUNT_B, policy(allow('sns:SetTopicAttributes', '*')));
  return t.engine();
}

const writeFindings = (e: Engine) =>
  new Map(
    reviewRisks(e)
      .filter((f) => f.detail === 'resource-policy write')
      .map((f) => [f.subject, f]),
  );

function noEscalation(e: Engine, principal: string) {
  const r = runSpec(
    e.model,
    parseSpec(`version: 1\nexpect:\n  - { id: e, principal: "${principal}", noEscalation: true }\n`),
    { engine: e },
  );
  return { status: r.expectations[0]!.status, message: r.expectations[0]!.checks[0]!.message };
}

describe(`a writer in another account gains only what its own policies allow (${PAGE})`, () => {
  const e = engine();
  const found = writeFindings(e);

  it('B writer allowed only sns:SetTopicAttributes: no review finding, spec noEscalation passes', () => {
    expect(found.has(arns.user('writer', ACCOUNT_B)), PAGE).toBe(false);
    expect(noEscalation(e, arns.user('writer', ACCOUNT_B)).status, PAGE).toBe('pass');
  });

  it('B reader-writer whose policies allow sns:Subscribe: the write gains it that request (finding, spec fails)', () => {
    expect(found.get(arns.user('reader-writer', ACCOUNT_B))?.message).toContain(
      'sns:SetTopicAttributes on events, to grant itself sns:Subscribe',
    );
    const spec = noEscalation(e, arns.user('reader-writer', ACCOUNT_B));
    expect(spec.status).toBe('fail');
    expect(spec.message).toContain('rewriting the resource policy of');
  });

  it('B bounded writer whose permissions boundary allows only the write: no finding, spec passes (was: high)', () => {
    expect(found.has(arns.user('bounded', ACCOUNT_B)), PAGE).toBe(false);
    expect(noEscalation(e, arns.user('bounded', ACCOUNT_B)).status, PAGE).toBe('pass');
  });

  it('B reader-writer under SCPs of account B allowing only the write: no finding (was: high)', () => {
    const scp = engineWithScp();
    expect(writeFindings(scp).has(arns.user('reader-writer', ACCOUNT_B)), PAGE).toBe(false);
    expect(noEscalation(scp, arns.user('reader-writer', ACCOUNT_B)).status, PAGE).toBe('pass');
  });

  it("a writer of the topic's own account needs no identity Allow of the request: finding kept", () => {
    expect(found.get(arns.user('local'))?.message).toContain('to grant itself sns:Publish');
  });

  it('a KMS grant creator of account B keeps its finding (a grant is not the key policy; not narrowed)', () => {
    expect(found.get(arns.user('granter', ACCOUNT_B))?.message).toContain(
      'kms:CreateGrant on key/k-1, to grant itself kms:Decrypt',
    );
  });

  it("B s3-writer allowed s3:PutBucketPolicy by both sides: no finding, PutBucketPolicy is the bucket owner's account's only", () => {
    expect(found.has(arns.user('s3-writer', ACCOUNT_B))).toBe(false);
    expect(noEscalation(e, arns.user('s3-writer', ACCOUNT_B)).status).toBe('pass');
  });
});
