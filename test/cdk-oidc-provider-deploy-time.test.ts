// CDK's OpenIdConnectProvider (aws-cdk-lib/aws-iam) is a custom resource,
// `Custom::AWSCDKOpenIdConnectProvider`, answered by a Lambda function the construct adds: its
// code runs when the stack is deployed, bounded by the function's role, like any custom resource
// (src/adapters/cloudformation/handlers/sdk-calls.ts, src/aws/function-role-changes.ts). Before,
// the identity-provider handler (handlers/identity-providers.ts) replaced the custom-resource
// handling: a provider whose function's role may attach policies gave no warning, and checks that
// depend on what it may change passed. Now the provider is added on top of that handling (the
// handler table, handlers/index.ts, runs it for every `Custom::` type).
//
// AWS CDK API Reference, aws-cdk-lib.aws_iam.OpenIdConnectProvider: "IAM OIDC identity providers
// are entities in IAM that describe an external identity provider (IdP) service that supports the
// OpenID Connect (OIDC) standard"; "This implementation has default values for thumbprints and
// clientIds props that will be compatible with the eks cluster", "@resource
// AWS::CloudFormation::CustomResource" (its type written `Custom::AWSCDKOpenIdConnectProvider`).
// The provider function's role is given the provider writes only (aws-cdk-lib/aws-iam README,
// "Custom Lambda Role for OIDC Providers": "You must add the required permissions manually", then
// 'iam:CreateOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider',
// 'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:AddClientIDToOpenIDConnectProvider',
// 'iam:RemoveClientIDFromOpenIDConnectProvider'). IAM API Reference, CreateOpenIDConnectProvider:
// "Creates an IAM entity to describe an identity provider (IdP) that supports OpenID Connect
// (OIDC). The OIDC provider that you create with this operation can be used as a principal in a
// role's trust policy." They write no policy (aws/access-changes.ts), so CDK's own provider keeps
// the account's checks decided.
// CloudFormation User Guide, "Lambda-backed custom resources": "When you associate a Lambda
// function with a custom resource, the function is invoked whenever the custom resource is
// created, updated, or deleted."

import { describe, expect, it } from 'vitest';
import { accessChangeOf } from '../src/aws/access-changes.js';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { customResourceResources } from './helpers/custom-resource-template.js';

const ACCOUNT = '111122223333';
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;

/** Roles app and setup-role, function setup, and an OIDC provider answered by function setup. */
function model(actions: string[], serviceToken: unknown = { 'Fn::GetAtt': ['Fn', 'Arn'] }): Model {
  const { Setup: _setup, ...resources } = customResourceResources(actions);
  const template = {
    Resources: {
      ...resources,
      Provider: {
        Type: 'Custom::AWSCDKOpenIdConnectProvider',
        Properties: {
          ServiceToken: serviceToken,
          Url: 'https://token.actions.githubusercontent.com',
          ClientIDList: ['sts.amazonaws.com'],
          ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
        },
      },
    },
  };
  const b = new ModelBuilder();
  loadTemplateObject(template, b, { account: ACCOUNT, region: 'us-east-1', stackName: 'app' });
  return b.build();
}

const deleteElsewhere = { principal: APP, action: 's3:DeleteBucket', resource: 'arn:aws:s3:::elsewhere' };

describe("CDK's OpenIdConnectProvider custom resource", () => {
  it("a provider function whose role may attach policies: warned, the app role's access indeterminate", () => {
    const m = model(['iam:AttachRolePolicy', 'iam:CreateOpenIDConnectProvider']);
    expect(m.identityProviders.map((p) => p.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    ]);
    const warning = m.findings.find((f) => f.code === 'cfn/custom-resource-changes-access');
    expect(warning?.message).toContain('custom resource Provider runs the function');
    expect(compileModel(m).decide(deleteElsewhere).decision).toBe('indeterminate');
  });

  it('a ServiceToken the inputs do not pin down: anything, with why', () => {
    const m = model(['iam:CreateOpenIDConnectProvider'], 'arn:aws:sns:us-east-1:111122223333:provider');
    expect(m.findings.find((f) => f.code === 'cfn/custom-resource-changes-access')?.message).toContain(
      'is not a Lambda function',
    );
    expect(compileModel(m).decide(deleteElsewhere).decision).toBe('indeterminate');
  });

  it("CDK's own provider role (OIDC provider actions only) changes no access: the check is decided", () => {
    const m = model([
      'iam:CreateOpenIDConnectProvider',
      'iam:DeleteOpenIDConnectProvider',
      'iam:UpdateOpenIDConnectProviderThumbprint',
      'iam:AddClientIDToOpenIDConnectProvider',
      'iam:RemoveClientIDFromOpenIDConnectProvider',
    ]);
    expect(m.findings.filter((f) => f.code === 'cfn/custom-resource-changes-access')).toEqual([]);
    expect(compileModel(m).decide(deleteElsewhere).decision).toBe('deny');
    expect(m.identityProviders).toHaveLength(1);
  });

  it('identity-provider writes change no policy; tagging a provider and other IAM writes still do', () => {
    expect(accessChangeOf('iam:CreateOpenIDConnectProvider')).toBeUndefined();
    expect(accessChangeOf('iam:UpdateSAMLProvider')).toBeUndefined();
    expect(accessChangeOf('iam:TagOpenIDConnectProvider')?.principals).toBe(true);
    expect(accessChangeOf('iam:AttachRolePolicy')?.principals).toBe(true);
  });
});
