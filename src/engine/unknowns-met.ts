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

/**
 * An unknown that is the same entry wherever it is met (a policy whose content is unknown, at one
 * stage): worded once, when first called, and frozen. Noted with `noteSharedUnknown`, the
 * untraced decisions that meet it all hold this one function and entry, so the reasons of those
 * decisions are built once for it (analysis/decision-reasons.ts keeps the reason of a frozen
 * entry), not once per decision.
 */
export function sharedUnknown(entry: () => TraceEntry): UnknownMet {
  let e: TraceEntry | undefined;
  return () => {
    e ??= Object.freeze(entry());
    return e;
  };
}

/** `noteUnknown` of a `sharedUnknown`: a traced decision gets its own copy of the entry. */
export function noteSharedUnknown(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  met: UnknownMet,
): void {
  if (trace) {
    const e = { ...met() };
    trace.push(e);
    unknowns?.push(() => e);
  } else unknowns?.push(met);
}
