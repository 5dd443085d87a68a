/**
 * One benchmark server per process (so the load generator and the server do not share a core).
 * Usage: tsx server.ts <variant>; prints the port on stdout when listening.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import helmet from 'helmet';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders as honoSecureHeaders } from 'hono/secure-headers';
import { secureHeaders as manaHono } from '../../packages/secure-headers/src/adapters/hono/index.js';
import { secureHeaders as manaNode } from '../../packages/secure-headers/src/adapters/node/index.js';
import { type NodeMiddleware, specMiddleware } from './spec-middleware.js';

/** A session-check-sized JSON answer (~1 KB), built per request. */
function session(): unknown {
  return {
    session: {
      id: 'f3b9c1d2-8a4e-4c7b-9f1e-2d3c4b5a6e7f',
      userId: 'usr_01HZX3KQ9P7M2N4B6V8C0D1E2F',
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      createdAt: new Date().toISOString(),
      ipAddress: '203.0.113.42',
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      rememberMe: false,
    },
    user: {
      id: 'usr_01HZX3KQ9P7M2N4B6V8C0D1E2F',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      emailVerified: true,
      image: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: new Date().toISOString(),
      roles: ['user', 'beta'],
      preferences: { locale: 'en-GB', theme: 'dark', notifications: { email: true, push: false } },
    },
  };
}

function node(middleware?: NodeMiddleware, json = false): RequestListener {
  return (req, res) => {
    const respond = () => {
      if (json) {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(session()));
        return;
      }
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('hello world');
    };
    if (middleware) middleware(req, res, respond);
    else respond();
  };
}

function hono(middleware?: MiddlewareHandler): RequestListener {
  const app = new Hono();
  if (middleware) app.use(middleware);
  app.get('/', (c) => c.text('hello world'));
  return createAdaptorServer({ fetch: app.fetch }).listeners('request')[0] as RequestListener;
}

const VARIANTS: Record<string, () => RequestListener> = {
  'node:none': () => node(),
  'node:mana': () => node(manaNode() as NodeMiddleware),
  'node:helmet': () => node(helmet() as unknown as NodeMiddleware),
  'node:spec': () => node(specMiddleware),
  'json:none': () => node(undefined, true),
  'json:mana': () => node(manaNode() as NodeMiddleware, true),
  'hono:none': () => hono(),
  'hono:mana': () => hono(manaHono() as unknown as MiddlewareHandler),
  'hono:hono': () => hono(honoSecureHeaders()),
};

const variant = process.argv[2] ?? '';
const make = VARIANTS[variant];
if (!make) throw new Error(`unknown variant ${variant}; one of ${Object.keys(VARIANTS).join(', ')}`);
const server = createServer({ keepAlive: true }, make());
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => server.close(() => process.exit(0)));
// The parent asks for this process's CPU time around each load run (server-side cost per request).
process.on('message', () => process.send?.(process.cpuUsage()));
