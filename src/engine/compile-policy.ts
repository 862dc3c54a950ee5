// Compiles a normalized PolicyDocument into matchers the decision loop calls: action patterns
// (case-insensitive), Resource/NotResource ARN patterns (case-sensitive, per ARN field, with
// policy variables), Principal/NotPrincipal matching and the Condition block. Everything returns
// three-valued results so statements that depend on unknown values stay unknown.

import { isPartlyKnown, isUnknown, type PartlyKnown, type Unknown } from '../model/unknown.js';
import { couldBeSessionOf, couldMatch } from '../policy/partly-known.js';
import type { CreatedElements } from '../model/created-elements.js';
import {
  matchUnknownName,
  mightBeNamed,
  patternTokens,
  principalMightBe,
  principalNamesUnknown,
} from './unknown-names.js';
import { fillCharsParts, hasUnknownNamePart } from '../model/stand-ins.js';
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
import { arnCaptures, compileArnPieces, type GlobPiece } from '../policy/glob-match.js';
import { compileArnPattern, compileGlob, type Matcher } from '../policy/wildcard.js';
import { compileResourcePatternTemplate, type TemplatePattern } from './conditions/patterns.js';
import { clauseNeverHolds } from './conditions/satisfiable.js';
import {
  hasShapedVariable,
  undocumentedVariable,
  parseTemplate,
  resolveVariable,
  variableShape,
  type Template,
  type TemplatePart,
} from './conditions/variables.js';
import { clauseVariableKeys } from './conditions/clause.js';
import {
  type ClauseFn,
  compileArnTemplate,
  compileClause,
  compileConditions,
  type EvalContext,
} from './conditions/index.js';
import { mayHaveUniqueId, principalUniqueIdKind, uniqueIdLabel } from '../model/unique-ids.js';
import {
  isCanonicalUserStandIn,
  type RequestPrincipal,
  UNKNOWN_CANONICAL_USER,
  unknownCanonicalUser,
} from './principal.js';
import type { AppliedAllow } from './types.js';
import { ALWAYS_YES, MAYBE, NO, type Tri, YES } from './tri.js';

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
  /**
   * Might name the principal's account, nothing else of it (a canonical user id that may be its
   * account's, `accountCanonicalMatch`): at most `Account`, a delegation to its identity policies.
   */
  MaybeAccount = 5,
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
  /**
   * Resource/NotResource for analyses under a free context: a policy variable on a free key
   * takes any value (`wide`: the statement applies to as many resources as any value makes it)
   * or the value that names the fewest. Sets `freeResourceUsed` to the assumptions the result
   * relied on (empty when none did).
   */
  matchResourceAssuming(arn: string, ctx: EvalContext, free: FreeKeys, wide: boolean): Tri;
  /**
   * Resource/NotResource for an ARN holding an unknown name part (src/engine/unknown-names.ts):
   * the evaluator calls it instead of `matchResource` when the engine's model has such names and
   * the request's ARN holds one (one check per decision, none in a model without them).
   * `elements`: the engine's model's elements created for certain (a pattern naming one exactly
   * names no other).
   */
  matchUnknownNamed(arn: string, elements?: CreatedElements): Tri;
  condition(ctx: EvalContext): Tri;
  /**
   * The Condition block when free context keys (see `FreeKeys`) are assumed to make their
   * clauses true (`assumeTrue`) or false; other clauses are evaluated. Sets `freeConditionUsed`
   * to the clauses whose value was assumed (empty when none was).
   */
  conditionAssuming(ctx: EvalContext, free: FreeKeys, assumeTrue: boolean): Tri;
  /** Its document substitutes policy variables (Version 2012-10-17: conditions/clause.ts). */
  policyVariables: boolean;
  /** Only for resource-based, trust, SCP-less kinds; identity statements never have principals. */
  hasPrincipal: boolean;
  /**
   * `elements`: the engine's model's elements created for certain, when it has unknown names
   * (`EvalContext.namesUnknown`): a value naming one exactly names no other.
   */
  matchPrincipal(p: RequestPrincipal, elements?: CreatedElements): PrincipalMatch;
  /** An Unknown that makes the statement as a whole unreadable. */
  unknown: Unknown | undefined;
  /**
   * Set when the statement might not exist (its own presence, its document's, or that of the
   * policy, attachment, principal or resource it belongs to): it applies at most MAYBE.
   */
  presence: Unknown | undefined;
  /**
   * The frozen `Decision.allows` entries made for this statement so far (one per stage, policy
   * name and delegation: evaluate-statements.ts), shared by every decision it applies in.
   */
  appliedAllows?: AppliedAllow[];
}

/** Which context keys are free: neither pinned by the request nor determined by the model. */
export interface FreeKeys {
  isFree(lowerKey: string): boolean;
}

let freeReads = 0;

/**
 * How many times, since the process started, `conditionAssuming` or `matchResourceAssuming` met
 * a free context key (a condition clause on one or naming one in a policy variable, a policy
 * variable on one in Resource or NotResource). Those are the only places where the mode of an analysis under a free context
 * (`assumeTrue` / `wide`: optimistic or pessimistic) changes a statement's outcome: a decision
 * during which this count did not move decides the same in the other mode (free-decision.ts).
 */
export function freeKeyReads(): number {
  return freeReads;
}

/**
 * The clauses `conditionAssuming` assumed in its last call, compiled (each with its lowercased key
 * and the keys of the policy variables in its values: the keys the assumption is about); reused
 * array: copy to keep.
 */
export const freeConditionUsed: FreeClause[] = [];

/**
 * What `matchResourceAssuming` assumed in its last call about free policy variables, readable
 * (`aws:userid takes the value that names the resource`); reused array: copy to keep.
 */
export const freeResourceUsed: string[] = [];

/**
 * The keys (lowercased) of the free policy variables `freeResourceUsed` is about, in its last call
 * (reused array: copy to keep): what an analysis reads to know which keys decided an assumption.
 */
export const freeResourceKeysUsed: string[] = [];

/** Empties `freeResourceUsed` and its keys (a new `matchResourceAssuming` call). */
function clearResourceUsed(): void {
  freeResourceUsed.length = 0;
  freeResourceKeysUsed.length = 0;
}

function noteResourceKey(key: string): void {
  if (!freeResourceKeysUsed.includes(key)) freeResourceKeysUsed.push(key);
}

export interface CompiledPolicy {
  /** Name or ARN for traces. */
  name: string;
  kind: PolicyKind;
  source: Source;
  statements: CompiledStatement[];
  /** The whole document is unknown (or the attachment's policy ARN is). */
  unknown: Unknown | undefined;
  /** The policy might not exist (see `CompiledStatement.presence`). */
  presence?: Unknown;
  /** SCP / RCP: the node it is attached at (`PolicyDocument.orgLevel`); unset when not known. */
  orgLevel?: string | Unknown;
}

/**
 * An Action value with a wildcard in its service prefix (`*:GetObject`, `s3*:Get*`, `iam*`), other
 * than `*` alone: IAM User Guide, "IAM JSON policy elements: Action" documents wildcards "to give
 * access to all actions the specific AWS product offers" (`s3:*`) and "as part of the action
 * name", and the policy grammar `"*"` for every action, not a wildcard in the prefix. So where its
 * glob matches an action, whether AWS matches it too is unknown (MAYBE): a Deny with it is never
 * skipped, an Allow with it never sure. Returns the value, else undefined.
 */
