import type { RunSql } from '../../sql-executor.js';
import type { StoredEventFields } from '../canonical-event.js';

/**
 * The stored events with these ids, by id, with `created_at` as the microsecond UTC text the
 * hash uses.
 *
 * @example
 * ```ts
 * const rows = await eventRowsById(run, '"auth".security_events', ids);
 * ```
 */
export async function eventRowsById(
  run: RunSql,
  table: string,
  ids: readonly string[],
): Promise<Map<string, StoredEventFields>> {
  const rows = await run(
    `SELECT id::text AS id, user_id, event_type, ip_address, user_agent, metadata,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
     FROM ${table} WHERE id = ANY($1::uuid[])`,
    [`{${ids.join(',')}}`],
  );
  const byId = new Map<string, StoredEventFields>();
  for (const row of rows) {
    byId.set(row.id as string, {
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
