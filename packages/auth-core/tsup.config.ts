import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/verify.ts',
    'src/schema.ts',
    'src/node.ts',
    'src/express.ts',
    'src/hono.ts',
    'src/nest.ts',
  ],
  external: ['express', 'hono', '@nestjs/common', '@nestjs/core', 'ioredis'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  define: { __MANA_AUTH_CORE_VERSION__: JSON.stringify(version) },
});
