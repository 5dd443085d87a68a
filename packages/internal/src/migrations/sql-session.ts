/** A row as returned by the driver. */
export type SqlRow = Record<string, unknown>;

/** Runs one statement and returns its rows. */
export type RunSql = (text: string, params?: unknown[]) => Promise<SqlRow[]>;

/**
 * Anything that runs SQL with positional parameters: a `pg.Pool` or `pg.Client`, PGlite, or
 * `@mana/auth-core`'s `ManaDatabase`. The result may be the rows or an object with `rows`.
 */
export interface MigrationExecutor {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

interface Connectable {
  connect(): Promise<{ query(text: string, params?: unknown[]): Promise<unknown>; release(): void }>;
}
interface Transactional {
  transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T>;
}
type LooseQuery = (text: string, params?: unknown[]) => Promise<unknown>;

/** Wraps a `query()` so every call resolves to an array of rows, whatever the driver returns. */
export function toRunSql(executor: { query: LooseQuery } | MigrationExecutor): RunSql {
  const query = executor.query.bind(executor) as LooseQuery;
  return async (text, params) => {
    const result = await query(text, params);
    if (Array.isArray(result)) return result as SqlRow[];
    const rows = (result as { rows?: unknown } | null | undefined)?.rows;
    return Array.isArray(rows) ? (rows as SqlRow[]) : [];
  };
}

/**
 * Runs `fn` in one transaction on one connection when the executor can provide one: a `pg.Pool`
 * (`connect()`), `ManaDatabase` or PGlite (`transaction()`). Resolves `undefined` without calling
 * `fn` for an executor that only has `query()` (each call may land on another connection).
 */
export async function inTransaction<T>(
  executor: MigrationExecutor,
  fn: (run: RunSql) => Promise<T>,
): Promise<{ value: T } | undefined> {
  if (typeof (executor as Partial<Connectable>).connect === 'function') {
    const client = await (executor as unknown as Connectable).connect();
    const run = toRunSql(client);
    try {
      await run('BEGIN');
      const value = await fn(run);
      await run('COMMIT');
      return { value };
    } catch (error) {
      await run('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  if (typeof (executor as Partial<Transactional>).transaction === 'function') {
    const value = await (executor as unknown as Transactional).transaction((tx) => {
      // ManaDatabase passes a query function, PGlite a transaction object with query().
      const query = typeof tx === 'function' ? { query: tx as LooseQuery } : (tx as { query: LooseQuery });
      return fn(toRunSql(query));
    });
    return { value };
  }
  return undefined;
}
