// The effective-access diff (issue 16): who can do what in the new state that they could not in
// the base, and the reverse. Two forms: two models (`diffModels`: identity across the states,
// regions that changed, both sides evaluated over them, compared, explained) and an access
// snapshot as the base (`diffSnapshot`: the matrix JSON `iamspec matrix --format json` writes,
// against the new model's whole matrix, and the principals outside its rows as the snapshot's
// `outside` records them; a snapshot without that record makes `notCompared`: the new state's
// principals with access it could not compare). The comparison is semantic: only decisions are
// compared, never policy text (see compare-access.ts).

import { type MembershipRecord, membershipChanges, snapshotMembershipChanges } from './memberships.js';
import type { SnapshotOptions } from './snapshot-options.js';
import { type SnapshotScope, scopeNotes, withinScope } from './snapshot-scope.js';
import type { RequestContext } from '../../engine/types.js';
import type { Engine } from '../../engine/engine.js';
import { compileModel, type EngineOptions } from '../../engine/index.js';
import type { Model } from '../../model/types.js';
import { resolvePrincipalRef, resolveResourceRef } from '../../requests/references.js';
import { principalKindOf } from '../chains.js';
import { buildMatrixParallel } from '../matrix/workers.js';
import { cellsFromRows } from '../matrix/cell-store.js';
import { reviewRisks } from '../risks.js';
import type { Matrix, MatrixCell, MatrixCells, MatrixPrincipal, OutsideRows, RiskFinding } from '../types.js';
import { compareAccess } from './compare-access.js';
import { type DependsChanged, dependsChangedOf } from './dependencies.js';
import { type DependencyRecord, snapshotDependsChanged } from './dependency-record.js';
import { compareRisks } from './compare-risks.js';
import { addChains, addMatrix, emptySide, evaluateSide, type SideAccess } from './evaluate.js';
import { explainChanges } from './explain.js';
import { buildOutsideRows } from './outside-rows.js';
import { evaluateResourceless, STAR_COLUMN, STAR_LABEL, starDecidable } from './resourceless-compare.js';
import { type IdentityMap, matchByShape, matchIdentities, type NamedElement } from './identity.js';
import {
  type DiffRegions,
  type KeyOf,
  keyOfBase,
  keyOfNew,
  layoutSide,
  outsidePrincipals,
  withOtherOutside,
  type ModelSide,
  planRegions,
} from './layout.js';
import { takeoverReviewers } from './risk-takeovers.js';
import { textNumbering } from './normalize.js';
import {
  type AccessChange,
  type AccessDiff,
  type ChangeKind,
  type ChangeListView,
  type DiffLabels,
  joinNotCompared,
  type NotCompared,
  notComparedNotes,
  OUTSIDE_NOT_COMPARED,
  ROWS_NOT_RECORDED,
} from './types.js';
import { type OutsideGrant, outsideGrants, renamingMap } from '../outside-grants.js';
import {
  elsewhereNarrowed,
  type OutsideContextOf,
  outsideContextOf,
  ownContextOf,
} from './outside-context.js';
import type { ChangeList } from './change-list.js';
import {
  comparedOnWitnesses,
  notComparedWhy,
  evaluateOutside,
  onWitnessFormats,
  type OutsideCells,
  type OutsideWitnesses,
  type OutsideWitnessRecord,
  outsideWitnesses,
  recordedWitnesses,
  outsideChanges,
  outsideSide,
} from './outside-compare.js';

export interface DiffOptions {
  /** Compare only these principals (references or ARNs, as `--principal` takes them). */
  principals?: string[];
  /** Compare only these resources (references or ARNs). */
  resources?: string[];
  /** Engine options (the clock for aws:CurrentTime). */
  engine?: EngineOptions;
  /** Called with a short phase name as the diff proceeds (for progress on long runs). */
  onPhase?: (phase: string) => void;
  /**
   * Evaluate every row and column on both sides, as if everything had changed (the result is the
   * same: only slower; for tests of the incremental evaluation and for measuring it).
   */
  full?: boolean;
}

/**
 * An access snapshot: the matrix JSON, with the risk findings when it records them; its cells
 * as read (`accessSnapshotOf`) or the nested arrays of the JSON itself.
 */
