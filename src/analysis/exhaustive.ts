// Exhaustive ("only") checks. `checkOnly`: the principal has no access beyond a list of action +
// resource patterns, over every action of the catalog and every resource it could name.
// `checkOnlyPrincipals`: nobody outside a list of principals can perform an action on a
// resource. Nothing is sampled. Candidate actions are the ones some Allow that could apply to
// the principal names (identity policies, resource and trust policies whose Principal could
// match), kept only when the permissions boundary, session policy and SCPs could allow them too;
// every other action is implicitly denied. For each candidate action the resources are split
// into classes that the engine cannot tell apart (witness-resources.ts) and one witness per class
// is decided with a free request context (free-decision.ts). Authentication-only actions
// (sts:GetCallerIdentity, sts:GetSessionToken: no policy controls them, engine/sts-rules.ts) are
// not permissions and are left out, as the root users of model accounts are from onlyPrincipals.

import {
  accessLevelOfRank,
  getAction,
  iterateAllActions,
  iterateMatches,
  matchActions,
  UNKNOWN_ACCESS_LEVEL_RANK,
} from '../catalog/index.js';
import type { Engine } from '../engine/engine.js';
import { type CompiledPolicy, type CompiledStatement, PrincipalMatch } from '../engine/compile-policy.js';
import {
  type PrincipalDirectory,
  type RequestPrincipal,
  resolveRequestPrincipal,
} from '../engine/principal.js';
import { isPrincipalKey, principalKeyIsFree, principalKeyValue } from '../engine/request-context.js';
import { orgLevelAllow } from '../engine/org-levels.js';
import { scpsApply, sessionPolicyFor } from '../engine/request-policies.js';
import { NO, YES } from '../engine/tri.js';
import { AUTHENTICATION_ONLY_ACTIONS } from '../engine/sts-rules.js';
import { patternMayNameUnknown, patternNamesEvery } from '../engine/unknown-names.js';
import type { ContextValue, Decision, Request, RequestContext } from '../engine/types.js';
import { accountRootArn, parseArn } from '../model/arns.js';
import { isPartlyKnown, isUnknown } from '../model/unknown.js';
import { hasUnknownNamePart } from '../model/stand-ins.js';
import type { Model, Resource } from '../model/types.js';
import type { ValueList } from '../policy/types.js';
import { compileGlobPieces, type GlobPiece, globCaptures } from '../policy/glob-match.js';
import { compileArnPattern, compileGlob, hasWildcard, type Matcher } from '../policy/wildcard.js';
import { isOpenAccountStandIn } from '../model/open-accounts.js';
import { callerCovers, claimAssignments } from './claim-witnesses.js';
import { statedUnknownDecision } from './decision-reasons.js';
import { decideAnyContext } from './free-decision.js';
import { candidatePrincipals } from './principals.js';
import type {
  AllowedAccess,
  AllowedCaller,
  AllowedPrincipal,
  AnalysisOptions,
  FreeDecision,
  OnlyPrincipalsResult,
  OnlyResult,
  Witness,
} from './types.js';
import { conditionSplits, unionPattern, variableForms, WitnessResources } from './witness-resources.js';

const DEFAULT_MAX_WITNESSES = 20;

type Stage = 'identity' | 'boundary' | 'session' | 'scp' | 'rcp' | 'resource' | 'trust';

interface PolicyUse {
  policy: CompiledPolicy;
  stage: Stage;
  /**
   * Resource and trust policies: the lowercased service prefixes of the requests they are
   * evaluated for (the resource's own service; `sts` for trust policies); undefined = any.
   */
  services?: readonly string[];
}

/** Per-engine data shared by the checks: compiled policies of the model and the witness factory. */
interface ModelIndex {
  model: Model;
  directory: PrincipalDirectory;
  witnesses: WitnessResources;
  resourcePolicies: PolicyUse[];
  trustPolicies: PolicyUse[];
  scps: Map<string, CompiledPolicy[]>;
  rcps: PolicyUse[];
  /** Every policy of the model (identity of every principal, boundaries, resource, trust, org). */
  everything: PolicyUse[] | undefined;
  /** Action names written literally in the model's policies that the catalog does not know. */
  extraActions: string[] | undefined;
}

const indexes = new WeakMap<Engine, ModelIndex>();

function modelIndex(engine: Engine): ModelIndex {
  const hit = indexes.get(engine);
  if (hit) return hit;
  const model = engine.model;
  const scps = new Map<string, CompiledPolicy[]>();
  const rcps: PolicyUse[] = [];
  for (const o of model.organizations) {
    scps.set(o.account, [...engine.scpsOf(o.account)]);
    for (const policy of engine.rcpsOf(o.account)) rcps.push({ policy, stage: 'rcp' });
  }
  const index: ModelIndex = {
    model,
    directory: engine.principalDirectory,
    witnesses: new WitnessResources(model),
    resourcePolicies: model.resources
      .filter((r) => r.policy)
      .map((r) => ({
        policy: engine.resourcePolicyOf(r)!,
        stage: 'resource',
        services: servicesOfPolicyHolder(r),
      })),
    // An open-account stand-in (model/open-accounts.ts) is a principal, never a target: its
    // unknown trust policy is no grant of the checks (as roles outside the inputs are not).
    trustPolicies: model.roles
      .filter((r) => r.trustPolicy && !isOpenAccountStandIn(r))
      .map((r) => ({
        policy: engine.trustPolicyOf(r)!,
        stage: 'trust',
        services: ['sts'],
      })),
    scps,
    rcps,
    everything: undefined,
    extraActions: undefined,
  };
  indexes.set(engine, index);
  return index;
}

/**
 * The service prefix of the requests a resource's policy is evaluated for: the engine applies a
 * resource-based policy only to requests on its resource (an S3 bucket's to the bucket and its
 * objects), whose ARN names the service. Undefined when the ARN does not say.
 */
function servicesOfResource(arn: unknown): string[] | undefined {
  if (typeof arn !== 'string') return undefined;
  const service = parseArn(arn)?.service;
  return service && !hasWildcard(service) ? [service.toLowerCase()] : undefined;
}

/**
 * The services of the requests a resource's policy is evaluated for: its own ARN's, and those of
 * the ARNs it may govern (`Resource.governs`); undefined (every service) when one does not say.
 */
function servicesOfPolicyHolder(r: Resource): string[] | undefined {
  const out = new Set<string>();
  for (const arn of [r.arn, ...(r.governs ?? [])]) {
    const s = servicesOfResource(arn);
    if (!s) return undefined;
    for (const x of s) out.add(x);
  }
  return [...out];
}

function serviceOf(actionLower: string): string {
  const colon = actionLower.indexOf(':');
  return colon > 0 ? actionLower.slice(0, colon) : actionLower;
}

function allModelPolicies(engine: Engine, index: ModelIndex): PolicyUse[] {
  if (index.everything) return index.everything;
  const out: PolicyUse[] = [];
  const seen = new Set<CompiledPolicy>();
  const add = (policy: CompiledPolicy | undefined, stage: Stage) => {
    if (!policy || seen.has(policy)) return;
    seen.add(policy);
    out.push({ policy, stage });
  };
  for (const p of [...index.model.users, ...index.model.roles]) {
    const side = engine.principalSideOf(p);
    for (const pol of side.identity?.policies ?? []) add(pol, 'identity');
    add(side.boundary, 'boundary');
  }
  for (const u of [...index.resourcePolicies, ...index.trustPolicies, ...index.rcps]) add(u.policy, u.stage);
  for (const list of index.scps.values()) for (const p of list) add(p, 'scp');
  index.everything = out;
  return out;
}

