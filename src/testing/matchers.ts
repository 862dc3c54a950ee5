// Test matchers of iamspec, framework-neutral: `toAllow`, `toDeny`, `toOnlyAllow`,
// `toSatisfySpec` and `toMatchAccessSnapshot` (which hands the access summary to the framework's
// own snapshot assertion) as plain matcher functions in the shape both vitest's and jest's
// `expect.extend` take (`this` = the matcher context, first argument = the received value,
// result = `{ pass, message }`). The received value is an account Model (compiled once per model
// and cached) or a compiled Engine. Requests use model references like `iamspec eval`
// (`user/NAME`, `role/NAME`, `group/NAME` = each member, logical ids, construct paths,
// Terraform addresses, ARNs), resolved by the request layer (src/requests) as every front end
// does. `toAllow` / `toDeny` mean what a spec's `can` / `cannot` mean (spec/expected-access.ts):
// allowed / denied under every request context the test did not pin; access that holds only
// under some context is `conditional` and satisfies neither (nor their `.not` forms), and neither
// does an `indeterminate` decision, so a matcher never passes on an unknown. A resource pattern
// (`bucket/*`, `data-*`) is decided as a spec's can / cannot decide it (analysis/pattern-requests.ts):
// on every resource it stands for, each of which must be allowed / denied. A reference that
// names nothing, a principal the model cannot have and an unknown action throw; what is probably
// a typo but can be checked (a bucket that is not in the model) is a warning in the message, or
// throws with `strict`. Failure messages show the decision, the trace with each statement's
// source, for exhaustive checks the witnesses, and the warnings about the inputs an indeterminate
// verdict depends on (with a count of the others). A model with an error about the inputs that
// could change a verdict (a template AWS would reject) makes every matcher throw, naming the
// errors; with `strict`, so does one with any warning about the inputs that could change a verdict.
// `src/testing/vitest.ts` registers these.

import { accessSummary } from '../analysis/access-summary.js';
import { decideAnyContext } from '../analysis/free-decision.js';
import { checkOnly } from '../analysis/exhaustive.js';
import {
  patternInstances,
  patternPlace,
  searchedRequests,
  searchLimitDecision,
} from '../analysis/pattern-requests.js';
import type { AllowedAccess, AnalysisOptions, FreeDecision, OnlyResult, Witness } from '../analysis/types.js';
import { compileModel, type Engine, type EngineOptions } from '../engine/index.js';
import type { Decision, RequestContext } from '../engine/types.js';
import { InputError } from '../model/input-error.js';
import { hasWildcard } from '../policy/wildcard.js';
import type { Model } from '../model/types.js';
import { formatAccessSummary } from '../report/access-summary.js';
import { DEFAULT_ASSUMED } from '../report/assumed.js';
import { formatExplanation, formatTraceEntry } from '../report/explain.js';
import { fixLines } from '../report/fix-lines.js';
import { renderSpecResult } from '../report/index.js';
import { inputFailureLine, inputWarningsSummary, warningLine } from '../report/warnings.js';
import { catalogActionsOf } from '../requests/actions.js';
import { annotateMadeUpNames, madeUpNames } from '../requests/element-names.js';
import { engineRequests, type MemberDecision } from '../requests/decide.js';
import { principalProblem, resourceProblem, unresolvedVariableProblem } from '../requests/model-names.js';
import type { RequestProblem } from '../requests/problems.js';
import type { ReferenceInput } from '../requests/app-values.js';
import {
  type ResourceInput,
  resolvePrincipalRef,
  resolveResourceRef,
  resourceInputs,
} from '../requests/references.js';
import {
  principalLabel,
  type RawRequest,
  type RequestOrigin,
  type ResolvedRequest,
  resolveRequest,
} from '../requests/request.js';
import { checkedScope, describeStatement } from '../spec/check-result.js';
import { expectedStatus } from '../spec/expected-access.js';
import { planFix, worstFirst } from '../spec/fixes.js';
import { runSpec } from '../spec/run.js';
import type { SpecResult, SpecWarning } from '../spec/types.js';
import {
  failingInputWarnings,
  inputWarnings,
  warningsAbout,
  warningsOfDecision,
  witnessUnknownSources,
} from '../spec/warnings.js';
import { readSpecInput, type SpecInput } from './spec-input.js';

// ---------------------------------------------------------------------------------------
// Public types

/**
 * A principal reference: `user/NAME`, `role/NAME`, `group/NAME` (every member), a logical id,
 * construct path, Terraform address, ARN, service principal, `anonymous` or an account id; or a
 * CDK construct (a role, user or group; a function: its execution role) or token (`role.roleArn`),
 * once `iamspec/cdk` is imported.
 */
export type PrincipalReference = ReferenceInput;