export type AccessSnapshot = Omit<Matrix, 'cells'> & {
  cells: MatrixCells | MatrixCell[][][];
  risks?: RiskFinding[];
  /** The principals outside the rows (absent from older snapshots: then they are not compared). */
  outside?: OutsideRows;
  /**
   * The statements allowing access to resources outside the inputs, by principal and what
   * identifies them (outside-grants.ts); absent from older snapshots: then every such statement
   * of the new state is reported not compared.
   */
  outsideGrants?: (Pick<OutsideGrant, 'principal' | 'key'> & { context?: string })[];
  /**
   * The cells of the principals with outside grants on witness columns (outside-compare.ts);
   * absent from older snapshots: then access outside the inputs is compared by statement only.
   */
  outsideWitnesses?: OutsideWitnessRecord;
  /** The rows / columns of a `matrix --principal / --resource` snapshot (absent: the whole model). */
  scope?: SnapshotScope;
  /** The request context `matrix --context` pinned (its cells hold under it only: not a diff base). */
  context?: RequestContext;
  /** Each user's group memberships with their sources (absent from older snapshots). */
  memberships?: MembershipRecord;
  /**
   * What its indeterminate cells and chains depend on (dependency-record.ts); absent from older
   * snapshots: then every action and chain indeterminate on both sides may have changed.
   */
  dependencies?: DependencyRecord;
  /**
   * The options it was written with that decide its rows and ARNs (snapshot-options.ts); absent
   * from older snapshots.
   */
  options?: SnapshotOptions;
};

/** Resolves `--principal` / `--resource` references in either model, to diff keys. */
function filterKeys(
  refs: string[] | undefined,
  models: { model: Model; keyOf: KeyOf }[],
  kind: 'principal' | 'resource',
): Set<string> | undefined {
  if (!refs?.length) return undefined;
  const out = new Set<string>();
  for (const ref of refs) {
    let found = false;
    let error: unknown;
    for (const { model, keyOf } of models) {
      try {
        if (kind === 'principal')
          for (const p of resolvePrincipalRef(model, ref).principals) out.add(keyOf(p.principal));
        else out.add(keyOf(resolveResourceRef(model, ref).arn));
        found = true;
      } catch (e) {
        error = e;
      }
    }
    if (!found) throw error;
  }
  return out;
}

function labelsOf(changes: ChangeListView, sides: SideAccess[]): DiffLabels {
  const labels: DiffLabels = { principals: {}, resources: {} };
  const principal = (k: string) => {
    if (labels.principals[k]) return;
    const p = sides.map((s) => s.principals.get(k)).find(Boolean);
    // Model users and roles have a name; other principals (accounts, services...) are their ARN.
    const element = p && p.id !== p.arn && (p.kind === 'user' || p.kind === 'role');
    labels.principals[k] = element ? { kind: p.kind, name: p.name } : { kind: p?.kind ?? principalKindOf(k) };
  };
  const resource = (k: string) => {
    if (labels.resources[k]) return;
    const r = sides.map((s) => s.resources.get(k)).find(Boolean);
    labels.resources[k] = r ? { name: r.name || k, kind: r.kind } : { name: k, kind: 'unknown' };
  };
  // Runs are sorted by principal: a principal's runs come one after the other.
  let last: string | undefined;
  // Each resource once, by its number in the list (a million runs, a few thousand resources).
  const seen = new Uint8Array(changes.resourceCount);
  for (let k = 0; k < changes.size; k++) {
    const runPrincipal = changes.principalAt(k);
    if (runPrincipal !== last) {
      last = runPrincipal;
      principal(runPrincipal);
    }
    const number = changes.resourceNumberAt(k);
    if (seen[number]) continue;
    seen[number] = 1;
    const runResource = changes.resourceAt(k);
    const column =
      runResource.endsWith('/*') && !sides.some((s) => s.resources.has(runResource))
        ? runResource.slice(0, -2)
        : runResource;
    resource(column);
  }
  return labels;
}

/**
 * An AccessDiff whose `added`, `removed` and `changed` lists are built from `changes` when first
 * read (and kept).
 */
export function accessDiffOf(
  changes: ChangeListView,
  rest: Omit<AccessDiff, ChangeKind | 'changes'>,
): AccessDiff {
  const diff = { changes, ...rest } as AccessDiff;
  for (const kind of ['added', 'removed', 'changed'] as const) {
    let list: AccessChange[] | undefined;
    Object.defineProperty(diff, kind, {
      enumerable: true,
      get: () => {
        list ??= changes.list(kind);
        return list;
      },
    });
  }
  return diff;
}

