import { SecurityEventsError } from '../errors.js';
import { chainedLogIn } from '../integrity/retention/retention-tables.js';
import { DEFAULT_EVENTS_TABLE } from '../schema/events-table-name.js';
import type { RunSql } from '../sql-executor.js';
import { type Duration, pointInTime } from './duration.js';

/**
 * Options of `purgeOlderThan()`.
 *
 * @example
 * ```ts
 * const options: PurgeOptions = { batchSize: 10_000, pauseMs: 50, signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface PurgeOptions {
  /** Rows deleted per statement (each its own short transaction). Default 5,000. */
  batchSize?: number;
  /** Pause between batches, in ms, to leave the database room for other work. Default 0. */
  pauseMs?: number;
  /** Stops after the current batch when aborted; the result says how far it got. */
  signal?: AbortSignal;
  /**
   * Called after every batch with the totals so far (a progress display). Default: none.
   */
  onBatch?: (progress: { deleted: number; batches: number }) => void;
}

/**
 * What `purgeOlderThan()` did.
 *
 * @example
 * ```ts
 * const { deleted, batches, cutoff, complete } = await service.purgeOlderThan('90d');
 * ```
 */
export interface PurgeResult {
  /** Rows deleted. */
  deleted: number;
  /** DELETE statements run. */
  batches: number;
  /** Rows created before this instant were deleted. */
  cutoff: Date;
  /** False when the signal stopped the purge before every old row was gone. */
  complete: boolean;
}

const deleteSql = (table: string) => `WITH doomed AS (
  SELECT id FROM ${table} WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
), deleted AS (
  DELETE FROM ${table} e USING doomed WHERE e.id = doomed.id RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted`;

/**
 * Validates a purge's `batchSize` (default 5,000); throws `INVALID_QUERY` otherwise.
 *
 * @example
 * ```ts
 * purgeBatchSize(undefined); // 5000
 * ```
 */
export function purgeBatchSize(value: number | undefined): number {
  const batchSize = value ?? 5_000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new SecurityEventsError(
      'INVALID_QUERY',
      `Invalid batchSize ${batchSize}: use a whole number from 1 to 100000.`,
    );
  }
  return batchSize;
}

/**
 * A plain purge of a chained (tamper-evident) log would delete rows from the middle of signed
 * batches and leave records without rows: the verifier would report every one as deleted.
 */
async function refuseChainedLog(run: RunSql, table: string): Promise<void> {
  const [row] = await run(
    `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`,
    [table],
  );
  if (typeof row?.schema === 'string' && (await chainedLogIn(run, row.schema)))
    throw new SecurityEventsError(
      'INVALID_QUERY',
      `${table} is a tamper-evident log (security_event_chain has records): a plain purge would break its verification. Purge with purgeChainedEvents(database, age, { signingKey }) (mana-auth audit purge does, given AUDIT_SIGNING_KEY), or purgeOlderThan() on a service with integrity.`,
    );
}

/**
 * Deletes events older than `age` in batches of `batchSize` rows, oldest first, each batch a
 * separate statement that locks only its own rows (`FOR UPDATE SKIP LOCKED`), so a purge of
 * millions of rows never blocks the writers or the table. Refuses (`INVALID_QUERY`) a chained log
 * (`integrity` option): purge that with `purgeChainedEvents`, at batch boundaries.
 *
 * @example
 * ```ts
 * const result = await purgeEvents(run, '90d'); // retention of 90 days
 * ```
 */
export async function purgeEvents(
  run: RunSql,
  age: Duration | Date,
  options: PurgeOptions = {},
  table: string = DEFAULT_EVENTS_TABLE,
): Promise<PurgeResult> {
  const cutoff = pointInTime(age, 'age');
  const batchSize = purgeBatchSize(options.batchSize);
  await refuseChainedLog(run, table);
  const pauseMs = options.pauseMs ?? 0;
  const result: PurgeResult = { deleted: 0, batches: 0, cutoff, complete: false };
  while (!options.signal?.aborted) {
    const [row] = await run(deleteSql(table), [cutoff.toISOString(), batchSize]);
    const deleted = Number(row?.deleted ?? 0);
    result.deleted += deleted;
    result.batches++;
    options.onBatch?.({ deleted: result.deleted, batches: result.batches });
    if (deleted < batchSize) {
      result.complete = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return result;
}

/**
 * How many events are older than `age` (what a purge with the same `age` would delete now):
 * a dry run, and the total of a progress display.
 *
 * @example
 * ```ts
 * const { count, cutoff } = await countEventsOlderThan(run, '90d');
 * ```
 */
export async function countEventsOlderThan(
  run: RunSql,
  age: Duration | Date,
  table: string = DEFAULT_EVENTS_TABLE,
): Promise<{ count: number; cutoff: Date }> {
  const cutoff = pointInTime(age, 'age');
  const [row] = await run(`SELECT count(*)::bigint AS count FROM ${table} WHERE created_at < $1`, [
    cutoff.toISOString(),
  ]);
  return { count: Number(row?.count ?? 0), cutoff };
}
