// The one rule for how a condition on a grant moves a risk finding's severity. Owns
// `transportOnly` and `fullGrant`: a grant allowed, or allowed under conditions that limit only
// how the request is made (its transport: aws:SecureTransport, s3:TlsVersion, the S3 signature
// version or auth type), is a full grant. The reports assume TLS (the matrix and who-can decide
// under `aws:SecureTransport=true`; every AWS API call a real caller makes uses TLS), so a
// TLS-only Deny limits how, not who. Any other condition (MFA, source IP, tags) is a real limit,
// one rule for every kind (`conditionalSeverity`): a possible takeover (an administrator,
// iam:PassRole on every role, an escalation, an outside account's escalation) one step below its
// sure severity (whoever meets the condition still takes over: high to medium), never below
// medium (the floor of a possible takeover, the same as an indeterminate one's), any other
// finding (outside access, API methods) low (the condition limits who gets in). One condition is no limit either: `sts:ExternalId` absent (`Null` "true", as the CDK
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
// Also owns the severity of an indeterminate finding (`indeterminateSeverity`, `riskSeverity`):
// one step below the severity it would have if the unknown went the bad way (its sure severity),
// never below medium for a possible takeover (an administrator, iam:PassRole on every role, an
// escalation, an outside account's escalation) whose sure severity is medium or high, and never
// above the sure severity: an open question is never high (high says it is sure), and a possible
// takeover is never left at low. One floor for both (`oneStepBelow`): a possible or conditional
// takeover is at least medium (unless it would be low when sure).

import type { Access, ConditionFacts, RiskFinding } from './types.js';

type Severity = RiskFinding['severity'];

const ORDER: readonly Severity[] = ['low', 'medium', 'high'];

/** Condition keys (lowercased) that limit how a request is made (its transport), not who makes it. */
const TRANSPORT_KEYS: ReadonlySet<string> = new Set([
  'aws:securetransport',
  's3:tlsversion',
  's3:signatureversion',
  's3:authtype',
]);

/**
 * Optional request parameters a caller chooses to send (lowercased keys): an Allow asking only
 * that one be absent (`Null` "true", `ConditionFacts.absent`) is met by any caller leaving it out.
 */
const CALLER_OMITS: ReadonlySet<string> = new Set(['sts:externalid']);

/**
 * Whether one condition limits only how the request is made or is met by leaving out an optional
 * parameter: by the keys its producer reports it is about (`facts`: the engine's,
 * `FreeDecision.conditionFacts`, or those an analysis writes with a condition of its own), never by
 * its words (a value, a tag key or a policy name may hold `aws:SecureTransport`; describe.ts may
 * word a clause otherwise). Key names compared ignoring case: "Context key names are not
 * case-sensitive. For example, including the aws:SourceIP context key is equivalent to testing for
 * AWS:SourceIp." (IAM User Guide, "IAM JSON policy elements: Condition"). Every producer of a
 * condition that reaches a finding gives its facts (the callers' types require them); a condition
 * an analysis words about no context key (`only objects matching …`, the conditions another
 * finding names, an identity pool's flow) has facts with no keys: its producer knows it limits the
 * access, a real condition (weighed by `conditionalSeverity`). A condition of no facts at all (one
 * whose producer could not know its keys: a matrix built elsewhere) is not known to limit anyone,
 * so it does not lower the finding below what it would be without it: the direction that never
 * hides a risk (a finding too high is read and set aside; one too low is not read).
 */
function limitsOnlyHow(condition: string, facts: readonly ConditionFacts[]): boolean {
  const f = facts.find((x) => x.text === condition);
  if (!f) return true;
  if (!f.keys.length) return false;
  const keys = f.keys.map((k) => k.toLowerCase());
  return keys.every((k) => TRANSPORT_KEYS.has(k)) || (f.absent && keys.every((k) => CALLER_OMITS.has(k)));
}

/**
 * True when every condition of conditional access limits only how the request is made (a
 * TLS-only Deny), or is met by any caller leaving out an optional parameter (`CALLER_OMITS`):
 * the access is as good as allowed to whoever has it (risk severities). `facts`: what the engine
 * reports each condition is about (`FreeDecision.conditionFacts` of the decisions the conditions
 * come from).
 */
export function transportOnly(conditions: readonly string[], facts: readonly ConditionFacts[]): boolean {
  return conditions.every((c) => limitsOnlyHow(c, facts));
}

/**
 * True when access counts as a full grant for a finding's severity: allowed, or conditional on
 * transport conditions only. False for deny, indeterminate and any other condition.
 */
export function fullGrant(
  access: Access,
  conditions: readonly string[],
  facts: readonly ConditionFacts[],
): boolean {
  return access === 'allow' || (access === 'conditional' && transportOnly(conditions, facts));
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

/**
 * One step below `sure`, never below medium for a possible takeover (`takeover`: administrator,
 * PassRole on every role, escalation, outside escalation) whose `sure` is medium or high: the
 * one floor of an indeterminate and a conditional takeover (see the module comment).
 */
function oneStepBelow(sure: Severity, takeover: boolean): Severity {
  const rank = ORDER.indexOf(sure);
  const below = ORDER[Math.max(0, rank - 1)]!;
  return takeover && rank >= 1 && below === 'low' ? 'medium' : below;
}

/**
 * The severity of an indeterminate finding (see the module comment): one step below `sure` (the
 * severity if the unknown went the bad way), never below medium for a possible takeover
 * (`takeover`) unless `sure` is lower (`oneStepBelow`).
 */
export function indeterminateSeverity(sure: Severity, takeover: boolean): Severity {
  return oneStepBelow(sure, takeover);
}

/**
 * The severity of a finding granted under a real condition (see the module comment): one step
 * below `sure` for a possible takeover (`takeover`), never below medium unless `sure` is lower
 * (`oneStepBelow`, the floor of an indeterminate one); low for any other finding.
 */
export function conditionalSeverity(sure: Severity, takeover: boolean): Severity {
  return takeover ? oneStepBelow(sure, true) : 'low';
}

/**
 * A finding's severity from the access it is decided by: `sure` for a full grant (`fullGrant`),
 * `indeterminateSeverity` when indeterminate, `conditionalSeverity` under a real condition, low
 * when the requests that weigh it are denied; never above `sure`. `takeover`: the finding is a
 * possible takeover (administrator, PassRole on every role, escalation, outside escalation);
 * `facts`: what the engine reports the conditions are about (`transportOnly`).
 */
export function riskSeverity(
  sure: Severity,
  access: Access,
  conditions: readonly string[],
  takeover: boolean,
  facts: readonly ConditionFacts[],
): Severity {
  if (fullGrant(access, conditions, facts)) return sure;
  if (access === 'indeterminate') return indeterminateSeverity(sure, takeover);
  if (access === 'conditional') return conditionalSeverity(sure, takeover);
  return 'low';
}

/** The sure severity of findings whose severity the access lowered (`rated`, `sureSeverity`). */
const SURE = new WeakMap<object, Severity>();

/** `finding`, noting `sure`, the severity it would have as a full grant (read by `sureSeverity`). */
export function rated<T extends { severity: Severity }>(finding: T, sure: Severity): T {
  SURE.set(finding, sure);
  return finding;
}

/**
 * The severity a finding would have as a full grant (what a join with another finding starts
 * from, risk-outside-escalation.ts): the one `rated` noted, else its severity.
 */
export function sureSeverity(finding: { severity: Severity }): Severity {
  return SURE.get(finding) ?? finding.severity;
}
