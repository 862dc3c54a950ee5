// What every spec report says about a check, independent of the output format: the summary
// line, status words, the spec location, the decision trace lines, the witnesses, the
// statements to fix with their sources, the warnings about the inputs the verdict depends on and,
// for an indeterminate check, the unknowns that make it so ("indeterminate because:").
// text, junit, markdown and sarif render these pieces.

import { reasonLine } from '../analysis/decision-reasons.js';
import { indeterminateLines } from '../analysis/indeterminate.js';
import type { StatementRef, Witness } from '../analysis/types.js';
import type { Decision, TraceEntry } from '../engine/types.js';
import { fixLines } from './fix-lines.js';
import { stageLabel, verdictOf } from './stage-labels.js';
import { formatSource, type Source } from '../model/source.js';
import { witnessCaller } from '../requests/federated.js';
import type { CheckKind, CheckResult, SpecLocation, SpecResult } from '../spec/types.js';

export { witnessCaller };

export type Status = CheckResult['status'];

/** `3 passed, 1 failed, 0 indeterminate` (counts of expectations). */
export function summaryLine(result: SpecResult): string {
  const s = result.summary;
  return `${s.passed} passed, ${s.failed} failed, ${s.indeterminate} indeterminate`;
}

export const STATUS_SYMBOL: Record<Status, string> = { pass: '✓', fail: '✗', indeterminate: '?' };

export const STATUS_WORD: Record<Status, string> = {
  pass: 'passed',
  fail: 'failed',
  indeterminate: 'indeterminate',
};

/** What each check kind asserts, for rule descriptions and headings. */
export const CHECK_KINDS: Record<CheckKind, { title: string; description: string }> = {
  can: {
    title: 'Expected access is granted',
    description:
      'A `can` entry of the access spec: the principal must be allowed the action on every matching resource.',
  },
  cannot: {
    title: 'Forbidden access is denied',
    description:
      'A `cannot` entry of the access spec: the principal must be denied the action on every matching resource.',
  },
  only: {
    title: 'No access beyond the listed access',
    description:
      'An `only` block of the access spec (exhaustive): the principal must have no access at all beyond the listed action/resource pairs, over every action of the catalog and every resource it could name.',
  },
  onlyPrincipals: {
    title: 'Nobody else can act',
    description:
      'An `onlyPrincipals` expectation (exhaustive): no principal outside the list (model principals, external accounts, services, anonymous, anyone matched by *) may perform the action on the resource.',
  },
  via: {
    title: 'Role chain works as intended',
    description:
      'A `via` expectation: the principal assumes each role in turn (the trust policy and the caller sts:AssumeRole permission are checked at every hop) and then makes the requests.',
  },
  cannotBecome: {
    title: 'Principal cannot become another',
    description:
      "A `cannotBecome` entry: no escalation path (assuming roles, passing a role to compute it starts, rewriting a trust policy, taking over a user's credentials, SSM on an instance holding the role, rewriting its own permissions) leads from the principal to the named role or user.",
  },
  noEscalation: {
    title: 'No escalation to administrator',
    description:
      'A `noEscalation` expectation: the principal can neither rewrite its own permissions nor become, by any escalation path, a principal with administrator-equivalent access (unless it has it already).',
  },
};

export { stageLabel };

export const CHECK_KIND_ORDER: CheckKind[] = [
  'can',
  'cannot',
  'only',
  'onlyPrincipals',
  'via',
  'cannotBecome',
  'noEscalation',
];

/** `access.yaml:12:5` (or the JSON pointer when the position is unknown). */
export function formatSpecLocation(at: SpecLocation): string {
  let out = at.file ?? '';
  if (at.line !== undefined) {
    out += `${out ? ':' : 'line '}${at.line}`;
    if (at.column !== undefined) out += `:${at.column}`;
  } else if (at.pointer) out += `${out ? '#' : ''}${at.pointer}`;
  return out || '(spec)';
}

