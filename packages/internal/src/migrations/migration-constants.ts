/**
 * The PostgreSQL advisory lock every `@mana/*` migration run takes (transaction scoped), so that
 * two processes, or two packages, never migrate one database at the same time. Any constant
 * works; it only has to be the same everywhere, which is why it lives here once.
 */
export const MIGRATION_LOCK_KEY = 7_305_118_274;

/** The bookkeeping table shared by every package: one row per applied migration. */
export const MIGRATIONS_TABLE = 'public.mana_migrations';

/** Creates {@link MIGRATIONS_TABLE} when missing. */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
    package text NOT NULL, name text NOT NULL, hash text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (package, name))`;
