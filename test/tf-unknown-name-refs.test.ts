// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// A Terraform resource whose name the inputs leave unknown (not set: AWS picks it; `bucket_prefix`;
// a variable without a value) is modelled under an unknown name part `(unknown-ADDRESS)`, and its
// `arn`, `id` and name attribute are filled from that name (src/adapters/terraform/eval/computed.ts
// `fillComputed`): a policy that refers to them names the element by the same unknown, so the
// engine decides the element itself (the same unknown is the same name) and leaves any other name
// open (src/engine/unknown-names.ts). What compares or transforms such a name (`==`, `upper()`)
// stays unknown.
// AWS and Terraform pages the rules come from:
// - Terraform AWS provider, aws_s3_bucket: "bucket - (Optional, Forces new resource) Name of the
//   bucket. If omitted, Terraform will assign a random, unique name"; "bucket_prefix - (Optional,
//   Forces new resource) Creates a unique bucket name beginning with the specified prefix";
//   attributes `id` ("Name of the bucket") and `arn` ("ARN of the bucket. Will be of format
//   arn:aws:s3:::bucketname").
// - IAM User Guide, "IAM JSON policy elements: Resource": "An asterisk (*) represents any
//   combination of zero or more characters"; a Resource names the resources whose ARN it matches.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { ACCOUNT } from './fixtures/cfn/load.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/unknown-name/tf-computed';

describe('references to a Terraform resource whose name is unknown name it by the same unknown', () => {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { account: ACCOUNT });
  const m = b.build();
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  const data = 'arn:aws:s3:::data-(unknown-aws_s3_bucket.data)';
  const logs = 'arn:aws:s3:::(unknown-aws_s3_bucket.logs)';
  const role = `arn:aws:iam::${ACCOUNT}:role/(unknown-aws_iam_role.app)`;

  it('the elements are modelled under their unknown names, with a tf/unknown-name finding', () => {
    expect(m.resources.map((r) => r.arn).sort()).toEqual([data, logs].sort());
    expect(m.roles.map((r) => r.arn)).toEqual([role]);
    expect(m.findings.filter((f) => f.code === 'tf/unknown-name').length).toBe(3);
  });

  it('the reproduction: ${aws_s3_bucket.data.arn}/* names that bucket: allow (was indeterminate)', () => {
    expect(verdict(e, dev, 's3:GetObject', `${data}/k`)).toBe('allow');
  });

  it('.bucket, .id, the role .arn and .name likewise', () => {
    expect(verdict(e, dev, 's3:PutObject', `${logs}/k`)).toBe('allow');
    expect(verdict(e, dev, 's3:ListBucket', logs)).toBe('allow');
    expect(verdict(e, dev, 'iam:PassRole', role)).toBe('allow');
    expect(verdict(e, dev, 'iam:GetRole', role)).toBe('allow');
  });

  it('a name outside the inputs the unknown one may be is open; one it cannot be is not', () => {
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::data-prod/k')).toBe('indeterminate');
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::other/k')).toBe('deny');
  });

  it('a comparison of the unknown name (== "logs") is unknown: the policy it counts may exist', () => {
    const maybe = m.users[0]!.inlinePolicies.find((p) => p.presence);
    expect(maybe?.presence?.reason).toContain('a name the inputs leave unknown');
    expect(verdict(e, dev, 's3:DeleteObject', `${logs}/k`)).toBe('indeterminate');
  });
});
