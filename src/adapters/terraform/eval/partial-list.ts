// Partly known lists: `concat(["ops"], var.admins)` with `var.admins` unknown is a list that
// certainly holds "ops" and may hold any number of further, unknown elements. `PartlyKnownList`
// is an Unknown everywhere (every `isUnknown` check still holds, so code that does not know it,
// `length`, `element`, indexing, `count`, treats the whole list as unknown: sound); the
// consumers that read a list as a set of values take its known `elements` as certain and its
// unknown rest as "maybe any": handlers/context.ts `targetsList` (the users, roles and groups of
// a membership or an attachment), policy documents (`listValues`, `expandPartlyKnownLists`:
// a policy's value lists are sets, so one unknown value stands for any number of them),
// `for_each` (config/expansion.ts: an instance per known key, a maybe-present stand-in for the
// rest), `contains` (true when a known element equals the value), `for` expressions and splats
// (evaluator.ts: the known elements mapped, the rest unknown), `element` and `slice` within the
// list's known prefix (`PartlyKnownList.prefix`: `concat(["a"], var.x)` starts with "a"), and
// `length(l) > 0` and other comparisons its lower bound decides (evaluator.ts).
//
// One rule for every function that splices elements into a list whose number it cannot bound:
// the result is a PartlyKnownList (or wholly unknown when nothing is known), never a known list
// of the wrong length (Terraform language, "Built-in Functions",
// https://developer.hashicorp.com/terraform/language/functions):
// - concat, setunion: every element of every argument is in the result; an unknown argument
//   adds any number;
// - flatten: an unknown element of the argument may itself be a list ("flatten takes a list
//   and replaces any elements that are lists with a flattened sequence of the list contents"),
//   so it adds any number of elements (a PartlyKnown string, a template, is one element);
// - split of a partly known string: the pieces before its first unknown text, then any number;
// - tolist, toset, distinct, sort, reverse, compact, setunion: they keep, reorder or merge
//   elements; with an unknown element two elements may be one (sets, distinct) or one may be
//   dropped (compact drops "" and null), so the length is unknown, the known elements stay.
// Each element in `elements` that is itself unknown stands for one value the list may hold.

import { hasUnknownNamePart, holdsStandInText } from '../../../model/stand-ins.js';
import { isPartlyKnown, Unknown } from '../../../model/unknown.js';
import { Alternatives, MaybeElement } from './branches.js';
import { compareStrings } from './fn-core.js';
import { isFailure, plain } from './scope.js';
import { deepUnknown, isObject, tfEquals } from './values.js';

/**
 * A list holding at least the known `elements` (in some order) and maybe further elements,
 * unknown because of `rest`. Its first `prefix` elements are the list's first ones, in that order
 * (`concat(["a", "b"], var.x)`: 2); the others' positions are not known. `restShape`, when set,
 * is what each further element is: a `for` expression's object for an unknown element (`[for s
 * in var.stmts : { Effect = "Allow", Action = s.actions }]`: each is an object whose Effect is
 * "Allow"), maybe-present (there may be none), its parts that depend on the element unknown.
 */
export class PartlyKnownList extends Unknown {
  constructor(
    readonly elements: readonly unknown[],
    readonly rest: Unknown,
    readonly prefix = 0,
    readonly restShape?: MaybeElement,
  ) {
    super(rest.reason, rest.source);
  }
}

/**
 * The values a partly known list may hold, for a consumer that reads it as a set (a policy's
 * Resource, Action or principal identifiers, the principals of an attachment, a Statement list):
 * its elements, then its rest, one unknown standing for any further values (or one
 * maybe-present element of the rest's shape, standing for any number of them: in a set the
 * parts that differ between them are unknown either way).
 */
export function listValues(v: PartlyKnownList): unknown[] {
  // the rest of toset(["a", var.s]) is its unknown element: one value, said once
  if (v.elements.includes(v.rest)) return [...v.elements];
  return [...v.elements, v.restShape ?? v.rest];
}

