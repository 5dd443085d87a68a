import type { MigrationSet } from './migration.js';
import { migrationBlock } from './migration-block.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATION_LOCK_KEY, MIGRATIONS_TABLE } from './migration-constants.js';
import {
  CHANGED_MIGRATION_FIX,
  changedMigrationMessage,
  type MigrationErrorFactory,
  migrationFailed,
} from './migration-error.js';
import { inTransaction, type MigrationExecutor, type RunSql, toRunSql } from './sql-session.js';

/** Options of {@link runMigrations}. */
export interface RunMigrationsOptions {
  /** Makes the error thrown for a migration whose SQL changed; default a `MIGRATION_FAILED` ManaError. */
  error?: MigrationErrorFactory;
}

/**
 * Applies migration sets, in order, and returns `package/name` of each migration it applied
 * (empty when up to date). One run is one transaction that first takes the shared advisory lock
 * ({@link MIGRATION_LOCK_KEY}), so concurrent runs serialise and the later ones find nothing
 * to do; applied migrations are recorded in `public.mana_migrations`, and one whose SQL changed
 * since is refused, never re-run. On an executor with only `query()` the run is a single
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
  const session = await inTransaction(executor, (run) => applyInSession(run, sets, fail));
  if (session) return session.value;
  const run = toRunSql(executor);
  const before = await appliedMigrations(run, sets);
  try {
    await run(migrationBlock(sets));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/applied with different SQL/.test(message))
      throw fail(message, { fix: CHANGED_MIGRATION_FIX, cause: error });
    throw error;
  }
  const after = await appliedMigrations(run, sets);
  return [...after].filter((id) => !before.has(id));
}

/**
 * `package/name` of every migration of `sets` already recorded (empty before the first run).
 *
 * @example
 * ```ts
 * const done = await appliedMigrations(toRunSql(pool), [securityEventsSet]);
 * ```
 */
export async function appliedMigrations(run: RunSql, sets: readonly MigrationSet[]): Promise<Set<string>> {
  const [exists] = await run(`SELECT to_regclass('${MIGRATIONS_TABLE}')::text AS t`);
  if (!exists?.t) return new Set();
  const rows = await run(`SELECT package, name FROM ${MIGRATIONS_TABLE} WHERE package = ANY($1::text[])`, [
    sets.map((set) => set.package),
  ]);
  return new Set(rows.map((row) => `${String(row.package)}/${String(row.name)}`));
}

async function applyInSession(
  run: RunSql,
  sets: readonly MigrationSet[],
  fail: MigrationErrorFactory,
): Promise<string[]> {
  await run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await run(CREATE_MIGRATIONS_TABLE);
  const applied: string[] = [];
  for (const set of sets) {
    const rows = await run(`SELECT name, hash FROM ${MIGRATIONS_TABLE} WHERE package = $1`, [set.package]);
    const done = new Map(rows.map((row) => [String(row.name), String(row.hash)]));
    for (const migration of set.migrations) {
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        if (previous === migration.hash) continue;
        const message = changedMigrationMessage(set.package, migration.name, previous, migration.hash);
        throw fail(message, { fix: CHANGED_MIGRATION_FIX });
      }
      for (const statement of migration.statements) await run(statement);
      await run(`INSERT INTO ${MIGRATIONS_TABLE} (package, name, hash) VALUES ($1, $2, $3)`, [
        set.package,
        migration.name,
        migration.hash,
      ]);
      applied.push(`${set.package}/${migration.name}`);
    }
  }
  return applied;
}
