import { setRemoteAddress } from '@mana/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../src/config/mail-sender.js';
import { createAuthApi } from '../src/rest-api/auth-api.js';
import { type AuthTestContext, BASE_PATH, BASE_URL, CookieJar, PASSWORD, setupAuthTest } from './harness.js';

let t: AuthTestContext;
let api: (request: Request) => Promise<Response>;
const mails: MailMessage[] = [];

beforeAll(async () => {
  t = await setupAuthTest();
  const auth = t.makeAuth({ mailSender: async (m) => void mails.push(m) });
  api = createAuthApi(auth, { database: t.database, version: '9.9.9' });
});
afterAll(() => t.close());

async function send(
  method: string,
  path: string,
  body?: unknown,
  jar?: CookieJar,
  headers: Record<string, string> = {},
) {
  const h = new Headers({ origin: BASE_URL, ...headers });
  if (body !== undefined && !h.has('content-type')) h.set('content-type', 'application/json');
  if (jar?.cookies.size) h.set('cookie', jar.header());
  const res = await api(
    new Request(`${BASE_URL}${BASE_PATH}${path}`, {
      method,
      headers: h,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    }),
  );
  jar?.store(res.headers.getSetCookie());
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    body: text ? (JSON.parse(text) as Record<string, any>) : null,
  };
}

