import type { SecurityEventMetadata } from '../events/json-value.js';
import type { SecurityEvent } from '../queries/query-events.js';
import type { RunSql, SqlRow } from '../sql-executor.js';
import type { RowPosition, StreamPosition } from './stream-position.js';

/**
 * One read of the stream: the events (with their positions), and the settle horizon: the
 * database's clock before the read minus the late window, as position text.
 *
 * @example
 * ```ts
 * const { events, horizon } = await readStreamBatch(run, table, position, { batchSize: 1000, lateWindowMs: 300_000 });
 * ```
 */
export interface StreamBatchRead {
  events: { event: SecurityEvent; position: RowPosition }[];
  horizon: string;
  /** True when this read re-checked `(settled, head]` for late rows. */
  lateChecked: boolean;
  /** True when the rows after `head` ran out before the batch was full (caught up). */
  caughtUp: boolean;
}

// The select list renames created_at and id (text forms): ORDER BY names the table's columns
// through the alias `e`, or it would sort the text and lose the (created_at, id) index.
const COLUMNS = `id::text AS id, user_id, event_type, ip_address, user_agent, metadata,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at`;
const AS_TEXT = (expression: string) =>
  `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Reads the next batch in `(created_at, id)` order: first, with `checkLate`, the late rows
 * (committed after the stream passed their position, between `settled` and `head`, and not in
 * `pending`), then the rows after `head`, `batchSize` in all. The horizon is read before the rows, so every row older
 * than it had committed (given the late-window assumption) when the rows were read.
 *
 * @example
 * ```ts
 * const read = await readStreamBatch(run, 'auth.security_events', position, { batchSize: 500, lateWindowMs: 300_000 });
 * ```
 */
export async function readStreamBatch(
  run: RunSql,
  table: string,
  position: StreamPosition,
  options: { batchSize: number; lateWindowMs: number; since?: Date; checkLate: boolean },
): Promise<StreamBatchRead> {
  const [clock] = await run(
    `SELECT ${AS_TEXT(`now() - make_interval(secs => $1::double precision / 1000)`)} AS horizon`,
    [options.lateWindowMs],
  );
  const horizon = String(clock?.horizon);
  // Nothing pending: settled is head, so there is no window to re-check.
  const lateChecked = options.checkLate && position.pending.length > 0;
  const late = lateChecked ? await readLate(run, table, position, options.batchSize, options.since) : [];
  const after = position.head ?? position.settled;
  const rest = options.batchSize - late.length;
  const fresh =
    rest > 0 ? await readAfter(run, table, after, rest, position.head ? undefined : options.since) : [];
  return {
    events: [...late, ...fresh].map(toStreamEvent),
    horizon,
    lateChecked: lateChecked && late.length < options.batchSize,
    caughtUp: fresh.length < rest,
  };
}

// `NOT IN (SELECT unnest(...))` is a hashed sub-plan: one hash lookup per row of the window,
// where `<> ALL(array)` would compare every row with every pending id.
function readLate(
  run: RunSql,
  table: string,
  position: StreamPosition,
  limit: number,
  since: Date | undefined,
): Promise<SqlRow[]> {
  const head = position.head as RowPosition;
  const params: unknown[] = [head[0], head[1], position.pending.map((row) => row[1]), limit];
  let lower = '';
  if (position.settled) {
    params.push(position.settled[0], position.settled[1]);
    lower = ' AND (created_at, id) > ($5::timestamptz, $6::uuid)';
  } else if (since) {
    params.push(since.toISOString());
    lower = ' AND created_at >= $5::timestamptz';
  }
  return run(
    `SELECT ${COLUMNS} FROM ${table} AS e
WHERE (created_at, id) <= ($1::timestamptz, $2::uuid)${lower}
  AND id NOT IN (SELECT unnest($3::uuid[]))
ORDER BY e.created_at, e.id LIMIT $4`,
    params,
  );
}

function readAfter(
  run: RunSql,
  table: string,
  after: RowPosition | null,
  limit: number,
  since: Date | undefined,
): Promise<SqlRow[]> {
  const params: unknown[] = [limit];
  const where: string[] = [];
  if (after) {
    params.push(after[0], after[1]);
    where.push('(created_at, id) > ($2::timestamptz, $3::uuid)');
  }
  if (since) {
    params.push(since.toISOString());
    where.push(`created_at >= $${params.length}::timestamptz`);
  }
  return run(
    `SELECT ${COLUMNS} FROM ${table} AS e${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
ORDER BY e.created_at, e.id LIMIT $1`,
    params,
  );
}

function toStreamEvent(row: SqlRow): { event: SecurityEvent; position: RowPosition } {
  const metadata = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
  const createdAt = String(row.created_at);
  const id = String(row.id);
  return {
    event: {
      id,
      userId: (row.user_id as string | null) ?? null,
      eventType: String(row.event_type),
      ipAddress: (row.ip_address as string | null) ?? null,
      userAgent: (row.user_agent as string | null) ?? null,
      metadata: (metadata as SecurityEventMetadata | null) ?? null,
      createdAt: new Date(createdAt),
    },
    position: [createdAt, id],
  };
}