export function undocumentedActionWildcard(value: string): string | undefined {
  if (value === '*') return undefined;
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? value : value.slice(0, colon);
  return prefix.includes('*') || prefix.includes('?') ? value : undefined;
}

function actionMatcher(list: ValueList): { fn: (a: string) => Tri; services: string[] | undefined } {
  const matchers: Matcher[] = [];
  const undocumented: Matcher[] = [];
  let unknown = false;
  let services: string[] | undefined = [];
  for (const v of list.values) {
    if (isUnknown(v)) {
      unknown = true;
      services = undefined;
      continue;
    }
    const lower = v.toLowerCase();
    (undocumentedActionWildcard(lower) ? undocumented : matchers).push(compileGlob(lower, true));
    const colon = lower.indexOf(':');
    const svc = colon > 0 ? lower.slice(0, colon) : '';
    if (!svc || svc.includes('*') || svc.includes('?')) services = undefined;
    else if (services && !services.includes(svc)) services.push(svc);
  }
  const n = matchers.length;
  const fn = (a: string): Tri => {
    for (let i = 0; i < n; i++) if (matchers[i]!.test(a)) return YES;
    if (unknown) return MAYBE;
    for (const m of undocumented) if (m.test(a)) return MAYBE;
    return NO;
  };
  return { fn, services };
}

type ResourceFn = (arn: string, ctx: EvalContext) => Tri;
type ResourceAssumingFn = (arn: string, ctx: EvalContext, free: FreeKeys, anyValue: boolean) => Tri;

/** A Resource value with policy variables: the strict matcher and what free-mode matching needs. */
interface TemplatedResource {
  strict: (ctx: EvalContext, arn: string) => boolean | undefined;
  tpl: Template;
  /** The variable parts, and each one's key as written (`aws:userid`), for assumption texts. */
  variables: { part: Extract<TemplatePart, { kind: 'variable' }>; name: string }[];
  /** Patterns with the free variables turned into `*`, by the values of the others. */
  wildcards: Map<string, TemplatePattern> | undefined;
}

const WILDCARD_CACHE_LIMIT = 256;

function templatedResource(value: string, strict: TemplatedResource['strict']): TemplatedResource {
  const tpl = parseTemplate(value)!;
  const variables: TemplatedResource['variables'] = [];
  for (const part of tpl.parts) {
    if (part.kind !== 'variable') continue;
    const inner = part.source.slice(2, -1);
    const comma = inner.indexOf(',');
    variables.push({ part, name: (comma >= 0 ? inner.slice(0, comma) : inner).trim() });
  }
  return { strict, tpl, variables, wildcards: undefined };
}

/**
 * Does the value name `arn` when its free variables take any value (each one a `*` within the
 * pattern, as the ArnLike rule reads it: a `*` never crosses a colon in the first five fields)?
 * Undefined when it has no free variable (the strict matcher decides); false when a variable
 * that is not free has no value.
 */
function matchesWithFreeWildcards(
  r: TemplatedResource,
  ctx: EvalContext,
  free: FreeKeys,
  arn: string,
): boolean | undefined {
  let key = '';
  let anyFree = false;
  for (const { part } of r.variables) {
    if (free.isFree(part.key)) {
      anyFree = true;
      key += '*;';
      continue;
    }
    const v = resolveVariable(part, ctx);
    if (v === undefined) return false;
    key += `${v.length}:${v};`;
  }
  if (!anyFree) return undefined;
  r.wildcards ??= new Map();
  let pattern = r.wildcards.get(key);
  if (pattern === undefined) {
    const parts: TemplatePart[] = r.tpl.parts.map((part) => {
      if (part.kind !== 'variable') return part;
      if (free.isFree(part.key)) return { kind: 'text', text: '*' };
      return { kind: 'literal', text: resolveVariable(part, ctx)! };
    });
    pattern = compileResourcePatternTemplate({ value: r.tpl.value, parts });
    if (r.wildcards.size >= WILDCARD_CACHE_LIMIT) r.wildcards.clear();
    r.wildcards.set(key, pattern);
  }
  return pattern.test(ctx, arn) === true;
}

function noteFreeVariables(r: TemplatedResource, free: FreeKeys, text: string) {
  for (const { part, name } of r.variables) {
    if (!free.isFree(part.key)) continue;
    const t = `${name} ${text}`;
    if (!freeResourceUsed.includes(t)) freeResourceUsed.push(t);
    noteResourceKey(part.key);
  }
}

/**
 * Values the free variables can take for the value to name `arn` (one such assignment: each
 * free variable as short as the match allows, left to right), as `aws:userid is "AIDA1"`;
 * undefined if none is found.
 */
function valuesNaming(
  r: TemplatedResource,
  ctx: EvalContext,
  free: FreeKeys,
  arn: string,
): string[] | undefined {
  const pieces: GlobPiece[] = [];
  const names: string[] = [];
  for (const part of r.tpl.parts) {
    if (part.kind !== 'variable') pieces.push({ kind: 'text', text: part.text, wild: part.kind === 'text' });
    else if (!free.isFree(part.key)) {
      pieces.push({ kind: 'text', text: resolveVariable(part, ctx) ?? '', wild: false });
    } else {
      pieces.push({ kind: 'capture', min: 0 });
      names.push(r.variables.find((v) => v.part === part)!.name);
    }
  }
  const m = arnCaptures(compileArnPieces(pieces), arn);
  if (!m) return undefined;
  return names.map((name, i) => `${name} is "${m[i]}" (the value that names the resource)`);
}

/**
 * Matching with unknown element names, one rule for every kind of value
 * (src/engine/unknown-names.ts): `unknownName` for an ARN holding an unknown name part;
 * `mightNameUnknown` for a known ARN that a pattern naming such an element (a Ref to it) might.
 */
function unknownNameMatchers(
  plain: Matcher[],
  templated: TemplatedResource[],
  partly: PartlyKnown[],
  unknown: boolean,
): {
  unknownName: (arn: string, elements?: CreatedElements) => Tri;
  mightNameUnknown: (arn: string, created?: CreatedElements) => boolean;
} {
  let tokens: { tokens: number[]; plain: Matcher | undefined }[] | undefined;
  const tokenList = () => {
    if (tokens) return tokens;
    tokens = [];
    for (const m of plain) tokens.push({ tokens: patternTokens([m.pattern]), plain: m });
    for (const r of templated) tokens.push({ tokens: patternTokens([r.tpl.value]), plain: undefined });
    for (const v of partly) tokens.push({ tokens: patternTokens(partsOf(v)), plain: undefined });
    return tokens;
  };
  const unknownName = (arn: string, elements?: CreatedElements): Tri => {
    let out: Tri = unknown ? MAYBE : NO;
    const filled = fillCharsParts(arn);
    for (const x of tokenList()) {
      // as written, or with its parts of a fixed length filled (a `?` takes one character of them)
      const asWritten = !!x.plain && (x.plain.test(arn) || (filled !== arn && x.plain.test(filled)));
      const r = matchUnknownName(x.tokens, arn, asWritten, elements);
      if (r === YES) return YES;
      if (r === MAYBE) out = MAYBE;
    }
    return out;
  };
  const namesUnknown = plain.some((m) => hasUnknownNamePart(m.pattern));
  // `created` (for an `arn` of an element of the inputs): a pattern naming an element created for
  // certain exactly (its ARN, a `Ref` to it) names no other (`CreatedElements.namesOther`); one
  // that only holds such a name's unknown part (`role/${App}-admin`: `role/app-(unknown-…)-admin`)
  // may name one.
  const mightNameUnknown = (arn: string, created?: CreatedElements): boolean =>
    namesUnknown &&
    tokenList().some(
      (x) =>
        x.plain &&
        hasUnknownNamePart(x.plain.pattern) &&
        mightBeNamed(x.tokens, arn) &&
        !created?.namesOther(x.tokens, arn),
    );
  return { unknownName, mightNameUnknown };
}

