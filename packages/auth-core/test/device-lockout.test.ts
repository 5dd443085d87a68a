import { createTestRedis, type TestRedis } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { AccountLockedEvent } from '../src/mana-hooks.js';
import {
  type AuthTestContext,
  BASE_URL,
  CookieJar,
  call,
  PASSWORD,
  setupAuthTest,
  signUp,
  TEST_SECRET,
} from './harness.js';

let t: AuthTestContext;
let redis: TestRedis | undefined;
beforeAll(async () => {
  t = await setupAuthTest();
  redis = await createTestRedis();
});
afterAll(async () => {
  await redis?.close();
  await t.close();
});

type Auth = ReturnType<AuthTestContext['makeAuth']>;
const WRONG = 'wrong-password-1';
const login = (auth: Auth, email: string, password: string, ip: string, jar?: CookieJar) =>
  call(auth, 'POST', '/sign-in/email', {
    body: { email, password },
    remoteAddress: ip,
    ...(jar ? { jar } : {}),
  });

function lockoutAuth(loginLockout: ManaAuthConfig['loginLockout'], extra: Partial<ManaAuthConfig> = {}) {
  const locked: AccountLockedEvent[] = [];
  const plugin = {
    id: 'lock-observer',
    manaHooks: { onAccountLocked: (e: AccountLockedEvent) => void locked.push(e) },
  };
  return { auth: t.makeAuth({ loginLockout, plugins: [plugin], ...extra }), locked };
}

/** A browser that signed in once: its jar holds the account's device cookie. */
async function ownerDevice(auth: Auth, email: string) {
  const jar = new CookieJar();
  const first = await login(auth, email, PASSWORD, '192.0.2.200', jar);
  expect(first.status).toBe(200);
  return { jar, setCookie: first.setCookies.find((c) => c.startsWith('mana-auth.device.'))! };
}

/** Failures on `email` from `count` unknown devices spread over many addresses. */
async function strangersFail(auth: Auth, email: string, count: number) {
  for (let i = 0; i < count; i++) await login(auth, email, WRONG, `198.51.100.${(i % 50) + 1}`);
}

