// A stack deployed with a CloudFormation service role runs every later operation with that role:
// whoever may update it (cloudformation:UpdateStack, or CreateChangeSet + ExecuteChangeSet) acts
// as the role without iam:PassRole (src/aws/stack-roles.ts, analysis/escalation.ts
// `stackRoleEdges`). Before, a user with only UpdateStack on stack App, whose stack runs with an
// administrator role, passed `cannotBecome` that role (a silent pass on mission priority 4).
//
// Pages:
// - AWS CloudFormation User Guide, "CloudFormation service role"
//   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html):
//   "When you specify a service role, CloudFormation always uses that role for all operations
//   that are performed on that stack. It is not possible to remove a service role attached to a
//   stack after the stack is created. Other users that have permissions to perform operations on
//   this stack are able to use this role, regardless of whether those users have the iam:PassRole
//   permission or not."
// - Terraform AWS provider, aws_cloudformation_stack: "iam_role_arn - (Optional) The ARN of an IAM
//   role that AWS CloudFormation assumes to create the stack."
// - AWS CloudFormation API Reference, CreateStackSet `CallAs`: "To create a StackSet with
//   service-managed permissions while signed in to a delegated administrator account, specify
//   DELEGATED_ADMIN. Your AWS account must be registered as a delegated admin in the management
//   account."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { loadModelSync } from '../src/adapters/load.js';
import { devUserResource } from './helpers/cfn-user-policy.js';
import { DELEGATED, delegatedAdminConfig, MANAGEMENT, MEMBER } from './helpers/delegated-admin.js';
import { writeTempFiles } from './helpers/temp-inputs.js';
import { tfStackAdminAndDev } from './helpers/terraform-roles.js';

const ACCOUNT = '111122223333';
const REGION = 'us-west-2';
const EXEC = `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;
const EXEC_ARN = `arn:aws:iam::${ACCOUNT}:role/${EXEC}`;

/** A role `name` CloudFormation may assume, with AdministratorAccess. */
function adminRole(name: string) {
  return {
    [name.replace(/[^A-Za-z0-9]/g, '')]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: name,
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudformation.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    },
  };
}

/**
 * A cloud assembly with stack App (the user) and stack Bootstrap (the execution role), App
 * deployed with `execRole` as its cloudFormationExecutionRoleArn (none: the manifest names none).
 */
function assembly(devResources: object, execRole: string | undefined, bootstrapped = true): Model {
  const env = `aws://${ACCOUNT}/${REGION}`;
  const stack = (file: string, name: string, role?: string) => ({
    type: 'aws:cloudformation:stack',
    environment: env,
    properties: {
      templateFile: file,
      stackName: name,
      ...(role ? { cloudFormationExecutionRoleArn: role } : {}),
    },
  });
  const dir = writeTempFiles({
    'cdk.out/manifest.json': {
      version: '36.0.0',
      artifacts: {
        App: stack('App.template.json', 'App', execRole),
        ...(bootstrapped ? { Bootstrap: stack('Bootstrap.template.json', 'CDKToolkit') } : {}),
      },
    },
    'cdk.out/App.template.json': { Resources: devResources },
    ...(bootstrapped ? { 'cdk.out/Bootstrap.template.json': { Resources: adminRole(EXEC) } } : {}),
  });
  return loadModelSync([`${dir}/cdk.out`]);
}

function check(m: Model, expectation: string) {
  const engine = compileModel(m);
  const r = runSpec(m, parseSpec(`version: 1\nexpect:\n  - ${expectation}\n`), { engine });
  return r.expectations[0]!.checks[0]!;
}

/** The role ARN a CDK manifest writes, with CloudFormation's `${AWS::…}` placeholders. */
const CDK_EXEC_PLACEHOLDER = ['Partition', 'AccountId', 'Region'].reduce(
  (s, k) => s.replaceAll(`<${k}>`, `\${AWS::${k}}`),
  'arn:<Partition>:iam::<AccountId>:role/cdk-hnb659fds-cfn-exec-role-<AccountId>-<Region>',
);
const APP_STACKS = 'arn:aws:cloudformation:*:*:stack/App/*';