/**
 * A resource reference: an ARN, or a logical id, construct path or Terraform address with an
 * optional suffix (`LogsBucket/reports/x.txt`); or a CDK construct (its ARN), a token
 * (`bucket.arnForObjects('reports/*')`) or a pair `[construct, 'suffix']`.
 */
export type ResourceReference = ResourceInput;

/** A request as the matchers take it: model references or ARNs, like an `iamspec eval` request. */
export interface AccessRequest {
  principal: PrincipalReference;
  /** One action, e.g. `s3:GetObject`. */
  action: string;
  resource: ResourceReference;
  /** Pinned request context; every other key the model does not determine is free. */
  context?: RequestContext;
  /** A session policy document, as passed when the role or federated user session was created. */
  sessionPolicy?: unknown;
}

/** The part of the matcher context (`this`) the matchers read; vitest and jest both pass it. */
export interface MatcherContext {
  isNot?: boolean;
  promise?: string;
}

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** Options of every matcher. */
export interface MatcherOptions {
  /**
   * Warnings (a bucket that is not in the model...) throw instead of being listed in the message,
   * as `strict: true` in a spec does; so does a model with a warning about the inputs that could
   * change a verdict (src/model/finding-codes.ts). Default: `configureIamspecMatchers({ strict })`,
   * else false.
   */
  strict?: boolean;
  /**
   * `toSatisfySpec`: the open-account mode, as `openAccounts: true` in the spec (src/model/open-accounts.ts):
   * onlyPrincipals also considers the users and roles of the inputs' accounts that the inputs do not define.
   */
  openAccounts?: boolean;
}

/** Options of `toOnlyAllow`: the analysis options of `checkOnly`, and `strict`. */
export type OnlyAllowOptions = AnalysisOptions & MatcherOptions;

export type { SpecDocument, SpecInput } from './spec-input.js';
/** The matchers' signatures on `expect(...)`: augment a framework's own Matchers with it (`@jest/globals`). */
export type { IamspecMatchers } from './matcher-types.js';

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------------------
// The received value

const engines = new WeakMap<Model, Engine>();
let engineOptions: EngineOptions = {};
let strictDefault = false;

/**
 * Engine options for models the matchers compile themselves (e.g. `{ now }` for
 * `aws:CurrentTime`), and the default of `strict` for every matcher. Models compiled before the
 * call keep their engine; pass a compiled Engine to `expect` to control one test alone.
 */
export function configureIamspecMatchers(options: EngineOptions & MatcherOptions): void {
  const { strict, ...engine } = options;
  engineOptions = engine;
  strictDefault = strict === true;
}

function isStrict(options: MatcherOptions | undefined): boolean {
  return options?.strict ?? strictDefault;
}

/**
 * The problems of a request: fatal ones (a principal the model cannot have, an unknown action)
 * throw, and with `strict` every one does; the others are returned as warnings.
 */
function warningsOf(problems: readonly RequestProblem[], matcher: string, strict: boolean): string[] {
  for (const p of problems) {
    if (p.fatal) throw new InputError(`${matcher}: ${p.message}`, {});
    if (strict) throw new InputError(`${matcher}: ${p.message} (strict: warnings are errors)`, {});
  }
  return problems.map((p) => p.message);
}

function warningLines(warnings: readonly string[]): string[] {
  return warnings.length ? ['', 'Warnings:', ...warnings.map((w) => `  - ${w}`)] : [];
}

/**
 * A model with an error about the inputs that could change a verdict (and, with `strict`, with
 * any warning about the inputs that could) makes every matcher throw (whatever `.not`), naming
 * them: the verdict cannot be trusted (spec/warnings.ts `failingInputWarnings`, as `check` exits 2).
 */
function checkFailingInputs(model: Model, matcher: string, strict: boolean): void {
  const failing = failingInputWarnings(inputWarnings(model), strict);
  if (!failing.length) return;
  const summary = inputWarningsSummary(failing, { prefix: '', more: 'model.findings lists them all' });
  const line = inputFailureLine(failing, strict);
  throw new InputError(`${matcher}: ${line}${strict ? ' (strict)' : ''}:\n${summary}`, {});
}

/**
 * The warnings about the inputs a verdict depends on, then one line counting the model's other
 * warnings (`model.findings` has them all).
 */
function inputWarningLines(model: Model, dependsOn: readonly SpecWarning[]): string[] {
  const lines: string[] = [];
  if (dependsOn.length) {
    lines.push(
      '',
      'Depends on (warnings about the inputs):',
      ...dependsOn.map((w) => `  - ${warningLine(w)}`),
    );
  }
  const others = inputWarnings(model).filter((w) => !dependsOn.includes(w));
  const summary = inputWarningsSummary(others, { prefix: '', shown: 0 });
  if (summary) {
    lines.push(
      '',
      `${dependsOn.length ? 'Other warnings: ' : 'Warnings about the inputs: '}${summary.trimEnd()} (model.findings lists them)`,
    );
  }
  return lines;
}

