import type { ManaAuth } from '@mana/auth-core';
import type { BetterAuthPlugin } from 'better-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, call, Jar, makeAuth, PASSWORD, type Reply, userIdOf } from '../../test/auth-harness.js';
import { countEvents, type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { auditKeys, openIntegrityDatabase } from '../../test/integrity-fixture.js';
import { verifyAuditLog } from '../integrity/verify/verify-audit-log.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import type { SecurityEventsLogEntry } from '../writer/logger.js';
import { securityEvents } from './security-events-plugin.js';

const IP = '198.51.100.77';
const UA = 'DeleteMeBrowser/4.2';

/** Turns on Better Auth's `/delete-user` (auth-core has no option for it). */
const deleteUserEnabled: BetterAuthPlugin = {
  id: 'test-delete-user-enabled',
  init: () => ({ options: { user: { deleteUser: { enabled: true } } } }),
};

/** Tables (any column) whose row text contains `needle`. */
async function findEverywhere(db: MigratedDatabase, needle: string): Promise<string[]> {
  const tables = await db.database.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const hits: string[] = [];
  for (const { name } of tables) {
    const [row] = await db.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${name} t WHERE strpos(t::text, $1) > 0`,
      [needle],
    );
    if ((row?.n ?? 0) > 0) hits.push(name);
  }
  return hits;
}

const post = (auth: ManaAuth, path: string, body: unknown, jar?: Jar): Promise<Reply> =>
  call(auth, 'POST', path, { body, ip: IP, userAgent: UA, ...(jar ? { jar } : {}) });

/** A user who failed to sign in before signing up, signed up, failed once and signed in. */
async function userWithHistory(auth: ManaAuth, email: string): Promise<{ userId: string; jar: Jar }> {
  expect((await post(auth, '/sign-in/email', { email, password: 'Wrong-Password-1' })).status).toBe(401);
  const jar = new Jar();
  const signedUp = await post(auth, '/sign-up/email', { email, password: PASSWORD, name: 'Ada' }, jar);
  expect(signedUp.status).toBe(200);
  expect((await post(auth, '/sign-in/email', { email, password: 'Wrong-Password-1' })).status).toBe(401);
  expect((await post(auth, '/sign-in/email', { email, password: PASSWORD }, jar)).status).toBe(200);
  return { userId: userIdOf(signedUp), jar };
}

const userExists = async (db: MigratedDatabase, id: string) =>
  (await db.database.query('SELECT 1 FROM auth.users WHERE id = $1', [id])).length === 1;

describe('securityEvents plugin: deleting a user with integrity on', () => {
  let db: MigratedDatabase;
  let service: SecurityEventsService;
  let auth: ManaAuth;
  const keys = auditKeys();
  const log: SecurityEventsLogEntry[] = [];
  const verify = () => verifyAuditLog(db.database, { publicKey: keys.publicKey, commitKey: keys.commitKey });

  beforeAll(async () => {
    db = await openIntegrityDatabase();
    service = new SecurityEventsService({
      database: db.database,
      logger: (entry) => log.push(entry),
      flushIntervalMs: 10,
      integrity: { commitKey: keys.commitKey, signingKey: keys.privateKey },
    });
    auth = makeAuth(db, { plugins: [securityEvents(service), deleteUserEnabled] });
  });
  afterAll(async () => {
    await service.close();
    await db.close();
  });

  it('erases their personal data first, then deletes them; the events stay and verify', async () => {
    const email = 'ada.leaving-5e1b@example.test';
    const { userId, jar } = await userWithHistory(auth, email);
    await service.flush();
    const before = (await allEvents(db)).filter(
      (row) => row.user_id === userId || row.metadata?.email === service.storedEmail(email),
    );
    expect(before.map((row) => row.event_type).sort()).toEqual([
      'login_failure',
      'login_failure',
      'login_success',
      'signup',
    ]);
    // Queued, not yet written: the erasure writes the queue first, so this one is erased too.
    service.record({ eventType: 'token_refresh', userId, ipAddress: IP, userAgent: UA });

    const deleted = await post(auth, '/delete-user', { password: PASSWORD }, jar);
    expect(deleted.status).toBe(200);
    expect(await userExists(db, userId)).toBe(false);

    await service.flush();
    const ids = new Set(before.map((row) => row.id));
    const after = await allEvents(db);
    const kept = after.filter((row) => ids.has(row.id));
    expect(kept).toHaveLength(before.length);
    const refresh = after.filter((row) => row.event_type === 'token_refresh');
    expect(refresh).toHaveLength(1);
    for (const row of [...kept, ...refresh]) {
      expect(row).toMatchObject({ user_id: null, ip_address: null, user_agent: null });
      expect(row.metadata?.email ?? null).toBeNull();
    }
    expect(await verify()).toMatchObject({ ok: true, divergence: null });
    const stored = [service.storedEmail(email) ?? email, service.storedIpAddress(IP) ?? IP];
    for (const needle of [userId, email, IP, UA, ...stored])
      expect(await findEverywhere(db, needle), needle).toEqual([]);
    expect(log.filter((entry) => entry.level !== 'info')).toEqual([]);
  });

  it('a direct SQL delete of a user whose events are not erased is still refused', async () => {
    const { userId } = await userWithHistory(auth, 'grace.staying-5e1b@example.test');
    await service.flush();
    await expect(db.database.query('DELETE FROM auth.users WHERE id = $1', [userId])).rejects.toThrow(
      /still has audit events with personal data.*erase them first/,
    );
    expect(await userExists(db, userId)).toBe(true);
  });

  it('when the erasure fails the user is not deleted, and the failure is logged without the user', async () => {
    const email = 'linus.failing-5e1b@example.test';
    const { userId, jar } = await userWithHistory(auth, email);
    await service.flush();
    const events = await countEvents(db.database);
    await db.database.query('ALTER TABLE auth.security_event_erasures RENAME TO erasures_away');
    try {
      const refused = await post(auth, '/delete-user', { password: PASSWORD }, jar);
      expect(refused.status).toBeGreaterThanOrEqual(500);
    } finally {
      await db.database.query('ALTER TABLE auth.erasures_away RENAME TO security_event_erasures');
    }
    expect(await userExists(db, userId)).toBe(true);
    expect(await countEvents(db.database)).toBe(events);
    const failures = log.filter((entry) => entry.event === 'erasure_failed');
    expect(failures).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('security_event_erasures'),
      }),
    ]);
    const text = JSON.stringify(failures);
    for (const value of [userId, email, service.storedEmail(email) ?? email, keys.commitKey])
      expect(text).not.toContain(value);
  });
});

describe('securityEvents plugin: deleting a user with integrity off', () => {
  let db: MigratedDatabase;
  let service: SecurityEventsService;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    service = new SecurityEventsService({ database: db.database, logger: false, flushIntervalMs: 10 });
  });
  afterAll(async () => {
    await service.close();
    await db.close();
  });

  it('deletes the user and the cascade deletes their events (no erasure hook)', async () => {
    const auth = makeAuth(db, { plugins: [securityEvents(service), deleteUserEnabled] });
    const { userId, jar } = await userWithHistory(auth, 'off.leaving-5e1b@example.test');
    await service.flush();
    expect((await allEvents(db)).some((row) => row.user_id === userId)).toBe(true);
    expect((await post(auth, '/delete-user', { password: PASSWORD }, jar)).status).toBe(200);
    expect(await userExists(db, userId)).toBe(false);
    expect((await allEvents(db)).some((row) => row.user_id === userId)).toBe(false);
  });

  it('the service refuses to erase without integrity (nothing to keep a commitment of)', async () => {
    expect(service.hasIntegrity).toBe(false);
    await expect(service.eraseUserPersonalData({ userId: 'someone' })).rejects.toMatchObject({
      name: 'SecurityEventsError',
      code: 'INVALID_OPTION',
      message: expect.stringContaining('integrity'),
    });
  });
});
