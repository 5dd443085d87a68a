import type { ManaDatabase, SqlQuery } from './database.js';
import type { Migration } from './migration-types.js';
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

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_305_118_274;

/**
 * Applies the SQL migrations shipped in the package (the `auth` schema and its tables).
 * Idempotent, and safe when several processes run it at once: each runs in one transaction
 * that first takes a PostgreSQL advisory lock, so the second waits and then finds nothing to do.
 * A migration whose SQL changed after it was applied is reported as an error, not re-run.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL);
 * const { applied } = await migrate(database);
 * ```
 */
export async function migrate(database: ManaDatabase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const sets = [{ package: '@mana/auth-core', migrations: authCoreMigrations }, ...(options.include ?? [])];
  return database.transaction(async (query) => {
    await query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await query(
      `CREATE TABLE IF NOT EXISTS public.mana_migrations (
         package text NOT NULL, name text NOT NULL, hash text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (package, name))`,
    );
    const applied: string[] = [];
    for (const set of sets) {
      applied.push(...(await applySet(query, set.package, set.migrations)));
    }
    return { applied };
  });
}

async function applySet(query: SqlQuery, pkg: string, migrations: readonly Migration[]): Promise<string[]> {
  const rows = await query<{ name: string; hash: string }>(
    'SELECT name, hash FROM public.mana_migrations WHERE package = $1',
    [pkg],
  );
  const done = new Map(rows.map((row) => [row.name, row.hash]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const previous = done.get(migration.name);
    if (previous !== undefined) {
      if (previous !== migration.hash) {
        throw new Error(
          `Migration ${pkg}/${migration.name} was applied with different SQL (hash ${previous.slice(0, 12)}, ` +
            `now ${migration.hash.slice(0, 12)}). Never edit an applied migration: generate a new one.`,
        );
      }
      continue;
    }
    for (const statement of migration.statements) await query(statement);
    await query('INSERT INTO public.mana_migrations (package, name, hash) VALUES ($1, $2, $3)', [
      pkg,
      migration.name,
      migration.hash,
    ]);
    applied.push(`${pkg}/${migration.name}`);
  }
  return applied;
}
