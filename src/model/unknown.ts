// Unknown values: what an adapter could not resolve (known only after apply, an import from
// outside the inputs, a parameter without a default). They travel through policies and the
// model so that decisions depending on them become `indeterminate`, never a silent allow/deny.

import type { Source } from './source.js';

export class Unknown {
  readonly reason: string;
  readonly source: Source | undefined;
  constructor(reason: string, source?: Source) {
    this.reason = reason;
    this.source = source;
  }
  toString(): string {
    return `(unknown: ${this.reason})`;
  }
  toJSON(): { unknown: string } {
    return { unknown: this.reason };
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** A value that may not be known until apply. */
export type Maybe<T> = T | Unknown;

/**
 * Finds the first Unknown anywhere inside a JSON-like value (arrays and plain objects), depth
 * first in document order. Iterative, with no depth cut-off (an Unknown nested however deep is
 * found: a value is never taken as known because it is deep); each object is looked at once.
 */
export function findUnknown(v: unknown): Unknown | undefined {
  const stack: unknown[] = [v];
  const seen = new Set<object>();
  while (stack.length) {
    const x = stack.pop();
    if (x instanceof Unknown) return x;
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const children = Array.isArray(x) ? x : Object.values(x as Record<string, unknown>);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}
