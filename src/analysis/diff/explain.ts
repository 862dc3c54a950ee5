// The statements behind each change of an access diff. A side evaluated by the matrix with
// `actionGrants` records the statements that grant each action (the matrix decides one action per
// group of actions matched by the same statements and keeps what that decision names), so its
// changes carry their own statements already (`exact`: nothing to decide here). Only a side
// without them (an access snapshot written by `iamspec matrix --format json`) lists a level's
// statements; there is no engine for a snapshot, so they stay as they are. Access removed is
// explained by the base's grants and, when the principal still exists, by the new state's Deny
// statements that block the request: those take a decision of the new state (under a free
// context, with its trace), made only when some Deny statement of the policies that could apply
// matches the action (deny-candidates.ts). At most `MAX_DECISIONS` decisions, a safety net for
// a change list of two unrelated organisations (traced decisions cost up to milliseconds each):
// beyond it, removed changes do not list their blockers, and the diff says so.

import type { Engine } from '../../engine/engine.js';
import { decideAnyContext, statementRefsOf } from '../free-decision.js';
import type { StatementRef } from '../types.js';
import { changeOf } from './change-list.js';
import { denyCandidatesOf } from './deny-candidates.js';
import type { IdentityMap } from './identity.js';
import type { AccessChange, ChangeEntry, ChangeGrant, ChangeListView, DiffState } from './types.js';

export const MAX_DECISIONS = 2_000;

/** The engines of the two sides (the base has none when it is an access snapshot). */
export interface ExplainSides {
  before: Engine | undefined;
  after: Engine;
  identity: IdentityMap;
  /** Principal keys that exist as principals of the new state (blocked requests are explained there). */
  afterPrincipals: ReadonlySet<string>;
}

/** This side's name of a diff key or of `KEY/*`. */
function onSide(sides: ExplainSides, state: DiffState, key: string): string {
  if (state === 'after') return key;
  const direct = sides.identity.newToBase.get(key);
  if (direct) return direct;
  if (key.endsWith('/*')) {
    const base = sides.identity.newToBase.get(key.slice(0, -2));
    if (base) return `${base}/*`;
  }
  return key;
}

const stated = (refs: readonly StatementRef[], state: DiffState): ChangeGrant[] =>
  refs.map((r) => ({ ...r, state }));

function refKey(r: StatementRef): string {
  return `${r.stage}|${r.policy}|${r.statement}|${r.effect}`;
}

/** The indices of the entries of removed access in `entries`, listed once per entry list. */
function removedIn(memo: (number[] | undefined)[], list: number, entries: readonly ChangeEntry[]): number[] {
  let out = memo[list];
  if (!out) {
    out = [];
    for (let i = 0; i < entries.length; i++) if (entries[i]!.after === 'deny') out.push(i);
    memo[list] = out;
  }
  return out;
}

/** By Deny test, by entry list number: the removed entries the test may block. */
type BlockedMemo = Map<(action: string) => boolean, (number[] | undefined)[]>;

/**
 * Of the removed entries `removed` of `entries` (entry list number `list`), those some Deny
 * statement may block (`test`, from denyCandidates: one function per pair of Deny lists), listed
 * once per entry list and test.
 */
function blockedIn(
  memo: BlockedMemo,
  list: number,
  entries: readonly ChangeEntry[],
  removed: number[],
  test: (action: string) => boolean,
): number[] {
  let byList = memo.get(test);
  if (!byList) {
    byList = [];
    memo.set(test, byList);
  }
  let out = byList[list];
  if (!out) {
    out = removed.filter((i) => test(entries[i]!.action));
    byList[list] = out;
  }
  return out;
}

/**
 * The Deny candidates of a run's request in the new state (deny-candidates.ts), or undefined when
 * its principal is not there (blocked requests are explained in the new state). The runs come
 * sorted by principal: each principal's candidates are looked up once.
 */
