/**
 * security-events benchmark: events per second sustained into PostgreSQL by SecurityEventsService
 * (batched, one statement per batch) next to one INSERT per event, in the same run and on the
 * same table, and what `logEvent` costs the caller.
 *
 *   pnpm bench:security-events        (uses $BENCH_DATABASE_URL or the local PostgreSQL)
 *   BENCH_EVENTS=200000 pnpm bench:security-events
 *   BENCH_ONLY=integrity BENCH_VERIFY_EVENTS=1000000 pnpm bench:security-events   (chained writer and verifier only)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, migrate } from '../../packages/auth-core/src/index.js';
import { SecurityEventsService, securityEventsMigrations } from '../../packages/security-events/src/index.js';
import { integrityBench } from './integrity.js';
import { streamRows } from './stream.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const NAIVE_EVENTS = Number(process.env.BENCH_NAIVE_EVENTS ?? 10_000);
const CALLER_CALLS = 200_000;
const USERS = 1_000;
const POOL_SIZE = 10;
const TYPES = ['login_success', 'token_refresh', 'logout', 'password_change'] as const;
const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

/** A realistic event: a user, one of four types, a client IP, a browser user agent, some metadata. */
function event(i: number) {
  return {
    userId: `user-${i % USERS}`,
    eventType: TYPES[i % TYPES.length] as (typeof TYPES)[number],
    ipAddress: `198.51.100.${i % 250}`,
    userAgent: UA,
    metadata: { deviceId: `device-${i % 5000}`, rememberMe: i % 2 === 0, method: 'email' },
  };
}

const NAIVE_SQL =
  'INSERT INTO auth.security_events (user_id, event_type, ip_address, user_agent, metadata) VALUES ($1, $2, $3, $4, $5)';
const naiveInsert = (pool: pg.Pool, i: number) => {
  const e = event(i);
  return pool.query(NAIVE_SQL, [e.userId, e.eventType, e.ipAddress, e.userAgent, JSON.stringify(e.metadata)]);
};

