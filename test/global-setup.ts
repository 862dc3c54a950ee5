// Vitest global setup: builds the catalog cache (the compact action index and the managed policy
// index, src/catalog/catalog-cache.ts) once, before any test file runs, so the test workers read
// it instead of each building it on first use. A valid cache is left as it is.
// It also gives the run its own temporary directory (TMPDIR, inherited by the test workers and
// the processes they start), removed when the run ends, so the hundreds of temporary projects,
// templates and `cdk.out` directories the tests write do not pile up in the system's /tmp.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalogIndexes } from '../src/catalog/catalog-cache.js';

export default function setup(): () => void {
  buildCatalogIndexes();
  const runTmp = mkdtempSync(join(tmpdir(), 'iamspec-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runTmp;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runTmp, { recursive: true, force: true });
  };
}
