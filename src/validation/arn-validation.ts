// ARN validation for policy values: the shape `arn:partition:service:region:account:resource`
// of Resource/NotResource patterns (wildcards and policy variables allowed) and of AWS
// principals (no wildcards). Follows IAM Access Analyzer's policy checks "Invalid ARN prefix",
// "Missing ARN field", "Invalid partition", "Invalid ARN service case", "Invalid ARN account"
// and "Unsupported wildcard in principal" (IAM User Guide, "Access Analyzer policy check
// reference") and "IAM identifiers" for principal ARNs.

import { principalUniqueIdKind, uniqueIdKind } from '../model/unique-ids.js';
import type { Severity } from '../model/finding.js';
import { hasWildcard, splitArnFields } from '../policy/wildcard.js';

/** AWS partitions ("Amazon Resource Names (ARNs)", partition field). */
export const KNOWN_PARTITIONS: readonly string[] = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
];

export interface ArnIssue {
  code: string;
  severity: Severity;
  message: string;
}

const POLICY_VARIABLE = /\$\{[^}]*\}/g;

/** Replaces policy variables (`${aws:username}`, which may contain `:`) with `*`. */
export function withoutPolicyVariables(value: string): string {
  return value.includes('${') ? value.replace(POLICY_VARIABLE, '*') : value;
}

function partitionOk(p: string): boolean {
  if (hasWildcard(p)) return true;
  return KNOWN_PARTITIONS.includes(p) || /^aws-iso(-[a-z])?$/.test(p);
}

/**
 * Problems of a Resource/NotResource value; empty when it is `*` or a well-formed ARN pattern.
 * Wildcards may appear in any field; policy variables count as wildcards.
 */
export function checkResourceArn(value: string): ArnIssue[] {
  if (value === '*') return [];
  const v = withoutPolicyVariables(value);
  const invalid = (message: string): ArnIssue[] => [
    { code: 'policy/invalid-arn', severity: 'error', message },
  ];
  if (!v.startsWith('arn:')) {
    if (v.toLowerCase().startsWith('arn:'))
      return invalid(`"${value}": the ARN prefix must be lowercase "arn:"`);
    return invalid(`"${value}" is not an ARN (arn:partition:service:region:account:resource) or "*"`);
  }
  const fields = splitArnFields(v);
  if (!fields) {
    // A trailing `*` may stand for all remaining fields (`arn:aws:s3:*`): accept when a field has one.
    if (v.endsWith('*')) return [];
    return invalid(`"${value}" is missing ARN fields: arn:partition:service:region:account:resource`);
  }
  const [, partition, service, , account, resource] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const issues: ArnIssue[] = [];
  if (!partitionOk(partition)) {
    issues.push({
      code: 'policy/invalid-arn',
      severity: 'error',
      message: `"${value}": unknown partition "${partition}" (expected one of ${KNOWN_PARTITIONS.join(', ')})`,
    });
  }
  if (service === '') {
    issues.push({
      code: 'policy/invalid-arn',
      severity: 'error',
      message: `"${value}": the service field is empty`,
    });
  } else if (!hasWildcard(service) && service !== service.toLowerCase()) {
    issues.push({
      code: 'policy/invalid-arn',
      severity: 'error',
      message: `"${value}": the service "${service}" must be lowercase`,
    });
  }
  if (account !== '' && account !== 'aws' && !hasWildcard(account) && !/^\d{12}$/.test(account)) {
    issues.push({
      code: 'policy/invalid-arn',
      severity: 'error',
      message: `"${value}": the account "${account}" is not a 12-digit account ID`,
    });
  }
  if (resource === '') {
    issues.push({
      code: 'policy/invalid-arn',
      severity: 'warning',
      message: `"${value}": the resource part is empty`,
    });
  }
  return issues;
}

/**
 * A CloudFront origin access identity as a principal (CloudFront Developer Guide, "Restrict access
 * to an Amazon S3 origin", legacy origin access identity: `"Principal": {"AWS":
 * "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <origin access identity ID>"}`):
 * its account field is `cloudfront`, not an account ID, and its name holds spaces.
 */
const CLOUDFRONT_OAI = /^arn:aws[a-z-]*:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;

/**
 * Problems of a value of `Principal: {"AWS": ...}`: `*`, a 12-digit account ID, or an IAM/STS
 * ARN without wildcards (IAM User Guide, "AWS JSON policy elements: Principal": "You cannot
 * use a wildcard to match part of a principal name or ARN").
 */
