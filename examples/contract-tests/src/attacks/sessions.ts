import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type HttpResult, nextLoopbackAddress } from '../http-client.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const HTTPS_ORIGIN = 'https://auth.attack.test';
let users = 0;
/** A fresh email; every one has the same length, so answers about them have the same size. */
const newEmail = (tag: string) => `${tag}-${Date.now()}-${String(users++).padStart(4, '0')}@example.com`;

const sessionToken = (client: Client): string => {
  const [, value] = [...client.jar.cookies].find(([name]) => name.endsWith('session_token'))!;
  return decodeURIComponent(value).split('.')[0]!;
};

/** Moves a session's start back `days`; it stays recently used and, by its own expiry, alive. */
async function backdate(target: AttackTarget, token: string, days: number): Promise<void> {
  await target.services.database.query(
    `UPDATE auth.sessions SET created_at = now() - make_interval(days => $2::int),
       updated_at = now() - interval '1 hour', expires_at = now() + interval '20 days' WHERE token = $1`,
    [token, days],
  );
  if (!process.env.TEST_REDIS_URL) return;
  // With Redis, Better Auth reads the session from Redis first: backdate that copy too.
  const redis = new Redis(process.env.TEST_REDIS_URL);
  try {
    for (const key of await redis.keys(`*${token}`)) {
      const stored = JSON.parse((await redis.get(key))!) as { session: { createdAt: string } };
      stored.session.createdAt = new Date(Date.now() - days * 86_400_000).toISOString();
      await redis.set(key, JSON.stringify(stored), 'KEEPTTL');
    }
  } finally {
    redis.disconnect();
  }
}

/** Status, headers (minus Date) and the shape of the body: what an observer compares. */
function observed(res: HttpResult) {
  const headers = [...res.headers].filter(([name]) => name !== 'date');
  const shape = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
      : typeof value;
  return { status: res.status, headers, body: shape(res.body) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Session and registration attacks (docs/security.md): a stolen session kept alive by use must
 * still end at its absolute lifetime; registration must not tell which emails have accounts;
 * cookies over https must be `__Host-` so no sibling sub-domain can plant or overwrite them.
 */
export function describeSessionAttacks(setup: AttackSetup): void {
  describe('sessions, cookies and registration', () => {
    let target: AttackTarget | undefined;
    beforeAll(async () => {
      target = await startAttackTarget(setup);
    });
    afterAll(() => target?.stop());

    const register = (email: string) =>
      new Client(target!.url, nextLoopbackAddress()).request('POST', `${AUTH}/register`, {
        json: { email, password: PASSWORD, name: 'Same Name' },
      });

    it('refuses a session used yesterday but started past its absolute lifetime (30 days)', async () => {
      const email = newEmail('lifetime');
      expect((await register(email)).status).toBe(201);
      const stolen = new Client(target!.url, nextLoopbackAddress());
      const login = await stolen.request('POST', `${AUTH}/login`, {
        json: { email, password: PASSWORD, rememberMe: true },
      });
      expect(login.status).toBe(200);
      expect((await stolen.request('GET', '/api/v1/me')).status).toBe(200);
      const token = sessionToken(stolen);
      await backdate(target!, token, 31);
      // The cache cookie is re-issued from the row (and lives 5 minutes): replay the token alone.
      for (const name of [...stolen.jar.cookies.keys()])
        if (name.includes('session_data')) stolen.jar.cookies.delete(name);
      const replay = stolen.clone();
      expect((await replay.clone().request('GET', '/api/v1/me')).status).toBe(401);
      expect((await replay.clone().request('GET', `${AUTH}/session`)).status).toBe(401);
      expect((await replay.clone().request('POST', `${AUTH}/refresh`)).status).toBe(401);
      const rows = await target!.services.database.query('SELECT 1 FROM auth.sessions WHERE token = $1', [
        token,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('answers the registration of a taken email like a new one, and mails its owner', async () => {
      const taken = newEmail('owner');
      expect((await register(taken)).status).toBe(201);
      const [first, again, fresh] = [
        await register(newEmail('fresh')),
        await register(taken),
        await register(newEmail('fresh')),
      ];
      expect(observed(again)).toEqual(observed(first));
      expect(observed(fresh)).toEqual(observed(first));
      expect(again.headers.getSetCookie()).toEqual([]);
      await expect
        .poll(() => target!.mails.filter((m) => m.to === taken && m.kind === 'existing-account').length)
        .toBe(1);
      // Timing: the taken case hashes the password too. Medians of interleaved tries.
      const times = { taken: [] as number[], fresh: [] as number[] };
      for (let i = 0; i < 3; i++) {
        for (const kind of ['taken', 'fresh'] as const) {
          const started = performance.now();
          const res = await register(kind === 'taken' ? taken : newEmail('fresh'));
          times[kind].push(performance.now() - started);
          expect(res.status).toBe(201);
        }
      }
      const [t, f] = [median(times.taken), median(times.fresh)];
      expect(t, JSON.stringify(times)).toBeGreaterThan(f * 0.5);
      expect(t, JSON.stringify(times)).toBeLessThan(f * 2 + 50);
    });

    describe('over https', () => {
      let https: AttackTarget | undefined;
      beforeAll(async () => {
        https = await startAttackTarget(setup, { BASE_URL: HTTPS_ORIGIN });
      });
      afterAll(() => https?.stop());

      it('sets only __Host- cookies: Secure, Path=/, no Domain', async () => {
        const client = new Client(https!.url, nextLoopbackAddress(), HTTPS_ORIGIN);
        const email = newEmail('host');
        expect(
          (
            await client.request('POST', `${AUTH}/register`, {
              json: { email, password: PASSWORD, name: 'H' },
            })
          ).status,
        ).toBe(201);
        const login = await client.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
        expect(login.status).toBe(200);
        const cookies = login.headers.getSetCookie();
        expect(cookies.length).toBeGreaterThanOrEqual(2);
        for (const line of cookies) {
          expect(line).toMatch(/^__Host-/);
          expect(line).toMatch(/;\s*Secure(;|$)/i);
          expect(line).toMatch(/;\s*Path=\/(;|$)/i);
          expect(line).not.toMatch(/Domain=/i);
        }
        expect((await client.request('GET', '/api/v1/me')).status).toBe(200);
        // A __Secure- copy (what a sibling sub-domain could plant) is no session.
        const planted = [...client.jar.cookies].map(([n, v]) => `${n.replace('__Host-', '__Secure-')}=${v}`);
        const anonymous = new Client(https!.url, nextLoopbackAddress(), HTTPS_ORIGIN);
        const res = await anonymous.request('GET', '/api/v1/me', { headers: { cookie: planted.join('; ') } });
        expect(res.status).toBe(401);
      });
    });
  });
}