function isEngine(value: unknown): value is Engine {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Engine).decide === 'function' &&
    isModel((value as Engine).model)
  );
}

function isModel(value: unknown): value is Model {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Record<keyof Model, unknown>>;
  return (
    Array.isArray(m.users) &&
    Array.isArray(m.roles) &&
    Array.isArray(m.resources) &&
    Array.isArray(m.accounts)
  );
}

/** The engine for a received Model (compiled once per model) or the received Engine. */
export function engineFor(received: unknown, matcher: string): Engine {
  if (isEngine(received)) return received;
  if (isModel(received)) {
    let engine = engines.get(received);
    if (!engine) {
      engine = compileModel(received, engineOptions);
      engines.set(received, engine);
    }
    return engine;
  }
  if (typeof (received as { then?: unknown } | null)?.then === 'function') {
    throw new TypeError(
      `${matcher}: expect() got a Promise: await loadModel(...) first, or use expect(promise).resolves.${matcher}(...)`,
    );
  }
  const what = received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received;
  throw new TypeError(
    `${matcher}: expect() needs an iamspec Model (fromStack, fromApp, loadModel...) or a compiled Engine, got ${what}`,
  );
}

// ---------------------------------------------------------------------------------------
// toAllow / toDeny

/**
 * Resolves a matcher request; a reference that names nothing, a principal the model cannot have
 * and an unknown action throw (a typo never passes).
 */
function resolveAccessRequest(engine: Engine, request: AccessRequest, matcher: string): ResolvedRequest {
  if (typeof request !== 'object' || request === null) {
    throw new TypeError(
      `${matcher}: expected a request { principal, action, resource, context?, sessionPolicy? }`,
    );
  }
  if (typeof request.action !== 'string' || request.action === '') {
    throw new TypeError(`${matcher}: the request needs "action" (a non-empty string)`);
  }
  for (const field of ['principal', 'resource'] as const) {
    const v: unknown = request[field];
    if (v === undefined || v === null || v === '') {
      throw new TypeError(
        `${matcher}: the request needs "${field}" (a reference string, or a CDK construct or token)`,
      );
    }
  }
  const origin: RequestOrigin = {
    label: (...path) => `${matcher} request${path.length ? ` ${path.join('.')}` : ''}`,
    at: () => ({}),
  };
  const raw: RawRequest = {
    principal: request.principal,
    action: request.action,
    resource: request.resource,
  };
  if (request.context !== undefined) raw.context = request.context;
  if (request.sessionPolicy !== undefined) raw.sessionPolicy = request.sessionPolicy;
  return resolveRequest(engine, raw, 0, origin, {});
}

interface MemberAccess {
  member: MemberDecision;
  free: FreeDecision;
}

function decideMembers(engine: Engine, r: ResolvedRequest): MemberAccess[] {
  return engineRequests(r).map(({ principal, request }) => {
    const free = decideAnyContext(engine, request, { trace: true });
    return { member: { principal, request, decision: free.decision }, free };
  });
}

function accessLabel(free: FreeDecision): string {
  switch (free.access) {
    case 'allow':
      return 'ALLOW under every request context';
    case 'deny':
      return 'DENY under every request context';
    case 'conditional':
      return 'CONDITIONAL: allowed only under some request contexts';
    case 'indeterminate':
      return 'INDETERMINATE: the decision depends on a value unknown until deploy';
  }
}

function describeRequest(r: ResolvedRequest): string {
  return `${r.principal.ref} ${r.action} on ${describeResource(r)}`;
}

function conditionLines(free: FreeDecision, indent: string): string[] {
  if (free.access !== 'conditional' || !free.conditions.length) return [];
  return [`${indent}only when:`, ...free.conditions.map((c) => `${indent}  - ${c}`)];
}

function memberSummary(m: MemberAccess): string[] {
  const head = `${principalLabel(m.member.principal)}: ${accessLabel(m.free)}`;
  return [head, ...conditionLines(m.free, '  ')];
}

/** The explanation (request, trace with sources, what would change it) of each member. */
function explain(model: Model, r: ResolvedRequest, members: MemberAccess[]): string {
  const parts: string[] = [];
  for (const m of members) {
    const p = m.member.principal;
    // One member at a time, as a request of that principal alone.
    const single: ResolvedRequest =
      r.principal.kind === 'group'
        ? {
            ...r,
            principal: {
              ref: principalLabel(p),
              kind: p.element?.kind ?? 'arn',
              principals: [p],
              group: undefined,
              matchedBy: 'group member',
            },
          }
        : r;
    const heading =
      m.free.access === 'conditional' ? 'Trace (under the most favourable request context):' : 'Trace:';
    const title =
      r.principal.kind === 'group' ? `=== member ${principalLabel(p)} of ${r.principal.ref} ===\n` : '';
    parts.push(
      `${title}${heading}\n${formatExplanation(single, { decision: m.member.decision, members: [m.member] }, model).trimEnd()}`,
    );
  }
  return parts.join('\n\n');
}

