// The data of the HTML access review, in the compact form the page script reads (issue 17: the
// review of a 5,000 × 2,000 organisation opens in seconds and a few tens of MB). Two JSON blocks:
//   core     what the matrix shows: rows and columns, and per principal only the cells with
//            something to show ([column, shape] pairs); a cell's "shape" (the same for many
//            cells) names one level explanation per access level, whose access and actions the
//            marks and their titles show. Strings are interned in one table.
//   explain  what only an opened cell shows: the statements behind each level explanation, with
//            their sources, and why an indeterminate level is so (its reasons, one line each:
//            ../matrix-reasons.ts). The page parses it the first time a cell is opened.
// A level with reasons also names their kinds in the core (`why`: the mark's title).
// Owns `reviewData` and the format of both blocks (read by review-script.ts).

import type { Access, Matrix, MatrixCell, StatementRef } from '../../analysis/types.js';
import { POLICY_NOT_MODELLED, shownLevels } from '../unmodelled-columns.js';
import { formatSource } from '../../model/source.js';
import { matrixPrincipalLabel, matrixResourceLabel, statementText } from '../matrix-labels.js';
import { reasonLine } from '../../analysis/decision-reasons.js';
import { reasonKindsText } from '../matrix-reasons.js';
import type { ChangeMark } from './access-review.js';

/** Access values by their code in the data (the order the page script knows them by). */
export const ACCESS_CODES: readonly Access[] = ['allow', 'conditional', 'indeterminate', 'deny'];
const ACCESS_CODE: Record<Access, number> = { allow: 0, conditional: 1, indeterminate: 2, deny: 3 };
/** Change marks by their character in `ReviewCore.changes`. */
export const CHANGE_CHARS: Record<ChangeMark, string> = { added: '+', removed: '-', changed: '~' };

/** What the matrix shows (the `review-data` block). */
export interface ReviewCore {
  levels: string[];
  /** Interned strings: labels, ARNs, kinds, sources, action names, conditions. */
  s: string[];
  /** Principals, 4 string indexes each: label, ARN, kind, source. */
  p: number[];
  /** Resources (columns), 4 string indexes each: label, ARN, kind, source. */
  r: number[];
  /**
   * Per principal, the cells with something to show as pairs [column delta, shape]: the column is
   * the previous pair's column (-1 before the first) plus the delta. Other cells deny at every level.
   */
  rows: number[][];
  /** Per shape, one level explanation index per level (`levels.length` each). */
  shapes: number[];
  /** Per level explanation, 2 numbers: access code (ACCESS_CODES), action list index or -1. */
  lx: number[];
  /**
   * Action lists, each flat: [action string, access code, condition count, condition strings...]
   * repeated, in the matrix cell's order.
   */
  al: number[][];
  /** Principals (indexes) with role chains, listed in the page's role chains section. */
  chains: number[];
  /** For the review of a diff: `"p:r"` → one character per level, `+` `-` `~` or `.` (unchanged). */
  changes?: Record<string, string>;
  /**
   * Level explanations with reasons (indeterminate): level explanation index → string index of
   * their kinds in words (the mark's title). Absent when none.
   */
  why?: Record<number, number>;
}

/** What an opened cell shows besides the core (the `review-explain` block). */
export interface ReviewExplain {
  /** Per level explanation (same indexes as ReviewCore.lx), its grant list index or -1. */
  lg: number[];
  /** Grant lists: grant indexes. */
  gl: number[][];
  /** Grants, 2 string indexes each (into `xs`): the statement in words, its source. */
  g: number[];
  xs: string[];
  /** Level explanations with reasons: index → the reasons, one line each (indexes into `xs`). */
  lr?: Record<number, number[]>;
}

class Interner<K> {
  readonly items: K[] = [];
  private readonly index = new Map<string, number>();
  /** The index of `item` (keyed by `key`), added at the end when new. */
  of(key: string, item: () => K): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(item());
      this.index.set(key, i);
    }
    return i;
  }
}

class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/** Identity caches: the matrix shares action and grant arrays between cells; key them once. */
function cachedKey<T extends object>(
  cache: WeakMap<object, string>,
  value: T,
  key: (v: T) => string,
): string {
  let k = cache.get(value);
  if (k === undefined) {
    k = key(value);
    cache.set(value, k);
  }
  return k;
}