function finish(
  before: SideAccess,
  after: SideAccess,
  identity: IdentityMap,
  roleColumns: boolean,
  explain: Parameters<typeof explainChanges>[1],
  notes: string[],
  onPhase?: (phase: string) => void,
  notCompared?: NotCompared,
  outside?: {
    witnesses: OutsideWitnesses;
    before: SideAccess;
    after: SideAccess;
    /** The requests on `*` of the same principals (resourceless-compare.ts), when decided. */
    star?: { before: OutsideCells; after: OutsideCells };
  },
  dependsChanged?: DependsChanged,
): AccessDiff {
  const exact = { before: before.exactGrants, after: after.exactGrants };
  // Access to resources outside the inputs, compared on witness columns (outside-compare.ts) into
  // the same list, explained with the rest, then shown on the ARN formats the witnesses stand for;
  // the requests on `*` joined to it.
  let changes: ChangeList = compareAccess(before, after, identity, roleColumns, outside, dependsChanged);
  const star = outside?.star ? outsideChanges(outside.star.before, outside.star.after, identity, exact) : [];
  if (star.length) changes = changes.with(star);
  if (notCompared) notes.push(...notComparedNotes(notCompared));
  onPhase?.('explaining');
  notes.push(...explainChanges(changes, explain, exact));
  const display = outside?.witnesses.display;
  const mine = display ? changes.runsOn((r) => display.has(r)) : [];
  const shown = display && mine.length ? onWitnessFormats(outside.witnesses, mine) : undefined;
  if (display && shown) changes = changes.with(shown.runs, (r) => display.has(r));
  onPhase?.('labelling');
  const labels = labelsOf(changes, [after, before]);
  if (shown) Object.assign(labels.resources, shown.labels);
  if (outside?.star && labels.resources[STAR_COLUMN])
    labels.resources[STAR_COLUMN] = { name: STAR_LABEL, kind: 'outside' };
  return accessDiffOf(changes, {
    risks: compareRisks(before, after),
    renamed: identity.renamed,
    labels,
    notes,
    ...(notCompared ? { notCompared } : {}),
  });
}

/**
 * One side's cells outside the inputs: on the witness columns (outside-compare.ts), and on `*`
 * when `star` (resourceless-compare.ts). Undefined without witnesses.
 */
async function evaluateElsewhere(
  witnesses: OutsideWitnesses | undefined,
  model: Model,
  keyOf: KeyOf,
  engine: ReturnType<typeof compileModel>,
  now: Date | undefined,
  star: boolean,
): Promise<{ cells: OutsideCells; star?: OutsideCells } | undefined> {
  if (!witnesses) return undefined;
  const cells = await evaluateOutside(witnesses, model, keyOf, engine, { now });
  return star ? { cells, star: evaluateResourceless(witnesses, model, keyOf, engine) } : { cells };
}

/** Both sides' cells on the witness columns (and on `*`), as sides `finish` compares with the others. */
function witnessSides(
  witnesses: OutsideWitnesses,
  outsideA: OutsideCells,
  outsideB: OutsideCells,
  before: SideAccess,
  after: SideAccess,
  star?: { before: OutsideCells; after: OutsideCells },
) {
  return {
    witnesses,
    before: outsideSide(outsideA, before.exactGrants),
    after: outsideSide(outsideB, after.exactGrants),
    ...(star ? { star } : {}),
  };
}

/** The base's outside grants as the diff holds them: by diff key, with their context's digest. */
function heldGrants(
  base: Model,
  next: Model,
  grants: OutsideGrant[],
  identity: IdentityMap,
  keyA: KeyOf,
): HeldGrant[] {
  const map = renamingMap(identity.baseToNew);
  const baseContext = outsideContextOf(base, map);
  // Only Allows of the policies for resources outside the inputs went (outside-context.ts).
  const narrowed = elsewhereNarrowed(base, next, map);
  const baseOwn = ownContextOf(base, map);
  const nextOwn = narrowed ? ownContextOf(next) : undefined;
  return grants.map((g) => ({
    principal: keyA(g.principal),
    key: g.key,
    context: () => baseContext(g.principal),
    ...(nextOwn ? { own: () => baseOwn(g.principal), ownNow: nextOwn } : {}),
  }));
}

/** The diff keys of the users (model elements, not roles) whose rows changed, on either side. */
function changedUsers(regions: DiffRegions, sides: readonly ModelSide[]): string[] {
  return [...regions.rows].filter((k) =>
    sides.some((side) => {
      const e = side.rows.get(k);
      return !!e && e.element && !e.role;
    }),
  );
}

/**
 * The access diff of two models: `base` (before) and `next` (after). Long because: one pipeline in
 * order (layout, the principals to review again, both sides' evaluation, comparison, risks), each
 * step a call whose inputs are the previous steps' results.
 */
