#!/usr/bin/env node
// `postpack`: fails `npm pack` / `npm publish` when the package was packed without its build
// (dist/). The package has no `build`, `prepack` or `prepare` script on purpose: npm prepares a
// git dependency that has one by installing every dev dependency (CDK, CDKTF, a browser
// driver...), which is what made `npm install github:...` slow. Build with `npm run package`
// (build, then pack) or `npm run compile`; `npm publish` builds through `prepublishOnly`.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const required = [
  'dist/cli/main.js',
  'dist/cli-bundle/main.js',
  'dist/cli-bundle/worker.js',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/cjs/index.js',
  'dist/cjs/testing/jest.js',
  'dist/catalog-cache',
];
const missing = required.filter((f) => !existsSync(join(root, f)));
if (missing.length > 0) {
  console.error(
    `iamspec: packed without a build (missing ${missing.join(', ')}): the tarball cannot run.\n` +
      'Run `npm run package` (builds, then packs) instead of `npm pack`.',
  );
  process.exit(1);
}
// A build older than the sources would ship stale code.
const built = Math.min(
  statSync(join(root, 'dist/cli/main.js')).mtimeMs,
  statSync(join(root, 'dist/cli-bundle/main.js')).mtimeMs,
);
const newest = newestSource(join(root, 'src'));
if (newest.mtimeMs > built) {
  console.error(
    `iamspec: dist/ is older than ${newest.path}: the tarball would ship stale code.\n` +
      'Run `npm run package` (builds, then packs).',
  );
  process.exit(1);
}

function newestSource(dir) {
  let newestFile = { path: dir, mtimeMs: 0 };
  for (const name of readdir(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    const candidate = s.isDirectory() ? newestSource(path) : { path, mtimeMs: s.mtimeMs };
    if (candidate.mtimeMs > newestFile.mtimeMs) newestFile = candidate;
  }
  return newestFile;
}

function readdir(dir) {
  return existsSync(dir) ? readdirSync(dir) : [];
}
