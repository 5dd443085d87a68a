import type { RunSql, SqlExecutor } from './sql-executor.js';
import { toRunSql } from './sql-executor.js';

interface Connectable {
  connect(): Promise<{ query(text: string, params?: unknown[]): Promise<unknown>; release(): void }>;
}
interface Transactional {
  transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T>;
}

/**
 * Runs `fn` in one transaction on one connection when the executor can provide one: a
 * `pg.Pool` (`connect()`), `@mana/auth-core`'s `ManaDatabase` or PGlite (`transaction()`).
 * Resolves `undefined` without calling `fn` for an executor that only has `query()`.
 *
 * @example
 * ```ts
 * const applied = await inTransaction(pool, async (run) => run('SELECT 1'));
 * ```
 */
export async function inTransaction<T>(
  executor: SqlExecutor,
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
      const query = typeof tx === 'function' ? { query: tx as SqlExecutor['query'] } : (tx as SqlExecutor);
      return fn(toRunSql(query));
    });
    return { value };
  }
  return undefined;
}
