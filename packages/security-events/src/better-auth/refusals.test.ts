import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, Jar, PASSWORD } from '../../test/auth-harness.js';
import { expectNoSecrets, type PluginTest, setupPluginTest, UA } from '../../test/plugin-fixture.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import { securityEvents } from './security-events-plugin.js';

// Requests refused outside Better Auth's hooks (rate limiter, account lockout), reported by
// auth-core's manaHooks, and a failing audit log that must not fail the request.
describe('securityEvents plugin: refusals and failure isolation', () => {
  let t: PluginTest;
  beforeAll(async () => {
    t = await setupPluginTest('refusal');
  });
  afterAll(() => t.close());

  it('rate_limited: refusals are one row per client IP, route and minute, with their count', async () => {
    const auth = t.makeAuth({
      rateLimit: { signIn: { window: 60, max: 2 } },
    });
    const { email: address } = await t.signUp({ auth });
    await t.fresh();
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await call(auth, 'POST', '/sign-in/email', {
            body: { email: address, password: PASSWORD },
            ip,
            userAgent: UA,
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    const rows = (await t.fresh()).filter((r) => r.event_type !== 'login_success');
    // One row for four refusals: no login_failure beside it, no row per 429.
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent])).toEqual([
      ['rate_limited', null, t.ip(ip), UA],
    ]);
    expect(rows[0]?.metadata).toEqual({
      reason: 'rate_limited',
      path: '/sign-in/email',
      method: 'POST',
      retryAfterSeconds: expect.any(Number),
      count: 4,
      firstSeen: expect.any(String),
      lastSeen: expect.any(String),
    });
    const { firstSeen, lastSeen } = rows[0]!.metadata as { firstSeen: string; lastSeen: string };
    expect(Date.parse(firstSeen)).toBeLessThanOrEqual(Date.parse(lastSeen));
    expect(rows[0]?.created_at.toISOString()).toBe(firstSeen);
    expect(Number(rows[0]?.metadata?.retryAfterSeconds)).toBeGreaterThan(0);
  });

  it('account_locked when the per-account limit trips; each sign-in refused while locked is a login_failure', async () => {
    const auth = t.makeAuth({
      loginLockout: { maxFailuresPerAccountAndIp: 3 },
    });
    const { email: address, userId } = await t.signUp({ auth });
    await t.fresh();
    const ip = '203.0.113.60';
    const attempt = async (password: string) =>
      (await call(auth, 'POST', '/sign-in/email', { body: { email: address, password }, ip, userAgent: UA }))
        .status;
    const statuses = [];
    for (const password of ['Wrong-Password-123', 'Wrong-Password-123', 'Wrong-Password-123', PASSWORD]) {
      statuses.push(await attempt(password));
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const rows = await t.fresh();
    // auth-core's lockout hook and ours run in plugin order: compare the third attempt's two rows as a set.
    const summary = rows.map((r) => `${r.event_type}|${r.user_id}|${r.metadata?.reason}`);
    expect(summary.slice(0, 2)).toEqual([
      'login_failure|null|invalid_credentials',
      'login_failure|null|invalid_credentials',
    ]);
    expect(summary.slice(2, 4).sort()).toEqual([
      `account_locked|${userId}|too_many_failures`,
      'login_failure|null|invalid_credentials',
    ]);
    expect(summary[4]).toBe('login_failure|null|account_locked');
    expect(rows).toHaveLength(5);
    const locked = rows.find((r) => r.event_type === 'account_locked');
    expect(locked).toMatchObject({ ip_address: t.ip(ip), user_agent: UA });
    expect(locked?.metadata).toEqual({
      reason: 'too_many_failures',
      email: t.mail(address),
      failures: 3,
      retryAfterSeconds: expect.any(Number),
      scope: 'unknown-devices',
    });
    const refused = rows[rows.length - 1];
    expect(refused?.metadata).toEqual({
      reason: 'account_locked',
      status: 429,
      method: 'email',
      email: t.mail(address),
      failures: 3,
      retryAfterSeconds: expect.any(Number),
      scope: 'unknown-devices',
    });
  });

  it('a failing audit log never fails a sign-in', async () => {
    const deadPool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 100,
    });
    const unreachable = new SecurityEventsService({ database: deadPool, logger: false, closeTimeoutMs: 0 });
    const errors: string[] = [];
    const throwing = {
      record: () => {
        throw new Error('sink exploded');
      },
    };
    const auth = t.makeAuth({
      plugins: [
        securityEvents(unreachable),
        securityEvents(throwing, { onError: (error) => errors.push(String(error)) }),
      ],
    });
    const { email: address } = await t.signUp({ auth });
    const jar = new Jar();
    const reply = await call(auth, 'POST', '/sign-in/email', {
      body: { email: address, password: PASSWORD },
      jar,
      ip: '192.0.2.9',
    });
    expect(reply.status).toBe(200);
    expect((await call(auth, 'GET', '/token', { jar, ip: '192.0.2.9' })).status).toBe(200);
    expect(
      (
        await call(auth, 'POST', '/sign-in/email', {
          body: { email: address, password: 'nope-nope-nope' },
          ip: '192.0.2.9',
        })
      ).status,
    ).toBe(401);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors[0]).toMatch(/sink exploded/);
    expect(unreachable.stats().queued + unreachable.stats().writing).toBe(4);
    await unreachable.close();
    await deadPool.end();
    await t.fresh();
  });

  it('stores no password, token, session id or session token anywhere', () => expectNoSecrets(t));
});
