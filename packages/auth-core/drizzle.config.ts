import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @mana/auth-core generate` writes a new SQL migration into ./migrations
// after a change to src/database/auth-tables.ts; `pnpm generate` also embeds them
// (packages/internal/scripts/embed-migrations.mjs).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/database/auth-tables.ts',
  out: './migrations',
  schemaFilter: ['auth'],
});
