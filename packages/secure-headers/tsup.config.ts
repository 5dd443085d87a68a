import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig(
  manaTsupConfig(import.meta.dirname, {
    entry: {
      index: 'src/index.ts',
      node: 'src/adapters/node/index.ts',
      express: 'src/adapters/express/index.ts',
      hono: 'src/adapters/hono/index.ts',
      nest: 'src/adapters/nest/index.ts',
    },
    external: ['hono', '@nestjs/common', '@nestjs/core', 'rxjs'],
  }),
);
