// Evaluates a set of compiled policies against one request and accumulates three-valued
// results: does any Deny apply, does any Allow apply, and (for resource-based policies) through
// which kind of principal match the Allow came (the principal itself, a role ARN, or the
// account). Records trace entries for every statement that applies or might apply (`entryOf`,
// with the kind of unknown a statement that might apply depends on), and notes the ones that
// might, unworded, for a decision that collects its unknowns (`DecideOptions.unknowns`).

import { isUnknown, type Unknown } from '../model/unknown.js';
import type { ConditionClause } from '../policy/types.js';
import {
  describeClause,
  type EvalContext,
  singleValuedOperatorSplit,
  unreadableConditionValue,
} from './conditions/index.js';
import {
  parseTemplate,
  undocumentedVariable,
  undocumentedVariableWhy,
  variableShape,
} from './conditions/variables.js';
import {
  type CompiledPolicy,
  type CompiledStatement,
  type FreeKeys,
  freeConditionUsed,
  freeResourceKeysUsed,
  freeResourceUsed,
  PrincipalMatch,
  principalCaseMaybeWhy,
  principalIdMaybeWhy,
  undocumentedActionWildcard,
} from './compile-policy.js';
import type { RequestPrincipal } from './principal.js';
import { MAYBE, NO, or3, type Tri, YES, and3 } from './tri.js';
import { causeOfUnknownName } from './unknown-names.js';
import type {
  AppliedAllow,
  AssumedCondition,
  TraceEntry,
  TraceStage,
  UnknownKind,
  UnknownMet,
} from './types.js';
import { noteSharedUnknown, sharedUnknown } from './unknowns-met.js';

export class Outcome {
  deny: Tri = NO;
  allow: Tri = NO;
  /** Resource-based only: allows that name the principal itself (`*`, user ARN, session ARN, service). */
  allowDirect: Tri = NO;
  /** Resource-based only: allows that name the role ARN of a role session. */
  allowRole: Tri = NO;
  /** Resource-based only: allows that name the principal's account (delegation). */
  allowAccount: Tri = NO;
}

export interface EvalInput {
  actionLower: string;
  resourceArn: string;
  ctx: EvalContext;
  principal: RequestPrincipal;
  trace: TraceEntry[] | undefined;
  /** The unknowns met, when the decision notes them (`DecideOptions.unknowns`; unknowns-met.ts). */
  unknowns: UnknownMet[] | undefined;
  /** The Allow statements that apply or might (`DecideOptions.allows`), as `entryOf` traces them. */
  allows?: AppliedAllow[];
  /**
   * Analyses under a free context: context keys `free` reports as free make condition clauses
   * hold or fail as the mode assumes (optimistic: Allow conditions hold and Deny conditions fail;
   * pessimistic: the reverse). The conditions an optimistic decision relied on go to `assumed`.
   */
  free?: FreeKeys;
  assume?: 'optimistic' | 'pessimistic';
  assumed?: AssumedCondition[];
  /**
   * Evaluate as if this presence held (the policy exists): a cap that might not exist (a
   * boundary, an SCP) is evaluated as written, and only then weakened to MAYBE by the caller.
   * A statement whose own presence differs is still MAYBE.
   */
  assumePresent?: Unknown;
  /** Elements whose name the inputs leave unknown, by ARN (why, for traces). */
  unknownNames?: ReadonlyMap<string, Unknown>;
  /**
   * `resourceArn` holds an unknown name part (src/engine/unknown-names.ts): Resource/NotResource
   * is matched three-valued (`CompiledStatement.matchUnknownNamed`). Set by the engine once per
   * decision, and only when its model has such names.
   */
  resourceNamedUnknown?: boolean;
}

/** The statement's Resource/NotResource for the request's ARN (see `EvalInput.resourceNamedUnknown`). */
function resourceOf(st: CompiledStatement, input: EvalInput): Tri {
  return input.resourceNamedUnknown
    ? st.matchUnknownNamed(input.resourceArn, input.ctx.namesUnknown)
    : st.matchResource(input.resourceArn, input.ctx);
}

