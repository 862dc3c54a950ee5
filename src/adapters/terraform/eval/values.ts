// Terraform values as the evaluator sees them: JSON-like JS values (null, boolean, number,
// string, arrays, plain objects) plus `Unknown` for what cannot be known, and `EncodedJson`
// for `jsonencode` of a value that still contains unknowns (kept as structure so that a policy
// built with jsonencode keeps its known statements). Helpers convert like HCL/cty does.

import { concatMaybe, findUnknown, isUnknown, PartlyKnown, Unknown } from '../../../model/unknown.js';
import { hasUnknownNamePart, PLACEHOLDER_REGION, UNKNOWN_REGION } from '../../../model/stand-ins.js';
import { plain, type Scope, unknownAt } from './scope.js';
import type { Pos } from '../hcl/ast.js';

/** `jsonencode(value)` where value contains Unknowns: the structure, to be parsed as a policy. */
export class EncodedJson {
  constructor(readonly value: unknown) {}
}

export type TfObject = Record<string, unknown>;

/**
 * Marks a resource instance's attribute object: attributes it does not list are computed by
 * the provider and known only after apply (rather than an error to refer to).
 */
export const OPEN_OBJECT: unique symbol = Symbol('iamspec.tf.instance');

export function markOpen<T extends TfObject>(values: T, address: string): T {
  Object.defineProperty(values, OPEN_OBJECT, { value: address, enumerable: false, configurable: true });
  return values;
}

export function openAddress(values: TfObject): string | undefined {
  return (values as { [OPEN_OBJECT]?: string })[OPEN_OBJECT];
}

/**
 * A template (string with interpolations) where some interpolations are unknown. It is an
 * Unknown everywhere, but keeps its parts so that a JSON policy written as a template string
 * (CDKTF, Wing) can still be read statement by statement.
 */
export class PartialTemplate extends PartlyKnown {
  declare readonly parts: (string | Unknown)[];
}

/**
 * Reads a PartialTemplate as JSON: unknown interpolations inside JSON strings become Unknown
 * values (a string that only partly depends on an unknown keeps its known text: PartlyKnown). Undefined
 * when the text is not JSON once the unknowns are stood in for.
 */
export function parsePartialJson(t: PartialTemplate): unknown {
  const unknowns: Unknown[] = [];
  let text = '';
  for (const p of t.parts) {
    if (typeof p === 'string') text += p;
    else {
      text += `__iamspec_unknown_${unknowns.length}__`;
      unknowns.push(p);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const token = /__iamspec_unknown_(\d+)__/g;
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      // A string that only partly depends on unknowns keeps its known text (PartlyKnown).
      const parts: (string | Unknown)[] = [];
      let last = 0;
      for (const m of v.matchAll(token)) {
        parts.push(v.slice(last, m.index), unknowns[Number(m[1])]!);
        last = m.index + m[0].length;
      }
      if (!parts.length) return v;
      parts.push(v.slice(last));
      return concatMaybe(parts);
    }
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object') {
      const out: TfObject = {};
      for (const [k, x] of Object.entries(v)) out[k] = restore(x);
      return out;
    }
    return v;
  };
  return restore(parsed);
}

export function isObject(v: unknown): v is TfObject {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Unknown) &&
    !(v instanceof EncodedJson)
  );
}

/** The first Unknown anywhere inside a value (EncodedJson included). */
export function deepUnknown(v: unknown): Unknown | undefined {
  if (v instanceof EncodedJson) return deepUnknown(v.value);
  if (isUnknown(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = deepUnknown(x);
      if (u) return u;
    }
    return undefined;
  }
  if (isObject(v)) {
    for (const x of Object.values(v)) {
      const u = deepUnknown(x);
      if (u) return u;
    }
  }
  return findUnknown(v);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (isUnknown(v)) return 'unknown';
  if (v instanceof EncodedJson) return 'string';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

export class ConversionError extends Error {}

/** HCL conversion to string: numbers and booleans convert; null stays null. */
export function toStr(v: unknown): string | null | Unknown {
  if (v === null || v === undefined) return null;
  if (isUnknown(v)) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof EncodedJson) {
    const u = deepUnknown(v.value);
    if (u) return plain(u);
    return jsonEncode(v.value);
  }
  throw new ConversionError(`cannot convert ${typeName(v)} to string`);
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(n);
}

export function toBool(v: unknown): boolean | Unknown {
  if (isUnknown(v)) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ConversionError(`cannot convert ${typeName(v)} to bool`);
}

export function toNum(v: unknown): number | Unknown {
  if (isUnknown(v)) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new ConversionError(`cannot convert ${typeName(v)} to number`);
}

/** Encodes like Terraform's jsonencode: compact, object keys sorted. Known values only. */
export function jsonEncode(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (v instanceof EncodedJson) return sortKeys(v.value);
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) {
    const out: TfObject = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v === undefined ? null : v;
}

/** Deep equality of known values (HCL `==`: types must match). */
export function tfEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => tfEquals(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && tfEquals(a[k], b[k]));
  }
  return false;
}

/** Lists and sets as arrays; a single value becomes a one-element list; null → []. */
export function asList(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  return [v];
}

/**
 * The key of the stand-in instance for instances whose keys are unknown (`count` or `for_each`
 * known only after apply): its address ends in `[?]`, which no real instance address can.
 */
export const UNKNOWN_KEY = '\u0000?';

/** Formats an instance key for an address: `[0]`, `["name"]`, or `[?]` for the stand-in instance. */
export function formatKey(key: string | number): string {
  if (key === UNKNOWN_KEY) return '[?]';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/**
 * True when `v` holds the stand-in of a region the inputs do not give (`PLACEHOLDER_REGION`, or
 * `UNKNOWN_REGION` of a provider configuration whose region is unknown).
 */
export function holdsStandInRegion(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes(PLACEHOLDER_REGION) || v.includes(UNKNOWN_REGION);
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  return Object.values(v).some((x) => holdsStandInRegion(x, depth + 1));
}

/** Why a value computed from a name the inputs leave unknown is unknown. */
export const UNKNOWN_NAME_COMPARED =
  'it compares or transforms a name the inputs leave unknown (an (unknown-…) part: known only after apply)';

/**
 * True when `v` holds a name the inputs leave unknown (an unknown name part `(unknown-…)`,
 * src/model/stand-ins.ts: the filled name, ARN or id of a resource whose name is known only after
 * apply, eval/computed.ts). Such a string may be placed as it is (interpolated, joined, encoded),
 * but what compares or transforms it cannot be decided from its text.
 */
export function holdsUnknownName(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return hasUnknownNamePart(v);
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  return Object.values(v).some((x) => holdsUnknownName(x, depth + 1));
}

/**
 * A map read with a key built from a region that is not given (`var.amis[data.aws_region.current.name]`,
 * `lookup(m, region, default)`): the entry of whichever region it is, so the value when every
 * candidate (each entry, and the default) is the same, else unknown.
 */
export function keyedByStandInRegion(candidates: unknown[], scope: Scope, pos: Pos | undefined): unknown {
  const first = candidates[0];
  if (candidates.length && !deepUnknown(first) && candidates.every((c) => tfEquals(c, first))) return first;
  return unknownAt(
    scope,
    pos,
    'the key is the deploying region, which is not given, and the entries differ (pass --region)',
  );
}
