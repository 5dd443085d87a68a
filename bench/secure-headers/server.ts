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
import { secureHeaders as manaHono } from '../../packages/secure-headers/src/hono.js';
import { secureHeaders as manaNode } from '../../packages/secure-headers/src/node.js';

type NodeMiddleware = (
  req: Parameters<RequestListener>[0],
  res: Parameters<RequestListener>[1],
  next: () => void,
) => void;

function node(middleware?: NodeMiddleware): RequestListener {
  return (req, res) => {
    const respond = () => {
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
