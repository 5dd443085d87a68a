import { createDatabase } from '@mana/auth-core';
import { createTestMeter, type TestMeter } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MigratedDatabase, memoryLogger, openMigratedDatabase } from '../../test/helpers.js';
import { ManualClock, settleWithClock } from '../../test/manual-clock.js';
import { SecurityEventsService } from '../service/security-events-service.js';

let db: MigratedDatabase;
beforeAll(async () => {
  db = await openMigratedDatabase();
});
afterAll(async () => {
  await db.close();
});

const event = (n: number) => ({ eventType: 'login_failure' as const, metadata: { reason: 'test', n } });

describe('audit writer metrics through OpenTelemetry', () => {
  let meter: TestMeter;
  beforeAll(() => {
    meter = createTestMeter();
  });
  afterAll(() => meter.shutdown());

  it('shows the queue depth in events and bytes, drops by reason, writes and their duration', async () => {
    const clock = new ManualClock();
    const service = new SecurityEventsService({
      database: db.database,
      maxQueueSize: 2,
      reservedQueueShare: 0,
      flushIntervalMs: 60_000,
      logger: memoryLogger().logger,
      clock,
      meterProvider: meter.meterProvider,
    });
    for (let n = 0; n < 3; n++) service.record(event(n));
    expect(await meter.value('mana_auth.audit.queue.events', { 'mana_auth.audit.state': 'queued' })).toBe(2);
    expect(await meter.value('mana_auth.audit.queue.size')).toBe(service.stats().queuedBytes);
    expect(await meter.value('mana_auth.audit.queue.size')).toBeGreaterThan(0);
    expect(
      await meter.value('mana_auth.audit.dropped', { 'mana_auth.audit.drop_reason': 'queue_full' }),
    ).toBe(1);
    expect(await meter.value('mana_auth.audit.dropped', { 'mana_auth.audit.drop_reason': 'closed' })).toBe(0);

    await settleWithClock(clock, service.flush(), 20);
    expect(await meter.value('mana_auth.audit.queue.events')).toBe(0);
    expect(await meter.value('mana_auth.audit.written')).toBe(2);
    expect(await meter.value('mana_auth.audit.failing')).toBe(0);
    expect(await meter.histogramCount('mana_auth.audit.flush.duration', { 'mana_auth.outcome': 'ok' })).toBe(
      1,
    );

    await settleWithClock(clock, service.close(), 20);
    expect(service.record(event(9))).toEqual({ queued: false, reason: 'closed' });
    // A closed service is no longer observed (its callback is removed): the last values stay.
    expect(service.stats().dropped.closed).toBe(1);
    expect(await meter.value('mana_auth.audit.dropped', { 'mana_auth.audit.drop_reason': 'closed' })).toBe(0);
  });

  it('shows failing writes as the failing flag and error-outcome durations', async () => {
    const failing = createTestMeter();
    // A database whose connections are closed: every write fails, for real.
    const closed = await createDatabase(db.testDb.url);
    await closed.close();
    const clock = new ManualClock();
    const service = new SecurityEventsService({
      database: closed,
      flushIntervalMs: 10,
      retry: { initialDelayMs: 10, maxDelayMs: 10 },
      logger: memoryLogger().logger,
      clock,
      closeTimeoutMs: 0,
      meterProvider: failing.meterProvider,
    });
    service.record(event(1));
    await vi.waitFor(() => {
      clock.advance(10);
      expect(service.stats().failing).toBe(true);
    });
    expect(await failing.value('mana_auth.audit.failing')).toBe(1);
    expect(
      await failing.histogramCount('mana_auth.audit.flush.duration', { 'mana_auth.outcome': 'error' }),
    ).toBeGreaterThan(0);
    await settleWithClock(clock, service.close(), 20);
    await failing.shutdown();
  });

  it('refuses a meterProvider that is not one, naming the option', () => {
    expect(() => new SecurityEventsService({ database: db.database, meterProvider: {} as never })).toThrow(
      /meterProvider/,
    );
  });
});
