// Values produced by evaluating a template: plain JSON with `Unknown` where a value cannot be
// known offline, and the `NO_VALUE` marker (`AWS::NoValue`) that removes a property or list
// element. Also the origin table that maps every evaluated container back to the JSON pointer
// it was built from, so policy elements resolved through intrinsics keep their line:column.

import type { Locator } from '../../model/source.js';
import { Unknown } from '../../model/unknown.js';
import { parsePointer } from '../../policy/located-json.js';

/** `{ "Ref": "AWS::NoValue" }`: the property or list element is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type NoValue = typeof NO_VALUE;

/** JSON-like data whose leaves may be Unknown (arrays and plain objects nest). */
export type Value = string | number | boolean | null | Unknown | Value[] | { [key: string]: Value };
export type Resolved = Value | NoValue;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** A single-key object whose key is `Ref` or starts with `Fn::` (an intrinsic function call). */
export function intrinsicName(node: unknown): string | undefined {
  if (!isRecord(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  return k === 'Ref' || k.startsWith('Fn::') ? k : undefined;
}

/** Scalar to string the way CloudFormation passes values (numbers and booleans as text). */
export function scalarString(v: Resolved): string | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Deep equality of evaluated values; scalars compare as CloudFormation strings. */
export function valuesEqual(a: Resolved, b: Resolved): boolean {
  if (a === b) return true;
  if (a instanceof Unknown || b instanceof Unknown) return false;
  const sa = scalarString(a);
  const sb = scalarString(b);
  if (typeof sa === 'string' && typeof sb === 'string') return sa === sb;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && valuesEqual(a[k] as Value, b[k] as Value));
  }
  return false;
}

/** Counts Unknown instances inside a value (diagnostics and the corpus report). */
export function countUnknowns(v: unknown, seen = new Set<unknown>()): number {
  if (v instanceof Unknown) return 1;
  if (v === null || typeof v !== 'object' || seen.has(v)) return 0;
  seen.add(v);
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>))
    n += countUnknowns(x, seen);
  return n;
}

// ---------------------------------------------------------------------------------------
// Origins

interface Origin {
  /** Pointer in the template file the container was built from. */
  self: string;
  /** Pointer of each child, when it differs from `self/<token>` (list elements after NoValue). */
  children: Map<string, string> | undefined;
  /** The template's locator; origins from another file are not followed. */
  locate: Locator | undefined;
}

/** Remembers where evaluated containers came from. One table per load session. */
export class OriginTable {
  private readonly table = new WeakMap<object, Origin>();

  record(container: object, self: string, locate: Locator | undefined, children?: Map<string, string>): void {
    this.table.set(container, { self, children, locate });
  }

  get(container: object): Origin | undefined {
    return this.table.get(container);
  }

  /**
   * A locator for an evaluated document: `prefix` is the document's own pointer (as given to the
   * policy grammar in `source.pointer`); deeper pointers are followed through the evaluated value
   * to the template position the element was built from.
   */
  locatorFor(doc: unknown, prefix: string, docOrigin: string, locate: Locator | undefined): Locator {
    return (pointer) => {
      if (!locate) return undefined;
      if (pointer !== prefix && !pointer.startsWith(prefix + '/')) return locate(pointer);
      const tokens = parsePointer(pointer.slice(prefix.length));
      if (!tokens) return undefined;
      let cur: unknown = doc;
      let origin = docOrigin;
      const rootInfo = typeof cur === 'object' && cur !== null ? this.table.get(cur) : undefined;
      if (rootInfo && rootInfo.locate === locate) origin = rootInfo.self;
      for (const t of tokens) {
        if (cur === null || typeof cur !== 'object' || cur instanceof Unknown) break;
        const info = this.table.get(cur);
        if (!info || info.locate !== locate) break;
        const next: unknown = (cur as Record<string, unknown>)[t];
        if (next === undefined) break;
        let childOrigin =
          info.children?.get(t) ?? `${info.self}/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (next !== null && typeof next === 'object') {
          const ni = this.table.get(next);
          if (ni && ni.locate === locate) childOrigin = ni.self;
        }
        origin = childOrigin;
        cur = next;
      }
      return locate(origin) ?? undefined;
    };
  }
}
