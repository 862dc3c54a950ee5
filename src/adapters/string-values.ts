// How both adapters read a value given for a string-typed attribute or property (a Terraform
// argument, a CloudFormation property): the one reader, so that a number, an empty string or an
// unknown means the same in either.

import type { Source } from '../model/source.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/**
 * A value as a string attribute (the AWS facts take it so): a non-empty string, an Unknown, or
 * undefined (not set, empty, or a list or object). A number or a bool is the string Terraform
 * converts it to for a string argument (Terraform Language, "tostring Function": "Explicit type
 * conversions are rarely necessary in Terraform because it will convert types automatically where
 * required." ... `tostring(1)` is `"1"`, `tostring(true)` is `"true"`), so `account_id =
 * 444455556666` names that account; CloudFormation reads a scalar property as its text the same
 * way (`adapters/cloudformation/values.ts` `scalarString`).
 */
export function stringOrUnknown(v: unknown): Maybe<string> | undefined {
  if (isUnknown(v)) return v;
  if (typeof v === 'string') return v !== '' ? v : undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `stringOrUnknown`, or `why` as an Unknown at `source` when the value is not a string. */
export function stringOrUnknownWhy(v: unknown, why: string, source: Source): Maybe<string> {
  return stringOrUnknown(v) ?? new Unknown(why, source);
}
