// What the "worlds" of a decision share (account-worlds.ts: the unstated deploying account;
// region-worlds.ts: a stand-in region): the request carried into another world by a string
// substitution, and the home decision made indeterminate, with the world that decides otherwise
// named in its trace.

import { someString } from '../model/account-substitution.js';
import type { Source } from '../model/source.js';
import type { Decision, Request, TraceEntry, UnknownKind, UnknownMet } from './types.js';

/**
 * How another world's decision differs from the home one, after "were it X, ...": `the decision
 * would be allow, not deny`; when that world's decision is itself open, `the decision would
 * depend on what the inputs leave unknown there, where here it is deny` (not "would be
 * indeterminate, not deny").
 */
export function otherWorldWords(other: Decision['decision'], home: Decision['decision']): string {
  return other === 'indeterminate'
    ? `the decision would depend on what the inputs leave unknown there, where here it is ${home}`
    : `the decision would be ${other}, not ${home}`;
}

/** Which of a request's values (context, session policy) a world's substitution may change. */
export interface ValuesChanged {
  context: boolean;
  sessionPolicy: boolean;
}

/**
 * Whether some string of `request`'s context and of its session policy (keys too, as
 * model/account-substitution.ts `someString` reads them) holds `text`: a substitution that changes
 * only strings holding it copies a value without one unchanged (`requestInWorld` keeps it).
 */
export function valuesHolding(request: Request, text: string): ValuesChanged {
  const has = (s: string) => s.includes(text);
  return {
    context: request.context !== undefined && someString(request.context, has),
    sessionPolicy: request.sessionPolicy !== undefined && someString(request.sessionPolicy, has),
  };
}

/**
 * `request` with every string that may name the world's value rewritten by `inString` / `inValue`;
 * the context or session policy `changes` says `inValue` would copy unchanged kept as it is.
 */
export function requestInWorld(
  request: Request,
  inString: (s: string) => string,
  inValue: <T>(value: T) => T,
  changes: ValuesChanged = { context: true, sessionPolicy: true },
): Request {
  const out: Request = {
    ...request,
    principal: inString(request.principal),
    resource: inString(request.resource),
  };
  if (request.context && changes.context) out.context = inValue(request.context);
  if (request.federatedBy !== undefined) out.federatedBy = inString(request.federatedBy);
  if (request.sessionPolicy !== undefined && changes.sessionPolicy)
    out.sessionPolicy = inValue(request.sessionPolicy);
  return out;
}

/**
 * `home` made indeterminate because another world decides it otherwise: `message` (which names
 * that world and what to give to pin it down) becomes the trace entry, of kind `kind`, `reason`
 * its cause (`source` the entry's, `causeSource` the cause's: the same unless given); the entry
 * ends the decision's noted unknowns too (`Decision.unknowns`), as it ends the trace's.
 */
export function indeterminateInWorld(
  home: Decision,
  kind: UnknownKind,
  message: string,
  reason: string,
  source?: Source,
  causeSource: Source | undefined = source,
): Decision {
  return indeterminateWith(home, () => worldEntry(kind, message, reason, source, causeSource));
}

/** The trace entry of `indeterminateInWorld` (its arguments' meaning there). */
export function worldEntry(
  kind: UnknownKind,
  message: string,
  reason: string,
  source?: Source,
  causeSource: Source | undefined = source,
): TraceEntry {
  return {
    stage: 'principal',
    message,
    outcome: 'unknown',
    kind,
    ...(source ? { source } : {}),
    cause: causeSource ? { reason, source: causeSource } : { reason },
  };
}

/**
 * `indeterminateInWorld` of the entry `entry` words (a `sharedUnknown` of engine/unknowns-met.ts
 * when the same world decides many requests otherwise: the untraced decisions then hold that one
 * entry; a traced decision gets its own copy).
 */
export function indeterminateWith(home: Decision, entry: UnknownMet): Decision {
  const out: Decision = { ...home, decision: 'indeterminate', reason: 'unknown-value' };
  if (home.trace) {
    const trace = home.trace.filter((t) => t.stage !== 'result');
    const e = { ...entry() };
    trace.push(e);
    trace.push({ stage: 'result', message: 'indeterminate (unknown-value)' });
    out.trace = trace;
    if (home.unknowns) out.unknowns = [...home.unknowns, () => e];
  } else if (home.unknowns) out.unknowns = [...home.unknowns, entry];
  if (home.decision === 'deny') delete out.assumed;
  return out;
}
