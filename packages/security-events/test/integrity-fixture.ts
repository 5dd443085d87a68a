import { randomBytes } from 'node:crypto';
import type { ManaDatabase } from '@mana/auth-core';
import {
  type AuditCheckpoint,
  generateAuditKeyPair,
  migrateAuditIntegrity,
  SecurityEventsService,
} from '../src/index.js';
import { insertUser, type MigratedDatabase, openMigratedDatabase } from './helpers.js';

/** Keys of one audit log. */
export interface AuditKeys {
  privateKey: string;
  publicKey: string;
  commitKey: string;
}

/** A fresh key set. */
export function auditKeys(): AuditKeys {
  return { ...generateAuditKeyPair(), commitKey: randomBytes(32).toString('base64url') };
}

/** A migrated database with the integrity tables and five users u0..u4. */
export async function openIntegrityDatabase(): Promise<MigratedDatabase> {
  const db = await openMigratedDatabase();
  await migrateAuditIntegrity(db.database);
  for (let i = 0; i < 5; i++) await insertUser(db.database, `u${i}`);
  return db;
}

/** The i-th event of a varied stream (with and without user, IP, agent, email, metadata). */
export function sampleEvent(i: number) {
  const ipAddress = `203.0.113.${i % 250}`;
  const userAgent = `agent/${i % 17}`;
  switch (i % 4) {
    case 0:
      return {
        eventType: 'login_failure' as const,
        ipAddress,
        userAgent,
        metadata: { reason: 'invalid_credentials', email: `p${i % 97}@example.test` },
      };
    case 1:
      return { eventType: 'logout' as const, userId: `u${i % 5}`, ipAddress };
    case 2:
      return {
        eventType: 'token_refresh' as const,
        userId: `u${i % 5}`,
        userAgent,
        metadata: { n: i, nested: { ok: true, list: [1, 'two'] } },
      };
    default:
      return { eventType: 'password_reset_requested' as const, metadata: { email: `r${i}@example.test` } };
  }
}

/**
 * Writes `perInstance` events through each of `instances` services with integrity on (real
 * writers, concurrently), closes them, and returns the checkpoints their sinks received.
 */
export async function writeChainedLog(
  database: ManaDatabase,
  keys: AuditKeys,
  instances: number,
  perInstance: number,
): Promise<AuditCheckpoint[]> {
  const received: AuditCheckpoint[] = [];
  const services = Array.from(
    { length: instances },
    () =>
      new SecurityEventsService({
        database,
        logger: false,
        maxConcurrentWrites: 2,
        integrity: {
          commitKey: keys.commitKey,
          signingKey: keys.privateKey,
          checkpointSink: (checkpoint) => {
            received.push(checkpoint);
          },
        },
      }),
  );
  await Promise.all(
    services.map(async (service, s) => {
      for (let i = 0; i < perInstance; i++) {
        const result = await service.logEvent(sampleEvent(i + s * perInstance));
        if (!result.queued) throw new Error(`event dropped: ${result.reason}`);
        if (i % 20_000 === 19_999) await service.flush();
      }
      const closed = await service.close();
      if (closed.pending !== 0) throw new Error(`${closed.pending} events not written`);
    }),
  );
  return received;
}
