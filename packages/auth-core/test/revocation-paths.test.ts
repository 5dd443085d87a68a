import { AccessTokenError, createAccessTokenVerifier } from '@mana/verify';
import { describe, expect, it } from 'vitest';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { ManaAuth } from '../src/create-auth.js';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import { BASE_URL, type CookieJar, call, PASSWORD, signIn, signUp } from './harness.js';
import { needsServer, sessionOf, setupRevocationTest, within } from './revocation-harness.js';

const r = setupRevocationTest();
const sessionIdOf = async (auth: ManaAuth, jar: CookieJar) => (await sessionOf(auth, jar))!.id;

const decodePart = (token: string, index: number) =>
  JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString()) as Record<string, unknown>;

async function accessToken(auth: ManaAuth, jar: CookieJar): Promise<string> {
  const res = await call(auth, 'POST', '/refresh', { jar: jar.clone() });
  expect(res.status).toBe(200);
  return (res.body as { accessToken: string }).accessToken;
}

/** What a replayed copy of the captured cookies gets on every cookie path. */
async function replay(auth: ManaAuth, stolen: CookieJar, token: string) {
  const authenticate = createRequestAuthenticator(auth);
  const cookieHeaders = stolen.applyTo(new Headers());
  const getSession = await call(auth, 'GET', '/get-session', { jar: stolen.clone() });
  return {
    restSession: (await call(auth, 'GET', '/session', { jar: stolen.clone() })).status,
    restSessions: (await call(auth, 'GET', '/sessions', { jar: stolen.clone() })).status,
    restRefresh: (await call(auth, 'POST', '/refresh', { jar: stolen.clone() })).status,
    getSession: getSession.body,
    getSessionClearsCookies: getSession.setCookies.some((c) =>
      /^better-auth\.session_token=;.*Max-Age=0/i.test(c),
    ),
    listSessions: (await call(auth, 'GET', '/list-sessions', { jar: stolen.clone() })).status,
    updateUser: (await call(auth, 'POST', '/update-user', { jar: stolen.clone(), body: { name: 'Mallory' } }))
      .status,
    token: (await call(auth, 'GET', '/token', { jar: stolen.clone() })).status,
    authenticatorCookie: (await authenticate(cookieHeaders))?.id ?? null,
    authenticatorBearer: (await authenticate(new Headers({ authorization: `Bearer ${token}` })))?.id ?? null,
  };
}

const REFUSED = {
  restSession: 401,
  restSessions: 401,
  restRefresh: 401,
  getSession: null,
  getSessionClearsCookies: true,
  listSessions: 401,
  updateUser: 401,
  token: 401,
  authenticatorCookie: null,
  authenticatorBearer: null,
};

describe('every cookie path honours revocation (replayed cookies, cookie cache included)', () => {
  const cases: Array<[string, (auth: ManaAuth, victim: CookieJar, email: string) => Promise<void>]> = [
    [
      'POST /logout',
      async (auth, victim) => {
        expect((await call(auth, 'POST', '/logout', { jar: victim })).status).toBe(200);
      },
    ],
    [
      'DELETE /sessions/:id (from another session)',
      async (auth, victim, email) => {
        const id = await sessionIdOf(auth, victim);
        const { jar: other } = await signIn(auth, email);
        expect((await call(auth, 'DELETE', `/sessions/${id}`, { jar: other })).status).toBe(204);
      },
    ],
    [
      'POST /password/change (from another session, default options)',
      async (auth, _victim, email) => {
        const { jar: other } = await signIn(auth, email);
        const change = await call(auth, 'POST', '/password/change', {
          jar: other,
          body: { currentPassword: PASSWORD, newPassword: 'AnotherPassword456!' },
        });
        expect(change.status).toBe(200);
        // The session that changed the password lives on (with fresh cookies).
        expect((await call(auth, 'GET', '/session', { jar: other })).status).toBe(200);
      },
    ],
    [
      "Better Auth's POST /sign-out",
      async (auth, victim) => {
        expect((await call(auth, 'POST', '/sign-out', { jar: victim, body: {} })).status).toBe(200);
      },
    ],
  ];

  for (const [label, action] of cases) {
    it(`after ${label}: 401 / null everywhere, pre-revocation access token refused`, async () => {
      const auth = r.makeAuth();
      const { email } = await signUp(auth);
      const { jar: victim } = await signIn(auth, email);
      const stolen = victim.clone();
      const token = await accessToken(auth, stolen);
      const before = await replay(auth, stolen, token);
      expect(before.restSession).toBe(200);
      expect(before.authenticatorCookie).toBeTruthy();
      expect(before.authenticatorBearer).toBe(before.authenticatorCookie);

      await action(auth, victim, email);
      expect(await replay(auth, stolen, token)).toEqual(REFUSED);
    });
  }

  it('answers a revoked cookie with no database query', async () => {
    const auth = r.makeAuth();
    const { email } = await signUp(auth);
    const { jar: victim } = await signIn(auth, email);
    const stolen = victim.clone();
    expect((await call(auth, 'POST', '/logout', { jar: victim })).status).toBe(200);
    r.t.queries.length = 0;
    expect((await call(auth, 'GET', '/get-session', { jar: stolen.clone() })).body).toBeNull();
    expect((await call(auth, 'GET', '/session', { jar: stolen.clone() })).status).toBe(401);
    expect(r.t.queries).toEqual([]);
  });

  it('another instance on the same PostgreSQL refuses the replayed cookies within 1 s', async (ctx) => {
    needsServer(r.t, ctx);
    const a = r.makeAuth();
    const b = r.makeAuth();
    await a.revocations.start();
    await b.revocations.start();
    const { email } = await signUp(a);
    const { jar: victim } = await signIn(a, email);
    const stolen = victim.clone();
    expect((await call(b, 'GET', '/session', { jar: stolen.clone() })).status).toBe(200);
    expect((await call(a, 'POST', '/logout', { jar: victim })).status).toBe(200);
    await within(
      1000,
      async () => (await call(b, 'GET', '/session', { jar: stolen.clone() })).status === 401,
    );
    expect((await call(b, 'GET', '/list-sessions', { jar: stolen.clone() })).status).toBe(401);
    expect((await call(b, 'GET', '/get-session', { jar: stolen.clone() })).body).toBeNull();
    expect(await createRequestAuthenticator(b)(stolen.applyTo(new Headers()))).toBeNull();
  });

  it('leaves live sessions of the same user alone', async () => {
    const auth = r.makeAuth();
    const { email } = await signUp(auth);
    const { jar: first } = await signIn(auth, email);
    const { jar: second } = await signIn(auth, email);
    expect((await call(auth, 'POST', '/logout', { jar: first })).status).toBe(200);
    expect((await call(auth, 'GET', '/session', { jar: second })).status).toBe(200);
    expect((await call(auth, 'GET', '/list-sessions', { jar: second })).status).toBe(200);
  });
});