describe('a CDK stack runs every update with the bootstrap execution role', () => {
  it('UpdateStack alone on stack App: the user can become the execution role (was a pass)', () => {
    const m = assembly(devUserResource(['cloudformation:UpdateStack'], APP_STACKS), CDK_EXEC_PLACEHOLDER);
    const c = check(m, `{ id: d, principal: user/dev, cannotBecome: role/${EXEC} }`);
    expect(c.status).toBe('fail');
    expect(c.message).toContain('cloudformation:UpdateStack on CloudFormation stack App');
    expect(c.message).toContain(EXEC_ARN);
    // What the role can do follows: administrator-equivalent access.
    const n = check(m, '{ id: d, principal: user/dev, noEscalation: true }');
    expect(n.status).toBe('fail');
    expect(n.message).toMatch(/administrator-equivalent/);
  });

  it('a change set created and executed does the same; creating it alone does not', () => {
    const both = assembly(
      devUserResource(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], APP_STACKS),
      CDK_EXEC_PLACEHOLDER,
    );
    const c = check(both, `{ id: d, principal: user/dev, cannotBecome: role/${EXEC} }`);
    expect(c.status).toBe('fail');
    expect(c.message).toContain('cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet');
    const createOnly = assembly(
      devUserResource(['cloudformation:CreateChangeSet'], APP_STACKS),
      CDK_EXEC_PLACEHOLDER,
    );
    expect(check(createOnly, `{ id: d, principal: user/dev, cannotBecome: role/${EXEC} }`).status).toBe(
      'pass',
    );
  });

  it('near misses: another stack, or a stack the manifest deploys with no execution role', () => {
    const other = assembly(
      devUserResource(['cloudformation:UpdateStack'], 'arn:aws:cloudformation:*:*:stack/Other/*'),
      CDK_EXEC_PLACEHOLDER,
    );
    expect(check(other, `{ id: d, principal: user/dev, cannotBecome: role/${EXEC} }`).status).toBe('pass');
    const none = assembly(devUserResource(['cloudformation:UpdateStack'], APP_STACKS), undefined);
    expect(check(none, `{ id: d, principal: user/dev, cannotBecome: role/${EXEC} }`).status).toBe('pass');
  });

  it('the bootstrap not among the inputs: its role may reach any role of the account (indeterminate)', () => {
    const dir = writeTempFiles({
      'cdk.out/manifest.json': {
        version: '36.0.0',
        artifacts: {
          App: {
            type: 'aws:cloudformation:stack',
            environment: `aws://${ACCOUNT}/${REGION}`,
            properties: {
              templateFile: 'App.template.json',
              stackName: 'App',
              cloudFormationExecutionRoleArn: CDK_EXEC_PLACEHOLDER,
            },
          },
        },
      },
      'cdk.out/App.template.json': {
        Resources: {
          ...devUserResource(['cloudformation:UpdateStack'], APP_STACKS),
          ...adminRole('admin'),
        },
      },
    });
    const m = loadModelSync([`${dir}/cdk.out`]);
    const c = check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }');
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join(' ')).toContain(`its service role ${EXEC_ARN}`);
  });

  it('the review reports the update as an escalation, and the chain to administrator access', () => {
    const m = assembly(devUserResource(['cloudformation:UpdateStack'], APP_STACKS), CDK_EXEC_PLACEHOLDER);
    const findings = reviewRisks(compileModel(m)).filter(
      (f) => f.kind === 'privilege-escalation' && f.subject === `arn:aws:iam::${ACCOUNT}:user/dev`,
    );
    const details = findings.map((f) => f.detail);
    expect(details).toContain('cloudformation:UpdateStack on a stack with a service role');
    expect(details).toContain('administrator access, through a chain');
  });
});

