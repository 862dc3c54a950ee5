// catalog/data-paths.ts: an installed data package is found in the node_modules directories Node's
// resolver looks in (one package.json read); the answer must be the one resolving the package's
// entry point gives (its real path and version), which is what locatePackage did before.

import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IAM_DATA_PACKAGE, locatePackage, MANAGED_POLICIES_PACKAGE } from '../src/catalog/data-paths.js';

/** The package root above the resolved entry point (the slower way). */
function byEntryPoint(name: string): { root: string; version: string } {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name) return { root: dir, version: String(manifest.version) };
    } catch {
      // no package.json here
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package root for ${name}`);
    dir = parent;
  }
}

describe('locatePackage', () => {
  it('finds the data packages where resolving their entry points does', () => {
    for (const name of [IAM_DATA_PACKAGE, MANAGED_POLICIES_PACKAGE]) {
      const expected = byEntryPoint(name);
      expect(locatePackage(name)).toEqual({ root: realpathSync(expected.root), version: expected.version });
    }
  });

  it('falls back to the resolver for a package in no node_modules above (a missing one throws as before)', () => {
    expect(() => locatePackage('iamspec-no-such-package')).toThrow(/Cannot find module/);
  });
});
