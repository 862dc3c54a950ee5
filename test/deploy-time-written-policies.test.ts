// Deploy-time runs that may write Lambda function policies (aws/function-role-changes.ts
// `writtenGrants`): a written policy may allow the writer's role, or another run's role, to invoke
// the function, whose code then acts as the function's role; decided to a fixed point (a function
// reached that way may write the policy of a third, and so on). Lambda Developer Guide, "Working
// with resource-based policies in Lambda": "With resource-based permissions policies, you can
// grant other AWS accounts, users, organizations, and AWS services access to your Lambda
// functions"; Lambda API Reference, AddPermission: "Grants a principal permission to use a
// function." IAM User Guide, "Policy evaluation logic": "Within an account, ... an identity-based
// policy or a resource-based policy can grant access". A written bucket policy grants only on that
// bucket, whose policy is unknown already: no further reach.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { customResourceResources, lambdaTrust } from './helpers/custom-resource-template.js';
import { ACCOUNT, ADMIN_POLICY, appDeletesBucket } from './helpers/trust-only-reach.js';
import { loadTemplate } from './helpers/temp-inputs.js';

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** A function `name` (not run at deployment) whose role may do `actions` on `resource`. */
function lambda(id: string, name: string, actions: string[], resource: string): Record<string, unknown> {
  return {
    [`${id}Role`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: `${name}-role`,
        AssumeRolePolicyDocument: lambdaTrust,
        ...(actions.includes('*')
          ? { ManagedPolicyArns: [ADMIN_POLICY] }
          : {
              Policies: [
                {
                  PolicyName: 'p',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
                  },
                },
              ],
            }),
      },
    },
    [id]: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: 'exports.handler = async () => {}' },
        Role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] },
      },
    },
  };
}

function load(setupActions: string[], setupResource: string, extra: Record<string, unknown>): Model {
  return loadTemplate(
    { Resources: { ...customResourceResources(setupActions, setupResource), ...extra } },
    { account: ACCOUNT, region: 'us-east-1' },
  );
}

/** Whether role `app` may write its own policies (a principal change, no resource policy involved). */
const appPutsRolePolicy = (m: Model) =>
  compileModel(m).decide({
    principal: `arn:aws:iam::${ACCOUNT}:role/app`,
    action: 'iam:PutRolePolicy',
    resource: `arn:aws:iam::${ACCOUNT}:role/app`,
  }).decision;

const messages = (m: Model) => m.findings.map((f) => f.message).join('\n');

describe('a run that may write a function policy may invoke that function', () => {
  it('lambda:AddPermission on an admin function: the function role bounds the run (indeterminate)', () => {
    const m = load(['lambda:AddPermission'], fnArn('admin-fn'), lambda('AdminFn', 'admin-fn', ['*'], '*'));
    expect(appDeletesBucket(m)).toBe('indeterminate');
    expect(messages(m)).toContain(
      'may be allowed to invoke a function whose policy custom resource Setup may write',
    );
  });

  it('lambda:AddPermission on a function whose role only writes logs: no more than its policy (pass)', () => {
    const m = load(
      ['lambda:AddPermission'],
      fnArn('logs-fn'),
      lambda('LogsFn', 'logs-fn', ['logs:PutLogEvents'], '*'),
    );
    expect(appDeletesBucket(m)).toBe('deny');
  });

  it('a fixed point: the invoked function may write the policy of a third, an admin one (indeterminate)', () => {
    const m = load(['lambda:AddPermission'], fnArn('middle'), {
      ...lambda('Middle', 'middle', ['lambda:AddPermission'], fnArn('admin-fn')),
      ...lambda('AdminFn', 'admin-fn', ['*'], '*'),
    });
    expect(appDeletesBucket(m)).toBe('indeterminate');
  });

  it("a policy one run may write widens another run's role too (its finding says so)", () => {
    // The written function's role may write the policies of role `app` only: a bounded change,
    // which both runs may then make (a run that may grant another may grant itself: the same reach).
    const m = load(['lambda:AddPermission'], fnArn('app-writer'), {
      ...lambda('OtherFn', 'other-setup', ['logs:PutLogEvents'], '*'),
      Other: { Type: 'Custom::Other', Properties: { ServiceToken: { 'Fn::GetAtt': ['OtherFn', 'Arn'] } } },
      ...lambda('AppWriter', 'app-writer', ['iam:PutRolePolicy'], `arn:aws:iam::${ACCOUNT}:role/app`),
    });
    expect(appPutsRolePolicy(m)).toBe('indeterminate');
    const other = m.findings.find((f) => f.message.startsWith('custom resource Other '));
    expect(other?.message).toContain(
      'whose role other-setup-role may be allowed to invoke a function whose policy custom resource Setup may write',
    );
  });

  it('lambda:AddPermission on any function of the account: anything (indeterminate)', () => {
    const m = load(['lambda:AddPermission'], '*', {});
    expect(appDeletesBucket(m)).toBe('indeterminate');
    expect(messages(m)).toContain('may be any function of its account');
  });
});

describe('which actions write a function policy', () => {
  it('lambda:AddPermission with an action of another service whose kinds are not known: still followed (indeterminate)', () => {
    const m = load(['lambda:AddPermission', 's3:PutBucketAcl'], '*', {});
    expect(appDeletesBucket(m)).toBe('indeterminate');
  });

  it('lambda:PutResourcePolicy on an admin function: followed as lambda:AddPermission (indeterminate)', () => {
    const m = load(
      ['lambda:PutResourcePolicy'],
      fnArn('admin-fn'),
      lambda('AdminFn', 'admin-fn', ['*'], '*'),
    );
    expect(appDeletesBucket(m)).toBe('indeterminate');
  });

  it('s3:PutBucketAcl alone writes no function policy: the run does not reach the admin function (deny)', () => {
    const m = load(['s3:PutBucketAcl'], 'arn:aws:s3:::data', lambda('AdminFn', 'admin-fn', ['*'], '*'));
    expect(appPutsRolePolicy(m)).toBe('deny');
  });
});

describe('a written bucket policy grants on that bucket only (already a fixed point)', () => {
  it('s3:PutBucketPolicy on one bucket, and another run whose role only writes logs: neither reaches further', () => {
    const m = load(['s3:PutBucketPolicy'], 'arn:aws:s3:::data', {
      ...lambda('OtherFn', 'other-setup', ['logs:PutLogEvents'], '*'),
      Other: { Type: 'Custom::Other', Properties: { ServiceToken: { 'Fn::GetAtt': ['OtherFn', 'Arn'] } } },
    });
    expect(appPutsRolePolicy(m)).toBe('deny');
    expect(m.findings.some((f) => f.message.startsWith('custom resource Other '))).toBe(false);
  });
});
