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
  // Each vitest project runs the global setup: the first one makes the directory, the others
  // keep it (nesting them made Chromium's socket path longer than the 108 bytes a Unix socket takes).
  if (process.env.IAMSPEC_TEST_TMPDIR) return () => {};
  const runTmp = mkdtempSync(join(tmpdir(), 'iamspec-t-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runTmp;
  process.env.IAMSPEC_TEST_TMPDIR = runTmp;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    delete process.env.IAMSPEC_TEST_TMPDIR;
    rmSync(runTmp, { recursive: true, force: true });
  };
}