function knownValues(list: ValueList | undefined): string[] {
  const out: string[] = [];
  for (const v of list?.values ?? []) if (!isUnknown(v)) out.push(v);
  return out;
}

/**
 * Literal action names (no wildcard) that the catalog does not know, from some policies; with
 * `wanted`, only names it accepts are looked up (the catalog loads a service's actions on the
 * first lookup, so names that could not matter are not worth a service's load).
 */
function literalExtraActions(uses: readonly PolicyUse[], wanted?: (lower: string) => boolean): string[] {
  const out = new Map<string, string>();
  for (const u of uses)
    for (const st of u.policy.statements)
      for (const v of [...knownValues(st.statement.action), ...knownValues(st.statement.notAction)]) {
        if (hasWildcard(v) || !v.includes(':')) continue;
        const lower = v.toLowerCase();
        if (out.has(lower) || (wanted && !wanted(lower)) || getAction(v)) continue;
        out.set(lower, v);
      }
  return [...out.values()];
}

function isGrant(st: CompiledStatement): boolean {
  return st.effect === 'Allow' || st.effect === 'Unknown';
}

function matchesAction(st: CompiledStatement, actionLower: string): boolean {
  return st.matchAction(actionLower) !== NO;
}

/** True when some Allow of the policy could match the action (or its content is unknown). */
function policyCouldAllow(p: CompiledPolicy, actionLower: string): boolean {
  if (p.unknown) return true;
  for (const st of p.statements) if (isGrant(st) && matchesAction(st, actionLower)) return true;
  return false;
}

function grantsSomething(p: CompiledPolicy): boolean {
  return !!p.unknown || p.statements.some((st) => st.effect !== 'Deny');
}

/**
 * What the model fills for a principal's keys, to resolve policy variables in Resource: `value`
 * is the value the engine fills (request-context.ts `principalKeyValue`), `fixed` says the model
 * determines the key (a variable on it cannot take any other value).
 */
interface PrincipalKeys {
  value(key: string): string | undefined;
  fixed(key: string): boolean;
}

/** Context keys the engine fills from the resource or the clock: a policy variable on them is not free. */
const RESOURCE_AND_CLOCK_KEYS = new Set([
  'aws:currenttime',
  'aws:epochtime',
  'aws:resourceaccount',
  'aws:requestedregion',
]);

/** No principal: no key is known (the patterns keep their variables as wildcards). */
const NO_KEYS: PrincipalKeys = { value: () => undefined, fixed: () => false };

function principalKeys(p: RequestPrincipal): PrincipalKeys {
  const now = new Date();
  const fixed = (key: string) =>
    isPrincipalKey(key)
      ? !principalKeyIsFree(p, key)
      : RESOURCE_AND_CLOCK_KEYS.has(key) || key.startsWith('aws:resourcetag/');
  return {
    fixed,
    value: (key) => (isPrincipalKey(key) && fixed(key) ? principalKeyValue(p, key, now)?.[0] : undefined),
  };
}

/** Resource patterns, regions and accounts the applicable statements name for one action. */
interface ActionPatterns {
  patterns: string[];
  regions: string[];
  accounts: string[];
}

function collectPatterns(
  statements: Iterable<CompiledStatement>,
  known: readonly PrincipalKeys[],
): ActionPatterns {
  const patterns = new Set<string>();
  const regions = new Set<string>();
  const accounts = new Set<string>();
  for (const st of statements) {
    for (const v of [...knownValues(st.statement.resource), ...knownValues(st.statement.notResource)])
      for (const k of known) for (const f of variableForms(v, k.value)) patterns.add(f);
    conditionSplits(st.statement.conditions, regions, accounts);
  }
  return { patterns: [...patterns], regions: [...regions], accounts: [...accounts] };
}

/** Statements indexed by the service prefixes of their Action (as the engine indexes them). */
class StatementIndex {
  private readonly byService = new Map<string, CompiledStatement[]>();
  private readonly anyService: CompiledStatement[] = [];

  add(st: CompiledStatement): void {
    if (!st.services) {
      this.anyService.push(st);
      return;
    }
    for (const svc of st.services) {
      let list = this.byService.get(svc);
      if (!list) {
        list = [];
        this.byService.set(svc, list);
      }
      list.push(st);
    }
  }

  /** Statements whose Action / NotAction could match the lower-cased action. */
  matching(actionLower: string): CompiledStatement[] {
    const colon = actionLower.indexOf(':');
    const service = colon > 0 ? actionLower.slice(0, colon) : actionLower;
    const out: CompiledStatement[] = [];
    for (const st of this.byService.get(service) ?? []) if (matchesAction(st, actionLower)) out.push(st);
    for (const st of this.anyService) if (matchesAction(st, actionLower)) out.push(st);
    return out;
  }
}

/** Could the statement's Resource match some resource `action` can name? (false = it never applies) */
function couldNameResourceOf(witnesses: WitnessResources, action: string, st: CompiledStatement): boolean {
  const list = st.statement.resource;
  // NotResource, a resource-based statement without Resource (its own resource), unknown
  // values and policy variables: assume it could.
  if (!list || list.values.some((v) => isUnknown(v) || v.includes('${'))) return true;
  return witnesses.couldMatchAction(action, list.values as string[]);
}

/**
 * The values free policy variables must take for a Resource value to name `resource`:
 * `arn:aws:s3:::bkt/${aws:userid}/*` names `arn:aws:s3:::bkt/AIDA1/x` when aws:userid is `AIDA1`.
 * Undefined when the value cannot name it.
 */
function variableValuesFor(
  value: string,
  resource: string,
  known: PrincipalKeys,
  pinned: RequestContext | undefined,
): Record<string, string> | undefined {
  const pieces: GlobPiece[] = [];
  const keys: string[] = [];
  const re = /\$\{([^}]*)\}|\*|\?|[^$*?]+|\$/g;
  for (const m of value.matchAll(re)) {
    const text = m[0];
    if (m[1] !== undefined) {
      const inner = m[1];
      if (inner === '*' || inner === '?' || inner === '$') {
        pieces.push({ kind: 'text', text: inner, wild: false });
        continue;
      }
      const comma = inner.indexOf(',');
      const key = (comma >= 0 ? inner.slice(0, comma) : inner).trim().toLowerCase();
      const pinnedValue = pinned
        ? Object.entries(pinned).find(([k]) => k.toLowerCase() === key)?.[1]
        : undefined;
      const fixed =
        typeof pinnedValue === 'string' ? pinnedValue : known.fixed(key) ? known.value(key) : undefined;
      if (fixed !== undefined) pieces.push({ kind: 'text', text: fixed, wild: false });
      else if (known.fixed(key) || pinnedValue !== undefined) return undefined;
      else {
        keys.push(key);
        pieces.push({ kind: 'capture', min: 1 });
      }
    } else pieces.push({ kind: 'text', text, wild: text === '*' || text === '?' });
  }
  if (keys.length === 0) return undefined;
  const match = globCaptures(compileGlobPieces(pieces), resource);
  if (!match) return undefined;
  const out: Record<string, string> = {};
  keys.forEach((k, i) => {
    out[k] = match[i]!;
  });
  return out;
}