/**
 * A policy document written as a partly known map (`jsonencode(merge(var.extra, { Version = ...,
 * Statement = [...] }))`: "If more than one given map or object defines the same key or
 * attribute, then the one that is later in the argument sequence takes precedence", Terraform,
 * "merge Function") whose `Statement` is known: the document of its known keys. A policy's
 * top-level elements are `Version`, `Id` and `Statement` ("policy = { <version_block?>
 * <id_block?> <statement_block> }", IAM User Guide, "Grammar of the IAM JSON policy language"), so
 * the unknown rest adds at most an `Id`, or a `Version` when the known keys lack one (then the
 * Version is that unknown). Any other value is returned as it is.
 */
export function partlyKnownDocument(v: unknown): unknown {
  if (!(v instanceof PartlyKnownMap) || !('Statement' in v.entries)) return v;
  return 'Version' in v.entries ? { ...v.entries } : { ...v.entries, Version: plain(v.rest) };
}

/**
 * A JSON-like value (a jsonencode structure, a rendered policy document) with every partly
 * known list in it written as its `listValues` (sound where the lists are sets of patterns:
 * a policy's value lists, its Statement list, whose unknown rest is an unknown statement).
 */
export function expandPartlyKnownLists(v: unknown, depth = 0, restKey?: string): unknown {
  if (depth > 64) return v;
  if (v instanceof PartlyKnownList)
    return listValues(v).map((x) => expandPartlyKnownLists(x, depth + 1, restKey));
  if (v instanceof MaybeElement) {
    const inner = expandPartlyKnownLists(v.value, depth + 1, restKey);
    return inner === v.value ? v : new MaybeElement(inner, v.presence);
  }
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = expandPartlyKnownLists(x, depth + 1, restKey);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : v;
  }
  if (isObject(v)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y =
        k === 'Condition' && restKey !== undefined
          ? conditionElement(x, depth + 1, restKey)
          : expandPartlyKnownLists(x, depth + 1, restKey);
      if (y !== x) changed = true;
      out[k] = y;
    }
    return changed ? out : v;
  }
  return v;
}

/**
 * A statement's `Condition` element for the policy parser, with its partly known maps (`merge(
 * var.extra, { StringEquals = ... })`, an operator block `merge(var.more, { "aws:..." = ... })`)
 * written as their known entries and one entry `restKey` (the parser's key of a wholly unknown
 * clause) holding their unknown rest: "If there are multiple condition operators, or if there are
 * multiple keys attached to a single condition operator, the conditions are evaluated using a
 * logical AND" (IAM User Guide, "IAM JSON policy elements: Condition"), so the unknown further
 * operators or keys are one more clause whose result is unknown, and a known clause that fails
 * still decides the statement.
 */
function conditionElement(v: unknown, depth: number, restKey: string): unknown {
  const block = (b: unknown): unknown =>
    b instanceof PartlyKnownMap
      ? { ...expandEntries(b.entries, depth + 2, restKey), [restKey]: plain(b.rest) }
      : expandPartlyKnownLists(b, depth + 1, restKey);
  if (v instanceof PartlyKnownMap) {
    const out: Record<string, unknown> = {};
    for (const [op, b] of Object.entries(v.entries)) out[op] = block(b);
    return { ...out, [restKey]: plain(v.rest) };
  }
  if (!isObject(v)) return expandPartlyKnownLists(v, depth, restKey);
  const out: Record<string, unknown> = {};
  for (const [op, b] of Object.entries(v)) out[op] = block(b);
  return out;
}

function expandEntries(entries: Readonly<Record<string, unknown>>, depth: number, restKey: string) {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(entries)) out[k] = expandPartlyKnownLists(x, depth, restKey);
  return out;
}

/**
 * An unknown element of flatten's argument that may be a list of any length: not a string known
 * to be one value (a PartlyKnown), not one of several known values none of which is a list,
 * not a maybe-present element whose value is no list (it stays an element: policy reading
 * keeps it maybe-present).
 */
