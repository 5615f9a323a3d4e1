import { defineConfig } from 'vitest/config';

/** Provider verification: replays the pact files the consumer run just wrote against the stateful mock. */
// biome-ignore lint/style/noDefaultExport: vitest reads the default export
export default defineConfig({
  test: {
    include: ['contracts/provider/**/*.verify.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
