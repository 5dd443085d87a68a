import type { AuditChain } from '../integrity/audit-chain.js';
import type { ChainLane } from '../integrity/chain-lane.js';
import type { RunSql } from '../sql-executor.js';
import { type DropReason, DropReporter } from './drop-reporter.js';
import { hasPending, type IsolateResult, insertIsolating, type PendingEvent } from './insert-events.js';
import { type SecurityEventsLogger, safeLog } from './logger.js';
import { QueueBudget, type QueueLimits } from './queue-budget.js';
import { backoffDelay, InterruptibleSleeps, withTimeout } from './retry-backoff.js';
import type { FlushResult, SecurityEventsStats } from './stats.js';
import { WriteHealth } from './write-health.js';
import { systemClock, type WriterClock, type WriterTimer } from './writer-clock.js';

/**
 * Resolved settings of the {@link BatchWriter}.
 *
 * @example
 * ```ts
 * const settings: BatchWriterSettings = { ...resolveOptions({ database: pool }), run: toRunSql(pool) };
 * ```
 */
export interface BatchWriterSettings extends QueueLimits {
  run: RunSql;
  /** The events table, `"<schema>".security_events`; default `"auth".security_events`. */
  table?: string | undefined;
  batchSize: number;
  flushIntervalMs: number;
  maxConcurrentWrites: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  writeTimeoutMs: number;
  logger: SecurityEventsLogger;
  /** Time source of the flush interval, retry backoff and timeouts; default {@link systemClock}. */
  clock?: WriterClock | undefined;
  /** Told about every batch insert attempt: when it started (`clock.now()`) and whether it succeeded. */
  onBatchWritten?: ((startedMs: number, ok: boolean) => void) | undefined;
  /** integrity: the chains and checkpoints of a tamper-evident log; default none (plain rows). */
  integrity?: AuditChain | undefined;
}

interface Batch {
  firstSeq: number;
  events: PendingEvent[];
}

/**
 * The queue behind `logEvent`: events wait in memory and are written in batches of up to
 * `batchSize`, when a batch is full or `flushIntervalMs` after the first waiting event, by at
 * most `maxConcurrentWrites` writers. A failed write is retried with exponential backoff and
 * jitter for as long as the service runs; new events keep queueing within the
 * {@link QueueBudget} (events and bytes, with a share reserved for high-value events), beyond
 * which they are dropped, counted per value class and reported.
 *
 * @example
 * ```ts
 * const writer = new BatchWriter(settings);
 * writer.enqueue(buildEvent({ eventType: 'logout', userId: 'u1' }));
 * await writer.close(10_000);
 * ```
 */
export class BatchWriter {
  private queue: PendingEvent[] = [];
  private head = 0;
  private enqueued = 0;
  private taken = 0;
  private readonly active = new Map<number, number>();
  private workers = 0;
  private timer: WriterTimer | undefined;
  private waiters: Array<{ target: number; resolve: () => void }> = [];
  private readonly clock: WriterClock;
  private readonly random: () => number;
  private readonly sleeps: InterruptibleSleeps;
  private readonly drops: DropReporter;
  private closed = false;
  private stopped = false;
  private readonly health: WriteHealth;
  private readonly budget: QueueBudget;

  constructor(private readonly settings: BatchWriterSettings) {
    this.clock = settings.clock ?? systemClock;
    const clock = this.clock;
    this.random = clock.random ? () => clock.random!() : Math.random;
    this.sleeps = new InterruptibleSleeps(clock);
    const context = () => ({ queued: this.queue.length - this.head, writing: this.writing() });
    this.budget = new QueueBudget(settings);
    this.health = new WriteHealth(settings.logger, context, (reason, events) =>
      this.dropEvents(reason, events),
    );
    this.drops = new DropReporter(settings.logger, () => ({
      queued: this.queue.length - this.head,
      queuedBytes: this.budget.held().bytes,
      maxQueueSize: settings.maxQueueSize,
      maxQueueBytes: settings.maxQueueBytes,
    }));
  }

  /** Queues one event; returns the reason when it was dropped instead. */
  enqueue(event: PendingEvent): DropReason | null {
    if (this.closed) return this.dropEvents('closed', [event]);
    const length = this.queue.length - this.head;
    if (!this.budget.admit(event)) return this.dropEvents('queue_full', [event]);
    this.queue.push(event);
    this.settings.integrity?.queued(event); // integrity: hash ahead, off the event loop
    this.enqueued++;
    if (length + 1 >= this.settings.batchSize) this.startWorkers();
    else if (this.workers === 0 && this.timer === undefined) this.armFlushTimer();
    return null;
  }

  /** Writes everything queued so far; waits at most `timeoutMs` when given. */
  async flush(timeoutMs?: number): Promise<FlushResult> {
    const target = this.enqueued;
    if (this.lowestUnsettled() > target) return { pending: 0 };
    this.startWorkers();
    const done = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    if (timeoutMs === undefined) {
      await done;
      return { pending: 0 };
    }
    let timeout: WriterTimer | undefined;
    await Promise.race([
      done,
      new Promise<void>((resolve) => (timeout = this.clock.setTimer(resolve, timeoutMs))),
    ]);
    timeout?.cancel();
    return { pending: this.unsettledUpTo(target) };
  }

