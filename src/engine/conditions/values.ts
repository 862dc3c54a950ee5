// Reading policy and request values for the typed operators: numbers (Numeric*), booleans
// (Bool), base64 (BinaryEquals). Each returns undefined for a malformed value; callers treat a
// malformed value as an unknown value (operators.ts, clause.ts), never as an error.

/** Integer or decimal, optional sign and exponent (`10`, `-2.5`, `.5`, `1e3`). */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(s: string): number | undefined {
  if (!NUMBER.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** `true` / `false`, case-insensitive. */
export function parseBool(s: string): boolean | undefined {
  if (s === 'true') return true;
  if (s === 'false') return false;
  const l = s.toLowerCase();
  if (l === 'true') return true;
  if (l === 'false') return false;
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Canonical (padded) base64 of the bytes a base64 string encodes; undefined if not base64. */
export function canonicalBase64(s: string): string | undefined {
  const t = s.trim();
  if (!BASE64.test(t)) return undefined;
  const body = t.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  if (t.length !== body.length && t.length % 4 !== 0) return undefined;
  return Buffer.from(body, 'base64').toString('base64');
}

/** A policy value as text; never throws on odd input (objects without a usable toString). */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    return '[unprintable value]';
  }
}
