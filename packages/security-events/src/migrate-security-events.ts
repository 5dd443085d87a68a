import { SecurityEventsError } from './errors.js';
import { inTransaction } from './migration-session.js';
import type { Migration } from './migration-types.js';
import { securityEventsMigrations } from './migrations.generated.js';
import { type RunSql, type SqlExecutor, toRunSql } from './sql-executor.js';

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
// The same lock and bookkeeping table as @mana/auth-core's migrate(), so both agree on what
// has been applied and never run at the same time.
const MIGRATION_LOCK_KEY = 7_305_118_274;
const FOREIGN_KEY = /FOREIGN KEY \("user_id"\) REFERENCES "auth"\."users"/;

/**
 * Creates `auth.security_events` and its indexes for users without `@mana/auth-core` (with it,
 * pass `securityEventsMigrations` to its `migrate()` instead). Idempotent and safe when several
 * processes run it at once: everything runs in one transaction under the advisory lock
 * `@mana/auth-core` uses, recorded in `public.mana_migrations`. Works on any
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
  const run = toRunSql(database);
  const withForeignKey = options.userForeignKey ?? true;
  const before = await appliedNames(run);
  const pending = securityEventsMigrations.filter((m) => !before.has(m.name));
  if (withForeignKey && pending.length > 0) {
    const [row] = await run("SELECT to_regclass('auth.users')::text AS users");
    if (!row?.users) {
      throw new SecurityEventsError(
        'MIGRATION_FAILED',
        "auth.security_events references auth.users(id), which does not exist. Run @mana/auth-core's " +
          "migrate(database, { include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }] }), " +
          'or call migrateSecurityEvents(database, { userForeignKey: false }) when your users live elsewhere.',
      );
    }
  }
  const packages = securityEventsMigrations.map((m) => ({
    ...m,
    statements: statementsFor(m, withForeignKey),
  }));
  try {
    const session = await inTransaction(database, (tx) => applyInSession(tx, packages));
    if (session) return { applied: session.value };
    await run(migrationBlock(packages));
  } catch (error) {
    if (error instanceof SecurityEventsError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SecurityEventsError('MIGRATION_FAILED', `Migrating auth.security_events failed: ${message}`, {
      cause: error,
    });
  }
  // Without a session of our own, "applied" is what appeared meanwhile (a concurrent
  // migrator's work may be counted too).
  const after = await appliedNames(run);
  return { applied: [...after].filter((name) => !before.has(name)).map((name) => `${PACKAGE}/${name}`) };
}

function statementsFor(migration: Migration, withForeignKey: boolean): readonly string[] {
  return migration.statements.filter((s) => withForeignKey || !FOREIGN_KEY.test(s));
}

const CREATE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS public.mana_migrations (
    package text NOT NULL, name text NOT NULL, hash text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (package, name))`;

async function applyInSession(run: RunSql, migrations: readonly Migration[]): Promise<string[]> {
  await run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await run(CREATE_BOOKKEEPING);
  const rows = await run('SELECT name, hash FROM public.mana_migrations WHERE package = $1', [PACKAGE]);
  const done = new Map(rows.map((row) => [String(row.name), String(row.hash)]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const previous = done.get(migration.name);
    if (previous !== undefined) {
      if (previous !== migration.hash) throw changedMigration(migration, previous);
      continue;
    }
    for (const statement of migration.statements) await run(statement);
    await run('INSERT INTO public.mana_migrations (package, name, hash) VALUES ($1, $2, $3)', [
      PACKAGE,
      migration.name,
      migration.hash,
    ]);
    applied.push(`${PACKAGE}/${migration.name}`);
  }
  return applied;
}

function changedMigration(migration: Migration, previous: string): SecurityEventsError {
  return new SecurityEventsError(
    'MIGRATION_FAILED',
    `Migration ${PACKAGE}/${migration.name} was applied with different SQL (hash ${previous.slice(0, 12)}, ` +
      `now ${migration.hash.slice(0, 12)}). Never edit an applied migration: generate a new one.`,
  );
}

async function appliedNames(run: RunSql): Promise<Set<string>> {
  const [exists] = await run("SELECT to_regclass('public.mana_migrations')::text AS t");
  if (!exists?.t) return new Set();
  const rows = await run('SELECT name FROM public.mana_migrations WHERE package = $1', [PACKAGE]);
  return new Set(rows.map((row) => String(row.name)));
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const dollarQuoted = (sql: string) => {
  if (sql.includes('$mana_sql$')) throw new Error('migration statement contains the quoting tag $mana_sql$');
  return `$mana_sql$${sql}$mana_sql$`;
};

/** One PL/pgSQL block: lock, bookkeeping table, then each migration unless already applied. */
function migrationBlock(migrations: readonly Migration[]): string {
  const steps = migrations.map((m) => {
    const statements = m.statements.map((s) => `    EXECUTE ${dollarQuoted(s)};`).join('\n');
    return `  SELECT hash INTO previous FROM public.mana_migrations WHERE package = ${literal(PACKAGE)} AND name = ${literal(m.name)};
  IF previous IS NULL THEN
${statements}
    INSERT INTO public.mana_migrations (package, name, hash) VALUES (${literal(PACKAGE)}, ${literal(m.name)}, ${literal(m.hash)});
  ELSIF previous <> ${literal(m.hash)} THEN
    RAISE EXCEPTION 'Migration %/% was applied with different SQL (hash %, now %). Never edit an applied migration: generate a new one.',
      ${literal(PACKAGE)}, ${literal(m.name)}, left(previous, 12), ${literal(m.hash.slice(0, 12))};
  END IF;`;
  });
  return `DO $mana_migrate$
DECLARE previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
  ${CREATE_BOOKKEEPING};
${steps.join('\n')}
END
$mana_migrate$`;
}
