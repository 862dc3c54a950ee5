// The contract of the effective-access diff (issue 16): what `diffAccess` returns and what every
// renderer (text, JSON, markdown, SARIF, HTML) and the CLI read. The JSON form of `AccessDiff`
// is kept stable: `{ added, removed, changed, risks: { added, removed } }`, one `AccessChange`
// per principal x action x resource pattern.

import type { Access, RiskFinding, StatementRef } from '../types.js';

/** Which state a statement lives in: the base (before) or the new state (after). */
export type DiffState = 'before' | 'after';

/** A statement behind a change, with the state whose inputs hold it. */
export interface ChangeGrant extends StatementRef {
  state: DiffState;
}

/**
 * One principal x action x resource pattern whose access differs between the two states.
 * `before`/`after`: the access under a free request context (deny = no access).
 */
export interface AccessChange {
  /** Principal ARN, or a service principal, `anonymous`, an account... (the new state's ARN when it has it). */
  principal: string;
  action: string;
  /** Resource ARN or pattern (`arn:aws:s3:::bucket/*` for object actions). */
  resource: string;
  before: Access;
  after: Access;
  /**
   * The statements that cause the change: for access added or widened, those that grant it in
   * the new state; for access removed, those that granted it in the base (and the new state's
   * Deny statements that block it, when there are); each with its source.
   */
  grants: ChangeGrant[];
  /** Conditions of the conditional state shown (the new one, or the base's for removed access). */
  conditions?: string[];
  /** For a role reached through a chain: the roles assumed before it, in order. */
  via?: string[];
}

/** What kind of principal a change's principal is (for grouping and headlines). */
export type DiffPrincipalKind = 'user' | 'role' | 'service' | 'account' | 'anonymous' | 'federated';

/** Names of the principals and resources the changes mention (for the text formats). */
export interface DiffLabels {
  /** By principal: its kind, and the name of a model user or role. */
  principals: Record<string, { kind: DiffPrincipalKind; name?: string }>;
  /** By resource (column ARN): its name and kind (`s3-bucket`, `iam-role`...). */
  resources: Record<string, { name: string; kind: string }>;
}

/** An element matched across the two states under a different ARN (a generated name). */
export interface RenamedElement {
  kind: 'user' | 'role' | 'resource';
  before: string;
  after: string;
}

export interface AccessDiff {
  /** Access that did not exist in the base (deny → allow / conditional / indeterminate). */
  added: AccessChange[];
  /** Access the new state no longer has (→ deny). */
  removed: AccessChange[];
  /** Access in both states that differs (allow ↔ conditional ↔ indeterminate, other conditions). */
  changed: AccessChange[];
  risks: {
    /** Risk findings of the new state that the base does not have. */
    added: RiskFinding[];
    /** Risk findings of the base that the new state no longer has. */
    removed: RiskFinding[];
  };
  /** Elements the diff took to be the same under a generated name that changed. */
  renamed: RenamedElement[];
  /** Labels of the principals and resources named above. */
  labels: DiffLabels;
  /** Notes about the comparison itself (a base without risk findings, principals not evaluated...). */
  notes: string[];
}

/** Does a change add or widen access (what `--fail-on added` fails on)? */
export type Widening = (change: AccessChange) => boolean;
