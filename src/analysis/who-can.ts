// who-can: every principal that can perform one action on one resource, directly or through
// chains of sts:AssumeRole (user → role → role), and services acting through a role they are
// trusted to assume (EC2 through an instance profile, Lambda through its execution role...).
// Each answer carries its path (the hops with their statements) and the final decision with the
// statements that grant it; access that holds only under some request context is conditional;
// access to a Lambda function open only through its function URL says so (`channel`). The
// assumed context (`assumed`, TLS by default) never hides access (src/analysis/assumed-context.ts).
// Owns `whoCan`.

import { guestSessionPolicy } from '../aws/cognito-identity-pools.js';
import { irsaCallers } from './irsa-callers.js';
import type { Engine } from '../engine/engine.js';
import type { Request, RequestContext } from '../engine/types.js';
import { assumedContext, hopContexts, isStsRequest, reportedDecision } from './assumed-context.js';
import {
  type ReachableRole,
  assumableRoles,
  pathAccess,
  principalKindOf,
  sessionOptions,
  viaDescriptions,
} from './chains.js';
import { cognitoCallersOf } from './federated-trust.js';
import { decideAnyContext } from './free-decision.js';
import { functionUrlChannel } from './function-url-channel.js';
import { type CandidatePrincipal, candidatePrincipals } from './principals.js';
import type { Role } from '../model/types.js';
import type { AnalysisOptions, ChainHop, FreeDecision, WhoCanEntry, WhoCanResult } from './types.js';

export interface WhoCanOptions extends AnalysisOptions {
  /** Longest role chain followed (default 5 hops). */
  maxDepth?: number;
  /** Leave out paths through roles (only principals acting directly). */
  direct?: boolean;
  /**
   * Context keys assumed for every request (the CLI's `--assume`, default TLS), under `context`:
   * a final request they deny is decided again without them (src/analysis/assumed-context.ts).
   */
  assumed?: RequestContext;
}

/**
 * Every principal that can perform `action` on `resource` (an ARN; resolve references first).
 * Principals considered: `candidatePrincipals(model)` (model users and roles, accounts, users,
 * roles and services named in policies, anonymous, an unnamed external account). For each: the
 * direct request, then the request made as every role it can reach through sts:AssumeRole
 * (`assumableRoles`). A service principal's path starts with the hop into the role it is trusted
 * to assume, and `via` says how it gets the role (one entry per EC2 instance using the role's
 * instance profile). `options.sessionPolicy` applies to requests made as a role session.
 * Entries are in candidate order, each principal's direct entry first; denied paths are left out.
 */
export function whoCan(
  engine: Engine,
  action: string,
  resource: string,
  options: WhoCanOptions = {},
): WhoCanResult {
  const finalAs = finalDecisions(engine, action, resource, options);
  // The role chains are followed under the assumption, which never hides a hop (chains.ts
  // `decideHop`, assumed-context.ts `hopContexts`).
  const hopOptions: WhoCanOptions = options;
  const membershipOf = memberships(engine);
  const roles = new Map(engine.model.roles.map((r) => [r.arn, r]));
  const entries: WhoCanEntry[] = [];
  for (const c of candidatePrincipals(engine.model)) {
    const kind = c.kind ?? principalKindOf(c.principal);
    const member = membershipOf(c);
    const { decision: direct, channel } = finalAs(c.principal, kind === 'role');
    if (direct.access !== 'deny')
      entries.push({
        principal: c.principal,
        kind,
        access: direct.access,
        conditions: direct.conditions,
        path: [],
        final: direct,
        ...member,
        ...(channel ? { channel } : {}),
      });
    if (options.direct) continue;
    const reachable: ReachableRole[] = assumableRoles(engine, c.principal, {
      ...hopOptions,
      ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
    });
    // A federated caller's role session carries the cross-service claims of its token.
    const session = sessionOptions(c.principal, options);
    // A Cognito guest's enhanced-flow credentials carry Cognito's scope-down (first role only).
    const scopeDown = guestSessionPolicy(engine.model, c.principal, options.context);
    for (const { role, path } of reachable) {
      const scoped = scopeDown && path.length === 1 && options.sessionPolicy === undefined;
      if (scopeDown && path.length > 1 && scopeDownStops(engine, path[1]!, scopeDown, session.context))
        continue;
      const { decision: final, channel: roleChannel } = finalAs(
        role,
        true,
        scoped ? { ...session, sessionPolicy: scopeDown } : session,
      );
      if (final.access === 'deny') continue;
      const { access, conditions } = pathAccess(path, final);
      if (access === 'deny') continue;
      const entry = {
        principal: c.principal,
        kind,
        access,
        conditions,
        path,
        final,
        ...member,
        ...(roleChannel ? { channel: roleChannel } : {}),
        ...poolCallersVia(engine, c.principal, roles.get(path[0]!.role)),
        ...irsaVia(engine, c.principal, roles.get(path[0]!.role)),
      };
      if (kind !== 'service') entries.push(entry);
      else entries.push(...serviceEntries(entry, roles.get(path[0]!.role)));
    }
  }
  return { action, resource, entries };
}

