// What a role-chain hop's caller meets by its own choice rather than by the policies' grant, for
// the review's chain findings (escalation-chains.ts): assuming an administrator role is no
// escalation method there (an organisation lets its users assume roles), but a hop whose condition
// the caller satisfies with a value it picks is, as a method step is.
// - Session tags: a hop conditional on aws:PrincipalTag/* from a role session whose trust may allow
//   sts:TagSession (`hopTagChoice`); and an administrator end whose own administrator access is
//   conditional on aws:PrincipalTag/* (a role whose policy grants `*` only under a tag), entered by
//   a hop whose caller may tag the session (sts:TagSession decided from the caller on the role:
//   `endTagChoice`). IAM User Guide, "Passing session tags in AWS STS" (engine/session-tags.ts
//   `SESSION_TAGS_PAGE`): "When you use the session credentials to make a subsequent request, the
//   request context includes the aws:PrincipalTag context key" and "If you pass a session tag with
//   the same key as a tag that is already attached to the role, the value of the session tag
//   overrides the role tag with the same key": the session's tags are its principal tags. (An
//   end's grant under aws:RequestTag/* is not one: that key is each later request's own tags, the
//   same for whoever assumes the role.)
// - Source identity (`sourceIdentityChoices`): IAM User Guide, "Monitor and control actions taken
//   with assumed roles" (id_credentials_temp_control-access_monitor.html): "After a source identity
//   is set, it is present in requests for any AWS action taken during the role session. The value
//   that is set persists when a role is used to assume another role ... known as role chaining. The
//   value that is set cannot be changed during the role session", and a role trust policy may
//   "require users to specify a source identity when they assume a role ... by using the
//   sts:SourceIdentity condition key" (STS API Reference, AssumeRole SourceIdentity). So a hop
//   conditional on sts:SourceIdentity (the value passed now) or aws:SourceIdentity (the value the
//   caller's session carries) is met by the path's start when some hop of the path up to it (for
//   aws:SourceIdentity: before it) lets its caller call sts:SetSourceIdentity on its role (decided
//   from that caller on that role) and none before may have set another value. A path starting at
//   a role session cannot be pinned down: whoever made the session may have set a source identity
//   already, which cannot be changed, or may set one of its choice; such a step is indeterminate,
//   saying so. A path starting at a user with no hop allowing sts:SetSourceIdentity cannot meet
//   the condition by choice: nothing is added.
// The spec's `cannotBecome` / `noEscalation` read the same rule over the escalation graph's paths
// (`edgeSourceIdentityChoices`: each run of role assumptions, from the start or from the role a
// method step reached), and a step takes a choice the one way (`withChoices`).
// Owns `hopTagChoice`, `endTagChoice`, `sourceIdentityChoices`, `edgeSourceIdentityChoices`,
// `withChoices`, `CallerChoice`.

import type { Engine } from '../engine/engine.js';
import { isSessionTagKey, roleMayHaveSessionTags, sessionTagKeyText } from '../engine/session-tags.js';
import type { Role, User } from '../model/types.js';
import { combineAccess, hopConditionKeys, mergeStatementRefs } from './chains.js';
import type { BecomeEdge } from './escalation.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { shortName } from './risk-messages.js';
import type { Access, ChainHop, ConditionFacts, FreeDecision, MatrixReason, StatementRef } from './types.js';

/** What a caller's own choice adds to a hop's step: more conditions, grants, access and why. */
export interface CallerChoice {
  /** The session-tag keys chosen (`aws:PrincipalTag/team`), when session tags meet it. */
  sessionTags?: string[];
  /** Set when a source identity the path's start sets meets it. */
  sourceIdentity?: true;
  conditions: string[];
  /**
   * What each of `conditions` is about (risk-severity.ts weighs them by it, never by the words): the
   * engine's for the requests that make the choice (`FreeDecision.conditionFacts`), and the keys
   * the choice meets for the conditions written here (`sessionTagReason`, a source identity set).
   */
  conditionFacts: ConditionFacts[];
  grants: StatementRef[];
  /** The access of the requests that make the choice (sts:TagSession, sts:SetSourceIdentity). */
  access: Access;
  reasons?: MatrixReason[];
}

/** Why a session-tag hop is the caller's choice, as a condition of the step. */
export function sessionTagReason(key: string): string {
  return `session tag ${key} may be set by the caller (sts:TagSession)`;
}

/**
 * The conditions a session tag choice adds (`sessionTagReason`), each with the key it is about
 * (`lowerKeys`: session-tag keys, lowercased): a tag the caller sets, a real condition.
 */
function sessionTagConditions(lowerKeys: readonly string[]): {
  conditions: string[];
  facts: ConditionFacts[];
} {
  const conditions = lowerKeys.map((k) => sessionTagReason(sessionTagKeyText(k)));
  return {
    conditions,
    facts: conditions.map((text, i) => ({ text, keys: [lowerKeys[i]!], absent: false })),
  };
}

