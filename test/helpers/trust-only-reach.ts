// The fixture of the deploy-time role reach tests (model/role-reach.ts): a Lambda-backed custom
// resource whose function role `setup-role` may only write logs, and a role `admin`
// (AdministratorAccess) in the same account whose trust policy names `setup-role` itself. Only the
// trust policy lets the function's code become `admin` (IAM User Guide, "Policy evaluation logic":
// "Within an account, ... an identity-based policy or a resource-based policy can grant access"),
// so only a bound that follows the trust-only reach makes the access of role `app` indeterminate.

import { compileModel } from '../../src/engine/index.js';
import type { Model } from '../../src/model/types.js';
import { customResourceResources } from './custom-resource-template.js';

export const ACCOUNT = '111122223333';
export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** The template: `admin` trusts `trusted` (the function role by default: reached by trust alone). */
export function trustOnlyTemplate(
  trusted: unknown = { 'Fn::GetAtt': ['FnRole', 'Arn'] },
): Record<string, unknown> {
  return {
    Resources: {
      ...customResourceResources(['logs:PutLogEvents'], '*'),
      Admin: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'admin',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: trusted }, Action: 'sts:AssumeRole' }],
          },
          ManagedPolicyArns: [ADMIN_POLICY],
        },
      },
    },
  };
}

/**
 * The template whose `admin` trusts a role of another account: the function's code cannot become
 * it (a same-account role the inputs do not define, named so, exists with a trust policy not
 * known, which may let the function role in: src/model/principals-named-by-arn.ts).
 */
export const unreachedTemplate = (): Record<string, unknown> =>
  trustOnlyTemplate('arn:aws:iam::444455556666:role/someone-else');

/** Whether role `app` may delete a bucket the inputs do not have (what the admin may grant it). */
export function appDeletesBucket(model: Model): string {
  return compileModel(model).decide({
    principal: `arn:aws:iam::${ACCOUNT}:role/app`,
    action: 's3:DeleteBucket',
    resource: 'arn:aws:s3:::elsewhere',
  }).decision;
}

/** The same fixture as a Terraform JSON configuration (`aws_lambda_invocation`). */
export function trustOnlyTerraformJson(): Record<string, unknown> {
  /** A Terraform interpolation of `ref`. */
  const ref = (expr: string) => ['$', '{', expr, '}'].join('');
  const trust = (principal: Record<string, string>) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
    });
  return {
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: {
      aws_iam_role: {
        app: { name: 'app', assume_role_policy: trust({ Service: 'ec2.amazonaws.com' }) },
        fn: { name: 'setup-role', assume_role_policy: trust({ Service: 'lambda.amazonaws.com' }) },
        admin: {
          name: 'admin',
          assume_role_policy: trust({ AWS: ref('aws_iam_role.fn.arn') }),
        },
      },
      aws_iam_role_policy: {
        fn: {
          role: ref('aws_iam_role.fn.id'),
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }],
          }),
        },
      },
      aws_iam_role_policy_attachment: {
        admin: { role: ref('aws_iam_role.admin.name'), policy_arn: ADMIN_POLICY },
      },
      aws_lambda_function: {
        f: {
          function_name: 'setup',
          role: ref('aws_iam_role.fn.arn'),
          handler: 'index.handler',
          runtime: 'nodejs20.x',
          filename: 'x.zip',
        },
      },
      aws_lambda_invocation: {
        run: { function_name: ref('aws_lambda_function.f.function_name'), input: '{}' },
      },
    },
  };
}
