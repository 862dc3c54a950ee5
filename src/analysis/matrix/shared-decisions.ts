// Decisions shared between rows: in an organisation most cells a principal is granted by a
// resource's own policy (`Principal: "*"` with `aws:PrincipalAccount`, a key policy naming the
// account) look the same to every principal of its account, so the matrix decides each such
// witness once per kind of principal rather than once per row. Owns when two rows are sure to get
// the same decisions on one witness, and the cache of those decisions (per build).
//
// Within a row, actions that the same statements match get the same decision (statement-groups.ts).
// Across rows the engine also reads the principal itself: its type and account (caller rules,
// same- or cross-account, SCPs, S3 Block Public Access, `aws:PrincipalAccount`), whether it
// might not exist, its boundary, and through a statement its ARN, name, tags or id (a
// `Principal` naming it, a principal condition key, a policy variable). Two rows share a
// witness's decisions only when (1) the relevant statements and their roles are the same
// (`relevantStatements`' key names each compiled statement: inline and maybe-present policies
// are compiled per owner, so they never match another row's), (2) both rows have the same
// profile (`shareProfile`: kind, account, boundary, service-linked; rows that might not exist,
// imported principals, rows with unknown policies, account roots, request principals outside
// the model and rows `decide` looks at in worlds the pruning does not follow are never shared;
// in the worlds it follows, two rows of one profile are one profile there too, and the relevant
// statements are those of every world: column-index.ts), and (3) no relevant statement reads the
// principal beyond its profile (`readsPrincipal`: a Principal naming other principals, in any
// world of `decide`, does not keep the rows it does not name apart); a witness of S3 objects
// also needs the same narrower object patterns, and none with a policy variable. Columns the
// pruning does not follow in other worlds (`Column.worlds`), or whose policies are unknown or
// outside the inputs, are not shared.

import { principalUniqueIdKind } from '../../model/unique-ids.js';
import type { CompiledStatement } from '../../engine/compile-policy.js';
import { isPrincipalKey } from '../../engine/request-context.js';
import type { Role, User } from '../../model/types.js';
import { isUnknown } from '../../model/unknown.js';
import type { PrincipalSpec, ValueList } from '../../policy/types.js';
import type { MatrixCell, MatrixPrincipal } from '../types.js';
import { type ActionList, actionMatches, NO_MATCH } from './action-lists.js';
import type { ColumnIndex } from './column-index.js';
import { IntKey, IntKeyMap } from './int-keys.js';
import type { MatrixModelView } from './model-view.js';
import type { RowState } from './rows.js';
import { rcpStatementsOf, statementId } from './statement-groups.js';

/**
 * Principal keys whose value the profile determines: the account, and the organization keys
 * (free for every IAM principal, absent for the others: request-context.ts ORGANIZATION_KEYS).
 */
const PROFILE_KEYS: ReadonlySet<string> = new Set([
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
]);

const ACCOUNT_ROOT = /^arn:[\w-]+:iam::\d{12}:root$/;

/**
 * How a statement reads the principal beyond its profile: not at all; only through the principal
 * ARNs its Principal element names (`names`, as written, and `lower`, lowercased: a row it does
 * not name meets it as every other unnamed row of its profile does); or otherwise.
 */
type Reads =
  | { kind: 'none' }
  | { kind: 'names'; names: readonly string[]; lower: readonly string[] }
  | { kind: 'other' };

const NONE: Reads = { kind: 'none' };
const OTHER: Reads = { kind: 'other' };
const reads = new WeakMap<CompiledStatement, Reads>();

/**
 * Names for `readsPrincipal`: the row's ARN and, for a role, the prefix of its sessions, and both
 * lowercased once per row (`principalLower`, `sessionLower`): the engine reads a Principal naming
 * them in other letter case as may-name (compile-policy.ts `caseVariantOf`), so such a statement
 * reads the row too.
 */
