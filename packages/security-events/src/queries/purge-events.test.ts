import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, insertUser, type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsService } from '../service/security-events-service.js';

describe('purgeOlderThan', () => {
  let db: MigratedDatabase;
  let service: SecurityEventsService;

  const seed = (rows: number, daysAgo: number) =>
    db.database.query(
      `INSERT INTO auth.security_events (user_id, event_type, created_at)
       SELECT 'user-1', 'token_refresh', now() - interval '${daysAgo} days' - g * interval '1 second' FROM generate_series(1, ${rows}) g`,
    );

  beforeAll(async () => {
    db = await openMigratedDatabase();
    await insertUser(db.database, 'user-1');
    service = new SecurityEventsService({ database: db.database, logger: false });
  });
  afterAll(async () => {
    await service.close();
    await db.close();
  });

  it('deletes only rows older than the age, in batches', async () => {
    await seed(25_000, 100);
    await seed(1_000, 10);
    const result = await service.purgeOlderThan('90d', { batchSize: 10_000 });
    expect(result).toMatchObject({ deleted: 25_000, batches: 3, complete: true });
    expect(Date.now() - result.cutoff.getTime()).toBeGreaterThanOrEqual(90 * 86_400_000);
    expect(await countEvents(db.database)).toBe(1_000);
    expect(await service.purgeOlderThan(new Date(Date.now() - 90 * 86_400_000))).toMatchObject({
      deleted: 0,
      complete: true,
    });
  });

  it('never blocks writers while it runs', async () => {
    await seed(150_000, 400);
    const latencies: number[] = [];
    let purging = true;
    const purge = service.purgeOlderThan('365d', { batchSize: 5_000 }).finally(() => {
      purging = false;
    });
    while (purging) {
      const started = performance.now();
      await service.logEvent({ eventType: 'logout', userId: 'user-1' });
      await service.flush();
      latencies.push(performance.now() - started);
    }
    const result = await purge;
    expect(result.deleted).toBe(150_000);
    expect(result.batches).toBe(31);
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  });

  it('stops after the current batch when its signal aborts', async () => {
    await seed(20_000, 200);
    const controller = new AbortController();
    const started = service.purgeOlderThan('90d', {
      batchSize: 1_000,
      pauseMs: 20,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 30);
    const result = await started;
    expect(result.complete).toBe(false);
    expect(result.deleted).toBeGreaterThan(0);
    expect(result.deleted).toBeLessThan(20_000);
    await expect(service.purgeOlderThan('90d', { batchSize: 0 })).rejects.toThrow(/Invalid batchSize 0/);
    await expect(service.purgeOlderThan('soon' as never)).rejects.toThrow(/Invalid age: "soon"/);
  });

  it('counts what a purge would delete, and reports every batch', async () => {
    await service.purgeOlderThan('1d');
    await seed(2_500, 120);
    await seed(10, 5);
    const cutoff = new Date(Date.now() - 90 * 86_400_000);
    expect(await service.countOlderThan(cutoff)).toEqual({ count: 2_500, cutoff });
    const reports: { deleted: number; batches: number }[] = [];
    const result = await service.purgeOlderThan(cutoff, {
      batchSize: 1_000,
      onBatch: (progress) => reports.push(progress),
    });
    expect(result.deleted).toBe(2_500);
    expect(reports).toEqual([
      { deleted: 1_000, batches: 1 },
      { deleted: 2_000, batches: 2 },
      { deleted: 2_500, batches: 3 },
    ]);
    expect((await service.countOlderThan(cutoff)).count).toBe(0);
  });
});
