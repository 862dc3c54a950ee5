// Role chains: which roles a principal can reach through sts:AssumeRole, hop by hop (the role's
// trust policy and the caller's own permission are checked together by the engine at each hop),
// and which services can act through a role (EC2 through instance profiles, Lambda through its
// execution role, any service a trust policy names). Owns `assumeChain`, `assumableRoles`,
// `serviceAssumers`, the trust index that prunes candidate hops, and small helpers the other
// graph analyses share (`combineAccess`, `principalKindOf`). Every hop is decided by `decideHop`,
// under the assumed context's rule (`ChainOptions.assumed`: assumed-context.ts `hopContexts`).
//
// IAM User Guide, "Methods to assume a role"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html): the role is the
// resource of sts:AssumeRole, the caller the principal; a role session can assume another role
// ("role chaining"). "Granting a user permissions to switch roles"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html):
// the trust policy must name the caller (or its account, in which case the caller's own policies
// must allow sts:AssumeRole on the role).

import type { Engine } from '../engine/engine.js';
import type { PolicySets } from '../engine/policy-sets.js';
import type { RequestContext } from '../engine/types.js';
import { isCanonicalUserPrincipal } from '../engine/principal.js';
import { principalUniqueIdKind } from '../model/unique-ids.js';
import { roleUseLabel } from '../aws/role-uses.js';
import { isServicePrincipal, parseArn } from '../model/arns.js';
import { hasUnknownNamePart } from '../model/stand-ins.js';
import { isOpenAccountStandIn } from '../model/open-accounts.js';
import { assumeActionOf, federatedSessionContext, federationKindOf } from '../model/federation.js';
import type { Role, User } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { PrincipalSpec } from '../policy/types.js';
import { type HopContexts, hopContexts, reportedDecision } from './assumed-context.js';
import { reasonLine } from './decision-reasons.js';
import { decideAnyContext, type FreeDecisionOptions, LEAN } from './free-decision.js';
import type {
  Access,
  AnalysisOptions,
  ChainHop,
  ConditionFacts,
  FreeDecision,
  StatementRef,
  WhoCanEntry,
} from './types.js';
import { NO } from '../engine/tri.js';

export const ASSUME_ROLE = 'sts:AssumeRole';
const DEFAULT_MAX_DEPTH = 5;

// ---------------------------------------------------------------------------------------
// Shared helpers

const RANK: Record<Access, number> = { allow: 3, conditional: 2, indeterminate: 1, deny: 0 };

/** Rank of an access for "best of" choices: allow > conditional > indeterminate > deny. */
export function accessRank(a: Access): number {
  return RANK[a];
}

/**
 * Access of a sequence of steps that must all succeed (chain hops, then the final request):
 * deny if any step is denied, else indeterminate if any is, else conditional if any is, else allow.
 */
export function combineAccess(steps: readonly Access[]): Access {
  let out: Access = 'allow';
  for (const a of steps) {
    if (a === 'deny') return 'deny';
    if (a === 'indeterminate') out = 'indeterminate';
    else if (a === 'conditional' && out === 'allow') out = 'conditional';
  }
  return out;
}

/** What kind of principal a request principal string is. */
export function principalKindOf(principal: string): WhoCanEntry['kind'] {
  if (principal === 'anonymous' || principal === '*') return 'anonymous';
  if (isCanonicalUserPrincipal(principal)) return 'canonical-user';
  if (principalUniqueIdKind(principal)) return 'unique-id';
  if (federationKindOf(principal)) return 'federated';
  if (/^\d{12}$/.test(principal)) return 'account';
  if (!principal.startsWith('arn:')) return isServicePrincipal(principal) ? 'service' : 'anonymous';
  const arn = parseArn(principal);
  if (!arn) return 'anonymous';
  if (arn.resource === 'root') return 'account';
  if (arn.resource.startsWith('user/')) return 'user';
  if (arn.resource.startsWith('saml-provider/') || arn.resource.startsWith('oidc-provider/'))
    return 'federated';
  return 'role';
}

/** What tells statements apart: stage, policy, statement and effect. */
export function statementRefKey(s: StatementRef): string {
  return `${s.stage}|${s.policy}|${s.statement}|${s.effect}`;
}

