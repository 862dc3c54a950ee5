import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'cdk-example/test/**/*.test.ts', 'tf-example/test/**/*.test.ts'],
    // the packed package in fixture projects: slow, run by `npm run test:consumers` (vitest.consumers.config.ts)
    exclude: ['test/consumers/**', 'test/fixtures/**', '**/node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
