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
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, modelOf, REGION } from './fixtures/cfn/load.js';

const AP = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/shared`;
const AP_OBJECT = `${AP}/object/report.csv`;
const READER = `arn:aws:iam::${ACCOUNT}:role/reader`;
const WRITER = `arn:aws:iam::${ACCOUNT}:role/writer`;
const PARTNER_ACCOUNT = '444455556666';
const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;

/** The bucket policy of the User Guide's "Delegating access control to access points". */
const delegation = (account: string) => `
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: '*'
            Resource: ['arn:aws:s3:::company-data', 'arn:aws:s3:::company-data/*']
            Condition: {StringEquals: {'s3:DataAccessPointAccount': '${account}'}}`;

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
