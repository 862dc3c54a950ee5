// The analysis contract: what exhaustive checks (`only`, `onlyPrincipals`), who-can, role
// chains and the access matrix return. Analyses treat request context the user did not pin as
// free: access that holds only under some context is `conditional`, with its conditions
// (ARCHITECTURE.md, "Contracts"). Front ends (spec runner, matchers, reports, CLI) read only these types.

import type { Decision, RequestContext, TraceEntry, UnknownKind } from '../engine/types.js';
import type { Source } from '../model/source.js';
import type { IndeterminateVerdict } from './indeterminate.js';

/**
 * How a request fares when the request context the caller did not pin may be anything:
 * - `allow`: allowed under every context;
 * - `conditional`: allowed under some contexts only (see `conditions`);
 * - `deny`: denied under every context;
 * - `indeterminate`: depends on a value the inputs do not pin down (unknown until apply...).
 */
export type Access = 'allow' | 'conditional' | 'deny' | 'indeterminate';

/** A statement that grants (or, for denials, blocks) a request, with its source. */
export interface StatementRef {
  /** Evaluation step: identity, resource, boundary, session, trust, key-policy, scp, rcp. */
  stage: TraceEntry['stage'];
  /** Policy name or ARN as the engine's trace names it. */
  policy: string | undefined;
  /** `Sid "X"` or `Statement[i]`. */
  statement: string | undefined;
  effect: 'Allow' | 'Deny' | undefined;
  source: Source | undefined;
  /** A resource-based Allow naming the principal's account: it delegates to identity policies. */
  delegates?: true;
}

/**
 * One condition of a conditional access (`FreeDecision.conditions`, `text`) as the engine reports
 * it (`AssumedCondition`): the context keys (lowercased) it is about, and whether it is an Allow's
 * clauses asking each key be absent (`Null` "true").
 */
export interface ConditionFacts {
  text: string;
  keys: readonly string[];
  absent: boolean;
  /** A Deny's clauses (the access holds where they do not), as the engine reports its effect. */
  deny?: true;
}

/** A request decided under a free context (the result of `decideAnyContext`). */
export interface FreeDecision {
  access: Access;
  /** For `conditional`: the conditions (human-readable clauses) under which access holds. */
  conditions: string[];
  /**
   * For `conditional`: the context keys (lowercased) those conditions are about, as the engine's
   * condition evaluation reports them (`AssumedCondition.keys`); for `indeterminate`, the keys of
   * the conditions its optimistic decision assumed (the free keys that also decide it, read by the
   * caller-choice analyses: escalation-caller-choices.ts); absent when none.
   */
  conditionKeys?: string[];
  /**
   * For `conditional`: each condition (`conditions`, by its text) with what the engine reports it
   * is about (`AssumedCondition.keys`, `absent`): what risk-severity.ts weighs, never the words.
   */
  conditionFacts?: ConditionFacts[];
  /** The Allow statements that grant the access (empty for `deny`). */
  grants: StatementRef[];
  /** The decision under the most favourable context, with its trace when asked for. */
  decision: Decision;
  /** The principal belongs to an account outside the model (its identity side assumed to allow). */
  external: boolean;
  /**
   * For `indeterminate`, when asked for (`FreeDecisionOptions.reasons`): what makes it so
   * (analysis/decision-reasons.ts).
   */
  reasons?: MatrixReason[];
}

/** One concrete request that shows access: the counterexample of an exhaustive check. */
export interface Witness extends FreeDecision {
  /**
   * Request principal: an ARN, a service principal, `anonymous`, a 12-digit account id, or a
   * federated principal (an identity provider ARN or a well-known web identity name).
   */
  principal: string;
  /** A federated caller's token claims that the witness request carried (`...:sub` → value). */
  claims?: RequestContext;
  action: string;
  /** A concrete resource ARN (or `*` for actions without resource types). */
  resource: string;
}

/** An allowed action + resource pair of an `only` check; both may hold IAM wildcards. */
export interface AllowedAccess {
  action: string;
  resource: string;
}

/**
 * A federated caller an exhaustive principal check allows: the provider principal and the claims
 * it pins (values or IAM wildcard patterns, `repo:acme/infra:*`); claims it does not pin may be
 * anything. E.g. `github:acme/infra@refs/heads/main` pins the `sub` claim.
 */
