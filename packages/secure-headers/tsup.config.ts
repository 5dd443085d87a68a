import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/express.ts', 'src/hono.ts', 'src/nest.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Shared chunks: one copy of the core per format, so the policy and the nonce pool are shared
  // between the entry points.
  splitting: true,
  external: ['hono', '@nestjs/common', '@nestjs/core', 'rxjs'],
});
