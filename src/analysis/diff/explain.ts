// The statements behind each change of an access diff. A matrix cell lists the statements that
// grant its whole access level; when a level has several, the engine decides the change's own
// request again (under a free context, with its trace) for the statements that grant that action
// alone. Access removed is explained by the base's grants and, when the principal still exists,
// by the new state's Deny statements that block the request. At most `MAX_DECISIONS` decisions
// (traced decisions under a free context cost milliseconds each: 10,000 of them were three
// quarters of the diff of two unrelated 1,000-principal organisations, bench/diff-scale): beyond
// them changes keep their level's statements (a superset of the ones that grant the action), and
// the diff says so. A pull request's diff has far fewer changes to explain.

import type { Engine } from '../../engine/engine.js';
import { decideAnyContext, statementRefsOf } from '../free-decision.js';
import type { StatementRef } from '../types.js';
import type { IdentityMap } from './identity.js';
import type { AccessChange, ChangeGrant, DiffState } from './types.js';

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

/** Refines the grants of `changes` in place (see the module comment); returns the notes to show. */
export function explainChanges(changes: AccessChange[], sides: ExplainSides): string[] {
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
  for (const c of changes) {
    if (c.via) continue; // a chain's statements are its hops' own
    if (c.after !== 'deny') {
      if (new Set(c.grants.map(refKey)).size > 1) {
        const d = decide('after', c);
        if (d && d.access !== 'deny' && d.grants.length) c.grants = stated(d.grants, 'after');
      }
      continue;
    }
    if (new Set(c.grants.map(refKey)).size > 1) {
      const d = decide('before', c);
      if (d && d.access !== 'deny' && d.grants.length) c.grants = stated(d.grants, 'before');
    }
    if (sides.afterPrincipals.has(c.principal)) {
      const d = decide('after', c);
      const blockers = d ? statementRefsOf(d.decision, 'Deny') : [];
      if (blockers.length) c.grants = [...c.grants, ...stated(blockers, 'after')];
    }
  }
  return skipped
    ? [
        `${skipped} changes list the statements of their whole access level (more than ${MAX_DECISIONS} changes to explain)`,
      ]
    : [];
}
