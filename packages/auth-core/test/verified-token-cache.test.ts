import { type AccessTokenPayload, createVerifiedTokenCache } from '@mana/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import { type AuthTestContext, call, setupAuthTest, signIn, signUp } from './harness.js';

const claims = (exp: number): AccessTokenPayload => ({ sub: 'u', iss: 'i', aud: 'a', exp });

describe('verified-token cache', () => {
  it('keeps a token until its exp, never past it', () => {
    const cache = createVerifiedTokenCache(10);
    cache.set('t', claims(100));
    expect(cache.get('t', 99_999)?.sub).toBe('u');
    expect(cache.get('t', 100_000)).toBeUndefined();
    expect(cache.get('t', 1)).toBeUndefined(); // forgotten once expired
  });

  it('holds at most maxEntries tokens, the oldest leaving first; 0 keeps none', () => {
    const cache = createVerifiedTokenCache(2);
    for (const token of ['a', 'b', 'c']) cache.set(token, claims(100));
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeDefined();
    expect(cache.get('c', 0)).toBeDefined();
    const none = createVerifiedTokenCache(0);
    none.set('a', claims(100));
    expect(none.get('a', 0)).toBeUndefined();
  });
});

describe('createRequestAuthenticator, Bearer', () => {
  let t: AuthTestContext;
  beforeAll(async () => {
    t = await setupAuthTest();
  });
  afterAll(() => t.close());

  it('a reused token is verified once, still refused at once when its session is revoked, and a tampered copy is refused', async () => {
    const revoked = new Set<string>();
    const auth = Object.assign(t.makeAuth(), {
      revocations: { isTokenRevoked: () => false, isSessionRevoked: (sid: string) => revoked.has(sid) },
    });
    const authenticate = createRequestAuthenticator(auth);
    const { email, userId } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    const res = await call(auth, 'POST', '/refresh', { jar });
    const token = (res.body as { accessToken: string }).accessToken;
    const bearer = (value: string) => new Headers({ authorization: `Bearer ${value}` });
    expect(await authenticate(bearer(token))).toMatchObject({ id: userId, via: 'token' });
    t.queries.length = 0;
    for (let i = 0; i < 10; i++) expect((await authenticate(bearer(token)))?.id).toBe(userId);
    expect(t.queries).toEqual([]);
    // The whole token is the key: a copy with another signature is verified, and refused.
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await authenticate(bearer(forged))).toBeNull();
    const sid = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
    expect(typeof sid).toBe('string');
    revoked.add(sid);
    expect(await authenticate(bearer(token))).toBeNull();
  });

  it('a Bearer token, a cookie-cache hit and a Better Auth answer name the same user; only via differs', async () => {
    const auth = t.makeAuth();
    const authenticate = createRequestAuthenticator(auth);
    const { email, userId } = await signUp(auth, 'Same Person');
    const { jar } = await signIn(auth, email);
    const token = (
      (await call(auth, 'POST', '/refresh', { jar: jar.clone() })).body as { accessToken: string }
    ).accessToken;
    const uncached = jar.clone();
    for (const name of [...uncached.cookies.keys()])
      if (name.startsWith('better-auth.session_data')) uncached.cookies.delete(name);
    const user = { id: userId, email, name: 'Same Person', emailVerified: false };
    expect(await authenticate(new Headers({ authorization: `Bearer ${token}` }))).toEqual({
      ...user,
      via: 'token',
    });
    t.queries.length = 0;
    expect(await authenticate(jar.applyTo(new Headers()))).toEqual({ ...user, via: 'session' });
    expect(t.queries).toEqual([]); // answered from the cache cookie
    expect(await authenticate(uncached.applyTo(new Headers()))).toEqual({ ...user, via: 'session' });
    expect(t.queries.length).toBeGreaterThan(0); // answered by Better Auth from the database
  });
});
