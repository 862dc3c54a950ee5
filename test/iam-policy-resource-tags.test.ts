// IAM customer managed policies (and identity providers) as the resource of a request: their
// tags are the request's aws:ResourceTag/* (engine/outside-resource-tags.ts). Before, the model
// had no tags for a managed policy, so `iamspec eval` decided `iam:CreatePolicyVersion` under
// `StringEquals aws:ResourceTag/team: dev` as a plain deny on a policy tagged team=dev (a
// rewrite of the policy the principal holds: an escalation), and noEscalation could not tell a
// policy tagged otherwise from it.
//
// - The Service Authorization Reference, "Actions, resources, and condition keys for AWS
//   Identity and Access Management (IAM)", lists the condition key aws:ResourceTag/${TagKey} for
//   the resource types policy (arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}),
//   oidc-provider and saml-provider (and instance-profile, mfa, server-certificate, whose tags
//   the model does not keep: unknown).
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
// - TagOpenIDConnectProvider: "Access control - Include tags in IAM identity-based and
//   resource-based policies. You can use tags to restrict access to only an OIDC provider that
//   has a specified tag attached." (IAM API Reference)
// - aws:ResourceTag/tag-key: "Use this key to compare the tag key-value pair that you specify in
//   the policy with the key-value pair attached to the resource." (IAM User Guide, "AWS global
//   condition context keys")
// - AWS::IAM::ManagedPolicy has no Tags property (CloudFormation resource reference: Description,
//   Groups, ManagedPolicyName, Path, PolicyDocument, Roles, Users): its tags are the stack-level
//   ones CloudFormation may propagate, which may be absent (adapters/cloudformation/stack-tags.ts).

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { modelUnknowns } from '../src/model/unknown-inventory.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { ACCOUNT, DEV, POLICY, policyTagsTerraform, rewriteTeamDev } from './helpers/policy-tags.js';
import { loadTemplate, loadTerraformFiles } from './helpers/temp-inputs.js';

const REWRITE = rewriteTeamDev(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion']);

const terraform = (tags: string) => policyTagsTerraform(tags, REWRITE, { attach: true });

function verdicts(model: Model, resource = POLICY) {
  const engine = compileModel(model);
  const spec = parseSpec('version: 1\nexpect:\n  - { id: dev, principal: user/dev, noEscalation: true }\n');
  return {
    eval: engine.decide({ principal: DEV, action: 'iam:CreatePolicyVersion', resource }).decision,
    noEscalation: runSpec(model, spec, { engine }).expectations[0]!.status,
  };
}

describe('Terraform aws_iam_policy tags are its aws:ResourceTag', () => {
  it('tagged team=dev: the rewrite is allowed (was: deny) and noEscalation fails', () => {
    expect(verdicts(loadTerraformFiles(terraform('tags = { team = "dev" }')))).toEqual({
      eval: 'allow',
      noEscalation: 'fail',
    });
  });
  it('tagged team=ops: denied, and noEscalation passes (was: fail, the tag free)', () => {
    expect(verdicts(loadTerraformFiles(terraform('tags = { team = "ops" }')))).toEqual({
      eval: 'deny',
      noEscalation: 'pass',
    });
  });
  it('tags the configuration does not show (a variable): indeterminate, never no tags', () => {
    const files = { 'main.tf': `${terraform('tags = var.tags')}\nvariable "tags" { type = map(string) }\n` };
    const model = loadTerraformFiles(files);
    expect(verdicts(model).eval).toBe('indeterminate');
    // and the unknown inventory lists it
    expect(modelUnknowns(model).some((u) => /tags/.test(u.reason))).toBe(true);
  });
  it('a policy the inputs do not define (imported, AWS managed): its tags are unknown, not absent', () => {
    const model = loadTerraformFiles(terraform(''));
    expect(verdicts(model, `arn:aws:iam::${ACCOUNT}:policy/imported`).eval).toBe('indeterminate');
    expect(verdicts(model, 'arn:aws:iam::aws:policy/ReadOnlyAccess').eval).toBe('indeterminate');
  });
  it('the other IAM resource types listing aws:ResourceTag (instance-profile, mfa, server-certificate): unknown tags', () => {
    const anyIam = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...REWRITE.Statement[0], Action: 'iam:*' }],
    });
    const engine = compileModel(
      loadTerraformFiles(
        terraform('').replace(JSON.stringify(JSON.stringify(REWRITE)), JSON.stringify(anyIam)),
      ),
    );
    for (const [action, resource] of [
      ['iam:AddRoleToInstanceProfile', 'instance-profile/web'],
      ['iam:DeactivateMFADevice', 'mfa/dev'],
      ['iam:DeleteServerCertificate', 'server-certificate/site'],
    ])
      expect(
        engine.decide({ principal: DEV, action: action!, resource: `arn:aws:iam::${ACCOUNT}:${resource}` })
          .decision,
      ).toBe('indeterminate');
  });
});

