// The engine's contract: a request in, a decision (with an optional trace) out. The shape of
// `Decision` is the `iamspec eval --format json` contract in DESIGN.md: keep it stable.

import type { Source } from '../model/source.js';

export type ContextValue = string | readonly string[];
export type RequestContext = Readonly<Record<string, ContextValue>>;

export interface Request {
  /**
   * An IAM user ARN, a role ARN (a session of that role), an assumed-role session ARN, an
   * account root ARN or 12-digit account id, a service principal (`ec2.amazonaws.com`),
   * `anonymous`, or a model reference (`user/NAME`, `role/NAME`) resolved by the caller.
   */
  principal: string;
  action: string;
  resource: string;
  /** Request context; overrides the keys the engine fills from the model. */
  context?: RequestContext;
  /** A session policy document (JSON object) passed when the role session was created. */
  sessionPolicy?: unknown;
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
  source?: Source;
}

export interface Decision {
  decision: DecisionValue;
  reason: DecisionReason;
  external?: true;
  trace?: TraceEntry[];
}

export interface DecideOptions {
  trace?: boolean;
}
