// The exhaustive checks of a spec (analysis/exhaustive.ts): `only` (the principal can do nothing
// but the listed access, over every action and every resource class) and `onlyPrincipals` (no
// principal but the listed ones can make the request). A failure leads with the worst request
// the first statement to change grants, with a fix plan (fixes.ts). Owns `onlyCheck`,
// `onlyPrincipalsChecks`.

import { checkOnly, checkOnlyPrincipals } from '../analysis/exhaustive.js';
import type { AllowedAccess, AllowedPrincipal, Witness } from '../analysis/types.js';
import type { Model } from '../model/types.js';
import { mergeContexts } from '../requests/context.js';
import { sessionPolicyOf } from './resolve.js';
import { arnWithKnownAs } from '../requests/element-names.js';
import { witnessCaller } from '../requests/federated.js';
import {
  type CheckContext,
  checkedScope,
  describeContext,
  describeStatement,
  headline,
  pointerLocation,
  type Status,
  type UnlinkedCheck,
  uniqueRefs,
  witnessLine,
} from './check-result.js';
import { fixStatementsOf, planFix, worstFirst } from './fixes.js';
import {
  referenceLabel,
  resolveAllowedPrincipals,
  resolveSpecActions,
  resolveSpecResource,
  type SpecPrincipal,
} from './resolve.js';
import type { Expectation, FixPlan, SpecAccess } from './types.js';

/**
 * Witnesses an exhaustive check collects before it stops: enough to group what a widened grant
 * allows by statement and action family (fixes.ts), worst first.
 */
export const MAX_WITNESSES = 200;

/** What an exhaustive check's violations say: status, the witnesses that matter, the fix, the headline. */
interface Outcome {
  status: Status;
  /** The failing witnesses (worst first), else the indeterminate ones. */
  relevant: Witness[];
  /** How many violations the message counts. */
  count: number;
  truncated: boolean;
  fix: FixPlan | undefined;
  shown: Witness | undefined;
}

function outcomeOf(model: Model, violations: Witness[], principal?: string): Outcome {
  const failing = worstFirst(violations.filter((v) => v.access === 'allow' || v.access === 'conditional'));
  const unsure = violations.filter((v) => v.access === 'indeterminate');
  const status: Status = failing.length ? 'fail' : unsure.length ? 'indeterminate' : 'pass';
  const relevant = status === 'fail' ? failing : unsure;
  const truncated = violations.length >= MAX_WITNESSES;
  const fix = relevant.length
    ? planFix(model, relevant, principal !== undefined ? { principal, truncated } : { truncated })
    : undefined;
  return { status, relevant, count: relevant.length, truncated, fix, shown: headline(relevant, fix) };
}

/** `only`: the actor can do nothing but `allowed`. */
export function onlyCheck(
  ctx: CheckContext,
  e: Expectation,
  actor: SpecPrincipal,
  allowed: AllowedAccess[],
): UnlinkedCheck {
  const context = mergeContexts(actor.context, e.context);
  const result = checkOnly(ctx.engine, actor.principal, allowed, {
    maxWitnesses: MAX_WITNESSES,
    ...(context ? { context } : {}),
    ...sessionPolicyOf(e, actor),
  });
  const o = outcomeOf(ctx.engine.model, result.violations, actor.principal);
  const listing = allowed.map((a) => `${a.action} on ${a.resource}`).join(', ') || 'nothing';
  let message: string;
  if (!o.shown) {
    message = `${actor.label} can only ${listing} (${checkedScope(result.checked)})`;
  } else {
    const more = o.count > 1 ? ` (and ${o.count - 1}${o.truncated ? '+' : ''} more requests)` : '';
    message =
      o.status === 'fail'
        ? `${actor.label} can also ${witnessLine(o.shown, ctx.scope.model)}${more}`
        : `${actor.label} may also ${witnessLine(o.shown, ctx.scope.model)}: it depends on a value the inputs do not pin down${more}`;
  }
  return {
    kind: 'only',
    status: o.status,
    message,
    principal: actor.principal,
    action: o.shown?.action,
    resource: o.shown?.resource,
    decision: o.shown?.decision,
    witnesses: result.violations,
    statements: uniqueRefs(o.relevant.flatMap(fixStatementsOf)),
    location: e.only?.[0]?.location ?? pointerLocation(ctx, e, 'only'),
    ...(o.fix ? { fix: o.fix } : {}),
  };
}

