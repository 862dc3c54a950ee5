// The condition operators: for each base operator, how one request value is compared with the
// policy values of a clause. Policy values are read once (numbers, dates, CIDRs, base64, glob
// and ARN patterns compiled); the returned match function only looks up and compares.
//
// A match function answers "does this request value match at least one policy value?" (values
// for one key are ORed: IAM User Guide, "Conditions with multiple context keys or values").
// Negated operators (StringNotEquals, ArnNotLike, NotIpAddress, ...) reuse the positive
// operator's match function; clause.ts negates it (logical NOR over the values).
//
// Per value: an Unknown policy value makes the answer unknown (2) unless another value matches
// (a partly known String or ARN value only when some completion could match: `noneFor`);
// a policy value whose policy variable has no value is "effectively null" and matches nothing
// (IAM User Guide, "IAM policy elements: Variables and tags", Policy variables with no value).
// A known policy value its operator cannot read (not a number, a date, a Boolean, base64, an IP
// address or CIDR range) counts as an unknown value: the guide does not say how AWS evaluates
// one (IAM Access Analyzer only warns "Type mismatch"), so a request value matching no other
// value gives unknown, never a silent "does not match" that would let an Allow through a Deny.
// A request value the operator cannot read is BAD (match-result.ts), unknown too (clause.ts).

import type { ConditionOperatorName } from '../../policy/types.js';
import { compileGlob, hasWildcard, splitArnFields } from '../../policy/wildcard.js';
import { isPartlyKnown, isUnknown, type Maybe, type PartlyKnown } from '../../model/unknown.js';
import { couldMatch, type PartlyKnownMode } from '../../policy/partly-known.js';
import type { EvalContext } from './context.js';
import { dateReadings, parseDate } from './dates.js';
import { type IpRange, parseIpRange, rangeContains } from './ip.js';
import {
  compileArnLiteral,
  compileArnPatternTemplate,
  compileGlobTemplate,
  type TemplatePattern,
} from './patterns.js';
import { MAYBE, NO, YES } from '../tri.js';
import { fillCharsParts, hasUnknownNamePart } from '../../model/stand-ins.js';
import { lowerKeepingParts, matchUnknownName, patternTokens } from '../unknown-names.js';
import { BAD, type MatchResult } from './match-result.js';
import { asText, canonicalBase64, parseBool, parseNumber } from './values.js';
import { shapeAccepts, shapeMeetsGlob, shapeWithinGlob, type ValueShape } from './shapes.js';
import type { Tri } from '../tri.js';
import {
  hasShapedVariable,
  parseTemplate,
  resolveTemplate,
  shapedTemplateCouldEqual,
  type Template,
} from './variables.js';

/** Matches one request value against every policy value of a clause (OR). */
export type MatchFn = (value: string, ctx: EvalContext) => MatchResult;

export interface CompiledValues {
  match: MatchFn;
  /**
   * A known policy value is malformed for the operator (not a number, bad CIDR, ...); `match`
   * reads it as an unknown value (module comment).
   */
  malformed: boolean;
  /**
   * For a key present with a value of a known shape but unknown content (shapes.ts): TRUE when
   * every value of the shape matches a policy value, FALSE when none can, UNKNOWN otherwise.
   * Absent: the operator cannot tell (UNKNOWN).
   */
  matchShape?: (shape: ValueShape, ctx: EvalContext) => Tri;
}

/** Operator families and whether the operator is the negation of its family's match. */
export interface OperatorInfo {
  negated: boolean;
  /** Policy variables are allowed in the values (String, ARN and Bool operators). */
  variables: boolean;
  compile(values: readonly Maybe<string>[], variables: boolean): CompiledValues;
}

interface SplitValues {
  literals: string[];
  templates: Template[];
  /** Some policy value is unknown (partly known ones included). */
  unknown: boolean;
  /** The unknown values that are partly known (see `noneFor`). */
  partly: PartlyKnown[];
  /** Some unknown value is not partly known. */
  opaque: boolean;
}

