// The Amazon ECR registry policy (AWS::ECR::RegistryPolicy, aws_ecr_registry_policy) is the
// registry's resource-based policy, enforced on every request to its repositories
// (src/aws/ecr-registry-policy.ts). Amazon ECR User Guide, "Private registry permissions in Amazon
// ECR": "Amazon ECR uses a registry policy to grant permissions to an AWS principal at the private
// registry level." ... "V2 is the expanded registry policy scope that includes all ECR
// permissions. ... The V2 version is the default registry policy scope."; "Amazon ECR allows all
// ECR actions in the policy and enforces the registry policy in all ECR requests."
//
// Before, it was reported as tf/unhandled-resource-type (cfn/unhandled-resource-type) and kept
// with an unknown policy governing every ECR resource of the account in every Region: every
// request on any repository from another account was indeterminate.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';

const SOURCE = '444455556666';
const REPO = `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/app`;

/** The registry policy of the replication example: SOURCE may replicate into every repository. */
const replication = (actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReplicationAccessCrossAccount',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${SOURCE}:root` },
      Action: actions,
      Resource: `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/*`,
    },
  ],
});

function tfModel(policy: unknown, extra: Record<string, unknown> = {}): Model {
  const b = new ModelBuilder();
  loadTerraformConfigObject(
    {
      provider: { aws: [{ region: 'us-west-2', allowed_account_ids: [ACCOUNT] }] },
      variable: { registry_policy: { type: 'string' } },
      resource: {
        aws_ecr_repository: { app: { name: 'app' } },
        aws_s3_bucket: { data: { bucket: 'data' } },
        aws_ecr_registry_policy: { r: { policy } },
        ...extra,
      },
    },
    b,
  );
  return b.build();
}

function access(model: Model, principalAccount: string, action: string, resource = REPO): string {
  return decideAnyContext(compileModel(model), {
    principal: `arn:aws:iam::${principalAccount}:root`,
    action,
    resource,
  }).access;
}

