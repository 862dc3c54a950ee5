// What every check of a spec run shares: the check before its warnings are linked, the context a
// check runs in (engine, resolved scope, the spec for locations), how statuses combine, and the
// pieces of a check's message and statement list (which statements to look at for a decision, a
// decision's short reason, a witness's line). Owns `withInputWarnings` (a check that did not pass
// names the input warnings its verdict depends on) and `statementsToFix`, and how an exhaustive
// check says what it went through (`checkedScope`, the same words in `check` and the matchers).
// An indeterminate check carries why (`indeterminateOfCheck`: the shape is
// analysis/indeterminate.ts's), linked with its warnings.

import { mergeStatementRefs } from '../analysis/chains.js';
import { reasonOfEntry, unknownEntriesOf } from '../analysis/decision-reasons.js';
import { statementRefsOf } from '../analysis/free-decision.js';
import { type IndeterminateVerdict, indeterminateOf } from '../analysis/indeterminate.js';
import type { MatrixReason, StatementRef, Witness } from '../analysis/types.js';
import type { Engine } from '../engine/index.js';
import type { Decision, RequestContext, TraceEntry } from '../engine/types.js';
import type { Source } from '../model/source.js';
import { formatSource } from '../model/source.js';
import type { Model } from '../model/types.js';
import { describeContext as contextText } from '../requests/context.js';
import { arnWithKnownAs } from '../requests/element-names.js';
import { fixStatementsOf } from './fixes.js';
import { specLocation } from './parse.js';
import type { SpecScope } from './resolve.js';
import type { AccessSpec, CheckResult, Expectation, FixPlan, SpecLocation } from './types.js';
import { unknownSources, warningReference, warningsAbout, witnessUnknownSources } from './warnings.js';

export type Status = CheckResult['status'];

/**
 * A check before the warnings it depends on are linked (see `withInputWarnings`); `reasons`, for
 * an indeterminate check whose verdict is made of decisions it does not keep (an escalation
 * path's steps): their reasons, first in its `indeterminate`.
 */
export type UnlinkedCheck = Omit<CheckResult, 'warnings' | 'indeterminate'> & { reasons?: MatrixReason[] };

/** What a check runs against: the engine, the spec's resolved scope, the spec (for locations). */
export interface CheckContext {
  engine: Engine;
  scope: SpecScope;
  spec: AccessSpec;
}

/** Location of a sub-element of the expectation (its own, when the spec was parsed from text). */
export function pointerLocation(ctx: CheckContext, e: Expectation, key: string): SpecLocation {
  const pointer = `${e.location.pointer}/${key}`;
  const at = specLocation(ctx.spec, pointer);
  return at.line === undefined ? { ...e.location, pointer } : at;
}

/** fail if any fails, else indeterminate if any is, else pass. */
export function worstStatus(statuses: Status[]): Status {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('indeterminate')) return 'indeterminate';
  return 'pass';
}

const NAMED_IN_MESSAGE = 2;

/**
 * A check that did not pass, with the warnings about the inputs its verdict depends on (the
 * findings about the elements its decisions found unknown), named at the end of its message.
 */
export function withInputWarnings(model: Model, unlinked: UnlinkedCheck): CheckResult {
  const { reasons, ...check } = unlinked;
  if (check.status === 'pass') return { ...check, warnings: [] };
  if (check.status === 'indeterminate') {
    const linked = linkedWarnings(model, check);
    return { ...linked, indeterminate: indeterminateOfCheck(linked, reasons) };
  }
  return linkedWarnings(model, check);
}

/** The reasons of a decision's unknowns (none for a decision that met none). */
function unknownReasons(d: Decision | undefined): MatrixReason[] {
  return d ? unknownEntriesOf(d).map(reasonOfEntry) : [];
}

/**
 * Why an indeterminate check is so: the unknowns its steps (`stepReasons`, an escalation
 * path's), its decision and its indeterminate witnesses depend on (their reasons, as eval's and the matrix's: analysis/decision-reasons.ts); for a
 * check without decisions that name them (an escalation path), the warnings about the inputs it
 * depends on, then the statements it names, each as a reason at its source.
 */
export function indeterminateOfCheck(
  check: Omit<CheckResult, 'indeterminate'>,
  stepReasons: readonly MatrixReason[] = [],
): IndeterminateVerdict {
  const fromDecisions = [
    ...stepReasons,
    ...(check.decision?.decision === 'indeterminate' ? unknownReasons(check.decision) : []),
    ...check.witnesses
      .filter((w) => w.access === 'indeterminate')
      .flatMap((w) => w.reasons ?? unknownReasons(w.decision)),
  ];
  const fromInputs = fromDecisions.length
    ? []
    : [
        ...check.warnings.map(
          (w): MatrixReason => ({
            kind: 'unknown-value',
            text: `${w.message} [${w.code}]`,
            stage: 'result',
            ...(w.source ? { source: w.source } : {}),
          }),
        ),
        ...check.statements.map(
          (s): MatrixReason => ({
            kind: 'unknown-value',
            text: 'the verdict depends on this statement, which may or may not apply',
            stage: s.stage,
            ...(s.policy !== undefined ? { policy: s.policy } : {}),
            ...(s.statement !== undefined ? { statement: s.statement } : {}),
            ...(s.source ? { source: s.source } : {}),
          }),
        ),
      ];
  return indeterminateOf([...fromDecisions, ...fromInputs], {
    text: `the verdict depends on a value the inputs do not pin down (${check.message})`,
  });
}

