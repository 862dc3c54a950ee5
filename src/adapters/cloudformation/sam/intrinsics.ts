// Intrinsic-function helpers for the SAM expansion: recognizing intrinsics the way the SAM
// translator does (`is_intrinsic`, `is_intrinsic_if`, `is_intrinsic_no_value`,
// `get_logical_id_from_intrinsic`) and building the ones it writes into processed templates.

import { Unknown } from '../../../model/unknown.js';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** A single-key object whose key is `Ref`, `Condition` or starts with `Fn::`. */
export function isIntrinsic(v: unknown): boolean {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

export function isIf(v: unknown): v is { 'Fn::If': unknown[] } {
  return isIntrinsic(v) && Array.isArray((v as Record<string, unknown>)['Fn::If']);
}

/** The three operands of a well-formed `Fn::If`; undefined otherwise. */
export function ifOperands(v: unknown): [unknown, unknown, unknown] | undefined {
  if (!isIf(v)) return undefined;
  const a = v['Fn::If'];
  return a.length === 3 && typeof a[0] === 'string' ? [a[0], a[1], a[2]] : undefined;
}

export function isNoValue(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 1 && v.Ref === 'AWS::NoValue';
}

/** The logical id an intrinsic refers to (`Ref X`, `Fn::GetAtt [X, a]`, `Fn::GetAtt X.a`). */
export function logicalIdOf(v: unknown): string | undefined {
  if (!isIntrinsic(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  const g = o['Fn::GetAtt'];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  if (typeof g === 'string') return g.split('.')[0];
  return undefined;
}

/** A CodeUri / ContentUri (`s3://bucket/key`, `{ Bucket, Key }`, or a local path before packaging) as `{ S3Bucket, S3Key }`. */
export function s3Location(uri: unknown): Record<string, unknown> {
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    return m ? { S3Bucket: m[1], S3Key: m[2] } : { S3Bucket: 'local', S3Key: uri };
  }
  return isObject(uri) ? { S3Bucket: uri.Bucket, S3Key: uri.Key } : {};
}

export const ref = (id: string): Record<string, unknown> => ({ Ref: id });
export const getAtt = (id: string, attr: string): Record<string, unknown> => ({ 'Fn::GetAtt': [id, attr] });
export const sub = (text: string, vars?: Record<string, unknown>): Record<string, unknown> => ({
  'Fn::Sub': vars ? [text, vars] : text,
});
