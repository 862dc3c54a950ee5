// Deployments whose template the inputs do not show (src/model/unloaded-deployment.ts,
// src/aws/template-deployments.ts): a nested stack whose template is not found, a StackSet, a
// Service Catalog product, a CloudFormation stack or stack-set instance Terraform deploys. Each may
// create users and roles with any policy in its account, so an `onlyPrincipals` on a bucket that
// grants the account is indeterminate with the reason, never a pass (it was a pass, exit 0, with no
// warning at all for a StackSet and a Service Catalog product).
//
// CloudFormation User Guide, "AWS::CloudFormation::StackSet": "With StackSets, you can provision
// stacks across AWS accounts and Regions from a single CloudFormation template."
// "AWS::ServiceCatalog::CloudFormationProvisionedProduct": "provisioning a product that's based on
// an AWS CloudFormation template launches an AWS CloudFormation stack and its underlying
// resources." "AWS::CloudFormation::Stack": "The AWS::CloudFormation::Stack resource nests a stack
// as a resource in a top-level template." Terraform AWS provider, `aws_cloudformation_stack`:
// "Provides a CloudFormation Stack resource"; `aws_cloudformation_stack_set_instance`: "account_id
// - (Optional) Target AWS Account ID to create a Stack based on the StackSet. Defaults to current
// account."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import { writeFileIn, writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

const SPEC = (bucket: string) =>
  `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: nobody-reads\n    resource: "arn:aws:s3:::${bucket}/*"\n    action: s3:GetObject\n    onlyPrincipals: []\n`;

/** A bucket whose policy lets the account's own principals read (their identity policies decide). */
function bucketResources(bucket: string): Record<string, unknown> {
  return {
    B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: bucket } },
    BP: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'B' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        },
      },
    },
  };
}

function project(files: Record<string, unknown>): string {
  return writeTempFiles(
    Object.fromEntries(
      Object.entries(files).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : JSON.stringify(value, null, 1),
      ]),
    ),
  );
}

async function check(dir: string, input: string, extra: string[] = []) {
  const run = await runCli(['check', join(dir, input), '--spec', join(dir, 'spec.yaml'), ...extra]);
  const json = await runCli([
    'check',
    join(dir, input),
    '--spec',
    join(dir, 'spec.yaml'),
    '--format',
    'json',
    ...extra,
  ]);
  return { run, report: JSON.parse(json.stdout) };
}

