// A policy CloudFormation or Terraform writes, with the stack's or provider's credentials, on a
// target of another account the inputs do not pin down (src/aws/cross-account-writes.ts, given to
// the builder as `UnknownResourceTargetInit.writer` by both adapters): the write is a
// cross-account request, so the resource's own policy must allow the writer's account too. Where the inputs give that policy and no statement
// of it may allow a principal of the writing account one of the policy's writer actions, the write
// cannot happen there; a policy not known, or a statement that may allow it, keeps the write
// (indeterminate). Code run at deployment (a custom resource, a local-exec) is not narrowed: its
// credentials are not pinned (a local-exec runs with the machine's, code may assume a role of the
// other account), so there every resource of the kind stays maybe opened (the tests below pin
// both). Before, a policy resource's unknown target was taken as maybe opening every resource of
// the other account of the kind: a partner's request on a function, topic, secret or key whose policy only its own
// account may change was indeterminate where AWS denies it.
//
// AWS rules pinned here:
// - IAM User Guide, "Cross-account policy evaluation logic": "To allow cross-account access, you
//   attach a resource-based policy to the resource that you want to share. You must also attach an
//   identity-based policy to the identity that acts as the principal in the request."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - Lambda Developer Guide, "Granting Lambda function access to other accounts": "The
//   resource-based policy grants permission for the other account to access the function, but
//   doesn't allow users in that account to exceed their permissions."
//   https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html
// - Secrets Manager User Guide, "Access AWS Secrets Manager secrets from a different account": "To
//   allow users in one account to access secrets in another account (cross-account access), you
//   must allow access both in a resource policy and in an identity policy."; "Resource-based
//   policies granting secretsmanager:PutResourcePolicy permission gives principals, even those in
//   other accounts, the ability to modify your resource-based policies."
//   https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
// - Amazon SNS API Reference, AddPermission: "Adds a statement to a topic's access control policy,
//   granting access for the specified AWS accounts to the specified actions." (a topic policy may
//   allow another account `sns:AddPermission`, a valid action name).

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { ownPolicyMayAllowWrite } from '../src/aws/cross-account-writes.js';
import { compileModel } from '../src/engine/index.js';
import type { ModelBuilder } from '../src/model/builder.js';
import type { Model, ResourceKind } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import {
  localExecAddPermissions,
  OTHER,
  OURS,
  otherAccount,
  otherFunctions,
  PARTNER,
  topicWithPolicy,
} from './helpers/other-account-writes.js';

const doc = (principal: unknown, action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: '*' }],
});

/**
 * The other account: of each kind one resource only it may change (`shut`, `Shut…`) and one whose
 * policy lets our account write it (`open`, `Open…`).
 */
const OTHER_TEMPLATE = {
  Parameters: { Who: { Type: 'String' } },
  Resources: {
    ...otherFunctions({ Shut: 'shut', Open: 'open' }, 'Open'),
    ...topicWithPolicy('ShutTopic', 'shut', doc({ AWS: `arn:aws:iam::${OTHER}:root` }, 'sns:*')),
    ...topicWithPolicy(
      'OpenTopic',
      'open',
      doc({ AWS: `arn:aws:iam::${OURS}:role/setup-role` }, 'SNS:AddPermission'),
    ),
    ShutSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'shut' } },
    OpenSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'open' } },
    OpenSecretPolicy: {
      Type: 'AWS::SecretsManager::ResourcePolicy',
      // a principal the inputs do not give (a parameter without a value): it may be our account
      Properties: {
        SecretId: { Ref: 'OpenSecret' },
        ResourcePolicy: doc({ AWS: { Ref: 'Who' } }, 'secretsmanager:*'),
      },
    },
    ShutKey: {
      Type: 'AWS::KMS::Key',
      Properties: { KeyPolicy: doc({ AWS: `arn:aws:iam::${OTHER}:root` }, 'kms:*') },
    },
    OpenKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: doc({ AWS: '*' }, 'kms:Create*') } },
  },
};

/** The models of the other account's template; with our custom resource (`customResource`). */
const { withOther, customResource } = otherAccount(OTHER_TEMPLATE);

/** What PARTNER (outside the model) may do on the other account's resource of `kind` named `name`. */
function partner(m: Model, kind: ResourceKind, name: string): string {
  const action = {
    'lambda-function': 'lambda:InvokeFunction',
    'sns-topic': 'sns:Publish',
    'secretsmanager-secret': 'secretsmanager:DescribeSecret',
    'kms-key': 'kms:Decrypt',
  }[kind as string]!;
  const r = m.resources.find(
    (x) =>
      x.kind === kind &&
      x.account === OTHER &&
      (kind === 'kms-key' ? x.source.logicalId === name : x.name === name),
  )!;
  return compileModel(m).decide({ principal: PARTNER, action, resource: r.arn }).decision;
}

