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

/**
 * A row as returned by the driver.
 *
 * @example
 * ```ts
 * const rows: SqlRow[] = await toRunSql(pool)('SELECT 1 AS one');
 * ```
 */
export type SqlRow = Record<string, unknown>;

/**
 * Runs a statement and returns its rows, whatever the executor's result shape.
 *
 * @example
 * ```ts
 * const run: RunSql = toRunSql(pool);
 * const [row] = await run('SELECT count(*)::int AS n FROM auth.security_events');
 * ```
 */
export type RunSql = (text: string, params?: unknown[]) => Promise<SqlRow[]>;

/**
 * Wraps an executor so every call returns an array of rows.
 *
 * @example
 * ```ts
 * const run = toRunSql(pool);
 * const rows = await run('SELECT 1 AS one'); // [{ one: 1 }]
 * ```
 */
export function toRunSql(executor: SqlExecutor): RunSql {
  return async (text, params) => {
    const result = await executor.query(text, params);
    if (Array.isArray(result)) return result as SqlRow[];
    const rows = (result as { rows?: unknown } | null | undefined)?.rows;
    return Array.isArray(rows) ? (rows as SqlRow[]) : [];
  };
}

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
