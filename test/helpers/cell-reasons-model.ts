// A model whose matrix has indeterminate cells of three kinds, each from its own unknown with its
// own source (for test/matrix-cell-reasons.test.ts): a bucket whose policy is unknown
// (`vault`), a statement that might not exist (ann's Allow on `hr`), and a condition comparing a
// value known only after apply (bob's Allow on `logs` names an account the inputs leave open).

import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { Unknown } from '../../src/model/unknown.js';
import { parsePolicy } from '../../src/policy/parse.js';

export const REASONS_ACCOUNT = '111122223333';

/** Where each unknown is (the reasons must point there). */
export const UNKNOWN_AT = {
  vaultPolicy: { file: 'main.tf', line: 40, address: 'aws_s3_bucket_policy.vault' },
  annStatement: { file: 'main.tf', line: 12, address: 'aws_iam_user_policy.ann' },
  bobAccount: { file: 'variables.tf', line: 25, address: 'var.logs_account' },
};

export function cellReasonsModel(): Model {
  const b = new ModelBuilder();
  b.addAccount(REASONS_ACCOUNT, 'us-east-1');
  const src = (line: number) => ({ file: 'main.tf', line });
  // buckets without default KMS encryption (src/aws/encryption-key-requirement.ts)
  b.addBucket({ bucketName: 'hr', account: REASONS_ACCOUNT, source: src(1), kmsKeyId: null });
  b.addBucket({ bucketName: 'logs', account: REASONS_ACCOUNT, source: src(2), kmsKeyId: null });
  b.addBucket({
    bucketName: 'vault',
    account: REASONS_ACCOUNT,
    source: src(3),
    kmsKeyId: null,
    policy: parsePolicy(
      new Unknown('aws_s3_bucket_policy.vault.policy is known only after apply', UNKNOWN_AT.vaultPolicy),
      {
        kind: 'resource',
        source: src(40),
      },
    ),
  });
  const ann = b.addUser({ name: 'ann', account: REASONS_ACCOUNT, source: src(10) });
  const annDoc = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'MaybeRead', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::hr/*' },
      ],
    },
    { kind: 'identity', source: src(11) },
  );
  annDoc.statements[0]!.presence = new Unknown(
    'count = var.enable_hr ? 1 : 0 is known only after apply',
    UNKNOWN_AT.annStatement,
  );
  b.addInlinePolicy(ann, { name: 'ann-read', document: annDoc, source: src(11) });
  const bob = b.addUser({ name: 'bob', account: REASONS_ACCOUNT, source: src(20) });
  b.addInlinePolicy(bob, {
    name: 'bob-read',
    source: src(21),
    document: parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'LogsAccount',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::logs/*',
            Condition: {
              StringEquals: {
                'aws:ResourceAccount': new Unknown(
                  'var.logs_account is known only after apply',
                  UNKNOWN_AT.bobAccount,
                ),
              },
            },
          },
        ],
      },
      { kind: 'identity', source: src(21) },
    ),
  });
  return b.build();
}
