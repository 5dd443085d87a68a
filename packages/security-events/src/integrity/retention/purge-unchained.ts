import type { RunSql } from '../../sql-executor.js';

const unchainedSql = (events: string, chain: string) => `WITH doomed AS (
  SELECT id FROM (
    SELECT id FROM ${events} WHERE created_at < $1
    EXCEPT SELECT unnest(event_ids) FROM ${chain}
  ) unchained LIMIT $2
), deleted AS (
  DELETE FROM ${events} e USING doomed WHERE e.id = doomed.id RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted`;

/**
 * Deletes up to `limit` events older than `cutoff` that no chain record covers (written before
 * integrity was turned on, or by a service without it): they are not part of any chain, so
 * deleting them cannot break verification. The set difference plans as one hashed operation
 * over the chain's event ids (like the verifier's scan for inserted rows); a writer's rows and
 * their record commit in one statement, so a chained row is never seen without its record.
 *
 * @example
 * ```ts
 * const deleted = await purgeUnchainedStep(run, tables, cutoff, 5_000);
 * ```
 */
export async function purgeUnchainedStep(
  run: RunSql,
  tables: { events: string; chain: string },
  cutoff: Date,
  limit: number,
): Promise<number> {
  const [row] = await run(unchainedSql(tables.events, tables.chain), [cutoff.toISOString(), limit]);
  return Number(row?.deleted ?? 0);
}
