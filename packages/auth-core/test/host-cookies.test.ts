import { setRemoteAddress } from '@mana/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { ManaAuth } from '../src/create-auth.js';
import { createFastSessionCheck } from '../src/sessions/fast-session/fast-session-check.js';
import { hostPrefixBlocker } from '../src/sessions/host-cookies.js';
import { type AuthTestContext, BASE_PATH, CookieJar, PASSWORD, setupAuthTest } from './harness.js';

const HTTPS = 'https://auth.example.com';
let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

async function post(auth: ManaAuth, path: string, body: unknown, jar: CookieJar) {
  const headers = jar.applyTo(new Headers({ origin: HTTPS, 'content-type': 'application/json' }));
  const request = new Request(`${HTTPS}${BASE_PATH}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const response = await auth.handler(setRemoteAddress(request, '127.0.0.1'));
  jar.store(response.headers.getSetCookie());
  return response;
}
async function getSession(auth: ManaAuth, cookie: string) {
  const request = new Request(`${HTTPS}${BASE_PATH}/get-session`, { headers: { origin: HTTPS, cookie } });
  return (await (await auth.handler(setRemoteAddress(request, '127.0.0.1'))).json()) as {
    user?: unknown;
  } | null;
}

let n = 0;
async function signedIn(overrides: Partial<ManaAuthConfig>) {
  const auth = t.makeAuth({ baseURL: HTTPS, ...overrides });
  const jar = new CookieJar();
  const email = `host${Date.now()}${n++}@example.com`;
  expect(
    (await post(auth, '/sign-up/email', { email, password: PASSWORD, name: 'H' }, new CookieJar())).status,
  ).toBe(200);
  const response = await post(auth, '/sign-in/email', { email, password: PASSWORD }, jar);
  expect(response.status).toBe(200);
  return { auth, jar, setCookies: response.headers.getSetCookie() };
}

/** The login lockout's device cookie, set beside the session cookies on every sign-in. */
const DEVICE_COOKIE = /^__Host-mana-auth\.device\./;
const allNames = (setCookies: string[]) => setCookies.map((c) => c.slice(0, c.indexOf('=')));
/** The session cookies' names (the device cookie is checked on its own). */
const names = (setCookies: string[]) => allNames(setCookies).filter((name) => !DEVICE_COOKIE.test(name));

describe('__Host- cookies over https', () => {
  it('names every session cookie __Host-, with Secure, Path=/ and no Domain, and the session works', async () => {
    const { auth, jar, setCookies } = await signedIn({});
    expect(names(setCookies)).toEqual([
      '__Host-better-auth.session_token',
      '__Host-better-auth.session_data',
    ]);
    expect(allNames(setCookies).filter((name) => DEVICE_COOKIE.test(name))).toHaveLength(1);
    for (const line of setCookies) {
      expect(line).toMatch(/; Secure/i);
      expect(line).toMatch(/; Path=\/(;|$)/i);
      expect(line).not.toMatch(/Domain=/i);
    }
    expect((await getSession(auth, jar.header()))?.user).toBeTruthy();
    // The fast path reads the same names.
    const fast = createFastSessionCheck(auth);
    await fast.ready;
    expect(fast.check(jar.applyTo(new Headers()))).toBeDefined();
  });

  it('does not accept the old __Secure- session cookie (a sibling sub-domain could have planted it)', async () => {
    const { auth, jar } = await signedIn({});
    const legacy = [...jar.cookies]
      .map(([name, value]) => `${name.replace('__Host-', '__Secure-')}=${value}`)
      .join('; ');
    expect(await getSession(auth, legacy)).toBeNull();
  });

  it('prefixes a configured cookiePrefix and custom cookie names', async () => {
    const { setCookies } = await signedIn({
      advanced: { cookiePrefix: 'acme', cookies: { session_data: { name: 'acme-cache' } } },
    });
    expect(names(setCookies)).toEqual(['__Host-acme.session_token', '__Host-acme-cache']);
  });

  it('keeps __Secure- names when cross-sub-domain cookies need a Domain', async () => {
    const { auth, jar, setCookies } = await signedIn({
      advanced: { crossSubDomainCookies: { enabled: true, domain: 'example.com' } },
    });
    expect(names(setCookies)).toEqual([
      '__Secure-better-auth.session_token',
      '__Secure-better-auth.session_data',
    ]);
    expect(setCookies.find((c) => c.startsWith('__Secure-better-auth.session_token'))).toMatch(
      /Domain=example\.com/i,
    );
    // The device cookie needs no Domain: it keeps __Host-.
    expect(allNames(setCookies).filter((name) => DEVICE_COOKIE.test(name))).toHaveLength(1);
    expect((await getSession(auth, jar.header()))?.user).toBeTruthy();
  });

  it('names the reason __Host- cannot apply (and then keeps __Secure- / plain names)', () => {
    expect(hostPrefixBlocker(HTTPS, undefined)).toBeUndefined();
    expect(hostPrefixBlocker('http://localhost:3001', undefined)).toBe('baseURL is http');
    expect(hostPrefixBlocker(HTTPS, { defaultCookieAttributes: { domain: 'example.com' } })).toMatch(
      /Domain/,
    );
    expect(
      hostPrefixBlocker(HTTPS, { cookies: { session_token: { attributes: { path: '/api' } } } }),
    ).toMatch(/Path/);
    expect(hostPrefixBlocker(HTTPS, { useSecureCookies: false })).toMatch(/useSecureCookies/);
  });
});
