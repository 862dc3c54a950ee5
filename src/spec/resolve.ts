// Resolving the references of an access spec against a model, through the request layer
// (src/requests): principal references (ARN, user/role/group NAME, logical id, Terraform address,
// service principal, anonymous, account) into request principals, resource references (with
// suffix, ARN patterns allowed) into ARNs, action patterns into catalog actions, and `can` /
// `cannot` entries into the concrete requests to decide. What names nothing is a SpecError at the
// spec element, so a typo can never make a check pass vacuously: an unknown reference, a
// principal ARN of a model account that the model does not have, an action the catalog does not
// know, a group without members. An exact bucket ARN that is not in the model is a warning (real
// stacks grant access to buckets made elsewhere), with the close bucket names; `strict` makes
// every warning an error.

import type { CatalogAction } from '../catalog/types.js';
import { modelMatches, patternInstances, patternPlace } from '../analysis/pattern-requests.js';
import type { AllowedPrincipal } from '../analysis/types.js';
import type { PrincipalDirectory } from '../engine/principal.js';
import type { RequestContext } from '../engine/types.js';
import type { Model } from '../model/types.js';
import { hasWildcard } from '../policy/wildcard.js';
import { catalogActionsOf } from '../requests/actions.js';
import { callerContext } from '../requests/federated.js';
import { isAppToken } from '../requests/app-values.js';
import { principalProblem, resourceProblem, unresolvedVariableProblem } from '../requests/model-names.js';
import type { RequestProblem } from '../requests/problems.js';
import {
  ModelReferenceError,
  type PrincipalResolution,
  type ReferenceOptions,
  resolvePrincipalRef,
  resolveResourceRef,
  resourceInputs,
} from '../requests/references.js';
import { SpecError } from './errors.js';
import type { AccessSpec, SpecLocation, SpecWarning } from './types.js';

export interface SpecScope {
  model: Model;
  /** The engine's principal directory: principals are read the way the engine reads them. */
  directory: PrincipalDirectory;
  options: ReferenceOptions;
  /** Account and region of witness resources (`*` in an ARN pattern's account / region field). */
  account: string | undefined;
  region: string | undefined;
  /** Warnings make the spec an error (`strict: true`, `--strict`). */
  strict: boolean;
  /** The warnings found so far (each once). */
  warnings: SpecWarning[];
}

export function scopeOf(
  model: Model,
  directory: PrincipalDirectory,
  spec: AccessSpec,
  strict: boolean,
): SpecScope {
  const { account, region } = patternPlace(model, spec.account);
  return {
    model,
    directory,
    options: spec.account ? { account: spec.account } : {},
    account,
    region,
    strict,
    warnings: [],
  };
}

function referenceError(e: unknown, at: SpecLocation): never {
  if (e instanceof ModelReferenceError) throw new SpecError(e.message, at, { cause: e });
  throw e;
}

/** `resolvePrincipalRef` with a reference that names nothing reported at `at` (a SpecError). */
function resolvePrincipalAt(
  scope: SpecScope,
  ref: string,
  at: SpecLocation,
  options: Parameters<typeof resolvePrincipalRef>[2] = scope.options,
): PrincipalResolution {
  try {
    return resolvePrincipalRef(scope.model, ref, options);
  } catch (e) {
    referenceError(e, at);
  }
}

/**
 * A problem the request layer found at a spec element: fatal ones (and, when strict, every one)
 * are a SpecError; the others are listed once as warnings of the result.
 */
function report(scope: SpecScope, problem: RequestProblem | undefined, at: SpecLocation): void {
  if (!problem) return;
  if (problem.fatal) throw new SpecError(problem.message, at);
  if (scope.strict) throw new SpecError(`${problem.message} (strict: warnings are errors)`, at);
  const code = `spec/${problem.code.slice(problem.code.indexOf('/') + 1)}`;
  if (
    scope.warnings.some(
      (w) => w.code === code && w.message === problem.message && w.location?.pointer === at.pointer,
    )
  ) {
    return;
  }
  scope.warnings.push({
    code,
    severity: 'warning',
    message: problem.message,
    candidates: problem.candidates,
    location: at,
  });
}

// ---------------------------------------------------------------------------------------
// Principals

export interface SpecPrincipal {
  /** The request principal (ARN, service principal, `anonymous`, account id, federated principal). */
  principal: string;
  /** How to name it in messages: the reference, or `group/HR member user/john`. */
  label: string;
  /** A federated caller's token claims: the context of its requests (under the spec's own). */
  context?: RequestContext;
  /**
   * The session policy its credentials carry when the spec gives none: a Cognito guest's
   * enhanced-flow scope-down (aws/cognito-identity-pools.ts `guestSessionPolicy`).
   */
  sessionPolicy?: unknown;
}

/** The session policy of a check's requests: the spec's, else the actor's credentials' own. */
export function sessionPolicyOf(
  e: { sessionPolicy?: unknown },
  actor: SpecPrincipal,
): { sessionPolicy?: unknown } {
  const policy = e.sessionPolicy ?? actor.sessionPolicy;
  return policy !== undefined ? { sessionPolicy: policy } : {};
}

function memberLabel(resolution: PrincipalResolution, principal: string): string {
  if (resolution.kind !== 'group') return resolution.ref;
  const name = principal.slice(principal.lastIndexOf('/') + 1);
  return `user/${name} (member of ${resolution.ref})`;
}

/**
 * The principals a reference stands for (a group: each member). `requireSome`: a group without
 * members is an error (nothing would be checked).
 */