function hint(members: MemberAccess[]): string[] {
  if (members.some((m) => m.free.access === 'conditional')) {
    return [
      'The access depends on request context the test did not pin (free keys can take any value): to test',
      'one case, pin the condition keys named above in the request, e.g. { ..., context: { "KEY": "VALUE" } }.',
    ];
  }
  if (members.some((m) => m.free.access === 'indeterminate')) {
    return [
      'The decision depends on a value the inputs leave unknown (see the trace); it is neither allowed nor denied.',
    ];
  }
  return [];
}

function decisionMatcher(
  ctx: MatcherContext,
  received: unknown,
  request: AccessRequest,
  want: 'allow' | 'deny',
  options: MatcherOptions | undefined,
): MatcherResult {
  const matcher = want === 'allow' ? 'toAllow' : 'toDeny';
  const isNot = ctx?.isNot === true;
  const engine = engineFor(received, matcher);
  const r = resolveAccessRequest(engine, request, matcher);
  // A resource pattern is decided as a pattern below (pattern-requests.ts), not as one name.
  const problems = r.problems.filter((p) => p.code !== 'request/resource-pattern');
  const warnings = warningsOf(problems, matcher, isStrict(options));
  checkFailingInputs(engine.model, matcher, isStrict(options));
  if (!r.principal.principals.length) {
    throw new TypeError(
      `${matcher}: "${r.principal.ref}" is a group without members: there is nobody to decide for`,
    );
  }
  const pattern = patternOf(engine, r, matcher);
  if (pattern) return patternMatcher(engine, r, pattern, want, isNot, warnings);
  const members = decideMembers(engine, r);
  const other = want === 'allow' ? 'deny' : 'allow';
  // `.not.toAllow` holds only when the request is denied under every context (and vice versa):
  // conditional and indeterminate access satisfy neither form.
  const holds = members.every((m) => expectedStatus(isNot ? other : want, m.free.access) === 'pass');
  const pass = isNot ? !holds : holds;
  const group = r.principal.kind === 'group' ? ` (every member of ${r.principal.ref})` : '';
  const verb = want === 'allow' ? 'allowed' : 'denied';
  return {
    pass,
    message: () => {
      const expectation = `expected ${describeRequest(r)}${group} ${isNot ? 'not ' : ''}to be ${verb}${isNot ? ` (i.e. ${want === 'allow' ? 'denied' : 'allowed'} under every request context)` : ' under every request context'}`;
      const lines = [expectation, ''];
      if (members.length === 1) {
        lines.push(`Decision: ${accessLabel(members[0]!.free)}`, ...conditionLines(members[0]!.free, '  '));
      } else {
        lines.push('Decisions:');
        for (const m of members) lines.push(...memberSummary(m).map((l) => `  ${l}`));
      }
      if (members.some((m) => m.free.external))
        lines.push('(the principal or resource is outside the model)');
      const h = hint(members);
      if (h.length) lines.push('', ...h);
      lines.push(...warningLines(warnings));
      lines.push(...inputWarningLines(engine.model, dependsOnOf(engine, members)));
      lines.push('', explain(engine.model, r, members));
      return annotateMadeUpNames(lines.join('\n'), madeUpNames(engine.model));
    },
  };
}

/** The warnings about the inputs the indeterminate decisions among `members` depend on. */
function dependsOnOf(engine: Engine, members: readonly MemberAccess[]): SpecWarning[] {
  return unique(
    members
      .filter((m) => m.free.access === 'indeterminate')
      .flatMap((m) => warningsOfDecision(engine.model, m.free.decision)),
  );
}

// ---------------------------------------------------------------------------------------
// toAllow / toDeny on a resource pattern

/**
 * The instances of the request's resource when it is a pattern (`bucket/*`, `data-*`, `*` for an
 * action with resource types): the model's matching resources and one instance of the pattern
 * (analysis/pattern-requests.ts, as a spec's `can` / `cannot`); undefined for one resource. A
 * pattern of no resource the action can name throws: a check on it would decide nothing.
 */
function patternOf(engine: Engine, r: ResolvedRequest, matcher: string): string[] | undefined {
  if (!hasWildcard(r.resource.arn)) return undefined;
  const action = catalogActionsOf(r.action).actions[0];
  if (!action) return undefined;
  const place = patternPlace(engine.model);
  const instances = patternInstances(engine.model, action, r.resource.arn, place);
  // `*` for an action without resource types is its one resource, not a pattern.
  if (instances.length === 1 && instances[0]!.arn === '*') return undefined;
  if (!instances.length) {
    throw new InputError(
      `${matcher}: ${r.action} on "${r.resource.arn}" names no request: no resource the pattern matches is of a type ${r.action} takes`,
      {},
    );
  }
  return instances.map((i) => i.arn);
}