/**
 * A request the free-context decision denies only because an Allow's Resource holds a policy
 * variable on a free key (the engine resolves a missing key to no value): decided again with the
 * key pinned to the value that names the resource; such access is conditional on that value.
 */
function viaFreeVariables(
  engine: Engine,
  req: Request,
  statements: readonly CompiledStatement[],
  known: PrincipalKeys,
): FreeDecision | undefined {
  for (const st of statements) {
    if (!isGrant(st)) continue;
    for (const v of knownValues(st.statement.resource)) {
      if (!v.includes('${')) continue;
      const values = variableValuesFor(v, req.resource, known, req.context);
      if (!values) continue;
      const fd = decideAnyContext(engine, { ...req, context: { ...(req.context ?? {}), ...values } });
      if (fd.access === 'deny') continue;
      const clauses = Object.entries(values).map(
        ([k, x]) => `${k} is "${x}" (policy variable in the Resource of ${st.label})`,
      );
      return { ...fd, access: 'conditional', conditions: [...clauses, ...fd.conditions] };
    }
  }
  return undefined;
}

/** A grant whose actions cannot be listed from its Action: NotAction, or unknown values. */
function hasUnknownActions(st: CompiledStatement): boolean {
  const list = st.statement.action;
  return !list || list.values.some((v) => isUnknown(v));
}

/**
 * The violation of an exhaustive check whose principal has an identity policy of unknown content
 * (known only after apply) that nothing caps: it may allow any action on any resource.
 */
function unknownPolicyWitness(principal: string, policy: CompiledPolicy): Witness {
  const reason = policy.unknown?.reason ?? 'its content is unknown';
  const source = policy.unknown?.source ?? policy.source;
  const message = `policy content is unknown: ${reason}; no known permissions boundary or session policy caps it, so it may allow any action on any resource`;
  const decision: Decision = {
    decision: 'indeterminate',
    reason: 'unknown-value',
    trace: [
      { stage: 'identity', message, policy: policy.name, outcome: 'unknown', kind: 'unknown-policy', source },
    ],
  };
  return {
    principal,
    action: '*',
    resource: '*',
    access: 'indeterminate',
    conditions: [`the content of ${policy.name} is known only after apply (${reason}) and nothing caps it`],
    grants: [{ stage: 'identity', policy: policy.name, statement: undefined, effect: undefined, source }],
    decision,
    external: false,
  };
}

/** The violation of an exhaustive check whose principal's identity side is unknown as a whole. */
function unknownSideWitness(principal: string, why: string): Witness {
  const message = `${why}: it may be allowed any action on any resource`;
  const decision: Decision = {
    decision: 'indeterminate',
    reason: 'unknown-value',
    trace: [{ stage: 'identity', message, outcome: 'unknown', kind: 'unknown-value' }],
  };
  return {
    principal,
    action: '*',
    resource: '*',
    access: 'indeterminate',
    conditions: [why],
    grants: [],
    decision,
    external: false,
  };
}

function grantsKey(fd: FreeDecision): string {
  return fd.grants.map((g) => `${g.stage}|${g.policy}|${g.statement}`).join(';');
}

/** The claims a federated witness carries: its context without the keys the check pinned. */
function claimsOf(context: RequestContext, pinned: RequestContext | undefined): RequestContext {
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(context)) if (!pinned || !(k in pinned)) out[k] = v;
  return out;
}

/** The violation of a check whose claim witnesses for a federated caller could not all be found. */
function incompleteClaimsWitness(
  principal: string,
  action: string,
  resource: string,
  why: string | undefined,
): Witness {
  const message = why ?? `the claims of ${principal} could not all be tried`;
  return {
    principal,
    action,
    resource,
    access: 'indeterminate',
    conditions: [message],
    grants: [],
    // the check's reasons say what was not tried (decision-reasons.ts `statedUnknownDecision`)
    decision: statedUnknownDecision({ stage: 'trust', message }),
    external: false,
  };
}

/** The violation of a check whose witness resource search for `action` was cut short. */
function incompleteWitness(principal: string, action: string, resource: string): Witness {
  const message = `the witness resource search for ${action} reached its state limit: not every resource was checked`;
  return {
    principal,
    action,
    resource,
    access: 'indeterminate',
    conditions: [message],
    grants: [],
    decision: statedUnknownDecision({ stage: 'result', message }),
    external: false,
  };
}

interface AllowedEntry {
  entry: AllowedAccess;
  action: Matcher;
  resource: Matcher;
  used: boolean;
}

/**
 * Does `principal` have no access beyond `allowed`? See the module comment. Violations are
 * grouped: one witness per action and set of granting statements, at most `maxWitnesses`.
 * The steps: the policies that could apply (`principalScope`), the statements that could grant
 * (`grantsOf`), a check that cannot hold at all (`cannotHold`), the candidate actions
 * (`candidateActions`), then each candidate's witness resources decided (`scanCandidates`).
 */
export function checkOnly(
  engine: Engine,
  principal: string,
  allowed: AllowedAccess[],
  options: AnalysisOptions = {},
): OnlyResult {
  const index = modelIndex(engine);
  const max = options.maxWitnesses ?? DEFAULT_MAX_WITNESSES;
  const scope = principalScope(engine, index, principal, options);
  const grants = grantsOf(scope);
  const early = cannotHold(scope, grants, allowed, max);
  if (early) return early;
  const candidates = candidateActions(index, scope, grants);
  const scan = newScan(engine, index, scope, allowed, options, max);
  scanCandidates(scan, candidates);
  // Entries not seen in use: when the scan stopped early, look at their own actions and resources.
  if (scan.stopped) markUsedEntries(scan, candidates);
  return {
    holds: scan.violations.length === 0,
    principal,
    violations: scan.violations,
    unused: scan.entries.filter((e) => !e.used).map((e) => e.entry),
    checked: { actions: scan.actionsChecked, resources: scan.resources, decisions: scan.decisions },
  };
}

/**
 * The resources a spec entry on a resource pattern stands for, for one principal and action
 * (`can` on every matching resource, `cannot` on any, spec/check-access.ts): one witness per class
 * of the resources matching `pattern` that the policies which could apply to the principal cannot
 * tell apart, the search `checkOnly` makes restricted to the pattern. So a resource a policy names
 * inside the pattern (`data-prod/secret/*` within `data-*`) is decided, not only one generic
 * instance of the pattern. `complete` is false when the search reached its state limit. A
 * principal the engine cannot resolve is searched with every policy of the model (more patterns
 * only split the resources finer). Several actions on one resource (a new user created, given a
 * policy and credentials under one name: escalation-new-principal.ts) are searched together: every
 * statement that may match one of them splits the names, so each class of names on which all
 * their requests are decided alike has a witness, the first action's ARN formats restricting them.
 */
