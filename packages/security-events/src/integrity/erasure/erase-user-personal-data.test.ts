import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type MigratedDatabase, openMigratedDatabase } from '../../../test/helpers.js';
import { auditKeys, openIntegrityDatabase } from '../../../test/integrity-fixture.js';
import { SecurityEventsService } from '../../service/security-events-service.js';
import { proveEvent } from '../proof/prove-event.js';
import { verifyProof } from '../proof/verify-proof.js';
import { purgeChainedEvents } from '../retention/purge-chained-events.js';
import { verifyAuditLog } from '../verify/verify-audit-log.js';
import { eraseUserPersonalData } from './erase-user-personal-data.js';

const USER = 'user-erasure-7f3c1a';
const EMAIL = 'ada.erasure-7f3c1a@example.test';
const IP = '198.51.100.213';
const AGENT = 'EraseMeAgent/7.3c1a';

/** Rows of every table in the database whose text contains `needle` (any column, any table). */
async function findEverywhere(db: MigratedDatabase, needle: string): Promise<string[]> {
  const tables = (await db.database.query(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  )) as unknown as Array<{ name: string }>;
  const hits: string[] = [];
  for (const { name } of tables) {
    const [row] = (await db.database.query(
      `SELECT count(*)::int AS n FROM ${name} t WHERE strpos(t::text, $1) > 0`,
      [needle],
    )) as unknown as Array<{ n: number }>;
    if ((row?.n ?? 0) > 0) hits.push(name);
  }
  return hits;
}

