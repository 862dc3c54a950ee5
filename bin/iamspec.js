#!/usr/bin/env node
// The iamspec command. Runs the compiled CLI (dist/, built by `npm run compile`; `npm run package`
// builds and packs); in a checkout without a build it runs the TypeScript sources through tsx
// (a dev dependency).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let cli;
if (existsSync(fileURLToPath(compiled))) {
  cli = await import(compiled.href);
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
