import { invalidOption, rejectUnknownOptions, SecurityEventsError } from '../errors.js';
import type { AuditCheckpoint } from './checkpoint.js';

/** Where {@link writeCheckpointLines} writes: `process.stdout`, a file stream, a socket. */
export interface CheckpointLineTarget {
  write(chunk: string, callback: (error?: Error | null) => void): unknown;
}

/**
 * A `checkpointSink` that writes each checkpoint as one JSON line to `target` (default stdout),
 * for a log shipper (Vector, Fluent Bit) that carries it off the database host. Resolves once the
 * line was handed to the target.
 *
 * @example
 * ```ts
 * new SecurityEventsService({ database, integrity: { commitKey, signingKey, checkpointSink: writeCheckpointLines() } });
 * ```
 */
export function writeCheckpointLines(
  target: CheckpointLineTarget = process.stdout,
): (checkpoint: AuditCheckpoint) => Promise<void> {
  if (target === null || typeof target !== 'object' || typeof target.write !== 'function')
    invalidOption('writeCheckpointLines target', target, 'Pass a writable stream such as process.stdout.');
  return (checkpoint) =>
    new Promise<void>((resolve, reject) => {
      target.write(`${JSON.stringify(checkpoint)}\n`, (error) => (error ? reject(error) : resolve()));
    });
}

/**
 * Options of {@link postCheckpoint}.
 *
 * @example
 * ```ts
 * const options: CheckpointWebhookOptions = { headers: { authorization: `Bearer ${process.env.ANCHOR_TOKEN}` }, timeoutMs: 5000 };
 * ```
 */
export interface CheckpointWebhookOptions {
  /** Extra request headers (e.g. `authorization`); never logged. Default none. */
  headers?: Record<string, string>;
  /** Abort the request after this many ms (100 to 600000). Default 10000. */
  timeoutMs?: number;
}

const WEBHOOK_KEYS = ['headers', 'timeoutMs'];

/**
 * A `checkpointSink` that POSTs each checkpoint as JSON to `url` (a log service, a ticketing or
 * notary endpoint the database's users cannot write to). A non-2xx answer throws
 * `STREAM_SINK_REJECTED`, an unreachable or slow receiver `STREAM_SINK_UNAVAILABLE`; the writer
 * logs either as `checkpoint_failed` (with the URL's origin and path only), goes on writing, and
 * signs and sends that chain's head again at the next checkpoint interval.
 *
 * @example
 * ```ts
 * checkpointSink: postCheckpoint('https://anchor.example/checkpoints', { headers: { authorization: `Bearer ${token}` } })
 * ```
 */
export function postCheckpoint(
  url: string | URL,
  options: CheckpointWebhookOptions = {},
): (checkpoint: AuditCheckpoint) => Promise<void> {
  const target = webhookUrl(url);
  rejectUnknownOptions(options, WEBHOOK_KEYS, 'postCheckpoint');
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000)
    invalidOption('timeoutMs', timeoutMs, 'Use a whole number of ms from 100 to 600000 (default 10000).');
  const headers = { ...options.headers, 'content-type': 'application/json' };
  // The URL as errors name it: no query (it may carry a token), no credentials.
  const shown = `${target.origin}${target.pathname}`;
  return async (checkpoint) => {
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers,
        body: JSON.stringify(checkpoint),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SecurityEventsError(
        'STREAM_SINK_UNAVAILABLE',
        `Checkpoint receiver ${shown} could not be reached: ${error instanceof Error ? error.message : String(error)}.`,
        {
          cause: error,
          fix: 'Check the URL and that the receiver is up; it is tried again at the next checkpoint.',
        },
      );
    }
    await response.body?.cancel();
    if (!response.ok)
      throw new SecurityEventsError(
        'STREAM_SINK_REJECTED',
        `Checkpoint receiver ${shown} answered ${response.status}.`,
        {
          fix: 'Check the receiver and its credentials (headers); it is tried again at the next checkpoint.',
        },
      );
  };
}

function webhookUrl(url: string | URL): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
    invalidOption('postCheckpoint url', String(url), 'Pass an absolute http(s) URL.');
  return parsed;
}
