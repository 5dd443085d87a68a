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

const login = (auth: ReturnType<AuthTestContext['makeAuth']>, email: string, password: string, ip: string) =>
  call(auth, 'POST', '/sign-in/email', { body: { email, password }, remoteAddress: ip });

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
      });
    const [a, b] = [make(), make()];
    const body = (n: number) => ({
      email: `shared${Date.now()}${n}@example.com`,
      password: PASSWORD,
      name: 'S',
    });
    const ip = '192.0.2.44';
    expect((await call(a, 'POST', '/sign-up/email', { body: body(1), remoteAddress: ip })).status).toBe(200);
    expect((await call(b, 'POST', '/sign-up/email', { body: body(2), remoteAddress: ip })).status).toBe(200);
    expect((await call(a, 'POST', '/sign-up/email', { body: body(3), remoteAddress: ip })).status).toBe(429);
  });
});

describe('client IP of the limiter', () => {
  const rules = { rateLimit: { signIn: { window: 60, max: 2 } }, loginLockout: false } as const;
  const attempt = (
    auth: ReturnType<AuthTestContext['makeAuth']>,
    remoteAddress: string | undefined,
    headers: Record<string, string> = {},
  ) =>
    call(auth, 'POST', '/sign-in/email', {
      body: { email: 'x@example.com', password: 'wrong-password-1' },
      headers,
      ...(remoteAddress ? { remoteAddress } : {}),
    }).then((r) => r.status);

  it('believes no forwarded header from an untrusted peer: a spoofed X-Forwarded-For changes nothing', async () => {
    const auth = t.makeAuth(rules);
    expect(await attempt(auth, '192.0.2.201', { 'x-forwarded-for': '198.51.100.1' })).toBe(401);
    expect(
      await attempt(auth, '192.0.2.201', { 'x-forwarded-for': '198.51.100.2', 'x-real-ip': '1.1.1.1' }),
    ).toBe(401);
    expect(await attempt(auth, '192.0.2.201', { 'x-forwarded-for': '198.51.100.3' })).toBe(429);
    // Another socket address is another bucket.
    expect(await attempt(auth, '192.0.2.202', { 'x-forwarded-for': '198.51.100.3' })).toBe(401);
  });

  it('never believes a client-sent Better Auth IP header, whatever its name', async () => {
    const auth = t.makeAuth(rules);
    const [internal] = auth.options.advanced.ipAddress.ipAddressHeaders;
    expect(internal).toMatch(/^x-mana-client-ip-[0-9a-f]{24}$/);
    expect(t.makeAuth(rules).options.advanced.ipAddress.ipAddressHeaders[0]).not.toBe(internal);
    for (const forged of ['198.51.100.1', '198.51.100.2']) {
      expect(await attempt(auth, '192.0.2.9', { [internal!]: forged, 'x-mana-client-ip': forged })).toBe(401);
    }
    expect(await attempt(auth, '192.0.2.9', { [internal!]: '198.51.100.3' })).toBe(429);
  });

  it('without an adapter (no socket address) believes no header: every such request shares one bucket', async () => {
    const auth = t.makeAuth(rules);
    expect(await attempt(auth, undefined, { 'x-forwarded-for': '192.0.2.1' })).toBe(401);
    expect(await attempt(auth, undefined, { 'x-forwarded-for': '192.0.2.2' })).toBe(401);
    expect(await attempt(auth, undefined, { 'x-forwarded-for': '192.0.2.3' })).toBe(429);
  });

  it('from a trusted proxy, buckets on the right-most untrusted X-Forwarded-For hop', async () => {
    const auth = t.makeAuth({ ...rules, clientIp: { trustedProxies: ['10.0.0.0/8'] } });
    const via = (chain: string) => ({ 'x-forwarded-for': chain });
    // The client's own (spoofable) left-most entries do not matter, the hop the proxy added does.
    expect(await attempt(auth, '10.0.0.1', via('1.1.1.1, 203.0.113.5'))).toBe(401);
    expect(await attempt(auth, '10.0.0.2', via('2.2.2.2, 203.0.113.5, 10.0.0.7'))).toBe(401);
    expect(await attempt(auth, '10.0.0.1', via('203.0.113.5'))).toBe(429);
    expect(await attempt(auth, '10.0.0.1', via('203.0.113.6'))).toBe(401);
    // The same chain from an untrusted peer counts as that peer.
    expect(await attempt(auth, '192.0.2.177', via('203.0.113.5'))).toBe(401);
  });

  it('counts IPv6 clients per /64 and IPv4-mapped peers as IPv4', async () => {
    const auth = t.makeAuth({ ...rules, clientIp: { trustedProxies: ['10.0.0.1'] } });
    const via = (ip: string) => ({ 'x-forwarded-for': ip });
    expect(await attempt(auth, '10.0.0.1', via('2001:db8:0:1::1'))).toBe(401);
    expect(await attempt(auth, '::ffff:10.0.0.1', via('[2001:db8:0:1:ffff::2]:443'))).toBe(401);
    expect(await attempt(auth, '10.0.0.1', via('2001:db8:0:1::3'))).toBe(429);
    expect(await attempt(auth, '10.0.0.1', via('2001:db8:0:2::1'))).toBe(401);
    expect(await attempt(auth, '::ffff:192.0.2.60')).toBe(401);
    expect(await attempt(auth, '192.0.2.60')).toBe(401);
    expect(await attempt(auth, '::ffff:192.0.2.60')).toBe(429);
  });
});

describe('per-account login lockout', () => {
  it('locks an account after consecutive failures from one IP, even for the right password', async () => {
    const { plugin, locked } = observer();
    const auth = t.makeAuth({
      loginLockout: { maxFailuresPerAccountAndIp: 3, maxFailuresPerAccount: 100 },
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
    });
    const { email } = await signUp(auth);
    for (let i = 0; i < 5; i++)
      expect((await login(auth, email, 'wrong-password-1', `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await login(auth, email, PASSWORD, '198.51.100.99')).status).toBe(429);
  });

  it('resets the count on a successful sign-in', async () => {
    const auth = t.makeAuth({
      loginLockout: { maxFailuresPerAccountAndIp: 3 },
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