/** Deduplicated union of statement lists (by `statementRefKey`), in order. */
export function mergeStatementRefs(...lists: readonly StatementRef[][]): StatementRef[] {
  const out: StatementRef[] = [];
  const seen = new Set<string>();
  for (const list of lists)
    for (const s of list) {
      const key = statementRefKey(s);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  return out;
}

function uniqueStrings(...lists: readonly string[][]): string[] {
  return [...new Set(lists.flat())];
}

/** Access and conditions of a path of hops followed by a final decision. */
export function pathAccess(
  path: readonly ChainHop[],
  final?: FreeDecision,
): { access: Access; conditions: string[] } {
  const steps = path.map((h) => h.access);
  if (final) steps.push(final.access);
  return {
    access: combineAccess(steps),
    conditions: uniqueStrings(...path.map((h) => h.conditions), final?.conditions ?? []),
  };
}

// ---------------------------------------------------------------------------------------
// Trust index: which roles' trust policies could name a principal (a cheap over-approximation
// that spares the engine the hops that cannot succeed; a name the inputs leave unknown, in the
// trust policy or the principal, may be another as text: those the engine decides).

/** A role's trust policy's names; `anyone` also for NotPrincipal and an unknown statement or policy. */
interface TrustNames extends PrincipalNames {
  role: Role;
  services: string[];
}

class TrustIndex {
  readonly byRoleArn = new Map<string, TrustNames>();
  private readonly byName = new Map<string, TrustNames[]>();
  private readonly anyone: TrustNames[] = [];
  private readonly withSessions: TrustNames[] = [];
  /**
   * Trust policies naming an ARN with an unknown name part (src/engine/unknown-names.ts): they
   * may name principals whose ARNs differ as text (the engine decides, `CreatedElements`).
   */
  private readonly namingUnknown: TrustNames[] = [];
  /** Trust policies naming some ARN: one of them may be a principal whose own name is unknown. */
  private readonly namingArns: TrustNames[] = [];

  constructor(
    roles: readonly Role[],
    private readonly partition: string,
  ) {
    for (const role of roles) {
      const t = trustNamesOf(role);
      this.byRoleArn.set(role.arn, t);
      if (t.anyone) {
        this.anyone.push(t);
        continue;
      }
      for (const n of t.names) {
        let list = this.byName.get(n);
        if (!list) {
          list = [];
          this.byName.set(n, list);
        }
        list.push(t);
      }
      if (t.sessionPrefixes.length) this.withSessions.push(t);
      const arns = [...t.names].filter((n) => n.startsWith('arn:'));
      if (arns.some(hasUnknownNamePart)) this.namingUnknown.push(t);
      if (arns.length) this.namingArns.push(t);
    }
  }

  /** Roles whose trust policy could allow `principal` (a request principal string), model order. */
  candidates(principal: string, viaAccount: boolean): Role[] {
    const found = new Set<TrustNames>(this.anyone);
    for (const t of this.namingUnknown) found.add(t);
    if (hasUnknownNamePart(principal)) for (const t of this.namingArns) found.add(t);
    const arn = principal.startsWith('arn:') ? parseArn(principal) : undefined;
    // Service principals compare case-insensitively; ARNs as written and lowercased (`PrincipalNames.names`).
    const keys = arnKeys(principal, !!arn);
    // A trust policy naming the account delegates to the caller's own policies.
    if (viaAccount) {
      if (arn?.account) keys.push(arn.account, `arn:${arn.partition}:iam::${arn.account}:root`);
      if (/^\d{12}$/.test(principal)) keys.push(principal, `arn:${this.partition}:iam::${principal}:root`);
    }
    for (const k of keys) for (const t of this.byName.get(k) ?? []) found.add(t);
    let session: string | undefined;
    if (arn?.service === 'iam' && arn.resource.startsWith('role/')) {
      const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
      session = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${name}/`;
    } else if (arn?.service === 'sts') session = principal;
    if (session)
      for (const t of this.withSessions)
        if (t.sessionPrefixes.some((p) => sessionMayBe(session, p))) found.add(t);
    return [...found].map((t) => t.role);
  }
}

/**
 * The keys to look a principal up by in `PrincipalNames.names`: an ARN as written and lowercased
 * (a Principal may name it in other letter case), anything else lowercased (a service principal).
 */
export function arnKeys(principal: string, isArn: boolean): string[] {
  const lower = principal.toLowerCase();
  return isArn && lower !== principal ? [principal, lower] : [lower];
}

/** Might session prefix `session` (or a session ARN) and a named one's prefix name one session, ignoring case? */
export function sessionMayBe(session: string, prefix: string): boolean {
  const s = session.toLowerCase();
  const p = prefix.toLowerCase();
  return s.startsWith(p) || p.startsWith(s);
}

/** Who the Allow statements of a policy could name, as `collectPrincipalNames` gathers it. */
export interface PrincipalNames {
  /** Anyone (`*`, an unknown value). */
  anyone: boolean;
  /**
   * Principal ARNs, account ids, federated and (lower-case) service principals, as written; and
   * each ARN lowercased: it may name a user or role whose name differs in letter case only
   * (src/engine/compile-policy.ts `caseVariantOf`): look ARNs up lowercased too (`arnKeys`).
   */
  names: Set<string>;
  /** `arn:…:sts::ACCOUNT:assumed-role/ROLE/` of each session ARN named, and lowercased. */
  sessionPrefixes: string[];
}

/**
 * Adds who a `Principal` element could name to `out` (an over-approximation: an unknown value or
 * `*` is anyone); returns the service principals it names, lower case.
 */
export function collectPrincipalNames(spec: PrincipalSpec, out: PrincipalNames): string[] {
  const services: string[] = [];
  if (spec.wildcard) out.anyone = true;
  for (const list of [spec.aws, spec.federated, spec.canonicalUser]) {
    for (const v of list?.values ?? []) {
      if (isUnknown(v) || v === '*') {
        out.anyone = true;
        continue;
      }
      out.names.add(v);
      if (v.startsWith('arn:')) out.names.add(v.toLowerCase());
      // A unique id or a canonical user id may name principals that no name of theirs shows (a
      // user or role of the inputs, one of an account): anyone, for the pruning (the engine
      // decides: src/engine/compile-policy.ts, `uniqueIdMatch`, `accountCanonicalMatch`).
      if (list === spec.canonicalUser || principalUniqueIdKind(v)) out.anyone = true;
      const arn = parseArn(v);
      if (arn?.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
        const parts = arn.resource.split('/');
        const prefix = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${parts[1]}/`;
        out.sessionPrefixes.push(prefix);
        if (prefix.toLowerCase() !== prefix) out.sessionPrefixes.push(prefix.toLowerCase());
      }
    }
  }
  for (const v of spec.service?.values ?? []) {
    if (isUnknown(v)) {
      out.anyone = true;
      continue;
    }
    out.names.add(v.toLowerCase());
    services.push(v.toLowerCase());
  }
  return services;
}

