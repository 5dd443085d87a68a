import { createDatabase, type ManaDatabase, migrate } from '@mana/auth-core';
import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import { securityEventsMigrations } from '../src/index.js';
import type { SecurityEventsLogEntry } from '../src/writer/logger.js';

/** A fresh PostgreSQL database with auth-core's tables and auth.security_events. */
export interface MigratedDatabase {
  testDb: TestDatabase & { url: string };
  database: ManaDatabase;
  close(): Promise<void>;
}

/** Creates a fresh database and applies auth-core's migrations plus ours. */
export async function openMigratedDatabase(): Promise<MigratedDatabase> {
  const testDb = await createTestDatabase();
  if (!testDb.url) {
    await testDb.close();
    throw new Error(
      'These tests need a PostgreSQL server: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres',
    );
  }
  const database = await createDatabase(testDb.url);
  await migrate(database, {
    include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }],
  });
  return {
    testDb: testDb as TestDatabase & { url: string },
    database,
    async close() {
      await database.close();
      await testDb.close();
    },
  };
}

/** Inserts a user row directly and returns its id. */
export async function insertUser(
  database: ManaDatabase,
  id: string,
  email = `${id}@example.test`,
): Promise<string> {
  await database.query('INSERT INTO auth.users (id, name, email) VALUES ($1, $2, $3)', [id, id, email]);
  return id;
}

/** A logger that keeps every entry, for assertions. */
export function memoryLogger(): {
  entries: SecurityEventsLogEntry[];
  logger: (entry: SecurityEventsLogEntry) => void;
} {
  const entries: SecurityEventsLogEntry[] = [];
  return { entries, logger: (entry) => entries.push(entry) };
}

/** Counts rows of auth.security_events, optionally of one type. */
export async function countEvents(database: ManaDatabase, eventType?: string): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM auth.security_events${eventType ? ' WHERE event_type = $1' : ''}`,
    eventType ? [eventType] : [],
  );
  return row?.n ?? 0;
}