/** `onlyPrincipals`: every action on every resource of the expectation (lists allowed), one check each. */
export function onlyPrincipalsChecks(ctx: CheckContext, e: Expectation): UnlinkedCheck[] {
  const written: SpecAccess[] = e.targets?.length
    ? e.targets
    : [{ action: e.action!, resource: e.resource!, location: pointerLocation(ctx, e, 'resource') }];
  const several = written.length > 1;
  // Resolve every reference before deciding anything: a typo is an error, not a result.
  const targets = written.map((t) => {
    const resourceAt = several ? t.location : pointerLocation(ctx, e, 'resource');
    const actionAt = several ? t.location : pointerLocation(ctx, e, 'action');
    return {
      written: t,
      resource: resolveSpecResource(ctx.scope, t.resource, resourceAt, t.suffix),
      actions: resolveSpecActions(t.action, actionAt),
    };
  });
  const allowed = resolveAllowedPrincipals(ctx.scope, e.onlyPrincipals!, (i) =>
    pointerLocation(ctx, e, `onlyPrincipals/${i}`),
  );
  const names = e.onlyPrincipals!.map((p) => referenceLabel(ctx.scope, p, 'principal'));
  return targets.map((t) => {
    const location = several ? t.written.location : pointerLocation(ctx, e, 'onlyPrincipals');
    return onlyPrincipalsCheck(ctx, e, t.written, t.resource, t.actions, allowed, names, location);
  });
}

function onlyPrincipalsCheck(
  ctx: CheckContext,
  e: Expectation,
  target: SpecAccess,
  resource: string,
  actions: ReturnType<typeof resolveSpecActions>,
  allowed: AllowedPrincipal[],
  names: string[],
  location: UnlinkedCheck['location'],
): UnlinkedCheck {
  const action =
    actions.length === 1 && actions[0]!.name.toLowerCase() === target.action.toLowerCase()
      ? actions[0]!.name
      : target.action;
  const result = checkOnlyPrincipals(ctx.engine, action, resource, allowed, {
    maxWitnesses: MAX_WITNESSES,
    ...(e.context ? { context: e.context } : {}),
  });
  const o = outcomeOf(ctx.engine.model, result.violations);
  const who = names.length ? `only ${names.join(', ')}` : 'nobody';
  let message: string;
  if (!o.shown) {
    message = `${who} can ${action} on ${resource}${describeContext(e.context)} (${checkedScope(result.checked)})`;
  } else {
    const shown = o.shown;
    const more = o.count > 1 ? ` (and ${o.count - 1} more)` : '';
    const cond =
      shown.access === 'conditional' && shown.conditions.length ? ` when ${shown.conditions.join('; ')}` : '';
    const fix = fixStatementsOf(shown);
    const by = fix.length ? ` (${fix.map(describeStatement).join('; ')})` : '';
    const model = ctx.scope.model;
    message = `${arnWithKnownAs(model, witnessCaller(shown))} ${o.status === 'fail' ? 'can' : 'may'} also ${shown.action} on ${arnWithKnownAs(model, shown.resource)}${cond}${by}${more}`;
  }
  return {
    kind: 'onlyPrincipals',
    status: o.status,
    message,
    principal: o.shown?.principal,
    action,
    resource: o.shown?.resource ?? resource,
    decision: o.shown?.decision,
    witnesses: result.violations,
    statements: uniqueRefs(o.relevant.flatMap(fixStatementsOf)),
    location,
    ...(o.fix ? { fix: o.fix } : {}),
  };
}
