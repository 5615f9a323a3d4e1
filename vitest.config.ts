import { defineConfig } from 'vitest/config';

/** Vitest configuration: every `test/**\/*.test.ts`, run in forked processes with a generous timeout. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    exclude: ['node_modules/**', 'test/fixtures/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