async function withDatabase<T>(fn: (url: string, pool: pg.Pool) => Promise<T>): Promise<T> {
  const name = `mana_bench_events_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await createDatabase(url.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: POOL_SIZE });
  pool.on('error', () => {}); // idle clients are terminated by DROP DATABASE at the end
  try {
    await migrate(database, {
      include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }],
    });
    await database.query(
      `INSERT INTO auth.users (id, name, email) SELECT 'user-' || g, 'U' || g, 'u' || g || '@bench.test' FROM generate_series(0, ${USERS - 1}) g`,
    );
    return await fn(url.toString(), pool);
  } finally {
    await pool.end();
    await database.close();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const count = async (pool: pg.Pool) =>
  (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM auth.security_events')).rows[0]?.n ?? 0;

/** Batched: log as fast as the caller can, yielding every 1,000 events; time until all are written. */
async function batched(pool: pg.Pool) {
  const service = new SecurityEventsService({ database: pool, maxQueueSize: EVENTS, logger: false });
  const before = await count(pool);
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    await service.logEvent(event(i));
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await service.flush();
  const seconds = (performance.now() - started) / 1000;
  await service.close();
  const written = (await count(pool)) - before;
  if (written !== EVENTS) throw new Error(`batched: ${written} rows for ${EVENTS} events`);
  return { perSecond: EVENTS / seconds, dropped: service.stats().dropped.queue_full };
}

/** Naive, awaited: the spec's `await logEvent` written as one INSERT per call. */
async function naiveSequential(pool: pg.Pool) {
  const before = await count(pool);
  const started = performance.now();
  for (let i = 0; i < NAIVE_EVENTS; i++) await naiveInsert(pool, i);
  const seconds = (performance.now() - started) / 1000;
  if ((await count(pool)) - before !== NAIVE_EVENTS) throw new Error('naive sequential lost rows');
  return { perSecond: NAIVE_EVENTS / seconds, callerMicros: (seconds * 1e6) / NAIVE_EVENTS };
}

/** Naive, concurrent: one INSERT per event, POOL_SIZE in flight at once (its best case). */
async function naiveConcurrent(pool: pg.Pool) {
  const before = await count(pool);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: POOL_SIZE }, async () => {
      while (next < NAIVE_EVENTS) await naiveInsert(pool, next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if ((await count(pool)) - before !== NAIVE_EVENTS) throw new Error('naive concurrent lost rows');
  return { perSecond: NAIVE_EVENTS / seconds };
}

/** Caller cost: time of `await logEvent(...)` alone (validation, sanitising, queueing), writer running. */
async function callerCost(pool: pg.Pool) {
  const service = new SecurityEventsService({ database: pool, maxQueueSize: CALLER_CALLS, logger: false });
  const events = Array.from({ length: 1000 }, (_, i) => event(i));
  for (let i = 0; i < 5_000; i++) await service.logEvent(events[i % 1000] as ReturnType<typeof event>);
  await service.flush();
  const samples: number[] = [];
  for (let round = 0; round < CALLER_CALLS / 1000; round++) {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await service.logEvent(events[i] as ReturnType<typeof event>);
    samples.push(((performance.now() - started) * 1000) / 1000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await service.close();
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, s) => sum + s, 0) / samples.length;
  return { mean, p50: samples[Math.floor(samples.length / 2)] as number };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// BENCH_STREAM_ONLY=1: only the stream rows, on BENCH_EVENTS rows inserted in one statement.
if (process.env.BENCH_STREAM_ONLY === '1') {
  const stream = await withDatabase(async (_url, pool) => {
    await pool.query(
      `INSERT INTO auth.security_events (user_id, event_type, ip_address, user_agent, metadata, created_at)
       SELECT 'user-' || (g % ${USERS}), (ARRAY['login_success','token_refresh','logout','password_change'])[1 + g % 4],
              'hmac:' || md5(g::text), $1, jsonb_build_object('deviceId', 'device-' || (g % 5000), 'method', 'email'),
              now() - interval '1 day' + g * interval '1 ms'
       FROM generate_series(1, ${EVENTS}) g`,
      [UA],
    );
    return streamRows(pool, await mkdtemp(join(tmpdir(), 'mana-bench-')));
  });
  printStream(stream);
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'integrity') {
  console.log(await withDatabase((_url, pool) => integrityBench(pool, EVENTS)));
  process.exit(0);
}

const result = await withDatabase(async (_url, pool) => {
  const naive = await naiveSequential(pool);
  const concurrent = await naiveConcurrent(pool);
  const ours = await batched(pool);
  const caller = await callerCost(pool);
  const stream = await streamRows(pool, await mkdtemp(join(tmpdir(), 'mana-bench-')));
  return { naive, concurrent, ours, caller, stream };
});

const { naive, concurrent, ours, caller, stream } = result;
const ratio = (n: number) => `${fmt(n / naive.perSecond, 1)}× / ${fmt(n / concurrent.perSecond, 1)}×`;
console.log(
  `\nEvents written into auth.security_events (PostgreSQL 15 on loopback, ${POOL_SIZE}-connection pool)\n`,
);
console.log('| Writer | events | events/s | vs naive awaited / 10 in flight | caller cost per logEvent |');
console.log('|---|---:|---:|---:|---:|');
console.log(
  `| @mana/security-events (batched, 1 statement per batch) | ${fmt(EVENTS)} | ${fmt(ours.perSecond)} | ${ratio(ours.perSecond)} | ${fmt(caller.mean, 2)} µs (p50 ${fmt(caller.p50, 2)} µs) |`,
);
console.log(
  `| one INSERT per event, awaited (naive) | ${fmt(NAIVE_EVENTS)} | ${fmt(naive.perSecond)} | ${ratio(naive.perSecond)} | ${fmt(naive.callerMicros)} µs |`,
);
console.log(
  `| one INSERT per event, ${POOL_SIZE} in flight (naive, best case) | ${fmt(NAIVE_EVENTS)} | ${fmt(concurrent.perSecond)} | ${ratio(concurrent.perSecond)} | — |`,
);
console.log(
  `\nDropped by the batched writer: ${ours.dropped}. Caller cost: mean of ${fmt(CALLER_CALLS)} calls, timed in runs of 1,000.`,
);
console.log('Goals: ≥ 20,000 events/s and ≥ 10× the naive way.');

printStream(stream);
console.log(await withDatabase((_url, pool) => integrityBench(pool, EVENTS)));

function printStream(stream: Awaited<ReturnType<typeof streamRows>>) {
  const plain = stream[stream.length - 1] as (typeof stream)[number];
  console.log('\nAudit stream to stdout (a /dev/null file stream), whole table, batches of 1,000\n');
  console.log('| Reader | events | events/s | vs plain SELECT + JSON.stringify |');
  console.log('|---|---:|---:|---:|');
  for (const row of stream)
    console.log(
      `| ${row.label} | ${fmt(row.events)} | ${fmt(row.perSecond)} | ${fmt(row.perSecond / plain.perSecond, 2)}× |`,
    );
  console.log('Goal: ≥ 20,000 events/s to stdout.');
}
