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
  const { sink, checkpoint, signal, clock } = resolved;
  const run = toRunSql(resolved.database);
  const format = streamFormatters[resolved.format];
  const progress: StreamProgress = { events: 0, batches: 0, lateEvents: 0 };
  let position = (await checkpoint?.load()) ?? START;
  const readOptions = {
    batchSize: resolved.batchSize,
    lateWindowMs: resolved.lateWindowMs,
    since: resolved.since,
  };
  while (!signal?.aborted) {
    const { events, horizon } = await readStreamBatch(run, resolved.table, position, readOptions);
    if (events.length === 0) {
      const settled = advancePosition(position, [], horizon);
      if (settled.pending.length !== position.pending.length) await checkpoint?.save(settled);
      position = settled;
      if (!resolved.follow) break;
      await abortableSleep(clock, resolved.pollIntervalMs, signal);
      continue;
    }
    const lines = events.map(({ event }) => format(event));
    const key = createHash('sha256')
      .update(events.map(({ event }) => event.id).join(','))
      .digest('base64url');
    await sink.send({ lines, events: events.map(({ event }) => event), key }, signal);
    const head = position.head;
    position = advancePosition(
      position,
      events.map((row) => row.position),
      horizon,
    );
    await checkpoint?.save(position);
    progress.events += events.length;
    progress.batches++;
    if (head) progress.lateEvents += events.filter((row) => comparePositions(row.position, head) <= 0).length;
    resolved.onBatch?.({ ...progress });
  }
  return progress;
}
