// Compiles a normalized PolicyDocument into matchers the decision loop calls: action patterns
// (case-insensitive), Resource/NotResource ARN patterns (case-sensitive, per ARN field, with
// policy variables), Principal/NotPrincipal matching and the Condition block. Everything returns
// three-valued results so statements that depend on unknown values stay unknown.

import { isUnknown, type Unknown } from '../model/unknown.js';
import type { Source } from '../model/source.js';
import { unknownConditionClause } from '../policy/parse.js';
import type {
  ConditionClause,
  PolicyDocument,
  PolicyKind,
  PrincipalSpec,
  Statement,
  ValueList,
} from '../policy/types.js';
import { statementLabel } from '../policy/types.js';
import { compileArnPattern, compileGlob, type Matcher } from '../policy/wildcard.js';
import {
  type ClauseFn,
  compileArnTemplate,
  compileClause,
  compileConditions,
  type EvalContext,
} from './conditions/index.js';
import type { RequestPrincipal } from './principal.js';
import { MAYBE, NO, type Tri, YES } from './tri.js';

/** How a resource-based policy statement's principal matched the request principal. */
export enum PrincipalMatch {
  None = 0,
  /** `*`, the IAM user ARN, the session ARN, the service: a grant to the principal itself. */
  Direct = 1,
  /** The role ARN matched a session of the role (capped by boundary and session policies). */
  Role = 2,
  /** The account (root ARN or id): delegation to the account's identity policies. */
  Account = 3,
  /** Depends on an unknown value. */
  Unknown = 4,
}

export interface CompiledStatement {
  effect: 'Allow' | 'Deny' | 'Unknown';
  label: string;
  source: Source;
  statement: Statement;
  /** Lowercased service prefixes this statement's Action can match; undefined = any service. */
  services: readonly string[] | undefined;
  matchAction(actionLower: string): Tri;
  /** `ownResource`: resource-based policy statements without Resource apply to their resource. */
  matchResource(arn: string, ctx: EvalContext): Tri;
  condition(ctx: EvalContext): Tri;
  /**
   * The Condition block when free context keys (see `FreeKeys`) are assumed to make their
   * clauses true (`assumeTrue`) or false; other clauses are evaluated. Sets `freeConditionUsed`
   * to the clauses whose value was assumed (empty when none was).
   */
  conditionAssuming(ctx: EvalContext, free: FreeKeys, assumeTrue: boolean): Tri;
  /** Only for resource-based, trust, SCP-less kinds; identity statements never have principals. */
  hasPrincipal: boolean;
  matchPrincipal(p: RequestPrincipal): PrincipalMatch;
  /** An Unknown that makes the statement as a whole unreadable. */
  unknown: Unknown | undefined;
}

/** Which context keys are free: neither pinned by the request nor determined by the model. */
export interface FreeKeys {
  isFree(lowerKey: string): boolean;
}

/** The clauses `conditionAssuming` assumed in its last call (reused array: copy to keep). */
export const freeConditionUsed: ConditionClause[] = [];

export interface CompiledPolicy {
  /** Name or ARN for traces. */
  name: string;
  kind: PolicyKind;
  source: Source;
  statements: CompiledStatement[];
  /** The whole document is unknown (or the attachment's policy ARN is). */
  unknown: Unknown | undefined;
}

const ALWAYS_YES = (): Tri => YES;

function actionMatcher(list: ValueList): { fn: (a: string) => Tri; services: string[] | undefined } {
  const matchers: Matcher[] = [];
  let unknown = false;
  let services: string[] | undefined = [];
  for (const v of list.values) {
    if (isUnknown(v)) {
      unknown = true;
      services = undefined;
      continue;
    }
    const lower = v.toLowerCase();
    matchers.push(compileGlob(lower, true));
    const colon = lower.indexOf(':');
    const svc = colon > 0 ? lower.slice(0, colon) : '';
    if (!svc || svc.includes('*') || svc.includes('?')) services = undefined;
    else if (services && !services.includes(svc)) services.push(svc);
  }
  const n = matchers.length;
  const fn = (a: string): Tri => {
    for (let i = 0; i < n; i++) if (matchers[i]!.test(a)) return YES;
    return unknown ? MAYBE : NO;
  };
  return { fn, services };
}

type ResourceFn = (arn: string, ctx: EvalContext) => Tri;

