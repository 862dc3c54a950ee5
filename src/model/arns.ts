// ARN construction for model elements, following the ARN formats documented for IAM, S3,
// SQS, SNS, KMS, Lambda and Secrets Manager ("IAM identifiers", service reference pages).

/** Normalizes an IAM path: `/`, or `/a/b/` (leading and trailing slash). */
export function normalizePath(path: string | undefined): string {
  if (!path || path === '/') return '/';
  let p = path;
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

export function iamArn(
  partition: string,
  account: string,
  type: 'user' | 'group' | 'role' | 'policy' | 'instance-profile',
  name: string,
  path?: string,
): string {
  return `arn:${partition}:iam::${account}:${type}${normalizePath(path)}${name}`;
}

export function accountRootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

export function assumedRoleArn(
  partition: string,
  account: string,
  roleName: string,
  session: string,
): string {
  return `arn:${partition}:sts::${account}:assumed-role/${roleName}/${session}`;
}

export function s3BucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export function awsManagedPolicyArn(partition: string, nameWithPath: string): string {
  const clean = nameWithPath.replace(/^\/+/, '');
  return `arn:${partition}:iam::aws:policy/${clean}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Parses `arn:partition:service:region:account:resource`; undefined when not an ARN. */
export function parseArn(arn: string): ParsedArn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

/** An ARN with at least `arn:partition:service:region:account:resource` and a non-empty resource. */
export function isValidArn(s: string): boolean {
  const a = parseArn(s);
  return !!a && /^aws[a-z-]*$/.test(a.partition) && /^[a-z0-9-]+$/.test(a.service) && a.resource !== '';
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$/;

/**
 * True for a service principal (`ec2.amazonaws.com`). The web identity providers trust policies
 * name as `Federated` (`cognito-identity.amazonaws.com`, `www.amazon.com`) look like service
 * principals but are federated principals (src/model/federation.ts).
 */
export function isServicePrincipal(s: string): boolean {
  return SERVICE_PRINCIPAL.test(s) && !FEDERATED_LOOKALIKES.has(s.toLowerCase());
}

/** Well-known web identity provider names shaped like service principals (see federation.ts). */
const FEDERATED_LOOKALIKES: ReadonlySet<string> = new Set([
  'cognito-identity.amazonaws.com',
  'www.amazon.com',
]);