/** The trace entry of a statement that applies (`YES`) or might (`MAYBE`, of kind `kind`). */
function statementEntry(
  stage: TraceStage,
  policy: CompiledPolicy,
  st: CompiledStatement,
  applies: Tri,
  why: string,
  cause: Unknown | undefined,
  delegates: boolean,
  kind: UnknownKind | undefined,
): TraceEntry {
  const effect = st.effect === 'Unknown' ? undefined : st.effect;
  return {
    stage,
    message:
      applies === YES
        ? `${st.effect} applies${why}`
        : `${st.effect === 'Unknown' ? 'a statement with an unknown effect' : st.effect} might apply${why || ': it depends on a value known only after apply'}`,
    policy: policy.name,
    statement: st.label,
    ...(effect ? { effect } : {}),
    outcome: applies === YES ? 'match' : 'unknown',
    ...(applies !== YES && kind ? { kind } : {}),
    source: st.source,
    ...(cause && applies !== YES ? { cause: causeOf(cause) } : {}),
    ...(delegates ? { delegates: true as const } : {}),
  };
}

/**
 * The trace entry of statement `st`, which applies or might (`applies`) to the request of
 * `input`; `assumed` what it assumed about free context keys (`lastAssumed` when it was decided).
 * Made when the decision is traced, or later for a noted unknown (`Decision.unknowns`): it reads
 * only the statement and the request, which do not change.
 */
function entryOf(
  stage: TraceStage,
  policy: CompiledPolicy,
  st: CompiledStatement,
  applies: Tri,
  input: EvalInput,
  assumed: string[] | undefined,
  delegates: boolean,
): TraceEntry {
  const maybe = applies === MAYBE ? whyMaybe(st, input) : NO_WHY;
  let why = maybe.why;
  if (assumed && input.assume === 'optimistic' && st.effect === 'Allow')
    why += ` if ${assumed.join(' and ')} (free context)`;
  return statementEntry(stage, policy, st, applies, why, maybe.cause, delegates, maybe.kind);
}

const NO_WHY: Why = Object.freeze({ why: '', kind: 'unknown-statement' });

function causeOf(u: Unknown): NonNullable<TraceEntry['cause']> {
  return u.source ? { reason: u.reason, source: u.source } : { reason: u.reason };
}

/** The principal-match kind of the last `statementApplies` call (avoids an allocation per call). */
let lastKind: PrincipalMatch = PrincipalMatch.None;
/**
 * What the last `statementApplies` call assumed about free context keys (condition clauses and
 * policy variables in Resource/NotResource), readable, if anything.
 */
let lastAssumed: string[] | undefined;
/**
 * The context keys (lowercased) `lastAssumed` is about, set with it when the decision notes its
 * assumptions (`EvalInput.assumed`): each assumed clause's key and the keys of the policy variables
 * in its values, and the free variables of a Resource. Analyses read which keys decided a
 * conditional access from them (`AssumedCondition.keys`), never from the words.
 */
let lastKeys: string[] | undefined;

const NO_KEYS = Object.freeze([]) as readonly string[] as string[];

/**
 * Set with `lastKeys`: every assumption of `lastAssumed` is a condition clause asking its key be
 * absent (`Null` "true"): a request meets it by leaving the key out (`AssumedCondition.absent`).
 */
let lastAbsent = false;

/** Whether every clause of `freeConditionUsed` is `Null` with the one value "true" (its key absent). */
function absentOnly(input: EvalInput): boolean {
  if (!input.assumed || !freeConditionUsed.length) return false;
  return freeConditionUsed.every(
    (c) =>
      c.clause.base === 'Null' &&
      !c.clause.set &&
      c.clause.values.length === 1 &&
      typeof c.clause.values[0] === 'string' &&
      c.clause.values[0].toLowerCase() === 'true',
  );
}

