import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrate } from '@mana/auth-core';
import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, insertUser, type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import { migrateSecurityEvents } from './migrate-security-events.js';
import { securityEventsMigrations } from './migrations.generated.js';

describe('auth.security_events schema', () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(() => db.close());

  it("has exactly the spec's columns", async () => {
    const columns = await db.database.query(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'auth' AND table_name = 'security_events' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'uuid', is_nullable: 'NO', column_default: 'gen_random_uuid()' },
      { column_name: 'user_id', data_type: 'text', is_nullable: 'YES', column_default: null },
      { column_name: 'event_type', data_type: 'text', is_nullable: 'NO', column_default: null },
      { column_name: 'ip_address', data_type: 'text', is_nullable: 'YES', column_default: null },
      { column_name: 'user_agent', data_type: 'text', is_nullable: 'YES', column_default: null },
      { column_name: 'metadata', data_type: 'jsonb', is_nullable: 'YES', column_default: null },
      {
        column_name: 'created_at',
        data_type: 'timestamp with time zone',
        is_nullable: 'NO',
        column_default: 'now()',
      },
    ]);
    const [primaryKey] = await db.database.query(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'auth.security_events'::regclass AND contype = 'p'",
    );
    expect(primaryKey).toEqual({ def: 'PRIMARY KEY (id)' });
    const [foreignKey] = await db.database.query(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'auth.security_events'::regclass AND contype = 'f'",
    );
    expect(foreignKey).toEqual({ def: 'FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE' });
    const indexes = await db.database.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'auth' AND tablename = 'security_events' ORDER BY indexname",
    );
    expect(indexes.map((i) => i.indexdef.replace(/^.* USING /, ''))).toEqual([
      'btree (created_at, id)',
      'btree (event_type, created_at)',
      'btree (id)',
      'btree (user_id, created_at, id)',
    ]);
  });

  it('accepts a row written the way the spec writes it (database defaults)', async () => {
    await db.database.query("INSERT INTO auth.security_events (event_type) VALUES ('login_failure')");
    const [row] = await db.database.query<{ id: string; created_at: Date }>(
      "SELECT id::text, created_at FROM auth.security_events WHERE event_type = 'login_failure'",
    );
    expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs((row?.created_at.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it("deletes a user's events with the user (ON DELETE CASCADE)", async () => {
    await insertUser(db.database, 'leaving');
    const service = new SecurityEventsService({ database: db.database, logger: false });
    await service.logEvent({ eventType: 'signup', userId: 'leaving' });
    await service.close();
    expect(await countEvents(db.database, 'signup')).toBe(1);
    await db.database.query("DELETE FROM auth.users WHERE id = 'leaving'");
    expect(await countEvents(db.database, 'signup')).toBe(0);
  });

  it('is recorded by auth-core migrate() and re-running applies nothing', async () => {
    const again = await migrate(db.database, {
      include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }],
    });
    expect(again.applied).toEqual([]);
    expect(await migrateSecurityEvents(db.database)).toEqual({ applied: [] });
  });

  it('ships an embedded migration that matches ./migrations', () => {
    const script = fileURLToPath(new URL('../../../internal/scripts/embed-migrations.mjs', import.meta.url));
    const out = 'src/schema/migrations.generated.ts';
    const args = [
      script,
      '--export',
      'securityEventsMigrations',
      '--schema',
      'auth',
      '--out',
      out,
      '--check',
    ];
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    expect(() => execFileSync(process.execPath, args, { cwd, stdio: 'pipe' })).not.toThrow();
  });
});

describe('migrateSecurityEvents without @mana/auth-core', () => {
  const opened: TestDatabase[] = [];
  const pools: pg.Pool[] = [];
  const fresh = async () => {
    const testDb = await createTestDatabase();
    opened.push(testDb);
    const pool = new pg.Pool({ connectionString: testDb.url, max: 2 });
    pools.push(pool);
    return { testDb, pool };
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await Promise.all(opened.map((d) => d.close()));
  });

  it('refuses to create the foreign key without auth.users, saying what to do', async () => {
    const { pool } = await fresh();
    await expect(migrateSecurityEvents(pool)).rejects.toThrow(
      /"auth"\.users\(id\), which does not exist\. Run @mana\/auth-core's migrate.*userForeignKey: false/,
    );
  });

  it('creates the schema and table on a pg.Pool with userForeignKey: false, once', async () => {
    const { pool } = await fresh();
    expect(await migrateSecurityEvents(pool, { userForeignKey: false })).toEqual({
      applied: ['@mana/security-events/0000_security_events'],
    });
    expect(await migrateSecurityEvents(pool, { userForeignKey: false })).toEqual({ applied: [] });
    const service = new SecurityEventsService({ database: pool, logger: false });
    await service.logEvent({ eventType: 'login_success', userId: 'external-user-1' });
    await service.close();
    const { rows } = await pool.query('SELECT user_id FROM auth.security_events');
    expect(rows).toEqual([{ user_id: 'external-user-1' }]);
  });

  it('is safe when several processes migrate at once', async () => {
    const { testDb } = await fresh();
    const database = await createDatabase(testDb.url);
    await migrate(database);
    await database.close();
    const racers = Array.from({ length: 4 }, () => {
      const pool = new pg.Pool({ connectionString: testDb.url, max: 1 });
      pools.push(pool);
      return pool;
    });
    const results = await Promise.all(racers.map((pool) => migrateSecurityEvents(pool)));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, 1]);
    const manaDatabase = await createDatabase(testDb.url);
    expect(await migrateSecurityEvents(manaDatabase)).toEqual({ applied: [] });
    await manaDatabase.close();
  });

  it('runs as one PL/pgSQL statement on an executor that only has query()', async () => {
    const { pool } = await fresh();
    const queryOnly = { query: (text: string, params?: unknown[]) => pool.query(text, params) };
    expect(await migrateSecurityEvents(queryOnly, { userForeignKey: false })).toEqual({
      applied: ['@mana/security-events/0000_security_events'],
    });
    expect(await migrateSecurityEvents(queryOnly, { userForeignKey: false })).toEqual({ applied: [] });
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'auth' AND table_name = 'security_events'",
    );
    expect(rows[0]?.n).toBe(1);
  });

  it.each([
    ['a pg.Pool', (pool: pg.Pool) => pool],
    [
      'a query()-only executor',
      (pool: pg.Pool) => ({ query: (t: string, p?: unknown[]) => pool.query(t, p) }),
    ],
  ])('refuses a migration whose SQL changed after it was applied (%s)', async (_, executor) => {
    const { pool } = await fresh();
    await migrateSecurityEvents(pool, { userForeignKey: false });
    await pool.query(
      "UPDATE auth.mana_migrations SET hash = 'tampered' WHERE package = '@mana/security-events'",
    );
    await expect(migrateSecurityEvents(executor(pool), { userForeignKey: false })).rejects.toThrow(
      /was applied with different SQL \(hash tampered.*Never edit an applied migration/,
    );
  });
});
