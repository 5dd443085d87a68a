import type { DropReason } from './drop-reporter.js';
import type { IsolateResult, PendingEvent } from './insert-events.js';
import { type SecurityEventsLogger, safeLog } from './logger.js';
import { classifyWriteError, describeWriteError, SCHEMA_HINT } from './write-error.js';

const FAILURE_LOG_INTERVAL_MS = 30_000;

/**
 * Counts what the writer achieved and reports how writing goes: `write_failed` at the first
 * failure and then at most every 30 s (with a hint when the table is missing), `write_recovered`
 * with the downtime, `event_rejected` for rows the database refused even alone.
 *
 * @example
 * ```ts
 * const health = new WriteHealth(logger, () => ({ queued: 0, writing: 0 }), (reason, events) => drops.drop(reason, events.length));
 * health.failed(new Error('connect ECONNREFUSED'), 500);
 * health.succeeded({ written: 500, orphaned: 0, rejected: [] }); // logs write_recovered
 * ```
 */
export class WriteHealth {
  written = 0;
  orphaned = 0;
  retries = 0;
  lastError: { code: string; message: string; at: string } | null = null;
  private failingSince = 0;
  private lastFailureLog = 0;

  constructor(
    private readonly logger: SecurityEventsLogger,
    private readonly context: () => { queued: number; writing: number },
    private readonly drop: (reason: DropReason, events: readonly PendingEvent[]) => void,
  ) {}

  /** True while writes fail. */
  get failing(): boolean {
    return this.failingSince !== 0;
  }

  /** Fields describing the last error, for other log lines. */
  lastErrorFields(): { code: string | undefined; lastError: string | undefined } {
    return { code: this.lastError?.code, lastError: this.lastError?.message };
  }

  /** A batch went through (possibly with refused rows). */
  succeeded(result: IsolateResult): void {
    this.written += result.written + result.orphaned;
    this.orphaned += result.orphaned;
    if (result.rejected.length > 0) {
      const first = describeWriteError(result.rejected[0]?.error);
      safeLog(this.logger, {
        level: 'error',
        event: 'event_rejected',
        message: `the database refused ${result.rejected.length} security event(s) even alone: ${first.message}`,
        count: result.rejected.length,
        eventType: result.rejected[0]?.event.t,
        code: first.code,
      });
      this.drop(
        'rejected',
        result.rejected.map((rejected) => rejected.event),
      );
    }
    if (this.failingSince === 0) return;
    safeLog(this.logger, {
      level: 'info',
      event: 'write_recovered',
      message: 'security events are written again',
      downtimeMs: Date.now() - this.failingSince,
    });
    this.failingSince = 0;
    this.lastFailureLog = 0;
  }

  /** A write of `events` events failed and will be retried. */
  failed(error: unknown, events: number): void {
    const now = Date.now();
    const { code, message } = describeWriteError(error);
    this.lastError = { code, message, at: new Date(now).toISOString() };
    this.retries++;
    if (this.failingSince === 0) this.failingSince = now;
    if (now - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
    this.lastFailureLog = now;
    const hint = classifyWriteError(error) === 'schema' ? `. ${SCHEMA_HINT}` : '';
    safeLog(this.logger, {
      level: 'error',
      event: 'write_failed',
      message: `writing ${events} security events failed (${message}); retrying with backoff${hint}`,
      code,
      ...this.context(),
    });
  }
}
