// The contract of the effective-access diff (issue 16): what `diffAccess` returns and what every
// renderer (text, JSON, markdown, SARIF, HTML) and the CLI read. The JSON form of `AccessDiff`
// is kept stable: `{ added, removed, changed, risks: { added, removed } }`, one `AccessChange`
// per principal x action x resource pattern.

import type { MembershipChange } from './memberships.js';
import type { SnapshotScope } from './snapshot-scope.js';
import { formatSource } from '../../model/source.js';
import type { OutsideGrant } from '../outside-grants.js';
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
  /**
   * What makes the indeterminate access shown so: the new state's (an action indeterminate after
   * the change, also one indeterminate on both sides whose inputs differ: a `changed` entry, the
   * access may have changed), or the base's for access removed.
   */
  reasons?: string[];
  /** For a role reached through a chain: the roles assumed before it, in order. */
  via?: string[];
}

/** What kind of principal a change's principal is (for grouping and headlines). */
export type DiffPrincipalKind =
  | 'user'
  | 'role'
  | 'service'
  | 'account'
  | 'anonymous'
  | 'federated'
  | 'canonical-user'
  | 'unique-id';

/** Names of the principals and resources the changes mention (for the text formats). */
export interface DiffLabels {
  /** By principal: its kind, and the name of a model user or role. */
  principals: Record<
    string,
    {
      kind: DiffPrincipalKind;
      name?: string;
      /** A user's group memberships of one state only, with their sources (memberships.ts). */
      memberships?: MembershipChange[];
    }
  >;
  /** By resource (column ARN): its name and kind (`s3-bucket`, `iam-role`...). */
  resources: Record<string, { name: string; kind: string }>;
}

/** An element matched across the two states under a different ARN (a generated name). */
export interface RenamedElement {
  kind: 'user' | 'role' | 'resource';
  before: string;
  after: string;
}

/** Which list of the diff a change belongs to. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/**
 * One action's change within a run (change-list.ts): the fields of an AccessChange that do not
 * name the principal or the resource. Runs whose cells differ the same way share their entries.
 */
export interface ChangeEntry {
  readonly kind: ChangeKind;
  readonly action: string;
  readonly before: Access;
  readonly after: Access;
  readonly grants: ChangeGrant[];
  readonly conditions?: string[];
  readonly reasons?: readonly string[];
}

/**
 * The changes of one principal on one resource pattern (through one chain of roles): what a
 * principal x resource cell (or a role chain) of the two states differs by, action by action.
 */
export interface ChangeRun {
  readonly principal: string;
  /** Resource ARN or pattern (`BUCKET/*` for the object actions of a bucket). */
  readonly resource: string;
  readonly via?: string[];
  /** Sorted by action; shared with other runs (never modified). */
  readonly entries: readonly ChangeEntry[];
  /** The statements of some entries of this run only (explain.ts), by entry index. */
  grants?: Map<number, ChangeGrant[]>;
}

export interface AccessDiff {
  /**
   * Access that did not exist in the base (deny → allow / conditional / indeterminate). Built
   * from `changes` when first read (a diff of two unrelated organisations has millions of
   * changes: renderers and counts read `changes` instead).
   */
  readonly added: AccessChange[];
  /** Access the new state no longer has (→ deny). Built from `changes` when first read. */
  readonly removed: AccessChange[];
  /**
   * Access in both states that differs (allow ↔ conditional ↔ indeterminate, other conditions).
   * Built from `changes` when first read.
   */
  readonly changed: AccessChange[];
  /** The changes kept per principal x resource, in the order of the lists above (change-list.ts). */
  changes: ChangeListView;
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
  /**
   * Principals of the new state with some access that the diff could not compare (an access
   * snapshot that does not record the principals outside its rows): their access may be new, so
   * `--fail-on added` fails. Absent when every principal was compared.
   */
  notCompared?: NotCompared;
  /**
   * The base snapshot's scope (`matrix --principal / --resource`): the diff compares those rows
   * and columns only (snapshot-scope.ts). Absent for a whole model.
   */
  scope?: SnapshotScope;
}

/**
 * What the diff could not compare, and why (see `AccessDiff.notCompared`): principals outside an
 * access snapshot's rows when the snapshot does not record them (`rows`), and statements of the
 * new state that allow access to resources outside the inputs and that the base does not hold
 * unchanged (`outside`: the diff evaluates the model's resources and roles only).
 */
export interface NotCompared {
  /** Every reason, joined by `; `. */
  reason: string;
  /** Every principal not compared (wholly or in part), sorted. */
  principals: string[];
  /** Principals outside a snapshot's rows that the snapshot does not record. */
  rows?: string[];
  /** Statements allowing access to resources outside the inputs, new or changed (outside-grants.ts). */
  outside?: OutsideGrant[];
}

/** The reason of `NotCompared.rows`. */
export const ROWS_NOT_RECORDED = 'this snapshot does not record principals outside its rows';
/** The reason of `NotCompared.outside`. */
export const OUTSIDE_NOT_COMPARED = 'access to resources outside the inputs not compared';