describe('eraseUserPersonalData (integrity on)', () => {
  let db: MigratedDatabase;
  const keys = auditKeys();
  const verify = () => verifyAuditLog(db.database, { publicKey: keys.publicKey, commitKey: keys.commitKey });
  /** The values as given and as stored (the default privacy option stores IPs and emails as HMACs). */
  const needles: string[] = [USER, EMAIL, IP, AGENT];
  let storedEmail = '';

  beforeAll(async () => {
    db = await openIntegrityDatabase();
    await insertUser(db.database, USER, EMAIL);
    const service = new SecurityEventsService({
      database: db.database,
      logger: false,
      batchSize: 7,
      integrity: { commitKey: keys.commitKey, signingKey: keys.privateKey },
    });
    const occurredAt = new Date(Date.now() - 400 * 86_400_000);
    for (let i = 0; i < 21; i++)
      await service.logEvent({
        eventType: 'logout',
        userId: USER,
        ipAddress: IP,
        userAgent: AGENT,
        occurredAt,
      });
    await service.flush();
    for (let i = 0; i < 40; i++) {
      await service.logEvent({ eventType: 'logout', userId: USER, ipAddress: IP, userAgent: AGENT });
      await service.logEvent({
        eventType: 'login_failure',
        ipAddress: IP,
        metadata: { email: EMAIL, reason: 'x' },
      });
      await service.logEvent({
        eventType: 'logout',
        userId: 'u2',
        ipAddress: '203.0.113.5',
        userAgent: 'other/1',
      });
    }
    await service.close();
    storedEmail = service.storedEmail(EMAIL) as string;
    const [stored] = (await db.database.query(
      'SELECT ip_address FROM auth.security_events WHERE user_id = $1 LIMIT 1',
      [USER],
    )) as unknown as Array<{ ip_address: string }>;
    needles.push(storedEmail, stored!.ip_address);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('refuses to delete a user whose events still hold personal data, saying what to run', async () => {
    await expect(db.database.query('DELETE FROM auth.users WHERE id = $1', [USER])).rejects.toThrow(
      /still has audit events with personal data.*erase them first \(mana-auth audit erase --user/,
    );
    expect(await findEverywhere(db, storedEmail)).toEqual(['auth.security_events']);
    expect(await findEverywhere(db, AGENT)).toEqual(['auth.security_events']);
  });

  it('after a purge and an erasure the log verifies, and the values are nowhere in the database', async () => {
    const purged = await purgeChainedEvents(db.database, '365d', { signingKey: keys.privateKey });
    expect(purged.deleted).toBeGreaterThan(0);
    const [before] = (await db.database.query(
      'SELECT count(*)::int AS n FROM auth.security_events WHERE user_id = $1 OR metadata @> $2::jsonb',
      [USER, JSON.stringify({ email: storedEmail })],
    )) as unknown as Array<{ n: number }>;
    const result = await eraseUserPersonalData(db.database, {
      userId: USER,
      email: storedEmail,
      commitKey: keys.commitKey,
    });
    expect(result).toEqual({ erased: before?.n, pseudonym: null }); // user_id references auth.users: nulled
    expect(
      await eraseUserPersonalData(db.database, { userId: USER, commitKey: keys.commitKey }),
    ).toMatchObject({
      erased: 0,
    });
    // Events outlive the user now; the delete is no longer refused.
    await db.database.query('DELETE FROM auth.users WHERE id = $1', [USER]);
    const [kept] = (await db.database.query(
      'SELECT count(*)::int AS n FROM auth.security_events e JOIN auth.security_event_erasures x ON x.event_id = e.id',
    )) as unknown as Array<{ n: number }>;
    expect(kept?.n).toBe(before?.n);
    expect(await verify()).toMatchObject({ ok: true, divergence: null });
    for (const value of needles) expect(await findEverywhere(db, value), value).toEqual([]);
    // Another user's data is untouched.
    expect(await findEverywhere(db, 'other/1')).toEqual(['auth.security_events']);
  });

  it('proves an erased event, and still detects tampering with erased rows', async () => {
    const [row] = (await db.database.query(
      `SELECT e.id::text AS id FROM auth.security_events e JOIN auth.security_event_erasures x ON x.event_id = e.id
       JOIN auth.security_event_chain c ON e.id = ANY(c.event_ids) LIMIT 1`,
    )) as unknown as Array<{ id: string }>;
    const proof = await proveEvent(db.database, row!.id, { commitKey: keys.commitKey });
    expect(verifyProof(proof, keys.publicKey)).toEqual({ valid: true });
    await db.database.query(
      "UPDATE auth.security_event_erasures SET commitment = 'AAAA' WHERE event_id = $1",
      [row!.id],
    );
    expect((await verify()).divergence).toMatchObject({ kind: 'modified_row', eventId: row!.id });
    await db.database.query('DELETE FROM auth.security_event_erasures WHERE event_id = $1', [row!.id]);
    expect((await verify()).divergence).toMatchObject({ kind: 'modified_row', eventId: row!.id });
  });

  it('validates its options by name', async () => {
    await expect(eraseUserPersonalData(db.database, { commitKey: keys.commitKey })).rejects.toThrow(
      /Invalid option userId.*Pass userId, email or both/,
    );
    await expect(eraseUserPersonalData(db.database, { userId: 'u1', commitKey: 'short' })).rejects.toThrow(
      /Invalid option commitKey/,
    );
    await expect(
      // @ts-expect-error misspelt on purpose
      eraseUserPersonalData(db.database, { userid: 'u1', commitKey: keys.commitKey }),
    ).rejects.toThrow(/userid.*Did you mean "userId"/);
  });
});

describe('deleting a user with integrity off', () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('deletes their events with them (ON DELETE CASCADE, as the spec says)', async () => {
    await insertUser(db.database, 'leaving');
    const service = new SecurityEventsService({ database: db.database, logger: false });
    await service.logEvent({ eventType: 'logout', userId: 'leaving', userAgent: AGENT });
    await service.close();
    expect(await findEverywhere(db, AGENT)).toEqual(['auth.security_events']);
    await db.database.query("DELETE FROM auth.users WHERE id = 'leaving'");
    expect(await findEverywhere(db, AGENT)).toEqual([]);
  });
});
