import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig([
  manaTsupConfig(import.meta.dirname, {
    entry: {
      index: 'src/index.ts',
      verify: 'src/verify.ts',
      schema: 'src/schema.ts',
      node: 'src/adapters/node/index.ts',
      express: 'src/adapters/express/index.ts',
      hono: 'src/adapters/hono/index.ts',
      nest: 'src/adapters/nest/index.ts',
    },
    external: ['express', 'hono', '@nestjs/common', '@nestjs/core', 'ioredis'],
  }),
  // The SQL-export CLI (`mana-auth-sql`): ESM only, no types, a shebang; written next to the
  // library build (clean: false, so the two configs never delete each other's files).
  manaTsupConfig(import.meta.dirname, {
    entry: { 'mana-auth-sql': 'src/cli/mana-auth-sql.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    banner: '#!/usr/bin/env node',
  }),
]);
