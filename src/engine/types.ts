// The engine's contract: a request in, a decision (with an optional trace) out. The shape of
// `Decision` is the `iamspec eval --format json` contract (ARCHITECTURE.md, "Contracts"): keep
// it stable.

import type { Source } from '../model/source.js';

/**
 * A value of a request context key: one string, several, or `null` for a key pinned as absent
 * (the request does not carry it, and analyses must not treat it as free; e.g. no
 * `aws:TokenIssueTime` for a request signed with an IAM user's long-term access keys).
 */
export type ContextValue = string | readonly string[] | null;
export type RequestContext = Readonly<Record<string, ContextValue>>;

export interface Request {
  /**
   * An IAM user ARN, a role ARN (a session of that role), an assumed-role session ARN, a
   * federated user session ARN, an account root ARN or 12-digit account id, a service principal (`ec2.amazonaws.com`),
   * `anonymous`, or a model reference (`user/NAME`, `role/NAME`) resolved by the caller.
   */
  principal: string;
  action: string;
  resource: string;
  /** Request context; overrides the keys the engine fills from the model. */
  context?: RequestContext;
  /**
   * A session policy document (JSON object) passed when the role session (or the federated user
   * session) was created. For a federated user session, none given means the session policy is
   * unknown: without one the session has no permissions of its own, with one at most its caller's.
   */
  sessionPolicy?: unknown;
  /**
   * For a federated user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`): the IAM user ARN
   * (or account root) that called GetFederationToken. Unknown when absent.
   */
  federatedBy?: string;
}

export type DecisionValue = 'allow' | 'deny' | 'indeterminate';
export type DecisionReason = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unknown-value';

/** Which evaluation step a trace entry belongs to. */
export type TraceStage =
  | 'principal'
  | 'scp'
  | 'rcp'
  | 'resource'
  | 'identity'
  | 'boundary'
  | 'session'
  | 'trust'
  | 'key-policy'
  | 'result';

/**
 * The kinds of unknown a decision may depend on (`TraceEntry.kind`): a policy whose content is
 * unknown, a statement that might not exist, a condition / principal / resource / action list
 * known only after apply (or naming an element whose name is unknown), a statement unknown
 * otherwise, a principal that might not exist, an account, Region or element name the inputs do
 * not state (another world decides otherwise), SCPs whose place in the organisation is unknown, a
 * policy outside the inputs, a rule AWS does not document (a single-valued condition operator on
 * several request values: conditions/clause.ts), anything else. Reports word each kind once (report/matrix-reasons.ts).
 */
export type UnknownKind =
  | 'unknown-policy'
  | 'maybe-present'
  | 'unknown-condition'
  | 'unknown-principal'
  | 'unknown-resource'
  | 'unknown-action'
  | 'unknown-statement'
  | 'principal-maybe-present'
  | 'unknown-world'
  | 'org-placement'
  | 'outside-policy'
  | 'undocumented-rule'
  | 'unknown-value';

export interface TraceEntry {
  stage: TraceStage;
  /** What happened, in words a person can act on. */
  message: string;
  /** Policy name or ARN and statement label, when a statement mattered. */
  policy?: string;
  statement?: string;
  effect?: 'Allow' | 'Deny';
  /** `match` = the statement applies; `unknown` = it depends on an unknown value. */
  outcome?: 'match' | 'unknown' | 'no-match';
  /** For `outcome: 'unknown'`: which kind of unknown it is, set where the engine writes the entry. */
  kind?: UnknownKind;
  source?: Source;
  /**
   * For `outcome: 'unknown'`: the unknown value the entry depends on, and where it comes from
   * (which may be another element than the statement: a `count`, a parameter, an attachment).
   * Front ends use it to name the warning about the inputs that explains the entry.
   */
  cause?: { reason: string; source?: Source };
  /**
   * An Allow of a resource-based policy (resource, key or trust policy) whose Principal names the
   * principal's account (root ARN or account id), not the principal: it delegates to the
   * account's identity policies, which must allow as well.
   */
  delegates?: true;
}

/**
 * A condition an analysis decision assumed about free context keys (keys neither the request nor
 * the model pins): an Allow whose clauses must hold, or a Deny whose clause must fail.
 */
