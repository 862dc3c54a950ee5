#!/usr/bin/env node
// Builds what the package ships (`npm run compile`; `npm run package` builds, then packs;
// `npm publish` runs it through `prepublishOnly`). Not a `build`/`prepack`/`prepare` script: npm
// prepares a git dependency that has one by installing all its dev dependencies (see
// scripts/check-packed.mjs, the `postpack` check that the tarball has the build):
//   dist/                 ES modules, declarations and source maps (tsc -p tsconfig.build.json)
//   dist/cjs/             the same modules as CommonJS (esbuild, one file per module, so both
//                         builds have the same module graph), their source maps, a copy of the
//                         declarations and a package.json saying {"type": "commonjs"}
//   dist/catalog-cache/   the compact action and managed policy indexes (src/catalog), found at
//                         run time through the package root, so installing runs no script
//   dist/cli-bundle/      the command line as a few bundled ES module files (esbuild: main.js,
//                         the matrix worker's worker.js, and chunks for what commands import
//                         lazily), which bin/iamspec.js runs: loading some 170 module files
//                         cost a third of a short command's CPU time. Whitespace and syntax are
//                         minified (names kept). Dependencies stay external (node_modules), so
//                         the library and the CLI use the same ones.
// Source maps point at src/, which the package ships.
//
//   node scripts/build.mjs [--skip-tsc]     (--skip-tsc: reuse dist/ from an earlier tsc run)

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const cjs = join(dist, 'cjs');
const skipTsc = process.argv.includes('--skip-tsc');

/** Modules left out of the CommonJS build: the CLI entry awaits at top level and runs as ESM only (bin/). */
const ESM_ONLY = new Set(['cli/main.ts']);

function files(dir, keep) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

function step(label, run) {
  const started = performance.now();
  const result = run();
  const done = () => console.log(`build: ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (result instanceof Promise) {
    return result.then((value) => {
      done();
      return value;
    });
  }
  done();
  return result;
}

if (!skipTsc) {
  step('ES modules and declarations (tsc)', () => {
    rmSync(dist, { recursive: true, force: true });
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  });
}

await step('CommonJS modules (esbuild)', async () => {
  rmSync(cjs, { recursive: true, force: true });
  const entryPoints = files(
    src,
    (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !ESM_ONLY.has(relative(src, f).split('\\').join('/')),
  );
  // import.meta.url has no CommonJS equivalent: each module gets the file URL of its own file.
  const metaUrl = '__iamspec_import_meta_url';
  await build({
    entryPoints,
    outdir: cjs,
    outbase: src,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    define: { 'import.meta.url': metaUrl },
    // 'use strict' first: a directive after the banner would not count, and ES modules are strict.
    banner: { js: `'use strict';\nvar ${metaUrl} = require('node:url').pathToFileURL(__filename).href;` },
  });
  writeFileSync(join(cjs, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  // The declarations are the same for both builds; under dist/cjs/ they describe CommonJS modules.
  for (const file of files(dist, (f) => f.endsWith('.d.ts') && !f.startsWith(cjs))) {
    const target = join(cjs, relative(dist, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
});

await step('CLI bundle (esbuild)', async () => {
  const out = join(dist, 'cli-bundle');
  rmSync(out, { recursive: true, force: true });
  await build({
    // workers.ts starts `./worker.js` next to the module that holds it: with every file of the
    // bundle in one directory, that is the worker entry below.
    entryPoints: { main: join(src, 'cli', 'main.ts'), worker: join(src, 'analysis', 'matrix', 'worker.ts') },
    outdir: out,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Whitespace and syntax only: a third less text for V8 to parse and compile on every run
    // (about 3% of a short command's CPU on Node 20); names stay, so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
});

step('catalog indexes', () => {
  // The freshly built CommonJS catalog module writes the same files the library would build on first use.
  const out = join(dist, 'catalog-cache');
  rmSync(out, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const r = require(${JSON.stringify(join(cjs, 'catalog', 'catalog-cache.js'))}).buildCatalogIndexes({ dir: ${JSON.stringify(out)} });
       console.log('  managed policies: ' + r.managedPolicies.count + ', actions: ' + r.actions.count);`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
});