export async function diffModels(base: Model, next: Model, options: DiffOptions = {}): Promise<AccessDiff> {
  options.onPhase?.('matching principals and resources');
  const identity = matchIdentities(base, next);
  const keyA = keyOfBase(identity);
  options.onPhase?.('laying out');
  const numbered = textNumbering();
  // Each state decides the outside principals of both (layout.ts `withOtherOutside`).
  const namedA = outsidePrincipals(base);
  const namedB = outsidePrincipals(next);
  const sideA = layoutSide(base, keyA, numbered, withOtherOutside(base, namedA, namedB.principals));
  const sideB = layoutSide(next, keyOfNew, numbered, withOtherOutside(next, namedB, namedA.principals));
  const planned = planRegions(sideA, sideB);
  let regions = options.full ? { ...planned, full: true, allChains: true, allRisks: true } : planned;
  const models = [
    { model: next, keyOf: keyOfNew },
    { model: base, keyOf: keyA },
  ];
  const evalOptions = {
    principals: filterKeys(options.principals, models, 'principal'),
    resources: filterKeys(options.resources, models, 'resource'),
    now: options.engine?.now,
    onPhase: options.onPhase,
  };
  // The base's engine (and the matrix caches it carries) is not kept once the base is evaluated:
  // its cells record each action's statements (exact grants), so nothing decides in the base
  // again, and the new state is evaluated with a smaller heap.
  // Access to resources outside the inputs: the principals with an outside grant on either side,
  // decided on witness columns (outside-compare.ts); none under --resource.
  options.onPhase?.('finding witnesses of resources outside the inputs');
  const rawBaseGrants = outsideGrants(base, renamingMap(identity.baseToNew));
  const nextGrants = outsideGrants(next);
  const wanted = evalOptions.principals;
  const witnesses = evalOptions.resources
    ? undefined
    : outsideWitnesses(
        [
          { model: base, keyOf: keyA, grants: rawBaseGrants },
          { model: next, keyOf: keyOfNew, grants: nextGrants },
        ],
        wanted ? (k) => wanted.has(k) : undefined,
      );
  // The witness columns in builds of their own (cheaper than in each side's: bench/RESULTS.md).
  options.onPhase?.('evaluating the base');
  const engineA = compileModel(base, options.engine);
  // The principals that can take over a changed user, on either side, are reviewed again on both
  // (risk-takeovers.ts): the new state's engine is made now for it, only when a user changed.
  let engineNext: Engine | undefined;
  if (!regions.allRisks) {
    const users = changedUsers(regions, [sideA, sideB]);
    if (users.length) {
      engineNext = compileModel(next, options.engine);
      const a = takeoverReviewers(
        engineA,
        users.map((k) => sideA.rows.get(k)?.arn ?? k),
      );
      const b = takeoverReviewers(engineNext, users);
      regions = { ...regions, risks: new Set([...[...a].map(keyA), ...b]) };
    }
  }
  // The requests on `*` (actions without resource types) of the same principals, when few enough.
  const starOn = !!witnesses && starDecidable(witnesses, witnesses.principals.size);
  const outsideA = await evaluateElsewhere(witnesses, base, keyA, engineA, evalOptions.now, starOn);
  const before = await evaluateSide(sideA, engineA, regions, keyA, evalOptions);
  options.onPhase?.('evaluating the new state');
  const engineB = engineNext ?? compileModel(next, options.engine);
  const after = await evaluateSide(sideB, engineB, regions, keyOfNew, evalOptions);
  if (witnesses) options.onPhase?.('evaluating the new state outside the inputs');
  const outsideB = await evaluateElsewhere(witnesses, next, keyOfNew, engineB, evalOptions.now, starOn);
  const star = outsideA?.star && outsideB?.star ? { before: outsideA.star, after: outsideB.star } : undefined;
  const notes = [...new Set([...sideA.skipped, ...sideB.skipped])].map(skippedNote);
  options.onPhase?.('comparing');
  const outside = outsideNotCompared(
    heldGrants(base, next, rawBaseGrants, identity, keyA),
    next,
    evalOptions.principals,
    evalOptions.resources,
    OUTSIDE_NOT_COMPARED,
    nextGrants,
    comparedOnWitnesses(witnesses, keyOfNew, !!star),
    (g) => notComparedWhy(g, witnesses, keyOfNew, !!star),
  );
  const diff = finish(
    before,
    after,
    identity,
    true,
    { before: undefined, after: engineB, identity, afterPrincipals: new Set(sideB.rows.keys()) },
    notes,
    options.onPhase,
    outside,
    witnesses && outsideA && outsideB
      ? witnessSides(witnesses, outsideA.cells, outsideB.cells, before, after, star)
      : undefined,
    dependsChangedOf(sideA, sideB, identity),
  );
  membershipChanges(base, next, identity, diff.labels);
  return diff;
}

