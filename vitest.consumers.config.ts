// The consumer tests (`npm run test:consumers`): the packed package installed into fixture
// projects. Slow (a build, npm installs, jest, vitest and TypeScript runs): kept out of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/consumers/**/*.test.ts'],
    globalSetup: ['test/consumers/global-setup.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
    pool: 'forks',
  },
});
