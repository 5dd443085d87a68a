import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { CLIENT_IP_HEADER, manaAuthHono } from './index.js';

// The handler reports what it was given: the client-IP header, the path and the body.
const echo: AuthFetchHandler = async (request) =>
  Response.json({
    ip: request.headers.get(CLIENT_IP_HEADER),
    path: new URL(request.url).pathname,
    body: request.method === 'POST' ? await request.text() : null,
  });

describe('manaAuthHono on @hono/node-server', () => {
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const app = new Hono();
    // Registered before the auth API: it must still be able to set headers on its answers.
    app.use(async (c, next) => {
      await next();
      c.res.headers.set('x-set-after', 'yes');
    });
    app.use(manaAuthHono(echo));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('replaces a client-IP header sent by the client with the socket address', async () => {
    const response = await fetch(`${url}/api/v1/auth/session`, {
      headers: { [CLIENT_IP_HEADER]: '203.0.113.9' },
    });
    expect(await response.json()).toMatchObject({ ip: '127.0.0.1', path: '/api/v1/auth/session' });
    expect(response.headers.get('x-set-after')).toBe('yes');
  });

  it('passes request bodies through', async () => {
    const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', body: 'hello' });
    expect(await response.json()).toMatchObject({ body: 'hello', ip: '127.0.0.1' });
  });
});

describe('manaAuthHono where incoming headers are immutable', () => {
  it('copies the request instead, still replacing the client-IP header', async () => {
    const app = new Hono<{ Bindings: { ip: string } }>();
    app.use(manaAuthHono(echo, { clientIp: (env) => (env as { ip: string }).ip }));
    const request = new Request('http://localhost/api/v1/auth/login', {
      method: 'POST',
      headers: { [CLIENT_IP_HEADER]: '203.0.113.9' },
      body: 'data',
    });
    // As on runtimes whose server requests have immutable headers (undici throws TypeError).
    const frozen = new Headers(request.headers);
    for (const name of ['set', 'delete', 'append'] as const) {
      Object.defineProperty(frozen, name, {
        value: () => {
          throw new TypeError('immutable');
        },
      });
    }
    Object.defineProperty(request, 'headers', { value: frozen });
    const response = await app.request(request, undefined, { ip: '198.51.100.7' });
    expect(await response.json()).toMatchObject({ ip: '198.51.100.7', body: 'data' });
  });
});
