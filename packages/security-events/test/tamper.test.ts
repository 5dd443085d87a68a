import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditCheckpoint, type AuditDivergence, verifyAuditLog } from '../src/index.js';
import type { MigratedDatabase } from './helpers.js';
import { type AuditKeys, auditKeys, openIntegrityDatabase, writeChainedLog } from './integrity-fixture.js';

// The acceptance suite of the tamper-evident log: >= 1,000 seeded tampering operations of every
// kind on a real log of 100,000 events written by two service instances. Each operation runs in a
// transaction that is rolled back after the verdict, so every one starts from the untampered log;
// the verifier checks the affected chain around the tampered record (`scope`), which keeps the
// whole suite to about a minute.

const EVENTS_PER_INSTANCE = 50_000;
const OPERATIONS = 1_050;
const KINDS = [
  'modified_row',
  'deleted_row',
  'inserted_row',
  'reordered_rows',
  'forged_chain_record',
  'truncated_tail',
  'bad_signature',
] as const;
type Kind = (typeof KINDS)[number];

interface Record {
  chainId: string;
  sequence: number;
  ids: string[];
  last: number;
}

interface Expected {
  kind: Kind;
  chainId: string | null;
  sequence: number | null;
  eventId: string | null;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODIFICATIONS = [
  "metadata = coalesce(metadata, '{}'::jsonb) || '{\"x\":1}'",
  "event_type = CASE WHEN event_type = 'logout' THEN 'session_revoked' ELSE 'logout' END",
  "created_at = created_at + interval '1 microsecond'",
  "user_agent = coalesce(user_agent, '') || 'x'",
  "ip_address = '198.51.100.7'",
  "user_id = CASE WHEN user_id = 'u0' THEN 'u1' ELSE 'u0' END",
];

describe('tamper suite: 100,000 events, 2 instances, >= 1,000 seeded tampering operations', () => {
  let db: MigratedDatabase;
  let client: pg.Client;
  let keys: AuditKeys;
  let external: AuditCheckpoint[];
  let records: Record[];

  beforeAll(async () => {
    db = await openIntegrityDatabase();
    keys = auditKeys();
    external = await writeChainedLog(db.database, keys, 2, EVENTS_PER_INSTANCE);
    const rows = await db.database.query<{ chain_id: string; sequence: string; ids: string[]; last: string }>(
      `SELECT chain_id::text AS chain_id, sequence::text AS sequence, event_ids::text[] AS ids,
         max(sequence) OVER (PARTITION BY chain_id)::text AS last
       FROM auth.security_event_chain ORDER BY chain_id, sequence`,
    );
    records = rows.map((r) => ({
      chainId: r.chain_id,
      sequence: Number(r.sequence),
      ids: r.ids,
      last: Number(r.last),
    }));
    client = new pg.Client({ connectionString: db.testDb.url });
    await client.connect();
  }, 600_000);
  afterAll(async () => {
    await client?.end();
    await db?.close();
  });

  it('an untampered log of 100,000 events from >= 2 chains verifies clean against the external checkpoints', async () => {
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
      checkpoints: external,
    });
    expect(result).toMatchObject({ ok: true, events: 2 * EVENTS_PER_INSTANCE, divergence: null });
    expect(result.chains).toBeGreaterThanOrEqual(2);
    expect(new Set(external.map((cp) => cp.chainId)).size).toBe(result.chains);
  }, 300_000);

  it('detects every tampering operation with the right kind and location', async () => {
    const random = mulberry32(20_261_201);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const tally = new Map<Kind, number>();
    const misses: string[] = [];
    for (let op = 0; op < OPERATIONS; op++) {
      const kind = KINDS[op % KINDS.length] as Kind;
      const record = pick(records.filter((r) => kind !== 'reordered_rows' || r.ids.length >= 4));
      await client.query('BEGIN');
      try {
        const expected = await tamper(kind, record, random, pick);
        const found = await verifyAround(kind, record);
        if (!matches(found, expected))
          misses.push(`${op} ${kind}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(found)}`);
        tally.set(kind, (tally.get(kind) ?? 0) + 1);
      } finally {
        await client.query('ROLLBACK');
      }
    }
    expect(misses).toEqual([]);
    for (const kind of KINDS) expect(tally.get(kind)).toBeGreaterThanOrEqual(150);
  }, 1_500_000);

