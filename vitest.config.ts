// Two vitest projects, both run by `npm test`:
//   unit       the tests of the sources (test/, and the examples' own tests)
//   consumers  the packed package installed into fixture projects (test/consumers; a build, npm
//              installs from the cache, jest, vitest and TypeScript runs: a few minutes, and it
//              needs the npm registry or a warm npm cache). Its global setup packs and installs
//              once per run, and only when the project is selected.
// `npm run test:unit` / `npm run test:consumers` run one of them (vitest --project NAME).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts', 'cdk-example/test/**/*.test.ts', 'tf-example/test/**/*.test.ts'],
          exclude: ['test/consumers/**', 'test/fixtures/**', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'consumers',
          // after the unit tests, so jest and tsc in the fixture projects do not compete with them
          // (its global setup, the build and the installs, still runs at the start)
          sequence: { groupOrder: 1 },
          include: ['test/consumers/**/*.test.ts'],
          globalSetup: ['test/consumers/global-setup.ts'],
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
        },
      },
    ],
  },
});
