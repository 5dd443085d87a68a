import { describe } from 'vitest';

/**
 * `describe` for suites that start servers against a PostgreSQL server. Without
 * TEST_DATABASE_URL outside CI (the harness would fall back to in-process PGlite, which a
 * separate server process cannot reach) they are skipped with a notice; in CI they always run.
 */
export const describeWithServer: typeof describe = (() => {
  if (process.env.TEST_DATABASE_URL || process.env.CI) return describe;
  console.warn(
    '[contract-tests] TEST_DATABASE_URL is not set: example server suites are skipped. Set it to run them.',
  );
  return describe.skip as typeof describe;
})();