/** The keys of the clauses of `freeConditionUsed`, when the decision notes its assumptions. */
function keysUsed(input: EvalInput): string[] {
  if (!input.assumed) return NO_KEYS;
  const out: string[] = [];
  for (const c of freeConditionUsed) {
    if (!out.includes(c.key)) out.push(c.key);
    for (const k of c.varKeys ?? []) if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** `lastAssumed` of a decision that neither notes nor traces assumptions: only its presence counts. */
const UNDESCRIBED = Object.freeze(['(an assumption about a free context key)']) as string[];

/** The clauses of `freeConditionUsed`, readable when the decision notes or traces them. */
function describeUsed(input: EvalInput): string[] {
  if (!input.assumed && !input.trace) return UNDESCRIBED;
  return freeConditionUsed.map((c) => describeClause(c.clause));
}

function conditionUnder(st: CompiledStatement, input: EvalInput): Tri {
  if (st.effect === 'Unknown' || !input.free) return st.condition(input.ctx);
  const assumeTrue = (input.assume === 'optimistic') === (st.effect === 'Allow');
  const v = st.conditionAssuming(input.ctx, input.free, assumeTrue);
  if (freeConditionUsed.length) {
    lastAbsent = !lastAssumed && absentOnly(input);
    const texts = describeUsed(input);
    lastAssumed = lastAssumed ? [...lastAssumed, ...texts] : texts;
    const keys = keysUsed(input);
    lastKeys = lastKeys ? [...lastKeys, ...keys] : keys;
  }
  return v;
}

/**
 * Resource/NotResource under a free context: a policy variable on a free key takes the value
 * that makes the statement apply (Allow in optimistic mode, Deny in pessimistic mode) or one
 * that keeps it out (the reverse). Strict matching finds no value for such a variable, so
 * without this an Allow on `arn:aws:s3:::bkt/${aws:userid}/*` would never apply in any mode.
 */
function resourceUnder(st: CompiledStatement, input: EvalInput): Tri {
  if (st.effect === 'Unknown' || input.resourceNamedUnknown) return resourceOf(st, input);
  const wide = (input.assume === 'optimistic') === (st.effect === 'Allow');
  const v = st.matchResourceAssuming(input.resourceArn, input.ctx, input.free!, wide);
  if (freeResourceUsed.length) {
    lastAssumed = freeResourceUsed.slice();
    lastKeys = input.assumed ? freeResourceKeysUsed.slice() : NO_KEYS;
    lastAbsent = false;
  }
  return v;
}

/** Evaluates one statement: YES / NO / MAYBE; for resource-based ones sets `lastKind`. */
export function statementApplies(st: CompiledStatement, input: EvalInput, resourceBased: boolean): Tri {
  lastKind = PrincipalMatch.Direct;
  lastAssumed = undefined;
  lastKeys = undefined;
  lastAbsent = false;
  const a = st.matchAction(input.actionLower);
  if (a === NO) return NO;
  const maybe = st.presence !== undefined && st.presence !== input.assumePresent;
  let applies: Tri = st.unknown || maybe ? and3(MAYBE, a) : a;
  if (resourceBased && st.hasPrincipal) {
    const kind = st.matchPrincipal(input.principal, input.ctx.namesUnknown);
    lastKind = kind;
    if (kind === PrincipalMatch.None) return NO;
    if (kind === PrincipalMatch.Unknown || kind === PrincipalMatch.MaybeAccount)
      applies = and3(applies, MAYBE);
  }
  if (input.free) return appliesUnderFreeContext(st, input, applies);
  const r = resourceOf(st, input);
  if (r === NO) return NO;
  if (r === MAYBE) applies = and3(applies, r);
  const c = st.condition(input.ctx);
  if (c === NO) return NO;
  return c === MAYBE ? and3(applies, c) : applies;
}

/** `statementApplies` from the resource on, for analyses under a free context. */
function appliesUnderFreeContext(st: CompiledStatement, input: EvalInput, applies: Tri): Tri {
  const r = resourceUnder(st, input);
  if (r === NO) {
    // A resource kept out by an assumption: the assumption matters only if the condition does
    // not keep the statement out on its own.
    if (lastAssumed && st.statement.conditions.length > 0) {
      const byResource = lastAssumed;
      const keysByResource = lastKeys;
      lastAssumed = undefined;
      lastKeys = undefined;
      const c = conditionUnder(st, input);
      const dropped = c === NO && !lastAssumed;
      lastAssumed = dropped ? undefined : byResource;
      lastKeys = dropped ? undefined : keysByResource;
      lastAbsent = false;
    }
    return NO;
  }
  if (r === MAYBE) applies = and3(applies, r);
  const c = conditionUnder(st, input);
  if (c === NO) {
    // Only the assumption that made the condition false matters.
    if (lastAssumed) {
      lastAssumed = freeConditionUsed.length ? describeUsed(input) : undefined;
      lastKeys = freeConditionUsed.length ? keysUsed(input) : undefined;
      lastAbsent = absentOnly(input);
    }
    return NO;
  }
  return c === MAYBE ? and3(applies, c) : applies;
}

/** Records a statement that matched action, principal and resource but whose condition failed. */
function recordConditionMiss(
  trace: TraceEntry[],
  stage: TraceStage,
  policy: CompiledPolicy,
  st: CompiledStatement,
  input: EvalInput,
  resourceBased: boolean,
) {
  if (st.statement.conditions.length === 0 || st.matchAction(input.actionLower) === NO) return;
  if (
    resourceBased &&
    st.hasPrincipal &&
    st.matchPrincipal(input.principal, input.ctx.namesUnknown) === PrincipalMatch.None
  )
    return;
  if (resourceOf(st, input) === NO) return;
  const conds = st.statement.conditions.map((c) => describeClause(c)).join('; ');
  trace.push({
    stage,
    message: `${st.effect} does not apply: its condition is not met (${conds})`,
    policy: policy.name,
    statement: st.label,
    ...(st.effect === 'Unknown' ? {} : { effect: st.effect }),
    outcome: 'no-match',
    source: st.source,
  });
}

function firstUnknown(...lists: ({ values: readonly unknown[] } | undefined)[]): Unknown | undefined {
  for (const l of lists) {
    const u = l?.values.find(isUnknown);
    if (isUnknown(u)) return u;
  }
  return undefined;
}

/** The first of `values` (ARNs) naming an element whose name is unknown: why, at its source. */
function unknownNameIn(input: EvalInput, values: readonly unknown[]): Unknown | undefined {
  for (const v of values) {
    const u = typeof v === 'string' ? causeOfUnknownName(input.unknownNames, v) : undefined;
    if (u) return u;
  }
  return undefined;
}

/** The request's values of the keys the statement's conditions read. */
function conditionKeyValues(s: CompiledStatement['statement'], input: EvalInput): string[] {
  const out: string[] = [];
  for (const c of s.conditions) {
    const key = typeof c.key === 'string' ? c.key.toLowerCase() : undefined;
    const v = key ? input.ctx.get(key) : undefined;
    if (v) out.push(...v);
  }
  return out;
}

/**
 * The unknown a condition key of the statement reads comes from (a tag of an element whose tags
 * are not all known, a resource outside the model's: `EvalContext.unknownBehind`).
 */
function keyUnknown(s: { conditions: readonly ConditionClause[] }, input: EvalInput): Unknown | undefined {
  for (const c of s.conditions) {
    const u = typeof c.key === 'string' ? input.ctx.unknownBehind?.(c.key.toLowerCase()) : undefined;
    if (u) return u;
  }
  return undefined;
}

/** Why a statement only might apply: words, the unknown value it depends on, its kind. */
interface Why {
  why: string;
  cause?: Unknown;
  kind: UnknownKind;
}

/** Why statement `st` only might apply when the statement itself says so: its value or presence is unknown. */
function whyOfStatement(st: CompiledStatement): Why | undefined {
  if (st.unknown) return { why: `: ${st.unknown.reason}`, cause: st.unknown, kind: 'unknown-statement' };
  if (st.presence)
    return { why: `: it might not exist (${st.presence.reason})`, cause: st.presence, kind: 'maybe-present' };
  return undefined;
}

/** Why a statement's Action / NotAction only might match the request's action, if it does. */
function actionWhy(
  st: CompiledStatement,
  input: EvalInput,
  because: (kind: UnknownKind, text: string, u: Unknown | undefined) => Why,
): Why | undefined {
  if (st.matchAction(input.actionLower) !== MAYBE) return undefined;
  const s = st.statement;
  const u = firstUnknown(s.action, s.notAction);
  const odd = u ? undefined : (s.action ?? s.notAction)?.values.find(isUndocumentedAction);
  if (typeof odd === 'string')
    return {
      why: `: its action ${odd} has a wildcard in the service prefix; AWS documents wildcards in the action name ("IAM JSON policy elements: Action") and "*" alone, not in the prefix, so whether it matches is unknown: name the services`,
      kind: 'undocumented-rule',
    };
  return because('unknown-action', ': its action list is known only after apply', u);
}

const isUndocumentedAction = (v: unknown): boolean =>
  typeof v === 'string' && undocumentedActionWildcard(v) !== undefined;

/** Why a statement's Resource / NotResource only might name the request's resource. */
function resourceWhy(
  st: CompiledStatement,
  input: EvalInput,
  because: (kind: UnknownKind, text: string, u: Unknown | undefined) => Why,
): Why {
  const list = st.statement.resource ?? st.statement.notResource;
  const u = firstUnknown(list);
  // the element's unknown name first: its warning says how to pin it down
  const named = unknownNameIn(input, [input.resourceArn, ...list!.values]);
  if (named)
    return because('unknown-resource', ': its resource might be an element whose name is unknown', named);
  const odd = u || !st.policyVariables ? undefined : undocumentedVariableIn(list);
  if (odd) return { why: `: ${undocumentedVariableWhy(odd)}`, kind: 'undocumented-rule' };
  const shaped = u || !st.policyVariables ? undefined : shapedVariableIn(list, input.ctx);
  if (shaped) return { why: `: its resource holds ${shaped}`, kind: 'unknown-resource' };
  return because('unknown-resource', ': its resource is known only after apply', u);
}

/** Why a statement only might apply, and the unknown value it depends on (for traces). */
function whyMaybe(st: CompiledStatement, input: EvalInput): Why {
  const s = st.statement;
  const because = (kind: UnknownKind, text: string, u: Unknown | undefined): Why =>
    u ? { why: `${text} (${u.reason})`, cause: u, kind } : { why: text, kind };
  const own = whyOfStatement(st);
  if (own) return own;
  const byAction = actionWhy(st, input, because);
  if (byAction) return byAction;
  const principalKind = st.hasPrincipal
    ? st.matchPrincipal(input.principal, input.ctx.namesUnknown)
    : undefined;
  if (principalKind === PrincipalMatch.Unknown || principalKind === PrincipalMatch.MaybeAccount) {
    const p = s.principal ?? s.notPrincipal;
    const u = firstUnknown(p?.aws, p?.service, p?.federated);
    // the element's unknown name first: its warning says how to pin it down
    const named = unknownNameIn(input, [
      input.principal.arn,
      input.principal.roleArn,
      ...(p?.aws?.values ?? []),
    ]);
    if (named)
      return because('unknown-principal', ': its principal might be an element whose name is unknown', named);
    const byId = u ? undefined : principalIdMaybeWhy(p, input.principal);
    if (byId) return { why: byId, kind: 'unknown-principal' };
    const byCase = u ? undefined : principalCaseMaybeWhy(p, input.principal);
    if (byCase) return { why: byCase, kind: 'undocumented-rule' };
    // NotPrincipal naming some of the identities AWS may check (compile-policy.ts `exactMatch`)
    if (!u && s.notPrincipal)
      return {
        why: ': its NotPrincipal names some but not all of the identities AWS may check for this principal (the account, then the user; or the account, the role, then the session: IAM User Guide, "AWS JSON policy elements: NotPrincipal")',
        kind: 'unknown-principal',
      };
    return because('unknown-principal', ': its principal is known only after apply', u);
  }
  if (resourceOf(st, input) === MAYBE) return resourceWhy(st, input, because);
  if (st.condition(input.ctx) === MAYBE) {
    const options = { policyVariables: st.policyVariables };
    for (const c of s.conditions) {
      const odd = st.policyVariables ? undocumentedVariableIn(c) : undefined;
      if (odd)
        return {
          why: `: its condition ${c.operator} on ${c.key}: ${undocumentedVariableWhy(odd)}`,
          kind: 'undocumented-rule',
        };
      const unreadable = unreadableConditionValue(c, input.ctx, options);
      if (unreadable) return { why: unreadableWhy(c, unreadable), kind: 'undocumented-rule' };
    }
    const split = s.conditions.find((c) =>
      singleValuedOperatorSplit(c, input.ctx, { policyVariables: st.policyVariables }),
    );
    if (split) return { why: singleValuedSplitWhy(split), kind: 'undocumented-rule' };
    const u = firstUnknown(...s.conditions);
    // a value naming an element whose name is unknown: the policy's, or the request's
    const named = u
      ? undefined
      : unknownNameIn(input, [...s.conditions.flatMap((c) => c.values), ...conditionKeyValues(s, input)]);
    if (named)
      return because(
        'unknown-condition',
        ': its condition compares a value that might name an element whose name is unknown',
        named,
      );
    return because(
      'unknown-condition',
      ': its condition depends on an unknown value',
      u ?? keyUnknown(s, input),
    );
  }
  return NO_WHY;
}

/**
 * Why a clause is unknown when its operator cannot read one of the values it compares
 * (conditions/clause.ts `unreadableConditionValue`).
 */
/** The first policy variable of a value list whose value is of a shape only (`variableShape`), described. */
function shapedVariableIn(
  list: { values: readonly unknown[] } | undefined,
  ctx: EvalContext,
): string | undefined {
  for (const v of list?.values ?? []) {
    for (const p of (typeof v === 'string' ? parseTemplate(v)?.parts : undefined) ?? []) {
      const shape = p.kind === 'variable' ? variableShape(p.key, ctx) : undefined;
      if (shape && p.kind === 'variable') return `${p.source}, whose value is ${shape.description}`;
    }
  }
  return undefined;
}

/** The first policy variable of a value list written in a form AWS does not document, if any. */
function undocumentedVariableIn(list: { values: readonly unknown[] } | undefined): string | undefined {
  for (const v of list?.values ?? []) {
    const odd = typeof v === 'string' ? undocumentedVariable(v) : undefined;
    if (odd) return odd;
  }
  return undefined;
}

function unreadableWhy(c: ConditionClause, unreadable: string): string {
  return (
    `: its condition ${c.operator} on ${c.key} compares a value its operator cannot read: ${unreadable}; ` +
    'AWS does not document the result (IAM Access Analyzer reports it as "Type mismatch"): fix the value'
  );
}

/**
 * Why a clause with a single-valued operator on several request values that do not all give the
 * same result is unknown (conditions/clause.ts).
 */
function singleValuedSplitWhy(c: ConditionClause): string {
  return (
    `: its condition uses the single-valued operator ${c.operator} on ${c.key}, which the request gives ` +
    'several values of, some matching and some not (or unknown); AWS does not document the result ' +
    '(IAM User Guide, "Single-valued vs. multivalued context keys": "Multivalued context keys require ' +
    'a condition set operator"): write ForAnyValue: or ForAllValues:'
  );
}

/** A grant to the principal's account (or maybe so): a delegation to its identity policies. */
function delegates(kind: PrincipalMatch): boolean {
  return kind === PrincipalMatch.Account || kind === PrincipalMatch.MaybeAccount;
}

export function evaluateStatements(
  out: Outcome,
  policy: CompiledPolicy,
  statements: readonly CompiledStatement[],
  input: EvalInput,
  stage: TraceStage,
  resourceBased: boolean,
): void {
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i]!;
    const applies = statementApplies(st, input, resourceBased);
    if (lastAssumed && input.assumed && input.assume === 'optimistic')
      noteAssumed(input.assumed, policy, st, applies, lastAssumed, lastKeys ?? NO_KEYS, lastAbsent);
    if (applies === NO) {
      if (input.trace) recordConditionMiss(input.trace, stage, policy, st, input, resourceBased);
      continue;
    }
    const kind = lastKind;
    if (input.trace) {
      const e = entryOf(stage, policy, st, applies, input, lastAssumed, resourceBased && delegates(kind));
      input.trace.push(e);
      if (applies === MAYBE) input.unknowns?.push(() => e);
    } else if (input.unknowns && applies === MAYBE) {
      // Noted, worded only if asked for (`Decision.unknowns`): what the trace's entry would say.
      const assumed = lastAssumed;
      const d = resourceBased && delegates(kind);
      input.unknowns.push(
        saysOnlyStatement(st, input, assumed)
          ? statementUnknown(stage, policy, st, d)
          : () => entryOf(stage, policy, st, applies, input, assumed, d),
      );
    }
    // The entry `entryOf` traces, as an analysis's statement reference reads it (free-decision.ts).
    if (input.allows && st.effect === 'Allow')
      input.allows.push(appliedAllow(st, stage, policy.name, resourceBased && delegates(kind)));
    if (st.effect === 'Deny' || st.effect === 'Unknown') {
      out.deny = or3(out.deny, st.effect === 'Unknown' ? MAYBE : applies);
    }
    if (st.effect === 'Allow' || st.effect === 'Unknown') {
      const v: Tri = st.effect === 'Unknown' ? MAYBE : applies;
      out.allow = or3(out.allow, v);
      if (resourceBased) {
        if (kind === PrincipalMatch.Role) out.allowRole = or3(out.allowRole, v);
        else if (delegates(kind)) out.allowAccount = or3(out.allowAccount, v);
        else out.allowDirect = or3(out.allowDirect, v);
      }
    }
  }
}