describe('REST facade', () => {
  it('runs the register → login → session → refresh → sessions → logout flow', async () => {
    const email = `facade${Date.now()}@example.com`;
    const reg = await send('POST', '/register', { email, password: PASSWORD, name: 'Facade' });
    expect(reg.status).toBe(201);
    expect(reg.body?.user).toMatchObject({ email, name: 'Facade' });
    // With a mail sender, registration answers uniformly: no session until the user logs in.
    expect(reg.headers.getSetCookie()).toEqual([]);

    const jar = new CookieJar();
    const login = await send(
      'POST',
      '/login',
      { email, password: PASSWORD, rememberMe: true, deviceId: 'd1' },
      jar,
    );
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, session: { rememberMe: true } });
    expect(login.body?.accessToken.split('.')).toHaveLength(3);
    expect(login.headers.getSetCookie().some((c) => /session_token=.*Max-Age=2592000/.test(c))).toBe(true);
    expect(JSON.stringify(login.body)).not.toContain(
      jar.cookies.get('better-auth.session_token')!.split('.')[0],
    );

    const session = await send('GET', '/session', undefined, jar);
    expect(session.status).toBe(200);
    expect(session.body?.session).not.toHaveProperty('token');

    const refreshed = await send('POST', '/refresh', undefined, jar);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body?.accessToken).toBeTruthy();

    const other = new CookieJar();
    await send('POST', '/login', { email, password: PASSWORD }, other);
    const list = await send('GET', '/sessions', undefined, jar);
    expect(list.body?.sessions).toHaveLength(2); // register does not sign in (uniform answers)
    expect(list.body?.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toMatch(/token/i);

    const otherId = list.body?.sessions[0].id; // newest first: the second login
    expect(list.body?.sessions[0].current).toBe(false);
    expect((await send('DELETE', `/sessions/${otherId}`, undefined, jar)).status).toBe(204);
    expect((await send('POST', '/refresh', undefined, other)).status).toBe(401);
    expect((await send('DELETE', `/sessions/${otherId}`, undefined, jar)).status).toBe(404);

    expect((await send('POST', '/logout', undefined, jar)).status).toBe(200);
    expect((await send('GET', '/session', undefined, jar)).status).toBe(401);
  });

  it('changes, forgets and resets passwords', async () => {
    const email = `pw${Date.now()}@example.com`;
    await send('POST', '/register', { email, password: PASSWORD, name: 'P' });
    const jar = new CookieJar();
    await send('POST', '/login', { email, password: PASSWORD }, jar);
    const wrong = await send(
      'POST',
      '/password/change',
      { currentPassword: 'nope-nope-nope', newPassword: 'NewPassword456!!' },
      jar,
    );
    expect(wrong.status).toBe(400);
    const changed = await send(
      'POST',
      '/password/change',
      { currentPassword: PASSWORD, newPassword: 'NewPassword456!!' },
      jar,
    );
    expect(changed.status).toBe(200);

    const known = await send('POST', '/password/forgot', { email });
    const unknown = await send('POST', '/password/forgot', { email: 'nobody-here@example.com' });
    expect(known.status).toBe(202);
    expect(unknown).toEqual({ ...known, headers: unknown.headers });
    await new Promise((r) => setTimeout(r, 50));
    const mail = mails.find((m) => m.to === email)!;
    expect(mail.subject).toMatch(/Reset/);
    expect(mails.some((m) => m.to === 'nobody-here@example.com')).toBe(false);
    const token = /reset-password\/([^?]+)/.exec(mail.url)![1]!;

    expect(
      (await send('POST', '/password/reset', { token: 'bogus', newPassword: 'ResetPassword789!' })).status,
    ).toBe(400);
    expect((await send('POST', '/password/reset', { token, newPassword: 'ResetPassword789!' })).status).toBe(
      200,
    );
    expect((await send('POST', '/password/reset', { token, newPassword: 'ResetPassword789!' })).status).toBe(
      400,
    );
    expect((await send('POST', '/login', { email, password: 'ResetPassword789!' })).status).toBe(200);
  });

  it('answers health with status, database, version and uptime (GET and HEAD)', async () => {
    const res = await send('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'reachable', version: '9.9.9' });
    expect(typeof res.body?.uptimeSeconds).toBe('number');
    const head = await send('HEAD', '/health');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it.each([
    ['POST', '/login', 400, 'INVALID_JSON', '{"email":', 'application/json'],
    ['POST', '/login', 415, 'UNSUPPORTED_MEDIA_TYPE', 'email=a', 'application/x-www-form-urlencoded'],
    ['POST', '/login', 400, 'VALIDATION_FAILED', { email: 'not-an-email', password: 'x' }, undefined],
    ['POST', '/login', 400, 'VALIDATION_FAILED', { email: 'a@b.co', password: 42 }, undefined],
    ['POST', '/login', 400, 'VALIDATION_FAILED', { email: 'a@b.co' }, undefined],
    ['POST', '/login', 400, 'VALIDATION_FAILED', { email: 'a@b.co', password: 'x', admin: true }, undefined],
    [
      'POST',
      '/login',
      413,
      'PAYLOAD_TOO_LARGE',
      { email: 'a@b.co', password: 'x'.repeat(20_000) },
      undefined,
    ],
    ['POST', '/register', 400, 'VALIDATION_FAILED', { email: 'a@b.co', password: PASSWORD }, undefined],
    ['POST', '/register', 400, 'VALIDATION_FAILED', [], undefined],
    ['POST', '/register', 400, 'VALIDATION_FAILED', 'null', 'application/json'],
    ['POST', '/password/reset', 400, 'VALIDATION_FAILED', { token: '', newPassword: 'x' }, undefined],
    ['POST', '/password/forgot', 400, 'VALIDATION_FAILED', {}, undefined],
    ['GET', '/login', 405, 'METHOD_NOT_ALLOWED', undefined, undefined],
    ['GET', '/no-such-route', 404, 'NOT_FOUND', undefined, undefined],
    ['GET', '/session', 401, 'UNAUTHORIZED', undefined, undefined],
    ['POST', '/refresh', 401, 'UNAUTHORIZED', undefined, undefined],
    ['DELETE', '/sessions/abc', 401, 'UNAUTHORIZED', undefined, undefined],
  ])('%s %s → %i %s (case %#)', async (method, path, status, code, body, type) => {
    const res = await send(method, path, body, undefined, type ? { 'content-type': type } : {});
    expect(res.status).toBe(status);
    expect(res.body?.error.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers a second registration of the same email with 409 CONFLICT without a mail sender', async () => {
    const noMail = t.makeAuth({});
    const register = (name: string) =>
      noMail.handler(
        new Request(`${BASE_URL}${BASE_PATH}/register`, {
          method: 'POST',
          headers: { origin: BASE_URL, 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD, name }),
        }),
      );
    const email = `dup${Date.now()}@example.com`;
    expect((await register('A')).status).toBe(201);
    const again = await register('B');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('uses the login body ipAddress/userAgent only for a trusted server', async () => {
    const auth = t.makeAuth({ mailSender: async () => {} });
    const trusted = createAuthApi(auth, {
      database: t.database,
      isTrustedServer: (request) => request.headers.get('x-api-key') === 'server-key',
    });
    const email = `trusted${Date.now()}@example.com`;
    const post = (body: unknown, headers: Record<string, string>) =>
      trusted(
        setRemoteAddress(
          new Request(`${BASE_URL}${BASE_PATH}/${(body as { name?: string }).name ? 'register' : 'login'}`, {
            method: 'POST',
            headers: {
              origin: BASE_URL,
              'content-type': 'application/json',
              'x-mana-client-ip': '203.0.113.66',
              'user-agent': 'proxy/1',
              ...headers,
            },
            body: JSON.stringify(body),
          }),
          '192.0.2.1',
        ),
      );
    await post({ email, password: PASSWORD, name: 'T' }, {});
    const claimed = { email, password: PASSWORD, ipAddress: '198.51.100.9', userAgent: 'iPhone App/3.2' };
    const asServer = (await (await post(claimed, { 'x-api-key': 'server-key' })).json()) as {
      session: { ipAddress: string; userAgent: string };
    };
    expect(asServer.session).toMatchObject({ ipAddress: '198.51.100.9', userAgent: 'iPhone App/3.2' });
    const asClient = (await (await post(claimed, { 'x-api-key': 'wrong' })).json()) as {
      session: { ipAddress: string; userAgent: string };
    };
    expect(asClient.session).toMatchObject({ ipAddress: '192.0.2.1', userAgent: 'proxy/1' });
  });

  it('rejects wrong credentials with 401 INVALID_CREDENTIALS, the same for unknown emails', async () => {
    const a = await send('POST', '/login', { email: 'ghost@example.com', password: 'whatever-password' });
    expect(a.status).toBe(401);
    expect(a.body?.error.code).toBe('INVALID_CREDENTIALS');
  });
});
