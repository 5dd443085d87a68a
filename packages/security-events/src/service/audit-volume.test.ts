import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEvents,
  insertUser,
  type MigratedDatabase,
  memoryLogger,
  openMigratedDatabase,
} from '../../test/helpers.js';
import { ManualClock } from '../../test/manual-clock.js';
import { SecurityEventsService } from './security-events-service.js';

// A flood of free events (failed sign-ins, refusals) against a small queue: the writer's time is
// a ManualClock, so nothing is written until the test flushes and the queue really fills up.
describe('SecurityEventsService under an audit flood', () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await openMigratedDatabase();
    await insertUser(db.database, 'victim');
  });
  afterAll(() => db.close());

  it('still takes a genuine sign-in while low-value events fill the queue, and counts drops per class', async () => {
    const { entries, logger } = memoryLogger();
    const service = new SecurityEventsService({
      database: db.database,
      maxQueueBytes: 16_384,
      logger,
      clock: new ManualClock(),
    });
    const flood = { eventType: 'login_failure', ipAddress: '203.0.113.66' } as const;
    let refused = 0;
    for (let i = 0; i < 2_000; i++) {
      const result = service.record({
        ...flood,
        metadata: { reason: 'invalid_credentials', email: `x${i}@e.test` },
      });
      if (!result.queued) refused++;
    }
    expect(refused).toBeGreaterThan(1_900);
    expect(service.stats().queuedBytes).toBeLessThanOrEqual(16_384 * 0.75);
    expect(
      service.record({ eventType: 'login_success', userId: 'victim', ipAddress: '198.51.100.1' }),
    ).toEqual({
      queued: true,
    });
    expect(service.stats().droppedByClass).toEqual({ high: 0, low: refused });
    await service.close();
    expect(await countEvents(db.database, 'login_success')).toBe(1);
    expect(await countEvents(db.database, 'login_failure')).toBe(2_000 - refused);
    expect(entries.find((e) => e.event === 'events_dropped')).toMatchObject({
      level: 'warn',
      reason: 'queue_full',
      valueClass: 'low',
      maxQueueBytes: 16_384,
    });
  });

  it('writes 10,000 refusals of one client as one row with their count, at close', async () => {
    const service = new SecurityEventsService({ database: db.database, logger: false });
    for (let i = 0; i < 10_000; i++) {
      service.record({
        eventType: 'rate_limited',
        ipAddress: '192.0.2.99',
        metadata: { reason: 'rate_limited', path: '/token', method: 'GET', retryAfterSeconds: 5 },
      });
    }
    expect(service.stats()).toMatchObject({ aggregating: 1, queued: 0 });
    await service.close();
    const rows = await db.database.query<{ n: number; count: number }>(
      "SELECT count(*)::int AS n, max((metadata->>'count')::int) AS count FROM auth.security_events WHERE event_type = 'rate_limited'",
    );
    expect(rows).toEqual([{ n: 1, count: 10_000 }]);
  });

  it('validates the queue options', () => {
    const make = (options: object) => () => new SecurityEventsService({ database: db.database, ...options });
    expect(make({ maxQueueBytes: 10 })).toThrow(
      /Invalid option maxQueueBytes: 10\. Use a whole number from 1024/,
    );
    expect(make({ reservedQueueShare: 1 })).toThrow(
      /Invalid option reservedQueueShare: 1\. Use a fraction from 0 to 0\.9/,
    );
    expect(make({ highValueEventTypes: ['login_failure'] })).toThrow(/Invalid option highValueEventTypes/);
    expect(
      make({ customEventTypes: ['api_key_revoked'], highValueEventTypes: ['api_key_revoked'] }),
    ).not.toThrow();
  });
});