  async function tamper(
    kind: Kind,
    record: Record,
    random: () => number,
    pick: <T>(list: readonly T[]) => T,
  ): Promise<Expected> {
    const at = { chainId: record.chainId, sequence: record.sequence };
    const position = Math.floor(random() * record.ids.length);
    const eventId = record.ids[position] as string;
    const chain = 'auth.security_event_chain';
    const key = 'chain_id = $1 AND sequence = $2';
    switch (kind) {
      case 'modified_row':
        await client.query(`UPDATE auth.security_events SET ${pick(MODIFICATIONS)} WHERE id = $1`, [eventId]);
        return { kind, ...at, eventId };
      case 'deleted_row':
        await client.query('DELETE FROM auth.security_events WHERE id = $1', [eventId]);
        return { kind, ...at, eventId };
      case 'inserted_row': {
        const id = randomUUID();
        await client.query(
          'INSERT INTO auth.security_events (id, event_type, metadata, created_at) VALUES ($1, \'login_failure\', \'{"reason":"x"}\', now())',
          [id],
        );
        return { kind, chainId: null, sequence: null, eventId: id };
      }
      case 'reordered_rows': {
        const i = 1 + Math.floor(random() * (record.ids.length - 2));
        let j = 1 + Math.floor(random() * (record.ids.length - 2));
        if (j === i) j = i === 1 ? 2 : i - 1;
        const ids = record.ids.slice();
        [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
        await client.query(`UPDATE ${chain} SET event_ids = $3::uuid[] WHERE ${key}`, [
          record.chainId,
          record.sequence,
          ids,
        ]);
        return { kind, ...at, eventId: ids[Math.min(i, j)] as string };
      }
      case 'forged_chain_record': {
        const column = pick(['merkle_root', 'prev_head', 'head', 'leaves', 'event_count', 'delete']);
        if (column === 'event_count')
          await client.query(`UPDATE ${chain} SET event_count = event_count - 1 WHERE ${key}`, [
            record.chainId,
            record.sequence,
          ]);
        else if (column === 'delete') {
          // A record (and its rows) removed from the middle: the next record no longer links.
          if (record.sequence === record.last) return tamper('forged_chain_record', record, random, pick);
          await client.query(`DELETE FROM auth.security_events WHERE id = ANY($1::uuid[])`, [record.ids]);
          await client.query(`DELETE FROM ${chain} WHERE ${key}`, [record.chainId, record.sequence]);
          return { kind, chainId: record.chainId, sequence: record.sequence + 1, eventId: null };
        } else
          await client.query(
            `UPDATE ${chain} SET ${column} = set_byte(${column}, 3, get_byte(${column}, 3) # 1) WHERE ${key}`,
            [record.chainId, record.sequence],
          );
        return { kind, ...at, eventId: null };
      }
      case 'truncated_tail': {
        // The attacker removes the chain's newest records from `record` on, their rows and the
        // stored checkpoints: only the external checkpoints still know the tail.
        const from = Math.max(record.sequence, record.last - 3);
        const tail = records.filter((r) => r.chainId === record.chainId && r.sequence >= from);
        await client.query('DELETE FROM auth.security_events WHERE id = ANY($1::uuid[])', [
          tail.flatMap((r) => r.ids),
        ]);
        await client.query(`DELETE FROM ${chain} WHERE chain_id = $1 AND sequence >= $2`, [
          record.chainId,
          from,
        ]);
        await client.query(
          'DELETE FROM auth.security_event_checkpoints WHERE chain_id = $1 AND sequence >= $2',
          [record.chainId, from],
        );
        return { kind, chainId: record.chainId, sequence: from, eventId: null };
      }
      case 'bad_signature': {
        if (random() < 0.5) {
          await client.query(
            `UPDATE ${chain} SET signature = set_byte(signature, 7, get_byte(signature, 7) # 4) WHERE ${key}`,
            [record.chainId, record.sequence],
          );
          return { kind, ...at, eventId: null };
        }
        const [cp] = (
          await client.query(
            `UPDATE auth.security_event_checkpoints SET signature = set_byte(signature, 9, get_byte(signature, 9) # 2)
             WHERE (chain_id, sequence) = (SELECT chain_id, sequence FROM auth.security_event_checkpoints WHERE chain_id = $1 ORDER BY sequence DESC LIMIT 1)
             RETURNING chain_id::text AS chain_id, sequence::text AS sequence`,
            [record.chainId],
          )
        ).rows as Array<{ chain_id: string; sequence: string }>;
        return { kind, chainId: cp!.chain_id, sequence: Number(cp!.sequence), eventId: null };
      }
    }
  }

  async function verifyAround(kind: Kind, record: Record): Promise<AuditDivergence | null> {
    const result = await verifyAuditLog(client, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
      // Only the checkpoints the attacker cannot reach detect a cut tail; the rest use the stored ones.
      checkpoints: kind === 'truncated_tail' ? external : [],
      checkUnchainedRows: kind === 'inserted_row',
      scope: {
        chainId: record.chainId,
        fromSequence: Math.max(1, record.sequence - 1),
        toSequence: record.sequence + 1,
      },
    });
    return result.divergence;
  }
});

function matches(found: AuditDivergence | null, expected: Expected): boolean {
  return (
    found !== null &&
    found.kind === expected.kind &&
    found.chainId === expected.chainId &&
    found.sequence === expected.sequence &&
    found.eventId === expected.eventId
  );
}
