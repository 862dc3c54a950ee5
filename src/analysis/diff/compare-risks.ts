// Compares the risk findings (risks.ts) of the two sides of an access diff. A finding is the same
// in both when its kind, subject (by diff key), detail (the other account, the escalation method)
// and severity are, and it is indeterminate in both or in neither (a risk the new state makes
// sure, a pass-role start on an existing resource the inputs now define, is new): its message may
// differ (a list of targets that grew) without the risk being new. Principal findings compare only for principals both sides reviewed (evaluate.ts reviews
// again only the principals whose inputs changed); resource findings always compare. A base
// without recorded findings (an access snapshot written before they were) makes every finding of
// the new state new: nothing can show it was there before.

import type { RiskFinding } from '../types.js';
import { isResourceFinding, type SideAccess } from './evaluate.js';

function keyOf(side: SideAccess, f: RiskFinding): string {
  return `${f.kind}|${side.keyOf(f.subject)}|${f.detail ?? ''}|${f.severity}|${f.indeterminate ? '?' : ''}`;
}

function compared(side: SideAccess, other: SideAccess, f: RiskFinding): boolean {
  if (isResourceFinding(f)) return true;
  const k = side.keyOf(f.subject);
  return (
    (!side.riskSubjects || side.riskSubjects.has(k)) && (!other.riskSubjects || other.riskSubjects.has(k))
  );
}

/** Counts of findings by key (a subject may have several findings of one key: count them). */
function countByKey(side: SideAccess, other: SideAccess, list: RiskFinding[]): Map<string, RiskFinding[]> {
  const out = new Map<string, RiskFinding[]>();
  for (const f of list) {
    if (!compared(side, other, f)) continue;
    const k = keyOf(side, f);
    const l = out.get(k);
    if (l) l.push(f);
    else out.set(k, [f]);
  }
  return out;
}

export function compareRisks(
  before: SideAccess,
  after: SideAccess,
): { added: RiskFinding[]; removed: RiskFinding[] } {
  if (!before.risks) return { added: [...(after.risks ?? [])], removed: [] };
  const a = countByKey(before, after, before.risks);
  const b = countByKey(after, before, after.risks ?? []);
  const added: RiskFinding[] = [];
  const removed: RiskFinding[] = [];
  for (const [k, list] of b) added.push(...list.slice(a.get(k)?.length ?? 0));
  for (const [k, list] of a) removed.push(...list.slice(b.get(k)?.length ?? 0));
  return { added, removed };
}
