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

/** Finds the first Unknown anywhere inside a JSON-like value (arrays and plain objects). */
export function findUnknown(v: unknown, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (depth > 64 || v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = findUnknown(x, depth + 1);
      if (u) return u;
    }
    return undefined;
  }
  for (const x of Object.values(v as Record<string, unknown>)) {
    const u = findUnknown(x, depth + 1);
    if (u) return u;
  }
  return undefined;
}
