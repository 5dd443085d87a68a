import type { BetterAuthPlugin } from 'better-auth';
import { createAuthEndpoint } from 'better-auth/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaAuthConfigError } from '../src/errors.js';
import { withoutSessionTokens } from '../src/exposure/session-token-stripping.js';
import { type AuthTestContext, CookieJar, call, PASSWORD, setupAuthTest } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

// The harness exposes everything for its Better Auth-driving tests; these check the default.
const DEFAULT = { betterAuthRoutes: undefined };

async function loggedIn(auth: ReturnType<AuthTestContext['makeAuth']>, label: string): Promise<CookieJar> {
  return (await registered(auth, label)).jar;
}

async function registered(auth: ReturnType<AuthTestContext['makeAuth']>, label: string) {
  const jar = new CookieJar();
  const email = `${label}-${Date.now()}@example.com`;
  await call(auth, 'POST', '/register', { body: { email, password: PASSWORD, name: 'E' }, jar });
  return { jar, email };
}

const pingPlugin: BetterAuthPlugin = {
  id: 'ping',
  endpoints: {
    ping: createAuthEndpoint('/ping', { method: 'GET' }, async (ctx) => ctx.json({ pong: true })),
  },
};

describe('betterAuthRoutes', () => {
  it('by default answers Better Auth routes outside the allow-list with 404 JSON', async () => {
    const auth = t.makeAuth(DEFAULT);
    const jar = await loggedIn(auth, 'default');
    for (const [method, path] of [
      ['GET', '/list-sessions'],
      ['GET', '/list-sessions/'],
      ['POST', '/update-user'],
      ['POST', '/sign-in/email'],
      ['GET', '/ok'],
    ] as const) {
      const res = await call(auth, method, path, { jar, ...(method === 'POST' ? { body: {} } : {}) });
      expect(res.status, path).toBe(404);
      expect(res.body, path).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await call(auth, 'GET', '/get-session', { jar })).status).toBe(200);
    expect((await call(auth, 'GET', '/token', { jar })).status).toBe(200);
    expect((await call(auth, 'GET', '/session', { jar })).status).toBe(200);
  });

  it('exposes more routes by name or pattern, the routes of configured plugins, or all (unsafe)', async () => {
    const some = t.makeAuth({ betterAuthRoutes: { expose: ['/list-sessions', '/delete-user/*'] } });
    const jar = await loggedIn(some, 'expose');
    expect((await call(some, 'GET', '/list-sessions', { jar })).status).toBe(200);
    expect((await call(some, 'GET', '/delete-user/callback', { jar })).status).not.toBe(404);
    expect((await call(some, 'GET', '/list-accounts', { jar })).status).toBe(404);
    const withPlugin = t.makeAuth({ ...DEFAULT, plugins: [pingPlugin] });
    expect((await call(withPlugin, 'GET', '/ping')).body).toEqual({ pong: true });
    const all = t.makeAuth({ betterAuthRoutes: { exposeAllUnsafe: true } });
    expect((await call(all, 'GET', '/list-accounts', { jar })).status).toBe(200);
  });

  it('refuses a malformed route pattern, naming the option and the fix', () => {
    let error: unknown;
    try {
      t.makeAuth({ betterAuthRoutes: { expose: ['list-sessions'] } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManaAuthConfigError);
    expect(String((error as Error).message)).toMatch(
      /betterAuthRoutes\.expose.*"\/update-user".*Fix: list paths below the base path/s,
    );
  });

  it('takes the session token out of every session in a Better Auth answer', async () => {
    const auth = t.makeAuth({ betterAuthRoutes: { exposeAllUnsafe: true } });
    const { jar, email } = await registered(auth, 'strip');
    const token = decodeURIComponent(jar.header().match(/session_token=([^;]+)/)![1]!).split('.')[0]!;
    for (const path of ['/list-sessions', '/get-session', '/get-session?disableCookieCache=true']) {
      const res = await call(auth, 'GET', path, { jar });
      expect(res.status, path).toBe(200);
      expect(JSON.stringify(res.body).includes(token), path).toBe(false);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const again = new CookieJar();
    const signIn = await call(auth, 'POST', '/sign-in/email', {
      body: { email, password: PASSWORD },
      jar: again,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ user: { email } });
    expect(signIn.body).not.toHaveProperty('token');
  });
});

describe('withoutSessionTokens', () => {
  it('drops tokens of sessions and of sign-in answers, keeps an access-token answer', () => {
    const session = { id: 's', token: 'secret', userId: 'u', expiresAt: '2030-01-01' };
    expect(withoutSessionTokens([session])).toEqual([{ id: 's', userId: 'u', expiresAt: '2030-01-01' }]);
    expect(withoutSessionTokens({ token: 'secret', user: { id: 'u' }, redirect: false })).toEqual({
      user: { id: 'u' },
      redirect: false,
    });
    expect(withoutSessionTokens({ session, user: { id: 'u' } })).toEqual({
      session: { id: 's', userId: 'u', expiresAt: '2030-01-01' },
      user: { id: 'u' },
    });
    expect(withoutSessionTokens({ token: 'a.b.c' })).toBeUndefined();
    expect(withoutSessionTokens(null)).toBeUndefined();
  });
});
