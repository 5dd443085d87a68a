// Acceptance "key rotation under load" (issue 13): two instances on one database mint tokens
// without pause while keys rotate 100 times; resource-server clients that cache each instance's
// JWKS for its max-age, and refuse any unknown kid, must see zero failures.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rotateSigningKey } from '../src/keys/rotate-signing-key.js';
import { verifyAccessToken } from '../src/verify.js';
import { BASE_URL } from './harness.js';
import {
  type KeyInstance,
  kidOf,
  mintToken,
  servedKids,
  sessionCookie,
  setupKeyInstances,
  strictRemoteJwks,
  TEST_SECRET,
} from './key-instances.js';
import { within } from './revocation-harness.js';

const ROTATIONS = 100;
const JWKS_MAX_AGE = 1; // seconds, on the instances and in rotateSigningKey
const PUBLISH_DELAY = 1.5; // seconds: more than the max-age, as rotateSigningKey requires
const STEP_MS = 500; // the clock moves in steps; tokens are minted and verified at each

const file = setupKeyInstances();
// Registered after the file's hooks, so it runs first: the instances close on real timers.
afterAll(() => {
  vi.useRealTimers();
});

describe('key rotation under load', () => {
  it('100 rotations while two instances mint continuously: 0 verification failures', async (ctx) => {
    file.needsServer(ctx);
    // Only `Date` is faked: the instances' key states, their JWKS caches, the clients' caches and
    // token times all read it; sockets, timers and the database run for real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const options = { jwksMaxAge: JWKS_MAX_AGE, accessToken: { ttlSeconds: 60 } };
    const [a, b] = await file.startPair(options);
    const email = `load${Date.now()}@example.com`;
    const cookies = [await sessionCookie(a, email, true), await sessionCookie(b, email)];
    const clients = [strictRemoteJwks(`${a.base}/jwks`), strictRemoteJwks(`${b.base}/jwks`)];

    const stats = { minted: 0, verified: 0, failures: [] as string[], kids: new Set<string>() };
    let running = true;
    const mintLoop = async (instance: KeyInstance, cookie: string) => {
      while (running) {
        const token = await mintToken(instance, cookie);
        stats.minted++;
        stats.kids.add(kidOf(token));
        for (const jwks of clients) {
          try {
            await verifyAccessToken(token, { jwks, issuer: BASE_URL, audience: BASE_URL });
            stats.verified++;
          } catch (error) {
            stats.failures.push(`${kidOf(token)}: ${(error as { code?: string }).code ?? String(error)}`);
          }
        }
      }
    };
    const loops = [
      mintLoop(a, cookies[0]!),
      mintLoop(a, cookies[0]!),
      mintLoop(b, cookies[1]!),
      mintLoop(b, cookies[1]!),
    ];
    const mintedAfter = async (count: number) => {
      const target = stats.minted + count;
      await within(5_000, () => stats.minted >= target);
    };

    const started = performance.now();
    let broadcastWaitMs = 0;
    try {
      await mintedAfter(4);
      for (let i = 0; i < ROTATIONS; i++) {
        const rotation = await rotateSigningKey(a.database, {
          secret: TEST_SECRET,
          publishDelaySeconds: PUBLISH_DELAY,
          jwksMaxAgeSeconds: JWKS_MAX_AGE,
          retiredKeyGraceSeconds: 60,
        });
        expect(rotation.created).toBe(true);
        // The key-change broadcast reaches both instances (real time, before the clock moves).
        broadcastWaitMs += await within(5_000, async () =>
          (await Promise.all([servedKids(a), servedKids(b)])).every((kids) => kids.includes(rotation.kid)),
        );
        for (let moved = 0; moved <= PUBLISH_DELAY * 1000; moved += STEP_MS) {
          vi.advanceTimersByTime(STEP_MS);
          await mintedAfter(2);
        }
      }
      await mintedAfter(8);
    } finally {
      running = false;
      await Promise.allSettled(loops);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[key-rotation-load] ${ROTATIONS} rotations in ${seconds.toFixed(1)} s: ${stats.minted} tokens minted, ` +
        `${stats.verified} verifications, ${stats.failures.length} failures, ${stats.kids.size} signing keys seen, ` +
        `JWKS fetches by the clients ${clients.map((c) => c.fetches()).join('/')}, ` +
        `broadcast wait ${(broadcastWaitMs / ROTATIONS).toFixed(1)} ms per rotation`,
    );
    expect(stats.failures).toEqual([]);
    expect(stats.verified).toBe(stats.minted * clients.length);
    // Every rotated-in key signed: 100 new keys plus the first one.
    expect(stats.kids.size).toBe(ROTATIONS + 1);
  }, 240_000);
});
