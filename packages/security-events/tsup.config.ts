import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig([
  {
    ...manaTsupConfig(import.meta.dirname, {
      entry: { index: 'src/index.ts', 'better-auth': 'src/better-auth.ts', nest: 'src/nest.ts' },
      external: ['@nestjs/common', '@nestjs/core'],
    }),
    // import.meta.url in the CJS build (integrity: locating the hash worker's script).
    shims: true,
  },
  // integrity: the hash worker's script, loaded by path (worker_threads) from the build next to it.
  manaTsupConfig(import.meta.dirname, {
    entry: { 'integrity-hash-worker': 'src/integrity/hash/hash-worker.ts' },
    dts: false,
    clean: false,
  }),
  // The SQL-export CLI: ESM only, no types, a shebang; written next to the library build.
  manaTsupConfig(import.meta.dirname, {
    entry: { 'mana-security-events-sql': 'src/cli/mana-security-events-sql.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    banner: '#!/usr/bin/env node',
  }),
]);
