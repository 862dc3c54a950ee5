// Request context as the front ends write it, read into the engine's RequestContext: a mapping of
// condition keys to a string (numbers and booleans are written as strings), a list of strings,
// or null for a key pinned as absent (request files, specs, matchers), and `KEY=VALUE` pairs
// (`--context`; a repeated key collects several values). One reader for every front end; each
// gives its own way to fail (an InputError at the request, a SpecError at the spec element...).

import type { ContextValue, RequestContext } from '../engine/types.js';

/**
 * Reports a malformed context: `path` is the key (and list index) under the context, if any;
 * `atKey` when the key itself (not its value) is wrong.
 */
export type ContextFailure = (message: string, path: readonly string[], atKey?: boolean) => never;

/** `service:Key`, e.g. `aws:SecureTransport`, `s3:prefix`, `aws:PrincipalTag/team`. */
const CONDITION_KEY = /^[A-Za-z0-9_.-]+:[^\s]+$/;

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'a mapping';
  return `the ${typeof v} ${String(v)}`;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Reads a context mapping. Each key must look like a condition key (`service:Key`); each value
 * is a string, a number or boolean (as its string), a list of those, or null (pinned absent).
 */
export function readContext(value: unknown, fail: ContextFailure): RequestContext {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(
      `"context" must be an object (a mapping) of condition keys to a string, a list of strings or null (absent), not ${value === null ? 'null' : kindOf(value)}`,
      [],
    );
  }
  const out: Record<string, ContextValue> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!CONDITION_KEY.test(key)) {
      fail(`"${key}" is not a condition key: write service:Key (aws:SecureTransport)`, [key], true);
    }
    if (v === null) {
      out[key] = null;
      continue;
    }
    const one = scalar(v);
    if (one !== undefined) {
      out[key] = one;
      continue;
    }
    const problem = `the value of context key "${key}" must be a string, a list of strings or null (absent)`;
    if (!Array.isArray(v)) fail(`${problem}, not ${kindOf(v)}`, [key]);
    out[key] = v.map(
      (x, i) => scalar(x) ?? fail(`${problem}, not a list holding ${kindOf(x)}`, [key, String(i)]),
    );
  }
  return out;
}

/** `KEY=VALUE` items (the value may hold `=`); a repeated key collects its values in a list. */
export function contextFromPairs(items: readonly string[], fail: (message: string) => never): RequestContext {
  const out: Record<string, ContextValue> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) fail(`expects KEY=VALUE, got "${item}"`);
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    const prev = out[key];
    out[key] =
      prev === undefined || prev === null ? value : [...(typeof prev === 'string' ? [prev] : prev), value];
  }
  return out;
}

/** `k=v, k2=[a, b], k3 absent`, for messages. */
export function describeContext(context: RequestContext | undefined): string {
  if (!context) return '';
  return Object.entries(context)
    .map(([k, v]) => (v === null ? `${k} absent` : `${k}=${typeof v === 'string' ? v : `[${v.join(', ')}]`}`))
    .join(', ');
}

/**
 * Contexts merged key by key, later ones over earlier ones (a spec's default `context:`, then an
 * expectation's, then an entry's): a key given again (in any letter case: condition key names are
 * case-insensitive) replaces the earlier value, null included (pinned absent). Undefined when none.
 */
export function mergeContexts(...contexts: (RequestContext | undefined)[]): RequestContext | undefined {
  const present = contexts.filter((c): c is RequestContext => !!c);
  if (!present.length) return undefined;
  const out: Record<string, ContextValue> = {};
  const keyOf = new Map<string, string>();
  for (const c of present) {
    for (const [key, value] of Object.entries(c)) {
      const lower = key.toLowerCase();
      const before = keyOf.get(lower);
      if (before !== undefined && before !== key) delete out[before];
      keyOf.set(lower, key);
      out[key] = value;
    }
  }
  return out;
}