function trustNamesOf(role: Role): TrustNames {
  const out: TrustNames = { role, anyone: false, names: new Set(), sessionPrefixes: [], services: [] };
  const doc = role.trustPolicy;
  if (!doc || doc.unknown) {
    // No trust policy: nobody can assume the role; an unknown one: anybody might.
    out.anyone = !!doc?.unknown;
    return out;
  }
  const take = (spec: PrincipalSpec) => {
    for (const service of collectPrincipalNames(spec, out))
      if (!out.services.includes(service)) out.services.push(service);
  };
  for (const st of doc.statements) {
    if (st.unknown || isUnknown(st.effect)) {
      out.anyone = true;
      continue;
    }
    if (st.effect !== 'Allow') continue;
    if (st.notPrincipal) out.anyone = true;
    else if (st.principal) take(st.principal);
  }
  return out;
}

const trustIndexes = new WeakMap<Engine, TrustIndex>();

function trustIndexOf(engine: Engine): TrustIndex {
  let t = trustIndexes.get(engine);
  if (!t) {
    // Chains end at the inputs' roles: an open-account stand-in (model/open-accounts.ts), whose
    // trust policy is unknown, is a principal of the checks itself, never a hop into it.
    t = new TrustIndex(
      engine.model.roles.filter((r) => !isOpenAccountStandIn(r)),
      engine.model.partition,
    );
    trustIndexes.set(engine, t);
  }
  return t;
}