export function resolveSpecPrincipal(
  scope: SpecScope,
  ref: string,
  at: SpecLocation,
  requireSome: boolean,
): SpecPrincipal[] {
  const resolution = resolvePrincipalAt(scope, ref, at);
  for (const p of resolution.principals)
    report(scope, principalProblem(scope.model, scope.directory, p.principal), at);
  if (requireSome && resolution.principals.length === 0) {
    throw new SpecError(
      `${ref} has no members in the model, so this expectation would check nobody; name the principals directly or drop it`,
      at,
    );
  }
  return resolution.principals.map((p) => ({
    principal: p.principal,
    label: memberLabel(resolution, p.principal),
    ...(p.caller ? { context: callerContext(p.caller) as RequestContext } : {}),
  }));
}

/** A `via` entry: exactly one model role. */
export function resolveViaRole(scope: SpecScope, ref: string, at: SpecLocation): string {
  const resolution = resolvePrincipalAt(scope, ref, at);
  const p = resolution.principals[0];
  const isRole =
    resolution.kind === 'role' ||
    (resolution.kind === 'arn' && /^arn:[^:]+:iam::\d{12}:role\//.test(p?.principal ?? ''));
  if (!isRole || !p) {
    throw new SpecError(`"via" takes roles to assume; "${ref}" is ${describeKind(resolution)}`, at);
  }
  report(scope, principalProblem(scope.model, scope.directory, p.principal), at);
  return p.principal;
}

function describeKind(r: PrincipalResolution): string {
  switch (r.kind) {
    case 'group':
      return 'a group';
    case 'user':
      return 'a user';
    case 'service':
      return 'a service principal';
    case 'account':
      return 'an account';
    case 'anonymous':
      return 'anonymous';
    default:
      return 'not a role ARN';
  }
}

/**
 * How messages name a reference: itself, or for a CDK token its construct path (`SvcStack/Reader`);
 * a token that does not resolve is named as written (resolving it reports the error).
 */
export function referenceLabel(scope: SpecScope, ref: string, role: 'principal' | 'resource'): string {
  if (!isAppToken(ref)) return ref;
  try {
    return role === 'principal'
      ? resolvePrincipalRef(scope.model, ref, scope.options).ref
      : resolveResourceRef(scope.model, ref, scope.options).ref;
  } catch {
    return ref;
  }
}

/**
 * `onlyPrincipals` entries: every principal each reference stands for (an empty group allows
 * nobody); a federated caller with the claims it pins (patterns allowed: `github:acme/*`).
 */
export function resolveAllowedPrincipals(
  scope: SpecScope,
  refs: string[],
  at: (i: number) => SpecLocation,
): AllowedPrincipal[] {
  const out: AllowedPrincipal[] = [];
  refs.forEach((ref, i) => {
    const resolution = resolvePrincipalAt(scope, ref, at(i), { ...scope.options, claimPatterns: true });
    for (const p of resolution.principals) {
      report(scope, principalProblem(scope.model, scope.directory, p.principal), at(i));
      if (p.caller) out.push({ principal: p.caller.principal, claims: p.caller.claims, label: p.caller.ref });
      else if (!out.includes(p.principal)) out.push(p.principal);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Resources and actions

/**
 * A resource reference as an ARN (or ARN pattern, or `*`); with `suffix`, the pair
 * `[ref, suffix]` (a CDK token's resource with a suffix).
 */
export function resolveSpecResource(
  scope: SpecScope,
  ref: string,
  at: SpecLocation,
  suffix?: string,
): string {
  let resolution: ReturnType<typeof resolveResourceRef>;
  try {
    const input = suffix === undefined ? ref : resourceInputs(scope.model, [ref, suffix])[0]!;
    resolution = resolveResourceRef(scope.model, input, scope.options);
  } catch (e) {
    referenceError(e, at);
  }
  report(
    scope,
    resolution.element
      ? unresolvedVariableProblem('resource', resolution.arn)
      : resourceProblem(scope.model, resolution.arn),
    at,
  );
  return resolution.arn;
}

/** Catalog actions an action (or pattern) of the spec stands for; an unknown action is an error. */
export function resolveSpecActions(action: string, at: SpecLocation): CatalogAction[] {
  const { actions, problem } = catalogActionsOf(action);
  if (problem) throw new SpecError(problem, at);
  return actions;
}

export interface ConcreteRequest {
  action: string;
  resource: string;
  /** The resource stands for resources outside the model matching the pattern. */
  witness: boolean;
}

/**
 * The requests a `can` / `cannot` entry stands for: every catalog action the action (pattern)
 * matches, on every model resource the resource pattern matches plus a witness instance of the
 * pattern (a resource outside the model). With a pattern on either side, only pairs whose
 * resource fits one of the action's resource types are kept. None at all is an error.
 */
export function expandRequests(
  scope: SpecScope,
  action: string,
  resourcePattern: string,
  at: SpecLocation,
): ConcreteRequest[] {
  const actions = resolveSpecActions(action, at);
  const exact = !hasWildcard(action) && !hasWildcard(resourcePattern);
  if (exact) return [{ action: actions[0]!.name, resource: resourcePattern, witness: false }];
  const matches = hasWildcard(resourcePattern) ? modelMatches(scope.model, resourcePattern) : [];
  const place = { account: scope.account, region: scope.region };
  const out = actions.flatMap((a) =>
    patternInstances(scope.model, a, resourcePattern, place, matches).map((r) => ({
      action: a.name,
      resource: r.arn,
      witness: r.witness,
    })),
  );
  if (!out.length) {
    throw new SpecError(
      `"${action}" on "${resourcePattern}" names no request: no resource it matches is of a type ${hasWildcard(action) ? 'those actions take' : `${action} takes`}`,
      at,
    );
  }
  return out;
}