describe('password change ends the other sessions by default', () => {
  async function otherSessionAfterChange(
    overrides: Partial<ManaAuthConfig>,
    path: '/password/change' | '/change-password',
    extra: Record<string, unknown>,
  ) {
    const auth = r.makeAuth(overrides);
    const { email } = await signUp(auth);
    const { jar: bystander } = await signIn(auth, email);
    const { jar: actor } = await signIn(auth, email);
    const change = await call(auth, 'POST', path, {
      jar: actor,
      body: { currentPassword: PASSWORD, newPassword: 'AnotherPassword456!', ...extra },
    });
    expect(change.status).toBe(200);
    return (await call(auth, 'GET', '/session', { jar: bystander })).status;
  }

  for (const path of ['/password/change', '/change-password'] as const) {
    it(`${path}: other sessions end by default`, async () => {
      expect(await otherSessionAfterChange({}, path, {})).toBe(401);
    });
    it(`${path}: revokeOtherSessions: false keeps them`, async () => {
      expect(await otherSessionAfterChange({}, path, { revokeOtherSessions: false })).toBe(200);
    });
    it(`${path}: passwordChange.keepOtherSessions keeps them unless the request asks`, async () => {
      const keep = { passwordChange: { keepOtherSessions: true } };
      expect(await otherSessionAfterChange(keep, path, {})).toBe(200);
      expect(await otherSessionAfterChange(keep, path, { revokeOtherSessions: true })).toBe(401);
    });
  }

  it('validates the option', () => {
    expect(() => r.makeAuth({ passwordChange: { keepOthers: true } as never })).toThrow(/keepOthers/);
    expect(() => r.makeAuth({ passwordChange: { keepOtherSessions: 'yes' } as never })).toThrow(
      /passwordChange\.keepOtherSessions/,
    );
  });
});

describe('access tokens carry sid, jti and typ: at+jwt', () => {
  it('names the session, a unique id per token, and the at+jwt type', async () => {
    const auth = r.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    const first = await accessToken(auth, jar);
    const second = await accessToken(auth, jar);
    expect(decodePart(first, 0)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    const claims = decodePart(first, 1);
    expect(claims.sid).toBe(await sessionIdOf(auth, jar));
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodePart(second, 1).jti).not.toBe(claims.jti);
    expect(decodePart(second, 1).sid).toBe(claims.sid);
  });

  it('the token of POST /login and the set-auth-jwt header carry them too', async () => {
    const auth = r.makeAuth({ exposeJwtHeader: true });
    const { email } = await signUp(auth);
    const login = await call(auth, 'POST', '/login', { body: { email, password: PASSWORD } });
    const loginToken = (login.body as { accessToken: string; session: { id: string } }).accessToken;
    expect(decodePart(loginToken, 0).typ).toBe('at+jwt');
    expect(decodePart(loginToken, 1).sid).toBe((login.body as { session: { id: string } }).session.id);
    const { jar } = await signIn(auth, email);
    const header = (await call(auth, 'GET', '/get-session', { jar })).headers.get('set-auth-jwt')!;
    expect(decodePart(header, 0).typ).toBe('at+jwt');
    expect(decodePart(header, 1).sid).toBe(await sessionIdOf(auth, jar));
  });

  it('createAccessTokenVerifier refuses a revoked sid with TOKEN_REVOKED when given a source', async () => {
    const auth = r.makeAuth();
    const { email } = await signUp(auth);
    const { jar } = await signIn(auth, email);
    const token = await accessToken(auth, jar);
    const sid = decodePart(token, 1).sid as string;
    const jwks = (await auth.api.getJwks()) as { keys: never[] };
    const options = { jwks, issuer: BASE_URL, audience: BASE_URL };
    expect((await createAccessTokenVerifier(options)(token)).sid).toBe(sid);
    const revoked = new Set([sid]);
    const verify = createAccessTokenVerifier({
      ...options,
      revocations: { isSessionRevoked: (id) => revoked.has(id) },
    });
    const error = await verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenError);
    expect((error as AccessTokenError).code).toBe('TOKEN_REVOKED');
    revoked.clear();
    expect((await verify(token)).sub).toBeTruthy();
  });
});
