// A policy of a resource type iamspec does not model is kept as an unknown policy with a warning
// (`cfn/unhandled-resource-type`, `tf/unhandled-resource-type`), wherever it sits in the resource:
// - Terraform: a document in a nested block was not looked for (only top-level attributes), so
//   `aws_s3control_multi_region_access_point_policy`'s `details { policy }` was dropped silently
//   and who-can said "Nobody" on an access point its policy opens to anyone;
// - CloudFormation: properties were read 12 levels deep only; a policy deeper down was dropped.
// (FOLLOWUPS: recursion cut-offs that silently drop data must become unknowns with a warning.)
//
// Rules pinned here:
// - Terraform Registry, aws_s3control_multi_region_access_point_policy: the `details` block takes
//   `policy` ("A valid JSON document that specifies the policy"), nested, not a top-level argument.
//   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_multi_region_access_point_policy
// - IAM User Guide, "Policy evaluation logic": "Resource-based policies grant permissions to the
//   principal that is specified in the policy"; a policy that may grant makes the verdicts that
//   depend on it indeterminate (never "nobody can").
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { describe, expect, it } from 'vitest';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { modelOf } from './fixtures/cfn/load.js';
import { runCli } from './fixtures/cli/run.js';

const FX = 'test/fixtures/nested-unmodelled-policy';
const ACCOUNT = '111122223333';
const MRAP_OBJECT = `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/x`;
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/*`,
    },
  ],
});

const unhandled = (m: Model) => m.findings.filter((f) => f.code.endsWith('/unhandled-resource-type'));

describe('Terraform: a policy in a nested block of an unmodelled type', () => {
  it('HCL: who-can on the access point is indeterminate with the warning, not "Nobody"', async () => {
    const r = await runCli([
      'who-can',
      FX,
      '--account',
      ACCOUNT,
      '--action',
      's3:GetObject',
      '--resource',
      MRAP_OBJECT,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('carries a policy (details.policy)');
    expect(r.stderr).toContain('[tf/unhandled-resource-type]');
    const out = JSON.parse(r.stdout) as { entries: { principal: string; access: string }[] };
    expect(out.entries.find((p) => p.principal === 'anonymous')?.access).toBe('indeterminate');
  });

  it('a plan (terraform show -json): the same block, as a list of one object', () => {
    const resource = {
      address: 'aws_s3control_multi_region_access_point_policy.p',
      mode: 'managed',
      type: 'aws_s3control_multi_region_access_point_policy',
      name: 'p',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      values: { account_id: ACCOUNT, details: [{ name: 'data', policy: POLICY }] },
    };
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [resource] } } };
    const b = new ModelBuilder();
    loadPlanValue(plan, 'plan.json', undefined, b, { account: ACCOUNT, region: 'us-east-1' });
    const m = b.build();
    expect(unhandled(m).map((f) => f.message)).toEqual([expect.stringContaining('(details.policy)')]);
    expect(m.resources.filter((x) => x.policy?.unknown).map((x) => x.name)).toHaveLength(1);
  });

  it('a plan without its configuration: a policy known only after apply is kept unknown, with the warning (was dropped)', () => {
    // `terraform show -json` writes `configuration`; a plan trimmed of it cannot tell a computed
    // attribute from a configured one, so an unknown `policy` may be a document that grants
    const resource = (values: object) => ({
      address: 'aws_codebuild_resource_policy.rp',
      mode: 'managed',
      type: 'aws_codebuild_resource_policy',
      name: 'rp',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: values,
        after_unknown: { policy: true, resource_arn: true },
      },
    });
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ ...resource({}), values: {} }] } },
      resource_changes: [resource({})],
    };
    const b = new ModelBuilder();
    loadPlanValue(plan, 'plan.json', undefined, b, { account: ACCOUNT, region: 'us-east-1' });
    const m = b.build();
    expect(unhandled(m).map((f) => f.message)).toEqual([
      expect.stringContaining('carries a policy (policy)'),
    ]);
    // with the configuration saying the attribute is not set, the unknown is a computed value
    const configured = {
      ...plan,
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_codebuild_resource_policy.rp',
              mode: 'managed',
              type: 'aws_codebuild_resource_policy',
              name: 'rp',
              expressions: {},
            },
          ],
        },
      },
    };
    const b2 = new ModelBuilder();
    loadPlanValue(configured, 'plan.json', undefined, b2, { account: ACCOUNT, region: 'us-east-1' });
    expect(unhandled(b2.build())).toEqual([]);
  });

  it('a nested block without a policy document is not a policy', () => {
    const resource = {
      address: 'aws_s3control_multi_region_access_point.mrap',
      mode: 'managed',
      type: 'aws_s3control_multi_region_access_point',
      name: 'mrap',
      values: { details: [{ name: 'data', region: [{ bucket: 'company-data' }] }] },
    };
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [resource] } } };
    const b = new ModelBuilder();
    loadPlanValue(plan, 'plan.json', undefined, b, { account: ACCOUNT, region: 'us-east-1' });
    expect(unhandled(b.build())).toEqual([]);
  });
});

describe('CloudFormation: a policy nested deeper than 12 levels in an unmodelled type', () => {
  const nested = (levels: number): string => {
    let yaml = `{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: '*'}]}`;
    for (let i = 0; i < levels; i++) yaml = `{Level${i}: ${yaml}}`;
    return yaml;
  };
  for (const levels of [3, 20])
    it(`${levels} levels: kept as an unknown policy, with the warning`, () => {
      const m = modelOf(`Resources:
  Thing:
    Type: AWS::Example::Thing
    Properties:
      Configuration: ${nested(levels)}`);
      expect(unhandled(m).map((f) => f.message)).toEqual([
        expect.stringContaining('AWS::Example::Thing Thing carries a policy'),
      ]);
      expect(m.resources.find((r) => r.source.logicalId === 'Thing')?.policy?.unknown).toBeDefined();
    });
});

describe('an unmodelled S3 Multi-Region Access Point policy governs requests through access points', () => {
  // S3 User Guide, "Configuring IAM policies for using access points": "Access points have
  // distinct permissions and network controls that Amazon S3 applies for any request that is made
  // through that access point", and objects are requested as
  // `arn:aws:s3:region:account-id:accesspoint/access-point-name/object/resource`.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
  const AP_OBJECT = `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/shared/object/report.csv`;
  const MRAP = `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/report.csv`;
  const decisions = (m: Model, resource: string) =>
    ['anonymous', `arn:aws:iam::999999999999:root`].map(
      (principal) => compileModel(m).decide({ principal, action: 's3:GetObject', resource }).decision,
    );

  it('CloudFormation AWS::S3::MultiRegionAccessPointPolicy: indeterminate, not deny (AWS::S3::AccessPoint is modelled)', () => {
    const m = modelOf(`Resources:
  Data: {Type: AWS::S3::Bucket, Properties: {BucketName: company-data}}
  Ap:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: shared
      Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: '${AP_OBJECT.replace('report.csv', '*')}'}]}
  Mrap:
    Type: AWS::S3::MultiRegionAccessPointPolicy
    Properties:
      MrapName: data
      Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: '*'}]}`);
    // The access point is modelled (src/aws/s3-access-points.ts, test/s3-access-points.test.ts);
    // the Multi-Region Access Point's policy, kept under a stand-in, may govern any S3 ARN of the
    // account, access points too.
    expect(unhandled(m)).toHaveLength(1);
    expect(decisions(m, AP_OBJECT)).toEqual(['indeterminate', 'indeterminate']);
    expect(decisions(m, MRAP)).toEqual(['indeterminate', 'indeterminate']);
  });

  it("a plan with the access point ARN known: modelled; its public policy is restricted by the access point's Block Public Access, on by default", () => {
    // S3 User Guide, "Managing public access to access points": "All block public access
    // settings are enabled by default for access points." RestrictPublicBuckets "restricts
    // access to an access point or bucket with a public policy to only AWS service principals
    // and authorized users within the bucket owner's account".
    const resource = {
      address: 'aws_s3_access_point.shared',
      mode: 'managed',
      type: 'aws_s3_access_point',
      name: 'shared',
      values: {
        name: 'shared',
        bucket: 'company-data',
        arn: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/shared`,
        policy: POLICY.replace(/arn:aws:s3::[^"]*/, AP_OBJECT.replace('report.csv', '*')),
      },
    };
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [resource] } } };
    const b = new ModelBuilder();
    loadPlanValue(plan, 'plan.json', undefined, b, { account: ACCOUNT, region: 'us-east-1' });
    const m = b.build();
    expect(unhandled(m)).toHaveLength(0);
    expect(decisions(m, AP_OBJECT)).toEqual(['deny', 'deny']);
    // A bucket of the account is not one of its objects.
    expect(decisions(m, 'arn:aws:s3:::company-data/report.csv')).toEqual(['deny', 'deny']);
  });
});

