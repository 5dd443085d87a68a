import {
  appliedMigrations,
  type Migration,
  type MigrationSet,
  migrationScript,
  migrationsForSchema,
  qualifiedTable,
  runMigrations,
} from '@mana/internal';
import { SecurityEventsError } from '../errors.js';
import { type SqlExecutor, toRunSql } from '../sql-executor.js';
import { resolveSchema } from './events-table-name.js';
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
  /**
   * The Postgres schema of the table (and of `mana_migrations`). Default: the `schema` of a
   * `ManaDatabase` passed as `database`, else `auth`. The foreign key points at `<schema>.users`.
   */
  schema?: string;
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
// Matched on the statements as shipped (schema "auth"), before they are rewritten for the schema.
const FOREIGN_KEY = /FOREIGN KEY \("user_id"\) REFERENCES "auth"\."users"/;

function migrationSet(schema: string, withForeignKey: boolean): MigrationSet {
  const shipped = securityEventsMigrations.map((m) => ({
    ...m,
    statements: statementsFor(m, withForeignKey),
  }));
  return { package: PACKAGE, migrations: migrationsForSchema(shipped, schema) };
}

/**
 * Creates `<schema>.security_events` (default `auth`) and its indexes for users without `@mana/auth-core` (with it,
 * pass `securityEventsMigrations` to its `migrate()` instead). Idempotent and safe when several
 * processes run it at once: it is the same runner as `@mana/auth-core`'s `migrate()` (one
 * transaction under one advisory lock, recorded in `<schema>.mana_migrations`). Works on any
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
  const schema = resolveSchema(options.schema, database);
  const set = migrationSet(schema, withForeignKey);
  if (withForeignKey) await requireUsersTable(database, set, schema);
  try {
    const applied = await runMigrations(database, [set], {
      schema,
      error: (message, errorOptions) => new SecurityEventsError('MIGRATION_FAILED', message, errorOptions),
    });
    return { applied };
  } catch (error) {
    if (error instanceof SecurityEventsError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SecurityEventsError(
      'MIGRATION_FAILED',
      `Migrating ${qualifiedTable(schema, 'security_events')} failed: ${message}`,
      {
        cause: error,
      },
    );
  }
}

function statementsFor(migration: Migration, withForeignKey: boolean): readonly string[] {
  return migration.statements.filter((s) => withForeignKey || !FOREIGN_KEY.test(s));
}

/** The foreign key needs `<schema>.users`: say what to do before any SQL fails on it. */
async function requireUsersTable(database: SqlExecutor, set: MigrationSet, schema: string): Promise<void> {
  const run = toRunSql(database);
  const done = await appliedMigrations(run, [set], schema);
  if (set.migrations.every((m) => done.has(`${PACKAGE}/${m.name}`))) return;
  const users = qualifiedTable(schema, 'users');
  const [row] = await run('SELECT to_regclass($1)::text AS users', [users]);
  if (row?.users) return;
  throw new SecurityEventsError(
    'MIGRATION_FAILED',
    `${qualifiedTable(schema, 'security_events')} references ${users}(id), which does not exist. Run @mana/auth-core's ` +
      "migrate(database, { include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }] }), " +
      'or call migrateSecurityEvents(database, { userForeignKey: false }) when your users live elsewhere.',
    { fix: 'Run @mana/auth-core migrate() first, or pass { userForeignKey: false }.' },
  );
}

/**
 * Options of {@link securityEventsMigrationsSql}.
 *
 * @example
 * ```ts
 * const options: SecurityEventsMigrationsSqlOptions = { schema: 'identity', userForeignKey: true };
 * ```
 */
export interface SecurityEventsMigrationsSqlOptions {
  /** The Postgres schema of the table. Default `auth`. */
  schema?: string;
  /** Add the foreign key to `<schema>.users(id)` (needs auth-core's tables first). Default true. */
  userForeignKey?: boolean;
}

/**
 * The SQL that {@link migrateSecurityEvents} would run on a database without the table, as one
 * script to review and apply yourself (psql, Flyway, ...): one transaction that creates
 * `<schema>.security_events`, its indexes, and the `<schema>.mana_migrations` row, so that a
 * later `migrateSecurityEvents()` (or auth-core's `migrate` with `include`) finds nothing to do.
 * Apply it after `@mana/auth-core`'s `migrationsSql()` when the foreign key is on. The CLI
 * `mana-security-events-sql --schema identity` prints the same text.
 *
 * @example
 * ```ts
 * writeFileSync('0002_security_events.sql', securityEventsMigrationsSql({ schema: 'identity' }));
 * ```
 */
export function securityEventsMigrationsSql(options: SecurityEventsMigrationsSqlOptions = {}): string {
  const schema = resolveSchema(options.schema, undefined);
  const set = migrationSet(schema, options.userForeignKey ?? true);
  return migrationScript([set], { schema, title: PACKAGE });
}
