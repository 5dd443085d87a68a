import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type MigratedDatabase, openMigratedDatabase } from '../../../test/helpers.js';
import { type AuditKeys, auditKeys, openIntegrityDatabase } from '../../../test/integrity-fixture.js';
import { migrateSecurityEvents } from '../../schema/migrate-security-events.js';
import { SecurityEventsService } from '../../service/security-events-service.js';
import type { AuditCheckpoint } from '../checkpoint.js';
import { eraseUserPersonalData } from '../erasure/erase-user-personal-data.js';
import { migrateAuditIntegrity } from '../integrity-migrations.js';
import { verifyAuditLog } from '../verify/verify-audit-log.js';
import { purgeChainedEvents } from './purge-chained-events.js';

const DAY = 86_400_000;
const ago = (days: number, i = 0) => new Date(Date.now() - days * DAY + i * 1000);

/** One service, one chain (one worker), batches of 10; `groups` are flushed one by one. */
async function writeChain(db: MigratedDatabase, keys: AuditKeys, groups: Date[][], sink: AuditCheckpoint[]) {
  const service = new SecurityEventsService({
    database: db.database,
    logger: false,
    maxConcurrentWrites: 1,
    batchSize: 10,
    flushIntervalMs: 60_000,
    integrity: {
      commitKey: keys.commitKey,
      signingKey: keys.privateKey,
      checkpointSink: (cp) => void sink.push(cp),
    },
  });
  for (const group of groups) {
    for (const occurredAt of group)
      await service.logEvent({ eventType: 'logout', userId: 'u1', ipAddress: '203.0.113.9', occurredAt });
    await service.flush();
  }
  await service.close();
}

