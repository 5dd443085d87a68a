import { SecurityEventsError } from '../errors.js';
import { backoffDelay } from '../writer/retry-backoff.js';
import type { WriterClock } from '../writer/writer-clock.js';
import { abortableSleep } from './abortable-sleep.js';

/**
 * How a network sink retries a batch the receiver did not take (network error, HTTP 5xx or 429,
 * a closed syslog connection): exponential backoff with jitter, capped, for a bounded time.
 *
 * @example
 * ```ts
 * const retry: SinkRetryOptions = { initialDelayMs: 100, maxDelayMs: 10_000, maxElapsedMs: 3_600_000 };
 * ```
 */
export interface SinkRetryOptions {
  /** First wait, in ms. Default 250. */
  initialDelayMs?: number;
  /** Longest wait between two attempts, in ms. Default 30000. */
  maxDelayMs?: number;
  /** Give up (`STREAM_SINK_UNAVAILABLE`) after retrying one batch this long, in ms. Default 900000 (15 min). */
  maxElapsedMs?: number;
}

/** The outcome of one attempt: done, or retry (after at least `afterMs` when the receiver said so). */
export type AttemptResult = { done: true } | { done: false; reason: string; afterMs?: number };

/**
 * Runs `attempt` until it is done, waiting with backoff between attempts; throws
 * `STREAM_SINK_UNAVAILABLE` naming the last reason when the time budget is spent, and an
 * `AbortError`-like `STREAM_SINK_UNAVAILABLE` when `signal` aborts.
 *
 * @example
 * ```ts
 * await retryAttempts(() => post(batch), { receiver: 'https://siem.example', clock: systemClock });
 * ```
 */
export async function retryAttempts(
  attempt: () => Promise<AttemptResult>,
  options: { receiver: string; clock: WriterClock; retry?: SinkRetryOptions; signal?: AbortSignal },
): Promise<void> {
  const { clock, signal } = options;
  const initial = options.retry?.initialDelayMs ?? 250;
  const max = options.retry?.maxDelayMs ?? 30_000;
  const budget = options.retry?.maxElapsedMs ?? 900_000;
  const started = clock.now();
  for (let n = 1; ; n++) {
    const result = await attempt();
    if (result.done) return;
    const wait = Math.max(result.afterMs ?? 0, backoffDelay(n, initial, max, clock.random ?? Math.random));
    if (clock.now() - started + wait > budget) {
      const fix = `Check that ${options.receiver} is up and reachable, then run the stream again: it resumes from its checkpoint.`;
      throw new SecurityEventsError(
        'STREAM_SINK_UNAVAILABLE',
        `The stream receiver ${options.receiver} did not accept a batch after ${n} attempts over ${Math.round((clock.now() - started) / 1000)} s (last: ${result.reason}). ${fix}`,
        { fix },
      );
    }
    if (!(await abortableSleep(clock, wait, signal))) {
      throw new SecurityEventsError(
        'STREAM_SINK_UNAVAILABLE',
        `The stream was stopped while ${options.receiver} was unavailable (${result.reason}); the batch stays after the checkpoint.`,
      );
    }
  }
}