/**
 * Does Cognito's enhanced-flow scope-down on a guest's first role session deny the chain's next
 * hop (`hop`, made as that session)? Only a denial counts: an allowed or undecided hop stays as
 * the chain found it.
 */
function scopeDownStops(
  engine: Engine,
  hop: ChainHop,
  sessionPolicy: unknown,
  context: RequestContext | undefined,
): boolean {
  const request = {
    principal: hop.from,
    action: hop.action ?? 'sts:AssumeRole',
    resource: hop.role,
    sessionPolicy,
    ...(context ? { context } : {}),
  };
  return engine.decide(request).decision === 'deny';
}

/**
 * For Amazon Cognito's path into a role: the identity pools' callers of the inputs that get in
 * (`anonymous internet users (guests of ...)`, `users of ...`), as `via`.
 */
function poolCallersVia(engine: Engine, principal: string, role: Role | undefined): { via?: string } {
  if (principal !== 'cognito-identity.amazonaws.com' || !role || !engine.model.cognitoIdentityPools)
    return {};
  const callers = cognitoCallersOf(engine, role);
  return callers.length ? { via: callers.join('; ') } : {};
}

/**
 * For an EKS cluster's OIDC provider (IRSA): the service accounts of the cluster the first role's
 * trust lets in (`service account api of namespace payments of EKS cluster prod`), as `via`.
 */
function irsaVia(engine: Engine, principal: string, role: Role | undefined): { via?: string } {
  const callers = irsaCallers(engine.model, role, principal);
  return callers ? { via: callers } : {};
}

/** The final request's decision as each principal (cached), with its function URL channel. */
function finalDecisions(engine: Engine, action: string, resource: string, options: WhoCanOptions) {
  const finals = new Map<string, { decision: FreeDecision; channel?: string }>();
  return (
    principal: string,
    isRoleSession: boolean,
    opts: AnalysisOptions = options,
  ): { decision: FreeDecision; channel?: string } => {
    const key =
      opts === options
        ? principal
        : `${principal}\u0000${JSON.stringify(opts.context ?? {})}${opts.sessionPolicy !== options.sessionPolicy ? '\u0000scoped' : ''}`;
    let d = finals.get(key);
    if (!d) {
      const decide = (context: RequestContext | undefined) => {
        const request: Request = { principal, action, resource };
        if (context) request.context = context;
        if (isRoleSession && opts.sessionPolicy !== undefined) request.sessionPolicy = opts.sessionPolicy;
        const free = decideAnyContext(engine, request);
        const ch = functionUrlChannel(engine, request, free);
        return ch ? { decision: ch.decision, channel: ch.channel } : { decision: free };
      };
      const contexts = assumedContext(opts.context, options.assumed);
      const under = decide(contexts.assumed);
      // An STS request (sts:AssumeRole on a role) keeps the assumed keys every STS request has,
      // as a chain's hops do (assumed-context.ts `hopContexts`).
      const free = isStsRequest(action) ? hopContexts(engine.model, opts.context, options.assumed) : contexts;
      let withKeysFree = under;
      const reported = reportedDecision(under.decision, () => {
        withKeysFree = decide(free.free);
        return withKeysFree.decision;
      });
      d = reported === under.decision ? under : withKeysFree;
      finals.set(key, d);
    }
    return d;
  };
}

/**
 * The groups of a model user, memberships that might not exist named too, marked; and each
 * membership with its source.
 */
function memberships(engine: Engine) {
  const groupNames = new Map(engine.model.groups.map((g) => [g.id, g.name]));
  return (c: CandidatePrincipal): Pick<WhoCanEntry, 'groups' | 'memberships'> => {
    const user = c.element?.kind === 'user' ? c.element : undefined;
    const groups = user && [
      ...user.groups.map((id) => groupNames.get(id) ?? id),
      ...user.maybeGroups.map((m) => `${groupNames.get(m.group) ?? m.group} (if the membership exists)`),
    ];
    const sources = (user?.memberships ?? []).map((m) => ({
      group: groupNames.get(m.group) ?? m.group,
      source: m.source,
      ...(m.presence ? { maybe: true as const } : {}),
    }));
    return {
      ...(groups?.length ? { groups } : {}),
      ...(sources.length ? { memberships: sources } : {}),
    };
  };
}

/** A service's entry once per way it gets the first role (`via`), or once when none is known. */
function serviceEntries(entry: WhoCanEntry, first: Role | undefined): WhoCanEntry[] {
  const vias = first ? viaDescriptions(entry.principal.toLowerCase(), first) : [];
  if (!vias.length) return [entry];
  return vias.map((via) => ({ ...entry, via: viaWithChain(via, entry.path) }));
}

/** `via` of a service entry, naming the roles chained after the first. */
function viaWithChain(via: string, path: readonly ChainHop[]): string {
  if (path.length <= 1) return via;
  const rest = path.slice(1).map((h) => h.role.slice(h.role.lastIndexOf('/') + 1));
  return `${via}, then ${rest.join(' → ')}`;
}
