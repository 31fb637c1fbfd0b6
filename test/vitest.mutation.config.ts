// Vitest configuration for mutation testing (npm run test:mutation, test/stryker.config.json): the
// pure domain tests only (no database, no global setup), which are the tests that pin the rules
// of server/domain/. The HiGHS cross-check is left out: it re-checks the optimiser on large
// instances at 8 s a run, and the property and oracle tests already cover the same code. The
// property tests run 40 cases each here (FUZZ_RUNS) instead of hundreds: a mutant is run against
// every test that covers it, and most mutants die on the first case that reaches them.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/domain/**/*.test.ts'],
    // simulation.test.ts replays whole demo years (seconds each) and starts the CLI: the year
    // simulation's mutants are judged by simulation-parts and simulation-rules, on small inputs.
    exclude: ['test/domain/matching-milp.test.ts', 'test/domain/simulation.test.ts'],
    testTimeout: 60_000,
    env: { FUZZ_RUNS: '40' },
  },
});