/**
 * The rows and columns of a matrix as elements with their kind and source (for matchByShape),
 * once per ARN (a role is a row and, as a role column, a column too).
 */
function namedElementsOf(m: Pick<Matrix, 'principals' | 'resources'>): NamedElement[] {
  const seen = new Set<string>();
  return [
    ...m.principals
      .filter((p) => p.kind === 'user' || p.kind === 'role')
      .map((p) => ({ arn: p.arn, kind: p.kind as 'user' | 'role', source: p.source })),
    ...m.resources.map((r) => ({
      arn: r.arn,
      kind: r.kind === 'iam-role' ? ('role' as const) : ('resource' as const),
      source: r.source,
    })),
  ].filter((e) => !seen.has(e.arn) && seen.add(e.arn));
}

/** The snapshot as one side (no engine: its cells, chains and findings as recorded). */
function snapshotSide(
  snapshot: AccessSnapshot,
  keep: (p?: string, r?: string) => boolean,
  keyOf: KeyOf,
  exactGrants: boolean,
): SideAccess {
  const side: SideAccess = {
    ...emptySide(keyOf, exactGrants),
    risks: snapshot.risks,
    riskSubjects: undefined,
  };

  const cols = snapshot.resources.map((r, i) => ({ r, i })).filter(({ r }) => keep(undefined, keyOf(r.arn)));
  // The rows, then the principals outside them (over the same columns) when the snapshot has them.
  const addRows = (
    principals: MatrixPrincipal[],
    rowCells: MatrixCells | MatrixCell[][][],
    chains: Matrix['chains'],
  ) => {
    const cells = Array.isArray(rowCells) ? cellsFromRows(rowCells) : rowCells;
    const rows = principals.map((p, i) => ({ p, i })).filter(({ p }) => keep(keyOf(p.arn)));
    addMatrix(side, {
      levels: snapshot.levels,
      principals: rows.map(({ p }) => p),
      resources: cols.map(({ r }) => r),
      cells: cellsFromRows(rows.map(({ i }) => cols.map(({ i: j }) => cells.at(i, j)))),
      chains: {},
    });
    for (const { p, i } of rows)
      if (p.kind !== 'anonymous' && p.kind !== 'federated') addChains(side, p.arn, chains[i] ?? []);
  };
  addRows(snapshot.principals, snapshot.cells, snapshot.chains);
  if (snapshot.outside) addRows(snapshot.outside.principals, snapshot.outside.cells, snapshot.outside.chains);
  if (side.risks)
    side.risks = side.risks.filter((f) => keep(keyOf(f.subject)) || keep(undefined, keyOf(f.subject)));
  return side;
}

/**
 * The statements of the new state's principals that allow access to resources outside the inputs
 * (outside-grants.ts) and that the base does not hold as they are for the same principal (by
 * diff key): the diff evaluates the inputs' resources and roles only, so this access is not
 * compared and may be new; `--fail-on added` fails on it. `baseGrants`: the base's, by diff key
 * (undefined: a base that does not record them: every one is reported). Under `--resource` (the
 * diff of some of the inputs' resources) there is nothing outside to compare.
 */
