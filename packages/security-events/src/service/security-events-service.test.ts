import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEvents,
  insertUser,
  type MigratedDatabase,
  memoryLogger,
  openMigratedDatabase,
} from '../../test/helpers.js';
import { SecurityEventsError } from '../errors.js';
import { SecurityEventsService } from './security-events-service.js';

describe('SecurityEventsService', () => {
  let db: MigratedDatabase;
  const services: Array<SecurityEventsService<string>> = [];
  const open = <const T extends string = never>(
    options: Partial<ConstructorParameters<typeof SecurityEventsService<T>>[0]> = {},
  ) => {
    const service = new SecurityEventsService<T>({ database: db.database, logger: false, ...options });
    services.push(service as unknown as SecurityEventsService<string>);
    return service;
  };

  beforeAll(async () => {
    db = await openMigratedDatabase();
    await insertUser(db.database, 'user-1');
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await db.close();
  });

  it('writes the spec usage example as one row, column by column', async () => {
    const service = open();
    const before = Date.now();
    const result = await service.logEvent({
      userId: 'user-1',
      eventType: 'login_success',
      ipAddress: '::ffff:203.0.113.9',
      userAgent: 'Mozilla/5.0 (X11)\r\nX-Forged: yes',
      metadata: { deviceId: 'ios-42', rememberMe: true },
    });
    expect(result).toEqual({ queued: true });
    await service.flush();
    const rows = await db.database.query(
      "SELECT id::text, user_id, event_type, ip_address, user_agent, metadata, created_at FROM auth.security_events WHERE event_type = 'login_success'",
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.user_id).toBe('user-1');
    expect(row.event_type).toBe('login_success');
    // The default stores a keyed pseudonym of the normalised address, never the address.
    expect(row.ip_address).toMatch(/^hmac:[A-Za-z0-9_-]{22}$/);
    expect(row.ip_address).toBe(service.storedIpAddress('203.0.113.9'));
    expect(row.user_agent).toBe('Mozilla/5.0 (X11)X-Forged: yes');
    expect(row.metadata).toEqual({ deviceId: 'ios-42', rememberMe: true });
    const createdAt = (row.created_at as Date).getTime();
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  it('turns 1,000 concurrent logEvent calls into exactly 1,000 rows', async () => {
    const service = open({ batchSize: 128 });
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        service.logEvent({ eventType: 'token_refresh', userId: 'user-1', metadata: { n: i } }),
      ),
    );
    expect(results.every((r) => r.queued)).toBe(true);
    await service.flush();
    expect(await countEvents(db.database, 'token_refresh')).toBe(1000);
    const [distinct] = await db.database.query<{ n: number; ids: number }>(
      "SELECT count(DISTINCT metadata->>'n')::int AS n, count(DISTINCT id)::int AS ids FROM auth.security_events WHERE event_type = 'token_refresh'",
    );
    expect(distinct).toEqual({ n: 1000, ids: 1000 });
    expect(service.stats()).toMatchObject({ queued: 0, writing: 0, written: 1000, retries: 0 });
  });

  it('writes every queued event on close() after a burst', async () => {
    const service = open({ batchSize: 250, flushIntervalMs: 60_000 });
    for (let i = 0; i < 5000; i++) service.record({ eventType: 'logout', userId: 'user-1', metadata: { i } });
    expect(service.stats().queued + service.stats().writing).toBe(5000);
    expect(await service.close()).toEqual({ pending: 0 });
    expect(await countEvents(db.database, 'logout')).toBe(5000);
    expect(await service.logEvent({ eventType: 'logout', userId: 'user-1' })).toEqual({
      queued: false,
      reason: 'closed',
    });
  });

  it('flushes on its own within flushIntervalMs', async () => {
    const service = open({ flushIntervalMs: 50 });
    await service.logEvent({ eventType: 'password_change', userId: 'user-1' });
    await expect
      .poll(() => countEvents(db.database, 'password_change'), { timeout: 2000, interval: 20 })
      .toBe(1);
  });

  it('orders events logged in the same millisecond by created_at', async () => {
    const service = open();
    for (let i = 0; i < 50; i++)
      service.record({ eventType: 'session_revoked', userId: 'user-1', metadata: { i } });
    await service.flush();
    const rows = await db.database.query<{ i: string }>(
      "SELECT metadata->>'i' AS i FROM auth.security_events WHERE event_type = 'session_revoked' ORDER BY created_at",
    );
    expect(rows.map((r) => Number(r.i))).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps an event whose user was deleted meanwhile, without the user id', async () => {
    const service = open();
    await service.logEvent({ eventType: 'password_reset_completed', userId: 'ghost-user' });
    await service.logEvent({ eventType: 'password_reset_completed', userId: 'user-1' });
    await service.flush();
    const rows = await db.database.query<{ user_id: string | null; metadata: unknown }>(
      "SELECT user_id, metadata FROM auth.security_events WHERE event_type = 'password_reset_completed' ORDER BY created_at",
    );
    expect(rows).toEqual([
      { user_id: null, metadata: { unknownUserId: 'ghost-user' } },
      { user_id: 'user-1', metadata: null },
    ]);
    expect(service.stats().orphaned).toBe(1);
  });

  it('isolates a row the database refuses, writes the rest and reports it', async () => {
    await db.database.query(
      "ALTER TABLE auth.security_events ADD CONSTRAINT test_refuse CHECK (metadata->>'refuse' IS NULL)",
    );
    try {
      const { entries, logger } = memoryLogger();
      const service = open({ customEventTypes: ['bisect_probe'], logger });
      for (let i = 0; i < 40; i++) {
        service.record({ eventType: 'bisect_probe', metadata: i === 17 ? { i, refuse: 'yes' } : { i } });
      }
      await service.flush();
      expect(await countEvents(db.database, 'bisect_probe')).toBe(39);
      expect(service.stats().dropped.rejected).toBe(1);
      expect(entries.find((e) => e.event === 'event_rejected')).toMatchObject({
        count: 1,
        code: '23514',
        eventType: 'bisect_probe',
      });
      expect(entries.find((e) => e.event === 'events_dropped')).toMatchObject({
        count: 1,
        reason: 'rejected',
      });
    } finally {
      await db.database.query('ALTER TABLE auth.security_events DROP CONSTRAINT test_refuse');
    }
  });

  it('returns from logEvent without waiting for the database', async () => {
    const pool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 200,
    });
    const service = new SecurityEventsService({ database: pool, logger: false, closeTimeoutMs: 0 });
    const started = performance.now();
    for (let i = 0; i < 100; i++) await service.logEvent({ eventType: 'logout', userId: 'user-1' });
    expect(performance.now() - started).toBeLessThan(100);
    expect(service.stats().queued + service.stats().writing).toBe(100);
    expect(await service.close()).toEqual({ pending: 100 });
    expect(service.stats().dropped.shutdown).toBe(100);
    await pool.end();
  });

  it('rejects events that break their type rules, naming the fix', async () => {
    const service = open({ customEventTypes: ['api_key_created'] });
    const call = (event: unknown) => service.logEvent(event as never);
    await expect(call({ eventType: 'login_sucess', userId: 'u' })).rejects.toThrow(
      /Unknown eventType "login_sucess".*customEventTypes/,
    );
    await expect(call({ eventType: 'login_success' })).rejects.toThrow(
      /"login_success" events need a userId/,
    );
    await expect(
      call({ eventType: 'login_failure', userId: 'u', metadata: { reason: 'x' } }),
    ).rejects.toThrow(/"login_failure" events carry no userId/);
    await expect(call({ eventType: 'login_failure' })).rejects.toThrow(/need metadata.reason/);
    await expect(call({ eventType: 'logout', userId: 'u', occurredAt: new Date('nope') })).rejects.toThrow(
      /occurredAt/,
    );
    await expect(call(null)).rejects.toBeInstanceOf(SecurityEventsError);
    await expect(
      service.logEvent({ eventType: 'api_key_created', metadata: { keyId: 'k1' } }),
    ).resolves.toEqual({ queued: true });
  });

  it('validates options once, naming the option and the fix', () => {
    const make = (options: Record<string, unknown>) => () =>
      new SecurityEventsService({ database: db.database, ...options } as never);
    expect(() => new SecurityEventsService({} as never)).toThrow(
      /Invalid option database: undefined\. Pass a pg\.Pool/,
    );
    expect(make({ batchSize: 0 })).toThrow(
      /Invalid option batchSize: 0\. Use a whole number from 1 to 10000/,
    );
    expect(make({ customEventTypes: ['Bad Type'] })).toThrow(/Invalid option customEventTypes: "Bad Type"/);
    expect(make({ customEventTypes: ['logout'] })).toThrow(/built-in event type already/);
    expect(make({ ipAddress: { hashKey: 'short' } })).toThrow(/at least 16 characters/);
    expect(make({ redaction: 'hide' })).toThrow(/Use 'redact' or 'drop'/);
  });

  it('refuses unknown options with a did-you-mean suggestion, nested ones too', () => {
    const make = (options: Record<string, unknown>) => () =>
      new SecurityEventsService({ database: db.database, logger: false, ...options } as never);
    expect(make({ batchsize: 10 })).toThrow(
      'Invalid option batchsize: not an option of SecurityEventsService. Did you mean "batchSize"? Remove it',
    );
    expect(make({ limits: { metadataByte: 100 } })).toThrow(
      /Invalid option limits\.metadataByte: .*Did you mean "metadataBytes"\?/,
    );
    expect(make({ retry: { maxDelay: 10 } })).toThrow(/Invalid option retry\.maxDelay: .*"maxDelayMs"/);
    expect(make({ limits: 'small' })).toThrow(/Invalid option limits: "small"\. Pass an object/);
    let caught: unknown;
    try {
      make({ jwtSecret: 'x' })();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecurityEventsError);
    expect(caught).toMatchObject({
      code: 'INVALID_OPTION',
      fix: 'Remove it, or check the spelling against the options in the README.',
    });
  });
});
