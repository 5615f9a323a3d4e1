import { defineConfig } from 'vitest/config';

/**
 * Consumer Pact tests of the reference client. They write `contracts/pacts/`, which the global setup
 * clears first (pact files merge rather than overwrite). One file at a time: two files may add to the
 * same pact file.
 */
// biome-ignore lint/style/noDefaultExport: vitest reads the default export
export default defineConfig({
  test: {
    include: ['contracts/consumer/**/*.pact.test.ts'],
    globalSetup: ['contracts/consumer/clear-pacts.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    // Under heavy machine load the Pact mock server has (rarely, not reproducibly) reported a POST
    // the client made as "expected but not received". A retry re-runs the whole interaction; a
    // real contract mismatch fails every attempt.
    retry: 2,
    pool: 'forks',
  },
});