function split(values: readonly Maybe<string>[], variables: boolean): SplitValues {
  const out: SplitValues = { literals: [], templates: [], unknown: false, partly: [], opaque: false };
  for (const v of values) {
    if (isUnknown(v)) {
      out.unknown = true;
      if (isPartlyKnown(v)) out.partly.push(v);
      else out.opaque = true;
      continue;
    }
    const s = asText(v);
    const tpl = variables ? parseTemplate(s) : undefined;
    // a variable not written as AWS documents it: the value is unknown (variables.ts)
    if (tpl?.parts.some((p) => p.kind === 'variable' && p.undocumented)) {
      out.unknown = true;
      out.opaque = true;
    } else if (tpl) out.templates.push(tpl);
    else out.literals.push(s);
  }
  return out;
}

/**
 * What a request value matching no known policy value gives: FALSE when no policy value is
 * unknown, UNKNOWN when one is, except that a partly known value none of whose completions could
 * match the request value (src/policy/partly-known.ts) counts as not matching.
 */
function noneFor(v: SplitValues, mode: PartlyKnownMode): (s: string) => MatchResult {
  if (!v.unknown) return () => NO;
  if (v.opaque) return () => MAYBE;
  const partly = v.partly;
  return (s) => {
    for (let i = 0; i < partly.length; i++) if (couldMatch(partly[i]!, s, mode)) return MAYBE;
    return NO;
  };
}

// ---------------------------------------------------------------- String

function compileStringEquals(values: readonly Maybe<string>[], variables: boolean, ignoreCase: boolean) {
  const sv = split(values, variables);
  const { literals, templates } = sv;
  const none = noneFor(sv, ignoreCase ? 'equals-ignore-case' : 'equals');
  const lits = ignoreCase ? literals.map((l) => l.toLowerCase()) : literals;
  // A value of unknown content equals a policy value only if the shape allows that value.
  const matchShape = (shape: ValueShape, ctx: EvalContext): Tri => {
    let maybe = sv.unknown;
    for (const l of literals) if (shapeAccepts(shape, l, ignoreCase)) maybe = true;
    for (const t of templates) {
      const r = resolveTemplate(t, ctx);
      if (r === undefined ? hasShapedVariable(t, ctx) : shapeAccepts(shape, r, ignoreCase)) maybe = true;
    }
    return maybe ? MAYBE : NO;
  };
  let match: MatchFn;
  if (templates.length === 0 && lits.length <= 1) {
    if (lits.length === 0) match = (s) => none(s);
    else {
      const a = lits[0]!;
      match = ignoreCase
        ? (s) => (s === a || s.toLowerCase() === a ? YES : none(s))
        : (s) => (s === a ? YES : none(s));
    }
  } else {
    const set = new Set(lits);
    match = (s, ctx) => {
      const c = ignoreCase ? s.toLowerCase() : s;
      if (set.has(c)) return YES;
      let shaped = false;
      for (let i = 0; i < templates.length; i++) {
        const r = resolveTemplate(templates[i]!, ctx);
        if (r !== undefined && (ignoreCase ? r.toLowerCase() : r) === c) return YES;
        // A variable present with a value known only after deploy: it may equal the request value.
        if (
          r === undefined &&
          hasShapedVariable(templates[i]!, ctx) &&
          shapedTemplateCouldEqual(templates[i]!, ctx, s, ignoreCase)
        )
          shaped = true;
      }
      return shaped ? MAYBE : none(s);
    };
  }
  return { match, malformed: false, matchShape };
}

function compileStringLike(values: readonly Maybe<string>[], variables: boolean): CompiledValues {
  const sv = split(values, variables);
  const { literals, templates } = sv;
  const none = noneFor(sv, 'glob');
  const globs = literals.map((l) => {
    const m = compileGlob(l, false);
    return (s: string) => m.test(s);
  });
  const patterns: TemplatePattern[] = templates.map(compileGlobTemplate);
  const matchShape = (shape: ValueShape): Tri => {
    let maybe = sv.unknown || templates.length > 0;
    for (const l of literals) {
      if (shapeWithinGlob(shape, l)) return YES;
      if (shapeMeetsGlob(shape, l)) maybe = true;
    }
    return maybe ? MAYBE : NO;
  };
  return { match: anyPattern(globs, patterns, none, templates), malformed: false, matchShape };
}

type Test = (s: string) => boolean;