/** A Resource / NotResource list read for matching: patterns, templates, partly known and unknown values. */
function resourceValues(
  list: ValueList,
  variables: boolean,
): { plain: Matcher[]; templated: TemplatedResource[]; partly: PartlyKnown[]; unknown: boolean } {
  const plain: Matcher[] = [];
  const templated: TemplatedResource[] = [];
  let unknown = false;
  const partly: PartlyKnown[] = [];
  for (const v of list.values) {
    if (isUnknown(v)) {
      if (isPartlyKnown(v)) partly.push(v);
      else unknown = true;
      continue;
    }
    // a variable not written as AWS documents it: the value is unknown (conditions/variables.ts)
    if (variables && undocumentedVariable(v) !== undefined) {
      unknown = true;
      continue;
    }
    const tpl = variables ? compileArnTemplate(v) : undefined;
    if (tpl) templated.push(templatedResource(v, tpl));
    else plain.push(compileArnPattern(v));
  }
  return { plain, templated, partly, unknown };
}

function resourceMatcher(
  list: ValueList,
  variables: boolean,
  negated: boolean,
): {
  fn: ResourceFn;
  assuming: ResourceAssumingFn | undefined;
  named: (arn: string, elements?: CreatedElements) => Tri;
} {
  const { plain, templated, partly, unknown } = resourceValues(list, variables);
  const n = plain.length;
  const t = templated.length;
  const { unknownName, mightNameUnknown } = unknownNameMatchers(plain, templated, partly, unknown);
  // No known value names the ARN: MAYBE when an unknown one might (a partly known one only when
  // some completion could: src/policy/partly-known.ts), else NO.
  // A pattern naming exactly an element the inputs surely create, whose name is unknown, names no
  // other element of the inputs (names are unique: model/created-elements.ts), only ARNs outside
  // them; one holding only part of such a name (`role/${App}-admin`) may name one of them.
  const rest = (arn: string, ctx: EvalContext): Tri => {
    if (unknown) return MAYBE;
    for (let i = 0; i < partly.length; i++) if (couldMatch(partly[i]!, arn, 'arn')) return MAYBE;
    return mightNameUnknown(arn, ctx.resourceInModel ? ctx.namesUnknown : undefined) ? MAYBE : NO;
  };
  const fn: ResourceFn = (arn, ctx) => {
    for (let i = 0; i < n; i++) if (plain[i]!.test(arn)) return YES;
    let maybe = unknown;
    for (let i = 0; i < t; i++) {
      const r = templated[i]!.strict(ctx, arn);
      if (r === true) return YES;
      // A variable present with a value known only after deploy (aws:userid), or that may be
      // present (a tag the inputs do not all show): it may name the ARN if the pattern does
      // with that variable as a wildcard.
      if (r === undefined && hasShapedVariable(templated[i]!.tpl, ctx)) {
        const shaped: FreeKeys = { isFree: (k) => variableShape(k, ctx) !== undefined };
        if (matchesWithFreeWildcards(templated[i]!, ctx, shaped, arn)) maybe = true;
      }
    }
    return maybe ? MAYBE : rest(arn, ctx);
  };
  if (t === 0) return { fn, assuming: undefined, named: unknownName };
  // The assumption is recorded as the clause under which the statement applies (an Allow relies
  // on it holding, a Deny on it failing).
  const applies = negated
    ? 'takes a value that leaves the resource outside NotResource'
    : 'takes the value that names the resource';
  // Does the list name `arn`? Free variables take any value (`anyValue`) or none that names it.
  // `freeResourceUsed` gets the assumptions the answer relied on.
  const assuming: ResourceAssumingFn = (arn, ctx, free, anyValue) => {
    clearResourceUsed();
    for (let i = 0; i < n; i++) if (plain[i]!.test(arn)) return YES;
    let relied: TemplatedResource[] | undefined;
    for (let i = 0; i < t; i++) {
      const r = templated[i]!;
      const wild = matchesWithFreeWildcards(r, ctx, free, arn);
      if (wild !== undefined) freeReads++; // `anyValue` (the mode) is read only then: counted
      if (wild === undefined) {
        if (r.strict(ctx, arn) === true) return YES;
      } else if (wild) {
        if (anyValue) {
          // A Resource that names the resource: the value it takes; NotResource: the rule.
          const values = negated ? undefined : valuesNaming(r, ctx, free, arn);
          if (values) {
            for (const v of values) if (!freeResourceUsed.includes(v)) freeResourceUsed.push(v);
            for (const { part } of r.variables) if (free.isFree(part.key)) noteResourceKey(part.key);
          } else noteFreeVariables(r, free, applies);
          return YES;
        }
        relied ??= [];
        relied.push(r);
      }
    }
    // No value of the free variables names the resource: say so only when one could.
    if (relied) for (const r of relied) noteFreeVariables(r, free, applies);
    return rest(arn, ctx);
  };
  return { fn, assuming, named: unknownName };
}

function not3(t: Tri): Tri {
  return t === MAYBE ? MAYBE : t === YES ? NO : YES;
}

/** The values of a Principal / NotPrincipal element, read once for its matchers. */
interface PrincipalValues {
  awsWildcard: boolean;
  awsSet: ReadonlySet<string>;
  serviceSet: ReadonlySet<string>;
  federatedSet: ReadonlySet<string>;
  /** How the element names an S3 canonical user (`canonicalUserMatch`). */
  canonical: (p: RequestPrincipal, exact?: boolean) => Tri;
  /** The element names a unique id or a canonical user: `uniqueId` and `accountCanonical` may say more than NO. */
  byIdentifier: boolean;
  /** How the element names the user or role of a principal, by unique id (`uniqueIdMatch`). */
  uniqueId: (p: RequestPrincipal, exact?: boolean) => Tri;
  /** How the element's `CanonicalUser` values name the account of a principal (`accountCanonicalMatch`). */
  accountCanonical: (p: RequestPrincipal) => Tri;
  /** Accounts of the IAM user ARNs named: one of them may have federated an unknown caller's session. */
  userAccounts: ReadonlySet<string>;
  /**
   * Whether an unknown or partly known value might name the principal (`elements`: the elements
   * the inputs surely create, `EvalContext.namesUnknown`).
   */
  mightName: (p: RequestPrincipal, elements?: CreatedElements) => boolean;
  /** A request as a role whose session name is a stand-in may be a session the element names. */
  someSessionNamed: (p: RequestPrincipal, elements?: CreatedElements) => boolean;
}

/** Principal matching for `Principal` (grant kinds) and, via `exact`, for `NotPrincipal`. */
function principalMatcher(spec: PrincipalSpec): {
  grant: (p: RequestPrincipal, elements?: CreatedElements) => PrincipalMatch;
  exact: (p: RequestPrincipal, elements?: CreatedElements, allowEffect?: boolean) => Tri;
} {
  if (spec.wildcard) return { grant: () => PrincipalMatch.Direct, exact: () => YES };
  const v = principalValues(spec);
  return {
    grant: (p, e) => grantMatch(v, p, e),
    exact: (p, e, allowEffect) => exactMatch(v, p, e, allowEffect),
  };
}

