import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, PASSWORD, sessionTokenOf, userIdOf } from '../../test/auth-harness.js';
import { expectNoSecrets, IP, type PluginTest, setupPluginTest, UA } from '../../test/plugin-fixture.js';
import { sessionRef } from './session-ref.js';

// Each event type produced by driving a real auth-core (Better Auth) instance through its
// endpoints; every row is checked column by column.
describe('securityEvents plugin: sign-up, sign-in, sign-out, tokens', () => {
  let t: PluginTest;
  beforeAll(async () => {
    t = await setupPluginTest('signin');
  });
  afterAll(() => t.close());

  it('signup: the new user, the client IP and user agent, how and whether a session began', async () => {
    const address = t.email();
    const reply = await t.post('/sign-up/email', { email: address, password: PASSWORD, name: 'New User' });
    expect(reply.status).toBe(200);
    t.secrets.add(sessionTokenOf(reply));
    const [row, ...rest] = await t.fresh();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      user_id: userIdOf(reply),
      event_type: 'signup',
      ip_address: t.ip(IP),
      user_agent: UA,
      metadata: { method: 'email', autoSignIn: true, sessionRef: sessionRef(sessionTokenOf(reply)) },
    });
    expect(Date.now() - (row?.created_at.getTime() ?? 0)).toBeLessThan(5_000);
  });

  it('signup_failure: email taken or password too short, with the reason and no user id', async () => {
    const { email: taken } = await t.signUp();
    const duplicate = await t.post('/sign-up/email', { email: taken, password: PASSWORD, name: 'Again' });
    const short = await t.post('/sign-up/email', { email: t.email(), password: 'short', name: 'S' });
    expect([duplicate.status, short.status]).toEqual([422, 400]);
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent])).toEqual([
      ['signup_failure', null, t.ip(IP), UA],
      ['signup_failure', null, t.ip(IP), UA],
    ]);
    expect(rows[0]?.metadata).toEqual({
      reason: 'email_taken',
      status: 422,
      method: 'email',
      email: t.mail(taken),
    });
    expect(rows[1]?.metadata).toMatchObject({ reason: 'password_too_short', status: 400 });
  });

  it("login_success: the user and the spec's login fields (rememberMe, deviceId, client ipAddress/userAgent)", async () => {
    const { email: address, userId } = await t.signUp();
    const reply = await t.post('/sign-in/email', {
      email: address,
      password: PASSWORD,
      rememberMe: true,
      deviceId: 'device-42',
      ipAddress: '198.51.100.7',
      userAgent: 'MobileApp/3.1',
    });
    expect(reply.status).toBe(200);
    t.secrets.add(sessionTokenOf(reply));
    const row = await t.onlyRow({ user_id: userId, event_type: 'login_success' });
    expect(row.metadata).toEqual({
      method: 'email',
      sessionRef: sessionRef(sessionTokenOf(reply)),
      rememberMe: true,
      deviceId: 'device-42',
      clientIpAddress: t.ip('198.51.100.7'),
      clientUserAgent: 'MobileApp/3.1',
    });
  });

  it('login_failure: the same row for a wrong password and an unknown email, never a user id', async () => {
    const { email: address } = await t.signUp();
    const wrong = await t.post('/sign-in/email', { email: address, password: 'Wrong-Password-123' });
    const unknown = await t.post('/sign-in/email', {
      email: 'nobody@example.test',
      password: 'Wrong-Password-123',
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const rows = await t.fresh();
    expect(rows).toHaveLength(2);
    for (const [row, tried] of [
      [rows[0], address],
      [rows[1], 'nobody@example.test'],
    ] as const) {
      expect(row).toMatchObject({
        user_id: null,
        event_type: 'login_failure',
        ip_address: t.ip(IP),
        user_agent: UA,
      });
      expect(row?.metadata).toEqual({
        reason: 'invalid_credentials',
        status: 401,
        method: 'email',
        email: t.mail(tried),
      });
    }
  });

  it('logout: the user and the session it ended', async () => {
    const { email: address, userId } = await t.signUp();
    const { jar, token } = await t.signIn(address);
    await t.fresh();
    const reply = await call(t.auth, 'POST', '/sign-out', { body: {}, jar, ip: IP, userAgent: UA });
    expect(reply.status).toBe(200);
    await t.onlyRow({ user_id: userId, event_type: 'logout', metadata: { sessionRef: sessionRef(token) } });
    // Signing out without a session decides nothing and logs nothing.
    await call(t.auth, 'POST', '/sign-out', { body: {}, ip: IP });
    expect(await t.fresh()).toEqual([]);
  });

  it('token_refresh: every access token minted at /token, never the token itself', async () => {
    const { email: address, userId } = await t.signUp();
    const { jar, token } = await t.signIn(address);
    await t.fresh();
    const reply = await call(t.auth, 'GET', '/token', { jar, ip: IP, userAgent: UA });
    expect(reply.status).toBe(200);
    t.secrets.add(String(reply.body?.token));
    await t.onlyRow({
      user_id: userId,
      event_type: 'token_refresh',
      metadata: { sessionRef: sessionRef(token) },
    });
    // Refused without a session: no token_refresh, but a token_refresh_failure (coverage-flows.test.ts).
    expect((await call(t.auth, 'GET', '/token', { ip: IP })).status).toBe(401);
    expect((await t.fresh()).map((r) => r.event_type)).toEqual(['token_refresh_failure']);
  });

  it('stores no password, token, session id or session token anywhere', async () => {
    expect((await t.db.database.query('SELECT 1 FROM auth.security_events')).length).toBeGreaterThan(8);
    await expectNoSecrets(t);
  });
});
