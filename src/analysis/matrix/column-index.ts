// Column pruning: which columns a row needs to evaluate at all. A principal can reach a resource
// only through an Allow of its identity policies whose Resource can name the resource (and whose
// Action matches an action that applies there), or through the resource's own policy naming it.
// `ColumnIndex` answers both per statement (cached: managed policies are shared by many
// principals) and per principal (resource policies indexed by the principal ARN, account, `*`),
// an over-approximation: the engine decides exactly. It also records, per S3 column, the object
// patterns narrower than `BUCKET/*` a statement names (tried as witnesses too).
//
// Other worlds (`Engine.otherWorlds`: an unstated deploying account, a stand-in region): `decide`
// decides every request again in each world where the placeholder account or stand-in region is
// one the model names, with the model and the request rewritten into it. A Resource value then
// names a column when it does so in any world (the value and the column's witnesses both
// rewritten: `arn:aws:sqs:*:123456789012:q` names `arn:aws:sqs:us-east-1:000000000000:q` in the
// world where "this account" is 123456789012), and a resource policy's Principal names a row when
// it does so in any world: the index holds every world's names.

import type { CompiledStatement } from '../../engine/compile-policy.js';
import { parseArn } from '../../model/arns.js';
import { hasUnknownNamePart } from '../../model/stand-ins.js';
import { isUnknown } from '../../model/unknown.js';
import { compileArnPattern, hasWildcard } from '../../policy/wildcard.js';
import { type ActionList, actionMatches, NO_MATCH } from './action-lists.js';
import type { Column } from './columns.js';
import { arnKeys } from '../chains.js';
import { policyNamesOf } from './principal-names.js';

/** Which columns a statement's Resource can reach. */
export interface StatementReach {
  all: boolean;
  cols: number[];
  colSet: Set<number>;
  /** Per S3 column: object patterns narrower than `BUCKET/*` the statement names. */
  narrower: Map<number, string[]> | undefined;
}

const NONE: Set<number> = new Set();

/** The column ARNs as they are in one world (the home world included). */
interface ArnTable {
  /** The string map into the world (identity at home). */
  into: (s: string) => string;
  byArn: Map<string, number>;
  buckets: Map<string, number>;
  /** Per column, its witness ARNs and object prefix in the world. */
  witnesses: string[][];
  objectPrefixes: (string | undefined)[];
  /** The columns whose ARNs differ from home (all of them at home). */
  moved: Set<number>;
}

function arnTable(columns: Column[], into: (s: string) => string, home: ArnTable | undefined): ArnTable {
  const t: ArnTable = {
    into,
    byArn: new Map(),
    buckets: new Map(),
    witnesses: [],
    objectPrefixes: [],
    moved: new Set(),
  };
  for (const c of columns) {
    const arn = into(c.arn);
    if (!t.byArn.has(arn)) t.byArn.set(arn, c.index);
    const prefix = c.objectPrefix === undefined ? undefined : into(c.objectPrefix);
    if (prefix !== undefined) t.buckets.set(arn, c.index);
    const witnesses = c.witnesses.map((w) => into(w.arn));
    t.witnesses.push(witnesses);
    t.objectPrefixes.push(prefix);
    if (
      !home ||
      prefix !== home.objectPrefixes[c.index] ||
      witnesses.some((w, i) => w !== home.witnesses[c.index]![i])
    )
      t.moved.add(c.index);
  }
  return t;
}

