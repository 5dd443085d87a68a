import type { RunSql } from '../../sql-executor.js';

/**
 * The first event row no chain record covers (created at or after `since`), or null.
 *
 * @example
 * ```ts
 * const id = await firstUnchainedRow(run, eventsTable, chainTable, undefined);
 * ```
 */
export async function firstUnchainedRow(
  run: RunSql,
  eventsTable: string,
  chainTable: string,
  since: Date | undefined,
): Promise<string | null> {
  const [row] = await run(
    // EXCEPT plans as one hashed set operation (a NOT EXISTS over unnest() ran as a nested loop).
    `SELECT id::text AS id FROM (
       SELECT id FROM ${eventsTable} WHERE ($1::timestamptz IS NULL OR created_at >= $1)
       EXCEPT SELECT unnest(event_ids) FROM ${chainTable}
     ) unchained LIMIT 1`,
    [since ?? null],
  );
  return (row?.id as string | undefined) ?? null;
}
