import type { ChunkHash } from '../integrity/hash/batch-hash.js';
import { DEFAULT_EVENTS_TABLE } from '../schema/events-table-name.js';
import type { RunSql } from '../sql-executor.js';
import { classifyWriteError } from './write-error.js';

/**
 * One sanitised event, ready to insert: its row already serialised as JSON (short keys `id`,
 * `u` user_id, `t` event_type, `i` ip_address, `a` user_agent, `m` metadata, `c` created_at),
 * so the caller pays for serialising it once and a batch is a string join.
 *
 * @example
 * ```ts
 * const event: PendingEvent = buildEvent({ eventType: 'logout', userId: 'u1' });
 * event.json; // '{"id":"0194...","u":"u1","t":"logout",...}'
 * ```
 */
export interface PendingEvent {
  /** user_id, kept to rewrite the row when the user no longer exists. */
  u: string | null;
  /** event_type, for log lines about the event. */
  t: string;
  /** The row as a JSON object. */
  json: string;
  /** True for a high-value event type, which may use the queue's reserved share. Default false. */
  high?: boolean;
  /** integrity: the hashing of this event ahead of its write, once sent; set by the writer. */
  prehashed?: PrehashedEvent;
}

/**
 * Where an event's hashes are being computed ahead of its write: a hashed chunk of events and the
 * event's position in it.
 *
 * @example
 * ```ts
 * const { leaves } = await event.prehashed!.chunk; // the event's leaf: leaves[index * 32 ...]
 * ```
 */
export interface PrehashedEvent {
  chunk: Promise<ChunkHash>;
  index: number;
}

// One statement and one parameter per batch, whatever its size: PostgreSQL expands the JSON
// array into rows. Client-side ids make a retried batch idempotent.
const insertSql = (
  table: string,
) => `INSERT INTO ${table} (id, user_id, event_type, ip_address, user_agent, metadata, created_at)
SELECT r.id, r.u, r.t, r.i, r.a, r.m, r.c
FROM json_to_recordset($1::json) AS r(id uuid, u text, t text, i text, a text, m jsonb, c timestamptz)
ON CONFLICT (id) DO NOTHING`;

/**
 * Inserts a batch in one statement.
 *
 * @example
 * ```ts
 * await insertBatch(run, [event1, event2]);
 * ```
 */
export async function insertBatch(
  run: RunSql,
  events: readonly PendingEvent[],
  table: string = DEFAULT_EVENTS_TABLE,
): Promise<void> {
  let json = '[';
  for (let i = 0; i < events.length; i++)
    json += i === 0 ? (events[i] as PendingEvent).json : `,${(events[i] as PendingEvent).json}`;
  await run(insertSql(table), [`${json}]`]);
}

/**
 * Writes a batch in one statement: {@link insertBatch}, or a chain lane's insert with `integrity`.
 *
 * @example
 * ```ts
 * const insert: InsertEvents = insertBatch;
 * ```
 */
export type InsertEvents = (run: RunSql, events: readonly PendingEvent[], table: string) => Promise<void>;

/** The same event without its user id, which moves to `metadata.unknownUserId`. */
function orphaned(event: PendingEvent): PendingEvent {
  const row = JSON.parse(event.json) as { u: string | null; m: Record<string, unknown> | null };
  row.m = { ...(row.m ?? {}), unknownUserId: row.u };
  row.u = null;
  return { u: null, t: event.t, json: JSON.stringify(row), high: event.high === true };
}

/**
 * What happened to the events of a batch that contained a refused row.
 *
 * @example
 * ```ts
 * const { written, orphaned, rejected }: IsolateResult = await insertIsolating(run, batch);
 * ```
 */
export interface IsolateResult {
  /** Written as they were. */
  written: number;
  /** Written without their user id, which no longer exists (user deleted meanwhile). */
  orphaned: number;
  /** Refused by the database even alone, with the error. */
  rejected: Array<{ event: PendingEvent; error: unknown }>;
}

/**
 * Writes a batch the database refused because of its data by splitting it in halves until the
 * refused rows are alone. A row whose user no longer exists (foreign key violation: the user
 * was deleted between `logEvent` and the write) is kept with `user_id` null and
 * `metadata.unknownUserId`; any other refused row is reported. A transient error is thrown
 * with the events not yet written attached as `pending`.
 *
 * @example
 * ```ts
 * const result = await insertIsolating(run, batch);
 * ```
 */
export async function insertIsolating(
  run: RunSql,
  events: readonly PendingEvent[],
  table: string = DEFAULT_EVENTS_TABLE,
  // integrity: the chained writer passes its lane's insert (rows + chain record in one statement).
  insert: InsertEvents = insertBatch,
): Promise<IsolateResult> {
  const result: IsolateResult = { written: 0, orphaned: 0, rejected: [] };
  const stack: PendingEvent[][] = [events.slice()];
  while (stack.length > 0) {
    const part = stack.pop() as PendingEvent[];
    try {
      await insert(run, part, table);
      result.written += part.length;
    } catch (error) {
      if (classifyWriteError(error) !== 'row') throw withPending(error, [part, ...stack].flat());
      if (part.length > 1) {
        const middle = Math.ceil(part.length / 2);
        stack.push(part.slice(middle), part.slice(0, middle));
        continue;
      }
      try {
        await handleRefusedRow(run, table, part[0] as PendingEvent, error, result, insert);
      } catch (transient) {
        throw withPending(transient, [part, ...stack].flat());
      }
    }
  }
  return result;
}

async function handleRefusedRow(
  run: RunSql,
  table: string,
  event: PendingEvent,
  error: unknown,
  result: IsolateResult,
  insert: InsertEvents,
) {
  const code = (error as { code?: unknown }).code;
  if (code === '23503' && event.u !== null) {
    const orphan = orphaned(event);
    try {
      await insert(run, [orphan], table);
      result.orphaned++;
      return;
    } catch (retryError) {
      if (classifyWriteError(retryError) !== 'row') throw retryError;
      result.rejected.push({ event, error: retryError });
      return;
    }
  }
  result.rejected.push({ event, error });
}

/**
 * A transient error met while isolating, with the events still to write.
 *
 * @example
 * ```ts
 * catch (error) { if (hasPending(error)) retryLater((error as PendingWriteError).pending); }
 * ```
 */
export interface PendingWriteError extends Error {
  pending: PendingEvent[];
}

function withPending(error: unknown, pending: PendingEvent[]): PendingWriteError {
  const base = error instanceof Error ? error : new Error(String(error));
  return Object.assign(base, { pending });
}

/**
 * True when the error came from {@link insertIsolating} with events still to write.
 *
 * @example
 * ```ts
 * try { await insertIsolating(run, batch); } catch (error) { const left = hasPending(error) ? error.pending : batch; }
 * ```
 */
export function hasPending(error: unknown): error is PendingWriteError {
  return Array.isArray((error as { pending?: unknown } | null)?.pending);
}