export interface AllowedCaller {
  principal: string;
  claims: Readonly<Record<string, string | readonly string[]>>;
  /** How the spec wrote it. */
  label: string;
}

/** An allowed principal of `checkOnlyPrincipals`: a principal reference string or a federated caller. */
export type AllowedPrincipal = string | AllowedCaller;

export interface AnalysisOptions {
  /** Pinned request context keys (everything else is free). */
  context?: RequestContext;
  /** A session policy document applied to role sessions and federated user sessions (engine/request-policies.ts `carriesSessionPolicy`). */
  sessionPolicy?: unknown;
  /** Stop after this many violations (default 20). */
  maxWitnesses?: number;
}

/** Result of `checkOnly`: does the principal have no access beyond `allowed`? */
export interface OnlyResult {
  holds: boolean;
  principal: string;
  /** Requests the principal can make that `allowed` does not cover (conditional ones included). */
  violations: Witness[];
  /** Entries of `allowed` the principal cannot actually do (informational). */
  unused: AllowedAccess[];
  /** How much was checked, for reports: candidate actions, witness resources, decisions made. */
  checked: { actions: number; resources: number; decisions: number };
}

/** Result of `checkOnlyPrincipals`: can anybody outside `allowed` perform the action? */
export interface OnlyPrincipalsResult {
  holds: boolean;
  action: string;
  resource: string;
  violations: Witness[];
  /** Candidate principals that were evaluated (model principals, external accounts, services...). */
  checked: { principals: number; resources: number; decisions: number };
}

/** One hop of a role chain: `from` calls sts:AssumeRole (or `action`) on `role`. */
export interface ChainHop {
  from: string;
  role: string;
  /** Set when the hop is not sts:AssumeRole: a federated caller's AssumeRoleWithWebIdentity / AssumeRoleWithSAML. */
  action?: string;
  /** Access of the hop (trust policy and the caller's permission together). */
  access: Access;
  conditions: string[];
  grants: StatementRef[];
  /**
   * For an indeterminate hop: why, each reason in one line with where its unknown is
   * (decision-reasons.ts `reasonLine`). Decided again with reasons only for indeterminate hops.
   */
  why?: string[];
  /** The reasons `why` words (kind, words, policy, statement, source), for the verdicts built on the hop. */
  reasons?: MatrixReason[];
}

/** An answer of who-can: a principal that can perform the request, and how. */
export interface WhoCanEntry {
  /** The principal that starts the path (user ARN, role ARN, service principal, account...). */
  principal: string;
  kind: 'user' | 'role' | 'service' | 'account' | 'anonymous' | 'federated' | 'canonical-user' | 'unique-id';
  access: Access;
  conditions: string[];
  /** Roles assumed in turn before the request (empty = the principal acts directly). */
  path: ChainHop[];
  /** The final request's decision, with the statements that grant it. */
  final: FreeDecision;
  /** Set when the principal reaches the role as a service (EC2 through an instance profile...). */
  via?: string;
  /** For a model user: the names of its groups (access often comes through them). */
  groups?: string[];
  /**
   * For a model user: each membership with where the inputs write it (the membership resource,
   * the user's `Groups`: file:line, logical id, Terraform address), as `explain` names them.
   */
  memberships?: { group: string; source: Source; maybe?: true }[];
  /**
   * The only way in, when the access holds only through it: `through the function URL` (a
   * Lambda function invoked through its function URL, see analysis/function-url-channel.ts).
   */
  channel?: string;
}

export interface WhoCanResult {
  action: string;
  resource: string;
  entries: WhoCanEntry[];
  /**
   * Context keys assumed for the request (the CLI's `--assume`, default TLS, as the matrix's
   * `assumed`): pinned in the context `whoCan` was given, stated once by the reports.
   */
  assumed?: RequestContext;
}

