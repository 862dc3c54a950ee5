// Stand-in values: names iamspec invents for things the inputs do not name (a principal outside
// the inputs that an attachment with an unknown target may reach, a member of a group defined
// outside the inputs). Every invented principal name starts with `(unknown)`: IAM user, group
// and role names allow only `[\w+=,.@-]` (IAM API Reference, CreateUser / CreateRole), so no
// deployed principal can have a stand-in's ARN.

import { iamArn, parseArn } from './arns.js';

/** The prefix of every stand-in principal name; `(` and `)` are not allowed in IAM names. */
export const STAND_IN_PREFIX = '(unknown)';

/** A stand-in principal name for `hint` (a logical id, a Terraform address, a group name). */
export function standInPrincipalName(hint: string): string {
  const cleaned = hint.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '');
  return STAND_IN_PREFIX + (cleaned || 'principal').slice(0, 64);
}

/**
 * The ARN of the stand-in principal for "some user / group / role outside the inputs that
 * `hint` may attach a policy to".
 */
export function unknownPrincipalArn(
  partition: string,
  account: string,
  kind: 'user' | 'group' | 'role',
  hint: string,
): string {
  return iamArn(partition, account, kind, standInPrincipalName(hint));
}

/** True for the ARN of a stand-in principal (see `unknownPrincipalArn`). */
export function isStandInPrincipalArn(arn: string): boolean {
  const resource = parseArn(arn)?.resource ?? '';
  return resource.slice(resource.lastIndexOf('/') + 1).startsWith(STAND_IN_PREFIX);
}

/**
 * The stand-in for the unique suffix IAM Identity Center gives the role it creates for a
 * permission set in an account (`AWSReservedSSO_<name>_<unique suffix>`): the suffix is assigned
 * at assignment time, so it is not in the inputs.
 */
export const IDENTITY_CENTER_SUFFIX = STAND_IN_PREFIX;

/** `AWSReservedSSO_<permission set name>_(unknown)`. */
export function identityCenterRoleName(permissionSetName: string): string {
  return `AWSReservedSSO_${permissionSetName}_${IDENTITY_CENTER_SUFFIX}`;
}

/** The account's IAM Identity Center SAML provider, `AWSSSO_<unknown suffix>_DO_NOT_DELETE`. */
export function identityCenterSamlProviderName(): string {
  return `AWSSSO_${IDENTITY_CENTER_SUFFIX}_DO_NOT_DELETE`;
}