/** Service principals a role's trust policy names in Allow statements. */
export function trustedServices(role: Role): string[] {
  return trustNamesOf(role).services;
}

// ---------------------------------------------------------------------------------------
// Hops

/**
 * Options of the chain analyses: `context` pinned; `assumed` what every request is assumed to
 * have (`--assume`, TLS by default: the matrix's and who-can's), which settles a hop's
 * conditions but never hides a hop (assumed-context.ts `hopContexts`).
 */
export interface ChainOptions extends AnalysisOptions {
  assumed?: RequestContext;
}

function contextKey(context: RequestContext | undefined): string {
  return context ? JSON.stringify(context) : '';
}

/**
 * The STS action `from` calls to become a role: sts:AssumeRoleWithWebIdentity for a web identity
 * (OIDC provider or well-known name), sts:AssumeRoleWithSAML for a SAML provider's user,
 * sts:AssumeRole for everyone else.
 */
export function assumeActionFor(from: string): string {
  return assumeActionOf(from) ?? ASSUME_ROLE;
}

/**
 * Decides one hop: `from` calls sts:AssumeRole (or AssumeRoleWith*, see `assumeActionFor`) on
 * `roleArn`, under `options.context` and the assumption `options.assumed` (a hop the assumption
 * denies is decided again with its keys free: `hopContexts`).
 */
export function decideHop(
  engine: Engine,
  from: string,
  roleArn: string,
  options: ChainOptions = {},
): ChainHop {
  return decideHopIn(engine, from, roleArn, hopContexts(engine.model, options.context, options.assumed));
}

/** `decideHop` under contexts already made (one per chain search, not one per hop). */
function decideHopIn(engine: Engine, from: string, roleArn: string, contexts: HopContexts): ChainHop {
  const { action, decide, under, d } = hopDecision(engine, from, roleArn, contexts);
  // An indeterminate hop says why: decided again with its reasons (only these hops, few; every
  // other hop stays one lean decision), under the context of the decision reported.
  const reasons =
    d.access === 'indeterminate'
      ? (decide(d === under ? contexts.assumed : contexts.free, LEAN_WITH_REASONS).reasons ?? [])
      : undefined;
  const hop: ChainHop = {
    from,
    role: roleArn,
    access: d.access,
    conditions: d.conditions,
    grants: d.grants,
    ...(action !== ASSUME_ROLE ? { action } : {}),
    ...(reasons?.length ? { why: reasons.map(reasonLine), reasons } : {}),
  };
  if (d.conditionKeys) conditionKeysOfHop.set(hop, d.conditionKeys);
  if (d.conditionFacts) conditionFactsOfHop.set(hop, d.conditionFacts);
  return hop;
}

/**
 * The context keys (lowercased) a hop's conditions are about (`FreeDecision.conditionKeys`, as the
 * engine's condition evaluation reports them), kept beside the hop rather than in it: a hop is
 * written as it is in the matrix's JSON and snapshots, which do not carry them.
 */
const conditionKeysOfHop = new WeakMap<ChainHop, readonly string[]>();

/** What the engine reports each of a hop's conditions is about (`FreeDecision.conditionFacts`), kept beside it as `conditionKeysOfHop`. */
const conditionFactsOfHop = new WeakMap<ChainHop, readonly ConditionFacts[]>();

/** `FreeDecision.conditionFacts` of a hop decided here (risk-severity.ts reads them); empty when none. */
export function hopConditionFacts(hop: ChainHop): readonly ConditionFacts[] {
  return conditionFactsOfHop.get(hop) ?? [];
}

/** The context keys (lowercased) a hop decided here is conditional on (see `conditionKeysOfHop`); empty when none. */
export function hopConditionKeys(hop: ChainHop): readonly string[] {
  return conditionKeysOfHop.get(hop) ?? [];
}

