// Global services: services with a single endpoint, so that aws:RequestedRegion of every request
// to them is the endpoint's Region whatever the resource or the caller's Region.
//
// IAM User Guide, "AWS global condition context keys", aws:RequestedRegion: "Some global
// services, such as IAM, have a single endpoint. Because this endpoint is physically located in
// the US East (N. Virginia) Region, IAM calls are always made to the us-east-1 Region."
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion)
// IAM User Guide, "AWS: Denies access to AWS based on the requested Region": "Actions in the
// CloudFront, IAM, Route 53, and Support services ... are popular AWS global services with a
// single endpoint that is physically located in the us-east-1 Region. Because all requests to
// these services are made to the us-east-1 Region ... Edit this element to include actions for
// other AWS global services that you use, such as budgets, globalaccelerator, importexport,
// organizations, or waf. Some other global services, such as Amazon Q Developer in chat
// applications and AWS Device Farm, are global services with endpoints that are physically
// located in the us-west-2 region."
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html)
//
// Only the commercial partition (`aws`) is listed: the endpoints of the other partitions are in
// their own Regions and not named on these pages, so there aws:RequestedRegion stays as the
// resource says (free for the analyses when it does not say). Global Accelerator is left out:
// the page lists it with the us-east-1 services while its API endpoint is in us-west-2
// (AWS General Reference, "AWS Global Accelerator endpoints and quotas"), so its Region is not
// pinned.

const AWS_PARTITION_GLOBAL: Readonly<Record<string, string>> = {
  iam: 'us-east-1',
  cloudfront: 'us-east-1',
  route53: 'us-east-1',
  support: 'us-east-1',
  budgets: 'us-east-1',
  importexport: 'us-east-1',
  organizations: 'us-east-1',
  waf: 'us-east-1',
  chatbot: 'us-west-2',
  devicefarm: 'us-west-2',
};

/** The Region every request to `service` (lower-case prefix) is made to, for global services. */
export function globalServiceRegion(partition: string, service: string): string | undefined {
  if (partition !== 'aws') return undefined;
  return Object.hasOwn(AWS_PARTITION_GLOBAL, service) ? AWS_PARTITION_GLOBAL[service] : undefined;
}

/** The Regions of the global services' endpoints in `partition` (see the module comment). */
export function globalServiceRegions(partition: string): string[] {
  return partition === 'aws' ? [...new Set(Object.values(AWS_PARTITION_GLOBAL))].sort() : [];
}