export function patternResources(
  engine: Engine,
  principal: string,
  action: string | readonly string[],
  pattern: string,
  options: AnalysisOptions = {},
): { resources: string[]; complete: boolean } {
  const index = modelIndex(engine);
  const actions = typeof action === 'string' ? [action] : action;
  const applicable = new StatementIndex();
  let known: PrincipalKeys = NO_KEYS;
  let principalAccount: string | undefined;
  let uses: PolicyUse[];
  let reaches: (st: CompiledStatement, stage: Stage) => boolean = () => true;
  try {
    const scope = principalScope(engine, index, principal, options);
    uses = scope.uses;
    reaches = scope.reaches;
    known = principalKeys(scope.p);
    principalAccount = scope.p.account;
  } catch {
    uses = allModelPolicies(engine, index);
  }
  const useOf = new Map<CompiledStatement, PolicyUse | undefined>();
  for (const u of uses)
    for (const st of u.policy.statements)
      if (reaches(st, u.stage)) {
        applicable.add(st);
        // a statement in two places is kept alone (`resourceUnions`)
        useOf.set(st, useOf.has(st) ? undefined : u);
      }
  const statements = [...new Set(actions.flatMap((a) => applicable.matching(a.toLowerCase())))];
  const { unions, alone } = resourceUnions(statements, useOf);
  const found = collectPatterns(alone, [known]);
  const regions = new Set(found.regions);
  const accounts = new Set(found.accounts);
  const single = new Set(alone);
  for (const st of statements)
    if (!single.has(st)) conditionSplits(st.statement.conditions, regions, accounts);
  found.patterns.push(...unions, pattern);
  return index.witnesses.forAction({
    action: actions[0]!,
    patterns: found.patterns,
    principalAccount,
    regions: [...regions],
    accounts: [...accounts],
    restrictTo: pattern,
  });
}

/** Per model index, the names under a prefix its values tell apart (`namesUnderNamed`). */
const namedUnder = new WeakMap<ModelIndex, Map<string, string[]>>();

/** A Resource / NotResource value of the model's policies: its first wildcard and the text before it. */
interface ResourceValue {
  v: string;
  wild: number;
  lit: string;
}

const resourceValues = new WeakMap<ModelIndex, ResourceValue[]>();

/**
 * The distinct Resource / NotResource texts of every policy of the model (`allModelPolicies`), in
 * the order first met, without policy variables: read once per model, not once per name asked
 * (`namesUnderNamed` is asked for every write target of every principal the review looks at).
 */
function resourceValuesOf(engine: Engine, index: ModelIndex): ResourceValue[] {
  const known = resourceValues.get(index);
  if (known) return known;
  const seen = new Set<string>();
  const out: ResourceValue[] = [];
  for (const u of allModelPolicies(engine, index))
    for (const st of u.policy.statements)
      for (const v of [
        ...(st.statement.resource?.values ?? []),
        ...(st.statement.notResource?.values ?? []),
      ]) {
        if (typeof v !== 'string' || v.includes('$') || seen.has(v)) continue;
        seen.add(v);
        const wild = v.search(/[*?]/);
        out.push({ v, wild, lit: wild < 0 ? v : v.slice(0, wild) });
      }
  resourceValues.set(index, out);
  return out;
}

/** The model's Resource values by their text before the first wildcard (`resourceValuesOf`). */
interface ValueIndex {
  /** The numbers of the values, sorted by `lit`. */
  byLit: number[];
  /** The numbers of the values with a wildcard, by `lit`. */
  wildByLit: Map<string, number[]>;
}

const valueIndexes = new WeakMap<ModelIndex, ValueIndex>();

/**
 * The numbers of the values `namesUnderNamed` may try under `prefix`, in order: those whose text
 * before the first wildcard starts with `prefix`, and those with a wildcard whose text before it
 * is a shorter start of `prefix` (the others give no name). Found by the text before the
 * wildcard, not by reading every value for each prefix (asked for every write target).
 */
function valuesUnder(index: ModelIndex, values: readonly ResourceValue[], prefix: string): number[] {
  let found = valueIndexes.get(index);
  if (!found) {
    const byLit = values
      .map((_, i) => i)
      .sort((a, b) => compareText(values[a]!.lit, values[b]!.lit) || a - b);
    const wildByLit = new Map<string, number[]>();
    values.forEach((x, i) => {
      if (x.wild >= 0) wildByLit.set(x.lit, [...(wildByLit.get(x.lit) ?? []), i]);
    });
    found = { byLit, wildByLit };
    valueIndexes.set(index, found);
  }
  const { byLit, wildByLit } = found;
  const out: number[] = [];
  // the first value whose `lit` is not below `prefix`, then every one starting with it
  let lo = 0;
  let hi = byLit.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareText(values[byLit[mid]!]!.lit, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < byLit.length && values[byLit[k]!]!.lit.startsWith(prefix); k++) out.push(byLit[k]!);
  for (let n = 0; n < prefix.length; n++) out.push(...(wildByLit.get(prefix.slice(0, n)) ?? []));
  return out.sort((a, b) => a - b);
}

/** Strings in code unit order. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One name under `prefix` (an ARN's text up to a wildcard: `arn:aws:s3:::data/`) for each
 * Resource or NotResource value of the model's policies (every principal's, the resource, trust
 * and organization policies) that may tell names under it apart: a value naming something inside
 * it (`data/secret/*` gives `data/secret/x`), or one whose wildcard is followed by more text
 * (`arn:aws:s3:::*` + `/secret/*` gives `data/secret/x`). Values with policy variables or unknown
 * values give none. None when no value tells them apart: every name under the prefix is decided
 * alike. A cheap stand-in for the witness search (escalation-writes.ts `gainOfWrite`): one member
 * of each pattern, not of every intersection or complement of them.
 */
export function namesUnderNamed(engine: Engine, prefix: string): string[] {
  const index = modelIndex(engine);
  let memo = namedUnder.get(index);
  if (!memo) {
    memo = new Map();
    namedUnder.set(index, memo);
  }
  const known = memo.get(prefix);
  if (known) return known;
  const out = new Set<string>();
  const fill = (t: string) => t.replace(/[*?]/g, 'x');
  const values = resourceValuesOf(engine, index);
  for (const at of valuesUnder(index, values, prefix)) {
    const { v, wild, lit } = values[at]!;
    const tries = lit.startsWith(prefix)
      ? v === `${prefix}*`
        ? []
        : [fill(v)]
      : prefix.startsWith(lit) && wild >= 0 && v.slice(wild) !== '*'
        ? [`${prefix}x${fill(v.slice(wild + 1))}`, `${prefix.slice(0, -1)}${fill(v.slice(wild + 1))}`]
        : [];
    if (!tries.length) continue;
    const m = compileArnPattern(v);
    for (const t of tries) if (t.startsWith(prefix) && t.length > prefix.length && m.test(t)) out.add(t);
  }
  const list = [...out];
  memo.set(prefix, list);
  return list;
}

/**
 * Statements of one policy (in one place) that differ in nothing but their Resource: whichever of
 * them names a resource, the request is decided alike (same effect, Action, Principal, Condition,
 * presence), so only whether one of them names it tells resources apart, not which ones. Their
 * Resource values split resources as one union (witness-resources.ts `unionPattern`): N
 * overlapping patterns give two classes, not up to 2^N. Statements whose Resource is not a list of
 * plain values (NotResource, none, policy variables, unknown values or names) and those holding an
 * unknown value elsewhere stay `alone`, each value its own split pattern.
 */
