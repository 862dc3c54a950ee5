// Compares the risk findings (risks.ts) of the two sides of an access diff. A finding is the same
// in both when its kind, subject (by diff key), detail (the other account, the escalation method)
// and severity are, and it is indeterminate in both or in neither (a risk the new state makes
// sure, a pass-role start on an existing resource the inputs now define, is new): its message may
// differ (a list of targets that grew) without the risk being new. Principal findings compare only for principals both sides reviewed (evaluate.ts reviews
// again only the principals whose inputs changed); resource findings always compare. A base
// without recorded findings (an access snapshot written before they were) makes every finding of
// the new state new: nothing can show it was there before. An outside-escalation finding compares
// way by way (`unitKeys`).

import type { RiskFinding } from '../types.js';
import { isResourceFinding, type SideAccess } from './evaluate.js';

function keyOf(side: SideAccess, f: RiskFinding): string {
  return unitKey(f.kind, side.keyOf(f.subject), f.detail ?? '', f.severity, f.indeterminate !== undefined);
}

/** One compared unit: kind, subject key, detail, severity and whether it is undecided. */
function unitKey(
  kind: string,
  subject: string,
  detail: string,
  severity: string,
  undecided: boolean,
): string {
  return `${kind}|${subject}|${detail}|${severity}|${undecided ? '?' : ''}`;
}

/**
 * The keys a finding is compared by: its own, or, for an outside-escalation finding with its ways
 * (risk-outside-escalation.ts: one per caller and role), one per way, as the review made one
 * finding per way before it grouped them (detail `CALLER: WAY`, the way's severity): a base
 * written before the grouping compares with the grouped findings, and a new way is new.
 */
function unitKeys(side: SideAccess, f: RiskFinding): string[] {
  if (!f.ways?.length) return [keyOf(side, f)];
  const subject = side.keyOf(f.subject);
  return f.ways.map((w) =>
    unitKey(f.kind, subject, `${f.detail ?? ''}: ${w.detail}`, w.severity, w.indeterminate !== undefined),
  );
}

function compared(side: SideAccess, other: SideAccess, f: RiskFinding): boolean {
  if (isResourceFinding(f)) return true;
  const k = side.keyOf(f.subject);
  return (
    (!side.riskSubjects || side.riskSubjects.has(k)) && (!other.riskSubjects || other.riskSubjects.has(k))
  );
}

/** How many findings of `list` hold each key (a subject may have several findings of one key: count them). */
function countKeys(side: SideAccess, other: SideAccess, list: readonly RiskFinding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of list) {
    if (!compared(side, other, f)) continue;
    for (const k of unitKeys(side, f)) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/**
 * The findings of `list` some key of which the other side's `held` does not hold (each held key
 * matched once, in order).
 */
function unmatched(
  side: SideAccess,
  other: SideAccess,
  list: readonly RiskFinding[],
  held: Map<string, number>,
): RiskFinding[] {
  const left = new Map(held);
  const out: RiskFinding[] = [];
  for (const f of list) {
    if (!compared(side, other, f)) continue;
    let missing = false;
    for (const k of unitKeys(side, f)) {
      const n = left.get(k) ?? 0;
      if (n > 0) left.set(k, n - 1);
      else missing = true;
    }
    if (missing) out.push(f);
  }
  return out;
}

export function compareRisks(
  before: SideAccess,
  after: SideAccess,
): { added: RiskFinding[]; removed: RiskFinding[] } {
  if (!before.risks) return { added: [...(after.risks ?? [])], removed: [] };
  const a = before.risks;
  const b = after.risks ?? [];
  return {
    added: unmatched(after, before, b, countKeys(before, after, a)),
    removed: unmatched(before, after, a, countKeys(after, before, b)),
  };
}
