/**
 * Session checks against what Node itself can serve, in one run with one load generator
 * (autocannon in its own process, `-c 8`): a bare `node:http` hello world, Better Auth's own
 * `/get-session` through its router, and the Hono example's cached session check
 * (`GET /api/v1/auth/session` with a cookie), `GET /api/v1/me` with the cookie, and
 * `GET /api/v1/me` with a Bearer token, reused or distinct per request. Database queries per
 * request are counted on the `pg` client (every query of the process), not assumed.
 *
 * Rows run in rounds (hello world, then each check, then again), and each row reports its
 * median round, so a neighbour's load on the shared machine shifts every row alike rather than
 * whichever row it happened to meet.
 *
 * A bare Hono app on `@hono/node-server` answering "hello" is measured too: what the example's
 * framework costs before any of ours (the floor under every Hono row).
 *
 *   pnpm bench:session-checks   (BENCH_DATABASE_URL, default the local PostgreSQL;
 *                                BENCH_SECONDS per row and round, default 3; BENCH_ROUNDS, default 3;
 *                                BENCH_ROWS: only the rows whose names hold one of these
 *                                comma-separated words, e.g. `session,Bearer`; hello world always runs)
 *
 * For a CPU profile of one row, see profile.ts.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { withScratchDatabase } from '../shared/scratch-database.js';
import { listen, mintTokensFile, startSignedIn } from './signed-in-service.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 8;
const ONLY = (process.env.BENCH_ROWS ?? '')
  .split(',')
  .map((word) => word.trim())
  .filter(Boolean);
// More distinct tokens than the authenticator's verified-token cache holds (10,000, oldest out
// first), cycled: every request of that row verifies a signature.
const DISTINCT_TOKENS = 20_000;
const loader = fileURLToPath(new URL('./load.ts', import.meta.url));

// Every query of this process goes through pg.Client#query (pg.Pool uses it too).
let queries = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;

interface Load {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  queriesPerRequest: number;
}

// Async on purpose: the servers run in this process and must keep answering.
async function load(url: string, headers: Record<string, string> = {}, tokensFile?: string): Promise<Load> {
  const spec = {
    url,
    seconds: SECONDS,
    connections: CONNECTIONS,
    headers,
    ...(tokensFile ? { tokensFile } : {}),
  };
  const before = queries;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', loader, JSON.stringify(spec)],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const out = JSON.parse(stdout) as Omit<Load, 'queriesPerRequest'>;
  return { ...out, queriesPerRequest: (queries - before) / Math.max(1, out.total) };
}

async function close(server: Server) {
  await new Promise((r) => server.close(r));
  server.closeAllConnections();
}

const rows: Array<[string, Load]> = [];
const hello = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello');
});
const helloUrl = `${await listen(hello)}/`;
const honoHello = new Hono().get('/', (c) => c.text('hello'));
const bareHono = await new Promise<Server>((resolve) => {
  const server = serve({ fetch: honoHello.fetch, port: 0, hostname: '127.0.0.1' }, () =>
    resolve(server as Server),
  );
});
const bareHonoUrl = `${await listen(bareHono)}/`;

/** Runs every row `ROUNDS` times, round by round, and keeps each row's median round. */
async function measure(all: Array<[string, () => Promise<Load>]>): Promise<void> {
  const specs = all.filter(
    ([name], i) => i === 0 || ONLY.length === 0 || ONLY.some((word) => name.includes(word)),
  );
  const runs = specs.map(() => [] as Load[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, run]] of specs.entries()) runs[i]!.push(await run());
  }
  for (const [i, [name]] of specs.entries()) {
    const sorted = runs[i]!.sort((a, b) => a.rps - b.rps);
    rows.push([name, sorted[Math.floor(sorted.length / 2)]!]);
  }
}

await withScratchDatabase('mana_bench_session_checks', async (databaseUrl) => {
  const signedIn = await startSignedIn(databaseUrl);
  const { services, server, url, cookie, accessToken } = signedIn;
  // The counter must see the service's queries (same pg module), or every 0 below means nothing.
  if (queries === 0) throw new Error('the query counter saw no query of the login: pg is not shared');
  const tokensFile = await mintTokensFile(signedIn, DISTINCT_TOKENS);

  const auth = `${url}/api/v1/auth`;
  await measure([
    ['Node http hello world', () => load(helloUrl)],
    ['Hono on @hono/node-server, hello world (no middleware)', () => load(bareHonoUrl)],
    // A query string sends /get-session through Better Auth's router (the fast path takes bare paths).
    [
      'Better Auth /get-session via its router (cookie cache)',
      () => load(`${auth}/get-session?via=router`, { cookie }),
    ],
    ['Better Auth /get-session (bare path: fast path)', () => load(`${auth}/get-session`, { cookie })],
    ['Cached session check GET /api/v1/auth/session (cookie)', () => load(`${auth}/session`, { cookie })],
    ['GET /api/v1/me, cookie', () => load(`${url}/api/v1/me`, { cookie })],
    [
      'GET /api/v1/me, Bearer, same token',
      () => load(`${url}/api/v1/me`, { authorization: `Bearer ${accessToken}` }),
    ],
    [
      `GET /api/v1/me, Bearer, distinct token per request (${DISTINCT_TOKENS.toLocaleString('en-US')} cycled)`,
      () => load(`${url}/api/v1/me`, {}, tokensFile),
    ],
  ]);
  await close(server);
  await services.close();
});
await close(hello);
await close(bareHono);

const helloRps = rows[0]![1].rps;
const router = rows.find(([name]) => name.includes('via its router'))?.[1].rps ?? Number.NaN;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(
  `\nSession checks, Hono example on PostgreSQL (no Redis), autocannon -c ${CONNECTIONS} -d ${SECONDS} in a separate process, median of ${ROUNDS} rounds\n`,
);
console.log('| Request | req/s | % of hello world | × BA /get-session | p50 / p99 | DB queries / request |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, r] of rows) {
  console.log(
    `| ${name} | ${fmt(r.rps)} | ${((r.rps / helloRps) * 100).toFixed(1)}% | ${Number.isNaN(router) ? '–' : `${(r.rps / router).toFixed(1)}×`} | ${r.p50} / ${r.p99} ms | ${r.queriesPerRequest.toFixed(3)} |`,
  );
  if (r.errors) console.log(`  (errors or non-2xx: ${r.errors})`);
}
console.log(
  '\nTargets (issue 10): cached cookie check ≥ 10× BA /get-session and ≥ 25% of hello world; Bearer ≥ 50% (same token) and ≥ 15% (distinct tokens).',
);