describe('writes of another account’s resource policies: the adapters’ need that policy to allow the writer, deploy-time code’s stay open', () => {
  it('the inputs alone: the partner is denied everywhere', () => {
    const m = withOther(() => {});
    expect(partner(m, 'lambda-function', 'open')).toBe('deny');
    expect(partner(m, 'sns-topic', 'open')).toBe('deny');
    expect(partner(m, 'secretsmanager-secret', 'shut')).toBe('deny');
  });

  it('a custom resource’s secretsmanager:PutResourcePolicy on the other account’s secrets: both may be opened (the code may act with that account’s credentials)', () => {
    const m = customResource(
      ['secretsmanager:PutResourcePolicy'],
      `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:*`,
    );
    expect(partner(m, 'secretsmanager-secret', 'shut')).toBe('indeterminate');
    expect(partner(m, 'secretsmanager-secret', 'open')).toBe('indeterminate');
  });

  it('a custom resource’s sns:AddPermission on *: both topics may be opened', () => {
    const m = customResource(['sns:AddPermission'], '*');
    expect(partner(m, 'sns-topic', 'shut')).toBe('indeterminate');
    expect(partner(m, 'sns-topic', 'open')).toBe('indeterminate');
  });

  it('a policy of the other account whose target is unknown may be the shut topic’s and let our account write it: the write stays possible (indeterminate), whatever the order of the inputs', () => {
    // our Terraform topic policy on a topic named by a variable (any account's)
    const ours = (b: ModelBuilder) =>
      loadTerraformConfigObject(
        {
          provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [OURS] }] },
          variable: { topic: [{ type: 'string' }] },
          resource: {
            aws_sns_topic_policy: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
              p: [{ arn: '${var.topic}', policy: JSON.stringify(doc({ AWS: PARTNER }, 'sns:Publish')) }],
            },
          },
        },
        b,
      );
    const maybe = (b: ModelBuilder) =>
      loadTemplateObject(
        {
          Parameters: { Target: { Type: 'String' } },
          Resources: {
            Maybe: {
              Type: 'AWS::SNS::TopicPolicy',
              Properties: {
                Topics: [{ Ref: 'Target' }],
                PolicyDocument: doc({ AWS: OURS }, 'sns:AddPermission'),
              },
            },
          },
        },
        b,
        { account: OTHER, region: 'us-east-1', stackName: 'other-later' },
      );
    expect(partner(withOther(ours), 'sns-topic', 'shut')).toBe('deny');
    for (const order of [
      [ours, maybe],
      [maybe, ours],
    ])
      expect(
        partner(
          withOther((b) => {
            for (const load of order) load(b);
          }),
          'sns-topic',
          'shut',
        ),
      ).toBe('indeterminate');
  });

  it('a custom resource’s kms:CreateGrant on the other account’s keys: both keys may be granted', () => {
    const m = customResource(['kms:CreateGrant'], `arn:aws:kms:*:${OTHER}:key/*`);
    expect(partner(m, 'kms-key', 'ShutKey')).toBe('indeterminate');
    expect(partner(m, 'kms-key', 'OpenKey')).toBe('indeterminate');
  });

  it('Terraform local-exec: aws lambda add-permission on two of the other account’s functions: both may be opened (it runs with the machine’s credentials, which may be that account’s)', () => {
    const m = withOther((b) =>
      loadTerraformConfigObject(
        localExecAddPermissions(
          `arn:aws:lambda:us-east-1:${OTHER}:function:open`,
          `arn:aws:lambda:us-east-1:${OTHER}:function:shut`,
        ),
        b,
      ),
    );
    expect(partner(m, 'lambda-function', 'open')).toBe('indeterminate');
    expect(partner(m, 'lambda-function', 'shut')).toBe('indeterminate');
  });

  it('the rule for a policy resource of the inputs whose target is unknown (Terraform aws_lambda_permission on a function named by a variable): only the function allowing our account (was both)', () => {
    const m = withOther((b) =>
      loadTerraformConfigObject(
        {
          provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [OURS] }] },
          variable: { fn: [{ type: 'string' }] },
          resource: {
            aws_lambda_permission: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
              p: [{ function_name: '${var.fn}', action: 'lambda:InvokeFunction', principal: '*' }],
            },
          },
        },
        b,
      ),
    );
    expect(partner(m, 'lambda-function', 'open')).toBe('indeterminate');
    expect(partner(m, 'lambda-function', 'shut')).toBe('deny');
  });

  it('ownPolicyMayAllowWrite: what may let a principal of the account write, read loosely', () => {
    const writes = ['lambda:AddPermission', 'lambda:PutResourcePolicy'];
    const may = (d: unknown) =>
      ownPolicyMayAllowWrite(parsePolicy(d, { kind: 'resource', source: { file: 'test.ts' } }), OURS, writes);
    const st = (s: Record<string, unknown>) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Resource: '*', ...s }],
    });
    expect(ownPolicyMayAllowWrite(undefined, OURS, writes)).toBe(false);
    expect(may(st({ Principal: { AWS: OURS }, Action: 'lambda:*' }))).toBe(true);
    expect(
      may(st({ Principal: { AWS: `arn:aws:iam::${OURS}:role/x` }, Action: 'lambda:addpermission' })),
    ).toBe(true);
    expect(may(st({ Principal: { AWS: 'arn:aws:iam::*:root' }, Action: 'lambda:AddPermission' }))).toBe(true);
    expect(may(st({ Principal: '*', Action: 'lambda:AddPermission' }))).toBe(true);
    expect(may(st({ NotPrincipal: { AWS: OTHER }, Action: 'lambda:AddPermission' }))).toBe(true);
    expect(may(st({ Principal: { AWS: OURS }, NotAction: 'lambda:InvokeFunction' }))).toBe(true);
    // another account, a service, an action that writes nothing, a Deny
    expect(may(st({ Principal: { AWS: OTHER }, Action: 'lambda:*' }))).toBe(false);
    expect(may(st({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'lambda:*' }))).toBe(false);
    expect(may(st({ Principal: { AWS: OURS }, Action: 'lambda:InvokeFunction' }))).toBe(false);
    expect(may(st({ Effect: 'Deny', Principal: { AWS: OURS }, Action: 'lambda:*' }))).toBe(false);
  });
});
