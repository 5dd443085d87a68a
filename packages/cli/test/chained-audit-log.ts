// A tamper-evident audit log (integrity on) for the CLI's audit purge/erase tests.
import { randomBytes } from 'node:crypto';
import { createDatabase, type ManaDatabase } from '@mana/auth-core';
import { generateAuditKeyPair, migrateAuditIntegrity, SecurityEventsService } from '@mana/security-events';
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { runCli } from './run-cli.js';

/** The user whose events the fixture writes (old and recent). */
export const CHAINED_USER = { id: 'cli-erasure-user-5b1e', email: 'cli.erasure-5b1e@example.test' };

/** An opened chained log with its keys and the environment the CLI needs. */
export interface ChainedLog {
  db: TestDatabase & { url: string };
  database: ManaDatabase;
  keys: { privateKey: string; publicKey: string; commitKey: string; hashKey: string };
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A fresh database migrated by `mana-auth migrate` plus the integrity tables, with one user and
 * `old` events 400 days old then `recent` events now, written with integrity on in batches of 10.
 */
export async function openChainedLog(old: number, recent: number): Promise<ChainedLog> {
  const created = await createTestDatabase();
  if (!hasPostgresServer(created))
    throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
  const db = created as TestDatabase & { url: string };
  const migrated = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  const database = await createDatabase(db.url);
  await migrateAuditIntegrity(database);
  await database.query('INSERT INTO auth.users (id, name, email) VALUES ($1, $1, $2)', [
    CHAINED_USER.id,
    CHAINED_USER.email,
  ]);
  const keys = {
    ...generateAuditKeyPair(),
    commitKey: randomBytes(32).toString('base64url'),
    hashKey: randomBytes(32).toString('base64url'),
  };
  const service = new SecurityEventsService({
    database,
    logger: false,
    batchSize: 10,
    maxConcurrentWrites: 1,
    privacy: { hashKey: keys.hashKey },
    integrity: { commitKey: keys.commitKey, signingKey: keys.privateKey },
  });
  const event = (occurredAt?: Date) => ({
    eventType: 'logout' as const,
    userId: CHAINED_USER.id,
    ipAddress: '198.51.100.44',
    userAgent: 'CliErasure/5b1e',
    ...(occurredAt ? { occurredAt } : {}),
  });
  for (let i = 0; i < old; i++) await service.logEvent(event(new Date(Date.now() - 400 * 86_400_000)));
  await service.flush();
  for (let i = 0; i < recent; i++) await service.logEvent(event());
  await service.close();
  return {
    db,
    database,
    keys,
    env: {
      DATABASE_URL: db.url,
      AUDIT_SIGNING_KEY: keys.privateKey,
      AUDIT_COMMIT_KEY: keys.commitKey,
      AUDIT_HASH_KEY: keys.hashKey,
    },
    async close() {
      await database.close();
      await db.close();
    },
  };
}