function resourceUnions(
  statements: readonly CompiledStatement[],
  useOf: ReadonlyMap<CompiledStatement, PolicyUse | undefined>,
): { unions: string[]; alone: CompiledStatement[] } {
  const groups = new Map<string, { use: PolicyUse; values: Set<string> }[]>();
  const alone: CompiledStatement[] = [];
  for (const st of statements) {
    const use = useOf.get(st);
    const key = use && sameButResource(st);
    if (!use || key === undefined) {
      alone.push(st);
      continue;
    }
    const list = groups.get(key) ?? [];
    groups.set(key, list);
    let g = list.find((x) => x.use.policy === use.policy && x.use.stage === use.stage);
    if (!g) {
      g = { use, values: new Set() };
      list.push(g);
    }
    for (const v of st.statement.resource!.values as string[]) g.values.add(v);
  }
  const unions: string[] = [];
  for (const list of groups.values()) for (const g of list) unions.push(unionPattern([...g.values]));
  return { unions, alone };
}

/**
 * What a statement says besides its Resource, as text (sources left out), when its Resource is a
 * list of plain values and nothing it says is unknown; undefined otherwise.
 */
function sameButResource(st: CompiledStatement): string | undefined {
  const s = st.statement;
  if (st.unknown || st.presence || s.presence || !s.resource || s.notResource) return undefined;
  for (const v of s.resource.values)
    if (typeof v !== 'string' || v.includes('${') || hasUnknownNamePart(v)) return undefined;
  let unknown = false;
  const text = JSON.stringify(
    [st.effect, s.action, s.notAction, s.principal, s.notPrincipal, s.conditions, s.carrier, s.signedOnly],
    (k, v) => {
      if (k === 'source' || k === 'valueSources') return undefined;
      if (isUnknown(v) || isPartlyKnown(v)) unknown = true;
      return v;
    },
  );
  return unknown ? undefined : text;
}

/** The principal of a `checkOnly` and the policies that could apply to it. */
interface PrincipalScope {
  principal: string;
  p: RequestPrincipal;
  sessionPolicy: unknown;
  identity: CompiledPolicy[];
  boundary: CompiledPolicy | undefined;
  session: CompiledPolicy | undefined;
  scps: CompiledPolicy[];
  /** Resource and trust policies of the model. */
  resourceSide: PolicyUse[];
  /** Every policy above, with its stage. */
  uses: PolicyUse[];
  /** Whether a statement could apply to the principal (a resource or trust policy's Principal). */
  reaches: (st: CompiledStatement, stage: Stage) => boolean;
}

function principalScope(
  engine: Engine,
  index: ModelIndex,
  principal: string,
  options: AnalysisOptions,
): PrincipalScope {
  const p = resolveRequestPrincipal(principal, index.directory);
  if (p.error) throw new Error(p.error);
  const modelPrincipal = p.user ?? p.role;
  // Which principals carry the session policy: request-policies.ts `sessionPolicyFor`.
  const sessionPolicy = sessionPolicyFor(p, options.sessionPolicy);
  // The principal side as `decide` gathers it (Engine.principalSideOf): identity, boundary, session.
  const side = engine.principalSideOf(modelPrincipal, sessionPolicy);
  const identity: CompiledPolicy[] = side.identity?.policies ?? [];
  const { boundary, session } = side;
  // Which SCPs apply: the engine's rule (engine/request-policies.ts `scpsApply`).
  const scps = scpsApply(p) ? (index.scps.get(p.account!) ?? []) : [];
  const resourceSide = [...index.resourcePolicies, ...index.trustPolicies];
  const elements = engine.surelyCreated();
  const reaches = (st: CompiledStatement, stage: Stage) =>
    stage !== 'resource' && stage !== 'trust'
      ? true
      : !st.hasPrincipal || st.matchPrincipal(p, elements) !== PrincipalMatch.None;
  const uses: PolicyUse[] = [
    ...identity.map((policy) => ({ policy, stage: 'identity' as const })),
    ...(boundary ? [{ policy: boundary, stage: 'boundary' as const }] : []),
    ...(session ? [{ policy: session, stage: 'session' as const }] : []),
    ...scps.map((policy) => ({ policy, stage: 'scp' as const })),
    ...index.rcps,
    ...resourceSide,
  ];
  return { principal, p, sessionPolicy, identity, boundary, session, scps, resourceSide, uses, reaches };
}

/** The statements that could grant the principal something, and what may allow every action. */
interface Grants {
  identityGrants: CompiledStatement[];
  /** Identity policies of unknown content. */
  unknownIdentity: CompiledPolicy[];
  /** The identity side may allow every action. */
  identityEvery: boolean;
  resourceGrants: CompiledStatement[];
  /** The resource side may allow every action of these services. */
  resourceEveryService: Set<string>;
  /** The resource side may allow every action of every service. */
  resourceEvery: boolean;
}

/**
 * Statements that could grant: identity Allows (the identity side of a principal outside the
 * model, a service or anonymous caller is not in the model: only resource policies grant), and
 * resource / trust policy Allows whose Principal could match.
 */
function grantsOf(scope: PrincipalScope): Grants {
  const { p, identity } = scope;
  const identityGrants: CompiledStatement[] = [];
  const unknownIdentity: CompiledPolicy[] = [];
  // The identity side may allow every action: the root user, a policy whose content is unknown,
  // NotAction or an Action list with unknown values. The boundary and the session policy still cap it.
  // A federated user session without a known caller: any user of the account (or its root) may
  // have federated it, so its identity side may allow anything (capped by its session policy).
  let identityEvery = (p.type === 'root' || (p.type === 'federated-user' && !p.user)) && !p.external;
  const identityCounts =
    (p.type === 'user' || p.type === 'role-session' || p.type === 'federated-user') && !p.external;
  if (identityCounts)
    for (const pol of identity) {
      if (pol.unknown) {
        identityEvery = true;
        unknownIdentity.push(pol);
      }
      for (const st of pol.statements) {
        if (!isGrant(st)) continue;
        if (hasUnknownActions(st)) identityEvery = true;
        else identityGrants.push(st);
      }
    }
  const resourceGrants: CompiledStatement[] = [];
  // The resource side may allow every action of these services (an unknown resource policy,
  // NotAction, an Action list with unknown values); `resourceEvery`: of every service.
  const resourceEveryService = new Set<string>();
  let resourceEvery = false;
  const everyActionOf = (services: readonly string[] | undefined) => {
    if (!services) resourceEvery = true;
    else for (const svc of services) resourceEveryService.add(svc);
  };
  for (const u of scope.resourceSide) {
    if (u.policy.unknown) everyActionOf(u.services);
    for (const st of u.policy.statements) {
      if (!isGrant(st) || !scope.reaches(st, u.stage)) continue;
      if (hasUnknownActions(st)) everyActionOf(u.services);
      else resourceGrants.push(st);
    }
  }
  return {
    identityGrants,
    unknownIdentity,
    identityEvery,
    resourceGrants,
    resourceEveryService,
    resourceEvery,
  };
}

/**
 * The answer of a check that cannot hold, found before any action is decided: a federated user
 * session whose caller and session policy are unknown, or an unknown identity policy that nothing
 * caps (no known permissions boundary or session policy), which may allow any action: deciding
 * every action of the catalog would only find that out 20,000 times. Undefined otherwise.
 */
