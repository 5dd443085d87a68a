import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type ManaDatabase } from '../database/create-database.js';
import { migrate } from '../database/migrate.js';
import { databaseFailureCounter, purgeExpiredLoginFailures } from './failure-counter.js';

let testDb: TestDatabase;
let database: ManaDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await createDatabase(testDb.url ?? 'memory://');
  await migrate(database);
});
afterAll(async () => {
  await database.close();
  await testDb.close();
});

const keys = async () =>
  (await database.query<{ key: string }>('SELECT key FROM auth.login_failures ORDER BY key')).map(
    (r) => r.key,
  );

async function seed(prefix: string, expired: number, live: number) {
  await database.query(
    `INSERT INTO auth.login_failures (key, count, expires_at)
     SELECT $1 || 'expired-' || i, 3, now() - interval '1 minute' * i FROM generate_series(1, $2::int) i
     UNION ALL
     SELECT $1 || 'live-' || i, 3, now() + interval '10 minutes' FROM generate_series(1, $3::int) i`,
    [prefix, expired, live],
  );
}

describe('login_failures purge', () => {
  it('deletes expired rows in bounded batches and keeps live ones', async () => {
    await seed('batch-', 5, 2);
    expect(await purgeExpiredLoginFailures(database, 3)).toBe(3);
    expect((await keys()).filter((k) => k.startsWith('batch-expired-'))).toHaveLength(2);
    expect(await purgeExpiredLoginFailures(database, 3)).toBe(2);
    expect(await purgeExpiredLoginFailures(database, 3)).toBe(0);
    expect((await keys()).filter((k) => k.startsWith('batch-'))).toEqual(['batch-live-1', 'batch-live-2']);
  });

  it('purges on write at most once per interval of its clock', async () => {
    let now = 1_000_000;
    const counter = databaseFailureCounter(database, { intervalMs: 60_000, now: () => now });
    await seed('write-a-', 4, 1);
    expect((await counter.increment('write-key', 900)).count).toBe(1);
    expect((await keys()).filter((k) => k.startsWith('write-a-'))).toEqual(['write-a-live-1']);
    // Within the interval, no purge: expired rows written now stay for the moment.
    await seed('write-b-', 2, 0);
    now += 59_000;
    expect((await counter.increment('write-key', 900)).count).toBe(2);
    expect((await keys()).filter((k) => k.startsWith('write-b-'))).toHaveLength(2);
    now += 1_000;
    await counter.increment('write-key', 900);
    expect((await keys()).filter((k) => k.startsWith('write-'))).toEqual(['write-a-live-1', 'write-key']);
    // A live counter reads as before.
    expect(await counter.get('write-key')).toMatchObject({ count: 3 });
  });
});
