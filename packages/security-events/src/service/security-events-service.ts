import { createEventBuilder, type RawEventInput } from '../events/event-builder.js';
import type { LogEventResult, SecurityEventInput } from '../events/event-input.js';
import type { SecurityEventType } from '../events/event-types.js';
import { AuditChain } from '../integrity/audit-chain.js';
import type { ErasureResult } from '../integrity/erasure/erase-user-personal-data.js';
import { purgeChainedEvents } from '../integrity/retention/purge-chained-events.js';
import {
  createSecurityEventsMetrics,
  type SecurityEventsMetrics,
} from '../metrics/security-events-metrics.js';
import { type Duration, pointInTime } from '../queries/duration.js';
import {
  countEventsOlderThan,
  type PurgeOptions,
  type PurgeResult,
  purgeEvents,
} from '../queries/purge-events.js';
import {
  checkLimit,
  queryEvents,
  type SecurityEvent,
  type SecurityEventsPage,
  type SecurityEventsQuery,
} from '../queries/query-events.js';
import { type RunSql, toRunSql } from '../sql-executor.js';
import { BatchWriter } from '../writer/batch-writer.js';
import type { PendingEvent } from '../writer/insert-events.js';
import { AGGREGATED_EVENT_TYPES, RefusalAggregator } from '../writer/refusal-aggregator.js';
import type { FlushResult, SecurityEventsStats } from '../writer/stats.js';
import { type ErasureSubject, eraseSubject } from './erase-subject.js';
import { type ResolvedOptions, resolveOptions, type SecurityEventsOptions } from './service-options.js';
import { storedFilter } from './stored-filter.js';

const QUEUED: LogEventResult = Object.freeze({ queued: true });

/**
 * The audit log of auth decisions (the spec's `SecurityEventsService`). `logEvent` validates,
 * sanitises and queues an event in microseconds and never touches the database on the
 * caller's path; a background writer inserts queued events in batches, retries through
 * outages and reports what it had to drop. Rate-limit refusals (`rate_limited`) are counted
 * into one row per client IP, route and minute (`metadata.count`, `firstSeen`, `lastSeen`). Call `close()` on shutdown to write what is queued.
 *
 * @example
 * ```ts
 * const service = new SecurityEventsService({ database: pool });
 * await service.logEvent({
 *   userId: user.id,
 *   eventType: 'login_success',
 *   ipAddress: request.ip,
 *   userAgent: request.headers['user-agent'],
 *   metadata: { deviceId: dto.deviceId, rememberMe: dto.rememberMe },
 * });
 * process.once('SIGTERM', () => void service.close());
 * ```
 */
export class SecurityEventsService<const TCustom extends string = never> {
  private readonly options: ResolvedOptions;
  private readonly run: RunSql;
  private readonly build: (input: RawEventInput) => PendingEvent;
  private readonly writer: BatchWriter;
  private readonly refusals: RefusalAggregator;
  private readonly metrics: SecurityEventsMetrics;
  private closing: Promise<FlushResult> | undefined;

  constructor(options: SecurityEventsOptions<TCustom>) {
    this.options = resolveOptions(options);
    this.run = toRunSql(this.options.database);
    this.build = createEventBuilder(this.options);
    const { meterProvider, integrity, schema, logger, clock } = this.options;
    this.metrics = createSecurityEventsMetrics(meterProvider, () => this.stats(), clock);
    this.writer = new BatchWriter({
      ...this.options,
      run: this.run,
      onBatchWritten: this.metrics.batchWritten,
      integrity: integrity && new AuditChain(integrity, this.run, schema, logger, clock),
    });
    this.refusals = new RefusalAggregator(
      (event) => this.writer.enqueue(this.build(event)),
      this.options.clock,
    );
  }

