import type { MailMessage, ManaAuth } from '@mana/auth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allEvents,
  call,
  type EventRow,
  Jar,
  makeAuth,
  PASSWORD,
  userIdOf,
} from '../../test/auth-harness.js';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsService } from '../security-events-service.js';
import { securityEvents } from './security-events-plugin.js';
import { sessionRef } from './session-ref.js';

const IP = '203.0.113.10';
const UA = 'Mozilla/5.0 (TestOS) Browser/1.0';

describe('securityEvents plugin on a real auth-core instance', () => {
  let db: MigratedDatabase;
  let service: SecurityEventsService;
  let auth: ManaAuth;
  const mails: MailMessage[] = [];
  const seen = new Set<string>();
  const secrets = new Set<string>([
    PASSWORD,
    'Wrong-Password-123',
    'New-Password-4567',
    'Reset-Password-890',
  ]);
  let counter = 0;

  /** Rows written since the previous call. */
  const fresh = async (): Promise<EventRow[]> => {
    await service.flush();
    const rows = (await allEvents(db)).filter((row) => !seen.has(row.id));
    for (const row of rows) seen.add(row.id);
    return rows;
  };
  const email = () => `user${++counter}@example.test`;
  const signUp = async (address = email()) => {
    const jar = new Jar();
    const reply = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'Test User' },
      jar,
      ip: IP,
      userAgent: UA,
    });
    expect(reply.status).toBe(200);
    secrets.add(String(reply.body?.token));
    await fresh();
    return { email: address, userId: userIdOf(reply), jar };
  };
  const signIn = async (address: string, ip = IP) => {
    const jar = new Jar();
    const reply = await call(auth, 'POST', '/sign-in/email', {
      body: { email: address, password: PASSWORD },
      jar,
      ip,
      userAgent: UA,
    });
    expect(reply.status).toBe(200);
    secrets.add(String(reply.body?.token));
    return { jar, token: String(reply.body?.token) };
  };

  beforeAll(async () => {
    db = await openMigratedDatabase();
    service = new SecurityEventsService({ database: db.database, logger: false, flushIntervalMs: 10 });
    auth = makeAuth(db, {
      mailSender: async (message) => {
        mails.push(message);
      },
      plugins: [securityEvents(service)],
    });
  });
  afterAll(async () => {
    await service.close();
    await db.close();
  });

  it('signup: the new user, the client IP and user agent, how and whether a session began', async () => {
    const address = email();
    const reply = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'New User' },
      ip: IP,
      userAgent: UA,
    });
    expect(reply.status).toBe(200);
    secrets.add(String(reply.body?.token));
    const [row, ...rest] = await fresh();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      user_id: userIdOf(reply),
      event_type: 'signup',
      ip_address: IP,
      user_agent: UA,
      metadata: { method: 'email', autoSignIn: true, sessionRef: sessionRef(String(reply.body?.token)) },
    });
    expect(Date.now() - (row?.created_at.getTime() ?? 0)).toBeLessThan(5_000);
  });

  it('signup_failure: email taken or password too short, with the reason and no user id', async () => {
    const { email: taken } = await signUp();
    const duplicate = await call(auth, 'POST', '/sign-up/email', {
      body: { email: taken, password: PASSWORD, name: 'Again' },
      ip: IP,
      userAgent: UA,
    });
    const short = await call(auth, 'POST', '/sign-up/email', {
      body: { email: email(), password: 'short', name: 'S' },
      ip: IP,
      userAgent: UA,
    });
    expect([duplicate.status, short.status]).toEqual([422, 400]);
    const rows = await fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent])).toEqual([
      ['signup_failure', null, IP, UA],
      ['signup_failure', null, IP, UA],
    ]);
    expect(rows[0]?.metadata).toEqual({ reason: 'email_taken', status: 422, method: 'email', email: taken });
    expect(rows[1]?.metadata).toMatchObject({ reason: 'password_too_short', status: 400 });
  });

  it("login_success: the user and the spec's login fields (rememberMe, deviceId, client ipAddress/userAgent)", async () => {
    const { email: address, userId } = await signUp();
    const reply = await call(auth, 'POST', '/sign-in/email', {
      body: {
        email: address,
        password: PASSWORD,
        rememberMe: true,
        deviceId: 'device-42',
        ipAddress: '198.51.100.7',
        userAgent: 'MobileApp/3.1',
      },
      ip: IP,
      userAgent: UA,
    });
    expect(reply.status).toBe(200);
    secrets.add(String(reply.body?.token));
    const [row, ...rest] = await fresh();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      user_id: userId,
      event_type: 'login_success',
      ip_address: IP,
      user_agent: UA,
    });
    expect(row?.metadata).toEqual({
      method: 'email',
      sessionRef: sessionRef(String(reply.body?.token)),
      rememberMe: true,
      deviceId: 'device-42',
      clientIpAddress: '198.51.100.7',
      clientUserAgent: 'MobileApp/3.1',
    });
  });

  it('login_failure: the same row for a wrong password and an unknown email, never a user id', async () => {
    const { email: address } = await signUp();
    const wrong = await call(auth, 'POST', '/sign-in/email', {
      body: { email: address, password: 'Wrong-Password-123' },
      ip: IP,
      userAgent: UA,
    });
    const unknown = await call(auth, 'POST', '/sign-in/email', {
      body: { email: 'nobody@example.test', password: 'Wrong-Password-123' },
      ip: IP,
      userAgent: UA,
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const rows = await fresh();
    expect(rows).toHaveLength(2);
    for (const [row, tried] of [
      [rows[0], address],
      [rows[1], 'nobody@example.test'],
    ] as const) {
      expect(row).toMatchObject({
        user_id: null,
        event_type: 'login_failure',
        ip_address: IP,
        user_agent: UA,
      });
      expect(row?.metadata).toEqual({
        reason: 'invalid_credentials',
        status: 401,
        method: 'email',
        email: tried,
      });
    }
  });

  it('logout: the user and the session it ended', async () => {
    const { email: address, userId } = await signUp();
    const { jar, token } = await signIn(address);
    await fresh();
    const reply = await call(auth, 'POST', '/sign-out', { body: {}, jar, ip: IP, userAgent: UA });
    expect(reply.status).toBe(200);
    const rows = await fresh();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: userId,
      event_type: 'logout',
      ip_address: IP,
      user_agent: UA,
      metadata: { sessionRef: sessionRef(token) },
    });
    // Signing out without a session decides nothing and logs nothing.
    await call(auth, 'POST', '/sign-out', { body: {}, ip: IP });
    expect(await fresh()).toEqual([]);
  });

  it('token_refresh: every access token minted at /token, never the token itself', async () => {
    const { email: address, userId } = await signUp();
    const { jar, token } = await signIn(address);
    await fresh();
    const reply = await call(auth, 'GET', '/token', { jar, ip: IP, userAgent: UA });
    expect(reply.status).toBe(200);
    secrets.add(String(reply.body?.token));
    const rows = await fresh();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: userId,
      event_type: 'token_refresh',
      ip_address: IP,
      user_agent: UA,
      metadata: { sessionRef: sessionRef(token) },
    });
    expect((await call(auth, 'GET', '/token', { ip: IP })).status).toBe(401);
    expect(await fresh()).toEqual([]);
  });

  it('password_change and password_change_failure, and the sessions a change revokes', async () => {
    const { email: address, userId, jar } = await signUp();
    const failed = await call(auth, 'POST', '/change-password', {
      body: { currentPassword: 'Wrong-Password-123', newPassword: 'New-Password-4567' },
      jar,
      ip: IP,
      userAgent: UA,
    });
    expect(failed.status).toBe(400);
    const changed = await call(auth, 'POST', '/change-password', {
      body: { currentPassword: PASSWORD, newPassword: 'New-Password-4567', revokeOtherSessions: true },
      jar,
      ip: IP,
      userAgent: UA,
    });
    expect(changed.status).toBe(200);
    secrets.add(String(changed.body?.token));
    const rows = await fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent, r.metadata])).toEqual([
      ['password_change_failure', userId, IP, UA, { reason: 'invalid_password', status: 400 }],
      ['password_change', userId, IP, UA, { sessionRef: expect.any(String), revokedOtherSessions: true }],
      ['sessions_revoked_all', userId, IP, UA, { scope: 'others', cause: 'password_change' }],
    ]);
    expect(address).toBeTruthy();
  });

  it('password_reset_requested: no user id and the same row whether or not the email exists', async () => {
    const { email: address } = await signUp();
    const known = await call(auth, 'POST', '/request-password-reset', {
      body: { email: address },
      ip: IP,
      userAgent: UA,
    });
    const unknown = await call(auth, 'POST', '/request-password-reset', {
      body: { email: 'ghost@example.test' },
      ip: IP,
      userAgent: UA,
    });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    const rows = await fresh();
    expect(rows.map(({ id: _id, created_at: _at, ...rest }) => rest)).toEqual([
      {
        user_id: null,
        event_type: 'password_reset_requested',
        ip_address: IP,
        user_agent: UA,
        metadata: { email: address },
      },
      {
        user_id: null,
        event_type: 'password_reset_requested',
        ip_address: IP,
        user_agent: UA,
        metadata: { email: 'ghost@example.test' },
      },
    ]);
  });

  it('password_reset_completed for a valid token, password_reset_failure for a bad one', async () => {
    const { email: address, userId } = await signUp();
    await call(auth, 'POST', '/request-password-reset', { body: { email: address }, ip: IP });
    await expect.poll(() => mails.some((m) => m.to === address)).toBe(true);
    const url = mails.find((m) => m.to === address)?.url ?? '';
    const token = /reset-password\/([^/?]+)/.exec(url)?.[1] ?? '';
    secrets.add(token);
    await fresh();
    const bad = await call(auth, 'POST', '/reset-password', {
      body: { token: 'not-a-real-token', newPassword: 'Reset-Password-890' },
      ip: IP,
      userAgent: UA,
    });
    const good = await call(auth, 'POST', '/reset-password', {
      body: { token, newPassword: 'Reset-Password-890' },
      ip: IP,
      userAgent: UA,
    });
    expect([bad.status, good.status]).toEqual([400, 200]);
    const rows = await fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent, r.metadata])).toEqual([
      ['password_reset_failure', null, IP, UA, { reason: 'invalid_token', status: 400 }],
      ['password_reset_completed', userId, IP, UA, { sessionsRevoked: true }],
    ]);
  });

  it("session_revoked: one of the user's sessions; nothing for someone else's token", async () => {
    const { email: address, userId } = await signUp();
    const first = await signIn(address);
    const second = await signIn(address);
    const stranger = await signUp();
    const strangerSession = await signIn(stranger.email);
    await fresh();
    const other = await call(auth, 'POST', '/revoke-session', {
      body: { token: strangerSession.token },
      jar: first.jar,
      ip: IP,
      userAgent: UA,
    });
    expect(other.status).toBe(200);
    expect(await fresh()).toEqual([]);
    const reply = await call(auth, 'POST', '/revoke-session', {
      body: { token: second.token },
      jar: first.jar,
      ip: IP,
      userAgent: UA,
    });
    expect(reply.status).toBe(200);
    const rows = await fresh();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: userId,
      event_type: 'session_revoked',
      ip_address: IP,
      user_agent: UA,
      metadata: { sessionRef: sessionRef(second.token), current: false },
    });
  });

  it('sessions_revoked_all: every session, or every other one', async () => {
    const { email: address, userId } = await signUp();
    const first = await signIn(address);
    await signIn(address);
    await fresh();
    expect(
      (
        await call(auth, 'POST', '/revoke-other-sessions', {
          body: {},
          jar: first.jar,
          ip: IP,
          userAgent: UA,
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(auth, 'POST', '/revoke-sessions', { body: {}, jar: first.jar, ip: IP, userAgent: UA }))
        .status,
    ).toBe(200);
    const rows = await fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.metadata])).toEqual([
      ['sessions_revoked_all', userId, IP, { scope: 'others' }],
      ['sessions_revoked_all', userId, IP, { scope: 'all' }],
    ]);
  });

  it('stores no password, token, session id or session token anywhere', async () => {
    const sessions = await db.database.query<{ id: string; token: string }>(
      'SELECT id, token FROM auth.sessions',
    );
    for (const s of sessions) secrets.add(s.id).add(s.token);
    const dump = JSON.stringify(await allEvents(db));
    expect(seen.size).toBeGreaterThan(20);
    for (const secret of secrets) {
      if (secret && secret !== 'undefined' && secret !== 'null') expect(dump).not.toContain(secret);
    }
    expect(dump).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(dump).not.toMatch(/password"\s*:\s*"(?!\[REDACTED\])/i);
  });
});