function mayBeList(u: Unknown): boolean {
  if (isPartlyKnown(u)) return false;
  const one = (v: unknown) => !Array.isArray(v) && !(v instanceof Unknown) && !isObject(v);
  if (u instanceof Alternatives) return !u.options.every(one);
  if (u instanceof MaybeElement) return !one(u.value) && !isPartlyKnown(u.value);
  return true;
}

/** Functions that keep the elements of their one list argument (and merge, reorder or drop some). */
const ONE_LIST = new Set(['tolist', 'toset', 'distinct', 'sort', 'reverse', 'compact']);

/**
 * The result of a list function `name(args)` when some argument holds an unknown that makes its
 * length or order unknown: a PartlyKnownList of the known elements, or (nothing known) the
 * unknown itself as a plain value; `element` and `slice` within a partly known list's known
 * prefix (`prefixRead`). Undefined when the call is not one of these functions or its arguments
 * are known enough for the function itself (the caller evaluates as usual).
 */
export function partlyKnownListCall(name: string, args: readonly unknown[]): unknown {
  if (name === 'element' || name === 'slice') return prefixRead(name, args);
  if (name === 'flatten') return args.length === 1 ? flattenPartly(args[0]) : undefined;
  if (name === 'concat' || name === 'setunion') return spliced(name, args);
  if (ONE_LIST.has(name) && args.length === 1) return oneList(name, args[0]);
  if (name === 'split' && args.length === 2) return splitHead(args[0], args[1]);
  return undefined;
}

/**
 * `split(separator, s)` of a partly known string (`"a/b/${var.x}"`): a list whose first elements
 * are the pieces the separator ends inside the known text before the first unknown part (leftmost
 * occurrences come first: one reaching into the unknown text starts after them), the rest unknown
 * (the unknown text may hold the separator, "split produces a list by dividing a given string at
 * all occurrences of a given separator"). Undefined when no piece is known so (the caller: unknown).
 */
function splitHead(sep: unknown, s: unknown): PartlyKnownList | undefined {
  if (typeof sep !== 'string' || sep === '' || !isPartlyKnown(s)) return undefined;
  const first = s.parts[0];
  // a stand-in or an unknown name in the head: the rules of fn-region.ts, fn-account.ts, fn-text.ts
  if (typeof first !== 'string' || holdsStandInText(first) || hasUnknownNamePart(first)) return undefined;
  const head = first.split(sep).slice(0, -1);
  return head.length ? new PartlyKnownList(head, plain(s), head.length) : undefined;
}

/**
 * `element(list, i)` and `slice(list, from, to)` of a partly known list, with known indices within
 * its known prefix: those elements ("element retrieves a single element from a list", "slice
 * extracts some consecutive elements from within a list": the first elements of a list are the
 * same whatever its length; element's index wraps around only past the end, which a prefix index
 * is not). Undefined otherwise (the caller: unknown).
 */
/**
 * The element at index `i` of a partly known list when it is within the known prefix (`l[0]` of
 * `concat(["a"], var.x)`: "a"; "Elements of list/tuple types are accessed using square-bracket
 * index notation": the first elements of a list are the same whatever its length), else undefined
 * (the caller: unknown).
 */
export function prefixElement(l: PartlyKnownList, i: unknown): unknown {
  const n = typeof i === 'string' && /^\d+$/.test(i) ? Number(i) : i;
  return typeof n === 'number' ? prefixRead('element', [l, n]) : undefined;
}

/**
 * `index(list, value)` of a list whose elements are not all known: the index of the first element
 * equal to `value` ("index finds the element index for a given value in a list") when every
 * element before it is known (none of them can be an earlier match) and it is within the known
 * prefix of a partly known list. Undefined otherwise (the caller: unknown).
 */