function anyPattern(
  globs: readonly Test[],
  patterns: readonly TemplatePattern[],
  none: (s: string) => MatchResult,
  templates: readonly Template[],
): MatchFn {
  if (patterns.length === 0 && globs.length === 1) {
    const g = globs[0]!;
    return (s) => (g(s) ? YES : none(s));
  }
  return (s, ctx) => {
    for (let i = 0; i < globs.length; i++) if (globs[i]!(s)) return YES;
    let shaped = false;
    for (let i = 0; i < patterns.length; i++) {
      const r = patterns[i]!.test(ctx, s);
      if (r === true) return YES;
      // A variable present with a value known only after deploy: the pattern may match.
      if (r === undefined && hasShapedVariable(templates[i]!, ctx)) shaped = true;
    }
    return shaped ? MAYBE : none(s);
  };
}

// ---------------------------------------------------------------- ARN

/**
 * An ARN pattern with wildcards and fewer than six colon-separated fields (`arn:aws:iam::*`):
 * the ARN operators check "each of the six colon-delimited components of the ARN" separately
 * (IAM User Guide, "IAM JSON policy elements: Condition operators", ARN condition operators),
 * which such a pattern does not have, and the guide does not say what AWS computes for it. Read
 * as a glob over the whole value it may match an ARN that a field by field reading does not
 * (a field by field match is always a glob match), so a glob match is unknown, a miss is a miss.
 */
export function isShortArnPattern(value: string): boolean {
  return value !== '*' && hasWildcard(value) && splitArnFields(value) === undefined;
}

function compileArn(values: readonly Maybe<string>[], variables: boolean): CompiledValues {
  const sv = split(values, variables);
  const { templates } = sv;
  const literals = sv.literals.filter((l) => !isShortArnPattern(l));
  const short = sv.literals.filter(isShortArnPattern).map((l) => compileGlob(l, false));
  const rest = noneFor(sv, 'arn');
  const none =
    short.length === 0
      ? rest
      : (s: string): MatchResult => {
          for (let i = 0; i < short.length; i++) if (short[i]!.test(s)) return MAYBE;
          return rest(s);
        };
  const globs = literals.map(compileArnLiteral);
  const patterns = templates.map(compileArnPatternTemplate);
  return { match: anyPattern(globs, patterns, none, templates), malformed: false };
}

// ---------------------------------------------------------------- Numeric and Date

type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

function compare(op: Comparison, request: number, policy: number): boolean {
  switch (op) {
    case 'eq':
      return request === policy;
    case 'lt':
      return request < policy;
    case 'le':
      return request <= policy;
    case 'gt':
      return request > policy;
    default:
      return request >= policy;
  }
}

/**
 * Numbers and dates: values parsed once; the last request value's parse is cached. `readings`:
 * every reading of a policy value, when one may have several (a four-digit date: dates.ts); a
 * comparison its readings decide differently is unknown.
 */
function compileOrdered(
  values: readonly Maybe<string>[],
  op: Comparison,
  parse: (s: string) => number | undefined,
  readings?: (s: string) => readonly number[] | undefined,
): CompiledValues {
  const { literals, unknown } = split(values, false);
  const nums: number[] = [];
  const ambiguous: (readonly number[])[] = [];
  let malformed = false;
  for (const l of literals) {
    const all = readings ? readings(l) : undefined;
    if (all && all.length > 1) {
      ambiguous.push(all);
      continue;
    }
    const n = parse(l);
    if (n === undefined) malformed = true;
    else nums.push(n);
  }
  // a malformed policy value is an unknown value (module comment)
  const none: MatchResult = unknown || malformed ? MAYBE : NO;
  const undecided = (n: number): MatchResult => {
    let maybe = false;
    for (const all of ambiguous) {
      let yes = 0;
      for (const r of all) if (compare(op, n, r)) yes++;
      if (yes === all.length) return YES;
      if (yes > 0) maybe = true;
    }
    return maybe ? MAYBE : none;
  };
  let lastText: string | undefined;
  let lastValue: number | undefined;
  const match: MatchFn = (s) => {
    let n: number | undefined;
    if (s === lastText) n = lastValue;
    else {
      n = parse(s);
      lastText = s;
      lastValue = n;
    }
    if (n === undefined) return BAD;
    for (let i = 0; i < nums.length; i++) if (compare(op, n, nums[i]!)) return YES;
    return ambiguous.length === 0 ? none : undecided(n);
  };
  return { match, malformed };
}

// ---------------------------------------------------------------- Bool