/** One request of a pattern check: a member on one resource (or the search that was cut short). */
interface PatternCell extends MemberAccess {
  /** The search for the pattern's resources reached its limit: not a request. */
  searchLimit: boolean;
}

/** Every request a pattern check decides: per member, each resource of the pattern (see patternOf). */
function decidePattern(engine: Engine, r: ResolvedRequest, instances: readonly string[]): PatternCell[] {
  const cells: PatternCell[] = [];
  for (const { principal, request } of engineRequests(r)) {
    const { requests, incomplete } = searchedRequests(
      engine,
      request.principal,
      r.resource.arn,
      instances.map((resource) => ({ action: r.action, resource })),
      {
        ...(request.context ? { context: request.context } : {}),
        ...(request.sessionPolicy !== undefined ? { sessionPolicy: request.sessionPolicy } : {}),
      },
    );
    for (const action of incomplete) {
      const free = searchLimitDecision(action, r.resource.arn);
      cells.push({ member: { principal, request, decision: free.decision }, free, searchLimit: true });
    }
    for (const q of requests) {
      const one = { ...request, resource: q.resource };
      const free = decideAnyContext(engine, one, { trace: true });
      cells.push({ member: { principal, request: one, decision: free.decision }, free, searchLimit: false });
    }
  }
  return cells;
}

/** Failing resources listed besides the one shown. */
const MAX_LISTED = 10;

/**
 * `toAllow` / `toDeny` on a resource pattern: the expectation must hold on every resource the
 * pattern stands for (the rule of a spec's `can` / `cannot`); `.not` expects the opposite on every
 * one. The message shows the worst request (fail before indeterminate) with its statements and
 * trace, and counts the resources decided.
 */
function patternMatcher(
  engine: Engine,
  r: ResolvedRequest,
  instances: readonly string[],
  want: 'allow' | 'deny',
  isNot: boolean,
  warnings: readonly string[],
): MatcherResult {
  const matcher = want === 'allow' ? 'toAllow' : 'toDeny';
  const cells = decidePattern(engine, r, instances);
  const expected = isNot ? (want === 'allow' ? 'deny' : 'allow') : want;
  const status = (c: PatternCell) => expectedStatus(expected, c.free.access);
  const bad = cells.filter((c) => status(c) !== 'pass');
  const holds = bad.length === 0;
  return {
    pass: isNot ? !holds : holds,
    message: () => {
      const resources = new Set(cells.filter((c) => !c.searchLimit).map((c) => c.member.request.resource));
      const group = r.principal.kind === 'group' ? ` (every member of ${r.principal.ref})` : '';
      const verb = expected === 'allow' ? 'allowed' : 'denied';
      const lines = [
        `expected ${r.principal.ref}${group} ${r.action} on every resource matching ${describeResource(r)} to be ${verb} under every request context${isNot ? ` (.not.${matcher})` : ''}`,
        '',
        `${matcher} decided a resource pattern: ${resources.size} resource${resources.size === 1 ? '' : 's'} (the model's resources it matches, one instance of it, and each class of matching resources the principal's policies tell apart)${bad.length ? `; ${bad.length} request${bad.length === 1 ? ' is' : 's are'} not ${verb} under every request context` : `; every one is ${verb}`}.`,
      ];
      const shown = bad.find((c) => status(c) === 'fail') ?? bad[0] ?? cells.find((c) => !c.searchLimit);
      if (!shown) return lines.join('\n');
      const who = r.principal.kind === 'group' ? `${principalLabel(shown.member.principal)} ` : '';
      lines.push('', `Shown: ${who}${r.action} on ${shown.member.request.resource}`);
      if (shown.searchLimit) lines.push(`Decision: INDETERMINATE: ${shown.free.conditions.join('; ')}`);
      else lines.push(`Decision: ${accessLabel(shown.free)}`, ...conditionLines(shown.free, '  '));
      if (shown.free.grants.length) {
        lines.push('Granted by:', ...shown.free.grants.map((g) => `  - ${describeStatement(g)}`));
      }
      const others = bad.filter((c) => c !== shown);
      if (others.length) {
        lines.push(`Also not ${verb}:`);
        for (const c of others.slice(0, MAX_LISTED)) {
          const label = c.searchLimit
            ? `INDETERMINATE (${c.free.conditions.join('; ')})`
            : accessLabel(c.free);
          lines.push(
            `  - ${r.principal.kind === 'group' ? `${principalLabel(c.member.principal)} ` : ''}${c.member.request.resource}: ${label}`,
          );
        }
        if (others.length > MAX_LISTED) lines.push(`  ... and ${others.length - MAX_LISTED} more`);
      }
      if (cells.some((c) => c.free.external)) lines.push('(the principal or resource is outside the model)');
      const h = shown.searchLimit ? [] : hint([shown]);
      if (h.length) lines.push('', ...h);
      lines.push(...warningLines(warnings));
      lines.push(...inputWarningLines(engine.model, dependsOnOf(engine, bad)));
      if (!shown.searchLimit) {
        const arn = shown.member.request.resource;
        const single: ResolvedRequest = {
          ...r,
          resource: {
            ref: arn,
            arn,
            element: undefined,
            suffix: undefined,
            matchedBy: 'a resource of the pattern',
          },
        };
        lines.push('', explain(engine.model, single, [shown]));
      }
      return annotateMadeUpNames(lines.join('\n'), madeUpNames(engine.model));
    },
  };
}

