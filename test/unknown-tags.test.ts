// A tag map the inputs do not show whole (`tags = var.x`, `merge(var.t, {...})`, CloudFormation
// `Tags: !ImportValue X`, a tag whose key is unknown): other tags may exist (`OTHER_TAGS`,
// src/model/types.ts). A tag key the inputs do not show is then present with an unknown value or
// absent: `Null` and comparisons on it are indeterminate, never decided as "no such tag".
//
// AWS rules pinned here (IAM User Guide, "AWS global condition context keys"):
// - aws:ResourceTag/tag-key: "Use this key to compare the tag key-value pair that you specify in
//   the policy with the key-value pair attached to the resource."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag
// - aws:PrincipalTag/tag-key: "Use this key to compare the tag attached to the principal making
//   the request with the tag that you specify in the policy."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
// - Null: "Use a Null condition operator to check if a condition key is absent at the time of
//   authorization."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { OTHER_TAGS } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';

const source = { file: 'unknown-tags.test.ts' };
const ACCOUNT = '111122223333';

function model(condition: Record<string, Record<string, string>>, tags: Record<string, string | Unknown>) {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, 'us-east-1');
  const user = b.addUser({ name: 'dev', account: ACCOUNT, source });
  b.addInlinePolicy(user, {
    name: 'p',
    document: parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }],
      },
      { kind: 'identity', source },
    ),
    source,
  });
  // ABAC enabled: S3 evaluates the bucket's tags (src/aws/s3-abac.ts)
  b.addBucket({ bucketName: 'data', account: ACCOUNT, region: 'us-east-1', tags, source, s3Abac: 'enabled' });
  return compileModel(b.build());
}

const get = {
  principal: `arn:aws:iam::${ACCOUNT}:user/dev`,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::data/k',
};
const unknownTags = { [OTHER_TAGS]: new Unknown('tags from an import') };

describe('the engine: other tags may exist', () => {
  it('a comparison on a tag key not shown is indeterminate', () => {
    expect(
      model({ StringEquals: { 'aws:ResourceTag/team': 'data' } }, unknownTags).decide(get).decision,
    ).toBe('indeterminate');
    // Without the marker: no such tag, decided.
    expect(model({ StringEquals: { 'aws:ResourceTag/team': 'data' } }, {}).decide(get).decision).toBe('deny');
  });

  it('Null on a tag key not shown is indeterminate (true and false)', () => {
    for (const v of ['true', 'false'])
      expect(model({ Null: { 'aws:ResourceTag/team': v } }, unknownTags).decide(get).decision).toBe(
        'indeterminate',
      );
  });

  it('a tag key the inputs show keeps its value', () => {
    const tags = { ...unknownTags, team: 'web' };
    expect(model({ StringEquals: { 'aws:ResourceTag/team': 'data' } }, tags).decide(get).decision).toBe(
      'deny',
    );
    expect(model({ StringEquals: { 'aws:ResourceTag/team': 'web' } }, tags).decide(get).decision).toBe(
      'allow',
    );
  });

  it('a negated operator on a tag not shown is indeterminate too', () => {
    expect(
      model({ StringNotEquals: { 'aws:ResourceTag/team': 'data' } }, unknownTags).decide(get).decision,
    ).toBe('indeterminate');
  });
});

describe('through the adapters', () => {
  it('CloudFormation Tags from an import: indeterminate', () => {
    const template = {
      Resources: {
        Data: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketName: 'data',
            AbacStatus: 'Enabled',
            Tags: { 'Fn::ImportValue': 'shared-tags' },
          },
        },
        Dev: {
          Type: 'AWS::IAM::User',
          Properties: {
            UserName: 'dev',
            Tags: [{ Key: { 'Fn::ImportValue': 'tag-key' }, Value: 'true' }],
            Policies: [
              {
                PolicyName: 'p',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 's3:GetObject',
                      Resource: 'arn:aws:s3:::data/*',
                      Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } },
                    },
                    {
                      Effect: 'Allow',
                      Action: 's3:ListBucket',
                      Resource: 'arn:aws:s3:::data',
                      Condition: { StringEquals: { 'aws:PrincipalTag/admin': 'true' } },
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    };
    const dir = `${process.env.TMPDIR ?? '/tmp'}`;
    const file = `${dir}/iamspec-unknown-tags-${process.pid}.json`;
    writeFileSync(file, JSON.stringify(template));
    const e = compileModel(loadModelSync([file], { account: ACCOUNT, region: 'us-east-1' }));
    expect(e.decide(get).decision).toBe('indeterminate');
    expect(e.decide({ ...get, action: 's3:ListBucket', resource: 'arn:aws:s3:::data' }).decision).toBe(
      'indeterminate',
    );
  });

  it('Terraform tags = var.x and merge(var.x, {...}): indeterminate', () => {
    const e = compileModel(loadModelSync(['test/fixtures/unknown-tags/tf'], {}));
    expect(e.decide(get).decision).toBe('indeterminate');
    expect(e.decide({ ...get, action: 's3:ListBucket', resource: 'arn:aws:s3:::data' }).decision).toBe(
      'indeterminate',
    );
  });
});
