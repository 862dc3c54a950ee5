// AWS managed policies by ARN: the current (default) version's document, read from the compact
// index (managed-policy-index.ts). The index is found in the cache directory or built on first
// use; if it can be neither read nor written, the source JSON is parsed once in memory.

import {
  buildManagedPolicyIndex,
  type CurrentDocuments,
  findManagedPolicyIndex,
  type IndexEntry,
  readCurrentDocuments,
  readManagedPolicyIndex,
  readSlice,
  splitManagedPolicyArn,
} from './managed-policy-index.js';

export interface AwsManagedPolicy {
  /** The ARN in the partition that was asked for, e.g. `arn:aws:iam::aws:policy/AdministratorAccess`. */
  arn: string;
  name: string;
  /** IAM path, `/` or `/service-role/` style. */
  path: string;
  /** The policy's current (default) version, e.g. `v12`. */
  versionId?: string;
  /** The policy document as AWS stores it (not normalized). */
  document: unknown;
}

interface PolicyStore {
  entries: readonly IndexEntry[];
  byName: Map<string, IndexEntry>;
  /** The document JSON text of one entry. */
  text(entry: IndexEntry): string;
}

let store: PolicyStore | undefined;
const textCache = new Map<string, string>();

function openStore(): PolicyStore {
  store ??= loadStore();
  return store;
}

function loadStore(): PolicyStore {
  const found = findManagedPolicyIndex();
  if (found) return fileStore(found.header.policies, found.dataFile);
  const source = readCurrentDocuments();
  try {
    const built = buildManagedPolicyIndex(undefined, source);
    const header = readManagedPolicyIndex(built.dir);
    if (header) return fileStore(header.policies, built.dataFile);
  } catch {
    // No writable cache directory: keep the documents in memory for this run.
  }
  return memoryStore(source);
}

function fileStore(entries: IndexEntry[], dataFile: string): PolicyStore {
  return {
    entries,
    byName: new Map(entries.map((e) => [e[0], e])),
    text: (e) => readSlice(dataFile, e[3], e[4]),
  };
}

/** Last resort when no cache directory can be written: the documents stay in memory. */
function memoryStore(source: CurrentDocuments): PolicyStore {
  const texts = new Map<string, string>();
  const entries: IndexEntry[] = [];
  for (const p of source.policies) {
    entries.push([p.name, p.path, p.versionId, 0, p.json.length]);
    texts.set(p.name, p.json);
  }
  return { entries, byName: new Map(entries.map((e) => [e[0], e])), text: (e) => texts.get(e[0])! };
}

/**
 * The current version of an AWS managed policy, by ARN in any partition
 * (`arn:aws:iam::aws:policy/AdministratorAccess`, `arn:aws-us-gov:iam::aws:policy/service-role/X`).
 * Undefined when the ARN is not an AWS managed policy ARN or names no known policy.
 */
export function getAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  if (typeof arn !== 'string') return undefined;
  const parsed = splitManagedPolicyArn(arn);
  if (!parsed) return undefined;
  const s = openStore();
  const entry = s.byName.get(parsed.name);
  if (!entry || entry[1] !== parsed.path) return undefined;
  let text = textCache.get(entry[0]);
  if (text === undefined) {
    text = s.text(entry);
    textCache.set(entry[0], text);
  }
  return {
    arn: `arn:${parsed.partition}:iam::aws:policy${entry[1]}${entry[0]}`,
    name: entry[0],
    path: entry[1],
    versionId: entry[2],
    document: JSON.parse(text) as unknown,
  };
}

let arnList: string[] | undefined;

/** Every AWS managed policy ARN in the `aws` partition. */
export function listAwsManagedPolicyArns(): string[] {
  arnList ??= openStore().entries.map((e) => `arn:aws:iam::aws:policy${e[1]}${e[0]}`);
  return [...arnList];
}
