import { createHmac } from 'node:crypto';
import { symmetricDecodeJWT, symmetricEncodeJWT } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaAuth } from '../src/create-auth.js';
import type { RevocationRegistry } from '../src/revocation/revocation-registry.js';
import {
  createFastSessionCheck,
  type FastSessionCheck,
} from '../src/sessions/fast-session/fast-session-check.js';
import { revokedSessionCookiesPlugin } from '../src/sessions/revoked-session-cookies.js';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import {
  type AuthTestContext,
  CookieJar,
  call,
  setupAuthTest,
  signIn,
  signUp,
  TEST_SECRET,
} from './harness.js';

// The fast session check against its oracle, Better Auth's own getSession: the same cookies go
// to both; whenever the fast path answers, Better Auth answers the same user and session, and
// it answers only where the catalogue says a cookie-cache hit is due.

const TOKEN = 'better-auth.session_token';
const DATA = 'better-auth.session_data';
const SALT = 'better-auth-session';

let t: AuthTestContext;
let auth: ManaAuth;
let fast: FastSessionCheck;
/** Registry stand-in when `auth.revocations` is not there (tests only). */
const revokedTokens = new Set<string>();

beforeAll(async () => {
  t = await setupAuthTest();
  // Better Auth refuses revoked cookies through the revocation plugin (a stand-in source here
  // until the registry records revocations itself).
  auth = t.makeAuth({
    plugins: [revokedSessionCookiesPlugin({ isTokenRevoked: (token) => revokedTokens.has(token) })],
  });
  // Tokens the test revokes by hand count too, besides those of the registry (auth.revocations).
  const registry: Pick<RevocationRegistry, 'isTokenRevoked'> = auth.revocations;
  Object.assign(auth, {
    revocations: {
      isTokenRevoked: (token: string) => revokedTokens.has(token) || registry.isTokenRevoked(token),
    },
  });
  fast = createFastSessionCheck(auth);
  expect(await fast.ready).toBe(true);
});
afterAll(() => t.close());

const headersOf = (jar: CookieJar) => {
  const headers = new Headers();
  jar.applyTo(headers);
  return headers;
};
const tokenOf = (jar: CookieJar) => decodeURIComponent(jar.get(TOKEN)!).split('.')[0]!;
const sign = (value: string, secret = TEST_SECRET) =>
  encodeURIComponent(`${value}.${createHmac('sha256', secret).update(value).digest('base64')}`);

interface Outcome {
  fast: { user: string; session: string } | 'deferred';
  betterAuth: { user: string; session: string } | null;
}

async function outcome(jar: CookieJar): Promise<Outcome> {
  const headers = headersOf(jar);
  const hit = fast.check(headers);
  const answer = await auth.api.getSession({ headers }).catch(() => null);
  return {
    fast: hit ? { user: hit.user.id, session: hit.session.id } : 'deferred',
    betterAuth: answer ? { user: answer.user.id, session: answer.session.id } : null,
  };
}

/** The differential property: a fast answer is always Better Auth's answer. */
function expectAgreement(o: Outcome) {
  if (o.fast !== 'deferred') expect(o.betterAuth).toEqual(o.fast);
}

async function session(extra: Record<string, unknown> = {}) {
  const { email, userId } = await signUp(auth);
  const { jar } = await signIn(auth, email, extra);
  return { jar, userId };
}

/** The cookie-cache claims of `jar`, decrypted by Better Auth. */
async function cacheClaims(jar: CookieJar) {
  return (await symmetricDecodeJWT(jar.get(DATA)!, TEST_SECRET, SALT)) as Record<string, unknown> & {
    session: Record<string, unknown>;
  };
}
async function withCache(
  jar: CookieJar,
  claims: Record<string, unknown>,
  expiresIn: number,
  secret = TEST_SECRET,
) {
  const { exp: _exp, iat: _iat, jti: _jti, ...payload } = claims;
  const copy = jar.clone();
  copy.cookies.set(DATA, await symmetricEncodeJWT(payload, secret, SALT, expiresIn));
  return copy;
}
const flip = (value: string, index: number) => {
  const c = value[index]!;
  const replacement = c === 'A' ? 'B' : 'A';
  return value.slice(0, index) + replacement + value.slice(index + 1);
};