export function checkAwsPrincipal(value: string): ArnIssue[] {
  if (value === '*' || /^\d{12}$/.test(value) || CLOUDFRONT_OAI.test(value)) return [];
  const idKind = uniqueIdKind(value);
  if (idKind) {
    const principal = principalUniqueIdKind(value);
    return [
      {
        code: 'policy/principal-unique-id',
        severity: 'warning',
        message: principal
          ? `Principal "${value}" is the IAM unique ID of a ${principal}: it names one ${principal} whose account and name the inputs do not say (IAM shows the ID when the ${principal} it named was deleted); it is checked as a principal outside the inputs, and a ${principal} of the inputs whose unique ID they do not pin may be it (indeterminate); use an ARN`
          : `Principal "${value}" is the IAM unique ID of a ${idKind}, which cannot be a principal (only users and roles can): AWS rejects the policy; use an ARN`,
      },
    ];
  }
  if (!value.startsWith('arn:')) {
    return [
      {
        code: 'policy/invalid-principal',
        severity: 'error',
        message: `AWS principal "${value}" is not "*", a 12-digit account ID or an IAM ARN`,
      },
    ];
  }
  if (hasWildcard(value)) {
    return [
      {
        code: 'policy/principal-wildcard',
        severity: 'error',
        message: `Principal "${value}" has a wildcard: only "*" alone may be used; name the principal, or use "*" with an aws:PrincipalArn condition`,
      },
    ];
  }
  const fields = splitArnFields(value);
  if (!fields) {
    return [
      {
        code: 'policy/invalid-principal',
        severity: 'error',
        message: `Principal "${value}" is missing ARN fields: arn:partition:iam::account:type/name`,
      },
    ];
  }
  const issues: ArnIssue[] = [];
  const [, partition, service, , account, resource] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!partitionOk(partition)) {
    issues.push({
      code: 'policy/invalid-principal',
      severity: 'error',
      message: `Principal "${value}": unknown partition "${partition}"`,
    });
  }
  if (service !== 'iam' && service !== 'sts') {
    issues.push({
      code: 'policy/invalid-principal',
      severity: 'error',
      message: `Principal "${value}" is not an IAM or STS ARN (service "${service}")`,
    });
  }
  if (!/^\d{12}$/.test(account)) {
    issues.push({
      code: 'policy/invalid-principal',
      severity: 'error',
      message: `Principal "${value}": the account "${account}" is not a 12-digit account ID`,
    });
  }
  if (resource === '') {
    issues.push({
      code: 'policy/invalid-principal',
      severity: 'error',
      message: `Principal "${value}" names no resource`,
    });
  }
  return issues;
}

/** Endings of service principal names in the AWS partitions. */
const SERVICE_PRINCIPAL =
  /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;

/** Problems of a value of `Principal: {"Service": ...}` (`ec2.amazonaws.com`). */
export function checkServicePrincipal(value: string): ArnIssue[] {
  if (hasWildcard(value)) {
    return [
      {
        code: 'policy/principal-wildcard',
        severity: 'error',
        message: `Service principal "${value}" has a wildcard; name the service (e.g. ec2.amazonaws.com)`,
      },
    ];
  }
  if (!SERVICE_PRINCIPAL.test(value)) {
    return [
      {
        code: 'policy/invalid-service-principal',
        severity: 'warning',
        message: `"${value}" does not look like a service principal (service-name.amazonaws.com)`,
      },
    ];
  }
  return [];
}

/** Problems of a value of `Principal: {"Federated": ...}` or `{"CanonicalUser": ...}`. */
export function checkOtherPrincipal(kind: 'Federated' | 'CanonicalUser', value: string): ArnIssue[] {
  if (hasWildcard(value)) {
    return [
      {
        code: 'policy/principal-wildcard',
        severity: 'error',
        message: `${kind} principal "${value}" has a wildcard; name the principal`,
      },
    ];
  }
  if (kind === 'CanonicalUser' && !/^[0-9a-f]{64}$/.test(value)) {
    return [
      {
        code: 'policy/invalid-principal',
        severity: 'warning',
        message: `CanonicalUser "${value}" is not a 64-character hexadecimal canonical user ID`,
      },
    ];
  }
  // The canonical user ids of accounts are not in the inputs (src/engine/compile-policy.ts
  // `accountCanonicalMatch`): say why the principals of the inputs are indeterminate for it.
  if (kind === 'CanonicalUser')
    return [
      {
        code: 'policy/principal-canonical-user',
        severity: 'warning',
        message: `CanonicalUser "${value}" is an S3 canonical user id (an AWS account or a CloudFront origin access identity); an account's canonical user id is not in the inputs, so it may be the account of any principal, whose access through this statement is then indeterminate (unless a Terraform plan reads the deploying account's id with data.aws_canonical_user_id); name the account by its id (an origin access identity by its ARN) instead`,
      },
    ];
  return [];
}
