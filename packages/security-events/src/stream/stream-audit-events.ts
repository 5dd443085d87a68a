import { createHash } from 'node:crypto';
import { toRunSql } from '../sql-executor.js';
import { abortableSleep } from './abortable-sleep.js';
import { readStreamBatch } from './read-stream-batch.js';
import { streamFormatters } from './stream-format.js';
import {
  resolveStreamOptions,
  type StreamAuditEventsOptions,
  type StreamProgress,
} from './stream-options.js';
import { advancePosition, comparePositions, type StreamPosition } from './stream-position.js';

const START: StreamPosition = { settled: null, head: null, pending: [] };

/**
 * Streams the audit log to a SIEM with the database as the outbox: reads `security_events` in
 * `(created_at, id)` order in batches, formats each event, hands the batch to the sink, and
 * saves the checkpoint only after the sink accepted it. Guarantee: at-least-once past the
 * checkpoint; after a crash only the one batch in flight can be delivered again (with the same
 * event ids and, when its rows are unchanged, the same idempotency key); a sink failure stops
 * the stream with the batch still after the checkpoint.
 *
 * Late rows: the batch writer stamps `created_at` when an event happens and may insert it later
 * (queueing, retries), so a row can appear behind rows already streamed. There is no
 * commit-ordered column to page on (an identity column has the same problem: it is assigned at
 * insert, not commit), so the stream keeps a window instead: rows delivered within the last
 * `lateWindowMs` of `created_at` are remembered by id in the checkpoint, every read re-checks
 * that window for rows it has not sent, and the position only settles past rows older than the
 * window. A row committed more than `lateWindowMs` after its `created_at` can be missed.
 *
 * @example
 * ```ts
 * const result = await streamAuditEvents({
 *   database: pool,
 *   format: 'ocsf',
 *   sink: httpSink({ url: 'https://siem.example/ingest' }),
 *   checkpoint: fileCheckpoint('/var/lib/mana/audit-stream.json'),
 *   follow: true,
 * });
 * ```
 */
export async function streamAuditEvents(options: StreamAuditEventsOptions): Promise<StreamProgress> {
  const resolved = resolveStreamOptions(options);
  const { sink, checkpoint, signal, clock, batchSize, lateWindowMs, since } = resolved;
  const run = toRunSql(resolved.database);
  const format = streamFormatters[resolved.format];
  const progress: StreamProgress = { events: 0, batches: 0, lateEvents: 0 };
  let position = (await checkpoint?.load()) ?? START;
  // The late-row re-check scans the whole window; it runs once caught up, not on every batch of
  // a backlog (rows in the window stay pending, unsettled, until it ran).
  let checkLate = true;
  while (!signal?.aborted) {
    const read = await readStreamBatch(run, resolved.table, position, {
      batchSize,
      lateWindowMs,
      since,
      checkLate,
    });
    const { events, horizon, lateChecked } = read;
    checkLate = read.caughtUp;
    if (events.length === 0) {
      const next = advancePosition(position, [], horizon, lateChecked);
      if (next.pending.length !== position.pending.length) await checkpoint?.save(next);
      const unchecked = !lateChecked && position.pending.length > 0;
      position = next;
      if (unchecked) continue; // one more read, with the late-row check
      if (!resolved.follow) break;
      await abortableSleep(clock, resolved.pollIntervalMs, signal);
      continue;
    }
    const key = createHash('sha256')
      .update(events.map(({ event }) => event.id).join(','))
      .digest('base64url');
    const batch = {
      lines: events.map(({ event }) => format(event)),
      events: events.map(({ event }) => event),
      key,
    };
    await sink.send(batch, signal);
    const head = position.head;
    position = advancePosition(
      position,
      events.map((row) => row.position),
      horizon,
      lateChecked,
    );
    await checkpoint?.save(position);
    progress.events += events.length;
    progress.batches++;
    if (head) progress.lateEvents += events.filter((row) => comparePositions(row.position, head) <= 0).length;
    resolved.onBatch?.({ ...progress });
  }
  return progress;
}
