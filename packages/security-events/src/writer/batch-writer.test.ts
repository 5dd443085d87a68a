import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  countEvents,
  insertUser,
  type MigratedDatabase,
  memoryLogger,
  openMigratedDatabase,
} from '../../test/helpers.js';
import { ManualClock, settleWithClock } from '../../test/manual-clock.js';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy.js';
import { SecurityEventsService } from '../service/security-events-service.js';

// The database "goes away" behind a TCP proxy the test controls; the shared PostgreSQL server
// keeps running for everyone else. The writer's time (flush interval, retry backoff, timeouts)
// is a ManualClock: the test moves it instead of sleeping, while the database I/O is real.
describe('writes through a database outage', () => {
  let db: MigratedDatabase;
  let proxy: TcpProxy;
  const pools: pg.Pool[] = [];
  const poolThroughProxy = () => {
    const url = new URL(db.testDb.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 300 });
    pool.on('error', () => {});
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    db = await openMigratedDatabase();
    await insertUser(db.database, 'user-1');
    const target = new URL(db.testDb.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  });
  afterAll(async () => {
    await proxy.close();
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
    await db.close();
  });

  it('writes every event logged before, during and after an outage', async () => {
    const { entries, logger } = memoryLogger();
    const clock = new ManualClock();
    const service = new SecurityEventsService({
      database: poolThroughProxy(),
      batchSize: 50,
      flushIntervalMs: 20,
      retry: { initialDelayMs: 50, maxDelayMs: 400 },
      writeTimeoutMs: 3_600_000,
      closeTimeoutMs: 3_600_000,
      logger,
      clock,
    });
    let logged = 0;
    const logSome = async (phase: string) => {
      for (let i = 0; i < 30; i++) {
        const result = await service.logEvent({
          eventType: 'token_refresh',
          userId: 'user-1',
          metadata: { phase, n: logged },
        });
        expect(result).toEqual({ queued: true });
        logged++;
      }
    };
    for (let round = 0; round < 3; round++) await logSome('before');
    await settleWithClock(clock, service.flush(), 20);
    await proxy.cut();
    // Each round: more events, then the flush interval and the longest backoff go by, and the
    // writer fails (and counts a retry) again.
    for (let round = 0; round < 5; round++) {
      const retries = service.stats().retries;
      await logSome('during');
      clock.advance(400);
      await vi.waitFor(() => expect(service.stats().retries).toBeGreaterThan(retries));
    }
    expect(service.stats().failing).toBe(true);
    await proxy.restore();
    for (let round = 0; round < 3; round++) await logSome('after');
    expect(await settleWithClock(clock, service.close(), 400)).toEqual({ pending: 0 });

    expect(await countEvents(db.database, 'token_refresh')).toBe(logged);
    const [{ distinct } = { distinct: 0 }] = await db.database.query<{ distinct: number }>(
      "SELECT count(DISTINCT metadata->>'n')::int AS distinct FROM auth.security_events WHERE event_type = 'token_refresh'",
    );
    expect(distinct).toBe(logged);
    const stats = service.stats();
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.dropped).toEqual({ queue_full: 0, closed: 0, rejected: 0, shutdown: 0 });
    expect(entries.map((e) => e.event)).toEqual(expect.arrayContaining(['write_failed', 'write_recovered']));
    expect(entries.find((e) => e.event === 'write_failed')).toMatchObject({ level: 'error' });
  });

  it('bounds the queue during an outage, says what it dropped, and writes what it kept', async () => {
    const { entries, logger } = memoryLogger();
    const clock = new ManualClock();
    const service = new SecurityEventsService({
      database: poolThroughProxy(),
      maxQueueSize: 50,
      batchSize: 10,
      flushIntervalMs: 10,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      closeTimeoutMs: 3_600_000,
      logger,
      clock,
    });
    await proxy.cut();
    const results = [];
    for (let i = 0; i < 80; i++)
      results.push(await service.logEvent({ eventType: 'logout', userId: 'user-1', metadata: { i } }));
    expect(results.filter((r) => r.queued)).toHaveLength(50);
    expect(results.slice(50).every((r) => !r.queued && r.reason === 'queue_full')).toBe(true);
    expect(service.stats().dropped.queue_full).toBe(30);
    await proxy.restore();
    expect(await settleWithClock(clock, service.close(), 200)).toEqual({ pending: 0 });
    expect(await countEvents(db.database, 'logout')).toBe(50);
    const dropLines = entries.filter((e) => e.event === 'events_dropped');
    expect(dropLines.reduce((sum, e) => sum + Number(e.count), 0)).toBe(30);
    // logout is a high-value event: dropping one is an error, counted in its class.
    expect(dropLines[0]).toMatchObject({
      level: 'error',
      reason: 'queue_full',
      valueClass: 'high',
      maxQueueSize: 50,
    });
    expect(service.stats().droppedByClass).toEqual({ high: 30, low: 0 });
  });

  it('writes a batch exactly once when its acknowledgement is lost (write timeout, then retry)', async () => {
    const { entries, logger } = memoryLogger();
    const clock = new ManualClock();
    const service = new SecurityEventsService({
      database: poolThroughProxy(),
      writeTimeoutMs: 300,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      closeTimeoutMs: 3_600_000,
      logger,
      clock,
    });
    await service.logEvent({ eventType: 'password_change', userId: 'user-1' });
    await service.flush(); // connections open
    proxy.stall();
    for (let i = 0; i < 20; i++)
      service.record({ eventType: 'password_change', userId: 'user-1', metadata: { i } });
    // The clock runs past the write timeout (300 ms) to the flush limit (1 s).
    const stalled = await settleWithClock(clock, service.flush({ timeoutMs: 1000 }), 50);
    expect(stalled.pending).toBe(20);
    // The first failure is the INSERT that hung on its open connection (later ones may be
    // connection timeouts of the pool, which the stalled proxy also causes).
    expect(entries.find((e) => e.event === 'write_failed')?.message).toMatch(/timed out after 300 ms/);
    proxy.unstall();
    expect(await settleWithClock(clock, service.close(), 50)).toEqual({ pending: 0 });
    expect(await countEvents(db.database, 'password_change')).toBe(21);
    // The abandoned INSERT did reach the database: the retry found its rows already there.
    expect(service.stats().dropped).toEqual({ queue_full: 0, closed: 0, rejected: 0, shutdown: 0 });
    expect(service.stats().written).toBeGreaterThanOrEqual(21);
  });
});
