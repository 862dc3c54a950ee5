// The Amazon ECR registry policy (PutRegistryPolicy: CloudFormation AWS::ECR::RegistryPolicy,
// Terraform aws_ecr_registry_policy), shared by both adapters: a resource-based policy of the
// private registry of one account in one Region, which ECR enforces on every request to the
// registry's repositories. Amazon ECR User Guide, "Private registry permissions in Amazon ECR"
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create.html):
// "Amazon ECR uses a registry policy to grant permissions to an AWS principal at the private
// registry level." ... "V2 is the expanded registry policy scope that includes all ECR
// permissions. ... The V2 version is the default registry policy scope." and ("Private registry
// permissions in Amazon ECR", registry-permissions.html) "Amazon ECR allows all ECR actions in the
// policy and enforces the registry policy in all ECR requests." Under the V1 scope ECR enforces it
// only for ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository, and rejects
// a policy naming other actions, so the V2 reading covers both. It is kept as an element of its
// own (the registry has no ARN of its own in IAM) whose policy governs every repository ARN of the
// registry (`Resource.governs`): a request on a repository is decided with it as well as with the
// repository's own policy.

import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import { UNKNOWN_REGION } from '../model/stand-ins.js';
import type { Unknown } from '../model/unknown.js';
import type { PolicyDocument } from '../policy/types.js';

export const ECR_REGISTRY_POLICY_PAGE =
  'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create.html';

/** The ARN patterns of the repositories of the registry of `account` in `region` (any Region when unknown). */
export function ecrRegistryRepositories(partition: string, region: string, account: string): string[] {
  return [`arn:${partition}:ecr:${region === UNKNOWN_REGION ? '*' : region}:${account}:repository/*`];
}

/** A registry policy as an adapter reads it. */
export interface EcrRegistryPolicy {
  /** The element's ARN: the adapter's stand-in for the policy resource (stack and logical id, address). */
  arn: string;
  name: string;
  partition: string;
  account: string;
  region: string;
  /** The policy (an unknown document when its text is unknown). */
  policy: PolicyDocument;
  source: Source;
  presence?: Unknown;
}

/** Adds a registry policy: an element whose policy governs the registry's repositories. */
export function addEcrRegistryPolicy(builder: ModelBuilder, p: EcrRegistryPolicy): void {
  builder.addResource({
    kind: 'other',
    arn: p.arn,
    name: p.name,
    account: p.account,
    region: p.region,
    policy: p.policy,
    source: p.source,
    ...(p.presence ? { presence: p.presence } : {}),
    governs: ecrRegistryRepositories(p.partition, p.region, p.account),
  });
}