describe('CloudFormation', () => {
  it('a nested stack whose template is not found: the principals it may create keep onlyPrincipals indeterminate', async () => {
    const dir = project({
      'parent.json': {
        Resources: {
          ...bucketResources('nested-data'),
          Child: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: { TemplateURL: 'https://s3.amazonaws.com/templates/child.yaml' },
          },
        },
      },
      'spec.yaml': SPEC('nested-data'),
    });
    const { run, report } = await check(dir, 'parent.json', ['--region', 'us-east-1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('? nobody-reads');
    expect(run.stdout).toContain(`arn:aws:iam::${ACCOUNT}:user/(unknown-path=Child)/(unknown-Child)`);
    expect(run.stdout).toContain('cfn/nested-template-not-found');
    expect(report.expectations[0].status).toBe('indeterminate');
    expect(JSON.stringify(report)).toContain('the template of nested stack Child was not found');

    // The same stack with its template beside it: the child's principals are read instead.
    writeFileIn(dir, 'child.yaml', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
    const found = await check(dir, 'parent.json', ['--region', 'us-east-1']);
    expect(found.run.code).toBe(0);
    expect(found.run.stdout).not.toContain('unknown-Child');
  });

  it('a role passed to a nested stack whose template is not found may get any policy from it', async () => {
    const dir = project({
      'parent.json': {
        Resources: {
          ...bucketResources('passed-data'),
          R: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'passed',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              },
            },
          },
          Child: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: {
              TemplateURL: 'https://s3.amazonaws.com/templates/child.yaml',
              Parameters: { RoleName: { Ref: 'R' } },
            },
          },
        },
      },
      'spec.yaml': `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: role-cannot-read\n    principal: role/passed\n    cannot: { action: s3:GetObject, resource: "arn:aws:s3:::passed-data/k" }\n`,
    });
    const { run } = await check(dir, 'parent.json', ['--region', 'us-east-1']);
    expect(run.stdout).toContain('? role-cannot-read');
    expect(run.stdout).toContain('(unknown) policies Child may attach');
  });

  it('a StackSet deploying into the account: indeterminate with cfn/unmodelled-deployment; into another account only: still a pass', async () => {
    const stackSet = (accounts: string[]) => ({
      Type: 'AWS::CloudFormation::StackSet',
      Properties: {
        StackSetName: 'users',
        PermissionModel: 'SELF_MANAGED',
        StackInstancesGroup: [{ DeploymentTargets: { Accounts: accounts }, Regions: ['us-east-1'] }],
        TemplateBody: 'Resources:\n  U:\n    Type: AWS::IAM::User\n',
      },
    });
    const dir = project({
      'same.json': { Resources: { ...bucketResources('ss-data'), SS: stackSet([ACCOUNT]) } },
      'other.json': { Resources: { ...bucketResources('ss-data'), SS: stackSet(['444455556666']) } },
      'ou.json': {
        Resources: {
          ...bucketResources('ss-data'),
          SS: {
            Type: 'AWS::CloudFormation::StackSet',
            Properties: {
              StackSetName: 'users',
              PermissionModel: 'SERVICE_MANAGED',
              StackInstancesGroup: [
                {
                  DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-12345678'] },
                  Regions: ['us-east-1'],
                },
              ],
            },
          },
        },
      },
      'spec.yaml': SPEC('ss-data'),
    });
    const same = await check(dir, 'same.json', ['--region', 'us-east-1']);
    expect(same.run.code).toBe(1);
    expect(same.run.stdout).toContain('? nobody-reads');
    expect(same.run.stderr).toContain('cfn/unmodelled-deployment');
    expect(same.run.stderr).toContain('SS deploys the stack instances of a StackSet');
    const ou = await check(dir, 'ou.json', ['--region', 'us-east-1']);
    expect(ou.report.expectations[0].status).toBe('indeterminate');
    // Principals of another account are outside the account's own grant: unaffected.
    const other = await check(dir, 'other.json', ['--region', 'us-east-1']);
    expect(other.run.code).toBe(0);
    expect(other.run.stderr).toContain('account 444455556666 are unknown');
  });

  it('a Service Catalog product: indeterminate, reported', async () => {
    const dir = project({
      't.json': {
        Resources: {
          ...bucketResources('sc-data'),
          P: {
            Type: 'AWS::ServiceCatalog::CloudFormationProvisionedProduct',
            Properties: { ProductName: 'users', ProvisioningArtifactName: 'v1' },
          },
        },
      },
      'spec.yaml': SPEC('sc-data'),
    });
    const { run, report } = await check(dir, 't.json', ['--region', 'us-east-1']);
    expect(run.code).toBe(1);
    expect(report.expectations[0].status).toBe('indeterminate');
    expect(run.stderr).toContain('P deploys the stack of a Service Catalog product');
  });
});

