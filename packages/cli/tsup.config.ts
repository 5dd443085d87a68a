import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

// The published packages stay imports (one copy of each class in an operator's install).
const external = ['@mana/auth-core', '@mana/security-events', 'pg', 'ioredis', 'better-auth'];

export default defineConfig([
  manaTsupConfig(import.meta.dirname, { entry: { index: 'src/index.ts' }, external, clean: false }),
  // The `mana-auth` bin: ESM only, no types, a shebang; written next to the library build.
  manaTsupConfig(import.meta.dirname, {
    entry: { 'mana-auth': 'src/bin.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    banner: '#!/usr/bin/env node',
    external,
  }),
]);
