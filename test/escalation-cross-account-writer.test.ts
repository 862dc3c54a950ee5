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
// - Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3
//   bucket". https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
//   (That page also says only identities of the bucket owner's account may call it; the engine
//   does not know that fact yet, so the model here lets account B write the policy: the rule under
//   test is the other side, what the write gains.)

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { Engine } from '../src/engine/engine.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { ACCOUNT_A, ACCOUNT_B, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

const PAGE =
  'IAM User Guide, "Cross-account policy evaluation logic": "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service."';
const BUCKET = arns.bucket('data');
const KEY = arns.key('k-1');

function engine(): Engine {
  const t = new TestModel();
  // The bucket of account A lets account B write its policy (delegating to B's identity policies).
  t.bucket('data', {
    policy: policy(allow('s3:PutBucketPolicy', BUCKET, { Principal: { AWS: arns.root(ACCOUNT_B) } })),
  });
  // B's writer allowed only the write: what it could grant itself its own policies do not allow.
  t.user('writer', { account: ACCOUNT_B, inline: [policy(allow('s3:PutBucketPolicy', BUCKET))] });
  // B's reader-writer is allowed the write and s3:GetObject on the bucket's objects.
  t.user('reader-writer', {
    account: ACCOUNT_B,
    inline: [policy(allow('s3:PutBucketPolicy', BUCKET), allow('s3:GetObject', `${BUCKET}/*`))],
  });
  // The same write by a user of the bucket's own account: its identity side is not needed.
  t.user('local', { inline: [policy(allow('s3:PutBucketPolicy', BUCKET))] });
  // A KMS key of A whose key policy lets B create grants: a grant is not the key policy.
  t.resource('kms-key', KEY, {
    policy: policy(
      allow('kms:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } }),
      allow('kms:CreateGrant', '*', { Principal: { AWS: arns.root(ACCOUNT_B) } }),
    ),
  });
  t.user('granter', { account: ACCOUNT_B, inline: [policy(allow('kms:CreateGrant', KEY))] });
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

  it('B writer allowed only s3:PutBucketPolicy: no review finding, spec noEscalation passes (was: high, fail)', () => {
    expect(found.has(arns.user('writer', ACCOUNT_B)), PAGE).toBe(false);
    expect(noEscalation(e, arns.user('writer', ACCOUNT_B)).status, PAGE).toBe('pass');
  });

  it('B reader-writer whose policies allow s3:GetObject: the write gains it that request (finding, spec fails)', () => {
    expect(found.get(arns.user('reader-writer', ACCOUNT_B))?.message).toContain(
      's3:PutBucketPolicy on data, to grant itself s3:GetObject',
    );
    const spec = noEscalation(e, arns.user('reader-writer', ACCOUNT_B));
    expect(spec.status).toBe('fail');
    expect(spec.message).toContain('rewriting the resource policy of');
  });

  it("a writer of the bucket's own account needs no identity Allow of the request: finding kept", () => {
    expect(found.get(arns.user('local'))?.message).toContain('to grant itself s3:GetObject');
  });

  it('a KMS grant creator of account B keeps its finding (a grant is not the key policy; not narrowed)', () => {
    expect(found.get(arns.user('granter', ACCOUNT_B))?.message).toContain(
      'kms:CreateGrant on key/k-1, to grant itself kms:Decrypt',
    );
  });
});
