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

/**
 * A string built from known text and unknown parts (`Fn::Sub`/`Fn::Join` with an unknown
 * parameter, a Terraform template with an unknown interpolation): `arn:aws:s3:::` + (unknown) +
 * `/*`. It is an Unknown everywhere (every `isUnknown` check still holds, so nothing that treats
 * it as unknown is less sound); the engine reads `parts` to decide comparisons that no
 * completion of the unknown parts could change (src/policy/partly-known.ts). `parts` alternates
 * non-empty known text and plain Unknowns, with at least one of each.
 */
export class PartlyKnown extends Unknown {
  readonly parts: readonly (string | Unknown)[];
  constructor(parts: readonly (string | Unknown)[], first: Unknown) {
    super(first.reason, first.source);
    this.parts = parts;
  }
  /** The value with each unknown part written `${?}`, for messages. */
  get shape(): string {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${?}` is the literal text messages show for an unknown part
    return this.parts.map((p) => (typeof p === 'string' ? p : '${?}')).join('');
  }
  override toString(): string {
    return `(partly known: ${this.shape}; ${this.reason})`;
  }
  override toJSON(): { unknown: string } {
    return { unknown: `${this.reason} (partly known: ${this.shape})` };
  }
}

/** True when `v` is a PartlyKnown string (duck-typed: a subclass from another module counts). */
export function isPartlyKnown(v: unknown): v is PartlyKnown {
  return v instanceof Unknown && Array.isArray((v as { parts?: unknown }).parts);
}

/**
 * Concatenates known strings and unknown values: a string when all are known, a PartlyKnown
 * when some text is known, the first Unknown when none is. PartlyKnown parts are flattened.
 */
export function concatMaybe(parts: readonly (string | Unknown)[]): string | Unknown {
  const out: (string | Unknown)[] = [];
  let text = '';
  let first: Unknown | undefined;
  const hole = (u: Unknown) => {
    first ??= u;
    if (text) out.push(text);
    text = '';
    // two holes in a row are one hole
    if (out.length && typeof out[out.length - 1] !== 'string') return;
    out.push(u);
  };
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else if (isPartlyKnown(p)) {
      for (const q of p.parts) {
        if (typeof q === 'string') text += q;
        else hole(q);
      }
    } else hole(p);
  }
  if (!first) return text;
  if (text) out.push(text);
  if (!out.some((p) => typeof p === 'string')) return first;
  return new PartlyKnown(out, first);
}