export interface RowIdentity {
  principal: string;
  session: string | undefined;
  principalLower: string;
  sessionLower: string | undefined;
  /** The other worlds of `decide` (`MatrixModelView.worldMaps`): a name may name the row in one. */
  worldMaps?: readonly ((s: string) => string)[];
}

/**
 * True when the statement's effect on a request by `row` can differ from its effect on another
 * row of the same profile: a Principal naming the row (by ARN or one of its sessions), a
 * NotPrincipal, a condition on a principal key (`isPrincipalKey`, the keys the engine fills from
 * the principal) other than `aws:PrincipalAccount`, a policy variable, anything unknown. Without
 * `row`, any Principal naming a principal counts. Cached per statement.
 */
export function readsPrincipal(st: CompiledStatement, row?: RowIdentity): boolean {
  const r = readsOf(st);
  if (r.kind !== 'names') return r.kind === 'other';
  return !row || names(r.names, r.lower, row);
}

/**
 * Might a Principal element's list of ARNs name the row (as the engine's grantMatch would, or in
 * other letter case: compile-policy.ts `caseVariantOf`)? `lower`: the list lowercased.
 */
function names(values: readonly string[], lower: readonly string[], row: RowIdentity): boolean {
  const session = row.sessionLower;
  for (const v of lower) if (v === row.principalLower || (session && v.startsWith(session))) return true;
  for (const into of row.worldMaps ?? []) {
    const principal = into(row.principal).toLowerCase();
    const session = row.session && into(row.session).toLowerCase();
    for (const v of values) {
      const w = into(v).toLowerCase();
      if (w === principal || (session && w.startsWith(session))) return true;
    }
  }
  return false;
}

function readsOf(st: CompiledStatement): Reads {
  let r = reads.get(st);
  if (r === undefined) {
    r = computeReads(st);
    reads.set(st, r);
  }
  return r;
}

function computeReads(st: CompiledStatement): Reads {
  const s = st.statement;
  if (st.unknown || s.unknown || st.effect === 'Unknown' || isUnknown(s.effect)) return OTHER;
  if (s.notPrincipal) return OTHER;
  if (hasVariable(s.resource) || hasVariable(s.notResource)) return OTHER;
  for (const c of s.conditions) {
    if (isUnknown(c.key)) return OTHER;
    const key = c.key.toLowerCase();
    if (key.includes('${') || (isPrincipalKey(key) && !PROFILE_KEYS.has(key))) return OTHER;
    for (const v of c.values) if (isUnknown(v) || v.includes('${')) return OTHER;
  }
  return s.principal ? principalReads(s.principal) : NONE;
}

/**
 * A Principal element: `*`, account ids and roots match by the profile (kind and account); a
 * service principal never names a model user or role; other AWS values name principals by ARN
 * (the engine compares them exactly with the user's ARN, the role's ARN or its session's).
 */
function principalReads(spec: PrincipalSpec): Reads {
  if (spec.federated?.values.length || spec.canonicalUser?.values.length) return OTHER;
  const named: string[] = [];
  for (const v of spec.aws?.values ?? []) {
    // a unique id may name any user or role whose id the inputs do not pin (compile-policy.ts)
    if (isUnknown(v) || principalUniqueIdKind(v)) return OTHER;
    if (v !== '*' && !/^\d{12}$/.test(v) && !ACCOUNT_ROOT.test(v)) named.push(v);
  }
  for (const v of spec.service?.values ?? []) if (isUnknown(v)) return OTHER;
  return named.length ? namesReads(named) : NONE;
}

function namesReads(named: readonly string[]): Reads {
  return { kind: 'names', names: named, lower: named.map((v) => v.toLowerCase()) };
}

function hasVariable(list: ValueList | undefined): boolean {
  if (!list) return false;
  for (const v of list.values) if (isUnknown(v) || v.includes('${')) return true;
  return false;
}

/**
 * The profile of a row for sharing (see the module comment), or undefined when its decisions are
 * never shared.
 */