export function partlyKnownIndex(l: unknown, v: unknown): number | undefined {
  if (deepUnknown(v)) return undefined;
  const known =
    l instanceof PartlyKnownList
      ? l.elements.slice(0, l.prefix)
      : Array.isArray(l) && deepUnknown(l)
        ? l
        : undefined;
  if (!known) return undefined;
  for (let i = 0; i < known.length; i++) {
    const x = known[i];
    if (x instanceof MaybeElement || deepUnknown(x)) return undefined;
    if (tfEquals(x, v)) return i;
  }
  return undefined;
}

function prefixRead(name: string, args: readonly unknown[]): unknown {
  const [l, ...ix] = args;
  if (!(l instanceof PartlyKnownList)) return undefined;
  if (!ix.every((i) => typeof i === 'number' && Number.isInteger(i) && i >= 0)) return undefined;
  const [from, to] = ix as number[];
  const end = name === 'element' ? from! + 1 : to!;
  if (ix.length !== (name === 'element' ? 1 : 2) || from! > end || end > l.prefix) return undefined;
  // an element that might not exist (a dynamic block's) moves the ones after it
  if (l.elements.slice(0, end).some((x) => x instanceof MaybeElement)) return undefined;
  return name === 'element' ? l.elements[from!] : l.elements.slice(from, to);
}

/** concat / setunion: known lists' elements, an unknown list's any number. */
function spliced(name: string, args: readonly unknown[]): Unknown | undefined {
  const elements: unknown[] = [];
  let rest: Unknown | undefined;
  let unknownElement: Unknown | undefined;
  // concat: the elements before the first list of unknown length keep their positions
  let prefix: number | undefined;
  // the shape of the further elements, when one list of unknown length gives them all
  const shapes: (MaybeElement | undefined)[] = [];
  for (const a of args) {
    if (Array.isArray(a)) {
      elements.push(...a);
      unknownElement ??= a.map(deepUnknown).find((u) => u);
    } else if (a instanceof PartlyKnownList) {
      prefix ??= elements.length + a.prefix;
      elements.push(...a.elements);
      rest ??= a.rest;
      shapes.push(a.restShape);
    } else if (a instanceof Unknown && a.constructor === Unknown) {
      prefix ??= elements.length;
      rest ??= a;
      shapes.push(undefined);
    } else return undefined;
  }
  const shape = name === 'concat' && shapes.length === 1 ? shapes[0] : undefined;
  // setunion of known lists with an unknown element: two elements may be one
  if (!rest && name === 'setunion' && unknownElement) rest = unknownElement;
  if (!rest) return undefined;
  const known = name === 'setunion' ? uniqKnown(elements) : elements;
  return known.length || shape
    ? new PartlyKnownList(known, plain(rest), name === 'concat' ? (prefix ?? 0) : 0, shape)
    : plain(rest);
}

/** flatten: nested known lists are spliced; an unknown that may be a list adds any number of elements. */
function flattenPartly(arg: unknown): Unknown | undefined {
  if (!Array.isArray(arg) && !(arg instanceof PartlyKnownList)) return undefined;
  const elements: unknown[] = [];
  let rest: Unknown | undefined;
  let failure: Unknown | undefined;
  const walk = (items: readonly unknown[], depth: number): void => {
    for (const x of items) {
      if (Array.isArray(x) && depth < 64) walk(x, depth + 1);
      else if (x instanceof PartlyKnownList) {
        walk(x.elements, depth + 1);
        rest ??= x.rest;
      } else if (x instanceof Unknown && isFailure(x)) failure ??= x;
      else if (x instanceof Unknown && mayBeList(x)) rest ??= x;
      else elements.push(x);
    }
  };
  if (arg instanceof PartlyKnownList) {
    walk(arg.elements, 0);
    rest ??= arg.rest;
  } else walk(arg, 0);
  if (failure) return plain(failure);
  if (!rest) return undefined;
  return elements.length ? new PartlyKnownList(elements, plain(rest)) : plain(rest);
}

