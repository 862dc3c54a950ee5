// The wording of the access review's risk findings (risks.ts, risk-wildcards.ts,
// risk-escalation.ts, risk-external-access.ts): every sentence a finding's `message` carries is
// phrased here, from the facts the analyses found; the analyses decide nothing here. (The
// message is part of `RiskFinding`, which matrix shards store and the access diff compares, so
// it is made with the finding rather than by each report.)

import { parseArn } from '../model/arns.js';
import { formatSource, type Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import { qualifiedLabel, sharedLabels } from '../model/same-names.js';
import type { Access, FreeDecision, RiskFinding } from './types.js';

/** `a, b, c` or `a, b and N more` past `limit` items. */
export function listed(items: readonly string[], limit: number): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

/**
 * ` (conditional: c1; c2)` / ` (indeterminate)` after access that is not plainly allowed; for
 * indeterminate access with `why` (its reasons, each with where its unknown is),
 * ` (indeterminate: why1; why2)`, then its conditions (` (indeterminate: why1; c1)`).
 */
export function accessNote(access: Access, conditions: readonly string[], why?: readonly string[]): string {
  if (access === 'allow') return '';
  // An indeterminate step met under conditions too (a caller's choice: a session tag it sets) says both.
  if (access === 'indeterminate' && why?.length)
    return ` (indeterminate: ${[...why, ...conditions].join('; ')})`;
  return ` (${access}${conditions.length ? `: ${conditions.join('; ')}` : ''})`;
}

/** `user alice` for `arn:aws:iam::1:user/alice`; the ARN when it is not one. */
export function shortName(arn: string): string {
  const parsed = parseArn(arn);
  if (!parsed) return arn;
  return parsed.resource.replace(/^(user|role|group|policy)\//, '$1 ');
}

/** `user alice`, `role deploy`: how a finding names its principal. */
export function principalLabel(p: { kind: string; name: string }): string {
  return `${p.kind} ${p.name}`;
}

/** `role x` for a role's trust policy, `resource x` for one of a kind iamspec does not model, else `<kind> <name>`. */
export function resourceLabel(r: { kind: string; name: string }): string {
  return `${r.kind === 'iam-role' ? 'role' : r.kind === 'other' ? 'resource' : r.kind} ${r.name}`;
}

/**
 * `findings` with the label a message opens with qualified by where its subject is (`dynamodb-table
 * my-table (account 111122223333, us-east-1) is open to anyone`) when another user, role or
 * resource of `model` has the same label: the same-name rule of every review label
 * (src/model/same-names.ts). Each message above opens with its subject's `principalLabel` or
 * `resourceLabel`; a finding whose subject is no model element, or whose message opens otherwise
 * (a federated entry point names its caller first), is kept as it is.
 */
export function qualifySharedNames(findings: RiskFinding[], model: Model): RiskFinding[] {
  const elements = [
    ...model.users.map((u) => ({ arn: u.arn, label: principalLabel(u) })),
    ...model.roles.map((r) => ({ arn: r.arn, label: principalLabel(r) })),
    ...model.resources.map((r) => ({ arn: r.arn, label: resourceLabel(r) })),
  ];
  const shared = sharedLabels(
    elements,
    (x) => x.label,
    (x) => x.arn,
  );
  if (!shared.size) return findings;
  const labelOf = new Map(elements.filter((x) => shared.has(x.label)).map((x) => [x.arn, x.label]));
  return findings.map((f) => {
    const label = labelOf.get(f.subject);
    if (!label || !f.message.startsWith(`${label} `)) return f;
    return { ...f, message: qualifiedLabel(label, f.subject) + f.message.slice(label.length) };
  });
}

export function adminMessage(
  label: string,
  access: 'allow' | 'conditional' | 'indeterminate',
  conditions: readonly string[],
  mightNotExist?: string,
  why?: readonly string[],
): string {
  if (access === 'allow')
    return `${label} is administrator-equivalent: it may perform any action on any resource (IAM, S3, EC2, KMS, DynamoDB, Lambda and CloudTrail probes on resources it was never given by name are all allowed)`;
  if (access === 'conditional')
    return `${label} is administrator-equivalent under conditions: ${conditions.join('; ')}`;
  const because = why?.length ? ` (indeterminate: ${why.join('; ')})` : '';
  return `${label} might be administrator-equivalent: no probe is denied and some depend on what the inputs do not pin down${mightNotExist ? ` (${label} might not exist: ${mightNotExist})` : ''}${because}`;
}

export function passRoleMessage(
  label: string,
  account: string,
  pass: FreeDecision,
  why?: readonly string[],
): string {
  const note = accessNote(pass.access, pass.conditions, why);
  return `${label} may pass any role of account ${account} to a service (iam:PassRole on every role)${note}`;
}

/** What capped a wildcard statement: ` (capped by the SCPs: 3 of its 10 actions remain)`. */
export function cappedText(e: { total: number; left: number; cappedBy: readonly string[] }): string {
  if (e.left === e.total) return '';
  return ` (capped by ${e.cappedBy.join(' and ')}: ${e.left} of its ${e.total} actions remain)`;
}

/** One wildcard statement: `"s3:*" in policy-name Stmt1` plus what capped it. */
export function wildcardActionText(flagged: readonly string[], where: string, capped: string): string {
  return `${flagged.map((v) => `"${v}"`).join(', ')} in ${where}${capped}`;
}

export function wildcardActionMessage(label: string, texts: readonly string[], limit: number): string {
  return `${label} is allowed wildcard actions: ${listed(texts, limit)}`;
}

export function wildcardResourceMessage(label: string, texts: readonly string[], limit: number): string {
  return `${label} has Allow statements on every resource: ${listed(texts, limit)}`;
}

/**
 * A privilege-escalation finding: what the principal can do, on which targets (each with what it goes
 * through, `role x through Auto Scaling group web …`), the method's name.
 */
export function escalationMessage(
  label: string,
  method: { describe: string; detail: string },
  targets: readonly (string | { target: string; via: string })[],
  access: Access,
  conditions: readonly string[],
  limit: number,
  why?: readonly string[],
): string {
  return `${label} can ${method.describe}: ${listed(
    targets.map((t) => (typeof t === 'string' ? shortName(t) : `${shortName(t.target)} ${t.via}`)),
    limit,
  )}${accessNote(access, conditions, why)} [${method.detail}]`;
}

export function escalationDetail(method: { detail: string }): string {
  return method.detail;
}

/** The escalation by writing a resource-based policy (escalation-writes.ts): detail and severity. */
export const POLICY_WRITE_ESCALATION = { detail: 'resource-policy write', severity: 'high' } as const;

/** The escalation by tagging oneself (escalation-writes.ts): detail and severity. */
export const SELF_TAG_ESCALATION = { detail: 'self-tagging', severity: 'medium' } as const;

/**
 * The escalation by changing the SCPs/RCPs that govern one's own account through the
 * organization's delegation policy (escalation-writes.ts): detail and severity. High, as
 * rewriting one's own permissions is (Rhino Security Labs methods): SCPs "affect all users and
 * roles in attached accounts, including the root user" (AWS Organizations User Guide, "Service
 * control policies (SCPs)"), so detaching or rewriting them lifts the organization's guardrails
 * from the whole account, not only from the principal.
 */
export const ORG_POLICY_ESCALATION = { detail: 'organization policy change', severity: 'high' } as const;

/**
 * An Organizations-policy-change finding: the changes allowed, each on the resources as the
 * delegation policy writes them (`organizations:DetachPolicy on
 * "arn:aws:organizations::111111111111:policy/o-abcdefghij/service_control_policy/*", to detach an
 * SCP or RCP`; the request decided names a policy id of its own, which no input holds), the account
 * governed and the delegation policy that allows them.
 */
export function orgPolicyMessage(
  label: string,
  account: string,
  changes: readonly { action: string; written: readonly string[]; does: string; delegation: string }[],
  access: Access,
  conditions: readonly string[],
  limit: number,
  why?: readonly string[],
): string {
  const items = changes.map(
    (c) => `${c.action} on ${c.written.map((w) => `"${w}"`).join(' or ')} to ${c.does}`,
  );
  const delegations = [...new Set(changes.map((c) => c.delegation))].join(', ');
  return `${label} can change the SCPs/RCPs that govern its own account ${account} through the organization's delegation policy ${delegations}, and so lift the guardrails they set: ${listed(
    items,
    limit,
  )}; what they then allow is not computed${accessNote(access, conditions, why)} [${ORG_POLICY_ESCALATION.detail}]`;
}

/** How a write on a version or alias of a Lambda function the inputs do not name is worded. */
export const UNNAMED_QUALIFIER = 'a version or alias not in the inputs';

/**
 * A resource-policy-write finding: which write on which resource, and the request it lets the
 * principal grant itself (`s3:PutBucketPolicy on data, to grant itself s3:GetObject`).
 */
export function policyWriteMessage(
  label: string,
  writes: readonly {
    action: string;
    resource: string;
    gain: { action: string };
    unnamedQualifier?: true;
  }[],
  access: Access,
  conditions: readonly string[],
  limit: number,
  why?: readonly string[],
): string {
  const items = writes.map((w) =>
    w.unnamedQualifier
      ? `${w.action} on ${shortName(w.resource.slice(0, w.resource.lastIndexOf(':')))} (${UNNAMED_QUALIFIER}), to grant itself ${w.gain.action} there, if one exists`
      : `${w.action} on ${shortName(w.resource)}, to grant itself ${w.gain.action}`,
  );
  return `${label} can rewrite resource-based policies and so grant itself (or others) access it is denied now: ${listed(
    items,
    limit,
  )}${accessNote(access, conditions, why)} [${POLICY_WRITE_ESCALATION.detail}]`;
}

/** `policy Sid "X" at file:line (address)`: a statement and where it is written. */
export function statementText(s: {
  policy?: string | undefined;
  statement?: string | undefined;
  source?: Source;
}): string {
  const name = [s.policy, s.statement].filter(Boolean).join(' ') || 'a statement';
  return s.source ? `${name} at ${formatSource(s.source)}` : name;
}

/**
 * A self-tagging finding: the tag action on itself and the statements that allow it, and the
 * statements that read aws:PrincipalTag (what makes the tags matter).
 */
export function selfTagMessage(
  label: string,
  action: string,
  access: Access,
  conditions: readonly string[],
  allowedBy: readonly { policy?: string | undefined; statement?: string | undefined; source?: Source }[],
  readers: readonly { policy: string; statement: string; source: Source }[],
  limit: number,
  why?: readonly string[],
): string {
  const by = allowedBy.length
    ? `; ${action} is allowed by ${listed(allowedBy.map(statementText), limit)}`
    : '';
  const read = readers.length
    ? `; aws:PrincipalTag is read by ${listed(readers.map(statementText), limit)}`
    : '';
  return `${label} can change its own tags (${action} on itself) and policies read aws:PrincipalTag: it may give itself the tags an ABAC condition asks for, or drop those a Deny matches (what other tags would unlock is not computed)${accessNote(access, conditions, why)}${by}${read} [${SELF_TAG_ESCALATION.detail}]`;
}

/**
 * One step of a path to a role and its statements: `sts:AssumeRole into role x, allowed by …`,
 * `iam:PassRole + lambda:CreateFunction (lambda.amazonaws.com) with role x, allowed by …`.
 */
export function stepText(
  via: string,
  target: string,
  step: {
    access: Access;
    conditions: readonly string[];
    grants: readonly {
      policy?: string | undefined;
      statement?: string | undefined;
      source?: Source;
      effect?: string | undefined;
    }[];
    /** For an indeterminate step: why (a role-chain hop's reasons, chains.ts `decideHop`). */
    why?: readonly string[];
  },
  limit: number,
): string {
  const allows = step.grants.filter((g) => g.effect !== 'Deny');
  const by = allows.length ? `, allowed by ${listed(allows.map(statementText), limit)}` : '';
  return `${via} ${target}${by}${accessNote(step.access, step.conditions, step.why)}`;
}

/**
 * An escalation that takes more than one step (escalation-chains.ts): the start becomes `end`
 * through `hops` (each with its statements), and `end` has the escalation `endMessage` says (its
 * own finding's message, which opens with `endLabel`); `others`, further principals reached with
 * the same escalation. The path comes last, outside parentheses (its statements' sources have
 * their own).
 */
export function chainedEscalationMessage(
  label: string,
  endLabel: string,
  hops: readonly string[],
  endMessage: string,
  detail: string,
  others: readonly string[],
  limit: number,
): string {
  let tail = endMessage.startsWith(`${endLabel} `) ? endMessage.slice(endLabel.length + 1) : endMessage;
  tail = tail.replace(/ \[[^\]]*\]$/, '');
  const also = others.length ? `; so can ${listed(others, limit)}, which it can become too` : '';
  return `${label} can become ${endLabel}, which ${tail}${also}. The path: ${hops.join('; then ')} [${detail}]`;
}

/** The detail of an escalation reached through other principals (a chain of roles, credentials, passed roles...): the end's own detail, through a chain. */
/**
 * The detail of an administrator-equivalent principal as the end of a chain
 * (escalation-chains.ts): `administrator access, through a chain`.
 */
export const ADMIN_REACHED_DETAIL = 'administrator access';

export function chainedDetail(detail: string | undefined): string {
  return `${detail ?? 'escalation'}, through a chain`;
}

/** What a resource lets outsiders do: `read: s3:GetObject; write: s3:PutObject`. */
export interface OutsideAccess {
  access: Access;
  actions: string;
  conditions: string[];
  /** For indeterminate access: what it depends on (the engine's words), when known. */
  why?: string;
}

/** The actions of a resource kept only for a policy iamspec does not model. */
export const UNMODELLED_POLICY_ACTIONS = 'whatever its policy allows';

/** ` (indeterminate: why)`, else `accessNote`. */
function outsideNote(hits: OutsideAccess): string {
  return hits.access === 'indeterminate' && hits.why
    ? ` (indeterminate: ${hits.why})`
    : accessNote(hits.access, hits.conditions);
}

export function publicMessage(
  resource: { kind: string; name: string },
  urlNote: string,
  hits: OutsideAccess,
): string {
  const is = hits.access === 'indeterminate' ? 'might be' : 'is';
  // through a URL that needs IAM authentication: authenticated principals only, of any account
  const who =
    urlNote === PUBLIC_IAM_URL_NOTE
      ? 'any authenticated AWS principal of any account (not anonymous callers)'
      : 'anyone (anonymous callers or any AWS account)';
  return `${resourceLabel(resource)} ${is} open to ${who}${urlNote}: ${hits.actions}${outsideNote(hits)}`;
}

/**
 * ` through API Gateway method GET /orders of Shop (authorization NONE)`: how a public finding
 * says it is reached through an API method (analysis/risk-api-methods.ts), as `PUBLIC_URL_NOTE`
 * says a function URL.
 */
export function apiMethodNote(api: string, route: string, authorization: string): string {
  return ` through API Gateway method ${route} of ${api} (authorization ${authorization})`;
}

/**
 * What a finding of a function behind an open API method adds when no permission of the inputs
 * lets API Gateway invoke it (analysis/api-integration-permission.ts): it may be added outside them.
 */
export const NO_INVOKE_PERMISSION_NOTE =
  '; no permission in the inputs lets API Gateway (apigateway.amazonaws.com) invoke the function: the method is open once one is added outside them';

/** What a finding of an AWS integration without credentials adds when no resource policy of the inputs lets API Gateway in. */
export const NO_SERVICE_PERMISSION_NOTE =
  '; no resource policy in the inputs lets API Gateway (apigateway.amazonaws.com) make the call: the method is open once a target outside them does';

/**
 * A method open to anyone whose AWS integration has no credentials (API Gateway calls as itself,
 * let in by the target's resource policy): `anyone on the internet (no AWS credentials) makes API
 * Gateway (apigateway.amazonaws.com) call sqs:SendMessage through API Gateway method POST /jobs of
 * Jobs (authorization NONE), by the target's resource policy`.
 */
export function apiMethodServiceMessage(
  note: string,
  action: string,
  hits: Omit<OutsideAccess, 'actions'>,
): string {
  const makes = hits.access === 'indeterminate' ? 'might make' : 'makes';
  return `anyone on the internet (no AWS credentials) ${makes} API Gateway (apigateway.amazonaws.com) call ${action}${note}, by the target's resource policy (the integration has no credentials)${outsideNote({ ...hits, actions: action })}`;
}

/**
 * A method open to anyone whose integration acts with a role: `anyone on the internet (no AWS
 * credentials) acts as role api-sqs for sqs:SendMessage through API Gateway method POST /jobs of
 * Jobs (authorization NONE) (its integration credentials)`.
 */
export function apiMethodRoleMessage(
  note: string,
  role: string,
  action: string,
  hits: Omit<OutsideAccess, 'actions'>,
): string {
  const acts = hits.access === 'indeterminate' ? 'might act' : 'acts';
  return `anyone on the internet (no AWS credentials) ${acts} as ${role} for ${action}${note}, the role being the integration's credentials${outsideNote({ ...hits, actions: action })}`;
}

export function crossAccountMessage(
  resource: { kind: string; name: string },
  who: string,
  hits: OutsideAccess,
): string {
  const lets = hits.access === 'indeterminate' ? 'might let' : 'lets';
  return `${resourceLabel(resource)} ${lets} ${who} (outside the inputs) in: ${hits.actions}${outsideNote(hits)}`;
}

/**
 * A resource policy that lets `service` in for any account's use of it (risk-confused-deputy.ts):
 * `sqs-queue jobs lets sns.amazonaws.com in for any account's resources: nothing checks
 * aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths: write: sqs:SendMessage`.
 */
export function confusedDeputyMessage(
  resource: { kind: string; name: string },
  service: string,
  hits: OutsideAccess,
): string {
  const maybe = hits.access === 'indeterminate';
  const pins = maybe ? 'surely pins' : 'pins';
  return `${resourceLabel(resource)} ${maybe ? 'might let' : 'lets'} ${service} in on behalf of any account's resources (a confused deputy: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition ${pins} the source): ${hits.actions}${outsideNote(hits)}`;
}

/** The note of a Lambda function public through a URL without authentication. */
export const PUBLIC_URL_NOTE = ' through its function URL (AuthType NONE)';

/**
 * The note of a Lambda function open through a URL with AuthType AWS_IAM to the principals of any
 * account (the function policy grants it to every principal; the caller's own identity policy,
 * which it writes, is the other half a caller of another account needs).
 */
export const PUBLIC_IAM_URL_NOTE =
  ' through its function URL (AuthType AWS_IAM: a caller signs with its own credentials, and its own identity-based policy must allow it too)';

/** One way of an outside escalation in words (risk-outside-escalation.ts). */
export interface OutsideWayWords {
  /** What it gains (`administrator access`, `Rhino Security Labs method 9`). */
  detail: string;
  admin: boolean;
  /** The steps from the caller to the principal whose finding `endMessage` is, each with its statements. */
  hops: readonly string[];
  /** That finding's message (its `[detail]` tag left out). */
  endMessage: string;
}

/** A way's path: its hops, then its end finding's message without its `[detail]` tag. */
export function outsideWayPath(w: OutsideWayWords, from = 0): string {
  return [...w.hops.slice(from), w.endMessage.replace(/ \[[^\]]*\]$/, '')].join('; then ');
}

