import { PGlite } from '@electric-sql/pglite';
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { drizzle } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseInput, type ManaDatabase } from '../src/database/create-database.js';
import { migrate } from '../src/database/migrate.js';
import { authCoreMigrations } from '../src/database/migrations.generated.js';
import { ManaAuthConfigError } from '../src/errors.js';
import { exerciseAuth, tablesOutsideCatalog } from './own-database-harness.js';

const SCHEMA = 'identity';
const OUR_TABLES = [
  'accounts',
  'jwks',
  'login_failures',
  'mana_migrations',
  'rate_limits',
  'revoked_sessions',
  'sessions',
  'users',
  'verifications',
];

describe('createDatabase on a connection you own, in schema identity', () => {
  let testDb: TestDatabase & { url: string };
  const cleanup: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    const db = await createTestDatabase();
    if (!hasPostgresServer(db)) throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
    testDb = db;
    const database = await createDatabase(testDb.url, { schema: SCHEMA });
    expect((await migrate(database)).applied).toHaveLength(authCoreMigrations.length);
    await database.close();
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    await testDb.close();
  });

  /** Opens the database on `input`, runs the app on it, closes it; `input` must still answer. */
  async function roundTrip(input: DatabaseInput, stillOpen: () => Promise<unknown>) {
    const database = await createDatabase(input, { schema: SCHEMA });
    expect(database.schema).toBe(SCHEMA);
    expect(database.kind).toBe('postgres');
    await exerciseAuth(database);
    await database.close();
    await expect(stillOpen()).resolves.toBeDefined();
  }

  it('takes a postgres:// URL (its own pool, closed by close())', async () => {
    const database = await createDatabase(testDb.url, { schema: SCHEMA });
    await exerciseAuth(database);
    await database.close();
  });

  it('takes your pg.Pool and leaves it open', async () => {
    const pool = new pg.Pool({ connectionString: testDb.url, max: 4 });
    pool.on('error', () => {}); // as pg advises every app's pool (idle clients killed at the drop)
    cleanup.push(() => pool.end());
    await roundTrip(pool, () => pool.query('SELECT 1'));
  });

  it('takes your connected pg.Client and leaves it open', async () => {
    const client = new pg.Client({ connectionString: testDb.url });
    client.on('error', () => {});
    await client.connect();
    cleanup.push(() => client.end());
    await roundTrip(client, () => client.query('SELECT 1'));
  });

  it('takes a PoolClient checked out of your pool', async () => {
    const pool = new pg.Pool({ connectionString: testDb.url, max: 2 });
    pool.on('error', () => {}); // as pg advises every app's pool (idle clients killed at the drop)
    cleanup.push(() => pool.end());
    const client = await pool.connect();
    cleanup.push(async () => client.release());
    await roundTrip(client, () => client.query('SELECT 1'));
  });

  it('takes your drizzle instance (node-postgres driver) and uses its $client', async () => {
    const pool = new pg.Pool({ connectionString: testDb.url, max: 4 });
    pool.on('error', () => {}); // as pg advises every app's pool (idle clients killed at the drop)
    cleanup.push(() => pool.end());
    await roundTrip(drizzle(pool), () => pool.query('SELECT 1'));
  });

  it('puts nothing in public or auth: every table is in identity', async () => {
    const tables = await tablesOutsideCatalog({
      query: async (text) => (await testDb.query(text)).rows as never[],
    });
    expect(tables).toEqual(OUR_TABLES.map((t) => `${SCHEMA}.${t}`));
    const rows = (
      await testDb.query(`SELECT (SELECT count(*) FROM ${SCHEMA}.rate_limits)::int AS limits,
      (SELECT count(*) FROM ${SCHEMA}.revoked_sessions)::int AS revoked,
      (SELECT count(*) FROM ${SCHEMA}.login_failures)::int AS failures`)
    ).rows[0];
    // The limiter, the revocation record and the lockout counter wrote there too.
    expect(rows).toMatchObject({ limits: expect.any(Number), revoked: expect.any(Number) });
    expect((rows as { limits: number }).limits).toBeGreaterThan(0);
    expect((rows as { revoked: number }).revoked).toBeGreaterThan(0);
  });

  it('opens its LISTEN connection beside your pool, not out of it, and ends it on close()', async () => {
    const pool = new pg.Pool({ connectionString: testDb.url, max: 2 });
    pool.on('error', () => {}); // as pg advises every app's pool (idle clients killed at the drop)
    cleanup.push(() => pool.end());
    const database = await createDatabase(pool, { schema: SCHEMA });
    await pool.query('SELECT 1');
    const before = pool.totalCount;
    const listener = await database.openDedicatedClient!({ applicationName: 'mana-own-pool-listen' });
    await listener.query('LISTEN mana_own_pool_test');
    const heard = new Promise<string | undefined>((resolve) =>
      listener.on('notification', (message) => resolve(message.payload)),
    );
    await pool.query("SELECT pg_notify('mana_own_pool_test', 'hello')");
    expect(await heard).toBe('hello');
    expect(pool.totalCount).toBe(before);
    const active = async () =>
      (
        await pool.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'mana-own-pool-listen'",
        )
      ).rows[0].n as number;
    expect(await active()).toBe(1);
    await database.close();
    await expect.poll(active, { timeout: 5000 }).toBe(0);
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});