// A policy in an attribute not named *policy*: aws_organizations_resource_policy keeps its
// document in `content` ("content - (Required) Content for the resource policy. The text must be
// correctly formatted JSON", Terraform Registry, aws_organizations_resource_policy:
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_resource_policy);
// the resource policy of an organization "specifies which Organizations operations other
// principals can use" (AWS Organizations User Guide, "Resource-based policy of an organization").
// It was skipped silently: who-can organizations:DescribeOrganization said "Nobody". It is now
// modelled (src/adapters/terraform/handlers/org-delegation.ts, test/tf-org-delegation.test.ts);
// the rule for a `*_policy` type's `content` is tried on a type iamspec does not model.
describe('Terraform: a policy held in an attribute not named like one', () => {
  const ORG_POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: ['organizations:DescribeOrganization', 'organizations:ListAccounts'],
        Resource: '*',
      },
    ],
  });
  const planOf = (values: object, afterUnknown: object = {}, type = 'aws_example_resource_policy') => {
    const resource = {
      address: `${type}.delegate`,
      mode: 'managed',
      type,
      name: 'delegate',
      provider_name: 'registry.terraform.io/hashicorp/aws',
    };
    return {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ ...resource, values }] } },
      resource_changes: [
        {
          ...resource,
          change: { actions: ['create'], before: null, after: values, after_unknown: afterUnknown },
        },
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: resource.address,
              mode: 'managed',
              type: resource.type,
              name: resource.name,
              expressions: { content: { references: ['data.aws_iam_policy_document.d.json'] } },
            },
          ],
        },
      },
    };
  };
  const load = (plan: object) => {
    const b = new ModelBuilder();
    loadPlanValue(plan, 'plan.json', undefined, b, { account: ACCOUNT, region: 'us-east-1' });
    return b.build();
  };

  it('a *_policy type content: kept with an unknown policy and the warning', () => {
    const m = load(planOf({ content: ORG_POLICY }));
    expect(unhandled(m).map((f) => f.message)).toEqual([
      expect.stringContaining('carries a policy (content)'),
    ]);
  });

  it('aws_organizations_resource_policy is modelled: content known only after apply stays an unknown policy', () => {
    const m = load(planOf({}, { content: true, arn: true, id: true }, 'aws_organizations_resource_policy'));
    expect(unhandled(m)).toEqual([]);
    expect(m.findings.find((f) => f.code === 'tf/org-delegation')?.message).toContain('principals not known');
    const r = m.resources.find((x) => x.name === 'aws_organizations_resource_policy.delegate');
    expect(r?.policy?.unknown).toBeDefined();
  });

  it('its content known only after apply counts too', () => {
    const m = load(planOf({}, { content: true, arn: true, id: true }));
    expect(unhandled(m).map((f) => f.message)).toEqual([
      expect.stringContaining('carries a policy (content)'),
    ]);
  });

  it('JSON text with a Statement in any attribute of an unmodelled type is a policy', () => {
    const m = load({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_example_thing.t',
              mode: 'managed',
              type: 'aws_example_thing',
              name: 't',
              values: { access_document: ORG_POLICY, name: 't' },
            },
          ],
        },
      },
    });
    expect(unhandled(m).map((f) => f.message)).toEqual([
      expect.stringContaining('carries a policy (access_document)'),
    ]);
  });
});
