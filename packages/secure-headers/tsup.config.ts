import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig(
  manaTsupConfig(import.meta.dirname, {
    entry: {
      index: 'src/index.ts',
      node: 'src/node.ts',
      express: 'src/express.ts',
      hono: 'src/hono.ts',
      nest: 'src/nest.ts',
    },
    external: ['hono', '@nestjs/common', '@nestjs/core', 'rxjs'],
  }),
);