export class ColumnIndex {
  readonly columns: Column[];
  private readonly byService = new Map<string, number[]>();
  /**
   * Columns that are S3 objects (an ARN `arn:aws:s3:::BUCKET/KEY` evaluated as given: the access
   * diff's witnesses of resources outside the inputs, diff/outside-compare.ts), not buckets.
   */
  private readonly s3Objects: number[] = [];
  /** The column ARNs at home, then in each other world (`Engine.otherWorlds`). */
  private readonly tables: ArnTable[];
  private readonly reach = new WeakMap<CompiledStatement, StatementReach>();
  private readonly patternReach = new Map<string, StatementReach>();
  /** Resource-policy candidates: columns whose policy could allow anyone / names a principal. */
  readonly rpAnyone: number[] = [];
  readonly rpByName = new Map<string, number[]>();
  readonly rpSessions: { prefix: string; col: number }[] = [];
  /** Columns whose policy is unknown or unreadable, or that other worlds may decide: never shortcut. */
  readonly opaque = new Set<number>();
  /**
   * Columns whose name the inputs leave unknown (src/engine/unknown-names.ts): a pattern the name
   * does not spell may still name them, so every statement with a Resource reaches them.
   */
  private readonly unknownNamed: number[] = [];
  /** Columns with a resource policy (a row whose name is unknown may be any principal it names). */
  private readonly withPolicy: number[] = [];

