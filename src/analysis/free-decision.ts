// Deciding a request when the request context is free: every context key the caller did not
// pin and the model does not determine may take any value. Allow statements only add access and
// Deny statements only remove it, so the engine's optimistic mode (Allow conditions on free keys
// hold, Deny conditions fail) gives the most access any context can give, and its pessimistic
// mode the access every context gives. Both agree → allow / deny; an optimistic allow and a
// pessimistic deny → conditional; otherwise (an unknown value decides one of them) → indeterminate.

import { freeKeyReads } from '../engine/compile-policy.js';
import type { Engine } from '../engine/engine.js';
import type { DecideOptions, Decision, Request, TraceEntry } from '../engine/types.js';
import { COGNITO_PRINCIPAL, withPoolFlow } from './cognito-flow.js';
import { reasonsOfDecision } from './decision-reasons.js';
import type { ConditionFacts, FreeDecision, StatementRef } from './types.js';

export interface FreeDecisionOptions {
  /** Keep the optimistic decision's trace (the grants are collected either way). */
  trace?: boolean;
  /**
   * No trace at all, for analyses that decide many requests and keep only access, conditions
   * and grants (the matrix): the grants come from the engine's `Decision.allows`, the Allow
   * statements the trace would list, so they are the same (test/matrix-lean-decisions.test.ts), and
   * `FreeDecision.decision` has no trace. Overrides `trace`.
   */
  lean?: boolean;
  /**
   * Make the pessimistic decision even when it is sure to equal the optimistic one (see
   * `decideAnyContext`): for tests that check the shortcut.
   */
  bothModes?: boolean;
  /**
   * Say why an indeterminate decision is (`FreeDecision.reasons`, analysis/decision-reasons.ts):
   * a lean decision notes the unknowns it meets (`DecideOptions.unknowns`) and words them only
   * when it comes out indeterminate; a traced one reads its trace.
   */
  reasons?: boolean;
}

/**
 * The options of analyses that read only a decision's access, conditions and grants (risk
 * findings, escalation steps, role-chain hops): no trace is built (see `lean`).
 */
export const LEAN: Readonly<FreeDecisionOptions> = Object.freeze({ lean: true });