export function outsideNotCompared(
  baseGrants: HeldGrant[] | undefined,
  next: Model,
  principals: Set<string> | undefined,
  resources: Set<string> | undefined,
  reason = OUTSIDE_NOT_COMPARED,
  nextGrants: OutsideGrant[] = outsideGrants(next),
  compared: (g: OutsideGrant) => boolean = () => false,
  why?: (g: OutsideGrant) => string | undefined,
  contextOf: OutsideContextOf = outsideContextOf(next),
): NotCompared | undefined {
  if (resources) return undefined;
  const held = new Map<string, HeldGrant>();
  for (const g of baseGrants ?? []) held.set(`${g.principal}\n${g.key}`, g);
  const seen = new Set<string>();
  // Held as it is, but what else decides it (outside-context.ts) is not the same: not compared.
  const moved = new Map<OutsideGrant, string>();
  const open = nextGrants.filter((g) => {
    const k = `${keyOfNew(g.principal)}\n${g.key}`;
    if (principals && !principals.has(keyOfNew(g.principal))) return false;
    if (seen.has(`${k}\n${g.policy}`) || compared(g)) return false;
    const base = held.get(k);
    if (base) {
      const before = typeof base.context === 'function' ? base.context() : base.context;
      if (before !== undefined && before === contextOf(g.principal)) return false;
      // Only Allows of the policies for resources outside the inputs went (outside-context.ts
      // `elsewhereNarrowed`), the rest of what decides the statement's access is the same.
      const own = base.own?.();
      if (own !== undefined && own === base.ownNow?.(g.principal)) return false;
      moved.set(g, before === undefined ? HELD_UNRECORDED : HELD_BUT_MOVED);
    }
    seen.add(`${k}\n${g.policy}`);
    return true;
  });
  if (!open.length) return undefined;
  // Each with why it is not compared (outside-compare.ts `notComparedWhy`), when known.
  const shown = open.map((g) => {
    const w = why?.(g);
    const held = moved.get(g);
    if (!held) return w ? { ...g, why: w } : g;
    return { ...g, why: `${held}${w ? `, and ${w}` : ''}` };
  });
  return { reason, principals: [...new Set(open.map((g) => g.principal))].sort(), outside: shown };
}

/**
 * A base statement as the diff holds it: by diff key, with the digest of what else decides its
 * access outside the inputs (outside-context.ts; a function: computed when first needed;
 * undefined: a snapshot that does not record it, so the statement is not taken as unchanged).
 */
export interface HeldGrant {
  principal: string;
  key: string;
  context?: string | (() => string | undefined);
  /**
   * When the new state's policies for resources outside the inputs grant no more than the base's
   * (outside-context.ts `elsewhereNarrowed`): the digest without them (`ownContextOf`), and the
   * new state's of a principal; the same, the statement is held as it is.
   */
  own?: () => string | undefined;
  ownNow?: OutsideContextOf;
}

/** Why a statement the base holds as it is was not compared anyway. */
const HELD_BUT_MOVED =
  "the statement is the same in both states, but what else decides its access outside the inputs is not (the principal's other policies, groups or permissions boundary, its account's SCPs or RCPs, or policies the inputs hold for resources outside them)";

/** Why a statement a snapshot holds as it is was not compared: the snapshot predates the digest. */
const HELD_UNRECORDED =
  'the statement is the same in both states, but the base snapshot does not record what else decides its access outside the inputs (write the snapshot again)';

/** The note on a principal the policies name that the engine cannot take (never compared). */
function skippedNote(principal: string): string {
  return `principal ${principal} (named in a policy) is not a request principal iamspec can evaluate: not compared`;
}

/** The principals of outside rows with some access (a cell that grants, or a role reached). */
function withAccess(rows: OutsideRows): string[] {
  const cells = Array.isArray(rows.cells) ? cellsFromRows(rows.cells) : rows.cells;
  return rows.principals
    .filter((_, i) => {
      if (rows.chains[i]?.length) return true;
      let some = false;
      cells.forEachGranted(i, (_r, levels) => {
        if (levels.some((c) => c.access !== 'deny')) some = true;
      });
      return some;
    })
    .map((p) => p.arn);
}

/**
 * The notes on the principals outside the snapshot's rows: those the new state names that the
 * engine cannot take; and, for a snapshot without them (older, or of some --principal rows), the
 * new state's principals outside its rows that have some access and were not compared (their
 * access may be new: `--fail-on added` fails on them); joined with the `others` not compared.
 */
function outsideNotes(
  snapshot: AccessSnapshot,
  outside: { rows: OutsideRows; skipped: string[] },
  after: SideAccess,
  others: (NotCompared | undefined)[],
): { notes: string[]; notCompared?: NotCompared } {
  const notes = outside.skipped.map(skippedNote);
  // A `matrix --principal` snapshot: the principals outside its rows are outside its scope.
  if (snapshot.outside || snapshot.scope?.principals) return { notes, notCompared: joinNotCompared(others) };
  const open = withAccess(outside.rows).filter((p) => !after.principals.has(keyOfNew(p)));
  // The notes of what was not compared are written once all of it is known (finish).
  const rows = open.length ? { reason: ROWS_NOT_RECORDED, principals: open, rows: open } : undefined;
  return { notes, notCompared: joinNotCompared([rows, ...others]) };
}

