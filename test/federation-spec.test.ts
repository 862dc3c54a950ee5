// Specs over federated callers (issue 15, "Requests and specs" and "Exhaustive checks over
// claims"): `onlyPrincipals` on a role's sts:AssumeRoleWithWebIdentity treats the claims nobody
// pinned as free, so a trust without a `sub` condition, or a StringLike that admits other
// repositories, branches or service accounts, fails with a witness token; a tight trust passes.
// A federated caller as `principal` decides with its token's claims, and its role session (`via`)
// carries on.

import { describe, expect, it } from 'vitest';
import type { Witness } from '../src/analysis/types.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderSarif } from '../src/report/sarif.js';
import { renderText } from '../src/report/text.js';
import { loadSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import type { SpecResult } from '../src/spec/types.js';
import { cfnFederationModel, tfFederationModel } from './federation-helpers.js';

const spec = loadSpec('test/fixtures/federation/federation.access.yaml');

function byId(result: SpecResult, id: string) {
  const e = result.expectations.find((x) => x.id === id);
  if (!e) throw new Error(`no expectation ${id}`);
  return e;
}

const failing = (result: SpecResult, id: string): Witness[] =>
  byId(result, id).checks.flatMap((c) =>
    c.witnesses.filter((w) => w.access === 'allow' || w.access === 'conditional'),
  );

const sub = (w: Witness) => w.claims?.['token.actions.githubusercontent.com:sub'];

describe.each([
  ['CloudFormation', cfnFederationModel],
  ['Terraform', tfFederationModel],
])('federated callers in a spec (%s)', (_name, load) => {
  const result = runSpec(load(), spec);

  it('each expectation holds or fails as its id says', () => {
    for (const e of result.expectations) {
      const want = e.id.endsWith('-holds') ? 'pass' : 'fail';
      expect({ id: e.id, status: e.status, checks: e.checks.map((c) => c.message) }).toMatchObject({
        id: e.id,
        status: want,
      });
    }
  });

  // GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": "AWS Identity and Access
  // Management (IAM) recommends that users evaluate the IAM condition key,
  // token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
  // OIDC identity provider (IdP). Evaluating this condition key in the role trust policy limits
  // which GitHub actions are able to assume the role."
  // (https://docs.github.com/en/actions/how-tos/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services)
  it('a trust without sub lets any repository in: the witness is another repository', () => {
    const ws = failing(result, 'deploy-no-sub-any-repository-fails');
    expect(ws.map(sub)).toContain('repo:evil/x:ref:refs/heads/main');
    const check = byId(result, 'deploy-no-sub-any-repository-fails').checks[0]!;
    expect(check.message).toContain(
      'token.actions.githubusercontent.com:sub=repo:evil/x:ref:refs/heads/main',
    );
    expect(check.message).toContain(
      'sts:AssumeRoleWithWebIdentity on arn:aws:iam::111122223333:role/DeployNoSub',
    );
  });

  // GitHub Docs, "OpenID Connect", "Example subject claims": "repo:ORG-NAME/REPO-NAME:pull_request",
  // "repo:ORG-NAME/REPO-NAME:ref:refs/heads/BRANCH-NAME"; IAM User Guide, "String condition
  // operators": StringLike is "Case-sensitive matching. The values can include multi-character
  // match wildcards (*) and single-character match wildcards (?) anywhere in the string."
  it('StringLike over repositories or branches: the witness is another repository of the owner, or another ref', () => {
    const repos = failing(result, 'deploy-any-repo-other-repositories-fails').map(sub);
    expect(repos.some((s) => /^repo:acme\/(?!infra:)/.test(String(s)))).toBe(true);
    const refs = failing(result, 'deploy-any-branch-other-branches-fails').map(sub);
    expect(refs.length).toBeGreaterThan(0);
    for (const s of refs) {
      expect(s).toMatch(/^repo:acme\/infra:/);
      expect(s).not.toBe('repo:acme/infra:ref:refs/heads/main');
    }
  });

  // IAM User Guide, "Available keys for AWS web identity federation": the EKS example condition
  // "oidc.eks.us-east-1.amazonaws.com/id/111122223333:sub": "system:serviceaccount:default:assumer";
  // Cognito: "cognito-identity.amazonaws.com:aud" is the identity pool ID.
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif)
  it('EKS and Cognito: another service account of the namespace, another identity pool', () => {
    const eks = failing(result, 'pod-role-any-account-fails');
    const eksSub = eks.map((w) => Object.entries(w.claims ?? {}).find(([k]) => k.endsWith(':sub'))?.[1]);
    expect(eksSub.some((s) => /^system:serviceaccount:payments:(?!api$)/.test(String(s)))).toBe(true);
    const cognito = failing(result, 'cognito-any-pool-fails');
    expect(
      cognito.some(
        (w) =>
          w.claims?.['cognito-identity.amazonaws.com:aud'] !==
          'us-west-2:11111111-2222-3333-4444-555555555555',
      ),
    ).toBe(true);
  });

  it('the witness token reads the same in text, markdown and SARIF', () => {
    const failed = { ...result, expectations: [byId(result, 'deploy-no-sub-any-repository-fails')] };
    const needle = 'token.actions.githubusercontent.com:sub=repo:evil/x:ref:refs/heads/main';
    expect(renderText(failed, { color: false })).toContain(needle);
    expect(renderMarkdown(failed)).toContain(needle);
    const sarif = renderSarif(failed);
    expect(sarif).toContain(needle);
    expect(sarif).toContain('"claims"');
  });
});