/**
 * Whether the entry `entryOf` words for statement `st` that might apply reads only the statement:
 * its whole value or its presence is unknown (`whyOfStatement`, which `whyMaybe` reads first) and
 * no free-context assumption is added to its words.
 */
function saysOnlyStatement(st: CompiledStatement, input: EvalInput, assumed: string[] | undefined): boolean {
  return (
    (st.unknown !== undefined || st.presence !== undefined) &&
    !(assumed && input.assume === 'optimistic' && st.effect === 'Allow')
  );
}

/** The shared entries of statements that might apply (`saysOnlyStatement`), per statement. */
const STATEMENT_UNKNOWNS = new WeakMap<
  CompiledStatement,
  { stage: TraceStage; policy: string; delegates: boolean; met: UnknownMet }[]
>();

/**
 * The `sharedUnknown` of statement `st` that might apply, as `entryOf` words it where
 * `saysOnlyStatement` holds: one per statement, stage, policy name and delegation.
 */
function statementUnknown(
  stage: TraceStage,
  policy: CompiledPolicy,
  st: CompiledStatement,
  delegates: boolean,
): UnknownMet {
  let made = STATEMENT_UNKNOWNS.get(st);
  if (!made) {
    made = [];
    STATEMENT_UNKNOWNS.set(st, made);
  }
  for (const m of made)
    if (m.stage === stage && m.policy === policy.name && m.delegates === delegates) return m.met;
  const maybe = whyOfStatement(st)!;
  const met = sharedUnknown(() =>
    statementEntry(stage, policy, st, MAYBE, maybe.why, maybe.cause, delegates, maybe.kind),
  );
  made.push({ stage, policy: policy.name, delegates, met });
  return met;
}

