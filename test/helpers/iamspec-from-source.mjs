// The iamspec command run from the TypeScript sources (through tsx), for tests that start the
// CLI as a process the way the Action does (`node <cli> check ...`) without a build.

import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../../src/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