function principalValues(spec: PrincipalSpec): PrincipalValues {
  const aws: string[] = [];
  const services: string[] = [];
  const federated: string[] = [];
  let opaque = false;
  const partly: { kind: 'aws' | 'service' | 'federated'; value: PartlyKnown }[] = [];
  const take = (list: ValueList | undefined, into: string[], kind: 'aws' | 'service' | 'federated') => {
    if (!list) return;
    for (const v of list.values) {
      if (isPartlyKnown(v)) partly.push({ kind, value: v });
      else if (isUnknown(v)) opaque = true;
      else into.push(v);
    }
  };
  take(spec.aws, aws, 'aws');
  take(spec.service, services, 'service');
  take(spec.federated, federated, 'federated');
  /**
   * Whether an unknown value (or a case variant) might name `p`: always for a value known only
   * after apply; for a partly known one, when some completion could equal a name of `p` (its ARN,
   * session, role, account, root, service or provider) or `*` (src/policy/partly-known.ts). */
  // Values naming an element whose name is unknown (a Ref to it; Federated: a provider's): any
  // principal but the other elements the inputs surely create (`CreatedElements.principalNamesOther`).
  const namingUnknown = aws.some(hasUnknownNamePart) || federated.some(hasUnknownNamePart);
  const caseVariant = caseVariantOf(aws);
  const mightName = (p: RequestPrincipal, elements?: CreatedElements): boolean => {
    if (opaque || caseVariant?.(p) !== undefined) return true;
    if (namingUnknown || principalNamesUnknown(p)) {
      for (const id of [p.arn, p.sessionArn, p.roleArn, p.callerArn]) {
        if (!id) continue;
        for (const v of p.type === 'federated' ? [...aws, ...federated] : aws)
          if (principalMightBe([v], id) && !elements?.principalNamesOther(v, id)) return true;
        for (const x of partly) if (x.kind === 'aws' && principalMightBe(partsOf(x.value), id)) return true;
      }
    }
    if (!partly.length) return false;
    // a caller known only after deploy: any partly known value might name it
    if (p.type === 'federated-user' && p.caller === 'unknown') return true;
    const names: string[] = ['*'];
    for (const x of [p.arn, p.sessionArn, p.roleArn, p.account, p.rootArn, p.service]) if (x) names.push(x);
    return partly.some((x) => names.some((name) => couldMatch(x.value, name, 'equals-ignore-case')));
  };
  const userAccounts = new Set<string>();
  for (const v of aws) {
    const m = /^arn:[^:]+:iam::(\d{12}):user\//.exec(v);
    if (m) userAccounts.add(m[1]!);
  }
  // Role session ARNs named, by their role's prefix (`arn:aws:sts::A:assumed-role/R/`): a request
  // as the role (its session name a stand-in) may be a session of any of those names.
  const sessionPrefixes = new Set<string>();
  for (const v of aws) sessionPrefixes.add(SESSION_PREFIX.exec(v)?.[0] ?? '');
  sessionPrefixes.delete('');
  // A session ARN partly known (its account a parameter, a value known after apply) may be one. A
  // role name the inputs leave unknown, in a prefix or the request's: the names may be one,
  // unless both roles are elements the inputs surely create (`CreatedElements`).
  const someSessionNamed = (p: RequestPrincipal, elements?: CreatedElements): boolean => {
    if (!p.sessionNameStandIn || !p.sessionArn) return false;
    const own = p.sessionArn.slice(0, p.sessionArn.lastIndexOf('/') + 1);
    if (sessionPrefixes.has(own)) return true;
    for (const x of partly) if (x.kind === 'aws' && couldBeSessionOf(x.value, own)) return true;
    if (!namingUnknown && !hasUnknownNamePart(own)) return false;
    for (const pre of sessionPrefixes)
      if (principalMightBe([pre], own) && !elements?.principalNamesOther(pre.slice(0, -1), own.slice(0, -1)))
        return true;
    return false;
  };
  return {
    awsWildcard: aws.includes('*'),
    awsSet: new Set(aws),
    serviceSet: new Set(services.map((s) => s.toLowerCase())),
    federatedSet: new Set(federated),
    canonical: canonicalUserMatch(spec, aws, opaque || partly.length > 0),
    byIdentifier: aws.some((x) => !!principalUniqueIdKind(x)) || !!spec.canonicalUser?.values.length,
    uniqueId: uniqueIdMatch(spec, aws),
    accountCanonical: accountCanonicalMatch(spec),
    userAccounts,
    mightName,
    someSessionNamed,
  };
}

/**
 * How an element's values name the S3 canonical user `p` (src/engine/principal.ts): YES for its
 * id in `CanonicalUser`, or for the stand-in of a value known only after deploy
 * (`unknownCanonicalUser`); MAYBE when a value might be it: another unknown `CanonicalUser`
 * value, a known one for a stand-in, or an `AWS` value that names an account or an origin access
 * identity (`arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID`), which S3
 * converts to and from the canonical user id (CloudFront Developer Guide, "Restricting access to
 * an Amazon S3 origin"), or an unknown one; else NO. `AWS: "*"` is decided by the callers.
 */