function describeResource(r: ResolvedRequest): string {
  return r.resource.ref === r.resource.arn ? r.resource.arn : `${r.resource.ref} (${r.resource.arn})`;
}

/** Passes when the request is allowed under every request context the test did not pin. */
export function toAllow(
  this: MatcherContext,
  received: unknown,
  request: AccessRequest,
  options?: MatcherOptions,
): MatcherResult {
  return decisionMatcher(this, received, request, 'allow', options);
}

/** Passes when the request is denied under every request context the test did not pin. */
export function toDeny(
  this: MatcherContext,
  received: unknown,
  request: AccessRequest,
  options?: MatcherOptions,
): MatcherResult {
  return decisionMatcher(this, received, request, 'deny', options);
}

// ---------------------------------------------------------------------------------------
// toOnlyAllow

/**
 * Allowed access of `toOnlyAllow`: every action on every resource of the entry. Actions may hold
 * IAM wildcards; resources are ARNs (patterns too) or model references, CDK constructs or tokens;
 * either may be a list (a list of two `[construct, 'suffix']` is one resource with a suffix).
 */
export interface OnlyAllowEntry {
  action: string | readonly string[];
  resource: ResourceReference | readonly ResourceReference[];
}

/** The allowed entries with their resources as ARNs; unknown actions throw, problems are warnings. */
function resolveAllowed(
  model: Model,
  allowed: readonly OnlyAllowEntry[],
  problems: RequestProblem[],
): AllowedAccess[] {
  if (!Array.isArray(allowed)) {
    throw new TypeError(
      'toOnlyAllow: the second argument is the list of allowed { action, resource } entries',
    );
  }
  return allowed.flatMap((a, i) => {
    const actions = typeof a?.action === 'string' ? [a.action] : a?.action;
    const shape = `toOnlyAllow: allowed[${i}] must be { action, resource } (each a string or a list; a resource may be a CDK construct or token)`;
    if (
      !Array.isArray(actions) ||
      !actions.length ||
      !actions.every((x) => typeof x === 'string' && x !== '') ||
      a.resource === undefined ||
      a.resource === null ||
      a.resource === '' ||
      (Array.isArray(a.resource) && !a.resource.length)
    ) {
      throw new TypeError(shape);
    }
    for (const action of actions) {
      const { problem } = catalogActionsOf(action);
      if (problem) throw new InputError(`toOnlyAllow: allowed[${i}]: ${problem}`, {});
    }
    const resources = resourceInputs(model, a.resource).map((input) => {
      const resolution = resolveResourceRef(model, input);
      const p = resolution.element
        ? unresolvedVariableProblem('resource', resolution.arn)
        : resourceProblem(model, resolution.arn);
      if (p) problems.push(p);
      return resolution.arn;
    });
    return actions.flatMap((action: string) => resources.map((resource) => ({ action, resource })));
  });
}

/** A witness and its conditions (the statements behind it are in the grouped fix). */
function witnessLines(w: Witness, indent: string): string[] {
  const lines = [
    `${indent}${w.action} on ${w.resource}: ${w.access.toUpperCase()}${w.external ? ' (external)' : ''}`,
  ];
  for (const c of w.conditions) lines.push(`${indent}    only when ${c}`);
  return lines;
}

function traceLines(decision: Decision, indent: string): string[] {
  const lines: string[] = [];
  for (const e of decision.trace ?? []) {
    if (e.stage === 'result') continue;
    lines.push(...formatTraceEntry(e, indent));
  }
  return lines;
}

interface OnlyMember {
  label: string;
  principal: string;
  result: OnlyResult;
}

/**
 * Passes when the principal (a group: each member) has no access at all beyond `allowed`, over
 * every action of the catalog and every resource it could name (an exhaustive check). Access
 * under some request context only (conditional) counts as access.
 */
