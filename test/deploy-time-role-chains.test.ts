// Deploy-time code bounded by the roles its role may become (aws/function-role-changes.ts
// `roleBound`, the chains decided by the engine through analysis/chains.ts `assumableRoles`).
// IAM User Guide, "Roles terms and concepts": "Role chaining occurs when you use a role to assume a
// second role through the AWS CLI or API. For example, assume that User1 has permission to assume
// RoleA and RoleB. Additionally, RoleA has permission to assume RoleB." IAM User Guide, "Granting
// a user permissions to switch roles": the trust policy must name the caller, or its account, in
// which case the caller's own policies must allow sts:AssumeRole on the role.

import { describe, expect, it } from 'vitest';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { tfInvokedSetupFunction, tfServiceRole } from './helpers/terraform-roles.js';
import { runSetupFunctionAs } from './helpers/setup-function-run.js';
import { checkTempFilesWithText } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const CANNOT_SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: app-cannot-delete\n    principal: role/app\n    cannot: { action: s3:DeleteBucket, resource: "arn:aws:s3:::elsewhere" }\n`;

async function check(files: Record<string, string>, input: string, extra: string[] = []) {
  const { text, expectations } = await checkTempFilesWithText(files, CANNOT_SPEC, {
    input,
    args: ['--account', ACCOUNT, ...extra],
  });
  return { run: text, statuses: expectations.map((e) => e.status) };
}

const cfn = (t: unknown) => check({ 't.json': JSON.stringify(t) }, 't.json', ['--region', 'us-east-1']);

const adminArn = { 'Fn::GetAtt': ['Admin', 'Arn'] };
const fnRoleArn = { 'Fn::GetAtt': ['FnRole', 'Arn'] };

/** A role `admin` (AdministratorAccess) whose trust policy names `principal`. */
function admin(principal: unknown, name = 'admin'): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: name,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
      },
      ManagedPolicyArns: [ADMIN_POLICY],
    },
  };
}

/** The custom resource's function role may do `actions` on `resource`, with more resources. */
function template(actions: string[], resource: unknown, extra: Record<string, unknown>) {
  return { Resources: { ...customResourceResources(actions, resource), ...extra } };
}

describe('deploy-time code that may become another role (CloudFormation custom resource)', () => {
  it('a function role allowed only sts:AssumeRole on an admin role that trusts it: indeterminate, naming the chain', async () => {
    const r = await cfn(template(['sts:AssumeRole'], adminArn, { Admin: admin(fnRoleArn) }));
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('cfn/custom-resource-changes-access');
    expect(r.run.stderr).toContain('as role admin (a role chain from setup-role)');
  });

  it('an admin role whose trust names the function role: no identity permission is needed in its account', async () => {
    // The silent pass: the role may only write logs, and the trust policy alone lets it in.
    const r = await cfn(template(['logs:CreateLogGroup'], '*', { Admin: admin(fnRoleArn) }));
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('as role admin (a role chain from setup-role)');
  });

  it('a trust naming the account root: reached only when the identity policy allows sts:AssumeRole on it', async () => {
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    const allowed = await cfn(template(['sts:AssumeRole'], adminArn, { Admin: admin(root) }));
    expect(allowed.statuses).toEqual(['indeterminate']);
    const notAllowed = await cfn(template(['logs:CreateLogGroup'], '*', { Admin: admin(root) }));
    expect(notAllowed.statuses).toEqual(['pass']);
    expect(notAllowed.run.stderr).not.toContain('cfn/custom-resource-changes-access');
  });

  it('a role whose trust does not let the function role in is not reached: the check passes', async () => {
    // a role of another account: a same-account one the inputs do not define exists, its trust not
    // known, so it may be reached (test/deploy-time-named-by-arn.test.ts)
    const r = await cfn(
      template(['sts:AssumeRole'], adminArn, { Admin: admin('arn:aws:iam::444455556666:role/someone-else') }),
    );
    expect(r.statuses).toEqual(['pass']);
    expect(r.run.stderr).not.toContain('cfn/custom-resource-changes-access');
  });

  it('a chain of two hops reaches the admin role', async () => {
    const r = await cfn(
      template(
        ['sts:AssumeRole'],
        { 'Fn::GetAtt': ['Middle', 'Arn'] },
        {
          Middle: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'middle',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { AWS: fnRoleArn }, Action: 'sts:AssumeRole' }],
              },
              Policies: [
                {
                  PolicyName: 'hop',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: adminArn }],
                  },
                },
              ],
            },
          },
          Admin: admin({ 'Fn::GetAtt': ['Middle', 'Arn'] }),
        },
      ),
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('as role admin (a role chain from setup-role)');
  });

  it('a role whose trust deploy-time code may rewrite counts as reached', async () => {
    // The admin role trusts only EC2; another custom resource may rewrite its trust policy.
    const ec2Admin = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'admin',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        ManagedPolicyArns: [ADMIN_POLICY],
      },
    };
    const quiet = await cfn(template(['sts:AssumeRole'], adminArn, { Admin: ec2Admin }));
    expect(quiet.statuses).toEqual(['pass']);
    const rewriter = customResourceResources(['iam:UpdateAssumeRolePolicy'], adminArn);
    const r = await cfn(
      template(['sts:AssumeRole'], adminArn, {
        Admin: ec2Admin,
        TrustRole: {
          ...(rewriter.FnRole as object),
          Properties: { ...(rewriter.FnRole as { Properties: object }).Properties, RoleName: 'trust-role' },
        },
        TrustFn: {
          ...(rewriter.Fn as object),
          Properties: {
            ...(rewriter.Fn as { Properties: object }).Properties,
            FunctionName: 'trust-writer',
            Role: { 'Fn::GetAtt': ['TrustRole', 'Arn'] },
          },
        },
        Rewrite: {
          Type: 'Custom::Rewrite',
          Properties: { ServiceToken: { 'Fn::GetAtt': ['TrustFn', 'Arn'] } },
        },
      }),
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('as role admin (a role chain from setup-role)');
  });

  it('sts:AssumeRole on a role the inputs do not have: anything', async () => {
    const r = await cfn(template(['sts:AssumeRole'], 'arn:aws:iam::444455556666:role/elsewhere', {}));
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('on a role the inputs do not have');
  });
});

describe('deploy-time code that may become another role (Terraform aws_lambda_invocation)', () => {
  const tf = (fnActions: string[], adminTrust: string) => `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
