import type { EventValueClass } from '../events/event-value.js';
import { type SecurityEventsLogger, safeLog } from './logger.js';

/**
 * Why an event was not recorded:
 * - `queue_full`: the queue's `maxQueueSize` / `maxQueueBytes` (or, for a low-value event, its
 *   share of them) was used up (the database is down or slow, or a flood of cheap events);
 * - `closed`: `logEvent` was called after `close()`;
 * - `rejected`: the database refused the event even on its own;
 * - `shutdown`: `close()` timed out before the event could be written.
 *
 * @example
 * ```ts
 * const reason: DropReason = 'queue_full';
 * ```
 */
export type DropReason = 'queue_full' | 'closed' | 'rejected' | 'shutdown';

const REPORT_INTERVAL_MS = 1_000;

/**
 * Counts dropped events and reports them as structured log lines: the first drop after a
 * quiet period at once, later ones summed up once per second, so a flood of drops is a few
 * lines, not one per event.
 *
 * @example
 * ```ts
 * const drops = new DropReporter(logger, () => ({ queued: 0 }));
 * drops.drop('queue_full', 3, 'low'); // logs one events_dropped line
 * ```
 */
export class DropReporter {
  readonly totals: Record<DropReason, number> = { queue_full: 0, closed: 0, rejected: 0, shutdown: 0 };
  /** Dropped events per value class (high-value drops mean the queue is sized too small). */
  readonly byClass: Record<EventValueClass, number> = { high: 0, low: 0 };
  private readonly unreported = new Map<`${DropReason}:${EventValueClass}`, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: SecurityEventsLogger,
    private readonly context: () => Record<string, number>,
  ) {}

  /** Counts `count` dropped events of one value class. */
  drop(reason: DropReason, count: number, valueClass: EventValueClass): void {
    if (count <= 0) return;
    this.totals[reason] += count;
    this.byClass[valueClass] += count;
    const key = `${reason}:${valueClass}` as const;
    this.unreported.set(key, (this.unreported.get(key) ?? 0) + count);
    if (this.timer !== undefined) return;
    this.report();
    this.arm();
  }

  /** Reports what is still unreported and stops the timer (on close). */
  finish(): void {
    this.report();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.unreported.size === 0) return;
      this.report();
      this.arm();
    }, REPORT_INTERVAL_MS);
    this.timer.unref();
  }

  private report(): void {
    for (const [key, count] of this.unreported) {
      const [reason, valueClass] = key.split(':') as [DropReason, EventValueClass];
      safeLog(this.logger, {
        level: valueClass === 'high' ? 'error' : 'warn',
        event: 'events_dropped',
        message: `${count} ${valueClass}-value security event(s) dropped: ${reason.replace('_', ' ')}`,
        count,
        reason,
        valueClass,
        totalDropped: this.totals[reason],
        ...this.context(),
      });
    }
    this.unreported.clear();
  }
}
