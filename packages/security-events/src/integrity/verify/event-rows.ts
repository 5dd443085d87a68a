import type { RunSql } from '../../sql-executor.js';
import type { VerifiedEventRow } from '../erasure/erased-leaf.js';

/**
 * The stored events with these ids, by id, with `created_at` as the microsecond UTC text the
 * hash uses and, given the erasures table, the stored commitment of erased rows.
 *
 * @example
 * ```ts
 * const rows = await eventRowsById(run, '"auth".security_events', ids, '"auth".security_event_erasures');
 * ```
 */
export async function eventRowsById(
  run: RunSql,
  table: string,
  ids: readonly string[],
  erasuresTable?: string,
): Promise<Map<string, VerifiedEventRow>> {
  const rows = await run(
    `SELECT e.id::text AS id, e.user_id, e.event_type, e.ip_address, e.user_agent, e.metadata,
       to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
       ${erasuresTable === undefined ? 'NULL::text' : 'x.commitment'} AS erased
     FROM ${table} e ${erasuresTable === undefined ? '' : `LEFT JOIN ${erasuresTable} x ON x.event_id = e.id`}
     WHERE e.id = ANY($1::uuid[])`,
    [`{${ids.join(',')}}`],
  );
  const byId = new Map<string, VerifiedEventRow>();
  for (const row of rows) {
    byId.set(row.id as string, {
      ...(typeof row.erased === 'string' ? { erasedCommitment: row.erased } : {}),
      id: row.id as string,
      userId: row.user_id as string | null,
      eventType: row.event_type as string,
      ipAddress: row.ip_address as string | null,
      userAgent: row.user_agent as string | null,
      metadata: row.metadata as Record<string, unknown> | null,
      createdAt: row.created_at as string,
    });
  }
  return byId;
}
