// Deploy-time code whose permissions are not pinned down (a bound of anything: a function role with
// a policy the inputs do not define, a template deployment iamspec does not read, an unexpanded
// macro) may call sts:AssumeRole on a role of another account of the model whose trust policy lets
// its own account in, and change IAM there (aws/account-reach.ts `accountsReachedOnTrust`, applied by
// aws/function-role-changes.ts `decideRuns`). IAM User Guide, "Cross-account policy evaluation
// logic": "In IAM, you can attach a resource-based policy to an IAM role to allow principals in other
// accounts to assume that role. The role's resource-based policy is called a role trust policy." and
// "To allow cross-account access, you attach a resource-based policy to the resource that you want to
// share. You must also attach an identity-based policy to the identity that acts as the principal in
// the request." The trust is in the inputs; the identity policy of code bounded by anything is not,
// so the trust alone decides whether the other account is reached.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { tfInvokedSetupFunction, tfServiceRole } from './helpers/terraform-roles.js';
import { loadTerraformFiles, writeTempFiles } from './helpers/temp-inputs.js';

const A = '111122223333';
const B = '444455556666';
const OUTSIDE = '777788889999';

/** Role `app` of account B (allowed nothing) writing its own policy: what a change to B's IAM may grant. */
function bAppWritesItsPolicy(model: Model): { decision: string; text: string } {
  const app = `arn:aws:iam::${B}:role/app`;
  const d = compileModel(model).decide(
    { principal: app, action: 'iam:PutRolePolicy', resource: app },
    { trace: true },
  );
  return { decision: d.decision, text: JSON.stringify(d.trace) };
}

const trust = (principal: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
});

/** Account B's stack: role `ops` trusting `trusted`, role `app` trusting EC2. */
function opsStack(trusted: string): Record<string, unknown> {
  return {
    Resources: {
      Ops: {
        Type: 'AWS::IAM::Role',
        Properties: { RoleName: 'ops', AssumeRolePolicyDocument: trust({ AWS: trusted }) },
      },
      App: {
        Type: 'AWS::IAM::Role',
        Properties: { RoleName: 'app', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) },
      },
    },
  };
}

/** Account A's stack: the custom resource Setup whose function role holds a policy the inputs do not define. */
function setupStack(): Record<string, unknown> {
  const resources = customResourceResources(['logs:PutLogEvents'], '*');
  const fnRole = resources.FnRole as { Properties: Record<string, unknown> };
  fnRole.Properties.ManagedPolicyArns = [`arn:aws:iam::${A}:policy/outside-the-inputs`];
  delete resources.App;
  return { Resources: resources };
}

/** A cloud assembly of two stacks: `app` in account A, `ops` in account B. */
function assembly(app: Record<string, unknown>, ops: Record<string, unknown>): Model {
  const stack = (name: string, account: string) => ({
    type: 'aws:cloudformation:stack',
    environment: `aws://${account}/us-east-1`,
    properties: { templateFile: `${name}.template.json` },
  });
  const dir = writeTempFiles({
    'manifest.json': { version: '36.0.0', artifacts: { App: stack('App', A), Ops: stack('Ops', B) } },
    'App.template.json': app,
    'Ops.template.json': ops,
  });
  return loadModelSync([dir]);
}

