import { SecurityEventsError } from '../errors.js';
import { systemClock, type WriterClock } from '../writer/writer-clock.js';
import { type AttemptResult, retryAttempts, type SinkRetryOptions } from './sink-retry.js';
import type { StreamBatch, StreamSink } from './stream-sink.js';

/**
 * Options of {@link httpSink}.
 *
 * @example
 * ```ts
 * const options: HttpSinkOptions = { url: 'https://siem.example/ingest', headers: { authorization: `Bearer ${token}` } };
 * ```
 */
export interface HttpSinkOptions {
  /** The endpoint batches are POSTed to (http: or https:). */
  url: string;
  /** Extra request headers (authorization). Default none. */
  headers?: Record<string, string>;
  /** `Content-Type` of the body. Default `application/x-ndjson`. */
  contentType?: string;
  /** Per-request timeout, in ms. Default 30000. */
  timeoutMs?: number;
  /** Backoff of retried batches. Defaults in {@link SinkRetryOptions}. */
  retry?: SinkRetryOptions;
  /** Time source of the backoff. Default the system clock. */
  clock?: WriterClock;
}

/**
 * The lossless sink: POSTs each batch as one body of lines (one record per line) with an
 * `Idempotency-Key` header (a hash of the batch's event ids) and `X-Mana-Event-Count`.
 * Accepted = any 2xx answer. A network error, a timeout, a 5xx or a 429 is retried with capped
 * exponential backoff and jitter (honouring `Retry-After`); any other 4xx stops the stream with
 * `STREAM_SINK_REJECTED`. The receiver de-duplicates by the key (or by the event id every format
 * carries): a batch is re-sent only when the stream crashed between the 2xx and its checkpoint.
 *
 * @example
 * ```ts
 * await streamAuditEvents({ database, format: 'ecs', sink: httpSink({ url: 'https://siem.example/ingest' }) });
 * ```
 */
export function httpSink(options: HttpSinkOptions): StreamSink {
  const clock = options.clock ?? systemClock;
  const receiver = new URL(options.url).origin;
  return {
    async send(batch, signal) {
      if (batch.lines.length === 0) return;
      const body = `${batch.lines.join('\n')}\n`;
      await retryAttempts(() => postOnce(options, batch, body, clock), {
        receiver,
        clock,
        retry: options.retry,
        signal,
      });
    },
    async close() {},
  };
}

async function postOnce(
  options: HttpSinkOptions,
  batch: StreamBatch,
  body: string,
  clock: WriterClock,
): Promise<AttemptResult> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: {
        ...options.headers,
        'content-type': options.contentType ?? 'application/x-ndjson',
        'idempotency-key': batch.key,
        'x-mana-event-count': String(batch.lines.length),
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    await response.arrayBuffer();
  } catch (error) {
    return { done: false, reason: `network error: ${(error as Error).message}` };
  }
  if (response.ok) return { done: true };
  if (response.status === 429 || response.status >= 500)
    return {
      done: false,
      reason: `HTTP ${response.status}`,
      afterMs: retryAfterMs(response.headers.get('retry-after'), clock),
    };
  const fix =
    'Check the URL and the credentials in the headers; the batch stays after the checkpoint, so a fixed stream resumes with it.';
  throw new SecurityEventsError(
    'STREAM_SINK_REJECTED',
    `The stream receiver ${new URL(options.url).origin} refused a batch with HTTP ${response.status}. ${fix}`,
    { fix },
  );
}

/**
 * The wait a `Retry-After` header asks for, in ms (seconds or an HTTP date), capped at 10 min.
 *
 * @example
 * ```ts
 * retryAfterMs('3', systemClock); // 3000
 * ```
 */
export function retryAfterMs(header: string | null, clock: WriterClock): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - clock.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 600_000) : undefined;
}
