/**
 * auth-core benchmark: database queries and latency per session check, and access-token
 * verification speed next to OpenSSL's raw Ed25519 verify rate, all measured in this run.
 *
 *   pnpm bench:auth-core                  (uses $BENCH_DATABASE_URL or the local PostgreSQL)
 *   pnpm bench:auth-core -- --verify-only (token verification only: no database)
 */
import { execFileSync } from 'node:child_process';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { jwt } from 'better-auth/plugins/jwt';
import pg from 'pg';
import { createAuth, createDatabase, migrate } from '../../packages/auth-core/src/index.js';
import { createAccessTokenVerifier } from '../../packages/auth-core/src/verify.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE_URL = 'http://127.0.0.1:3001';
const SECRET = 'bench-secret-bench-secret-bench-secret!!';
const CHECKS = Number(process.env.BENCH_CHECKS ?? 2000);

type Handler = (request: Request) => Promise<Response>;

function cookieHeader(response: Response, keep: (name: string) => boolean = () => true): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((pair) => keep(pair.split('=')[0]!))
    .join('; ');
}

const request = (path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) =>
  new Request(`${BASE_URL}/api/v1/auth${path}`, {
    method: init.method ?? 'GET',
    headers: {
      origin: BASE_URL,
      'content-type': 'application/json',
      ...(init.cookie ? { cookie: init.cookie } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });

async function measure(handler: Handler, cookie: string, counter: { n: number }) {
  for (let i = 0; i < 50; i++) await handler(request('/get-session', { cookie })); // warm-up
  const times: number[] = [];
  counter.n = 0;
  for (let i = 0; i < CHECKS; i++) {
    const start = process.hrtime.bigint();
    const res = await handler(request('/get-session', { cookie }));
    await res.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
    if (res.status !== 200) throw new Error(`get-session answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  return {
    queries: counter.n / CHECKS,
    p50: times[Math.floor(CHECKS / 2)]!,
    p99: times[Math.floor(CHECKS * 0.99)]!,
  };
}

async function sessionChecks() {
  const name = `mana_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const counter = { n: 0 };
  const database = await createDatabase(url.toString(), { onQuery: () => counter.n++ });
  try {
    await migrate(database);
    const ours = createAuth({
      database,
      secret: SECRET,
      baseURL: BASE_URL,
      rateLimit: { enabled: false },
      // Signs up and in over Better Auth's own routes, as the plain baseline does.
      betterAuthRoutes: { exposeAllUnsafe: true },
    });
    // The same with metrics on: an SDK meter provider with a reader (exports once a minute).
    const reader = new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
      exportIntervalMillis: 60_000,
    });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const metered = createAuth({
      database,
      secret: SECRET,
      baseURL: BASE_URL,
      rateLimit: { enabled: false },
      betterAuthRoutes: { exposeAllUnsafe: true },
      meterProvider,
    });
    const user = { email: 'bench@example.com', password: 'SecurePassword123!', name: 'Bench' };
    await ours.handler(request('/sign-up/email', { method: 'POST', body: user }));
    const login = await ours.handler(request('/sign-in/email', { method: 'POST', body: user }));
    const all = cookieHeader(login);
    const tokenOnly = cookieHeader(login, (n) => n.endsWith('session_token'));

    // Better Auth as its docs set it up: jwt plugin, no cookie cache; and with a cookie cache.
    const common = {
      baseURL: BASE_URL,
      basePath: '/api/v1/auth',
      secret: SECRET,
      telemetry: { enabled: false },
      database: drizzleAdapter(database.db, { provider: 'pg', schema: database.tables }),
      user: { modelName: 'users' },
      account: { modelName: 'accounts' },
      verification: { modelName: 'verifications' },
      emailAndPassword: { enabled: true },
      rateLimit: { enabled: false },
    } as const;
    const plain = betterAuth({ ...common, session: { modelName: 'sessions' }, plugins: [jwt()] });
    const cachedPlain = betterAuth({
      ...common,
      session: { modelName: 'sessions', cookieCache: { enabled: true, strategy: 'jwe', maxAge: 300 } },
      plugins: [jwt()],
    });
    const plainLogin = await cachedPlain.handler(request('/sign-in/email', { method: 'POST', body: user }));

    const rows = [
      ['@mana/auth-core, cookie cache hit', await measure(ours.handler, all, counter)],
      [
        '@mana/auth-core, cookie cache hit, metrics on (sdk-metrics MeterProvider)',
        await measure(metered.handler, all, counter),
      ],
      ['@mana/auth-core, cache miss (session_token only)', await measure(ours.handler, tokenOnly, counter)],
      [
        '@mana/auth-core, cache miss, metrics on (sdk-metrics MeterProvider)',
        await measure(metered.handler, tokenOnly, counter),
      ],
      [
        'Better Auth defaults + jwt plugin (no cookie cache)',
        await measure(plain.handler, tokenOnly, counter),
      ],
      [
        'Better Auth + jwt plugin + JWE cookie cache',
        await measure(cachedPlain.handler, cookieHeader(plainLogin), counter),
      ],
    ] as const;
    await meterProvider.shutdown();
    return rows;
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Operations per second of wall-clock time and per second of this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

/**
 * Runs `op` back to back for `ms`, `inFlight` at a time. `openssl speed` divides by the user CPU
 * time it consumed (not wall-clock time, unless `-elapsed`), so the comparable figure for us is
 * operations per CPU-second of this process (user + system, every thread): it does not drop when
 * other processes share the cores, and it charges jose for the thread-pool work it hands off.
 */
async function rate(op: () => Promise<unknown>, ms = 3000, inFlight = 1): Promise<Rate> {
  for (let i = 0; i < 2000; i++) await op(); // warm-up (JIT, key caches)
  let count = 0;
  const start = performance.now();
  const end = start + ms;
  const cpuStart = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        for (let i = 0; i < 50; i++) await op();
        count += 50;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  return {
    wall: count / ((performance.now() - start) / 1000),
    cpu: count / ((cpu.user + cpu.system) / 1e6),
  };
}

/** `openssl speed -seconds 3 ed25519`: Ed25519 verify/s on one core, as OpenSSL reports it. */
function opensslVerifyRate(): number {
  const speed = execFileSync('openssl', ['speed', '-seconds', '3', 'ed25519'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  // "253 bits EdDSA (Ed25519)   0.0000s   0.0001s  49000.0  14000.0" → sign/s, verify/s
  const line = speed.split('\n').find((l) => /Ed25519\)/.test(l) && /\d+\.\d+\s+\d+\.\d+\s*$/.test(l));
  const verifies = Number(line?.trim().split(/\s+/).at(-1));
  if (!Number.isFinite(verifies)) throw new Error(`Could not read openssl speed output:\n${speed}`);
  return verifies;
}

async function verifications() {
  const { generateKeyPairSync, sign, verify: rawVerify } = await import('node:crypto');
  const { importJWK, jwtVerify } = await import('jose');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'EdDSA', kid: 'k', typ: 'at+jwt' })}.${b64({ sub: 'u', iss: BASE_URL, aud: BASE_URL, iat: now, exp: now + 900, sid: 's', jti: 'j', email: 'a@b.c' })}`;
  const signature = sign(null, Buffer.from(input), privateKey);
  const token = `${input}.${signature.toString('base64url')}`;
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as { kty: string }), kid: 'k', alg: 'EdDSA' };
  const verify = createAccessTokenVerifier({ jwks: { keys: [jwk] }, issuer: BASE_URL, audience: BASE_URL });
  const joseKey = await importJWK(jwk, 'EdDSA');
  const joseOptions = { algorithms: ['EdDSA'], issuer: BASE_URL, audience: BASE_URL };
  const data = Buffer.from(input);

  const ours = await rate(() => verify(token));
  const openssl = opensslVerifyRate();
  const raw = await rate(async () => rawVerify(null, data, publicKey, signature));
  const joseSequential = await rate(() => jwtVerify(token, joseKey, joseOptions));
  const joseConcurrent = await rate(() => jwtVerify(token, joseKey, joseOptions), 3000, 64);
  return { ours, openssl, raw, joseSequential, joseConcurrent };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const verifyOnly = process.argv.includes('--verify-only');
if (!verifyOnly) {
  const checks = await sessionChecks();
  console.log(
    `\nSession checks (GET /get-session), ${CHECKS} sequential requests each, PostgreSQL 15 on loopback\n`,
  );
  console.log('| Setup | DB queries per check | p50 latency | p99 latency |');
  console.log('|---|---:|---:|---:|');
  for (const [label, r] of checks)
    console.log(`| ${label} | ${fmt(r.queries, 2)} | ${fmt(r.p50)} µs | ${fmt(r.p99)} µs |`);
}

const v = await verifications();
const row = (label: string, r: Rate) =>
  `| ${label} | ${fmt(r.cpu)} | ${fmt(1e6 / r.cpu, 1)} µs | ${fmt(r.wall)} | ${fmt((r.cpu / v.openssl) * 100)}% |`;
console.log('\nAccess-token verification (Ed25519), measured in this run\n');
console.log(
  '| Verifier | verifications per CPU-second | CPU µs/op | verifications per wall-clock second | vs OpenSSL |',
);
console.log('|---|---:|---:|---:|---:|');
console.log(
  row('@mana/auth-core createAccessTokenVerifier (policy + claims + node:crypto), sequential', v.ours),
);
console.log(row('jose 6 jwtVerify, pre-imported key (WebCrypto), sequential', v.joseSequential));
console.log(row('jose 6 jwtVerify, pre-imported key (WebCrypto), 64 in flight', v.joseConcurrent));
console.log(row('node:crypto verify alone (no parsing, no claims), sequential', v.raw));
console.log(
  `| openssl speed -seconds 3 ed25519 (raw verify, user CPU time) | ${fmt(v.openssl)} | ${fmt(1e6 / v.openssl, 1)} µs | — | 100% |`,
);
const share = (v.ours.cpu / v.openssl) * 100;
console.log(
  `\nOur path reaches ${fmt(share)}% of OpenSSL's single-core verify rate (goal ≥ 80%)${share >= 80 ? '' : ' — BELOW THE BAR'}; jose sequential ${fmt((v.joseSequential.cpu / v.openssl) * 100)}%.`,
);
if (!verifyOnly) console.log('Goal for session checks: 0 queries per cached check.');
