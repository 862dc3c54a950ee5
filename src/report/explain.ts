// Human-readable decisions: the one-line verdict, the trace entries with their sources
// (file:line:column, construct path, logical id, Terraform address) and the advice on what
// would change the outcome (for an indeterminate decision: the warnings about the inputs it
// depends on, given the model). Used by `explain`, `eval --format text` and the matchers' messages.
// An unknown a decision depends on (a trace entry with `outcome: 'unknown'`) is worded as every
// report words it: its reason in one line (analysis/decision-reasons.ts `reasonLine`: KIND:
// WORDS (at SOURCE)), as the matrix, the review and who-can say it.

import { reasonLine, reasonOfEntry, reasonsOfDecision } from '../analysis/decision-reasons.js';
import { orgAllowsCanRestrict } from '../engine/org-levels.js';
import type { Decision, TraceEntry } from '../engine/types.js';
import { formatSource, type Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import type { MemberDecision, RequestDecision } from '../requests/decide.js';
import { annotateMadeUpNames, madeUpNames } from '../requests/element-names.js';
import { principalLabel, type ResolvedRequest } from '../requests/request.js';
import type { SpecWarning } from '../spec/types.js';
import { warningReference, warningsOfDecision } from '../spec/warnings.js';
import { userMembershipLines } from './membership-line.js';
import { stageLabel, verdictOf } from './stage-labels.js';

function hasSource(s: Source | undefined): s is Source {
  return !!s && formatSource(s) !== '(unknown source)';
}

/**
 * A trace entry as lines: `[stage] message`, the policy and statement, and where it is; an
 * unknown's entry `[stage] REASON` (`reasonLine`, which says where it is).
 */
export function formatTraceEntry(e: TraceEntry, indent: string): string[] {
  const unknown = e.outcome === 'unknown';
  const lines = [`${indent}[${stageLabel(e.stage)}] ${unknown ? reasonLine(reasonOfEntry(e)) : e.message}`];
  const what = policyAndStatement(e);
  if (what) lines.push(`${indent}    ${what}`);
  if (!unknown && hasSource(e.source)) lines.push(`${indent}    at ${formatSource(e.source)}`);
  return lines;
}

function policyAndStatement(e: TraceEntry): string {
  return [e.policy, e.statement].filter(Boolean).join(', ');
}

function statementRef(e: TraceEntry): string {
  const what = policyAndStatement(e) || 'a statement';
  return hasSource(e.source) ? `${what} at ${formatSource(e.source)}` : what;
}

function isGap(e: TraceEntry): boolean {
  return e.outcome === undefined && e.stage !== 'principal' && e.stage !== 'result';
}

/**
 * An Allow advice may tell a person to remove: not an SCP/RCP Allow of a policy the inputs do not
 * hold (the AWS Organizations default FullAWSAccess, `Source.builtIn`), nor an RCP Allow, which
 * never restricts (RCPFullAWSAccess cannot be detached: engine/org-levels.ts).
 */
function removable(e: TraceEntry): boolean {
  if (e.stage !== 'scp' && e.stage !== 'rcp') return true;
  return !e.source?.builtIn && orgAllowsCanRestrict(e.stage);
}

/** Advice a person can act on: what would turn this decision into another. */
export function whatWouldChange(
  r: ResolvedRequest,
  m: MemberDecision,
  dependsOn: readonly SpecWarning[] = [],
): string[] {
  const trace = m.decision.trace ?? [];
  const allows = trace.filter((e) => e.effect === 'Allow' && e.outcome === 'match' && removable(e));
  switch (m.decision.reason) {
    case 'explicit-deny': {
      const denies = trace.filter((e) => e.effect === 'Deny' && e.outcome === 'match');
      if (!denies.length) return ['an explicit Deny applies; remove or narrow it'];
      return denies.map(
        (e) =>
          `remove or narrow the Deny ${statementRef(e)}: an explicit Deny overrides every Allow (or make the request fall outside its Action, Resource or Condition)`,
      );
    }
    case 'implicit-deny':
      return implicitDenyAdvice(r, principalLabel(m.principal), trace, allows);
    case 'allowed':
      return [
        allows.length
          ? `to deny it: remove or narrow ${allows.map(statementRef).join('; ')}, or add a Deny of ${r.action} on ${r.resource.arn}`
          : `to deny it: add a Deny of ${r.action} on ${r.resource.arn} (no single Allow statement was recorded)`,
      ];
    case 'unknown-value':
      return unknownValueAdvice(
        trace.filter((e) => e.outcome === 'unknown'),
        dependsOn,
      );
  }
  return [];
}

/** An implicit deny: what each policy that did not allow would need (`isGap`). */
function implicitDenyAdvice(
  r: ResolvedRequest,
  who: string,
  trace: readonly TraceEntry[],
  allows: readonly TraceEntry[],
): string[] {
  const gaps = trace.filter(isGap);
  const out = gaps.map((e) => gapAdvice(r, who, e));
  if (!gaps.length) out.push(`add an Allow of ${r.action} on ${r.resource.arn} that applies to ${who}`);
  if (allows.length && gaps.length) {
    out.push(
      `(${allows.map(statementRef).join('; ')} allow${allows.length === 1 ? 's' : ''} it, but that is not enough on its own)`,
    );
  }
  return out;
}

/** What the policy of one stage that did not allow would need to allow. */
function gapAdvice(r: ResolvedRequest, who: string, e: TraceEntry): string {
  const action = r.action;
  const resource = r.resource.arn;
  switch (e.stage) {
    case 'identity':
      return `grant it: an Allow of ${action} on ${resource} in an identity-based policy of ${who} (inline, attached managed policy, or a group it is in)${r.resource.element && 'policy' in r.resource.element ? `, or in the resource-based policy of ${r.resource.element.name} naming ${who}` : ''}`;
    case 'boundary':
      return `the permissions boundary caps what ${who} may do: allow ${action} on ${resource} in ${statementRef(e)} as well`;
    case 'session':
      return `allow ${action} on ${resource} in the session policy too (or use no session policy)`;
    case 'trust':
      return `allow ${who} in the trust policy of ${r.resource.element?.name ?? resource}: a statement with Effect Allow, Action ${action} and ${who}'s ARN (or its account) as Principal`;
    case 'key-policy':
      return `allow ${who} in the key policy, or let the key policy delegate to the account (Principal arn:…:root) so that identity-based policies count`;
    case 'scp':
    case 'rcp':
      return `allow ${action} in ${statementRef(e)} or in another ${e.stage.toUpperCase()} attached at the same level: at every level (the root, each OU, the account) one ${e.stage.toUpperCase()} must allow`;
    case 'resource':
      return `${e.message}: name ${who} (or its account) in an Allow of the resource-based policy of ${resource}`;
    default:
      return e.message;
  }
}

/** A decision that depends on unknown values: each one, the warnings, how to give the values. */
function unknownValueAdvice(unknowns: readonly TraceEntry[], dependsOn: readonly SpecWarning[]): string[] {
  const out: string[] = [];
  for (const e of unknowns) {
    const what = policyAndStatement(e);
    const line = `${what ? `${what}: ` : ''}${reasonLine(reasonOfEntry(e))}`;
    if (!out.includes(line)) out.push(line);
  }
  for (const w of dependsOn) {
    out.push(`see the warning about the inputs ${warningReference(w)}: ${w.message}`);
  }
  const sources = unknowns.map((e) => e.source).filter((s): s is Source => !!s);
  // a reason that already says how to give the value (a Terraform variable) needs no hint
  const told = unknowns.every((e) => /--var\b|TF_VAR_/.test(e.message));
  if (!told && sources.some((s) => s.address && !/\.tf(\.json)?$/.test(s.file ?? ''))) {
    out.push(
      'give iamspec the value: pass the Terraform configuration directory together with the plan (iamspec explain plan.json infra/ ...), or --var / --var-file for input variables',
    );
  }
  if (sources.some((s) => s.logicalId)) {
    out.push(
      'give iamspec the value: --parameter NAME=VALUE for template parameters, or the other templates whose exports it imports',
    );
  }
  if (!out.length) out.push('the decision depends on a value known only after deploy');
  return out;
}

function describeElementSource(s: Source | undefined): string {
  return hasSource(s) ? `defined at ${formatSource(s)}` : '';
}

function explainMember(r: ResolvedRequest, m: MemberDecision, model: Model): string[] {
  const lines: string[] = [];
  const label = principalLabel(m.principal);
  lines.push(`${verdictOf(m.decision)}: ${label} ${r.action} ${r.resource.arn}`);
  lines.push('');
  lines.push('Request');
  const principalLine = label === m.principal.principal ? label : `${label} = ${m.principal.principal}`;
  lines.push(`  principal  ${principalLine}`);
  const pSource = describeElementSource(m.principal.element?.source);
  if (pSource) lines.push(`             ${pSource}`);
  const element = m.principal.element;
  if (element?.kind === 'user')
    for (const l of userMembershipLines(element, model)) lines.push(`             ${l}`);
  lines.push(`  action     ${r.action}`);
  const el = r.resource.element;
  lines.push(
    `  resource   ${r.resource.arn}${r.resource.ref !== r.resource.arn ? ` (from ${r.resource.ref})` : ''}`,
  );
  const rSource = describeElementSource(el?.source);
  if (rSource) lines.push(`             ${rSource}`);
  // The member's own request context: a federated caller's token claims are in it.
  const context = m.request.context ?? r.context;
  if (context && Object.keys(context).length) {
    for (const [k, v] of Object.entries(context)) {
      lines.push(
        `  context    ${k} ${v === null ? '(absent)' : `= ${typeof v === 'string' ? v : `[${v.join(', ')}]`}`}`,
      );
    }
  }
  if (r.sessionPolicy !== undefined) lines.push('  session    with a session policy');
  lines.push('');
  const entries = (m.decision.trace ?? []).filter((e) => e.stage !== 'result');
  lines.push('How it was decided');
  if (!entries.length) lines.push('  (no trace entries)');
  entries.forEach((e, i) => {
    const [first, ...more] = formatTraceEntry(e, '');
    lines.push(`  ${String(i + 1).padStart(2)}. ${first}`);
    for (const l of more) lines.push(`      ${l.trimStart()}`);
  });
  lines.push('');
  lines.push('What would change the outcome');
  const dependsOn =
    model && m.decision.decision === 'indeterminate' ? warningsOfDecision(model, m.decision) : [];
  for (const s of whatWouldChange(r, m, dependsOn)) lines.push(`  - ${s}`);
  return lines;
}

/**
 * The full explanation of one request (each member of a group in turn), read against the model
 * the request was decided on: groups by their names, made-up names with their construct path or
 * Terraform address.
 */
export function formatExplanation(r: ResolvedRequest, result: RequestDecision, model: Model): string {
  return annotateMadeUpNames(explanationText(r, result, model), madeUpNames(model));
}

function explanationText(r: ResolvedRequest, result: RequestDecision, model: Model): string {
  const lines: string[] = [];
  if (r.principal.kind === 'group') {
    lines.push(
      `${verdictOf(result.decision)}: ${r.principal.ref} (${result.members.length} member${result.members.length === 1 ? '' : 's'}) ${r.action} ${r.resource.arn}`,
    );
    lines.push(
      '  a group reference stands for its members: the group is allowed only if every member is allowed',
    );
    for (const m of result.members) {
      lines.push('');
      lines.push(`=== member ${principalLabel(m.principal)} ===`);
      lines.push(...explainMember(r, m, model));
    }
  } else {
    lines.push(...explainMember(r, result.members[0]!, model));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One line per request for `eval --format text`, with the trace indented below when asked, else,
 * for an indeterminate decision, its reasons (`why: REASON`, `reasonLine`) read from `traced`
 * (the same request decided with a trace, or `d` itself); with `names` (`madeUpNames(model)`),
 * made-up names carry their construct path or address.
 */
export function formatEvalLine(
  r: ResolvedRequest,
  d: Decision,
  names?: ReadonlyMap<string, string>,
  traced: Decision = d,
): string {
  const text = evalLineText(r, d, traced);
  return names ? annotateMadeUpNames(text, names) : text;
}

function evalLineText(r: ResolvedRequest, d: Decision, traced: Decision): string {
  const lines = [
    `[${r.index}] ${d.decision.toUpperCase()} ${d.reason}${d.external ? ' external' : ''}  ${r.principal.ref} ${r.action} ${r.resource.arn}`,
  ];
  for (const e of d.trace ?? []) {
    if (e.stage === 'result') continue;
    lines.push(...formatTraceEntry(e, '      '));
  }
  if (!d.trace && d.decision === 'indeterminate')
    for (const reason of reasonsOfDecision(traced)) lines.push(`      why: ${reasonLine(reason)}`);
  return lines.join('\n');
}