  /** Refuses new events, writes the queued ones (at most `timeoutMs`), then stops. */
  async close(timeoutMs: number): Promise<FlushResult> {
    this.closed = true;
    const result = await this.flush(timeoutMs);
    if (result.pending > 0) {
      this.stopped = true;
      this.sleeps.wakeAll();
      const { high } = this.budget.held().byClass;
      this.drops.drop('shutdown', Math.min(high, result.pending), 'high');
      this.drops.drop('shutdown', Math.max(0, result.pending - high), 'low');
      safeLog(this.settings.logger, {
        level: 'error',
        event: 'close_timeout',
        message: `${result.pending} security events could not be written within ${timeoutMs} ms and are lost`,
        count: result.pending,
        ...this.health.lastErrorFields(),
      });
    }
    this.timer?.cancel();
    this.timer = undefined;
    await this.settings.integrity?.close(); // integrity: sign the final heads
    this.drops.finish();
    return result;
  }

  /** Current counters. */
  stats(): Omit<SecurityEventsStats, 'aggregating'> {
    return {
      written: this.health.written,
      orphaned: this.health.orphaned,
      retries: this.health.retries,
      lastError: this.health.lastError,
      dropped: { ...this.drops.totals },
      droppedByClass: { ...this.drops.byClass },
      queued: this.queue.length - this.head,
      queuedBytes: this.budget.held().bytes,
      writing: this.writing(),
      failing: this.health.failing,
    };
  }

  private writing(): number {
    let count = 0;
    for (const size of this.active.values()) count += size;
    return count;
  }

  private armFlushTimer(): void {
    this.timer = this.clock.setTimer(() => this.startWorkers(), this.settings.flushIntervalMs);
  }

  private startWorkers(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const length = this.queue.length - this.head;
    const wanted = Math.min(
      this.settings.maxConcurrentWrites - this.workers,
      Math.ceil(length / this.settings.batchSize),
    );
    for (let i = 0; i < wanted; i++) void this.work();
  }

  private take(): Batch | null {
    const length = this.queue.length - this.head;
    if (length === 0 || this.stopped) return null;
    const count = Math.min(length, this.settings.batchSize);
    const events = this.queue.slice(this.head, this.head + count);
    this.head += count;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const batch = { firstSeq: this.taken + 1, events };
    this.taken += count;
    // integrity: the next full batch, so its hashes are ready by the time it is taken.
    if (this.settings.integrity && this.queue.length - this.head >= this.settings.batchSize)
      this.settings.integrity.upcoming(this.queue.slice(this.head, this.head + this.settings.batchSize));
    this.active.set(batch.firstSeq, count);
    return batch;
  }

  private async work(): Promise<void> {
    this.workers++;
    const lane = this.settings.integrity?.acquire(); // integrity: one chain per worker
    try {
      for (let batch = this.take(); batch !== null; batch = this.take()) {
        await this.writeWithRetry(batch.events, lane);
        this.budget.release(batch.events);
        this.active.delete(batch.firstSeq);
        this.settle();
      }
    } finally {
      if (lane) this.settings.integrity?.release(lane);
      this.workers--;
      this.settle();
    }
  }

  private async writeWithRetry(batch: PendingEvent[], lane?: ChainLane): Promise<void> {
    let events = batch;
    for (let attempt = 1; !this.stopped; attempt++) {
      const started = this.clock.now();
      try {
        const result = await this.attempt(events, lane);
        this.settings.onBatchWritten?.(started, true);
        this.health.succeeded(result);
        return;
      } catch (error) {
        this.settings.onBatchWritten?.(started, false);
        if (hasPending(error)) events = error.pending;
        this.health.failed(error, events.length);
        const { retryInitialDelayMs, retryMaxDelayMs } = this.settings;
        await this.sleeps.sleep(backoffDelay(attempt, retryInitialDelayMs, retryMaxDelayMs, this.random));
      }
    }
  }

  private attempt(events: PendingEvent[], lane?: ChainLane): Promise<IsolateResult> {
    // A write that times out may still finish later; the retry is idempotent (client ids).
    const { writeTimeoutMs } = this.settings;
    return withTimeout(
      insertIsolating(this.settings.run, events, this.settings.table, lane?.insert),
      writeTimeoutMs,
      `write timed out after ${writeTimeoutMs} ms`,
      this.clock,
    );
  }

  private lowestUnsettled(): number {
    let lowest = this.queue.length - this.head > 0 ? this.taken + 1 : Number.POSITIVE_INFINITY;
    for (const firstSeq of this.active.keys()) lowest = Math.min(lowest, firstSeq);
    return lowest;
  }

  private unsettledUpTo(target: number): number {
    let count = Math.max(0, target - this.taken);
    for (const [firstSeq, size] of this.active) count += Math.max(0, Math.min(size, target - firstSeq + 1));
    return count;
  }

  private settle(): void {
    const lowest = this.lowestUnsettled();
    if (this.waiters.length > 0) {
      const still: typeof this.waiters = [];
      for (const waiter of this.waiters) {
        if (lowest > waiter.target) waiter.resolve();
        else still.push(waiter);
      }
      this.waiters = still;
    }
    if (
      this.workers === 0 &&
      this.queue.length - this.head > 0 &&
      !this.stopped &&
      this.timer === undefined
    ) {
      this.armFlushTimer();
    }
  }

  private dropEvents(reason: DropReason, events: readonly PendingEvent[]): DropReason {
    const high = events.filter((event) => event.high === true).length;
    this.drops.drop(reason, high, 'high');
    this.drops.drop(reason, events.length - high, 'low');
    return reason;
  }
}
