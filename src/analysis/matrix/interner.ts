// Interning of the matrix's results: identical decisions (access, conditions, grants), action
// entries, grant unions and whole level rows share one object, since matrices of big
// organisations repeat a lot (a worker building many slices shares one `Interner` across them:
// `MatrixOptions.interner`). Owns the canonical order of a cell's grants, which depends only on
// the statements, so rows built in slices equal the rows of the whole matrix.

import type { Access, ConditionFacts, MatrixCell, MatrixReason, StatementRef } from '../types.js';
import { mergeStatementRefs } from '../chains.js';
import { ACCESS_LEVELS } from './action-lists.js';
import { reasonKey } from '../decision-reasons.js';
import { IntKey, IntKeyMap } from './int-keys.js';

export interface ActionEntry {
  action: string;
  access: Exclude<Access, 'deny'>;
  conditions: string[];
}

/** The decision of one group of actions (interned: same access, conditions and grants). */
export interface GroupResult {
  id: number;
  access: Access;
  conditions: string[];
  grants: StatementRef[];
  /** Only for an indeterminate result: what makes it so (cell-reasons.ts), interned. */
  reasons?: MatrixReason[];
}

export const DENY_CELL: MatrixCell = Object.freeze({
  access: 'deny',
  actions: Object.freeze([]) as unknown as MatrixCell['actions'],
  grants: Object.freeze([]) as unknown as StatementRef[],
}) as MatrixCell;
export const DENY_LEVELS: MatrixCell[] = Object.freeze(ACCESS_LEVELS.map(() => DENY_CELL)) as MatrixCell[];

const refKey = (g: StatementRef) => `${g.stage}|${g.policy}|${g.statement}|${g.effect}`;

/** Evaluation steps in the order the engine's trace lists them. */
const STAGE_ORDER: readonly StatementRef['stage'][] = [
  'principal',
  'scp',
  'rcp',
  'resource',
  'identity',
  'boundary',
  'session',
  'trust',
  'key-policy',
  'result',
];

const compareStrings = (a: string | undefined, b: string | undefined): number =>
  a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1;

