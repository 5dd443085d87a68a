import { createTestRedis } from '@mana/test-utils';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthOptions } from '../src/create-auth-options.js';
import { REMEMBER_ME_TTL_SECONDS, SESSION_TTL_SECONDS } from '../src/settings/constants.js';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import {
  type AuthTestContext,
  BASE_URL,
  type CookieJar,
  call,
  setupAuthTest,
  signIn,
  signUp,
  TEST_SECRET,
} from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

const sessionCookie = (setCookies: string[]) =>
  setCookies.find((c) => c.startsWith('better-auth.session_token='));
const maxAge = (line: string | undefined) => Number(/Max-Age=(\d+)/i.exec(line ?? '')?.[1]);
const dropCache = (jar: CookieJar) => {
  for (const name of [...jar.cookies.keys()])
    if (name.startsWith('better-auth.session_data')) jar.cookies.delete(name);
};

async function sessionRow(token: string) {
  const [row] = await t.database.query<{ remember_me: boolean; expires_at: Date; id: string }>(
    'SELECT id, remember_me, expires_at FROM auth.sessions WHERE token = $1',
    [token],
  );
  return row!;
}
const tokenOf = (jar: CookieJar) =>
  decodeURIComponent(jar.cookies.get('better-auth.session_token')!).split('.')[0]!;
const secondsUntil = (date: Date) => (new Date(date).getTime() - Date.now()) / 1000;

describe('remember-me', () => {
  for (const [label, extra, ttl, flag] of [
    ['absent', {}, SESSION_TTL_SECONDS, false],
    ['false', { rememberMe: false }, SESSION_TTL_SECONDS, false],
    ['true', { rememberMe: true }, REMEMBER_ME_TTL_SECONDS, true],
  ] as const) {
    it(`rememberMe ${label}: cookie Max-Age and expires_at are ${ttl / 86400} days, remember_me = ${flag}`, async () => {
      const auth = t.makeAuth();
      const { email } = await signUp(auth);
      const { result, jar } = await signIn(auth, email, extra);
      expect(result.status).toBe(200);
      expect(maxAge(sessionCookie(result.setCookies))).toBe(ttl);
      expect(result.setCookies.some((c) => c.includes('dont_remember'))).toBe(false);
      const row = await sessionRow(tokenOf(jar));
      expect(row.remember_me).toBe(flag);
      expect(secondsUntil(row.expires_at)).toBeGreaterThan(ttl - 10);
      expect(secondsUntil(row.expires_at)).toBeLessThanOrEqual(ttl);
    });
  }

  for (const [label, remember, ttl] of [
    ['a 7-day session slides to 7 days, never 30', false, SESSION_TTL_SECONDS],
    ['a 30-day session slides to 30 days', true, REMEMBER_ME_TTL_SECONDS],
  ] as const) {
    it(`sliding refresh: ${label}`, async () => {
      // Absolute lifetimes longer than the TTLs: with the defaults (equal to them) nothing slides.
      const auth = t.makeAuth({
        absoluteSessionLifetime: { defaultSeconds: 90 * 86400, rememberMeSeconds: 90 * 86400 },
      });
      const { email } = await signUp(auth);
      const { jar } = await signIn(auth, email, { rememberMe: remember });
      const token = tokenOf(jar);
      // Five days pass: the session is due for its sliding refresh.
      await t.database.query(
        `UPDATE auth.sessions SET expires_at = now() + interval '5 days' WHERE token = $1`,
        [token],
      );
      dropCache(jar);
      const res = await call(auth, 'GET', '/get-session', { jar });
      expect(res.status).toBe(200);
      expect(maxAge(sessionCookie(res.setCookies))).toBe(ttl);
      const row = await sessionRow(token);
      expect(row.remember_me).toBe(remember);
      expect(secondsUntil(row.expires_at)).toBeGreaterThan(ttl - 10);
      expect(secondsUntil(row.expires_at)).toBeLessThanOrEqual(ttl);
    });
  }
});