export function toOnlyAllow(
  this: MatcherContext,
  received: unknown,
  principalRef: PrincipalReference,
  allowed: readonly OnlyAllowEntry[],
  options: OnlyAllowOptions = {},
): MatcherResult {
  const isNot = this?.isNot === true;
  const engine = engineFor(received, 'toOnlyAllow');
  if (principalRef === undefined || principalRef === null || principalRef === '') {
    throw new TypeError(
      'toOnlyAllow: the first argument is the principal (user/NAME, role/NAME, group/NAME, an ARN, a CDK construct...)',
    );
  }
  const resolution = resolvePrincipalRef(engine.model, principalRef);
  const principal = resolution.ref;
  if (!resolution.principals.length) {
    throw new TypeError(`toOnlyAllow: "${principal}" is a group without members: there is nobody to check`);
  }
  const problems: RequestProblem[] = [];
  for (const p of resolution.principals) {
    const problem = principalProblem(engine.model, engine.principalDirectory, p.principal);
    if (problem) problems.push(problem);
  }
  const { strict, ...analysisOptions } = options;
  const access = resolveAllowed(engine.model, allowed, problems);
  const warnings = warningsOf(problems, 'toOnlyAllow', isStrict({ strict }));
  checkFailingInputs(engine.model, 'toOnlyAllow', isStrict({ strict }));
  const members: OnlyMember[] = resolution.principals.map((p) => ({
    label: principalLabel(p),
    principal: p.principal,
    result: checkOnly(engine, p.principal, access, analysisOptions),
  }));
  const holds = members.every((m) => m.result.holds);
  const violations = members.flatMap((m) => m.result.violations);
  // `.not.toOnlyAllow` (the principal has more access) needs a real witness: indeterminate
  // witnesses alone satisfy neither form.
  const hasAccessBeyond = violations.some((w) => w.access === 'allow' || w.access === 'conditional');
  const pass = isNot ? !hasAccessBeyond : holds;
  const group = resolution.kind === 'group' ? ` (each member of ${principal})` : '';
  return {
    pass,
    message: () => onlyAllowMessage(engine, `${principal}${group}`, access, members, isNot, warnings),
  };
}

/** The message of `toOnlyAllow`: the list, then each member's witnesses and fixes, then warnings. */
function onlyAllowMessage(
  engine: Engine,
  who: string,
  access: readonly { action: string; resource: string }[],
  members: readonly OnlyMember[],
  isNot: boolean,
  warnings: ReturnType<typeof warningsOf>,
): string {
  const lines: string[] = [];
  const list = access.length ? access.map((a) => `  - ${a.action} on ${a.resource}`) : ['  (nothing at all)'];
  if (isNot) {
    lines.push(`expected ${who} to have access beyond:`, ...list);
    lines.push('but the exhaustive check found no access beyond it.', '');
  } else {
    lines.push(
      `expected ${who} to have only this access (exhaustive: every action of the catalog, every resource it could name):`,
      ...list,
      '',
    );
  }
  for (const m of members) lines.push(...memberLines(engine, m, members.length > 1 ? `${m.label}: ` : ''));
  const violations = members.flatMap((m) => m.result.violations);
  if (!isNot && violations.length && violations.every((w) => w.access === 'indeterminate')) {
    lines.push(
      'The only witnesses depend on values unknown until deploy: the check cannot pass (nor fail) until they are known.',
    );
  }
  lines.push(...warningLines(warnings));
  const dependsOn = warningsAbout(
    engine.model,
    violations.filter((w) => w.access === 'indeterminate').flatMap((w) => witnessUnknownSources(w)),
  );
  lines.push(...inputWarningLines(engine.model, dependsOn));
  return annotateMadeUpNames(lines.join('\n').trimEnd(), madeUpNames(engine.model));
}

/** One member's part of the `toOnlyAllow` message (`head` names it when there are several). */
function memberLines(engine: Engine, m: OnlyMember, head: string): string[] {
  const lines: string[] = [];
  const r = m.result;
  if (r.violations.length) {
    // Said once, as `check` says it: the worst witness, then the statements to change, each
    // with its source and the access it grants by action family, then the context.
    const failing = r.violations.filter((w) => w.access === 'allow' || w.access === 'conditional');
    const relevant = worstFirst(failing.length ? failing : r.violations);
    const first = relevant[0]!;
    lines.push(
      `${head}it can also (${r.violations.length} witness${r.violations.length === 1 ? '' : 'es'}${r.violations.length > 1 ? '; the worst first' : ''}):`,
      ...witnessLines(first, '  '),
    );
    const grouped = fixLines(planFix(engine.model, relevant, { principal: m.principal }));
    for (const l of grouped) lines.push(`${'  '.repeat(l.indent + 1)}${l.text}`);
    if (first.decision.trace?.length) {
      lines.push('', `Trace of ${first.action} on ${first.resource}:`, ...traceLines(first.decision, '  '));
    }
  } else {
    lines.push(`${head}no access beyond the list.`);
  }
  if (r.unused.length) {
    lines.push(
      `${head}listed but not allowed: ${r.unused.map((u) => `${u.action} on ${u.resource}`).join(', ')}`,
    );
  }
  lines.push(`${head}${checkedScope(r.checked)}.`, '');
  return lines;
}

// ---------------------------------------------------------------------------------------
// toSatisfySpec

