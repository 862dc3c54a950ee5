// S3 access points modelled (src/aws/s3-access-points.ts): an access point of the inputs is a
// resource of its own (`arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME`, its objects
// `…/object/KEY`) with its policy, network origin and Block Public Access settings, and a
// request through it is decided on the access point policy AND the underlying bucket's policy.
// Before, its policy was an unknown policy kept under a stand-in ARN that might govern every
// bucket of the account: requests through it were indeterminate, and so were requests made
// directly on every bucket of the account (the second is the silent-indeterminate fixed here).
//
// Amazon S3 User Guide, "Configuring IAM policies for using access points"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html):
// - "For an application or user to be able to access objects through an access point, both the
//   access point and the underlying bucket must permit the request."
// - "Permissions granted in an access point policy are effective only if the underlying bucket
//   also allows the same access. You can accomplish this in two ways: (Recommended) Delegate
//   access control from the bucket to the access point ... Add the same permissions contained in
//   the access point policy to the underlying bucket's policy."
// - "Adding an S3 access point to a bucket doesn't change the bucket's behavior when the bucket
//   is accessed directly through the bucket's name or Amazon Resource Name (ARN)."
// - "s3:DataAccessPointAccount: This is a string operator that you can use to match on the
//   account ID of the owner of an access point."
// Amazon S3 User Guide, "Managing public access to access points": "For any request made through
// an access point, Amazon S3 evaluates the block public access settings for that access point,
// the underlying bucket, and the bucket owner's account" and "All block public access settings
// are enabled by default for access points."

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, modelOf, REGION } from './fixtures/cfn/load.js';
import { terraformConfigModel, terraformPlanModel } from './helpers/temp-inputs.js';
import { byAccessPointAccount, delegatingPolicy } from './helpers/access-point-delegation.js';

const AP = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/shared`;
const AP_OBJECT = `${AP}/object/report.csv`;
const READER = `arn:aws:iam::${ACCOUNT}:role/reader`;
const WRITER = `arn:aws:iam::${ACCOUNT}:role/writer`;
const PARTNER_ACCOUNT = '444455556666';
const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;

/** The bucket policy of the User Guide's "Delegating access control to access points". */
const delegation = (account: string) => delegatingPolicy(byAccessPointAccount(account));

const roles = `
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
  Writer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: writer
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}`;

const accessPoint = (principal: string, extra = '') => `
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: shared${extra}
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '${principal}'}
            Action: 's3:GetObject'
            Resource: '${AP}/object/*'`;

const template = (...parts: string[]) => `Resources:
  Data: {Type: AWS::S3::Bucket, Properties: {BucketName: company-data}}${parts.join('')}`;

const decide = (m: Model, principal: string, resource: string, action = 's3:GetObject') =>
  compileModel(m).decide({ principal, action, resource }).decision;

describe('CloudFormation AWS::S3::AccessPoint', () => {
  it('is a resource of the model under its ARN, with its bucket, origin and default Block Public Access', () => {
    const m = modelOf(template(roles, accessPoint(READER)));
    const ap = m.resources.find((r) => r.arn === AP);
    expect(ap?.kind).toBe('s3-access-point');
    expect(ap?.s3AccessPoint).toEqual({
      bucket: 'company-data',
      bucketAccount: ACCOUNT,
      networkOrigin: 'Internet',
    });
    expect(ap?.publicAccessBlock).toMatchObject({ blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(m.findings.filter((f) => f.code.endsWith('/unhandled-resource-type'))).toEqual([]);
  });

  it('a bucket delegating to access points and an access point policy allowing a role: allowed through the access point', () => {
    const m = modelOf(template(roles, delegation(ACCOUNT), accessPoint(READER)));
    expect(decide(m, READER, AP_OBJECT)).toBe('allow');
    // the access point policy names another principal: denied
    expect(decide(m, WRITER, AP_OBJECT)).toBe('deny');
    // another action than the access point policy grants: denied
    expect(decide(m, READER, AP_OBJECT, 's3:PutObject')).toBe('deny');
  });

  it('the bucket does not delegate: the access point grant alone is not effective (deny)', () => {
    const m = modelOf(template(roles, accessPoint(READER)));
    expect(decide(m, READER, AP_OBJECT)).toBe('deny');
  });

  it("the bucket delegates to another account's access points only: deny", () => {
    const m = modelOf(template(roles, delegation(PARTNER_ACCOUNT), accessPoint(READER)));
    expect(decide(m, READER, AP_OBJECT)).toBe('deny');
  });

  it('requests made directly on the bucket are not governed by the access point policy (the old stand-in made them indeterminate)', () => {
    const m = modelOf(template(roles, accessPoint(READER)));
    expect(decide(m, READER, 'arn:aws:s3:::company-data/report.csv')).toBe('deny');
    expect(decide(m, 'anonymous', 'arn:aws:s3:::company-data/report.csv')).toBe('deny');
    expect(decide(m, READER, 'arn:aws:s3:::other-bucket/report.csv')).toBe('deny');
  });

  it('cross-account: a principal of another account named by the access point policy', () => {
    const m = modelOf(template(roles, delegation(ACCOUNT), accessPoint(PARTNER)));
    const d = decide(m, PARTNER, AP_OBJECT);
    expect(d).not.toBe('deny');
    // not named: deny
    expect(decide(m, `arn:aws:iam::${PARTNER_ACCOUNT}:role/other`, AP_OBJECT)).toBe('deny');
  });

  // S3 User Guide, "Creating an access point": "creating a cross-account access point doesn't
  // grant you access to data in the bucket until you are granted permissions from the bucket
  // owner. The bucket owner must grant the access point owner's account (your account) access to
  // the bucket through the bucket policy." S3 Control API Reference, CreateAccessPoint,
  // BucketAccountId: "For cross-account access point when your bucket and access point are not in
  // the same account, the BucketAccountId is required."
  it('a cross-account access point (the bucket in another account, outside the inputs): indeterminate, not allow', () => {
    const m = modelOf(`Resources:${roles}
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: partner-data
      BucketAccountId: '${PARTNER_ACCOUNT}'
      Name: shared
      Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: '${READER}'}, Action: 's3:GetObject', Resource: '${AP}/object/*'}]}`);
    expect(m.resources.find((r) => r.arn === AP)?.s3AccessPoint?.bucketAccount).toBe(PARTNER_ACCOUNT);
    const d = compileModel(m).decide(
      { principal: READER, action: 's3:GetObject', resource: AP_OBJECT },
      { trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain('is not in the inputs');
    expect(decide(m, WRITER, AP_OBJECT)).toBe('deny');
  });

  it('an unknown bucket stays indeterminate with the reason', () => {
    const m = modelOf(`Parameters:
  BucketName: {Type: String}