function cannotHold(
  scope: PrincipalScope,
  grants: Grants,
  allowed: readonly AllowedAccess[],
  max: number,
): OnlyResult | undefined {
  const { p, principal, boundary, session } = scope;
  // A boundary that might not exist (`presence`) caps nothing for sure.
  const capped = (boundary && !boundary.unknown && !boundary.presence) || (session && !session.unknown);
  const allowsEverything = allowed.some((e) => e.action === '*' && e.resource === '*');
  const none = { unused: [], checked: { actions: 0, resources: 0, decisions: 0 } };
  if (p.type === 'federated-user' && !p.user && !p.external && !session && !allowsEverything) {
    const why = 'the IAM user that called GetFederationToken and the session policy it passed are not known';
    return { holds: false, principal, violations: [unknownSideWitness(principal, why)], ...none };
  }
  if (grants.unknownIdentity.length > 0 && !capped && !allowsEverything) {
    return {
      holds: false,
      principal,
      violations: grants.unknownIdentity.slice(0, max).map((pol) => unknownPolicyWitness(principal, pol)),
      ...none,
    };
  }
  return undefined;
}

/**
 * Candidate actions, in the order the granting statements name them: those some grant could
 * match, that the SCPs, the permissions boundary and the session policy could allow too, and
 * whose granting statements could name a resource of the action.
 */
function candidateActions(index: ModelIndex, scope: PrincipalScope, grants: Grants): Iterable<string> {
  // Filtered as the scan asks for them: a scan that stops at its witness limit does not pay for
  // the candidates after it (the order, and so the answer, is the same).
  return new LazyList(filterCandidates(index, scope, grants, candidateNames(scope, grants)));
}

function* filterCandidates(
  index: ModelIndex,
  scope: PrincipalScope,
  grants: Grants,
  names: Iterable<[string, string]>,
): Generator<string> {
  const { identityGrants, identityEvery, resourceGrants, resourceEveryService, resourceEvery } = grants;
  const { session } = scope;
  // The SCPs' Allows combine per level (engine/org-levels.ts): an action is skipped only when no
  // reading of the levels and of maybe-present SCPs lets them allow it. A boundary that might not
  // exist need not allow.
  const grantingScps = scope.scps.filter(grantsSomething);
  const scpsCouldAllow = (lower: string): boolean =>
    grantingScps.every((s) => policyCouldAllow(s, lower)) ||
    orgLevelAllow(
      grantingScps.map((s) => ({
        level: s.orgLevel,
        ifPresent: policyCouldAllow(s, lower) ? YES : NO,
        maybeAbsent: !!s.presence,
      })),
    ).upper !== NO;
  const cappingBoundary = scope.boundary && !scope.boundary.presence ? scope.boundary : undefined;
  for (const [lower, name] of names) {
    // Not permissions: no policy controls them (engine/sts-rules.ts).
    if (AUTHENTICATION_ONLY_ACTIONS.has(lower)) continue;
    if (grantingScps.length && !scpsCouldAllow(lower)) continue;
    const resourceAny = resourceEvery || resourceEveryService.has(serviceOf(lower));
    const viaResource = resourceAny || resourceGrants.some((st) => matchesAction(st, lower));
    let viaIdentity = identityEvery || identityGrants.some((st) => matchesAction(st, lower));
    if (viaIdentity) {
      if (cappingBoundary && !policyCouldAllow(cappingBoundary, lower)) viaIdentity = false;
      else if (session && !policyCouldAllow(session, lower)) viaIdentity = false;
    }
    if (!viaIdentity && !viaResource) continue;
    // An action whose granting statements name no resource of the action's ARN formats can
    // never be allowed (the catalog's formats are the resources a request can name).
    if (!(viaIdentity && identityEvery) && !resourceAny) {
      const granting = [
        ...(viaIdentity ? identityGrants.filter((st) => matchesAction(st, lower)) : []),
        ...resourceGrants.filter((st) => matchesAction(st, lower)),
      ];
      if (!granting.some((st) => couldNameResourceOf(index.witnesses, name, st))) continue;
    }
    yield name;
  }
}

/** The items of an iterator, produced on first demand and kept, so it can be iterated again. */
class LazyList<T> implements Iterable<T> {
  private readonly items: T[] = [];
  private finished = false;
  constructor(private readonly source: Iterator<T>) {}

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; ; i++) {
      if (i < this.items.length) {
        yield this.items[i]!;
        continue;
      }
      if (this.finished) return;
      const next = this.source.next();
      if (next.done) {
        this.finished = true;
        return;
      }
      this.items.push(next.value);
      yield next.value;
    }
  }
}

/**
 * The action names the grants could match ([lower-cased name, name], each once), before any cap,
 * produced as the scan asks for them: a check that stops at its witness limit decodes only the
 * catalog services it reached (a `*` grant no longer loads all 22,000 actions first).
 */
function* candidateNames(scope: PrincipalScope, grants: Grants): Generator<[string, string]> {
  const { identityGrants, identityEvery, resourceGrants, resourceEveryService, resourceEvery } = grants;
  // A name the catalog does not know is a candidate only if some grant could match it (as for
  // every candidate).
  const extras = literalExtraActions(
    scope.uses,
    (lower) =>
      identityEvery ||
      resourceEvery ||
      resourceEveryService.has(serviceOf(lower)) ||
      identityGrants.some((st) => matchesAction(st, lower)) ||
      resourceGrants.some((st) => matchesAction(st, lower)),
  );
  const seen = new Set<string>();
  const fresh = (name: string): boolean => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return false;
    seen.add(lower);
    return true;
  };
  if (identityEvery || resourceEvery) {
    for (const a of iterateAllActions()) if (fresh(a.name)) yield [a.name.toLowerCase(), a.name];
  } else {
    // Round robin over the granting statements, so that violations found before the witness
    // limit name different statements (not 20 actions of one `ec2:*`).
    const lists = [...identityGrants, ...resourceGrants].map((st) => rankedActionNames(st));
    const finished = new Array<boolean>(lists.length).fill(false);
    for (let live = lists.length; live > 0; )
      for (let i = 0; i < lists.length; i++) {
        if (finished[i]) continue;
        const next = lists[i]!.next();
        if (next.done) {
          finished[i] = true;
          live--;
        } else if (fresh(next.value)) yield [next.value.toLowerCase(), next.value];
      }
    for (const svc of resourceEveryService)
      for (const a of iterateMatches(`${svc}:*`)) if (fresh(a.name)) yield [a.name.toLowerCase(), a.name];
  }
  for (const e of extras) if (fresh(e)) yield [e.toLowerCase(), e];
}

/**
 * A statement's action names: each Action value's catalog matches in turn (a literal name the
 * catalog does not know as itself), the worst access first (permissions management and writes
 * before tagging, reads and lists; a stable order by rank), so that the witnesses found before
 * the limit matter most. Produced lazily, one pass over the values per rank.
 */
function* rankedActionNames(st: CompiledStatement): Generator<string> {
  const values = knownValues(st.statement.action);
  for (let rank = 0; rank <= UNKNOWN_ACCESS_LEVEL_RANK; rank++) {
    // Every catalog action has an access level: none is of the unknown rank.
    const level = accessLevelOfRank(rank);
    for (const v of values) {
      if (!hasWildcard(v) && v.includes(':') && !getAction(v)) {
        if (rank === UNKNOWN_ACCESS_LEVEL_RANK) yield v;
        continue;
      }
      if (level !== undefined) for (const a of iterateMatches(v, level)) yield a.name;
    }
  }
}

