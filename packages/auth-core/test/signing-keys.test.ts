import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/create-auth.js';
import { createDatabase, type ManaDatabase } from '../src/database.js';
import { migrate } from '../src/migrate.js';
import { verifyAccessToken } from '../src/verify.js';
import { BASE_URL, CookieJar, call, PASSWORD, TEST_SECRET } from './harness.js';

let testDb: TestDatabase;
const opened: ManaDatabase[] = [];
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await testDb.close();
});

async function instance(
  overrides: Parameters<typeof createAuth>[0] extends infer C ? Partial<C> : never = {},
) {
  const database = await createDatabase(testDb.url ?? 'memory://');
  opened.push(database);
  return {
    database,
    auth: createAuth({
      database,
      secret: TEST_SECRET,
      baseURL: BASE_URL,
      rateLimit: { enabled: false },
      ...overrides,
    }),
  };
}

async function mintToken(auth: ReturnType<typeof createAuth>, email: string): Promise<string> {
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
  it('keeps old tokens valid through the grace period, then deletes the old key', async () => {
    const { auth, database } = await instance({
      keyRotation: { intervalSeconds: 2, gracePeriodSeconds: 3 },
      accessToken: { ttlSeconds: 3 },
    });
    await migrate(database);
    await database.query('DELETE FROM auth.jwks');
    const email = `rotate${Date.now()}@example.com`;
    await call(auth, 'POST', '/sign-up/email', { body: { email, password: PASSWORD, name: 'Rotate' } });

    const oldToken = await mintToken(auth, email);
    const oldKid = JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString()).kid as string;
    await new Promise((r) => setTimeout(r, 2200)); // the first key expires (rotation interval)

    const newToken = await mintToken(auth, email);
    const newKid = JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid as string;
    expect(newKid).not.toBe(oldKid);
    const during = (await call(auth, 'GET', '/jwks')).body as { keys: Array<{ kid: string }> };
    expect(during.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    await expect(
      verifyAccessToken(oldToken, { jwks: during as never, issuer: BASE_URL, audience: BASE_URL }),
    ).resolves.toBeTruthy();

    await new Promise((r) => setTimeout(r, 3200)); // past expiry + grace period of the first key
    const after = (await call(auth, 'GET', '/jwks')).body as { keys: Array<{ kid: string }> };
    expect(after.keys.map((k) => k.kid)).not.toContain(oldKid);
    const rows = await database.query<{ id: string }>('SELECT id FROM auth.jwks');
    expect(rows.map((r) => r.id)).not.toContain(oldKid);
  }, 20_000);
});
