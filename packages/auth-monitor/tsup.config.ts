import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig([
  manaTsupConfig(import.meta.dirname, { entry: { index: 'src/index.ts' }, clean: false }),
  manaTsupConfig(import.meta.dirname, {
    entry: { 'cli-health': 'src/cli/cli-health.ts', 'cli-dashboard': 'src/cli/cli-dashboard.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    banner: '#!/usr/bin/env node',
  }),
]);