function resourceMatcher(list: ValueList, variables: boolean): ResourceFn {
  const plain: Matcher[] = [];
  const templated: ((ctx: EvalContext, arn: string) => boolean | undefined)[] = [];
  let unknown = false;
  for (const v of list.values) {
    if (isUnknown(v)) {
      unknown = true;
      continue;
    }
    const tpl = variables ? compileArnTemplate(v) : undefined;
    if (tpl) templated.push(tpl);
    else plain.push(compileArnPattern(v));
  }
  const n = plain.length;
  const t = templated.length;
  return (arn, ctx) => {
    for (let i = 0; i < n; i++) if (plain[i]!.test(arn)) return YES;
    for (let i = 0; i < t; i++) if (templated[i]!(ctx, arn) === true) return YES;
    return unknown ? MAYBE : NO;
  };
}

function not3(t: Tri): Tri {
  return t === MAYBE ? MAYBE : t === YES ? NO : YES;
}

/** Principal matching for `Principal` (grant kinds) and, via `exact`, for `NotPrincipal`. */
function principalMatcher(spec: PrincipalSpec): {
  grant: (p: RequestPrincipal) => PrincipalMatch;
  exact: (p: RequestPrincipal) => Tri;
} {
  if (spec.wildcard) return { grant: () => PrincipalMatch.Direct, exact: () => YES };
  const aws: string[] = [];
  const services: string[] = [];
  const federated: string[] = [];
  let unknown = false;
  const take = (list: ValueList | undefined, into: string[]) => {
    if (!list) return;
    for (const v of list.values) {
      if (isUnknown(v)) unknown = true;
      else into.push(v);
    }
  };
  take(spec.aws, aws);
  take(spec.service, services);
  take(spec.federated, federated);
  const awsWildcard = aws.includes('*');
  const awsSet = new Set(aws);
  const serviceSet = new Set(services.map((s) => s.toLowerCase()));
  const federatedSet = new Set(federated);
  const grant = (p: RequestPrincipal): PrincipalMatch => {
    if (p.type === 'service') {
      if (p.service && serviceSet.has(p.service)) return PrincipalMatch.Direct;
      return unknown ? PrincipalMatch.Unknown : PrincipalMatch.None;
    }
    if (p.type === 'anonymous') {
      if (awsWildcard) return PrincipalMatch.Direct;
      return unknown ? PrincipalMatch.Unknown : PrincipalMatch.None;
    }
    if (p.type === 'federated') {
      if (p.arn && federatedSet.has(p.arn)) return PrincipalMatch.Direct;
      if (awsWildcard) return PrincipalMatch.Direct;
      return unknown ? PrincipalMatch.Unknown : PrincipalMatch.None;
    }
    if (awsWildcard) return PrincipalMatch.Direct;
    if (p.type === 'role-session') {
      // The session ARN is a grant to the session itself; the role ARN is a grant to the role,
      // which boundaries and session policies cap.
      if (p.sessionArn && awsSet.has(p.sessionArn)) return PrincipalMatch.Direct;
      if (p.roleArn && awsSet.has(p.roleArn)) return PrincipalMatch.Role;
    } else if (p.arn && awsSet.has(p.arn)) return PrincipalMatch.Direct;
    if (p.account && (awsSet.has(p.account) || awsSet.has(p.rootArn!))) {
      return p.type === 'root' ? PrincipalMatch.Direct : PrincipalMatch.Account;
    }
    return unknown ? PrincipalMatch.Unknown : PrincipalMatch.None;
  };
  // NotPrincipal excludes only the principals it names exactly: the role ARN does not exclude
  // its sessions, nor the account its users (IAM User Guide, "AWS JSON policy elements:
  // NotPrincipal").
  const exact = (p: RequestPrincipal): Tri => {
    if (p.type === 'service') return p.service && serviceSet.has(p.service) ? YES : unknown ? MAYBE : NO;
    if (p.type === 'anonymous') return awsWildcard ? YES : unknown ? MAYBE : NO;
    if (awsWildcard) return YES;
    const id = p.sessionArn ?? p.arn;
    if (id && awsSet.has(id)) return YES;
    if (p.type === 'root' && p.account && (awsSet.has(p.account) || awsSet.has(p.rootArn!))) return YES;
    return unknown ? MAYBE : NO;
  };
  return { grant, exact };
}

