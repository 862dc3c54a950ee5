// The part of a statement that every one of its options shares. A statement whose value the inputs
// leave undecided between options (a CloudFormation `Fn::If` on an undecided condition, a
// `Fn::FindInMap` with an unknown key) is one maybe-present statement per option: a request one
// option covers may be covered. A request that EVERY option covers is covered whichever option is
// taken, and the engine, which ORs maybe-present statements, cannot see that. This module builds
// one certain statement that covers only such requests, so that a verdict is indeterminate only
// where the options disagree. It owns the rule of which statement elements combine how:
// - Action, Resource and each Principal key list the values that the statement matches ("The
//   Action element describes the specific action or actions that will be allowed or denied";
//   "Resource ... You can specify one or more resources"; IAM User Guide, "IAM JSON policy
//   elements reference"): a request every option covers matches a value of each option, so the
//   values every option lists (the intersection) cover requests every option covers;
// - NotAction / NotResource match what they do not list ("NotAction is an advanced policy element
//   that explicitly matches everything except the specified list of actions"): their union;
// - every other element (Effect, Condition, Sid, NotPrincipal, Version) must be the same in every
//   option, else there is no common statement.
// The common statement covers a subset of what each option covers: for an Allow and a Deny alike,
// it never covers a request some option does not.

import { Unknown } from '../model/unknown.js';

/** The elements whose values are ORed (the statement matches any value listed). */
const INTERSECTED = new Set(['Action', 'Resource']);
/** The elements that match what they do not list. */
const UNITED = new Set(['NotAction', 'NotResource']);

/**
 * The statement that covers exactly the requests every option covers (see the top comment), or
 * undefined when there is none (an element differs that cannot be combined, or an intersection is
 * empty). `record(copy, like)` is told of each object built from `like`, for template positions.
 */
export function commonStatement<V>(
  options: readonly V[],
  record: (copy: object, like: object) => void = () => {},
): V | undefined {
  if (options.length < 2 || !options.every(isPlainObject)) return undefined;
  const objects = options as unknown as Record<string, unknown>[];
  const first = objects[0]!;
  const keys = Object.keys(first);
  if (objects.some((o) => Object.keys(o).length !== keys.length || !keys.every((k) => Object.hasOwn(o, k))))
    return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const values = objects.map((o) => o[k]);
    let combined: unknown;
    if (INTERSECTED.has(k)) combined = combineLists(values, 'intersection');
    else if (UNITED.has(k)) combined = combineLists(values, 'union');
    else if (k === 'Principal') combined = commonPrincipal(values, record);
    else combined = values.every((v) => sameValue(v, values[0])) ? values[0] : undefined;
    if (combined === undefined) return undefined;
    out[k] = combined;
  }
  record(out, first);
  return out as V;
}

/** A string or a list of values as a list; undefined for anything else (an object, an Unknown). */
function asList(v: unknown): unknown[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v;
  if (v instanceof Unknown) return [v];
  return undefined;
}

function combineLists(values: readonly unknown[], how: 'intersection' | 'union'): unknown[] | undefined {
  const lists = values.map(asList);
  if (lists.some((l) => l === undefined)) return undefined;
  const [head, ...rest] = lists as unknown[][];
  let out: unknown[];
  if (how === 'intersection') out = head!.filter((x) => rest.every((l) => l.some((y) => sameValue(x, y))));
  else {
    out = [...head!];
    for (const l of rest) for (const x of l) if (!out.some((y) => sameValue(x, y))) out.push(x);
  }
  return out.length ? out : undefined;
}

/** `"*"` when every option's is; else per key (AWS, Service, Federated...) the values all list. */
function commonPrincipal(values: readonly unknown[], record: (copy: object, like: object) => void): unknown {
  if (values.every((v) => sameValue(v, values[0]))) return values[0];
  if (!values.every(isPlainObject)) return undefined;
  const maps = values as Record<string, unknown>[];
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(maps[0]!)) {
    if (!maps.every((m) => Object.hasOwn(m, k))) continue;
    const list = combineLists(
      maps.map((m) => m[k]),
      'intersection',
    );
    if (list) out[k] = list;
  }
  if (Object.keys(out).length === 0) return undefined;
  record(out, maps[0]!);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** Deep equality; an Unknown equals only itself (the same unknown value, shared by the options). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]))
    );
  }
  return false;
}
