// What the engine reports each condition of a federated entry point is about
// (`FreeDecision.conditionFacts` of the decision the entry comes from: federated-trust.ts,
// pod-identity-trust.ts), kept beside the entry rather than in it: an entry is written as it is
// in the review's JSON (`RiskFinding.entry`), which does not carry them. Read by
// risk-outside-escalation.ts, whose severity weighs an entry hop's conditions by their keys
// (risk-severity.ts), never by their words. Owns `withEntryFacts`, `entryConditionFacts`.

import type { ConditionFacts, FederatedEntry } from './types.js';

const factsOfEntry = new WeakMap<FederatedEntry, readonly ConditionFacts[]>();

/** `entry`, with `facts` noted as what its conditions are about (none noted when absent). */
export function withEntryFacts<E extends FederatedEntry>(
  entry: E,
  facts: readonly ConditionFacts[] | undefined,
): E {
  if (facts?.length) factsOfEntry.set(entry, facts);
  return entry;
}

/** What the engine reports each condition of `entry` is about; empty when none was noted. */
export function entryConditionFacts(entry: FederatedEntry): readonly ConditionFacts[] {
  return factsOfEntry.get(entry) ?? [];
}
