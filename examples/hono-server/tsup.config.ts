import { defineConfig } from 'tsup';

// The shared example code is TypeScript source in the workspace: bundle it into the server.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
  noExternal: ['@mana/example-shared'],
  // What the shared code imports stays a dependency of the server (see package.json).
  external: ['ioredis', '@mana/auth-core', '@mana/security-events'],
});