describe('Terraform aws_ecr_registry_policy', () => {
  const model = tfModel(JSON.stringify(replication(['ecr:CreateRepository', 'ecr:ReplicateImage'])));

  it('is modelled: no unhandled-resource-type warning', () => {
    expect(model.findings.filter((f) => f.code.endsWith('unhandled-resource-type'))).toEqual([]);
  });

  it('grants what it says on the registry repositories (was indeterminate)', () => {
    expect(access(model, SOURCE, 'ecr:ReplicateImage')).toBe('allow');
    expect(access(model, SOURCE, 'ecr:BatchGetImage')).toBe('deny');
    expect(access(model, '999988887777', 'ecr:ReplicateImage')).toBe('deny');
  });

  it('V2 scope: an Allow of a repository read grants it', () => {
    const v2 = tfModel(JSON.stringify(replication(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'])));
    expect(access(v2, SOURCE, 'ecr:BatchGetImage')).toBe('allow');
  });

  it('a policy known only at apply: the repositories indeterminate, nothing else', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
    const unknown = tfModel('${var.registry_policy}');
    expect(access(unknown, SOURCE, 'ecr:BatchGetImage')).toBe('indeterminate');
    expect(access(unknown, SOURCE, 's3:GetObject', 'arn:aws:s3:::data/x')).toBe('deny');
  });
});

describe('CloudFormation AWS::ECR::RegistryPolicy', () => {
  it('grants what it says on the registry repositories (was indeterminate)', () => {
    const model = modelOf(`
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: app
  Registry:
    Type: AWS::ECR::RegistryPolicy
    Properties:
      PolicyText: ${JSON.stringify(replication(['ecr:CreateRepository', 'ecr:ReplicateImage']))}
`);
    expect(model.findings.filter((f) => f.code.endsWith('unhandled-resource-type'))).toEqual([]);
    expect(access(model, SOURCE, 'ecr:ReplicateImage')).toBe('allow');
    expect(access(model, SOURCE, 'ecr:BatchGetImage')).toBe('deny');
  });
});

// The registry policy scope (REGISTRY_POLICY_SCOPE, Terraform aws_ecr_account_setting;
// aws/ecr-registry-policy.ts `registryPolicyInScope`). Amazon ECR User Guide, "Private registry
// permissions in Amazon ECR": "V1 – For version 1, Amazon ECR only enforces the following
// permissions at the private registry level." (ecr:ReplicateImage, ecr:BatchImportUpstreamImage,
// ecr:CreateRepository) and "V2 – For version 2, Amazon ECR allows all ECR actions in the policy
// and enforces the registry policy in all ECR requests."; "Switching to the extended registry
// policy scope": "For new users, your registries are automatically configured to use the V2
// registry policy upon creation." (an older registry may still be V1: the inputs must say).
//
// Before, the policy was always read as V2: under a V1 setting an Allow of ecr:BatchGetImage was
// reported as granted (allow), and a Deny of it, which V1 does not enforce, as denying.
describe('the registry policy scope (aws_ecr_account_setting REGISTRY_POLICY_SCOPE)', () => {
  const setting = (value: unknown) => ({
    aws_ecr_account_setting: { scope: { name: 'REGISTRY_POLICY_SCOPE', value } },
  });
  const reads = JSON.stringify(replication(['ecr:BatchGetImage', 'ecr:ReplicateImage']));
  const all = JSON.stringify(replication(['ecr:*']));

  it('V1: only the replication and pull-through cache actions are granted (BatchGetImage was allow)', () => {
    const v1 = tfModel(reads, setting('V1'));
    expect(access(v1, SOURCE, 'ecr:BatchGetImage')).toBe('deny');
    expect(access(v1, SOURCE, 'ecr:ReplicateImage')).toBe('allow');
    const star = tfModel(all, setting('V1'));
    expect(access(star, SOURCE, 'ecr:CreateRepository')).toBe('allow');
    expect(access(star, SOURCE, 'ecr:BatchImportUpstreamImage')).toBe('allow');
    expect(access(star, SOURCE, 'ecr:PutImage')).toBe('deny');
  });

  it('V2, or no setting: every action the policy names', () => {
    expect(access(tfModel(reads, setting('V2')), SOURCE, 'ecr:BatchGetImage')).toBe('allow');
    expect(access(tfModel(reads), SOURCE, 'ecr:BatchGetImage')).toBe('allow');
  });

  it('a setting of unknown value reads as no setting (the wider V2 grant)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
    const unknown = tfModel(reads, { ...setting('${var.registry_policy}') });
    expect(access(unknown, SOURCE, 'ecr:BatchGetImage')).toBe('allow');
  });

  /** A registry policy denying every principal BatchGetImage, a repository policy allowing SOURCE. */
  const denied = (extra: Record<string, unknown>) =>
    tfModel(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: ['ecr:BatchGetImage', 'ecr:CreateRepository'],
            Resource: `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/*`,
          },
        ],
      }),
      {
        aws_ecr_repository_policy: {
          app: {
            repository: 'app',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${SOURCE}:root` },
                  Action: ['ecr:BatchGetImage', 'ecr:CreateRepository'],
                },
              ],
            }),
          },
        },
        ...extra,
      },
    );

  it('a Deny of other actions: enforced under V2, not under V1, maybe when the scope is not set', () => {
    expect(access(denied(setting('V2')), SOURCE, 'ecr:BatchGetImage')).toBe('deny');
    expect(access(denied(setting('V1')), SOURCE, 'ecr:BatchGetImage')).toBe('allow');
    // was deny: an older registry may be V1, which does not enforce it
    expect(access(denied({}), SOURCE, 'ecr:BatchGetImage')).toBe('indeterminate');
    // its V1 action is denied whatever the scope
    expect(access(denied({}), SOURCE, 'ecr:CreateRepository')).toBe('deny');
    expect(access(denied(setting('V1')), SOURCE, 'ecr:CreateRepository')).toBe('deny');
  });
});

describe('CloudFormation AWS::ECR::RegistryPolicy: no resource sets the scope', () => {
  it('a Deny of actions V1 does not enforce may not be enforced (indeterminate, was deny)', () => {
    const model = modelOf(`
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: app
      RepositoryPolicyText:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: 'arn:aws:iam::${SOURCE}:root' }
            Action: ecr:BatchGetImage
  Registry:
    Type: AWS::ECR::RegistryPolicy
    Properties:
      PolicyText:
        Version: '2012-10-17'
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: ecr:BatchGetImage
            Resource: 'arn:aws:ecr:us-west-2:${ACCOUNT}:repository/*'
`);
    expect(access(model, SOURCE, 'ecr:BatchGetImage')).toBe('indeterminate');
  });
});
