// Where a decision notes an unknown it depends on: the trace entry (`outcome: 'unknown'`, with
// its kind) goes to the trace when the decision is traced, and to `Decision.unknowns` when asked
// for (`DecideOptions.unknowns`), there as a function that words it only when called. Every site
// of the engine that meets an unknown notes it through `noteUnknown`, so the trace's unknown
// entries and the noted unknowns are the same entries in the same order.

import type { TraceEntry, TraceStage, UnknownKind, UnknownMet } from './types.js';

/** Notes the unknown `entry` words (see the module comment); nothing when neither is collected. */
export function noteUnknown(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  entry: () => TraceEntry,
): void {
  if (trace) {
    const e = entry();
    trace.push(e);
    unknowns?.push(() => e);
  } else unknowns?.push(entry);
}

/**
 * `noteUnknown` of an entry that is only a message: its closure is made here, when called (a
 * closure written in a function on every decision's path made V8 allocate a context for the
 * variables it captures on every call of that function, the unknown met or not).
 */
export function noteUnknownText(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  stage: TraceStage,
  message: string,
  kind: UnknownKind,
): void {
  noteUnknown(trace, unknowns, () => ({ stage, message, outcome: 'unknown', kind }));
}
