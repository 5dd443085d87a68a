import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { remoteAddressOf } from '@mana/internal';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import { manaAuthHono } from './index.js';

// The handler reports what it was given: the recorded peer address, the path and the body.
const echo: AuthFetchHandler = async (request) =>
  Response.json({
    ip: remoteAddressOf(request) ?? null,
    forwarded: request.headers.get('x-forwarded-for'),
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

  it('records the socket address of each connection, whatever IP headers the client sent', async () => {
    const response = await fetch(`${url}/api/v1/auth/session`, {
      headers: { 'x-mana-client-ip': '203.0.113.9', 'x-forwarded-for': '203.0.113.10' },
    });
    expect(await response.json()).toMatchObject({ ip: '127.0.0.1', path: '/api/v1/auth/session' });
    expect(response.headers.get('x-set-after')).toBe('yes');
    const other = await new Promise<string>((resolve, reject) => {
      const headers = { 'x-forwarded-for': '203.0.113.11' };
      const req = httpRequest(`${url}/api/v1/auth/session`, { localAddress: '127.0.0.2', headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(other)).toMatchObject({ ip: '127.0.0.2', forwarded: '203.0.113.11' });
  });

  it('passes request bodies through', async () => {
    const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', body: 'hello' });
    expect(await response.json()).toMatchObject({ body: 'hello', ip: '127.0.0.1' });
  });
});

describe('manaAuthHono on other runtimes', () => {
  it('takes the peer address from the clientIp option', async () => {
    const app = new Hono<{ Bindings: { ip: string } }>();
    app.use(manaAuthHono(echo, { clientIp: (env) => (env as { ip: string }).ip }));
    const request = new Request('http://localhost/api/v1/auth/login', { method: 'POST', body: 'data' });
    const response = await app.request(request, undefined, { ip: '198.51.100.7' });
    expect(await response.json()).toMatchObject({ ip: '198.51.100.7', body: 'data' });
  });

  it('knows no peer when the runtime gives none', async () => {
    const app = new Hono();
    app.use(manaAuthHono(echo));
    const response = await app.request('http://localhost/api/v1/auth/session');
    expect(await response.json()).toMatchObject({ ip: null });
  });
});

describe('manaAuthHono and the Host header', () => {
  const withSettings = Object.assign(
    async (request: Request) =>
      Response.json({
        url: request.url,
        body: request.method === 'POST' ? await request.text() : null,
        ip: remoteAddressOf(request) ?? null,
      }),
    { settings: { basePath: '/api/v1/auth', baseURL: 'https://auth.example.com/app' } },
  ) satisfies AuthFetchHandler;

  it('gives the handler the origin of settings.baseURL, whatever Host said, body and peer kept', async () => {
    const app = new Hono<{ Bindings: { ip: string } }>();
    app.use(manaAuthHono(withSettings, { clientIp: (env) => (env as { ip: string }).ip }));
    const request = new Request('http://evil.example:8080/api/v1/auth/login?next=1', {
      method: 'POST',
      body: 'data',
    });
    const response = await app.request(request, undefined, { ip: '198.51.100.7' });
    expect(await response.json()).toEqual({
      url: 'https://auth.example.com/api/v1/auth/login?next=1',
      body: 'data',
      ip: '198.51.100.7',
    });
  });
});
