import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'cdk-example/test/**/*.test.ts', 'tf-example/test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
