// Running an access spec against a model: the spec's account is checked against the model's
// (account.ts), each expectation's references are resolved (resolve.ts) before anything is
// decided (a typo is an error, not a result), then each check kind runs in its own module:
// `via` chains hop by hop (check-via.ts), `can` / `cannot` under every request context the spec
// does not pin (check-access.ts), `only` / `onlyPrincipals` exhaustively (check-only.ts),
// `cannotBecome` / `noEscalation` over the escalation graph (check-escalation.ts). The result is
// the `SpecResult` every front end reads: per check a status, a one-line message, the decision
// or witnesses, the statements (with their sources) a person must look at to fix a failure, and
// the warnings about the inputs its verdict depends on (check-result.ts `withInputWarnings`);
// and the one list of warnings: the spec's, then the inputs' (spec/warnings.ts). An error about
// the inputs that could change a verdict makes the result not `ok`, and with `strict` so does
// every warning about the inputs that could change a verdict. Owns
// `runSpec`, `checkSpecFile` and the order of an expectation's checks.

import { guestSessionPolicy } from '../aws/cognito-identity-pools.js';
import { mergeContexts } from '../requests/context.js';
import { compileModel, type Engine, resolveRequestPrincipal } from '../engine/index.js';
import { carriesSessionPolicy } from '../engine/request-policies.js';
import { hasOpenAccounts, withOpenAccounts } from '../model/open-accounts.js';
import type { Model } from '../model/types.js';
import { checkSpecAccount } from './account.js';
import { decideCheck } from './check-access.js';
import { escalationChecks } from './check-escalation.js';
import { onlyCheck, onlyPrincipalsChecks } from './check-only.js';
import {
  type CheckContext,
  pointerLocation,
  type UnlinkedCheck,
  withInputWarnings,
  worstStatus,
} from './check-result.js';
import { sessionClaims, viaCheck, viaLabel } from './check-via.js';
import { SpecError } from './errors.js';
import { loadSpec, specAsInputsOf } from './parse.js';
import {
  expandRequests,
  referenceLabel,
  resolveSpecActions,
  resolveSpecPrincipal,
  resolveSpecResource,
  resolveViaRole,
  type SpecPrincipal,
  scopeOf,
} from './resolve.js';
import type { AccessSpec, Expectation, ExpectationResult, SpecAccess, SpecResult } from './types.js';
import { failingInputWarnings, inputWarnings } from './warnings.js';

export { statementsToFix } from './check-result.js';

export interface RunSpecOptions {
  /** A compiled engine of `model` (compiled here when absent). */
  engine?: Engine;
  /** The input files the model was loaded from (copied to the result for report locations). */
  inputs?: string[];
  /** Every warning is an error (a SpecError), as `strict: true` in the spec does. */
  strict?: boolean;
  /**
   * The open-account mode, as `openAccounts: true` in the spec (`--open-accounts`): the checks
   * run on `withOpenAccounts(model)` (src/model/open-accounts.ts).
   */
  openAccounts?: boolean;
}

export const ROOT_USER_NOTE =
  'The account root user is outside exhaustive principal checks (onlyPrincipals): IAM policies cannot restrict it.';

/**
 * The assumption an exhaustive principal check rests on, said where it is made: the users and
 * roles of the inputs' own accounts are the ones the inputs define (principals of other accounts
 * are all considered, their identity side taken to allow). A role created in the account
 * elsewhere (another stack, the console, IAM Identity Center) is not: a policy naming the
 * account or `*` gives it whatever its own policies allow, which the inputs cannot tell.
 */
export const OWN_ACCOUNT_PRINCIPALS_NOTE =
  'Exhaustive principal checks (onlyPrincipals) take the inputs\' accounts to hold only the users and roles the inputs define or a policy names by exact ARN: principals created in those accounts elsewhere (other stacks, the console, IAM Identity Center) are not considered, and a policy naming the account or "*" would give them what their own policies allow.';

/**
 * What an exhaustive principal check considers in the open-account mode (src/model/open-accounts.ts),
 * said instead of `OWN_ACCOUNT_PRINCIPALS_NOTE`.
 */
export const OPEN_ACCOUNTS_NOTE =
  'Open accounts (--open-accounts / openAccounts: true): exhaustive principal checks (onlyPrincipals) also consider, in each account of the inputs, any user and any role the inputs do not define (other stacks, the console, IAM Identity Center), with unknown identity policies, name and path: what a resource policy, the account or "*" could give them is indeterminate, what nothing could give them is denied.';

/** Reads the spec file and runs it. */
export function checkSpecFile(model: Model, path: string, options: RunSpecOptions = {}): SpecResult {
  return runSpec(model, loadSpec(path), options);
}

/**
 * Checks every expectation of `spec` against `model`. Throws SpecError (a user error with the
 * spec location) when a reference names nothing in the model; failing checks are results.
 */
