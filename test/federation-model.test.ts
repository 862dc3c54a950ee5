// Identity providers in the model (issue 15, "Providers in the model"): OIDC and SAML providers
// of CloudFormation (AWS::IAM::OIDCProvider, CDK's Custom::AWSCDKOpenIdConnectProvider,
// AWS::IAM::SAMLProvider) and Terraform (aws_iam_openid_connect_provider, aws_iam_saml_provider);
// the well-known web identity names as federated principals, not services; a provider a trust
// policy names that the inputs do not define reported as external.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { resolveRequestPrincipal } from '../src/engine/principal.js';
import { isServicePrincipal } from '../src/model/arns.js';
import {
  assumeActionOf,
  claimPrefixOf,
  federationKindOf,
  isWellKnownWebIdentity,
} from '../src/model/federation.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, cfnFederationModel, EKS, GITHUB, SAML, tfFederationModel } from './federation-helpers.js';

const adapters: [string, () => Model][] = [
  ['CloudFormation', cfnFederationModel],
  ['Terraform', tfFederationModel],
];

describe.each(adapters)('identity providers (%s)', (_name, load) => {
  const m = load();

  it('models the OIDC providers (URL without https://, client ids, thumbprints) and the SAML provider', () => {
    const byArn = new Map(m.identityProviders.map((p) => [p.arn, p]));
    expect([...byArn.keys()].sort()).toEqual([EKS, SAML, GITHUB].sort());
    expect(byArn.get(GITHUB)).toMatchObject({
      kind: 'oidc',
      name: 'token.actions.githubusercontent.com',
      account: ACCOUNT,
      clientIds: ['sts.amazonaws.com'],
      thumbprints: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    });
    expect(byArn.get(EKS)).toMatchObject({
      kind: 'oidc',
      name: 'oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789',
    });
    expect(byArn.get(SAML)).toMatchObject({ kind: 'saml', name: 'corp-idp' });
  });

  it('trust policies name the providers by ARN (Ref / .arn resolve to the provider ARN)', () => {
    const deploy = m.roles.find((r) => r.name === 'DeployRole')!;
    expect(deploy.trustPolicy?.statements[0]?.principal?.federated?.values).toEqual([GITHUB]);
    const pod = m.roles.find((r) => r.name === 'PodRole')!;
    expect(pod.trustPolicy?.statements[0]?.principal?.federated?.values).toEqual([EKS]);
  });

  it('a provider a trust policy names but the inputs do not define is external, and said so once', () => {
    const external = m.findings.filter((f) => f.code === 'model/external-identity-provider');
    expect(external).toHaveLength(1);
    expect(external[0]!.message).toContain(`arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`);
    expect(external[0]!.message).toContain('taken to exist outside the inputs');
    expect(external[0]!.severity).toBe('info');
  });
});

describe('federated principals', () => {
  // IAM User Guide, "AWS JSON policy elements: Principal", "Federated user principals"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
  // "Principal": { "Federated": "cognito-identity.amazonaws.com" } ... "accounts.google.com",
  // "graph.facebook.com", "www.amazon.com" name web identity providers, not services.
  it('the well-known web identity names are federated principals, not services', () => {
    for (const name of [
      'cognito-identity.amazonaws.com',
      'accounts.google.com',
      'graph.facebook.com',
      'www.amazon.com',
    ]) {
      expect(isWellKnownWebIdentity(name)).toBe(true);
      expect(isServicePrincipal(name)).toBe(false);
      expect(federationKindOf(name)).toBe('oidc');
      expect(assumeActionOf(name)).toBe('sts:AssumeRoleWithWebIdentity');
    }
    expect(isServicePrincipal('ec2.amazonaws.com')).toBe(true);
    const engine = compileModel(cfnFederationModel());
    const p = resolveRequestPrincipal('cognito-identity.amazonaws.com', engine.principalDirectory);
    expect(p).toMatchObject({ type: 'federated', arn: 'cognito-identity.amazonaws.com', error: undefined });
    expect(resolveRequestPrincipal('accounts.google.com', engine.principalDirectory).type).toBe('federated');
  });

  // "Available keys for AWS web identity federation" (IAM User Guide, "IAM and AWS STS condition
  // context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif):
  // "Define condition keys using the name of the OIDC provider followed by the claim (:aud, :azp,
  // :amr, sub). For roles used by Amazon Cognito, keys are defined using
  // cognito-identity.amazonaws.com followed by the claim."
  it('claim keys are prefixed by the provider URL, the well-known name, or saml', () => {
    expect(claimPrefixOf(GITHUB)).toBe('token.actions.githubusercontent.com');
    expect(claimPrefixOf(EKS)).toBe('oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789');
    expect(claimPrefixOf('cognito-identity.amazonaws.com')).toBe('cognito-identity.amazonaws.com');
    expect(claimPrefixOf(SAML)).toBe('saml');
    expect(assumeActionOf(SAML)).toBe('sts:AssumeRoleWithSAML');
    expect(assumeActionOf(`arn:aws:iam::${ACCOUNT}:role/x`)).toBeUndefined();
  });
});