export function compileStatement(stmt: Statement, doc: PolicyDocument): CompiledStatement {
  const variables = doc.version === '2012-10-17';
  const effect: CompiledStatement['effect'] = isUnknown(stmt.effect)
    ? 'Unknown'
    : stmt.effect === 'Allow' || stmt.effect === 'Deny'
      ? stmt.effect
      : 'Unknown';

  let matchAction: (a: string) => Tri;
  let services: string[] | undefined;
  if (stmt.action) {
    const m = actionMatcher(stmt.action);
    matchAction = m.fn;
    services = m.services;
  } else if (stmt.notAction) {
    const m = actionMatcher(stmt.notAction).fn;
    matchAction = (a) => not3(m(a));
    services = undefined;
  } else {
    // No Action: AWS rejects the policy; the parser reported it. Match nothing.
    matchAction = () => NO;
    services = [];
  }

  const isResourceBased = doc.kind === 'resource' || doc.kind === 'trust';
  let matchResource: ResourceFn;
  if (stmt.resource) matchResource = resourceMatcher(stmt.resource, variables);
  else if (stmt.notResource) {
    const m = resourceMatcher(stmt.notResource, variables);
    matchResource = (arn, ctx) => not3(m(arn, ctx));
  } else if (isResourceBased) matchResource = ALWAYS_YES;
  else matchResource = () => NO;

  // Conditions: an unreadable clause (whole Condition unknown) is unknown unless another clause
  // is false.
  const readable = stmt.conditions.filter((c) => !unknownConditionClause(c));
  const hasUnreadable = readable.length !== stmt.conditions.length;
  const compiled = compileConditions(readable, { policyVariables: variables });
  const condition = hasUnreadable ? (ctx: EvalContext): Tri => (compiled(ctx) === NO ? NO : MAYBE) : compiled;
  // Per-clause functions for analyses under a free context, compiled on first use.
  let clauses: { key: string; fn: ClauseFn; clause: ConditionClause }[] | undefined;
  const conditionAssuming = (ctx: EvalContext, free: FreeKeys, assumeTrue: boolean): Tri => {
    freeConditionUsed.length = 0;
    if (readable.length === 0) return condition(ctx);
    clauses ??= readable.map((c) => ({
      key: c.key.toLowerCase(),
      fn: compileClause(c, { policyVariables: variables }),
      clause: c,
    }));
    let result: Tri = hasUnreadable ? MAYBE : YES;
    for (const c of clauses) {
      let v: Tri;
      if (free.isFree(c.key)) {
        v = assumeTrue ? YES : NO;
        freeConditionUsed.push(c.clause);
      } else v = c.fn(ctx);
      if (v === NO) {
        // Only the assumption that made the block false matters.
        if (free.isFree(c.key)) {
          freeConditionUsed.length = 0;
          freeConditionUsed.push(c.clause);
        } else freeConditionUsed.length = 0;
        return NO;
      }
      if (v === MAYBE) result = MAYBE;
    }
    return result;
  };

  let hasPrincipal = false;
  let matchPrincipal: (p: RequestPrincipal) => PrincipalMatch = () => PrincipalMatch.Direct;
  if (stmt.principal) {
    hasPrincipal = true;
    matchPrincipal = principalMatcher(stmt.principal).grant;
  } else if (stmt.notPrincipal) {
    hasPrincipal = true;
    const exact = principalMatcher(stmt.notPrincipal).exact;
    const denyWithBoundary = effect === 'Deny';
    matchPrincipal = (p) => {
      // "If you use NotPrincipal ... with a Deny ... and the principal has a permissions
      // boundary, the action is always denied" (IAM User Guide, NotPrincipal).
      if (denyWithBoundary && p.hasBoundary) return PrincipalMatch.Direct;
      const e = exact(p);
      if (e === YES) return PrincipalMatch.None;
      if (e === MAYBE) return PrincipalMatch.Unknown;
      return PrincipalMatch.Direct;
    };
  } else if (isResourceBased) {
    // A resource-based statement without a principal matches nobody (AWS rejects it).
    hasPrincipal = true;
    matchPrincipal = () => PrincipalMatch.None;
  }

  return {
    effect,
    label: statementLabel(stmt),
    source: stmt.source,
    statement: stmt,
    services,
    matchAction,
    matchResource,
    condition,
    conditionAssuming,
    hasPrincipal,
    matchPrincipal,
    unknown: stmt.unknown,
  };
}

export function compilePolicy(doc: PolicyDocument, name: string): CompiledPolicy {
  return {
    name,
    kind: doc.kind,
    source: doc.source,
    statements: doc.unknown ? [] : doc.statements.map((s) => compileStatement(s, doc)),
    unknown: doc.unknown,
  };
}

/** A policy that cannot be known (unknown attachment ARN, customer policy outside the inputs). */
export function unknownPolicy(
  name: string,
  kind: PolicyKind,
  unknown: Unknown,
  source: Source,
): CompiledPolicy {
  return { name, kind, source, statements: [], unknown };
}