function canonicalUserMatch(spec: PrincipalSpec, aws: readonly string[], awsUnknown: boolean) {
  const known = new Set<string>();
  const standIns = new Set<string>();
  for (const v of spec.canonicalUser?.values ?? [])
    if (isUnknown(v)) standIns.add(unknownCanonicalUser(v));
    else known.add(v.toLowerCase());
  const accounts = new Set<string>();
  for (const v of aws) {
    const a = /^(\d{12})$/.exec(v)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(v)?.[1];
    if (a) accounts.add(a);
  }
  const oai = aws.some((v) => /^arn:[^:]+:iam::cloudfront:user\//.test(v));
  const awsMightBe = awsUnknown || accounts.size > 0 || oai;
  return (p: RequestPrincipal, exact = false): Tri => {
    const id = p.arn ?? UNKNOWN_CANONICAL_USER;
    if (known.has(id) || standIns.has(id)) return YES;
    const pinned = p.pinnedCanonicalIds;
    if (pinned && !isCanonicalUserStandIn(id)) return pinnedCanonicalMatch(id, pinned, exact);
    if (standIns.size || awsMightBe) return MAYBE;
    return isCanonicalUserStandIn(id) && known.size ? MAYBE : NO;
  };

  /**
   * The same for a known id when the inputs pin the canonical user ids of some accounts (a
   * Terraform plan's data.aws_canonical_user_id, an ACL's owner): an id is one account's and
   * "an obfuscated form of the AWS account ID" (Amazon S3 User Guide, "The Principal"), so the id
   * pinned for account A is A, and no other account nor origin access identity; an id pinned for
   * none is none of the pinned accounts. A value naming its account: YES (`exact`, NotPrincipal,
   * which names the root user exactly: MAYBE); one naming another account: NO when either id is
   * pinned; a stand-in for an id known after deploy: an origin access identity's is none of the
   * pinned accounts', another may be any id.
   */
  function pinnedCanonicalMatch(id: string, pinned: ReadonlyMap<string, string>, exact: boolean): Tri {
    let own: string | undefined;
    for (const [a, c] of pinned) if (c === id) own = a;
    let out: Tri = awsUnknown || standIns.has(UNKNOWN_CANONICAL_USER) ? MAYBE : NO;
    if (own === undefined && (oai || (standIns.size > 0 && !standIns.has(UNKNOWN_CANONICAL_USER))))
      out = MAYBE;
    for (const a of accounts) {
      if (a === own) return exact ? MAYBE : YES;
      if (own === undefined && !pinned.has(a)) out = MAYBE;
    }
    return out;
  }
}

/**
 * How an element's `AWS` values name, by IAM unique id (src/model/unique-ids.ts), the user or role
 * `p` is (a role session: its role; a federated user: the IAM user who federated). A unique id in
 * a policy identifies one existing user or role, in an account it does not say ("AWS JSON policy
 * elements: Principal"). For a principal named by unique id (`unique-id`): YES for its own id;
 * MAYBE for a value that may name it another way (an ARN of its kind, any ARN naming an account,
 * since its account is unknown, a `CanonicalUser` value: an account's); NO otherwise. For a user
 * or role of the inputs: YES or NO when the inputs pin its id, NO when they create it anew (a new
 * id), MAYBE when the id is unknown (it may exist already: `mayHaveUniqueId`); an ARN outside the
 * inputs: MAYBE. NO when the element holds no unique id of `p`'s kind.
 */
function uniqueIdMatch(spec: PrincipalSpec, aws: readonly string[]) {
  const ids: Record<'user' | 'role', string[]> = { user: [], role: [] };
  for (const v of aws) {
    const kind = principalUniqueIdKind(v);
    if (kind) ids[kind].push(v);
  }
  const arnsOfKind = (kind: 'user' | 'role') =>
    aws.filter((v) =>
      kind === 'user'
        ? /^arn:[^:]+:iam::[^:]*:user\//.test(v)
        : /^arn:[^:]+:(iam::[^:]*:role|sts::[^:]*:assumed-role)\//.test(v),
    );
  const named = { user: arnsOfKind('user'), role: arnsOfKind('role') };
  const mayBeOther = {
    account: aws.some((v) => /^\d{12}$/.test(v) || /^arn:[^:]+:iam::\d{12}:root$/.test(v)),
    canonical: (spec.canonicalUser?.values.length ?? 0) > 0,
  };
  const none = !ids.user.length && !ids.role.length;
  return (p: RequestPrincipal, exact = false): Tri => {
    if (p.type === 'unique-id') {
      const id = p.arn ?? '';
      if (aws.includes(id)) return YES;
      const kind = principalUniqueIdKind(id) ?? 'role';
      // naming exactly (NotPrincipal): an account names its root only, never a user or role
      const viaAccount = !exact && (mayBeOther.account || mayBeOther.canonical);
      // an ARN of a user or role the inputs create anew, or pin another id for, is another one
      const byArn = named[kind].some((v) => !p.namesOtherEntity?.(v));
      return byArn || viaAccount ? MAYBE : NO;
    }
    if (none) return NO;
    const entity =
      p.type === 'role-session'
        ? { kind: 'role' as const, known: p.role ? p.role.uniqueId : undefined, inModel: !!p.role }
        : p.type === 'user'
          ? { kind: 'user' as const, known: p.user?.uniqueId, inModel: !!p.user }
          : p.type === 'federated-user' && p.caller !== 'root'
            ? { kind: 'user' as const, known: p.user?.uniqueId, inModel: !!p.user }
            : undefined;
    if (!entity || !ids[entity.kind].length) return NO;
    let out: Tri = NO;
    for (const id of ids[entity.kind]) {
      const m = entity.inModel ? mayHaveUniqueId(entity.known, id) : 'maybe';
      if (m === 'yes') return YES;
      if (m === 'maybe') out = MAYBE;
    }
    return out;
  };
}

/**
 * How an element's `CanonicalUser` values name the account of `p`: an account's canonical user id
 * is "an obfuscated form of the AWS account ID" (Amazon S3 User Guide, "The Principal"), so a
 * grant to it is a grant to the account, which its principals' own policies complete. When the
 * inputs pin the account's canonical id (`RequestPrincipal.canonicalId`, a Terraform plan's
 * `data.aws_canonical_user_id`): YES for that id, NO for another known one. Else a known id may be
 * the account of any principal that has one (a user, role session, root, federated user, of the
 * model's accounts or another; one named by unique id): MAYBE; likewise a stand-in for an id known
 * only after deploy, unless it is an origin access identity's (no account's). NO without values. (The risk review does not count
 * this MAYBE of the unnamed account's stand-ins as access for anyone: risk-external-access.ts.)
 */
function accountCanonicalMatch(spec: PrincipalSpec) {
  const known = new Set<string>();
  let unknown = false;
  for (const v of spec.canonicalUser?.values ?? []) {
    if (!isUnknown(v)) known.add(v.toLowerCase());
    else if (unknownCanonicalUser(v) === UNKNOWN_CANONICAL_USER) unknown = true;
  }
  return (p: RequestPrincipal): Tri => {
    if (!known.size && !unknown) return NO;
    // the inputs pin the account's canonical user id: the grant names the account, or not
    if (p.canonicalId !== undefined) return known.has(p.canonicalId) ? YES : unknown ? MAYBE : NO;
    const accountBearing =
      p.type === 'user' ||
      p.type === 'role-session' ||
      p.type === 'root' ||
      p.type === 'federated-user' ||
      p.type === 'unique-id';
    if (!accountBearing) return NO;
    // ids the inputs pin for other accounts are not this one's (an id is one account's)
    if (
      !unknown &&
      p.type !== 'unique-id' &&
      p.pinnedCanonicalIds &&
      pinnedElsewhere(known, p.pinnedCanonicalIds)
    )
      return NO;
    return MAYBE;
  };
}

/** Whether every id of `ids` is the pinned canonical user id of some account. */
function pinnedElsewhere(ids: ReadonlySet<string>, pinned: ReadonlyMap<string, string>): boolean {
  for (const id of ids) {
    let found = false;
    for (const c of pinned.values()) if (c === id) found = true;
    if (!found) return false;
  }
  return true;
}

/**
 * Why a Principal element that holds no unknown value only might name `p` by identifier
 * (`uniqueIdMatch`, `accountCanonicalMatch`), for traces and indeterminate reasons; undefined when
 * that is not why.
 */
export function principalIdMaybeWhy(
  spec: PrincipalSpec | undefined,
  p: RequestPrincipal,
): string | undefined {
  if (!spec) return undefined;
  const aws = (spec.aws?.values ?? []).filter((v): v is string => typeof v === 'string');
  const canonical = (spec.canonicalUser?.values ?? []).filter((v): v is string => typeof v === 'string');
  if (p.type === 'unique-id')
    return `: its principal might name ${uniqueIdLabel(p.arn ?? '')} by ARN or account (the id does not say which user or role it is, nor its account)`;
  const kind =
    p.type === 'role-session' ? 'role' : p.type === 'user' || p.type === 'federated-user' ? 'user' : '';
  const ids = aws.filter((v) => principalUniqueIdKind(v) === kind);
  if (ids.length)
    return `: its principal names ${ids.join(', ')}, the IAM unique id of a ${kind} that might be this one (the inputs do not pin its unique id, nor create it anew: it might exist already)`;
  if (canonical.length || spec.canonicalUser?.values.length)
    return `: its principal names the S3 canonical user ${canonical[0] ?? 'the inputs leave unknown'}, which might be account ${p.account ?? '(unknown)'}'s (an account's canonical user id is not in the inputs)`;
  return undefined;
}

/**
 * The Principal value (of `aws`) that names an ARN of `p` (its own, its session's, its role's,
 * the IAM user who federated; a session of its role when its session name is a stand-in) in other
 * letter case only, if any: "IAM user, group, role, and
 * policy names must be unique within the account. Names are not distinguished by case" (IAM API
 * Reference, CreateUser / CreateRole), and AWS turns a Principal naming a user or role into its
 * unique id when the policy is saved (IAM User Guide, "AWS JSON policy elements: Principal"), by
 * a look-up the guide does not say is case-sensitive: such a value may name `p` (MAYBE), never
 * "names another" for sure. Undefined when `aws` holds no value an ARN could be a variant of.
 */
function caseVariantOf(aws: readonly string[]): ((p: RequestPrincipal) => string | undefined) | undefined {
  const byLower = new Map<string, string>();
  // Session ARNs by their role's prefix, lowercased: a request as the role whose session name is
  // a stand-in may be one of them (`someSessionNamed`), so may one named in other letter case.
  const sessionsByLower = new Map<string, string>();
  for (const v of aws) {
    if (!v.startsWith('arn:')) continue;
    byLower.set(v.toLowerCase(), v);
    const prefix = SESSION_PREFIX.exec(v)?.[0];
    if (prefix) sessionsByLower.set(prefix.toLowerCase(), v);
  }
  if (byLower.size === 0) return undefined;
  const lengths = new Set<number>();
  for (const k of byLower.keys()) lengths.add(k.length);
  return (p) => {
    for (const id of [p.arn, p.sessionArn, p.roleArn, p.callerArn]) {
      if (!id || !lengths.has(id.length)) continue;
      const v = byLower.get(id.toLowerCase());
      if (v !== undefined && v !== id) return v;
    }
    if (p.sessionNameStandIn && p.sessionArn && sessionsByLower.size) {
      const own = p.sessionArn.slice(0, p.sessionArn.lastIndexOf('/') + 1);
      const v = sessionsByLower.get(own.toLowerCase());
      if (v !== undefined && !v.startsWith(own)) return v;
    }
    return undefined;
  };
}

/** The role's prefix of a role session ARN (`arn:aws:sts::A:assumed-role/R/`). */
const SESSION_PREFIX = /^arn:[^:]+:sts::[^:]+:assumed-role\/[^/]+\//;

/**
 * Why a Principal or NotPrincipal element only might name `p` because a value names one of its
 * ARNs in other letter case (`caseVariantOf`), for traces and indeterminate reasons; else undefined.
 */
export function principalCaseMaybeWhy(
  spec: PrincipalSpec | undefined,
  p: RequestPrincipal,
): string | undefined {
  const aws = (spec?.aws?.values ?? []).filter((v): v is string => typeof v === 'string');
  const exact = new Set(aws);
  if ([p.arn, p.sessionArn, p.roleArn, p.callerArn].some((id) => id !== undefined && exact.has(id)))
    return undefined;
  const own = p.sessionNameStandIn && p.sessionArn?.slice(0, p.sessionArn.lastIndexOf('/') + 1);
  if (own && aws.some((v) => v.startsWith(own))) return undefined;
  const v = caseVariantOf(aws)?.(p);
  return v === undefined
    ? undefined
    : `: its principal ${v} differs from this principal's ARN only in letter case; IAM names "are not distinguished by case" (IAM API Reference, CreateUser / CreateRole), and whether AWS's look-up of a Principal ignores case is not documented: write the ARN as the principal's`;
}

function partsOf(v: PartlyKnown): (string | undefined)[] {
  return v.parts.map((x) => (typeof x === 'string' ? x : undefined));
}

/** How a Principal element names `p` (the grant kinds of PrincipalMatch). */
function grantMatch(v: PrincipalValues, p: RequestPrincipal, elements?: CreatedElements): PrincipalMatch {
  const { awsWildcard, awsSet, mightName } = v;
  if (p.type === 'canonical-user') {
    if (awsWildcard) return PrincipalMatch.Direct;
    const c = v.canonical(p);
    return c === YES ? PrincipalMatch.Direct : c === MAYBE ? PrincipalMatch.Unknown : PrincipalMatch.None;
  }
  if (p.type === 'service') {
    if (p.service && v.serviceSet.has(p.service)) return PrincipalMatch.Direct;
    return mightName(p, elements) ? PrincipalMatch.Unknown : PrincipalMatch.None;
  }
  if (p.type === 'anonymous') {
    if (awsWildcard) return PrincipalMatch.Direct;
    return mightName(p, elements) ? PrincipalMatch.Unknown : PrincipalMatch.None;
  }
  if (p.type === 'federated') {
    if (p.arn && v.federatedSet.has(p.arn)) return PrincipalMatch.Direct;
    if (awsWildcard) return PrincipalMatch.Direct;
    return mightName(p, elements) ? PrincipalMatch.Unknown : PrincipalMatch.None;
  }
  if (awsWildcard) return PrincipalMatch.Direct;
  if (p.type === 'unique-id') {
    const u = v.uniqueId(p);
    if (u === YES) return p.arn?.startsWith('AROA') ? PrincipalMatch.Role : PrincipalMatch.Direct;
    return u === MAYBE || mightName(p, elements) ? PrincipalMatch.Unknown : PrincipalMatch.None;
  }
  if (p.type === 'role-session') {
    // The session ARN is a grant to the session itself; the role ARN is a grant to the role,
    // which boundaries and session policies cap.
    if (p.sessionArn && awsSet.has(p.sessionArn)) return PrincipalMatch.Direct;
    if (p.roleArn && awsSet.has(p.roleArn)) return PrincipalMatch.Role;
  } else if (p.arn && awsSet.has(p.arn)) return PrincipalMatch.Direct;
  // A federated user session: a grant to the IAM user who federated is capped like a grant to
  // a role ARN ("if a resource-based policy grants permission to the ARN of the IAM user who
  // federated, then requests made by the federated user during the session are limited by an
  // implicit deny in a permission boundary or session policy", "Policy evaluation logic").
  if (p.type === 'federated-user' && p.callerArn && awsSet.has(p.callerArn)) return PrincipalMatch.Role;
  // The user or role by its unique id: a grant to it (capped like a grant by ARN), or maybe.
  const byId = v.byIdentifier ? v.uniqueId(p) : NO;
  if (byId === YES) return p.type === 'user' ? PrincipalMatch.Direct : PrincipalMatch.Role;
  if (byId === MAYBE) return PrincipalMatch.Unknown;
  if (p.account && (awsSet.has(p.account) || awsSet.has(p.rootArn!))) {
    return p.type === 'root' ? PrincipalMatch.Direct : PrincipalMatch.Account;
  }
  // The account's canonical user id: pinned by the inputs and named (an account grant), or maybe.
  const byCanonical = v.byIdentifier ? v.accountCanonical(p) : NO;
  if (byCanonical === YES) return p.type === 'root' ? PrincipalMatch.Direct : PrincipalMatch.Account;
  // A canonical user id names an account ("an obfuscated form of the AWS account ID", Amazon S3
  // User Guide, "The Principal") or an origin access identity (no principal here): if it is this
  // principal's account, the grant is the account's, which "delegates authority to the account"
  // (IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals): its users'
  // and roles' own identity policies complete it. The root user is the account.
  // A value that may name anything (a wholly unknown Principal is in every list, its
  // CanonicalUser too) may also name the principal itself: not only its account.
  if (byCanonical === MAYBE)
    return p.type === 'root' || mightName(p, elements) || v.someSessionNamed(p, elements)
      ? PrincipalMatch.Unknown
      : PrincipalMatch.MaybeAccount;
  // An unknown caller may be one of the IAM users named.
  if (p.type === 'federated-user' && p.caller === 'unknown' && p.account && v.userAccounts.has(p.account))
    return PrincipalMatch.Unknown;
  return mightName(p, elements) || v.someSessionNamed(p, elements)
    ? PrincipalMatch.Unknown
    : PrincipalMatch.None;
}

/**
 * Whether a NotPrincipal element excludes `p`. AWS may check each identity of the request, from
 * the account down: IAM User Guide, "AWS JSON policy elements: NotPrincipal": "When you use
 * NotPrincipal, you must also specify the account ARN of the not-denied principal. Otherwise, the
 * policy might deny access to the entire account containing the principal. Depending on the
 * service that you include in your policy, AWS might validate the account first and then the
 * user. If an assumed-role user (someone who is using a role) is being evaluated, AWS might
 * validate the account first, then the role, and then the assumed-role user. ... Therefore, we
 * strongly recommend that you explicitly include the ARN for a user's account, or include both
 * the ARN for a role and the ARN for the account containing that role." So:
 * - a user (or federated user) is excluded (YES) when it and its account are named, not (NO)
 *   when it is not named (the account alone excludes none of its users: the page's example names
 *   both to let one user through), and MAYBE when it is named without its account;
 * - a role session is excluded when the session, its role and its account are all named, not
 *   when neither the session nor the role is, and otherwise MAYBE: `[account, role]`, the pair the
 *   page recommends, leaves the session's own check open;
 * - the root user when its account is named.
 * With `"Effect": "Allow"` (`allowEffect`) the account-first check is not described: the page's
 * archived version says "Doing so allows all principals except the one named in the NotPrincipal
 * element" (IAM User Guide, "IAM JSON Policy Elements: NotPrincipal", "NotPrincipal with Allow"),
 * so a user or federated user named by its own ARN (or unique id), and a session named by its
 * session ARN, is excluded whether its account is named or not.
 */
function exactMatch(
  v: PrincipalValues,
  p: RequestPrincipal,
  elements?: CreatedElements,
  allowEffect = false,
): Tri {
  const { awsWildcard, awsSet, mightName } = v;
  if (p.type === 'canonical-user') return awsWildcard ? YES : v.canonical(p, true);
  if (p.type === 'service')
    return p.service && v.serviceSet.has(p.service) ? YES : mightName(p, elements) ? MAYBE : NO;
  if (p.type === 'anonymous') return awsWildcard ? YES : mightName(p, elements) ? MAYBE : NO;
  if (awsWildcard) return YES;
  const maybeNamed = () => mightName(p, elements) || v.someSessionNamed(p, elements);
  // By unique id (a NotPrincipal naming a role excludes it, not only by ARN), or maybe.
  const byId = v.byIdentifier || p.type === 'unique-id' ? v.uniqueId(p, true) : NO;
  if (p.type === 'unique-id') {
    if (p.arn && awsSet.has(p.arn)) return YES;
    return byId !== NO ? byId : maybeNamed() ? MAYBE : NO;
  }
  const account: Tri =
    p.account && (awsSet.has(p.account) || (p.rootArn !== undefined && awsSet.has(p.rootArn))) ? YES : NO;
  if (p.type === 'root') return account === YES ? YES : maybeNamed() ? MAYBE : NO;
  const named = (arn: string | undefined): Tri => (arn !== undefined && awsSet.has(arn) ? YES : NO);
  let out: Tri;
  if (p.type === 'role-session') {
    const role = named(p.roleArn ?? p.arn) === YES ? YES : byId;
    const session = named(p.sessionArn);
    out =
      session === YES && (allowEffect || (account === YES && role === YES))
        ? YES
        : role === NO && session === NO
          ? NO
          : MAYBE;
  } else {
    const own = named(p.arn) === YES ? YES : byId;
    out = own === NO ? NO : own === YES && (account === YES || allowEffect) ? YES : MAYBE;
  }
  return out === NO && maybeNamed() ? MAYBE : out;
}

/** A statement compiled to the matchers the engine evaluates (one helper per element below). */
export function compileStatement(stmt: Statement, doc: PolicyDocument): CompiledStatement {
  const variables = doc.version === '2012-10-17';
  const effect = effectOf(stmt);
  const isResourceBased = doc.kind === 'resource' || doc.kind === 'trust';
  const { matchAction, services } = actionPart(stmt);
  const { matchResource, matchResourceAssuming, matchUnknownNamed } = resourcePart(
    stmt,
    variables,
    isResourceBased,
  );
  const { condition, conditionAssuming } = conditionPart(stmt, variables);
  const { hasPrincipal, matchPrincipal } = principalPart(stmt, effect, isResourceBased);
  return {
    effect,
    label: statementLabel(stmt),
    source: stmt.source,
    statement: stmt,
    services,
    matchAction,
    matchResource,
    matchResourceAssuming,
    matchUnknownNamed,
    condition,
    conditionAssuming,
    policyVariables: variables,
    hasPrincipal,
    matchPrincipal,
    unknown: stmt.unknown,
    presence: stmt.presence ?? doc.presence,
  };
}

function effectOf(stmt: Statement): CompiledStatement['effect'] {
  if (isUnknown(stmt.effect)) return 'Unknown';
  return stmt.effect === 'Allow' || stmt.effect === 'Deny' ? stmt.effect : 'Unknown';
}

/** Action / NotAction, and the service prefixes the statement can match (undefined: any). */
function actionPart(stmt: Statement): Pick<CompiledStatement, 'matchAction' | 'services'> {
  if (stmt.action) {
    const m = actionMatcher(stmt.action);
    return { matchAction: m.fn, services: m.services };
  }
  if (stmt.notAction) {
    const m = actionMatcher(stmt.notAction).fn;
    return { matchAction: (a) => not3(m(a)), services: undefined };
  }
  // A statement that could not be read at all (an unknown value in place of it): it might
  // name any action, resource and principal, so it applies MAYBE, never "not at all".
  if (stmt.unknown) return { matchAction: () => MAYBE, services: undefined };
  // No Action: AWS rejects the policy; the parser reported it. Match nothing.
  return { matchAction: () => NO, services: [] };
}

/** Resource / NotResource, strictly and under a free context (policy variables on free keys). */
function resourcePart(
  stmt: Statement,
  variables: boolean,
  isResourceBased: boolean,
): Pick<CompiledStatement, 'matchResource' | 'matchResourceAssuming' | 'matchUnknownNamed'> {
  if (stmt.resource) {
    const m = resourceMatcher(stmt.resource, variables, false);
    const assuming = m.assuming;
    return {
      matchResource: m.fn,
      matchUnknownNamed: m.named,
      // The statement applies widely when a free variable takes any value.
      matchResourceAssuming: assuming
        ? (arn, ctx, free, wide) => assuming(arn, ctx, free, wide)
        : (arn, ctx) => {
            clearResourceUsed();
            return m.fn(arn, ctx);
          },
    };
  }
  if (stmt.notResource) {
    const m = resourceMatcher(stmt.notResource, variables, true);
    const fn = m.fn;
    const assuming = m.assuming;
    const named = m.named;
    return {
      matchResource: (arn, ctx) => not3(fn(arn, ctx)),
      matchUnknownNamed: (arn, elements) => not3(named(arn, elements)),
      // NotResource applies widely when its pattern names as little as it can: no value.
      matchResourceAssuming: assuming
        ? (arn, ctx, free, wide) => not3(assuming(arn, ctx, free, !wide))
        : (arn, ctx) => {
            clearResourceUsed();
            return not3(fn(arn, ctx));
          },
    };
  }
  const strict: ResourceFn = stmt.unknown ? () => MAYBE : isResourceBased ? ALWAYS_YES : () => NO;
  const strictTri = stmt.unknown ? MAYBE : isResourceBased ? YES : NO;
  return {
    matchResource: strict,
    matchUnknownNamed: () => strictTri,
    matchResourceAssuming: (arn, ctx) => {
      clearResourceUsed();
      return strict(arn, ctx);
    },
  };
}

/**
 * The Condition block, strictly and under a free context. An unreadable clause (whole Condition
 * unknown) is unknown unless another clause is false.
 */
function conditionPart(
  stmt: Statement,
  variables: boolean,
): Pick<CompiledStatement, 'condition' | 'conditionAssuming'> {
  const readable = stmt.conditions.filter((c) => !unknownConditionClause(c));
  const hasUnreadable = readable.length !== stmt.conditions.length;
  const compiled = compileConditions(readable, { policyVariables: variables });
  const condition = hasUnreadable ? (ctx: EvalContext): Tri => (compiled(ctx) === NO ? NO : MAYBE) : compiled;
  // Per-clause functions for analyses under a free context, compiled on first use.
  let clauses: FreeClause[] | undefined;
  const conditionAssuming = (ctx: EvalContext, free: FreeKeys, assumeTrue: boolean): Tri => {
    freeConditionUsed.length = 0;
    if (readable.length === 0) return condition(ctx);
    clauses ??= readable.map((c) => {
      const varKeys = clauseVariableKeys(c, { policyVariables: variables });
      return {
        key: c.key.toLowerCase(),
        fn: compileClause(c, { policyVariables: variables }),
        clause: c,
        never: clauseNeverHolds(c),
        ...(varKeys ? { varKeys } : {}),
      };
    });
    return clausesAssuming(clauses, hasUnreadable, ctx, free, assumeTrue);
  };
  return { condition, conditionAssuming };
}

export interface FreeClause {
  key: string;
  fn: ClauseFn;
  clause: ConditionClause;
  /** No value can satisfy the clause (satisfiable.ts). */
  never: boolean;
  /** The keys of the policy variables in its values (`clauseVariableKeys`), when it has some. */
  varKeys?: string[];
}

/**
 * A Condition block under a free context: a clause on a free key is assumed to hold
 * (`assumeTrue`) or fail, unless the key's known shape decides it; so is a clause whose values
 * name a free key in a policy variable (`aws:PrincipalTag/project` equal to
 * `${aws:RequestTag/project}`: the variable takes the request's value, IAM User Guide, "IAM policy
 * elements: Variables and tags"), whatever its own key; the assumptions made are
 * recorded in `freeConditionUsed` (only the one that made the block false, when it is false).
 */
function clausesAssuming(
  clauses: readonly FreeClause[],
  hasUnreadable: boolean,
  ctx: EvalContext,
  free: FreeKeys,
  assumeTrue: boolean,
): Tri {
  let result: Tri = hasUnreadable ? MAYBE : YES;
  for (const c of clauses) {
    let v: Tri;
    // A free key with a value of a known shape (aws:userid): the shape may decide the clause.
    // A clause no value can satisfy (satisfiable.ts) is never assumed to hold.
    const varFree = c.varKeys !== undefined && someFree(c.varKeys, free);
    const isFree = varFree || free.isFree(c.key);
    // `assumeTrue` (the mode) is read only for a clause on a free key: counted (`freeKeyReads`).
    if (isFree) freeReads++;
    const decided = !isFree
      ? MAYBE
      : assumeTrue && c.never
        ? NO
        : !varFree && ctx.shape?.(c.key)
          ? c.fn(ctx)
          : MAYBE;
    const assumed = isFree && decided === MAYBE;
    if (assumed) {
      v = assumeTrue ? YES : NO;
      freeConditionUsed.push(c);
    } else v = isFree ? decided : c.fn(ctx);
    if (v === NO) {
      // Only the assumption that made the block false matters.
      if (assumed) {
        freeConditionUsed.length = 0;
        freeConditionUsed.push(c);
      } else freeConditionUsed.length = 0;
      return NO;
    }
    if (v === MAYBE) result = MAYBE;
  }
  return result;
}

/**
 * True when some of `keys` is free (a loop: a callback capturing `free` made V8 allocate a context
 * on every call of `clausesAssuming`, once per statement evaluated under a free context).
 */
function someFree(keys: readonly string[], free: FreeKeys): boolean {
  for (const k of keys) if (free.isFree(k)) return true;
  return false;
}

/** Principal / NotPrincipal (resource-based policies); identity statements match their holder. */
function principalPart(
  stmt: Statement,
  effect: CompiledStatement['effect'],
  isResourceBased: boolean,
): Pick<CompiledStatement, 'hasPrincipal' | 'matchPrincipal'> {
  if (stmt.principal) {
    const grant = principalMatcher(stmt.principal).grant;
    // An ACL grant to AuthenticatedUsers admits signed requests only (`Statement.signedOnly`).
    if (stmt.signedOnly)
      return {
        hasPrincipal: true,
        matchPrincipal: (p, e) => (p.type === 'anonymous' ? PrincipalMatch.None : grant(p, e)),
      };
    return { hasPrincipal: true, matchPrincipal: grant };
  }
  if (stmt.notPrincipal) {
    const exact = principalMatcher(stmt.notPrincipal).exact;
    const denyWithBoundary = effect === 'Deny';
    const allowEffect = effect === 'Allow';
    return {
      hasPrincipal: true,
      matchPrincipal: (p, elements) => {
        // "If you use NotPrincipal ... with a Deny ... and the principal has a permissions
        // boundary, the action is always denied" (IAM User Guide, NotPrincipal). A boundary that
        // may not exist (maybe-present, or an imported principal's unknown one) denies a listed
        // principal only maybe.
        if (denyWithBoundary && p.hasBoundary && !p.boundaryMayBeAbsent) return PrincipalMatch.Direct;
        const e = exact(p, elements, allowEffect);
        if (denyWithBoundary && p.hasBoundary && e !== NO) return PrincipalMatch.Unknown;
        if (e === YES) return PrincipalMatch.None;
        if (e === MAYBE) return PrincipalMatch.Unknown;
        return PrincipalMatch.Direct;
      },
    };
  }
  // An unreadable resource-based statement might name any principal.
  if (isResourceBased && stmt.unknown)
    return { hasPrincipal: true, matchPrincipal: () => PrincipalMatch.Unknown };
  // A resource-based statement without a principal matches nobody (AWS rejects it).
  if (isResourceBased) return { hasPrincipal: true, matchPrincipal: () => PrincipalMatch.None };
  return { hasPrincipal: false, matchPrincipal: () => PrincipalMatch.Direct };
}

/**
 * Compiles a document. `presence`: the policy might not exist (it belongs to a maybe-present
 * attachment, principal or resource); every statement then applies at most MAYBE.
 */
export function compilePolicy(doc: PolicyDocument, name: string, presence?: Unknown): CompiledPolicy {
  const statements = doc.unknown ? [] : doc.statements.map((s) => compileStatement(s, doc));
  const outer = presence ?? doc.presence;
  if (outer) for (const st of statements) st.presence ??= outer;
  return {
    name,
    kind: doc.kind,
    source: doc.source,
    statements,
    unknown: doc.unknown,
    ...(outer ? { presence: outer } : {}),
    ...(doc.orgLevel !== undefined ? { orgLevel: doc.orgLevel } : {}),
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
