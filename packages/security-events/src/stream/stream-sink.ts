import type { SecurityEvent } from '../queries/query-events.js';

/**
 * One batch handed to a sink: the formatted lines (no line breaks), the events they came from
 * (same order), and an idempotency key (a hash of the event ids: a batch re-sent after a crash
 * or a failed attempt carries the same key when it holds the same events).
 *
 * @example
 * ```ts
 * batch.lines.length === batch.events.length; // true
 * ```
 */
export interface StreamBatch {
  readonly lines: readonly string[];
  readonly events: readonly SecurityEvent[];
  readonly key: string;
}

/**
 * Where a stream delivers: `send()` resolves once the receiver *accepted* the batch (what that
 * means is each sink's contract: flushed to stdout, a 2xx from the HTTP endpoint, flushed to the
 * syslog socket) and throws a `SecurityEventsError` when it never will; the stream advances its
 * checkpoint only after `send()` resolved. `close()` releases the connection.
 *
 * @example
 * ```ts
 * const sink: StreamSink = { async send(batch) { console.log(batch.lines.join('\n')); }, async close() {} };
 * ```
 */
export interface StreamSink {
  send(batch: StreamBatch, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
