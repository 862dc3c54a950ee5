// aws:ResourceTag/* on S3 general purpose buckets and their objects (src/aws/s3-abac.ts): S3
// evaluates the key only when ABAC is enabled on the bucket, which it is not by default. The
// engine put a bucket's tags in every request's context, so a Deny on `StringEquals
// aws:ResourceTag/env: prod` was certain for a bucket tagged env=prod: `cannot s3:GetObject`
// passed (and who-can said nobody) for a user whose reads S3 allows, ABAC being disabled.
//
// Amazon S3 User Guide, "Using tags with S3 general purpose buckets",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/buckets-tagging.html: "For general
// purpose buckets, ABAC is not enabled by default." and, of aws:ResourceTag/key-name, "S3
// evaluates this condition key only after you enable ABAC on your bucket."
// AWS::S3::Bucket `AbacStatus` (Enabled | Disabled), CloudFormation template reference; Terraform's
// aws_s3_bucket_abac `abac_status { status }`.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { s3AbacStatus } from '../src/aws/s3-abac.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { writeTempFiles } from './helpers/temp-inputs.js';
import { modelOf } from './fixtures/cfn/load.js';

const PAGE =
  'Amazon S3 User Guide, "Using tags with S3 general purpose buckets": "For general purpose buckets, ABAC is not enabled by default." / aws:ResourceTag: "S3 evaluates this condition key only after you enable ABAC on your bucket." https://docs.aws.amazon.com/AmazonS3/latest/userguide/buckets-tagging.html';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const OBJECT = 'arn:aws:s3:::qa-bucket/a';
const BUCKET = 'arn:aws:s3:::qa-bucket';

/** A bucket tagged env=prod (AbacStatus as given), a queue tagged alike, and alice's policy. */
function template(abacStatus: string | undefined, deny: string): string {
  return `
Parameters:
  Abac:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: qa-bucket
${abacStatus === undefined ? '' : `      AbacStatus: ${abacStatus}\n`}      Tags: [ { Key: env, Value: prod } ]
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: qa-queue
      Tags: [ { Key: env, Value: prod } ]
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - { Effect: Allow, Action: ['s3:*', 'sqs:*'], Resource: '*' }
              - Effect: Deny
                Action: ['s3:*', 'sqs:*']
                Resource: '*'
                Condition: { ${deny} }
`;
}

function decide(abacStatus: string | undefined, deny: string, action: string, resource: string) {
  const model = modelOf(template(abacStatus, deny), { stackTags: {} });
  return decideAnyContext(compileModel(model), { principal: ALICE, action, resource }).access;
}

const DENY_PROD = "StringEquals: { 'aws:ResourceTag/env': prod }";
const DENY_NOT_PROD = "StringNotEquals: { 'aws:ResourceTag/env': prod }";

