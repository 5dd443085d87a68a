import {
  Client,
  createTestRedis,
  describeWithServer,
  type RunningExample,
  startExample,
} from '@mana/contract-tests';
import { createTestDatabase, type TestDatabase, type TestRedis } from '@mana/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHonoServer } from './app.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const PUBLIC_URL = 'http://auth.example.test';
const client = (url: string, ip?: string) => new Client(url, ip, PUBLIC_URL);

// Two instances of the Hono example on different ports, sharing PostgreSQL and Redis.
describeWithServer('two instances sharing PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let redis: TestRedis | undefined;
  let a: RunningExample;
  let b: RunningExample;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    if (!redis) throw new Error('Set TEST_REDIS_URL: this test needs Redis.');
    // Behind one load balancer both instances have the same public URL.
    const env = { REDIS_KEY_PREFIX: redis.prefix, BASE_URL: PUBLIC_URL };
    // Cold start on an empty database: both migrate and start at once.
    [a, b] = await Promise.all([
      startExample(startHonoServer, { db, redis, env }),
      startExample(startHonoServer, { db, redis, env }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.close();
    await db?.close();
  });

  it('end a concurrent cold start with one working key set that both serve', async () => {
    const [jwksA, jwksB] = await Promise.all([
      client(a.url).request('GET', `${AUTH}/jwks`),
      client(b.url).request('GET', `${AUTH}/jwks`),
    ]);
    expect(jwksA.body.keys).toHaveLength(1);
    expect(jwksB.body).toEqual(jwksA.body);
    const rows = await a.services.database.query<{ n: number }>('SELECT count(*)::int AS n FROM auth.jwks');
    expect(rows[0]!.n).toBe(1);
  });

  it('accept on one instance a session and a token created on the other', async () => {
    const email = `scale-${Date.now()}@example.com`;
    const onA = client(a.url);
    await onA.request('POST', `${AUTH}/register`, { json: { email, password: PASSWORD, name: 'Scale' } });
    const login = await onA.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
    const onB = onA.clone(b.url);
    const session = await onB.request('GET', `${AUTH}/session`);
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe(email);
    const me = await client(b.url).request('GET', '/api/v1/me', {
      headers: { authorization: `Bearer ${login.body.accessToken}` },
    });
    expect(me.status).toBe(200);
  });

  it('count the sign-in limit across both instances', async () => {
    const ip = '127.51.100.23';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const target = i % 2 === 0 ? a : b;
      const res = await client(target.url, ip).request('POST', `${AUTH}/login`, {
        json: { email: `nobody-${i}@example.com`, password: 'wrong-password-1' },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it('refuse on one instance, within 1 s, a session revoked on the other (cookie cache included)', async () => {
    const email = `revoke-${Date.now()}@example.com`;
    const onA = client(a.url);
    await onA.request('POST', `${AUTH}/register`, { json: { email, password: PASSWORD, name: 'R' } });
    await onA.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
    // The cookies as captured; each replay starts from them (a refusal expires them in the jar).
    const stolen = onA.clone(b.url);
    expect((await stolen.clone().request('GET', `${AUTH}/session`)).status).toBe(200);
    expect((await onA.request('POST', `${AUTH}/logout`)).status).toBe(200);
    // The other instance hears of it by broadcast: refused within 1 s, not necessarily at once.
    await expect
      .poll(async () => (await stolen.clone().request('GET', `${AUTH}/session`)).status, {
        timeout: 1000,
        interval: 10,
      })
      .toBe(401);
    expect((await stolen.clone().request('GET', '/api/v1/me')).status).toBe(401);
    expect((await stolen.clone().request('POST', `${AUTH}/refresh`)).status).toBe(401);
  });
});