function compileBool(values: readonly Maybe<string>[], variables: boolean): CompiledValues {
  const { literals, templates, unknown } = split(values, variables);
  let wantTrue = false;
  let wantFalse = false;
  let malformed = false;
  for (const l of literals) {
    const b = parseBool(l);
    if (b === undefined) malformed = true;
    else if (b) wantTrue = true;
    else wantFalse = true;
  }
  // a malformed policy value is an unknown value (module comment)
  const none: MatchResult = unknown || malformed ? MAYBE : NO;
  const match: MatchFn = (s, ctx) => {
    const b = parseBool(s);
    if (b === undefined) return BAD;
    if (b ? wantTrue : wantFalse) return YES;
    let shaped = false;
    for (let i = 0; i < templates.length; i++) {
      const r = resolveTemplate(templates[i]!, ctx);
      if (r !== undefined && parseBool(r) === b) return YES;
      if (r === undefined && hasShapedVariable(templates[i]!, ctx)) shaped = true;
    }
    return shaped ? MAYBE : none;
  };
  return { match, malformed };
}

// ---------------------------------------------------------------- Binary

function compileBinary(values: readonly Maybe<string>[]): CompiledValues {
  const { literals, unknown } = split(values, false);
  const set = new Set<string>();
  let malformed = false;
  for (const l of literals) {
    const c = canonicalBase64(l);
    if (c === undefined) malformed = true;
    else set.add(c);
  }
  // a malformed policy value is an unknown value (module comment)
  const none: MatchResult = unknown || malformed ? MAYBE : NO;
  let lastText: string | undefined;
  let lastValue: string | undefined;
  const match: MatchFn = (s) => {
    let c: string | undefined;
    if (s === lastText) c = lastValue;
    else {
      c = canonicalBase64(s);
      lastText = s;
      lastValue = c;
    }
    if (c === undefined) return BAD;
    return set.has(c) ? YES : none;
  };
  return { match, malformed };
}

// ---------------------------------------------------------------- IP address

function compileIp(values: readonly Maybe<string>[]): CompiledValues {
  const { literals, unknown } = split(values, false);
  const ranges: IpRange[] = [];
  let malformed = false;
  for (const l of literals) {
    const r = parseIpRange(l);
    if (r === undefined) malformed = true;
    else ranges.push(r);
  }
  // a malformed policy value is an unknown value (module comment)
  const none: MatchResult = unknown || malformed ? MAYBE : NO;
  let lastText: string | undefined;
  let lastValue: IpRange | undefined;
  const match: MatchFn = (s) => {
    let ip: IpRange | undefined;
    if (s === lastText) ip = lastValue;
    else {
      ip = parseIpRange(s);
      lastText = s;
      lastValue = ip;
    }
    if (ip === undefined) return BAD;
    for (let i = 0; i < ranges.length; i++) if (rangeContains(ranges[i]!, ip)) return YES;
    return none;
  };
  return { match, malformed };
}

// ---------------------------------------------------------------- Unknown names

type Compile = (values: readonly Maybe<string>[], variables: boolean) => CompiledValues;

/**
 * A String or ARN operator where a request value or a policy value holds an unknown name part
 * (the ARN of an element whose name the inputs leave unknown: aws:PrincipalArn of such a role, a
 * `!GetAtt` of it in aws:SourceArn): each policy value compared by the one rule of
 * src/engine/unknown-names.ts (YES when it matches every name the unknown part could be, NO when
 * none, else MAYBE), the policy variables and unknown values as the operator compares them. A
 * clause without such a policy value looks at the request value only in a model with unknown
 * names (`EvalContext.namesUnknown`).
 */