/** The page's two data blocks for `matrix` (and the changes of a diff to mark). */
export function reviewData(
  matrix: Matrix,
  changes?: Record<string, Record<number, ChangeMark>>,
): { core: ReviewCore; explain: ReviewExplain } {
  const s = new Strings();
  const xs = new Strings();
  const L = matrix.levels.length;
  const actionLists = new Interner<number[]>();
  const grants = new Interner<number>(); // value: grant index (the pair's place in g)
  const g: number[] = [];
  const grantLists = new Interner<number[]>();
  const lx: number[] = [3, -1];
  const lg: number[] = [-1];
  // Level explanations keyed by one number: (grant list + 1) · 2^22 + (action list + 1) · 4 + access.
  // (A string past a million action lists, where the number would be ambiguous.)
  const levelKey = (access: number, actions: number, grantList: number): number | string =>
    actions < 1_048_575
      ? (grantList + 1) * 4_194_304 + (actions + 1) * 4 + access
      : `${access}|${actions}|${grantList}`;
  const levelIndex = new Map<number | string, number>([[levelKey(3, -1, -1), 0]]);
  const shapes: number[] = [];
  const shapeIndex = new Map<string, number>();
  // Reasons: per list of reasons (one object per list in the matrix), its number in `whyKeys`.
  const whyLists = new Map<readonly object[], number>();
  const whyKeys = new Map<string, number>();
  const why: Record<number, number> = {};
  const lr: Record<number, number[]> = {};
  const reasonsOf = new Map<number, MatrixCell['reasons']>();
  const whyListOf = (reasons: MatrixCell['reasons']): number => {
    if (!reasons?.length) return -1;
    let n = whyLists.get(reasons);
    if (n === undefined) {
      const key = reasons.map(reasonLine).join('\u0000');
      n = whyKeys.get(key);
      if (n === undefined) {
        n = whyKeys.size;
        whyKeys.set(key, n);
        reasonsOf.set(n, reasons);
      }
      whyLists.set(reasons, n);
    }
    return n;
  };
  const actionKeys = new WeakMap<object, string>();
  const grantKeys = new WeakMap<object, string>();

  const refGrant = new WeakMap<StatementRef, number>();
  const grantOf = (ref: StatementRef): number => {
    const known = refGrant.get(ref);
    if (known !== undefined) return known;
    const text = statementText(ref);
    const source = formatSource(ref.source);
    const index = grants.of(`${text}\u0000${source}`, () => {
      g.push(xs.of(text), xs.of(source));
      return g.length / 2 - 1;
    });
    refGrant.set(ref, index);
    return index;
  };
  const actionListOf = (actions: MatrixCell['actions']): number => {
    if (!actions.length) return -1;
    const key = cachedKey(actionKeys, actions, (list) =>
      list.map((a) => `${a.action}\u0001${a.access}\u0001${a.conditions.join('\u0002')}`).join('\u0000'),
    );
    return actionLists.of(key, () =>
      actions.flatMap((a) => [
        s.of(a.action),
        ACCESS_CODE[a.access],
        a.conditions.length,
        ...a.conditions.map((c) => s.of(c)),
      ]),
    );
  };
  const grantListOf = (refs: StatementRef[]): number => {
    if (!refs.length) return -1;
    const key = cachedKey(grantKeys, refs, (list) => list.map(grantOf).join(','));
    return grantLists.of(key, () => key.split(',').map(Number));
  };

  const rows: number[][] = matrix.principals.map((_, p) => {
    const row: number[] = [];
    let last = -1;
    const cells = matrix.cells.row(p);
    for (let r = 0; r < matrix.resources.length; r++) {
      const levels = shownLevels(matrix.resources[r]!, cells[r] ?? [], L);
      if (!levels.some((c) => c && (c.access !== 'deny' || c.grants.length || c.actions.length))) continue;
      const ids: number[] = [];
      for (let l = 0; l < L; l++) {
        const c = levels[l];
        if (!c) {
          ids.push(0);
          continue;
        }
        const access = ACCESS_CODE[c.access];
        const a = actionListOf(c.actions);
        const gl = grantListOf(c.grants);
        const wl = whyListOf(c.reasons);
        const key = wl < 0 ? levelKey(access, a, gl) : `${access}|${a}|${gl}|${wl}`;
        let id = levelIndex.get(key);
        if (id === undefined) {
          id = lx.length / 2;
          lx.push(access, a);
          lg.push(gl);
          levelIndex.set(key, id);
          const reasons = wl < 0 ? undefined : reasonsOf.get(wl);
          if (reasons) {
            why[id] = s.of(reasonKindsText(reasons));
            lr[id] = reasons.map((x) => xs.of(reasonLine(x)));
          }
        }
        ids.push(id);
      }
      const shapeKey = ids.join(',');
      let shape = shapeIndex.get(shapeKey);
      if (shape === undefined) {
        shape = shapes.length / L;
        shapes.push(...ids);
        shapeIndex.set(shapeKey, shape);
      }
      row.push(r - last, shape);
      last = r;
    }
    return row;
  });

  const core: ReviewCore = {
    levels: [...matrix.levels],
    s: s.list,
    p: matrix.principals.flatMap((p) => [
      s.of(matrixPrincipalLabel(p, matrix)),
      s.of(p.arn),
      s.of(p.kind),
      s.of(formatSource(p.source)),
    ]),
    r: matrix.resources.flatMap((r) => [
      s.of(matrixResourceLabel(r, matrix.resources)),
      s.of(r.arn),
      s.of(r.policyNotModelled ? `${r.kind}: ${POLICY_NOT_MODELLED}` : r.kind),
      s.of(formatSource(r.source)),
    ]),
    rows,
    shapes,
    lx,
    al: actionLists.items,
    chains: matrix.principals.flatMap((_, p) => (matrix.chains[p]?.length ? [p] : [])),
  };
  const anyWhy = Object.keys(why).length > 0;
  if (anyWhy) core.why = why;
  if (changes) {
    core.changes = {};
    for (const [key, marks] of Object.entries(changes)) {
      core.changes[key] = matrix.levels.map((_, l) => (marks[l] ? CHANGE_CHARS[marks[l]] : '.')).join('');
    }
  }
  return { core, explain: { lg, gl: grantLists.items, g, xs: xs.list, ...(anyWhy ? { lr } : {}) } };
}