describe('purgeChainedEvents (retention at batch boundaries)', () => {
  let db: MigratedDatabase;
  const keys = auditKeys();
  const sink: AuditCheckpoint[] = [];
  const verify = (checkpoints: AuditCheckpoint[] = sink) =>
    verifyAuditLog(db.database, { publicKey: keys.publicKey, commitKey: keys.commitKey, checkpoints });
  const query = async <T>(sql: string, params: unknown[] = []) =>
    (await db.database.query(sql, params)) as unknown as T[];

  beforeAll(async () => {
    db = await openIntegrityDatabase();
    const old = (n: number, days: number) => Array.from({ length: n }, (_, i) => ago(days, i));
    // Chain A: 25 old events, then one batch of 5 old + 5 recent (it straddles the cutoff), then 20 recent.
    await writeChain(db, keys, [old(25, 400), [...old(5, 399), ...old(5, 10)], old(20, 5)], sink);
    // Chain B: only old events: purged whole.
    await writeChain(db, keys, [old(20, 500)], sink);
    // Rows written before integrity was on (in no chain): 7 old ones go too, the recent one stays.
    await db.database.query(
      `INSERT INTO auth.security_events (event_type, created_at)
       SELECT 'logout', now() - interval '600 days' FROM generate_series(1, 7)
       UNION ALL SELECT 'logout', now() - interval '100 days'`,
    );
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('sets up a straddling batch, and the plain purge refuses a chained log', async () => {
    const [straddling] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM auth.security_event_chain c WHERE
         EXISTS (SELECT 1 FROM auth.security_events e WHERE e.id = ANY(c.event_ids) AND e.created_at < now() - interval '365 days')
         AND EXISTS (SELECT 1 FROM auth.security_events e WHERE e.id = ANY(c.event_ids) AND e.created_at >= now() - interval '365 days')`,
    );
    expect(straddling?.n).toBe(1);
    const plain = new SecurityEventsService({ database: db.database, logger: false });
    await expect(plain.purgeOlderThan('365d')).rejects.toMatchObject({
      code: 'INVALID_QUERY',
      message: expect.stringMatching(/tamper-evident log .* purgeChainedEvents/),
    });
    await plain.close();
    await expect(purgeChainedEvents(db.database, '365d', {} as never)).rejects.toThrow(/signingKey/);
    await expect(
      purgeChainedEvents(db.database, '365d', { signingKey: keys.publicKey }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    // Clean but for the rows written before integrity was on (in no chain).
    expect((await verify()).divergence?.kind).toBe('inserted_row');
  });

  it('removes whole old batches only, signs a boundary per chain, and the log still verifies', async () => {
    const steps: number[] = [];
    const result = await purgeChainedEvents(db.database, '365d', {
      signingKey: keys.privateKey,
      batchSize: 10,
      onBatch: ({ deleted }) => void steps.push(deleted),
    });
    expect(result).toMatchObject({ deleted: 52, records: 5, unchained: 7, complete: true });
    expect(steps.at(-1)).toBe(52);
    // The straddling batch stays whole: its 5 old events are kept.
    const [left] = await query<{ old: number; all: number }>(
      `SELECT count(*) FILTER (WHERE created_at < now() - interval '365 days')::int AS old, count(*)::int AS all
       FROM auth.security_events`,
    );
    expect(left).toEqual({ old: 5, all: 31 });
    expect(await query('SELECT chain_id FROM auth.security_event_boundaries')).toHaveLength(2);
    // The external checkpoints name purged sequences too: covered by the boundaries.
    const since = new Date(Date.now() - 50 * 86_400_000);
    expect(await verify()).toMatchObject({ ok: false, divergence: { kind: 'inserted_row' } });
    expect(
      await verifyAuditLog(db.database, {
        publicKey: keys.publicKey,
        commitKey: keys.commitKey,
        checkpoints: sink,
        since,
      }),
    ).toMatchObject({ ok: true, events: 30, divergence: null });
    await db.database.query(
      "DELETE FROM auth.security_events WHERE created_at < now() - interval '50 days' AND created_at > now() - interval '200 days' AND user_id IS NULL",
    );
    expect(await verify()).toMatchObject({ ok: true, events: 30, divergence: null });
    // A service with integrity purges the same way (its own signing key): nothing left to purge.
    const service = new SecurityEventsService({
      database: db.database,
      logger: false,
      integrity: { commitKey: keys.commitKey, signingKey: keys.privateKey },
    });
    expect(await service.purgeOlderThan('365d')).toMatchObject({ deleted: 0, records: 0, complete: true });
    await service.close();
  });

  it('still detects tampering around a purge boundary', async () => {
    const [first] = await query<{ chain_id: string; sequence: string; ids: string[] }>(
      `SELECT c.chain_id::text AS chain_id, c.sequence::text AS sequence, c.event_ids::text[] AS ids
       FROM auth.security_event_chain c JOIN auth.security_event_boundaries b ON b.chain_id = c.chain_id
       WHERE c.sequence = b.sequence + 1`,
    );
    const chain = first!.chain_id;
    const tamper = async (sql: string, params: unknown[]) => {
      await db.database.query('CREATE TABLE auth.bak_e AS SELECT * FROM auth.security_events');
      await db.database.query('CREATE TABLE auth.bak_c AS SELECT * FROM auth.security_event_chain');
      await db.database.query('CREATE TABLE auth.bak_b AS SELECT * FROM auth.security_event_boundaries');
      await db.database.query(sql, params);
      const found = (await verify()).divergence;
      for (const [bak, table] of [
        ['bak_e', 'security_events'],
        ['bak_c', 'security_event_chain'],
        ['bak_b', 'security_event_boundaries'],
      ]) {
        await db.database.query(`DELETE FROM auth.${table}`);
        await db.database.query(`INSERT INTO auth.${table} SELECT * FROM auth.${bak}`);
        await db.database.query(`DROP TABLE auth.${bak}`);
      }
      return found;
    };
    // The first batch after the boundary deleted with its rows: records missing.
    expect(
      await tamper(
        `WITH gone AS (DELETE FROM auth.security_event_chain WHERE chain_id = $1 AND sequence = $2 RETURNING event_ids)
         DELETE FROM auth.security_events WHERE id IN (SELECT unnest(event_ids) FROM gone)`,
        [chain, first!.sequence],
      ),
    ).toMatchObject({ kind: 'forged_chain_record', chainId: chain });
    // One old row of the straddling batch deleted.
    expect(await tamper('DELETE FROM auth.security_events WHERE id = $1', [first!.ids[0]])).toMatchObject({
      kind: 'deleted_row',
      eventId: first!.ids[0],
    });
    // The boundary moved forward over a batch (re-signing needs the private key).
    expect(
      await tamper(
        `WITH gone AS (DELETE FROM auth.security_event_chain WHERE chain_id = $1 AND sequence = $2 RETURNING event_ids, head)
         UPDATE auth.security_event_boundaries SET sequence = sequence + 1, head = (SELECT head FROM gone) WHERE chain_id = $1`,
        [chain, first!.sequence],
      ),
    ).toMatchObject({ kind: 'bad_signature', chainId: chain });
    // The boundary deleted: the chain now starts after sequence 1.
    expect(
      await tamper('DELETE FROM auth.security_event_boundaries WHERE chain_id = $1', [chain]),
    ).toMatchObject({ kind: 'forged_chain_record', chainId: chain });
    // A later batch deleted (no boundary covers it).
    expect(
      await tamper('DELETE FROM auth.security_event_chain WHERE chain_id = $1 AND sequence = $2', [
        chain,
        Number(first!.sequence) + 1,
      ]),
    ).toMatchObject({ kind: 'forged_chain_record', chainId: chain, sequence: Number(first!.sequence) + 2 });
    // The whole rest of the chain cut, rows and records: the checkpoints beyond the boundary report it.
    expect(
      await tamper(
        `WITH gone AS (DELETE FROM auth.security_event_chain WHERE chain_id = $1 RETURNING event_ids)
         DELETE FROM auth.security_events WHERE id IN (SELECT unnest(event_ids) FROM gone)`,
        [chain],
      ),
    ).toMatchObject({ kind: 'truncated_tail', chainId: chain });
    expect((await verify()).ok).toBe(true);
  });
});

describe('the retention migration on an executor without transactions (one PL/pgSQL block)', () => {
  it('applies once, and replaces the cascade with the guard', async () => {
    const db = await openMigratedDatabase();
    try {
      const queryOnly = { query: (text: string, params?: unknown[]) => db.database.query(text, params) };
      expect((await migrateAuditIntegrity(queryOnly)).applied).toHaveLength(2);
      expect(await migrateAuditIntegrity(queryOnly)).toEqual({ applied: [] });
      const [fk] = (await db.database.query(
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'security_events_user_id_users_id_fk'",
      )) as unknown as Array<{ def: string }>;
      expect(fk?.def).toMatch(/REFERENCES auth\.users\(id\) NOT VALID$/);
      await insertUser(db.database, 'guarded');
      await db.database.query(
        "INSERT INTO auth.security_events (user_id, event_type) VALUES ('guarded', 'logout')",
      );
      await expect(db.database.query("DELETE FROM auth.users WHERE id = 'guarded'")).rejects.toThrow(
        /user guarded still has audit events with personal data/,
      );
    } finally {
      await db.close();
    }
  });
});

describe('the retention migration in a schema of its own, without a users table', () => {
  it('applies, and a chained purge and an erasure run there', async () => {
    const db = await openIntegrityDatabase();
    try {
      await migrateSecurityEvents(db.database, { schema: 'audit_own', userForeignKey: false });
      expect(await migrateAuditIntegrity(db.database, { schema: 'audit_own' })).toEqual({
        applied: [
          '@mana/security-events/integrity/0000_audit_integrity',
          '@mana/security-events/integrity/0001_audit_retention',
        ],
      });
      const keys = auditKeys();
      expect(
        await purgeChainedEvents(db.database, '1d', { signingKey: keys.privateKey, schema: 'audit_own' }),
      ).toMatchObject({ deleted: 0, complete: true });
      expect(
        await eraseUserPersonalData(db.database, {
          userId: 'x',
          commitKey: keys.commitKey,
          schema: 'audit_own',
        }),
      ).toMatchObject({ erased: 0 });
    } finally {
      await db.close();
    }
  });
});