${tfServiceRole('fn', 'lambda.amazonaws.com')}
resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${JSON.stringify(fnActions)}, Resource = aws_iam_role.admin.arn }] })
}
resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = ${adminTrust} }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role = aws_iam_role.admin.name
  policy_arn = "${ADMIN_POLICY}"
}
${tfInvokedSetupFunction()}
`;

  it('a function role allowed only sts:AssumeRole on an admin role that trusts it: indeterminate', async () => {
    const r = await check({ 'main.tf': tf(['sts:AssumeRole'], 'aws_iam_role.fn.arn') }, '.');
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('tf/lambda-invocation-changes-access');
    expect(r.run.stderr).toContain('as role admin (a role chain from fn)');
  });

  it('an admin role whose trust names the function role, which may only write logs: indeterminate', async () => {
    // The silent pass of the old bound: the trust policy alone lets the function role in.
    const r = await check({ 'main.tf': tf(['logs:PutLogEvents'], 'aws_iam_role.fn.arn') }, '.');
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('as role admin (a role chain from fn)');
  });

  it('the admin role trusting someone else: not reached, the check passes', async () => {
    const r = await check(
      { 'main.tf': tf(['sts:AssumeRole'], '"arn:aws:iam::444455556666:role/someone-else"') },
      '.',
    );
    expect(r.statuses).toEqual(['pass']);
    expect(r.run.stderr).not.toContain('tf/lambda-invocation-changes-access');
  });
});

describe('a chain into another account', () => {
  it("the assumed role's bound applies in its own account", async () => {
    const { deployTimeRoleReach } = await import('../src/analysis/deploy-time-reach.js');
    const { ModelBuilder } = await import('../src/model/builder.js');
    const { parsePolicy } = await import('../src/policy/parse.js');
    const OTHER = '444455556666';
    const doc = (statement: Record<string, unknown>, kind: 'identity' | 'trust') =>
      parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind, source: {} });
    const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
    const fnRole = b.addRole({
      name: 'fn-role',
      account: ACCOUNT,
      source: {},
      trustPolicy: doc(
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        'trust',
      ),
    });
    const adminArn = `arn:aws:iam::${OTHER}:role/admin`;
    b.addInlinePolicy(fnRole, {
      name: 'hop',
      source: {},
      document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: adminArn }, 'identity'),
    });
    const admin = b.addRole({
      name: 'admin',
      account: OTHER,
      source: {},
      trustPolicy: doc(
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fn-role` },
          Action: 'sts:AssumeRole',
        },
        'trust',
      ),
    });
    b.addInlinePolicy(admin, {
      name: 'write',
      source: {},
      document: doc(
        { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: `arn:aws:iam::${OTHER}:role/other` },
        'identity',
      ),
    });
    b.addRole({ name: 'other', account: OTHER, source: {} });
    const reports: string[] = [];
    runSetupFunctionAs(b, fnRole, ACCOUNT, (_change, why) => reports.push(why));
    const model = b.build();
    expect(reports.join('\n')).toContain('as role admin (a role chain from fn-role)');
    // iam:PutRolePolicy as admin changes the policies of a role of admin's account.
    const other = model.roles.find((r) => r.name === 'other')!;
    expect(other.managedPolicies.length).toBe(1);
    expect(model.unknownTargets.some((t) => t.kind === 'role' && t.account === OTHER)).toBe(true);
  });
});