function blockersByPrincipal(
  sides: ExplainSides,
): (principal: string, resource: string) => ((action: string) => boolean) | undefined {
  let last: string | undefined;
  let onResource: ((resource: string) => ((action: string) => boolean) | undefined) | undefined;
  return (principal, resource) => {
    if (principal !== last) {
      last = principal;
      onResource = sides.afterPrincipals.has(principal)
        ? denyCandidatesOf(sides.after, principal)
        : undefined;
    }
    return onResource?.(resource);
  };
}

/**
 * Refines the grants of the changes of `list` (see the module comment): a run's own statements
 * for an entry are kept with the run (`ChangeListView.setGrants`; entries are shared by runs).
 * `exact`: which sides record each action's own statements (`SideAccess.exactGrants`). Returns
 * the notes to show.
 */
export function explainChanges(
  list: ChangeListView,
  sides: ExplainSides,
  exact: Record<DiffState, boolean> = { before: false, after: false },
): string[] {
  let budget = MAX_DECISIONS;
  let skipped = 0;
  const decide = (state: DiffState, c: AccessChange) => {
    const engine = state === 'after' ? sides.after : sides.before;
    if (!engine) return undefined;
    if (budget <= 0) {
      skipped++;
      return undefined;
    }
    budget--;
    return decideAnyContext(
      engine,
      {
        principal: onSide(sides, state, c.principal),
        action: c.action,
        resource: onSide(sides, state, c.resource),
      },
      { trace: true },
    );
  };
  // A level's statements, refined by a decision of the side they come from.
  const refine = (state: DiffState, k: number, i: number) => {
    const grants = list.entriesAt(k)[i]!.grants;
    if (exact[state] || !(sides[state] && new Set(grants.map(refKey)).size > 1)) return;
    const d = decide(state, changeOf(list.run(k), i));
    if (d && d.access !== 'deny' && d.grants.length) list.setGrants(k, i, stated(d.grants, state));
  };
  // Both sides exact: only removed access has anything to explain. The entries of removed access,
  // once per entry list (runs whose cells differ the same way share one).
  const bothExact = exact.before && exact.after;
  const removedOf: (number[] | undefined)[] = [];
  // A removed entry that some Deny statement of the new state may block: the blocking statements.
  const blockRemoved = (k: number, i: number) => {
    const d = decide('after', changeOf(list.run(k), i));
    const deny = d ? statementRefsOf(d.decision, 'Deny') : [];
    if (deny.length)
      list.setGrants(k, i, [
        ...(list.grantsAt(k)?.get(i) ?? list.entriesAt(k)[i]!.grants),
        ...stated(deny, 'after'),
      ]);
  };
  const explainRemoved = (k: number, i: number, blockers: ((action: string) => boolean) | undefined) => {
    refine('before', k, i);
    if (blockers?.(list.entriesAt(k)[i]!.action)) blockRemoved(k, i);
  };
  const blockedOf: BlockedMemo = new Map();
  const blockersOf = blockersByPrincipal(sides);
  for (let k = 0; k < list.size; k++) {
    if (list.viaAt(k)) continue; // a chain's statements are its hops' own
    const entries = list.entriesAt(k);
    const number = list.entryListAt(k);
    const removed = removedIn(removedOf, number, entries);
    const blockers = removed.length ? blockersOf(list.principalAt(k), list.resourceAt(k)) : undefined;
    if (bothExact) {
      // What explainRemoved does for each removed entry when the base's grants are exact: only the
      // blocked ones take a decision (counted as skipped past the budget).
      if (!blockers) continue;
      for (const i of blockedIn(blockedOf, number, entries, removed, blockers)) blockRemoved(k, i);
      continue;
    }
    entries.forEach((e, i) => {
      if (e.after !== 'deny') refine('after', k, i);
      else explainRemoved(k, i, blockers);
    });
  }
  return skipped
    ? [
        `${skipped} changes were not explained by a decision (more than ${MAX_DECISIONS} to make): removed access does not list the new state's Deny statements that may block it, and access from an access snapshot lists the statements of its whole access level`,
      ]
    : [];
}