/**
 * The `Decision.allows` entry of an applying Allow statement: the statement reference its trace
 * entry gives (`entryOf`), made once per statement, stage, policy name and delegation and frozen
 * (`CompiledStatement.appliedAllows`), so that deciding many requests allocates none and analyses
 * can tell references apart by identity (the matrix's interner).
 */
function appliedAllow(
  st: CompiledStatement,
  stage: TraceStage,
  policy: string,
  delegates: boolean,
): AppliedAllow {
  st.appliedAllows ??= [];
  const made = st.appliedAllows;
  for (const a of made)
    if (
      a.stage === stage &&
      a.policy === policy &&
      !!a.delegates === delegates &&
      a.statement === st.label &&
      a.source === st.source
    )
      return a;
  const a: AppliedAllow = Object.freeze(
    delegates
      ? { stage, policy, statement: st.label, effect: 'Allow', source: st.source, delegates: true }
      : { stage, policy, statement: st.label, effect: 'Allow', source: st.source },
  );
  made.push(a);
  return a;
}

/**
 * Records what an optimistic decision assumed: an Allow that applies only if its free-key
 * clauses hold, or a Deny that stays out only if its free-key clause fails.
 */
function noteAssumed(
  out: AssumedCondition[],
  policy: CompiledPolicy,
  st: CompiledStatement,
  applies: Tri,
  conditions: string[],
  keys: string[],
  absent: boolean,
) {
  const allow = st.effect === 'Allow';
  if (allow ? applies === NO : applies !== NO) return;
  const a: AssumedCondition = {
    effect: allow ? 'Allow' : 'Deny',
    policy: policy.name,
    statement: st.label,
    source: st.source,
    conditions,
    keys,
  };
  out.push(allow && absent ? { ...a, absent: true } : a);
}

