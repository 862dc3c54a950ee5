// The one rule for how a condition on a grant moves a risk finding's severity. Owns
// `transportOnly` and `fullGrant`: a grant allowed, or allowed under conditions that limit only
// how the request is made (its transport: aws:SecureTransport, s3:TlsVersion, the S3 signature
// version or auth type), is a full grant. The reports assume TLS (the matrix and who-can decide
// under `aws:SecureTransport=true`; every AWS API call a real caller makes uses TLS), so a
// TLS-only Deny limits how, not who. Any other condition (MFA, source IP, tags) is a real limit
// and each finding lowers its severity for it (risks.ts: admin-equivalent and passrole-wildcard
// to medium; risk-escalation.ts: escalations to low; risk-external-access.ts: outside access to
// low). One condition is no limit either: `sts:ExternalId` absent (`Null` "true", as the CDK
// bootstrap's trusts write it with DenyExternalId): the external ID is a parameter the caller
// chooses to send (AWS STS API Reference, AssumeRole, ExternalId: "A unique identifier that might
// be required when you assume a role in another account. If the administrator of the account to
// which the role belongs provided you with an external ID, then provide that value in the
// ExternalId parameter."), so any caller the trust names meets it by sending none.
// Also owns which requests a finding on a role is weighed by (`grantsAccessTo`): the assume
// requests, not the requests that only go with one ("Session tags are key-value pair attributes
// that you pass when you assume an IAM role or federate a user in AWS STS", IAM User Guide, "Pass
// session tags in AWS STS": sts:TagSession, sts:SetSourceIdentity and sts:SetContext give nothing
// by themselves), so an unconditional sts:TagSession does not hide a condition on sts:AssumeRole.

import type { Access } from './types.js';

/** Condition keys that limit how a request is made (its transport), not who makes it. */
const TRANSPORT_KEYS = /\b(aws:SecureTransport|s3:TlsVersion|s3:signatureversion|s3:authType)\b/i;

/**
 * A condition every caller meets by leaving out an optional request parameter, alone on an Allow
 * (the words of analysis/free-decision.ts and engine/conditions/describe.ts:
 * `sts:ExternalId is absent (Null) (Allow of …)`; with another condition it is a real limit).
 */
const CALLER_OMITS = /^sts:ExternalId is absent \(Null\) \(Allow of /i;

/**
 * True when every condition of conditional access limits only how the request is made (a
 * TLS-only Deny), or is met by any caller leaving out an optional parameter (`CALLER_OMITS`):
 * the access is as good as allowed to whoever has it (risk severities).
 */
export function transportOnly(conditions: readonly string[]): boolean {
  return conditions.every((c) => TRANSPORT_KEYS.test(c) || CALLER_OMITS.test(c));
}

/**
 * True when access counts as a full grant for a finding's severity: allowed, or conditional on
 * transport conditions only. False for deny, indeterminate and any other condition.
 */
export function fullGrant(access: Access, conditions: readonly string[]): boolean {
  return access === 'allow' || (access === 'conditional' && transportOnly(conditions));
}

/** The requests that give a caller a role's credentials (its trust policy's assume actions). */
const ROLE_ENTRY_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
]);

/**
 * Whether `action` on a column of kind `kind` is a request whose access a finding's severity is
 * weighed by: on a role, an assume request only (see the module comment); on anything else, any.
 */
export function grantsAccessTo(kind: string, action: string): boolean {
  return kind !== 'iam-role' || ROLE_ENTRY_ACTIONS.has(action.toLowerCase());
}
