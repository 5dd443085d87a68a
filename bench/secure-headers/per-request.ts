/**
 * Per-request cost of applying headers, without the network: each iteration builds a fresh
 * request/response pair, runs the middleware and writes the head (which is where Node serialises
 * headers, and where @mana/secure-headers applies them). The cost of a middleware is its time per
 * iteration minus the time of the same loop with no middleware, measured in the same round;
 * variants are interleaved and the median of several rounds is reported.
 */
import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { Hono, type MiddlewareHandler } from 'hono';
import { NONCE as HONO_NONCE, secureHeaders as honoSecureHeaders } from 'hono/secure-headers';
import { secureHeaders as manaHono } from '../../packages/secure-headers/src/adapters/hono/index.js';
import { secureHeaders as manaNode } from '../../packages/secure-headers/src/adapters/node/index.js';
import { type CspDirectives, NONCE } from '../../packages/secure-headers/src/index.js';
import { type NodeMiddleware, specMiddleware } from './spec-middleware.js';

const NONCE_CSP: CspDirectives = { scriptSrc: ["'self'", NONCE] };
const socket = new Socket();
const noop = () => {};

/** helmet has no nonce of its own: the documented recipe is a middleware that makes one. */
function helmetWithNonce(): NodeMiddleware {
  const h = helmet({
    contentSecurityPolicy: {
      directives: {
        scriptSrc: [
          "'self'",
          (_req, res) => `'nonce-${(res as unknown as { locals: { nonce: string } }).locals.nonce}'`,
        ],
      },
    },
  }) as unknown as NodeMiddleware;
  return (req, res, next) => {
    (res as unknown as { locals: { nonce: string } }).locals = { nonce: randomBytes(16).toString('base64') };
    h(req, res, next);
  };
}

export const NODE_VARIANTS: Record<string, NodeMiddleware | undefined> = {
  none: undefined,
  '@mana/secure-headers': manaNode() as NodeMiddleware,
  'helmet 8': helmet() as unknown as NodeMiddleware,
  '@mana/secure-headers + nonce': manaNode({ contentSecurityPolicy: NONCE_CSP }) as NodeMiddleware,
  'helmet 8 + nonce': helmetWithNonce(),
  '@mana/secure-headers owasp (13 headers)': manaNode({ preset: 'owasp' }) as NodeMiddleware,
  "the spec's hand-written middleware (same 7 headers, res.setHeader)": specMiddleware,
};

function nodeLoop(middleware: NodeMiddleware | undefined, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const req = new IncomingMessage(socket);
    const res = new ServerResponse(req);
    if (middleware) middleware(req, res, noop);
    res.writeHead(200);
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

function honoApp(middleware: MiddlewareHandler | undefined): Hono {
  const app = new Hono();
  if (middleware) app.use(middleware);
  app.get('/', (c) => c.text('hello'));
  return app;
}

export const HONO_VARIANTS: Record<string, Hono> = {
  none: honoApp(undefined),
  '@mana/secure-headers': honoApp(manaHono() as unknown as MiddlewareHandler),
  "hono's secureHeaders": honoApp(honoSecureHeaders()),
  '@mana/secure-headers + nonce': honoApp(
    manaHono({ contentSecurityPolicy: NONCE_CSP }) as unknown as MiddlewareHandler,
  ),
  "hono's secureHeaders + nonce": honoApp(
    honoSecureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'", HONO_NONCE] },
    }),
  ),
};

async function honoLoop(app: Hono, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const response = await app.fetch(new Request('http://localhost/'));
    if (response.status !== 200) throw new Error('unexpected status');
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median (over rounds) of ns/iteration minus the no-middleware loop of the same round. */
export interface CostResult {
  name: string;
  /** ns per request added by the middleware. */
  cost: number;
  /** ns per iteration of the whole loop, for context. */
  total: number;
  /** ns per iteration, one per round. */
  samples: number[];
}

/** Runs every variant once per round, alternating the order each round to cancel drift. */
async function rounds<T>(
  variants: Record<string, T>,
  count: number,
  run: (v: T) => Promise<number> | number,
) {
  const samples: Record<string, number[]> = {};
  const entries = Object.entries(variants);
  for (let round = 0; round < count; round++) {
    for (const [name, variant] of round % 2 === 0 ? entries : [...entries].reverse()) {
      samples[name] ??= [];
      samples[name].push(await run(variant));
    }
  }
  return samples;
}

export async function measureNode(count: number, iterations: number): Promise<CostResult[]> {
  await rounds(NODE_VARIANTS, 2, (mw) => nodeLoop(mw, iterations)); // warm-up
  return summarise(await rounds(NODE_VARIANTS, count, (mw) => nodeLoop(mw, iterations)));
}

export async function measureHono(count: number, iterations: number): Promise<CostResult[]> {
  await rounds(HONO_VARIANTS, 2, (app) => honoLoop(app, iterations)); // warm-up
  return summarise(await rounds(HONO_VARIANTS, count, (app) => honoLoop(app, iterations)));
}

function summarise(samples: Record<string, number[]>): CostResult[] {
  const base = samples.none!;
  return Object.entries(samples).map(([name, values]) => ({
    name,
    cost: median(values.map((value, round) => value - base[round]!)),
    total: median(values),
    samples: values,
  }));
}

/** Median over rounds of a − b, measured in the same rounds: the added cost of a over b. */
export function pairedDifference(a: CostResult, b: CostResult): number {
  return median(a.samples.map((value, round) => value - b.samples[round]!));
}