/** The state of a `checkOnly` scan over its candidate actions. */
interface OnlyScan {
  engine: Engine;
  index: ModelIndex;
  scope: PrincipalScope;
  options: AnalysisOptions;
  max: number;
  entries: AllowedEntry[];
  known: PrincipalKeys[];
  /** Statements that could apply, indexed by the service prefixes their Action names. */
  applicable: StatementIndex;
  violations: Witness[];
  reported: Set<string>;
  resources: number;
  decisions: number;
  actionsChecked: number;
  stopped: boolean;
}

function newScan(
  engine: Engine,
  index: ModelIndex,
  scope: PrincipalScope,
  allowed: readonly AllowedAccess[],
  options: AnalysisOptions,
  max: number,
): OnlyScan {
  const applicable = new StatementIndex();
  for (const u of scope.uses)
    for (const st of u.policy.statements) if (scope.reaches(st, u.stage)) applicable.add(st);
  return {
    engine,
    index,
    scope,
    options,
    max,
    entries: allowed.map((entry) => ({
      entry,
      action: compileGlob(entry.action.toLowerCase(), true),
      resource: compileArnPattern(entry.resource),
      used: false,
    })),
    known: [principalKeys(scope.p)],
    applicable,
    violations: [],
    reported: new Set(),
    resources: 0,
    decisions: 0,
    actionsChecked: 0,
    stopped: false,
  };
}

/** The witness resources of an action: one per class of resources the engine cannot tell apart. */
function scanWitnesses(scan: OnlyScan, action: string) {
  const lower = action.toLowerCase();
  const found = collectPatterns(scan.applicable.matching(lower), scan.known);
  for (const e of scan.entries) if (e.action.test(lower)) found.patterns.push(e.entry.resource);
  return scan.index.witnesses.forAction({
    action,
    patterns: found.patterns,
    principalAccount: scan.scope.p.account,
    regions: found.regions,
    accounts: found.accounts,
  });
}

function scanRequest(scan: OnlyScan, action: string, resource: string): Request {
  const { options, scope } = scan;
  return {
    principal: scope.principal,
    action,
    resource,
    ...(options.context ? { context: options.context } : {}),
    ...(scope.sessionPolicy !== undefined ? { sessionPolicy: scope.sessionPolicy } : {}),
  };
}

/** Decides each candidate's witness resources until the witness limit. */
function scanCandidates(scan: OnlyScan, candidates: Iterable<string>): void {
  const { index, entries } = scan;
  const principal = scan.scope.principal;
  for (const action of candidates) {
    if (scan.stopped) break;
    scan.actionsChecked++;
    const lower = action.toLowerCase();
    // Entirely covered by entries already seen in use: nothing left to learn from this action.
    const matching = entries.filter((e) => e.action.test(lower));
    if (
      matching.length > 0 &&
      matching.every((e) => e.used) &&
      index.witnesses.coversAction(
        action,
        matching.map((e) => e.entry.resource),
      )
    )
      continue;
    const set = scanWitnesses(scan, action);
    scan.resources += set.resources.length;
    if (!set.complete) {
      scan.violations.push(incompleteWitness(principal, action, set.resources[0] ?? '*'));
      if (scan.violations.length >= scan.max) scan.stopped = true;
    }
    for (const resource of set.resources) {
      if (scan.stopped) break;
      scanResource(scan, action, lower, resource);
    }
  }
}

/** Decides one witness request: marks the entries it uses, or records it as a violation. */
function scanResource(scan: OnlyScan, action: string, lower: string, resource: string): void {
  const { engine, entries } = scan;
  // A witness with an unknown name part is covered only by an entry naming every name it may have.
  const covering = entries.filter((e) => e.action.test(lower) && patternNamesEvery(e.resource, resource));
  // A covered request matters only to tell which entries are used.
  if (covering.length > 0 && covering.every((e) => e.used)) return;
  const req = scanRequest(scan, action, resource);
  scan.decisions++;
  let fd: FreeDecision | undefined;
  // The optimistic decision denies exactly when decideAnyContext does (free-decision.ts).
  if (engine.decide(req, { conditions: 'optimistic' }).decision === 'deny') {
    fd = viaFreeVariables(engine, req, scan.applicable.matching(lower), scan.known[0]!);
    if (!fd) return;
  }
  if (covering.length > 0) {
    for (const e of covering) e.used = true;
    return;
  }
  // An entry that may name the witness (not every name it may have) is the access's, maybe: used.
  for (const e of entries)
    if (!e.used && e.action.test(lower) && patternMayNameUnknown(e.resource.pattern, resource)) e.used = true;
  fd ??= decideAnyContext(engine, req);
  const key = `${lower}\u0000${grantsKey(fd)}`;
  if (scan.reported.has(key)) return;
  scan.reported.add(key);
  scan.violations.push({ ...fd, principal: scan.scope.principal, action, resource });
  if (scan.violations.length >= scan.max) scan.stopped = true;
}

/** After a scan stopped early: whether each entry not seen in use is used by some request. */
function markUsedEntries(scan: OnlyScan, candidates: Iterable<string>): void {
  for (const e of scan.entries) {
    if (e.used) continue;
    for (const action of candidates) {
      const lower = action.toLowerCase();
      if (!e.action.test(lower)) continue;
      for (const resource of scanWitnesses(scan, action).resources) {
        // by the engine's rule for a witness whose name is partly unknown, as the scan's
        if (!e.resource.test(resource) && !patternMayNameUnknown(e.resource.pattern, resource)) continue;
        scan.decisions++;
        if (decideAnyContext(scan.engine, scanRequest(scan, action, resource)).access !== 'deny') {
          e.used = true;
          break;
        }
      }
      if (e.used) break;
    }
  }
}

/** Does the allowed principal `entry` cover the candidate request principal `candidate`? */
function principalCovered(entry: string, candidate: string): boolean {
  if (entry === candidate) return true;
  if (entry.toLowerCase() === candidate.toLowerCase() && !entry.startsWith('arn:')) return true;
  let account: string | undefined;
  if (/^\d{12}$/.test(entry)) account = entry;
  else {
    const a = parseArn(entry);
    if (a?.service === 'iam' && a.resource === 'root') account = a.account;
  }
  const c = parseArn(candidate);
  if (account !== undefined)
    return !!c && (c.service === 'iam' || c.service === 'sts') && c.account === account;
  // A role ARN covers every session of the role.
  const e = parseArn(entry);
  if (c && e && e.service === 'iam' && e.resource.startsWith('role/') && c.service === 'sts') {
    const roleName = e.resource.slice(e.resource.lastIndexOf('/') + 1);
    return c.account === e.account && c.resource.split('/')[1] === roleName;
  }
  return false;
}

/**
 * Can anybody outside `allowed` perform `action` (a name or pattern) on `resource` (an ARN or
 * pattern: any matching resource)? Candidates come from `candidatePrincipals`; the root users of
 * model accounts are outside the check (IAM policies cannot restrict them). Each candidate is
 * decided on every action of the check and every witness resource (`scanPrincipal`).
 */