const template = {
  Resources: {
    App: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: 'app',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        },
        Users: [{ Ref: 'Dev' }],
      },
    },
    Dev: {
      Type: 'AWS::IAM::User',
      Properties: { UserName: 'dev', Policies: [{ PolicyName: 'p', PolicyDocument: REWRITE }] },
    },
  },
};

describe('CloudFormation AWS::IAM::ManagedPolicy: only the stack-level tags, which may be absent', () => {
  it('a stack tagged team=dev: the rewrite may be allowed (was: deny)', () => {
    const model = loadTemplate(template, { account: ACCOUNT, stackTags: { team: 'dev' } });
    expect(verdicts(model).eval).toBe('indeterminate');
  });
  it('a bare template (stack tags given at deployment): indeterminate (was: deny)', () => {
    expect(verdicts(loadTemplate(template, { account: ACCOUNT })).eval).toBe('indeterminate');
  });
  it('a stack without tags: the policy has none, denied, and noEscalation passes', () => {
    expect(verdicts(loadTemplate(template, { account: ACCOUNT, stackTags: {} }))).toEqual({
      eval: 'deny',
      noEscalation: 'pass',
    });
  });
});

const UPDATE_PROVIDER = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'iam:UpdateOpenIDConnectProviderThumbprint',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'dev' } },
    },
  ],
};
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const updateProvider = (model: Model) =>
  compileModel(model).decide({
    principal: DEV,
    action: 'iam:UpdateOpenIDConnectProviderThumbprint',
    resource: PROVIDER,
  }).decision;

describe('identity providers: their tags are their aws:ResourceTag', () => {
  const tf = (tags: string) => `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
resource "aws_iam_openid_connect_provider" "gh" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  ${tags}
}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  name   = "p"
  user   = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify(UPDATE_PROVIDER))}
}
`;
  it('Terraform aws_iam_openid_connect_provider tags (was: deny on team=dev)', () => {
    expect(updateProvider(loadTerraformFiles(tf('tags = { team = "dev" }')))).toBe('allow');
    expect(updateProvider(loadTerraformFiles(tf('tags = { team = "ops" }')))).toBe('deny');
  });
  it('CloudFormation AWS::IAM::OIDCProvider Tags (was: deny on team=dev)', () => {
    const cfn = (team: string) => ({
      Resources: {
        Gh: {
          Type: 'AWS::IAM::OIDCProvider',
          Properties: {
            Url: 'https://token.actions.githubusercontent.com',
            ClientIdList: ['sts.amazonaws.com'],
            Tags: [{ Key: 'team', Value: team }],
          },
        },
        Dev: {
          Type: 'AWS::IAM::User',
          Properties: { UserName: 'dev', Policies: [{ PolicyName: 'p', PolicyDocument: UPDATE_PROVIDER }] },
        },
      },
    });
    expect(updateProvider(loadTemplate(cfn('dev'), { account: ACCOUNT, stackTags: {} }))).toBe('allow');
    expect(updateProvider(loadTemplate(cfn('ops'), { account: ACCOUNT, stackTags: {} }))).toBe('deny');
  });
});
