// The policy JSON an attribute holds, made ready for the policy parser: a JSON string parsed, a
// jsonencode structure or a partly known template read as JSON, and undecided branches kept:
// a policy that is one of several documents (`var.strict ? local.deny_doc : local.allow_doc`)
// becomes one document holding the statements of every option, those not in every option
// maybe-present; a statement list with maybe-present elements (a `dynamic "statement"` over an
// unknown collection, `concat(base, var.x ? [extra] : [])`) keeps them, maybe-present; a statement
// with an undecided branch inside its Principal / NotPrincipal (`Principal = var.f ? { AWS = a }
// : { AWS = b }`, a conditional `identifiers` list) is one statement per option, each maybe-present: the request
// one option's statement covers may be covered, one no option covers is not (for an Allow and a
// Deny alike, never a wrong allow). The presences are returned by statement index, to be set on
// the parsed statements.

import { Unknown } from '../../../model/unknown.js';
import { UNKNOWN_CONDITION_KEY } from '../../../policy/parse.js';
import { Alternatives, andPresence, MAX_OPTIONS, MaybeElement, optionsOf } from '../eval/branches.js';
import { expandPartlyKnownLists, partlyKnownDocument } from '../eval/partial-list.js';
import { EncodedJson, isObject, PartialTemplate, parsePartialJson, tfEquals } from '../eval/values.js';

export interface PolicyInput {
  /** What to give the policy parser. */
  input: unknown;
  /** Statement index → why that statement might not exist. */
  maybe: Map<number, Unknown>;
  /** Set when the whole document might not exist (some option has no policy at all). */
  presence?: Unknown;
}

/** A document value as JSON-like data; undefined when it is no document (null, empty). */
function decode(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  // a partly known list in it (`Resource = flatten(["arn:aws:s3:::a", var.more])`): its known
  // elements and one unknown for the rest (a policy's value lists are sets)
  // and a partly known map in a Condition (its known operators and keys, and one unknown clause)
  // and a document whose known keys hold its Statement (`merge(var.extra, { Statement = ... })`)
  if (value instanceof EncodedJson)
    return expandPartlyKnownLists(partlyKnownDocument(value.value), 0, UNKNOWN_CONDITION_KEY);
  if (value instanceof PartialTemplate) return parsePartialJson(value) ?? value;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value.replace(/^\uFEFF/, ''));
    } catch {
      return value; // the parser reports the syntax error
    }
  }
  return value;
}

interface Stmt {
  value: unknown;
  presence?: Unknown;
}

/** The statements of a Statement element, with their presence. */
function statements(value: unknown, outer: Unknown | undefined): Stmt[] | undefined {
  if (value instanceof MaybeElement) return statements(value.value, andPresence(outer, value.presence));
  if (value instanceof Alternatives) {
    const sets = optionsOf(value).map((o) => statements(o, outer));
    if (sets.some((s) => s === undefined)) return undefined;
    return union(sets as Stmt[][], value.cause);
  }
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    const out: Stmt[] = [];
    for (const v of value) {
      if (v instanceof MaybeElement || v instanceof Alternatives) {
        const inner = statements(v, outer);
        if (inner) out.push(...inner);
        else out.push({ value: v, ...(outer ? { presence: outer } : {}) });
      } else out.push(...statementOptions(v, outer));
    }
    return out;
  }
  if (value instanceof Unknown) return undefined;
  return statementOptions(value, outer);
}

/**
 * The statements a statement is, one per option of the undecided branches inside it (each
 * maybe-present because of its branch's cause); the statement itself when it holds none, or when
 * an option is null (the element would be absent: what AWS makes of that is left unknown) or the
 * options are more than MAX_OPTIONS.
 */
function statementOptions(value: unknown, outer: Unknown | undefined): Stmt[] {
  const whole: Stmt[] = [{ value, ...(outer ? { presence: outer } : {}) }];
  const out: Stmt[] = [];
  const pending: Stmt[] = [...whole];
  while (pending.length) {
    const s = pending.pop()!;
    const found = principalAlternatives(s.value);
    if (!found) {
      if (!out.some((o) => tfEquals(o.value, s.value))) out.push(s);
      continue;
    }
    const options = optionsOf(found);
    if (options.some((o) => o === null || o === undefined)) return whole;
    for (const o of options)
      pending.push({ value: replaced(s.value, found, o), presence: andPresence(s.presence, found.cause)! });
    if (out.length + pending.length > MAX_OPTIONS) return whole;
  }
  return out.reverse();
}

