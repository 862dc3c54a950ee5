// Logical ids the SAM translator derives from data (its LogicalIdGenerator): the prefix plus the
// first 10 hex digits of the SHA-1 of the data, serialized as Python's
// `json.dumps(data, separators=(",", ":"), sort_keys=True)` (strings as themselves).

import { createHash } from 'node:crypto';

function pyJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${pyString(k)}:${pyJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return 'null';
}

/** JSON string with Python's default `ensure_ascii` escaping. */
function pyString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function generatedLogicalId(prefix: string, data?: unknown): string {
  if (
    data === undefined ||
    data === null ||
    data === '' ||
    (typeof data === 'object' && !Object.keys(data).length)
  )
    return prefix;
  const text = typeof data === 'string' ? data : pyJson(data);
  return prefix + createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 10);
}

/** `prefix + suffix` when the suffix is alphanumeric, else a hashed id (SAM's permission ids). */
export function suffixedLogicalId(prefix: string, suffix: string): string {
  return /^[A-Za-z0-9]*$/.test(suffix) && suffix !== ''
    ? prefix + suffix
    : generatedLogicalId(prefix, suffix);
}