export function checkOnlyPrincipals(
  engine: Engine,
  action: string,
  resource: string,
  allowedPrincipals: readonly AllowedPrincipal[],
  options: AnalysisOptions = {},
): OnlyPrincipalsResult {
  // Principal strings are allowed whole; a federated caller with the claims it pins (claims it
  // does not pin are free), so other callers of its provider are still candidates.
  const callers = allowedPrincipals.filter((a): a is AllowedCaller => typeof a !== 'string');
  const allowed = [
    ...allowedPrincipals.filter((a): a is string => typeof a === 'string'),
    ...callers.filter((c) => Object.keys(c.claims).length === 0).map((c) => c.principal),
  ];
  const index = modelIndex(engine);
  const model = index.model;
  const all = allModelPolicies(engine, index);
  if (!index.extraActions) index.extraActions = literalExtraActions(all);
  const actions = actionsOfCheck(index, action);

  const modelRoots = new Set(model.accounts.map((a) => accountRootArn(model.partition, a.id)));
  const candidates = candidatePrincipals(model, { avoid: allowed }).filter(
    (c) => !modelRoots.has(c.principal) && !allowed.some((a) => principalCovered(a, c.principal)),
  );
  const resolved = candidates.map((c) => resolveRequestPrincipal(c.principal, index.directory));
  const everyStatement = new StatementIndex();
  for (const u of all) for (const st of u.policy.statements) everyStatement.add(st);
  const scan: PrincipalsScan = {
    engine,
    index,
    options,
    action,
    resource,
    callers,
    max: options.maxWitnesses ?? DEFAULT_MAX_WITNESSES,
    known: resolved.map(principalKeys),
    everyStatement,
    witnessCache: new Map(),
    violations: [],
    reported: new Set(),
    resources: 0,
    decisions: 0,
    stopped: false,
  };
  for (let i = 0; i < candidates.length && !scan.stopped; i++) {
    if (resolved[i]!.error) continue;
    scanPrincipal(scan, candidates[i]!.principal, resolved[i]!, scan.known[i]!, actions);
  }
  return {
    holds: scan.violations.length === 0,
    action,
    resource,
    violations: scan.violations,
    checked: { principals: candidates.length, resources: scan.resources, decisions: scan.decisions },
  };
}

/** The actions of an `onlyPrincipals` check: the pattern over the catalog, plus names the model's policies use. */
function actionsOfCheck(index: ModelIndex, action: string): string[] {
  const actions: string[] = [];
  if (!hasWildcard(action)) {
    actions.push(getAction(action)?.name ?? action);
    return actions;
  }
  const glob = compileGlob(action.toLowerCase(), true);
  const seen = new Set<string>();
  for (const a of matchActions(action)) {
    seen.add(a.name.toLowerCase());
    // Not permissions (engine/sts-rules.ts): only when named explicitly.
    if (!AUTHENTICATION_ONLY_ACTIONS.has(a.name.toLowerCase())) actions.push(a.name);
  }
  for (const e of index.extraActions ?? [])
    if (glob.test(e.toLowerCase()) && !seen.has(e.toLowerCase())) {
      seen.add(e.toLowerCase());
      actions.push(e);
    }
  return actions;
}

/** The state of a `checkOnlyPrincipals` scan over its candidate principals. */
interface PrincipalsScan {
  engine: Engine;
  index: ModelIndex;
  options: AnalysisOptions;
  action: string;
  resource: string;
  callers: AllowedCaller[];
  max: number;
  /** Per candidate principal (same order): the keys the model fills for it. */
  known: PrincipalKeys[];
  everyStatement: StatementIndex;
  witnessCache: Map<string, string[]>;
  violations: Witness[];
  reported: Set<string>;
  resources: number;
  decisions: number;
  stopped: boolean;
}

/** The witness resources of an action within the check's resource (computed once per action). */
function principalsWitnesses(scan: PrincipalsScan, a: string): string[] {
  const hit = scan.witnessCache.get(a);
  if (hit) return hit;
  const statements = scan.everyStatement.matching(a.toLowerCase());
  const found = collectPatterns(statements, scan.known.length > 0 ? scan.known : [NO_KEYS]);
  const set = scan.index.witnesses.forAction({
    action: a,
    patterns: found.patterns,
    principalAccount: undefined,
    regions: found.regions,
    accounts: found.accounts,
    restrictTo: scan.resource,
  });
  if (!set.complete) {
    scan.violations.push(incompleteWitness('*', a, set.resources[0] ?? scan.resource));
    if (scan.violations.length >= scan.max) scan.stopped = true;
  }
  scan.witnessCache.set(a, set.resources);
  scan.resources += set.resources.length;
  return set.resources;
}

/**
 * The request contexts to try for a candidate: the check's; for a federated caller, every
 * combination of its token claims the conditions can tell apart (claim-witnesses.ts), except
 * those an allowed caller covers.
 */
function candidateContexts(
  scan: PrincipalsScan,
  principal: string,
  p: RequestPrincipal,
): (RequestContext | undefined)[] {
  const { options } = scan;
  if (p.type !== 'federated') return [options.context];
  const claims = claimAssignments(scan.index.model, principal, scan.callers, options.context);
  if (!claims.complete) {
    scan.violations.push(incompleteClaimsWitness(principal, scan.action, scan.resource, claims.reason));
    if (scan.violations.length >= scan.max) scan.stopped = true;
  }
  return claims.assignments
    .map((a) => ({ ...(options.context ?? {}), ...a }))
    .filter((ctx) => !scan.callers.some((k) => callerCovers(k, principal, ctx)));
}

/** Decides one candidate principal on every action, witness resource and context of the check. */
function scanPrincipal(
  scan: PrincipalsScan,
  principal: string,
  p: RequestPrincipal,
  known: PrincipalKeys,
  actions: readonly string[],
): void {
  const { engine, options } = scan;
  // The one rule of which principals carry it, `principalScope`'s too (request-policies.ts).
  const sessionPolicy = sessionPolicyFor(p, options.sessionPolicy);
  const contexts = candidateContexts(scan, principal, p);
  for (const a of actions) {
    if (scan.stopped) break;
    for (const r of principalsWitnesses(scan, a)) {
      if (scan.stopped) break;
      for (const context of contexts) {
        if (scan.stopped) break;
        scan.decisions++;
        const req: Request = {
          principal,
          action: a,
          resource: r,
          ...(context ? { context } : {}),
          ...(sessionPolicy !== undefined ? { sessionPolicy } : {}),
        };
        let fd: FreeDecision | undefined = decideAnyContext(engine, req);
        if (fd.access === 'deny')
          fd = viaFreeVariables(engine, req, scan.everyStatement.matching(a.toLowerCase()), known);
        if (!fd) continue;
        const key = `${principal}\u0000${a.toLowerCase()}\u0000${grantsKey(fd)}`;
        if (scan.reported.has(key)) continue;
        scan.reported.add(key);
        const claims = p.type === 'federated' && context ? claimsOf(context, options.context) : undefined;
        scan.violations.push({ ...fd, principal, action: a, resource: r, ...(claims ? { claims } : {}) });
        if (scan.violations.length >= scan.max) scan.stopped = true;
      }
    }
  }
}
