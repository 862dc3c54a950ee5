// Three vitest projects, all run by `npm test` (and so by .ci/run):
//   unit       the tests of the sources (test/, and the examples' own tests), but the slow ones
//   slow       the tests that start worker threads or a headless browser
//   consumers  the packed package installed into fixture projects (test/consumers; a build, npm
//              installs from the cache, jest, vitest and TypeScript runs: a few minutes, and it
//              needs the npm registry or a warm npm cache). Its global setup packs and installs
//              once per run, and only when the project is selected.
// `npx vitest run --project unit` is the quick loop while editing. The catalog cache is built
// once in the global setup, before the workers start.
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that start worker threads (matrix workers), Chromium (the HTML review) or vitest itself. */
const SLOW = [
  'test/analysis-matrix-workers.test.ts',
  'test/review-html.browser.test.ts',
  'test/access-snapshot-runs.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    // toEqual compares matrices' cells by content (test/setup/matrix-cells-equality.ts).
    setupFiles: ['test/setup/matrix-cells-equality.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts', 'cdk-example/test/**/*.test.ts', 'tf-example/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/consumers/**', 'test/fixtures/**', ...SLOW],
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          sequence: { groupOrder: 0 },
          include: SLOW,
          testTimeout: 120_000,
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