export function shareProfile(
  p: MatrixPrincipal,
  element: User | Role | undefined,
  account: string | undefined,
  state: { noShortcut: boolean; identityUnknown: boolean; boundaryUnknown: boolean; hasBoundary: boolean },
): string | undefined {
  if (!element || element.presence || element.imported || !account) return undefined;
  if (p.kind !== 'user' && p.kind !== 'role') return undefined;
  if (state.noShortcut || state.identityUnknown || state.boundaryUnknown) return undefined;
  if (element.kind === 'user' && (element.unknownGroups.length || element.maybeGroups.length))
    return undefined;
  const serviceLinked = element.kind === 'role' && element.serviceLinked;
  const boundary = element.permissionsBoundary ? (state.hasBoundary ? 'B' : 'b') : '-';
  return `${p.kind}|${account}|${boundary}|${serviceLinked ? 'SL' : ''}`;
}

/**
 * What a build shares between rows: the result ids per group of one witness, by share key
 * (`evaluateColumn`), and whole cells of the columns no statement of a row's own names by
 * itself (`rowClass`).
 */
export class SharedDecisions {
  private decisions = new IntKeyMap<Int32Array>();
  /** The key of `key`'s last call. */
  private readonly shareKey = new IntKey();
  private readonly profiles = new Map<string, number>();
  private readonly patternLists = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  /**
   * The shared cells per row class: by column in a map, or, once the class holds cells of a
   * quarter of the columns or more, in an array by column (no bigger than the map by then). One
   * map keyed by class and column was looked up 1.2 million times in the 5,000-principal
   * organisation (34,000 cells of 62 classes): 1.7% of its time.
   */
  private readonly sparseCells: (Map<number, MatrixCell[]> | undefined)[] = [];
  private readonly denseCells: ((MatrixCell[] | undefined)[] | undefined)[] = [];
  private readonly columnReads: (Reads | undefined)[] = [];
  private readonly columnNames: ({ exact: Set<string>; prefixes: Set<string> } | undefined)[] = [];
  private lists: ActionList[] | undefined;

  constructor(
    private readonly view: MatrixModelView,
    private readonly index: ColumnIndex,
  ) {}

  /**
   * The key of a witness's decisions for rows of profile `share`: column `col`'s witness `wi`,
   * the grouping, the narrower object patterns (`patternsId`, 0: none) and the relevant
   * statements with their roles (`RelevantStatements.key`). One object reused from call to call.
   */
  key(
    share: string,
    col: number,
    wi: number,
    grouping: number,
    patternsId: number,
    statements: IntKey,
  ): IntKey {
    let profile = this.profiles.get(share);
    if (profile === undefined) {
      profile = this.profiles.size;
      this.profiles.set(share, profile);
    }
    const k = this.shareKey;
    k.start(profile);
    k.push(col);
    k.push(wi);
    k.push(grouping);
    k.push(patternsId);
    k.pushKey(statements);
    return k;
  }

  /** A number (from 1) for a sorted list of narrower object patterns. */
  patternsId(patterns: readonly string[]): number {
    const content = JSON.stringify(patterns);
    let id = this.patternLists.get(content);
    if (id === undefined) {
      id = this.patternLists.size + 1;
      this.patternLists.set(content, id);
    }
    return id;
  }

  get(key: IntKey): Int32Array | undefined {
    return this.decisions.get(key);
  }

  set(key: IntKey, ids: Int32Array): void {
    // Bounded: a miss costs only the decisions it would have shared.
    if (this.decisions.size >= 150_000) this.decisions = new IntKeyMap();
    this.decisions.set(key, ids);
  }

  /**
   * The class of a row whose cells it shares with the rows of its class on every column that
   * none of its own (identity, boundary, SCP) statements names by a specific Resource, or
   * undefined. On such a column the row's relevant statements are its own statements with
   * Resource `*` (or NotResource, or unknown) matching some action of the matrix, and the
   * column's resource policies and RCPs, whose roles the profile decides when none reads the
   * principal (`columnShared`); its narrower object patterns are the column's own. So rows of one
   * profile with the same such statements, none reading the principal, get the same cells there.
   */
  rowClass(state: RowState): number | undefined {
    if (!state.share) return undefined;
    let signature = state.share;
    for (const list of [state.identity, state.boundary, state.scp])
      for (const st of list) {
        if (!this.index.reachOf(st).all || !this.matchesSomeList(st)) continue;
        if (readsPrincipal(st)) return undefined;
        signature += `,${statementId(st)}`;
      }
    let c = this.classes.get(signature);
    if (c === undefined) {
      c = this.classes.size;
      this.classes.set(signature, c);
    }
    return c;
  }