export interface AssumedCondition {
  effect: 'Allow' | 'Deny';
  policy: string;
  statement: string;
  source: Source;
  /** The assumed clauses, readable (`Bool aws:SecureTransport = false`). */
  conditions: string[];
  /**
   * The context keys (lowercased) the assumption is about: each assumed clause's key and the keys
   * of the policy variables in its values, or a Resource's free variables. What an analysis reads
   * to know which keys decide a conditional access (never the readable words).
   */
  keys: string[];
  /**
   * On an Allow: every assumed clause asks its key be absent (`Null` "true"), so a request that
   * leaves the key out meets it (risk-severity.ts reads it for a parameter the caller chooses to
   * send, `sts:ExternalId`).
   */
  absent?: true;
}

/**
 * An Allow statement a decision found applying, or possibly applying (`DecideOptions.allows`):
 * what the trace's entry of it names (stage, policy, statement label, source), in the same order
 * and with the same fields as an analysis's `StatementRef` of that entry.
 */
export interface AppliedAllow {
  stage: TraceStage;
  policy: string | undefined;
  statement: string | undefined;
  effect: 'Allow';
  source: Source | undefined;
  /** A resource-based Allow naming the principal's account (see `TraceEntry.delegates`). */
  delegates?: true;
}

/**
 * An unknown a decision met (`DecideOptions.unknowns`): a function giving its trace entry
 * (`outcome: 'unknown'`, with its `kind`), worded only when called, so that a decision made for
 * its verdict notes the unknowns it depends on without writing them.
 */
export type UnknownMet = () => TraceEntry;

export interface Decision {
  decision: DecisionValue;
  reason: DecisionReason;
  external?: true;
  trace?: TraceEntry[];
  /**
   * Only with `DecideOptions.allows`: the Allow statements the trace would show applying
   * (outcome `match` or `unknown`), in trace order, without building the trace.
   */
  allows?: AppliedAllow[];
  /** Only for `conditions: 'optimistic'`: what the decision assumed about free context keys. */
  assumed?: AssumedCondition[];
  /**
   * Only with `DecideOptions.unknowns`: the unknowns the decision met, in the order its trace
   * would list their entries (its `outcome: 'unknown'` entries, each worded on demand).
   */
  unknowns?: UnknownMet[];
}

export interface DecideOptions {
  trace?: boolean;
  /**
   * Collect `Decision.allows` (the applying Allow statements, as the trace lists them) without
   * the trace's words: for analyses that need the grants of many decisions, not explanations.
   */
  allows?: boolean;
  /**
   * Note the unknowns the decision meets (`Decision.unknowns`) without the trace: what its trace's
   * `outcome: 'unknown'` entries would be, in their order, worded only when asked for. For
   * analyses that decide many requests and say why the indeterminate ones are (the matrix).
   */
  unknowns?: boolean;
  /**
   * `strict` (default): keys absent from the context are absent, as AWS evaluates a request.
   * For analyses that treat unpinned context as free: `optimistic` assumes every clause on a free
   * key is true in Allow statements and false in Deny statements (the most access any context
   * can give); `pessimistic` the reverse (the access every context gives). Free keys: not in the
   * request context and not determined by the model (principal and resource identity and tags,
   * the clock; aws:TokenIssueTime of an IAM user is free: it may call with temporary credentials).
   */
  conditions?: 'strict' | 'optimistic' | 'pessimistic';
  /**
   * Decide as if the resource-based policy (not a trust policy) had been rewritten to allow the
   * principal itself and nothing else: its statements neither allow nor deny, and the principal's
   * own side (identity policies, permissions boundary, session policy, its account's SCPs) and
   * the resource account's RCPs decide. What a writer of the policy can grant itself
   * (analysis/escalation-writes.ts); see `worldOptionsOf`.
   */
  resourcePolicyAllows?: true;
}

/** The options a decision in another world (account, region, name worlds) keeps. */
export function worldOptionsOf(options: DecideOptions): DecideOptions {
  return {
    ...(options.conditions ? { conditions: options.conditions } : {}),
    ...(options.resourcePolicyAllows ? { resourcePolicyAllows: true as const } : {}),
  };
}
