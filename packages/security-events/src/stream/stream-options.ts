import { qualifiedTable } from '@mana/internal';
import { invalidOption, rejectUnknownOptions } from '../errors.js';
import { type Duration, pointInTime } from '../queries/duration.js';
import { resolveSchema } from '../schema/events-table-name.js';
import { isSqlExecutor, type SqlExecutor } from '../sql-executor.js';
import { systemClock, type WriterClock } from '../writer/writer-clock.js';
import type { StreamCheckpointStore } from './checkpoint-file.js';
import { isStreamFormat, type StreamFormat } from './stream-format.js';
import type { StreamSink } from './stream-sink.js';

/**
 * Options of {@link streamAuditEvents}.
 *
 * @example
 * ```ts
 * const options: StreamAuditEventsOptions = { database: pool, format: 'ocsf', sink: writableSink(process.stdout) };
 * ```
 */
export interface StreamAuditEventsOptions {
  /** Where `security_events` lives: a `pg.Pool`, PGlite or `ManaDatabase`. */
  database: SqlExecutor;
  /** Record format. Default `jsonl`. */
  format?: StreamFormat;
  /** Where batches go (`writableSink`, `httpSink`, `syslogSink`). */
  sink: StreamSink;
  /** Where the position is kept. Default in memory (a restart starts again from `since`). */
  checkpoint?: StreamCheckpointStore;
  /** First run without a checkpoint: start at this instant (a duration means that long ago). Default the oldest row. */
  since?: Date | Duration;
  /** Keep polling for new rows after catching up. Default false (stop when caught up). */
  follow?: boolean;
  /** Rows per batch (and per checkpoint), 1 to 10000. Default 1000. */
  batchSize?: number;
  /** Wait between polls once caught up with `follow`, in ms. Default 1000. */
  pollIntervalMs?: number;
  /**
   * How late a row may commit after its `created_at` and still be streamed, in ms (the batch
   * writer stamps events when they happen and may insert them later, after retries). Rows in this
   * window are re-checked on every poll and de-duplicated by id. Default 300000 (5 min).
   */
  lateWindowMs?: number;
  /** Postgres schema of the table. Default the `ManaDatabase`'s schema, else `auth`. */
  schema?: string;
  /** Stops the stream at the next batch boundary. */
  signal?: AbortSignal;
  /** Called after each accepted and checkpointed batch. */
  onBatch?: (progress: StreamProgress) => void;
  /** Time source of the polls. Default the system clock. */
  clock?: WriterClock;
}

/**
 * Progress of a stream, given to `onBatch` and returned at the end.
 *
 * @example
 * ```ts
 * const { events, batches } = await streamAuditEvents(options);
 * ```
 */
export interface StreamProgress {
  /** Events delivered (accepted by the sink) in this run. */
  events: number;
  /** Batches delivered in this run. */
  batches: number;
  /** Of `events`, rows found late (committed after the stream passed their time). */
  lateEvents: number;
}

const KEYS = [
  'database',
  'format',
  'sink',
  'checkpoint',
  'since',
  'follow',
  'batchSize',
  'pollIntervalMs',
  'lateWindowMs',
  'schema',
  'signal',
  'onBatch',
  'clock',
] as const satisfies readonly (keyof StreamAuditEventsOptions)[];

/** The validated options, defaults applied. */
export interface ResolvedStreamOptions {
  database: SqlExecutor;
  format: StreamFormat;
  sink: StreamSink;
  checkpoint: StreamCheckpointStore | undefined;
  since: Date | undefined;
  follow: boolean;
  batchSize: number;
  pollIntervalMs: number;
  lateWindowMs: number;
  table: string;
  signal: AbortSignal | undefined;
  onBatch: ((progress: StreamProgress) => void) | undefined;
  clock: WriterClock;
}

/**
 * Validates the options once (unknown keys with a suggestion, ranges) and applies defaults.
 *
 * @example
 * ```ts
 * const resolved = resolveStreamOptions({ database, sink });
 * ```
 */
export function resolveStreamOptions(options: StreamAuditEventsOptions): ResolvedStreamOptions {
  rejectUnknownOptions(options, KEYS, 'streamAuditEvents');
  if (!isSqlExecutor(options.database))
    invalidOption('database', options.database, 'Pass a pg.Pool, a PGlite instance or a ManaDatabase.');
  if (typeof options.sink?.send !== 'function')
    invalidOption(
      'sink',
      options.sink,
      'Pass writableSink(process.stdout), httpSink({ url }) or syslogSink({ host, port }).',
    );
  const format = options.format ?? 'jsonl';
  if (!isStreamFormat(format)) invalidOption('format', format, 'Use jsonl, ocsf, ecs or cef.');
  const schema = resolveSchema(options.schema, options.database);
  return {
    database: options.database,
    format,
    sink: options.sink,
    checkpoint: options.checkpoint,
    since: options.since === undefined ? undefined : pointInTime(options.since, 'since'),
    follow: options.follow ?? false,
    batchSize: whole('batchSize', options.batchSize, 1000, 1, 10_000),
    pollIntervalMs: whole('pollIntervalMs', options.pollIntervalMs, 1000, 1, 3_600_000),
    lateWindowMs: whole('lateWindowMs', options.lateWindowMs, 300_000, 0, 86_400_000),
    table: qualifiedTable(schema, 'security_events'),
    signal: options.signal,
    onBatch: options.onBatch,
    clock: options.clock ?? systemClock,
  };
}

function whole(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    invalidOption(name, value, `Use a whole number from ${min} to ${max}.`);
  return value;
}