describe('Terraform', () => {
  const bucketTf = (bucket: string) => `provider "aws" { region = "us-east-1" }
resource "aws_s3_bucket" "b" { bucket = "${bucket}" }
resource "aws_s3_bucket_policy" "bp" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }] })
}
`;

  it('aws_cloudformation_stack, aws_cloudformation_stack_set_instance, aws_servicecatalog_provisioned_product', async () => {
    const cases: Record<string, string> = {
      stack: `resource "aws_cloudformation_stack" "s" {
  name = "users"
  template_url = "https://s3.amazonaws.com/templates/users.yaml"
}`,
      instance: `resource "aws_cloudformation_stack_set_instance" "i" {
  stack_set_name = "users"
}`,
      product: `resource "aws_servicecatalog_provisioned_product" "p" {
  name = "p"
  product_id = "prod-abc"
  provisioning_artifact_name = "v1"
}`,
    };
    for (const [name, extra] of Object.entries(cases)) {
      const dir = project({ 'main.tf': bucketTf('tf-data') + extra, 'spec.yaml': SPEC('tf-data') });
      const { run, report } = await check(dir, '.');
      expect(run.code, name).toBe(1);
      expect(report.expectations[0].status, name).toBe('indeterminate');
      expect(run.stderr, name).toContain('tf/unmodelled-deployment');
      expect(run.stderr, name).not.toContain('tf/unhandled-resource-type');
    }
    // A stack instance in another account leaves this account's principals as they are.
    const dir = project({
      'main.tf': `${bucketTf('tf-data')}resource "aws_cloudformation_stack_set_instance" "i" {
  stack_set_name = "users"
  account_id = "444455556666"
}`,
      'spec.yaml': SPEC('tf-data'),
    });
    const other = await check(dir, '.');
    expect(other.run.code).toBe(0);
  });

  it("a stack instance targeting organizational units may deploy into any account of the inputs, not only the provider's", async () => {
    // The bucket lives in another account (a provider assuming a role there) and grants that
    // account; the stack instance's OU may hold that account, so its principals are unknown there.
    const main = `provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "data"
  region = "us-east-1"
  assume_role { role_arn = "arn:aws:iam::444455556666:role/deploy" }
}
resource "aws_s3_bucket" "b" {
  provider = aws.data
  bucket   = "ou-data"
}
resource "aws_s3_bucket_policy" "bp" {
  provider = aws.data
  bucket   = aws_s3_bucket.b.id
  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }] })
}
`;
    const spec = SPEC('ou-data');
    const ou = `resource "aws_cloudformation_stack_set_instance" "i" {
  stack_set_name = "users"
  deployment_targets { organizational_unit_ids = ["ou-abcd-12345678"] }
}`;
    const own = `resource "aws_cloudformation_stack_set_instance" "i" {
  stack_set_name = "users"
}`;
    const withOu = project({ 'main.tf': main + ou, 'spec.yaml': spec });
    const a = await check(withOu, '.', ['--account', ACCOUNT]);
    expect(a.report.expectations[0].status).toBe('indeterminate');
    expect(a.run.stderr).toContain('in any account of the organizational units it targets');
    // Among the principals that may also read it (the text shows the first; since the deploy-time
    // writes of an unread template may land in every account, the first may be another account's).
    expect(JSON.stringify(a.report)).toMatch(
      /arn:aws:iam::444455556666:(role|user)\/\(unknown-path=aws_cloudformation_stack_set_instance\.i\)/,
    );
    // In the deploying account only: the other account's bucket is as written.
    const ownOnly = project({ 'main.tf': main + own, 'spec.yaml': spec });
    const b = await check(ownOnly, '.', ['--account', ACCOUNT]);
    expect(b.report.expectations[0].status).toBe('pass');
  });
});

/** A service-managed StackSet `users` deploying to `targets` (DeploymentTargets) in us-east-1. */
function serviceManagedStackSet(targets: unknown) {
  return {
    Type: 'AWS::CloudFormation::StackSet',
    Properties: {
      StackSetName: 'users',
      PermissionModel: 'SERVICE_MANAGED',
      StackInstancesGroup: [{ DeploymentTargets: targets, Regions: ['us-east-1'] }],
    },
  };
}

