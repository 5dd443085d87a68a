import { defineConfig } from 'tsup';

/**
 * Build of every example server: one ESM file. The shared example code is TypeScript source in
 * the workspace, so it is bundled in; what it imports stays a dependency of the server.
 */
export const exampleBuild = defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
  noExternal: ['@mana/example-shared'],
  // OpenTelemetry's SDK is CommonJS that requires Node built-ins: bundled into ESM it cannot load.
  external: ['ioredis', '@mana/auth-core', '@mana/security-events', /^@opentelemetry\//],
});
