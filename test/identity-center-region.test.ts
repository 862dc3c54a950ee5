// The path of the roles IAM Identity Center creates depends on the instance's Region: no Region
// segment in us-east-1 (src/adapters/identity-center.ts `identityCenterRolePath`).
//
// - AWS Containers blog, "A quick path to Amazon EKS single sign-on using AWS SSO": "If you
//   configure SSO in a Region other than us-east-1, add the Region after “sso.amazonaws.com”. For
//   example, for us-east-2, “…/sso.amazonaws.com/us-east-2/…”."
// - IAM Identity Center User Guide, "Referencing permission sets in resource policies":
//   "arn:aws:iam::aws-account-ID:role/aws-reserved/sso.amazonaws.com/aws-region/AWSReservedSSO_permission-set-name_unique-suffix"
//
// A red-team pass (hidc17) found the us-east-1 role modelled under `/sso.amazonaws.com/us-east-1/`,
// so a bucket policy allowing the role by its real ARN pattern (no Region) was read as not
// allowing it: who-can and `cannot` said denied where access exists.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { cfnPermissionSetAssignedTo } from './helpers/identity-center-fixtures.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const MEMBER = '222233334444';

function template(pattern: string): string {
  return writeTempFile('template.json', {
    Resources: {
      ...cfnPermissionSetAssignedTo(MEMBER),
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'shared-data' } },
      BucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Bucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::shared-data/*',
                Condition: { ArnLike: { 'aws:PrincipalArn': pattern } },
              },
            ],
          },
        },
      },
    },
  });
}

function decide(region: string | undefined, pattern: string) {
  const m = loadModelSync([template(pattern)], {
    account: '111122223333',
    ...(region ? { region } : {}),
  });
  const role = m.roles.find((r) => r.name.startsWith('AWSReservedSSO_Admins_'))!;
  const d = compileModel(m).decide({
    principal: role.arn,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::shared-data/x',
  });
  return { role, decision: d.decision };
}

const NO_REGION = `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admins_*`;
const EU = `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admins_*`;

describe('the path of an IAM Identity Center role by the Region of its instance', () => {
  it('us-east-1: no Region segment; a policy naming that ARN allows the role', () => {
    const { role, decision } = decide('us-east-1', NO_REGION);
    expect(role.path).toBe('/aws-reserved/sso.amazonaws.com/');
    expect(decision).toBe('allow');
  });

  it('us-east-1: a pattern with a Region segment does not name it', () => {
    expect(
      decide('us-east-1', `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/us-east-1/*`).decision,
    ).toBe('deny');
  });

  it('another Region: the Region is in the path', () => {
    const eu = decide('eu-west-1', EU);
    expect(eu.role.path).toBe('/aws-reserved/sso.amazonaws.com/eu-west-1/');
    expect(eu.decision).toBe('allow');
    expect(decide('eu-west-1', NO_REGION).decision).toBe('deny');
  });

  it('a Region the inputs do not name: either form may be the role, indeterminate', () => {
    const a = decide(undefined, NO_REGION);
    expect(a.role.path).toMatch(/^\/aws-reserved\/sso\.amazonaws\.com\/\(unknown-path=/);
    expect(a.decision).toBe('indeterminate');
    expect(decide(undefined, EU).decision).toBe('indeterminate');
  });
});