describe('fast session check vs Better Auth getSession (catalogue)', () => {
  it('valid cookies, remember-me off: answered from the cookies, same user and session, zero queries', async () => {
    const { jar, userId } = await session();
    const headers = headersOf(jar);
    t.queries.length = 0;
    for (let i = 0; i < 20; i++) expect(fast.check(headers)?.user.id).toBe(userId);
    expect(t.queries).toEqual([]);
    const o = await outcome(jar);
    expect(o.fast).not.toBe('deferred');
    expectAgreement(o);
  });

  it('valid cookies, remember-me on: answered, same user and session', async () => {
    const { jar } = await session({ rememberMe: true });
    const o = await outcome(jar);
    expect(o.fast).not.toBe('deferred');
    expectAgreement(o);
  });

  const deferred: Array<[string, (jar: CookieJar) => Promise<CookieJar> | CookieJar, 'null' | 'session']> = [
    [
      'tampered session-token signature',
      (jar) => {
        const copy = jar.clone();
        const value = decodeURIComponent(jar.get(TOKEN)!);
        copy.cookies.set(TOKEN, encodeURIComponent(flip(value, value.length - 5)));
        return copy;
      },
      'null',
    ],
    [
      'tampered session token (signature kept)',
      (jar) => {
        const copy = jar.clone();
        copy.cookies.set(TOKEN, encodeURIComponent(flip(decodeURIComponent(jar.get(TOKEN)!), 2)));
        return copy;
      },
      'null',
    ],
    [
      'tampered ciphertext',
      (jar) => {
        const copy = jar.clone();
        const parts = jar.get(DATA)!.split('.');
        parts[3] = flip(parts[3]!, 10);
        copy.cookies.set(DATA, parts.join('.'));
        return copy;
      },
      'session', // Better Auth drops the cache and reads the live session from the database
    ],
    [
      'tampered authentication tag',
      (jar) => {
        const copy = jar.clone();
        const parts = jar.get(DATA)!.split('.');
        parts[4] = flip(parts[4]!, 3);
        copy.cookies.set(DATA, parts.join('.'));
        return copy;
      },
      'session',
    ],
    [
      'cache sealed with another secret',
      async (jar) => withCache(jar, await cacheClaims(jar), 300, 'another-secret-that-is-32-bytes-long!!'),
      'session',
    ],
    [
      'both cookies made with another secret (a rotated-out secret)',
      async (jar) => {
        const other = 'rotated-out-secret-that-is-32-bytes-long';
        const copy = await withCache(jar, await cacheClaims(jar), 300, other);
        copy.cookies.set(TOKEN, sign(tokenOf(jar), other));
        return copy;
      },
      'null',
    ],
    ['cache expired 20 s ago', async (jar) => withCache(jar, await cacheClaims(jar), -20), 'session'],
    [
      'cache expired 5 s ago (inside jose clock tolerance)',
      async (jar) => withCache(jar, await cacheClaims(jar), -5),
      'session',
    ],
    [
      'cache of another session (token mismatch)',
      async (jar) => {
        const claims = await cacheClaims(jar);
        return withCache(jar, { ...claims, session: { ...claims.session, token: 'x'.repeat(32) } }, 300);
      },
      'session',
    ],
    [
      'cached session past its expiresAt',
      async (jar) => {
        const claims = await cacheClaims(jar);
        const expiresAt = new Date(Date.now() - 1000).toISOString();
        return withCache(jar, { ...claims, session: { ...claims.session, expiresAt } }, 300);
      },
      'session',
    ],
    [
      'cache of another version',
      async (jar) => withCache(jar, { ...(await cacheClaims(jar)), version: '2' }, 300),
      'session',
    ],
    [
      'dontRememberMe cookie present',
      (jar) => {
        const copy = jar.clone();
        copy.cookies.set('better-auth.dont_remember', sign('true'));
        return copy;
      },
      'session',
    ],
    [
      'malformed cache cookie',
      (jar) => {
        const copy = jar.clone();
        copy.cookies.set(DATA, 'not.a.jwe');
        return copy;
      },
      'session',
    ],
    [
      'no cache cookie',
      (jar) => {
        const copy = jar.clone();
        copy.cookies.delete(DATA);
        return copy;
      },
      'session',
    ],
  ];
  for (const [label, make, expected] of deferred) {
    it(`${label}: deferred to Better Auth, which answers ${expected === 'null' ? 'null' : 'from the database'}`, async () => {
      const { jar } = await session();
      const o = await outcome(await make(jar));
      expect(o.fast).toBe('deferred');
      expect(o.betterAuth === null ? 'null' : 'session').toBe(expected);
    });
  }

  it('revoked session: never answered from the cookies; Better Auth refuses it once the registry is wired', async () => {
    const { jar } = await session();
    const replay = jar.clone();
    const token = tokenOf(jar);
    expect((await call(auth, 'POST', '/sign-out', { jar, body: {} })).status).toBe(200);
    revokedTokens.add(token);
    const o = await outcome(replay);
    expect(o.fast).toBe('deferred');
    expect(o.betterAuth).toBeNull();
  });

  it('a revoked session cookie followed by a live one: deferred, Better Auth refuses both', async () => {
    const revoked = await session();
    const live = await session();
    revokedTokens.add(tokenOf(revoked.jar));
    const headers = new Headers({
      cookie: `${TOKEN}=${live.jar.get(TOKEN)}; ${DATA}=${live.jar.get(DATA)}; ${TOKEN}=${revoked.jar.get(TOKEN)}`,
    });
    expect(fast.check(headers)).toBeUndefined();
    expect(await auth.api.getSession({ headers })).toBeNull();
  });
});

