import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, PASSWORD, sessionTokenOf } from '../../test/auth-harness.js';
import { expectNoSecrets, IP, type PluginTest, setupPluginTest, UA } from '../../test/plugin-fixture.js';
import { sessionRef } from './session-ref.js';

// Each event type produced by driving a real auth-core (Better Auth) instance through its
// endpoints; every row is checked column by column.
describe('securityEvents plugin: passwords and sessions', () => {
  let t: PluginTest;
  beforeAll(async () => {
    t = await setupPluginTest('account');
  });
  afterAll(() => t.close());

  it('password_change and password_change_failure, and the sessions a change revokes', async () => {
    const { email: address, userId, jar } = await t.signUp();
    const failed = await t.post(
      '/change-password',
      { currentPassword: 'Wrong-Password-123', newPassword: 'New-Password-4567' },
      { jar: jar },
    );
    expect(failed.status).toBe(400);
    const changed = await t.post(
      '/change-password',
      { currentPassword: PASSWORD, newPassword: 'New-Password-4567', revokeOtherSessions: true },
      { jar: jar },
    );
    expect(changed.status).toBe(200);
    t.secrets.add(sessionTokenOf(changed));
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent, r.metadata])).toEqual([
      ['password_change_failure', userId, t.ip(IP), UA, { reason: 'invalid_password', status: 400 }],
      [
        'password_change',
        userId,
        t.ip(IP),
        UA,
        { sessionRef: expect.any(String), revokedOtherSessions: true },
      ],
      ['sessions_revoked_all', userId, t.ip(IP), UA, { scope: 'others', cause: 'password_change' }],
    ]);
    expect(address).toBeTruthy();
  });

  it('password_reset_requested: no user id and the same row whether or not the email exists', async () => {
    const { email: address } = await t.signUp();
    const known = await t.post('/request-password-reset', { email: address });
    const unknown = await t.post('/request-password-reset', { email: 'ghost@example.test' });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    const rows = await t.fresh();
    expect(rows.map(({ id: _id, created_at: _at, ...rest }) => rest)).toEqual([
      {
        user_id: null,
        event_type: 'password_reset_requested',
        ip_address: t.ip(IP),
        user_agent: UA,
        metadata: { email: t.mail(address) },
      },
      {
        user_id: null,
        event_type: 'password_reset_requested',
        ip_address: t.ip(IP),
        user_agent: UA,
        metadata: { email: t.mail('ghost@example.test') },
      },
    ]);
  });

  it('password_reset_completed for a valid token, password_reset_failure for a bad one', async () => {
    const { email: address, userId } = await t.signUp();
    await call(t.auth, 'POST', '/request-password-reset', { body: { email: address }, ip: IP });
    await expect.poll(() => t.mails.some((m) => m.to === address)).toBe(true);
    const url = t.mails.find((m) => m.to === address)?.url ?? '';
    const token = /reset-password\/([^/?]+)/.exec(url)?.[1] ?? '';
    t.secrets.add(token);
    await t.fresh();
    const bad = await t.post('/reset-password', {
      token: 'not-a-real-token',
      newPassword: 'Reset-Password-890',
    });
    const good = await t.post('/reset-password', { token, newPassword: 'Reset-Password-890' });
    expect([bad.status, good.status]).toEqual([400, 200]);
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent, r.metadata])).toEqual([
      ['password_reset_failure', null, t.ip(IP), UA, { reason: 'invalid_token', status: 400 }],
      ['password_reset_completed', userId, t.ip(IP), UA, { sessionsRevoked: true }],
    ]);
  });

  it("session_revoked: one of the user's sessions; nothing for someone else's token", async () => {
    const { email: address, userId } = await t.signUp();
    const first = await t.signIn(address);
    const second = await t.signIn(address);
    const stranger = await t.signUp();
    const strangerSession = await t.signIn(stranger.email);
    await t.fresh();
    const other = await t.post('/revoke-session', { token: strangerSession.token }, { jar: first.jar });
    expect(other.status).toBe(200);
    expect(await t.fresh()).toEqual([]);
    const reply = await t.post('/revoke-session', { token: second.token }, { jar: first.jar });
    expect(reply.status).toBe(200);
    const rows = await t.fresh();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: userId,
      event_type: 'session_revoked',
      ip_address: t.ip(IP),
      user_agent: UA,
      metadata: { sessionRef: sessionRef(second.token), current: false },
    });
  });

  it('sessions_revoked_all: every session, or every other one', async () => {
    const { email: address, userId } = await t.signUp();
    const first = await t.signIn(address);
    await t.signIn(address);
    await t.fresh();
    expect((await t.post('/revoke-other-sessions', {}, { jar: first.jar })).status).toBe(200);
    expect(
      (await call(t.auth, 'POST', '/revoke-sessions', { body: {}, jar: first.jar, ip: IP, userAgent: UA }))
        .status,
    ).toBe(200);
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.metadata])).toEqual([
      ['sessions_revoked_all', userId, t.ip(IP), { scope: 'others' }],
      ['sessions_revoked_all', userId, t.ip(IP), { scope: 'all' }],
    ]);
  });

  it('stores no password, token, session id or session token anywhere', async () => {
    expect((await t.db.database.query('SELECT 1 FROM auth.security_events')).length).toBeGreaterThan(8);
    await expectNoSecrets(t);
  });
});
