import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig(
  manaTsupConfig(import.meta.dirname, {
    entry: { index: 'src/index.ts', 'better-auth': 'src/better-auth.ts', nest: 'src/nest.ts' },
    external: ['@nestjs/common', '@nestjs/core'],
  }),
);