export function hasSource(s: Source | undefined): s is Source {
  return !!s && formatSource(s) !== '(unknown source)';
}

/** `policy, statement` of a statement or trace entry. */
export function statementLabel(x: { policy?: string | undefined; statement?: string | undefined }): string {
  return [x.policy, x.statement].filter(Boolean).join(', ') || 'a statement';
}

/** `[stage] policy, statement at source` in one line. */
export function formatStatementRef(s: StatementRef): string {
  const effect = s.effect ? `${s.effect} ` : '';
  const at = hasSource(s.source) ? ` at ${formatSource(s.source)}` : '';
  return `${effect}${statementLabel(s)} (${stageLabel(s.stage)})${at}`;
}

export interface TraceLine {
  /** `[identity-based policy] Allow applies` */
  text: string;
  /** `policy, statement` when a statement mattered */
  statement: string | undefined;
  source: Source | undefined;
}

/** The decision trace without the bookkeeping entries (request and result lines). */
export function traceLines(d: Decision | undefined): TraceLine[] {
  const out: TraceLine[] = [];
  for (const e of d?.trace ?? []) {
    if (e.stage === 'result') continue;
    out.push(traceLine(e));
  }
  return out;
}

function traceLine(e: TraceEntry): TraceLine {
  const what = [e.policy, e.statement].filter(Boolean).join(', ');
  return {
    text: `[${stageLabel(e.stage)}] ${e.message}`,
    statement: what || undefined,
    source: hasSource(e.source) ? e.source : undefined,
  };
}

/**
 * The caller of a witness: the principal, and for a federated caller the token claims that let it
 * in (`arn:...:oidc-provider/token.actions.githubusercontent.com with token
 * token.actions.githubusercontent.com:sub=repo:evil/x:ref:refs/heads/main`).
 */

/** `s3:GetObject on arn:aws:s3:::b/x by arn:aws:iam::1:user/u` */
export function witnessRequest(w: Witness): string {
  return `${w.action} on ${w.resource} by ${witnessCaller(w)}`;
}

/** `allowed`, `allowed when ...`, `indeterminate` ... plus `(external)`. */
export function witnessAccess(w: Witness): string {
  const ext = w.external ? ' (principal or resource outside the model)' : '';
  switch (w.access) {
    case 'allow':
      return `allowed${ext}`;
    case 'conditional':
      return `allowed only under some request context${w.conditions.length ? `: when ${w.conditions.join('; ')}` : ''}${ext}`;
    case 'indeterminate':
      return `indeterminate (depends on a value unknown until deploy)${ext}`;
    default:
      return `denied${ext}`;
  }
}

/**
 * The statements to look at to fix a check, in order: for a check whose witnesses are grouped
 * (`fix`), the statements to change; else the check's own `statements`, then the grants of its
 * witnesses, then the statements its decision trace names; deduplicated.
 */
