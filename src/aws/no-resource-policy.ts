// Resource types that accept no resource-based policy: an AWS fact, kept here as data, in one
// place. Each entry names the service page ("How <service> works with IAM", the per-service
// form of the IAM User Guide's "AWS services that work with IAM" table) that says so. A type is
// listed only when nothing else can open it to another account either (no AWS RAM share, no
// sharing attribute such as an AMI's launch permission or a snapshot's restore attribute), so
// that its owner's account is the only one whose principals can be granted access to it.
// The engine reads it through `acceptsNoResourcePolicy` (see engine.ts, a resource whose account
// is outside the model).

import { parseArn } from '../model/arns.js';
import { arnMatchesResourceType, getResourceType } from '../catalog/index.js';
import { hasWildcard } from '../policy/wildcard.js';

export interface NoResourcePolicyType {
  /** Service prefix of the Service Authorization Reference. */
  service: string;
  /** Resource type name of the Service Authorization Reference (its ARN format comes from there). */
  resourceType: string;
  /** The page that says the type accepts no resource-based policy, and its words. */
  url: string;
  quote: string;
}

export const NO_RESOURCE_POLICY_TYPES: readonly NoResourcePolicyType[] = [
  {
    service: 'acm',
    resourceType: 'certificate',
    url: 'https://docs.aws.amazon.com/acm/latest/userguide/security_iam_service-with-iam.html',
    quote: 'Resource-based policies within ACM. Supports resource-based policies: No',
  },
  {
    // DB instances only: Aurora DB clusters can be shared through AWS RAM (cloning), and DB
    // snapshots through their restore attribute.
    service: 'rds',
    resourceType: 'db',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/security_iam_service-with-iam.html',
    quote: 'Resource-based policies within Amazon RDS. Supports resource-based policies: No.',
  },
  {
    // Rekognition's only resource-based policies are Custom Labels project policies.
    service: 'rekognition',
    resourceType: 'collection',
    url: 'https://docs.aws.amazon.com/rekognition/latest/dg/security_iam_resource-based-policy-examples.html',
    quote:
      'Amazon Rekognition Custom Labels uses resource-based polices, known as project policies, to manage copy permissions for a model version.',
  },
];

/**
 * The entry of `NO_RESOURCE_POLICY_TYPES` whose ARN format `arn` (a concrete ARN, no wildcard)
 * has, or undefined.
 */
export function acceptsNoResourcePolicy(arn: string): NoResourcePolicyType | undefined {
  if (!arn.startsWith('arn:') || hasWildcard(arn) || arn.includes('${')) return undefined;
  const service = parseArn(arn)?.service;
  for (const t of NO_RESOURCE_POLICY_TYPES) {
    if (t.service !== service) continue;
    const rt = getResourceType(t.service, t.resourceType);
    if (rt && arnMatchesResourceType(arn, rt)) return t;
  }
  return undefined;
}
