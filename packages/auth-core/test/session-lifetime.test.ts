import { createTestRedis } from '@mana/test-utils';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaAuthConfigError } from '../src/errors.js';
import { createFastSessionCheck } from '../src/sessions/fast-session/fast-session-check.js';
import { type AuthTestContext, type CookieJar, call, setupAuthTest, signIn, signUp } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

const DAY = 86_400;
const tokenOf = (jar: CookieJar) =>
  decodeURIComponent(jar.cookies.get('better-auth.session_token')!).split('.')[0]!;
const dropCache = (jar: CookieJar) => {
  for (const name of [...jar.cookies.keys()])
    if (name.startsWith('better-auth.session_data')) jar.cookies.delete(name);
};

/** Moves the session's start `days` into the past; it stays recently used and unexpired. */
async function backdate(token: string, days: number) {
  await t.database.query(
    `UPDATE auth.sessions SET created_at = now() - make_interval(days => $2::int),
       updated_at = now() - interval '1 hour', expires_at = now() + interval '6 days' WHERE token = $1`,
    [token, days],
  );
}
async function row(token: string) {
  const [found] = await t.database.query<{ created_at: Date; expires_at: Date }>(
    'SELECT created_at, expires_at FROM auth.sessions WHERE token = $1',
    [token],
  );
  return found;
}