  constructor(columns: Column[], worlds: readonly ((s: string) => string)[] = []) {
    this.columns = columns;
    const home = arnTable(columns, (s) => s, undefined);
    this.tables = [home, ...worlds.map((into) => arnTable(columns, into, home))];
    for (const c of columns) {
      if (c.objectPrefix === undefined && /^arn:[^:]*:s3:::[^/]+\//.test(c.arn)) this.s3Objects.push(c.index);
      for (const s of c.services) {
        let l = this.byService.get(s);
        if (!l) {
          l = [];
          this.byService.set(s, l);
        }
        l.push(c.index);
      }
      if (c.outsideInputs || c.worlds) this.opaque.add(c.index);
      if (hasUnknownNamePart(c.arn)) {
        this.unknownNamed.push(c.index);
        this.opaque.add(c.index);
      }
      if (c.policies.length) this.withPolicy.push(c.index);
      for (const policy of c.policies) {
        if (policy.unknown || policy.statements.some((s) => s.unknown || s.effect === 'Unknown'))
          this.opaque.add(c.index);
        const names = policyNamesOf(policy);
        // a Principal naming an element whose name is unknown may name any row
        if (names.anyone || [...names.names].some(hasUnknownNamePart)) this.rpAnyone.push(c.index);
        else {
          for (const n of this.inWorlds([...names.names])) {
            let l = this.rpByName.get(n);
            if (!l) {
              l = [];
              this.rpByName.set(n, l);
            }
            if (l.at(-1) !== c.index) l.push(c.index);
          }
          for (const prefix of this.inWorlds(names.sessionPrefixes))
            this.rpSessions.push({ prefix, col: c.index });
        }
      }
    }
  }

  /** `strings` as they are in every world (home first), without duplicates. */
  inWorlds(strings: readonly string[]): string[] {
    if (this.tables.length === 1) return [...strings];
    const out = new Set<string>();
    for (const t of this.tables) for (const x of strings) out.add(t.into(x));
    return [...out];
  }

  /** Columns grouped by the action lists of their witnesses (same lists: same actions apply). */
  private shapes: { lists: ActionList[]; services: Set<string>; cols: number[] }[] | undefined;

  private shapesOf() {
    if (!this.shapes) {
      const byKey = new Map<string, { lists: ActionList[]; services: Set<string>; cols: number[] }>();
      for (const c of this.columns) {
        const key = c.witnesses.map((w) => w.list.id).join(',');
        let shape = byKey.get(key);
        if (!shape) {
          shape = { lists: c.witnesses.map((w) => w.list), services: c.services, cols: [] };
          byKey.set(key, shape);
        }
        shape.cols.push(c.index);
      }
      this.shapes = [...byKey.values()];
    }
    return this.shapes;
  }

  /** Columns where the statement's Action matches an action that applies (Resource aside). */
  columnsMatchingActions(st: CompiledStatement): number[] {
    const out: number[] = [];
    for (const shape of this.shapesOf()) {
      if (st.services && !servesAny(st.services, shape.services)) continue;
      for (const l of shape.lists)
        if (actionMatches(st, l) !== NO_MATCH) {
          for (const c of shape.cols) out.push(c);
          break;
        }
    }
    return out;
  }

  /** Does the statement's Action match an action that applies to column `c`? */
  matchesActionsOf(st: CompiledStatement, c: number): boolean {
    const col = this.columns[c]!;
    if (st.services && !servesAny(st.services, col.services)) return false;
    // Loops, not closures: called for every candidate column of every row.
    for (const w of col.witnesses) if (actionMatches(st, w.list) !== NO_MATCH) return true;
    return false;
  }

  /** Columns an identity statement's Resource/NotResource can name (cached per statement). */
  reachOf(st: CompiledStatement): StatementReach {
    let r = this.reach.get(st);
    if (r) return r;
    const s = st.statement;
    if (st.unknown || st.effect === 'Unknown' || !s.resource || s.notResource) {
      r = {
        all: !!(st.unknown || st.effect === 'Unknown' || s.notResource),
        cols: [],
        colSet: NONE,
        narrower: undefined,
      };
    } else {
      const cols = new Set<number>();
      let narrower: Map<number, string[]> | undefined;
      let all = false;
      for (const v of s.resource.values) {
        if (isUnknown(v)) {
          all = true;
          break;
        }
        const pr = this.patternReachOf(v);
        if (pr.all) {
          all = true;
          break;
        }
        for (const c of pr.cols) cols.add(c);
        if (pr.narrower)
          for (const [c, pats] of pr.narrower) {
            narrower ??= new Map();
            const l = narrower.get(c) ?? [];
            for (const p of pats) if (!l.includes(p)) l.push(p);
            narrower.set(c, l);
          }
      }
      for (const c of this.unknownNamed) cols.add(c);
      r = all
        ? { all, cols: [], colSet: NONE, narrower: undefined }
        : { all, cols: [...cols], colSet: cols, narrower };
    }
    this.reach.set(st, r);
    return r;
  }

  /** Columns one Resource value can name (an over-approximation; the engine decides exactly). */
  private patternReachOf(raw: string): StatementReach {
    let r = this.patternReach.get(raw);
    if (r) return r;
    r = this.computePatternReach(raw);
    if (this.patternReach.size > 100_000) this.patternReach.clear();
    this.patternReach.set(raw, r);
    return r;
  }

  /**
   * The columns `raw` names at home (with the narrower object patterns) and in every other world
   * (`raw` and the columns rewritten into it; a world's hits add columns only: the narrower
   * patterns are decided as written, and `decide` looks at the worlds itself).
   */
  private computePatternReach(raw: string): StatementReach {
    // A pattern naming an element whose name is unknown may name any column.
    if (hasUnknownNamePart(raw)) return { all: true, cols: [], colSet: NONE, narrower: undefined };
    const home = this.reachIn(this.tables[0]!, raw, true);
    if (home.all || this.tables.length === 1) return home;
    const cols = new Set(home.cols);
    for (let i = 1; i < this.tables.length; i++) {
      const t = this.tables[i]!;
      const v = t.into(raw);
      // Only the columns the world moves can change when the value stays as it is.
      const r = this.reachIn(t, v, false, v === raw ? t.moved : undefined);
      if (r.all) return r;
      for (const c of r.cols) cols.add(c);
    }
    return cols.size === home.cols.length ? home : { ...home, cols: [...cols], colSet: cols };
  }

  /** Columns one Resource value names in the world of `t` (`only`: among these columns). */
  private reachIn(t: ArnTable, raw: string, home: boolean, only?: Set<number>): StatementReach {
    // Policy variables take request-time values: treat them as wildcards here.
    const v = raw.includes('${') ? raw.replace(/\$\{[^}]*\}/g, '*') : raw;
    if (v === '*') return { all: true, cols: [], colSet: NONE, narrower: undefined };
    const cols: number[] = [];
    let narrower: Map<number, string[]> | undefined;
    const addNarrower = (c: number) => {
      if (!home || raw === `${t.objectPrefixes[c]}*`) return;
      narrower ??= new Map();
      narrower.set(c, [raw]);
    };
    const exact = t.byArn.get(v);
    if (exact !== undefined && (!only || only.has(exact))) cols.push(exact);
    const arn = parseArn(v);
    // S3 objects: `arn:aws:s3:::BUCKET/KEY` names the bucket's object witness.
    if (arn && arn.service === 's3' && !arn.region && !arn.account) {
      const slash = arn.resource.indexOf('/');
      const bucketPart = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
      if (slash >= 0 && !hasWildcard(bucketPart)) {
        const c = t.buckets.get(`arn:${arn.partition}:s3:::${bucketPart}`);
        if (c !== undefined && (!only || only.has(c))) {
          cols.push(c);
          addNarrower(c);
        }
        // Object columns (not of a bucket column) the value names.
        if (this.s3Objects.length) {
          const m = hasWildcard(v) ? compileArnPattern(v) : undefined;
          for (const o of this.s3Objects)
            if (
              (!only || only.has(o)) &&
              t.witnesses[o]!.some((w) => (m ? m.test(w) : w === v)) &&
              !cols.includes(o)
            )
              cols.push(o);
        }
        return { all: false, cols, colSet: new Set(cols), narrower };
      }
    }
    if (!hasWildcard(v)) return { all: false, cols, colSet: new Set(cols), narrower };
    // A pattern: test the columns of its service (all columns when the service is a wildcard).
    const fields = v.split(':');
    const service = fields[2];
    const candidates =
      only ??
      (service && !hasWildcard(service)
        ? [
            ...(this.byService.get(service) ?? []),
            ...(service === 'iam' ? (this.byService.get('sts') ?? []) : []),
          ]
        : this.columns.map((c) => c.index));
    const m = compileArnPattern(v);
    const firstWild = v.search(/[*?]/);
    const literal = v.slice(0, firstWild);
    for (const c of new Set(candidates)) {
      let hit = false;
      for (const w of t.witnesses[c]!) if (m.test(w)) hit = true;
      const prefix = t.objectPrefixes[c];
      if (prefix) {
        // Could the pattern name some object of the bucket?
        const objects = literal.startsWith(prefix) || prefix.startsWith(literal);
        if (objects) {
          hit = true;
          if (!m.test(`${prefix}*`) && literal.startsWith(prefix)) addNarrower(c);
        }
      }
      if (hit && !cols.includes(c)) cols.push(c);
    }
    return { all: false, cols, colSet: new Set(cols), narrower };
  }

