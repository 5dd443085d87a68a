import type { EventValueClass } from '../events/event-value.js';
import type { DropReason } from './drop-reporter.js';

/**
 * Counters of the writer, for health checks and tests.
 *
 * @example
 * ```ts
 * const { queued, written, dropped } = service.stats();
 * ```
 */
export interface SecurityEventsStats {
  /** Events waiting for a write. */
  queued: number;
  /** Rate-limit refusal rows still being counted (one per client IP, route and minute). */
  aggregating: number;
  /** UTF-8 bytes of the events held (waiting or being written), counted against `maxQueueBytes`. */
  queuedBytes: number;
  /** Events in batches being written (or retried). */
  writing: number;
  /** Events written since the service started. */
  written: number;
  /** Events not recorded, by reason. */
  dropped: Record<DropReason, number>;
  /** Events not recorded, by value class (`high`: sign-ins, password changes, lockouts, ...). */
  droppedByClass: Record<EventValueClass, number>;
  /** Events written without their user id because the user no longer existed. */
  orphaned: number;
  /** Failed write attempts that were retried. */
  retries: number;
  /** True while the database refuses writes. */
  failing: boolean;
  /** The last write error, if any. */
  lastError: { code: string; message: string; at: string } | null;
}

/**
 * The outcome of `flush()` and `close()`.
 *
 * @example
 * ```ts
 * const { pending }: FlushResult = await service.flush({ timeoutMs: 2_000 });
 * if (pending > 0) console.warn(`${pending} events not written yet`);
 * ```
 */
export interface FlushResult {
  /** Events logged before the call that are still unwritten (0: everything was written). */
  pending: number;
}