/** A hop's lean decision (`d`, the one reported) and how to decide it again (`decide`). */
function hopDecision(engine: Engine, from: string, roleArn: string, contexts: HopContexts) {
  const action = assumeActionFor(from);
  // `context` always set (undefined when none): the shape of every matrix request (cells.ts).
  const decide = (context: RequestContext | undefined, options: Readonly<FreeDecisionOptions> = LEAN) =>
    decideAnyContext(engine, { principal: from, action, resource: roleArn, context }, options);
  const under = decide(contexts.assumed);
  const d = contexts.again ? reportedDecision(under, () => decide(contexts.free)) : under;
  return { action, decide, under, d };
}

/** A hop's decision again, with its reasons (no trace). */
const LEAN_WITH_REASONS: Readonly<FreeDecisionOptions> = Object.freeze({ lean: true, reasons: true });

/**
 * The context of the requests a session made by `from` (with `options.context`) makes: a
 * federated caller's session keeps only the cross-service claims and says which provider
 * (federation.ts); any other caller's context is kept as it is.
 */
export function sessionOptions<O extends AnalysisOptions>(from: string, options: O): O {
  if (!federationKindOf(from)) return options;
  return { ...options, context: federatedSessionContext(from, options.context) };
}

/**
 * The hops of assuming `roles` in turn, starting as `principal`: hop i is the request
 * {principal: current, action: sts:AssumeRole, resource: roles[i]}, and the next hop's caller is
 * a session of roles[i] (its role ARN). Stops after the first denied hop (the chain is broken
 * there). `options.sessionPolicy` is not applied to the hops: it caps the session the last hop
 * creates, so apply it to requests made as the last role.
 */
export function assumeChain(
  engine: Engine,
  principal: string,
  roles: string[],
  options: ChainOptions = {},
): ChainHop[] {
  const hops: ChainHop[] = [];
  let current = principal;
  let opts = options;
  for (const role of roles) {
    const hop = decideHop(engine, current, role, opts);
    hops.push(hop);
    if (hop.access === 'deny') break;
    opts = sessionOptions(current, opts);
    current = role;
  }
  return hops;
}

/** Outgoing hops (not denied) from a principal, cached per engine, pinned context and assumption. */
const edgeCaches = new WeakMap<
  Engine,
  Map<string, { contexts: HopContexts; edges: Map<string, ChainHop[]> }>
>();

/** The hop cache of `engine` under `options`' pinned context and assumption. */
function edgeCacheOf(engine: Engine, options: ChainOptions) {
  let byContext = edgeCaches.get(engine);
  if (!byContext) {
    byContext = new Map();
    edgeCaches.set(engine, byContext);
  }
  const ck = `${contextKey(options.context)}\u0000${contextKey(options.assumed)}`;
  let cached = byContext.get(ck);
  if (!cached) {
    cached = { contexts: hopContexts(engine.model, options.context, options.assumed), edges: new Map() };
    byContext.set(ck, cached);
  }
  return cached;
}

/** The roles whose trust may name `from` (but `from` itself), in model order. */
function hopCandidates(engine: Engine, from: string): Role[] {
  // A trust policy naming an account id may name `from` in a world where the unstated
  // deploying account is that id (engine/account-worlds.ts): its variants are looked up too.
  const index = trustIndexOf(engine);
  const via = mayAssumeThroughAccount(engine, from);
  const roles = new Set(index.candidates(from, via));
  for (const v of engine.principalWorldVariants(from)) for (const r of index.candidates(v, via)) roles.add(r);
  // In model order (sorted by position: filtering every model role per principal was quadratic
  // in an organisation's size).
  const position = identitiesOf(engine).rolePosition;
  return [...roles].sort((a, b) => position.get(a)! - position.get(b)!).filter((r) => r.arn !== from);
}

function edgesFrom(engine: Engine, from: string, options: ChainOptions): ChainHop[] {
  const { contexts, edges: cache } = edgeCacheOf(engine, options);
  let edges = cache.get(from);
  if (!edges) {
    edges = [];
    for (const role of hopCandidates(engine, from)) {
      const hop = decideHopIn(engine, from, role.arn, contexts);
      if (hop.access !== 'deny') edges.push(hop);
    }
    cache.set(from, edges);
  }
  return edges;
}

