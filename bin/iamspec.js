#!/usr/bin/env node
// The iamspec command. Runs the bundled CLI (dist/cli-bundle/, built by `npm run compile`; `npm
// run package` builds and packs), else the compiled modules (dist/cli/); in a checkout without a
// build it runs the TypeScript sources through tsx (a dev dependency). On Node 22.1 and later,
// Node's compile cache (module.enableCompileCache) keeps the compiled code of the CLI between runs.

import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

if (typeof module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    module.enableCompileCache();
  } catch {
    // no writable cache directory: run without it
  }
}

const built = ['../dist/cli-bundle/main.js', '../dist/cli/main.js']
  .map((path) => new URL(path, import.meta.url))
  .find((url) => existsSync(fileURLToPath(url)));
let cli;
if (built) {
  cli = await import(built.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(
      'iamspec: this copy has no build (dist/) and no tsx to run its sources (a git install builds nothing):\n' +
        'install a published or packed iamspec (npm install iamspec, or `npm run package` in a clone makes\n' +
        'the tarball), or run `npm ci && npm run compile` in the clone.',
    );
    process.exit(2);
  }
  register();
  cli = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
process.exitCode = await cli.main(process.argv.slice(2));