Resources:${roles}
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref BucketName
      Name: shared
      Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: '${READER}'}, Action: 's3:GetObject', Resource: '${AP}/object/*'}]}`);
    const d = compileModel(m).decide(
      { principal: READER, action: 's3:GetObject', resource: AP_OBJECT },
      { trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain('the bucket of access point shared is unknown');
  });
});

// Terraform Registry, aws_s3_access_point: "bucket - (Required) Name of an AWS Partition S3
// General Purpose Bucket", "policy - (Optional) Valid JSON document that specifies the policy
// that you want to apply to this access point", "vpc_configuration - (Optional) Configuration
// block to restrict access to this access point to requests from the specified Virtual Private
// Cloud"; aws_s3control_access_point_policy: "access_point_arn - (Required) The ARN of the access
// point that you want to associate with the specified policy".
describe('Terraform aws_s3_access_point and aws_s3control_access_point_policy', () => {
  const TF_AP = `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/shared`;
  const TF_OBJECT = `${TF_AP}/object/report.csv`;
  const hcl = (delegate: boolean, separatePolicy: boolean, vpc = '') => `
provider "aws" {
  region = "us-east-1"
}
resource "aws_s3_bucket" "data" {
  bucket = "company-data"
}
${
  delegate
    ? `resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = [aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "${ACCOUNT}" } }
    }]
  })
}`
    : ''
}
resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
locals {
  ap_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.reader.arn }
      Action    = "s3:GetObject"
      Resource  = "${TF_AP}/object/*"
    }]
  })
}
resource "aws_s3_access_point" "shared" {
  bucket = aws_s3_bucket.data.id
  name   = "shared"
  ${separatePolicy ? '' : 'policy = local.ap_policy'}
  ${vpc}
}
${
  separatePolicy
    ? `resource "aws_s3control_access_point_policy" "shared" {
  access_point_arn = aws_s3_access_point.shared.arn
  policy           = local.ap_policy
}`
    : ''
}
`;
  const VPC_BUCKET_POLICY = `resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.data.arn}/*"
      Condition = { StringEquals = { "s3:AccessPointNetworkOrigin" = "VPC", "aws:SourceVpc" = "vpc-0123" } }
    }]
  })
}
resource "aws_iam_role" "reader"`;
  const load = (text: string) => terraformConfigModel(text, { account: ACCOUNT });
  const READER_TF = `arn:aws:iam::${ACCOUNT}:role/reader`;

  for (const separatePolicy of [false, true])
    it(`HCL (${separatePolicy ? 'aws_s3control_access_point_policy' : 'policy attribute'}): allowed through the access point when the bucket delegates, denied when it does not`, () => {
      const delegating = load(hcl(true, separatePolicy));
      expect(delegating.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
      expect(decide(delegating, READER_TF, TF_OBJECT)).toBe('allow');
      expect(decide(delegating, WRITER, TF_OBJECT)).toBe('deny');
      const notDelegating = load(hcl(false, separatePolicy));
      expect(decide(notDelegating, READER_TF, TF_OBJECT)).toBe('deny');
      // direct requests on the bucket: the access point policy does not govern them
      expect(decide(notDelegating, READER_TF, 'arn:aws:s3:::company-data/report.csv')).toBe('deny');
    });

  it('a VPC access point: s3:AccessPointNetworkOrigin is VPC; aws:SourceVpc, not pinned, leaves the access conditional', () => {
    const m = load(
      hcl(false, false, 'vpc_configuration {\n    vpc_id = "vpc-0123"\n  }').replace(
        'resource "aws_iam_role" "reader"',
        VPC_BUCKET_POLICY,
      ),
    );

    expect(m.resources.find((r) => r.arn === TF_AP)?.s3AccessPoint?.networkOrigin).toBe('VPC');
    const engine = compileModel(m);
    const request = { principal: READER_TF, action: 's3:GetObject', resource: TF_OBJECT };
    // As a request is evaluated (`strict`): from the VPC allowed, from elsewhere denied.
    expect(engine.decide({ ...request, context: { 'aws:SourceVpc': 'vpc-0123' } }).decision).toBe('allow');
    expect(engine.decide({ ...request, context: { 'aws:SourceVpc': 'vpc-9999' } }).decision).toBe('deny');
    // Under a free context (who-can, the matrix): aws:SourceVpc is not pinned, so conditional.
    expect(decideAnyContext(engine, request).access).toBe('conditional');
    // An access point of Internet origin does not satisfy the bucket's VPC-origin condition.
    const internet = compileModel(
      load(hcl(false, false).replace('resource "aws_iam_role" "reader"', VPC_BUCKET_POLICY)),
    );
    expect(decideAnyContext(internet, request).access).toBe('deny');
  });

  it('a plan JSON (planned_values, the documented format): the same decisions', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: READER_TF },
          Action: 's3:GetObject',
          Resource: `${TF_AP}/object/*`,
        },
      ],
    });
    const bucketPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: '*',
          Resource: ['arn:aws:s3:::company-data', 'arn:aws:s3:::company-data/*'],
          Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
        },
      ],
    });
    const res = (type: string, name: string, values: object) => ({
      address: `${type}.${name}`,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      values,
    });
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            res('aws_s3_bucket', 'data', { bucket: 'company-data', arn: 'arn:aws:s3:::company-data' }),
            res('aws_s3_bucket_policy', 'data', { bucket: 'company-data', policy: bucketPolicy }),
            res('aws_iam_role', 'reader', {
              name: 'reader',
              arn: READER_TF,
              assume_role_policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              }),
            }),
            res('aws_s3_access_point', 'shared', {
              name: 'shared',
              bucket: 'company-data',
              arn: TF_AP,
              policy,
              vpc_configuration: [],
              public_access_block_configuration: [
                {
                  block_public_acls: true,
                  block_public_policy: true,
                  ignore_public_acls: true,
                  restrict_public_buckets: true,
                },
              ],
            }),
          ],
        },
      },
    };
    const m = terraformPlanModel(plan, { account: ACCOUNT, region: 'us-east-1' });
    expect(m.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
    expect(decide(m, READER_TF, TF_OBJECT)).toBe('allow');
    expect(decide(m, WRITER, TF_OBJECT)).toBe('deny');
    expect(decide(m, READER_TF, 'arn:aws:s3:::company-data/report.csv')).not.toBe('allow');
  });
});

describe('the matrix and the review', () => {
  const open = template(
    roles,
    delegation(ACCOUNT),
    `
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: shared
      PublicAccessBlockConfiguration: {BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '${PARTNER_ACCOUNT}'}
            Action: 's3:GetObject'
            Resource: '${AP}/object/*'`,
  );

  it('the access point is a column with its objects', () => {
    const engine = compileModel(modelOf(open));
    const matrix = buildMatrix(engine);
    const column = matrix.resources.find((r) => r.arn === AP);
    expect(column?.kind).toBe('s3-access-point');
  });

  it('an access point policy granting another account is a cross-account finding of the review', () => {
    const engine = compileModel(modelOf(open));
    const onAp = reviewRisks(engine).filter((f) => JSON.stringify(f).includes('accesspoint/shared'));
    expect(onAp.length).toBeGreaterThan(0);
    const restricted = compileModel(
      modelOf(open.replace('RestrictPublicBuckets: false', 'RestrictPublicBuckets: true')),
    );
    // RestrictPublicBuckets on an access point "blocks all cross-account access to the access point"
    // only when its policy is public; a grant to one account is not public, so it stays.
    expect(reviewRisks(restricted).some((f) => JSON.stringify(f).includes('accesspoint/shared'))).toBe(true);
  });
});
