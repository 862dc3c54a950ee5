// TfInstance: one resource instance as the resource handlers see it, whatever it was read from
// (a plan's resource_changes, or a configuration evaluated by iamspec): its address, type, the
// attribute values (with Unknowns where they cannot be known), sources, and the instances its
// attributes refer to (for linking values that are known only after apply).

import type { Source } from '../../model/source.js';
import type { Unknown } from '../../model/unknown.js';
import type { TfObject } from './eval/values.js';
import type { ProviderAccount } from './plan/provider-accounts.js';
import { formatKey } from './eval/values.js';

export type TfAction = 'create' | 'update' | 'replace' | 'no-op' | 'read' | 'delete' | 'forget' | 'config';

/**
 * Whether a plan makes the object anew: a create, or a replace (actions `["delete","create"]` or
 * `["create","delete"]`: "The two \"replace\" actions are represented in this way to allow callers
 * to e.g. just scan the list for \"delete\" to recognize all three situations where the object
 * will be deleted", Terraform "JSON Output Format",
 * https://developer.hashicorp.com/terraform/internals/json-format). The object after apply is a new
 * one either way (a new IAM unique id, a function URL made now). A configuration read without a
 * plan (`config`) does not say.
 */
export function makesNewObject(action: TfAction): boolean {
  return action === 'create' || action === 'replace';
}

export interface TfInstance {
  address: string;
  /** Module instance address, '' for the root module (`module.a["x"].module.b`). */
  moduleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key: string | number | undefined;
  action: TfAction;
  values: TfObject;
  /**
   * The values before the plan, for a plan's update or no-op: what an attribute the
   * configuration leaves to the provider stays (handlers/planned-unknown.ts).
   */
  prior?: TfObject;
  /** Source of one attribute of `prior` (a plan's `change.before`), when the input locates it. */
  priorAttrSource?(attr: string): Source;
  source: Source;
  /** Source of one attribute (falls back to the instance's source). */
  attrSource(attr: string): Source;
  /** Addresses of the resource instances the attribute's expression refers to (best effort). */
  references(attr: string): string[];
  /** Whether the configuration sets the attribute; undefined when the configuration is not known. */
  configured(attr: string): boolean | undefined;
  /**
   * Whether `lifecycle { ignore_changes }` lists the attribute or is `all` (a configuration read
   * without a plan, config/ignore-changes.ts): Terraform never updates it, leaving it to others.
   */
  ignoresChanges?(attr: string): boolean;
  /**
   * Set when the instance might not exist: its `count`/`for_each` (or its module's) is not known
   * from the inputs. Everything the handlers model from it is maybe-present with this reason.
   */
  presence?: Unknown;
  /**
   * Set when the instance lives in another account than the deploying one: its provider
   * configuration (`key`) and where that configuration deploys (plan/provider-accounts.ts).
   */
  providerAccount?: { key: string; where: ProviderAccount };
}

export function instanceAddress(
  moduleAddress: string,
  mode: 'managed' | 'data',
  type: string,
  name: string,
  key: string | number | undefined,
): string {
  const base = `${mode === 'data' ? 'data.' : ''}${type}.${name}${key === undefined ? '' : formatKey(key)}`;
  return moduleAddress ? `${moduleAddress}.${base}` : base;
}

/** Splits `module.a["x"].module.b[0]` into module names with keys. */
export function parseModuleAddress(address: string): { name: string; key: string | number | undefined }[] {
  const out: { name: string; key: string | number | undefined }[] = [];
  const re = /module\.([A-Za-z0-9_-]+)(\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\])?/g;
  for (const m of address.matchAll(re)) {
    const key = m[3] !== undefined ? JSON.parse(`"${m[3]}"`) : m[4] !== undefined ? Number(m[4]) : undefined;
    out.push({ name: m[1]!, key });
  }
  return out;
}

/** The resource address without its instance key: `module.a.aws_iam_role.r["x"]` → `module.a.aws_iam_role.r`. */
export function stripInstanceKey(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/, '');
}