describe('CloudFormation StackSet account filters', () => {
  // CloudFormation User Guide, "AWS::CloudFormation::StackSet DeploymentTargets",
  // AccountFilterType: "INTERSECTION: StackSet deploys to the accounts specified in the Accounts
  // parameter. DIFFERENCE: StackSet deploys to the OU, excluding the accounts specified in the
  // Accounts parameter."
  const withTargets = (targets: Record<string, unknown>) => ({
    Resources: {
      ...bucketResources('filter-data'),
      SS: serviceManagedStackSet(targets),
    },
  });

  it('INTERSECTION deploys only into the listed accounts; DIFFERENCE into any account but them', async () => {
    const ou = ['ou-abcd-12345678'];
    const dir = project({
      'intersection.json': withTargets({
        OrganizationalUnitIds: ou,
        Accounts: ['444455556666'],
        AccountFilterType: 'INTERSECTION',
      }),
      'difference-own.json': withTargets({
        OrganizationalUnitIds: ou,
        Accounts: [ACCOUNT],
        AccountFilterType: 'DIFFERENCE',
      }),
      'difference-other.json': withTargets({
        OrganizationalUnitIds: ou,
        Accounts: ['444455556666'],
        AccountFilterType: 'DIFFERENCE',
      }),
      'union.json': withTargets({
        OrganizationalUnitIds: ou,
        Accounts: ['444455556666'],
        AccountFilterType: 'UNION',
      }),
      'spec.yaml': SPEC('filter-data'),
    });
    const intersection = await check(dir, 'intersection.json', ['--region', 'us-east-1']);
    expect(intersection.report.expectations[0].status).toBe('pass');
    expect(intersection.run.stderr).toContain('in account 444455556666 are unknown');
    const differenceOwn = await check(dir, 'difference-own.json', ['--region', 'us-east-1']);
    expect(differenceOwn.report.expectations[0].status).toBe('pass');
    expect(differenceOwn.run.stderr).toContain(`which may be any account of the inputs but ${ACCOUNT}`);
    const differenceOther = await check(dir, 'difference-other.json', ['--region', 'us-east-1']);
    expect(differenceOther.report.expectations[0].status).toBe('indeterminate');
    const union = await check(dir, 'union.json', ['--region', 'us-east-1']);
    expect(union.report.expectations[0].status).toBe('indeterminate');
  });
});

describe('StackSets never deploy into the management account', () => {
  // CloudFormation API Reference, DeploymentTargets: "[Service-managed permissions] The AWS
  // Organizations accounts to which StackSets deploys. StackSets doesn't deploy stack instances to
  // the organization management account, even if the organization management account is in your
  // organization or in an OU in your organization." AWS Organizations API Reference,
  // CreateOrganization: "The account whose user is calling the CreateOrganization operation
  // automatically becomes the management account of the new organization."
  const template = (targets: Record<string, unknown>, withOrganization: boolean) => ({
    Resources: {
      ...bucketResources('mgmt-data'),
      ...(withOrganization
        ? { Org: { Type: 'AWS::Organizations::Organization', Properties: { FeatureSet: 'ALL' } } }
        : {}),
      SS: serviceManagedStackSet(targets),
    },
  });

  it('organizational-unit targets leave out the account that creates the organization; unknown accounts do not', async () => {
    const ou = { OrganizationalUnitIds: ['ou-abcd-12345678'] };
    const dir = project({
      'org.json': template(ou, true),
      'no-org.json': template(ou, false),
      'unknown-accounts.json': {
        ...template({ Accounts: [{ Ref: 'Targets' }] }, true),
        Parameters: { Targets: { Type: 'String' } },
      },
      'spec.yaml': SPEC('mgmt-data'),
    });
    const org = await check(dir, 'org.json', ['--region', 'us-east-1', '--account', ACCOUNT]);
    expect(org.report.expectations[0].status).toBe('pass');
    const noOrg = await check(dir, 'no-org.json', ['--region', 'us-east-1', '--account', ACCOUNT]);
    expect(noOrg.report.expectations[0].status).toBe('indeterminate');
    // Accounts listed by a parameter (self-managed lists may name the management account): any.
    const unknown = await check(dir, 'unknown-accounts.json', [
      '--region',
      'us-east-1',
      '--account',
      ACCOUNT,
    ]);
    expect(unknown.report.expectations[0].status).toBe('indeterminate');
  });
});
