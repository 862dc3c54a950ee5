// Policy types iamspec does not model whose API names an owner account: where their policy is kept
// when the inputs write it (src/aws/governed-arns.ts `mayGovernPatterns`, the deploying account).
//
// AWS rules pinned here (the writer's own account only: kept in the deploying account):
// - CodeArtifact: "When you call PutDomainPermissionsPolicy, the resource policy on the domain is
//   ignored when evaluting permissions. This ensures that the owner of a domain cannot lock
//   themselves out of the domain" (CodeArtifact API Reference, PutDomainPermissionsPolicy): only
//   identity policies authorize the write, and an identity policy of another account grants
//   nothing on the domain without a resource policy ("By default, only the AWS account that owns
//   the domain can create and access repositories in the domain", CodeArtifact User Guide, "Domain
//   policies"), so `domain_owner` naming another account names a write AWS refuses.
//   https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html
// - ECR registry policy: PutRegistryPolicy "Creates or updates the permissions policy for your
//   registry." (Amazon ECR API Reference): it takes no registry id, the caller's registry only.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const OURS = '111122223333';
const OTHER = '444455556666';

describe('CodeArtifact domain policy with domain_owner', () => {
  it('kept unknown, governing the deploying account’s CodeArtifact resources (not another owner’s)', () => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [OURS] }] },
        resource: {
          aws_codeartifact_domain_permissions_policy: {
            p: {
              domain: 'shared',
              domain_owner: OTHER,
              policy_document: JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: '*', Action: 'codeartifact:*', Resource: '*' }],
              }),
            },
          },
        },
      },
      b,
    );
    const m = b.build();
    const held = m.resources.find((r) => r.policy && r.source.address?.includes('codeartifact'));
    expect(held?.account).toBe(OURS);
    expect(held?.governs).toEqual([`arn:aws:codeartifact:*:${OURS}:*`]);
  });
});