export function statementsToFix(check: CheckResult): StatementRef[] {
  // A grouped failure names the statements to change, once; what merely permits is context.
  if (check.fix?.groups.length) return check.fix.groups.flatMap((g) => (g.statement ? [g.statement] : []));
  const out: StatementRef[] = [];
  const seen = new Set<string>();
  const add = (s: StatementRef) => {
    const key = `${s.stage}|${s.policy}|${s.statement}|${formatSource(s.source)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(s);
  };
  for (const s of check.statements) add(s);
  for (const w of check.witnesses) for (const g of w.grants) add(g);
  if (!out.length) {
    for (const e of check.decision?.trace ?? []) {
      if (e.stage === 'principal' || e.stage === 'result' || !hasSource(e.source)) continue;
      // For a denial that should not happen, the Deny that matched; for an allow that should
      // not happen, the Allow that matched; for a missing allow, the stage that lacked one.
      if (e.outcome === 'no-match') continue;
      add({ stage: e.stage, policy: e.policy, statement: e.statement, effect: e.effect, source: e.source });
    }
  }
  return out;
}

/** The checks of an expectation that did not pass. */
export function problemChecks(checks: CheckResult[]): CheckResult[] {
  return checks.filter((c) => c.status !== 'pass');
}

/** `expectation id — description` */
export function expectationTitle(e: { id: string; description: string | undefined }): string {
  return e.description ? `${e.id} — ${e.description}` : e.id;
}

/**
 * Plain-text details of one check (no colour): the message, the decision and its trace, the
 * witnesses with the statements that grant them, and the statements to fix. Shared by the
 * text report (which colours it) and the JUnit report (failure bodies).
 */
export interface DetailLine {
  indent: number;
  text: string;
  /** What the line is, for colouring. */
  role: 'heading' | 'verdict' | 'trace' | 'statement' | 'source' | 'witness' | 'warning' | 'plain';
}

/**
 * Where to change a check's failure in the code: the sources of the statements to change, and
 * for a managed policy whose own source is no file of the inputs (an AWS managed policy) where it
 * is attached. In order, each once.
 */
export function fixSources(check: CheckResult): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  const add = (s: Source | undefined) => {
    if (!hasSource(s)) return;
    const k = formatSource(s);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(s);
  };
  if (check.fix?.groups.length) {
    for (const g of check.fix.groups) {
      if (isInputFile(g.statement?.source)) add(g.statement?.source);
      else for (const a of g.attachedAt) add(a.source);
    }
    return out;
  }
  for (const s of statementsToFix(check)) add(s.source);
  for (const a of check.attachedAt ?? []) add(a.source);
  return out;
}

/** A source in a file of the inputs (not an AWS managed policy of the catalog). */
export function isInputFile(s: Source | undefined): s is Source {
  return hasSource(s) && !!s.file && !s.file.startsWith('AWS managed policy ');
}

/** `indeterminate because:` and each unknown the verdict depends on with its source (analysis/indeterminate.ts). */
export function indeterminateDetailLines(check: CheckResult): DetailLine[] {
  if (!check.indeterminate) return [];
  return [
    { indent: 0, role: 'warning', text: 'indeterminate because:' },
    ...indeterminateLines(check.indeterminate).map(
      (text): DetailLine => ({ indent: 1, role: 'warning', text }),
    ),
  ];
}

/** Indeterminate checks the stderr summary names (the reports name every one). */
const SUMMARY_NAMED = 5;

/**
 * The stderr summary of the indeterminate checks of a run: their count, then each (at most five)
 * with its expectation and the first unknown it depends on; empty when none is indeterminate.
 */
export function indeterminateSummaryLines(result: SpecResult): string[] {
  const checks = result.expectations.flatMap((e) =>
    e.checks.filter((c) => c.status === 'indeterminate').map((c) => ({ e, c })),
  );
  if (!checks.length) return [];
  const n = checks.length;
  const lines = [
    `${n} indeterminate check${n === 1 ? '' : 's'} (verdicts that depend on values the inputs do not pin down):`,
  ];
  for (const { e, c } of checks.slice(0, SUMMARY_NAMED)) {
    const first = c.indeterminate?.reasons[0];
    const others = (c.indeterminate?.reasons.length ?? 0) - 1 + (c.indeterminate?.more ?? 0);
    const why = first ? `: because ${reasonLine(first)}${others > 0 ? ` (and ${others} more)` : ''}` : '';
    lines.push(`  ${e.id} [${c.kind}]${why}`);
  }
  if (n > SUMMARY_NAMED)
    lines.push(`  and ${n - SUMMARY_NAMED} more (the reports list each with its reasons)`);
  return lines;
}

export function checkDetailLines(check: CheckResult): DetailLine[] {
  const lines: DetailLine[] = indeterminateDetailLines(check);
  const grouped = fixLines(check.fix);
  if (grouped.length) {
    // The failure said once: the statements to change with the access they grant, grouped.
    lines.push(...grouped);
    return withWarnings(lines, check);
  }
  if (check.decision) {
    lines.push({ indent: 0, role: 'verdict', text: `decision: ${verdictOf(check.decision)}` });
    const trace = traceLines(check.decision);
    if (trace.length) {
      lines.push({ indent: 0, role: 'heading', text: 'trace:' });
      for (const t of trace) {
        lines.push({ indent: 1, role: 'trace', text: t.text });
        if (t.statement) lines.push({ indent: 2, role: 'statement', text: t.statement });
        if (t.source) lines.push({ indent: 2, role: 'source', text: `at ${formatSource(t.source)}` });
      }
    }
  }
  const witnesses = listedWitnesses(check);
  if (witnesses.length) {
    lines.push({
      indent: 0,
      role: 'heading',
      text: `witnesses (${witnesses.length}${witnesses.length === 1 ? ' request' : ' requests'}):`,
    });
    for (const w of witnesses) {
      lines.push({ indent: 1, role: 'witness', text: `${witnessRequest(w)}: ${witnessAccess(w)}` });
      for (const g of w.grants) {
        lines.push({
          indent: 2,
          role: 'statement',
          text: `granted by ${statementLabel(g)} (${stageLabel(g.stage)})`,
        });
        if (hasSource(g.source))
          lines.push({ indent: 3, role: 'source', text: `at ${formatSource(g.source)}` });
      }
    }
  }
  const more = statementsNotShown(check);
  if (more.length) {
    lines.push({ indent: 0, role: 'heading', text: 'statements to look at:' });
    // A managed policy's attachments once, under its first statement.
    const attachedShown = new Set<string>();
    for (const s of more) {
      lines.push({ indent: 1, role: 'statement', text: `${statementLabel(s)} (${stageLabel(s.stage)})` });
      if (hasSource(s.source))
        lines.push({ indent: 2, role: 'source', text: `at ${formatSource(s.source)}` });
      if (s.policy && attachedShown.has(s.policy)) continue;
      if (s.policy) attachedShown.add(s.policy);
      for (const a of check.attachedAt ?? [])
        if (a.policy === s.policy)
          lines.push({
            indent: 2,
            role: 'source',
            text: `attached to ${a.to}${hasSource(a.source) ? ` at ${formatSource(a.source)}` : ''}`,
          });
    }
  }
  return withWarnings(lines, check);
}

function withWarnings(lines: DetailLine[], check: CheckResult): DetailLine[] {
  if (check.warnings.length) {
    lines.push({ indent: 0, role: 'heading', text: 'depends on (warnings about the inputs):' });
    for (const w of check.warnings) {
      lines.push({ indent: 1, role: 'warning', text: `${w.message} [${w.code}]` });
      if (hasSource(w.source))
        lines.push({ indent: 2, role: 'source', text: `at ${formatSource(w.source)}` });
    }
  }
  return lines;
}

/**
 * The witnesses worth listing: all of them, except (for a check that carries its decision) the
 * witness that is that same request, whose trace is already shown.
 */
export function listedWitnesses(check: CheckResult): Witness[] {
  if (!check.decision) return check.witnesses;
  return check.witnesses.filter((w) => !(w.action === check.action && w.resource === check.resource));
}

/** The check's `statements` that its trace and witness grants do not already show. */
export function statementsNotShown(check: CheckResult): StatementRef[] {
  const key = (x: { policy?: string | undefined; statement?: string | undefined }, src: Source | undefined) =>
    `${statementLabel(x)}|${formatSource(hasSource(src) ? src : undefined)}`;
  const shown = new Set<string>();
  for (const e of check.decision?.trace ?? []) if (e.policy || e.statement) shown.add(key(e, e.source));
  for (const w of check.witnesses) for (const g of w.grants) shown.add(key(g, g.source));
  return check.statements.filter((s) => !shown.has(key(s, s.source)));
}

/** The details as plain indented text (two spaces per level, after `baseIndent`). */
export function checkDetailText(check: CheckResult, baseIndent = ''): string {
  return checkDetailLines(check)
    .map((l) => `${baseIndent}${'  '.repeat(l.indent)}${l.text}`)
    .join('\n');
}
