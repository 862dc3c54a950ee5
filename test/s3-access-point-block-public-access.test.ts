// Block Public Access of S3 access points (src/aws/s3-public-access.ts `applyBlockPublicPolicy`,
// src/aws/s3-access-points.ts `accessPointBlock`; the one reader of each adapter's settings:
// src/adapters/cloudformation/handlers/public-access-block.ts,
// src/adapters/terraform/handlers/public-access-block.ts).
//
// Before, BlockPublicPolicy was applied to bucket policies only: a public access point policy
// written under the access point's default settings (every setting on) was kept and decided as
// granting, though S3 rejects the PutAccessPointPolicy call and the deployment fails.
//
// AWS Security Hub API Reference, AwsS3AccountPublicAccessBlockDetails: BlockPublicPolicy
// "Indicates whether to reject calls to update the access policy for an S3 bucket or access point
// if the policy allows public access." Amazon S3 User Guide, "Managing public access to access
// points": "All block public access settings are enabled by default for access points. You must
// explicitly disable any settings that you don't want during access point creation." and "After
// you create an access point, you can't change its block public access settings."
// Terraform (hashicorp/aws provider schema of aws_s3_access_point): `public_access_block_configuration`
// is Optional, ForceNew, MaxItems 1 and not Computed, each of its four attributes `Default: true`;
// so a plan shows an omitted block as an empty list (known, never unknown): every setting on.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, modelOf, REGION } from './fixtures/cfn/load.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';
import { byAccessPointAccount, DATA_BUCKET, delegatingPolicy } from './helpers/access-point-delegation.js';

const AP = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/shared`;
const OBJECT = `${AP}/object/report.csv`;
const PARTNER_ROLE = 'arn:aws:iam::444455556666:role/partner';

const template = (block: string) => `Resources:
${DATA_BUCKET}${delegatingPolicy(byAccessPointAccount(ACCOUNT))}
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: shared${block}
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: 's3:GetObject'
            Resource: '${AP}/object/*'`;

describe('BlockPublicPolicy on an access point policy', () => {
  it("default settings: the public access point policy is rejected (an error finding), and grants nothing (was not 'deny')", () => {
    const m = modelOf(template(''));
    const finding = m.findings.find((f) => f.code === 's3/public-policy-rejected');
    expect(finding?.message).toContain('access point shared');
    expect(finding?.message).toContain('PutAccessPointPolicy');
    expect(m.resources.find((r) => r.arn === AP)?.policy).toBeUndefined();
    const d = compileModel(m).decide({ principal: PARTNER_ROLE, action: 's3:GetObject', resource: OBJECT });
    expect(d.decision).toBe('deny');
  });

  it('BlockPublicPolicy turned off on the access point: the policy is kept', () => {
    const m = modelOf(
      template(
        '\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false}',
      ),
    );
    expect(m.findings.some((f) => f.code.startsWith('s3/public-policy'))).toBe(false);
    expect(m.resources.find((r) => r.arn === AP)?.policy?.statements.length).toBe(1);
  });

  it('BlockPublicPolicy unknown (a parameter): the policy is kept maybe-present, with a warning', () => {
    const m = modelOf(
      `Parameters:\n  Block: {Type: String}\n${template(
        '\n      PublicAccessBlockConfiguration: {BlockPublicPolicy: !Ref Block, RestrictPublicBuckets: false}',
      )}`,
    );
    expect(m.findings.some((f) => f.code === 's3/public-policy-maybe-rejected')).toBe(true);
    expect(m.resources.find((r) => r.arn === AP)?.policy?.presence).toBeDefined();
  });
});

// Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage", BlockPublicPolicy:
// "Setting this option to TRUE for a bucket also causes Amazon S3 to reject calls to
// PutAccessPointPolicy for all of the bucket's same-account access points if the specified policy
// allows public access." Before, only the access point's own settings and its account's were read:
// an access point that turned BlockPublicPolicy off kept its public policy (granting) though its
// bucket's setting rejects the call.
describe("the underlying bucket's BlockPublicPolicy on a same-account access point policy", () => {
  const apOff =
    '\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false}';
  const withBucketBlock = (t: string, bucketBlock: string) =>
    t.replace(
      DATA_BUCKET,
      `  Data: {Type: AWS::S3::Bucket, Properties: {BucketName: company-data, PublicAccessBlockConfiguration: ${bucketBlock}}}`,
    );

  it('the bucket sets it: the public access point policy is rejected (an error finding naming the bucket)', () => {
    const m = modelOf(
      withBucketBlock(template(apOff), '{BlockPublicPolicy: true, RestrictPublicBuckets: false}'),
    );
    const finding = m.findings.find((f) => f.code === 's3/public-policy-rejected');
    expect(finding?.message).toContain('access point shared');
    expect(finding?.message).toContain('its bucket company-data');
    expect(m.resources.find((r) => r.arn === AP)?.policy).toBeUndefined();
    const d = compileModel(m).decide({ principal: PARTNER_ROLE, action: 's3:GetObject', resource: OBJECT });
    expect(d.decision).toBe('deny');
  });

  it('the bucket turns it off: the policy is kept', () => {
    const m = modelOf(
      withBucketBlock(template(apOff), '{BlockPublicPolicy: false, RestrictPublicBuckets: false}'),
    );
    expect(m.findings.some((f) => f.code.startsWith('s3/public-policy'))).toBe(false);
    expect(m.resources.find((r) => r.arn === AP)?.policy?.statements.length).toBe(1);
  });

  it("the bucket's setting unknown (a parameter): the policy is kept maybe-present", () => {
    const m = modelOf(
      `Parameters:\n  Block: {Type: String}\n${withBucketBlock(template(apOff), '{BlockPublicPolicy: !Ref Block}')}`,
    );
    expect(m.findings.some((f) => f.code === 's3/public-policy-maybe-rejected')).toBe(true);
    expect(m.resources.find((r) => r.arn === AP)?.policy?.presence).toBeDefined();
  });
});

describe('Terraform plan: an omitted public_access_block_configuration is every setting on', () => {
  const res = (type: string, name: string, values: object) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    values,
  });
  const TF_AP = `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/shared`;
  for (const [what, block] of [
    ['an empty list', { public_access_block_configuration: [] }],
    ['absent', {}],
  ] as const)
    it(`${what}: all four settings on`, () => {
      const plan = {
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: [
              res('aws_s3_bucket', 'data', { bucket: 'company-data', arn: 'arn:aws:s3:::company-data' }),
              res('aws_s3_access_point', 'shared', {
                name: 'shared',
                bucket: 'company-data',
                arn: TF_AP,
                ...block,
              }),
            ],
          },
        },
      };
      const m = terraformPlanModel(plan, { account: ACCOUNT, region: 'us-east-1' });
      expect(m.resources.find((r) => r.arn === TF_AP)?.publicAccessBlock).toMatchObject({
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      });
    });
});