/** Matrix cell: one principal, one resource, one access level (List, Read, Write...). */
export interface MatrixCell {
  access: Access;
  /** Actions of the level that are allowed / conditional / indeterminate for this cell. */
  actions: { action: string; access: Exclude<Access, 'deny'>; conditions: string[] }[];
  /** A short explanation: the statements that grant the cell's access. */
  grants: StatementRef[];
  /**
   * Only in matrices built with `MatrixOptions.actionGrants`, and only when the level's actions
   * were decided in more than one group: the statements that grant each action, index-aligned
   * with `actions` (absent: every action's are the level's `grants`).
   */
  actionGrants?: StatementRef[][];
  /**
   * Only when some action of the level is indeterminate: what makes it so, each an unknown the
   * engine's decision depended on (analysis/matrix/cell-reasons.ts), in the order first met. In
   * memory the interned reasons themselves; in the matrix JSON their numbers in its top-level
   * `reasons` table (report/matrix-json.ts).
   */
  reasons?: MatrixReason[];
}

/**
 * Why a matrix cell is indeterminate: one unknown the engine's decision depended on (one
 * `outcome: 'unknown'` entry of its trace), what kind of unknown, in words, and where it is.
 */
export interface MatrixReason {
  kind: MatrixReasonKind;
  /** The trace entry's words (what might apply and the unknown value it depends on). */
  text: string;
  /** The evaluation step it belongs to. */
  stage: TraceEntry['stage'];
  /** The policy and statement it is about, when it is about one. */
  policy?: string;
  statement?: string;
  /** Where the unknown comes from (the unknown element, else the statement or policy). */
  source?: Source;
  /** The statement's or policy's own place, when the unknown is elsewhere. */
  statementSource?: Source;
}

/** The kinds of unknown (the engine's, `UnknownKind`: src/engine/types.ts). */
export type MatrixReasonKind = UnknownKind;

export type AccessLevelName = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface MatrixPrincipal {
  id: string;
  /** ARN (users, roles) or service principal / account. */
  arn: string;
  kind: WhoCanEntry['kind'];
  name: string;
  source: Source | undefined;
}

export interface MatrixResource {
  arn: string;
  name: string;
  kind: string;
  source: Source | undefined;
  /**
   * The resource is kept only for a policy iamspec does not model (kind `other`, its ARN a
   * stand-in named after the stack or Terraform address): who can access it is indeterminate and
   * the reports say "policy not modelled: might be open" (src/report/unmodelled-columns.ts).
   */
  policyNotModelled?: true;
}

/**
 * A matrix's cells, by principal (row) and resource (column): each an array of one `MatrixCell`
 * per access level. Read through these methods (a built matrix keeps them compact:
 * src/analysis/matrix/cell-store.ts); `JSON.stringify` writes the nested arrays
 * `cells[principal][resource][level]`. Returned arrays are shared: never modify them.
 */
export interface MatrixCells {
  /** Number of rows (principals). */
  readonly length: number;
  /** The levels of principal `p` on resource `r` (deny levels where nothing is granted). */
  at(p: number, r: number): MatrixCell[];
  /** Row `p`: the levels of every resource, in column order. */
  row(p: number): MatrixCell[][];
  /**
   * Calls `fn` for the columns of row `p` that may hold access, in increasing order (every column
   * whose levels are not the shared deny levels: the levels may still all be deny); the other
   * columns are deny.
   */
  forEachGranted(p: number, fn: (r: number, levels: MatrixCell[]) => void): void;
  /** The nested arrays `[principal][resource][level]` (what JSON shows). */
  toJSON(): MatrixCell[][][];
  /** The rows in order (as `row`). */
  [Symbol.iterator](): Iterator<MatrixCell[][]>;
}

export interface Matrix {
  levels: AccessLevelName[];
  principals: MatrixPrincipal[];
  resources: MatrixResource[];
  /**
   * `cells.at(principalIndex, resourceIndex)[levelIndex]`; in JSON, nested arrays
   * `cells[principalIndex][resourceIndex][levelIndex]` (see `MatrixCells`).
   */
  cells: MatrixCells;
  /** Role chains: for each principal index, the roles it can reach (role ARN → path). */
  chains: Record<number, { role: string; path: ChainHop[] }[]>;
  /**
   * Context keys assumed for every request (what nearly every request has, e.g. TLS:
   * `aws:SecureTransport` = `true`), so that `conditional` means a real condition. Every report
   * states them once (`assumedText`).
   */
  assumed?: RequestContext;
}

/** A matrix as its JSON has it (`iamspec matrix --format json`): the cells as nested arrays. */
export type MatrixJson = Omit<Matrix, 'cells'> & {
  cells: MatrixCell[][][];
  /** The reasons the cells' `reasons` number (report/matrix-json.ts); absent when none. */
  reasons?: MatrixReason[];
};