/**
 * A caller outside the account that can escalate in `account` through a role it may become, or
 * that it can make run (risk-outside-escalation.ts): `who` (in words, with where it is from:
 * `account X (outside the inputs)`) can become an administrator (a way that is `admin`) or raise
 * its privileges through `roleLabel`; with `runs` (`function F`), it can make that run as the role,
 * which can. One way: its path (`The path: HOP; then …`); several: `N ways: A; B. The path: HOP;
 * then (1) …; (2) …`, the first hop (the caller's entry, the same for every way) said once, the
 * paths of the first `limit` ways (every way's is in the finding's `ways`).
 */
export function outsideEscalationMessage(
  entry: { who: string; account: string; roleLabel: string; runs?: string },
  ways: readonly OutsideWayWords[],
  detail: string,
  limit: number,
): string {
  const gain = ways.some((w) => w.admin) ? 'become administrator-equivalent' : 'raise its privileges';
  const { who, account, roleLabel, runs } = entry;
  const opening = runs
    ? `${who} can make ${runs} run as ${roleLabel}, which can ${gain} in account ${account}`
    : `${who} can ${gain} in account ${account} through ${roleLabel}`;
  if (ways.length === 1)
    return `${opening}. The path: ${outsideWayPath(ways[0]!)} [${detail}: ${ways[0]!.detail}]`;
  // "; ": a way's name may hold a comma ("Rhino Security Labs method 9, through a chain")
  const names = ways.map((w) => w.detail).join('; ');
  const paths = ways.slice(0, limit).map((w, i) => `(${i + 1}) ${outsideWayPath(w, 1)}`);
  if (ways.length > limit) paths.push(`(${limit + 1}–${ways.length}) the paths the finding's ways give`);
  return `${opening}, ${ways.length} ways: ${names}. The path: ${ways[0]!.hops[0]}; then ${paths.join('; ')} [${detail}]`;
}
