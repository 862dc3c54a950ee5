// What a resource-based policy may govern when the inputs do not pin down the resources it applies
// to: ARN patterns for `Resource.governs` (src/model/types.ts). An OpenSearch Serverless data
// access policy names collections and indexes by name pattern in its rules (`collection/logs-*`,
// `index/logs-*/*`), not by ARN; "Access policies limit access to collections and the resources
// within them, and allow a user to access that data irrespective of the access mechanism or
// network source" (OpenSearch Serverless API Reference, CreateAccessPolicy,
// https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference/API_CreateAccessPolicy.html).
// A policy iamspec does not model is kept under a stand-in ARN. Either may be the policy of any
// resource of its service in its account. Owns `servicePrefixOfType` (CloudFormation and
// Terraform resource types to IAM service prefixes), `mayGovernPatterns` and how both adapters keep
// a resource whose policy iamspec does not model (`addUnmodelledPolicy`).

import { resourceTypesOfService, serviceExists } from '../catalog/index.js';
import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import type { Tags } from '../model/types.js';
import { Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';

/** Service names of resource types that are not their IAM service prefix. */
const PREFIX_OF_SERVICE: Readonly<Record<string, string>> = {
  opensearchserverless: 'aoss',
  opensearchservice: 'es',
  opensearch: 'es',
  elasticsearch: 'es',
  apigateway: 'execute-api',
  apigatewayv2: 'execute-api',
  api: 'execute-api',
  cloudwatch: 'logs',
  elasticloadbalancingv2: 'elasticloadbalancing',
  lb: 'elasticloadbalancing',
  stepfunctions: 'states',
  sfn: 'states',
  cognito: 'cognito-idp',
  efs: 'elasticfilesystem',
};

/**
 * The IAM service prefix of a resource type (`AWS::OpenSearchServerless::AccessPolicy` → `aoss`,
 * `aws_opensearchserverless_access_policy` → `aoss`), or undefined when it is not a service the
 * catalog knows.
 */
export function servicePrefixOfType(type: string): string | undefined {
  const cfn = /^AWS::([A-Za-z0-9]+)::/.exec(type);
  const tf = /^aws_([a-z0-9]+)_/.exec(type);
  const name = (cfn?.[1] ?? tf?.[1])?.toLowerCase();
  if (!name) return undefined;
  const prefix = PREFIX_OF_SERVICE[name] ?? name;
  return serviceExists(prefix) ? prefix : undefined;
}

/**
 * ARN patterns of the resources a policy of `type` in `account` may govern when the inputs do
 * not say which: every resource of its service in the account (any Region); every resource of
 * the account (and every S3 bucket) when the service is not known. S3 names buckets without an
 * account (`arn:aws:s3:::bucket`) but access points and Multi-Region Access Points with one
 * (`arn:aws:s3:us-east-1:111122223333:accesspoint/name`, `arn:aws:s3::111122223333:accesspoint/alias`):
 * both (an access point policy kept only on buckets left requests through the access point
 * "Nobody can"). Only `account`'s, even where the type names an owner account (CodeArtifact
 * `domain_owner`): "When you call PutDomainPermissionsPolicy, the resource policy on the domain
 * is ignored when evaluting permissions" (CodeArtifact API Reference), so no other account can
 * write it (test/owner-field-policies.test.ts). An S3 access point policy too: a cross-account
 * access point is one an account creates in itself for another account's bucket ("You can also
 * create a cross-account access point that's associated with a bucket in another AWS account ...
 * The bucket owner must grant the access point owner's account (your account) access to the
 * bucket through the bucket policy", Amazon S3 User Guide, "Creating access points for directory
 * buckets"), so the
 * access point, and the policy written on it, stays the deploying account's; only its bucket is
 * elsewhere (test/access-point-policy-owner.test.ts).
 */
export function mayGovernPatterns(partition: string, account: string, type: string): string[] {
  const prefix = servicePrefixOfType(type);
  if (prefix === 's3') return [`arn:${partition}:s3:::*`, `arn:${partition}:s3:*:${account}:*`];
  if (prefix) return arnServicesOf(prefix).map((service) => `arn:${partition}:${service}:*:${account}:*`);
  return [`arn:${partition}:*:*:${account}:*`, `arn:${partition}:s3:::*`];
}

/**
 * The service parts of the ARNs of a service's resource types (the catalog's ARN formats): not
 * always its prefix (Service Catalog's portfolios are `arn:${Partition}:catalog:…`), so a pattern
 * on the prefix alone missed them. The prefix too, and it alone when the catalog lists no format.
 */
function arnServicesOf(prefix: string): string[] {
  const services = new Set([prefix]);
  for (const rt of resourceTypesOfService(prefix))
    for (const arn of rt.arns) {
      const service = arn.split(':')[2];
      if (service && !service.includes('$')) services.add(service);
    }
  return [...services];
}

/** A resource of a type without a handler that carries a policy, as an adapter reads it. */
export interface UnmodelledPolicyHolder {
  /** Its ARN when the inputs give it (the template reference's form, a plan's `arn`). */
  knownArn: string | undefined;
  /** The stand-in ARN otherwise, named after where the inputs define it (stack and logical id, address). */
  standInArn: string;
  /** Its resource type (`AWS::…`, `aws_…`) and its name in the inputs (logical id, address). */
  type: string;
  label: string;
  /** Where it carries the policy (properties, attributes), as the reason says. */
  properties: string;
  name: string;
  partition: string;
  account: string;
  region: string;
  tags: Tags;
  presence?: Unknown;
  source: Source;
}

/**
 * Keeps `r` with an unknown resource policy (its policy replaced when the resource is already
 * modelled), so that every decision on it (who-can, onlyPrincipals) is indeterminate rather than
 * a pass: with a known ARN it governs what is named under it too (an access point's
 * `…/object/key`), under a stand-in ARN whatever `mayGovernPatterns` says its policy may govern.
 */
export function addUnmodelledPolicy(builder: ModelBuilder, r: UnmodelledPolicyHolder): void {
  const arn = r.knownArn ?? r.standInArn;
  const reason = `${r.type} ${r.label} carries a policy (${r.properties}) that iamspec does not model`;
  const policy = parsePolicy(new Unknown(reason, r.source), { kind: 'resource', source: r.source });
  if (builder.getResource(arn)) builder.replaceResourcePolicy(arn, policy);
  else
    builder.addResource({
      kind: 'other',
      arn,
      name: r.name,
      account: r.account,
      region: r.region,
      tags: r.tags,
      policy,
      source: r.source,
      ...(r.presence ? { presence: r.presence } : {}),
      governs: r.knownArn ? [`${r.knownArn}/*`] : mayGovernPatterns(r.partition, r.account, r.type),
    });
}
