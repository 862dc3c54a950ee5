// Two projects, both run by `npm test` (and so by .ci/run): `unit`, everything but the slow
// tests, and `slow`, the tests that start worker threads or a headless browser. Run one with
// `npx vitest run --project unit` (the quick loop while editing). The catalog cache is built
// once in the global setup, before the workers start.
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that start worker threads (matrix workers) or Chromium (the HTML review). */
const SLOW = ['test/analysis-matrix-workers.test.ts', 'test/review-html.browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'cdk-example/test/**/*.test.ts', 'tf-example/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/fixtures/**', ...SLOW],
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