/**
 * Passes when every expectation of the access spec holds for the model. The report in the
 * message lists the spec's warnings; with `strict` they throw.
 */
export function toSatisfySpec(
  this: MatcherContext,
  received: unknown,
  spec: SpecInput,
  options?: MatcherOptions,
): MatcherResult {
  const isNot = this?.isNot === true;
  const engine = engineFor(received, 'toSatisfySpec');
  const parsed = readSpecInput(spec);
  const result: SpecResult = runSpec(engine.model, parsed, {
    engine,
    strict: isStrict(options),
    ...(options?.openAccounts ? { openAccounts: true } : {}),
  });
  const name = typeof spec === 'string' ? spec : (parsed.file ?? 'the access spec');
  checkFailingInputs(engine.model, 'toSatisfySpec', result.strict);
  // `.not` needs a failing expectation: indeterminate ones alone satisfy neither form.
  const failed = result.summary.failed > 0;
  const pass = isNot ? !failed : result.ok;
  return {
    pass,
    message: () => {
      const head = isNot
        ? `expected the model not to satisfy ${name}, but no expectation fails`
        : `expected the model to satisfy ${name}`;
      return `${head}\n\n${renderSpecResult(result, 'text', { color: false }).trimEnd()}`;
    },
  };
}

// ---------------------------------------------------------------------------------------
// toMatchAccessSnapshot

/** Options of `toMatchAccessSnapshot`. */
export interface AccessSnapshotOptions extends MatcherOptions {
  /**
   * Request context pinned for every request, as `iamspec matrix --assume` (default: requests use
   * TLS, `aws:SecureTransport` = `true`; `{}` pins nothing).
   */
  assume?: RequestContext;
}

/**
 * A test framework's own snapshot assertion, called with the matcher context (`this`) of the
 * matcher that delegates to it: vitest's `Snapshots.toMatchSnapshot` (vitest >= 4.1), jest's
 * `toMatchSnapshot` of jest-snapshot. It stores the received value in the test's snapshot file
 * (or compares it with the stored one) and returns the matcher result.
 */
export type SnapshotAssertion = (this: unknown, received: unknown, hint?: string) => MatcherResult;

let snapshotAssertion: SnapshotAssertion | undefined;

/**
 * Sets the snapshot assertion `toMatchAccessSnapshot` delegates to. `iamspec/vitest` sets vitest's;
 * under jest, jest's is found by itself (the `toMatchSnapshot` jest registers on its `expect`).
 */
export function setSnapshotAssertion(assertion: SnapshotAssertion | undefined): void {
  snapshotAssertion = assertion;
}

/** jest's `toMatchSnapshot` as jest registered it on its expect (jest-circus, jest 22 and later). */
function jestSnapshotAssertion(): SnapshotAssertion | undefined {
  const registry = (globalThis as Record<symbol, { matchers?: Record<string, unknown> } | undefined>)[
    Symbol.for('$$jest-matchers-object')
  ];
  const fn = registry?.matchers?.toMatchSnapshot;
  return typeof fn === 'function' ? (fn as SnapshotAssertion) : undefined;
}

/**
 * Stores the model's effective-access summary (analysis/access-summary.ts: per principal, by
 * access level, the actions and the resources they reach with their conditions; the roles it can
 * reach; the risk findings) in the test's snapshot file through the framework's own snapshot
 * mechanism, or compares it with the stored one: any access change fails the test with a readable
 * diff, `-u` accepts it. Re-synthesizing with other logical ids, renaming a policy or reordering
 * statements does not change it.
 */
export function toMatchAccessSnapshot(
  this: MatcherContext,
  received: unknown,
  hint?: string,
  options: AccessSnapshotOptions = {},
): MatcherResult {
  const matcher = 'toMatchAccessSnapshot';
  if (this?.isNot) throw new TypeError(`${matcher}: snapshot matchers cannot be used with .not`);
  if (hint !== undefined && typeof hint !== 'string') {
    throw new TypeError(`${matcher}: the first argument is an optional hint (a string) naming the snapshot`);
  }
  const engine = engineFor(received, matcher);
  checkFailingInputs(engine.model, matcher, isStrict(options));
  const assertion = snapshotAssertion ?? jestSnapshotAssertion();
  if (!assertion) {
    throw new TypeError(
      `${matcher}: no snapshot mechanism to store the access summary in: import 'iamspec/vitest' (vitest 4.1 or later) or run under jest`,
    );
  }
  const summary = formatAccessSummary(accessSummary(engine, { context: options.assume ?? DEFAULT_ASSUMED }));
  return assertion.call(this, summary, hint === undefined ? 'access' : `access: ${hint}`);
}

/** The matchers as one object for `expect.extend` (vitest or jest). */
export const iamspecMatchers = { toAllow, toDeny, toOnlyAllow, toSatisfySpec, toMatchAccessSnapshot };