describe('absolute session lifetime', () => {
  it('refuses a recently used session started more than 7 days ago, and deletes it', async () => {
    const auth = t.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    const token = tokenOf(jar);
    await backdate(token, 6);
    dropCache(jar);
    expect((await call(auth, 'GET', '/get-session', { jar })).body).not.toBeNull();
    await backdate(token, 8);
    dropCache(jar);
    const refused = await call(auth, 'GET', '/get-session', { jar });
    expect(refused.body).toBeNull();
    expect(refused.setCookies.some((c) => /session_token=;.*Max-Age=0/i.test(c))).toBe(true);
    expect(await row(token)).toBeUndefined();
  });

  it('gives a remember-me session 30 days from sign-in, not 7', async () => {
    const auth = t.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email, { rememberMe: true });
    await backdate(tokenOf(jar), 20);
    dropCache(jar);
    expect((await call(auth, 'GET', '/get-session', { jar })).body).not.toBeNull();
    await backdate(tokenOf(jar), 31);
    dropCache(jar);
    expect((await call(auth, 'GET', '/get-session', { jar })).body).toBeNull();
  });

  it('never slides a session past its deadline, and the refreshed cookie cache ends with it', async () => {
    // 10 days from sign-in, sliding by 7: started 6 days ago and due, a refresh would give it 13.
    const auth = t.makeAuth({ absoluteSessionLifetime: { defaultSeconds: 10 * DAY } });
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    const token = tokenOf(jar);
    await t.database.query(
      `UPDATE auth.sessions SET created_at = now() - interval '6 days', expires_at = now() + interval '2 days'
        WHERE token = $1`,
      [token],
    );
    dropCache(jar);
    const refreshed = await call(auth, 'GET', '/get-session', { jar });
    const { created_at, expires_at } = (await row(token))!;
    expect(expires_at.getTime() - created_at.getTime()).toBe(10 * DAY * 1000);
    const body = refreshed.body as { session: { expiresAt: string } };
    expect(Date.parse(body.session.expiresAt)).toBe(expires_at.getTime());
    const cookie = refreshed.setCookies.find((c) => c.startsWith('better-auth.session_token='));
    expect(Number(/Max-Age=(\d+)/i.exec(cookie ?? '')?.[1])).toBeLessThanOrEqual(4 * DAY);
  });

  it('with the default lifetimes (equal to the sliding TTLs) a session check writes nothing', async () => {
    const auth = t.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    await t.database.query(
      `UPDATE auth.sessions SET created_at = now() - interval '2 days' WHERE token = $1`,
      [tokenOf(jar)],
    );
    dropCache(jar);
    t.queries.length = 0;
    expect((await call(auth, 'GET', '/get-session', { jar })).body).not.toBeNull();
    expect(t.queries.filter((sql) => /^\s*update/i.test(sql))).toEqual([]);
  });

  it('honours a configured lifetime at sign-in: row expiry and cookie Max-Age', async () => {
    const auth = t.makeAuth({ absoluteSessionLifetime: { defaultSeconds: 3600, rememberMeSeconds: 7200 } });
    const { email } = await signUp(auth);
    for (const [extra, seconds] of [
      [{}, 3600],
      [{ rememberMe: true }, 7200],
    ] as const) {
      const { result, jar } = await signIn(auth, email, extra);
      const cookie = result.setCookies.find((c) => c.startsWith('better-auth.session_token='));
      expect(Number(/Max-Age=(\d+)/i.exec(cookie ?? '')?.[1])).toBe(seconds);
      const { created_at, expires_at } = (await row(tokenOf(jar)))!;
      expect(expires_at.getTime() - created_at.getTime()).toBe(seconds * 1000);
    }
  });

  it('the fast session check stops answering from the cookie cache at the deadline', async () => {
    // Cookies issued under the default 7 days, read by an instance capped at 1 hour: the cached
    // session's own expiry is days away, so only the deadline check can refuse it.
    const issuer = t.makeAuth({ cookieCacheMaxAge: 7200 });
    const { email } = await signUp(issuer);
    const { jar } = await signIn(issuer, email);
    const created = (await row(tokenOf(jar)))!.created_at.getTime();
    const capped = t.makeAuth({ cookieCacheMaxAge: 7200, absoluteSessionLifetime: { defaultSeconds: 3600 } });
    let now = created + 60_000;
    const clock = { now: () => now, marginMs: 0 };
    const [fastCapped, fastDefault] = [
      createFastSessionCheck(capped, clock),
      createFastSessionCheck(issuer, clock),
    ];
    await Promise.all([fastCapped.ready, fastDefault.ready]);
    const headers = jar.applyTo(new Headers());
    expect(fastCapped.check(headers)?.user.email).toBe(email);
    now = created + 3600_000 + 1;
    expect(fastCapped.check(headers)).toBeUndefined();
    expect(fastDefault.check(headers)?.user.email).toBe(email);
  });

  it('refuses a session past its deadline from Redis too', async (ctx) => {
    const testRedis = await createTestRedis();
    if (!testRedis) return ctx.skip('needs TEST_REDIS_URL');
    const redis = new Redis(testRedis.url);
    try {
      const prefix = testRedis.prefix;
      const auth = t.makeAuth({ redis, redisKeyPrefix: prefix });
      const { email } = await signUp(auth);
      const { jar } = await signIn(auth, email);
      const token = tokenOf(jar);
      const stored = JSON.parse((await redis.get(prefix + token))!) as { session: { createdAt: string } };
      stored.session.createdAt = new Date(Date.now() - 8 * DAY * 1000).toISOString();
      await redis.set(prefix + token, JSON.stringify(stored), 'EX', 3600);
      dropCache(jar);
      expect((await call(auth, 'GET', '/get-session', { jar })).body).toBeNull();
    } finally {
      redis.disconnect();
      await testRedis.close();
    }
  });

  it('validates absoluteSessionLifetime', () => {
    expect(() => t.makeAuth({ absoluteSessionLifetime: { defaultSeconds: 10 } })).toThrow(
      ManaAuthConfigError,
    );
    expect(() => t.makeAuth({ absoluteSessionLifetime: { defaultSeconds: 10 } })).toThrow(
      /absoluteSessionLifetime\.defaultSeconds/,
    );
    expect(() => t.makeAuth({ absoluteSessionLifetime: { remember: 10 } as never })).toThrow(
      /absoluteSessionLifetime\.remember/,
    );
  });
});