/** A policy whose whole document is unknown might allow and might deny anything. */
export function evaluateUnknownPolicy(
  out: Outcome,
  policy: CompiledPolicy,
  input: EvalInput,
  stage: TraceStage,
) {
  if (!policy.unknown) return;
  out.deny = or3(out.deny, MAYBE);
  out.allow = or3(out.allow, MAYBE);
  out.allowDirect = or3(out.allowDirect, MAYBE);
  noteSharedUnknown(input.trace, input.unknowns, unknownPolicyEntry(policy, stage));
}

/** The one entry of `policy`'s unknown content at `stage` (a `sharedUnknown`: met by many decisions). */
const UNKNOWN_POLICY_ENTRIES = new WeakMap<CompiledPolicy, Map<TraceStage, UnknownMet>>();
function unknownPolicyEntry(policy: CompiledPolicy, stage: TraceStage): UnknownMet {
  let byStage = UNKNOWN_POLICY_ENTRIES.get(policy);
  if (!byStage) {
    byStage = new Map();
    UNKNOWN_POLICY_ENTRIES.set(policy, byStage);
  }
  let met = byStage.get(stage);
  if (!met) {
    const unknown = policy.unknown!;
    met = sharedUnknown(() => ({
      stage,
      message: `policy content is unknown: ${unknown.reason}`,
      policy: policy.name,
      outcome: 'unknown',
      kind: 'unknown-policy',
      source: unknown.source ?? policy.source,
      cause: causeOf(unknown),
    }));
    byStage.set(stage, met);
  }
  return met;
}

export function evaluatePolicy(
  out: Outcome,
  policy: CompiledPolicy,
  input: EvalInput,
  stage: TraceStage,
  resourceBased: boolean,
): void {
  if (policy.unknown) evaluateUnknownPolicy(out, policy, input, stage);
  else evaluateStatements(out, policy, policy.statements, input, stage, resourceBased);
}
