import { SecurityEventsError } from '../errors.js';
import type { SecurityEventMetadata } from '../events/json-value.js';
import { DEFAULT_EVENTS_TABLE } from '../schema/events-table-name.js';
import type { RunSql, SqlRow } from '../sql-executor.js';
import { type Duration, pointInTime } from './duration.js';
import { decodeCursor, encodeCursor } from './event-cursor.js';

/**
 * One stored event, as the query methods return it.
 *
 * @example
 * ```ts
 * const [latest] = await service.recentForUser(user.id, { limit: 1 });
 * console.log(latest?.eventType, latest?.createdAt.toISOString(), latest?.metadata);
 * ```
 */
export interface SecurityEvent<TType extends string = string> {
  id: string;
  userId: string | null;
  eventType: TType;
  ipAddress: string | null;
  userAgent: string | null;
  metadata: SecurityEventMetadata | null;
  /** When it happened (millisecond precision; rows keep microseconds). */
  createdAt: Date;
}

/**
 * Filters of `query()`; every field is optional and they combine with AND.
 *
 * @example
 * ```ts
 * const filter: SecurityEventsQuery = { userId: user.id, types: ['login_success', 'login_failure'], since: '30d' };
 * ```
 */
export interface SecurityEventsQuery<TType extends string = string> {
  /** Only this user's events. */
  userId?: string;
  /** Only these event types. */
  types?: readonly TType[];
  /**
   * Only events from this client IP address (the `ip_address` column). Give the real address:
   * the service stores and matches it per its `privacy.ipAddresses` policy (pseudonym, prefix or
   * raw), so a truncated policy matches the whole /24 or /48.
   */
  ipAddress?: string;
  /**
   * Only events whose `metadata.email` is this address (failed sign-ins, sign-up failures, reset
   * requests, lockouts). Give the real address; it is matched per `privacy.emails`.
   */
  email?: string;
  /** Only events at or after this instant; a duration means "that long ago". */
  since?: Date | Duration;
  /** Only events before this instant. */
  until?: Date;
  /** Page size, 1 to 1000. Default 50. */
  limit?: number;
  /** `nextCursor` of the previous page; leave out for the first page. */
  cursor?: string | null;
}

/**
 * One page of events, newest first, and the cursor of the next page (null on the last one).
 *
 * @example
 * ```ts
 * let page = await service.query({ types: ['login_failure'] });
 * while (page.nextCursor) page = await service.query({ types: ['login_failure'], cursor: page.nextCursor });
 * ```
 */
export interface SecurityEventsPage<TType extends string = string> {
  events: SecurityEvent<TType>[];
  nextCursor: string | null;
}

// The select list renames created_at and id (text forms): ORDER BY names the table's columns
// through the alias `e`, or it would sort the text forms and no index could serve the order.
const COLUMNS = `id::text AS id, user_id, event_type, ip_address, user_agent, metadata,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at`;

/**
 * Runs a filtered, keyset-paginated query (`ipAddress` and `email` as stored: the service turns
 * the caller's values into their stored form first): `ORDER BY created_at DESC, id DESC`, resuming
 * strictly after the cursor's row, so pages neither skip nor repeat rows while events keep
 * arriving, and every page costs an index range scan however deep it is.
 *
 * @example
 * ```ts
 * const page = await queryEvents(run, { userId: 'u1', limit: 20 });
 * ```
 */
export async function queryEvents<TType extends string>(
  run: RunSql,
  query: SecurityEventsQuery<TType>,
  maxLimit = 1000,
  table: string = DEFAULT_EVENTS_TABLE,
): Promise<SecurityEventsPage<TType>> {
  const limit = checkLimit(query.limit, 50, maxLimit);
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.userId !== undefined) where.push(`user_id = ${param(query.userId)}`);
  if (query.types !== undefined) {
    if (!Array.isArray(query.types) || query.types.length === 0)
      invalidQuery('types must be a non-empty array of event types');
    where.push(
      query.types.length === 1
        ? `event_type = ${param(query.types[0])}`
        : `event_type = ANY(${param([...query.types])}::text[])`,
    );
  }
  if (query.ipAddress !== undefined) where.push(`ip_address = ${param(query.ipAddress)}`);
  if (query.email !== undefined) where.push(`metadata->>'email' = ${param(query.email)}`);
  if (query.since !== undefined)
    where.push(`created_at >= ${param(pointInTime(query.since, 'since').toISOString())}`);
  if (query.until !== undefined)
    where.push(`created_at < ${param(pointInTime(query.until, 'until').toISOString())}`);
  if (query.cursor) {
    const { createdAt, id } = decodeCursor(query.cursor);
    where.push(`(created_at, id) < (${param(createdAt)}::timestamptz, ${param(id)}::uuid)`);
  }
  const sql = `SELECT ${COLUMNS} FROM ${table} AS e${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
ORDER BY e.created_at DESC, e.id DESC LIMIT ${param(limit + 1)}`;
  const rows = await run(sql, params);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    events: page.map((row) => toEvent<TType>(row)),
    nextCursor:
      more && last ? encodeCursor({ createdAt: String(last.created_at), id: String(last.id) }) : null,
  };
}

function toEvent<TType extends string>(row: SqlRow): SecurityEvent<TType> {
  const metadata = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
  return {
    id: String(row.id),
    userId: (row.user_id as string | null) ?? null,
    eventType: row.event_type as TType,
    ipAddress: (row.ip_address as string | null) ?? null,
    userAgent: (row.user_agent as string | null) ?? null,
    metadata: (metadata as SecurityEventMetadata | null) ?? null,
    createdAt: new Date(String(row.created_at)),
  };
}

/**
 * Validates a page size.
 *
 * @example
 * ```ts
 * checkLimit(undefined, 50, 1000); // 50
 * checkLimit(5000, 50, 1000); // throws INVALID_QUERY
 * ```
 */
export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    invalidQuery(`limit must be a whole number from 1 to ${max}, got ${limit}`);
  return limit;
}

function invalidQuery(message: string): never {
  throw new SecurityEventsError('INVALID_QUERY', `Invalid query: ${message}.`);
}