describe('decoded-cookie cache', () => {
  it('decodes the same cookies once, yet refuses them at once when revoked and after their cache expiry', async () => {
    let nowMs = Date.now();
    const check = createFastSessionCheck(auth, { now: () => nowMs });
    expect(await check.ready).toBe(true);
    const { jar, userId } = await session();
    const headers = headersOf(jar);
    const first = check.check(headers);
    expect(first?.user.id).toBe(userId);
    // The same object: answered from the cache, not decoded again.
    expect(check.check(headersOf(jar))).toBe(first);
    revokedTokens.add(tokenOf(jar));
    expect(check.check(headers)).toBeUndefined();
    revokedTokens.delete(tokenOf(jar));
    expect(check.check(headers)).toBe(first);
    const { exp } = await cacheClaims(jar);
    nowMs = (exp as number) * 1000 - 500; // within the 1 s margin of the cache’s expiry
    expect(check.check(headers)).toBeUndefined();
  });

  it('keys entries by the exact cookie values: a changed byte is decoded (and refused) afresh; cacheSize 0 keeps none', async () => {
    const check = createFastSessionCheck(auth, { cacheSize: 0 });
    expect(await check.ready).toBe(true);
    const { jar } = await session();
    const a = check.check(headersOf(jar));
    const b = check.check(headersOf(jar));
    expect(a?.session.id).toBe(b?.session.id);
    expect(a).not.toBe(b);
    expect(fast.check(headersOf(jar))).toBeDefined();
    const tampered = jar.clone();
    tampered.cookies.set(DATA, flip(jar.get(DATA)!, 60));
    expect(fast.check(headersOf(tampered))).toBeUndefined();
  });
});

describe('fast session check vs Better Auth getSession (generated)', () => {
  it('300 seeded single-character mutations of valid cookies: a fast answer is always Better Auth’s', async () => {
    const { jar } = await session();
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.%=';
    let answered = 0;
    for (let i = 0; i < 300; i++) {
      const copy = jar.clone();
      const name = random() < 0.5 ? TOKEN : DATA;
      const value = jar.get(name)!;
      const at = Math.floor(random() * value.length);
      const c = alphabet[Math.floor(random() * alphabet.length)]!;
      copy.cookies.set(name, value.slice(0, at) + c + value.slice(at + 1));
      const o = await outcome(copy);
      expectAgreement(o);
      if (o.fast !== 'deferred') answered++;
    }
    // Only mutations that change nothing (same character) may still be answered.
    expect(answered).toBeLessThan(30);
  });
});

describe('auth.handler and the request authenticator use it', () => {
  const withoutDate = (headers: Headers) =>
    [...headers.entries()].filter(([name]) => name !== 'date').sort(([a], [b]) => a.localeCompare(b));

  for (const path of ['/get-session', '/session']) {
    it(`GET ${path}: the same status, body and headers as Better Auth's router, zero queries`, async () => {
      const { jar } = await session({ rememberMe: true });
      expect(fast.routeEnabled(path as '/session')).toBe(true);
      expect(fast.check(headersOf(jar))).toBeDefined();
      // A query string sends the request through the router (the fast path takes bare paths only).
      const routed = await call(auth, 'GET', `${path}?through=router`, { jar: jar.clone() });
      t.queries.length = 0;
      const answered = await call(auth, 'GET', path, { jar: jar.clone() });
      expect(t.queries).toEqual([]);
      expect(answered.status).toBe(routed.status);
      expect(answered.body).toEqual(routed.body);
      expect(withoutDate(answered.headers)).toEqual(withoutDate(routed.headers));
    });
  }

  it('createRequestAuthenticator: a cached cookie check makes zero queries and names the user', async () => {
    const authenticate = createRequestAuthenticator(auth);
    const { jar, userId } = await session();
    await authenticate(headersOf(jar));
    t.queries.length = 0;
    const user = await authenticate(headersOf(jar));
    expect(t.queries).toEqual([]);
    expect(user).toMatchObject({ id: userId, via: 'session', emailVerified: false });
  });

  it('keeps Better Auth answering when the set-auth-jwt header is on (its hook runs on every check)', async () => {
    const withHeader = t.makeAuth({ exposeJwtHeader: true });
    expect(await createFastSessionCheck(withHeader).ready).toBe(false);
  });
});
