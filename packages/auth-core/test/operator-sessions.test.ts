import { ManaError } from '@mana/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaAuth } from '../src/create-auth.js';
import { ManaAuthConfigError } from '../src/errors.js';
import { listUserSessions, revokeSessions, SessionAdminError } from '../src/operator/index.js';
import { type AuthTestContext, setupAuthTest } from './harness.js';
import { signedInSession } from './revocation-harness.js';

let t: AuthTestContext;
let auth: ManaAuth;

beforeAll(async () => {
  t = await setupAuthTest();
  auth = t.makeAuth();
});
afterAll(async () => {
  await auth.revocations.close();
  await t.close();
});

const userIdOf = async (sessionId: string) =>
  (
    await t.database.query<{ user_id: string }>('SELECT user_id FROM auth.sessions WHERE id = $1', [
      sessionId,
    ])
  )[0]!.user_id;

describe('listUserSessions / revokeSessions (library)', () => {
  it('lists live sessions only unless includeExpired, newest first, without tokens', async () => {
    const first = await signedInSession(auth);
    const second = await signedInSession(auth, first.email);
    await t.database.query(
      "UPDATE auth.sessions SET expires_at = now() - interval '1 minute' WHERE id = $1",
      [first.id],
    );
    const live = await listUserSessions(t.database, { user: first.email });
    // Sign-up opened a session too.
    expect(live.sessions.map((s) => s.id)).toHaveLength(2);
    expect(live.sessions[0]?.id).toBe(second.id);
    expect(live.sessions.map((s) => s.id)).not.toContain(first.id);
    const all = await listUserSessions(t.database, { user: await userIdOf(second.id), includeExpired: true });
    expect(all.sessions.map((s) => s.id)).toEqual([second.id, first.id, live.sessions[1]?.id]);
    expect(JSON.stringify(all)).not.toContain(second.token);
    expect(all.sessions[0]).not.toHaveProperty('inRedis');
  });

  it('revokes through a given registry: this instance refuses at once, the row is gone', async () => {
    const s = await signedInSession(auth);
    const result = await revokeSessions(t.database, { sessionId: s.id }, { registry: auth.revocations });
    expect(result.sessionIds).toEqual([s.id]);
    expect(auth.revocations.isSessionRevoked(s.id)).toBe(true);
    expect(auth.revocations.isTokenRevoked(s.token)).toBe(true);
    expect(await t.database.query('SELECT id FROM auth.sessions WHERE id = $1', [s.id])).toEqual([]);
  });

  it('names unknown users and sessions with codes, and refuses bad options and targets', async () => {
    const unknownUser = await listUserSessions(t.database, { user: 'ghost@example.com' }).catch(
      (e: unknown) => e,
    );
    expect(unknownUser).toBeInstanceOf(SessionAdminError);
    expect(unknownUser).toBeInstanceOf(ManaError);
    expect(unknownUser).toMatchObject({
      code: 'USER_NOT_FOUND',
      message: 'no user with email "ghost@example.com"',
    });
    await expect(revokeSessions(t.database, { sessionId: 'ghost' })).rejects.toMatchObject({
      code: 'SESSION_NOT_FOUND',
      fix: expect.stringContaining('listUserSessions'),
    });
    await expect(revokeSessions(t.database, { user: 'a', sessionId: 'b' } as never)).rejects.toThrow(
      ManaAuthConfigError,
    );
    await expect(revokeSessions(t.database, { user: 'a' }, { redisPrefix: 'x' } as never)).rejects.toThrow(
      /redisPrefix: unknown option.*did you mean "redisKeyPrefix"/,
    );
  });
});