describe('cookie cache', () => {
  it('answers a session check from the JWE cookie with zero database queries', async () => {
    const auth = t.makeAuth();
    const { email } = await signUp(auth);
    const { result, jar } = await signIn(auth, email);
    const cache = result.setCookies.find((c) => c.startsWith('better-auth.session_data='))!;
    expect(maxAge(cache)).toBe(300);
    // A JWE compact serialisation has five parts and a "dir" header.
    const value = cache.split(';')[0]!.split('=')[1]!;
    expect(value.split('.')).toHaveLength(5);
    expect(JSON.parse(Buffer.from(value.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'dir',
    });

    t.queries.length = 0;
    for (let i = 0; i < 5; i++) expect((await call(auth, 'GET', '/get-session', { jar })).status).toBe(200);
    expect(t.queries).toEqual([]);

    dropCache(jar);
    t.queries.length = 0;
    expect((await call(auth, 'GET', '/get-session', { jar })).status).toBe(200);
    expect(t.queries.length).toBeGreaterThan(0);
  });

  it('keeps the set-auth-jwt header at zero queries when it is switched on', async () => {
    const auth = t.makeAuth({ exposeJwtHeader: true });
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    await call(auth, 'GET', '/get-session', { jar }); // warms the signing-key cache
    t.queries.length = 0;
    const res = await call(auth, 'GET', '/get-session', { jar });
    expect(res.headers.get('set-auth-jwt')?.split('.')).toHaveLength(3);
    expect(t.queries).toEqual([]);
  });

  it('sends no set-auth-jwt header by default', async () => {
    const auth = t.makeAuth();
    const { jar } = await signUp(auth);
    expect((await call(auth, 'GET', '/get-session', { jar })).headers.get('set-auth-jwt')).toBeNull();
  });
});

describe('revocation at /token', () => {
  async function replayAfter(
    action: (auth: ReturnType<AuthTestContext['makeAuth']>, jar: CookieJar) => Promise<void>,
  ) {
    const auth = t.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    const stolen = jar.clone();
    expect((await call(auth, 'GET', '/token', { jar: stolen.clone() })).status).toBe(200);
    await action(auth, jar);
    // The old cookies, cache cookie included, are replayed.
    return call(auth, 'GET', '/token', { jar: stolen.clone() });
  }

  it('refuses the cookies of a signed-out session', async () => {
    const res = await replayAfter(async (auth, jar) => {
      expect((await call(auth, 'POST', '/sign-out', { jar, body: {} })).status).toBe(200);
    });
    expect(res.status).toBe(401);
  });

  it('refuses the cookies of a revoked session', async () => {
    const res = await replayAfter(async (auth, jar) => {
      const token = tokenOf(jar);
      const other = await signIn(
        auth,
        ((await call(auth, 'GET', '/get-session', { jar })).body as { user: { email: string } }).user.email,
      );
      expect((await call(auth, 'POST', '/revoke-session', { jar: other.jar, body: { token } })).status).toBe(
        200,
      );
    });
    expect(res.status).toBe(401);
  });

  it('refuses the cookies of other sessions after a password change', async () => {
    const res = await replayAfter(async (auth, jar) => {
      const email = ((await call(auth, 'GET', '/get-session', { jar })).body as { user: { email: string } })
        .user.email;
      const other = await signIn(auth, email);
      const change = await call(auth, 'POST', '/change-password', {
        jar: other.jar,
        body: {
          currentPassword: 'SecurePassword123!',
          newPassword: 'AnotherPassword456!',
          revokeOtherSessions: true,
        },
      });
      expect(change.status).toBe(200);
    });
    expect(res.status).toBe(401);
  });
});

describe('/token reads the session store, not the cookie cache', () => {
  it('refuses the cookies of a session removed outside Better Auth, which its cache cookie still vouches for', async () => {
    const auth = t.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    // Removed behind Better Auth's back: no hook runs, so the revocation registry never hears of it.
    await t.database.query('DELETE FROM auth.sessions WHERE token = $1', [tokenOf(jar)]);
    expect(auth.revocations.isTokenRevoked(tokenOf(jar))).toBe(false);
    // The cookie cache still vouches for it for up to its age (the documented window)...
    expect((await call(auth, 'GET', '/get-session', { jar: jar.clone() })).status).toBe(200);
    // ...but no access token is minted from it.
    expect((await call(auth, 'GET', '/token', { jar: jar.clone() })).status).toBe(401);
    expect((await call(auth, 'POST', '/refresh', { jar: jar.clone() })).status).toBe(401);
  });

  it('mints tokens with the current name, not the cached copy', async () => {
    const auth = t.makeAuth();
    const { email } = await signUp(auth, 'Before');
    const { jar: stale } = await signIn(auth, email);
    const { jar: other } = await signIn(auth, email);
    expect((await call(auth, 'POST', '/update-user', { jar: other, body: { name: 'After' } })).status).toBe(
      200,
    );
    const cached = (await call(auth, 'GET', '/get-session', { jar: stale.clone() })).body as {
      user: { name: string };
    };
    expect(cached.user.name).toBe('Before');
    const { token } = (await call(auth, 'GET', '/token', { jar: stale.clone() })).body as { token: string };
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).name).toBe('After');
  });
});