/** `outsideNotCompared` against what the snapshot records (all of them when it records none). */
function snapshotOutsideGrants(
  snapshot: AccessSnapshot,
  keyA: KeyOf,
  next: Model,
  principals: Set<string> | undefined,
  resources: Set<string> | undefined,
  nextGrants: OutsideGrant[],
  compared: ((g: OutsideGrant) => boolean) | undefined,
  why: ((g: OutsideGrant) => string | undefined) | undefined,
): NotCompared | undefined {
  return outsideNotCompared(
    snapshot.outsideGrants?.map((g) => ({
      principal: keyA(g.principal),
      key: g.key,
      ...(g.context !== undefined ? { context: g.context } : {}),
    })),
    next,
    principals,
    resources,
    snapshot.outsideGrants
      ? OUTSIDE_NOT_COMPARED
      : `${OUTSIDE_NOT_COMPARED} (this snapshot does not record them)`,
    nextGrants,
    compared,
    why,
  );
}

/**
 * A snapshot diff's `--principal` / `--resource` keys: resolved in the new state, else as given
 * (an element only the snapshot has).
 */
function snapshotFilter(
  refs: string[] | undefined,
  next: Model,
  kind: 'principal' | 'resource',
): Set<string> | undefined {
  try {
    return filterKeys(refs, [{ model: next, keyOf: keyOfNew }], kind);
  } catch {
    return new Set(refs);
  }
}

/**
 * A snapshot diff's `--principal` / `--resource` keys, within the snapshot's scope (a `matrix
 * --principal / --resource` snapshot: only its rows and columns are compared).
 */
function snapshotKeys(snapshot: AccessSnapshot, next: Model, options: DiffOptions) {
  return {
    principals: withinScope(
      snapshot.scope?.principals,
      snapshotFilter(options.principals, next, 'principal'),
      'principal',
    ),
    resources: withinScope(
      snapshot.scope?.resources,
      snapshotFilter(options.resources, next, 'resource'),
      'resource',
    ),
  };
}

/** A snapshot diff's witness comparison (outside-compare.ts) on the columns the snapshot records. */
async function snapshotElsewhere(o: {
  snapshot: AccessSnapshot;
  next: Model;
  nextGrants: OutsideGrant[];
  keyA: KeyOf;
  keep: (p?: string) => boolean;
  engine: ReturnType<typeof compileModel>;
  options: DiffOptions;
  resources: Set<string> | undefined;
}): Promise<{
  elsewhere?: {
    witnesses: OutsideWitnesses;
    before: OutsideCells;
    after: OutsideCells;
    star?: { before: OutsideCells; after: OutsideCells };
  };
  compared?: (g: OutsideGrant) => boolean;
  why?: (g: OutsideGrant) => string | undefined;
}> {
  const { snapshot, next, nextGrants, keyA, keep, engine, options } = o;
  const record = snapshot.outsideWitnesses;
  // Under --resource (some of the inputs' resources) there is nothing outside to compare.
  if (!record || o.resources) return {};
  options.onPhase?.('evaluating access outside the inputs');
  const recorded = recordedWitnesses(record, snapshot.levels, keyA, (k) => keep(k), next, nextGrants);
  const after = await evaluateOutside(recorded.witnesses, next, keyOfNew, engine, {
    ...(snapshot.assumed && Object.keys(snapshot.assumed).length ? { assumed: { ...snapshot.assumed } } : {}),
    now: options.engine?.now,
  });
  // The requests on `*` the snapshot records (resourceless-compare.ts), decided in the new state.
  const star =
    recorded.star && starDecidable(recorded.witnesses, recorded.witnesses.principals.size)
      ? {
          before: recorded.star,
          after: evaluateResourceless(recorded.witnesses, next, keyOfNew, engine, {
            ...(snapshot.assumed && Object.keys(snapshot.assumed).length
              ? { assumed: { ...snapshot.assumed } }
              : {}),
          }),
        }
      : undefined;
  return {
    elsewhere: { witnesses: recorded.witnesses, before: recorded.before, after, ...(star ? { star } : {}) },
    compared: recorded.covers ? comparedOnWitnesses(recorded.witnesses, keyOfNew, !!star) : undefined,
    why: recorded.covers
      ? (g) => notComparedWhy(g, recorded.witnesses, keyOfNew, !!star)
      : () =>
          "the snapshot's columns of resources outside the inputs are not those the new state needs (write the snapshot again)",
  };
}

/**
 * The access diff of an access snapshot (the base) and a model: the model's matrix over the
 * snapshot's kind of rows and columns (users and roles by resources; roles as columns when the
 * snapshot has them), its chains and its findings, against what the snapshot records.
 */
