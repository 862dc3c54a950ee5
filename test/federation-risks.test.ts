// Review findings for weak federated trusts (issue 15, "Review"): OIDC trusts without `sub` or
// `aud` conditions, StringLike wildcards over GitHub repositories, Cognito trusts without
// `aud` / `amr`, SAML trusts without `SAML:aud` (src/analysis/federated-trust.ts), on the
// CloudFormation fixture and its Terraform twin.

import { describe, expect, it } from 'vitest';
import { assumeChain } from '../src/analysis/chains.js';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import { cfnFederationModel, role, tfFederationModel } from './federation-helpers.js';

describe.each([
  ['CloudFormation', cfnFederationModel],
  ['Terraform', tfFederationModel],
])('weak federated trusts (%s)', (_name, load) => {
  const engine = compileModel(load());
  const findings = weakFederatedTrusts(engine);
  const of = (name: string) => findings.filter((f) => f.subject === role(name)).map((f) => f.message);

  // GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": "AWS Identity and Access
  // Management (IAM) recommends that users evaluate the IAM condition key,
  // token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
  // OIDC identity provider (IdP). Evaluating this condition key in the role trust policy limits
  // which GitHub actions are able to assume the role."
  it('an OIDC trust without sub: any GitHub repository (high), naming the trust statement', () => {
    const f = findings.find((x) => x.subject === role('DeployNoSub'))!;
    expect(f.severity).toBe('high');
    expect(f.message).toContain('no token.actions.githubusercontent.com:sub condition');
    expect(f.message).toContain('any GitHub repository');
    expect(f.statements.map((s) => s.stage)).toContain('trust');
  });

  // GitHub Docs, "OpenID Connect", "Example subject claims": "repo:ORG-NAME/REPO-NAME:..." - a
  // StringLike `repo:acme/*` admits every repository of the owner.
  it('StringLike over repositories is a finding; a wildcard over branches of one repository is not', () => {
    expect(of('DeployAnyRepo').join('\n')).toContain('wildcard over repositories (repo:acme/*)');
    expect(of('DeployAnyBranch')).toEqual([]);
    expect(of('DeployRole')).toEqual([]);
  });

  // IAM User Guide, "Available keys for AWS web identity federation"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif):
  // "cognito-identity.amazonaws.com:aud" is the identity pool ID; amr "If the user is
  // unauthenticated, the key contains only unauthenticated".
  it('Cognito without aud (any identity pool) is high; with aud and amr authenticated, nothing', () => {
    const any = findings.find((x) => x.subject === role('CognitoAnyPool'))!;
    expect(any.severity).toBe('high');
    expect(any.message).toContain('cognito-identity.amazonaws.com:aud');
    expect(of('CognitoAuthenticated')).toEqual([]);
  });

  // IAM User Guide, "Create a role for a third-party identity provider (SAML 2.0 federation)":
  // the trust policy tests SAML:aud, the AWS sign-in endpoint the assertion is for.
  it('SAML without SAML:aud is a finding; with it, nothing', () => {
    expect(of('SamlAnyAudience').join('\n')).toContain('no SAML:aud condition');
    expect(of('SamlEngineers')).toEqual([]);
  });

  it('the review lists every federated entry point with its conditions', () => {
    const entries = reviewRisks(engine).filter((f) => f.kind === 'federated-entry-point');
    const deploy = entries.find((f) => f.subject === role('DeployRole'))!;
    expect(deploy.severity).toBe('low');
    expect(deploy.message).toContain(
      'GitHub Actions (OIDC provider token.actions.githubusercontent.com) can assume role DeployRole',
    );
    expect(deploy.message).toContain('repo:acme/infra:ref:refs/heads/main');
    expect(entries.some((f) => f.subject === role('AdminRole'))).toBe(false);
    expect(entries.some((f) => f.subject === role('SamlEngineers'))).toBe(true);
  });

  it('EKS: a sub pattern over one namespace pins sub and aud (no finding); the review lists the findings', () => {
    expect(of('PodRole')).toEqual([]);
    expect(of('PodRoleAnyAccount')).toEqual([]);
    const kinds = reviewRisks(engine).filter((f) => f.kind === 'weak-federated-trust');
    expect(kinds.map((f) => f.subject).sort()).toEqual(findings.map((f) => f.subject).sort());
  });
});

// IAM User Guide, "Methods to assume a role": a web identity assumes a role with
// AssumeRoleWithWebIdentity and can then "chain" to other roles with AssumeRole (role chaining);
// "Available keys for AWS web identity federation": after the first call only the cross-service
// keys (amr, aud, id, sub) stay in the session's context.
describe.each([
  ['CloudFormation', cfnFederationModel],
  ['Terraform', tfFederationModel],
])('who-can and chains from federated callers (%s)', (_name, load) => {
  const engine = compileModel(load());
  const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

  it('who-can lists the GitHub workflow path into the deploy role with its sub condition', () => {
    const r = whoCan(
      engine,
      'cloudformation:CreateStack',
      'arn:aws:cloudformation:us-west-2:111122223333:stack/acme-app/x',
    );
    const gh = r.entries.find((e) => e.principal === GITHUB && e.path.at(-1)?.role === role('DeployRole'))!;
    expect(gh.kind).toBe('federated');
    expect(gh.access).toBe('conditional');
    expect(gh.path[0]!.action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(gh.conditions.join('\n')).toContain('repo:acme/infra:ref:refs/heads/main');
    const text = formatWhoCanText(r);
    expect(text).toContain('GitHub Actions (OIDC provider token.actions.githubusercontent.com)');
    expect(text).toContain('assumes role/DeployRole (sts:AssumeRoleWithWebIdentity)');
  });

  it('a GitHub workflow chains through the deploy role into the admin role', () => {
    const r = whoCan(engine, 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x');
    const chain = r.entries.find((e) => e.principal === GITHUB && e.path.at(-1)?.role === role('AdminRole'))!;
    expect(chain.path.map((h) => h.role)).toEqual([role('DeployRole'), role('AdminRole')]);
    expect(chain.path.map((h) => h.action ?? 'sts:AssumeRole')).toEqual([
      'sts:AssumeRoleWithWebIdentity',
      'sts:AssumeRole',
    ]);
    const hops = assumeChain(engine, GITHUB, [role('DeployRole'), role('AdminRole')], {
      context: {
        'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      },
    });
    expect(hops.map((h) => h.access)).toEqual(['allow', 'allow']);
  });
});