  /**
   * Can rows of one class share this column's cells? Not when one of its statements reads the
   * principal (`readsPrincipal`): names this row, or reads it otherwise.
   */
  columnShared(c: number, row: RowIdentity): boolean {
    let r = this.columnReads[c];
    if (r === undefined) {
      const col = this.index.columns[c]!;
      const statements = [
        ...col.policies.flatMap((policy) => policy.statements),
        ...rcpStatementsOf(this.view, col),
      ];
      const named: string[] = [];
      // A column other worlds of `decide` may decide (`Column.worlds`) may be named by any of a
      // row's statements there; one whose policies are unknown or outside the inputs is never
      // shortcut (`ColumnIndex.opaque`): neither is shared.
      let other = col.worlds || this.index.opaque.has(c) || col.policies.some((policy) => policy.unknown);
      for (const st of statements) {
        const x = readsOf(st);
        if (x.kind === 'other') other = true;
        else if (x.kind === 'names') named.push(...x.names);
      }
      r = other ? OTHER : named.length ? namesReads(named) : NONE;
      this.columnReads[c] = r;
    }
    return r.kind === 'none' || (r.kind === 'names' && !this.namesRow(c, r.names, r.lower, row));
  }

  /**
   * `names(values, lower, row)` for column `c`'s names, looked up in sets (lowercased) when the
   * row has no other worlds and its session prefix ends with `/` (a column may name thousands of
   * principals).
   */
  private namesRow(
    c: number,
    values: readonly string[],
    lower: readonly string[],
    row: RowIdentity,
  ): boolean {
    if (row.worldMaps?.length || (row.session && !row.session.endsWith('/')))
      return names(values, lower, row);
    let sets = this.columnNames[c];
    if (!sets) {
      // `v.startsWith(session)` for a session ending with `/` is: session is v up to one of its `/`.
      const exact = new Set(lower);
      const prefixes = new Set<string>();
      for (const v of lower)
        for (let i = v.indexOf('/'); i >= 0; i = v.indexOf('/', i + 1)) prefixes.add(v.slice(0, i + 1));
      sets = { exact, prefixes };
      this.columnNames[c] = sets;
    }
    return sets.exact.has(row.principalLower) || (!!row.sessionLower && sets.prefixes.has(row.sessionLower));
  }

  cell(rowClass: number, c: number): MatrixCell[] | undefined {
    const dense = this.denseCells[rowClass];
    return dense ? dense[c] : this.sparseCells[rowClass]?.get(c);
  }

  setCell(rowClass: number, c: number, levels: MatrixCell[]): void {
    const dense = this.denseCells[rowClass];
    if (dense) {
      dense[c] = levels;
      return;
    }
    let sparse = this.sparseCells[rowClass];
    if (!sparse) {
      sparse = new Map();
      this.sparseCells[rowClass] = sparse;
    }
    sparse.set(c, levels);
    const n = this.index.columns.length;
    if (sparse.size * 4 < n) return;
    const cells = new Array<MatrixCell[] | undefined>(n).fill(undefined);
    for (const [col, x] of sparse) cells[col] = x;
    this.denseCells[rowClass] = cells;
    this.sparseCells[rowClass] = undefined;
  }

  private matchesSomeList(st: CompiledStatement): boolean {
    this.lists ??= [...new Set(this.index.columns.flatMap((col) => col.witnesses.map((w) => w.list)))];
    return this.lists.some((l) => actionMatches(st, l) !== NO_MATCH);
  }
}