describe('a template given alone: its stack role is given at deployment (unknown)', () => {
  const template = {
    Resources: { ...devUserResource(['cloudformation:UpdateStack'], APP_STACKS), ...adminRole('admin') },
  };

  it('UpdateStack on the stack: cannotBecome is indeterminate with the reason (was a pass)', () => {
    const dir = writeTempFiles({ 'App.json': template });
    const m = loadModelSync([`${dir}/App.json`], { account: ACCOUNT });
    const c = check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }');
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join(' ')).toMatch(/RoleARN, given at deployment/);
  });

  it('near miss: UpdateStack on another stack only: pass once the stack is named; named after its file only, the stack may be Other (indeterminate)', () => {
    const dir = writeTempFiles({
      'App.json': {
        Resources: {
          ...devUserResource(['cloudformation:UpdateStack'], 'arn:aws:cloudformation:*:*:stack/Other/*'),
          ...adminRole('admin'),
        },
      },
    });
    const named = loadModelSync([`${dir}/App.json`], { account: ACCOUNT, stackName: 'App' });
    expect(check(named, '{ id: d, principal: user/dev, cannotBecome: role/admin }').status).toBe('pass');
    // Was pass: the file stem App was taken as the stack's name (test/stack-name-unknown.test.ts).
    const alone = loadModelSync([`${dir}/App.json`], { account: ACCOUNT });
    const c = check(alone, '{ id: d, principal: user/dev, cannotBecome: role/admin }');
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join(' ')).toContain('--stack-name');
  });
});

describe('Terraform aws_cloudformation_stack with iam_role_arn', () => {
  const tf = (roleArg: string) => ({
    'main.tf': `provider "aws" {
  region              = "${REGION}"
  allowed_account_ids = ["${ACCOUNT}"]
}
${tfStackAdminAndDev(APP_STACKS)}
resource "aws_cloudformation_stack" "app" {
  name         = "App"
  template_body = jsonencode({ Resources = { Topic = { Type = "AWS::SNS::Topic" } } })
  ${roleArg}
}`,
  });

  it('a known role: the user can become it (was a pass)', () => {
    const m = loadModelSync([writeTempFiles(tf(`iam_role_arn = "arn:aws:iam::${ACCOUNT}:role/admin"`))]);
    const c = check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('cloudformation:UpdateStack on CloudFormation stack App');
  });

  it('near miss: no iam_role_arn and stated none (--stack-role App=none), the stack runs with the caller’s credentials: no stack-role edge', () => {
    // without it, a configuration read alone may update a stack that kept an earlier role: unknown (tf-stack-roles.test.ts)
    const m = loadModelSync([writeTempFiles(tf(''))], { stackRoles: { App: 'none' } });
    const engine = compileModel(m);
    expect(m.stackRoles ?? []).toEqual([]);
    const r = runSpec(
      m,
      parseSpec('version: 1\nexpect:\n  - { id: d, principal: user/dev, cannotBecome: role/admin }\n'),
      {
        engine,
      },
    );
    expect(r.expectations[0]!.checks[0]!.status).toBe('pass');
  });
});

describe('a stack role the inputs do not show, and no role of the inputs to reach', () => {
  it('noEscalation is indeterminate: the template may give the user any permission (was a pass)', () => {
    const dir = writeTempFiles({
      'App.json': { Resources: devUserResource(['cloudformation:UpdateStack'], APP_STACKS) },
    });
    const m = loadModelSync([`${dir}/App.json`], { account: ACCOUNT });
    const c = check(m, '{ id: d, principal: user/dev, noEscalation: true }');
    expect(c.status).toBe('indeterminate');
    expect(c.message).toContain('the service role of CloudFormation stack App');
  });
});

/**
 * The `cannotBecome: target` check of user ops of the delegated administrator of `service`
 * (`delegatedAdminConfig`, with root-admin) allowed `actions` on `*`.
 */
