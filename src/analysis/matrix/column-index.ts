// Column pruning: which columns a row needs to evaluate at all. A principal can reach a resource
// only through an Allow of its identity policies whose Resource can name the resource (and whose
// Action matches an action that applies there), or through the resource's own policy naming it.
// `ColumnIndex` answers both per statement (cached: managed policies are shared by many
// principals) and per principal (resource policies indexed by the principal ARN, account, `*`),
// an over-approximation: the engine decides exactly. It also records, per S3 column, the object
// patterns narrower than `BUCKET/*` a statement names (tried as witnesses too).

import type { CompiledStatement } from '../../engine/compile-policy.js';
import { parseArn } from '../../model/arns.js';
import { isUnknown } from '../../model/unknown.js';
import { compileArnPattern, hasWildcard } from '../../policy/wildcard.js';
import { type ActionList, actionMatches, NO_MATCH } from './action-lists.js';
import type { Column } from './columns.js';
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

export class ColumnIndex {
  readonly columns: Column[];
  private readonly byArn = new Map<string, number>();
  private readonly byService = new Map<string, number[]>();
  private readonly buckets = new Map<string, number>();
  private readonly reach = new WeakMap<CompiledStatement, StatementReach>();
  private readonly patternReach = new Map<string, StatementReach>();
  /** Resource-policy candidates: columns whose policy could allow anyone / names a principal. */
  readonly rpAnyone: number[] = [];
  readonly rpByName = new Map<string, number[]>();
  readonly rpSessions: { prefix: string; col: number }[] = [];
  /** Columns whose policy is unknown or unreadable, or that other worlds may decide: never shortcut. */
  readonly opaque = new Set<number>();

  constructor(columns: Column[]) {
    this.columns = columns;
    for (const c of columns) {
      if (!this.byArn.has(c.arn)) this.byArn.set(c.arn, c.index);
      for (const s of c.services) {
        let l = this.byService.get(s);
        if (!l) {
          l = [];
          this.byService.set(s, l);
        }
        l.push(c.index);
      }
      if (c.objectPrefix) this.buckets.set(c.arn, c.index);
      if (c.outsideInputs || c.worlds) this.opaque.add(c.index);
      for (const policy of c.policies) {
        if (policy.unknown || policy.statements.some((s) => s.unknown || s.effect === 'Unknown'))
          this.opaque.add(c.index);
        const names = policyNamesOf(policy);
        if (names.anyone) this.rpAnyone.push(c.index);
        else {
          for (const n of names.names) {
            let l = this.rpByName.get(n);
            if (!l) {
              l = [];
              this.rpByName.set(n, l);
            }
            l.push(c.index);
          }
          for (const prefix of names.sessionPrefixes) this.rpSessions.push({ prefix, col: c.index });
        }
      }
    }
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
      if (st.services && !st.services.some((s) => shape.services.has(s))) continue;
      if (shape.lists.some((l) => actionMatches(st, l) !== NO_MATCH)) for (const c of shape.cols) out.push(c);
    }
    return out;
  }

  /** Does the statement's Action match an action that applies to column `c`? */
  matchesActionsOf(st: CompiledStatement, c: number): boolean {
    const col = this.columns[c]!;
    if (st.services && !st.services.some((s) => col.services.has(s))) return false;
    return col.witnesses.some((w) => actionMatches(st, w.list) !== NO_MATCH);
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

  private computePatternReach(raw: string): StatementReach {
    // Policy variables take request-time values: treat them as wildcards here.
    const v = raw.includes('${') ? raw.replace(/\$\{[^}]*\}/g, '*') : raw;
    if (v === '*') return { all: true, cols: [], colSet: NONE, narrower: undefined };
    const cols: number[] = [];
    let narrower: Map<number, string[]> | undefined;
    const addNarrower = (c: number) => {
      const col = this.columns[c]!;
      if (raw === `${col.objectPrefix}*`) return;
      narrower ??= new Map();
      narrower.set(c, [raw]);
    };
    const exact = this.byArn.get(v);
    if (exact !== undefined) cols.push(exact);
    const arn = parseArn(v);
    // S3 objects: `arn:aws:s3:::BUCKET/KEY` names the bucket's object witness.
    if (arn && arn.service === 's3' && !arn.region && !arn.account) {
      const slash = arn.resource.indexOf('/');
      const bucketPart = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
      if (slash >= 0 && !hasWildcard(bucketPart)) {
        const c = this.buckets.get(`arn:${arn.partition}:s3:::${bucketPart}`);
        if (c !== undefined) {
          cols.push(c);
          addNarrower(c);
        }
        return { all: false, cols, colSet: new Set(cols), narrower };
      }
    }
    if (!hasWildcard(v)) return { all: false, cols, colSet: new Set(cols), narrower };
    // A pattern: test the columns of its service (all columns when the service is a wildcard).
    const fields = v.split(':');
    const service = fields[2];
    const candidates =
      service && !hasWildcard(service)
        ? [
            ...(this.byService.get(service) ?? []),
            ...(service === 'iam' ? (this.byService.get('sts') ?? []) : []),
          ]
        : this.columns.map((c) => c.index);
    const m = compileArnPattern(v);
    const firstWild = v.search(/[*?]/);
    const literal = v.slice(0, firstWild);
    for (const c of new Set(candidates)) {
      const col = this.columns[c]!;
      let hit = false;
      for (const w of col.witnesses) if (m.test(w.arn)) hit = true;
      if (col.objectPrefix) {
        // Could the pattern name some object of the bucket?
        const objects = literal.startsWith(col.objectPrefix) || col.objectPrefix.startsWith(literal);
        if (objects) {
          hit = true;
          if (!m.test(`${col.objectPrefix}*`) && literal.startsWith(col.objectPrefix)) addNarrower(c);
        }
      }
      if (hit && !cols.includes(c)) cols.push(c);
    }
    return { all: false, cols, colSet: new Set(cols), narrower };
  }

  /** Columns whose resource policy could allow `principal` (plus the opaque ones). */
  resourcePolicyColumns(principal: string, partition: string): number[] {
    const out = new Set<number>(this.rpAnyone);
    const arn = principal.startsWith('arn:') ? parseArn(principal) : undefined;
    const keys = [arn ? principal : principal.toLowerCase()];
    if (arn?.account) keys.push(arn.account, `arn:${arn.partition}:iam::${arn.account}:root`);
    if (/^\d{12}$/.test(principal)) keys.push(`arn:${partition}:iam::${principal}:root`);
    for (const k of keys) for (const c of this.rpByName.get(k) ?? []) out.add(c);
    let session: string | undefined;
    if (arn?.service === 'iam' && arn.resource.startsWith('role/'))
      session = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${arn.resource.slice(arn.resource.lastIndexOf('/') + 1)}/`;
    else if (arn?.service === 'sts') session = principal;
    if (session) for (const s of this.rpSessions) if (session.startsWith(s.prefix)) out.add(s.col);
    for (const c of this.opaque) out.add(c);
    return [...out];
  }
}