/**
 * The first undecided branch inside the statement's Principal or NotPrincipal, if any. (Elsewhere
 * in a statement, a branch stays one unknown value: its warnings point at the expression.)
 */
function principalAlternatives(statement: unknown): Alternatives | undefined {
  if (!isObject(statement)) return undefined;
  return firstAlternatives(statement.Principal) ?? firstAlternatives(statement.NotPrincipal);
}

/** The first undecided branch inside plain objects and lists, if any. */
function firstAlternatives(v: unknown): Alternatives | undefined {
  if (v instanceof Alternatives) return v;
  if (!Array.isArray(v) && !isObject(v)) return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const found = firstAlternatives(x);
    if (found) return found;
  }
  return undefined;
}

/** `v` with the branch `alt` (the same object) replaced by `option`. */
function replaced(v: unknown, alt: Alternatives, option: unknown): unknown {
  if (v === alt) return option;
  if (Array.isArray(v)) return v.map((x) => replaced(x, alt, option));
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaced(x, alt, option)]));
}

/** The statements of several options: those in every option as they are, the others maybe-present. */
function union(sets: Stmt[][], cause: Unknown): Stmt[] {
  const out: Stmt[] = [];
  for (const set of sets) {
    for (const s of set) {
      if (out.some((o) => tfEquals(o.value, s.value))) continue;
      const inAll = sets.every((other) => other.some((o) => tfEquals(o.value, s.value)));
      out.push({
        value: s.value,
        ...(inAll
          ? s.presence
            ? { presence: s.presence }
            : {}
          : { presence: andPresence(s.presence, cause)! }),
      });
    }
  }
  return out;
}

/** Reads a policy attribute value for the parser (see the module comment). */
export function policyInput(value: unknown): PolicyInput | undefined {
  const options = value instanceof Alternatives ? optionsOf(value) : [value];
  const docs = options.map(decode);
  const present = docs.filter((d) => d !== undefined);
  if (!present.length) return undefined;
  if (present.some((d) => !isObject(d)) && (options.length > 1 || present.length > 1)) {
    // an option that is not readable as a document: the document is unknown
    return {
      input: value instanceof Unknown ? new Unknown(value.reason, value.source) : value,
      maybe: new Map(),
    };
  }
  const cause = value instanceof Alternatives ? value.cause : undefined;
  const presence = present.length < docs.length ? cause : undefined;
  if (present.length === 1 && options.length === 1) {
    const doc = present[0];
    if (!isObject(doc)) return { input: doc, maybe: new Map() };
    return withStatements(doc, statements(doc.Statement, undefined), doc.Statement);
  }
  // one of several documents: every option's statements, those not in every option maybe-present
  const sets = (present as Record<string, unknown>[]).map((d) => statements(d.Statement, undefined));
  const first = present[0] as Record<string, unknown>;
  if (sets.some((s) => s === undefined)) {
    return {
      input: { ...first, Statement: new Unknown(cause?.reason ?? 'unknown', cause?.source) },
      maybe: new Map(),
    };
  }
  const all = union(sets as Stmt[][], cause!);
  const out = withStatements(first, all, first.Statement);
  if (presence) out.presence = presence;
  return out;
}

function withStatements(
  doc: Record<string, unknown>,
  stmts: Stmt[] | undefined,
  original: unknown,
): PolicyInput {
  if (!stmts) {
    const u = original instanceof Unknown ? new Unknown(original.reason, original.source) : original;
    return { input: { ...doc, Statement: u }, maybe: new Map() };
  }
  const maybe = new Map<number, Unknown>();
  stmts.forEach((s, i) => {
    if (s.presence) maybe.set(i, s.presence);
  });
  // a lone statement object stays as it is; undecided branches (an Unknown) become their statements
  if (!maybe.size && !Array.isArray(original) && original !== undefined && !(original instanceof Unknown))
    return { input: doc, maybe };
  const input: Record<string, unknown> = { ...doc, Statement: stmts.map((s) => s.value) };
  if (original === undefined) delete input.Statement;
  return { input, maybe };
}