function withUnknownNames(mode: PartlyKnownMode, compile: Compile): Compile {
  return (values, variables) => {
    const compiled = compile(values, variables);
    const sv = split(values, variables);
    const marked = sv.literals.some(hasUnknownNamePart);
    const base = compiled.match;
    const ignoreCase = mode === 'equals-ignore-case';
    let literals: { tokens: number[]; test: (s: string) => boolean }[] | undefined;
    let rest: MatchFn | undefined;
    const slow = (s: string, ctx: EvalContext): MatchResult => {
      // a short ARN pattern is compared by `rest`, as `compileArn` does (`isShortArnPattern`)
      literals ??= sv.literals
        .filter((l) => !(mode === 'arn' && isShortArnPattern(l)))
        .map((l) => {
          const text = ignoreCase ? lowerKeepingParts(l) : l;
          const glob = mode === 'glob' || mode === 'arn';
          const test =
            mode === 'arn'
              ? compileArnLiteral(text)
              : glob
                ? (
                    (m) => (x: string) =>
                      m.test(x)
                  )(compileGlob(text, false))
                : (x: string) => x === text;
          return { tokens: patternTokens([text], glob), test };
        });
      // the operator on the other values (policy variables, unknown values)
      rest ??= compile(
        values.filter(
          (v) =>
            typeof v !== 'string' ||
            (variables && parseTemplate(v) !== undefined) ||
            (mode === 'arn' && isShortArnPattern(v)),
        ),
        variables,
      ).match;
      const v = ignoreCase ? lowerKeepingParts(s) : s;
      let out: MatchResult = NO;
      const filled = fillCharsParts(v);
      for (const l of literals) {
        // case folded, two names may differ only in case: no rule on distinct elements then
        const t = matchUnknownName(
          l.tokens,
          v,
          l.test(v) || (filled !== v && l.test(filled)),
          ignoreCase ? undefined : ctx.namesUnknown,
        );
        if (t === YES) return YES;
        if (t === MAYBE) out = MAYBE;
      }
      const r = rest(s, ctx);
      return r === NO ? out : r;
    };
    const match: MatchFn = marked
      ? slow
      : (s, ctx) => (ctx.namesUnknown && hasUnknownNamePart(s) ? slow(s, ctx) : base(s, ctx));
    return { ...compiled, match };
  };
}

// ---------------------------------------------------------------- Table

function info(
  negated: boolean,
  variables: boolean,
  compile: (values: readonly Maybe<string>[], variables: boolean) => CompiledValues,
): OperatorInfo {
  return { negated, variables, compile };
}

const stringEquals = withUnknownNames('equals', (v, vars) => compileStringEquals(v, vars, false));
const stringEqualsIgnoreCase = withUnknownNames('equals-ignore-case', (v, vars) =>
  compileStringEquals(v, vars, true),
);
const stringLike = withUnknownNames('glob', compileStringLike);
const arn = withUnknownNames('arn', compileArn);
const numeric = (op: Comparison) => (v: readonly Maybe<string>[]) => compileOrdered(v, op, parseNumber);
const date = (op: Comparison) => (v: readonly Maybe<string>[]) =>
  compileOrdered(v, op, parseDate, dateReadings);

/**
 * Every operator except `Null` (handled in clause.ts). Policy variables: IAM User Guide, "IAM
 * JSON policy elements: Condition operators" lists them as supported for String, Boolean and ARN
 * operators and not supported for Numeric, Date, Binary and IP address operators.
 */
export const OPERATORS: Readonly<Record<Exclude<ConditionOperatorName, 'Null'>, OperatorInfo>> = {
  StringEquals: info(false, true, stringEquals),
  StringNotEquals: info(true, true, stringEquals),
  StringEqualsIgnoreCase: info(false, true, stringEqualsIgnoreCase),
  StringNotEqualsIgnoreCase: info(true, true, stringEqualsIgnoreCase),
  StringLike: info(false, true, stringLike),
  StringNotLike: info(true, true, stringLike),
  NumericEquals: info(false, false, numeric('eq')),
  NumericNotEquals: info(true, false, numeric('eq')),
  NumericLessThan: info(false, false, numeric('lt')),
  NumericLessThanEquals: info(false, false, numeric('le')),
  NumericGreaterThan: info(false, false, numeric('gt')),
  NumericGreaterThanEquals: info(false, false, numeric('ge')),
  DateEquals: info(false, false, date('eq')),
  DateNotEquals: info(true, false, date('eq')),
  DateLessThan: info(false, false, date('lt')),
  DateLessThanEquals: info(false, false, date('le')),
  DateGreaterThan: info(false, false, date('gt')),
  DateGreaterThanEquals: info(false, false, date('ge')),
  Bool: info(false, true, compileBool),
  BinaryEquals: info(false, false, (v) => compileBinary(v)),
  IpAddress: info(false, false, (v) => compileIp(v)),
  NotIpAddress: info(true, false, (v) => compileIp(v)),
  ArnEquals: info(false, true, arn),
  ArnLike: info(false, true, arn),
  ArnNotEquals: info(true, true, arn),
  ArnNotLike: info(true, true, arn),
};