/**
 * A hop not surely allowed whose conditions read principal-tag keys (chains.ts `hopConditionKeys`,
 * the keys the engine's condition evaluation reports), from a caller that is a role session whose
 * tags may be session tags (engine/session-tags.ts `roleMayHaveSessionTags`, the rule the engine's
 * `principalKeyIsFree` reads): the caller who made the session chose them. Undefined when none.
 */
export function hopTagChoice(hop: ChainHop, caller: User | Role | undefined): CallerChoice | undefined {
  if (hop.access === 'allow' || caller?.kind !== 'role' || !roleMayHaveSessionTags(caller)) return undefined;
  const lower = hopConditionKeys(hop).filter(isSessionTagKey);
  if (!lower.length) return undefined;
  const { conditions, facts } = sessionTagConditions(lower);
  return {
    sessionTags: lower.map(sessionTagKeyText),
    conditions,
    conditionFacts: facts,
    grants: [],
    access: 'allow',
  };
}

/** One decision per caller, action and role (the few hops that need one), per engine. */
const decided = new WeakMap<Engine, Map<string, FreeDecision>>();

function decideOnce(engine: Engine, principal: string, action: string, resource: string): FreeDecision {
  let m = decided.get(engine);
  if (!m) {
    m = new Map();
    decided.set(engine, m);
  }
  const key = `${principal} ${action} ${resource}`;
  let d = m.get(key);
  if (!d) {
    d = decideAnyContext(engine, { principal, action, resource }, LEAN);
    m.set(key, d);
  }
  return d;
}

/**
 * The hop into an administrator end whose administrator access is conditional on principal-tag
 * keys (`endKeys`, lowercased, as the engine reports them): when the hop's caller may call
 * sts:TagSession on the role (required in its trust: engine/session-tags.ts), the caller sets the
 * keys on the session it makes. Undefined when it may not or no key is a session-tag key.
 */
export function endTagChoice(
  engine: Engine,
  hop: ChainHop,
  endKeys: readonly string[],
): CallerChoice | undefined {
  const lower = endKeys.filter(isSessionTagKey);
  if (!lower.length) return undefined;
  const tag = decideOnce(engine, hop.from, 'sts:TagSession', hop.role);
  if (tag.access === 'deny') return undefined;
  const { conditions, facts } = sessionTagConditions(lower);
  return {
    sessionTags: lower.map(sessionTagKeyText),
    conditions: [...tag.conditions, ...conditions],
    conditionFacts: [...(tag.conditionFacts ?? []), ...facts],
    grants: tag.grants,
    access: tag.access,
  };
}

const STS_SOURCE_IDENTITY = 'sts:sourceidentity';
const AWS_SOURCE_IDENTITY = 'aws:sourceidentity';

/**
 * For each hop of a path from `start` (see the module comment), what a source identity the start
 * sets adds to it, when the hop is conditional on sts:SourceIdentity or aws:SourceIdentity;
 * undefined for the others.
 */
export function sourceIdentityChoices(
  engine: Engine,
  start: User | Role | undefined,
  path: readonly ChainHop[],
): (CallerChoice | undefined)[] {
  return choicesOf(
    engine,
    start?.kind === 'role' ? start : undefined,
    path.map((hop) => ({ ...hop, keys: hopConditionKeys(hop) })),
  );
}

/**
 * `sourceIdentityChoices` over a path of the escalation graph (escalation.ts `becomePaths`, the
 * spec's checks): each run of role assumptions (`how: 'assume'`, the keys its decision is
 * conditional on, `BecomeEdge.conditionKeys`) from the start (`roleStart`: a role session, or
 * anything but a user; undefined for a user) or from the role a method step reached (a role
 * session made by a service: as any role session, indeterminate). Undefined for the other edges.
 */
export function edgeSourceIdentityChoices(
  engine: Engine,
  roleStart: { arn: string } | undefined,
  path: readonly BecomeEdge[],
): (CallerChoice | undefined)[] {
  const out: (CallerChoice | undefined)[] = [];
  for (let i = 0; i < path.length; ) {
    if (path[i]!.how !== 'assume') {
      out.push(undefined);
      i++;
      continue;
    }
    let j = i;
    while (j < path.length && path[j]!.how === 'assume') j++;
    const run = path.slice(i, j).map((e) => ({ ...e, role: e.to, keys: e.conditionKeys ?? [] }));
    const from = i === 0 ? roleStart : { arn: path[i]!.from };
    out.push(...choicesOf(engine, from, run));
    i = j;
  }
  return out;
}

/** A step into a role as the source-identity rule reads it: the keys its decision is conditional on (lowercased). */
interface RoleHop {
  from: string;
  role: string;
  access: Access;
  grants: StatementRef[];
  keys: readonly string[];
}