/** tolist, toset, distinct, sort, reverse, compact of a partly known list or of a list with unknown elements. */
function oneList(name: string, arg: unknown): Unknown | undefined {
  let elements: readonly unknown[];
  let rest: Unknown | undefined;
  if (arg instanceof PartlyKnownList) {
    elements = arg.elements;
    rest = arg.rest;
  } else if (Array.isArray(arg)) {
    // a known list: only an unknown element can make its length (sets, distinct, compact) or
    // its order (sort) unknown; tolist and reverse keep both
    if (name === 'tolist' || name === 'reverse') return undefined;
    // one element merges with no other
    if (arg.length < 2 && name !== 'compact') return undefined;
    rest = arg.map(deepUnknown).find((u) => u);
    if (!rest) return undefined;
    elements = arg;
  } else return undefined;
  let out = [...elements];
  if (name === 'compact') out = out.filter((x) => x !== null && x !== '');
  if (name === 'toset' || name === 'distinct') out = uniqKnown(out);
  if (name === 'sort' || name === 'toset') out = sortKnownStrings(out);
  // tolist keeps every element where it is; the others may merge, drop or move elements
  const prefix = name === 'tolist' && arg instanceof PartlyKnownList ? arg.prefix : 0;
  return out.length ? new PartlyKnownList(out, plain(rest), prefix) : plain(rest);
}

/** Distinct elements: known ones merged, each unknown kept (it stands for one value). */
function uniqKnown(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (deepUnknown(v) || !out.some((o) => !deepUnknown(o) && tfEquals(o, v))) out.push(v);
  }
  return out;
}

/** Known strings in lexical order first (a set's or sort's order), the others after. */
function sortKnownStrings(values: unknown[]): unknown[] {
  const strings = values.filter((v): v is string => typeof v === 'string').sort(compareStrings);
  return [...strings, ...values.filter((v) => typeof v !== 'string')];
}

/**
 * `contains(list, value)` over a partly known list or a list with unknown elements: true when a
 * known element equals the known value; unknown otherwise (an unknown element may equal it);
 * undefined when the list and value are known (the caller decides).
 */
export function partlyKnownContains(list: unknown, value: unknown): boolean | Unknown | undefined {
  const items = list instanceof PartlyKnownList ? list.elements : Array.isArray(list) ? list : undefined;
  const unknown = list instanceof PartlyKnownList ? list.rest : items?.map(deepUnknown).find((u) => u);
  if (!items || !unknown) return undefined;
  const v = deepUnknown(value);
  if (v) return plain(v);
  if (items.some((x) => !deepUnknown(x) && tfEquals(x, value))) return true;
  return plain(unknown);
}

/** The list of the known `elements` and an unknown rest: a PartlyKnownList, or the rest alone when none is known. */
export function partlyKnown(
  elements: readonly unknown[],
  rest: Unknown,
  prefix = 0,
  restShape?: MaybeElement,
): Unknown {
  return elements.length || restShape
    ? new PartlyKnownList(elements, plain(rest), prefix, restShape)
    : plain(rest);
}

/**
 * A splat over a partly known list (`concat([aws_iam_user.a], var.more)[*].name`): each known
 * element's value, the rest unknown; an element whose value cannot be evaluated makes it unknown.
 */
export function partlyKnownMap(list: PartlyKnownList, f: (item: unknown) => unknown): Unknown {
  const out: unknown[] = [];
  for (const x of list.elements) {
    const y = f(x);
    if (y instanceof Unknown && isFailure(y)) return plain(y);
    out.push(y);
  }
  return partlyKnown(out, list.rest, list.prefix);
}

/**
 * The length of a partly known list: unknown, but at least `min`, the number of its distinct
 * known elements (an unknown element may equal a known one, or be dropped by compact; the rest
 * may be empty). An Unknown everywhere (arithmetic, comparisons, `range` give unknown); `count`
 * reads `min` (config/expansion.ts: the first `min` instances exist for sure).
 */
export class UnknownLength extends Unknown {
  constructor(
    readonly min: number,
    cause: Unknown,
  ) {
    super(cause.reason, cause.source);
  }
}

