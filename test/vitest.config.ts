// Vitest configuration. It lives in test/ so that the top level stays as the brief fixes it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  // Node loads graphql's CommonJS build for yoga and Pothos; make the code under test use the
  // same copy, or `instanceof GraphQLError` fails between the two builds.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // The default output, and the names of skipped tests (test/support/skipped-reporter.ts).
    reporters: ['default', './test/support/skipped-reporter.ts'],
  },
});
