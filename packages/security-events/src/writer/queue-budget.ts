import type { EventValueClass } from '../events/event-value.js';
import type { PendingEvent } from './insert-events.js';

/**
 * The limits of the writer's memory: events and UTF-8 bytes held (waiting or being written),
 * and the share of both kept for high-value events.
 *
 * @example
 * ```ts
 * const limits: QueueLimits = { maxQueueSize: 100_000, maxQueueBytes: 32 * 1024 * 1024, reservedShare: 0.25 };
 * ```
 */
export interface QueueLimits {
  maxQueueSize: number;
  maxQueueBytes: number;
  /** Fraction (0 to 0.9) of both limits that low-value events may not use. */
  reservedShare: number;
}

/** What one held event costs: its class and the UTF-8 bytes of its row. */
interface Cost {
  low: boolean;
  bytes: number;
}

const costOf = (event: PendingEvent): Cost => ({
  low: event.high !== true,
  bytes: Buffer.byteLength(event.json, 'utf8'),
});

/**
 * Admission control of the writer's queue. Every event may use the whole queue while there is
 * room; low-value events only up to `1 - reservedShare` of it (in events and in bytes), so
 * under a flood of cheap refusals the reserved share still takes a genuine sign-in, password
 * change or lockout. Sizing in bytes bounds memory whatever the events' size.
 *
 * @example
 * ```ts
 * const budget = new QueueBudget(limits);
 * if (budget.admit(event)) queue.push(event); // later: budget.release([event])
 * ```
 */
export class QueueBudget {
  private count = 0;
  private bytes = 0;
  private lowCount = 0;
  private lowBytes = 0;
  private readonly lowMaxCount: number;
  private readonly lowMaxBytes: number;

  constructor(private readonly limits: QueueLimits) {
    this.lowMaxCount = Math.floor(limits.maxQueueSize * (1 - limits.reservedShare));
    this.lowMaxBytes = Math.floor(limits.maxQueueBytes * (1 - limits.reservedShare));
  }

  /** Takes `event` into the budget and returns true, or returns false when it does not fit. */
  admit(event: PendingEvent): boolean {
    const cost = costOf(event);
    if (this.count + 1 > this.limits.maxQueueSize) return false;
    if (this.bytes + cost.bytes > this.limits.maxQueueBytes) return false;
    if (cost.low && (this.lowCount + 1 > this.lowMaxCount || this.lowBytes + cost.bytes > this.lowMaxBytes)) {
      return false;
    }
    this.add(cost, 1);
    return true;
  }

  /** Gives back what written (or abandoned) events held. */
  release(events: readonly PendingEvent[]): void {
    for (const event of events) this.add(costOf(event), -1);
  }

  /** Events and bytes held now, per value class. */
  held(): { count: number; bytes: number; byClass: Record<EventValueClass, number> } {
    return {
      count: this.count,
      bytes: this.bytes,
      byClass: { high: this.count - this.lowCount, low: this.lowCount },
    };
  }

  private add(cost: Cost, sign: 1 | -1): void {
    this.count += sign;
    this.bytes += sign * cost.bytes;
    if (cost.low) {
      this.lowCount += sign;
      this.lowBytes += sign * cost.bytes;
    }
  }
}