/** The rule of `sourceIdentityChoices` (`roleStart`: the path starts at a role session, else at a user). */
function choicesOf(
  engine: Engine,
  roleStart: { arn: string } | undefined,
  path: readonly RoleHop[],
): (CallerChoice | undefined)[] {
  const keys = path.map((hop) => (hop.access === 'allow' ? [] : hop.keys));
  const reads = (k: readonly string[]) => k.includes(STS_SOURCE_IDENTITY) || k.includes(AWS_SOURCE_IDENTITY);
  const last = keys.findLastIndex(reads);
  if (last < 0) return path.map(() => undefined);
  const out: (CallerChoice | undefined)[] = [];
  // The first hop (index, decision) whose caller may call sts:SetSourceIdentity on its role.
  let setter: { at: number; d: FreeDecision } | undefined;
  path.forEach((hop, i) => {
    const now = keys[i]!.includes(STS_SOURCE_IDENTITY);
    const carried = keys[i]!.includes(AWS_SOURCE_IDENTITY);
    if (!setter && i <= last) {
      const d = decideOnce(engine, hop.from, 'sts:SetSourceIdentity', hop.role);
      if (d.access !== 'deny') setter = { at: i, d };
    }
    if (!now && !carried) {
      out.push(undefined);
      return;
    }
    // aws:SourceIdentity reads the caller's session: set at an earlier hop; sts:SourceIdentity
    // may be set at this one too.
    const set = setter && (setter.at < i || now) ? setter : undefined;
    // The keys the hop reads that the set source identity meets.
    const met = [...(now ? [STS_SOURCE_IDENTITY] : []), ...(carried ? [AWS_SOURCE_IDENTITY] : [])];
    out.push(roleStart ? roleStartChoice(roleStart, hop, set) : set ? setChoice(path, set, met) : undefined);
  });
  return out;
}

/**
 * The start (a user) sets the source identity at hop `set.at`: the step's added condition, about
 * the source identity keys the hop reads (`keys`, lowercased), a real condition.
 */
function setChoice(
  path: readonly RoleHop[],
  set: { at: number; d: FreeDecision },
  keys: readonly string[],
): CallerChoice {
  const text = `source identity set by the caller (sts:SetSourceIdentity) into ${shortName(path[set.at]!.role)}; it persists across role chaining`;
  return {
    sourceIdentity: true,
    conditions: [...set.d.conditions, text],
    conditionFacts: [...(set.d.conditionFacts ?? []), { text, keys: [...keys], absent: false }],
    grants: set.d.grants,
    access: set.d.access,
  };
}

/**
 * A path starting at a role session: whoever made the session may have set a source identity
 * (which cannot be changed) or may set one of its choice, which the inputs do not say: the step is
 * indeterminate, at the hop's trust statements.
 */
function roleStartChoice(
  start: { arn: string },
  hop: RoleHop,
  set: { at: number; d: FreeDecision } | undefined,
): CallerChoice {
  const at = hop.grants.find((g) => g.stage === 'trust') ?? hop.grants[0];
  const text = `the trust of ${shortName(hop.role)} reads the source identity; a session of ${shortName(start.arn)} may carry one set by whoever made it (set once, it persists across role chaining and cannot be changed: IAM User Guide, "Monitor and control actions taken with assumed roles"), which the inputs do not say`;
  return {
    sourceIdentity: true,
    conditions: set ? [...set.d.conditions] : [],
    conditionFacts: set ? [...(set.d.conditionFacts ?? [])] : [],
    grants: set ? set.d.grants : [],
    access: 'indeterminate',
    reasons: [
      {
        kind: 'unknown-value',
        text,
        stage: at?.stage ?? 'trust',
        ...(at?.policy !== undefined ? { policy: at.policy } : {}),
        ...(at?.statement !== undefined ? { statement: at.statement } : {}),
        ...(at?.source ? { source: at.source } : {}),
      },
    ],
  };
}

/**
 * A step (a chain hop, an escalation edge) with what its caller's choices add: met under the
 * caller's choice, stated as the step's condition, so at most conditional; their conditions,
 * statements and why. Undefined when `made` is empty (the step as it is).
 */
export function withChoices(
  step: {
    access: Access;
    conditions: readonly string[];
    grants: readonly StatementRef[];
    reasons?: readonly MatrixReason[];
  },
  made: readonly CallerChoice[],
): { access: Access; conditions: string[]; grants: StatementRef[]; reasons: MatrixReason[] } | undefined {
  if (!made.length) return undefined;
  return {
    access: combineAccess([step.access, ...made.map((c) => c.access), 'conditional']),
    conditions: [...new Set([...step.conditions, ...made.flatMap((c) => c.conditions)])],
    grants: mergeStatementRefs([...step.grants], ...made.map((c) => c.grants)),
    reasons: [...(step.reasons ?? []), ...made.flatMap((c) => c.reasons ?? [])],
  };
}