describe('CloudFormation: code bounded by anything in account A, a role of account B trusting A', () => {
  it('a custom resource whose role holds a policy the inputs do not define: B is reached (indeterminate, naming it)', () => {
    const r = bAppWritesItsPolicy(assembly(setupStack(), opsStack(`arn:aws:iam::${A}:root`)));
    expect(r.decision).toBe('indeterminate');
    expect(r.text).toContain('custom resource Setup');
    expect(r.text).toContain('App.template.json');
  });

  it('the trust names the function role itself: reached too', () => {
    const r = bAppWritesItsPolicy(assembly(setupStack(), opsStack(`arn:aws:iam::${A}:role/setup-role`)));
    expect(r.decision).toBe('indeterminate');
  });

  it('the trust lets in an account outside the model only: B stays as written (deny)', () => {
    expect(
      bAppWritesItsPolicy(assembly(setupStack(), opsStack(`arn:aws:iam::${OUTSIDE}:root`))).decision,
    ).toBe('deny');
  });

  it('a template deployment iamspec does not read in A: B is reached', () => {
    const product = {
      Product: {
        Type: 'AWS::ServiceCatalog::CloudFormationProvisionedProduct',
        Properties: { ProductName: 'baseline', ProvisioningArtifactName: 'v1' },
      },
    };
    const r = bAppWritesItsPolicy(assembly({ Resources: product }, opsStack(`arn:aws:iam::${A}:root`)));
    expect(r.decision).toBe('indeterminate');
    expect(r.text).toContain('Product');
  });

  it('an unexpanded macro in A: B is reached', () => {
    const macro = {
      Transform: 'MyMacro',
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
    };
    const r = bAppWritesItsPolicy(assembly(macro, opsStack(`arn:aws:iam::${A}:root`)));
    expect(r.decision).toBe('indeterminate');
    expect(r.text).toContain('MyMacro');
  });

  it('a chain of accounts: A reaches B on trust, B reaches C on trust', () => {
    const C = '555566667777';
    const stack = (name: string, account: string) => ({
      type: 'aws:cloudformation:stack',
      environment: `aws://${account}/us-east-1`,
      properties: { templateFile: `${name}.template.json` },
    });
    const dir = writeTempFiles({
      'manifest.json': {
        version: '36.0.0',
        artifacts: { App: stack('App', A), Ops: stack('Ops', B), Far: stack('Far', C) },
      },
      'App.template.json': setupStack(),
      'Ops.template.json': opsStack(`arn:aws:iam::${A}:root`),
      'Far.template.json': {
        Resources: {
          Far: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'far',
              AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${B}:root` }),
            },
          },
          Reader: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'reader',
              AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }),
            },
          },
        },
      },
    });
    const reader = `arn:aws:iam::${C}:role/reader`;
    const d = compileModel(loadModelSync([dir])).decide({
      principal: reader,
      action: 'iam:PutRolePolicy',
      resource: reader,
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('Terraform: two provider configurations, an aws_lambda_invocation in A', () => {
  const invocation = `${tfServiceRole('fn', 'lambda.amazonaws.com')}
resource "aws_iam_role_policy_attachment" "fn" {
  role = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::${A}:policy/outside-the-inputs"
}
${tfInvokedSetupFunction()}`;
  /** `code`: the function role's policy outside the inputs, and the invocation that runs it. */
  const config = (trusted: string, code = true) => `provider "aws" {
  region = "us-east-1"
  allowed_account_ids = ["${A}"]
}
provider "aws" {
  alias = "ops"
  region = "us-east-1"
  allowed_account_ids = ["${B}"]
}
${code ? invocation : ''}
resource "aws_iam_role" "ops" {
  provider = aws.ops
  name = "ops"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "${trusted}" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role" "app" {
  provider = aws.ops
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;

  it('the invocation may assume ops in B (its trust names A): B is reached (indeterminate, naming it)', () => {
    const r = bAppWritesItsPolicy(loadTerraformFiles(config(`arn:aws:iam::${A}:root`)));
    expect(r.decision).toBe('indeterminate');
    expect(r.text).toContain('aws_lambda_invocation.run');
  });

  it('ops trusts only an account outside the model: B stays as written (deny)', () => {
    expect(bAppWritesItsPolicy(loadTerraformFiles(config(`arn:aws:iam::${OUTSIDE}:root`))).decision).toBe(
      'deny',
    );
  });

  it('an aws_cloudcontrolapi_resource whose type is known only after apply in A: B is reached', () => {
    const text = `${config(`arn:aws:iam::${A}:root`, false)}
variable "type" {
  type = string
}
resource "aws_cloudcontrolapi_resource" "any" {
  type_name = var.type
  desired_state = jsonencode({})
}
`;
    const r = bAppWritesItsPolicy(loadTerraformFiles(text));
    expect(r.decision).toBe('indeterminate');
    expect(r.text).toContain('aws_cloudcontrolapi_resource.any');
  });
});