/** `length(list)` of a partly known list (see UnknownLength). */
export function partlyKnownLength(list: PartlyKnownList): UnknownLength {
  const known = uniqKnown(list.elements.filter((x) => !deepUnknown(x))).length;
  return new UnknownLength(known, plain(list.rest));
}

// ---- Partly known maps: the counterpart of PartlyKnownList, by the same rule. `merge({ ops =
// X }, var.extra)`, `{ for u in concat(["ops"], var.more) : u => ... }`, `zipmap(concat(["ops"],
// var.more), vs)` certainly have the key "ops" and may have any number of further keys, unknown
// because of `rest`. A known key's value may itself be unknown: `merge({ ops = X }, var.extra)`,
// where var.extra may override ops ("If more than one given map or object defines the same key
// or attribute, then the one that is later in the argument sequence takes precedence",
// https://developer.hashicorp.com/terraform/language/functions/merge). An Unknown everywhere
// (code that does not know it reads the whole map as unknown: sound); the consumers that know
// it: `for_each` (config/expansion.ts: an instance per known key, the stand-in for the rest),
// dynamic blocks (config/world.ts), `keys`/`values` (partly known lists), `lookup`, `m["k"]`
// and `m.k` (the known value; a key not known is unknown, never the default nor an error: the
// rest may hold it), `length` (at least the known keys), `for` expressions (evaluator.ts: the
// known entries mapped), `tomap`, `merge`, `coalesce` and `transpose` (below), `tags`/`tags_all`
// (handlers/context.ts `tagsOf`, config/default-tags.ts `tagsAll`: the known keys are certain
// tags) and a policy's `Condition` in `jsonencode` (`expandPartlyKnownLists`: the known operators
// and keys, one unknown clause for the rest).

/** A map holding at least the known `entries` (a value an Unknown: the key is certain, its value not) and maybe further keys, unknown because of `rest`. */
export class PartlyKnownMap extends Unknown {
  constructor(
    readonly entries: Readonly<Record<string, unknown>>,
    readonly rest: Unknown,
  ) {
    super(rest.reason, rest.source);
  }
}

/** The map of the known `entries` and an unknown rest: a PartlyKnownMap, or the rest alone when no key is known. */
export function partlyKnownObject(entries: Record<string, unknown>, rest: Unknown): Unknown {
  return Object.keys(entries).length ? new PartlyKnownMap(entries, plain(rest)) : plain(rest);
}

/** An unknown that stands for a whole map or list (not a failure, not one of several values, not a partly known one). */
function plainUnknown(a: unknown): a is Unknown {
  return a instanceof Unknown && a.constructor === Unknown;
}

/**
 * The result of a map function `name(args)` (but lookup: `partlyKnownRead`, through
 * functions.ts `readPartlyKnownMap`) when an argument is a partly known map or an
 * unknown map next to known ones (merge), or the keys of zipmap are partly known. Undefined
 * when the call is not one of these (the caller evaluates as usual: an unknown argument makes
 * the result unknown).
 */
export function partlyKnownMapCall(name: string, args: readonly unknown[]): unknown {
  const [m] = args;
  if (name === 'merge') return mergePartly(args);
  if (name === 'zipmap') return zipmapPartly(args[0], args[1]);
  if (name === 'coalesce') return coalescePartly(args);
  if (!(m instanceof PartlyKnownMap)) return undefined;
  if (name === 'transpose') return transposePartly(m);
  const keys = Object.keys(m.entries).sort(compareStrings);
  switch (name) {
    case 'tomap':
      return m;
    case 'keys':
      return partlyKnown(keys, m.rest);
    case 'values':
      return partlyKnown(
        keys.map((key) => m.entries[key]),
        m.rest,
      );
    case 'length':
      return new UnknownLength(keys.length, m.rest);
  }
  return undefined;
}

/**
 * `m[key]`, `m.key`, `lookup(m, key, default)` of a partly known map: a known key's value; any
 * other key is unknown (the rest may hold it: never the default, never an error).
 */
