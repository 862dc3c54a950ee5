// OIDC and SAML identity providers of the inputs whose ARN or existence the inputs cannot pin
// (a name CloudFormation generates, an issuer URL from the stack name or a variable without a
// value, IAM Identity Center's provider) are listed in the unknown inventory
// (model/unknown-inventory.ts), as roles and managed policies are: one `model/unknown-value`
// warning at the provider's source with why, so the stderr summary, the JSON and SARIF reports
// of the inputs' warnings name it. Before, the inventory skipped `Model.identityProviders`: a
// trust policy naming a provider by ARN was decided against a provider whose ARN nobody said
// was open.
//
// - CloudFormation Template Reference, AWS::IAM::SAMLProvider, Name: "If you don't specify a
//   name, AWS CloudFormation generates a unique physical ID and uses that ID for the SAML provider
//   name." IAM User Guide, "IAM JSON policy elements: Principal": "Federated: 'arn:aws:iam::
//   AWS-account-ID:saml-provider/provider-name'" for SAML session principals: a trust policy
//   names a provider by that ARN, so one whose name is open may or may not be the one named.
//   Only where a policy value other than the provider's own ARN may tell its names apart
//   (model/unknown-inventory.ts `providerNameMatters`): a trust naming it by Ref writes its own ARN.

import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model/types.js';
import { modelUnknowns } from '../src/model/unknown-inventory.js';
import { loadTemplate, loadTerraformFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '123456789012';

const unknownValues = (m: Model) =>
  m.findings.filter((f) => f.code === 'model/unknown-value' && f.severity === 'warning');

/** A role trusting SAML sessions of `principal`. */
const samlRole = (principal: unknown) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRoleWithSAML' }],
    },
  },
});

const generatedSaml = (trust: Record<string, unknown>) =>
  unknownValues(
    loadTemplate(
      {
        Resources: {
          Saml: { Type: 'AWS::IAM::SAMLProvider', Properties: { SamlMetadataDocument: '<x/>' } },
          ...trust,
        },
      },
      { account: ACCOUNT, region: 'us-east-1', stackTags: {} },
    ),
  ).filter((f) => f.source?.logicalId === 'Saml');

describe('identity providers in the unknown inventory', () => {
  it('CloudFormation: a SAML provider whose name is generated, an OIDC provider whose URL holds the stack name', () => {
    const m = loadTemplate(
      {
        Resources: {
          Saml: { Type: 'AWS::IAM::SAMLProvider', Properties: { SamlMetadataDocument: '<x/>' } },
          // a trust naming a provider by a name the generated one may have
          Corp: samlRole({ Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/corp` }),
          Oidc: {
            Type: 'AWS::IAM::OIDCProvider',
            Properties: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
              Url: { 'Fn::Sub': 'https://${AWS::StackName}.example.com' },
              ClientIdList: ['sts.amazonaws.com'],
            },
          },
        },
      },
      { account: ACCOUNT, region: 'us-east-1', stackTags: {} },
    );
    const saml = unknownValues(m).find((f) => f.source?.logicalId === 'Saml');
    expect(saml?.message).toMatch(
      /the ARN of the SAML identity provider arn:aws:iam::123456789012:saml-provider\/\(unknown-generated-Saml-[^)]*\) is known only after deployment/,
    );
    const oidc = unknownValues(m).find((f) => f.source?.logicalId === 'Oidc');
    expect(oidc?.message).toMatch(/the name of stack .* is chosen at deployment/);
  });

  it('Terraform: an OIDC provider whose url is a variable without a value', () => {
    const m = loadTerraformFiles(
      `variable "url" { type = string }
resource "aws_iam_openid_connect_provider" "gh" {
  url            = var.url
  client_id_list = ["sts.amazonaws.com"]
}`,
      { account: ACCOUNT, region: 'us-east-1' },
    );
    const f = unknownValues(m).find((x) => x.source?.address === 'aws_iam_openid_connect_provider.gh');
    expect(f?.message).toMatch(/input variable "url" has no value/);
    // the inventory itself holds the provider's ARN and issuer
    const provider = m.identityProviders[0]!;
    expect(modelUnknowns(m)).toContain(provider.arn);
  });

  // NOISE (hunk24): the warning appeared on aws-cdk's iam-saml-provider template, whose only trust
  // names the provider by Ref: the ARN the trust writes is the provider's own, its unknown part the
  // same unknown, so the trust names it whatever name CloudFormation generates.
  it('a generated name no policy can tell apart (a trust naming the provider by Ref, `*`, saml-provider/*): no warning', () => {
    expect(generatedSaml({ ByRef: samlRole({ Federated: { Ref: 'Saml' } }) })).toEqual([]);
    expect(generatedSaml({})).toEqual([]);
    expect(
      generatedSaml({ Any: samlRole({ Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/*` }) }),
    ).toEqual([]);
  });

  it('a trust naming a provider by a name or pattern the generated name may match: the warning stays', () => {
    for (const federated of [
      `arn:aws:iam::${ACCOUNT}:saml-provider/corp`,
      `arn:aws:iam::${ACCOUNT}:saml-provider/corp-*`,
    ])
      expect(generatedSaml({ Named: samlRole({ Federated: federated }) }), federated).toHaveLength(1);
    // another account's provider never names this one
    expect(
      generatedSaml({ Other: samlRole({ Federated: 'arn:aws:iam::444455556666:saml-provider/corp' }) }),
    ).toEqual([]);
  });

  it('a provider pinned down adds nothing', () => {
    const m = loadTerraformFiles(
      `resource "aws_iam_openid_connect_provider" "gh" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  tags           = {}
}`,
      { account: ACCOUNT, region: 'us-east-1' },
    );
    expect(unknownValues(m)).toEqual([]);
  });
});
