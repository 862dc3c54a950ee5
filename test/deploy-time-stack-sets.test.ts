// The roles a StackSet deploys (aws/template-deployments.ts; model/unloaded-deployment.ts: a
// stand-in role with an unknown trust policy in each account its stack instances may land in) are
// roles deploy-time code may become: such a role's trust policy may name the code's role, which
// then needs no statement of its own (IAM User Guide, "Policy evaluation logic": "Within an account,
// ... an identity-based policy or a resource-based policy can grant access"). Targets given as
// organizational units reach every account of the inputs (`ModelBuilder.forEveryAccount`): their
// stand-ins are in the model when the deploy-time bounds are decided, as those of listed accounts
// are; code that may assume a role the inputs do not have (such a role) may change access in every
// account of the model the statement's Resource may name. CloudFormation User Guide, "AWS::CloudFormation::StackSet": "With StackSets, you can
// provision stacks across AWS accounts and Regions from a single CloudFormation template."

import { describe, expect, it } from 'vitest';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { addUnloadedDeploymentPrincipals } from '../src/model/unloaded-deployment.js';
import { parsePolicy } from '../src/policy/parse.js';
import type { Model } from '../src/model/types.js';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { tfInvokedSetupFunction, tfServiceRole } from './helpers/terraform-roles.js';
import { ACCOUNT, appDeletesBucket } from './helpers/trust-only-reach.js';
import { runSetupFunctionAs } from './helpers/setup-function-run.js';
import { loadTemplate, loadTerraformFiles } from './helpers/temp-inputs.js';

function stackSet(deploymentTargets: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'AWS::CloudFormation::StackSet',
    Properties: {
      StackSetName: 'baseline',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      TemplateURL: 'https://s3.amazonaws.com/templates/baseline.yaml',
      StackInstancesGroup: [{ DeploymentTargets: deploymentTargets, Regions: ['us-east-1'] }],
    },
  };
}

function load(extra: Record<string, unknown>): Model {
  return loadTemplate(
    { Resources: { ...customResourceResources(['logs:PutLogEvents'], '*'), ...extra } },
    { account: ACCOUNT, region: 'us-east-1' },
  );
}

describe('deploy-time code and the roles of a StackSet', () => {
  it('no StackSet: the code may only write logs (deny)', () => {
    expect(appDeletesBucket(load({}))).toBe('deny');
  });

  it('a StackSet deploying to this account: its role may trust the code (indeterminate)', () => {
    const m = load({ Baseline: stackSet({ Accounts: [ACCOUNT] }) });
    expect(appDeletesBucket(m)).toBe('indeterminate');
  });

  it('a StackSet deploying to organizational units: the same (indeterminate)', () => {
    const m = load({ Baseline: stackSet({ OrganizationalUnitIds: ['ou-abcd-11111111'] }) });
    expect(appDeletesBucket(m)).toBe('indeterminate');
    const setup = m.findings.find((f) => f.code === 'cfn/custom-resource-changes-access');
    expect(setup?.message).toContain('Baseline');
  });
});

describe('Terraform: aws_lambda_invocation and aws_cloudformation_stack_set_instance', () => {
  // Terraform AWS provider, aws_cloudformation_stack_set_instance: "deployment_targets - (Optional)
  // AWS Organizations accounts to which StackSets deploys."
  const tf = (instance: string) => `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
${tfServiceRole('fn', 'lambda.amazonaws.com')}
resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }] })
}
${tfInvokedSetupFunction()}
resource "aws_cloudformation_stack_set" "baseline" {
  name = "baseline"
  permission_model = "SERVICE_MANAGED"
  template_url = "https://s3.amazonaws.com/templates/baseline.yaml"
  auto_deployment {
    enabled = true
  }
}
${instance}
`;
  const loadTf = (text: string) => loadTerraformFiles(text, { account: ACCOUNT });

  it('no stack instance: the code may only write logs (deny)', () => {
    expect(appDeletesBucket(loadTf(tf('')))).toBe('deny');
  });

  it('a stack instance targeting organizational units: its role may trust the code (indeterminate)', () => {
    const m = loadTf(
      tf(`resource "aws_cloudformation_stack_set_instance" "ou" {
  stack_set_name = aws_cloudformation_stack_set.baseline.name
  deployment_targets {
    organizational_unit_ids = ["ou-abcd-11111111"]
  }
}`),
    );
    expect(appDeletesBucket(m)).toBe('indeterminate');
  });
});