export function partlyKnownRead(m: PartlyKnownMap, key: unknown): unknown {
  const u = deepUnknown(key);
  if (u) return plain(u);
  if (typeof key === 'string' && Object.hasOwn(m.entries, key)) return m.entries[key];
  return plain(m.rest);
}

/**
 * merge: later arguments take precedence. An unknown map may define any key, so it makes the
 * value of every key known before it unknown (the key stays certain) and adds any number of
 * keys; a known map after it sets its keys for sure; a partly known map does both.
 */
function mergePartly(args: readonly unknown[]): unknown {
  if (!args.some((a) => a instanceof PartlyKnownMap || plainUnknown(a))) return undefined;
  const out: Record<string, unknown> = {};
  let rest: Unknown | undefined;
  for (const a of args) {
    if (a === null || a === undefined) continue;
    if (a instanceof PartlyKnownMap || plainUnknown(a)) {
      const r = a instanceof PartlyKnownMap ? a.rest : a;
      for (const key of Object.keys(out)) out[key] = plain(r);
      rest ??= plain(r);
      if (a instanceof PartlyKnownMap) Object.assign(out, a.entries);
    } else if (isObject(a)) Object.assign(out, a);
    // any other argument (one of several values, a failure, not a map): the usual way
    else return undefined;
  }
  return rest ? partlyKnownObject(out, rest) : undefined;
}

/**
 * zipmap(keys, values) whose keys are a partly known list: each known key is certain; which
 * value it gets is not known (the list's order is not known), so its value is unknown. A known
 * list of keys with unknown values: every key certain, its value unknown.
 */
function zipmapPartly(ks: unknown, vs: unknown): unknown {
  if (ks instanceof PartlyKnownList) {
    if (!ks.elements.every((x) => typeof x === 'string' || x instanceof Unknown)) return undefined;
    const out: Record<string, unknown> = {};
    const valueUnknown = vs instanceof Unknown ? plain(vs) : ks.rest;
    for (const key of ks.elements) if (typeof key === 'string') out[key] = valueUnknown;
    return partlyKnownObject(out, ks.rest);
  }
  if (Array.isArray(ks) && plainUnknown(vs) && ks.every((x) => typeof x === 'string')) {
    const out: Record<string, unknown> = {};
    for (const key of ks as string[]) out[key] = plain(vs);
    return out;
  }
  return undefined;
}

/**
 * coalesce whose first argument that is not null nor "" is a partly known map or list: that
 * argument ("coalesce takes any number of arguments and returns the first one that isn't null or
 * an empty string"; a map or a list is neither, whatever its further keys or elements).
 * Undefined otherwise (the usual way: an unknown first argument may be null or "").
 */
function coalescePartly(args: readonly unknown[]): unknown {
  for (const a of args) {
    if (a === null || a === '') continue;
    return a instanceof PartlyKnownMap || a instanceof PartlyKnownList ? a : undefined;
  }
  return undefined;
}

/**
 * transpose of a partly known map of lists: each known element of a known key's list is a certain
 * key of the result, whose list certainly holds that key ("transpose takes a map of lists of
 * strings and swaps the keys and values"); the map's rest may add keys to any list and further
 * keys. An element that is not a known string, or a known key's list that is unknown, makes the
 * result unknown (it may be any key).
 */
function transposePartly(m: PartlyKnownMap): unknown {
  const out: Record<string, string[]> = {};
  for (const k of Object.keys(m.entries).sort(compareStrings)) {
    const l = m.entries[k];
    const items = l instanceof PartlyKnownList ? l.elements : Array.isArray(l) ? l : undefined;
    if (!items) return plain(m.rest);
    for (const v of items) {
      if (typeof v !== 'string') return plain(m.rest);
      out[v] ??= [];
      out[v].push(k);
    }
  }
  const entries: Record<string, unknown> = {};
  for (const [v, ks] of Object.entries(out)) entries[v] = new PartlyKnownList(ks, plain(m.rest));
  return partlyKnownObject(entries, m.rest);
}
