// Running an access spec against a model: the spec's account is checked against the model's
// (account.ts), each expectation's references are resolved (resolve.ts), then `via` chains are
// checked hop by hop (analysis/chains.ts), `can` / `cannot` requests must hold under every
// request context the spec does not pin (expected-access.ts: conditional access fails both, with
// its conditions), and `only` / `onlyPrincipals` run the exhaustive checks
// (analysis/exhaustive.ts). The result is the `SpecResult` every front end reads: per check a
// status, a one-line message, the decision or witnesses, and the statements (with their sources)
// a person must look at to fix a failure, and the warnings about the inputs its verdict depends
// on (named at the end of its message: an indeterminate check points at the warning that explains
// it); and the one list of warnings: the spec's, then the inputs' (spec/warnings.ts). With
// `strict`, a warning about the inputs that could change a verdict makes the result not `ok`.

import { assumeChain, sessionOptions } from '../analysis/chains.js';
import { type BecomePath, becomePaths } from '../analysis/escalation.js';
import { accessGains } from '../analysis/escalation-gain.js';
import { checkOnly, checkOnlyPrincipals } from '../analysis/exhaustive.js';
import { adminEquivalence } from '../analysis/risks.js';
import { statementRefsOf } from '../analysis/free-decision.js';
import type {
  AllowedAccess,
  AllowedPrincipal,
  ChainHop,
  FreeDecision,
  StatementRef,
  Witness,
} from '../analysis/types.js';
import { compileModel, type Engine } from '../engine/index.js';
import type { Decision, RequestContext, TraceEntry } from '../engine/types.js';
import { formatSource } from '../model/source.js';
import type { Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import { describeContext as contextText, mergeContexts } from '../requests/context.js';
import { witnessCaller } from '../requests/federated.js';
import { arnWithKnownAs } from '../requests/element-names.js';
import { checkSpecAccount } from './account.js';
import { SpecError } from './errors.js';
import { checkExpectedAccess } from './expected-access.js';
import { fixStatementsOf, planFix, worstFirst } from './fixes.js';
import { loadSpec, specLocation } from './parse.js';
import {
  expandRequests,
  isRolePrincipal,
  referenceLabel,
  resolveAllowedPrincipals,
  resolveSpecActions,
  resolveSpecPrincipal,
  resolveSpecResource,
  resolveViaRole,
  type SpecPrincipal,
  type SpecScope,
  scopeOf,
} from './resolve.js';
import type {
  AccessSpec,
  CheckResult,
  Expectation,
  ExpectationResult,
  FixPlan,
  SpecAccess,
  SpecLocation,
  SpecResult,
} from './types.js';
import {
  affectsVerdicts,
  inputWarnings,
  isInputWarning,
  unknownSources,
  warningReference,
  warningsAbout,
  witnessUnknownSources,
} from './warnings.js';

export interface RunSpecOptions {
  /** A compiled engine of `model` (compiled here when absent). */
  engine?: Engine;
  /** The input files the model was loaded from (copied to the result for report locations). */
  inputs?: string[];
  /** Every warning is an error (a SpecError), as `strict: true` in the spec does. */
  strict?: boolean;
}

export const ROOT_USER_NOTE =
  'The account root user is outside exhaustive principal checks (onlyPrincipals): IAM policies cannot restrict it.';

/** Failing requests listed per check (as witnesses). */
const MAX_LISTED = 20;

/**
 * Witnesses an exhaustive check collects before it stops: enough to group what a widened grant
 * allows by statement and action family (fixes.ts), worst first.
 */
const MAX_WITNESSES = 200;

/** Reads the spec file and runs it. */
export function checkSpecFile(model: Model, path: string, options: RunSpecOptions = {}): SpecResult {
  return runSpec(model, loadSpec(path), options);
}

/**
 * Checks every expectation of `spec` against `model`. Throws SpecError (a user error with the
 * spec location) when a reference names nothing in the model; failing checks are results.
 */
export function runSpec(model: Model, spec: AccessSpec, options: RunSpecOptions = {}): SpecResult {
  checkSpecAccount(model, spec);
  const engine = options.engine ?? compileModel(model);
  const strict = options.strict === true || spec.strict;
  const scope = scopeOf(model, engine.principalDirectory, spec, strict);
  const runner = new ExpectationRunner(engine, scope, spec);
  const expectations = spec.expect.map((e) => runner.run(e));
  const warnings = [...scope.warnings, ...inputWarnings(model)];
  const count = (s: ExpectationResult['status']) => expectations.filter((e) => e.status === s).length;
  const summary = {
    expectations: expectations.length,
    passed: count('pass'),
    failed: count('fail'),
    indeterminate: count('indeterminate'),
  };
  const notes = spec.expect.some((e) => e.onlyPrincipals) ? [ROOT_USER_NOTE] : [];
  const failsStrict = strict && warnings.some((w) => isInputWarning(w) && affectsVerdicts(w));
  return {
    ok: summary.passed === summary.expectations && !failsStrict,
    strict,
    specFile: spec.file,
    inputs: options.inputs ?? [],
    expectations,
    summary,
    notes,
    warnings,
  };
}

const NAMED_IN_MESSAGE = 2;

/**
 * A check that did not pass, with the warnings about the inputs its verdict depends on (the
 * findings about the elements its decisions found unknown), named at the end of its message.
 */
function withInputWarnings(model: Model, check: Omit<CheckResult, 'warnings'>): CheckResult {
  if (check.status === 'pass') return { ...check, warnings: [] };
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

// ---------------------------------------------------------------------------------------

type Status = CheckResult['status'];

/** A check before the warnings it depends on are linked (see `withInputWarnings`). */
type UnlinkedCheck = Omit<CheckResult, 'warnings'>;

function worst(statuses: Status[]): Status {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('indeterminate')) return 'indeterminate';
  return 'pass';
}

const ACCESS_ORDER = { deny: 0, indeterminate: 1, conditional: 2, allow: 3 } as const;
function accessOrder(a: BecomePath['access']): number {
  return ACCESS_ORDER[a];
}
function worseAccess(a: BecomePath['access'], b: BecomePath['access']): BecomePath['access'] {
  return accessOrder(a) < accessOrder(b) ? a : b;
}

/** A `cannotBecome` / `noEscalation` check from the path found (or none). */
function escalationCheck(
  kind: 'cannotBecome' | 'noEscalation',
  p: SpecPrincipal,
  found: BecomePath | undefined,
  what: string,
  location: SpecLocation,
): UnlinkedCheck {
  const status: Status = !found
    ? 'pass'
    : found.access === 'allow' || found.access === 'conditional'
      ? 'fail'
      : 'indeterminate';
  const steps = found?.path.map(
    (e) =>
      `${e.via} → ${e.to}${e.access === 'allow' ? '' : ` (${e.access}${e.conditions.length ? `: ${e.conditions.join('; ')}` : ''})`}`,
  );
  const message =
    status === 'pass'
      ? `${p.label} cannot ${what}`
      : `${p.label} ${status === 'fail' ? 'can' : 'may'} ${what}: ${steps!.join(', then ')}`;
  return {
    kind,
    status,
    message,
    principal: p.principal,
    action: found?.path[0]?.via,
    resource: found?.to,
    decision: undefined,
    witnesses: [],
    statements: uniqueRefs(found?.path.flatMap((e) => e.grants) ?? []),
    location,
  };
}

/** The context a federated caller's role session carries (its cross-service claims), if any. */
function sessionClaims(p: SpecPrincipal): RequestContext | undefined {
  if (!p.context) return undefined;
  return sessionOptions(p.principal, { context: p.context }).context;
}

function describeContext(context: RequestContext | undefined): string {
  const text = contextText(context);
  return text ? ` with ${text}` : '';
}

function refKey(r: StatementRef): string {
  return `${r.stage}|${r.policy}|${r.statement}|${r.effect}`;
}

function uniqueRefs(refs: StatementRef[]): StatementRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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

function describeStatement(r: StatementRef): string {
  const where = r.source ? formatSource(r.source) : undefined;
  const name = [r.policy, r.statement].filter(Boolean).join(' ');
  return where && where !== '(unknown source)' ? `${name} at ${where}` : name;
}

/** A short reason for a decision, from its trace. */
function explainDecision(d: Decision): string {
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

function witnessOf(principal: string, action: string, resource: string, free: FreeDecision): Witness {
  return { ...free, principal, action, resource };
}

function witnessLine(w: Witness, model: Model): string {
  const cond = w.access === 'conditional' && w.conditions.length ? ` when ${w.conditions.join('; ')}` : '';
  const fix = fixStatementsOf(w);
  const by = fix.length ? ` (${fix.map(describeStatement).join('; ')})` : '';
  return `${w.action} on ${arnWithKnownAs(model, w.resource)}${cond}${by}`;
}

/** How a failing or indeterminate `can` / `cannot` request fared, as a verb. */
function decideVerb(kind: 'can' | 'cannot', free: FreeDecision): string {
  if (free.access === 'indeterminate') return 'may or may not';
  if (free.access === 'conditional') return kind === 'can' ? 'can only conditionally' : 'can';
  return kind === 'can' ? 'cannot' : 'can';
}

/** Why: the conditions of conditional access and the statements, or the decision's reason. */
function decideDetail(kind: 'can' | 'cannot', free: FreeDecision): string {
  if (free.access !== 'conditional') return `: ${explainDecision(free.decision)}`;
  const when = free.conditions.length
    ? ` when ${free.conditions.join('; ')}`
    : ' under some request contexts';
  const rule =
    kind === 'can'
      ? 'a can holds only if every request context the spec does not pin allows it'
      : 'a cannot holds only if no request context the spec does not pin allows it';
  return `${when}: ${explainDecision(free.decision)}; ${rule} (pin the context with context: to check one case)`;
}

/** The request a failure's message leads with: the worst one the first statement to change grants. */
function headline(witnesses: Witness[], fix: FixPlan | undefined): Witness | undefined {
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

class ExpectationRunner {
  constructor(
    private readonly engine: Engine,
    private readonly scope: SpecScope,
    private readonly spec: AccessSpec,
  ) {}

  run(e: Expectation): ExpectationResult {
    const unlinked = e.onlyPrincipals ? this.onlyPrincipals(e) : this.principalChecks(e);
    const checks = unlinked.map((c) => withInputWarnings(this.engine.model, c));
    return {
      id: e.id,
      description: e.description,
      status: worst(checks.map((c) => c.status)),
      checks,
      location: e.location,
    };
  }

  /** Location of a sub-element of the expectation (its own, when the spec was parsed from text). */
  private pointerLocation(e: Expectation, key: string): SpecLocation {
    const pointer = `${e.location.pointer}/${key}`;
    const at = specLocation(this.spec, pointer);
    return at.line === undefined ? { ...e.location, pointer } : at;
  }

  // ---------------------------------------------------------------------------------------
  // principal + can / cannot / only / via

  private principalChecks(e: Expectation): UnlinkedCheck[] {
    const principals = resolveSpecPrincipal(
      this.scope,
      e.principal!,
      this.pointerLocation(e, 'principal'),
      true,
    );
    const roles = e.via.map((ref, i) =>
      resolveViaRole(this.scope, ref, this.pointerLocation(e, e.via.length > 1 ? `via/${i}` : 'via')),
    );
    // Resolve every reference before deciding anything: a typo is an error, not a result.
    const can = e.can.map((a) => this.requestsOf(a));
    const cannot = e.cannot.map((a) => this.requestsOf(a));
    const only = e.only?.map((a) => this.allowedOf(a));

    const checks: UnlinkedCheck[] = [];
    let actors: SpecPrincipal[] = principals;
    if (roles.length) {
      let chainsHold = true;
      for (const p of principals) {
        const check = this.viaCheck(e, p, roles);
        checks.push(check);
        if (check.status !== 'pass') chainsHold = false;
      }
      if (!chainsHold) return checks;
      const last = roles[roles.length - 1]!;
      // A federated caller's role session carries the cross-service claims of its token.
      const claims = principals.length === 1 ? sessionClaims(principals[0]!) : undefined;
      actors = [
        {
          principal: last,
          label: `${referenceLabel(this.scope, e.principal!, 'principal')} via ${this.viaLabel(e)}`,
          ...(claims ? { context: claims } : {}),
        },
      ];
    } else if (
      e.sessionPolicy !== undefined &&
      !principals.every((p) => isRolePrincipal(this.scope, p.principal))
    ) {
      throw new SpecError(
        'sessionPolicy applies to a role session: add "via" with the role to assume, or name a role as principal',
        this.pointerLocation(e, 'sessionPolicy'),
      );
    }
    for (const actor of actors) {
      e.can.forEach((a, i) => {
        checks.push(this.decideCheck('can', e, actor, a, can[i]!));
      });
      e.cannot.forEach((a, i) => {
        checks.push(this.decideCheck('cannot', e, actor, a, cannot[i]!));
      });
      if (e.only && only) checks.push(this.onlyCheck(e, actor, only));
    }
    if (e.cannotBecome.length || e.noEscalation)
      for (const p of principals) checks.push(...this.escalationChecks(e, p));
    return checks;
  }

  /** `cannotBecome` and `noEscalation` (escalation.ts), the path as the witness. */
  private escalationChecks(e: Expectation, p: SpecPrincipal): UnlinkedCheck[] {
    const paths = becomePaths(this.engine, p.principal);
    const checks: UnlinkedCheck[] = [];
    e.cannotBecome.forEach((ref, i) => {
      const at = this.pointerLocation(e, e.cannotBecome.length > 1 ? `cannotBecome/${i}` : 'cannotBecome');
      for (const target of resolveSpecPrincipal(this.scope, ref, at, false)) {
        const found = paths.find((x) => x.to === target.principal);
        checks.push(escalationCheck('cannotBecome', p, found, `become ${target.label}`, at));
      }
    });
    if (e.noEscalation) {
      const at = this.pointerLocation(e, 'noEscalation');
      const admin = adminEquivalence(this.engine);
      if (admin(p.principal) === 'allow') {
        checks.push(
          escalationCheck(
            'noEscalation',
            p,
            undefined,
            'escalate (it is administrator-equivalent already)',
            at,
          ),
        );
      } else {
        // A path counts when it ends in administrator-equivalent access or in any request the
        // start cannot make (over the model's resources and roles: escalation-gain.ts).
        const gains = accessGains(
          this.engine,
          p.principal,
          paths.filter((x) => admin(x.to) !== 'allow').map((x) => x.to),
        );
        let worstPath: BecomePath | undefined;
        let worstWhat = '';
        for (const x of paths) {
          const a = admin(x.to);
          const gain = gains.get(x.to);
          // Either end suffices: the stronger of administrator equivalence and the gain.
          const end: BecomePath['access'] =
            gain && accessOrder(gain.access) > accessOrder(a) ? gain.access : a;
          if (end === 'deny') continue;
          const access = worseAccess(x.access, end);
          if (worstPath && accessOrder(access) <= accessOrder(worstPath.access)) continue;
          worstPath = { ...x, access };
          worstWhat =
            end === a
              ? 'escalate to administrator-equivalent access'
              : `escalate to more access than it has (${arnWithKnownAs(this.engine.model, x.to)} ${gain!.access === 'indeterminate' ? 'may' : 'can'} ${gain!.action} on ${arnWithKnownAs(this.engine.model, gain!.resource)}${gain!.access === 'conditional' ? ' under conditions' : ''}, which ${p.label} cannot)`;
        }
        checks.push(
          escalationCheck(
            'noEscalation',
            p,
            worstPath,
            worstWhat || 'escalate to administrator-equivalent access or to more access than it has',
            at,
          ),
        );
      }
    }
    return checks;
  }

  private requestsOf(a: SpecAccess) {
    const resource = resolveSpecResource(this.scope, a.resource, a.location, a.suffix);
    return { resource, requests: expandRequests(this.scope, a.action, resource, a.location) };
  }

  private allowedOf(a: SpecAccess): AllowedAccess {
    resolveSpecActions(a.action, a.location);
    return { action: a.action, resource: resolveSpecResource(this.scope, a.resource, a.location, a.suffix) };
  }

  /**
   * A `can` / `cannot` entry: every request it stands for must be allowed / denied under every
   * request context the spec does not pin (expected-access.ts).
   */
  private decideCheck(
    kind: 'can' | 'cannot',
    e: Expectation,
    actor: SpecPrincipal,
    entry: SpecAccess,
    expanded: { resource: string; requests: { action: string; resource: string }[] },
  ): UnlinkedCheck {
    // A federated caller's token claims come first; the spec's context pins over them.
    const context = mergeContexts(actor.context, e.context, entry.context);
    const bad: { request: { action: string; resource: string }; free: FreeDecision; status: Status }[] = [];
    let first: Decision | undefined;
    for (const r of expanded.requests) {
      const request = {
        principal: actor.principal,
        action: r.action,
        resource: r.resource,
        ...(context ? { context } : {}),
        ...(e.sessionPolicy !== undefined ? { sessionPolicy: e.sessionPolicy } : {}),
      };
      const { free, status } = checkExpectedAccess(this.engine, request, kind === 'can' ? 'allow' : 'deny');
      first ??= free.decision;
      if (status !== 'pass') bad.push({ request: r, free, status });
    }
    const status = worst(bad.map((b) => b.status));
    const shown = bad.find((b) => b.status === 'fail') ?? bad[0];
    const decision = shown?.free.decision ?? first;
    const n = expanded.requests.length;
    const ctx = describeContext(context);
    const written = `${entry.action} on ${expanded.resource}`;
    let message: string;
    if (!shown) {
      message = `${actor.label} ${kind} ${written}${ctx}${n > 1 ? ` (${n} requests decided)` : ''}`;
    } else {
      const r = shown.request;
      const more = bad.length > 1 ? ` (and ${bad.length - 1} more of ${n} requests)` : '';
      message = `${actor.label} ${decideVerb(kind, shown.free)} ${r.action} on ${r.resource}${ctx}${decideDetail(kind, shown.free)}${more}`;
    }
    return {
      kind,
      status,
      message,
      principal: actor.principal,
      action: shown?.request.action ?? entry.action,
      resource: shown?.request.resource ?? expanded.resource,
      decision,
      witnesses: bad
        .slice(0, MAX_LISTED)
        .map((b) => witnessOf(actor.principal, b.request.action, b.request.resource, b.free)),
      statements: uniqueRefs(bad.flatMap((b) => statementsToFix(b.free.decision))),
      location: entry.location,
      ...(kind === 'cannot' && bad.length > 1
        ? {
            fix: planFix(
              this.engine.model,
              bad.map((b) => witnessOf(actor.principal, b.request.action, b.request.resource, b.free)),
              { principal: actor.principal },
            ),
          }
        : {}),
    };
  }

  private onlyCheck(e: Expectation, actor: SpecPrincipal, allowed: AllowedAccess[]): UnlinkedCheck {
    const context = mergeContexts(actor.context, e.context);
    const result = checkOnly(this.engine, actor.principal, allowed, {
      maxWitnesses: MAX_WITNESSES,
      ...(context ? { context } : {}),
      ...(e.sessionPolicy !== undefined ? { sessionPolicy: e.sessionPolicy } : {}),
    });
    const failing = worstFirst(
      result.violations.filter((v) => v.access === 'allow' || v.access === 'conditional'),
    );
    const unsure = result.violations.filter((v) => v.access === 'indeterminate');
    const status: Status = failing.length ? 'fail' : unsure.length ? 'indeterminate' : 'pass';
    const relevant = status === 'fail' ? failing : unsure;
    const truncated = result.violations.length >= MAX_WITNESSES;
    const fix = relevant.length
      ? planFix(this.engine.model, relevant, { principal: actor.principal, truncated })
      : undefined;
    const shown = headline(relevant, fix);
    const listing = allowed.map((a) => `${a.action} on ${a.resource}`).join(', ') || 'nothing';
    let message: string;
    if (!shown) {
      message = `${actor.label} can only ${listing} (${result.checked.actions} actions, ${result.checked.resources} resources checked)`;
    } else {
      const count = status === 'fail' ? failing.length : unsure.length;
      const more = count > 1 ? ` (and ${count - 1}${truncated ? '+' : ''} more requests)` : '';
      message =
        status === 'fail'
          ? `${actor.label} can also ${witnessLine(shown, this.scope.model)}${more}`
          : `${actor.label} may also ${witnessLine(shown, this.scope.model)}: it depends on a value the inputs do not pin down${more}`;
    }
    return {
      kind: 'only',
      status,
      message,
      principal: actor.principal,
      action: shown?.action,
      resource: shown?.resource,
      decision: shown?.decision,
      witnesses: result.violations,
      statements: uniqueRefs(relevant.flatMap(fixStatementsOf)),
      location: e.only?.[0]?.location ?? this.pointerLocation(e, 'only'),
      ...(fix ? { fix } : {}),
    };
  }

  /** The `via` roles as people name them (a CDK token: its construct path). */
  private viaLabel(e: Expectation): string {
    return e.via.map((r) => referenceLabel(this.scope, r, 'principal')).join(' → ');
  }

  private viaCheck(e: Expectation, p: SpecPrincipal, roles: string[]): UnlinkedCheck {
    const first = mergeContexts(p.context, e.context);
    const hops = assumeChain(this.engine, p.principal, roles, first ? { context: first } : {});
    const chain = this.viaLabel(e);
    let failed: { hop: ChainHop; decision: Decision; status: Status } | undefined;
    let lastDecision: Decision | undefined;
    let context = first;
    for (const hop of hops) {
      // A hop allowed only under some contexts holds if the spec's own context allows it. A
      // federated caller's first hop is AssumeRoleWithWebIdentity / AssumeRoleWithSAML with its
      // claims; the role session after it keeps the cross-service claims (sessionOptions).
      const d = this.engine.decide(
        {
          principal: hop.from,
          action: hop.action ?? 'sts:AssumeRole',
          resource: hop.role,
          ...(context ? { context } : {}),
        },
        { trace: true },
      );
      context = sessionOptions(hop.from, context ? { context } : {}).context;
      lastDecision = d;
      if (hop.access === 'allow' || d.decision === 'allow') continue;
      failed = { hop, decision: d, status: d.decision === 'indeterminate' ? 'indeterminate' : 'fail' };
      break;
    }
    const location = this.pointerLocation(e, 'via');
    if (!failed) {
      return {
        kind: 'via',
        status: 'pass',
        message: `${p.label} can assume ${chain}${describeContext(e.context)}`,
        principal: p.principal,
        action: 'sts:AssumeRole',
        resource: roles[roles.length - 1],
        decision: lastDecision,
        witnesses: [],
        statements: uniqueRefs(hops.flatMap((h) => h.grants)),
        location,
      };
    }
    const { hop, decision, status } = failed;
    const from = hop.from === p.principal ? p.label : hop.from;
    const conditions = hop.conditions.length ? ` (only when ${hop.conditions.join('; ')})` : '';
    return {
      kind: 'via',
      status,
      message: `${from} ${status === 'fail' ? 'cannot' : 'may or may not'} assume ${hop.role}${describeContext(e.context)}: ${explainDecision(decision)}${conditions}; the checks of this expectation did not run`,
      principal: p.principal,
      action: hop.action ?? 'sts:AssumeRole',
      resource: hop.role,
      decision,
      witnesses: [],
      statements: statementsToFix(decision),
      location,
    };
  }

  // ---------------------------------------------------------------------------------------
  // resource + action + onlyPrincipals

  /** Every action on every resource of the form (`action` / `resource` may be lists): one check each. */
  private onlyPrincipals(e: Expectation): UnlinkedCheck[] {
    const written: SpecAccess[] = e.targets?.length
      ? e.targets
      : [{ action: e.action!, resource: e.resource!, location: this.pointerLocation(e, 'resource') }];
    const several = written.length > 1;
    // Resolve every reference before deciding anything: a typo is an error, not a result.
    const targets = written.map((t) => {
      const resourceAt = several ? t.location : this.pointerLocation(e, 'resource');
      const actionAt = several ? t.location : this.pointerLocation(e, 'action');
      return {
        written: t,
        resource: resolveSpecResource(this.scope, t.resource, resourceAt, t.suffix),
        actions: resolveSpecActions(t.action, actionAt),
      };
    });
    const allowed = resolveAllowedPrincipals(this.scope, e.onlyPrincipals!, (i) =>
      this.pointerLocation(e, `onlyPrincipals/${i}`),
    );
    const names = e.onlyPrincipals!.map((p) => referenceLabel(this.scope, p, 'principal'));
    return targets.map((t) =>
      this.onlyPrincipalsCheck(e, t.written, t.resource, t.actions, allowed, names, several),
    );
  }

  private onlyPrincipalsCheck(
    e: Expectation,
    target: SpecAccess,
    resource: string,
    actions: ReturnType<typeof resolveSpecActions>,
    allowed: AllowedPrincipal[],
    names: string[],
    several: boolean,
  ): UnlinkedCheck {
    const action =
      actions.length === 1 && actions[0]!.name.toLowerCase() === target.action.toLowerCase()
        ? actions[0]!.name
        : target.action;
    const result = checkOnlyPrincipals(this.engine, action, resource, allowed, {
      maxWitnesses: MAX_WITNESSES,
      ...(e.context ? { context: e.context } : {}),
    });
    const failing = worstFirst(
      result.violations.filter((v) => v.access === 'allow' || v.access === 'conditional'),
    );
    const unsure = result.violations.filter((v) => v.access === 'indeterminate');
    const status: Status = failing.length ? 'fail' : unsure.length ? 'indeterminate' : 'pass';
    const relevant = status === 'fail' ? failing : unsure;
    const truncated = result.violations.length >= MAX_WITNESSES;
    const fix = relevant.length ? planFix(this.engine.model, relevant, { truncated }) : undefined;
    const shown = headline(relevant, fix);
    const who = names.length ? `only ${names.join(', ')}` : 'nobody';
    let message: string;
    if (!shown) {
      message = `${who} can ${action} on ${resource}${describeContext(e.context)} (${result.checked.principals} principals checked)`;
    } else {
      const count = status === 'fail' ? failing.length : unsure.length;
      const more = count > 1 ? ` (and ${count - 1} more)` : '';
      const cond =
        shown.access === 'conditional' && shown.conditions.length
          ? ` when ${shown.conditions.join('; ')}`
          : '';
      const fix = fixStatementsOf(shown);
      const by = fix.length ? ` (${fix.map(describeStatement).join('; ')})` : '';
      message = `${arnWithKnownAs(this.scope.model, witnessCaller(shown))} ${status === 'fail' ? 'can' : 'may'} also ${shown.action} on ${arnWithKnownAs(this.scope.model, shown.resource)}${cond}${by}${more}`;
    }
    return {
      kind: 'onlyPrincipals',
      status,
      message,
      principal: shown?.principal,
      action,
      resource: shown?.resource ?? resource,
      decision: shown?.decision,
      witnesses: result.violations,
      statements: uniqueRefs(relevant.flatMap(fixStatementsOf)),
      location: several ? target.location : this.pointerLocation(e, 'onlyPrincipals'),
      ...(fix ? { fix } : {}),
    };
  }
}
