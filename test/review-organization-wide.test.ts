// Access given to any principal of one organization or OU (an AWS RAM share with an
// organization or OU, a bucket policy for `"*"` limited by aws:PrincipalOrgID) is
// organization-wide, not public: the review reports it as cross-account access by "every
// principal of organization o-…" (src/analysis/organization-scope.ts, risk-external-access.ts).
// Before, it was a public-access finding, "open to anyone (anonymous callers or any AWS account)".
//
// IAM User Guide, "AWS global condition context keys", aws:PrincipalOrgID: "Use this key to compare
// the identifier of the organization in AWS Organizations to which the requesting principal
// belongs with the identifier specified in the policy." AWS RAM User Guide: "if your account is in
// an organization, then you can share with individual accounts, or with all accounts in the
// organization or in an OU without having to enumerate each account."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';

const RULE = 'arn:aws:route53resolver:us-east-1:123456789012:resolver-rule/rslvr-rr-1';

function findingsOf(
  principals: string,
  bucketCondition = "Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } }",
) {
  const engine = compileModel(
    modelOf(`
Resources:
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: rules
      ResourceArns: [ '${RULE}' ]
      Principals: ${principals}
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: b }
  BP:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement: [ { Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ${bucketCondition} } ]
`),
  );
  return reviewRisks(engine).filter((f) => f.kind === 'public-access' || f.kind === 'cross-account-access');
}

describe('organization-wide access is not public', () => {
  it('a RAM share with an organization, a bucket policy limited to it: cross-account, every principal of the organization (was public-access)', () => {
    const found = findingsOf("[ 'arn:aws:organizations::123456789012:organization/o-abc123def4' ]");
    const rule = found.find((f) => f.subject === RULE)!;
    expect(rule.kind).toBe('cross-account-access');
    expect(rule.detail).toBe('organization o-abc123def4');
    expect(rule.message).toContain('might let every principal of organization o-abc123def4');
    expect(rule.message).not.toContain('anyone');
    const bucket = found.find((f) => f.subject === 'arn:aws:s3:::b')!;
    expect(bucket.kind).toBe('cross-account-access');
    expect(bucket.detail).toBe('organization o-abc123def4');
  });

  it('a share with an OU: the organization path', () => {
    const found = findingsOf("[ 'arn:aws:organizations::123456789012:ou/o-abc123def4/ou-ab12-34cd56ef' ]");
    const rule = found.find((f) => f.subject === RULE)!;
    expect(rule.kind).toBe('cross-account-access');
    expect(rule.detail).toBe('organization path o-abc123def4/*/ou-ab12-34cd56ef/*');
  });

  it('near miss: a condition on a wildcard organization id, or none, stays public', () => {
    const found = findingsOf(
      "[ '111122223333' ]",
      "Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }",
    );
    expect(found.find((f) => f.subject === 'arn:aws:s3:::b')!.kind).toBe('public-access');
    const open = findingsOf("[ '111122223333' ]", '');
    expect(open.find((f) => f.subject === 'arn:aws:s3:::b')!.kind).toBe('public-access');
  });
});
