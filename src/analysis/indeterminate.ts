// The one shape of an indeterminate verdict on a finding or a check result: `{ reasons }`, each
// reason an unknown the verdict depends on as the matrix, eval's text, explain and the role-chain
// hops already give it (`MatrixReason` of analysis/types.ts: kind, the engine's words, the
// evaluation step, the policy and statement, and the source of the unknown). Spec check results
// (`CheckResult.indeterminate`, spec/check-result.ts) and risk findings
// (`RiskFinding.indeterminate`, risks.ts and the risk-*.ts modules) carry it; every report reads
// it (JSON as is, SARIF in `properties` with the sources as related locations, Markdown, text and
// JUnit as "indeterminate because ...", the stderr summaries as counts). Owns `indeterminateOf`
// (deduplicated reasons, never none), `indeterminateBecause` (the one sentence) and
// `indeterminateSources`, and `openStepReasons` (the reasons of a path's undecided steps: the
// escalation checks' and chained findings').

import type { Source } from '../model/source.js';
import { reasonKey, reasonLine } from './decision-reasons.js';
import type { Access, MatrixReason, StatementRef } from './types.js';

/** Why a verdict is indeterminate: the unknowns it depends on, each with where it is (never empty). */
export interface IndeterminateVerdict {
  reasons: MatrixReason[];
  /** Reasons left out (beyond `MAX_INDETERMINATE_REASONS`); absent when none. */
  more?: number;
}

/** Reasons a verdict lists at most (the first met; a verdict with more says how many more). */
export const MAX_INDETERMINATE_REASONS = 10;

/**
 * The indeterminate verdict of `reasons`: each reason once (`reasonKey`), in the order given, at
 * most `MAX_INDETERMINATE_REASONS` (`more` counts the rest). With none, one reason of kind
 * `unknown-value` saying `fallback` (the verdict is indeterminate; nothing named the unknown), so
 * that an indeterminate verdict never shows no reason.
 */
export function indeterminateOf(
  reasons: Iterable<MatrixReason>,
  fallback: { text: string; source?: Source | undefined },
): IndeterminateVerdict {
  const out: MatrixReason[] = [];
  const seen = new Set<string>();
  let more = 0;
  for (const r of reasons) {
    const key = reasonKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    if (out.length < MAX_INDETERMINATE_REASONS) out.push(r);
    else more++;
  }
  if (!out.length)
    out.push({
      kind: 'unknown-value',
      text: fallback.text,
      stage: 'result',
      ...(fallback.source ? { source: fallback.source } : {}),
    });
  return more ? { reasons: out, more } : { reasons: out };
}

/** Each reason in one line (`reasonLine`: `KIND: WORDS (at SOURCE)`), and `and N more` when cut. */
export function indeterminateLines(v: IndeterminateVerdict): string[] {
  const lines = v.reasons.map(reasonLine);
  if (v.more) lines.push(`and ${v.more} more`);
  return lines;
}

/** `indeterminate because REASON1; REASON2`: the verdict in one sentence. */
export function indeterminateBecause(v: IndeterminateVerdict): string {
  return `indeterminate because ${indeterminateLines(v).join('; ')}`;
}

/** The places of the unknowns (each reason's source, and its statement's when elsewhere), each once. */
export function indeterminateSources(v: IndeterminateVerdict): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  for (const r of v.reasons)
    for (const s of [r.source, r.statementSource]) {
      if (!s) continue;
      const key = JSON.stringify(s);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  return out;
}

/**
 * `{ indeterminate }` for a finding whose access is indeterminate (its reasons, else `fallback`),
 * else nothing: what a finding spreads into itself (`...indeterminateField(...)`).
 */
export function indeterminateField(
  access: string,
  reasons: Iterable<MatrixReason> | undefined,
  fallback: { text: string; source?: Source | undefined },
): { indeterminate?: IndeterminateVerdict } {
  if (access !== 'indeterminate') return {};
  return { indeterminate: indeterminateOf(reasons ?? [], fallback) };
}

/**
 * The stderr line that counts the indeterminate ones of `findings` (`3 of 12 risk findings are
 * indeterminate: ...`), naming the first with its first reason; undefined when none is.
 */
export function indeterminateFindingsLine(
  findings: readonly { message: string; indeterminate?: IndeterminateVerdict }[],
  what: string,
): string | undefined {
  const open = findings.filter((f) => f.indeterminate);
  if (!open.length) return undefined;
  const first = open[0]!.indeterminate!.reasons[0]!;
  return `${open.length} of ${findings.length} ${what} ${open.length === 1 ? 'is' : 'are'} indeterminate (they might hold: each says why); the first because ${reasonLine(first)}`;
}

/** One step of a path (an escalation hop or method edge): its access, words, statements and reasons. */
export interface PathStepVerdict {
  access: Access;
  /** How the step reads (`sts:AssumeRole into role deploy`). */
  text: string;
  grants: readonly StatementRef[];
  /** For an indeterminate step: the reasons of its decision (analysis/decision-reasons.ts). */
  reasons?: readonly MatrixReason[] | undefined;
}

/**
 * The reasons of the indeterminate steps of a path, in order: each step's own reasons (the hop's
 * or edge's decision's: kind, words, policy, statement, source); a step without any (made
 * indeterminate by a rule, not by a decision: a pass-role without a start request, rewriting
 * one's own permissions) gives one reason naming it at the first statement that grants it.
 */
export function openStepReasons(steps: readonly PathStepVerdict[]): MatrixReason[] {
  return steps
    .filter((s) => s.access === 'indeterminate')
    .flatMap((s): MatrixReason[] => {
      if (s.reasons?.length) return [...s.reasons];
      const at = s.grants.find((g) => g.source);
      return [
        {
          kind: 'unknown-value',
          text: `the step ${s.text} depends on what the inputs do not pin down`,
          stage: at?.stage ?? 'result',
          ...(at?.policy !== undefined ? { policy: at.policy } : {}),
          ...(at?.statement !== undefined ? { statement: at.statement } : {}),
          ...(at?.source ? { source: at.source } : {}),
        },
      ];
    });
}
