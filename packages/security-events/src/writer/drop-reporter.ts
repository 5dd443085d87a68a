import { type SecurityEventsLogger, safeLog } from './logger.js';

/**
 * Why an event was not recorded:
 * - `queue_full`: `maxQueueSize` events were already waiting (the database is down or slow);
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
 * drops.drop('queue_full', 3); // logs one events_dropped line
 * ```
 */
export class DropReporter {
  readonly totals: Record<DropReason, number> = { queue_full: 0, closed: 0, rejected: 0, shutdown: 0 };
  private readonly unreported = new Map<DropReason, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: SecurityEventsLogger,
    private readonly context: () => Record<string, number>,
  ) {}

  /** Counts `count` dropped events. */
  drop(reason: DropReason, count: number): void {
    this.totals[reason] += count;
    this.unreported.set(reason, (this.unreported.get(reason) ?? 0) + count);
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
    for (const [reason, count] of this.unreported) {
      safeLog(this.logger, {
        level: 'warn',
        event: 'events_dropped',
        message: `${count} security event(s) dropped: ${reason.replace('_', ' ')}`,
        count,
        reason,
        totalDropped: this.totals[reason],
        ...this.context(),
      });
    }
    this.unreported.clear();
  }
}