describe('a role in another account that the inputs do not have (a StackSet deploys one there)', () => {
  // IAM User Guide, "Roles terms and concepts": "Role chaining occurs when you use a role to assume a
  // second role through the AWS CLI or API." The role the code becomes acts in its own account.
  const OTHER = '444455556666';
  function model(assumable: string, action = 'sts:AssumeRole'): ReturnType<ModelBuilder['build']> {
    const doc = (statement: Record<string, unknown>, kind: 'identity' | 'trust') =>
      parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind, source: {} });
    const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
    const fnRole = b.addRole({
      name: 'setup-role',
      account: ACCOUNT,
      source: {},
      trustPolicy: doc(
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        'trust',
      ),
    });
    b.addInlinePolicy(fnRole, {
      name: 'hop',
      source: {},
      document: doc({ Effect: 'Allow', Action: action, Resource: assumable }, 'identity'),
    });
    b.addRole({ name: 'app', account: OTHER, source: {} });
    addUnloadedDeploymentPrincipals(b, {
      account: OTHER,
      hint: 'Baseline',
      reason: 'Baseline deploys the stack instances of a StackSet, whose template is not read',
      source: {},
    });
    runSetupFunctionAs(b, fnRole, ACCOUNT);
    return b.build();
  }
  const otherAppPutsRolePolicy = (m: ReturnType<ModelBuilder['build']>) =>
    compileModel(m).decide({
      principal: `arn:aws:iam::${OTHER}:role/app`,
      action: 'iam:PutRolePolicy',
      resource: `arn:aws:iam::${OTHER}:role/app`,
    }).decision;

  it('sts:AssumeRole on the roles of that account: anything there too (indeterminate)', () => {
    expect(otherAppPutsRolePolicy(model(`arn:aws:iam::${OTHER}:role/*`))).toBe('indeterminate');
  });

  it('sts:AssumeRole on any role: anything in every account of the model (indeterminate)', () => {
    expect(otherAppPutsRolePolicy(model('*'))).toBe('indeterminate');
  });

  it('cloudformation:CreateStackInstances on its own StackSet: the instances may land in any account (indeterminate)', () => {
    // CloudFormation Template Reference, "AWS::CloudFormation::StackSet": "With StackSets, you can
    // provision stacks across AWS accounts and Regions from a single CloudFormation template."
    const stackSetArn = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stackset/baseline:*`;
    expect(otherAppPutsRolePolicy(model(stackSetArn, 'cloudformation:CreateStackInstances'))).toBe(
      'indeterminate',
    );
  });

  it('lambda:InvokeFunction on a function of that account the inputs do not have: anything there (indeterminate)', () => {
    const fn = `arn:aws:lambda:us-east-1:${OTHER}:function:baseline-setup`;
    expect(otherAppPutsRolePolicy(model(fn, 'lambda:InvokeFunction'))).toBe('indeterminate');
  });

  it('sts:AssumeRole on roles of an account outside the model: the other account is reached through the StackSet role, whose trust is not known (indeterminate)', () => {
    // The Resource names no account of the model (`accountsNamed`), but the code is bounded by
    // anything in its own account, and the StackSet's stand-in role there has a trust policy not
    // known, which may let that account in (aws/account-reach.ts: an unknown trust counts).
    const m = model('arn:aws:iam::777788889999:role/*');
    expect(otherAppPutsRolePolicy(m)).toBe('indeterminate');
    const d = compileModel(m).decide(
      {
        principal: `arn:aws:iam::${OTHER}:role/app`,
        action: 'iam:PutRolePolicy',
        resource: `arn:aws:iam::${OTHER}:role/app`,
      },
      { trace: true },
    );
    expect(JSON.stringify(d.trace)).toContain(`of account ${OTHER} (reached from account ${ACCOUNT})`);
  });
});