/** One `NotCompared` of several (reasons and principals joined), or undefined when there is none. */
export function joinNotCompared(parts: (NotCompared | undefined)[]): NotCompared | undefined {
  const list = parts.filter((p): p is NotCompared => !!p);
  if (!list.length) return undefined;
  if (list.length === 1) return list[0];
  const out: NotCompared = {
    reason: list.map((p) => p.reason).join('; '),
    principals: [...new Set(list.flatMap((p) => p.principals))].sort(),
  };
  for (const p of list) {
    if (p.rows) out.rows = [...(out.rows ?? []), ...p.rows];
    if (p.outside) out.outside = [...(out.outside ?? []), ...p.outside];
  }
  return out;
}

/**
 * The statement of an outside grant with its policy and source (`Allow s3:* on * (policy p,
 * main.tf:3)`), and why it is not compared when known.
 */
export function outsideGrantText(g: OutsideGrant): string {
  return `${g.principal}: ${g.statement} (policy ${g.policy}${g.source ? `, ${formatSource(g.source)}` : ''})${g.why ? `: not compared because ${g.why}` : ''}`;
}

/** The notes (text, markdown, html, stderr) of what was not compared, one per reason. */
export function notComparedNotes(n: NotCompared): string[] {
  const notes: string[] = [];
  const rows = n.rows ?? (n.outside ? [] : n.principals);
  if (rows.length) {
    const count = rows.length;
    notes.push(
      `${ROWS_NOT_RECORDED}; ${count} such ${count === 1 ? 'principal' : 'principals'} of the new state with some access ${count === 1 ? 'was' : 'were'} not compared (${count === 1 ? 'its' : 'their'} access may be new; write the snapshot again with this version of iamspec matrix --format json): ${rows.join(', ')}`,
    );
  }
  if (n.outside?.length) {
    const principals = new Set(n.outside.map((g) => g.principal)).size;
    notes.push(
      `${OUTSIDE_NOT_COMPARED}: ${n.outside.length} ${n.outside.length === 1 ? 'statement' : 'statements'} of ${principals} ${principals === 1 ? 'principal' : 'principals'} in the new state, not in the base as they are, allow access to resources the inputs do not define (the diff compares the inputs' resources and roles only; this access may be new): ${n.outside.map(outsideGrantText).join('; ')}`,
    );
  }
  return notes;
}

/** The note of what was not compared, as one text (SARIF). */
export function notComparedNote(n: NotCompared): string {
  return notComparedNotes(n).join('; ');
}

/** The change list of a diff, read without building one object per change (change-list.ts). */
export interface ChangeListView {
  /** Number of changes of one kind. */
  count(kind: ChangeKind): number;
  /**
   * Calls `fn` with each change of `kind` (all kinds when undefined), in the order of the JSON
   * contract (principal, resource, action, chain). The object is built for the call: keep it
   * only when needed.
   */
  forEach(kind: ChangeKind | undefined, fn: (change: AccessChange, kind: ChangeKind) => void): void;
  /**
   * Calls `fn` with each (run, entry index) of `kind` (all kinds when undefined), in the same
   * order, without building the change (`changeOf` in change-list.ts builds it).
   */
  forEachEntry(kind: ChangeKind | undefined, fn: (run: ChangeRun, i: number) => void): void;
  /** Some change of `kind` satisfies `test` (stops at the first). */
  some(kind: ChangeKind, test: (change: AccessChange) => boolean): boolean;
  /** The changes of `kind` as one array (built on each call). */
  list(kind: ChangeKind): AccessChange[];
  /**
   * The runs (principal x resource pattern x chain), sorted: objects made for the call (a diff of
   * two unrelated organisations has a million runs; readers of every run use the numbered
   * accessors below).
   */
  readonly runs: readonly ChangeRun[];
  /** The number of runs; a run's number is its place in `runs`. */
  readonly size: number;
  principalAt(k: number): string;
  resourceAt(k: number): string;
  /**
   * The number of run `k`'s resource, below `resourceCount` (runs on one resource, and only
   * they, share it): for readers that visit each resource once.
   */
  resourceNumberAt(k: number): number;
  readonly resourceCount: number;
  entriesAt(k: number): readonly ChangeEntry[];
  /** The number of run `k`'s entry list (runs that share the list share the number). */
  entryListAt(k: number): number;
  viaAt(k: number): string[] | undefined;
  /** Run `k`'s own statements of some of its entries (`ChangeRun.grants`). */
  grantsAt(k: number): Map<number, ChangeGrant[]> | undefined;
  /** Sets run `k`'s own statements of entry `i` (explain.ts; the entries are shared by runs). */
  setGrants(k: number, i: number, grants: ChangeGrant[]): void;
  /** Run `k` as an object (made for the call). */
  run(k: number): ChangeRun;
}

/** Does a change add or widen access (what `--fail-on added` fails on)? */
export type Widening = (change: AccessChange) => boolean;