/** `Statement[10]` after `Statement[9]`: runs of digits compare as numbers. */
function compareLabels(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined || a === b) return compareStrings(a, b);
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    // Odd parts are the digit runs.
    if (i % 2 === 1 && x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * The canonical order of a cell's grants: by evaluation step, policy, statement, effect, then
 * source. It depends only on the statements, never on which decisions a run met first, so rows
 * built in slices (or in worker threads) equal the rows of the whole matrix.
 */
function compareStatementRefs(a: StatementRef, b: StatementRef): number {
  return (
    STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
    compareStrings(a.policy, b.policy) ||
    compareLabels(a.statement, b.statement) ||
    compareStrings(a.effect, b.effect) ||
    compareStrings(a.source?.file, b.source?.file) ||
    (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
    (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
    compareStrings(a.source?.pointer, b.source?.pointer)
  );
}

/** The number of `key` in `ids` (from 1), given on first sight. */
function idOf(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size + 1;
    ids.set(key, id);
  }
  return id;
}

function newEntry(action: string, r: GroupResult): ActionEntry {
  return Object.freeze({ action, access: r.access as Exclude<Access, 'deny'>, conditions: r.conditions });
}

const ACCESS_CODES: Record<Access, number> = { deny: 0, indeterminate: 1, conditional: 2, allow: 3 };

export class Interner {
  /**
   * Results by access, conditions and grants (as numbers: the key of each statement reference,
   * `refKey`, and each condition get one), so that a result met again is found
   * without sorting its grants or joining strings.
   */
  private readonly results = new IntKeyMap<GroupResult>();
  private readonly resultKey = new IntKey();
  private readonly refIds = new Map<string, number>();
  /**
   * The `refIds` number of each statement reference object met: the engine makes one frozen
   * reference per statement (`CompiledStatement.appliedAllows`), so a reference met again needs
   * no key string.
   */
  private readonly refIdsByObject = new Map<StatementRef, number>();
  private readonly conditionIds = new Map<string, number>();
  private refScratch = new Int32Array(16);
  readonly resultById: GroupResult[] = [];
  private readonly entries = new Map<string, ActionEntry>();
  /**
   * An entry is an action with its access and conditions, not its grants: results that differ
   * only in their grants share entries. Per result id, its entry class (access and conditions);
   * per class, its entries by action id (small integer keys: no number allocated per lookup).
   * Entries were made per result: about 180,000 objects, and a map per result, for 20,000 distinct
   * entries in a worker's half of the 5,000-principal organisation.
   */
  private readonly entryClassOf: number[] = [];
  private readonly entryClasses = new Map<string, number>();
  private readonly entriesByClass: Map<number, ActionEntry>[] = [];
  /** The key of the level row being looked up (`row`): filled by the caller. */
  readonly rowKey = new IntKey();
  private readonly rows = new IntKeyMap<MatrixCell[]>();
  private readonly grantUnions = new Map<string, StatementRef[]>();
  /** Reasons by `reasonKey`, each with its number (from 1, in `reasonIds`). */
  private readonly reasonsByKey = new Map<string, MatrixReason>();
  private readonly reasonIds = new Map<MatrixReason, number>();
  private readonly reasonUnions = new Map<string, MatrixReason[]>();
  /**
   * What the engine reports each condition of the results is about (`FreeDecision.conditionFacts`),
   * by its text: the review weighs a cell's conditions by them (risk-severity.ts), never by the
   * words. Kept in this thread only (a worker's or a shard's matrix has none).
   */
  private readonly factsByText = new Map<string, ConditionFacts>();

  /** What the engine reports the condition `text` of a result is about; undefined when not known. */
  conditionFacts(text: string): ConditionFacts | undefined {
    return this.factsByText.get(text);
  }

  /** The interned reason equal to `r`. */
  reason(r: MatrixReason): MatrixReason {
    const key = reasonKey(r);
    let kept = this.reasonsByKey.get(key);
    if (!kept) {
      kept = Object.freeze(r);
      this.reasonsByKey.set(key, kept);
      this.reasonIds.set(kept, this.reasonIds.size + 1);
    }
    return kept;
  }

  /**
   * `reasons`: only for an indeterminate result (what makes it so, cell-reasons.ts): results that
   * differ only in their reasons are distinct (their access, conditions and grants are the same).
   */
  result(
    access: Access,
    conditions: string[],
    unordered: StatementRef[],
    reasons?: readonly MatrixReason[],
    facts?: readonly ConditionFacts[],
  ): GroupResult {
    // The key: access, conditions, and the grants' `refKey`s as a sorted multiset (what the
    // canonical order of the grants gives too: it sorts by the `refKey` fields first).
    const key = this.resultKey;
    key.start(ACCESS_CODES[access]);
    // The number of conditions, then each one's number: no joined string per call.
    key.push(conditions.length);
    for (const c of conditions) key.push(idOf(this.conditionIds, c));
    const n = unordered.length;
    if (this.refScratch.length < n) this.refScratch = new Int32Array(2 * n);
    const ids = this.refScratch;
    for (let i = 0; i < n; i++) {
      const g = unordered[i]!;
      let v = this.refIdsByObject.get(g);
      if (v === undefined) {
        v = idOf(this.refIds, refKey(g));
        // Bounded, should a caller pass new objects each time.
        if (this.refIdsByObject.size >= 500_000) this.refIdsByObject.clear();
        this.refIdsByObject.set(g, v);
      }
      let j = i - 1;
      while (j >= 0 && ids[j]! > v) {
        ids[j + 1] = ids[j]!;
        j--;
      }
      ids[j + 1] = v;
    }
    for (let i = 0; i < n; i++) key.push(ids[i]!);
    const kept = reasons?.length ? reasons.map((x) => this.reason(x)) : undefined;
    // After the grants, a -1 then the reasons' numbers (grant numbers are positive).
    if (kept) {
      key.push(-1);
      for (const x of kept) key.push(this.reasonIds.get(x)!);
    }
    let r = this.results.get(key);
    if (!r) {
      // (A result met again has conditions of the same texts: noted already.)
      if (facts) for (const f of facts) this.noteFacts(f);
      r = Object.freeze({
        id: this.resultById.length,
        access,
        conditions: Object.freeze([...conditions]) as string[],
        grants: Object.freeze([...unordered].sort(compareStatementRefs)) as StatementRef[],
        ...(kept ? { reasons: Object.freeze(kept) as MatrixReason[] } : {}),
      });
      this.results.set(key, r);
      this.resultById.push(r);
      const entryClass = `${access}\u0001${conditions.join('\u0002')}`;
      let c = this.entryClasses.get(entryClass);
      if (c === undefined) {
        c = this.entryClasses.size;
        this.entryClasses.set(entryClass, c);
      }
      this.entryClassOf.push(c);
    }
    return r;
  }

  /** Notes `f` by its text; the same text from two decisions: both's keys, `absent` only if both. */
  private noteFacts(f: ConditionFacts): void {
    const seen = this.factsByText.get(f.text);
    if (seen === f) return;
    if (!seen) this.factsByText.set(f.text, f);
    else if (seen.absent !== f.absent || f.keys.some((k) => !seen.keys.includes(k)))
      this.factsByText.set(f.text, {
        text: f.text,
        keys: [...new Set([...seen.keys, ...f.keys])],
        absent: seen.absent && f.absent,
      });
  }

  /** The entry of `action` with result `r`; `actionId`: a number per action name (a faster key). */
  entry(action: string, r: GroupResult, actionId?: number): ActionEntry {
    const entryClass = this.entryClassOf[r.id]!;
    if (actionId === undefined) {
      const key = `${action}#${entryClass}`;
      let e = this.entries.get(key);
      if (!e) {
        e = newEntry(action, r);
        this.entries.set(key, e);
      }
      return e;
    }
    let byAction = this.entriesByClass[entryClass];
    if (!byAction) {
      byAction = new Map();
      this.entriesByClass[entryClass] = byAction;
    }
    let e = byAction.get(actionId);
    if (!e) {
      e = newEntry(action, r);
      byAction.set(actionId, e);
    }
    return e;
  }

  /**
   * The union of the grants of several results (by result ids, sorted), in the canonical order
   * (`compareStatementRefs`): result ids follow the order in which a run first met each decision.
   */
  grants(ids: number[]): StatementRef[] {
    if (ids.length === 1) return this.resultById[ids[0]!]!.grants;
    const key = ids.join(',');
    let g = this.grantUnions.get(key);
    if (!g) {
      // Sorted before deduplicating: of two references to one statement, the first by source stays.
      const all = ids.flatMap((i) => this.resultById[i]!.grants).sort(compareStatementRefs);
      g = Object.freeze(mergeStatementRefs(all)) as StatementRef[];
      this.grantUnions.set(key, g);
    }
    return g;
  }

  /**
   * The reasons of several results (by result ids, sorted), each once; undefined when none has
   * any. One result's in its trace's order; several results' in the order of their keys
   * (`reasonKey`), which depends only on the reasons, never on the order a run met decisions, so
   * rows built in slices, workers or shards equal the rows of the whole matrix.
   */
  reasonsOf(ids: number[]): MatrixReason[] | undefined {
    if (ids.length === 1) return this.resultById[ids[0]!]!.reasons;
    let any = false;
    for (const i of ids) if (this.resultById[i]!.reasons) any = true;
    if (!any) return undefined;
    const key = ids.join(',');
    let out = this.reasonUnions.get(key);
    if (!out) {
      // In the order of their keys: result ids differ from run to run (workers, shards).
      const all = [...new Set(ids.flatMap((i) => this.resultById[i]!.reasons ?? []))];
      const keys = new Map(all.map((x) => [x, reasonKey(x)]));
      all.sort((a, b) => (keys.get(a)! < keys.get(b)! ? -1 : 1));
      out = Object.freeze(all) as MatrixReason[];
      this.reasonUnions.set(key, out);
    }
    return out;
  }

  /**
   * The level row of the key in `rowKey` (what determines the cell: the groupings of its
   * witnesses and the result of each group), made by `build` the first time.
   */
  row(build: () => MatrixCell[]): MatrixCell[] {
    return this.cachedRow() ?? this.keepRow(build());
  }

  /** The level row of the key in `rowKey`, if made before (`row` without a closure per lookup). */
  cachedRow(): MatrixCell[] | undefined {
    return this.rows.get(this.rowKey);
  }

  /** Keeps `row` as the level row of the key in `rowKey` (after `cachedRow` found none). */
  keepRow(row: MatrixCell[]): MatrixCell[] {
    const kept = row === DENY_LEVELS ? row : (Object.freeze(row) as MatrixCell[]);
    this.rows.set(this.rowKey, kept);
    return kept;
  }
}