  /**
   * Records one event. Resolves as soon as the event is queued (it never waits for the
   * database, and a database error never rejects it); resolves `{ queued: false }` when the
   * queue is full or the service closed. Rejects only for an event that breaks its type's
   * rules (`INVALID_EVENT`), which is a bug in the calling code.
   *
   * @example
   * ```ts
   * await service.logEvent({ eventType: 'login_failure', ipAddress, userAgent, metadata: { reason: 'invalid_credentials' } });
   * ```
   */
  logEvent<T extends SecurityEventType<TCustom>>(event: SecurityEventInput<T>): Promise<LogEventResult> {
    try {
      return Promise.resolve(this.enqueue(event as RawEventInput));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Same as {@link logEvent}, synchronously: returns the result, throws `INVALID_EVENT`.
   * For hot paths and callbacks that cannot await.
   *
   * @example
   * ```ts
   * service.record({ eventType: 'token_refresh', userId: session.userId });
   * ```
   */
  record<T extends SecurityEventType<TCustom>>(event: SecurityEventInput<T>): LogEventResult {
    return this.enqueue(event as RawEventInput);
  }

  private enqueue(event: RawEventInput): LogEventResult {
    const row = this.build(event); // validates: an invalid event throws here, aggregated or not
    if (AGGREGATED_EVENT_TYPES.has(row.t) && !this.closing) {
      this.refusals.add(event);
      return QUEUED;
    }
    const dropped = this.writer.enqueue(row);
    return dropped === null
      ? QUEUED
      : { queued: false, reason: dropped === 'closed' ? 'closed' : 'queue_full' };
  }

  /**
   * Writes every event logged so far and resolves when they are in the database. While the
   * database is down it keeps retrying; pass `timeoutMs` to stop waiting (the events stay
   * queued) and learn how many are still pending.
   *
   * @example
   * ```ts
   * await service.flush();
   * const { pending } = await service.flush({ timeoutMs: 2_000 });
   * ```
   */
  flush(options: { timeoutMs?: number } = {}): Promise<FlushResult> {
    this.refusals.emitAll();
    return this.writer.flush(options.timeoutMs);
  }

  /**
   * Stops accepting events, writes what is queued (retrying for up to `closeTimeoutMs`), and
   * reports how many could not be written. Idempotent. Does not close the database you passed.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', async () => {
   *   await service.close();
   *   await pool.end();
   *   process.exit(0);
   * });
   * ```
   */
  close(): Promise<FlushResult> {
    if (this.closing === undefined) {
      this.refusals.emitAll();
      this.refusals.stop();
      this.closing = this.writer.close(this.options.closeTimeoutMs).finally(() => this.metrics.stop());
    }
    return this.closing;
  }

  /**
   * Counters of the writer: queued, being written, written, dropped by reason, retries and the
   * last error. Cheap; suitable for a health endpoint.
   *
   * @example
   * ```ts
   * app.get('/health/audit', () => service.stats());
   * ```
   */
  stats(): SecurityEventsStats {
    return { ...this.writer.stats(), aggregating: this.refusals.open };
  }

  /**
   * A user's most recent events, newest first (the spec's first query).
   *
   * @example
   * ```ts
   * const events = await service.recentForUser(user.id, { limit: 10 });
   * ```
   */
  async recentForUser(
    userId: string,
    options: { limit?: number } = {},
  ): Promise<SecurityEvent<SecurityEventType<TCustom>>[]> {
    const page = await queryEvents<SecurityEventType<TCustom>>(
      this.run,
      {
        userId,
        limit: checkLimit(options.limit, 10, 1000),
      },
      1000,
      this.options.table,
    );
    return page.events;
  }

  /**
   * Events of one type since an instant or for a look-back window, newest first (the spec's
   * second query: `failuresSince('login_failure', '24h')`). At most `limit` rows (default
   * 1000, up to 10,000); use `query()` to page through more.
   *
   * @example
   * ```ts
   * const failures = await service.failuresSince('login_failure', '24h');
   * ```
   */
  async failuresSince(
    type: SecurityEventType<TCustom>,
    since: Date | Duration,
    options: { limit?: number } = {},
  ): Promise<SecurityEvent<SecurityEventType<TCustom>>[]> {
    const limit = checkLimit(options.limit, 1000, 10_000);
    const page = await queryEvents(
      this.run,
      { types: [type], since: pointInTime(since, 'since'), limit },
      10_000,
      this.options.table,
    );
    return page.events;
  }

  /**
   * Filtered, keyset-paginated events, newest first. Pass `nextCursor` back to get the next
   * page; pages stay consistent while new events arrive.
   *
   * @example
   * ```ts
   * const page = await service.query({ userId: user.id, types: ['login_failure'], since: '7d', limit: 50 });
   * const next = page.nextCursor ? await service.query({ userId: user.id, types: ['login_failure'], since: '7d', cursor: page.nextCursor }) : null;
   * ```
   */
  query(
    filter: SecurityEventsQuery<SecurityEventType<TCustom>> = {},
  ): Promise<SecurityEventsPage<SecurityEventType<TCustom>>> {
    try {
      return queryEvents(this.run, storedFilter(filter, this.options.privacy), 1000, this.options.table);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * An IP address as this service stores it (its keyed pseudonym by default; see the `privacy`
   * option), or null when the value is not an IP address. Match it against `ip_address` in your
   * own SQL, or pass the real address to `query({ ipAddress })`.
   *
   * @example
   * ```ts
   * const stored = service.storedIpAddress('203.0.113.7'); // 'hmac:…'
   * ```
   */
  storedIpAddress(ipAddress: string): string | null {
    return this.options.privacy.ip(ipAddress);
  }

  /**
   * An email as this service stores it in `metadata.email` (its keyed pseudonym by default), or
   * undefined when emails are omitted.
   *
   * @example
   * ```ts
   * const stored = service.storedEmail('Ada@Example.com'); // 'hmac:…'
   * ```
   */
  storedEmail(email: string): string | undefined {
    return this.options.privacy.email(email);
  }

  /** True when the service writes a tamper-evident log (`integrity` option). */
  get hasIntegrity(): boolean {
    return this.options.integrity !== undefined;
  }

  /**
   * With `integrity`: writes what is queued, then erases one user's personal data with the
   * service's commit key (`eraseUserPersonalData`; `email` as logged, stored form derived here),
   * so the user can be deleted and the events stay verifiable. Logs and throws `ERASURE_FAILED`
   * on failure; throws `INVALID_OPTION` without `integrity`.
   *
   * @example
   * ```ts
   * await service.eraseUserPersonalData({ userId: user.id, email: user.email });
   * ```
   */
  eraseUserPersonalData(subject: ErasureSubject): Promise<ErasureResult> {
    return eraseSubject(this.options, (timeoutMs) => this.flush({ timeoutMs }), subject);
  }

  /**
   * Deletes events older than `age` (`'90d'`, milliseconds, or a cutoff `Date`) in small
   * batches, so a large purge never locks the table. Run it from a daily job for retention.
   * With `integrity`, it purges whole chained batches only and signs a purge boundary
   * (`purgeChainedEvents` with the service's signing key).
   *
   * @example
   * ```ts
   * const { deleted } = await service.purgeOlderThan('365d');
   * ```
   */
  purgeOlderThan(age: Duration | Date, options: PurgeOptions = {}): Promise<PurgeResult> {
    const { integrity, database, schema } = this.options;
    if (integrity)
      return purgeChainedEvents(database, age, { ...options, signingKey: integrity.signingKey, schema });
    return purgeEvents(this.run, age, options, this.options.table);
  }

  /**
   * How many events are older than `age` now: what `purgeOlderThan(age)` would delete (a dry
   * run), and the cutoff instant that stands for.
   *
   * @example
   * ```ts
   * const { count } = await service.countOlderThan('90d');
   * ```
   */
  countOlderThan(age: Duration | Date): Promise<{ count: number; cutoff: Date }> {
    return countEventsOlderThan(this.run, age, this.options.table);
  }
}