export async function diffSnapshot(
  snapshot: AccessSnapshot,
  next: Model,
  options: DiffOptions = {},
): Promise<AccessDiff> {
  const engine = compileModel(next, options.engine);
  const { principals, resources } = snapshotKeys(snapshot, next, options);
  const keep = (p?: string, r?: string) =>
    (p === undefined || !principals || principals.has(p)) &&
    (r === undefined || !resources || resources.has(r));
  const roleColumns = snapshot.resources.some((r) => r.kind === 'iam-role');
  options.onPhase?.('evaluating the new state');
  // The snapshot was evaluated under what it assumed (`matrix --assume`, TLS by default): the new
  // state is evaluated under the same, so only access changes show.
  const matrix = await buildMatrixParallel(next, {
    ...(principals ? { principals: [...principals] } : {}),
    ...(resources ? { resources: [...resources] } : {}),
    ...(snapshot.assumed && Object.keys(snapshot.assumed).length ? { assumed: { ...snapshot.assumed } } : {}),
    includeRoles: roleColumns,
    actionGrants: true,
    compiled: engine,
    engine: options.engine ?? {},
  });
  // The principals outside the rows (services, other accounts, federated callers... the policies
  // name): compared when the snapshot records them, as a diff of two models compares them.
  options.onPhase?.('evaluating the principals outside the rows');
  const outside = await buildOutsideRows(next, {
    resources: matrix.resources.map((r) => r.arn),
    alsoNamed: snapshot.outside?.principals.map((p) => p.arn) ?? [],
    keep: (p) => keep(keyOfNew(p)),
    ...(snapshot.assumed && Object.keys(snapshot.assumed).length ? { assumed: { ...snapshot.assumed } } : {}),
    actionGrants: true,
    compiled: engine,
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const identity = matchByShape(namedElementsOf(snapshot), namedElementsOf(matrix));
  const after: SideAccess = snapshotSide(
    {
      ...matrix,
      risks: reviewRisks(engine, matrix),
      ...(snapshot.outside ? { outside: outside.rows } : {}),
    },
    keep,
    keyOfNew,
    true,
  );
  const keyA = keyOfBase(identity);
  const before = snapshotSide(snapshot, keep, keyA, false);
  // Access to resources outside the inputs, on the witness columns the snapshot records.
  const nextGrants = outsideGrants(next);
  const { elsewhere, compared, why } = await snapshotElsewhere({
    snapshot,
    next,
    nextGrants,
    keyA,
    keep,
    engine,
    options,
    resources,
  });
  const { notes, notCompared: all } = outsideNotes(snapshot, outside, after, [
    snapshotOutsideGrants(snapshot, keyA, next, principals, resources, nextGrants, compared, why),
  ]);
  notes.push(...snapshotNotes(snapshot));
  options.onPhase?.('comparing');
  const diff = finish(
    before,
    after,
    identity,
    roleColumns,
    { before: undefined, after: engine, identity, afterPrincipals: new Set(after.principals.keys()) },
    notes,
    options.onPhase,
    all,
    elsewhere &&
      witnessSides(elsewhere.witnesses, elsewhere.before, elsewhere.after, before, after, elsewhere.star),
    snapshotDependsChanged(snapshot.dependencies, next, identity),
  );
  return withSnapshotRecords(diff, snapshot, keyA, next);
}

/** The note of a snapshot that predates the `dependencies` record (dependency-record.ts). */
const DEPENDENCIES_NOT_RECORDED =
  'the base snapshot does not record what its indeterminate cells and role chains depend on, so the snapshot cannot tell whether they changed: each one indeterminate on both sides is listed as may have changed (write the snapshot again)';

/** What a snapshot diff notes about its base: no risk findings recorded, a scope, no dependencies. */
function snapshotNotes(snapshot: AccessSnapshot): string[] {
  return [
    ...(snapshot.risks
      ? []
      : [
          'the base is an access snapshot without risk findings: every risk finding of the new state is listed as added',
        ]),
    ...scopeNotes(snapshot.scope),
    ...(snapshot.dependencies ? [] : [DEPENDENCIES_NOT_RECORDED]),
  ];
}

/** A snapshot diff with its base's scope and the memberships it records (older snapshots: none). */
function withSnapshotRecords(
  diff: AccessDiff,
  snapshot: AccessSnapshot,
  keyA: KeyOf,
  next: Model,
): AccessDiff {
  if (snapshot.scope) diff.scope = snapshot.scope;
  if (snapshot.memberships) snapshotMembershipChanges(snapshot.memberships, keyA, next, diff.labels);
  return diff;
}
