import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { defineManaProject } from '../vitest.shared.js';

// Its own run, after the main suite (`pnpm test:adoption`): npm installs into fresh projects on
// three Node versions take minutes, so the fast tests come first. One file per Node major; the
// files run in parallel (they mostly wait on npm and on servers).
const project = defineManaProject({ name: 'adoption', testTimeout: 120_000, hookTimeout: 600_000 });

export default defineConfig({
  ...project,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    ...project.test,
    globalSetup: ['./src/global-setup.ts'],
    maxWorkers: Number(process.env.ADOPTION_WORKERS ?? 3),
    reporters: ['default', '../scripts/summary-reporter.ts'],
  },
});