describe('createDatabase on your PGlite instance', () => {
  it('takes a PGlite instance or a drizzle instance on it, in schema identity, and leaves it open', async () => {
    const pglite = new PGlite();
    try {
      const database = await createDatabase(pglite, { schema: SCHEMA });
      expect(database.kind).toBe('pglite');
      await migrate(database);
      await exerciseAuth(database);
      await database.close();
      const viaDrizzle = await createDatabase(drizzlePglite(pglite), { schema: SCHEMA });
      expect((await migrate(viaDrizzle)).applied).toEqual([]);
      await exerciseAuth(viaDrizzle);
      await viaDrizzle.close();
      const tables = await tablesOutsideCatalog({
        query: async (text) => (await pglite.query(text)).rows as never[],
      });
      expect(tables).toEqual(OUR_TABLES.map((t) => `${SCHEMA}.${t}`));
    } finally {
      await pglite.close();
    }
  }, 120_000);
});

describe('createDatabase refuses what it cannot use', () => {
  const refused = async (input: unknown, options: Record<string, unknown> = {}) => {
    const error = await createDatabase(input as DatabaseInput, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManaAuthConfigError);
    return (error as ManaAuthConfigError).message;
  };

  it('an object that is no pool, client, PGlite or drizzle instance', async () => {
    expect(await refused({ host: 'db' })).toMatch(
      /database: got an object that is none of the supported kinds.*pg\.Pool/,
    );
    expect(await refused(42)).toMatch(/database: got 42/);
    expect(await refused(null)).toMatch(/database: got null/);
  });

  it('a drizzle instance on another driver', async () => {
    const foreign = { $client: { run() {} }, select() {}, execute() {} };
    expect(await refused(foreign)).toMatch(/drizzle instance whose driver is neither node-postgres/);
  });

  it('an unsafe or reserved schema name, with the fix', async () => {
    for (const schema of [
      'Identity',
      'my-schema',
      'a;drop table x',
      '',
      'pg_temp',
      'information_schema',
      7,
    ]) {
      const message = await refused('memory://', { schema });
      expect(message).toMatch(/schema: /);
      expect(message).toMatch(/Fix: pass a plain lowercase name such as "identity"/);
    }
  });

  it('an unknown option, with a suggestion, and options that do not apply to the input', async () => {
    expect(await refused('memory://', { schemas: 'identity' })).toMatch(/did you mean "schema"\?/);
    const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/none' });
    try {
      expect(await refused(pool, { maxConnections: 5 })).toMatch(
        /maxConnections: only applies to the pool made from a URL/,
      );
      expect(await refused(pool, { dataDir: './x' })).toMatch(/dataDir: only applies to the embedded PGlite/);
    } finally {
      await pool.end();
    }
  });
});

describe('ManaDatabase typing', () => {
  it('exposes schema and the tables of that schema', async () => {
    const database: ManaDatabase = await createDatabase('memory://', { schema: SCHEMA });
    try {
      expect(database.schema).toBe(SCHEMA);
      expect(database.tables.users).toBeDefined();
      const { getTableConfig } = await import('drizzle-orm/pg-core');
      expect(getTableConfig(database.tables.users).schema).toBe(SCHEMA);
    } finally {
      await database.close();
    }
  }, 60_000);
});
