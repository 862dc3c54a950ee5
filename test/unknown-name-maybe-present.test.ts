// A pattern naming an element whose name is unknown (`${aws_s3_bucket.data.arn}/*`, the bucket
// named `data-${var.env}` with no value for env) names no other element of the inputs: bucket
// names are unique, so it is NO for a bucket the inputs surely create under another name. But
// a bucket that might not exist (`count = var.legacy`, unknown) leaves its name free: when it is
// not created, the unknown-named bucket may have that name, and the request on it is the unknown
// bucket's (src/engine/request-context.ts `resourceInModel`).
//
// Amazon S3 User Guide, "General purpose bucket naming rules": "Bucket names must be unique across
// all AWS accounts in all the AWS Regions within a partition."
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// Terraform, "The count Meta-Argument": count may be 0, and then no instance of the resource exists.
// https://developer.hashicorp.com/terraform/language/meta-arguments/count

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { ACCOUNT } from './fixtures/cfn/load.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/unknown-name/maybe-present-name';

function engineOf(legacy?: string) {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { account: ACCOUNT, ...(legacy !== undefined ? { vars: { legacy } } : {}) });
  return compileModel(b.build());
}
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;

describe('a pattern on an unknown-named bucket and a bucket of the inputs that might not exist', () => {
  it('the bucket might not exist: its name may be the unknown bucket’s, so indeterminate', () => {
    expect(verdict(engineOf(), DEV, 's3:GetObject', 'arn:aws:s3:::data-prod/k')).toBe('indeterminate');
  });

  it('the bucket surely exists (count = 1): the unknown-named bucket is another, so deny', () => {
    expect(verdict(engineOf('1'), DEV, 's3:GetObject', 'arn:aws:s3:::data-prod/k')).toBe('deny');
  });

  it('a bucket outside the inputs stays indeterminate either way', () => {
    expect(verdict(engineOf('1'), DEV, 's3:GetObject', 'arn:aws:s3:::data-test/k')).toBe('indeterminate');
  });
});