/**
 * What an access snapshot records for the principals outside its rows (`outside` of the matrix
 * JSON): every other principal the policies name (service and federated principals, other
 * accounts, anonymous callers: `outsidePrincipals` of diff/layout.ts), each a row over the
 * snapshot's columns, with its role chains by row index. Absent from snapshots written before it
 * existed (and from snapshots of some `--principal` rows only): the diff then says those
 * principals were not compared.
 */
export interface OutsideRows {
  principals: MatrixPrincipal[];
  /** `cells[row][resource][level]`, over the snapshot's `resources`. */
  cells: MatrixCells | MatrixCell[][][];
  chains: Matrix['chains'];
}

/** A grant reviewers worry about, for the access review's summary. */
export interface RiskFinding {
  kind:
    | 'admin-equivalent'
    | 'wildcard-action'
    | 'wildcard-resource'
    | 'public-access'
    | 'cross-account-access'
    | 'outside-escalation'
    | 'confused-deputy'
    | 'passrole-wildcard'
    | 'privilege-escalation'
    | 'weak-federated-trust'
    | 'federated-entry-point';
  severity: 'high' | 'medium' | 'low';
  /** Principal ARN, or resource ARN for public / cross-account / confused-deputy findings (the role for weak-federated-trust, the entry role for outside-escalation). */
  subject: string;
  /**
   * What tells findings of one kind and subject apart (the other account of a cross-account
   * finding, the service principal of a confused-deputy one, the method of an escalation), when a
   * subject can have several.
   */
  detail?: string;
  message: string;
  statements: StatementRef[];
  /**
   * Where the finding arises in the inputs when that is no statement (the API Gateway method a
   * public-access finding goes through), with what it is in words: the first place the reports
   * and the diff's SARIF point at (report/finding-places.ts).
   */
  place?: { source: Source; text: string };
  /**
   * Only when the finding's access is indeterminate (it might hold: the admin probes, the
   * request, the outside access depend on what the inputs do not pin down): the unknowns it
   * depends on, each with its kind, words and source (analysis/indeterminate.ts, the one shape of
   * an indeterminate verdict, as spec checks carry it).
   */
  indeterminate?: IndeterminateVerdict;
  /**
   * For a federated-entry-point finding: who outside AWS gets in, how and on what conditions
   * (what `matrix` text, markdown and CSV list; the statements are the finding's).
   */
  entry?: FederatedEntry;
  /**
   * For a federated-entry-point finding of a Cognito trust: the identity pools of the inputs
   * whose callers (guests, signed-in users) the same trust lets in, each as an entry.
   */
  callers?: FederatedEntry[];
  /**
   * For an outside-escalation finding (one per caller and entry role): each way the caller climbs
   * through the role, most severe first (risk-outside-escalation.ts). The diff compares the
   * finding way by way (diff/compare-risks.ts).
   */
  ways?: OutsideEscalationWay[];
}

/** One way of an outside-escalation finding: what the caller gains and the path to it. */
export interface OutsideEscalationWay {
  /** What it gains: `administrator access`, or the escalation's detail (`Rhino Security Labs method 9`). */
  detail: string;
  /** The way's own severity (the finding's is the highest of its ways'). */
  severity: RiskFinding['severity'];
  /** Whether it makes the caller administrator-equivalent. */
  admin: boolean;
  /** The path in words: every hop with its statements, then the end finding's message. */
  message: string;
  /** The statements of every hop and of the end finding, with their sources. */
  statements: StatementRef[];
  /** Only when the way might hold only: why. */
  indeterminate?: IndeterminateVerdict;
}

/** A federated principal that can assume a role (`listFederatedEntryPoints`). */
export interface FederatedEntry {
  /** The federated principal (provider ARN or well-known name). */
  caller: string;
  /** The caller in words (`GitHub Actions (OIDC provider token.actions.githubusercontent.com)`). */
  callerLabel: string;
  /** The role's ARN and name. */
  role: string;
  roleName: string;
  /** `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`. */
  action: string;
  access: Exclude<Access, 'deny'>;
  /** The conditions that let the caller in (conditional access), as the engine states them. */
  conditions: string[];
  /** For indeterminate access: why (analysis/decision-reasons.ts). */
  reasons?: MatrixReason[];
}