/**
 * The ARNs of the roles (among `among` when given) `from` may become in one hop, each hop decided
 * as `assumableRoles` decides it (not denied: allowed, conditional or indeterminate) but without
 * the reasons of an indeterminate one, for a caller that keeps only which roles are reached (the
 * deploy-time reach, analysis/deploy-time-reach.ts), in model order.
 */
export function assumableInOneHop(
  engine: Engine,
  from: string,
  options: ChainOptions = {},
  among?: ReadonlySet<string>,
): string[] {
  const { contexts } = edgeCacheOf(engine, options);
  return hopCandidates(engine, from)
    .filter((r) => !among || among.has(r.arn))
    .filter((r) => hopDecision(engine, from, r.arn, contexts).d.access !== 'deny')
    .map((r) => r.arn);
}

interface EngineIdentities {
  sets: PolicySets;
  principals: Map<string, User | Role>;
  /** Role ARN → position in the model (for stable output order). */
  roleOrder: Map<string, number>;
  /** Model role → its position in the model. */
  rolePosition: Map<Role, number>;
}

const identities = new WeakMap<Engine, EngineIdentities>();

/**
 * The identity policies of the engine's model users and roles (the engine's own `PolicySets`,
 * shared through `engine.policySets`), and the principals by ARN, built once per engine.
 */
export function identitiesOf(engine: Engine): EngineIdentities {
  let x = identities.get(engine);
  if (!x) {
    const model = engine.model;
    x = {
      sets: engine.policySets,
      principals: new Map<string, User | Role>([
        ...model.users.map((u) => [u.arn, u] as const),
        ...model.roles.map((r) => [r.arn, r] as const),
      ]),
      roleOrder: new Map(model.roles.map((r, i) => [r.arn, i])),
      rolePosition: new Map(model.roles.map((r, i) => [r, i])),
    };
    identities.set(engine, x);
  }
  return x;
}

/**
 * Can `principal` assume a role whose trust policy names only its account? Only if its own
 * policies can allow sts:AssumeRole ("Grant a user permissions to switch roles"): a model user or
 * role needs an identity Allow whose Action matches it; an account root or a principal of an
 * account outside the model (its identity side assumed to allow) always may.
 */
function mayAssumeThroughAccount(engine: Engine, principal: string): boolean {
  const element = identitiesOf(engine).principals.get(principal);
  if (!element) return true;
  // Its identity policies as `decide` gathers them (Engine.principalSideOf).
  return engine
    .principalSideOf(element)
    .identity!.policies.some(
      (pol) =>
        !!pol.unknown ||
        pol.statements.some((st) => st.effect !== 'Deny' && st.matchAction('sts:assumerole') !== NO),
    );
}

export interface ReachableRole {
  role: string;
  path: ChainHop[];
}

/**
 * Every model role `principal` can reach through chains of sts:AssumeRole (no cycles, at most
 * `maxDepth` hops, default 5), each with one path: the one with the best access (allow over
 * conditional over indeterminate), then the shortest. A conditional or indeterminate hop makes
 * the chain conditional or indeterminate (`pathAccess(path)`). The principal's own role (when it
 * is a role) is not listed.
 */
export function assumableRoles(
  engine: Engine,
  principal: string,
  options: ChainOptions & { maxDepth?: number } = {},
): ReachableRole[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const best = new Map<string, { path: ChainHop[]; rank: number }>();
  let frontier: { at: string; path: ChainHop[]; rank: number }[] = [{ at: principal, path: [], rank: 3 }];
  // After the first hop the caller is a role session: a federated caller's session keeps only the
  // cross-service claims (sessionOptions).
  const later = sessionOptions(principal, options);
  for (let depth = 0; depth < maxDepth && frontier.length; depth++) {
    const next: typeof frontier = [];
    const opts = depth === 0 ? options : later;
    for (const node of frontier) {
      for (const hop of edgesFrom(engine, node.at, opts)) {
        if (hop.role === principal || node.path.some((h) => h.role === hop.role)) continue;
        const rank = Math.min(node.rank, accessRank(hop.access));
        const prev = best.get(hop.role);
        if (prev && prev.rank >= rank) continue;
        const path = [...node.path, hop];
        best.set(hop.role, { path, rank });
        next.push({ at: hop.role, path, rank });
      }
    }
    frontier = next;
  }
  if (!best.size) return [];
  const order = identitiesOf(engine).roleOrder;
  return [...best.entries()]
    .sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))
    .map(([role, v]) => ({ role, path: v.path }));
}