function linkedWarnings(model: Model, check: UnlinkedCheck): CheckResult {
  const sources = [
    ...unknownSources(check.decision),
    ...check.witnesses.flatMap((w) => witnessUnknownSources(w)),
    ...(check.status === 'indeterminate'
      ? check.statements.map((s) => s.source).filter((s): s is Source => !!s)
      : []),
  ];
  const warnings = warningsAbout(model, sources);
  if (!warnings.length) return { ...check, warnings };
  const named = warnings.slice(0, NAMED_IN_MESSAGE).map(warningReference).join('; ');
  const more = warnings.length > NAMED_IN_MESSAGE ? ` and ${warnings.length - NAMED_IN_MESSAGE} more` : '';
  return { ...check, warnings, message: `${check.message} [see ${named}${more}]` };
}

/** ` with KEY=VALUE` for a pinned context, else nothing. */
export function describeContext(context: RequestContext | undefined): string {
  const text = contextText(context);
  return text ? ` with ${text}` : '';
}

/** The statements, each once, in order. */
export function uniqueRefs(refs: StatementRef[]): StatementRef[] {
  return mergeStatementRefs(refs);
}

function refOf(t: TraceEntry): StatementRef {
  return { stage: t.stage, policy: t.policy, statement: t.statement, effect: t.effect, source: t.source };
}

/**
 * The statements to look at for a decision: an explicit deny → the matching Deny statements;
 * an allow → the Allow statements that grant it; an implicit deny → the policies that did not
 * allow (a boundary, a session policy, a trust policy, an Allow whose condition failed) and the
 * Allows that did match; indeterminate → the statements that depend on an unknown value.
 */
export function statementsToFix(d: Decision): StatementRef[] {
  const trace = d.trace ?? [];
  if (d.decision === 'allow') return statementRefsOf(d, 'Allow');
  if (d.reason === 'explicit-deny') return statementRefsOf(d, 'Deny');
  if (d.decision === 'indeterminate') {
    return uniqueRefs(trace.filter((t) => t.outcome === 'unknown' && t.policy).map(refOf));
  }
  return uniqueRefs(
    trace
      .filter((t) => t.policy && t.stage !== 'result' && (t.outcome === undefined || t.effect === 'Allow'))
      .map(refOf),
  );
}

/** `policy Stmt at file:line` */
export function describeStatement(r: StatementRef): string {
  const where = r.source ? formatSource(r.source) : undefined;
  const name = [r.policy, r.statement].filter(Boolean).join(' ');
  return where && where !== '(unknown source)' ? `${name} at ${where}` : name;
}

/** A short reason for a decision, from its trace. */
export function explainDecision(d: Decision): string {
  const trace = d.trace ?? [];
  if (d.decision === 'allow') {
    const grants = statementRefsOf(d, 'Allow');
    return grants.length ? `allowed by ${grants.map(describeStatement).join('; ')}` : 'allowed';
  }
  if (d.reason === 'explicit-deny') {
    const denies = statementRefsOf(d, 'Deny');
    return `explicitly denied by ${denies.map(describeStatement).join('; ') || 'a Deny statement'}`;
  }
  if (d.decision === 'indeterminate') {
    const unknown = trace.find((t) => t.outcome === 'unknown');
    return `indeterminate: ${unknown?.message ?? 'it depends on a value the inputs do not pin down'}`;
  }
  // What stopped it: an Allow whose condition failed, a boundary / session / trust policy that
  // does not allow; else the last step of the trace.
  const blockers = trace
    .filter(
      (t) => t.policy && ((t.effect === 'Allow' && t.outcome === 'no-match') || t.outcome === undefined),
    )
    .slice(0, 2)
    .map((t) =>
      t.statement && !t.message.includes(t.policy!) ? `${t.policy} ${t.statement}: ${t.message}` : t.message,
    );
  if (blockers.length) return `implicitly denied: ${blockers.join('; ')}`;
  const why = [...trace].reverse().find((t) => t.stage !== 'result' && t.message);
  return `implicitly denied${why ? `: ${why.message}` : ''}`;
}

/** `action on resource when conditions (statements)`: a witness in a check's message. */
export function witnessLine(w: Witness, model: Model): string {
  const cond = w.access === 'conditional' && w.conditions.length ? ` when ${w.conditions.join('; ')}` : '';
  const fix = fixStatementsOf(w);
  const by = fix.length ? ` (${fix.map(describeStatement).join('; ')})` : '';
  return `${w.action} on ${arnWithKnownAs(model, w.resource)}${cond}${by}`;
}

/** The request a failure's message leads with: the worst one the first statement to change grants. */
export function headline(witnesses: Witness[], fix: FixPlan | undefined): Witness | undefined {
  const first = fix?.groups[0]?.statement;
  if (first) {
    const key = `${first.stage}|${first.policy}|${first.statement}`;
    const w = witnesses.find((x) =>
      fixStatementsOf(x).some((g) => `${g.stage}|${g.policy}|${g.statement}` === key),
    );
    if (w) return w;
  }
  return witnesses[0];
}

const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What an exhaustive check went through, as every report of it says it (`check`'s message and
 * the matchers' `toOnlyAllow`): `2 actions × 6 resources checked, 12 decisions`, or
 * `4 principals × 3 resources checked, 12 decisions` for `onlyPrincipals`.
 */
export function checkedScope(checked: {
  actions?: number;
  principals?: number;
  resources: number;
  decisions: number;
}): string {
  const first =
    checked.principals !== undefined
      ? counted(checked.principals, 'principal')
      : counted(checked.actions ?? 0, 'action');
  return `${first} × ${counted(checked.resources, 'resource')} checked, ${counted(checked.decisions, 'decision')}`;
}
