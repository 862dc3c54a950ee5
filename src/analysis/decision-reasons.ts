// Why a decision is indeterminate, as reasons (`MatrixReason`): the unknowns the engine's decision
// depended on, each its trace entry's kind (set where the engine writes it: `TraceEntry.kind`),
// words, step, policy and places. Read from the unknowns an untraced decision noted
// (`DecideOptions.unknowns`, worded only for a decision that comes out indeterminate: the matrix
// decides nothing twice) or from a traced decision's `outcome: 'unknown'` entries: the same
// reasons either way (test/matrix-lean-decisions.test.ts). Every report that says why a decision
// is open reads these reasons (the matrix's cells, the review's findings, the federated entry
// points, who-can's open lines, the text of eval and explain), each in one line by `reasonLine`:
// the one formatter of a reason.
// Also owns what makes two reasons one (`reasonKey`).

import type { Engine } from '../engine/engine.js';
import type { Decision, Request, TraceEntry } from '../engine/types.js';
import { formatSource } from '../model/source.js';
import type { MatrixReason, MatrixReasonKind } from './types.js';

const sourceKey = (s: MatrixReason['source']) => (s ? JSON.stringify(s) : '');

/** The keys of frozen reasons (those `reasonsOfDecision` shares), each made once. */
const FROZEN_KEYS = new WeakMap<MatrixReason, string>();

/** What makes two reasons the same reason (kind, words, step, policy, statement, places). */
export function reasonKey(r: MatrixReason): string {
  if (!Object.isFrozen(r)) return keyOf(r);
  let key = FROZEN_KEYS.get(r);
  if (key === undefined) {
    key = keyOf(r);
    FROZEN_KEYS.set(r, key);
  }
  return key;
}

function keyOf(r: MatrixReason): string {
  return [
    r.kind,
    r.text,
    r.stage,
    r.policy ?? '',
    r.statement ?? '',
    sourceKey(r.source),
    sourceKey(r.statementSource),
  ].join('\u0001');
}

/** The reason of one unknown trace entry (an entry without a kind is `unknown-value`). */
export function reasonOfEntry(e: TraceEntry): MatrixReason {
  const source = e.cause?.source ?? e.source;
  const elsewhere = e.cause?.source && e.source && sourceKey(e.cause.source) !== sourceKey(e.source);
  return {
    kind: e.kind ?? 'unknown-value',
    text: e.message,
    stage: e.stage,
    ...(e.policy !== undefined ? { policy: e.policy } : {}),
    ...(e.statement !== undefined ? { statement: e.statement } : {}),
    ...(source ? { source } : {}),
    ...(elsewhere ? { statementSource: e.source } : {}),
  };
}

/**
 * An indeterminate decision no engine run made (a search cut short, claims not all tried), for
 * the one unknown it states: its trace is that one `outcome: 'unknown'` entry (kind
 * `unknown-value` unless given), so every report that reads a decision's reasons says it, as it
 * does an engine decision's.
 */
export function statedUnknownDecision(entry: Omit<TraceEntry, 'outcome'>): Decision {
  return {
    decision: 'indeterminate',
    reason: 'unknown-value',
    trace: [{ kind: 'unknown-value', ...entry, outcome: 'unknown' }],
  };
}

/**
 * The unknown entries decision `d` met, in order: its noted unknowns (`Decision.unknowns`, worded
 * now) or, for a traced decision, its trace's `outcome: 'unknown'` entries (the same entries:
 * engine/unknowns-met.ts).
 */
export function unknownEntriesOf(d: Decision): TraceEntry[] {
  if (d.unknowns) return d.unknowns.map((u) => u());
  return (d.trace ?? []).filter((e) => e.outcome === 'unknown');
}

/** The reasons of frozen entries (engine/unknowns-met.ts `sharedUnknown`), frozen, each made once. */
const SHARED_REASONS = new WeakMap<TraceEntry, MatrixReason>();

/** `reasonOfEntry` of `e`; the same frozen reason for a frozen (shared) entry. */
function reasonOfMet(e: TraceEntry): MatrixReason {
  if (!Object.isFrozen(e)) return reasonOfEntry(e);
  let r = SHARED_REASONS.get(e);
  if (!r) {
    r = Object.freeze(reasonOfEntry(e));
    SHARED_REASONS.set(e, r);
  }
  return r;
}

/**
 * The reasons decision `d` is indeterminate: its unknown entries (`unknownEntriesOf`); each
 * reason once, in the order met. A decision that names no unknown (none is known to do so) gets
 * one reason saying so, so that an indeterminate decision never shows none.
 */
export function reasonsOfDecision(d: Decision): MatrixReason[] {
  const out: MatrixReason[] = [];
  const seen = new Set<string>();
  for (const e of unknownEntriesOf(d)) {
    const r = reasonOfMet(e);
    const key = reasonKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  if (!out.length)
    out.push({
      kind: 'unknown-value',
      text: `the decision depends on a value the inputs do not pin down (${d.decision}, ${d.reason})`,
      stage: 'result',
    });
  return out;
}

/**
 * The reasons `request` is indeterminate under a free context, from the trace of its optimistic
 * decision (the decision `decideAnyContext` reports indeterminate): `reasonsOfDecision` of it.
 * What the matrix's untraced decisions must give (test/matrix-lean-decisions.test.ts).
 */
export function reasonsOfRequest(engine: Engine, request: Request): MatrixReason[] {
  return reasonsOfDecision(engine.decide(request, { conditions: 'optimistic', trace: true }));
}

/** Each kind of unknown in a few words. */
export const REASON_KIND_WORDS: Record<MatrixReasonKind, string> = {
  'unknown-policy': 'policy content unknown',
  'maybe-present': 'statement might not exist',
  'unknown-condition': 'condition value unknown',
  'unknown-principal': 'principal unknown',
  'unknown-resource': 'resource unknown',
  'unknown-action': 'action list unknown',
  'unknown-statement': 'statement unknown',
  'principal-maybe-present': 'principal might not exist',
  'unknown-world': 'account, Region or name not stated',
  'org-placement': 'SCP placement unknown',
  'outside-policy': 'policy outside the inputs',
  'undocumented-rule': 'AWS behaviour undocumented',
  'unknown-value': 'unknown value',
};

/**
 * One reason in one line: `kind in words: the engine's words (at SOURCE[, statement at SOURCE])`;
 * without the kind when the engine's words open with it already (`policy content is unknown: …`
 * is not `policy content unknown: policy content is unknown: …`).
 */
export function reasonLine(r: MatrixReason): string {
  const where = r.source
    ? ` (at ${formatSource(r.source)}${r.statementSource ? `; statement at ${formatSource(r.statementSource)}` : ''})`
    : '';
  const kind = REASON_KIND_WORDS[r.kind] ?? r.kind;
  return `${saysKind(r.text, kind) ? '' : `${kind}: `}${r.text}${where}`;
}

/** Whether `text` opens with the words `kind` (`is` / `are` aside, any case). */
function saysKind(text: string, kind: string): boolean {
  const words = (s: string) => s.toLowerCase().replace(/\b(?:is|are) /g, '');
  return words(text).startsWith(words(kind));
}
