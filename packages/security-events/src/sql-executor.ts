/**
 * Anything that runs one SQL statement with positional parameters: a `pg.Pool`, a PGlite
 * instance, or `@mana/auth-core`'s `ManaDatabase`. The result may be the rows themselves or an
 * object with `rows` (node-postgres and PGlite).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const database: SqlExecutor = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface SqlExecutor {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

// Rows and the row-normalising wrapper are shared with the migration runner (@mana/internal):
// `RunSql` runs a statement and returns its rows, `toRunSql(executor)` makes one from any
// executor, whether it returns the rows or an object with `rows` (node-postgres, PGlite).
export type { RunSql, SqlRow } from '@mana/internal';
export { toRunSql } from '@mana/internal';

/**
 * True when the value can serve as a {@link SqlExecutor}.
 *
 * @example
 * ```ts
 * isSqlExecutor(pool); // true
 * isSqlExecutor('postgres://...'); // false
 * ```
 */
export function isSqlExecutor(value: unknown): value is SqlExecutor {
  return typeof (value as { query?: unknown } | null)?.query === 'function';
}
