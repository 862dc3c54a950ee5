#!/usr/bin/env node
// Builds iamspec's catalog cache under node_modules/.cache/iamspec/ (or $IAMSPEC_CACHE_DIR):
// the compact index of AWS managed policies (current version of each, byte offsets) and the
// compact action index, both keyed by the data package versions. Meant for `postinstall`;
// the library builds the same files on first use when they are missing.
//
//   node scripts/build-catalog-index.mjs [--force] [--dir DIR] [--strict]
//
// Without --strict it never fails an install: problems are printed and the exit code is 0.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const force = args.includes('--force');
const dirAt = args.indexOf('--dir');
const dir = dirAt >= 0 ? args[dirAt + 1] : undefined;

/** The catalog module: TypeScript sources through tsx in a checkout, else the compiled dist/. */
async function loadCatalog() {
  const source = join(here, '..', 'src', 'catalog', 'catalog-cache.ts');
  if (existsSync(source)) {
    try {
      const { tsImport } = await import('tsx/esm/api');
      return await tsImport(pathToFileURL(source).href, import.meta.url);
    } catch {
      // no tsx (installed without dev dependencies): use the compiled module
    }
  }
  return import(pathToFileURL(join(here, '..', 'dist', 'catalog', 'catalog-cache.js')).href);
}

try {
  const started = performance.now();
  const { buildCatalogIndexes } = await loadCatalog();
  const report = buildCatalogIndexes({ force, dir });
  const line = (label, e) =>
    `  ${label}: ${e.built ? 'built' : 'up to date'}, ${e.count} entries, ${e.millis.toFixed(0)} ms (${e.file})`;
  console.log(`iamspec: catalog cache ready in ${(performance.now() - started).toFixed(0)} ms`);
  console.log(line('managed policies', report.managedPolicies));
  console.log(line('actions', report.actions));
} catch (e) {
  console.error(`iamspec: could not build the catalog cache (${e instanceof Error ? e.message : e}).`);
  console.error('iamspec: it will be built on first use instead.');
  if (strict) process.exitCode = 1;
}
