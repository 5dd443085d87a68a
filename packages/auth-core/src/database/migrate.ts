import {
  type Migration,
  type MigrationSet,
  migrationScript,
  migrationsForSchema,
  runMigrations,
} from '@mana/internal';
import { ManaAuthConfigError } from '../errors.js';
import { AUTH_CORE_VERSION } from '../version.js';
import type { ManaDatabase } from './create-database.js';
import { authCoreMigrations } from './migrations.generated.js';
import { validSchema } from './schema-option.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /**
   * Extra migration sets to apply after auth-core's, e.g. `@mana/security-events`'s. They are
   * written for schema `auth` and rewritten for `database.schema` like auth-core's own.
   */
  include?: ReadonlyArray<{ package: string; migrations: readonly Migration[] }>;
}

/** Result of {@link migrate}: the migrations applied by this call (empty when up to date). */
export interface MigrateResult {
  applied: string[];
}

const PACKAGE = '@mana/auth-core';

function setsFor(schema: string, include: MigrateOptions['include'] = []): MigrationSet[] {
  return [{ package: PACKAGE, migrations: authCoreMigrations }, ...include].map((set) => ({
    package: set.package,
    migrations: migrationsForSchema(set.migrations, schema),
  }));
}

/**
 * Applies the SQL migrations shipped in the package (the schema `database.schema`, default
 * `auth`, and its tables). Idempotent, and safe when several processes run it at once: each runs
 * in one transaction that first takes a PostgreSQL advisory lock, so the second waits and then
 * finds nothing to do. A migration whose SQL changed after it was applied is reported as an
 * error, not re-run. Applied migrations are recorded in `<schema>.mana_migrations` (shared with
 * `@mana/security-events`' `migrateSecurityEvents()`); rows an older release wrote to
 * `public.mana_migrations` are adopted for schema `auth`.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL, { schema: 'identity' });
 * const { applied } = await migrate(database);
 * ```
 */
export async function migrate(database: ManaDatabase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = database.schema;
  return { applied: await runMigrations(database, setsFor(schema, options.include), { schema }) };
}

/** Options of {@link migrationsSql}. */
export interface MigrationsSqlOptions {
  /** The Postgres schema to create and fill. Default `auth`. */
  schema?: string;
  /** Extra migration sets after auth-core's, as for {@link migrate}. */
  include?: MigrateOptions['include'];
}

/**
 * The SQL that {@link migrate} would run on an empty database, as one script to review and
 * apply yourself (psql, Flyway, a drizzle-kit custom migration): one transaction that creates
 * the schema, its tables and `<schema>.mana_migrations` with a row per migration, so that the
 * app starts on it without migrating and a later `migrate()` finds nothing to do. The CLI
 * `mana-auth-sql --schema identity` prints the same text.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('0001_mana_auth.sql', migrationsSql({ schema: 'identity' }));
 * ```
 */
export function migrationsSql(options: MigrationsSqlOptions = {}): string {
  const schema = validSchema(options.schema, (problem) => {
    throw new ManaAuthConfigError('schema', problem, 'pass a plain lowercase name such as "identity"');
  });
  return migrationScript(setsFor(schema, options.include), {
    schema,
    title: `${PACKAGE} ${AUTH_CORE_VERSION}`,
  });
}
