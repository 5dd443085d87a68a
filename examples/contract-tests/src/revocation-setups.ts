import { performance } from 'node:perf_hooks';
import { createTestDatabase, type TestDatabase, type TestRedis } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextLoopbackAddress } from './http-client.js';
import { describeWithServer } from './needs-server.js';
import { type RevocationKind, revocationKinds } from './revocation-kinds.js';
import { acceptedBefore, latencySummary, msUntilRefused, REFUSED, replay } from './revocation-replay.js';
import { createTestRedis, type RunningExample, type StartServer, startExample } from './start.js';
import { startEmbeddedExample } from './start-embedded.js';

/** The public URL every instance shares, as behind one load balancer. */
const PUBLIC_URL = 'http://auth.example.test';
/** Latency trials per two-instance setup: 17 of each kind. */
const TRIALS = 51;
/** The criterion: the other instance refuses within this many milliseconds. */
const BOUND_MS = 1000;

/** The instances of one setup: A (where sessions are revoked) and, in two-instance setups, B. */
interface Instances {
  a: RunningExample;
  b?: RunningExample;
  stop(): Promise<void>;
}

interface Setup {
  label: 'embedded PGlite' | 'postgres' | 'postgres+redis';
  /** How `auth.revocations` must report it reaches the other instances. */
  broadcast: 'local' | 'postgres' | 'redis';
  start(start: StartServer): Promise<Instances>;
}

/** Two instances on one fresh database (and Redis), started at once like a cold deployment. */
async function startPair(start: StartServer, redis: TestRedis | undefined): Promise<Instances> {
  const db: TestDatabase = await createTestDatabase();
  if (!db.url) throw new Error('Two instances need a PostgreSQL server: set TEST_DATABASE_URL.');
  const env = { BASE_URL: PUBLIC_URL, ...(redis ? { REDIS_KEY_PREFIX: redis.prefix } : {}) };
  const started = await Promise.allSettled([
    startExample(start, { db, ...(redis ? { redis } : {}), env }),
    startExample(start, { db, ...(redis ? { redis } : {}), env }),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    for (const instance of running) await instance.stop();
    await redis?.close();
    await db.close();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { a: running[0]!, b: running[1]!, stop };
}

const SETUPS: Setup[] = [
  {
    label: 'embedded PGlite',
    broadcast: 'local',
    start: async (start) => {
      const a = await startEmbeddedExample(start, { BASE_URL: PUBLIC_URL });
      return { a, stop: () => a.stop() };
    },
  },
  { label: 'postgres', broadcast: 'postgres', start: (start) => startPair(start, undefined) },
  {
    label: 'postgres+redis',
    broadcast: 'redis',
    start: async (start) => {
      const redis = await createTestRedis();
      if (!redis) throw new Error('Set TEST_REDIS_URL: the postgres+redis setup needs Redis.');
      return startPair(start, redis);
    },
  },
];

/** A fresh loopback source address per client (the sign-in limit counts per socket address). */
function ipSource(): () => string {
  return nextLoopbackAddress;
}

/** Full route check for one kind: refused on A at once, on B within the bound, everywhere. */
async function checkEveryRoute(kind: RevocationKind, { a, b }: Instances): Promise<void> {
  const victim = await kind.signIn();
  const ok = { meCookie: 200, meBearer: 200, session: 200, getSession: true };
  expect(await acceptedBefore(victim, a.url), `${kind.label}: before, on A`).toEqual(ok);
  // B has served this cookie and this token (and cached what it caches) before the revocation.
  if (b) expect(await acceptedBefore(victim, b.url), `${kind.label}: before, on B`).toEqual(ok);
  await kind.revoke(victim);
  const revokedAt = performance.now();
  const [onA, msOnB] = await Promise.all([
    replay(victim, a.url),
    b ? msUntilRefused(victim, b.url, revokedAt, { timeoutMs: BOUND_MS }) : 0,
  ]);
  expect(onA, `${kind.label}: replayed on A`).toEqual(REFUSED);
  if (!b) return;
  expect(msOnB, `${kind.label}: ms until B refused`).toBeLessThanOrEqual(BOUND_MS);
  expect(await replay(victim, b.url), `${kind.label}: replayed on B`).toEqual(REFUSED);
}

/** `TRIALS` revocations on A (kinds in turn): ms from A's response until B refuses the cookie. */
async function measureLatency(kinds: RevocationKind[], { b }: Instances): Promise<number[]> {
  if (!b) throw new Error('measureLatency needs two instances');
  const latencies: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const kind = kinds[trial % kinds.length]!;
    const victim = await kind.signIn();
    const primed = await victim.stolen.clone(b.url).request('GET', '/api/v1/auth/session');
    expect(primed.status, `${kind.label} trial ${trial}: B accepts the cookie before`).toBe(200);
    await kind.revoke(victim);
    latencies.push(await msUntilRefused(victim, b.url, performance.now(), { timeoutMs: BOUND_MS }));
  }
  return latencies;
}

function describeSetup(name: string, start: StartServer, setup: Setup): void {
  let instances: Instances;
  let kinds: RevocationKind[];

  beforeAll(async () => {
    instances = await setup.start(start);
    kinds = await revocationKinds({
      url: instances.a.url,
      origin: PUBLIC_URL,
      nextIp: ipSource(),
      tag: `${name}-${setup.broadcast}`,
    });
  }, 90_000);
  afterAll(() => instances?.stop());

  it(`broadcasts revocations by ${setup.broadcast}`, () => {
    expect(instances.a.services.auth.revocations.broadcast).toBe(setup.broadcast);
    if (instances.b) expect(instances.b.services.auth.revocations.listening).toBe(true);
  });

  for (const label of ['logout', 'session revoke', 'password change'] as const) {
    const where = setup.broadcast === 'local' ? 'the instance' : `A at once and on B within ${BOUND_MS} ms`;
    it(`after ${label}: replayed cookies and the earlier access token are refused on ${where}`, async () => {
      await checkEveryRoute(kinds.find((k) => k.label === label)!, instances);
    });
  }

  if (setup.broadcast !== 'local') {
    it(`after ${TRIALS} revocations on A, B refuses the replayed cookie within ${BOUND_MS} ms (p99 reported)`, async () => {
      const latencies = await measureLatency(kinds, instances);
      console.log(`[revocation] ${name} ${setup.label}: ${latencySummary(latencies)}`);
      expect(latencies.filter((ms) => !(ms <= BOUND_MS))).toEqual([]);
    });
  }
}

/**
 * The revocation contract in three setups: embedded PGlite (one instance), two instances on one
 * PostgreSQL (LISTEN/NOTIFY), and two instances on PostgreSQL + Redis (pub/sub). After logout,
 * session revoke and password change on instance A, the captured cookies get 401 (`null` from
 * `/get-session`) on every cookie route and the earlier access token gets 401 from `/api/v1/me`,
 * on A at once and on B within 1 s; then `TRIALS` revocations measure how long B takes and print
 * p50/p99/max.
 */
export function describeRevocationSetups(name: string, start: StartServer): void {
  describe(`${name} revocation: embedded PGlite`, () => describeSetup(name, start, SETUPS[0]!));
  for (const setup of SETUPS.slice(1)) {
    describeWithServer(`${name} revocation: ${setup.label}`, () => describeSetup(name, start, setup));
  }
}
