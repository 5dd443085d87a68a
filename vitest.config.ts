import { defineConfig } from 'vitest/config';

// One run for the whole monorepo: each package (and example) is a project with its own
// vitest.config.ts. The summary reporter prints "N passed, N failed" for CI.
export default defineConfig({
  test: {
    projects: ['scripts/vitest.config.ts', 'packages/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
