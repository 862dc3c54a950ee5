// Builds the catalog cache (the compact managed policy index and the compact catalog index) in
// one go: scripts/build.mjs ships them in the package (dist/catalog-cache), and tools that want to
// pay the build cost up front instead of on first use can call it too.

import { join } from 'node:path';
import { buildCatalogIndex, catalogIndexFileName, decodeCatalogIndex } from './catalog-index.js';
import { findCacheFile } from './cache-files.js';
import { IAM_DATA_PACKAGE, locatePackage } from './data-paths.js';
import { buildManagedPolicyIndex, findManagedPolicyIndex } from './managed-policy-index.js';

export interface CatalogCacheEntry {
  /** False when a valid file was already there. */
  built: boolean;
  file: string;
  count: number;
  millis: number;
}

export interface CatalogCacheReport {
  managedPolicies: CatalogCacheEntry;
  actions: CatalogCacheEntry;
}

/**
 * Builds whatever is missing or stale; with `force` (or an explicit `dir`) builds everything.
 * Throws when nothing can be written.
 */
export function buildCatalogIndexes(options: { force?: boolean; dir?: string } = {}): CatalogCacheReport {
  const force = options.force === true || options.dir !== undefined;
  return {
    managedPolicies: ensureManagedPolicyIndex(force, options.dir),
    actions: ensureActionIndex(force, options.dir),
  };
}

function ensureManagedPolicyIndex(force: boolean, dir: string | undefined): CatalogCacheEntry {
  const started = performance.now();
  const existing = force ? undefined : findManagedPolicyIndex();
  if (existing) {
    const count = existing.header.policies.length;
    return { built: false, file: existing.dataFile, count, millis: performance.now() - started };
  }
  const r = buildManagedPolicyIndex(dir);
  return { built: true, file: r.dataFile, count: r.policies, millis: r.millis };
}

function ensureActionIndex(force: boolean, dir: string | undefined): CatalogCacheEntry {
  const started = performance.now();
  const version = locatePackage(IAM_DATA_PACKAGE).version;
  const name = catalogIndexFileName(version);
  const existing = force
    ? undefined
    : findCacheFile(name, (bytes) => decodeCatalogIndex(bytes, version), 'bytes');
  if (existing) {
    let count = 0;
    for (const [p] of existing.value.services) count += existing.value.service(p)?.actions.length ?? 0;
    return { built: false, file: join(existing.dir, name), count, millis: performance.now() - started };
  }
  const r = buildCatalogIndex(dir);
  return { built: true, file: r.file, count: r.actions, millis: r.millis };
}
