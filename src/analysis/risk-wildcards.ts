// The review's wildcard findings (wildcard-action, wildcard-resource), effective: what the
// principal's permissions boundary, its account's SCPs and its unconditional identity Denies
// leave of a wildcard statement. `*` (high) and `service:*` (medium) are wildcards; a suffix
// wildcard (`s3:GetObject*`, `s3:List*`, what CDK's grant methods write) is one only on every
// resource (low): on named resources it is a grant of a few related actions. A statement whose
// wildcard the caps leave nothing of is no finding; one they narrow says it is capped. Resource
// "*" on actions that all take only "*" (no resource type in the catalog) is no finding; on actions
// that only append log lines (src/aws/log-writing.ts) it is low. Owns
// `wildcardFindings`; the wording is risk-messages.ts's.

import { matchActions } from '../catalog/index.js';
import type { CompiledPolicy, CompiledStatement } from '../engine/compile-policy.js';
import { orgLevelAllow } from '../engine/org-levels.js';
import type { PrincipalSidePolicies } from '../engine/request-policies.js';
import { NO, YES } from '../engine/tri.js';
import type { Role, User } from '../model/types.js';
import { onlyWritesLogs } from '../aws/log-writing.js';
import { mergeStatementRefs } from './chains.js';
import {
  cappedText,
  principalLabel,
  wildcardActionMessage,
  wildcardActionText,
  wildcardResourceMessage,
} from './risk-messages.js';
import type { RiskFinding, StatementRef } from './types.js';

/** What caps a principal's identity allows (a boundary, the SCPs), with how a finding names it. */
interface Cap {
  name: string;
  /** Whether the cap could allow the action (lower-case). */
  couldAllow: (lower: string) => boolean;
}

/** How much of a statement's actions the caps leave. */
interface Effective {
  total: number;
  left: number;
  /**
   * Of the `left` actions, those that take a resource type (the catalog's resource types): the
   * others take only "*", so Resource "*" names no more for them than any policy could.
   */
  scoped: number;
  /** What capped it: `the permissions boundary X`, `the SCPs`, `Deny statements`. */
  cappedBy: string[];
}

/** One statement's contribution to a finding. */
interface Hit {
  ref: StatementRef;
  text: string;
  severity: RiskFinding['severity'];
}

/** `service:*`: every action of a service. */
const FULL_WILDCARD = /^[^:*?]+:\*$/;

/** Unconditional Denies on every resource of the principal's identity policies. */
function sureDenies(policies: readonly CompiledPolicy[]): CompiledStatement[] {
  return policies.flatMap((pol) =>
    pol.statements.filter(
      (st) =>
        st.effect === 'Deny' &&
        !st.presence &&
        !st.unknown &&
        st.statement.conditions.length === 0 &&
        !st.statement.notResource &&
        (st.statement.resource?.values ?? []).some((v) => v === '*'),
    ),
  );
}

function couldAllow(p: CompiledPolicy, lower: string): boolean {
  if (p.unknown || p.presence) return true;
  return p.statements.some((st) => st.effect !== 'Deny' && st.matchAction(lower) !== NO);
}

function effectiveOf(patterns: string[], caps: readonly Cap[], denies: CompiledStatement[]): Effective {
  const names = new Map<string, boolean>();
  for (const v of patterns)
    for (const a of matchActions(v)) names.set(a.name.toLowerCase(), a.resourceTypes.length > 0);
  const cappedBy = new Set<string>();
  let left = 0;
  let scoped = 0;
  for (const [lower, takesResource] of names) {
    const cap = caps.find((c) => !c.couldAllow(lower));
    if (cap) {
      cappedBy.add(cap.name);
      continue;
    }
    if (denies.some((d) => d.matchAction(lower) === YES)) {
      cappedBy.add('Deny statements');
      continue;
    }
    left++;
    if (takesResource) scoped++;
  }
  return { total: names.size, left, scoped, cappedBy: [...cappedBy] };
}

// What the caps leave of a statement, for principals without sure Denies, by boundary (or
// NO_BOUNDARY), SCP list (`capsOf`) and the statement's Action values: principals sharing a
// boundary and an account have the same caps, and statements of different policies often name
// the same actions (an inline policy per principal, from a few patterns), so their actions are
// expanded and checked once.
const NO_BOUNDARY = {};
const effectiveMemo = new WeakMap<object, WeakMap<readonly CompiledPolicy[], Map<string, Effective>>>();

function effectiveOfStatement(actions: string[], caps: CapsOf, denies: CompiledStatement[]): Effective {
  if (denies.length) return effectiveOf(actions, caps.caps, denies);
  const boundary = caps.boundary ?? NO_BOUNDARY;
  let byScps = effectiveMemo.get(boundary);
  if (!byScps) {
    byScps = new WeakMap();
    effectiveMemo.set(boundary, byScps);
  }
  let byActions = byScps.get(caps.scps);
  if (!byActions) {
    byActions = new Map();
    byScps.set(caps.scps, byActions);
  }
  const key = actions.join('\n');
  let effective = byActions.get(key);
  if (!effective) {
    effective = effectiveOf(actions, caps.caps, denies);
    byActions.set(key, effective);
  }
  return effective;
}

/** A principal's caps, with the boundary and SCP list they come from (the memo's keys). */
interface CapsOf {
  caps: Cap[];
  boundary: CompiledPolicy | undefined;
  scps: readonly CompiledPolicy[];
}