// ---------------------------------------------------------------------------------------
// Services acting through roles

export interface ServiceAssumer {
  /** The service principal (`ec2.amazonaws.com`). */
  service: string;
  role: string;
  /** How the service gets the role, for reports (`EC2 instance log-processor through instance profile P`). */
  via: string;
  hop: ChainHop;
}

/**
 * How each service a trust policy names can act through the role. IAM User Guide, "Use an IAM
 * role to grant permissions to applications running on Amazon EC2 instances"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html): EC2 gets
 * the role's credentials through the instance profile attached to the instance; AWS Lambda
 * Developer Guide, "Defining Lambda function permissions with an execution role": Lambda assumes
 * the function's execution role. One entry per EC2 instance using one of the role's instance
 * profiles (or one per profile without instances, or one for the role), one per Lambda function
 * whose execution role it is (`Role.usedBy`; or one for the role), one per other service.
 * Only hops the engine does not deny are listed.
 */
export function serviceAssumers(engine: Engine, options: ChainOptions = {}): ServiceAssumer[] {
  const out: ServiceAssumer[] = [];
  for (const role of engine.model.roles) {
    for (const service of trustedServices(role)) {
      const hop = decideHop(engine, service, role.arn, options);
      if (hop.access === 'deny') continue;
      for (const via of viaDescriptions(service, role)) out.push({ service, role: role.arn, via, hop });
    }
  }
  return out;
}

/** `label` without the service word it shares with `runner` (`ECS task definition` → `task definition`). */
function withoutSharedService(label: string, runner: string): string {
  const word = label.split(' ')[0]!;
  return runner.startsWith(`${word} `) ? label.slice(word.length + 1) : label;
}

/** Readable ways `service` uses `role` (see `serviceAssumers`). */
export function viaDescriptions(service: string, role: Role): string[] {
  const name = `role ${role.name}`;
  if (service === 'ec2.amazonaws.com' || service.startsWith('ec2.amazonaws.com.')) {
    if (!role.instanceProfiles.length)
      return [`EC2 (ec2.amazonaws.com) through ${name}; no instance profile of the model holds it`];
    const out: string[] = [];
    for (const p of role.instanceProfiles) {
      if (!p.usedBy.length)
        out.push(`EC2 through instance profile ${p.name} (no instance of the model uses it)`);
      for (const u of p.usedBy)
        out.push(
          `${u.kind === 'ec2-instance' ? 'EC2 instance' : u.kind} ${u.name} through instance profile ${p.name}`,
        );
    }
    return out;
  }
  if (service === 'lambda.amazonaws.com') {
    const functions = role.usedBy.filter((u) => u.kind === 'lambda-function');
    if (!functions.length) return [`Lambda functions whose execution role is ${name} (lambda.amazonaws.com)`];
    return functions.map((u) => `Lambda function ${u.name} (execution role ${role.name})`);
  }
  // ECS, CodeBuild, Step Functions, EventBridge, API Gateway, Glue, CodePipeline (role-uses.ts).
  const uses = role.usedBy.filter((u) => u.service === service && u.kind !== 'lambda-function');
  if (uses.length)
    return uses.flatMap((u) => {
      const { label, roleLabel } = roleUseLabel(u.kind);
      // An ECS service runs the task definition: "ECS service X (task definition Y), through ...".
      if (u.runBy?.length)
        return u.runBy.map(
          (r) =>
            `${r.label} ${r.name} (${withoutSharedService(label, r.label)} ${u.name}), through its ${roleLabel} ${role.name} (${service})`,
        );
      return [`${label} ${u.name}, through its ${roleLabel} ${role.name} (${service})`];
    });
  return [`${service} through ${name}`];
}
