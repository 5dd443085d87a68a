import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @mana/security-events generate` writes a new SQL migration into ./migrations
// after a change to src/schema/security-events-table.ts; `pnpm generate` also embeds them
// (packages/internal/scripts/embed-migrations.mjs).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/security-events-table.ts',
  out: './migrations',
  schemaFilter: ['auth'],
});
