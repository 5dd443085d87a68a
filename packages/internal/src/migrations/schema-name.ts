import type { Migration } from './migration.js';

/** The Postgres schema every `@mana/*` table lives in unless configured otherwise. */
export const DEFAULT_SCHEMA = 'auth';

/** The schema name the packages' generated migrations were written for. */
const GENERATED_SCHEMA = '"auth"';

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Why `value` cannot be a schema name, or `undefined` when it can. A schema name is a lowercase
 * SQL identifier: a letter or `_`, then letters, digits or `_`, at most 63 characters (the
 * PostgreSQL limit), not `pg_*` (reserved) and not `information_schema`. It is interpolated into
 * SQL (quoted), so nothing else is accepted.
 *
 * @example
 * ```ts
 * schemaNameProblem('identity'); // undefined
 * schemaNameProblem('Identity'); // 'must be a lowercase SQL identifier ...'
 * ```
 */
export function schemaNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!SAFE_IDENTIFIER.test(value))
    return 'must be a lowercase SQL identifier: a letter or "_", then letters, digits or "_", at most 63 characters';
  if (value.startsWith('pg_') || value === 'information_schema')
    return 'is reserved by PostgreSQL (pg_* and information_schema)';
  return undefined;
}

/**
 * `"<schema>".<table>`, for SQL text. `schema` must have passed {@link schemaNameProblem}.
 *
 * @example
 * ```ts
 * qualifiedTable('identity', 'jwks'); // '"identity".jwks'
 * ```
 */
export function qualifiedTable(schema: string, table: string): string {
  return `"${schema}".${table}`;
}

/**
 * The migrations, rewritten for `schema`: every `"auth"` schema qualifier (and the
 * `CREATE SCHEMA IF NOT EXISTS "auth"`) becomes `"<schema>"`. Names and hashes stay those of the
 * shipped SQL, so the bookkeeping is the same in every schema.
 *
 * @example
 * ```ts
 * const identity = migrationsForSchema(authCoreMigrations, 'identity');
 * ```
 */
export function migrationsForSchema(migrations: readonly Migration[], schema: string): Migration[] {
  if (schema === DEFAULT_SCHEMA) return [...migrations];
  const quoted = `"${schema}"`;
  return migrations.map((m) => ({
    ...m,
    statements: m.statements.map((s) => s.replaceAll(GENERATED_SCHEMA, quoted)),
  }));
}
