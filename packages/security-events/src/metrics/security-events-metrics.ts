import { type BatchObservableCallback, type MeterProvider, metrics, ValueType } from '@opentelemetry/api';
import { invalidOption } from '../errors.js';
import type { DropReason } from '../writer/drop-reporter.js';
import type { SecurityEventsStats } from '../writer/stats.js';

declare const __MANA_VERSION__: string | undefined;

/** The OpenTelemetry meter (instrumentation scope) name of `@mana/security-events`' instruments. */
export const SECURITY_EVENTS_METER_NAME = '@mana/security-events';

const DROP_REASONS: readonly DropReason[] = ['queue_full', 'closed', 'rejected', 'shutdown'];
// Seconds. One batch insert: a few milliseconds, up to the write timeout when the database hangs.
const WRITE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The audit writer's instruments (packages/security-events/README.md, "Metrics"): queue depth
 * in events and bytes, written and dropped events, the failing flag (all read from `stats()`
 * when the meter collects, so logging an event costs nothing more) and the duration of each
 * batch write.
 */
export interface SecurityEventsMetrics {
  /** One batch insert that started at `startedMs` (the writer clock's `now()`) just ended. */
  batchWritten(startedMs: number, ok: boolean): void;
  /** Stops observing the service (on `close()`). */
  stop(): void;
}

/** `meterProvider` as given, or undefined (the global provider at construction time is used). */
export function resolveMeterProvider(value: unknown): MeterProvider | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as MeterProvider).getMeter !== 'function'
  ) {
    invalidOption(
      'meterProvider',
      value,
      'Pass an OpenTelemetry MeterProvider (new MeterProvider() from @opentelemetry/sdk-metrics), or leave it out.',
    );
  }
  return value as MeterProvider;
}

/**
 * Creates the instruments on `meterProvider`, else on the global provider registered at this
 * moment (OpenTelemetry's metrics API has no proxy: a provider registered later is not seen).
 *
 * @example
 * ```ts
 * const metrics = createSecurityEventsMetrics(provider, () => service.stats(), clock);
 * ```
 */
export function createSecurityEventsMetrics(
  meterProvider: MeterProvider | undefined,
  stats: () => SecurityEventsStats,
  clock: { now(): number },
): SecurityEventsMetrics {
  const version = typeof __MANA_VERSION__ === 'string' ? __MANA_VERSION__ : '0.0.0-dev';
  const meter = (meterProvider ?? metrics.getMeterProvider()).getMeter(SECURITY_EVENTS_METER_NAME, version);
  const int = { valueType: ValueType.INT };
  const queued = meter.createObservableGauge('mana_auth.audit.queue.events', {
    ...int,
    unit: '{event}',
    description: 'Audit events held in memory, by state (queued, writing, aggregating)',
  });
  const bytes = meter.createObservableGauge('mana_auth.audit.queue.size', {
    ...int,
    unit: 'By',
    description: 'UTF-8 bytes of the audit events held, counted against maxQueueBytes',
  });
  const written = meter.createObservableCounter('mana_auth.audit.written', {
    ...int,
    unit: '{event}',
    description: 'Audit events written since start',
  });
  const dropped = meter.createObservableCounter('mana_auth.audit.dropped', {
    ...int,
    unit: '{event}',
    description: 'Audit events not recorded, by reason',
  });
  const failing = meter.createObservableGauge('mana_auth.audit.failing', {
    ...int,
    unit: '1',
    description: '1 while the database refuses audit writes, else 0',
  });
  const writeTime = meter.createHistogram('mana_auth.audit.flush.duration', {
    unit: 's',
    description: 'Duration of each batch insert of audit events, by outcome',
    advice: { explicitBucketBoundaries: WRITE_BUCKETS },
  });
  const observables = [queued, bytes, written, dropped, failing];
  const observe: BatchObservableCallback = (result) => {
    const now = stats();
    result.observe(queued, now.queued, { 'mana_auth.audit.state': 'queued' });
    result.observe(queued, now.writing, { 'mana_auth.audit.state': 'writing' });
    result.observe(queued, now.aggregating, { 'mana_auth.audit.state': 'aggregating' });
    result.observe(bytes, now.queuedBytes);
    result.observe(written, now.written);
    for (const reason of DROP_REASONS)
      result.observe(dropped, now.dropped[reason] ?? 0, { 'mana_auth.audit.drop_reason': reason });
    result.observe(failing, now.failing ? 1 : 0);
  };
  meter.addBatchObservableCallback(observe, observables);
  const ok = { 'mana_auth.outcome': 'ok' } as const;
  const error = { 'mana_auth.outcome': 'error' } as const;
  return {
    batchWritten: (startedMs, succeeded) =>
      writeTime.record(Math.max(0, clock.now() - startedMs) / 1000, succeeded ? ok : error),
    stop: () => meter.removeBatchObservableCallback(observe, observables),
  };
}
