// Federated callers as requests (issue 15, "Requests and specs"): the reference syntax of
// src/requests/federated.ts resolves to the provider with the token's claims as the request
// context, and sts:AssumeRoleWithWebIdentity / AssumeRoleWithSAML follow the documented rules: the
// trust policy must allow, and the caller has no identity policies.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { decideRequest } from '../src/requests/decide.js';
import { parseFederatedRef } from '../src/requests/federated.js';
import { resolvePrincipalRef, UnknownReferenceError } from '../src/requests/references.js';
import { resolveRequest } from '../src/requests/request.js';
import {
  ACCOUNT,
  cfnFederationModel,
  EKS,
  GITHUB,
  role,
  SAML,
  tfFederationModel,
} from './federation-helpers.js';
import { runCli } from './fixtures/cli/run.js';

const model = cfnFederationModel();
const engine = compileModel(model);
const origin = { label: (...p: string[]) => p.join('.'), at: () => ({}) };

describe('the federated caller syntax', () => {
  // GitHub Docs, "OpenID Connect", "Example subject claims"
  // (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims):
  // "Syntax: repo:ORG-NAME/REPO-NAME:ref:refs/heads/BRANCH-NAME", "repo:ORG-NAME/REPO-NAME:pull_request",
  // "repo:ORG-NAME/REPO-NAME:environment:ENVIRONMENT-NAME", "repo:ORG-NAME/REPO-NAME:ref:refs/tags/TAG-NAME".
  it('github:OWNER/REPO@REF is GitHub Actions with the sub claim of that ref, aud sts.amazonaws.com by default', () => {
    const c = parseFederatedRef(model, 'github:acme/infra@refs/heads/main');
    expect(c.principal).toBe(GITHUB);
    expect(c.claims).toEqual({
      'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
    });
    expect(c.defaults).toEqual({ 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' });
    const sub = (ref: string) =>
      parseFederatedRef(model, ref).claims['token.actions.githubusercontent.com:sub'];
    expect(sub('github:acme/infra@main')).toBe('repo:acme/infra:ref:refs/heads/main');
    expect(sub('github:acme/infra@refs/tags/v1')).toBe('repo:acme/infra:ref:refs/tags/v1');
    expect(sub('github:acme/infra@pull_request')).toBe('repo:acme/infra:pull_request');
    expect(sub('github:acme/infra@environment:prod')).toBe('repo:acme/infra:environment:prod');
    expect(() => parseFederatedRef(model, 'github:acme/infra')).toThrow(/add @REF/);
    expect(parseFederatedRef(model, 'github:acme/*', { patterns: true }).claims).toEqual({
      'token.actions.githubusercontent.com:sub': 'repo:acme/*',
    });
  });

  it('oidc:ISSUER with claims, by issuer, URL or ARN; a claim may be written in full', () => {
    const c = parseFederatedRef(
      model,
      'oidc:https://token.actions.githubusercontent.com sub=repo:x/y:pull_request aud=sts.amazonaws.com',
    );
    expect(c.principal).toBe(GITHUB);
    expect(c.claims).toEqual({
      'token.actions.githubusercontent.com:sub': 'repo:x/y:pull_request',
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
    });
    expect(parseFederatedRef(model, `oidc:${EKS} sub=a`).principal).toBe(EKS);
    expect(parseFederatedRef(model, 'oidc:accounts.google.com aud=app').principal).toBe(
      'accounts.google.com',
    );
    // A provider the inputs do not define: in the model's account.
    expect(parseFederatedRef(model, 'oidc:gitlab.example.com').principal).toBe(
      `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`,
    );
    expect(() => parseFederatedRef(model, 'oidc:token.actions.githubusercontent.com sub')).toThrow(
      /CLAIM=VALUE/,
    );
    expect(() => parseFederatedRef(model, 'github:acme/infra@main sub=repo:acme/*')).toThrow(/pattern/);
  });

  // IAM User Guide, "Available keys for AWS web identity federation": the EKS example keys
  // "oidc.eks.us-east-1.amazonaws.com/id/111122223333:sub": "system:serviceaccount:default:assumer";
  // Cognito's amr "If the user is authenticated, the key contains the value authenticated".
  it('eks:NAMESPACE/SA, cognito:POOL and saml:PROVIDER', () => {
    const eks = parseFederatedRef(model, 'eks:payments/api');
    expect(eks.principal).toBe(EKS);
    expect(eks.claims).toEqual({
      'oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789:sub': 'system:serviceaccount:payments:api',
    });
    const cognito = parseFederatedRef(
      model,
      'cognito:us-west-2:11111111-2222-3333-4444-555555555555@unauthenticated',
    );
    expect(cognito.principal).toBe('cognito-identity.amazonaws.com');
    expect(cognito.claims).toEqual({
      'cognito-identity.amazonaws.com:aud': 'us-west-2:11111111-2222-3333-4444-555555555555',
      'cognito-identity.amazonaws.com:amr': ['unauthenticated'],
    });
    const saml = parseFederatedRef(model, 'saml:corp-idp sub=jdoe');
    expect(saml.principal).toBe(SAML);
    expect(saml.claims).toEqual({ 'saml:sub': 'jdoe' });
    expect(saml.defaults).toEqual({ 'saml:aud': 'https://signin.aws.amazon.com/saml' });
  });

  it('a malformed reference is an input error naming what to write', () => {
    expect(() => resolvePrincipalRef(model, 'github:acme')).toThrow(UnknownReferenceError);
    expect(() => resolvePrincipalRef(model, 'cognito:pool@sometimes')).toThrow(
      /authenticated or unauthenticated/,
    );
    expect(resolvePrincipalRef(model, 'cognito-identity.amazonaws.com').kind).toBe('federated');
    expect(resolvePrincipalRef(model, GITHUB).kind).toBe('federated');
  });
});

describe.each([
  ['CloudFormation', engine],
  ['Terraform', compileModel(tfFederationModel())],
])('sts:AssumeRoleWithWebIdentity and AssumeRoleWithSAML (%s)', (_name, e) => {
  const d = (principal: string, action: string, r: string, context?: Record<string, string>) => {
    const req = resolveRequest(
      e,
      { principal, action, resource: role(r), ...(context ? { context } : {}) },
      0,
      origin,
      {},
    );
    return decideRequest(e, req, true).decision;
  };
  const WEB = 'sts:AssumeRoleWithWebIdentity';

  // IAM User Guide, "Create a role for OpenID Connect federation": the trust policy names the
  // provider and tests its claims; GitHub's "Configuring OpenID Connect in Amazon Web Services":
  // "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
  // "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/octo-branch" }.
  it('the trust policy decides on the token claims', () => {
    expect(d('github:acme/infra@refs/heads/main', WEB, 'DeployRole').decision).toBe('allow');
    expect(d('github:acme/infra@refs/heads/dev', WEB, 'DeployRole').decision).toBe('deny');
    expect(d('github:evil/x@refs/heads/main', WEB, 'DeployRole').decision).toBe('deny');
    expect(d('github:acme/infra@main aud=other', WEB, 'DeployRole').decision).toBe('deny');
    // No sub condition: any repository.
    expect(d('github:evil/x@refs/heads/main', WEB, 'DeployNoSub').decision).toBe('allow');
    // StringLike repo:acme/*: any repository of the owner, any ref.
    expect(d('github:acme/other@pull_request', WEB, 'DeployAnyRepo').decision).toBe('allow');
    expect(d('github:evil/x@main', WEB, 'DeployAnyRepo').decision).toBe('deny');
    expect(d('github:acme/infra@pull_request', WEB, 'DeployAnyBranch').decision).toBe('allow');
    expect(d('eks:payments/api', WEB, 'PodRole').decision).toBe('allow');
    expect(d('eks:payments/worker', WEB, 'PodRole').decision).toBe('deny');
    expect(d('eks:payments/worker', WEB, 'PodRoleAnyAccount').decision).toBe('allow');
    expect(
      d('cognito:us-west-2:11111111-2222-3333-4444-555555555555', WEB, 'CognitoAuthenticated').decision,
    ).toBe('allow');
    expect(
      d('cognito:us-west-2:11111111-2222-3333-4444-555555555555@unauthenticated', WEB, 'CognitoAuthenticated')
        .decision,
    ).toBe('deny');
    expect(
      d('cognito:us-west-2:99999999-8888-7777-6666-555555555555', WEB, 'CognitoAuthenticated').decision,
    ).toBe('deny');
    expect(d('cognito:us-west-2:99999999-8888-7777-6666-555555555555', WEB, 'CognitoAnyPool').decision).toBe(
      'allow',
    );
    expect(d('saml:corp-idp', 'sts:AssumeRoleWithSAML', 'SamlEngineers').decision).toBe('allow');
    expect(
      d('saml:corp-idp aud=https://evil.example.com/saml', 'sts:AssumeRoleWithSAML', 'SamlEngineers')
        .decision,
    ).toBe('deny');
    // A provider outside the inputs is taken to exist: its trust decides.
    expect(
      d(
        'oidc:gitlab.example.com sub=project_path:acme/app:ref_type:branch:ref:main aud=https://gitlab.example.com',
        WEB,
        'GitlabRole',
      ).decision,
    ).toBe('allow');
  });

  // AWS STS API Reference, "AssumeRoleWithWebIdentity": "Calling AssumeRoleWithWebIdentity does
  // not require the use of AWS security credentials. ... the identity of the caller is validated by
  // using a token from the web identity provider."
  it('only a web identity calls AssumeRoleWithWebIdentity, only a SAML user AssumeRoleWithSAML', () => {
    const admin = d(`arn:aws:iam::${ACCOUNT}:role/AdminRole`, WEB, 'DeployRole');
    expect(admin.decision).toBe('deny');
    expect(admin.trace?.map((t) => t.message).join('\n')).toContain('called with a web identity token');
    expect(d('saml:corp-idp', WEB, 'DeployRole').decision).toBe('deny');
    expect(d('github:acme/infra@main', 'sts:AssumeRoleWithSAML', 'SamlEngineers').decision).toBe('deny');
    expect(d('anonymous', WEB, 'DeployNoSub').decision).toBe('deny');
  });

  // IAM User Guide, "Compare AWS STS credentials": the credentials come from the AssumeRole* call;
  // the caller has no identity policies of its own.
  it('a federated caller can do nothing else until it is a role session', () => {
    const s3 = d('github:acme/infra@main', 's3:GetObject', 'DeployRole');
    expect(s3.decision).toBe('deny');
    expect(s3.trace?.map((t) => t.message).join('\n')).toContain(
      'no AWS credentials until it assumes a role',
    );
    // sts:TagSession is part of AssumeRoleWithSAML when the assertion passes session tags.
    expect(d('saml:corp-idp', 'sts:TagSession', 'SamlEngineers').decision).toBe('allow');
  });
});

describe('explain and eval with a federated caller', () => {
  // GitHub Docs, "OpenID Connect", "Example subject claims": "repo:ORG-NAME/REPO-NAME:ref:refs/heads/BRANCH-NAME".
  it('explain shows the token claims as the request context and decides on them', async () => {
    const r = await runCli([
      'explain',
      'tf-example/',
      '--principal',
      'github:evil/x@main',
      '--action',
      'sts:AssumeRoleWithWebIdentity',
      '--resource',
      'role/Company1-GitHubDeploy-Role',
    ]);
    expect(r.stdout).toMatch(/^DENY/);
    expect(r.stdout).toContain(
      'context    token.actions.githubusercontent.com:sub = repo:evil/x:ref:refs/heads/main',
    );
    const ok = await runCli([
      'explain',
      'tf-example/',
      '--principal',
      'github:company1/infra@refs/heads/main',
      '--action',
      'sts:AssumeRoleWithWebIdentity',
      '--resource',
      'role/Company1-GitHubDeploy-Role',
    ]);
    expect(ok.stdout).toMatch(/^ALLOW/);
  });
});