  /**
   * Calls `add` with each column whose resource policy could allow `principal` (plus the opaque
   * ones), some more than once (the caller keeps each once: no set per row).
   */
  resourcePolicyColumns(principal: string, partition: string, add: (c: number) => void): void {
    for (const c of this.rpAnyone) add(c);
    // a row whose name is unknown may be any principal a policy names
    if (hasUnknownNamePart(principal)) for (const c of this.withPolicy) add(c);
    const arn = principal.startsWith('arn:') ? parseArn(principal) : undefined;
    // an ARN as written and lowercased: a Principal may name it in other letter case (chains.ts `arnKeys`)
    const keys = arnKeys(principal, !!arn);
    if (arn?.account) keys.push(arn.account, `arn:${arn.partition}:iam::${arn.account}:root`);
    if (/^\d{12}$/.test(principal)) keys.push(`arn:${partition}:iam::${principal}:root`);
    // The index holds every world's names: look the principal up as it is in every world too.
    for (const k of this.inWorlds(keys)) for (const c of this.rpByName.get(k) ?? []) add(c);
    let session: string | undefined;
    if (arn?.service === 'iam' && arn.resource.startsWith('role/'))
      session = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${arn.resource.slice(arn.resource.lastIndexOf('/') + 1)}/`;
    else if (arn?.service === 'sts') session = principal;
    if (session)
      for (const x of this.inWorlds([session, session.toLowerCase()]))
        for (const s of this.rpSessions) if (x.startsWith(s.prefix)) add(s.col);
    for (const c of this.opaque) add(c);
  }
}

/** Does some service of `services` belong to `of`? */
function servesAny(services: readonly string[], of: ReadonlySet<string>): boolean {
  for (const s of services) if (of.has(s)) return true;
  return false;
}