export function runSpec(given: Model, givenSpec: AccessSpec, options: RunSpecOptions = {}): SpecResult {
  const spec = specAsInputsOf(given, givenSpec);
  checkSpecAccount(given, spec);
  const open = options.openAccounts === true || spec.openAccounts === true || hasOpenAccounts(given);
  const model = open ? withOpenAccounts(given) : given;
  const engine =
    options.engine?.model === model ? options.engine : compileModel(model, options.engine?.options ?? {});
  const strict = options.strict === true || spec.strict;
  const scope = scopeOf(model, engine.principalDirectory, spec, strict);
  const ctx: CheckContext = { engine, scope, spec };
  const expectations = spec.expect.map((e) => runExpectation(ctx, e));
  const warnings = [...scope.warnings, ...inputWarnings(model)];
  const count = (s: ExpectationResult['status']) => expectations.filter((e) => e.status === s).length;
  const summary = {
    expectations: expectations.length,
    passed: count('pass'),
    failed: count('fail'),
    indeterminate: count('indeterminate'),
  };
  const notes = spec.expect.some((e) => e.onlyPrincipals)
    ? [ROOT_USER_NOTE, open ? OPEN_ACCOUNTS_NOTE : OWN_ACCOUNT_PRINCIPALS_NOTE]
    : [];
  const failsInputs = failingInputWarnings(warnings, strict).length > 0;
  return {
    ok: summary.passed === summary.expectations && !failsInputs,
    strict,
    ...(open ? { openAccounts: true } : {}),
    specFile: spec.file,
    inputs: options.inputs ?? [],
    expectations,
    summary,
    notes,
    warnings,
  };
}

function runExpectation(ctx: CheckContext, e: Expectation): ExpectationResult {
  const unlinked = e.onlyPrincipals ? onlyPrincipalsChecks(ctx, e) : principalChecks(ctx, e);
  const checks = unlinked.map((c) => withInputWarnings(ctx.engine.model, c));
  return {
    id: e.id,
    description: e.description,
    status: worstStatus(checks.map((c) => c.status)),
    checks,
    location: e.location,
  };
}

/** A `can` / `cannot` entry resolved: its resource and the requests it stands for. */
function requestsOf(ctx: CheckContext, a: SpecAccess) {
  const resource = resolveSpecResource(ctx.scope, a.resource, a.location, a.suffix);
  return { resource, requests: expandRequests(ctx.scope, a.action, resource, a.location) };
}

/** An `only` entry resolved (its actions checked to exist). */
function allowedOf(ctx: CheckContext, a: SpecAccess) {
  resolveSpecActions(a.action, a.location);
  return { action: a.action, resource: resolveSpecResource(ctx.scope, a.resource, a.location, a.suffix) };
}

/**
 * principal + via / can / cannot / only / cannotBecome / noEscalation. With `via`, the chain is
 * checked first for each principal; if it holds, the other checks run as the last role of the
 * chain (one actor), else they do not run.
 */
function principalChecks(ctx: CheckContext, e: Expectation): UnlinkedCheck[] {
  const principals = resolveSpecPrincipal(
    ctx.scope,
    e.principal!,
    pointerLocation(ctx, e, 'principal'),
    true,
  );
  const roles = e.via.map((ref, i) =>
    resolveViaRole(ctx.scope, ref, pointerLocation(ctx, e, e.via.length > 1 ? `via/${i}` : 'via')),
  );
  // Resolve every reference before deciding anything: a typo is an error, not a result.
  const can = e.can.map((a) => requestsOf(ctx, a));
  const cannot = e.cannot.map((a) => requestsOf(ctx, a));
  const only = e.only?.map((a) => allowedOf(ctx, a));

  const checks: UnlinkedCheck[] = [];
  let actors: SpecPrincipal[] = principals;
  if (roles.length) {
    const via = principals.map((p) => viaCheck(ctx, e, p, roles));
    checks.push(...via);
    if (via.some((c) => c.status !== 'pass')) return checks;
    // A federated caller's role session carries the cross-service claims of its token.
    const claims = principals.length === 1 ? sessionClaims(principals[0]!) : undefined;
    // A Cognito guest's credentials from the enhanced flow carry Cognito's scope-down (the first
    // role's session; a longer chain's next hop is decided with it by viaCheck, and the roles
    // after it are sessions of their own).
    const first = principals.length === 1 && roles.length === 1 ? principals[0]! : undefined;
    const scopeDown =
      first && guestSessionPolicy(ctx.engine.model, first.principal, mergeContexts(first.context, e.context));
    actors = [
      {
        principal: roles[roles.length - 1]!,
        label: `${referenceLabel(ctx.scope, e.principal!, 'principal')} via ${viaLabel(ctx, e)}`,
        ...(claims ? { context: claims } : {}),
        ...(scopeDown ? { sessionPolicy: scopeDown } : {}),
      },
    ];
  } else if (
    e.sessionPolicy !== undefined &&
    // Which principals carry one: the engine's rule (engine/request-policies.ts `carriesSessionPolicy`).
    !principals.every((p) => carriesSessionPolicy(resolveRequestPrincipal(p.principal, ctx.scope.directory)))
  ) {
    throw new SpecError(
      'sessionPolicy applies to a role session or a federated user session: add "via" with the role to assume, or name a role as principal',
      pointerLocation(ctx, e, 'sessionPolicy'),
    );
  }
  for (const actor of actors) {
    e.can.forEach((a, i) => {
      checks.push(decideCheck(ctx, 'can', e, actor, a, can[i]!));
    });
    e.cannot.forEach((a, i) => {
      checks.push(decideCheck(ctx, 'cannot', e, actor, a, cannot[i]!));
    });
    if (e.only && only) checks.push(onlyCheck(ctx, e, actor, only));
  }
  if (e.cannotBecome.length || e.noEscalation)
    for (const p of principals) checks.push(...escalationChecks(ctx, e, p));
  return checks;
}