function delegatedVerdict(service: string, label: string, actions: readonly string[], target: string) {
  const statements = [{ Effect: 'Allow', Action: actions, Resource: '*' }];
  const config = delegatedAdminConfig({ service, label, statements, rootAdmin: true });
  const m = loadModelSync([writeTempFiles({ 'main.tf': config })]);
  return check(m, `{ id: d, principal: "arn:aws:iam::${DELEGATED}:user/ops", cannotBecome: "${target}" }`);
}

// AWS CloudFormation API Reference, CreateStackSet `CallAs`: "To create a StackSet with
// service-managed permissions while signed in to a delegated administrator account, specify
// DELEGATED_ADMIN. Your AWS account must be registered as a delegated admin in the management
// account."; AWS Organizations API Reference, RegisterDelegatedAdministrator: "You can only call
// this operation from the management account." (so the registering account is not reached).
describe('a StackSets delegated administrator reaches the member accounts, not the management account', () => {
  const verdict = (actions: readonly string[], target: string) =>
    delegatedVerdict('member.org.stacksets.cloudformation.amazonaws.com', 'stacksets', actions, target);
  const BOTH = ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'];

  it('a principal of the delegated account allowed to create StackSets may become a member account role (was a pass)', () => {
    const c = verdict(BOTH, `arn:aws:iam::${MEMBER}:role/member-admin`);
    expect(c.status).toBe('indeterminate');
    expect(c.message).toContain('cloudformation:CreateStackSet + cloudformation:CreateStackInstances');
  });

  it('near misses: the management account’s roles; a principal allowed only one of the requests', () => {
    expect(verdict(BOTH, `arn:aws:iam::${MANAGEMENT}:role/root-admin`).status).toBe('pass');
    expect(
      verdict(['cloudformation:CreateStackSet'], `arn:aws:iam::${MEMBER}:role/member-admin`).status,
    ).toBe('pass');
  });
});

// IAM Identity Center User Guide, "Delegate permission set administration": "IAM Identity Center
// enables you to delegate management of permission sets and assignments in accounts"; "Register a
// member account": "All users who have sufficient permissions to this delegated administrator
// account can perform all IAM Identity Center administrative tasks from the account, except for:
// [...] Managing permission sets provisioned in the management account [...] Enabling or
// disabling user access in the management account"; "You can only register a member account
// while signed in with credentials from the management account." So a principal of the delegated
// account that may write and assign a permission set may become a role in each member account,
// never in the management account that registers it.
describe('an IAM Identity Center delegated administrator reaches the member accounts, not the management account', () => {
  const ALL = [
    'sso:CreatePermissionSet',
    'sso:PutInlinePolicyToPermissionSet',
    'sso:CreateAccountAssignment',
  ];
  const verdict = (actions: readonly string[], target: string) =>
    delegatedVerdict('sso.amazonaws.com', 'sso', actions, target);

  it('a principal of the delegated account that may write and assign a permission set may become a member account role (indeterminate)', () => {
    const c = verdict(ALL, `arn:aws:iam::${MEMBER}:role/member-admin`);
    expect(c.status).toBe('indeterminate');
    expect(c.message).toContain(
      'sso:CreatePermissionSet + sso:PutInlinePolicyToPermissionSet + sso:CreateAccountAssignment',
    );
    expect(c.message).toContain('delegated administrator of sso.amazonaws.com');
  });

  it('near misses: the management account’s roles; a principal that may not assign the permission set', () => {
    expect(verdict(ALL, `arn:aws:iam::${MANAGEMENT}:role/root-admin`).status).toBe('pass');
    expect(
      verdict(
        ['sso:CreatePermissionSet', 'sso:PutInlinePolicyToPermissionSet'],
        `arn:aws:iam::${MEMBER}:role/member-admin`,
      ).status,
    ).toBe('pass');
  });
});
