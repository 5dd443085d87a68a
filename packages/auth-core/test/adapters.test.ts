import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAuth as expressRequireAuth, manaAuthRouter } from '../src/adapters/express/index.js';
import {
  requireAuth as honoRequireAuth,
  type ManaAuthVariables,
  manaAuthHono,
} from '../src/adapters/hono/index.js';
import { toNodeHandler } from '../src/adapters/node/index.js';
import type { ManaAuth } from '../src/create-auth.js';
import { ManaAuthConfigError } from '../src/errors.js';
import type { AccessTokenRefusedEvent } from '../src/mana-hooks.js';
import { type AuthTestContext, BASE_PATH, PASSWORD, setupAuthTest } from './harness.js';
import { cookieHeader, sendFrom } from './loopback-client.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

type Start = (auth: ManaAuth) => Promise<{ url: string; close: () => Promise<void> }>;

function listening(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

const ADAPTERS: Record<string, Start> = {
  express: async (auth) => {
    const app = express();
    app.use(manaAuthRouter(auth.handler));
    app.get('/api/me', expressRequireAuth(auth), (req, res) => {
      res.json({ user: req.user });
    });
    return listening(createServer(app));
  },
  hono: async (auth) => {
    const app = new Hono<{ Variables: ManaAuthVariables }>();
    app.use(manaAuthHono(auth.handler));
    app.get('/api/me', honoRequireAuth(auth), (c) => c.json({ user: c.get('user') }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((done) => server.close(() => done())),
    };
  },
  node: async (auth) => listening(createServer(toNodeHandler(auth.handler))),
};

// Better Auth's memory limiter is one store per process: each adapter gets its own addresses.
describe.each(Object.keys(ADAPTERS).map((name, i) => [name, `127.${i + 1}.0.`]))(
  '%s adapter with no client-IP configuration',
  (name, net) => {
    let server: { url: string; close: () => Promise<void> };
    beforeAll(async () => {
      const auth = t.makeAuth({ rateLimit: { signIn: { window: 60, max: 2 } }, loginLockout: false });
      server = await ADAPTERS[name as string]!(auth);
    });
    afterAll(() => server.close());

    const attempt = (from: string, headers: Record<string, string> = {}) =>
      sendFrom(from, `${server.url}${BASE_PATH}/sign-in/email`, {
        body: { email: 'nobody@example.com', password: 'wrong-password-1' },
        headers,
      }).then((r) => r.status);

    it('gives two loopback source addresses separate limiter buckets; spoofed headers change nothing', async () => {
      expect(await attempt(`${net}2`, { 'x-forwarded-for': '198.51.100.1' })).toBe(401);
      expect(
        await attempt(`${net}2`, { 'x-forwarded-for': '198.51.100.2', 'x-mana-client-ip': '198.51.100.3' }),
      ).toBe(401);
      expect(await attempt(`${net}2`, { 'x-forwarded-for': '198.51.100.4' })).toBe(429);
      expect(await attempt(`${net}3`)).toBe(401);
      expect(await attempt(`${net}3`, { 'x-forwarded-for': `${net}4` })).toBe(401);
      expect(await attempt(`${net}3`)).toBe(429);
      expect(await attempt(`${net}4`)).toBe(401);
    });
  },
);

describe.each(['express', 'hono'])('requireAuth() for %s', (name) => {
  let server: { url: string; close: () => Promise<void> };
  let cookie: string;
  let token: string;
  let email: string;
  const refused: AccessTokenRefusedEvent[] = [];
  beforeAll(async () => {
    // What the audit log is told about refused tokens (security-events implements the same hook).
    const recorder = {
      id: 'refusal-recorder',
      manaHooks: { onAccessTokenRefused: (e: AccessTokenRefusedEvent) => void refused.push(e) },
    };
    const auth = t.makeAuth({ plugins: [recorder] });
    server = await ADAPTERS[name]!(auth);
    email = `guard-${name}-${Date.now()}@example.com`;
    const signUp = await sendFrom('127.0.0.1', `${server.url}${BASE_PATH}/sign-up/email`, {
      body: { email, password: PASSWORD, name: 'G' },
    });
    expect(signUp.status).toBe(200);
    cookie = cookieHeader(signUp.setCookies);
    const minted = await sendFrom('127.0.0.1', `${server.url}${BASE_PATH}/token`, { headers: { cookie } });
    token = (minted.body as { token: string }).token;
    expect(token.split('.')).toHaveLength(3);
  });
  afterAll(() => server.close());

  const me = (headers: Record<string, string>) => sendFrom('127.0.0.1', `${server.url}/api/me`, { headers });
  const refusal = {
    error: { code: 'UNAUTHORIZED', message: 'Send a valid Bearer access token or session cookie.' },
  };

  it('refuses a request without credentials: 401 JSON', async () => {
    expect(await me({})).toMatchObject({ status: 401, body: refusal });
  });

  it('lets the session cookie through and puts the user on the request', async () => {
    const reply = await me({ cookie });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ user: { email, name: 'G', via: 'session' } });
  });

  it('lets a Bearer access token through', async () => {
    const reply = await me({ authorization: `Bearer ${token}` });
    expect(reply.body).toMatchObject({ user: { email, via: 'token' } });
  });

  it('refuses a forged or malformed Bearer token even with a valid cookie', async () => {
    const [h, p] = token.split('.');
    expect((await me({ authorization: `Bearer ${h}.${p}.AAAA`, cookie })).status).toBe(401);
    expect((await me({ authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
    expect((await me({ cookie: 'better-auth.session_token=forged' })).status).toBe(401);
  });

  it('reports each refused Bearer token with its reason, method, path and socket address, never the token', async () => {
    refused.length = 0;
    const [h, p] = token.split('.');
    const tampered = `${h}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${token.split('.')[2]}`;
    await me({ authorization: `Bearer ${h}.${p}.AAAA` });
    await me({ authorization: `Bearer ${tampered}` });
    await me({ authorization: 'Basic dXNlcjpwYXNz', 'user-agent': 'probe/1' });
    await me({ authorization: `Bearer ${token}` });
    expect(refused.map((e) => [e.reason, e.method, e.path, e.ip])).toEqual([
      ['malformed', 'GET', '/api/me', '127.0.0.1'],
      ['bad_signature', 'GET', '/api/me', '127.0.0.1'],
      ['unsupported_scheme', 'GET', '/api/me', '127.0.0.1'],
    ]);
    expect(refused[2]!.userAgent).toBe('probe/1');
    expect(JSON.stringify(refused)).not.toMatch(/AAAA|dXNlcjpwYXNz|eyJ/);
  });
});

describe('requireAuth() options', () => {
  it.each([
    ['express', expressRequireAuth],
    ['hono', honoRequireAuth],
  ] as const)('%s: checks them once, naming the bad option and the fix', (_name, requireAuth) => {
    const auth = t.makeAuth();
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as ManaAuthConfigError;
      }
      throw new Error('expected an error');
    };
    const unknown = error(() => requireAuth(auth, { audiance: 'x' } as never));
    expect(unknown).toBeInstanceOf(ManaAuthConfigError);
    expect(unknown.message).toMatch(/requireAuth\.audiance: is not an option.*did you mean "audience"\?/);
    expect(error(() => requireAuth(auth, { issuer: '' })).message).toMatch(
      /requireAuth\.issuer: must be a non-empty/,
    );
    expect(error(() => requireAuth(auth, { verifiedTokenCacheSize: -1 })).message).toMatch(
      /0 or more, got -1/,
    );
    expect(error(() => requireAuth({} as never)).message).toMatch(
      /requireAuth\(auth\): must be what createAuth\(\) returns/,
    );
  });

  it('accepts only the configured audience', async () => {
    const auth = t.makeAuth();
    const app = express();
    app.use(manaAuthRouter(auth.handler));
    app.get('/api/me', expressRequireAuth(auth, { audience: 'https://other.example' }), (_req, res) => {
      res.json({ ok: true });
    });
    const server = await listening(createServer(app));
    try {
      const email = `aud-${Date.now()}@example.com`;
      const signUp = await sendFrom('127.0.0.1', `${server.url}${BASE_PATH}/sign-up/email`, {
        body: { email, password: PASSWORD, name: 'A' },
      });
      const cookie = cookieHeader(signUp.setCookies);
      const minted = await sendFrom('127.0.0.1', `${server.url}${BASE_PATH}/token`, { headers: { cookie } });
      const token = (minted.body as { token: string }).token;
      const reply = await sendFrom('127.0.0.1', `${server.url}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(reply.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