describe(`S3 evaluates aws:ResourceTag only with ABAC enabled (${PAGE})`, () => {
  it('ABAC disabled (the default: no AbacStatus): the Deny on the tag does not apply to the bucket or its objects', () => {
    expect(decide(undefined, DENY_PROD, 's3:GetObject', OBJECT)).toBe('allow');
    expect(decide(undefined, DENY_PROD, 's3:ListBucket', BUCKET)).toBe('allow');
    expect(decide('Disabled', DENY_PROD, 's3:GetObject', OBJECT)).toBe('allow');
    // the key is absent: StringNotEquals holds, so that Deny applies
    expect(decide(undefined, DENY_NOT_PROD, 's3:GetObject', OBJECT)).toBe('deny');
  });

  it('ABAC enabled: the bucket tags are the aws:ResourceTag of the bucket and its objects', () => {
    expect(decide('Enabled', DENY_PROD, 's3:GetObject', OBJECT)).toBe('deny');
    expect(decide('Enabled', DENY_PROD, 's3:ListBucket', BUCKET)).toBe('deny');
    expect(decide('Enabled', DENY_NOT_PROD, 's3:GetObject', OBJECT)).toBe('allow');
  });

  it('ABAC status known only at deployment: the tag may be there or not, so the Deny is undecided', () => {
    // one request as given (eval, explain): indeterminate
    const model = modelOf(template('!Ref Abac', DENY_PROD), { stackTags: {} });
    const one = compileModel(model).decide({ principal: ALICE, action: 's3:GetObject', resource: OBJECT });
    expect(one.decision).toBe('indeterminate');
    // under a free context (checks, who-can): access only where the key is absent
    expect(decide('!Ref Abac', DENY_PROD, 's3:GetObject', OBJECT)).toBe('conditional');
    expect(decide('!Ref Abac', DENY_NOT_PROD, 's3:GetObject', OBJECT)).toBe('conditional');
    // a tag the bucket has in no world: absent whatever the status
    expect(decide('!Ref Abac', "StringEquals: { 'aws:ResourceTag/team': x }", 's3:GetObject', OBJECT)).toBe(
      'allow',
    );
  });

  it('other services are unchanged: an SQS queue tag is always evaluated', () => {
    const queue = 'arn:aws:sqs:us-west-2:111122223333:qa-queue';
    expect(decide(undefined, DENY_PROD, 'sqs:SendMessage', queue)).toBe('deny');
    expect(decide(undefined, DENY_NOT_PROD, 'sqs:SendMessage', queue)).toBe('allow');
  });

  it('a spec: `cannot` on a bucket tagged env=prod with ABAC disabled fails (it passed)', () => {
    const spec = `version: 1
account: "111122223333"
expect:
  - id: no-reads
    principal: user/alice
    cannot: [ { action: s3:GetObject, resource: "${OBJECT}" } ]
`;
    const status = (abac: string | undefined) => {
      const model = modelOf(template(abac, DENY_PROD), { stackTags: {} });
      return runSpec(model, parseSpec(spec), { engine: compileModel(model) }).expectations[0]!.status;
    };
    expect(status(undefined)).toBe('fail');
    expect(status('Enabled')).toBe('pass');
    expect(status('!Ref Abac')).not.toBe('pass');
  });

  it('reads AbacStatus values case-insensitively; anything else is not a status', () => {
    expect(s3AbacStatus('Enabled')).toBe('enabled');
    expect(s3AbacStatus('DISABLED')).toBe('disabled');
    expect(s3AbacStatus('on')).toBeUndefined();
    expect(s3AbacStatus(undefined)).toBeUndefined();
  });
});

/** A Terraform configuration: bucket `qa-bucket` tagged env=prod, `abac` more HCL, alice denied on env=prod. */
function terraform(abac: string): string {
  return writeTempFiles({
    'main.tf': `
variable "abac" { type = string }
resource "aws_s3_bucket" "b" {
  bucket = "qa-bucket"
  tags   = { env = "prod" }
}
${abac}
resource "aws_iam_user" "alice" { name = "alice" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:*", Resource = "*" },
      { Effect = "Deny", Action = "s3:*", Resource = "*", Condition = { StringEquals = { "aws:ResourceTag/env" = "prod" } } },
    ]
  })
}
`,
  });
}

function tfAccess(abac: string): string {
  const b = new ModelBuilder();
  loadTerraformConfig(terraform(abac), b, { vars: {}, env: {}, account: '111122223333' });
  const model = b.build();
  return decideAnyContext(compileModel(model), { principal: ALICE, action: 's3:GetObject', resource: OBJECT })
    .access;
}

describe(`Terraform: aws_s3_bucket_abac (${PAGE})`, () => {
  const abac = (status: string, bucket = 'aws_s3_bucket.b.id') =>
    `resource "aws_s3_bucket_abac" "a" {\n  bucket = ${bucket}\n  abac_status { status = ${status} }\n}`;

  it('without aws_s3_bucket_abac the bucket has ABAC disabled: its tags are not evaluated', () => {
    expect(tfAccess('')).toBe('allow');
    expect(tfAccess(abac('"Disabled"'))).toBe('allow');
  });

  it('aws_s3_bucket_abac Enabled: the bucket tags are evaluated', () => {
    expect(tfAccess(abac('"Enabled"'))).toBe('deny');
  });

  it('a status known only at apply, or on a bucket not known, leaves it undecided', () => {
    expect(tfAccess(abac('var.abac'))).toBe('conditional');
    expect(tfAccess(abac('"Enabled"', 'var.abac'))).toBe('conditional');
  });
});
