// What the built-in function implementations share: argument readers that convert as
// Terraform's function parameters do (a number given where a string is expected is converted,
// null is rejected), the error a call raises when Terraform would reject it (FnError, an
// evaluation error), and the marker for what iamspec cannot compute offline (FnUnknown, an
// unknown value that try() does not skip).

import { isUnknown } from '../../../model/unknown.js';
import {
  ConversionError,
  EncodedJson,
  isObject,
  type TfObject,
  tfEquals,
  toBool,
  toNum,
  toStr,
  typeName,
} from './values.js';

/** Terraform rejects the call (wrong type, out of range, invalid input): an evaluation error. */
export class FnError extends Error {}

/** iamspec cannot compute the result offline (impure, provider-defined, not reproducible): unknown. */
export class FnUnknown extends Error {}

export function str(v: unknown, what = 'argument'): string {
  let s: string | null | ReturnType<typeof toStr>;
  try {
    s = toStr(v);
  } catch (e) {
    if (e instanceof ConversionError) throw new FnError(`${what}: ${e.message}`);
    throw e;
  }
  if (s === null) throw new FnError(`${what} must not be null`);
  if (isUnknown(s)) throw s;
  return s;
}

export function num(v: unknown, what = 'argument'): number {
  if (v === null || v === undefined) throw new FnError(`${what} must not be null`);
  let n: ReturnType<typeof toNum>;
  try {
    n = toNum(v);
  } catch (e) {
    if (e instanceof ConversionError) throw new FnError(`${what}: ${e.message}`);
    throw e;
  }
  if (isUnknown(n)) throw n;
  return n;
}

export function int(v: unknown, what = 'argument'): number {
  const n = num(v, what);
  if (!Number.isInteger(n)) throw new FnError(`${what} must be a whole number, got ${n}`);
  return n;
}

export function bool(v: unknown, what = 'argument'): boolean {
  if (v === null || v === undefined) throw new FnError(`${what} must not be null`);
  let b: ReturnType<typeof toBool>;
  try {
    b = toBool(v);
  } catch (e) {
    if (e instanceof ConversionError) throw new FnError(`${what}: ${e.message}`);
    throw e;
  }
  if (isUnknown(b)) throw b;
  return b;
}

export function list(v: unknown, what = 'argument'): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof EncodedJson) throw new FnError(`${what} must be a list, got a string`);
  throw new FnError(`${what} must be a list, got a ${typeName(v)}`);
}

export function obj(v: unknown, what = 'argument'): TfObject {
  if (isObject(v)) return v;
  throw new FnError(`${what} must be a map or object, got a ${typeName(v)}`);
}

/** Distinct values, first occurrence first. */
export function uniq(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => tfEquals(o, v))) out.push(v);
  return out;
}

/** A set as iamspec represents one: distinct elements, strings in lexical order. */
export function toSet(values: unknown[]): unknown[] {
  const u = uniq(values);
  if (u.every((x) => typeof x === 'string')) return (u as string[]).sort(compareStrings);
  if (u.every((x) => typeof x === 'number')) return (u as number[]).sort((a, b) => a - b);
  return u;
}

/** Byte-wise lexical order of strings (Go's string comparison, which Terraform's sort uses). */
export function compareStrings(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/** The user-perceived characters of a string (Terraform counts grapheme clusters). */
export function graphemes(s: string): string[] {
  const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...seg.segment(s)].map((x) => x.segment);
}