/** The principal's permissions boundary and its account's SCPs (those that allow something), as caps. */
function capsOf(boundary: CompiledPolicy | undefined, scps: readonly CompiledPolicy[]): CapsOf {
  const caps: Cap[] = [
    ...(boundary
      ? [
          {
            name: `the permissions boundary ${boundary.name.split(' (')[0]}`,
            couldAllow: (lower: string) => couldAllow(boundary, lower),
          },
        ]
      : []),
  ];
  // The SCPs' Allows combine per level (engine/org-levels.ts): OR within a level, AND across.
  if (scps.length)
    caps.push({
      name: 'the SCPs',
      couldAllow: (lower) =>
        scps.every((p) => couldAllow(p, lower)) ||
        orgLevelAllow(
          scps.map((p) => ({
            level: p.orgLevel,
            ifPresent: couldAllow(p, lower) ? YES : NO,
            maybeAbsent: false,
          })),
        ).upper !== NO,
    });
  return { caps, boundary, scps };
}

/** What one Allow statement adds to the action and resource findings (none when capped away). */
function statementHits(
  pol: CompiledPolicy,
  st: CompiledStatement,
  caps: CapsOf,
  denies: CompiledStatement[],
): { action?: Hit; resource?: Hit } {
  const s = st.statement;
  const anyResource = !!s.notResource || !!s.resource?.values.some((v) => v === '*');
  const actions = (s.action?.values ?? []).filter((v): v is string => typeof v === 'string');
  // A statement with neither a wildcard action nor an "any resource" adds nothing: no finding
  // whatever the caps leave of it (so what they leave is not worked out).
  if (
    !s.notAction &&
    !s.notResource &&
    !anyResource &&
    !actions.some((v) => v === '*' || FULL_WILDCARD.test(v))
  )
    return {};
  const ref: StatementRef = {
    stage: 'identity',
    policy: pol.name,
    statement: st.label,
    effect: 'Allow',
    source: st.source,
  };
  const where = `${pol.name} ${st.label}`;
  const effective = s.notAction ? undefined : effectiveOfStatement(actions, caps, denies);
  if (effective && effective.total > 0 && effective.left === 0) return {}; // capped away
  const out: { action?: Hit; resource?: Hit } = {};
  if (s.notAction) out.action = { ref, text: `NotAction in ${where}`, severity: 'high' };
  else {
    const full = actions.filter((v) => v === '*' || FULL_WILDCARD.test(v));
    const suffix = actions.filter((v) => !full.includes(v) && /[*?]/.test(v));
    const flagged = [...full, ...(anyResource ? suffix : [])];
    if (flagged.length)
      out.action = {
        ref,
        text: wildcardActionText(flagged, where, cappedText(effective!)),
        severity: full.includes('*') ? 'high' : full.length ? 'medium' : 'low',
      };
  }
  if (s.notResource) out.resource = { ref, text: `NotResource in ${where}`, severity: 'medium' };
  // Resource "*" on actions that take only "*" is no wildcard: "If there is no value for this
  // column [Resource types], you must specify all resources ("*")" (Service Authorization
  // Reference, e.g. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).
  // Actions the catalog does not know keep the finding.
  else if (anyResource && !(effective && effective.total > 0 && effective.scoped === 0))
    out.resource = {
      ref,
      text: `Resource "*" in ${where}${effective ? cappedText(effective) : ''}`,
      // appending log lines (AWSLambdaBasicExecutionRole) reads, deletes and grants nothing: low
      severity: onlyWritesLogs(actions) && actions.length === s.action?.values.length ? 'low' : 'medium',
    };
  return out;
}

function maxSeverity(list: RiskFinding['severity'][]): RiskFinding['severity'] {
  return list.includes('high') ? 'high' : list.includes('medium') ? 'medium' : 'low';
}

/**
 * The wildcard-action and wildcard-resource findings of `p` (see the module comment), from its
 * principal side as `decide` gathers it (`Engine.principalSideOf`: identity policies, boundary)
 * and the SCPs that apply to it.
 */
export function wildcardFindings(
  p: User | Role,
  side: PrincipalSidePolicies,
  scps: readonly CompiledPolicy[],
  limit: number,
): { action: RiskFinding[]; resource: RiskFinding[] } {
  const label = principalLabel(p);
  const policies = side.identity?.policies ?? [];
  const caps = capsOf(side.boundary, scps);
  const denies = sureDenies(policies);
  const actionHits: Hit[] = [];
  const resourceHits: Hit[] = [];
  for (const pol of policies)
    for (const st of pol.statements) {
      if (st.effect !== 'Allow') continue;
      const hits = statementHits(pol, st, caps, denies);
      if (hits.action) actionHits.push(hits.action);
      if (hits.resource) resourceHits.push(hits.resource);
    }
  const finding = (kind: RiskFinding['kind'], hits: Hit[], message: string): RiskFinding[] =>
    hits.length
      ? [
          {
            kind,
            severity: maxSeverity(hits.map((h) => h.severity)),
            subject: p.arn,
            message,
            statements: mergeStatementRefs(hits.map((h) => h.ref)),
          },
        ]
      : [];
  return {
    action: finding(
      'wildcard-action',
      actionHits,
      wildcardActionMessage(
        label,
        actionHits.map((h) => h.text),
        limit,
      ),
    ),
    resource: finding(
      'wildcard-resource',
      resourceHits,
      wildcardResourceMessage(
        label,
        resourceHits.map((h) => h.text),
        limit,
      ),
    ),
  };
}
