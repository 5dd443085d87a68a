import { appliedMigrations, type Migration, type MigrationSet, runMigrations } from '@mana/internal';
import { SecurityEventsError } from '../errors.js';
import { type SqlExecutor, toRunSql } from '../sql-executor.js';
import { securityEventsMigrations } from './migrations.generated.js';

/**
 * Options of {@link migrateSecurityEvents}.
 *
 * @example
 * ```ts
 * await migrateSecurityEvents(pool, { userForeignKey: false }); // no auth.users table here
 * ```
 */
export interface MigrateSecurityEventsOptions {
  /**
   * Add the spec's `user_id REFERENCES auth.users(id) ON DELETE CASCADE`. Default true, which
   * needs `auth.users` (from `@mana/auth-core`'s migration). Pass false when your users live
   * elsewhere; deleting a user then leaves their events in place.
   */
  userForeignKey?: boolean;
}

/**
 * What {@link migrateSecurityEvents} applied (empty when the table was up to date).
 *
 * @example
 * ```ts
 * const { applied } = await migrateSecurityEvents(pool); // ['@mana/security-events/0000_security_events']
 * ```
 */
export interface MigrateSecurityEventsResult {
  applied: string[];
}

const PACKAGE = '@mana/security-events';
const FOREIGN_KEY = /FOREIGN KEY \("user_id"\) REFERENCES "auth"\."users"/;

/**
 * Creates `auth.security_events` and its indexes for users without `@mana/auth-core` (with it,
 * pass `securityEventsMigrations` to its `migrate()` instead). Idempotent and safe when several
 * processes run it at once: it is the same runner as `@mana/auth-core`'s `migrate()` (one
 * transaction under one advisory lock, recorded in `public.mana_migrations`). Works on any
 * {@link SqlExecutor}: on one that cannot hand out a connection (no `connect()` or
 * `transaction()`) the migration runs as a single PL/pgSQL statement.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrateSecurityEvents(pool);
 * ```
 */
export async function migrateSecurityEvents(
  database: SqlExecutor,
  options: MigrateSecurityEventsOptions = {},
): Promise<MigrateSecurityEventsResult> {
  const withForeignKey = options.userForeignKey ?? true;
  const set: MigrationSet = {
    package: PACKAGE,
    migrations: securityEventsMigrations.map((m) => ({ ...m, statements: statementsFor(m, withForeignKey) })),
  };
  if (withForeignKey) await requireUsersTable(database, set);
  try {
    const applied = await runMigrations(database, [set], {
      error: (message, errorOptions) => new SecurityEventsError('MIGRATION_FAILED', message, errorOptions),
    });
    return { applied };
  } catch (error) {
    if (error instanceof SecurityEventsError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SecurityEventsError('MIGRATION_FAILED', `Migrating auth.security_events failed: ${message}`, {
      cause: error,
    });
  }
}

function statementsFor(migration: Migration, withForeignKey: boolean): readonly string[] {
  return migration.statements.filter((s) => withForeignKey || !FOREIGN_KEY.test(s));
}

/** The foreign key needs `auth.users`: say what to do before any SQL fails on it. */
async function requireUsersTable(database: SqlExecutor, set: MigrationSet): Promise<void> {
  const run = toRunSql(database);
  const done = await appliedMigrations(run, [set]);
  if (set.migrations.every((m) => done.has(`${PACKAGE}/${m.name}`))) return;
  const [row] = await run("SELECT to_regclass('auth.users')::text AS users");
  if (row?.users) return;
  throw new SecurityEventsError(
    'MIGRATION_FAILED',
    "auth.security_events references auth.users(id), which does not exist. Run @mana/auth-core's " +
      "migrate(database, { include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }] }), " +
      'or call migrateSecurityEvents(database, { userForeignKey: false }) when your users live elsewhere.',
    { fix: 'Run @mana/auth-core migrate() first, or pass { userForeignKey: false }.' },
  );
}