/** The Allow statements a decision's trace shows applying (or possibly applying). */
export function statementRefsOf(decision: Decision, effect: 'Allow' | 'Deny' = 'Allow'): StatementRef[] {
  const out: StatementRef[] = [];
  const seen = new Set<string>();
  for (const t of decision.trace ?? []) {
    if (t.effect !== effect || (t.outcome !== 'match' && t.outcome !== 'unknown')) continue;
    const key = `${t.stage}|${t.policy}|${t.statement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(refOf(t));
  }
  return out;
}

function refOf(t: TraceEntry): StatementRef {
  return {
    stage: t.stage,
    policy: t.policy,
    statement: t.statement,
    effect: t.effect,
    source: t.source,
    ...(t.delegates ? { delegates: true as const } : {}),
  };
}

/**
 * The grants of an optimistic decision made with `allows` (as `statementRefsOf` reads them from
 * its trace: each statement once, the first entry kept).
 */
function grantsOfAllows(decision: Decision): StatementRef[] {
  const allows = decision.allows ?? [];
  if (allows.length < 2) return allows;
  if (allows.length <= 16) {
    // The same, comparing fields instead of joining them into a key string per entry (the
    // matrix decides millions of requests). Policy names and statement labels hold no `|`.
    let out: StatementRef[] | undefined;
    for (let i = 0; i < allows.length; i++) {
      const a = allows[i]!;
      let seen = false;
      for (let j = 0; j < i && !seen; j++) {
        const b = allows[j]!;
        seen = a.stage === b.stage && a.policy === b.policy && a.statement === b.statement;
      }
      if (seen) out ??= allows.slice(0, i);
      else out?.push(a);
    }
    return out ?? allows;
  }
  const out: StatementRef[] = [];
  const seen = new Set<string>();
  for (const a of allows) {
    const key = `${a.stage}|${a.policy}|${a.statement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/**
 * The readable conditions an optimistic decision relied on, each once, with the keys the engine
 * reports it is about (the same text from two assumptions: both's keys, `absent` only if both).
 */
function conditionFactsOf(decision: Decision): ConditionFacts[] {
  const out: ConditionFacts[] = [];
  for (const a of decision.assumed ?? []) {
    const where = `${a.policy}, ${a.statement}`;
    const text =
      a.effect === 'Allow'
        ? `${a.conditions.join(' and ')} (Allow of ${where})`
        : `not ${a.conditions.join(' and ')} (Deny of ${where})`;
    const seen = out.find((f) => f.text === text);
    if (!seen)
      out.push({
        text,
        keys: a.keys,
        absent: !!a.absent,
        ...(a.effect === 'Deny' ? { deny: true as const } : {}),
      });
    else if (!sameFacts(seen, a))
      out[out.indexOf(seen)] = {
        text,
        keys: [...seen.keys, ...a.keys],
        absent: false,
        ...(seen.deny ? { deny: true as const } : {}),
      };
  }
  return out;
}

function sameFacts(f: ConditionFacts, a: { keys: readonly string[]; absent?: true }): boolean {
  return (
    f.absent === !!a.absent && f.keys.length === a.keys.length && f.keys.every((k, i) => k === a.keys[i])
  );
}

/**
 * The context keys (lowercased) the conditions of an optimistic decision are about
 * (`AssumedCondition.keys`, as the engine's condition evaluation reports them), each once.
 */
function conditionKeysOf(decision: Decision): string[] {
  const out: string[] = [];
  for (const a of decision.assumed ?? []) for (const k of a.keys) if (!out.includes(k)) out.push(k);
  return out;
}

/**
 * The pessimistic decision of `request` with what it needs to say why it is indeterminate (the
 * unknowns it met, or its trace): made only for an access allowed under some conditions and
 * indeterminate under the others, whose optimistic decision (an allow) names no unknown.
 */
function unknownsOfPessimistic(engine: Engine, request: Request, lean: boolean): Decision {
  return engine.decide(request, lean ? PESSIMISTIC_NOTING : PESSIMISTIC_TRACED);
}

/**
 * The options of `decideByPolicies`'s first decision, made once (the matrix decides hundreds of
 * thousands of requests; the engine only reads them).
 */
const OPTIMISTIC_LEAN_NOTING: DecideOptions = Object.freeze({
  conditions: 'optimistic',
  allows: true,
  unknowns: true,
});
const OPTIMISTIC_LEAN: DecideOptions = Object.freeze({ conditions: 'optimistic', allows: true });
const OPTIMISTIC_TRACED: DecideOptions = Object.freeze({ conditions: 'optimistic', trace: true });
const OPTIMISTIC_UNTRACED: DecideOptions = Object.freeze({ conditions: 'optimistic', trace: false });
const PESSIMISTIC: DecideOptions = Object.freeze({ conditions: 'pessimistic' });
const PESSIMISTIC_NOTING: DecideOptions = Object.freeze({
  conditions: 'pessimistic',
  allows: true,
  unknowns: true,
});
const PESSIMISTIC_TRACED: DecideOptions = Object.freeze({ conditions: 'pessimistic', trace: true });

/**
 * Decides `request` under a free context (see the module comment); an Amazon Cognito identity's
 * sts:AssumeRoleWithWebIdentity as the identity pools' flows let it happen (cognito-flow.ts: one
 * string comparison for every other request).
 */
export function decideAnyContext(
  engine: Engine,
  request: Request,
  options: FreeDecisionOptions = {},
): FreeDecision {
  const d = decideByPolicies(engine, request, options);
  if (request.principal !== COGNITO_PRINCIPAL) return d;
  return withPoolFlow(engine, request, d, (r) => decideByPolicies(engine, r, options));
}

/**
 * `decideAnyContext` by the policies alone: the trust policy's word on a Cognito identity, for the
 * analyses that weigh the identity pools' flow themselves (federated-trust.ts's entry points).
 */
export function decideByPolicies(
  engine: Engine,
  request: Request,
  options: FreeDecisionOptions = {},
): FreeDecision {
  const lean = !!options.lean;
  const reads = freeKeyReads();
  const quick = engine.decide(
    request,
    lean
      ? options.reasons
        ? OPTIMISTIC_LEAN_NOTING
        : OPTIMISTIC_LEAN
      : options.trace || options.reasons
        ? OPTIMISTIC_TRACED
        : OPTIMISTIC_UNTRACED,
  );
  if (quick.decision === 'deny') {
    return { access: 'deny', conditions: [], grants: [], decision: quick, external: !!quick.external };
  }
  // The pessimistic decision is not made when the optimistic one met no free context key
  // (`freeKeyReads` did not move): it would be the same. Why: `decide` is a deterministic
  // function of the request, the model and the mode, and the mode reaches it only as
  // `EvalInput.assume`, which the engine reads in exactly two places (evaluate-statements.ts):
  // the Condition block (`conditionAssuming`'s `assumeTrue`) and a Resource with policy variables
  // (`matchResourceAssuming`'s `wide`) of each statement it evaluates, in every world `decide`
  // looks at; both read their flag only for a free key, and count it (compile-policy.ts). The
  // rest of `decide` (which statements it evaluates, in which order, the early returns, the
  // worlds it tries, how combine.ts joins the outcomes) depends only on those outcomes. So if no
  // free key was met, the pessimistic run evaluates the same statements in the same order and
  // gets the same outcome from each (induction over the run), hence the same decision. What the
  // optimistic run recorded (`Decision.assumed`) is not the criterion: it leaves out an Allow
  // kept out by a free clause and a Deny let in, so a `conditional` cell may list no condition
  // (the pessimistic run then differs and is made). Checked against making both decisions in
  // test/free-decision-skip.test.ts. (`now`, when the engine has none, is read once instead of twice.)
  const sure = !options.bothModes && freeKeyReads() === reads;
  const optimistic =
    lean || options.trace || options.reasons ? quick : engine.decide(request, OPTIMISTIC_TRACED);
  const pessimistic = sure ? quick : engine.decide(request, PESSIMISTIC);
  const grants = lean ? grantsOfAllows(optimistic) : statementRefsOf(optimistic);
  const external = !!optimistic.external;
  if (pessimistic.decision === 'allow') {
    return { access: 'allow', conditions: [], grants, decision: optimistic, external };
  }
  // Conditional only when every context the conditions leave out is denied: a pessimistic
  // decision that is itself indeterminate (an unknown value, not a free context key, decides it)
  // means the access may hold without the conditions, so it is indeterminate (a diff must not
  // read it as the same conditional access, test/diff-redteam-unknowns.test.ts).
  if (optimistic.decision === 'allow' && pessimistic.decision === 'deny') {
    const conditionKeys = conditionKeysOf(optimistic);
    const conditionFacts = conditionFactsOf(optimistic);
    return {
      access: 'conditional',
      conditions: conditionFacts.map((f) => f.text),
      grants,
      decision: optimistic,
      external,
      ...(conditionKeys.length ? { conditionKeys } : {}),
      ...(conditionFacts.length ? { conditionFacts } : {}),
    };
  }
  // An indeterminate decision keeps the keys of the conditions its optimistic run assumed (free
  // context keys it may also turn on: a session tag, a source identity the caller chooses), so an
  // analysis of the caller's choices reads them as it does a conditional one's.
  const assumedKeys = conditionKeysOf(optimistic);
  const open: FreeDecision = {
    access: 'indeterminate',
    conditions: [],
    grants,
    decision: optimistic,
    external,
    ...(assumedKeys.length ? { conditionKeys: assumedKeys } : {}),
  };
  if (options.reasons)
    open.reasons = reasonsOfDecision(
      optimistic.decision === 'allow' ? unknownsOfPessimistic(engine, request, lean) : optimistic,
    );
  return open;
}
