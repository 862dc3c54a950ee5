// A template iamspec does not read (a StackSet's TemplateURL, a nested stack whose template is not
// found, Terraform's aws_cloudformation_stack / aws_cloudformation_stack_set_instance) may write
// the policies of principals and resources ALREADY in the accounts it deploys into, not only create
// principals of its own (aws/template-deployments.ts `addUnreadTemplateDeployment`). Before, only
// stand-in principals were added there, so a bucket, function or role the inputs create kept its
// policies as written: another account reading the bucket, invoking the function or assuming the
// role was a deny, and a role of the account stayed bounded by its own policies, though the
// template may hold:
// - CloudFormation User Guide, "AWS::IAM::Policy", Roles: "The name of the role to associate the
//   policy with." (an existing role by name);
// - "AWS::S3::BucketPolicy", Bucket: "The name of the Amazon S3 bucket to which the policy
//   applies." (an existing bucket);
// - "AWS::Lambda::Permission", FunctionName: "The name or ARN of the Lambda function, version, or
//   alias." (an existing function);
// - a custom resource whose code, run by a role the template creates with any policy, may call any
//   API (IAM API Reference, UpdateAssumeRolePolicy: "Updates the policy that grants an IAM entity
//   permission to assume a role.").
// CloudFormation User Guide, "AWS::CloudFormation::StackSet": "With StackSets, you can provision
// stacks across AWS accounts and Regions from a single CloudFormation template."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { loadTemplate, loadTerraformFiles } from './helpers/temp-inputs.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const OUTSIDE = '999988887777';