/** One level of a cell as the page shows it (what `decodeReviewCell` reads back). */
export interface ReviewCellLevel {
  access: Access;
  actions: { action: string; access: Access; conditions: string[] }[];
  /** The statements in words with their sources: `Allow identity policy "X", Sid "Y" at file:1:2`. */
  grants: string[];
  /** Why the level is indeterminate, one line per reason (absent when it has none). */
  reasons?: string[];
  /** The kinds of its reasons in words, as the mark's title says them. */
  why?: string;
}

/**
 * Reads a cell back from the two blocks, the way the page script does (its reference in
 * TypeScript: the tests check that every cell of a matrix survives the encoding).
 */
export function decodeReviewCell(
  core: ReviewCore,
  explain: ReviewExplain,
  p: number,
  r: number,
): ReviewCellLevel[] {
  const L = core.levels.length;
  const row = core.rows[p] ?? [];
  let column = -1;
  let shape = -1;
  for (let i = 0; i < row.length; i += 2) {
    column += row[i]!;
    if (column === r) shape = row[i + 1]!;
    if (column >= r) break;
  }
  return core.levels.map((_, l) => {
    const level = shape < 0 ? 0 : core.shapes[shape * L + l]!;
    const list = core.lx[2 * level + 1]!;
    const actions: ReviewCellLevel['actions'] = [];
    const flat = list >= 0 ? core.al[list]! : [];
    for (let i = 0; i < flat.length; ) {
      const n = flat[i + 2]!;
      actions.push({
        action: core.s[flat[i]!]!,
        access: ACCESS_CODES[flat[i + 1]!]!,
        conditions: flat.slice(i + 3, i + 3 + n).map((c) => core.s[c]!),
      });
      i += 3 + n;
    }
    const grantList = explain.lg[level]!;
    const grants = (grantList >= 0 ? explain.gl[grantList]! : []).map(
      (g) => `${explain.xs[explain.g[2 * g]!]} at ${explain.xs[explain.g[2 * g + 1]!]}`,
    );
    const reasons = explain.lr?.[level]?.map((i) => explain.xs[i]!);
    const why = core.why?.[level];
    return {
      access: ACCESS_CODES[core.lx[2 * level]!]!,
      actions,
      grants,
      ...(reasons ? { reasons } : {}),
      ...(why !== undefined ? { why: core.s[why]! } : {}),
    };
  });
}

/** The two data blocks of a rendered review (for tests and tools reading a page back). */
export function readReviewData(html: string): { core: ReviewCore; explain: ReviewExplain } {
  const block = (id: string): unknown => {
    const open = `<script type="application/json" id="${id}">`;
    const start = html.indexOf(open);
    if (start < 0) throw new Error(`no ${id} block in the page`);
    return JSON.parse(html.slice(start + open.length, html.indexOf('</script>', start)));
  };
  return { core: block('review-data') as ReviewCore, explain: block('review-explain') as ReviewExplain };
}
