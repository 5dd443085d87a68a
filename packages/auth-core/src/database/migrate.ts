import { type Migration, runMigrations } from '@mana/internal';
import type { ManaDatabase } from './create-database.js';
import { authCoreMigrations } from './migrations.generated.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Extra migration sets to apply after auth-core's, e.g. `@mana/security-events`'s. */
  include?: ReadonlyArray<{ package: string; migrations: readonly Migration[] }>;
}

/** Result of {@link migrate}: the migrations applied by this call (empty when up to date). */
export interface MigrateResult {
  applied: string[];
}

/**
 * Applies the SQL migrations shipped in the package (the `auth` schema and its tables).
 * Idempotent, and safe when several processes run it at once: each runs in one transaction
 * that first takes a PostgreSQL advisory lock, so the second waits and then finds nothing to do.
 * A migration whose SQL changed after it was applied is reported as an error, not re-run.
 * The runner, lock and bookkeeping table (`public.mana_migrations`) are shared with
 * `@mana/security-events`' `migrateSecurityEvents()`.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL);
 * const { applied } = await migrate(database);
 * ```
 */
export async function migrate(database: ManaDatabase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const sets = [{ package: '@mana/auth-core', migrations: authCoreMigrations }, ...(options.include ?? [])];
  return { applied: await runMigrations(database, sets) };
}
