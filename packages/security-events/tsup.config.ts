import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/better-auth.ts', 'src/nest.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  // The subpath entries import the main entry by its package name: one copy of each class (one
  // Nest injection token, one SecurityEventsError for instanceof), whichever entry loads first.
  external: ['@mana/security-events'],
});
