// Which condition clauses of a statement pin a key to some values (the clauses that say which
// callers a trust lets in): used by the federated-trust review (federated-trust.ts) and by the
// Cognito flow's reading of which identity pools a trust names (cognito-flow.ts).

import type { Maybe } from '../model/unknown.js';
import type { ConditionClause, Statement } from '../policy/types.js';

/**
 * The clauses of a statement's positive conditions that pin `key` (lower-cased) to something
 * less than every value: a clause whose values include a StringLike pattern of only `*` (which
 * matches every value) pins nothing.
 */
export function pinningClauses(st: Statement, key: string): ConditionClause[] {
  return st.conditions.filter(
    (c) => c.key.toLowerCase() === key && pins(c) && !c.values.some((v) => matchesEverything(c, v)),
  );
}

/** Does the condition require the key to be present with one of its values? */
function pins(c: ConditionClause): boolean {
  if (c.set === 'ForAllValues' || c.ifExists) return false;
  return c.base === 'StringEquals' || c.base === 'StringLike' || c.base === 'StringEqualsIgnoreCase';
}

/** A StringLike value that matches every string (`*`, `**`). */
function matchesEverything(c: ConditionClause, v: Maybe<string>): boolean {
  return c.base === 'StringLike' && typeof v === 'string' && /^\*+$/.test(v);
}
