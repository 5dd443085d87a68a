import { DEFAULT_SCHEMA, qualifiedTable } from './schema-name.js';

/**
 * The PostgreSQL advisory lock every `@mana/*` migration run takes (transaction scoped), so that
 * two processes, or two packages, never migrate one database at the same time. Any constant
 * works; it only has to be the same everywhere, which is why it lives here once.
 */
export const MIGRATION_LOCK_KEY = 7_305_118_274;

/**
 * The bookkeeping table of releases before the schema became configurable. Rows found there
 * are adopted (copied) into `auth.mana_migrations` by the first run in schema `auth`; the
 * table itself is left alone for instances of older releases still running, and can be dropped
 * once every instance is upgraded.
 */
export const LEGACY_MIGRATIONS_TABLE = 'public.mana_migrations';

/**
 * The bookkeeping table of `schema`: one row per applied migration of every package that
 * keeps its tables there.
 *
 * @example
 * ```ts
 * migrationsTable('identity'); // '"identity".mana_migrations'
 * ```
 */
export function migrationsTable(schema: string = DEFAULT_SCHEMA): string {
  return qualifiedTable(schema, 'mana_migrations');
}

/** The bookkeeping table of the default schema, `"auth".mana_migrations`. */
export const MIGRATIONS_TABLE = migrationsTable(DEFAULT_SCHEMA);

/**
 * Creates {@link migrationsTable} of `schema` when missing (the schema must exist).
 *
 * @example
 * ```ts
 * await run(createMigrationsTable('identity'));
 * ```
 */
export function createMigrationsTable(schema: string = DEFAULT_SCHEMA): string {
  return `CREATE TABLE IF NOT EXISTS ${migrationsTable(schema)} (
    package text NOT NULL, name text NOT NULL, hash text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (package, name))`;
}

/** Creates {@link MIGRATIONS_TABLE} when missing. */
export const CREATE_MIGRATIONS_TABLE = createMigrationsTable(DEFAULT_SCHEMA);

/**
 * Copies the rows of {@link LEGACY_MIGRATIONS_TABLE} into the schema's table, keeping what is
 * already there (idempotent). Only for schema `auth`: older releases knew no other.
 */
export function adoptLegacyRows(schema: string): string {
  return `INSERT INTO ${migrationsTable(schema)} (package, name, hash, applied_at)
    SELECT package, name, hash, applied_at FROM ${LEGACY_MIGRATIONS_TABLE}
    ON CONFLICT (package, name) DO NOTHING`;
}
