// SILENT PASS (hdeploy17): deploy-time code (a CloudFormation custom resource, a Terraform
// `aws_lambda_invocation`) is bounded by the roles its role may become, decided over the model the
// builder holds when the bounds are decided (`ModelBuilder.provisionalModel`, read by the
// `onBuild` hook of aws/function-role-changes.ts). The same-account roles a policy names by exact
// ARN and the inputs do not define exist (src/model/principals-named-by-arn.ts) but were added
// only after the hooks: the provisional model did not hold them, so a chain through one (the
// function's role may become it: its trust policy is not known) was missed, the code's bound was
// "nothing", and a check the code may break passed. They are now added before the hooks too
// (`ModelBuilder.build`), so both models hold the same principals.

import { describe, expect, it } from 'vitest';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { tfInvokedSetupFunction, tfServiceRole } from './helpers/terraform-roles.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';

const ACCOUNT = '111122223333';
const TRUST_SAVED =
  'IAM User Guide, "AWS JSON policy elements: Principal": "If your Principal element in a role trust policy contains an ARN that points to a specific IAM role, then that ARN transforms to the role\'s unique principal ID when you save the policy."';
const CHAINING =
  'IAM User Guide, "Roles terms and concepts": "Role chaining occurs when you use a role to assume a second role through the AWS CLI or API."';
const CUSTOM =
  'CloudFormation User Guide, "Lambda-backed custom resources": "When you associate a Lambda function with a custom resource, the function is invoked whenever the custom resource is created, updated, or deleted."';

/** What role app may do to a bucket outside the inputs, as the built model decides it. */
const appDeletesBucket = (model: Model) =>
  compileModel(model).decide({
    principal: `arn:aws:iam::${ACCOUNT}:role/app`,
    action: 's3:DeleteBucket',
    resource: 'arn:aws:s3:::elsewhere',
  }).decision;

function loadCfn(resources: Record<string, unknown>): Model {
  return modelOfTemplate(
    { Resources: resources },
    { account: ACCOUNT, region: 'us-east-1', file: 't.json' },
    new ModelBuilder({ roleReach: deployTimeRoleReach }),
  );
}

function loadTf(main: string): Model {
  return terraformConfigModel(
    main,
    { account: ACCOUNT },
    new ModelBuilder({ roleReach: deployTimeRoleReach }),
  );
}

const changesAccess = (model: Model, code: string) =>
  model.findings.filter((f) => f.code === code).map((f) => f.message);

describe(`a custom resource whose function role may become a role a trust policy names by ARN (${CUSTOM})`, () => {
  // Role admin (AdministratorAccess) trusts role ci, which the template does not define: ci exists
  // (its trust policy is not known: it may let the function role in). The function role may only
  // create log groups: its own bound is nothing, but it may become ci, then admin.
  const model = loadCfn({
    ...customResourceResources(['logs:CreateLogGroup'], '*'),
    Admin: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'admin',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    },
  });

  it(`the code is bounded by anything, through role ci (was: nothing, no finding) (${TRUST_SAVED}; ${CHAINING})`, () => {
    const messages = changesAccess(model, 'cfn/custom-resource-changes-access');
    // admin is reached only through ci; the first role of the chain bounded by anything is named
    expect(messages.length).toBe(1);
    expect(messages[0]).toMatch(/as role (ci|admin) \(a role chain from setup-role\)/);
  });

  it('what another role may do becomes indeterminate (was: deny)', () => {
    expect(appDeletesBucket(model)).toBe('indeterminate');
  });
});

describe('a custom resource whose function role may become a role a bucket policy names by ARN', () => {
  const model = loadCfn({
    ...customResourceResources(['logs:CreateLogGroup'], '*'),
    ...dataBucketWithPolicy('data', [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reader` },
        Resource: 'arn:aws:s3:::data/*',
      },
    ]),
  });

  it('the provisional and the built model hold the same role: the bound goes through it (was: nothing)', () => {
    expect(model.roles.find((r) => r.name === 'reader')?.imported).toBeDefined();
    const messages = changesAccess(model, 'cfn/custom-resource-changes-access');
    expect(messages.join('\n')).toContain('as role reader (a role chain from setup-role)');
    expect(appDeletesBucket(model)).toBe('indeterminate');
  });

  it('each such role is added once, with one warning', () => {
    expect(model.roles.filter((r) => r.name === 'reader')).toHaveLength(1);
    const warnings = model.findings.filter(
      (f) => f.code === 'model/imported-principal' && f.message.includes('role/reader'),
    );
    expect(warnings).toHaveLength(1);
  });
});

describe('Terraform: an aws_lambda_invocation whose function role may become a role named by a data source ARN', () => {
  const model = loadTf(`provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
${tfServiceRole('fn', 'lambda.amazonaws.com')}
resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }] })
}
data "aws_iam_role" "ci" {
  name = "ci"
}
resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = data.aws_iam_role.ci.arn }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
${tfInvokedSetupFunction()}
`);

  it('the code is bounded by anything through role ci (was: nothing)', () => {
    const messages = changesAccess(model, 'tf/lambda-invocation-changes-access');
    expect(messages.join('\n')).toMatch(/as role (ci|admin) \(a role chain from fn\)/);
    expect(appDeletesBucket(model)).toBe('indeterminate');
  });
});