describe('device cookies (OWASP) against lockout as a weapon', () => {
  for (const store of ['postgres', 'redis'] as const) {
    it(`lets the owner's device sign in while strangers have the account locked (${store})`, async (ctx) => {
      if (store === 'redis' && !redis) return ctx.skip('needs TEST_REDIS_URL');
      const { auth, locked } = lockoutAuth(
        { maxFailuresPerAccountAndIp: 100, maxFailuresPerAccount: 5 },
        store === 'redis' ? { redis: redis!.client, redisKeyPrefix: `${redis!.prefix}dev:` } : {},
      );
      const { email, userId } = await signUp(auth);
      const { jar } = await ownerDevice(auth, email);
      await strangersFail(auth, email, 8);
      // An unknown device is refused, even with the right password.
      const stranger = await login(auth, email, PASSWORD, '203.0.113.9');
      expect(stranger.status).toBe(429);
      expect(stranger.body).toMatchObject({ code: 'ACCOUNT_TEMPORARILY_LOCKED' });
      // The owner's browser is not.
      expect((await login(auth, email, PASSWORD, '203.0.113.10', jar)).status).toBe(200);
      expect(locked.filter((e) => e.phase === 'locked')).toEqual([
        expect.objectContaining({ userId, failures: 5, scope: 'unknown-devices' }),
      ]);
      expect(locked.at(-1)).toMatchObject({ phase: 'refused', scope: 'unknown-devices' });
    });
  }

  it('works through the REST API: /login reads the device cookie beside a stale session cookie', async () => {
    const { auth } = lockoutAuth({ maxFailuresPerAccountAndIp: 100, maxFailuresPerAccount: 3 });
    const { email } = await signUp(auth);
    const rest = (password: string, ip: string, jar?: CookieJar) =>
      call(auth, 'POST', '/login', { body: { email, password }, remoteAddress: ip, ...(jar ? { jar } : {}) });
    const jar = new CookieJar();
    expect((await rest(PASSWORD, '192.0.2.210', jar)).status).toBe(200);
    await strangersFail(auth, email, 3);
    expect((await rest(PASSWORD, '203.0.113.70')).status).toBe(429);
    expect((await rest(PASSWORD, '203.0.113.71', jar)).status).toBe(200);
    expect((await rest(PASSWORD, '203.0.113.72')).status).toBe(429);
  });

  it('issues an HttpOnly, SameSite=Lax, long-lived device cookie that names no email', async () => {
    const { auth } = lockoutAuth({ deviceCookieMaxAgeSeconds: 86_400 });
    const { email } = await signUp(auth);
    const { setCookie } = await ownerDevice(auth, email);
    expect(setCookie).toMatch(/^mana-auth\.device\.[\w-]{16}=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=86400/);
    expect(setCookie).not.toMatch(/Secure|Domain=/i);
    expect(setCookie).not.toContain(email);
    expect(setCookie).not.toContain(encodeURIComponent(email));
  });

  it('uses a __Host- cookie with Secure over https', async () => {
    const { auth } = lockoutAuth({}, { baseURL: 'https://auth.example.com', trustedOrigins: [BASE_URL] });
    const { email } = await signUp(auth);
    const res = await login(auth, email, PASSWORD, '192.0.2.201');
    expect(res.status).toBe(200);
    const device = res.setCookies.find((c) => c.includes('mana-auth.device.'));
    expect(device).toMatch(/^__Host-mana-auth\.device\.[\w-]{16}=/);
    expect(device).toMatch(/;\s*Secure/i);
    expect(device).toMatch(/Path=\//);
    expect(device).not.toMatch(/Domain=/i);
  });

  it("locks a device by its own failures only (scope device), and others' attempts are unaffected", async () => {
    const { auth, locked } = lockoutAuth({ maxFailuresPerDevice: 3, maxFailuresPerAccountAndIp: 3 });
    const { email, userId } = await signUp(auth);
    const { jar } = await ownerDevice(auth, email);
    for (let i = 0; i < 3; i++)
      expect((await login(auth, email, WRONG, '192.0.2.202', jar)).status).toBe(401);
    expect(locked).toEqual([
      expect.objectContaining({ userId, phase: 'locked', failures: 3, scope: 'device' }),
    ]);
    const refused = await login(auth, email, PASSWORD, '192.0.2.202', jar);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(locked.at(-1)).toMatchObject({ phase: 'refused', scope: 'device' });
    // The device's failures did not count for unknown devices, not even from the same address.
    expect((await login(auth, email, PASSWORD, '192.0.2.202')).status).toBe(200);
  });

  it('a success on the device resets its count; a new device cookie is only issued once', async () => {
    const { auth } = lockoutAuth({ maxFailuresPerDevice: 3 });
    const { email } = await signUp(auth);
    const { jar, setCookie } = await ownerDevice(auth, email);
    for (let i = 0; i < 2; i++) await login(auth, email, WRONG, '192.0.2.203', jar);
    const again = await login(auth, email, PASSWORD, '192.0.2.203', jar);
    expect(again.status).toBe(200);
    // The same cookie is set again (renewed lifetime), not a new device.
    expect(again.setCookies.find((c) => c.startsWith('mana-auth.device.'))!.split(';')[0]).toBe(
      setCookie.split(';')[0],
    );
    for (let i = 0; i < 2; i++)
      expect((await login(auth, email, WRONG, '192.0.2.203', jar)).status).toBe(401);
    expect((await login(auth, email, PASSWORD, '192.0.2.203', jar)).status).toBe(200);
  });

  it("gives no bypass for a forged cookie, another account's cookie, or a cookie under another name", async () => {
    const { auth } = lockoutAuth({ maxFailuresPerAccountAndIp: 100, maxFailuresPerAccount: 3 });
    const victim = await signUp(auth);
    const attacker = await signUp(auth);
    const { setCookie } = await ownerDevice(auth, attacker.email);
    const own = setCookie.split(';')[0]!;
    const [name, value] = own.split('=') as [string, string];
    const [user, nonce, signature] = value.split('.') as [string, string, string];
    const victimUser = Buffer.from(victim.userId).toString('base64url');
    const victimName = (await ownerDevice(auth, victim.email)).setCookie.split('=')[0]!;
    await strangersFail(auth, victim.email, 3);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const forgeries = [
      own, // the attacker's own, valid device cookie (another account)
      `${victimName}=${value}`, // the attacker's cookie renamed to the victim's name
      `${victimName}=${victimUser}.${nonce}.${signature}`, // re-labelled for the victim
      `${name}=${user}.${nonce}.${flipped}`, // tampered signature
      `${victimName}=${victimUser}.${nonce}.${flipped}`,
    ];
    for (const cookie of forgeries) {
      const res = await call(auth, 'POST', '/sign-in/email', {
        body: { email: victim.email, password: PASSWORD },
        remoteAddress: '203.0.113.50',
        headers: { cookie },
      });
      expect(res.status, cookie).toBe(429);
    }
  });

  it('accepts a device cookie signed with a previous secret after a rotation', async () => {
    const rotated = 'a-new-secret-that-is-at-least-32-bytes-long!!';
    const before = lockoutAuth({ maxFailuresPerAccountAndIp: 100, maxFailuresPerAccount: 2 });
    const { email } = await signUp(before.auth);
    const { jar } = await ownerDevice(before.auth, email);
    const after = lockoutAuth(
      { maxFailuresPerAccountAndIp: 100, maxFailuresPerAccount: 2 },
      {
        secrets: [
          { version: 2, value: rotated },
          { version: 1, value: TEST_SECRET },
        ],
      },
    );
    await strangersFail(after.auth, email, 2);
    expect((await login(after.auth, email, PASSWORD, '203.0.113.60')).status).toBe(429);
    expect((await login(after.auth, email, PASSWORD, '203.0.113.61', jar)).status).toBe(200);
  });
});