describe('one revocation check per cookie path', () => {
  it('createAuthOptions wires the registry-backed cookie check and the /token store read, nothing else', () => {
    const ids = createAuthOptions({
      database: t.database,
      secret: TEST_SECRET,
      baseURL: BASE_URL,
    }).plugins.map((plugin) => plugin.id);
    expect(ids.filter((id) => /revo/.test(id))).toEqual([
      'mana-revoked-session-cookies',
      'mana-revocations',
      'mana-token-revocation',
    ]);
  });

  it('with Redis, cached session checks send Redis no command on any path', async (ctx) => {
    const redis = await createTestRedis();
    if (!redis) return ctx.skip('needs TEST_REDIS_URL');
    // A real client of its own, with a count of the commands this auth instance sends on it.
    const client = new Redis(redis.url);
    const sent: string[] = [];
    for (const name of ['get', 'set', 'del', 'incr', 'eval', 'exists', 'mget'] as const) {
      const command = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
      (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        sent.push(name);
        return command(...args);
      };
    }
    try {
      const auth = t.makeAuth({ redis: client, redisKeyPrefix: redis.prefix });
      const { email } = await signUp(auth);
      const { jar } = await signIn(auth, email);
      const headers = jar.applyTo(new Headers({ origin: BASE_URL }));
      const authenticate = createRequestAuthenticator(auth);
      sent.length = 0;
      expect((await call(auth, 'GET', '/get-session', { jar: jar.clone() })).status).toBe(200);
      // A query string takes the request through Better Auth's router and every plugin hook.
      expect((await call(auth, 'GET', '/get-session?disableRefresh=true', { jar: jar.clone() })).status).toBe(
        200,
      );
      expect((await call(auth, 'GET', '/session', { jar: jar.clone() })).status).toBe(200);
      expect((await auth.api.getSession({ headers }))?.user.email).toBe(email);
      expect((await authenticate(headers))?.email).toBe(email);
      expect(sent).toEqual([]);
      await auth.revocations.close();
    } finally {
      await client.quit();
      await redis.close();
    }
  });
});

/** Polls `GET /get-session` on `auth` with `jar` until it answers null; fails after `ms`. */
async function refusedWithin(ms: number, auth: ReturnType<AuthTestContext['makeAuth']>, jar: CookieJar) {
  const started = Date.now();
  for (;;) {
    const res = await call(auth, 'GET', '/get-session', { jar: jar.clone() });
    if (res.body === null) return;
    if (Date.now() - started > ms) throw new Error(`the session was still accepted after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('revocation with Redis', () => {
  it('refuses a revoked session on another instance within 1 s, cookie cache included, with no database query', async (ctx) => {
    const { createTestRedis } = await import('@mana/test-utils');
    const redis = await createTestRedis();
    if (!redis) return ctx.skip('needs TEST_REDIS_URL');
    try {
      const shared = { redis: redis.client, redisKeyPrefix: redis.prefix };
      const a = t.makeAuth(shared);
      const b = t.makeAuth(shared);
      const { email } = await signUp(a);
      const { jar } = await signIn(a, email);
      const replay = jar.clone();
      t.queries.length = 0;
      expect(
        ((await call(b, 'GET', '/get-session', { jar: replay.clone() })).body as { user: unknown } | null)
          ?.user,
      ).toBeTruthy();
      expect(t.queries).toEqual([]); // a live cached session: Redis only
      expect((await call(a, 'POST', '/sign-out', { jar, body: {} })).status).toBe(200);
      // The revocation reaches b's registry by Redis pub/sub (auth.revocations).
      await refusedWithin(1000, b, replay);
    } finally {
      await redis.close();
    }
  });

  it('without Redis, another instance refuses it within 1 s too (PostgreSQL LISTEN/NOTIFY)', async () => {
    const a = t.makeAuth();
    const b = t.makeAuth();
    const { email } = await signUp(a);
    const { jar } = await signIn(a, email);
    const replay = jar.clone();
    await call(a, 'POST', '/sign-out', { jar, body: {} });
    expect((await call(b, 'GET', '/token', { jar: replay.clone() })).status).toBe(401);
    await refusedWithin(1000, b, replay);
  });
});
