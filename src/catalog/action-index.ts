// The compact action index: every action of every service in one small JSON file
// (`iam-data-<version>.f<format>.actions.json` in the catalog cache), so loading the whole
// catalog for an exhaustive check costs one file read instead of 456. Condition key lists and
// resource type lists are shared: actions with equal lists point to one frozen array.

import { join } from 'node:path';
import { serviceActionsFromData } from './action-records.js';
import { findCacheFile, writeCacheFiles } from './cache-files.js';
import { IAM_DATA_PACKAGE, locatePackage } from './data-paths.js';
import { allServicePrefixes } from './services.js';
import type { AccessLevel, CatalogAction } from './types.js';

export const ACTION_INDEX_FORMAT = 1;

const LEVEL_CODES: Record<AccessLevel, string> = {
  Read: 'R',
  Write: 'W',
  List: 'L',
  'Permissions management': 'P',
  Tagging: 'T',
};
const LEVELS_BY_CODE = new Map(
  Object.entries(LEVEL_CODES).map(([level, code]) => [code, level as AccessLevel]),
);

type EncodedAction = [name: string, level: string, resourceTypeSet: number, conditionKeySet: number];

interface ActionIndexFile {
  format: number;
  package: string;
  version: string;
  conditionKeySets: string[][];
  resourceTypeSets: [name: string, required: 0 | 1][][];
  services: Record<string, EncodedAction[]>;
}

export function actionIndexFileName(version: string): string {
  return `iam-data-${version}.f${ACTION_INDEX_FORMAT}.actions.json`;
}

/** Every service's actions read from the iam-data files (456 reads). */
export function actionsFromData(): Map<string, CatalogAction[]> {
  return new Map(allServicePrefixes().map((p) => [p, serviceActionsFromData(p)]));
}

function interner<T>(): { list: T[]; id(value: T): number } {
  const list: T[] = [];
  const ids = new Map<string, number>();
  return {
    list,
    id(value) {
      const key = JSON.stringify(value);
      let id = ids.get(key);
      if (id === undefined) {
        id = list.length;
        list.push(value);
        ids.set(key, id);
      }
      return id;
    },
  };
}

export function encodeActionIndex(byService: Map<string, CatalogAction[]>, version: string): string {
  const keySets = interner<string[]>();
  const typeSets = interner<[string, 0 | 1][]>();
  const services: Record<string, EncodedAction[]> = {};
  for (const [prefix, actions] of byService) {
    services[prefix] = actions.map((a) => [
      a.name.slice(prefix.length + 1),
      LEVEL_CODES[a.accessLevel],
      typeSets.id(a.resourceTypes.map((rt) => [rt.name, rt.required ? 1 : 0])),
      keySets.id([...a.conditionKeys]),
    ]);
  }
  const file: ActionIndexFile = {
    format: ACTION_INDEX_FORMAT,
    package: IAM_DATA_PACKAGE,
    version,
    conditionKeySets: keySets.list,
    resourceTypeSets: typeSets.list,
    services,
  };
  return JSON.stringify(file);
}

/** Decodes an index file; undefined when it is of another format or package version. */
export function decodeActionIndex(text: string, version: string): Map<string, CatalogAction[]> | undefined {
  const file = JSON.parse(text) as ActionIndexFile;
  if (file.format !== ACTION_INDEX_FORMAT || file.version !== version || typeof file.services !== 'object') {
    return undefined;
  }
  const keySets = file.conditionKeySets.map((k) => Object.freeze(k));
  const typeSets = file.resourceTypeSets.map((set) =>
    Object.freeze(set.map(([name, required]) => Object.freeze({ name, required: required === 1 }))),
  );
  const out = new Map<string, CatalogAction[]>();
  for (const [prefix, encoded] of Object.entries(file.services)) {
    out.set(
      prefix,
      encoded.map(([name, level, typeSet, keySet]) => ({
        name: `${prefix}:${name}`,
        service: prefix,
        accessLevel: LEVELS_BY_CODE.get(level) ?? 'Write',
        resourceTypes: typeSets[typeSet] ?? [],
        conditionKeys: keySets[keySet] ?? [],
      })),
    );
  }
  return out;
}

/** Builds the action index from iam-data and writes it to `dir` or the first writable cache dir. */
export function buildActionIndex(dir?: string): { file: string; actions: number; millis: number } {
  const started = performance.now();
  const version = locatePackage(IAM_DATA_PACKAGE).version;
  const byService = actionsFromData();
  const name = actionIndexFileName(version);
  const written = writeCacheFiles([{ name, data: encodeActionIndex(byService, version) }], dir);
  let actions = 0;
  for (const list of byService.values()) actions += list.length;
  return { file: join(written, name), actions, millis: performance.now() - started };
}

/**
 * Every service's actions: from the cached index, else read from iam-data (and the index
 * written for the next run, when a cache directory is writable).
 */
export function loadAllActions(): Map<string, CatalogAction[]> {
  const version = locatePackage(IAM_DATA_PACKAGE).version;
  const found = findCacheFile(actionIndexFileName(version), (text) => decodeActionIndex(text, version));
  if (found) return found.value;
  const byService = actionsFromData();
  try {
    writeCacheFiles([{ name: actionIndexFileName(version), data: encodeActionIndex(byService, version) }]);
  } catch {
    // read-only everywhere: this run still has the actions
  }
  return byService;
}
