// OIDC issuers many tenants share (GitHub Actions, HCP Terraform, GitLab.com): a trust whose
// `sub` pattern has a wildcard over the tenant lets other tenants' workloads become the role
// (src/analysis/federated-trust.ts `SHARED_ISSUERS`, `tenantWildcard`). A red-team pass (hidc17)
// found `app.terraform.io:sub` = `organization:*:...` and `gitlab.com:sub` = `project_path:*`
// reported as no weakness at all, and GitHub's `repo:acme*` (which matches owner `acme-evil`)
// only as medium.
//
// - HashiCorp, "Dynamic Credentials with the AWS Provider": "Warning: you should always check, at
//   minimum, the audience and the name of the organization in order to prevent unauthorized
//   access from other HCP Terraform organizations!"
// - GitLab Docs, "Configure OpenID Connect in AWS to retrieve temporary credentials": the
//   condition tests `gitlab.com:sub` against
//   `project_path:mygroup/myproject:ref_type:branch:ref:main`.
// - GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": "IAM recommends that users
//   evaluate the IAM condition key, token.actions.githubusercontent.com:sub, in the trust policy
//   of any role that trusts GitHub's OIDC identity provider (IdP)."
// - IAM User Guide, "IAM JSON policy elements: Condition operators", StringLike: "The values can
//   include multi-character match wildcards (*) and single-character match wildcards (?)
//   anywhere in the string."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { compileModel } from '../src/engine/index.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

function role(name: string, issuer: string, aud: string, sub: string) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: name,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { [`${issuer}:aud`]: aud },
              StringLike: { [`${issuer}:sub`]: sub },
            },
          },
        ],
      },
    },
  };
}

const TFC = 'app.terraform.io';
const GITLAB = 'gitlab.com';
const GITHUB = 'token.actions.githubusercontent.com';

function weak(): Map<string, { severity: string; message: string }> {
  const file = writeTempFile('template.json', {
    Resources: {
      TfcAnyOrg: role(
        'tfc-any-org',
        TFC,
        'aws.workload.identity',
        'organization:*:project:*:workspace:*:run_phase:*',
      ),
      TfcOrgPrefix: role(
        'tfc-org-prefix',
        TFC,
        'aws.workload.identity',
        'organization:acme*:project:*:workspace:*:run_phase:*',
      ),
      TfcOwnOrg: role(
        'tfc-own-org',
        TFC,
        'aws.workload.identity',
        'organization:acme:project:*:workspace:*:run_phase:*',
      ),
      GitlabAny: role('gitlab-any', GITLAB, 'https://gitlab.com', 'project_path:*'),
      GitlabGroup: role(
        'gitlab-group',
        GITLAB,
        'https://gitlab.com',
        'project_path:acme/*:ref_type:branch:ref:main',
      ),
      GitlabOne: role(
        'gitlab-one',
        GITLAB,
        'https://gitlab.com',
        'project_path:acme/app:ref_type:branch:ref:*',
      ),
      GithubOwnerPrefix: role('github-owner-prefix', GITHUB, 'sts.amazonaws.com', 'repo:acme*'),
      GithubOwner: role('github-owner', GITHUB, 'sts.amazonaws.com', 'repo:acme/*'),
      GithubOne: role('github-one', GITHUB, 'sts.amazonaws.com', 'repo:acme/app:*'),
    },
  });
  const m = loadModelSync([file], { account: ACCOUNT, region: 'us-east-1' });
  return new Map(
    weakFederatedTrusts(compileModel(m)).map((f) => [
      f.subject.split('/').pop()!,
      { severity: f.severity, message: f.message },
    ]),
  );
}

describe('a sub wildcard over the tenants of a shared OIDC issuer', () => {
  const found = weak();

  it('HCP Terraform: organization:* and organization:acme* let any organization in (high)', () => {
    expect(found.get('tfc-any-org')?.severity).toBe('high');
    expect(found.get('tfc-any-org')?.message).toContain(
      'app.terraform.io:sub is matched with a wildcard over organizations (organization:*:project:*:workspace:*:run_phase:*): the runs of any HCP Terraform organization can assume it',
    );
    expect(found.get('tfc-org-prefix')?.severity).toBe('high');
  });

  it('HCP Terraform: every workspace of one organization is no weakness', () => {
    expect(found.has('tfc-own-org')).toBe(false);
  });

  it('GitLab.com: project_path:* is any group (high), acme/* the group (medium), one project none', () => {
    expect(found.get('gitlab-any')?.severity).toBe('high');
    expect(found.get('gitlab-any')?.message).toContain('the pipelines of projects of any GitLab.com group');
    expect(found.get('gitlab-group')?.severity).toBe('medium');
    expect(found.get('gitlab-group')?.message).toContain('the pipelines of other projects of the group');
    expect(found.has('gitlab-one')).toBe(false);
  });

  it('GitHub: repo:acme* matches other owners (acme-evil): high; repo:acme/* medium; one repository none', () => {
    expect(found.get('github-owner-prefix')?.severity).toBe('high');
    expect(found.get('github-owner-prefix')?.message).toContain('the workflows of repositories of any owner');
    expect(found.get('github-owner')?.severity).toBe('medium');
    expect(found.get('github-owner')?.message).toContain("other repositories' workflows can assume it");
    expect(found.has('github-one')).toBe(false);
  });
});
