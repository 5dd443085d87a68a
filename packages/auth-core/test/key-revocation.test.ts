// After revokeSigningKey on instance 1, a token that key signed is refused by instance 2 within
// 5 s: the key-change message goes out on the revocation channel (PostgreSQL NOTIFY, or Redis
// pub/sub), as the CLI sends it (no registry in the revoking process).
import { createTestRedis, type TestRedis } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeSigningKey } from '../src/keys/revoke-signing-key.js';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import {
  kidOf,
  mintToken,
  servedKids,
  sessionCookie,
  setupKeyInstances,
  TEST_SECRET,
} from './key-instances.js';
import { within } from './revocation-harness.js';

let redis: TestRedis | undefined;
beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.close();
});
// Registered after Redis, so its instances close before the Redis client does.
const file = setupKeyInstances();

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

async function revokeAcrossInstances(
  variant: 'postgres' | 'redis',
  through: 'message' | 'registry' = 'message',
) {
  const overrides = variant === 'redis' ? { redis: redis!.client, redisKeyPrefix: redis!.prefix } : {};
  const [one, two] = await file.startPair(overrides);
  expect(two.auth.revocations.broadcast).toBe(variant);
  await within(5_000, () => two.auth.revocations.listening);

  const email = `revoke-${variant}-${Date.now()}@example.com`;
  const cookie = await sessionCookie(one, email, true);
  const token = await mintToken(one, cookie);
  const kid = kidOf(token);
  const authenticateOnTwo = createRequestAuthenticator(two.auth);
  // Instance 2 serves the key, accepts the token, and holds key, token and JWKS in its caches
  // (nothing on instance 2 reads auth.jwks again unless it hears of the change).
  expect(await servedKids(two)).toContain(kid);
  expect(await authenticateOnTwo(bearer(token))).toMatchObject({ via: 'token' });
  expect(await authenticateOnTwo(bearer(token))).toMatchObject({ via: 'token' });

  const started = performance.now();
  const broadcast =
    through === 'registry'
      ? { registry: one.auth.revocations }
      : variant === 'redis'
        ? { redis: redis!.client, redisKeyPrefix: redis!.prefix }
        : {};
  const result = await revokeSigningKey(one.database, kid, { secret: TEST_SECRET, ...broadcast });
  const refusedAfterMs = await within(5_000, async () => (await authenticateOnTwo(bearer(token))) === null);
  const measured = performance.now() - started;
  console.log(
    `[key-revocation] ${variant} (${through}): instance 2 refused the revoked key's token after ${measured.toFixed(1)} ms`,
  );
  expect(measured).toBeLessThan(5_000);
  expect(refusedAfterMs).toBeLessThan(5_000);

  // The active key was revoked: a replacement signs at once, on both instances.
  expect(result).toMatchObject({ kid, previousState: 'active', replacementKid: expect.any(String) });
  expect(await servedKids(two)).not.toContain(kid);
  expect(await servedKids(one)).not.toContain(kid);
  for (const instance of [one, two]) {
    const fresh = await mintToken(instance, cookie);
    expect(kidOf(fresh)).toBe(result.replacementKid);
    expect(await authenticateOnTwo(bearer(fresh))).toMatchObject({ via: 'token' });
  }
}

describe('revokeSigningKey on instance 1, seen by instance 2', () => {
  it('PostgreSQL NOTIFY: the revoked key’s token is refused within 5 s', async (ctx) => {
    file.needsServer(ctx);
    await revokeAcrossInstances('postgres');
  }, 30_000);

  it('through the revoking instance’s registry (auth.revocations): refused within 5 s', async (ctx) => {
    file.needsServer(ctx);
    await revokeAcrossInstances('postgres', 'registry');
  }, 30_000);

  it('Redis pub/sub: the revoked key’s token is refused within 5 s', async (ctx) => {
    file.needsServer(ctx);
    if (!redis) return ctx.skip('needs Redis (TEST_REDIS_URL)');
    await revokeAcrossInstances('redis');
  }, 30_000);
});
