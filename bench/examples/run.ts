/**
 * Throughput of the example servers next to a bare Better Auth server with the same auth
 * configuration, on the same PostgreSQL: logins/s and session checks/s with p50/p99 latency.
 * The load generator (autocannon) runs in its own process; one server runs at a time.
 *
 *   pnpm bench:examples        (BENCH_DATABASE_URL, default the local PostgreSQL; BENCH_SECONDS)
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { createAuth, createDatabase, migrate } from '@mana/auth-core';
import { toNodeHandler } from '@mana/auth-core/node';
import { startExpressServer } from '@mana/example-express-server';
import { startHonoServer } from '@mana/example-hono-server';
import { startNestServer } from '@mana/example-nest-server';
import { createServices } from '@mana/example-shared';
import {
  benchExampleConfig,
  listen,
  BENCH_SECRET as SECRET,
  BENCH_USER as USER,
} from '../shared/example-server.js';
import { withScratchDatabase } from '../shared/scratch-database.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

// Async on purpose: the servers run in this process and must keep answering.
async function load(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string> },
  seconds = SECONDS,
): Promise<Load> {
  const args = [autocannon, '-j', '-c', '8', '-d', String(seconds), '-m', options.method ?? 'GET'];
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (options.body) args.push('-b', options.body);
  args.push(url);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(stdout);
  return {
    rps: out.requests.average,
    p50: out.latency.p50,
    p99: out.latency.p99,
    errors: out.non2xx + out.errors,
  };
}

async function measure(
  name: string,
  url: string,
  paths: { login: string; check: string; loginBody: string },
) {
  // Origin must be the configured BASE_URL (the CSRF check), not the ephemeral port.
  const json = { 'content-type': 'application/json', origin: 'http://127.0.0.1' };
  const res = await fetch(`${url}${paths.login}`, { method: 'POST', headers: json, body: paths.loginBody });
  if (!res.ok) throw new Error(`${name}: login answered ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  // Logins are few per second (password hashing): measure them twice as long.
  const logins = await load(
    `${url}${paths.login}`,
    { method: 'POST', body: paths.loginBody, headers: json },
    SECONDS * 2,
  );
  const checks = await load(`${url}${paths.check}`, { headers: { cookie } });
  return { name, logins, checks };
}

const rows = await withScratchDatabase('mana_bench_examples', async (databaseUrl) => {
  const results = [];
  // Bare Better Auth: the same createAuth configuration, served raw: no facade, no security
  // headers, no audit plugin. Login = /sign-in/email, check = /get-session (cookie cache).
  {
    const database = await createDatabase(databaseUrl);
    await migrate(database);
    const auth = createAuth({
      database,
      secret: SECRET,
      baseURL: 'http://127.0.0.1',
      // The plain Better Auth baseline signs in over its own routes.
      betterAuthRoutes: { exposeAllUnsafe: true },
      // Same limiter storage and lockout as the examples (no Redis → database), limits out of reach.
      rateLimit: {
        storage: 'database',
        signIn: { window: 60, max: 100_000_000 },
        token: { window: 60, max: 100_000_000 },
      },
    });
    const server = createServer(toNodeHandler(auth.handler));
    const url = await listen(server);
    await fetch(`${url}/api/v1/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1' },
      body: JSON.stringify(USER),
    });
    const credentials = JSON.stringify({ email: USER.email, password: USER.password });
    results.push(
      await measure('Bare Better Auth (same config)', url, {
        login: '/api/v1/auth/sign-in/email',
        check: '/api/v1/auth/get-session',
        loginBody: credentials,
      }),
    );
    await new Promise((r) => server.close(r));
    server.closeAllConnections();
    await database.close();
  }
  const starters = [
    ['Hono example', startHonoServer],
    ['Express example', startExpressServer],
    ['NestJS example', startNestServer],
  ] as const;
  for (const [name, start] of starters) {
    const config = benchExampleConfig(databaseUrl);
    const services = await createServices(config, { mailSender: async () => {} });
    const server = await start(services, config);
    const url = await listen(server);
    const credentials = JSON.stringify({ email: USER.email, password: USER.password });
    // Better Auth's own /sign-in/email is not exposed by the examples (betterAuthRoutes allow-list):
    // the example is measured through the REST facade, which is what clients call.
    // The REST facade, whose /login also reads the session back and mints an access token.
    results.push(
      await measure(`${name}: facade /login, /session`, url, {
        login: '/api/v1/auth/login',
        check: '/api/v1/auth/session',
        loginBody: credentials,
      }),
    );
    await new Promise((r) => server.close(r));
    server.closeAllConnections();
    await services.close();
  }
  return results;
});

const base = rows[0]!;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const pct = (n: number, b: number) => `${((n / b) * 100).toFixed(0)}%`;
console.log(
  `\nExample servers vs bare Better Auth, PostgreSQL 15, autocannon -c 8 -d ${SECONDS} in a separate process\n`,
);
console.log('| Server | logins/s | vs bare | p50 / p99 | session checks/s | vs bare | p50 / p99 |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${fmt(r.logins.rps)} | ${pct(r.logins.rps, base.logins.rps)} | ${r.logins.p50} / ${r.logins.p99} ms | ${fmt(r.checks.rps)} | ${pct(r.checks.rps, base.checks.rps)} | ${r.checks.p50} / ${r.checks.p99} ms |`,
  );
  if (r.logins.errors || r.checks.errors)
    console.log(`  (errors: logins ${r.logins.errors}, checks ${r.checks.errors})`);
}
console.log(
  '\n"facade" rows: /login also reads the session back and mints the 15-minute access token (bare sign-in does neither).',
);
console.log('Goal: headers + audit + facade cost ≤ 5% of throughput.');
