import { defineConfig } from 'tsup';
import { manaTsupConfig } from '../internal/tsup-preset.js';

export default defineConfig(manaTsupConfig(import.meta.dirname, { entry: { index: 'src/index.ts' } }));
