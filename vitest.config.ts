import { defineConfig } from 'vitest/config';

// Tests import each package by its public name; the build (run first by `npm test`) provides dist/.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
