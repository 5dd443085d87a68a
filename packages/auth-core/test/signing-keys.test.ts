import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { ManaAuth } from '../src/create-auth.js';
import { createDatabase, type ManaDatabase } from '../src/database/create-database.js';
import { migrate } from '../src/database/migrate.js';
import { verifyAccessToken } from '../src/verify.js';
import { BASE_URL, CookieJar, call, createTestAuth, PASSWORD } from './harness.js';

let testDb: TestDatabase;
const opened: ManaDatabase[] = [];
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await testDb.close();
});

async function instance(overrides: Partial<ManaAuthConfig> = {}) {
  const database = await createDatabase(testDb.url ?? 'memory://');
  opened.push(database);
  return { database, auth: createTestAuth(database, overrides) };
}

async function mintToken(auth: ManaAuth, email: string): Promise<string> {
  const jar = new CookieJar();
  const res = await call(auth, 'POST', '/sign-in/email', { body: { email, password: PASSWORD }, jar });
  expect(res.status).toBe(200);
  return ((await call(auth, 'GET', '/token', { jar })).body as { token: string }).token;
}

describe('several instances on one database', () => {
  it('create exactly one key when they start at once, and accept each other’s tokens', async (ctx) => {
    if (!testDb.url) return ctx.skip('needs a PostgreSQL server (several connections)');
    const a = await instance();
    await migrate(a.database);
    const b = await instance();
    const c = await instance();
    const email = `multi${Date.now()}@example.com`;
    await call(a.auth, 'POST', '/sign-up/email', { body: { email, password: PASSWORD, name: 'Multi' } });
    await a.database.query('DELETE FROM auth.jwks');

    // Cold start: every instance asks for keys and mints a token at the same moment.
    const [jwksA, jwksB, jwksC, tokenA, tokenB] = await Promise.all([
      call(a.auth, 'GET', '/jwks'),
      call(b.auth, 'GET', '/jwks'),
      call(c.auth, 'GET', '/jwks'),
      mintToken(a.auth, email),
      mintToken(b.auth, email),
    ]);
    const [{ n }] = (await a.database.query<{ n: number }>('SELECT count(*)::int AS n FROM auth.jwks')) as [
      { n: number },
    ];
    expect(n).toBe(1);
    expect(jwksB.body).toEqual(jwksA.body);
    expect(jwksC.body).toEqual(jwksA.body);
    for (const token of [tokenA, tokenB]) {
      for (const jwks of [jwksA, jwksB, jwksC]) {
        await expect(
          verifyAccessToken(token, { jwks: jwks.body as never, issuer: BASE_URL, audience: BASE_URL }),
        ).resolves.toMatchObject({ iss: BASE_URL });
      }
    }
  });
});

describe('key rotation', () => {
  // Better Auth decides when to rotate with `Date`, and the key store reads the same clock
  // (src/tokens/signing-keys.ts `now`), so faking `Date` alone moves the whole rotation without
  // sleeping; timers, sockets and the database keep running for real.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps old tokens valid through the grace period, then deletes the old key', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { auth, database } = await instance({
      keyRotation: { intervalSeconds: 60, gracePeriodSeconds: 120 },
      accessToken: { ttlSeconds: 120 },
    });
    await migrate(database);
    await database.query('DELETE FROM auth.jwks');
    const email = `rotate${Date.now()}@example.com`;
    await call(auth, 'POST', '/sign-up/email', { body: { email, password: PASSWORD, name: 'Rotate' } });
    const kidOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
    const kids = async () =>
      ((await call(auth, 'GET', '/jwks')).body as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);

    const oldToken = await mintToken(auth, email);
    const oldKid = kidOf(oldToken);
    vi.advanceTimersByTime(59_000); // still inside the rotation interval: same key
    expect(kidOf(await mintToken(auth, email))).toBe(oldKid);

    vi.advanceTimersByTime(2_000); // the first key expired (rotation interval): a new one signs
    const newToken = await mintToken(auth, email);
    const newKid = kidOf(newToken);
    expect(newKid).not.toBe(oldKid);
    const during = (await call(auth, 'GET', '/jwks')).body as { keys: Array<{ kid: string }> };
    expect(during.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    await expect(
      verifyAccessToken(oldToken, { jwks: during as never, issuer: BASE_URL, audience: BASE_URL }),
    ).resolves.toBeTruthy();

    vi.advanceTimersByTime(118_000); // 1 s before the end of the first key's grace period
    expect(await kids()).toContain(oldKid);

    // Past expiry + grace period of the first key, and past the 60 s the JWKS is served from
    // memory since the last read (t = 179 s): the route reads (and prunes) the table again.
    vi.advanceTimersByTime(61_000);
    expect(await kids()).not.toContain(oldKid);
    expect(await kids()).toContain(newKid);
    const rows = await database.query<{ id: string }>('SELECT id FROM auth.jwks');
    expect(rows.map((r) => r.id)).not.toContain(oldKid);
  });
});
