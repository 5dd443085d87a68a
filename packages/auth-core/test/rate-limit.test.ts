import { createTestRedis, type TestRedis } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountLockedEvent, RateLimitedEvent } from '../src/mana-hooks.js';
import { type AuthTestContext, call, PASSWORD, setupAuthTest, signUp } from './harness.js';

let t: AuthTestContext;
let redis: TestRedis | undefined;
beforeAll(async () => {
  t = await setupAuthTest();
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.close();
  await t.close();
});

const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });
const login = (auth: ReturnType<AuthTestContext['makeAuth']>, email: string, password: string, ip: string) =>
  call(auth, 'POST', '/sign-in/email', { body: { email, password }, headers: fromIp(ip) });

function observer() {
  const limited: RateLimitedEvent[] = [];
  const locked: AccountLockedEvent[] = [];
  const plugin = {
    id: 'test-observer',
    manaHooks: {
      onRateLimited: (e: RateLimitedEvent) => void limited.push(e),
      onAccountLocked: (e: AccountLockedEvent) => void locked.push(e),
    },
  };
  return { plugin, limited, locked };
}

describe('rate limiter', () => {
  for (const storage of ['memory', 'database', 'redis'] as const) {
    it(`refuses the request after the sign-in limit with 429 and Retry-After (${storage} storage)`, async (ctx) => {
      if (storage === 'redis' && !redis) return ctx.skip('needs TEST_REDIS_URL');
      const { plugin, limited } = observer();
      const auth = t.makeAuth({
        rateLimit: { storage, signIn: { window: 60, max: 4 } },
        clientIp: { headers: ['x-forwarded-for'] },
        ...(storage === 'redis' ? { redis: redis!.client, redisKeyPrefix: redis!.prefix } : {}),
        loginLockout: false,
        plugins: [plugin],
      });
      const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await login(auth, 'nobody@example.com', 'wrong-password-1', ip)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const refused = await login(auth, 'nobody@example.com', 'wrong-password-1', ip);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // Another client is not affected.
      expect((await login(auth, 'nobody@example.com', 'wrong-password-1', '198.51.100.7')).status).toBe(401);
      expect(limited.at(-1)).toMatchObject({ path: '/sign-in/email', ip });
    });
  }

  it('limits sign-in to 10 per minute per IP by default, also when a rule is passed as undefined', async () => {
    const auth = t.makeAuth({
      rateLimit: { signIn: undefined },
      clientIp: { headers: ['x-forwarded-for'] },
      loginLockout: false,
    });
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await login(auth, 'nobody@example.com', 'wrong-password-1', '192.0.2.77')).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it('counts across two instances that share Redis', async (ctx) => {
    if (!redis) return ctx.skip('needs TEST_REDIS_URL');
    const shared = { redis: redis.client, redisKeyPrefix: `${redis.prefix}shared:` };
    const make = () =>
      t.makeAuth({
        ...shared,
        rateLimit: { signUp: { window: 60, max: 2 } },
        clientIp: { headers: ['x-forwarded-for'] },
      });
    const [a, b] = [make(), make()];
    const body = (n: number) => ({
      email: `shared${Date.now()}${n}@example.com`,
      password: PASSWORD,
      name: 'S',
    });
    const ip = fromIp('192.0.2.44');
    expect((await call(a, 'POST', '/sign-up/email', { body: body(1), headers: ip })).status).toBe(200);
    expect((await call(b, 'POST', '/sign-up/email', { body: body(2), headers: ip })).status).toBe(200);
    expect((await call(a, 'POST', '/sign-up/email', { body: body(3), headers: ip })).status).toBe(429);
  });

  it('ignores untrusted forwarding headers: every client shares one bucket', async () => {
    const auth = t.makeAuth({ rateLimit: { signIn: { window: 60, max: 2 } }, loginLockout: false });
    expect((await login(auth, 'x@example.com', 'wrong-password-1', '192.0.2.1')).status).toBe(401);
    expect((await login(auth, 'x@example.com', 'wrong-password-1', '192.0.2.2')).status).toBe(401);
    expect((await login(auth, 'x@example.com', 'wrong-password-1', '192.0.2.3')).status).toBe(429);
  });
});

describe('per-account login lockout', () => {
  it('locks an account after consecutive failures from one IP, even for the right password', async () => {
    const { plugin, locked } = observer();
    const auth = t.makeAuth({
      loginLockout: { maxFailuresPerAccountAndIp: 3, maxFailuresPerAccount: 100 },
      clientIp: { headers: ['x-forwarded-for'] },
      plugins: [plugin],
    });
    const { email, userId } = await signUp(auth);
    for (let i = 0; i < 3; i++)
      expect((await login(auth, email, 'wrong-password-1', '192.0.2.10')).status).toBe(401);
    expect(locked).toEqual([
      expect.objectContaining({ email, userId, failures: 3, phase: 'locked', ip: '192.0.2.10' }),
    ]);
    const refused = await login(auth, email, PASSWORD, '192.0.2.10');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_TEMPORARILY_LOCKED' });
    // The same account from another IP still works (no lockout DoS from one address).
    expect((await login(auth, email, PASSWORD, '192.0.2.11')).status).toBe(200);
  });

  it('stops a distributed attack on one account across many IPs', async () => {
    const auth = t.makeAuth({
      loginLockout: { maxFailuresPerAccountAndIp: 100, maxFailuresPerAccount: 5 },
      clientIp: { headers: ['x-forwarded-for'] },
    });
    const { email } = await signUp(auth);
    for (let i = 0; i < 5; i++)
      expect((await login(auth, email, 'wrong-password-1', `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await login(auth, email, PASSWORD, '198.51.100.99')).status).toBe(429);
  });

  it('resets the count on a successful sign-in', async () => {
    const auth = t.makeAuth({
      loginLockout: { maxFailuresPerAccountAndIp: 3 },
      clientIp: { headers: ['x-forwarded-for'] },
    });
    const { email } = await signUp(auth);
    for (let i = 0; i < 2; i++) await login(auth, email, 'wrong-password-1', '192.0.2.20');
    expect((await login(auth, email, PASSWORD, '192.0.2.20')).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await login(auth, email, 'wrong-password-1', '192.0.2.20')).status).toBe(401);
    expect((await login(auth, email, PASSWORD, '192.0.2.20')).status).toBe(200);
  });

  it('keeps counters in Redis when Redis is configured, and stores no email in the database', async (ctx) => {
    if (!redis) return ctx.skip('needs TEST_REDIS_URL');
    const auth = t.makeAuth({
      redis: redis.client,
      redisKeyPrefix: `${redis.prefix}lock:`,
      loginLockout: { maxFailuresPerAccountAndIp: 2 },
      clientIp: { headers: ['x-forwarded-for'] },
    });
    const { email } = await signUp(auth);
    for (let i = 0; i < 2; i++) await login(auth, email, 'wrong-password-1', '192.0.2.30');
    expect((await login(auth, email, PASSWORD, '192.0.2.30')).status).toBe(429);
    const keys = await redis.client.keys(`${redis.prefix}lock:lockout:*`);
    expect(keys.length).toBe(2);
    expect(keys.join(' ')).not.toContain(email);
    const rows = await t.database.query<{ key: string }>('SELECT key FROM auth.login_failures');
    expect(rows.map((r) => r.key).join(' ')).not.toContain('@');
  });
});