/** A bucket, a function and a role of ACCOUNT, none granting OUTSIDE anything. */
const EXISTING: Record<string, unknown> = {
  ...dataBucketWithPolicy('stackset-data', [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::stackset-data/*',
    },
  ]),
  App: {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'app',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
    },
  },
  Fn: {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: 'handler',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': ['App', 'Arn'] },
      Code: { ZipFile: 'exports.handler = async () => {};' },
    },
  },
};

function stackSet(accounts: string[]): Record<string, unknown> {
  return {
    Type: 'AWS::CloudFormation::StackSet',
    Properties: {
      StackSetName: 'baseline',
      PermissionModel: 'SELF_MANAGED',
      TemplateURL: 'https://s3.amazonaws.com/templates/baseline.yaml',
      StackInstancesGroup: [{ DeploymentTargets: { Accounts: accounts }, Regions: ['us-east-1'] }],
    },
  };
}

function loadCfn(extra: Record<string, unknown>): Model {
  return loadTemplate({ Resources: { ...EXISTING, ...extra } }, { account: ACCOUNT, region: 'us-east-1' });
}

/** The decisions that only the existing elements' policies as written decide. */
function decisions(m: Model) {
  const engine = compileModel(m);
  const decide = (principal: string, action: string, resource: string) =>
    engine.decide({ principal, action, resource }, { trace: true });
  return {
    outsideReadsBucket: decide(
      `arn:aws:iam::${OUTSIDE}:root`,
      's3:GetObject',
      'arn:aws:s3:::stackset-data/k',
    ),
    outsideInvokes: decide(
      `arn:aws:iam::${OUTSIDE}:root`,
      'lambda:InvokeFunction',
      `arn:aws:lambda:us-east-1:${ACCOUNT}:function:handler`,
    ),
    outsideAssumesApp: decide(
      `arn:aws:iam::${OUTSIDE}:role/outsider`,
      'sts:AssumeRole',
      `arn:aws:iam::${ACCOUNT}:role/app`,
    ),
    appDeletesBucket: decide(
      `arn:aws:iam::${ACCOUNT}:role/app`,
      's3:DeleteBucket',
      'arn:aws:s3:::stackset-data',
    ),
  };
}

const verdicts = (m: Model) =>
  Object.fromEntries(Object.entries(decisions(m)).map(([k, d]) => [k, d.decision]));

const ALL_DENY = {
  outsideReadsBucket: 'deny',
  outsideInvokes: 'deny',
  outsideAssumesApp: 'deny',
  appDeletesBucket: 'deny',
};
/**
 * A template deployed into another account only: this account's bucket policy, trust policies and
 * principals stay as written (PutBucketPolicy and IAM writes are the owner account's), but an
 * AWS::Lambda::Permission there may name this account's function by ARN (Lambda API Reference,
 * AddPermission: "Function ARN – arn:aws:lambda:us-west-2:123456789012:function:my-function"; Lambda
 * Developer Guide, "Granting Lambda function access to other accounts": "You can grant
 * cross-account access for most API actions that operate on an existing function"): the rule of
 * a policy whose target is unknown (aws/resource-policies.ts `targetMayBeElsewhere`).
 */
const OTHER_ACCOUNT_ONLY = { ...ALL_DENY, outsideInvokes: 'indeterminate' };
const ALL_INDETERMINATE = {
  outsideReadsBucket: 'indeterminate',
  outsideInvokes: 'indeterminate',
  outsideAssumesApp: 'indeterminate',
  appDeletesBucket: 'indeterminate',
};

describe('CloudFormation: a template not read may write the policies already in its accounts', () => {
  it('no deployment: the existing policies decide (deny)', () => {
    expect(verdicts(loadCfn({}))).toEqual(ALL_DENY);
  });

  it('a StackSet deploying into the account (TemplateURL): each is indeterminate, naming the StackSet', () => {
    const m = loadCfn({ Baseline: stackSet([ACCOUNT]) });
    expect(verdicts(m)).toEqual(ALL_INDETERMINATE);
    const d = decisions(m).outsideReadsBucket;
    expect(JSON.stringify(d)).toContain(
      'Baseline deploys the stack instances of a StackSet, whose template is not read',
    );
    expect(JSON.stringify(d)).toContain(`policies of principals and resources already in account ${ACCOUNT}`);
  });

  it('a StackSet deploying into another account only: this account keeps its policies (deny), but a function policy there may name this account’s function by ARN', () => {
    expect(verdicts(loadCfn({ Baseline: stackSet([OTHER]) }))).toEqual(OTHER_ACCOUNT_ONLY);
  });

  it('a StackSet deploying to organizational units: every account of the inputs (indeterminate)', () => {
    const m = loadCfn({
      Baseline: {
        Type: 'AWS::CloudFormation::StackSet',
        Properties: {
          StackSetName: 'baseline',
          PermissionModel: 'SERVICE_MANAGED',
          TemplateURL: 'https://s3.amazonaws.com/templates/baseline.yaml',
          StackInstancesGroup: [
            { DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-11111111'] }, Regions: ['us-east-1'] },
          ],
        },
      },
    });
    expect(verdicts(m)).toEqual(ALL_INDETERMINATE);
  });

  it('a nested stack whose template is not found: the same in its account', () => {
    const m = loadCfn({
      Nested: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: 'https://s3.amazonaws.com/templates/missing.yaml' },
      },
    });
    expect(verdicts(m)).toEqual(ALL_INDETERMINATE);
    expect(JSON.stringify(decisions(m).outsideInvokes)).toContain(
      'the template of nested stack Nested was not found',
    );
  });
});

describe('Terraform: aws_cloudformation_stack and aws_cloudformation_stack_set_instance', () => {
  const existing = `provider "aws" { region = "us-east-1" }
resource "aws_s3_bucket" "data" { bucket = "stackset-data" }
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.data.arn}/*" }] })
}
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "fn" {
  function_name = "handler"
  role = aws_iam_role.app.arn
  runtime = "nodejs20.x"
  handler = "index.handler"
  filename = "fn.zip"
}
`;
  const loadTf = (extra: string): Model => loadTerraformFiles(existing + extra, { account: ACCOUNT });

  it('no deployment: deny', () => {
    expect(verdicts(loadTf(''))).toEqual(ALL_DENY);
  });

  it('aws_cloudformation_stack with a template_url: indeterminate, naming it', () => {
    const m = loadTf(`resource "aws_cloudformation_stack" "s" {
  name = "baseline"
  template_url = "https://s3.amazonaws.com/templates/baseline.yaml"
}`);
    expect(verdicts(m)).toEqual(ALL_INDETERMINATE);
    expect(JSON.stringify(decisions(m).outsideAssumesApp)).toContain(
      'aws_cloudformation_stack.s deploys a CloudFormation stack',
    );
  });

  it('aws_cloudformation_stack_set_instance in the account: indeterminate; in another account: deny but a function policy', () => {
    expect(
      verdicts(
        loadTf(`resource "aws_cloudformation_stack_set_instance" "i" {
  stack_set_name = "baseline"
}`),
      ),
    ).toEqual(ALL_INDETERMINATE);
    expect(
      verdicts(
        loadTf(`resource "aws_cloudformation_stack_set_instance" "i" {
  stack_set_name = "baseline"
  account_id = "${OTHER}"
}`),
      ),
    ).toEqual(OTHER_ACCOUNT_ONLY);
  });
});
