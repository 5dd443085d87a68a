import type { MigrationSet } from './migration.js';
import { migrationBlock } from './migration-block.js';
import {
  adoptLegacyRows,
  createMigrationsTable,
  LEGACY_MIGRATIONS_TABLE,
  MIGRATION_LOCK_KEY,
  migrationsTable,
} from './migration-constants.js';
import {
  CHANGED_MIGRATION_FIX,
  changedMigrationMessage,
  type MigrationErrorFactory,
  migrationFailed,
} from './migration-error.js';
import { DEFAULT_SCHEMA } from './schema-name.js';
import { inTransaction, type MigrationExecutor, type RunSql, toRunSql } from './sql-session.js';

/** Options of {@link runMigrations}. */
export interface RunMigrationsOptions {
  /** Makes the error thrown for a migration whose SQL changed; default a `MIGRATION_FAILED` ManaError. */
  error?: MigrationErrorFactory;
  /**
   * The Postgres schema whose bookkeeping table (`<schema>.mana_migrations`) records the run;
   * validated by the caller (`schemaNameProblem`). Default `auth`. The migrations themselves
   * must already target it (`migrationsForSchema`).
   */
  schema?: string;
}

/**
 * Applies migration sets, in order, and returns `package/name` of each migration it applied
 * (empty when up to date). One run is one transaction that first takes the shared advisory lock
 * ({@link MIGRATION_LOCK_KEY}), so concurrent runs serialise and the later ones find nothing
 * to do; applied migrations are recorded in `<schema>.mana_migrations` (rows of older releases in
 * `public.mana_migrations` are adopted for schema `auth`), and one whose SQL changed since is
 * refused, never re-run. On an executor with only `query()` the run is a single
 * PL/pgSQL statement; "applied" is then what appeared in the table meanwhile.
 *
 * @example
 * ```ts
 * const applied = await runMigrations(pool, [{ package: '@mana/auth-core', migrations: authCoreMigrations }]);
 * ```
 */
export async function runMigrations(
  executor: MigrationExecutor,
  sets: readonly MigrationSet[],
  options: RunMigrationsOptions = {},
): Promise<string[]> {
  const fail = options.error ?? migrationFailed;
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const session = await inTransaction(executor, (run) => applyInSession(run, sets, schema, fail));
  if (session) return session.value;
  const run = toRunSql(executor);
  const before = await appliedMigrations(run, sets, schema);
  try {
    await run(migrationBlock(sets, schema));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/applied with different SQL/.test(message))
      throw fail(message, { fix: CHANGED_MIGRATION_FIX, cause: error });
    throw error;
  }
  const after = await appliedMigrations(run, sets, schema);
  return [...after].filter((id) => !before.has(id));
}

/**
 * `package/name` of every migration of `sets` already recorded in `schema` (default `auth`,
 * where rows of older releases in `public.mana_migrations` count too); empty before the first run.
 *
 * @example
 * ```ts
 * const done = await appliedMigrations(toRunSql(pool), [securityEventsSet], 'identity');
 * ```
 */
export async function appliedMigrations(
  run: RunSql,
  sets: readonly MigrationSet[],
  schema: string = DEFAULT_SCHEMA,
): Promise<Set<string>> {
  const tables = [migrationsTable(schema)];
  if (schema === DEFAULT_SCHEMA) tables.push(LEGACY_MIGRATIONS_TABLE);
  const done = new Set<string>();
  for (const table of tables) {
    const [exists] = await run('SELECT to_regclass($1)::text AS t', [table]);
    if (!exists?.t) continue;
    const rows = await run(`SELECT package, name FROM ${table} WHERE package = ANY($1::text[])`, [
      sets.map((set) => set.package),
    ]);
    for (const row of rows) done.add(`${String(row.package)}/${String(row.name)}`);
  }
  return done;
}

/**
 * Makes sure `<schema>.mana_migrations` exists (creating the schema only when missing, so that a
 * role without CREATE on the database can run migrate on a schema a DBA made) and, in schema
 * `auth`, adopts the rows of `public.mana_migrations`.
 */
async function prepareBookkeeping(run: RunSql, schema: string): Promise<void> {
  const [row] = await run(
    'SELECT to_regclass($1)::text AS t, to_regnamespace($2)::text AS ns, to_regclass($3)::text AS legacy',
    [migrationsTable(schema), schema, LEGACY_MIGRATIONS_TABLE],
  );
  if (!row?.t) {
    if (!row?.ns) await run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await run(createMigrationsTable(schema));
  }
  if (schema === DEFAULT_SCHEMA && row?.legacy) await run(adoptLegacyRows(schema));
}

async function applyInSession(
  run: RunSql,
  sets: readonly MigrationSet[],
  schema: string,
  fail: MigrationErrorFactory,
): Promise<string[]> {
  await run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await prepareBookkeeping(run, schema);
  const table = migrationsTable(schema);
  const applied: string[] = [];
  for (const set of sets) {
    const rows = await run(`SELECT name, hash FROM ${table} WHERE package = $1`, [set.package]);
    const done = new Map(rows.map((row) => [String(row.name), String(row.hash)]));
    for (const migration of set.migrations) {
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        if (previous === migration.hash) continue;
        const message = changedMigrationMessage(set.package, migration.name, previous, migration.hash);
        throw fail(message, { fix: CHANGED_MIGRATION_FIX });
      }
      for (const statement of migration.statements) await run(statement);
      await run(`INSERT INTO ${table} (package, name, hash) VALUES ($1, $2, $3)`, [
        set.package,
        migration.name,
        migration.hash,
      ]);
      applied.push(`${set.package}/${migration.name}`);
    }
  }
  return applied;
}
